/* test_worddiff.c - word-level diffs at ICU word boundaries, and word counts. */
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"

/* The runs of a diff as "=The |-2.4|+2.9|= euros." (op and text of each run). */
static char *runs_of(bitext_worddiff *wd, const char *a, const char *b, unsigned flags)
{
    static char out[1024];
    bitext_wordrun *r = NULL;
    size_t n = 0, len = 0;
    out[0] = '\0';
    CHECK_OK(bitext_worddiff_run(&r, &n, wd, a, strlen(a), b, strlen(b), flags, NULL));
    for (size_t k = 0; k < n; k++) {
        const char *src = r[k].op == '+' ? b : a;
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%c%.*s", k ? "|" : "", r[k].op,
                                (int)(r[k].end - r[k].start), src + r[k].start);
    }
    free(r);
    return out;
}

/* Concatenating '=' and '-' gives the old text, '=' and '+' the new one. */
static void check_rebuild(bitext_worddiff *wd, const char *a, const char *b)
{
    bitext_wordrun *r = NULL;
    size_t n = 0;
    char old[512] = "", new_[512] = "";
    CHECK_OK(bitext_worddiff_run(&r, &n, wd, a, strlen(a), b, strlen(b), 0, NULL));
    for (size_t k = 0; k < n; k++) {
        const char *src = r[k].op == '+' ? b : a;
        if (r[k].op != '+')
            strncat(old, src + r[k].start, r[k].end - r[k].start);
        if (r[k].op != '-')
            strncat(new_, src + r[k].start, r[k].end - r[k].start);
    }
    CHECK_STR(old, a);
    CHECK_STR(new_, b);
    free(r);
}

int main(void)
{
    bitext_worddiff *wd = NULL, *ja = NULL;
    CHECK_OK(bitext_worddiff_new(&wd, "en", NULL));
    CHECK_OK(bitext_worddiff_new(&ja, "ja", NULL));

    /* a number changed: one word, the rest equal */
    CHECK_STR(runs_of(wd, "The repairs will cost 2.4 million euros.",
                      "The repairs will cost 2.9 million euros.", 0),
              "=The repairs will cost |-2.4|+2.9|= million euros.");
    /* two neighbouring words: the space between them joins one change */
    CHECK_STR(runs_of(wd, "close for repairs in March", "close for eight weeks from March", 0),
              "=close for |-repairs in|+eight weeks from|= March");
    /* insertion only, deletion only */
    CHECK_STR(runs_of(wd, "Buses will stop.", "Buses will not stop.", 0),
              "=Buses will |+not |=stop.");
    CHECK_STR(
        runs_of(wd, "It will open on 1 March, officials said.", "It will open on 1 March.", 0),
        "=It will open on 1 March|-, officials said|=.");
    /* identical, empty sides */
    CHECK_STR(runs_of(wd, "Same text.", "Same text.", 0), "=Same text.");
    CHECK_STR(runs_of(wd, "", "New.", 0), "+New.");
    CHECK_STR(runs_of(wd, "Old.", "", 0), "-Old.");
    /* white space: a change by default, equal with IGNORE_SPACE; case with IGNORE_CASE */
    CHECK_STR(runs_of(wd, "a  b", "a b", 0), "=a|-  |+ |=b");
    CHECK_STR(runs_of(wd, "a  b", "a b", BITEXT_WORDDIFF_IGNORE_SPACE), "=a  b");
    CHECK_STR(runs_of(wd, "The Bridge", "the bridge", BITEXT_WORDDIFF_IGNORE_CASE), "=The Bridge");
    /* non-Latin text is cut by ICU's dictionary: one word changes, not the sentence */
    CHECK_STR(runs_of(ja, "東京は日本の首都です。", "京都は日本の首都です。", 0),
              "-東京|+京都|=は日本の首都です。");
    check_rebuild(wd, "\"We know this is hard,\" said Mayor Ellen Park on Tuesday.",
                  "\"We know this is hard for commuters,\" Mayor Park said.");
    check_rebuild(wd, "Zażółć gęślą jaźń 12,50 zł.", "Zażółć jaźń 13,50 zł!");

    /* CAT-style word counts: words and numbers, not spaces or punctuation */
    CHECK(bitext_worddiff_count_words(wd, "Dr. Smith paid 12.50 euros.", 27) == 5);
    CHECK(bitext_worddiff_count_words(wd, " -- ", 4) == 0);
    CHECK(bitext_worddiff_count_words(wd, "", 0) == 0);
    CHECK(bitext_worddiff_count_words(ja, "東京は日本の首都です。",
                                      strlen("東京は日本の首都です。")) >= 4);

    bitext_worddiff_free(wd);
    bitext_worddiff_free(ja);
    bitext_worddiff_free(NULL);
    return check_done("worddiff");
}
