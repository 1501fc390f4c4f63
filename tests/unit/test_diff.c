/* test_diff.c - comparing editions: exact, edited, split, merged, added, removed, moved. */
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"

/* A segment list from strings; "" starts a new block. */
static bitext_seglist *list(const char *const *s)
{
    bitext_seglist *l = NULL;
    size_t block = 0;
    CHECK_OK(bitext_seglist_new(&l, "en", NULL));
    for (size_t i = 0; s[i]; i++) {
        if (!*s[i]) {
            block++;
            continue;
        }
        CHECK_OK(bitext_seglist_add(l, s[i], strlen(s[i]), block, BITEXT_BLOCK_PARAGRAPH, 0, NULL));
    }
    return l;
}

/* The units as "status:old0+nold>new0+nnew[m]" joined by spaces. */
static const char *units(const char *const *a, const char *const *b, unsigned flags)
{
    static char out[2048];
    bitext_diff_options o = BITEXT_DIFF_OPTIONS_INIT;
    bitext_seglist *la = list(a), *lb = list(b);
    bitext_diff *d = NULL;
    size_t len = 0, nold = 0, nnew = 0;
    o.flags = flags;
    out[0] = '\0';
    CHECK_OK(bitext_diff_run(&d, la, lb, &o, NULL));
    for (size_t k = 0; d && k < bitext_diff_count(d); k++) {
        const bitext_diff_unit *u = bitext_diff_get(d, k);
        static const char st[] = "=~+-";
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%c", k ? " " : "", st[u->status]);
        if (u->nold)
            len += (size_t)snprintf(out + len, sizeof out - len, "%zu%s", u->old_first,
                                    u->nold > 1 ? "+" : "");
        len += (size_t)snprintf(out + len, sizeof out - len, ">");
        if (u->nnew)
            len += (size_t)snprintf(out + len, sizeof out - len, "%zu%s", u->new_first,
                                    u->nnew > 1 ? "+" : "");
        if (u->moved)
            len += (size_t)snprintf(out + len, sizeof out - len, "m");
        nold += u->nold;
        nnew += u->nnew;
    }
    /* every segment of both editions is in exactly one unit */
    CHECK(nold == bitext_seglist_count(la));
    CHECK(nnew == bitext_seglist_count(lb));
    bitext_diff_free(d);
    bitext_seglist_free(la);
    bitext_seglist_free(lb);
    return out;
}

static const char *const v1[] = {
    "Riverside bridge to close for repairs in March",
    "",
    "The Riverside bridge will close for six weeks from 3 March, the city council said.",
    "Engineers found cracks in two of the bridge's 14 steel supports.",
    "",
    "Buses will take a detour through Mill Street.",
    "The repairs will cost 2.4 million euros.",
    "",
    "Cyclists can use a temporary footbridge.",
    "It will open on 1 March.",
    "",
    "The bridge was built in 1968 and last renovated in 1994.",
    NULL};

static void editions(void)
{
    static const char *const v2[] = {
        "Riverside bridge to close for eight weeks from March",
        "",
        "The Riverside bridge will close for six weeks from 3 March, the city council said.",
        "Engineers found cracks in two of the bridge's 14 steel supports.",
        "",
        "The bridge was built in 1968 and last renovated in 1994.",
        "",
        "Buses will take a detour through Mill Street.",
        "The repairs will cost 2.9 million euros.",
        "",
        "Shop owners on Mill Street expect more customers.",
        "",
        "Cyclists can use a temporary footbridge.",
        NULL};
    CHECK_STR(units(v1, v1, 0), "=0>0 =1>1 =2>2 =3>3 =4>4 =5>5 =6>6 =7>7");
    /* headline edited, paragraph moved (the one sentence, not the four it jumped), number
     * changed, paragraph added, sentence removed where it stood */
    CHECK_STR(units(v1, v2, 0), "~0>0 =1>1 =2>2 =7>3m =3>4 ~4>5 +>6 =5>7 -6>");
    /* exact matching only: every edit is a removal and an addition */
    CHECK_STR(units(v1, v2, BITEXT_DIFF_EXACT_ONLY), "-0> +>0 =1>1 =2>2 =7>3m =3>4 -4> +>5 +>6 "
                                                     "=5>7 -6>");
}

static void splits_and_merges(void)
{
    static const char *const a[] = {
        "The mayor opened the new library on Monday, and more than 500 people came to see it.",
        "Entry is free.", NULL};
    static const char *const b[] = {"The mayor opened the new library on Monday.",
                                    "More than 500 people came to see it.", "Entry is free.", NULL};
    CHECK_STR(units(a, b, 0), "~0>0+ =1>2");
    CHECK_STR(units(b, a, 0), "~0+>0 =2>1");
    /* an added sentence beside an edited one does not join it */
    static const char *const c[] = {
        "The mayor opened the new library on Monday, and more than 500 people came.",
        "The weather was cold and windy all day.", "Entry is free.", NULL};
    CHECK_STR(units(a, c, 0), "~0>0 +>1 =1>2");
}

static void moves_and_repeats(void)
{
    /* repeated lines pair in order, never across the document */
    static const char *const a[] = {"Read more", "First story about the harbour.",
                                    "Read more", "Second story about the airport.",
                                    "Read more", NULL};
    static const char *const b[] = {"Read more", "First story about the harbour.",
                                    "Read more", "A new story about the station.",
                                    "Read more", "Second story about the airport.",
                                    "Read more", NULL};
    CHECK_STR(units(a, b, 0), "=0>0 =1>1 =2>2 +>3 +>4 =3>5 =4>6");
    /* a sentence somewhat like one far away is not taken for a move of it */
    static const char *const c[] = {"The council approved the budget for the new school.",
                                    "Teachers welcomed the decision.",
                                    "Parents were asked to "
                                    "comment until Friday.",
                                    "The school will open in 2028.", NULL};
    static const char *const d[] = {"The school will open in 2028.",
                                    "Teachers welcomed the "
                                    "decision.",
                                    "Parents were asked to comment until Friday.",
                                    "The council discussed the budget of the sports hall.", NULL};
    CHECK_STR(units(c, d, 0), "-0> =3>0m =1>1 =2>2 +>3");
    /* an edited sentence that moved is found when it is clearly the same */
    static const char *const e[] = {"Alpha one two three.",
                                    "The harbour master said the new "
                                    "pier will be finished by the end of June.",
                                    "Beta four five six.", "Gamma seven eight nine.", NULL};
    static const char *const f[] = {"Alpha one two three.", "Beta four five six.",
                                    "Gamma seven eight nine.",
                                    "The harbour master said the new "
                                    "pier would be finished by the end of July.",
                                    NULL};
    CHECK_STR(units(e, f, 0), "=0>0 =2>1 =3>2 ~1>3m");
}

static void flags(void)
{
    static const char *const a[] = {"Hello, world!", "Two  spaces here.", NULL};
    static const char *const b[] = {"Hello world", "Two spaces here .", NULL};
    char *n = NULL;
    CHECK_STR(units(a, b, BITEXT_DIFF_IGNORE_PUNCT | BITEXT_DIFF_IGNORE_SPACE), "=0>0 =1>1");
    /* without white space "here ." is "here."; the comma still counts */
    CHECK_STR(units(a, b, BITEXT_DIFF_IGNORE_SPACE), "~0>0 =1>1");
    CHECK_STR(units(a, b, 0), "~0>0 ~1>1");
    CHECK_OK(bitext_diff_normalize(&n, " Hello,\u00a0 world! ", strlen(" Hello,\u00a0 world! "),
                                   BITEXT_DIFF_IGNORE_PUNCT, NULL));
    CHECK_STR(n, "Hello world");
    free(n);
    CHECK_OK(bitext_diff_normalize(&n, "a b\tc", 5, BITEXT_DIFF_IGNORE_SPACE, NULL));
    CHECK_STR(n, "abc");
    free(n);
}

static void text_and_html(void)
{
    static const char *const a[] = {"Tickets cost 10 <euros> & more.", "Old line.", NULL};
    static const char *const b[] = {"Tickets cost 12 <euros> & more.", NULL};
    bitext_seglist *la = list(a), *lb = list(b), *ar = NULL;
    bitext_diff *d = NULL;
    char *t = NULL, *page = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&page, &size);
    CHECK_OK(bitext_diff_text(&t, la, 0, 2, NULL));
    CHECK_STR(t, "Tickets cost 10 <euros> & more. Old line.");
    free(t);
    CHECK_OK(bitext_diff_run(&d, la, lb, NULL, NULL));
    CHECK_OK(bitext_diff_write_html(f, d, la, lb, NULL, NULL));
    fclose(f);
    CHECK(strstr(page, "<!DOCTYPE html>") != NULL);
    /* the page of report.h: old left, new right, changed words marked */
    CHECK(strstr(page, "<td class=\"c l\" lang=\"en\" dir=\"ltr\"><span class=\"sn\">1</span>"
                       "Tickets cost <del>10</del> &lt;euros&gt; &amp; more.</td>") != NULL);
    CHECK(strstr(page, "<ins>12</ins>") != NULL);
    CHECK(strstr(page, "<tr id=\"r1\" class=\"row s-changed look\">") != NULL);
    CHECK(strstr(page, "<tr id=\"r2\" class=\"row s-left look\">") != NULL);
    CHECK(strstr(page, "1 changed, 0 added, 1 removed") != NULL);
    CHECK(strstr(page, "src=") == NULL && strstr(page, "<link") == NULL);
    free(page);
    bitext_diff_free(d);
    /* right to left */
    CHECK_OK(bitext_seglist_new(&ar, "ar", NULL));
    CHECK_OK(bitext_seglist_add(ar, "مرحبا", strlen("مرحبا"), 0, BITEXT_BLOCK_PARAGRAPH, 0, NULL));
    CHECK_OK(bitext_diff_run(&d, ar, ar, NULL, NULL));
    f = open_memstream(&page, &size);
    CHECK_OK(bitext_diff_write_html(f, d, ar, ar, NULL, NULL));
    fclose(f);
    CHECK(strstr(page, "lang=\"ar\" dir=\"rtl\"") != NULL);
    free(page);
    bitext_diff_free(d);
    bitext_seglist_free(ar);
    bitext_seglist_free(la);
    bitext_seglist_free(lb);
}

static void scale(void)
{
    /* 3000 distinct sentences, every tenth edited, every fiftieth dropped: the work is
     * bounded by the index (this runs in milliseconds), and every edit is found */
    enum { N = 3000 };
    bitext_seglist *a = NULL, *b = NULL;
    bitext_diff *d = NULL;
    bitext_diff_stats st;
    char s[160];
    CHECK_OK(bitext_seglist_new(&a, "en", NULL));
    CHECK_OK(bitext_seglist_new(&b, "en", NULL));
    for (int i = 0; i < N; i++) {
        int n = snprintf(s, sizeof s, "Sentence %d tells of item%d and item%d near place%d.", i,
                         i * 7, i * 13, i % 97);
        CHECK_OK(
            bitext_seglist_add(a, s, (size_t)n, (size_t)i / 5, BITEXT_BLOCK_PARAGRAPH, 0, NULL));
        if (i % 50 == 49)
            continue;
        if (i % 10 == 3)
            n = snprintf(s, sizeof s, "Sentence %d tells of item%d and item%d near town%d.", i,
                         i * 7, i * 13, i % 97);
        CHECK_OK(
            bitext_seglist_add(b, s, (size_t)n, (size_t)i / 5, BITEXT_BLOCK_PARAGRAPH, 0, NULL));
    }
    CHECK_OK(bitext_diff_run(&d, a, b, NULL, NULL));
    bitext_diff_stats_get(&st, d);
    CHECK(st.changed == N / 10);
    CHECK(st.removed == N / 50);
    CHECK(st.added == 0 && st.moved == 0);
    CHECK(st.unchanged == N - N / 10 - N / 50);
    bitext_diff_free(d);
    bitext_seglist_free(a);
    bitext_seglist_free(b);
}

int main(void)
{
    bitext_diff_options bad = {99, 0};
    bitext_diff *d = NULL;
    bitext_seglist *l = list(v1);
    editions();
    splits_and_merges();
    moves_and_repeats();
    flags();
    text_and_html();
    scale();
    CHECK(bitext_diff_run(&d, l, l, &bad, NULL) == BITEXT_EINVAL && d == NULL);
    CHECK_STR(bitext_diff_status_name(BITEXT_DIFF_REMOVED), "removed");
    bitext_diff_free(NULL);
    bitext_seglist_free(l);
    return check_done("diff");
}
