/* align_cognate.c - cognates by edit distance: "Konstruktion" / "construction".
 *
 * The prefix feature of align_text.c links words that share their first four letters; words
 * that differ early (k/c, ph/f, y/i) or that inflect inside the stem escape it.  Simard,
 * Foster & Isabelle 1992 and Melamed 1999 (LCSR) score such pairs by a normalised string
 * similarity; here 1 - Levenshtein / max length over the folded, transliterated forms, for
 * words of ALIGN_FORM_MIN letters or more, with a threshold of ALIGN_COGNATE_SIM.
 *
 * Comparing every word with every word of the other side would be quadratic, so only the
 * words of the beads of a path are compared (the pairs a sentence aligner can use), at most
 * COG_WORDS per side of a bead, only words that the bead does not already match by identity
 * or by prefix, every distinct word pair once, and at most ALIGN_COGNATE_BUDGET comparisons
 * and COG_LOOKUPS look-ups per document pair: linear in the length of the path, and bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "align_int.h"

#define COG_WORDS 16         /* words per side of a bead compared */
#define COG_MIN_EDITED 5     /* letters of the longer word of an inexact pair */
#define COG_LOOKUPS 8000000  /* word pairs looked up (compared or seen) per document pair */
#define MAX_CP 48            /* = ALIGN_FORM_MAX bytes: at most as many code points */

static size_t decode(uint32_t *cp, const char *s)
{
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len && n < MAX_CP)
        cp[n++] = bitext_utf8_next(s, len, &i);
    return n;
}

/* Levenshtein distance of a and b, or k + 1 as soon as it must exceed k. */
static size_t bounded_levenshtein(const uint32_t *a, size_t la, const uint32_t *b, size_t lb,
                                  size_t k)
{
    size_t row[MAX_CP + 1], diag;
    for (size_t y = 0; y <= lb; y++)
        row[y] = y;
    for (size_t x = 1; x <= la; x++) {
        size_t best = row[0] = x;
        diag = x - 1;
        for (size_t y = 1; y <= lb; y++) {
            size_t up = row[y], v = diag + (a[x - 1] != b[y - 1]);
            v = up + 1 < v ? up + 1 : v;
            v = row[y - 1] + 1 < v ? row[y - 1] + 1 : v;
            diag = up;
            row[y] = v;
            best = v < best ? v : best;
        }
        if (best > k)
            return k + 1;
    }
    return row[lb];
}

/* The largest distance that still reaches the threshold for a longer word of n letters;
 * none between two words of four letters: one letter in four links too many function words
 * (de dass / fr dans, seit / soit). */
static size_t max_distance(size_t n)
{
    return n < COG_MIN_EDITED ? 0 : (size_t)((1.0 - ALIGN_COGNATE_SIM) * (double)n + 1e-9);
}

static double cp_similarity(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    size_t n = la > lb ? la : lb, k = max_distance(n), d;
    if (n == 0 || (la > lb ? la - lb : lb - la) > k)
        return 0;
    d = bounded_levenshtein(a, la, b, lb, k);
    return d > k ? 0 : 1.0 - (double)d / (double)n;
}

double align_similarity(const char *a, const char *b)
{
    uint32_t x[MAX_CP], y[MAX_CP];
    size_t la = decode(x, a), lb = decode(y, b);
    return cp_similarity(x, la, y, lb);
}

/* ---- the pairs already compared ------------------------------------------------------ */

/* True when key was seen before; adds it otherwise.  -1 when out of memory. */
static int seen(align_cognates *c, uint64_t key)
{
    size_t at;
    if (2 * (c->nseen + 1) > c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1u << 12;
        uint64_t *big = calloc(cap, sizeof *big);
        if (!big)
            return -1;
        for (size_t k = 0; k < c->cap; k++)
            if (c->seen[k]) {
                at = align_mix(c->seen[k]) & (cap - 1);
                while (big[at])
                    at = (at + 1) & (cap - 1);
                big[at] = c->seen[k];
            }
        free(c->seen);
        c->seen = big;
        c->cap = cap;
    }
    at = align_mix(key) & (c->cap - 1);
    while (c->seen[at] && c->seen[at] != key)
        at = (at + 1) & (c->cap - 1);
    if (c->seen[at])
        return 1;
    c->seen[at] = key;
    c->nseen++;
    return 0;
}

/* ---- one bead ------------------------------------------------------------------------ */

typedef struct {
    uint32_t id;
    size_t len;          /* letters */
    uint64_t sig;        /* letters present */
    size_t n;            /* letters decoded into cp, 0 until needed */
    uint32_t cp[MAX_CP];
} cand;

/* An edit changes at most two bits of the letters-present signature (one letter gone, one
 * new), so words whose signatures differ in more than 2k bits are more than k edits apart. */
static uint64_t signature(const uint32_t *cp, size_t n)
{
    uint64_t sig = 0;
    for (size_t k = 0; k < n; k++)
        sig |= 1ULL << (cp[k] & 63);
    return sig;
}

/* Letters and signature of every form, once per document pair: the filters of a pair then
 * need no decoding. */
static int index_forms(align_cognates *c)
{
    uint32_t cp[MAX_CP];
    c->len = calloc(c->nform ? c->nform : 1, 1);
    c->sig = calloc(c->nform ? c->nform : 1, sizeof *c->sig);
    if (!c->len || !c->sig)
        return BITEXT_ENOMEM;
    for (size_t id = 0; id < c->nform; id++)
        if (c->form[id]) {
            size_t n = decode(cp, c->form[id]);
            c->len[id] = (uint8_t)n;
            c->sig[id] = signature(cp, n);
        }
    return 0;
}

static bool has(const uint32_t *v, size_t n, uint32_t id)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] == id)
            return true;
    return false;
}

/* The words of v (not in other, distinct, with a form) decoded, at most COG_WORDS. */
static size_t candidates(cand *out, const align_cognates *c, const uint32_t *v, size_t n,
                         const uint32_t *other, size_t nother)
{
    size_t m = 0;
    for (size_t k = 0; k < n && m < COG_WORDS; k++) {
        bool dup = false;
        if (v[k] >= c->nform || !c->form[v[k]] || has(other, nother, v[k]))
            continue;
        for (size_t x = 0; x < m && !dup; x++)
            dup = out[x].id == v[k];
        if (dup)
            continue;
        out[m].id = v[k];
        out[m].len = c->len[v[k]];
        out[m].sig = c->sig[v[k]];
        out[m].n = 0;
        m++;
    }
    return m;
}

static void decoded(const align_cognates *c, cand *w)
{
    if (!w->n)
        w->n = decode(w->cp, c->form[w->id]);
}

/* The prefix feature (first four letters of words of five or more) already links them. */
static bool prefix_linked(const cand *a, const cand *b)
{
    return a->n > 4 && b->n > 4 && memcmp(a->cp, b->cp, 4 * sizeof a->cp[0]) == 0;
}

static int add_pair(align_cognates *c, uint32_t f, uint32_t e)
{
    if (bitext_grow((void **)&c->pairs, &c->pcap, c->npairs + 1, sizeof *c->pairs) < 0)
        return BITEXT_ENOMEM;
    c->pairs[c->npairs++] = (align_pair){f, e};
    return 0;
}

int align_cognate_bead(align_cognates *c, const uint32_t *src, size_t ns, const uint32_t *tgt,
                       size_t nt)
{
    cand a[COG_WORDS], b[COG_WORDS];
    size_t na, nb;
    if (c->compared >= ALIGN_COGNATE_BUDGET || c->looked >= COG_LOOKUPS)
        return 0;
    if (!c->len && index_forms(c) < 0)
        return BITEXT_ENOMEM;
    na = candidates(a, c, src, ns, tgt, nt);
    nb = na ? candidates(b, c, tgt, nt, src, ns) : 0;
    for (size_t x = 0; x < na; x++)
        for (size_t y = 0; y < nb && c->compared < ALIGN_COGNATE_BUDGET; y++) {
            size_t la = a[x].len, lb = b[y].len, n = la > lb ? la : lb;
            size_t gap = la > lb ? la - lb : lb - la, k = max_distance(n);
            int was;
            if (gap > k || !k || (size_t)__builtin_popcountll(a[x].sig ^ b[y].sig) > 2 * k)
                continue; /* cannot reach the threshold */
            decoded(c, &a[x]);
            decoded(c, &b[y]);
            if (prefix_linked(&a[x], &b[y]))
                continue; /* matched already */
            c->looked++;
            if ((was = seen(c, ((uint64_t)a[x].id << 32) | b[y].id)) < 0)
                return BITEXT_ENOMEM;
            if (was)
                continue;
            c->compared++;
            if (cp_similarity(a[x].cp, a[x].n, b[y].cp, b[y].n) >= ALIGN_COGNATE_SIM &&
                add_pair(c, a[x].id, b[y].id) < 0)
                return BITEXT_ENOMEM;
        }
    return 0;
}

void align_cognates_free(align_cognates *c)
{
    free(c->seen);
    free(c->pairs);
    free(c->len);
    free(c->sig);
    c->seen = NULL;
    c->pairs = NULL;
    c->len = NULL;
    c->sig = NULL;
    c->nseen = c->cap = c->npairs = c->pcap = 0;
}
