/* align_feat.c - from segment lists to the units the engine aligns: lengths and weighted
 * lexical features.
 *
 * A feature's weight is the evidence (in nats) that two sentences sharing it are
 * translations rather than neighbours by chance: log(0.5 / p), p the larger of the fractions
 * of source and target sentences that contain it (an idf on both sides).  Features that one
 * side never has cannot match and are dropped, which keeps Chinese characters out of a
 * zh-en match and the merge loops short.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "align_int.h"

#define MAX_WEIGHT 10.0
#define PREFIX_SHARE 0.5     /* a shared cognate prefix is weaker evidence than a word */

typedef struct {
    uint32_t *keys;
    uint32_t *df[2];
    size_t cap;
} dftab;

static int df_init(dftab *t, size_t expect)
{
    t->cap = 1024;
    while (t->cap < 2 * expect + 16)
        t->cap <<= 1;
    t->keys = calloc(t->cap, sizeof *t->keys);
    t->df[0] = calloc(t->cap, sizeof *t->df[0]);
    t->df[1] = calloc(t->cap, sizeof *t->df[1]);
    return t->keys && t->df[0] && t->df[1] ? 0 : BITEXT_ENOMEM;
}

static void df_free(dftab *t)
{
    free(t->keys);
    free(t->df[0]);
    free(t->df[1]);
}

static size_t df_slot(const dftab *t, uint32_t id)
{
    size_t at = (id * 2654435761u) & (t->cap - 1);
    while (t->keys[at] && t->keys[at] != id)
        at = (at + 1) & (t->cap - 1);
    return at;
}

static int feat_cmp(const void *x, const void *y)
{
    const align_feat *a = x, *b = y;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int add_feat(align_feat **v, size_t *n, size_t *cap, uint32_t id, float mult)
{
    if (bitext_grow((void **)v, cap, *n + 1, sizeof **v) < 0)
        return BITEXT_ENOMEM;
    (*v)[(*n)++] = (align_feat){id, mult, 0};
    return 0;
}

/* Translations of word id f in the sorted table xl, as extra source features. */
static int add_translations(align_feat **v, size_t *n, size_t *cap, uint32_t f,
                            const align_pair *xl, size_t nxl)
{
    size_t lo = 0, hi = nxl;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (xl[mid].src < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < nxl && xl[lo].src == f; lo++)
        if (xl[lo].tgt != f && add_feat(v, n, cap, xl[lo].tgt, 1.0f) < 0)
            return BITEXT_ENOMEM;
    return 0;
}

/* Raw features (weights = kind multipliers) of every unit, sorted per unit. */
static int raw_features(align_side *side, const align_tokens *toks, const int64_t *toff,
                        const align_pair *xl, size_t nxl)
{
    size_t n = 0, cap = 0;
    align_feat *v = NULL;
    side->foff[0] = 0;
    for (size_t u = 0; u < side->n; u++) {
        for (int64_t k = toff[u]; k < toff[u + 1]; k++) {
            const align_token *t = &toks->v[k];
            if (add_feat(&v, &n, &cap, t->id, 1.0f) < 0 ||
                (t->prefix && add_feat(&v, &n, &cap, t->prefix, (float)PREFIX_SHARE) < 0) ||
                (t->kind == TOK_WORD && xl && add_translations(&v, &n, &cap, t->id, xl, nxl) < 0))
                goto fail;
        }
        side->foff[u + 1] = (int64_t)n;
        qsort(v + side->foff[u], n - (size_t)side->foff[u], sizeof *v, feat_cmp);
    }
    free(side->feat);
    side->feat = v;
    return 0;
fail:
    free(v);
    return BITEXT_ENOMEM;
}

static void count_df(dftab *t, const align_side *side, int which)
{
    for (size_t u = 0; u < side->n; u++)
        for (int64_t k = side->foff[u]; k < side->foff[u + 1]; k++) {
            uint32_t id = side->feat[k].id;
            size_t at;
            if (k > side->foff[u] && side->feat[k - 1].id == id)
                continue; /* once per sentence */
            at = df_slot(t, id);
            t->keys[at] = id;
            t->df[which][at]++;
        }
}

/* Turns multipliers into weights and drops features the other side never has. */
static void weigh(align_side *side, int which, const dftab *t, size_t ns, size_t nt)
{
    int64_t w = 0;
    int64_t start = 0;
    for (size_t u = 0; u < side->n; u++) {
        int64_t end = side->foff[u + 1];
        side->chance[u] = 0;
        for (int64_t k = start; k < end; k++) {
            size_t at = df_slot(t, side->feat[k].id);
            double ps = t->df[0][at] / (double)ns, pt = t->df[1][at] / (double)nt;
            double wt = side->feat[k].w * log(0.5 / (ps > pt ? ps : pt));
            if (t->df[0][at] == 0 || t->df[1][at] == 0 || wt <= 0.05)
                continue;
            wt = wt > MAX_WEIGHT ? MAX_WEIGHT : wt;
            side->feat[w] = (align_feat){side->feat[k].id, (float)wt, (float)(which ? ps : pt)};
            side->chance[u] += wt * (which ? ps : pt);
            w++;
        }
        start = end;
        side->foff[u + 1] = w;
    }
}

int align_weigh_features(align_side *s, align_side *t, const align_tokens *stoks,
                         const int64_t *stoff, const align_tokens *ttoks, const int64_t *ttoff,
                         const align_pair *xl, size_t nxl)
{
    dftab df = {0};
    int rc = raw_features(s, stoks, stoff, xl, nxl);
    if (rc == 0)
        rc = raw_features(t, ttoks, ttoff, NULL, 0);
    if (rc == 0)
        rc = df_init(&df, (size_t)(s->foff[s->n] + t->foff[t->n]));
    if (rc == 0) {
        count_df(&df, s, 0);
        count_df(&df, t, 1);
        weigh(s, 0, &df, s->n, t->n);
        weigh(t, 1, &df, s->n, t->n);
    }
    df_free(&df);
    return rc;
}
