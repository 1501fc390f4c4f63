/* lang.c - BCP 47 tags through ICU (uloc_forLanguageTag / uloc_toLanguageTag). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/uloc.h>

#include "bitext/lang.h"
#include "util_int.h"

int bitext_lang_canonical(char *out, const char *tag, bitext_error *err)
{
    char tmp[BITEXT_LANG_MAX], locale[ULOC_FULLNAME_CAPACITY], lang[16];
    UErrorCode status = U_ZERO_ERROR;
    int32_t parsed = 0;
    size_t n;

    out[0] = '\0';
    if (!tag || !*tag || (n = strlen(tag)) >= sizeof tmp)
        return bitext_fail(err, BITEXT_ELANG, "empty or overlong language code");
    /* CAT tools write en_US, EN-us, en-us: accept '_' as '-' before BCP 47 parsing. */
    for (size_t i = 0; i <= n; i++)
        tmp[i] = tag[i] == '_' ? '-' : tag[i];
    uloc_forLanguageTag(tmp, locale, sizeof locale, &parsed, &status);
    if (U_FAILURE(status) || parsed != (int32_t)n)
        return bitext_fail(err, BITEXT_ELANG, "'%s' is not a BCP 47 language code", tag);
    uloc_getLanguage(locale, lang, sizeof lang, &status);
    /* uloc_getISO3Language is "" for codes ISO 639 does not know: reject typos like "xx". */
    if (U_FAILURE(status) || !lang[0] || !uloc_getISO3Language(locale)[0])
        return bitext_fail(err, BITEXT_ELANG, "unknown language code '%s'", tag);
    uloc_toLanguageTag(locale, out, BITEXT_LANG_MAX, 1, &status);
    if (U_FAILURE(status)) {
        out[0] = '\0';
        return bitext_fail(err, BITEXT_ELANG, "'%s' is not a BCP 47 language code", tag);
    }
    return 0;
}

void bitext_lang_primary(char *out, const char *tag)
{
    size_t i = 0;
    for (; tag[i] && tag[i] != '-' && tag[i] != '_' && i + 1 < BITEXT_LANG_MAX; i++)
        out[i] = (char)tolower((unsigned char)tag[i]);
    out[i] = '\0';
}

int bitext_lang_match(const char *want, const char *have)
{
    char a[BITEXT_LANG_MAX], b[BITEXT_LANG_MAX];
    if (!want || !have)
        return 0;
    if (strcasecmp(want, have) == 0)
        return 2;
    bitext_lang_primary(a, want);
    bitext_lang_primary(b, have);
    return a[0] && strcmp(a, b) == 0 ? 1 : 0;
}

const char *bitext_lang_joiner(const char *tag)
{
    static const char *const tight[] = {"zh", "ja", "th", "lo", "km", "my", "bo", NULL};
    char primary[BITEXT_LANG_MAX];
    bitext_lang_primary(primary, tag ? tag : "");
    for (size_t i = 0; tight[i]; i++)
        if (!strcmp(primary, tight[i]))
            return "";
    return " ";
}

int bitext_lang_rtl(const char *tag)
{
    char locale[ULOC_FULLNAME_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    if (!tag || !*tag)
        return 0;
    uloc_forLanguageTag(tag, locale, sizeof locale, NULL, &status);
    return U_SUCCESS(status) && uloc_isRightToLeft(locale);
}
