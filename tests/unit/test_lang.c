/* test_lang.c - BCP 47 canonical forms and CAT-tool-style matching. */
#include "bitext/bitext.h"
#include "check.h"

static void canon(const char *in, const char *want)
{
    char out[BITEXT_LANG_MAX];
    int rc = bitext_lang_canonical(out, in, NULL);
    CHECK(rc == 0);
    CHECK_STR(out, want);
}

static void bad(const char *in)
{
    char out[BITEXT_LANG_MAX];
    bitext_error err;
    bitext_error_clear(&err);
    CHECK(bitext_lang_canonical(out, in, &err) == BITEXT_ELANG);
    CHECK(err.message[0] != '\0');
}

int main(void)
{
    char p[BITEXT_LANG_MAX];
    canon("en", "en");
    canon("EN_us", "en-US");
    canon("en-us", "en-US");
    canon("pt_br", "pt-BR");
    canon("zh-hans-cn", "zh-Hans-CN");
    canon("PL", "pl");
    canon("de-CH", "de-CH");
    canon("sr-Latn", "sr-Latn");
    bad("");
    bad("xx");
    bad("p!");
    bad("english");
    bad("en--US");
    bitext_lang_primary(p, "en-GB");
    CHECK_STR(p, "en");
    CHECK(bitext_lang_match("en-GB", "en-gb") == 2);
    CHECK(bitext_lang_match("en", "en-GB") == 1);
    CHECK(bitext_lang_match("fr-CA", "fr") == 1);
    CHECK(bitext_lang_match("en", "de") == 0);
    CHECK(bitext_lang_match("es", "eu") == 0);
    return check_done("test_lang");
}
