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
#include <unicode/uchar.h>

#include "segment_rules_int.h"
#include "util_int.h"

#define LOOKAHEAD 64 /* characters SB8 looks ahead for a lower-case letter; then a break */

typedef struct {
    const char *s;
    size_t pe;
} text;

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
    uint32_t cp = bitext_utf8_next(t->s, t->pe, i);
    int cls = sb_class(cp);
    while (*i < t->pe && (unsigned char)t->s[*i] >= 0x80) {
        size_t j = *i;
        int k = sb_class(bitext_utf8_next(t->s, t->pe, &j));
        if (k != U_SB_EXTEND && k != U_SB_FORMAT)
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

/*
 * The boundary after the terminal run that starts at i (a break after it, its closing marks,
 * spaces and one paragraph separator), or 0 when the rules keep the text together there.
 * *end receives where the scan goes on.
 */
static size_t after_terminal_run(const text *t, size_t i, size_t *end)
{
    size_t j = i, k, run = 0;
    int last = -1, cls, prev = -1;
    if (i > 0) { /* the class of the character before the run, for SB7 */
        size_t b = i;
        bitext_utf8_prev(t->s, &b);
        prev = class_at(t, b);
    }
    while (j < t->pe && ((cls = class_at(t, j)) == U_SB_ATERM || cls == U_SB_STERM)) {
        last = cls;
        next_class(t, &j);
        run++;
    }
    *end = j;
    /* SB6 "3.5", SB7 "U.S": a lone ATerm between these is no end */
    cls = class_at(t, j);
    if (last == U_SB_ATERM && run == 1 &&
        (cls == U_SB_NUMERIC || (cls == U_SB_UPPER && (prev == U_SB_UPPER || prev == U_SB_LOWER))))
        return 0;
    while (j < t->pe && class_at(t, j) == U_SB_CLOSE)
        next_class(t, &j);
    while (j < t->pe && class_at(t, j) == U_SB_SP)
        next_class(t, &j);
    if (j >= t->pe)
        return 0; /* the end of the paragraph is a boundary anyway */
    cls = class_at(t, j);
    k = j;
    if (is_sep(cls)) { /* SB9-SB11: the separator goes with the sentence (CR LF as one) */
        next_class(t, &k);
        if (cls == U_SB_CR && k < t->pe && t->s[k] == '\n')
            k++;
        return k < t->pe ? k : 0;
    }
    if (cls == U_SB_SCONTINUE || cls == U_SB_STERM || cls == U_SB_ATERM)
        return 0; /* SB8a */
    if (last == U_SB_ATERM && lower_follows(t, j))
        return 0; /* SB8 */
    return j;
}

int seg_uax29_boundaries(const char *s, size_t ps, size_t pe, size_t **out, size_t *n,
                         size_t *cap)
{
    text t = {s, pe};
    size_t i = ps;
    while (i < pe) {
        unsigned char ch = (unsigned char)s[i];
        size_t b = 0, end = i + 1;
        if (ch == '.' || ch == '!' || ch == '?') {
            b = after_terminal_run(&t, i, &end);
        } else if (ch == '\n' || ch == '\r') { /* SB4: a break after a separator */
            end = ch == '\r' && i + 1 < pe && s[i + 1] == '\n' ? i + 2 : i + 1;
            b = end < pe ? end : 0;
        } else if (ch >= 0x80) {
            size_t j = i;
            int cls = next_class(&t, &j);
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
