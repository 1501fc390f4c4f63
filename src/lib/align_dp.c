/* align_dp.c - the DP engine: banded Viterbi, forward-backward posteriors, coarse-to-fine.
 *
 * Nodes (i, j) mean "i source and j target units consumed"; a bead a-b goes from (i, j) to
 * (i + a, j + b) at the cost the scorer gives (Gale & Church 1993, section 3).  Only nodes
 * inside a band are stored: every row i keeps a range lo[i] <= j <= hi[i] of non-decreasing
 * bounds, so time and memory are O((n + m) * width).  The band comes from a path found on
 * merged units (every f units become one), recursively, until the problem is small enough
 * to solve in full: Vecalign's recursive downsampling (Thompson & Koehn 2019, section 3.2).
 * All node arithmetic is 64-bit.
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "align_int.h"

#define PARALLEL_NODES 200000 /* bands smaller than this are not worth a thread */
#define FULL_NODES 4000000  /* solve in full up to ~2000 x 2000 sentences */
#define FULL_NODES_COARSE 250000 /* and up to ~500 x 500 merged units */
#define MERGE 4             /* units merged per coarse unit */
#define SLACK 4             /* band slack around the projected coarse path, in units */
#define COARSE_MIN_W 2.0f   /* features kept in merged units: the rarer ones only */
#define COARSE_MAX_FEAT 96
#define PAIR_CHUNK 524288  /* nodes a Viterbi pass scores at once (see pair_ring) */
#define VIT_ROWS 8          /* rows of Viterbi costs kept: more than any bead's source side */

void align_band_free(align_band *b)
{
    free(b->lo);
    free(b->hi);
    free(b->off);
    free(b->pair);
    memset(b, 0, sizeof *b);
}

static int band_alloc(align_band *b, size_t n, size_t m)
{
    memset(b, 0, sizeof *b);
    b->n = n;
    b->m = m;
    b->lo = malloc((n + 1) * sizeof *b->lo);
    b->hi = malloc((n + 1) * sizeof *b->hi);
    b->off = malloc((n + 2) * sizeof *b->off);
    if (!b->lo || !b->hi || !b->off) {
        align_band_free(b);
        return BITEXT_ENOMEM;
    }
    return 0;
}

/* The offsets of the rows (the pair evidence is allocated by align_dp, which alone uses it:
 * the coarse level a band was made from is gone by then). */
static int band_finish(align_band *b)
{
    b->off[0] = 0;
    for (size_t i = 0; i <= b->n; i++)
        b->off[i + 1] = b->off[i] + (b->hi[i] - b->lo[i] + 1);
    return 0;
}

int align_band_full(align_band *b, size_t n, size_t m)
{
    if (band_alloc(b, n, m) < 0)
        return BITEXT_ENOMEM;
    for (size_t i = 0; i <= n; i++) {
        b->lo[i] = 0;
        b->hi[i] = (int64_t)m;
    }
    return band_finish(b);
}

/* Widens [lo, hi] by w, clamps, and makes both bounds non-decreasing and connected. */
static void band_smooth(align_band *b, int64_t w)
{
    int64_t m = (int64_t)b->m;
    for (size_t i = 0; i <= b->n; i++) {
        b->lo[i] = b->lo[i] - w < 0 ? 0 : b->lo[i] - w;
        b->hi[i] = b->hi[i] + w > m ? m : b->hi[i] + w;
    }
    for (size_t i = b->n; i-- > 0;)
        b->lo[i] = b->lo[i] < b->lo[i + 1] ? b->lo[i] : b->lo[i + 1];
    for (size_t i = 1; i <= b->n; i++)
        b->hi[i] = b->hi[i] > b->hi[i - 1] ? b->hi[i] : b->hi[i - 1];
    b->lo[0] = 0;
    b->hi[b->n] = m;
}

int align_band_from_path(align_band *b, const align_path *p, const size_t *sfirst,
                         const size_t *tfirst, size_t n, size_t m, int64_t w)
{
    if (band_alloc(b, n, m) < 0)
        return BITEXT_ENOMEM;
    for (size_t i = 0; i <= n; i++) {
        b->lo[i] = INT64_MAX;
        b->hi[i] = -1;
    }
    for (size_t k = 0; k < p->n; k++) {
        const align_step *st = &p->v[k];
        size_t i0 = sfirst ? sfirst[st->i] : st->i;
        size_t i1 = sfirst ? sfirst[st->i + st->a] : (size_t)st->i + st->a;
        int64_t j0 = (int64_t)(tfirst ? tfirst[st->j] : st->j);
        int64_t j1 = (int64_t)(tfirst ? tfirst[st->j + st->b] : (size_t)st->j + st->b);
        i0 = i0 > n ? n : i0;
        i1 = i1 > n ? n : i1;
        j0 = j0 > (int64_t)m ? (int64_t)m : j0;
        j1 = j1 > (int64_t)m ? (int64_t)m : j1;
        for (size_t i = i0; i <= i1; i++) {
            b->lo[i] = j0 < b->lo[i] ? j0 : b->lo[i];
            b->hi[i] = j1 > b->hi[i] ? j1 : b->hi[i];
        }
    }
    for (size_t i = 0; i <= n; i++)
        if (b->hi[i] < 0) { /* a path that skipped rows: cannot happen, but stay valid */
            b->lo[i] = 0;
            b->hi[i] = (int64_t)m;
        }
    band_smooth(b, w);
    return band_finish(b);
}

/* ---- the DP -------------------------------------------------------------------------- */

/* Streaming soft minimum: -log sum exp(-x) over the values fed in. */
typedef struct {
    double min, sum;
} softmin;

static void soft_add(softmin *s, double x)
{
    if (x < s->min) {
        s->sum = s->sum * exp(x - s->min) + 1.0;
        s->min = x;
    } else {
        s->sum += exp(s->min - x);
    }
}

static double soft_value(const softmin *s)
{
    return s->sum > 0 ? s->min - log(s->sum) : INFINITY;
}

typedef struct {
    const align_side *s, *t;
    align_band *band;
    const align_scorer *sc;
    const align_bead_type *types;
    unsigned ntypes;
    double *vit;
    uint8_t *back;
    size_t rows, width;      /* vit keeps the last `rows` rows of the band, `width` apiece
                              * (the backward sums reuse it once the Viterbi is done) */
    double *row[VIT_ROWS];   /* row[a]: vit of row i - a (backward: i + a), from its lo */
    int64_t lo[VIT_ROWS];    /* that row's lo: node (i - a, j) is row[a][j - lo[a]] */
} dp_state;

/* Points d->row[a] at the Viterbi costs of row i - a, for a = 0 .. rows - 1 (a Viterbi
 * step looks back at most rows - 1 rows: only those are kept, not the whole band). */
static void vit_rows(dp_state *d, size_t i)
{
    for (size_t a = 0; a < d->rows && a <= i; a++) {
        d->row[a] = d->vit + ((i - a) % d->rows) * d->width;
        d->lo[a] = d->band->lo[i - a];
    }
}

/* Viterbi into node (i, j). */
static void dp_node(dp_state *d, size_t i, int64_t j, int64_t at)
{
    double best = INFINITY;
    uint8_t bt = 255;
    for (unsigned k = 0; k < d->ntypes; k++) {
        unsigned a = d->types[k].a, b = d->types[k].b;
        double c, v;
        if (a > i || (int64_t)b > j || band_at(d->band, i - a, j - b) < 0 ||
            (v = d->row[a][j - b - d->lo[a]]) == INFINITY)
            continue;
        c = d->sc->cost(d->sc, d->s, d->t, d->band, i - a, a, (size_t)(j - b), b, k);
        if (v + c < best) {
            best = v + c;
            bt = (uint8_t)k;
        }
    }
    d->row[0][j - d->lo[0]] = best;
    d->back[at] = bt;
}

/* Forward sum into node (i, j) (finite exactly where the Viterbi cost is: costs are). */
static void dp_fsum_node(dp_state *d, size_t i, int64_t j)
{
    softmin f = {INFINITY, 0};
    for (unsigned k = 0; k < d->ntypes; k++) {
        unsigned a = d->types[k].a, b = d->types[k].b;
        double v;
        if (a > i || (int64_t)b > j || band_at(d->band, i - a, j - b) < 0 ||
            (v = d->row[a][j - b - d->lo[a]]) == INFINITY)
            continue;
        soft_add(&f, v + d->sc->cost(d->sc, d->s, d->t, d->band, i - a, a, (size_t)(j - b), b,
                                     k));
    }
    d->row[0][j - d->lo[0]] = soft_value(&f);
}

/* Points d->row[a] at the backward sums of row i + a (the rows a step reaches). */
static void back_rows(dp_state *d, size_t i)
{
    for (size_t a = 0; a < d->rows && i + a <= d->band->n; a++) {
        d->row[a] = d->vit + ((i + a) % d->rows) * d->width;
        d->lo[a] = d->band->lo[i + a];
    }
}

/* Backward sums out of node (i, j). */
static void dp_back_node(dp_state *d, size_t i, int64_t j)
{
    softmin f = {INFINITY, 0};
    for (unsigned k = 0; k < d->ntypes; k++) {
        unsigned a = d->types[k].a, b = d->types[k].b;
        double v;
        if (i + a > d->band->n || band_at(d->band, i + a, j + b) < 0 ||
            (v = d->row[a][j + b - d->lo[a]]) == INFINITY)
            continue;
        soft_add(&f, v + d->sc->cost(d->sc, d->s, d->t, d->band, i, a, (size_t)j, b, k));
    }
    d->row[0][j - d->lo[0]] = soft_value(&f);
}

static int dp_trace(align_path *out, dp_state *d)
{
    align_band *bd = d->band;
    size_t i = bd->n, count = 0;
    int64_t j = (int64_t)bd->m, at = band_at(bd, i, j);
    for (size_t ii = i; at > 0; count++) { /* count the steps first */
        const align_bead_type *t = &d->types[d->back[at]];
        ii -= t->a;
        j -= t->b;
        at = band_at(bd, ii, j);
    }
    out->v = calloc(count ? count : 1, sizeof *out->v);
    if (!out->v)
        return BITEXT_ENOMEM;
    out->n = out->cap = count;
    j = (int64_t)bd->m;
    at = band_at(bd, i, j);
    for (size_t k = count; k-- > 0;) {
        const align_bead_type *t = &d->types[d->back[at]];
        i -= t->a;
        j -= t->b;
        out->v[k] = (align_step){(uint32_t)i, (uint32_t)j, t->a, t->b, 1.0};
        at = band_at(bd, i, j);
    }
    return 0;
}

typedef struct {
    const align_scorer *sc;
    const align_side *s, *t;
    align_band *band;
    size_t row0, row1;
} pairs_job;

static void *pairs_run(void *arg)
{
    pairs_job *job = arg;
    job->sc->pairs(job->sc, job->s, job->t, job->band, job->row0, job->row1);
    return NULL;
}

/*
 * The pair evidence of the band, on two threads when there is enough of it (the machine
 * this is measured on has two cores): each thread scores half the rows.
 */
static void band_pairs(const align_scorer *sc, const align_side *s, const align_side *t,
                       align_band *band, size_t row0, size_t row1)
{
    size_t half = row0 + (row1 - row0) / 2;
    pairs_job a = {sc, s, t, band, row0, half}, b = {sc, s, t, band, half, row1};
    pthread_t th;
    if (band->off[row1] - band->off[row0] < PARALLEL_NODES ||
        pthread_create(&th, NULL, pairs_run, &b)) {
        sc->pairs(sc, s, t, band, row0, row1);
        return;
    }
    pairs_run(&a);
    pthread_join(th, NULL);
}

/* Scores the rows of the band before row i that are not yet (*done: rows below it are),
 * ahead by as many rows as its ring of pair evidence holds beside the ones still needed. */
static void pairs_upto(dp_state *d, size_t i, size_t *done)
{
    align_band *band = d->band;
    size_t end;
    if (i <= *done)
        return;
    end = band->ring ? *done + (band->ring - d->rows) : band->n + 1;
    end = end > band->n + 1 ? band->n + 1 : end;
    band_pairs(d->sc, d->s, d->t, band, *done, end);
    *done = end;
}

static void dp_forward(dp_state *d)
{
    align_band *band = d->band;
    size_t done = 0;
    for (size_t i = 0; i <= band->n; i++) {
        pairs_upto(d, i == 0 ? 1 : i, &done); /* a step into row i reads rows i - a .. i - 1 */
        vit_rows(d, i);
        for (int64_t j = band->lo[i]; j <= band->hi[i]; j++) {
            int64_t at = band->off[i] + (j - band->lo[i]);
            if (at == 0) {
                d->row[0][j - d->lo[0]] = 0;
                d->back[0] = 255;
            } else {
                dp_node(d, i, j, at);
            }
        }
    }
}

/* The forward sums, row by row, keeping the last rows only: fst[k] receives the sum into the
 * node where step k of p starts, *z the sum into the last node. */
static void dp_fsums(dp_state *d, const align_path *p, double *fst, double *z)
{
    align_band *band = d->band;
    size_t k = 0;
    for (size_t i = 0; i <= band->n; i++) {
        vit_rows(d, i);
        for (int64_t j = band->lo[i]; j <= band->hi[i]; j++) {
            if (band->off[i] + (j - band->lo[i]) == 0)
                d->row[0][j - d->lo[0]] = 0;
            else
                dp_fsum_node(d, i, j);
        }
        for (; k < p->n && p->v[k].i == i; k++) /* steps start in non-decreasing rows */
            fst[k] = d->row[0][p->v[k].j - d->lo[0]];
    }
    *z = d->row[0][band->hi[band->n] - d->lo[0]];
}

/*
 * The backward sums, row by row from the end, keeping the last rows only: each step of the
 * path p receives (in conf, for dp_posteriors) the sum out of the node it ends at.  Run after
 * the trace, so that the band's backward sums are never all held (8 bytes a node).
 */
static void dp_backward(dp_state *d, align_path *p)
{
    align_band *band = d->band;
    int64_t last = band->off[band->n + 1] - 1;
    size_t k = p->n;
    for (size_t i = band->n + 1; i-- > 0;) {
        back_rows(d, i);
        for (int64_t j = band->hi[i]; j >= band->lo[i]; j--) {
            if (band->off[i] + (j - band->lo[i]) == last)
                d->row[0][j - d->lo[0]] = 0;
            else
                dp_back_node(d, i, j);
        }
        /* path steps end in non-decreasing rows: those ending here come last */
        for (; k > 0 && p->v[k - 1].i + p->v[k - 1].a == i; k--)
            p->v[k - 1].conf = d->row[0][p->v[k - 1].j + p->v[k - 1].b - d->lo[0]];
    }
}

/* Each step's posterior from the forward sum into it (fst) and the backward sum out of it
 * (conf, from dp_backward). */
static void dp_posteriors(align_path *p, const dp_state *d, const double *fst, double z)
{
    const align_band *bd = d->band;
    for (size_t k = 0; k < p->n; k++) {
        align_step *st = &p->v[k];
        uint8_t type = d->back[band_at(bd, st->i + st->a, (int64_t)st->j + st->b)];
        double c = d->sc->cost(d->sc, d->s, d->t, bd, st->i, st->a, st->j, st->b, type);
        double lp = z - (fst[k] + c + st->conf);
        st->conf = lp >= 0 ? 1.0 : exp(lp);
    }
}

typedef struct {
    dp_state d;
    align_path *p;
} back_job;

static void *back_run(void *arg)
{
    back_job *job = arg;
    dp_backward(&job->d, job->p);
    return NULL;
}

/*
 * The posteriors of the steps of path p, from forward and backward sums computed after the
 * Viterbi over the last rows only (two sweeps, on two threads when the band is large): the
 * band's sums are never all held (16 bytes a node), at the price of computing the costs
 * once more.
 */
static int dp_sums(align_path *p, const dp_state *d)
{
    back_job job = {*d, p};
    dp_state f = *d;
    size_t cells = d->rows * d->width;
    double *fst = malloc((p->n ? p->n : 1) * sizeof *fst), z = 0;
    pthread_t th;
    bool threaded = false;
    job.d.vit = malloc(cells * sizeof *job.d.vit);
    if (!fst || !job.d.vit) {
        free(fst);
        free(job.d.vit);
        return BITEXT_ENOMEM;
    }
    if (d->band->off[d->band->n + 1] >= PARALLEL_NODES)
        threaded = pthread_create(&th, NULL, back_run, &job) == 0;
    dp_fsums(&f, p, fst, &z);
    if (threaded)
        pthread_join(th, NULL);
    else
        dp_backward(&job.d, p);
    dp_posteriors(p, d, fst, z);
    free(fst);
    free(job.d.vit);
    return 0;
}


/*
 * A Viterbi pass scores the band's rows as it reaches them, in chunks of about PAIR_CHUNK
 * nodes (two threads apiece), into a ring of rows: the pair evidence of the whole band (4
 * bytes a node, 14 MB on 200,000 sentences) is not held.  Forward-backward passes sweep the
 * band three times and keep it whole.
 */
static void pair_ring(align_band *band, const dp_state *d, bool post)
{
    size_t chunk = PAIR_CHUNK / (d->width ? d->width : 1);
    chunk = chunk < 64 ? 64 : chunk;
    band->ring = band->rw = 0;
    if (!post && chunk + d->rows < band->n + 1) {
        band->ring = chunk + d->rows;
        band->rw = d->width;
    }
}

int align_dp(align_path *out, const align_side *s, const align_side *t, align_band *band,
             const align_scorer *sc, const align_bead_type *types, unsigned ntypes, bool post)
{
    int64_t nodes = band->off[band->n + 1];
    dp_state d = {s, t, band, sc, types, ntypes, NULL, NULL, 0, 0, {NULL}, {0}};
    int rc = BITEXT_ENOMEM;
    memset(out, 0, sizeof *out);
    for (unsigned k = 0; k < ntypes; k++)
        d.rows = types[k].a + 1u > d.rows ? types[k].a + 1u : d.rows;
    for (size_t i = 0; i <= band->n; i++)
        d.width = (size_t)(band->hi[i] - band->lo[i] + 1) > d.width
                      ? (size_t)(band->hi[i] - band->lo[i] + 1) : d.width;
    assert(d.rows <= VIT_ROWS);
    d.vit = malloc(d.rows * d.width * sizeof *d.vit);
    d.back = malloc((size_t)nodes);
    pair_ring(band, &d, post);
    band->pair = malloc((band->ring ? band->ring * band->rw : (size_t)nodes) *
                        sizeof *band->pair);
    if (!d.vit || !d.back || !band->pair)
        goto done;
    dp_forward(&d);
    rc = dp_trace(out, &d);
    if (rc == 0 && post)
        rc = dp_sums(out, &d);
done:
    free(d.vit);
    free(d.back);
    free(band->pair); /* a band serving several passes (blocks) is scored again by each */
    band->pair = NULL;
    band->ring = band->rw = 0;
    return rc;
}

/* ---- merged units and coarse-to-fine ------------------------------------------------- */

void align_side_free(align_side *s)
{
    free(s->cum);
    free(s->foff);
    free(s->feat);
    free(s->flags);
    free(s->chance);
    free(s->first);
    if (!s->ptab_borrowed)
        free(s->ptab);
    if (!s->wt_borrowed)
        free(s->wt);
    memset(s, 0, sizeof *s);
}

/* Features of one merged unit: the rarer ones (COARSE_MIN_W), at most COARSE_MAX_FEAT. */
static int64_t merge_feats(align_feat *dst, const align_side *in, size_t u0, size_t u1)
{
    int64_t k = 0;
    for (size_t u = u0; u < u1; u++)
        for (int64_t x = in->foff[u]; x < in->foff[u + 1] && k < COARSE_MAX_FEAT; x++)
            if (feat_w(in->wt, in->feat[x]) >= COARSE_MIN_W)
                dst[k++] = in->feat[x];
    qsort(dst, (size_t)k, sizeof *dst, align_feat_cmp);
    return k;
}

/* The middle of unit u on the length axis. */
static double middle(const align_side *in, size_t u)
{
    return (in->cum[u] + in->cum[u + 1]) / 2.0;
}

/*
 * Whether unit u ends a merged unit (chunk == 0: the next unit starts a block).  Sentences
 * are merged from the last cut until a unit holds chunk characters.  Merged units are merged
 * by fixed cells of the length axis instead (a unit ends where the next one's middle falls
 * into another cell): with cells as much longer on the target side as the whole target is,
 * merged unit k of either side starts near the same point of the length diagonal.  Counted
 * from the last cut at every level, the units of the two sides drifted apart in phase, each
 * at its own rate; on a document repeated 428 times, a path one copy off the diagonal met
 * their boundaries better than the right one for hundreds of copies, the third coarse level
 * chose it and the fine band could not come back (strict F1 0.014).  Sentences keep the
 * count from the last cut: cells over sentences gave units of uneven size, a first coarse
 * path a few sentences off where translations run long, and 0.850 instead of 0.855 on
 * textberg-dev 20 times (one pass).
 */
static bool cut_after(const align_side *in, size_t u, size_t u0, double chunk)
{
    if (u + 1 == in->n)
        return true;
    if (chunk <= 0)
        return (in->flags[u + 1] & UNIT_BLOCK_START) != 0;
    if (in->size <= 1)
        return in->cum[u + 1] - in->cum[u0] >= chunk;
    return floor(middle(in, u + 1) / chunk) > floor(middle(in, u) / chunk);
}

static size_t merged_count(const align_side *in, double chunk)
{
    size_t n = 0, u0 = 0;
    for (size_t u = 0; u < in->n; u++)
        if (cut_after(in, u, u0, chunk)) {
            n++;
            u0 = u + 1;
        }
    return n;
}

/* A merged side never holds more features than its units (nor COARSE_MAX_FEAT per merged
 * unit): allocating n * COARSE_MAX_FEAT was 169 MB of a 520 MB peak on 36 MB of text. */
static int merge_alloc(align_side *out, const align_side *in, size_t n)
{
    int64_t most = (int64_t)n * COARSE_MAX_FEAT, have = in->foff[in->n];
    memset(out, 0, sizeof *out);
    out->n = n;
    out->first = malloc((n + 1) * sizeof *out->first);
    out->cum = malloc((n + 1) * sizeof *out->cum);
    out->foff = malloc((n + 1) * sizeof *out->foff);
    out->feat = malloc(((size_t)(have < most ? have : most) + 1) * sizeof *out->feat);
    out->flags = calloc(n + 1, 1);
    out->chance = calloc(n + 1, sizeof *out->chance);
    if (!out->first || !out->cum || !out->foff || !out->feat || !out->flags || !out->chance) {
        align_side_free(out);
        return BITEXT_ENOMEM;
    }
    return 0;
}

/* Unit k of out: units in->first..; its features and its expected chance evidence. */
static void merge_unit(align_side *out, const align_side *in, size_t k, size_t u0, size_t u1)
{
    out->first[k] = u0;
    out->cum[k] = in->cum[u0];
    out->foff[k + 1] = out->foff[k] + merge_feats(out->feat + out->foff[k], in, u0, u1);
    for (int64_t x = out->foff[k]; x < out->foff[k + 1]; x++) {
        double p = in->ptab[feat_id(out->feat[x])] * (double)(u1 - u0);
        out->chance[k] += feat_w(in->wt, out->feat[x]) * (p > 1 ? 1 : p);
    }
}

int align_side_merge(align_side *out, const align_side *in, double chunk)
{
    size_t n = merged_count(in, chunk), k = 0, u0 = 0;
    if (merge_alloc(out, in, n) < 0)
        return BITEXT_ENOMEM;
    out->size = (in->size > 0 ? in->size : 1) * (double)in->n / (double)(n ? n : 1);
    out->foff[0] = 0;
    for (size_t u = 0; u < in->n; u++)
        if (cut_after(in, u, u0, chunk)) {
            merge_unit(out, in, k++, u0, u + 1);
            u0 = u + 1;
        }
    out->first[n] = in->n;
    out->cum[n] = in->cum[in->n];
    out->ptab = in->ptab;
    out->ptab_borrowed = true;
    out->wt = in->wt;
    out->wt_borrowed = true;
    align_shrink((void **)&out->feat, (size_t)out->foff[n] + 1, sizeof *out->feat);
    return 0;
}

static int coarse_to_fine(align_path *out, const align_side *s, const align_side *t,
                          const align_scorer *sc, const align_bead_type *types, unsigned ntypes,
                          bool post, int depth)
{
    align_side cs = {0}, ct = {0};
    align_path coarse = {0};
    align_band band = {0};
    int rc;
    memset(out, 0, sizeof *out);
    if ((double)(s->n + 1) * (double)(t->n + 1) <= (depth ? FULL_NODES_COARSE : FULL_NODES)) {
        rc = align_band_full(&band, s->n, t->n);
    } else {
        /* Merge by length, not by count: chunks of MERGE average source units, and target
         * chunks as much longer as the whole target is, so that coarse beads are mostly 1-1
         * and the coarse path stays near the length diagonal. */
        unsigned nc = ntypes < 6 ? ntypes : 6; /* 1-1, 1-0, 0-1, 1-2, 2-1, 2-2 */
        double chunk = MERGE * s->cum[s->n] / (double)s->n + 1.0;
        rc = align_side_merge(&cs, s, chunk);
        if (rc == 0)
            rc = align_side_merge(&ct, t, chunk * (t->cum[t->n] + 1.0) / (s->cum[s->n] + 1.0));
        if (rc == 0)
            rc = coarse_to_fine(&coarse, &cs, &ct, sc, types, nc, false, depth + 1);
        if (rc == 0)
            rc = align_band_from_path(&band, &coarse, cs.first, ct.first, s->n, t->n, SLACK);
        align_side_free(&cs); /* the fine DP needs only the band: give the coarse level back */
        align_side_free(&ct);
    }
    if (rc == 0)
        rc = align_dp(out, s, t, &band, sc, types, ntypes, post);
    align_side_free(&cs);
    align_side_free(&ct);
    free(coarse.v);
    align_band_free(&band);
    return rc;
}

int align_coarse_to_fine(align_path *out, const align_side *s, const align_side *t,
                         const align_scorer *sc, const align_bead_type *types, unsigned ntypes,
                         bool post)
{
    return coarse_to_fine(out, s, t, sc, types, ntypes, post, 0);
}

int align_block_band(align_band *band, double *one_to_one, const align_side *s,
                     const align_side *t, const align_scorer *sc, const align_bead_type *types,
                     unsigned ntypes)
{
    align_side bs = {0}, bt = {0};
    align_path blocks = {0};
    size_t n11 = 0;
    int rc = align_side_merge(&bs, s, 0);
    if (rc == 0)
        rc = align_side_merge(&bt, t, 0);
    if (rc == 0)
        rc = coarse_to_fine(&blocks, &bs, &bt, sc, types, ntypes, false, 1);
    for (size_t k = 0; rc == 0 && k < blocks.n; k++)
        n11 += blocks.v[k].a == 1 && blocks.v[k].b == 1;
    *one_to_one = blocks.n ? (double)n11 / (double)blocks.n : 0;
    if (rc == 0)
        rc = align_band_from_path(band, &blocks, bs.first, bt.first, s->n, t->n, 0);
    align_side_free(&bs);
    align_side_free(&bt);
    free(blocks.v);
    return rc;
}
