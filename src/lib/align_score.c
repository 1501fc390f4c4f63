/* align_score.c - the bilingual scorer: what a bead costs, in nats.
 *
 *   cost = -log P(bead type)                                  (Gale & Church 1993, table 5)
 *        + -log 2(1 - Phi(|delta|)) for the lengths          (Gale & Church 1993, eq. 1-3)
 *        - sum of the lexical evidence of its sentence pairs  (anchors, dictionary, Model 1)
 *        + structure penalties (beads across paragraphs, boundaries on one side only).
 *
 * The lexical evidence of a feature shared by two sentences is the log-likelihood ratio of
 * seeing it in a true pair against a random pair, log(0.5 / P(random sentence has it)), so it
 * adds to the length costs on the same scale.  Because the evidence of a bead is the sum over
 * the sentence pairs inside it, each pair's evidence is computed once per band node.
 */
#include <math.h>
#include <stdlib.h>

#include "align_int.h"

/* -log 2(1 - Phi(|delta|)) = -log erfc(|delta| / sqrt 2) */
static double tail_cost(double delta)
{
    double x = fabs(delta) / M_SQRT2;
    if (x > 8.0) /* erfc underflows: -log erfc(x) ~ x^2 + log(x sqrt(pi)) */
        return x * x + log(x * 1.7724538509055160);
    return -log(erfc(x));
}

/*
 * Gale & Church's two-sided tail probability of the length difference, made robust: real
 * translations have heavier tails than a normal (a sentence padded or cut by the
 * translator), so the probability is a mixture with a normal TAIL_SCALE times wider.
 */
#define TAIL_MIX 0.15
#define TAIL_SCALE 3.0
static double mixture_cost(double delta)
{
    double a = -tail_cost(delta), b = -tail_cost(delta / TAIL_SCALE);
    double hi = a > b ? a : b, lo = a > b ? b : a;
    double pa = a == hi ? 1.0 - TAIL_MIX : TAIL_MIX, pb = 1.0 - pa;
    /* log((1-m) e^a + m e^b) computed from the larger term */
    return -(hi + log(pa + pb * exp(lo - hi)));
}

/* The cost as a function of |delta| is tabulated once per run (the DP asks ~10^8 times). */
static void fill_table(align_params *p)
{
    for (int k = 0; k <= ALIGN_LEN_TABLE; k++)
        p->len_table[k] = mixture_cost(k * ALIGN_LEN_STEP);
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int align_length_fit(double *ratio, double *var, const double *l1, const double *l2, size_t n)
{
    double ls = 0, lt = 0, *dev;
    if (n == 0)
        return 0;
    if (!(dev = malloc(n * sizeof *dev)))
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        ls += l1[k];
        lt += l2[k];
    }
    if (ls > 0 && lt > 0)
        *ratio = lt / ls;
    for (size_t k = 0; k < n; k++) {
        double d = l2[k] - *ratio * l1[k];
        dev[k] = d * d / ((*ratio * l1[k] + l2[k]) / 2.0 + 1.0);
    }
    qsort(dev, n, sizeof *dev, dbl_cmp);
    *var = dev[n / 2] / 0.455;
    free(dev);
    return 0;
}

double align_length_cost(const align_params *p, double l1, double l2)
{
    double mean = (p->ratio * l1 + l2) / 2.0;
    double x = fabs(l2 - p->ratio * l1) /
               sqrt(p->var * (ALIGN_LEN_STEP * ALIGN_LEN_STEP) * (mean + 1.0));
    int k = (int)x;
    if (k >= ALIGN_LEN_TABLE) /* far tail: the wide component, asymptotically quadratic */
        return mixture_cost(x * ALIGN_LEN_STEP);
    return p->len_table[k] + (x - k) * (p->len_table[k + 1] - p->len_table[k]);
}

/* Sum of the weights of the features two sorted arrays share (multiset intersection). */
static double shared(const align_feat *a, int64_t na, const align_feat *b, int64_t nb,
                     const float *wt)
{
    double sum = 0;
    int64_t i = 0, k = 0;
    while (i < na && k < nb) {
        uint32_t x = feat_id(a[i]), y = feat_id(b[k]);
        if (x < y) {
            i++;
        } else if (x > y) {
            k++;
        } else {
            float wa = feat_w(wt, a[i]), wb = feat_w(wt, b[k]);
            sum += wa < wb ? wa : wb;
            i++;
            k++;
        }
    }
    return sum;
}

static void bi_pairs(const align_scorer *sc, const align_side *s, const align_side *t,
                     align_band *band, size_t row0, size_t row1)
{
    const align_params *p = sc->ctx;
    for (size_t i = row0; i < row1; i++) {
        for (int64_t j = band->lo[i]; j <= band->hi[i]; j++) {
            float *at = band_pair(band, i, j);
            if (i == band->n || (size_t)j == band->m || p->lex_weight == 0) {
                *at = 0;
                continue;
            }
            /* evidence beyond chance, so that merging unrelated sentences gains nothing */
            *at = (float)(shared(s->feat + s->foff[i], s->foff[i + 1] - s->foff[i],
                                            t->feat + t->foff[j], t->foff[j + 1] - t->foff[j],
                                            s->wt) -
                                     (s->chance[i] + t->chance[j]) / 2.0);
        }
    }
}

/*
 * The lexical evidence of a bead: every sentence on either side is credited with its best
 * match on the other side, and the two sides are averaged.  A 1-1 bead gets its pair's
 * evidence; merging a sentence in pays only if it matches something there itself, so the
 * chance overlap between neighbouring sentences of one topic does not glue beads together.
 */
static double lexical(const align_band *band, size_t i, unsigned a, size_t j, unsigned b)
{
    double col[8], sum = 0;
    for (unsigned y = 0; y < b; y++)
        col[y] = -INFINITY;
    for (unsigned x = 0; x < a; x++) {
        /* the row's bounds and evidence once: a node outside the band has none */
        const float *pair = band_row(band, i + x);
        int64_t lo = band->lo[i + x], hi = band->hi[i + x];
        double row = -INFINITY;
        for (unsigned y = 0; y < b; y++) {
            int64_t at = (int64_t)(j + y);
            double v = at >= lo && at <= hi ? pair[at - lo] : 0;
            row = v > row ? v : row;
            col[y] = v > col[y] ? v : col[y];
        }
        sum += row;
    }
    for (unsigned y = 0; y < b; y++)
        sum += col[y];
    return sum / 2.0;
}

/* Paragraph structure: a bead should not swallow a boundary, and boundaries should meet. */
static double structure(const align_params *p, const align_side *s, const align_side *t,
                        size_t i, unsigned a, size_t j, unsigned b)
{
    double c = 0;
    bool sh = false, th = false;
    for (unsigned x = 0; x < a; x++) {
        c += x > 0 && (s->flags[i + x] & UNIT_BLOCK_START) ? p->cross_cost : 0;
        sh |= (s->flags[i + x] & UNIT_HEADING) != 0;
    }
    for (unsigned y = 0; y < b; y++) {
        c += y > 0 && (t->flags[j + y] & UNIT_BLOCK_START) ? p->cross_cost : 0;
        th |= (t->flags[j + y] & UNIT_HEADING) != 0;
    }
    if (a > 0 && b > 0) { /* a pair starts a paragraph on both sides or on neither (its end
                             may meet a boundary on one side only: the other side's paragraph
                             can end with sentences the translation leaves out) */
        if (!(s->flags[i] & UNIT_BLOCK_START) != !(t->flags[j] & UNIT_BLOCK_START))
            c += p->boundary_cost;
        if (sh != th)
            c += p->heading_cost;
    }
    return c;
}

static double bi_cost(const align_scorer *sc, const align_side *s, const align_side *t,
                      const align_band *band, size_t i, unsigned a, size_t j, unsigned b,
                      unsigned type)
{
    const align_params *p = sc->ctx;
    double c = p->prior_cost[type];
    if (a == 0 || b == 0) /* a merged unit left out stands for s->size sentences left out */
        c *= (a ? s->size : t->size) > 1 ? (a ? s->size : t->size) : 1;
    if (a > 0 && b > 0) {
        double l1 = s->cum[i + a] - s->cum[i], l2 = t->cum[j + b] - t->cum[j];
        c += align_length_cost(p, l1, l2);
        if (p->lex_weight > 0)
            c -= p->lex_weight * lexical(band, i, a, j, b);
    }
    if (s->structured && t->structured)
        c += structure(p, s, t, i, a, j, b);
    return c;
}

void align_bilingual_scorer(align_scorer *sc, align_params *p)
{
    fill_table(p);
    sc->pairs = bi_pairs;
    sc->cost = bi_cost;
    sc->ctx = p;
}
