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

/* A catastrophic pattern times out: the error names the SRX file and the rule's line. */
static void test_timeout(void)
{
    static const char slow[] =
        "<?xml version=\"1.0\"?>\n"
        "<srx version=\"2.0\"><header cascade=\"yes\"/><body><languagerules>\n"
        "<languagerule languagerulename=\"A\">\n"
        "<rule break=\"yes\"><beforebreak>(a+)+$</beforebreak><afterbreak/></rule>\n"
        "</languagerule></languagerules><maprules><languagemap languagepattern=\".*\" "
        "languagerulename=\"A\"/></maprules></body></srx>\n";
    char text[64];
    srx_rules *r = NULL, *c = NULL;
    size_t *out = NULL, n = 0, cap = 0;
    bitext_error err;
    snprintf(text, sizeof text, "Eins. %s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    bitext_error_clear(&err);
    CHECK(srx_open(&r, "slow.srx", slow, sizeof slow - 1, "en", &err) == 0);
    if (!r)
        return;
    CHECK(srx_clone(&c, r, &err) == 0);
    bitext_error_clear(&err);
    CHECK(srx_apply(c ? c : r, text, 6, strlen(text), NULL, 0, &out, &n, &cap, &err) ==
          BITEXT_EPARSE);
    CHECK_STR(err.file, "slow.srx");
    CHECK(err.line == 4);
    CHECK(strstr(err.message, "timed out on the input") != NULL);
    CHECK(strstr(err.message, "byte 6 ") != NULL);
    free(out);
    srx_free(c);
    srx_free(r);
}

int main(void)
{
    test_maps_and_cascade();
    test_first_rule_wins();
    test_errors();
    test_timeout();
    return check_done("test_srx");
}
