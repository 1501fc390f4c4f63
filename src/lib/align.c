/* align.c - bitext_align_run: two passes of the banded DP with the bilingual scorer.
 *
 * Pass 1 aligns with lengths, lexical anchors and the dictionary, using generic parameters.
 * From its beads the length ratio and variance and the bead-type priors of this document pair
 * are estimated (so zh-en gets its own ratio, as Gale & Church 1993 section 4 do per language
 * pair), IBM Model 1 is trained (Moore 2002's second pass; Brown et al. 1993) and cognates
 * that only edit distance links are looked for among the words of its beads (align_cognate.c);
 * both give word pairs that act as dictionary entries.  Pass 2
 * re-aligns in a band around pass 1's path with the learned parameters and word pairs, and
 * computes each bead's posterior probability by forward-backward: its confidence.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "align_int.h"

#define LEARN_BUDGET 2000000 /* Model 1 parameters' co-occurrence cells from beads (and as
                                many again from TM examples): bounds time and memory */
#define MAX_TRAIN_TOKENS 80
#define TRAIN_MAX_BEAD 3     /* Model 1 learns from beads of up to 3 sentences: larger ones
                                dilute its counts (measured: worse on both dev sets) */
#define MAX_BEAD_DEFAULT 4 /* as BITEXT_ALIGN_OPTIONS_INIT */
#define PASS2_SLACK 3
#define MIN_BLOCK_MATCH 0.7  /* below this share of 1-1 paragraph beads the two structures do
                                not correspond (parallel paragraphs: > 0.9; unrelated ones:
                                ~0.5) and structure is ignored */
#define BOUNDARY_SHARE 0.95
#define UNSTABLE_SHARE 0.5
#define DRAFT_TYPES 8        /* passes before the last use beads up to 1-3 and 3-1 */
#define LEARN_ROUNDS 2
#define LONG_INPUT 100000    /* segments (both sides): one learning round then; the first pass
                                has beads enough to learn from (200k bench: F1 0.872 with one
                                round, 0.859 with two) and time counts */
#define PRIOR_STRENGTH 40.0
#define VAR_INFLATION 3.0  /* pseudo-counts of the default priors when re-estimating */

struct bitext_alignment {
    bitext_bead *v;
    size_t n;
};

/* Bead types in the order the engine wants (1-1 first; the first six serve coarse levels),
 * with default priors after Gale & Church 1993 (table 5), extended to larger beads. */
static const align_bead_type all_types[] = {{1, 1}, {1, 0}, {0, 1}, {1, 2}, {2, 1}, {2, 2},
                                            {1, 3}, {3, 1}, {2, 3}, {3, 2}, {1, 4}, {4, 1},
                                            {1, 5}, {5, 1}, {2, 4}, {4, 2}, {3, 3}};
static const double default_prior[] = {0.80,  0.008, 0.008, 0.06,  0.06,  0.012,
                                       0.015, 0.015, 0.004, 0.004, 0.004, 0.004,
                                       0.002, 0.002, 0.001, 0.001, 0.001};
#define NTYPES (sizeof all_types / sizeof all_types[0])

typedef struct {
    const bitext_seglist *list[2];
    align_vocab local[2];          /* each side's own vocabulary, until merged into vocab */
    align_ids ids[2];              /* per side: each token's dense vocabulary entry */
    int64_t *toff[2];
    align_side side[2];
    align_params params;
    align_bead_type types[ALIGN_MAX_TYPES];
    unsigned ntypes;
    double prior[ALIGN_MAX_TYPES];
    align_pair *xl;          /* dictionary + learned word pairs, sorted */
    size_t nxl, xlcap, ndict;   /* the first ndict come from the lexicon */
    unsigned flags;
    const bitext_lexicon *lex;
    align_vocab vocab;       /* token ids are dense indices after side_units */
    align_forms forms[2];    /* folded forms of the longer words, for cognates */
    const char **form;       /* by dense id: the same forms */
} run;

static void choose_types(run *r, unsigned max_bead)
{
    unsigned sum_max = max_bead + 1 > 4 ? max_bead + 1 : 4;
    double total = 0;
    r->ntypes = 0;
    for (unsigned k = 0; k < NTYPES; k++) {
        unsigned a = all_types[k].a, b = all_types[k].b;
        if (a > max_bead || b > max_bead || a + b > sum_max)
            continue;
        r->types[r->ntypes] = all_types[k];
        r->prior[r->ntypes++] = default_prior[k];
        total += default_prior[k];
    }
    for (unsigned k = 0; k < r->ntypes; k++) {
        r->prior[k] /= total;
        r->params.prior_cost[k] = -log(r->prior[k]);
    }
}

/* ---- units from segments ------------------------------------------------------------- */

static int side_units(run *r, int k)
{
    const bitext_seglist *l = r->list[k];
    align_side *s = &r->side[k];
    size_t n = bitext_seglist_count(l), blocks = 0;
    bool dcomma = align_decimal_comma(bitext_seglist_lang(l));
    align_tokens toks = {0};
    align_ids ids = {0};
    int rc = 0;
    s->n = n;
    s->cum = malloc((n + 1) * sizeof *s->cum);
    s->foff = malloc((n + 1) * sizeof *s->foff);
    s->flags = calloc(n + 1, 1);
    s->chance = calloc(n + 1, sizeof *s->chance);
    r->toff[k] = malloc((n + 1) * sizeof *r->toff[k]);
    if (!s->cum || !s->foff || !s->flags || !s->chance || !r->toff[k])
        return BITEXT_ENOMEM;
    s->cum[0] = 0;
    r->toff[k][0] = 0;
    toks.forms = &r->forms[k];
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bitext_segment *g = bitext_seglist_get(l, i);
        s->cum[i + 1] = s->cum[i] + (double)bitext_utf8_count(g->text, g->len);
        if (i == 0 || g->block != bitext_seglist_get(l, i - 1)->block) {
            s->flags[i] |= UNIT_BLOCK_START;
            blocks++;
        }
        if (g->type == BITEXT_BLOCK_TITLE || g->type == BITEXT_BLOCK_HEADING)
            s->flags[i] |= UNIT_HEADING;
        /* one sentence's tokens at a time, interned at once: only their ids are kept */
        if (!(r->flags & BITEXT_ALIGN_LENGTH_ONLY) &&
            (align_tokenize(&toks, g->text, g->len, dcomma) < 0 ||
             align_intern_more(&r->local[k], &toks, &ids) < 0))
            rc = BITEXT_ENOMEM;
        r->toff[k][i + 1] = (int64_t)ids.n;
    }
    free(toks.v);
    align_shrink((void **)&ids.v, ids.n, sizeof *ids.v);
    r->ids[k] = ids;
    s->structured = blocks > 1 && blocks < n;
    return rc;
}

typedef struct {
    run *r;
    int rc;
} side_job;

static void *side_run(void *arg)
{
    side_job *job = arg;
    job->rc = side_units(job->r, 1);
    return NULL;
}

/* Tokenises the two sides, the target on a second thread when the input is large. */
static int both_sides(run *r)
{
    side_job job = {r, 0};
    pthread_t th;
    bool threaded = bitext_seglist_count(r->list[1]) >= 10000 &&
                    pthread_create(&th, NULL, side_run, &job) == 0;
    int rc = side_units(r, 0);
    if (threaded)
        pthread_join(th, NULL);
    else
        side_run(&job);
    return rc < 0 ? rc : job.rc;
}

static void sort_unique(run *r)
{
    r->nxl = align_pairs_unique(r->xl, r->nxl);
}

static int features(run *r)
{
    if (r->flags & BITEXT_ALIGN_LENGTH_ONLY) {
        for (int k = 0; k < 2; k++) {
            r->side[k].feat = NULL;
            memset(r->side[k].foff, 0, (r->side[k].n + 1) * sizeof *r->side[k].foff);
        }
        return 0;
    }
    return align_weigh_features(&r->side[0], &r->side[1], r->ids[0].v, r->toff[0], r->ids[1].v,
                                r->toff[1], r->xl, r->nxl, &r->vocab);
}

/* ---- parameters ---------------------------------------------------------------------- */

static void init_params(run *r)
{
    align_params *p = &r->params;
    double ls = r->side[0].cum[r->side[0].n], lt = r->side[1].cum[r->side[1].n];
    p->ratio = ls > 0 && lt > 0 ? lt / ls : 1.0;
    p->var = 6.8; /* Gale & Church 1993, section 3 */
    p->lex_weight = (r->flags & BITEXT_ALIGN_LENGTH_ONLY) ? 0.0 : 1.0;
    p->cross_cost = 3.0;
    p->boundary_cost = 1.5;
    p->heading_cost = 2.0;
}

/*
 * Ratio and variance from the 1-1 beads of a path (align_length_fit), bead priors from its
 * bead counts.  The variance is
 * inflated: the beads of a path were chosen partly for fitting lengths (a biased sample),
 * and the lexical evidence should decide where lengths are ambiguous.
 */
static int estimate(run *r, const align_path *p)
{
    const align_side *s = &r->side[0], *t = &r->side[1];
    double *l1 = malloc((p->n + 1) * sizeof *l1), *l2 = malloc((p->n + 1) * sizeof *l2);
    double count[ALIGN_MAX_TYPES] = {0}, var = r->params.var;
    size_t n11 = 0;
    int rc = l1 && l2 ? 0 : BITEXT_ENOMEM;
    for (size_t k = 0; k < p->n && rc == 0; k++) {
        const align_step *st = &p->v[k];
        for (unsigned x = 0; x < r->ntypes; x++)
            count[x] += r->types[x].a == st->a && r->types[x].b == st->b;
        if (st->a == 1 && st->b == 1) {
            l1[n11] = s->cum[st->i + 1] - s->cum[st->i];
            l2[n11++] = t->cum[st->j + 1] - t->cum[st->j];
        }
    }
    if (rc == 0 && (rc = align_length_fit(&r->params.ratio, &var, l1, l2, n11)) == 0 &&
        n11 >= 20) {
        r->params.var = VAR_INFLATION * var;
        r->params.var = r->params.var < 2.0 ? 2.0 : r->params.var > 200.0 ? 200.0 : r->params.var;
    }
    for (unsigned x = 0; x < r->ntypes; x++)
        r->params.prior_cost[x] = -log((count[x] + PRIOR_STRENGTH * r->prior[x]) /
                                       ((double)p->n + PRIOR_STRENGTH));
    free(l1);
    free(l2);
    return rc;
}

/* ---- learning ------------------------------------------------------------------------ */

/* Word ids of units [u, u + a) of one side into v (MAX_TRAIN_TOKENS entries); their count. */
static size_t words_into(uint32_t *v, const run *r, int side, size_t u, unsigned a)
{
    const int64_t *toff = r->toff[side];
    const uint8_t *p = r->ids[side].v + toff[u], *end = r->ids[side].v + toff[u + a];
    size_t n = 0;
    while (p < end && n < MAX_TRAIN_TOKENS) {
        uint32_t id = ids_next(&p);
        if (r->vocab.kind[id] == TOK_WORD)
            v[n++] = id;
    }
    return n;
}

/* Tokens in units [u, u + a) of one side. */
static size_t unit_tokens(const run *r, int side, size_t u, unsigned a)
{
    const uint8_t *v = r->ids[side].v;
    return align_ids_count(v + r->toff[side][u], v + r->toff[side][u + a]);
}

/* The first n entries of v in an array of their own (v is freed). */
/* Word ids of units [u, u + a) of one side into a fresh array. */
static uint32_t *bead_words(const run *r, int side, size_t u, unsigned a, size_t *n)
{
    uint32_t *v = malloc(MAX_TRAIN_TOKENS * sizeof *v);
    *n = v ? words_into(v, r, side, u, a) : 0;
    align_shrink((void **)&v, *n, sizeof *v);
    return v;
}

typedef struct {
    align_sentpair *v;
    size_t n, cap;
    int64_t cells;
} trainset;

static int train_add(trainset *ts, uint32_t *src, size_t ns, uint32_t *tgt, size_t nt)
{
    if (!src || !tgt || bitext_grow((void **)&ts->v, &ts->cap, ts->n + 1, sizeof *ts->v) < 0) {
        free(src);
        free(tgt);
        return BITEXT_ENOMEM;
    }
    ts->v[ts->n++] = (align_sentpair){src, tgt, ns, nt};
    ts->cells += (int64_t)(ns + 1) * (int64_t)(nt + 1);
    return 0;
}

/* Beads of pass 1 with both sides, evenly spread when over budget.  All of them, not only
 * the confident ones (issue 4 asks for confident beads): with pass 1's posteriors, training
 * only on beads >= 0.1 / 0.3 / 0.7 gave strict F1 0.723 / 0.713 / 0.691 on mac-dev (0.729
 * with all), counts weighted by the posterior 0.721, and textberg-dev 0.872 in every case; a
 * cheap confidence instead (a 1-1 bead's lexical evidence minus its best neighbour's >= -1 /
 * 0 / 1 nats) gave mac-dev 0.706 / 0.718 / 0.667 and textberg-dev 0.872 / 0.875 / 0.871.
 * Model 1 gains more from the words of the doubtful beads than it loses to their errors. */
static int train_from_path(trainset *ts, const run *r, const align_path *p)
{
    int64_t est = 0;
    size_t stride = 1;
    for (size_t k = 0; k < p->n; k++)
        if (p->v[k].a && p->v[k].b)
            est += (int64_t)(unit_tokens(r, 0, p->v[k].i, p->v[k].a) + 1) *
                   (int64_t)(unit_tokens(r, 1, p->v[k].j, p->v[k].b) + 1);
    if (est > LEARN_BUDGET)
        stride = (size_t)(est / LEARN_BUDGET) + 1;
    for (size_t k = 0; k < p->n; k += stride) {
        const align_step *st = &p->v[k];
        size_t ns, nt;
        uint32_t *src, *tgt;
        if (!st->a || !st->b || st->a + st->b > TRAIN_MAX_BEAD)
            continue;
        src = bead_words(r, 0, st->i, st->a, &ns);
        tgt = bead_words(r, 1, st->j, st->b, &nt);
        if (train_add(ts, src, ns, tgt, nt) < 0)
            return BITEXT_ENOMEM;
    }
    return 0;
}

/* True when the lexicon's source language is the target side's (its examples are reversed). */
static bool lexicon_reversed(const run *r)
{
    const char *ls = lexicon_src_lang(r->lex), *s = bitext_seglist_lang(r->list[0]);
    const char *t = bitext_seglist_lang(r->list[1]);
    size_t n = strcspn(ls, "-_");
    return n > 0 && strncmp(ls, t, n) == 0 && strncmp(ls, s, n) != 0;
}

/* Words of an example, as dense indices (words the documents do not have are left out). */
static int example_words(const run *r, const char *text, bool dcomma, uint32_t **out, size_t *n)
{
    align_tokens toks = {0};
    int rc = align_tokenize(&toks, text, strlen(text), dcomma);
    uint32_t *v = rc == 0 ? malloc(MAX_TRAIN_TOKENS * sizeof *v) : NULL;
    size_t w = 0;
    for (size_t k = 0; v && k < toks.n && w < MAX_TRAIN_TOKENS; k++) {
        uint32_t id = toks.v[k].kind == TOK_WORD ? align_vocab_find(&r->vocab, toks.v[k].id) : 0;
        if (id)
            v[w++] = id;
    }
    free(toks.v);
    *n = w;
    align_shrink((void **)&v, w, sizeof *v);
    *out = v;
    return *out ? 0 : BITEXT_ENOMEM;
}

static int train_from_lexicon(trainset *ts, const run *r)
{
    size_t ne = r->lex ? lexicon_examples(r->lex) : 0;
    int64_t start = ts->cells;
    bool rev = ne && lexicon_reversed(r);
    bool dc0 = align_decimal_comma(bitext_seglist_lang(r->list[0]));
    bool dc1 = align_decimal_comma(bitext_seglist_lang(r->list[1]));
    for (size_t k = 0; k < ne && ts->cells - start < LEARN_BUDGET; k++) {
        const char *a, *b;
        uint32_t *src = NULL, *tgt = NULL;
        size_t ns = 0, nt = 0;
        lexicon_example(r->lex, k, &a, &b);
        if (example_words(r, rev ? b : a, dc0, &src, &ns) < 0 ||
            example_words(r, rev ? a : b, dc1, &tgt, &nt) < 0 ||
            train_add(ts, src, ns, tgt, nt) < 0) {
            free(src);
            free(tgt);
            return BITEXT_ENOMEM;
        }
    }
    return 0;
}

/* Cognates by edit distance (align_cognate.c) between the source words of each bead of the
 * path and the target words of the same bead and of its neighbours (the candidates of the
 * next pass's band, so that a pair the path missed can still be found); only the pairs that
 * neither identity nor the prefix feature links. */
static int cognates(run *r, const align_path *p)
{
    align_cognates c = {0};
    int rc = 0;
    c.form = r->form;
    c.nform = r->form ? r->vocab.n + 1 : 0;
    for (size_t k = 0; rc == 0 && c.nform && k < p->n; k++) {
        const align_step *st = &p->v[k];
        uint32_t src[MAX_TRAIN_TOKENS], tgt[MAX_TRAIN_TOKENS];
        size_t ns;
        if (!st->a || st->a > TRAIN_MAX_BEAD)
            continue;
        ns = words_into(src, r, 0, st->i, st->a);
        for (size_t x = k ? k - 1 : 0; rc == 0 && x <= k + 1 && x < p->n; x++) {
            const align_step *o = &p->v[x];
            if (o->b && o->b <= TRAIN_MAX_BEAD)
                rc = align_cognate_bead(&c, src, ns, tgt, words_into(tgt, r, 1, o->j, o->b));
        }
    }
    if (rc == 0 && c.npairs &&
        bitext_grow((void **)&r->xl, &r->xlcap, r->nxl + c.npairs, sizeof *r->xl) < 0)
        rc = BITEXT_ENOMEM;
    if (rc == 0 && c.npairs) {
        memcpy(r->xl + r->nxl, c.pairs, c.npairs * sizeof *c.pairs);
        r->nxl += c.npairs;
    }
    align_cognates_free(&c);
    return rc;
}

static int learn(run *r, const align_path *p)
{
    trainset ts = {0};
    int rc = cognates(r, p);
    if (rc == 0)
        rc = train_from_path(&ts, r, p);
    if (rc == 0)
        rc = train_from_lexicon(&ts, r);
    if (rc == 0)
        rc = align_model1_learn(&r->xl, &r->nxl, ts.v, ts.n);
    for (size_t k = 0; k < ts.n; k++) {
        free(ts.v[k].src);
        free(ts.v[k].tgt);
    }
    free(ts.v);
    if (rc == 0)
        sort_unique(r);
    return rc;
}

/* ---- the run ------------------------------------------------------------------------- */

static int result(bitext_alignment *al, const align_path *p)
{
    al->v = calloc(p->n ? p->n : 1, sizeof *al->v);
    if (!al->v)
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < p->n; k++) {
        const align_step *st = &p->v[k];
        double c = st->conf < 0 ? 0 : st->conf > 1 ? 1 : st->conf;
        al->v[k] = (bitext_bead){st->i, st->a, st->j, st->b, c};
    }
    al->n = p->n;
    return 0;
}

/* Trivial alignments: one side empty. */
static int one_sided(bitext_alignment *al, size_t n, size_t m)
{
    al->n = n + m;
    al->v = calloc(al->n ? al->n : 1, sizeof *al->v);
    if (!al->v)
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < n; k++)
        al->v[k] = (bitext_bead){k, 1, 0, 0, 1.0};
    for (size_t k = 0; k < m; k++)
        al->v[n + k] = (bitext_bead){n, 0, k, 1, 1.0};
    return 0;
}

/* The band of the next pass: everything when small, else around the previous path. */
static int next_band(run *r, align_band *band, const align_path *prev)
{
    if ((double)(r->side[0].n + 1) * (double)(r->side[1].n + 1) <= 4e6)
        return align_band_full(band, r->side[0].n, r->side[1].n);
    return align_band_from_path(band, prev, NULL, NULL, r->side[0].n, r->side[1].n,
                                PASS2_SLACK);
}


/*
 * The posterior of a bead is its probability under the model, which knows nothing of the
 * beads it cannot form (1-6, crossing beads) or of evidence it double counts.  A bead that
 * the previous pass, with other parameters, did not choose is less certain than the model
 * says: its confidence is scaled down.
 */
static void discount_unstable(align_path *final, const align_path *prev)
{
    size_t k = 0;
    for (size_t x = 0; x < final->n; x++) {
        align_step *st = &final->v[x];
        while (k < prev->n && (prev->v[k].i < st->i || (prev->v[k].i == st->i &&
                                                          prev->v[k].j < st->j)))
            k++;
        if (k >= prev->n || prev->v[k].i != st->i || prev->v[k].j != st->j ||
            prev->v[k].a != st->a || prev->v[k].b != st->b)
            st->conf *= UNSTABLE_SHARE;
        /* every sentence beyond a 1-1 is one more boundary the model may have put in the
         * wrong place while sure of it (a 1-6 it cannot form split into 1-4 and 0-2) */
        if (st->a && st->b)
            st->conf *= pow(BOUNDARY_SHARE, (double)(st->a + st->b - 2));
    }
}

/* The features of both sides, before they are made again. */
static void drop_features(run *r)
{
    for (int k = 0; k < 2; k++) {
        free(r->side[k].feat);
        r->side[k].feat = NULL;
    }
}

/* The last pass needs the features only: the tokens they were made of go before it. */
static void drop_tokens(run *r)
{
    for (int k = 0; k < 2; k++) {
        free(r->ids[k].v);
        free(r->toff[k]);
        memset(&r->ids[k], 0, sizeof r->ids[k]);
        r->toff[k] = NULL;
    }
}

/*
 * Pass 1 (coarse-to-fine) with generic parameters; then LEARN_ROUNDS times: estimate the
 * parameters and retrain Model 1 from the last path, and realign in a band around it.  The
 * last pass computes the posteriors.
 */
static int passes(run *r, align_path *final)
{
    align_scorer sc;
    align_path prev = {0};
    align_band blocks = {0};
    bool learnt = !(r->flags & (BITEXT_ALIGN_LENGTH_ONLY | BITEXT_ALIGN_NO_LEARN));
    bool structured = r->side[0].structured && r->side[1].structured;
    unsigned draft = r->ntypes < DRAFT_TYPES ? r->ntypes : DRAFT_TYPES;
    int rounds = !learnt ? 1 : r->side[0].n + r->side[1].n > LONG_INPUT ? 1 : LEARN_ROUNDS;
    int rc = features(r);
    align_bilingual_scorer(&sc, &r->params);
    if (rc == 0 && structured) { /* structure first: every pass stays inside aligned blocks */
        double share = 0;
        rc = align_block_band(&blocks, &share, &r->side[0], &r->side[1], &sc, r->types, draft);
        if (rc == 0 && share < MIN_BLOCK_MATCH) { /* the paragraphs do not correspond */
            align_band_free(&blocks);
            structured = r->side[0].structured = r->side[1].structured = false;
        }
    }
    if (rc == 0 && (r->flags & BITEXT_ALIGN_LENGTH_ONLY) && !structured)
        rc = align_coarse_to_fine(final, &r->side[0], &r->side[1], &sc, r->types, r->ntypes,
                                  true);
    if (rc < 0 || (r->flags & BITEXT_ALIGN_LENGTH_ONLY)) {
        if (rc == 0 && structured)
            rc = align_dp(final, &r->side[0], &r->side[1], &blocks, &sc, r->types, r->ntypes,
                          true);
        align_band_free(&blocks);
        return rc;
    }
    if (structured)
        rc = align_dp(&prev, &r->side[0], &r->side[1], &blocks, &sc, r->types, draft, false);
    else
        rc = align_coarse_to_fine(&prev, &r->side[0], &r->side[1], &sc, r->types, draft, false);
    for (int round = 0; rc == 0 && round < rounds; round++) {
        align_band band = {0};
        align_path next = {0};
        bool last = round == rounds - 1;
        rc = estimate(r, &prev);
        if (rc == 0 && learnt) {
            r->nxl = r->ndict; /* relearn from scratch on the latest path */
            drop_features(r);  /* made again from what is learnt: not held beside Model 1 */
            rc = learn(r, &prev);
        }
        if (rc == 0 && learnt)
            rc = features(r);
        if (rc == 0 && last)
            drop_tokens(r);
        if (rc == 0 && !structured)
            rc = next_band(r, &band, &prev);
        if (rc == 0)
            rc = align_dp(&next, &r->side[0], &r->side[1], structured ? &blocks : &band, &sc,
                          r->types, last ? r->ntypes : draft, last);
        if (rc == 0 && last)
            discount_unstable(&next, &prev);
        align_band_free(&band);
        free(prev.v);
        prev = next;
    }
    align_band_free(&blocks);
    *final = prev;
    return rc;
}

static void run_free(run *r)
{
    for (int k = 0; k < 2; k++) {
        align_vocab_free(&r->local[k]);
        free(r->ids[k].v);
        free(r->toff[k]);
        align_side_free(&r->side[k]);
    }
    free(r->xl);
    align_vocab_free(&r->vocab);
    align_forms_free(&r->forms[0]);
    align_forms_free(&r->forms[1]);
    free(r->form);
}

static void run_init(run *r, const bitext_align_options *opts)
{
    r->flags = opts ? opts->flags : 0;
    r->lex = opts ? opts->lexicon : NULL;
    choose_types(r, opts && opts->max_bead ? opts->max_bead : MAX_BEAD_DEFAULT);
}

/* The kept forms by dense word id. */
static int dense_forms(run *r)
{
    if (!r->forms[0].n && !r->forms[1].n)
        return 0;
    r->form = calloc(r->vocab.n + 1, sizeof *r->form);
    if (!r->form)
        return BITEXT_ENOMEM;
    for (int k = 0; k < 2; k++)
        for (size_t x = 0; x < r->forms[k].cap; x++) {
            uint32_t id = r->forms[k].keys[x];
            uint32_t d = id ? align_vocab_find(&r->vocab, id) : 0;
            if (d)
                r->form[d] = r->forms[k].text + r->forms[k].offs[x];
        }
    return 0;
}

/* Dense vocabulary over both sides, and the dictionary's pairs of words that occur. */
static int vocabulary(run *r)
{
    size_t n = 0;
    const align_pair *lp = NULL;
    for (int k = 0; k < 2; k++) {
        if (align_vocab_merge(&r->vocab, &r->local[k], &r->ids[k], r->toff[k], r->side[k].n) < 0)
            return BITEXT_ENOMEM;
        align_vocab_free(&r->local[k]);
    }
    if (dense_forms(r) < 0)
        return BITEXT_ENOMEM;
    if (r->lex && !(r->flags & BITEXT_ALIGN_LENGTH_ONLY))
        lp = lexicon_pairs(r->lex, &n);
    for (size_t k = 0; k < n; k++) {
        uint32_t f = align_vocab_find(&r->vocab, lp[k].src), e;
        if (!f || !(e = align_vocab_find(&r->vocab, lp[k].tgt)))
            continue;
        if (bitext_grow((void **)&r->xl, &r->xlcap, r->nxl + 1, sizeof *r->xl) < 0)
            return BITEXT_ENOMEM;
        r->xl[r->nxl++] = (align_pair){f, e};
    }
    sort_unique(r);
    r->ndict = r->nxl;
    return 0;
}

int bitext_align_run(bitext_alignment **out, const bitext_seglist *src, const bitext_seglist *tgt,
                     const bitext_align_options *opts, bitext_error *err)
{
    run r = {0};
    align_path path = {0};
    bitext_alignment *al = calloc(1, sizeof *al);
    size_t n = bitext_seglist_count(src), m = bitext_seglist_count(tgt);
    int rc = al ? 0 : BITEXT_ENOMEM;
    *out = NULL;
    if (opts && opts->version != BITEXT_ALIGN_OPTIONS_VERSION) {
        free(al);
        return bitext_fail(err, BITEXT_EINVAL, "align options version %u, expected %u",
                           opts->version, BITEXT_ALIGN_OPTIONS_VERSION);
    }
    if (opts && opts->max_bead > 5) {
        free(al);
        return bitext_fail(err, BITEXT_EINVAL, "max_bead %u out of range 1..5", opts->max_bead);
    }
    r.list[0] = src;
    r.list[1] = tgt;
    if (rc == 0 && (n == 0 || m == 0)) {
        rc = one_sided(al, n, m);
    } else if (rc == 0) {
        run_init(&r, opts);
        rc = both_sides(&r);
        if (rc == 0)
            rc = vocabulary(&r);
        if (rc == 0)
            init_params(&r);
        if (rc == 0)
            rc = passes(&r, &path);
        if (rc == 0)
            rc = result(al, &path);
    }
    run_free(&r);
    free(path.v);
    if (rc < 0) {
        bitext_alignment_free(al);
        return bitext_fail(err, rc, "alignment: out of memory");
    }
    *out = al;
    return 0;
}

void bitext_alignment_free(bitext_alignment *al)
{
    if (!al)
        return;
    free(al->v);
    free(al);
}

size_t bitext_alignment_count(const bitext_alignment *al)
{
    return al ? al->n : 0;
}

const bitext_bead *bitext_alignment_bead(const bitext_alignment *al, size_t i)
{
    return i < al->n ? &al->v[i] : NULL;
}

/* One side of a bead: "[3, 4]" or "[]". */
static void side_format(bitext_buf *b, size_t first, size_t count)
{
    bitext_buf_putc(b, '[');
    for (size_t k = 0; k < count; k++)
        bitext_buf_printf(b, k ? ", %zu" : "%zu", first + k);
    bitext_buf_putc(b, ']');
}

size_t bitext_bead_format(const bitext_bead *bead, char *buf, size_t size)
{
    bitext_buf b = {0};
    size_t n;
    side_format(&b, bead->src, bead->nsrc);
    bitext_buf_putc(&b, ':');
    side_format(&b, bead->tgt, bead->ntgt);
    n = b.data ? b.len : 0;
    if (size > 0) {
        n = n < size - 1 ? n : size - 1;
        if (n)
            memcpy(buf, b.data, n);
        buf[n] = '\0';
    }
    bitext_buf_free(&b);
    return n;
}
