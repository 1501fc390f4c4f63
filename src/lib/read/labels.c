/* read/labels.c - encoding labels as browsers read them.
 *
 * The table is the WHATWG Encoding Standard's (section 4.2, "Names and labels"): every label
 * a page may write in <meta charset> or an HTTP header, mapped to one of the standard's
 * encodings.  Browsers deliberately read several labels as a superset (iso-8859-1, ascii and
 * latin1 as windows-1252; gb2312 as GBK, whose decoder is gb18030's; ks_c_5601-1987 as
 * EUC-KR, i.e. windows-949), because pages rely on it.  Each encoding names the ICU
 * converter that decodes it as the standard's index does.
 */
#include <stdio.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "read_int.h"

typedef struct {
    const char *name;            /* the standard's name */
    const char *icu;             /* ICU converter, NULL for the built-in decoders */
    bitext_encoding_kind kind;
    const char *labels;          /* space-separated, lower case */
} encoding_row;

static const encoding_row rows[] = {
    {"UTF-8", NULL, BITEXT_ENC_UTF8,
     "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"IBM866", "ibm-866", BITEXT_ENC_ICU, "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "ISO-8859-2", BITEXT_ENC_ICU,
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 "
     "latin2"},
    {"ISO-8859-3", "ISO-8859-3", BITEXT_ENC_ICU,
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 "
     "latin3"},
    {"ISO-8859-4", "ISO-8859-4", BITEXT_ENC_ICU,
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 "
     "latin4"},
    {"ISO-8859-5", "ISO-8859-5", BITEXT_ENC_ICU,
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
     "iso_8859-5:1988"},
    {"ISO-8859-6", "ISO-8859-6", BITEXT_ENC_ICU,
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
     "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"ISO-8859-7", "ISO-8859-7", BITEXT_ENC_ICU,
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 "
     "iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", "ISO-8859-8", BITEXT_ENC_ICU,
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 "
     "iso88598 iso_8859-8 iso_8859-8:1988 visual"},
    {"ISO-8859-8-I", "ISO-8859-8", BITEXT_ENC_ICU, "csiso88598i iso-8859-8-i logical"},
    {"ISO-8859-10", "ISO-8859-10", BITEXT_ENC_ICU,
     "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"ISO-8859-13", "ISO-8859-13", BITEXT_ENC_ICU, "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "ISO-8859-14", BITEXT_ENC_ICU, "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "ISO-8859-15", BITEXT_ENC_ICU,
     "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"ISO-8859-16", NULL, BITEXT_ENC_LATIN10, "iso-8859-16"},
    {"KOI8-R", "KOI8-R", BITEXT_ENC_ICU, "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "KOI8-U", BITEXT_ENC_ICU, "koi8-ru koi8-u"},
    {"macintosh", "macintosh", BITEXT_ENC_ICU, "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", "windows-874", BITEXT_ENC_ICU,
     "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"windows-1250", "windows-1250", BITEXT_ENC_ICU, "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", "windows-1251", BITEXT_ENC_ICU, "cp1251 windows-1251 x-cp1251"},
    {"windows-1252", "windows-1252", BITEXT_ENC_ICU,
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {"windows-1253", "windows-1253", BITEXT_ENC_ICU, "cp1253 windows-1253 x-cp1253"},
    {"windows-1254", "windows-1254", BITEXT_ENC_ICU,
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
     "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254"},
    {"windows-1255", "windows-1255", BITEXT_ENC_ICU, "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", "windows-1256", BITEXT_ENC_ICU, "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", "windows-1257", BITEXT_ENC_ICU, "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", "windows-1258", BITEXT_ENC_ICU, "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic", BITEXT_ENC_ICU, "x-mac-cyrillic x-mac-ukrainian"},
    /* the standard's GBK decoder is its gb18030 decoder (a superset) */
    {"GBK", "gb18030", BITEXT_ENC_ICU,
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk"},
    {"gb18030", "gb18030", BITEXT_ENC_ICU, "gb18030"},
    {"Big5", "Big5-HKSCS", BITEXT_ENC_ICU, "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "EUC-JP", BITEXT_ENC_ICU, "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"ISO-2022-JP", "ISO-2022-JP", BITEXT_ENC_ICU, "csiso2022jp iso-2022-jp"},
    {"Shift_JIS", "windows-31j", BITEXT_ENC_ICU,
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"EUC-KR", "windows-949", BITEXT_ENC_ICU,
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949"},
    {"replacement", NULL, BITEXT_ENC_REPLACEMENT,
     "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement"},
    {"UTF-16BE", "UTF-16BE", BITEXT_ENC_UTF16, "unicodefffe utf-16be"},
    {"UTF-16LE", "UTF-16LE", BITEXT_ENC_UTF16,
     "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"x-user-defined", NULL, BITEXT_ENC_USER_DEFINED, "x-user-defined"},
};

static void fill(bitext_encoding *out, const encoding_row *r)
{
    snprintf(out->name, sizeof out->name, "%s", r->name);
    snprintf(out->icu, sizeof out->icu, "%s", r->icu ? r->icu : "");
    out->kind = r->kind;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Does the space-separated list hold the label (already lower case)? */
static bool listed(const char *labels, const char *label, size_t n)
{
    for (const char *p = labels; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && memcmp(p, label, n) == 0)
            return true;
        p += k;
        p += *p == ' ';
    }
    return false;
}

bool bitext_encoding_for_label(bitext_encoding *out, const char *label, size_t len)
{
    char low[48];
    size_t n = 0;
    while (len && is_ws(*label))
        label++, len--;
    while (len && is_ws(label[len - 1]))
        len--;
    if (len == 0 || len >= sizeof low)
        return false;
    for (size_t i = 0; i < len; i++)
        low[n++] = label[i] >= 'A' && label[i] <= 'Z' ? (char)(label[i] + 32) : label[i];
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (listed(rows[i].labels, low, n)) {
            fill(out, &rows[i]);
            return true;
        }
    return false;
}

int bitext_encoding_for_user(bitext_encoding *out, const char *name, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv;
    if (bitext_encoding_for_label(out, name, strlen(name)))
        return 0;
    /* not a web label: any encoding ICU knows (UTF-32LE, cp437, ...) is the user's choice */
    cv = ucnv_open(name, &st);
    ucnv_close(cv);
    if (U_FAILURE(st) || strlen(name) >= sizeof out->icu)
        return bitext_fail(err, BITEXT_EINVAL, "unknown encoding '%s'", name);
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->icu, sizeof out->icu, "%s", name);
    out->kind = BITEXT_ENC_ICU;
    return 0;
}

void bitext_encoding_utf8(bitext_encoding *out)
{
    fill(out, &rows[0]);
}

bool bitext_encoding_ascii_compatible(const bitext_encoding *e)
{
    return e->kind != BITEXT_ENC_UTF16 && e->kind != BITEXT_ENC_REPLACEMENT &&
           strncmp(e->icu, "UTF-32", 6) != 0 && strcmp(e->name, "ISO-2022-JP") != 0;
}
