/* diff_sim.c - pairing the segments the exact pass left, by similarity.
 *
 * Two views of a segment, because edits hurt them differently: its words (the aligner's
 * tokens: folded case and diacritics, normalised numbers), weighted by how rare they are in
 * the two editions (inverse document frequency, so "the" says little and a name much), and
 * its character trigrams (case-folded letters and digits, weighted the same way, so that
 * " th" and "ing" say little), which survive inflection, typo fixes and edited markup where
 * whole words do not.  The similarity of two segments is the mean of the weighted Dice
 * coefficients of their words and of their trigrams (both in [0, 1]).
 *
 * Pairing is global and best first: candidates for each new segment come from an inverted
 * index of the old segments' rarest words and trigrams (never all pairs); the pairs are
 * taken by decreasing score, each segment once.  Evidence needed depends on position, the
 * way a reader judges it: a pair in the same gap of the exact anchors' chain keeps the order
 * and needs DIFF_T_ORDER; a pair across it would be a move and needs DIFF_T_MOVE; a pair whose
 * neighbours are matched to each other (the sentences before or after) gets DIFF_CONTEXT.
 * Splits and merges then grow matched pairs by adjacent unmatched segments whose words the
 * other side holds and the pair does not use yet.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "align_int.h"
#include "diff_int.h"

#define DIFF_T_ORDER 0.40 /* similarity to pair in order */
#define DIFF_T_MOVE 0.60  /* ... across the chain of anchors (a move) */
#define DIFF_CONTEXT 0.10 /* bonus per matched neighbour pair */
#define DIFF_FLOOR 0.20   /* candidates below are not kept */
#define DIFF_CONTAIN 0.80 /* weight of containment in its blend with Dice */
#define DIFF_CONTAIN_WORDS                                                                         \
    6                   /* words the shorter side needs for containment to count:                  \
                           a clause; a few words are contained anywhere by chance */
#define DIFF_COVER 0.50 /* split/merge: share of a segment's word weight left unused */
#define RAREST 6        /* index terms looked up per segment, rarest first */
#define CANDIDATES 10   /* candidates scored per new segment */
#define MAX_POSTING 200 /* old segments one index term may bring, at most */
#define BAG_MAX 4096    /* ids of one side of a comparison, at most */

typedef struct {
    uint32_t *v; /* dense ids, each segment's run sorted */
    size_t n, cap;
    size_t *off[2]; /* per side: n + 1 offsets into v */
} feats;

typedef struct {
    diff_ctx *c;
    feats w, g;            /* words and trigrams */
    uint32_t *df_w, *df_g; /* document frequency by dense id (both editions) */
    double *idf;           /* weight by dense word id */
    double *idf_g;         /* weight by dense trigram id */
    size_t nw, ngr;        /* vocabulary sizes (ids are 1-based) */
    size_t docs;
} sim_ctx;

typedef struct {
    float score;
    uint32_t o, n;
    float sim;
} cand;

/* ---- features ------------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t gram_hash(const uint32_t *cp)
{
    uint64_t h = 1469598103934665603ULL;
    for (int k = 0; k < 3; k++)
        h = (h ^ cp[k]) * 1099511628211ULL;
    return (uint32_t)(h ^ (h >> 32)) | 1u;
}

/* Trigrams of the case-folded letters and digits, a space standing for every run of
 * anything else (so word edges count, as in " ca", "cat", "at "). */
static int add_grams(align_tokens *out, const char *s, size_t len)
{
    uint32_t win[3] = {' ', ' ', ' '};
    size_t i = 0, seen = 0;
    bool space = true;
    for (;;) {
        uint32_t cp = ' ';
        if (i < len) {
            cp = bitext_utf8_next(s, len, &i);
            if (u_isalnum((UChar32)cp))
                cp = (uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
            else if (space)
                continue;
            else
                cp = ' ';
        } else if (space) {
            break;
        }
        space = cp == ' ';
        win[0] = win[1];
        win[1] = win[2];
        win[2] = cp;
        if (++seen >= 2) {
            if (bitext_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) < 0)
                return BITEXT_ENOMEM;
            out->v[out->n++] = (align_token){TOK_WORD, gram_hash(win), 0};
        }
        if (i >= len && space)
            break;
    }
    return 0;
}

/* The words of a segment that carry meaning: words, numbers, URLs (no punctuation). */
static void keep_words(align_tokens *t)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].kind != TOK_PUNCT)
            t->v[k++] = t->v[i];
    t->n = k;
}

/* Appends the interned ids of toks as the next segment's sorted run in f. */
static int push_run(feats *f, align_vocab *voc, align_tokens *toks)
{
    uint32_t *ids = NULL;
    size_t n = toks->n;
    if (align_intern(voc, toks, &ids) < 0 ||
        bitext_grow((void **)&f->v, &f->cap, f->n + n + 1, sizeof *f->v) < 0) {
        free(ids);
        return BITEXT_ENOMEM;
    }
    memcpy(f->v + f->n, ids, n * sizeof *ids);
    free(ids);
    qsort(f->v + f->n, n, sizeof *f->v, cmp_u32);
    f->n += n;
    return 0;
}

/* Features of every unmatched segment (matched ones get an empty run). */
static int build_features(sim_ctx *x, align_vocab *vw, align_vocab *vg)
{
    diff_ctx *c = x->c;
    align_tokens t = {0};
    bool dcomma = align_decimal_comma(c->lang);
    int rc = 0;
    for (int s = 0; s < 2 && rc == 0; s++) {
        if (!(x->w.off[s] = malloc((c->n[s] + 1) * sizeof(size_t))) ||
            !(x->g.off[s] = malloc((c->n[s] + 1) * sizeof(size_t))))
            return BITEXT_ENOMEM;
        for (size_t i = 0; i < c->n[s] && rc == 0; i++) {
            const bitext_segment *seg = bitext_seglist_get(c->side[s], i);
            x->w.off[s][i] = x->w.n;
            x->g.off[s][i] = x->g.n;
            if (c->gid[s][i] >= 0)
                continue;
            x->docs++;
            t.n = 0;
            if ((rc = align_tokenize(&t, seg->text, seg->len, dcomma)) < 0)
                break;
            keep_words(&t);
            if ((rc = push_run(&x->w, vw, &t)) < 0)
                break;
            t.n = 0;
            if ((rc = add_grams(&t, seg->text, seg->len)) < 0 || (rc = push_run(&x->g, vg, &t)) < 0)
                break;
        }
        x->w.off[s][c->n[s]] = x->w.n;
        x->g.off[s][c->n[s]] = x->g.n;
    }
    free(t.v);
    x->nw = vw->n;
    x->ngr = vg->n;
    return rc;
}

/* Document frequencies (each segment counts a term once) and the words' weights. */
static int weigh(sim_ctx *x)
{
    diff_ctx *c = x->c;
    if (!(x->df_w = calloc(x->nw + 1, sizeof *x->df_w)) ||
        !(x->df_g = calloc(x->ngr + 1, sizeof *x->df_g)) ||
        !(x->idf = malloc((x->nw + 1) * sizeof *x->idf)) ||
        !(x->idf_g = malloc((x->ngr + 1) * sizeof *x->idf_g)))
        return BITEXT_ENOMEM;
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < c->n[s]; i++) {
            for (size_t k = x->w.off[s][i]; k < x->w.off[s][i + 1]; k++)
                if (k == x->w.off[s][i] || x->w.v[k] != x->w.v[k - 1])
                    x->df_w[x->w.v[k]]++;
            for (size_t k = x->g.off[s][i]; k < x->g.off[s][i + 1]; k++)
                if (k == x->g.off[s][i] || x->g.v[k] != x->g.v[k - 1])
                    x->df_g[x->g.v[k]]++;
        }
    for (size_t id = 1; id <= x->nw; id++)
        x->idf[id] = log(1.0 + (double)x->docs / (x->df_w[id] ? x->df_w[id] : 1));
    for (size_t id = 1; id <= x->ngr; id++)
        x->idf_g[id] = log(1.0 + (double)x->docs / (x->df_g[id] ? x->df_g[id] : 1));
    return 0;
}

/* ---- similarity ------------------------------------------------------------------------ */

/* A multiset of ids: one or more segments' sorted runs merged. */
typedef struct {
    uint32_t v[BAG_MAX];
    size_t n;
} bag;

static void bag_of(bag *b, const feats *f, int side, uint32_t first, uint32_t count)
{
    b->n = 0;
    for (uint32_t i = first; i < first + count; i++)
        for (size_t k = f->off[side][i]; k < f->off[side][i + 1] && b->n < BAG_MAX; k++)
            b->v[b->n++] = f->v[k];
    if (count > 1)
        qsort(b->v, b->n, sizeof *b->v, cmp_u32);
}

/* Weighted overlap of two sorted multisets (weights NULL = 1 each): the shared weight and
 * each side's total. */
typedef struct {
    double both, ta, tb;
} overlap;

static overlap overlap_of(const bag *a, const bag *b, const double *w)
{
    overlap o = {0, 0, 0};
    size_t i = 0, j = 0;
    for (size_t k = 0; k < a->n; k++)
        o.ta += w ? w[a->v[k]] : 1.0;
    for (size_t k = 0; k < b->n; k++)
        o.tb += w ? w[b->v[k]] : 1.0;
    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) {
            o.both += w ? w[a->v[i]] : 1.0;
            i++, j++;
        } else if (a->v[i] < b->v[j]) {
            i++;
        } else {
            j++;
        }
    }
    return o;
}

static double dice(overlap o)
{
    return o.ta + o.tb > 0 ? 2.0 * o.both / (o.ta + o.tb) : 0.0;
}

static double containment(overlap o)
{
    double m = o.ta < o.tb ? o.ta : o.tb;
    return m > 0 ? o.both / m : 0.0;
}

/* Similarity of old [o, o + no) and new [n, n + nn): the mean of the two Dice coefficients
 * (also to *dice_mean when not NULL);
 * or, when the shorter side has DIFF_CONTAIN_WORDS words or more and that is higher, its
 * containment in the longer one (a sentence extended or cut short) blended with the Dice
 * mean, so that of two segments that both contain it the closer one still wins. */
static double compare(const sim_ctx *x, uint32_t o, uint32_t no, uint32_t n, uint32_t nn,
                      double *dice_mean)
{
    bag a, b;
    overlap ow, og;
    size_t shorter;
    double d, c;
    bag_of(&a, &x->w, 0, o, no);
    bag_of(&b, &x->w, 1, n, nn);
    ow = overlap_of(&a, &b, x->idf);
    shorter = a.n < b.n ? a.n : b.n;
    bag_of(&a, &x->g, 0, o, no);
    bag_of(&b, &x->g, 1, n, nn);
    og = overlap_of(&a, &b, x->idf_g);
    d = shorter == 0 ? dice(og) : (dice(ow) + dice(og)) / 2.0;
    if (dice_mean)
        *dice_mean = d;
    c = DIFF_CONTAIN * (containment(ow) + containment(og)) / 2.0 + (1.0 - DIFF_CONTAIN) * d;
    return shorter >= DIFF_CONTAIN_WORDS && c > d ? c : d;
}

static double similarity(const sim_ctx *x, uint32_t o, uint32_t no, uint32_t n, uint32_t nn)
{
    return compare(x, o, no, n, nn, NULL);
}

/* ---- candidates ------------------------------------------------------------------------ */

typedef struct {
    uint32_t *start, *list; /* postings: old segments by dense id */
} postings;

static int index_old(postings *p, const feats *f, const diff_ctx *c, size_t vocab)
{
    size_t total = f->off[0][c->n[0]];
    if (!(p->start = calloc(vocab + 2, sizeof *p->start)) ||
        !(p->list = malloc((total + 1) * sizeof *p->list)))
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < total; k++)
        p->start[f->v[k] + 1]++;
    for (size_t id = 1; id <= vocab + 1; id++)
        p->start[id] += p->start[id - 1];
    for (uint32_t i = 0; i < c->n[0]; i++)
        for (size_t k = f->off[0][i]; k < f->off[0][i + 1]; k++)
            p->list[p->start[f->v[k]]++] = i;
    for (size_t id = vocab + 1; id > 0; id--) /* shift the ends back into starts */
        p->start[id] = p->start[id - 1];
    p->start[0] = 0;
    return 0;
}

/* The RAREST rarest distinct terms of new segment j that some old segment has (the index
 * knows those only), by document frequency.  A term in more than MAX_POSTING old segments
 * tells nothing about which one is the match and would make the work quadratic: left out. */
static size_t rarest(uint32_t *out, const feats *f, uint32_t j, const uint32_t *df,
                     const postings *p)
{
    size_t n = 0;
    for (size_t k = f->off[1][j]; k < f->off[1][j + 1]; k++) {
        uint32_t id = f->v[k];
        size_t at;
        if ((k > f->off[1][j] && id == f->v[k - 1]) || p->start[id] == p->start[id + 1] ||
            p->start[id + 1] - p->start[id] > MAX_POSTING)
            continue;
        if (n == RAREST && df[id] >= df[out[RAREST - 1]])
            continue;
        at = n < RAREST ? n++ : RAREST - 1;
        for (; at > 0 && df[out[at - 1]] > df[id]; at--)
            out[at] = out[at - 1];
        out[at] = id;
    }
    return n;
}

typedef struct {
    double *acc; /* per old segment: evidence gathered for this new segment */
    uint32_t *touched;
    size_t nt;
} gather;

static void collect(gather *g, const postings *p, const uint32_t *terms, size_t nterms,
                    const double *w)
{
    for (size_t t = 0; t < nterms; t++)
        for (uint32_t k = p->start[terms[t]]; k < p->start[terms[t] + 1]; k++) {
            uint32_t i = p->list[k];
            if (g->acc[i] == 0)
                g->touched[g->nt++] = i;
            g->acc[i] += w ? w[terms[t]] : 1.0;
        }
}

static bool neighbours_matched(const diff_ctx *c, uint32_t o, uint32_t n, int d)
{
    int64_t a = (int64_t)o + d, b = (int64_t)n + d;
    if (a < 0 || b < 0 || (size_t)a >= c->n[0] || (size_t)b >= c->n[1])
        return false;
    return c->gid[0][a] >= 0 && c->gid[0][a] == c->gid[1][b];
}

static float context(const diff_ctx *c, uint32_t o, uint32_t n)
{
    return (float)(DIFF_CONTEXT *
                   (neighbours_matched(c, o, n, -1) + neighbours_matched(c, o, n, +1)));
}

typedef struct {
    cand *v;
    size_t n, cap;
} cands;

/* Scores the CANDIDATES old segments with the most evidence for new segment j. */
static int score_top(cands *out, const sim_ctx *x, gather *g, uint32_t j)
{
    const diff_ctx *c = x->c;
    for (size_t r = 0; r < CANDIDATES && r < g->nt; r++) {
        size_t best = r;
        uint32_t i;
        double s;
        for (size_t k = r + 1; k < g->nt; k++)
            if (g->acc[g->touched[k]] > g->acc[g->touched[best]])
                best = k;
        i = g->touched[best];
        g->touched[best] = g->touched[r];
        g->touched[r] = i;
        s = similarity(x, i, 1, j, 1);
        if (s < DIFF_FLOOR)
            continue;
        if (bitext_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) < 0)
            return BITEXT_ENOMEM;
        out->v[out->n++] = (cand){(float)s + context(c, i, j), i, j, (float)s};
    }
    for (size_t k = 0; k < g->nt; k++)
        g->acc[g->touched[k]] = 0;
    g->nt = 0;
    return 0;
}

static int candidates(cands *out, sim_ctx *x)
{
    diff_ctx *c = x->c;
    postings pw = {0}, pg = {0};
    gather g = {0};
    uint32_t terms[RAREST];
    int rc = BITEXT_ENOMEM;
    if (index_old(&pw, &x->w, c, x->nw) < 0 || index_old(&pg, &x->g, c, x->ngr) < 0 ||
        !(g.acc = calloc(c->n[0] + 1, sizeof *g.acc)) ||
        !(g.touched = malloc((c->n[0] + 1) * sizeof *g.touched)))
        goto done;
    rc = 0;
    for (uint32_t j = 0; j < c->n[1] && rc == 0; j++) {
        if (c->gid[1][j] >= 0)
            continue;
        collect(&g, &pw, terms, rarest(terms, &x->w, j, x->df_w, &pw), x->idf);
        collect(&g, &pg, terms, rarest(terms, &x->g, j, x->df_g, &pg), NULL);
        rc = score_top(out, x, &g, j);
    }
done:
    free(pw.start);
    free(pw.list);
    free(pg.start);
    free(pg.list);
    free(g.acc);
    free(g.touched);
    return rc;
}

static int cmp_cand(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    return a->o < b->o ? -1 : a->o > b->o;
}

/* Best first, each segment once; the threshold depends on order and, through the context
 * bonus, on the neighbours matched so far. */
static int pair_best_first(sim_ctx *x, cands *cs)
{
    diff_ctx *c = x->c;
    if (cs->n > 1) /* qsort wants a non-NULL array even for nothing */
        qsort(cs->v, cs->n, sizeof *cs->v, cmp_cand);
    for (size_t k = 0; k < cs->n; k++) {
        const cand *p = &cs->v[k];
        double need;
        if (c->gid[0][p->o] >= 0 || c->gid[1][p->n] >= 0)
            continue;
        need = c->chain[0][p->o] == c->chain[1][p->n] ? DIFF_T_ORDER : DIFF_T_MOVE;
        if (p->sim + context(c, p->o, p->n) < need)
            continue;
        if (diff_link(c, p->o, p->n, p->sim) < 0)
            return BITEXT_ENOMEM;
    }
    return 0;
}

/* ---- splits and merges ----------------------------------------------------------------- */

/* have minus used, as multisets (both sorted), into out. */
static void bag_minus(bag *out, const bag *have, const bag *used)
{
    size_t u = 0;
    out->n = 0;
    for (size_t h = 0; h < have->n; h++) {
        while (u < used->n && used->v[u] < have->v[h])
            u++;
        if (u < used->n && used->v[u] == have->v[h])
            u++; /* this occurrence is already used by the pair */
        else
            out->v[out->n++] = have->v[h];
    }
}

/* Share of segment (side, i)'s word weight found in the other side's words that the pair
 * does not use yet. */
static double coverage(const sim_ctx *x, int side, uint32_t i, const bag *have, const bag *used)
{
    bag left, mine;
    overlap o;
    bag_minus(&left, have, used);
    bag_of(&mine, &x->w, side, i, 1);
    o = overlap_of(&mine, &left, x->idf);
    return o.ta > 0 ? o.both / o.ta : 0.0;
}

/* Tries to grow group gi by the unmatched segment `seg` of `side` (adjacent to it). */
static bool try_grow(sim_ctx *x, int32_t gi, int side, int64_t seg)
{
    diff_ctx *c = x->c;
    diff_group *g = &c->g[gi];
    bag other, mine;
    double before, after, sim;
    if (seg < 0 || (size_t)seg >= c->n[side] || c->gid[side][seg] >= 0 ||
        x->w.off[side][seg] == x->w.off[side][seg + 1])
        return false;
    bag_of(&other, &x->w, !side, side ? g->o : g->n, side ? g->no : g->nn);
    bag_of(&mine, &x->w, side, side ? g->n : g->o, side ? g->nn : g->no);
    if (coverage(x, side, (uint32_t)seg, &other, &mine) < DIFF_COVER)
        return false;
    /* the segment must make the pair more alike, not only be contained in it */
    sim = compare(x, g->o, g->no, g->n, g->nn, &before);
    if (side == 0)
        sim = compare(x, seg < g->o ? (uint32_t)seg : g->o, g->no + 1, g->n, g->nn, &after);
    else
        sim = compare(x, g->o, g->no, seg < g->n ? (uint32_t)seg : g->n, g->nn + 1, &after);
    if (after <= before)
        return false;
    if (side == 0) {
        g->o = seg < g->o ? (uint32_t)seg : g->o;
        g->no++;
    } else {
        g->n = seg < g->n ? (uint32_t)seg : g->n;
        g->nn++;
    }
    g->sim = sim;
    c->gid[side][seg] = gi;
    return true;
}

static void splits_merges(sim_ctx *x)
{
    diff_ctx *c = x->c;
    bool grew = true;
    for (int round = 0; grew && round < 4; round++) {
        grew = false;
        for (size_t k = 0; k < c->ng; k++) {
            diff_group *g = &c->g[k];
            if (g->sim >= 1.0)
                continue; /* exact matches neither split nor merge */
            grew |= try_grow(x, (int32_t)k, 1, (int64_t)g->n + g->nn);
            grew |= try_grow(x, (int32_t)k, 1, (int64_t)g->n - 1);
            grew |= try_grow(x, (int32_t)k, 0, (int64_t)g->o + g->no);
            grew |= try_grow(x, (int32_t)k, 0, (int64_t)g->o - 1);
        }
    }
}

int diff_similar(diff_ctx *c, bitext_error *err)
{
    sim_ctx x = {0};
    align_vocab vw = {0}, vg = {0};
    cands cs = {0};
    int rc;
    x.c = c;
    if ((rc = build_features(&x, &vw, &vg)) == 0 && (rc = weigh(&x)) == 0 &&
        (rc = candidates(&cs, &x)) == 0 && (rc = pair_best_first(&x, &cs)) == 0)
        splits_merges(&x);
    align_vocab_free(&vw);
    align_vocab_free(&vg);
    for (int s = 0; s < 2; s++) {
        free(x.w.off[s]);
        free(x.g.off[s]);
    }
    free(x.w.v);
    free(x.g.v);
    free(x.df_w);
    free(x.df_g);
    free(x.idf);
    free(x.idf_g);
    free(cs.v);
    return rc < 0 ? bitext_fail(err, BITEXT_ENOMEM, "out of memory") : 0;
}
