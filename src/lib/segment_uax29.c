/*
 * segment_uax29.c - the sentence boundaries of Unicode's default rules (UAX #29, "Unicode Text
 * Segmentation", section 5.1, rules SB1-SB11), found in one pass over UTF-8 without ICU's
 * break iterator.  They are only candidates: bitext's exception rules judge each one, so this
 * needs no locale data (CLDR's abbreviation suppressions are replaced by bitext's own lists).
 * The character classes are Unicode's Sentence_Break property, through ICU; ASCII, which
 * holds most of the terminals of most text, is classified inline.
 *
 * Doing this here rather than running ICU's iterator and then the rules halves the work per
 * byte: the rules already look at every terminal, and ICU's iterator, a state machine over
 * every character, costs as much as all of them (scripts/bench-segment).
 */
#include <pthread.h>

#include <unicode/uchar.h>
#include <unicode/uset.h>

#include <string.h>

#include "segment_rules_int.h"
#include "util_int.h"

#define LOOKAHEAD 64 /* characters SB8 looks ahead for a lower-case letter; then a break */

typedef struct {
    const char *s;
    size_t pe;
} text;

/* The code points of the BMP whose class matters at a terminal (ATerm, STerm, Sep): a
 * bitmap made once from ICU's property data, so that the scan decodes and tests a non-ASCII
 * character in a few instructions instead of a property lookup. */
static uint8_t special[0x10000 / 8], transparent[0x10000 / 8];
static pthread_once_t special_once = PTHREAD_ONCE_INIT;

/* Sets the bits of the BMP code points of a set written as an ICU pattern. */
static void fill(uint8_t *bits, const UChar *pattern)
{
    UErrorCode st = U_ZERO_ERROR;
    USet *set = uset_openPattern(pattern, -1, &st);
    for (int32_t k = 0; U_SUCCESS(st) && k < uset_getRangeCount(set); k++) {
        UChar32 a, b;
        uset_getItem(set, k, &a, &b, NULL, 0, &st);
        for (UChar32 cp = a; U_SUCCESS(st) && cp <= b && cp < 0x10000;) {
            if ((cp & 7) == 0 && cp + 7 <= b) { /* whole bytes at once */
                bits[cp >> 3] = 0xFF;
                cp += 8;
            } else {
                bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
                cp++;
            }
        }
    }
    if (U_FAILURE(st)) /* no ICU data: every character gets the full lookup */
        memset(bits, 0xFF, 0x10000 / 8);
    uset_close(set);
}

static void make_special(void)
{
    fill(special, u"[[:Sentence_Break=ATerm:][:Sentence_Break=STerm:][:Sentence_Break=Sep:]]");
    fill(transparent, u"[[:Sentence_Break=Extend:][:Sentence_Break=Format:]]");
}

static bool in_bits(const uint8_t *bits, uint32_t cp)
{
    return cp > 0xFFFF || (bits[cp >> 3] >> (cp & 7) & 1);
}

static bool may_be_special(uint32_t cp)
{
    return in_bits(special, cp);
}

static int sb_class(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z')
            return U_SB_LOWER;
        if (cp >= 'A' && cp <= 'Z')
            return U_SB_UPPER;
        if (cp >= '0' && cp <= '9')
            return U_SB_NUMERIC;
        switch (cp) {
        case ' ': case '\t': case '\v': case '\f': return U_SB_SP;
        case '\n': return U_SB_LF;
        case '\r': return U_SB_CR;
        case '.': return U_SB_ATERM;
        case '!': case '?': return U_SB_STERM;
        case ',': case '-': case ':': return U_SB_SCONTINUE;
        case '"': case '\'': case '(': case ')': case '[': case ']': case '{': case '}':
            return U_SB_CLOSE;
        default: return U_SB_OTHER;
        }
    }
    return u_getIntPropertyValue((UChar32)cp, UCHAR_SENTENCE_BREAK);
}

/* The class of the character at *i (advanced past it and past Extend and Format: SB5). */
static int next_class(const text *t, size_t *i)
{
    uint32_t cp = seg_next(t->s, t->pe, i);
    int cls = sb_class(cp);
    while (*i < t->pe && (unsigned char)t->s[*i] >= 0x80) {
        size_t j = *i;
        uint32_t next = seg_next(t->s, t->pe, &j);
        int k;
        if (!in_bits(transparent, next) ||
            ((k = sb_class(next)) != U_SB_EXTEND && k != U_SB_FORMAT))
            break;
        *i = j;
    }
    return cls;
}

static int class_at(const text *t, size_t i)
{
    return i < t->pe ? next_class(t, &i) : -1;
}

static bool is_sep(int cls)
{
    return cls == U_SB_SEP || cls == U_SB_CR || cls == U_SB_LF;
}

/* SB8: after ATerm Close* Sp*, no break when the next letter, past anything that is no
 * letter, separator or terminal, is in lower case. */
static bool lower_follows(const text *t, size_t i)
{
    for (int n = 0; i < t->pe && n < LOOKAHEAD; n++) {
        int cls = next_class(t, &i);
        if (cls == U_SB_LOWER)
            return true;
        if (cls == U_SB_OLETTER || cls == U_SB_UPPER || is_sep(cls) || cls == U_SB_ATERM ||
            cls == U_SB_STERM)
            return false;
    }
    return false;
}

/* The class of the character before i (for SB7). */
static int class_before(const text *t, size_t i)
{
    size_t b = i;
    if (i == 0)
        return -1;
    seg_prev(t->s, &b);
    return class_at(t, b);
}

/*
 * The boundary after the terminal run that starts at i (a break after it, its closing marks,
 * spaces and one paragraph separator), or 0 when the rules keep the text together there.
 * *end receives where the scan goes on.  Each character is classified once.
 */
static size_t after_terminal_run(const text *t, size_t i, size_t *end)
{
    size_t j = i, k, run = 0;
    int last = -1, cls = -1;
    while (j < t->pe) {
        k = j;
        cls = next_class(t, &k);
        if (cls != U_SB_ATERM && cls != U_SB_STERM)
            break;
        last = cls;
        j = k;
        run++;
    }
    *end = j;
    if (j >= t->pe)
        return 0; /* the end of the paragraph is a boundary anyway */
    /* SB6 "3.5", SB7 "U.S": a lone ATerm before these is no end */
    if (last == U_SB_ATERM && run == 1 &&
        (cls == U_SB_NUMERIC || (cls == U_SB_UPPER && (class_before(t, i) == U_SB_UPPER ||
                                                       class_before(t, i) == U_SB_LOWER))))
        return 0;
    for (bool sp = false; j < t->pe; j = k) { /* Close* Sp* */
        k = j;
        cls = next_class(t, &k);
        if (!(cls == U_SB_CLOSE && !sp) && cls != U_SB_SP)
            break;
        sp |= cls == U_SB_SP;
    }
    if (j >= t->pe)
        return 0;
    if (is_sep(cls)) { /* SB9-SB11: the separator goes with the sentence (CR LF as one) */
        if (cls == U_SB_CR && k < t->pe && t->s[k] == '\n')
            k++;
        return k < t->pe ? k : 0;
    }
    if (cls == U_SB_SCONTINUE || cls == U_SB_STERM || cls == U_SB_ATERM)
        return 0; /* SB8a */
    if (last == U_SB_ATERM && (cls == U_SB_LOWER || (cls != U_SB_OLETTER && cls != U_SB_UPPER &&
                                                      lower_follows(t, j))))
        return 0; /* SB8 */
    return j;
}

int seg_uax29_boundaries(const char *s, size_t ps, size_t pe, size_t **out, size_t *n,
                         size_t *cap)
{
    text t = {s, pe};
    size_t i = ps;
    pthread_once(&special_once, make_special);
    while (i < pe) {
        unsigned char ch;
        size_t b = 0, end;
        while (i < pe && (unsigned char)s[i] < 0x80 && s[i] != '.' && s[i] != '!' &&
               s[i] != '?' && s[i] != '\n' && s[i] != '\r')
            i++;
        if (i >= pe)
            break;
        ch = (unsigned char)s[i];
        end = i + 1;
        if (ch == '.' || ch == '!' || ch == '?') {
            b = after_terminal_run(&t, i, &end);
        } else if (ch == '\n' || ch == '\r') { /* SB4: a break after a separator */
            end = ch == '\r' && i + 1 < pe && s[i + 1] == '\n' ? i + 2 : i + 1;
            b = end < pe ? end : 0;
        } else if (ch >= 0x80) {
            size_t j = i;
            int cls;
            if (!may_be_special(seg_next(s, pe, &j))) {
                i = j; /* a letter, a digit, a mark: nothing happens here */
                continue;
            }
            j = i;
            cls = next_class(&t, &j);
            if (cls == U_SB_ATERM || cls == U_SB_STERM)
                b = after_terminal_run(&t, i, &end);
            else if (cls == U_SB_SEP)
                b = j < pe ? j : 0, end = j;
            else
                end = j;
        }
        if (b > ps && (*n == 0 || (*out)[*n - 1] < b)) {
            if (bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0)
                return BITEXT_ENOMEM;
            (*out)[(*n)++] = b;
        }
        i = end > i ? end : i + 1;
    }
    return 0;
}
