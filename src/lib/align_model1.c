/* align_model1.c - IBM Model 1 (Brown et al. 1993, section 4.1), trained both ways.
 *
 * The aligner's second pass (Moore 2002, section 3) trains a word-translation model on the
 * beads of the first pass and on the TM's stored pairs, then uses the word pairs on which
 * both directions agree (t(e|f) and t(f|e) both high, seen together at least twice) as
 * dictionary entries.  Everything is sparse: only word pairs that co-occur in a training
 * pair get a parameter, and a training budget keeps time and memory bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "align_int.h"

#define ITERATIONS 5
#define AGREE 0.2        /* minimum t(e|f) and t(f|e) */
#define MIN_COOC 2

typedef struct {
    uint64_t *keys;      /* 0 = empty */
    uint32_t *vals;
    size_t cap, n;
} htab;

static int ht_init(htab *h, size_t expect)
{
    h->cap = 16;
    while (h->cap < 2 * expect + 16)
        h->cap <<= 1;
    h->n = 0;
    h->keys = calloc(h->cap, sizeof *h->keys);
    h->vals = malloc(h->cap * sizeof *h->vals);
    return h->keys && h->vals ? 0 : BITEXT_ENOMEM;
}

static void ht_free(htab *h)
{
    free(h->keys);
    free(h->vals);
}

static size_t ht_slot(const htab *h, uint64_t key)
{
    size_t at = align_mix(key) & (h->cap - 1);
    while (h->keys[at] && h->keys[at] != key)
        at = (at + 1) & (h->cap - 1);
    return at;
}

static int ht_grow(htab *h)
{
    htab big;
    if (ht_init(&big, h->cap) < 0) {
        ht_free(&big);
        return BITEXT_ENOMEM;
    }
    for (size_t k = 0; k < h->cap; k++)
        if (h->keys[k]) {
            size_t at = ht_slot(&big, h->keys[k]);
            big.keys[at] = h->keys[k];
            big.vals[at] = h->vals[k];
        }
    big.n = h->n;
    ht_free(h);
    *h = big;
    return 0;
}

/* The value of key, adding it with value h->n when new; -1 when out of memory. */
static int64_t ht_index(htab *h, uint64_t key)
{
    size_t at = ht_slot(h, key);
    if (!h->keys[at]) {
        if (2 * (h->n + 1) > h->cap) {
            if (ht_grow(h) < 0)
                return -1;
            at = ht_slot(h, key);
        }
        h->keys[at] = key;
        h->vals[at] = (uint32_t)h->n++;
    }
    return h->vals[at];
}

typedef struct {
    const align_sentpair *pairs;
    size_t npairs;
    uint32_t *cell;      /* per pair, (ns+1) x (nt+1) parameter indices; last row/col NULL */
    int64_t *celloff;
    size_t nparam;
    uint32_t *fgrp, *egrp; /* parameter -> source word group, target word group */
    uint32_t *cooc;
    uint64_t *param_key;
    double *tf, *tr, *c, *tot;
    size_t ngroups;
} m1;

static int m1_index(m1 *m, htab *params, htab *words)
{
    int64_t total = 0;
    for (size_t p = 0; p < m->npairs; p++)
        total += (int64_t)(m->pairs[p].ns + 1) * (int64_t)(m->pairs[p].nt + 1);
    m->celloff = malloc((m->npairs + 1) * sizeof *m->celloff);
    m->cell = malloc(((size_t)total + 1) * sizeof *m->cell);
    m->param_key = malloc(((size_t)total + 1) * sizeof *m->param_key);
    m->fgrp = malloc(((size_t)total + 1) * sizeof *m->fgrp);
    m->egrp = malloc(((size_t)total + 1) * sizeof *m->egrp);
    m->cooc = calloc((size_t)total + 1, sizeof *m->cooc);
    if (!m->celloff || !m->cell || !m->param_key || !m->fgrp || !m->egrp || !m->cooc ||
        ht_init(params, 1u << 12) < 0 || ht_init(words, 1u << 12) < 0)
        return BITEXT_ENOMEM;
    m->celloff[0] = 0;
    for (size_t p = 0; p < m->npairs; p++) {
        const align_sentpair *sp = &m->pairs[p];
        int64_t k = m->celloff[p];
        for (size_t x = 0; x <= sp->ns; x++)
            for (size_t y = 0; y <= sp->nt; y++, k++) {
                uint32_t f = x < sp->ns ? sp->src[x] : 0, e = y < sp->nt ? sp->tgt[y] : 0;
                uint64_t key = ((uint64_t)f << 32) | e;
                size_t before = params->n;
                int64_t id = ht_index(params, key ? key : 1), fg = 0, eg = 0;
                if (id < 0)
                    return BITEXT_ENOMEM;
                m->cell[k] = (uint32_t)id;
                if (params->n > before) {
                    m->param_key[id] = key;
                    fg = ht_index(words, ((uint64_t)1 << 62) | f);
                    eg = ht_index(words, ((uint64_t)2 << 62) | e);
                    if (fg < 0 || eg < 0)
                        return BITEXT_ENOMEM;
                    m->fgrp[id] = (uint32_t)fg;
                    m->egrp[id] = (uint32_t)eg;
                }
                m->cooc[id]++;
            }
        m->celloff[p + 1] = k;
    }
    m->nparam = params->n;
    m->ngroups = words->n;
    return 0;
}

/* One EM iteration of one direction: rev = 0 explains target words by source words. */
static void m1_iterate(m1 *m, int rev)
{
    double *t = rev ? m->tr : m->tf;
    memset(m->c, 0, m->nparam * sizeof *m->c);
    memset(m->tot, 0, m->ngroups * sizeof *m->tot);
    for (size_t p = 0; p < m->npairs; p++) {
        const align_sentpair *sp = &m->pairs[p];
        const uint32_t *cell = m->cell + m->celloff[p];
        size_t ns = sp->ns, nt = sp->nt, w = nt + 1;
        size_t outer = rev ? ns : nt, inner = rev ? nt + 1 : ns + 1;
        for (size_t o = 0; o < outer; o++) {
            double denom = 0;
            for (size_t q = 0; q < inner; q++)
                denom += t[cell[rev ? o * w + q : q * w + o]];
            if (denom <= 0)
                continue;
            for (size_t q = 0; q < inner; q++) {
                uint32_t id = cell[rev ? o * w + q : q * w + o];
                m->c[id] += t[id] / denom;
            }
        }
    }
    for (size_t id = 0; id < m->nparam; id++)
        m->tot[rev ? m->egrp[id] : m->fgrp[id]] += m->c[id];
    for (size_t id = 0; id < m->nparam; id++) {
        double tot = m->tot[rev ? m->egrp[id] : m->fgrp[id]];
        t[id] = tot > 0 ? m->c[id] / tot : 0;
    }
}

static int m1_extract(align_pair **out, size_t *n, const m1 *m)
{
    size_t cap = *n;
    for (size_t id = 0; id < m->nparam; id++) {
        uint32_t f = (uint32_t)(m->param_key[id] >> 32), e = (uint32_t)m->param_key[id];
        if (!f || !e || m->cooc[id] < MIN_COOC || m->tf[id] < AGREE || m->tr[id] < AGREE)
            continue;
        if (bitext_grow((void **)out, &cap, *n + 1, sizeof **out) < 0)
            return BITEXT_ENOMEM;
        (*out)[(*n)++] = (align_pair){f, e};
    }
    return 0;
}

int align_model1_learn(align_pair **out, size_t *n, const align_sentpair *pairs, size_t npairs)
{
    m1 m = {0};
    htab params = {0}, words = {0};
    int rc;
    m.pairs = pairs;
    m.npairs = npairs;
    rc = m1_index(&m, &params, &words);
    if (rc == 0) {
        m.tf = malloc((m.nparam + 1) * sizeof *m.tf);
        m.tr = malloc((m.nparam + 1) * sizeof *m.tr);
        m.c = malloc((m.nparam + 1) * sizeof *m.c);
        m.tot = malloc((m.ngroups + 1) * sizeof *m.tot);
        rc = m.tf && m.tr && m.c && m.tot ? 0 : BITEXT_ENOMEM;
    }
    if (rc == 0) {
        for (size_t id = 0; id < m.nparam; id++)
            m.tf[id] = m.tr[id] = 1.0; /* uniform start: Model 1's likelihood is convex */
        for (int it = 0; it < ITERATIONS; it++) {
            m1_iterate(&m, 0);
            m1_iterate(&m, 1);
        }
        rc = m1_extract(out, n, &m);
    }
    free(m.cell);
    free(m.celloff);
    free(m.fgrp);
    free(m.egrp);
    free(m.cooc);
    free(m.param_key);
    free(m.tf);
    free(m.tr);
    free(m.c);
    free(m.tot);
    ht_free(&params);
    ht_free(&words);
    return rc;
}
