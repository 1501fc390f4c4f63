/* test_doc.c - documents: blocks, spans, metadata. */
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"

int main(void)
{
    bitext_doc *doc = NULL;
    size_t idx = 99;
    const bitext_block *b;
    bitext_error err;
    bitext_error_clear(&err);
    CHECK_OK(bitext_doc_new(&doc, "a.html", "pl", &err));
    CHECK_STR(bitext_doc_name(doc), "a.html");
    CHECK_STR(bitext_doc_lang(doc), "pl");
    CHECK_STR(bitext_doc_title(doc), "");
    CHECK(bitext_doc_block_count(doc) == 0);
    CHECK(bitext_doc_block(doc, 0) == NULL);
    CHECK_OK(bitext_doc_add_block(doc, &idx, BITEXT_BLOCK_HEADING, 2, "Tytuł i więcej", 9, 7,
                                  &err));
    CHECK(idx == 0);
    CHECK_OK(bitext_doc_add_span(doc, 0, BITEXT_SPAN_BOLD, 0, 6, NULL, &err));
    CHECK_OK(bitext_doc_add_span(doc, 0, BITEXT_SPAN_LINK, 2, 2, "http://x", &err));
    CHECK(bitext_doc_add_span(doc, 0, BITEXT_SPAN_BOLD, 3, 20, NULL, &err) == BITEXT_EINVAL);
    CHECK(bitext_doc_add_span(doc, 5, BITEXT_SPAN_BOLD, 0, 1, NULL, &err) == BITEXT_EINVAL);
    /* many blocks: earlier pointers into text stay valid (arena), views are refreshed */
    for (int i = 0; i < 1000; i++)
        CHECK_OK(bitext_doc_add_block(doc, NULL, BITEXT_BLOCK_PARAGRAPH, 0, "x.", 2, 0, &err));
    b = bitext_doc_block(doc, 0);
    CHECK(b->type == BITEXT_BLOCK_HEADING && b->level == 2 && b->line == 7);
    CHECK(b->len == 9 && memcmp(b->text, "Tytuł i ", 9) == 0 && b->text[9] == '\0');
    CHECK(b->nspans == 2 && b->spans[1].kind == BITEXT_SPAN_LINK);
    CHECK_STR(b->spans[1].attr, "http://x");
    CHECK(bitext_doc_block_count(doc) == 1001);
    CHECK_OK(bitext_doc_set_title(doc, "Tytuł", &err));
    CHECK_STR(bitext_doc_title(doc), "Tytuł");
    CHECK_OK(bitext_doc_set_lang(doc, "en-GB", &err));
    CHECK_STR(bitext_doc_lang(doc), "en-GB");
    bitext_doc_set_checksum(doc, "ab");
    CHECK_STR(bitext_doc_checksum(doc), "ab");
    CHECK_STR(bitext_block_type_name(BITEXT_BLOCK_CAPTION), "caption");
    /* without its text a document keeps its structure, spans and metadata */
    bitext_doc_release_text(doc);
    b = bitext_doc_block(doc, 0);
    CHECK(b->type == BITEXT_BLOCK_HEADING && b->level == 2 && b->line == 7);
    CHECK(b->len == 0 && b->text[0] == '\0');
    CHECK(b->nspans == 2 && b->spans[0].end == 6);
    CHECK_STR(b->spans[1].attr, "http://x");
    CHECK(bitext_doc_block_count(doc) == 1001 && bitext_doc_block(doc, 1000)->len == 0);
    CHECK_STR(bitext_doc_title(doc), "Tytuł");
    /* the blocks without spans come back from their compact records whole */
    b = bitext_doc_block(doc, 500);
    CHECK(b->type == BITEXT_BLOCK_PARAGRAPH && b->level == 0 && b->line == 0);
    CHECK(b->nspans == 0 && b->spans == NULL && b->text[0] == '\0');
    /* a block added afterwards: the others are still what they were */
    CHECK_OK(bitext_doc_add_block(doc, &idx, BITEXT_BLOCK_CAPTION, 0, "Foto", 4, 9, &err));
    CHECK(idx == 1001 && bitext_doc_block_count(doc) == 1002);
    CHECK_OK(bitext_doc_add_span(doc, 1001, BITEXT_SPAN_ITALIC, 0, 4, NULL, &err));
    b = bitext_doc_block(doc, 0);
    CHECK(b->type == BITEXT_BLOCK_HEADING && b->level == 2 && b->line == 7 && b->nspans == 2);
    CHECK_STR(b->spans[1].attr, "http://x");
    b = bitext_doc_block(doc, 1001);
    CHECK(b->type == BITEXT_BLOCK_CAPTION && b->len == 4 && b->line == 9 && b->nspans == 1);
    bitext_doc_release_text(doc);
    b = bitext_doc_block(doc, 1001);
    CHECK(b->type == BITEXT_BLOCK_CAPTION && b->line == 9 && b->nspans == 1 &&
          b->spans[0].kind == BITEXT_SPAN_ITALIC && b->spans[0].end == 4);
    b = bitext_doc_block(doc, 3);
    CHECK(b->type == BITEXT_BLOCK_PARAGRAPH && b->nspans == 0);
    CHECK(bitext_doc_block(doc, 1002) == NULL);
    bitext_doc_free(doc);
    /* a line number too large for a compact record keeps the blocks as they are */
    CHECK_OK(bitext_doc_new(&doc, "big", "pl", &err));
    CHECK_OK(bitext_doc_add_block(doc, NULL, BITEXT_BLOCK_PARAGRAPH, 0, "a", 1, 5000000000LL,
                                  &err));
    CHECK_OK(bitext_doc_add_block(doc, NULL, BITEXT_BLOCK_LIST_ITEM, 300, "b", 1, 3, &err));
    bitext_doc_release_text(doc);
    CHECK(bitext_doc_block(doc, 0)->line == 5000000000LL);
    CHECK(bitext_doc_block(doc, 1)->level == 300 && bitext_doc_block(doc, 1)->line == 3);
    bitext_doc_free(doc);
    bitext_doc_free(NULL);
    return check_done("test_doc");
}
