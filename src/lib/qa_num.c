/*
 * qa_num.c - the numbers of a segment, read the way its language writes them.
 *
 * Digits go through the aligner's reading (align_number: group and decimal separators per
 * language), so the check and the aligner agree on what a number is.  Around them, words
 * change the value: scale words (2,3 tys. = 2300), day periods (10 p.m. = 22), and words
 * stand for numbers on their own (March = 3, twelve = 12, XXI = 21).  No word list is
 * written here: each language's words come from its CLDR data through ICU - compact number
 * formats (short and long: "tys.", "mln", "thousand", "Millionen", "万"), the AM/PM symbols,
 * month names (format and stand-alone, wide and abbreviated) and the spell-out rules of
 * every cardinal rule set (so Polish has "dwa" and "dwie").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>

#include "align_int.h"
#include "qa_int.h"

#define WORD_MAX 64          /* bytes of a folded word */
#define SPELL_MAX 20         /* spelled-out numbers 0..20, then the tens, 100 and 1000 */

enum { W_SCALE, W_AM, W_PM, W_SOFT };

typedef struct {
    char word[WORD_MAX];
    int kind;
    double value;            /* NAN when the language gives one word two values */
} qa_word;

struct qa_lang {
    bool dcomma;
    qa_word *w;
    size_t n, cap;
};

/* ---- words ------------------------------------------------------------------------------ */

/* The folded form of a word (lower case, no dots or soft hyphens) into out; its length in
 * code points, 0 when it is not one word of letters. */
static size_t fold_u(char out[WORD_MAX], const UChar *s, int32_t n)
{
    UChar low[WORD_MAX];
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = u_strToLower(low, WORD_MAX, s, n, "", &st);
    size_t k = 0, cps = 0;
    if (U_FAILURE(st) || m >= WORD_MAX)
        return 0;
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        U16_NEXT(low, i, m, c);
        if (c == '.' || c == 0xAD)
            continue;
        if ((!u_isalpha(c) && u_charType(c) != U_NON_SPACING_MARK) || k + 5 > WORD_MAX)
            return 0;
        k += bitext_utf8_encode((uint32_t)c, out + k);
        cps++;
    }
    out[k] = '\0';
    return cps;
}

static size_t fold_utf8(char out[WORD_MAX], const char *s, size_t len)
{
    UChar u[WORD_MAX];
    int32_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(u, WORD_MAX, &n, s, (int32_t)len, &st);
    return U_FAILURE(st) || n >= WORD_MAX ? 0 : fold_u(out, u, n);
}

/* Scripts whose number words may be one character long and stand glued to the next word
 * ("万人", "3만명"). */
static bool is_cjk(uint32_t cp)
{
    return bitext_is_unspaced(cp) || bitext_is_hangul(cp);
}

/* Adds a word of the language; single letters are left out ("m" is a metre as often as a
 * million), as are words of a script written with spaces shorter than min letters. */
static int add_word(qa_lang *l, const UChar *s, int32_t n, int kind, double value, size_t min)
{
    qa_word w = {{0}, kind, value};
    size_t cps = fold_u(w.word, s, n), at = 0;
    uint32_t first;
    if (cps == 0)
        return 0;
    first = bitext_utf8_next(w.word, strlen(w.word), &at);
    if (cps < (is_cjk(first) ? 1 : min > 2 ? min : 2))
        return 0;
    if (bitext_grow((void **)&l->w, &l->cap, l->n + 1, sizeof *l->w) < 0)
        return BITEXT_ENOMEM;
    l->w[l->n++] = w;
    return 0;
}

static int word_cmp(const void *a, const void *b)
{
    const qa_word *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    return c ? c : x->kind - y->kind;
}

/* Sorts the table; a word with two values of one kind gets none (NAN): it is ambiguous. */
static void finish(qa_lang *l)
{
    size_t keep = 0;
    qsort(l->w, l->n, sizeof *l->w, word_cmp);
    for (size_t k = 0; k < l->n; k++) {
        if (keep && word_cmp(&l->w[keep - 1], &l->w[k]) == 0) {
            if (l->w[keep - 1].value != l->w[k].value)
                l->w[keep - 1].value = NAN;
            continue;
        }
        l->w[keep++] = l->w[k];
    }
    l->n = keep;
}

static const qa_word *find(const qa_lang *l, const char *word, int kind)
{
    qa_word key;
    const qa_word *w;
    snprintf(key.word, sizeof key.word, "%s", word);
    key.kind = kind;
    w = l->n ? bsearch(&key, l->w, l->n, sizeof *l->w, word_cmp) : NULL;
    return w && !isnan(w->value) ? w : NULL;
}

/* ---- the language's words from ICU ------------------------------------------------------ */

/* The value a formatted number shows (its integer and fraction fields), 0 when none. */
static double shown_value(const UFormattedNumber *res, const UChar *text)
{
    static const int fields[] = {UNUM_INTEGER_FIELD, UNUM_FRACTION_FIELD};
    char digits[64];
    size_t k = 0;
    for (int f = 0; f < 2; f++) {
        UFieldPosition fp = {fields[f], 0, 0};
        UErrorCode st = U_ZERO_ERROR;
        if (!unumf_resultNextFieldPosition(res, &fp, &st) || U_FAILURE(st))
            continue;
        if (f == 1)
            digits[k++] = '.';
        for (int32_t i = fp.beginIndex; i < fp.endIndex && k < sizeof digits - 2; i++)
            if (u_isdigit(text[i]))
                digits[k++] = (char)('0' + u_charDigitValue(text[i]));
    }
    digits[k] = '\0';
    return k ? strtod(digits, NULL) : 0;
}

/* Scale words of one compact notation ("compact-short": tys., mln; "compact-long":
 * tysiące, millions): for each magnitude, the compact field of a few values (plural forms)
 * and the power of ten it stands for. */
static int add_compact(qa_lang *l, const char *loc, const char *skeleton)
{
    static const double mant[] = {1, 2, 5, 22};
    UChar sk[32], text[64];
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormatter *f;
    UFormattedNumber *res;
    int rc = 0;
    u_uastrcpy(sk, skeleton);
    f = unumf_openForSkeletonAndLocale(sk, -1, loc, &st);
    res = unumf_openResult(&st);
    for (int p = 3; p <= 12 && U_SUCCESS(st) && rc == 0; p++)
        for (size_t m = 0; m < sizeof mant / sizeof *mant && rc == 0; m++) {
            double v = mant[m] * pow(10, p), shown;
            UFieldPosition fp = {UNUM_COMPACT_FIELD, 0, 0};
            int32_t n;
            unumf_formatDouble(f, v, res, &st);
            n = unumf_resultToString(res, text, 64, &st);
            if (U_FAILURE(st) || n >= 64 || !unumf_resultNextFieldPosition(res, &fp, &st) ||
                (shown = shown_value(res, text)) <= 0)
                continue;
            rc = add_word(l, text + fp.beginIndex, fp.endIndex - fp.beginIndex, W_SCALE,
                          pow(10, round(log10(v / shown))), 2);
        }
    unumf_closeResult(res);
    unumf_close(f);
    return rc;
}

/* Day periods (AM, PM) and month names (1..12, stand for a number). */
static int add_calendar(qa_lang *l, const char *loc)
{
    static const UDateFormatSymbolType months[] = {
        UDAT_MONTHS, UDAT_SHORT_MONTHS, UDAT_STANDALONE_MONTHS, UDAT_STANDALONE_SHORT_MONTHS};
    UErrorCode st = U_ZERO_ERROR;
    UDateFormat *d = udat_open(UDAT_SHORT, UDAT_NONE, loc, NULL, 0, NULL, 0, &st);
    UChar buf[64];
    int rc = 0;
    for (int32_t i = 0; i < 2 && U_SUCCESS(st) && rc == 0; i++) {
        int32_t n = udat_getSymbols(d, UDAT_AM_PMS, i, buf, 64, &st);
        if (U_SUCCESS(st) && n < 64)
            rc = add_word(l, buf, n, i ? W_PM : W_AM, 0, 2);
    }
    for (size_t t = 0; t < sizeof months / sizeof *months && U_SUCCESS(st) && rc == 0; t++)
        for (int32_t i = 0; i < 12 && U_SUCCESS(st) && rc == 0; i++) {
            int32_t n = udat_getSymbols(d, months[t], i, buf, 64, &st);
            if (U_SUCCESS(st) && n < 64)
                rc = add_word(l, buf, n, W_SOFT, i + 1, 3);
        }
    udat_close(d);
    return rc;
}

/* Spelled-out numbers of one rule set. */
static int add_ruleset(qa_lang *l, UNumberFormat *f, const UChar *name, int32_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar buf[64];
    int rc = 0;
    unum_setTextAttribute(f, UNUM_DEFAULT_RULESET, name, len, &st);
    for (int v = 0; v <= 1000 && U_SUCCESS(st) && rc == 0;
         v += v < SPELL_MAX ? 1 : v < 100 ? 10 : 900) {
        int32_t n = unum_formatInt64(f, v, buf, 64, NULL, &st);
        if (U_SUCCESS(st) && n < 64)
            rc = add_word(l, buf, n, W_SOFT, v, 3);
    }
    return rc;
}

/* Every cardinal rule set of the language's spell-out rules (genders, cases). */
static int add_spellout(qa_lang *l, const char *loc)
{
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, loc, NULL, &st);
    UChar sets[4096];
    int32_t n = U_SUCCESS(st) ? unum_getTextAttribute(f, UNUM_PUBLIC_RULESETS, sets, 4096, &st)
                              : 0;
    int rc = 0;
    for (int32_t i = 0; U_SUCCESS(st) && i < n && n < 4096 && rc == 0;) {
        int32_t e = i;
        UChar prefix[24];
        while (e < n && sets[e] != ';')
            e++;
        u_uastrcpy(prefix, "%spellout-cardinal");
        if (e - i >= u_strlen(prefix) && u_strncmp(sets + i, prefix, u_strlen(prefix)) == 0)
            rc = add_ruleset(l, f, sets + i, e - i);
        i = e + 1;
    }
    unum_close(f);
    return rc;
}

int qa_lang_new(qa_lang **out, const char *lang, bitext_error *err)
{
    qa_lang *l = calloc(1, sizeof *l);
    char loc[ULOC_FULLNAME_CAPACITY];
    UErrorCode st = U_ZERO_ERROR;
    int rc = 0;
    *out = NULL;
    if (!l)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    uloc_forLanguageTag(lang ? lang : "", loc, sizeof loc, NULL, &st);
    if (U_FAILURE(st))
        loc[0] = '\0';
    l->dcomma = align_decimal_comma(lang);
    /* ICU falls back to the root locale for what it does not know: fewer words, no error */
    if ((rc = add_compact(l, loc, "compact-short")) < 0 ||
        (rc = add_compact(l, loc, "compact-long")) < 0 || (rc = add_calendar(l, loc)) < 0 ||
        (rc = add_spellout(l, loc)) < 0) {
        qa_lang_free(l);
        return bitext_fail(err, rc, "out of memory");
    }
    finish(l);
    *out = l;
    return 0;
}

void qa_lang_free(qa_lang *l)
{
    if (!l)
        return;
    free(l->w);
    free(l);
}

/* ---- reading a segment ----------------------------------------------------------------- */

static bool is_letter(uint32_t cp)
{
    return u_isalpha((UChar32)cp) || u_charType((UChar32)cp) == U_NON_SPACING_MARK;
}

static bool is_digit(uint32_t cp)
{
    return u_isdigit((UChar32)cp);
}

static bool is_blank(uint32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

static uint32_t at(const char *s, size_t len, size_t i)
{
    return i < len ? bitext_utf8_next(s, len, &i) : 0;
}

/* The word at s[i] (letters, with dots inside or after them: "p.m.", "tys."); its end. */
static size_t word_end(const char *s, size_t len, size_t i)
{
    size_t e = i;
    while (e < len) {
        size_t p = e;
        uint32_t cp = bitext_utf8_next(s, len, &p);
        if (!is_letter(cp) && !(cp == '.' && e > i) && !(cp == 0xAD && e > i))
            break;
        e = p;
    }
    return e;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
    while (i < len && is_blank(at(s, len, i)))
        bitext_utf8_next(s, len, &i);
    return i;
}

/* A word of the table right after a number (one blank allowed): the word itself, or in a
 * script written without spaces the longest table word that begins the run ("万人").  Its
 * end goes to *end. */
static const qa_word *word_after(const qa_lang *l, const char *s, size_t len, size_t i,
                                 int kind, size_t *end)
{
    char w[WORD_MAX];
    size_t j = skip_blanks(s, len, i), e = word_end(s, len, j);
    const qa_word *hit = NULL;
    if (e == j || !fold_utf8(w, s + j, e - j))
        return NULL;
    if ((hit = find(l, w, kind)) != NULL) {
        *end = e;
        return hit;
    }
    if (!is_cjk(at(s, len, j)))
        return NULL;
    for (size_t k = e; k > j && !hit;) {
        bitext_utf8_prev(s, &k);
        if (k > j && fold_utf8(w, s + j, k - j) && (hit = find(l, w, kind)))
            *end = k;
    }
    return hit;
}

/* A time at s[i]: H:MM, or H.MM where the language writes decimals with a comma or a day
 * period follows (10.30 p.m.).  Its value in hours to *v, its end to *end. */
static bool time_at(const qa_lang *l, const char *s, size_t len, size_t i, double *v,
                    size_t *end)
{
    size_t k = i, hd = 0, p;
    int h = 0, mm;
    uint32_t sep;
    while (k < len && hd < 3 && s[k] >= '0' && s[k] <= '9')
        h = h * 10 + (s[k++] - '0'), hd++;
    if (hd == 0 || hd > 2 || k + 3 > len || h > 24)
        return false;
    sep = (uint8_t)s[k];
    if ((sep != ':' && sep != '.') || !(s[k + 1] >= '0' && s[k + 1] <= '5') ||
        !(s[k + 2] >= '0' && s[k + 2] <= '9') || is_digit(at(s, len, k + 3)))
        return false;
    p = k + 3;
    if (p + 1 < len && (s[p] == '.' || s[p] == ':') && is_digit(at(s, len, p + 1)))
        return false; /* a date (14.03.2026) or H:MM:SS */
    if (sep == '.' && !l->dcomma && !word_after(l, s, len, p, W_AM, end) &&
        !word_after(l, s, len, p, W_PM, end))
        return false;
    mm = (s[k + 1] - '0') * 10 + (s[k + 2] - '0');
    *v = h + mm / 60.0;
    *end = p;
    return true;
}

/* The number at s[*i] with the words that follow it (scale, day period). */
static double read_number(const qa_lang *l, const char *s, size_t len, size_t *i)
{
    char buf[ALIGN_NUMBER_MAX + 1];
    const qa_word *w;
    double v;
    size_t e;
    if (!time_at(l, s, len, *i, &v, i)) {
        size_t k = align_number(buf, s, len, i, l->dcomma);
        buf[k] = '\0';
        v = strtod(buf, NULL);
        if ((w = word_after(l, s, len, *i, W_SCALE, &e)) != NULL) {
            v *= w->value;
            *i = e;
        }
    }
    if (((w = word_after(l, s, len, *i, W_PM, &e)) || (w = word_after(l, s, len, *i, W_AM, &e))) &&
        v < 13) {
        v = w->kind == W_PM ? (v < 12 ? v + 12 : v) : (v >= 12 ? v - 12 : v);
        *i = e;
    }
    return v;
}

/* The value of a Roman numeral of two or more capitals (XXI), 0 when it is not one. */
static int roman(const char *s, size_t n)
{
    static const char sym[] = "IVXLCDM";
    static const int val[] = {1, 5, 10, 50, 100, 500, 1000};
    int total = 0, prev = 0;
    if (n < 2 || n > 12)
        return 0;
    for (size_t k = n; k-- > 0;) {
        const char *p = memchr(sym, s[k], 7);
        int v;
        if (!p || !s[k])
            return 0;
        v = val[p - sym];
        total += v < prev ? -v : v;
        prev = v > prev ? v : prev;
    }
    return total;
}

static int push(qa_num **out, size_t *n, size_t *cap, double v, bool soft)
{
    if (bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0)
        return BITEXT_ENOMEM;
    (*out)[(*n)++] = (qa_num){v, soft};
    return 0;
}

/* A word that stands for a number, or a day period before one ("下午3点"): *pm -1 none,
 * 0 AM, 1 PM for the number that follows. */
static int read_word(const qa_lang *l, const char *s, size_t len, size_t *i, int *period,
                     qa_num **out, size_t *n, size_t *cap)
{
    size_t e = word_end(s, len, *i);
    char w[WORD_MAX];
    const qa_word *hit;
    int r = roman(s + *i, e - *i);
    *period = -1;
    if (r) {
        *i = e;
        return push(out, n, cap, r, true);
    }
    if (fold_utf8(w, s + *i, e - *i)) {
        if ((hit = find(l, w, W_SOFT)) != NULL) {
            *i = e;
            return push(out, n, cap, hit->value, true);
        }
        *period = find(l, w, W_PM) ? 1 : find(l, w, W_AM) ? 0 : -1;
    }
    *i = e;
    return 0;
}

int qa_numbers(qa_num **out, size_t *n, const char *s, size_t len, const qa_lang *l)
{
    size_t i = 0, cap = 0;
    int rc = 0, period = -1;
    *out = NULL;
    *n = 0;
    while (i < len && rc == 0) {
        size_t p = i;
        uint32_t cp = bitext_utf8_next(s, len, &p);
        if (is_digit(cp)) {
            double v = read_number(l, s, len, &i);
            if (period == 1 && v < 12)
                v += 12;
            rc = push(out, n, &cap, v, false);
            period = -1;
        } else if (is_letter(cp) && !is_cjk(cp)) {
            rc = read_word(l, s, len, &i, &period, out, n, &cap);
        } else if (is_cjk(cp)) {
            size_t e;
            const qa_word *w = word_after(l, s, len, i, W_PM, &e);
            if (!w)
                w = word_after(l, s, len, i, W_AM, &e);
            period = w ? w->kind == W_PM : -1;
            i = w ? e : p;
        } else {
            if (!is_blank(cp))
                period = -1;
            i = p;
        }
    }
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- comparing -------------------------------------------------------------------------- */

static bool same(double a, double b)
{
    return fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1);
}

static void put_value(bitext_buf *b, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        bitext_buf_printf(b, "%.0f", v);
    else
        bitext_buf_printf(b, "%.10g", v);
}

size_t qa_numbers_missing(bitext_buf *msg, const qa_num *a, size_t na, const qa_num *b,
                          size_t nb)
{
    bool *used = calloc(nb + 1, sizeof *used);
    size_t missing = 0;
    if (!used)
        return 0;
    /* equal values are interchangeable: a written number first, else a word */
    for (size_t k = 0; k < na; k++) {
        size_t hit = nb;
        if (a[k].soft)
            continue;
        for (size_t j = 0; j < nb && hit == nb; j++)
            if (!used[j] && !b[j].soft && same(a[k].value, b[j].value))
                hit = j;
        for (size_t j = 0; j < nb && hit == nb; j++)
            if (!used[j] && b[j].soft && same(a[k].value, b[j].value))
                hit = j;
        if (hit < nb) {
            used[hit] = true;
            continue;
        }
        if (missing++)
            bitext_buf_puts(msg, ", ");
        put_value(msg, a[k].value);
    }
    free(used);
    return missing;
}
