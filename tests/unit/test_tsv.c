/* test_tsv.c - the review TSV: writing and quoting, reading what spreadsheets save, errors
 * with file:line, and corrections back into the TM (kept, edited, added, removed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "check.h"
#include "tm_target.h"
#include "util_int.h"

static char dir[256];

static const char *tmp(const char *name)
{
    static char buf[4][400];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void test_write_read(void)
{
    bitext_review *r = NULL;
    bitext_output *out = NULL;
    bitext_tsv *t = NULL;
    bitext_bead b1 = {0, 2, 0, 1, 0.875}, b2 = {2, 1, 1, 0, -1};
    char *data = NULL;
    size_t len = 0;
    CHECK_OK(bitext_review_new(&r, "pl", "en", NULL, NULL, NULL));
    CHECK_OK(bitext_review_add(r, &b1, 0, "„Tak” – mówi.\tDwa.", "\"Yes,\" she says.", NULL));
    CHECK_OK(bitext_review_add(r, &b2, 0, "Sam.", NULL, NULL));
    CHECK_OK(bitext_output_open(&out, tmp("w.tsv"), NULL, NULL));
    CHECK_OK(bitext_tsv_write(out, r, NULL, 0, NULL));
    CHECK_OK(bitext_output_commit(out, NULL));
    bitext_output_free(out);
    CHECK_OK(bitext_read_all(&data, &len, tmp("w.tsv"), 1 << 20, NULL));
    CHECK_STR(data, "bead\tconfidence\tsource:pl\ttarget:en\tqa\n"
                    "2-1 1-2:1\t0.875\t\"„Tak” – mówi.\tDwa.\"\t\"\"\"Yes,\"\" she says.\"\t\n"
                    "1-0 3:\t\tSam.\t\t\n");
    free(data);
    /* and back */
    CHECK_OK(bitext_tsv_read(&t, tmp("w.tsv"), NULL));
    CHECK(t && t->n == 2);
    if (t && t->n == 2) {
        CHECK_STR(t->src_lang, "pl");
        CHECK_STR(t->tgt_lang, "en");
        CHECK_STR(t->rows[0].source, "„Tak” – mówi.\tDwa.");
        CHECK_STR(t->rows[0].target, "\"Yes,\" she says.");
        CHECK_STR(t->rows[1].target, "");
        CHECK(t->rows[1].line == 3);
    }
    bitext_tsv_free(t);
    bitext_review_free(r);
}

/* What a spreadsheet saves: a byte-order mark, CRLF, a cell with a line break, blank lines,
 * decomposed accents (the reader stores NFC), spaces around texts. */
static void test_spreadsheet(void)
{
    static const char data[] =
        "\xEF\xBB\xBF" "bead\tconfidence\tsource:PL\ttarget:en-gb\tqa\r\n"
        "1-1 1:1\t0,9\t Zaz\xCC\x87o\xCC\x81\xC5\x82\xC4\x87 \t\"Two\r\nlines\"\t\r\n"
        "\r\n"
        "\t\tNowy wiersz.\tA new row.\tx\r\n";
    bitext_tsv *t = NULL;
    CHECK_OK(bitext_tsv_parse(&t, data, sizeof data - 1, "sheet.tsv", NULL));
    CHECK(t && t->n == 2);
    if (t && t->n == 2) {
        CHECK_STR(t->src_lang, "pl");
        CHECK_STR(t->tgt_lang, "en-GB");
        CHECK_STR(t->rows[0].source, "Zażółć");
        CHECK_STR(t->rows[0].target, "Two\r\nlines");
        CHECK(t->rows[0].line == 2 && t->rows[1].line == 5);
        CHECK_STR(t->rows[1].source, "Nowy wiersz.");
    }
    bitext_tsv_free(t);
}

/* A bad file: the error, its code and its line. */
static void bad(const char *data, int code, int64_t line, const char *words)
{
    bitext_tsv *t = NULL;
    bitext_error err;
    bitext_error_clear(&err);
    CHECK(bitext_tsv_parse(&t, data, strlen(data), "bad.tsv", &err) == code);
    CHECK(t == NULL && err.line == line && strstr(err.message, words) != NULL);
    CHECK_STR(err.file, "bad.tsv");
    if (err.line != line || !strstr(err.message, words))
        fprintf(stderr, "  got line %lld: %s\n", (long long)err.line, err.message);
}

static void test_errors(void)
{
    const char *h = "bead\tconfidence\tsource:pl\ttarget:en\tqa\n";
    char buf[512];
    bad("", BITEXT_EFORMAT, 1, "header");
    bad("confidence\tsource\ttarget\n", BITEXT_EFORMAT, 1, "3 columns");
    bad("a\tb\tpl\ten\tqa\n", BITEXT_EFORMAT, 1, "not a review TSV");
    bad("a\tb\tsource:??\ttarget:en\tqa\n", BITEXT_ELANG, 1, "language");
    snprintf(buf, sizeof buf, "%s1-1\t1\tA.\tB.\t\n\n1-1\t1\tC.\tD.\n", h);
    bad(buf, BITEXT_EFORMAT, 4, "4 columns");
    snprintf(buf, sizeof buf, "%s1-1\t1\tA.\tB.\t\t\n", h);
    bad(buf, BITEXT_EFORMAT, 2, "6 columns");
    snprintf(buf, sizeof buf, "%s1-1\t1\tA.\tB.\t\n1-1\t1\tZa\xBF\xF3\xB3\xE6\tB.\t\n", h);
    bad(buf, BITEXT_EENCODING, 3, "UTF-8");
    snprintf(buf, sizeof buf, "%s1-1\t1\t\"A.\tB.\t\n", h);
    bad(buf, BITEXT_EFORMAT, 2, "not closed");
    snprintf(buf, sizeof buf, "%s1-1\t1\t\"A.\"x\tB.\t\n", h);
    bad(buf, BITEXT_EFORMAT, 2, "closing quote");
    {
        char nul[80] = "bead\tconfidence\tsource:pl\ttarget:en\tqa\nA\0B";
        bitext_tsv *t = NULL;
        bitext_error err;
        bitext_error_clear(&err);
        CHECK(bitext_tsv_parse(&t, nul, strlen(nul) + 2, "nul.tsv", &err) == BITEXT_EENCODING);
        CHECK(err.line == 2 && strstr(err.message, "NUL"));
    }
}

/* ---- corrections back into the TM ------------------------------------------------------- */

static void add(bitext_tm *tm, int64_t d1, int64_t d2, const char *pl, const char *en,
                const char *de)
{
    bitext_tu tu = BITEXT_TU_INIT;
    bitext_tu_add_tuv(&tu, NULL, "pl", pl, strlen(pl), NULL);
    bitext_tu_add_tuv(&tu, NULL, "en", en, strlen(en), NULL);
    if (de)
        bitext_tu_add_tuv(&tu, NULL, "de", de, strlen(de), NULL);
    bitext_tu_set_string(&tu.origin, "aligned", NULL);
    tu.confidence = 0.6;
    CHECK_OK(bitext_tm_add_tu(NULL, tm, &tu, d1, d2, NULL));
    bitext_tu_clear(&tu);
}

/* The TM's pairs in one language pair as "src|tgt|origin;..." (superseded left out). */
static const char *pairs(bitext_tm *tm, const char *a, const char *b)
{
    static char buf[2048];
    const char *langs[] = {a, b, NULL};
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    size_t k = 0;
    f.langs = langs;
    buf[0] = '\0';
    CHECK_OK(bitext_tm_iter_new(&it, tm, &f, NULL));
    while (it && bitext_tm_iter_next(it, &tu, NULL) == 1 && k < sizeof buf - 200)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s|%s|%s%s;", tu.tuvs[0].text,
                              tu.tuvs[1].text, tu.origin ? tu.origin : "-",
                              tu.confidence == 1.0 ? "" : "?");
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    return buf;
}

static void test_import(void)
{
    static const char review[] =
        "bead\tconfidence\tsource:pl\ttarget:en\tqa\n"
        "1-1 1:1\t0.6\tRaz.\tOne.\t\n"                        /* kept */
        "1-1 2:2\t0.6\tDwa.\tTwo, corrected.\t\n"             /* edited (target) */
        "2-2 3-4:3-4\t0.6\tTrzy. Cztery.\tThree. Four.\t\n"   /* merged: added */
        "1-0 5:\t0.6\tPięć.\t\t\n"                             /* unpaired */
        "\t\tSześć.\tSix.\t\n";                /* a new row for "Six.": Pięć/Six edited */
    bitext_tm *tm = NULL;
    bitext_tsv *t = NULL;
    bitext_tsv_import_stats st;
    bitext_tm_document a = {"a.pl.txt", "pl", NULL, NULL, NULL};
    bitext_tm_document b = {"a.en.txt", "en", NULL, NULL, NULL};
    int64_t da, db, when = 0;
    CHECK_OK(bitext_tm_open(&tm, tm_target(dir, "imp.tm"), NULL, NULL));
    CHECK_OK(bitext_tm_add_document(&da, tm, &a, NULL));
    CHECK_OK(bitext_tm_add_document(&db, tm, &b, NULL));
    add(tm, da, db, "Raz.", "One.", NULL);
    add(tm, da, db, "Dwa.", "Two.", NULL);
    add(tm, da, db, "Trzy.", "Three.", "Drei.");
    add(tm, da, db, "Cztery.", "Four.", NULL);
    add(tm, da, db, "Pięć.", "Six.", NULL);                    /* a wrong pair */
    add(tm, 0, 0, "Dwa.", "Two.", NULL);                       /* another document's */
    CHECK_OK(bitext_tsv_parse(&t, review, sizeof review - 1, "r.tsv", NULL));
    CHECK(bitext_tsv_import(&st, tm, "missing.txt", t, NULL) == BITEXT_ENOTFOUND);
    CHECK_OK(bitext_tm_begin(tm, NULL));
    CHECK_OK(bitext_tsv_import(&st, tm, "a.en.txt", t, NULL));
    CHECK_OK(bitext_tm_commit(tm, NULL));
    CHECK(st.kept == 1 && st.edited == 2 && st.added == 1 && st.removed == 2 && st.unpaired == 1);
    /* reviewed pairs (confidence 1); the other document's "Dwa. = Two." is superseded */
    CHECK_STR(pairs(tm, "pl", "en"), "Raz.|One.|reviewed;Dwa.|Two, corrected.|reviewed;"
                                     "Sześć.|Six.|reviewed;Trzy. Cztery.|Three. Four.|reviewed;");
    /* the German variant of the removed multilingual TU stays */
    CHECK_STR(pairs(tm, "pl", "de"), "Trzy.|Drei.|aligned?;");
    CHECK_OK(bitext_tm_document_reviewed(&when, tm, da, NULL));
    CHECK(when > 0);
    /* the same review again: everything is kept */
    CHECK_OK(bitext_tm_begin(tm, NULL));
    CHECK_OK(bitext_tsv_import(&st, tm, "a.pl.txt", t, NULL));
    CHECK_OK(bitext_tm_commit(tm, NULL));
    CHECK(st.kept == 4 && st.edited == 0 && st.added == 0 && st.removed == 0);
    bitext_tsv_free(t);
    bitext_tm_close(tm);
}

int main(void)
{
    char cmd[300];
    int rc = tm_target_setup();
    if (rc)
        return rc; /* the PostgreSQL run without a server */
    snprintf(dir, sizeof dir, "%s/bitext-test-tsv.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return 99;
    if (!pg_base) {
        test_write_read();
        test_spreadsheet();
        test_errors();
    }
    test_import(); /* on both stores */
    tm_target_cleanup();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done(pg_base ? "test_tsv (PostgreSQL)" : "test_tsv");
}
