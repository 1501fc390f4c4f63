/* diff_exact.c - normalised keys and the exact pass of the edition comparison.
 *
 * In-order exact matches come first, found as patience diff finds them (Bram Cohen's
 * patience diff; Myers 1986 for the problem): segments whose text occurs exactly once in
 * each edition anchor; the longest chain of anchors in order on both sides is kept, and the
 * gaps between anchors are matched again recursively (a text unique inside a gap anchors
 * there), so that repeated lines ("Read more", a table separator) pair with the repeat in
 * the same stretch of text, never with one far away.  Identical segments left over are then
 * paired wherever they stand: they are moves.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "bitext/tm.h"
#include "diff_int.h"

#define MAX_DEPTH 64 /* recursion into gaps; deeper gaps take the greedy pass */

static bool is_punct(uint32_t cp)
{
    return u_ispunct((UChar32)cp) || (u_charType((UChar32)cp) == U_MATH_SYMBOL) ||
           u_charType((UChar32)cp) == U_CURRENCY_SYMBOL ||
           u_charType((UChar32)cp) == U_MODIFIER_SYMBOL ||
           u_charType((UChar32)cp) == U_OTHER_SYMBOL;
}

int bitext_diff_normalize(char **out, const char *text, size_t len, unsigned int flags,
                          bitext_error *err)
{
    char *norm = NULL, *tmp = bitext_strndup(text, len);
    size_t i = 0, k = 0, n;
    bool space = false;
    int rc;
    *out = NULL;
    if (!tmp)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    rc = bitext_tm_normalize(&norm, tmp, err);
    free(tmp);
    if (rc < 0)
        return rc;
    n = strlen(norm);
    /* drop what the flags ignore; a space left between two kept words stays one space */
    while (i < n) {
        size_t at = i;
        uint32_t cp = bitext_utf8_next(norm, n, &i);
        if (cp == ' ') {
            space = !(flags & BITEXT_DIFF_IGNORE_SPACE) && k > 0;
            continue;
        }
        if ((flags & BITEXT_DIFF_IGNORE_PUNCT) && is_punct(cp))
            continue;
        if (space)
            norm[k++] = ' ';
        space = false;
        memmove(norm + k, norm + at, i - at);
        k += i - at;
    }
    norm[k] = '\0';
    *out = norm;
    return 0;
}

int diff_keys(diff_ctx *c, bitext_error *err)
{
    for (int s = 0; s < 2; s++) {
        if (!(c->key[s] = malloc((c->n[s] + 1) * sizeof *c->key[s])))
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        for (size_t i = 0; i < c->n[s]; i++) {
            const bitext_segment *seg = bitext_seglist_get(c->side[s], i);
            char *norm;
            int rc = bitext_diff_normalize(&norm, seg->text, seg->len, c->flags, err);
            if (rc < 0)
                return rc;
            c->key[s][i] = bitext_hash64(norm, strlen(norm));
            free(norm);
        }
    }
    return 0;
}

/* ---- a small hash table: key -> counts and last position in each edition ------------- */

typedef struct {
    uint64_t key;
    uint32_t count[2], last[2];
    bool used;
} slot;

typedef struct {
    slot *v;
    size_t cap;
} table;

static slot *find(table *t, uint64_t key)
{
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 7) & (t->cap - 1);
    while (t->v[i].used && t->v[i].key != key)
        i = (i + 1) & (t->cap - 1);
    t->v[i].used = true;
    t->v[i].key = key;
    return &t->v[i];
}

static int table_init(table *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap <<= 1;
    if (cap > t->cap) {
        free(t->v);
        if (!(t->v = malloc(cap * sizeof *t->v)))
            return BITEXT_ENOMEM;
        t->cap = cap;
    }
    memset(t->v, 0, t->cap * sizeof *t->v);
    return 0;
}

/* ---- the in-order pass -------------------------------------------------------------- */

typedef struct {
    diff_ctx *c;
    table t;
    uint32_t *a, *b; /* scratch: anchor candidates (old, new) */
    uint8_t *keep;
} exact_run;

static int link_equal(diff_ctx *c, uint32_t o, uint32_t n)
{
    return diff_link(c, o, n, 1.0) < 0 ? BITEXT_ENOMEM : 0;
}

/* Old segments sorted by (key, index): the next one of a text after a position is a binary
 * search away. */
typedef struct {
    uint64_t key;
    uint32_t i;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The first entry not below (key, i). */
static size_t lower_bound(const keyed *v, size_t n, uint64_t key, uint32_t i)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].key < key || (v[mid].key == key && v[mid].i < i))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static keyed *sorted_old(const diff_ctx *c, uint32_t o0, uint32_t o1, bool free_only, size_t *n)
{
    keyed *v = malloc(((size_t)(o1 - o0) + 1) * sizeof *v);
    *n = 0;
    for (uint32_t i = o0; v && i < o1; i++)
        if (!free_only || c->gid[0][i] < 0)
            v[(*n)++] = (keyed){c->key[0][i], i};
    if (v)
        qsort(v, *n, sizeof *v, cmp_keyed);
    return v;
}

/* Repeats with no unique text in the range: equal keys paired in order, greedily, each new
 * segment with the next unmatched old one of the same text. */
static int greedy(exact_run *r, uint32_t o0, uint32_t o1, uint32_t n0, uint32_t n1)
{
    diff_ctx *c = r->c;
    uint32_t cursor = o0;
    size_t nv;
    keyed *v = sorted_old(c, o0, o1, false, &nv);
    if (!v)
        return BITEXT_ENOMEM;
    for (uint32_t j = n0; j < n1 && cursor < o1; j++) {
        size_t at = lower_bound(v, nv, c->key[1][j], cursor);
        if (at < nv && v[at].key == c->key[1][j]) {
            if (link_equal(c, v[at].i, j) < 0) {
                free(v);
                return BITEXT_ENOMEM;
            }
            cursor = v[at].i + 1;
        }
    }
    free(v);
    return 0;
}

static int match_range(exact_run *r, uint32_t o0, uint32_t o1, uint32_t n0, uint32_t n1, int depth);

/* The anchors of a range: texts occurring once on each side, their longest in-order chain. */
static int anchors(exact_run *r, size_t *na, uint32_t o0, uint32_t o1, uint32_t n0, uint32_t n1)
{
    diff_ctx *c = r->c;
    size_t k = 0, m = 0;
    if (table_init(&r->t, (size_t)(o1 - o0) + (n1 - n0)) < 0)
        return BITEXT_ENOMEM;
    for (uint32_t i = o0; i < o1; i++) {
        slot *s = find(&r->t, c->key[0][i]);
        s->count[0]++;
        s->last[0] = i;
    }
    for (uint32_t j = n0; j < n1; j++) {
        slot *s = find(&r->t, c->key[1][j]);
        s->count[1]++;
        s->last[1] = j;
    }
    for (uint32_t i = o0; i < o1; i++) {
        slot *s = find(&r->t, c->key[0][i]);
        if (s->count[0] == 1 && s->count[1] == 1) {
            r->a[k] = i;
            r->b[k++] = s->last[1];
        }
    }
    if (k && diff_lis(r->keep, r->a, r->b, k) < 0)
        return BITEXT_ENOMEM;
    for (size_t x = 0; x < k; x++)
        if (r->keep[x]) {
            r->a[m] = r->a[x];
            r->b[m++] = r->b[x];
        }
    *na = m;
    return 0;
}

static int match_range(exact_run *r, uint32_t o0, uint32_t o1, uint32_t n0, uint32_t n1, int depth)
{
    diff_ctx *c = r->c;
    uint32_t *a, *b;
    size_t na;
    int rc = 0;
    while (o0 < o1 && n0 < n1 && c->key[0][o0] == c->key[1][n0])
        if (link_equal(c, o0++, n0++) < 0)
            return BITEXT_ENOMEM;
    while (o0 < o1 && n0 < n1 && c->key[0][o1 - 1] == c->key[1][n1 - 1])
        if (link_equal(c, --o1, --n1) < 0)
            return BITEXT_ENOMEM;
    if (o0 == o1 || n0 == n1)
        return 0;
    if (depth > MAX_DEPTH)
        return greedy(r, o0, o1, n0, n1);
    if ((rc = anchors(r, &na, o0, o1, n0, n1)) < 0)
        return rc;
    if (na == 0)
        return greedy(r, o0, o1, n0, n1);
    /* the scratch arrays are reused by the recursion: keep this level's anchors apart */
    if (!(a = malloc(2 * na * sizeof *a)))
        return BITEXT_ENOMEM;
    b = a + na;
    memcpy(a, r->a, na * sizeof *a);
    memcpy(b, r->b, na * sizeof *b);
    for (size_t x = 0; x <= na && rc == 0; x++) {
        uint32_t go0 = x ? a[x - 1] + 1 : o0, gn0 = x ? b[x - 1] + 1 : n0;
        uint32_t go1 = x < na ? a[x] : o1, gn1 = x < na ? b[x] : n1;
        rc = match_range(r, go0, go1, gn0, gn1, depth + 1);
        if (rc == 0 && x < na)
            rc = link_equal(c, a[x], b[x]);
    }
    free(a);
    return rc;
}

/* Identical segments that the in-order pass left: each new one with the unmatched old one of
 * the same text nearest to its relative position. */
#define MOVE_WALK 256 /* leftovers of one text looked at per new segment, at most */

static int64_t nearest_free(const diff_ctx *c, const keyed *v, size_t lo, size_t hi, double target)
{
    size_t at = lo, top = hi;
    int64_t best = -1;
    double bestd = 0;
    while (at < top) { /* the first leftover at or after the target position */
        size_t mid = (at + top) / 2;
        if (v[mid].i < target)
            at = mid + 1;
        else
            top = mid;
    }
    for (size_t step = 0; step < MOVE_WALK && (at + step < hi || at >= step + 1 + lo); step++) {
        size_t cand[2] = {at + step, at - step - 1};
        for (int s = 0; s < 2; s++) {
            double d;
            if ((s == 0 && cand[0] >= hi) || (s == 1 && at < step + 1 + lo))
                continue;
            if (c->gid[0][v[cand[s]].i] >= 0)
                continue;
            d = v[cand[s]].i - target;
            d = d < 0 ? -d : d;
            if (best < 0 || d < bestd) {
                best = v[cand[s]].i;
                bestd = d;
            }
        }
        if (best >= 0)
            return best;
    }
    return best;
}

static int exact_moves(diff_ctx *c)
{
    size_t nv;
    keyed *v = sorted_old(c, 0, (uint32_t)c->n[0], true, &nv);
    if (!v)
        return BITEXT_ENOMEM;
    for (uint32_t j = 0; j < c->n[1] && nv; j++) {
        size_t lo, end;
        int64_t best;
        if (c->gid[1][j] >= 0)
            continue;
        lo = lower_bound(v, nv, c->key[1][j], 0);
        end = lower_bound(v, nv, c->key[1][j], UINT32_MAX); /* no index is that high */
        if (lo == end)
            continue;
        best = nearest_free(c, v, lo, end, (double)j * (double)c->n[0] / (double)c->n[1]);
        if (best >= 0 && link_equal(c, (uint32_t)best, j) < 0) {
            free(v);
            return BITEXT_ENOMEM;
        }
    }
    free(v);
    return 0;
}

/* How many in-order exact anchors precede each segment: a pair (i, j) with the same count
 * lies in the same gap of the chain, so linking it keeps the order. */
static void fill_chain(diff_ctx *c)
{
    for (int s = 0; s < 2; s++) {
        uint32_t k = 0;
        for (size_t i = 0; i < c->n[s]; i++) {
            c->chain[s][i] = k;
            k += c->gid[s][i] >= 0;
        }
    }
}

int diff_exact(diff_ctx *c)
{
    exact_run r = {c, {0}, NULL, NULL, NULL};
    size_t most = c->n[0] + 1;
    int rc = BITEXT_ENOMEM;
    r.a = malloc(most * sizeof *r.a);
    r.b = malloc(most * sizeof *r.b);
    r.keep = malloc(most);
    if (r.a && r.b && r.keep)
        rc = match_range(&r, 0, (uint32_t)c->n[0], 0, (uint32_t)c->n[1], 0);
    if (rc == 0)
        fill_chain(c);
    if (rc == 0)
        rc = exact_moves(c);
    free(r.t.v);
    free(r.a);
    free(r.b);
    free(r.keep);
    return rc;
}
