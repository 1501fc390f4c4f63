/* test_srx.c - unit tests of the SRX 2.0 reader and engine (src/lib/srx.c). */
#include <stdlib.h>

#include "bitext/bitext.h"
#include "check.h"
#include "srx_int.h"
#include "util_int.h"

static char path_buf[4096];

static const char *data_path(const char *name)
{
    const char *dir = getenv("BITEXT_TESTDATA");
    snprintf(path_buf, sizeof path_buf, "%s/%s", dir ? dir : ".", name);
    return path_buf;
}

/* Segments text with an SRX file and joins the segments with "||". */
static char *srx_join(const char *file, const char *lang, const char *text)
{
    bitext_segment_options o = BITEXT_SEGMENT_OPTIONS_INIT;
    bitext_segmenter *s = NULL;
    bitext_range *r = NULL;
    bitext_buf b = {0};
    size_t n = 0;
    char *out = NULL;
    o.srx_path = data_path(file);
    if (bitext_segmenter_new(&s, lang, &o, NULL) == 0 &&
        bitext_segmenter_split(s, &r, &n, text, strlen(text), NULL) == 0) {
        bitext_buf_puts(&b, "");
        for (size_t i = 0; i < n; i++) {
            if (i)
                bitext_buf_puts(&b, "||");
            bitext_buf_append(&b, text + r[i].start, r[i].end - r[i].start);
        }
        out = bitext_buf_detach(&b);
    }
    free(r);
    bitext_segmenter_free(s);
    return out;
}

static size_t rule_count(const char *file, const char *lang)
{
    srx_rules *r = NULL;
    size_t n = (size_t)-1;
    if (srx_open(&r, data_path(file), NULL, 0, lang, NULL) == 0)
        n = srx_rule_count(r);
    srx_free(r);
    return n;
}

static void test_maps_and_cascade(void)
{
    /* cascade: every matching map in order; without: the first one only */
    CHECK(rule_count("segment_rules.srx", "pl") == 4);
    CHECK(rule_count("segment_rules.srx", "en-GB") == 3);
    CHECK(rule_count("segment_rules.srx", "de") == 2);
    CHECK(rule_count("segment_nocascade.srx", "pl") == 2);
    CHECK(rule_count("segment_nocascade.srx", "de") == 2);
}

static void test_first_rule_wins(void)
{
    char *j = srx_join("segment_rules.srx", "en", "Dr. Smith came; he left. Ok? yes. Then more.");
    CHECK_STR(j, "Dr. Smith came;||he left.||Ok? yes.||Then more.");
    free(j);
    /* without cascade English has no break rule at all */
    j = srx_join("segment_nocascade.srx", "en", "Dr. Smith came; he left. Then more.");
    CHECK_STR(j, "Dr. Smith came; he left. Then more.");
    free(j);
    j = srx_join("segment_rules.srx", "pl", "Spotkanie ok. godz. 18. Potem np. kolacja.");
    CHECK_STR(j, "Spotkanie ok. godz. 18.||Potem np. kolacja.");
    free(j);
    /* paragraphs still bound segments */
    j = srx_join("segment_rules.srx", "de", "Eins\n\nZwei. Drei.");
    CHECK_STR(j, "Eins||Zwei.||Drei.");
    free(j);
}

static void test_errors(void)
{
    bitext_error err;
    srx_rules *r = NULL;
    static const char not_srx[] = "<?xml version=\"1.0\"?><tmx version=\"1.4\"/>";
    static const char entity[] =
        "<?xml version=\"1.0\"?><!DOCTYPE srx [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        "<srx><header cascade=\"yes\"/><body><languagerules><languagerule "
        "languagerulename=\"A\"><rule><beforebreak>&e;</beforebreak></rule></languagerule>"
        "</languagerules><maprules><languagemap languagepattern=\".*\" "
        "languagerulename=\"A\"/></maprules></body></srx>";
    static const char missing[] =
        "<srx><header/><body><maprules><languagemap languagepattern=\".*\" "
        "languagerulename=\"Nope\"/></maprules></body></srx>";
    /* an element with thousands of attributes never reaches libxml2's quadratic check */
    {
        bitext_buf b = {0};
        bitext_buf_puts(&b, "<srx><header");
        for (int k = 0; k < 5000; k++)
            bitext_buf_printf(&b, " a%d=\"x\"", k);
        bitext_buf_puts(&b, "/><body/></srx>");
        bitext_error_clear(&err);
        CHECK(srx_open(&r, "attrs.srx", b.data, b.len, "en", &err) == BITEXT_EPARSE);
        CHECK(strstr(err.message, "more than 256 attributes") != NULL && err.offset > 0);
        bitext_buf_free(&b);
    }
    bitext_error_clear(&err);
    CHECK(srx_open(&r, data_path("segment_malformed.srx"), NULL, 0, "en", &err) == BITEXT_EPARSE);
    CHECK(err.line > 0);
    CHECK(strstr(err.message, "well-formed") != NULL);
    bitext_error_clear(&err);
    CHECK(srx_open(&r, data_path("segment_badregex.srx"), NULL, 0, "en", &err) == BITEXT_EPARSE);
    CHECK(err.line == 33);
    CHECK(strstr(err.message, "U_REGEX_MISMATCHED_PAREN") != NULL);
    CHECK(strstr(err.file, "segment_badregex.srx") != NULL);
    bitext_error_clear(&err);
    CHECK(srx_open(&r, "x.srx", not_srx, sizeof not_srx - 1, "en", &err) == BITEXT_EPARSE);
    bitext_error_clear(&err);
    CHECK(srx_open(&r, "m.srx", missing, sizeof missing - 1, "en", &err) == BITEXT_EPARSE);
    CHECK(strstr(err.message, "Nope") != NULL);
    /* an external entity is never loaded: the rule stays empty and harmless */
    bitext_error_clear(&err);
    CHECK(srx_open(&r, "e.srx", entity, sizeof entity - 1, "en", &err) == 0);
    srx_free(r);
    r = NULL;
    CHECK(srx_open(&r, data_path("no-such-file.srx"), NULL, 0, "en", &err) < 0);
    CHECK(r == NULL);
}

/* An SRX file with one break rule (line 4), BEFORE and AFTER as given. */
static srx_rules *one_rule(const char *name, const char *before, const char *after)
{
    char xml[1024];
    srx_rules *r = NULL;
    int n = snprintf(xml, sizeof xml,
                     "<?xml version=\"1.0\"?>\n"
                     "<srx version=\"2.0\"><header cascade=\"yes\"/><body><languagerules>\n"
                     "<languagerule languagerulename=\"A\">\n"
                     "<rule break=\"yes\"><beforebreak>%s</beforebreak><afterbreak>%s"
                     "</afterbreak></rule>\n"
                     "</languagerule></languagerules><maprules><languagemap "
                     "languagepattern=\".*\" languagerulename=\"A\"/></maprules></body></srx>\n",
                     before, after);
    CHECK(srx_open(&r, name, xml, (size_t)n, "en", NULL) == 0);
    return r;
}

/* Runs r over text; returns the work it did, *rc the result. */
static uint64_t work_on(srx_rules *r, const char *text, int *rc, bitext_error *err)
{
    size_t *out = NULL, n = 0, cap = 0;
    bitext_error_clear(err);
    *rc = srx_apply(r, text, 0, strlen(text), NULL, 0, &out, &n, &cap, err);
    free(out);
    return srx_work(r);
}

/* times copies of unit, NUL-terminated (malloc'd). */
static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    for (size_t i = 0; s && i < times; i++)
        memcpy(s + i * n, unit, n);
    if (s)
        s[n * times] = '\0';
    return s;
}

/*
 * The work a rule does grows linearly with the text (x1, x10, x100), whatever the rule: an
 * ordinary rule's work is ten times larger on a ten times longer text; a catastrophic one
 * stops at a budget linear in the text, with an error naming the rule's file and line.
 */
static void test_work_grows_linearly(void)
{
    static const char *ordinary[][2] = {{"[.!?]+", "\\s+\\p{Lu}"}, {"\\b(Dr|Mr)\\.", "\\s"}};
    /* a+b tries every start and runs to the end; (a+)+$ splits the run every way */
    static const char *catastrophic[][3] = {{"a+b", "", "a"}, {"(a+)+$", "", "b"}};
    bitext_error err;
    int rc;
    for (size_t k = 0; k < 2; k++) {
        srx_rules *r = one_rule("work.srx", ordinary[k][0], ordinary[k][1]);
        uint64_t w[3];
        for (size_t i = 0, times = 40; r && i < 3; i++, times *= 10) {
            char *text = repeat("Dr. Smith came home. He was tired! ", times);
            w[i] = work_on(r, text, &rc, &err);
            CHECK(rc == 0);
            free(text);
        }
        CHECK(r && w[1] >= 8 * w[0] && w[1] <= 12 * w[0]);
        CHECK(r && w[2] >= 8 * w[1] && w[2] <= 12 * w[1]);
        srx_free(r);
    }
    for (size_t k = 0; k < 2; k++) {
        srx_rules *r = one_rule("work.srx", catastrophic[k][0], catastrophic[k][1]);
        uint64_t w[3];
        for (size_t i = 0, times = 5; r && i < 3; i++, times *= 10) {
            char *text = repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", times);
            text[strlen(text) - 1] = catastrophic[k][2][0];
            w[i] = work_on(r, text, &rc, &err);
            /* never more than the budget, plus the one step that crossed it */
            CHECK(w[i] <= srx_budget(strlen(text)) + 64);
            CHECK(rc == 0 || rc == BITEXT_EPARSE);
            free(text);
        }
        /* the bound itself is linear: 16 units a byte and a constant */
        CHECK(r && w[2] <= 16 * 500 * 40 + srx_budget(0) + 64 && w[2] > w[1]);
        /* on the longest text the rule is over budget: the error names it */
        CHECK(rc == BITEXT_EPARSE);
        CHECK_STR(err.file, "work.srx");
        CHECK(err.line == 4);
        CHECK(strstr(err.message, "more work than bitext allows") != NULL);
        srx_free(r);
    }
}

/* A catastrophic pattern in a clone: the error names the SRX file and the rule's line. */
static void test_budget_in_clone(void)
{
    srx_rules *r = one_rule("slow.srx", "(a+)+$", ""), *c = NULL;
    char text[64];
    size_t *out = NULL, n = 0, cap = 0;
    bitext_error err;
    snprintf(text, sizeof text, "Eins. %s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    if (!r)
        return;
    CHECK(srx_clone(&c, r, NULL) == 0);
    bitext_error_clear(&err);
    CHECK(srx_apply(c ? c : r, text, 6, strlen(text), NULL, 0, &out, &n, &cap, &err) ==
          BITEXT_EPARSE);
    CHECK_STR(err.file, "slow.srx");
    CHECK(err.line == 4);
    CHECK(strstr(err.message, "paragraph at byte 6 ") != NULL);
    free(out);
    srx_free(c);
    srx_free(r);
}

/* Segments text with the SRX file in xml (len bytes) and joins the segments with "||". */
static char *srx_join_mem(const char *xml, const char *lang, const char *text)
{
    srx_rules *r = NULL;
    size_t *out = NULL, n = 0, cap = 0, from = 0;
    bitext_buf b = {0};
    if (srx_open(&r, "mem.srx", xml, strlen(xml), lang, NULL) < 0 ||
        srx_apply(r, text, 0, strlen(text), NULL, 0, &out, &n, &cap, NULL) < 0) {
        srx_free(r);
        return NULL;
    }
    bitext_buf_puts(&b, "");
    for (size_t i = 0; i <= n; i++) {
        size_t to = i < n ? out[i] : strlen(text), a = from, z = to;
        bitext_trim(text, &a, &z);
        if (a < z)
            bitext_buf_printf(&b, "%s%.*s", b.len ? "||" : "", (int)(z - a), text + a);
        from = to;
    }
    free(out);
    srx_free(r);
    return bitext_buf_detach(&b);
}

/*
 * A plain SRX file is applied as OmegaT 3.6 applies it (Segmenter.getBreaks, MapRule): the
 * language pattern ignores case, a header without "cascade" cascades, each line is segmented
 * on its own, and BEFORE's matches follow one another without overlapping.  Checked against
 * OmegaT 3.6 itself on three articles (scripts/check-omegat-segment).  A file saved by Okapi's
 * tools keeps Okapi's and LanguageTool's every-position semantics.
 */
static void test_omegat_semantics(void)
{
    static const char head[] = "<?xml version=\"1.0\"?><srx version=\"2.0\">%s<body><languagerules>"
        "<languagerule languagerulename=\"X\"><rule break=\"no\"><beforebreak>x\\. x\\."
        "</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule>"
        "<languagerule languagerulename=\"D\"><rule break=\"yes\"><beforebreak>\\."
        "</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules>"
        "<maprules><languagemap languagepattern=\"XX.*\" languagerulename=\"X\"/>"
        "<languagemap languagepattern=\".*\" languagerulename=\"D\"/></maprules></body></srx>";
    char xml[2048];
    char *j;
    snprintf(xml, sizeof xml, head, "<header></header>");
    /* "XX.*" serves "xx"; no cascade attribute: both maps; "x. x." claims 5, not 8 */
    j = srx_join_mem(xml, "xx", "x. x. x. y");
    CHECK_STR(j, "x.||x. x.||y");
    free(j);
    /* no rule sees across a line break */
    j = srx_join_mem(xml, "xx", "x.\nx. y");
    CHECK_STR(j, "x.||x.||y");
    free(j);
    /* cascade="no": only the first map that matches */
    snprintf(xml, sizeof xml, head, "<header cascade=\"no\"></header>");
    j = srx_join_mem(xml, "xx", "x. x. x. y");
    CHECK_STR(j, "x. x. x. y");
    free(j);
    /* Okapi's header: every position is tested, "x. x." claims 5 and 8 */
    snprintf(xml, sizeof xml, head,
             "<header cascade=\"yes\"><options useIcu4jBreakRules=\"no\"/></header>");
    j = srx_join_mem(xml, "xx", "x. x. x. y");
    CHECK_STR(j, "x.||x. x. y");
    free(j);
}

int main(void)
{
    test_maps_and_cascade();
    test_first_rule_wins();
    test_errors();
    test_work_grows_linearly();
    test_omegat_semantics();
    test_budget_in_clone();
    return check_done("test_srx");
}
