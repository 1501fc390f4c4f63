/* test_review.c - rows of an aligned document pair: from an alignment (every bead, blocks and
 * headings), from the TM (a document's pairs), made by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "check.h"
#include "tm_target.h"

/* A document from (type, text) blocks, segmented by the real segmenter. */
static bitext_seglist *segs_of(bitext_doc **doc, const char *lang, const char *const *blocks)
{
    bitext_segmenter *seg = NULL;
    bitext_seglist *list = NULL;
    CHECK_OK(bitext_doc_new(doc, lang, lang, NULL));
    for (size_t i = 0; blocks[i]; i++) {
        bool heading = blocks[i][0] == '#';
        const char *t = blocks[i] + heading;
        CHECK_OK(bitext_doc_add_block(*doc, NULL, heading ? BITEXT_BLOCK_HEADING
                                                          : BITEXT_BLOCK_PARAGRAPH,
                                      heading, t, strlen(t), 0, NULL));
    }
    CHECK_OK(bitext_segmenter_new(&seg, lang, NULL, NULL));
    CHECK_OK(bitext_segment_doc(&list, seg, *doc, NULL));
    bitext_segmenter_free(seg);
    return list;
}

static void test_from_alignment(void)
{
    static const char *const en[] = {
        "#The new library",
        "The library opens on Saturday. It was closed for three years.",
        "Admission is free. The card costs five euros. Archaeologists found old walls.",
        NULL};
    static const char *const fr[] = {
        "#La nouvelle bibliothèque",
        "La bibliothèque ouvre samedi. Elle était fermée depuis trois ans.",
        "L'entrée est gratuite. La carte coûte cinq euros.",
        NULL};
    bitext_doc *de = NULL, *df = NULL;
    bitext_seglist *le = segs_of(&de, "en", en), *lf = segs_of(&df, "fr", fr);
    bitext_alignment *al = NULL;
    bitext_review *r = NULL;
    bitext_pair_side s = {le, de}, t = {lf, df};
    size_t covered[2] = {0, 0};
    char buf[48], want[48];
    CHECK_OK(bitext_align_run(&al, le, lf, NULL, NULL));
    CHECK_OK(bitext_review_from_alignment(&r, &s, &t, al, "a.en.txt", "a.fr.txt", NULL));
    CHECK(r && bitext_review_count(r) == bitext_alignment_count(al));
    CHECK_STR(bitext_review_lang(r, 0), "en");
    CHECK_STR(bitext_review_lang(r, 1), "fr");
    CHECK_STR(bitext_review_name(r, 1), "a.fr.txt");
    CHECK(bitext_review_complete(r));
    CHECK(bitext_review_segments(r, 0) == 6 && bitext_review_segments(r, 1) == 5);
    for (size_t i = 0; r && i < bitext_review_count(r); i++) {
        const bitext_review_row *row = bitext_review_row_at(r, i);
        covered[0] += row->nsrc;
        covered[1] += row->ntgt;
        CHECK((row->source != NULL) == (row->nsrc > 0));
        CHECK((row->target != NULL) == (row->ntgt > 0));
        if (row->source)
            CHECK_STR(row->source->lang, "en");
    }
    CHECK(covered[0] == 6 && covered[1] == 5); /* every segment in exactly one row */
    if (r && bitext_review_count(r) >= 3) {
        const bitext_review_row *h = bitext_review_row_at(r, 0), *p = bitext_review_row_at(r, 1);
        const bitext_review_row *last = bitext_review_row_at(r, bitext_review_count(r) - 1);
        CHECK(h->flags & BITEXT_ROW_HEADING);
        CHECK((p->flags & (BITEXT_ROW_SRC_BLOCK | BITEXT_ROW_TGT_BLOCK)) ==
              (BITEXT_ROW_SRC_BLOCK | BITEXT_ROW_TGT_BLOCK));
        CHECK(!(bitext_review_row_at(r, 2)->flags & BITEXT_ROW_SRC_BLOCK)); /* same paragraph */
        /* the last row ends with the last sentence (the aligner decides how it pairs) */
        CHECK(last->src + last->nsrc == 6 && strstr(last->source->text, "Archaeologists"));
        snprintf(want, sizeof want, "%zu-%zu", last->nsrc, last->ntgt);
        CHECK_STR(bitext_review_row_type(last, buf, sizeof buf), want);
        if (last->nsrc == 1)
            CHECK_STR(bitext_review_row_segments(last, 0, buf, sizeof buf), "6");
        else
            CHECK_STR(bitext_review_row_segments(last, 0, buf, sizeof buf), "5-6");
    }
    bitext_review_free(r);
    bitext_alignment_free(al);
    bitext_seglist_free(le);
    bitext_seglist_free(lf);
    bitext_doc_free(de);
    bitext_doc_free(df);
}

static void add_pair(bitext_tm *tm, int64_t src_doc, int64_t tgt_doc, const char *src,
                     const char *tgt, const char *other)
{
    bitext_tu tu = BITEXT_TU_INIT;
    bitext_tu_add_tuv(&tu, NULL, "pl", src, strlen(src), NULL);
    bitext_tu_add_tuv(&tu, NULL, "en", tgt, strlen(tgt), NULL);
    if (other)
        bitext_tu_add_tuv(&tu, NULL, "de", other, strlen(other), NULL);
    tu.confidence = 0.75;
    CHECK_OK(bitext_tm_add_tu(NULL, tm, &tu, src_doc, tgt_doc, NULL));
    bitext_tu_clear(&tu);
}

static void test_from_tm(const char *dir)
{
    bitext_tm *tm = NULL;
    bitext_review *r = NULL;
    bitext_tm_document a = {"a.pl.txt", "pl", NULL, NULL, NULL};
    bitext_tm_document b = {"a.en.txt", "en", NULL, NULL, NULL};
    int64_t da = 0, db = 0;
    CHECK_OK(bitext_tm_open(&tm, tm_target(dir, "review.tm"), NULL, NULL));
    CHECK_OK(bitext_tm_add_document(&da, tm, &a, NULL));
    CHECK_OK(bitext_tm_add_document(&db, tm, &b, NULL));
    add_pair(tm, da, db, "Pierwsze zdanie.", "The first sentence.", NULL);
    add_pair(tm, da, db, "Drugie zdanie.", "The second sentence.", "Der zweite Satz.");
    add_pair(tm, 0, 0, "Obce zdanie.", "Another sentence.", NULL);
    /* the document's pairs, by either of its names */
    CHECK_OK(bitext_review_from_tm(&r, tm, "a.en.txt", NULL, NULL, NULL));
    CHECK(r && bitext_review_count(r) == 2);
    if (r && bitext_review_count(r) == 2) {
        const bitext_review_row *row = bitext_review_row_at(r, 1);
        CHECK_STR(row->source->text, "Drugie zdanie.");
        CHECK_STR(row->target->text, "The second sentence.");
        CHECK(row->tu_id > 0 && row->confidence == 0.75);
        CHECK_STR(bitext_review_lang(r, 0), "pl");
    }
    bitext_review_free(r);
    /* a chosen target language; TUs without it are left out */
    CHECK_OK(bitext_review_from_tm(&r, tm, "a.pl.txt", NULL, "de", NULL));
    CHECK(r && bitext_review_count(r) == 1);
    if (r && bitext_review_count(r) == 1)
        CHECK_STR(bitext_review_row_at(r, 0)->target->text, "Der zweite Satz.");
    bitext_review_free(r);
    CHECK_OK(bitext_review_from_tm(&r, tm, NULL, NULL, NULL, NULL));
    CHECK(r && bitext_review_count(r) == 3);
    bitext_review_free(r);
    r = NULL;
    CHECK(bitext_review_from_tm(&r, tm, "missing.txt", NULL, NULL, NULL) == BITEXT_ENOTFOUND);
    CHECK(r == NULL);
    bitext_tm_close(tm);
}

static void test_by_hand(void)
{
    bitext_review *r = NULL;
    bitext_bead b1 = {0, 2, 0, 1, 0.5}, b2 = {2, 0, 1, 1, 0.9};
    char buf[48];
    CHECK_OK(bitext_review_new(&r, "pl", "en", "x", "y", NULL));
    CHECK_OK(bitext_review_add(r, &b1, BITEXT_ROW_HEADING, "Raz. Dwa.", "One, two.", NULL));
    CHECK_OK(bitext_review_add(r, &b2, 0, NULL, "Added.", NULL));
    CHECK(bitext_review_count(r) == 2);
    CHECK_STR(bitext_review_row_segments(bitext_review_row_at(r, 0), 0, buf, sizeof buf), "1-2");
    CHECK_STR(bitext_review_row_type(bitext_review_row_at(r, 1), buf, sizeof buf), "0-1");
    CHECK(bitext_review_row_at(r, 1)->source == NULL);
    CHECK_STR(bitext_review_row_at(r, 1)->target->lang, "en");
    CHECK(bitext_review_segments(r, 0) == 2 && bitext_review_segments(r, 1) == 2);
    CHECK(bitext_review_row_at(r, 2) == NULL);
    bitext_review_free(r);
    bitext_review_free(NULL);
}

int main(void)
{
    char dir[256], cmd[300];
    int rc = tm_target_setup();
    if (rc)
        return rc; /* the PostgreSQL run without a server */
    snprintf(dir, sizeof dir, "%s/bitext-test-review.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return 99;
    if (!pg_base) {
        test_from_alignment();
        test_by_hand();
    }
    test_from_tm(dir); /* on both stores */
    tm_target_cleanup();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done(pg_base ? "test_review (PostgreSQL)" : "test_review");
}
