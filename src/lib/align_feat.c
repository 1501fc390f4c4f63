/* align_feat.c - from tokens to the units the engine aligns: weighted lexical features.
 *
 * A feature's weight is the evidence (in nats) that two sentences sharing it are
 * translations rather than neighbours by chance: log(0.5 / p), p the larger of the fractions
 * of source and target sentences that contain it (an idf on both sides).  Features that one
 * side never has cannot match and are dropped, which keeps Chinese characters out of a
 * zh-en match and the merge loops short.
 *
 * Token ids are first interned into a dense vocabulary (1..V), so that document
 * frequencies and translations are array look-ups: the aligner recomputes features after
 * every learning round, over hundreds of thousands of sentences.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "align_int.h"

#define MAX_WEIGHT 10.0

/* ---- interning ----------------------------------------------------------------------- */

void align_vocab_free(align_vocab *v)
{
    free(v->keys);
    free(v->vals);
    free(v->kind);
    free(v->prefix);
    memset(v, 0, sizeof *v);
}

static size_t vocab_slot(const align_vocab *v, uint32_t id)
{
    size_t at = (id * 2654435761u) & (v->cap - 1);
    while (v->keys[at] && v->keys[at] != id)
        at = (at + 1) & (v->cap - 1);
    return at;
}

static int vocab_alloc(align_vocab *v, size_t cap)
{
    v->cap = cap;
    v->keys = calloc(cap, sizeof *v->keys);
    v->vals = malloc(cap * sizeof *v->vals);
    return v->keys && v->vals ? 0 : BITEXT_ENOMEM;
}

static int vocab_grow(align_vocab *v)
{
    align_vocab big = {0};
    if (vocab_alloc(&big, v->cap * 2) < 0) {
        align_vocab_free(&big);
        return BITEXT_ENOMEM;
    }
    for (size_t k = 0; k < v->cap; k++)
        if (v->keys[k]) {
            size_t at = vocab_slot(&big, v->keys[k]);
            big.keys[at] = v->keys[k];
            big.vals[at] = v->vals[k];
        }
    big.n = v->n;
    free(v->keys);
    free(v->vals);
    v->keys = big.keys;
    v->vals = big.vals;
    v->cap = big.cap;
    return 0;
}

uint32_t align_vocab_find(const align_vocab *v, uint32_t id)
{
    size_t at;
    if (!v->cap || !id)
        return 0;
    at = vocab_slot(v, id);
    return v->keys[at] ? v->vals[at] : 0;
}

/* The dense index (1-based) of id, added when new; 0 when out of memory. */
static uint32_t vocab_add(align_vocab *v, uint32_t id)
{
    size_t at;
    if ((!v->cap && vocab_alloc(v, 1u << 14) < 0) || v->n + 1 >= ALIGN_FEAT_SHARE)
        return 0;           /* features keep a flag in the top bit of the id */
    at = vocab_slot(v, id);
    if (!v->keys[at]) {
        if (2 * (v->n + 1) > v->cap) {
            if (vocab_grow(v) < 0)
                return 0;
            at = vocab_slot(v, id);
        }
        v->keys[at] = id;
        v->vals[at] = (uint32_t)++v->n;
    }
    return v->vals[at];
}

/* Records what dense entry id is: its kind and its prefix's entry. */
static int vocab_note(align_vocab *v, uint32_t id, uint8_t kind, uint32_t prefix)
{
    if (id >= v->tcap) {
        size_t cap = v->tcap ? v->tcap : 1024, old = v->tcap;
        uint8_t *k;
        uint32_t *p;
        while (cap <= id)
            cap *= 2;
        if (!(k = realloc(v->kind, cap)))
            return BITEXT_ENOMEM;
        v->kind = k;
        if (!(p = realloc(v->prefix, cap * sizeof *p)))
            return BITEXT_ENOMEM;
        v->prefix = p;
        memset(v->kind + old, 0, cap - old);
        memset(v->prefix + old, 0, (cap - old) * sizeof *p);
        v->tcap = cap;
    }
    v->kind[id] = kind;
    if (prefix)
        v->prefix[id] = prefix;
    return 0;
}

int align_intern(align_vocab *v, align_tokens *toks, uint32_t **ids)
{
    uint32_t *out = malloc((toks->n ? toks->n : 1) * sizeof *out);
    int rc = out ? 0 : BITEXT_ENOMEM;
    for (size_t k = 0; rc == 0 && k < toks->n; k++) {
        const align_token *t = &toks->v[k];
        uint32_t id = vocab_add(v, t->id), pre = t->prefix ? vocab_add(v, t->prefix) : 0;
        if (!id || (t->prefix && !pre) || vocab_note(v, id, t->kind, pre) < 0 ||
            (pre && vocab_note(v, pre, TOK_PREFIX, 0) < 0))
            rc = BITEXT_ENOMEM;
        else
            out[k] = id;
    }
    free(toks->v);
    toks->v = NULL;
    toks->cap = 0;
    if (rc < 0) {
        free(out);
        out = NULL;
    }
    *ids = out;
    return rc;
}

size_t align_ids_count(const uint8_t *p, const uint8_t *end)
{
    size_t n = 0;
    for (; p < end; p++)
        n += !(*p & 0x80);
    return n;
}

/* Appends id in LEB128 (5 bytes at most). */
static int ids_put(align_ids *out, uint32_t id)
{
    if (bitext_grow((void **)&out->v, &out->cap, out->n + 5, 1) < 0)
        return BITEXT_ENOMEM;
    for (; id >= 0x80; id >>= 7)
        out->v[out->n++] = (uint8_t)(id | 0x80);
    out->v[out->n++] = (uint8_t)id;
    return 0;
}

int align_intern_more(align_vocab *v, align_tokens *toks, align_ids *out)
{
    for (size_t k = 0; k < toks->n; k++) {
        const align_token *t = &toks->v[k];
        uint32_t id = vocab_add(v, t->id), pre = t->prefix ? vocab_add(v, t->prefix) : 0;
        if (!id || (t->prefix && !pre) || vocab_note(v, id, t->kind, pre) < 0 ||
            (pre && vocab_note(v, pre, TOK_PREFIX, 0) < 0) || ids_put(out, id) < 0)
            return BITEXT_ENOMEM;
    }
    toks->n = 0;
    return 0;
}

/* Rewrites ids (units: toff) through map, in a new array when an id changes. */
static int ids_map(align_ids *ids, int64_t *toff, size_t n, const uint32_t *map, size_t nmap)
{
    align_ids out = {0};
    size_t same = 1;
    while (same <= nmap && map[same] == same)
        same++;
    if (same > nmap)    /* the first side's vocabulary: its ids stay what they are */
        return 0;
    for (size_t u = 0; u < n; u++) {
        const uint8_t *p = ids->v + toff[u], *end = ids->v + toff[u + 1];
        toff[u] = (int64_t)out.n;
        while (p < end)
            if (ids_put(&out, map[ids_next(&p)]) < 0) {
                free(out.v);
                return BITEXT_ENOMEM;
            }
    }
    toff[n] = (int64_t)out.n;
    align_shrink((void **)&out.v, out.n, 1);
    free(ids->v);
    *ids = out;
    return 0;
}

/* The hash of every entry of v, by dense index (n + 1 entries). */
static uint32_t *vocab_keys(const align_vocab *v)
{
    uint32_t *key = calloc(v->n + 1, sizeof *key);
    for (size_t at = 0; key && at < v->cap; at++)
        if (v->keys[at])
            key[v->vals[at]] = v->keys[at];
    return key;
}

int align_vocab_merge(align_vocab *v, const align_vocab *local, align_ids *ids, int64_t *toff,
                      size_t n)
{
    uint32_t *key = vocab_keys(local), *map = calloc(local->n + 1, sizeof *map);
    int rc = key && map ? 0 : BITEXT_ENOMEM;
    /* local entries were numbered in the order of their first occurrence: adding them in
     * that order numbers the new ones as interning the side's tokens one by one would */
    for (size_t l = 1; rc == 0 && l <= local->n; l++)
        if (!(map[l] = vocab_add(v, key[l])))
            rc = BITEXT_ENOMEM;
    /* the side's last note of each entry wins, as it would have */
    for (size_t l = 1; rc == 0 && l <= local->n; l++) {
        uint32_t pre = local->prefix[l] ? map[local->prefix[l]] : 0;
        rc = vocab_note(v, map[l], local->kind[l], pre);
    }
    if (rc == 0)
        rc = ids_map(ids, toff, n, map, local->n);
    free(key);
    free(map);
    return rc;
}

/* ---- features ------------------------------------------------------------------------ */

/* Orders features by id (qsort). */
int align_feat_cmp(const void *x, const void *y)
{
    uint32_t a = feat_id(*(const align_feat *)x), b = feat_id(*(const align_feat *)y);
    return a < b ? -1 : a > b;
}

/* Sorts one unit's features by id: insertion sort, units are short. */
static void sort_feats(align_feat *v, size_t n)
{
    if (n > 64) {
        qsort(v, n, sizeof *v, align_feat_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        align_feat x = v[i];
        size_t k = i;
        for (; k > 0 && feat_id(v[k - 1]) > feat_id(x); k--)
            v[k] = v[k - 1];
        v[k] = x;
    }
}


/* Translations as a CSR table over the vocabulary: xoff[f] .. xoff[f+1] in xl. */
typedef struct {
    const align_pair *xl;
    size_t *xoff;
} xtable;

static int xtable_build(xtable *x, const align_pair *xl, size_t nxl, size_t vocab)
{
    size_t k = 0;
    x->xl = xl;
    x->xoff = malloc((vocab + 2) * sizeof *x->xoff);
    if (!x->xoff)
        return BITEXT_ENOMEM;
    for (size_t f = 0; f <= vocab + 1; f++) {
        while (k < nxl && xl[k].src < f)
            k++;
        x->xoff[f] = k;
    }
    return 0;
}

/* Calls fn(ctx, u, id, mult) for every raw feature of unit u: each token, its cognate
 * prefix, and (source side) the translations of its word. */
typedef struct {
    const uint8_t *ids;
    const int64_t *toff;
    const xtable *x;
    const align_vocab *voc;
    size_t vocab;
} featsrc;

typedef struct {
    uint32_t *df, *last;     /* per vocabulary entry: units with it, last unit counted + 1 */
    const float *w;          /* weight with multiplier 1, 0 = dropped */
    const float *p;          /* chance of the other side having it */
    align_feat *v;
    size_t n, cap;
    double chance;
} featsink;

static void df_bump(featsink *k, size_t u, uint32_t id)
{
    if (k->last[id] != u + 1) {
        k->last[id] = (uint32_t)(u + 1);
        k->df[id]++;
    }
}

static void count_unit(featsink *k, const featsrc *f, size_t u)
{
    const uint8_t *p = f->ids + f->toff[u], *end = f->ids + f->toff[u + 1];
    while (p < end) {
        uint32_t id = ids_next(&p), pre = f->voc->prefix[id];
        df_bump(k, u, id);
        if (pre)
            df_bump(k, u, pre);
        if (f->x && f->voc->kind[id] == TOK_WORD && id <= f->vocab)
            for (size_t e = f->x->xoff[id]; e < f->x->xoff[id + 1]; e++)
                df_bump(k, u, f->x->xl[e].tgt);
    }
}

static int emit(featsink *k, align_feat f)
{
    float w = feat_w(k->w, f);
    if (w <= 0.05f)
        return 0;
    if (k->n == k->cap && bitext_grow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v) < 0)
        return BITEXT_ENOMEM;
    k->v[k->n++] = f;
    k->chance += w * k->p[feat_id(f)];
    return 0;
}

static int emit_unit(featsink *k, const featsrc *f, size_t u)
{
    const uint8_t *p = f->ids + f->toff[u], *end = f->ids + f->toff[u + 1];
    while (p < end) {
        uint32_t id = ids_next(&p), pre = f->voc->prefix[id];
        if (emit(k, id) < 0 || (pre && emit(k, pre | ALIGN_FEAT_SHARE) < 0))
            return BITEXT_ENOMEM;
        if (f->x && f->voc->kind[id] == TOK_WORD && id <= f->vocab)
            for (size_t e = f->x->xoff[id]; e < f->x->xoff[id + 1]; e++)
                if (f->x->xl[e].tgt != id && emit(k, f->x->xl[e].tgt) < 0)
                    return BITEXT_ENOMEM;
    }
    return 0;
}

static int emit_side(align_side *side, featsink *k, const featsrc *f)
{
    k->n = 0;
    free(side->feat);   /* the new features replace the old, which they do not need */
    side->feat = NULL;
    k->cap = (size_t)f->toff[side->n] + 16;
    k->v = malloc(k->cap * sizeof *k->v);
    if (!k->v)
        return BITEXT_ENOMEM;
    side->foff[0] = 0;
    for (size_t u = 0; u < side->n; u++) {
        k->chance = 0;
        if (emit_unit(k, f, u) < 0) {
            free(k->v);
            return BITEXT_ENOMEM;
        }
        side->foff[u + 1] = (int64_t)k->n;
        side->chance[u] = k->chance;
        sort_feats(k->v + side->foff[u], k->n - (size_t)side->foff[u]);
    }
    align_shrink((void **)&k->v, k->n, sizeof *k->v);
    side->feat = k->v;
    return 0;
}

/* Weights by vocabulary entry from the document frequencies of both sides. */
static void weights(float *w, float *p[2], uint32_t *const df[2], size_t vocab, size_t ns,
                    size_t nt)
{
    for (size_t id = 0; id <= vocab; id++) {
        double ps = df[0][id] / (double)ns, pt = df[1][id] / (double)nt;
        double wt = df[0][id] && df[1][id] ? log(0.5 / (ps > pt ? ps : pt)) : 0;
        w[id] = (float)(wt > MAX_WEIGHT ? MAX_WEIGHT : wt);
        p[0][id] = (float)pt; /* a source feature meets a random target unit */
        p[1][id] = (float)ps;
    }
}

int align_weigh_features(align_side *s, align_side *t, const uint8_t *sids,
                         const int64_t *stoff, const uint8_t *tids, const int64_t *ttoff,
                         const align_pair *xl, size_t nxl, const align_vocab *voc)
{
    size_t vocab = voc->n;
    xtable x = {0};
    size_t sz = (vocab + 1) * sizeof(uint32_t);
    uint32_t *df[2] = {calloc(1, sz), calloc(1, sz)}, *last = calloc(1, sz);
    float *w = malloc(sz), *p[2] = {malloc(sz), malloc(sz)};
    featsrc fs = {sids, stoff, NULL, voc, vocab}, ft = {tids, ttoff, NULL, voc, vocab};
    featsink k = {0};
    int rc = df[0] && df[1] && last && w && p[0] && p[1] ? 0 : BITEXT_ENOMEM;
    if (rc == 0 && nxl && (rc = xtable_build(&x, xl, nxl, vocab)) == 0)
        fs.x = &x;
    if (rc == 0) {
        k.last = last;
        k.df = df[0];
        for (size_t u = 0; u < s->n; u++)
            count_unit(&k, &fs, u);
        memset(last, 0, sz);
        k.df = df[1];
        for (size_t u = 0; u < t->n; u++)
            count_unit(&k, &ft, u);
        weights(w, p, df, vocab, s->n, t->n);
        k.w = w;
        k.p = p[0];
        rc = emit_side(s, &k, &fs);
    }
    if (rc == 0) {
        k.p = p[1];
        rc = emit_side(t, &k, &ft);
    }
    free(x.xoff);
    free(df[0]);
    free(df[1]);
    free(last);
    if (rc == 0) {              /* the sides keep the chance tables (coarse levels use them) */
        free(s->ptab);
        free(t->ptab);
        s->ptab = p[0];
        t->ptab = p[1];
        if (!s->wt_borrowed)    /* and the weights, which the source side owns */
            free(s->wt);
        s->wt = t->wt = w;
        s->wt_borrowed = false;
        t->wt_borrowed = true;
    } else {
        free(p[0]);
        free(p[1]);
        free(w);
    }
    return rc;
}
