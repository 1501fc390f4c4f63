/* diff.c - comparing two editions of an article (see diff.h): the passes in order, then
 * units, moves and the order units are reported in.
 *
 * The aligner's DP engine (align_dp.c) is monotone: it cannot express a move, and moves are
 * what an editor asks to see.  So the editions are matched globally (diff_exact.c,
 * diff_sim.c) and order is judged afterwards, as a longest chain of matched units in order on
 * both sides (Hunt & Szymanski's reduction of LCS to a longest increasing subsequence): a
 * unit off the chain is moved.  The chain is the longest one, so of a paragraph and a
 * sentence that changed places, the sentence is the one reported moved.
 */
#include <stdlib.h>
#include <string.h>

#include "bitext/lang.h"
#include "diff_int.h"

struct bitext_diff {
    bitext_diff_unit *u;
    size_t n;
    size_t nold, nnew;
};

int32_t diff_link(diff_ctx *c, uint32_t o, uint32_t n, double sim)
{
    if (bitext_grow((void **)&c->g, &c->gcap, c->ng + 1, sizeof *c->g) < 0)
        return -1;
    c->g[c->ng] = (diff_group){o, 1, n, 1, sim};
    c->gid[0][o] = c->gid[1][n] = (int32_t)c->ng;
    return (int32_t)c->ng++;
}

int diff_lis(uint8_t *keep, const uint32_t *a, const uint32_t *b, size_t n)
{
    size_t *tail = malloc((n + 1) * sizeof *tail), *prev = malloc((n + 1) * sizeof *prev);
    size_t len = 0;
    if (!tail || !prev) {
        free(tail);
        free(prev);
        return BITEXT_ENOMEM;
    }
    memset(keep, 0, n);
    for (size_t k = 0; k < n; k++) {
        size_t lo = 0, hi = len;
        while (lo < hi) { /* the first chain end whose b is not below b[k] */
            size_t mid = (lo + hi) / 2;
            if (b[tail[mid]] < b[k] && a[tail[mid]] < a[k])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[k] = lo ? tail[lo - 1] : SIZE_MAX;
        tail[lo] = k;
        len += lo == len;
    }
    for (size_t k = len ? tail[len - 1] : SIZE_MAX; k != SIZE_MAX; k = prev[k])
        keep[k] = 1;
    free(tail);
    free(prev);
    return 0;
}

/* ---- units ---------------------------------------------------------------------------- */

typedef struct {
    bitext_diff_unit u;
    int64_t k1, k2, k3; /* sort key: position in the new edition's order */
} placed;

static int cmp_group_old(const void *pa, const void *pb)
{
    const diff_group *a = pa, *b = pb;
    if (a->o != b->o)
        return a->o < b->o ? -1 : 1;
    return a->n < b->n ? -1 : a->n > b->n;
}

/* Marks the groups off the longest in-order chain (groups sorted by old position). */
static int mark_moves(uint8_t *moved, const diff_group *g, size_t n)
{
    uint32_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    uint8_t *keep = malloc(n + 1);
    int rc = BITEXT_ENOMEM;
    if (a && b && keep) {
        for (size_t k = 0; k < n; k++) {
            a[k] = g[k].o;
            b[k] = g[k].n;
        }
        rc = diff_lis(keep, a, b, n);
        for (size_t k = 0; k < n && rc == 0; k++)
            moved[k] = !keep[k];
    }
    free(a);
    free(b);
    free(keep);
    return rc;
}

static int cmp_placed(const void *pa, const void *pb)
{
    const placed *a = pa, *b = pb;
    if (a->k1 != b->k1)
        return a->k1 < b->k1 ? -1 : 1;
    if (a->k2 != b->k2)
        return a->k2 < b->k2 ? -1 : 1;
    return a->k3 < b->k3 ? -1 : a->k3 > b->k3;
}

static bool unchanged(const diff_ctx *c, const diff_group *g)
{
    return g->no == 1 && g->nn == 1 && c->key[0][g->o] == c->key[1][g->n];
}

/* Where a removed old segment stands: right after the unit in the chain that holds the
 * nearest old segment before it (anchor = that unit's last new segment), else first. */
static void place_removed(placed *p, const diff_ctx *c, const uint8_t *moved, uint32_t i)
{
    int64_t anchor = -1;
    for (int64_t k = (int64_t)i - 1; k >= 0; k--) {
        int32_t gi = c->gid[0][k];
        if (gi >= 0 && !moved[gi]) {
            anchor = (int64_t)c->g[gi].n + c->g[gi].nn - 1;
            break;
        }
    }
    p->u = (bitext_diff_unit){BITEXT_DIFF_REMOVED, 0, i, 1, 0, 0, 0.0};
    p->k1 = anchor;
    p->k2 = 1;
    p->k3 = i;
}

static int build_units(bitext_diff *d, diff_ctx *c)
{
    uint8_t *moved = calloc(c->ng + 1, 1);
    placed *p = malloc((c->ng + c->n[0] + c->n[1] + 1) * sizeof *p);
    size_t np = 0;
    if (!moved || !p || mark_moves(moved, c->g, c->ng) < 0) {
        free(moved);
        free(p);
        return BITEXT_ENOMEM;
    }
    for (size_t k = 0; k < c->ng; k++) {
        const diff_group *g = &c->g[k];
        bool same = unchanged(c, g);
        p[np].u = (bitext_diff_unit){same ? BITEXT_DIFF_UNCHANGED : BITEXT_DIFF_CHANGED,
                                     moved[k],
                                     g->o,
                                     g->no,
                                     g->n,
                                     g->nn,
                                     same ? 1.0 : g->sim};
        p[np].k1 = g->n;
        p[np].k2 = 0;
        p[np++].k3 = 0;
    }
    for (uint32_t j = 0; j < c->n[1]; j++)
        if (c->gid[1][j] < 0) {
            p[np].u = (bitext_diff_unit){BITEXT_DIFF_ADDED, 0, 0, 0, j, 1, 0.0};
            p[np].k1 = j;
            p[np].k2 = 0;
            p[np++].k3 = 0;
        }
    for (uint32_t i = 0; i < c->n[0]; i++)
        if (c->gid[0][i] < 0)
            place_removed(&p[np++], c, moved, i);
    qsort(p, np, sizeof *p, cmp_placed);
    d->u = (bitext_diff_unit *)p;
    for (size_t k = 0; k < np; k++) /* in place: a unit is smaller than a placed one */
        memmove(&d->u[k], &p[k].u, sizeof *d->u);
    d->n = np;
    free(moved);
    return 0;
}

/* Group ids follow the groups' order after sorting them by old position. */
static void renumber(diff_ctx *c)
{
    qsort(c->g, c->ng, sizeof *c->g, cmp_group_old);
    for (size_t k = 0; k < c->ng; k++) {
        for (uint32_t i = c->g[k].o; i < c->g[k].o + c->g[k].no; i++)
            c->gid[0][i] = (int32_t)k;
        for (uint32_t j = c->g[k].n; j < c->g[k].n + c->g[k].nn; j++)
            c->gid[1][j] = (int32_t)k;
    }
}

static void ctx_free(diff_ctx *c)
{
    for (int s = 0; s < 2; s++) {
        free(c->key[s]);
        free(c->gid[s]);
        free(c->chain[s]);
    }
    free(c->g);
}

static int ctx_init(diff_ctx *c, const bitext_seglist *old, const bitext_seglist *new_,
                    unsigned flags)
{
    memset(c, 0, sizeof *c);
    c->side[0] = old;
    c->side[1] = new_;
    c->flags = flags;
    c->lang = bitext_seglist_lang(new_);
    for (int s = 0; s < 2; s++) {
        c->n[s] = bitext_seglist_count(c->side[s]);
        c->gid[s] = malloc((c->n[s] + 1) * sizeof *c->gid[s]);
        c->chain[s] = calloc(c->n[s] + 1, sizeof *c->chain[s]);
        if (!c->gid[s] || !c->chain[s])
            return BITEXT_ENOMEM;
        memset(c->gid[s], 0xff, (c->n[s] + 1) * sizeof *c->gid[s]);
    }
    return 0;
}

int bitext_diff_run(bitext_diff **out, const bitext_seglist *old, const bitext_seglist *new_,
                    const bitext_diff_options *opts, bitext_error *err)
{
    static const bitext_diff_options defaults = BITEXT_DIFF_OPTIONS_INIT;
    diff_ctx c;
    bitext_diff *d = NULL;
    int rc;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != BITEXT_DIFF_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_diff_options: unknown version %u",
                           opts->version);
    if (bitext_seglist_count(old) >= UINT32_MAX / 2 || bitext_seglist_count(new_) >= UINT32_MAX / 2)
        return bitext_fail(err, BITEXT_EINVAL, "diff: too many segments");
    if ((rc = ctx_init(&c, old, new_, opts->flags)) < 0 || !(d = calloc(1, sizeof *d))) {
        rc = BITEXT_ENOMEM;
        goto done;
    }
    if ((rc = diff_keys(&c, err)) < 0 || (rc = diff_exact(&c)) < 0)
        goto done;
    if (!(opts->flags & BITEXT_DIFF_EXACT_ONLY) && (rc = diff_similar(&c, err)) < 0)
        goto done;
    renumber(&c);
    d->nold = c.n[0];
    d->nnew = c.n[1];
    rc = build_units(d, &c);
done:
    if (rc == BITEXT_ENOMEM && (!err || !err->code))
        bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc < 0)
        bitext_diff_free(d);
    else
        *out = d;
    ctx_free(&c);
    return rc;
}

void bitext_diff_free(bitext_diff *d)
{
    if (!d)
        return;
    free(d->u);
    free(d);
}

size_t bitext_diff_count(const bitext_diff *d)
{
    return d->n;
}

const bitext_diff_unit *bitext_diff_get(const bitext_diff *d, size_t i)
{
    return i < d->n ? &d->u[i] : NULL;
}

void bitext_diff_stats_get(bitext_diff_stats *out, const bitext_diff *d)
{
    memset(out, 0, sizeof *out);
    out->old_segments = d->nold;
    out->new_segments = d->nnew;
    for (size_t k = 0; k < d->n; k++) {
        const bitext_diff_unit *u = &d->u[k];
        out->unchanged += u->status == BITEXT_DIFF_UNCHANGED;
        out->changed += u->status == BITEXT_DIFF_CHANGED;
        out->added += u->status == BITEXT_DIFF_ADDED;
        out->removed += u->status == BITEXT_DIFF_REMOVED;
        out->moved += u->moved != 0;
    }
}

const char *bitext_diff_status_name(bitext_diff_status s)
{
    static const char *const names[] = {"unchanged", "changed", "added", "removed"};
    return (unsigned)s < 4 ? names[s] : "?";
}

int bitext_diff_text(char **out, const bitext_seglist *l, size_t first, size_t n, bitext_error *err)
{
    const char *sep = bitext_lang_joiner(bitext_seglist_lang(l));
    bitext_buf b = {0};
    int rc = bitext_buf_reserve(&b, 1);
    for (size_t i = first; i < first + n && i < bitext_seglist_count(l) && rc == 0; i++) {
        const bitext_segment *s = bitext_seglist_get(l, i);
        if ((i > first && bitext_buf_puts(&b, sep) < 0) ||
            bitext_buf_append(&b, s->text, s->len) < 0)
            rc = BITEXT_ENOMEM;
    }
    if (rc < 0) {
        bitext_buf_free(&b);
        *out = NULL;
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    b.data[b.len] = '\0';
    *out = bitext_buf_detach(&b);
    return 0;
}
