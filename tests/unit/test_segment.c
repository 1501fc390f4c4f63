/* test_segment.c - unit tests of the segment module. */
#include <stdlib.h>

#include "bitext/bitext.h"
#include "check.h"
#include "util_int.h"

/* Segments text and joins the segments with '|'. */
static char *seg_join(bitext_segmenter *s, const char *text)
{
    bitext_range *r = NULL;
    size_t n = 0;
    bitext_buf b = {0};
    if (bitext_segmenter_split(s, &r, &n, text, strlen(text), NULL) < 0)
        return NULL;
    bitext_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i)
            bitext_buf_putc(&b, '|');
        bitext_buf_append(&b, text + r[i].start, r[i].end - r[i].start);
    }
    free(r);
    return bitext_buf_detach(&b);
}

static void test_basic(void)
{
    bitext_segmenter *s = NULL;
    char *j;
    CHECK_OK(bitext_segmenter_new(&s, "en", NULL, NULL));
    j = seg_join(s, "  Hello world. How are you?\n\nNew paragraph here.  ");
    CHECK_STR(j, "Hello world.|How are you?|New paragraph here.");
    free(j);
    bitext_segmenter_free(s);
}

static void test_seglist(void)
{
    bitext_doc *d = NULL;
    bitext_segmenter *s = NULL;
    bitext_seglist *l = NULL;
    const char *t = "One. Two.";
    CHECK_OK(bitext_doc_new(&d, "x", "en", NULL));
    CHECK_OK(bitext_doc_add_block(d, NULL, BITEXT_BLOCK_TITLE, 0, "Title", 5, 1, NULL));
    CHECK_OK(bitext_doc_add_block(d, NULL, BITEXT_BLOCK_BOILERPLATE, 0, "Skip. Me.", 9, 2, NULL));
    CHECK_OK(bitext_doc_add_block(d, NULL, BITEXT_BLOCK_PARAGRAPH, 0, t, strlen(t), 3, NULL));
    CHECK_OK(bitext_segmenter_new(&s, "en", NULL, NULL));
    CHECK_OK(bitext_segment_doc(&l, s, d, NULL));
    CHECK(bitext_seglist_count(l) == 3);
    if (bitext_seglist_count(l) == 3) {
        CHECK_STR(bitext_seglist_get(l, 0)->text, "Title");
        CHECK_STR(bitext_seglist_get(l, 2)->text, "Two.");
        CHECK(bitext_seglist_get(l, 2)->block == 2);
        CHECK(bitext_seglist_get(l, 2)->start == 5);
    }
    CHECK_STR(bitext_seglist_lang(l), "en");
    bitext_seglist_free(l);
    bitext_segmenter_free(s);
    bitext_doc_free(d);
}

int main(void)
{
    test_basic();
    test_seglist();
    return check_done("test_segment");
}
