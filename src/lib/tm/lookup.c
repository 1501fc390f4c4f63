/* lookup.c - exact, context (101%) and fuzzy matches, the way CAT tools score them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "tm_int.h"

/* ---- scoring --------------------------------------------------------------------------- */

/* Levenshtein distance over token hashes (two rows: memory linear in the shorter side).
 * Segments are sentences; past 4,000 x 4,000 tokens (a whole table pasted as one segment)
 * the quadratic table is not computed and the pair counts as entirely different. */
static size_t edit_distance(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t *row, d;
    if ((uint64_t)na * nb > (uint64_t)16000000)
        return na > nb ? na : nb;
    if (!(row = malloc((nb + 1) * sizeof *row)))
        return na > nb ? na : nb;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    d = row[nb];
    free(row);
    return d;
}

typedef struct {
    uint64_t *words, *puncts, *numbers;
    size_t nwords, npuncts, nnumbers;
} token_split;

static int split_tokens(token_split *s, const char *text)
{
    tm_token *t = NULL;
    size_t n = 0;
    memset(s, 0, sizeof *s);
    if (tm_tokenize(&t, &n, text) < 0 || !(s->words = malloc((n + 1) * sizeof *s->words)) ||
        !(s->puncts = malloc((n + 1) * sizeof *s->puncts)) ||
        !(s->numbers = malloc((n + 1) * sizeof *s->numbers))) {
        free(t);
        free(s->words);
        free(s->puncts);
        memset(s, 0, sizeof *s);
        return BITEXT_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        if (t[k].kind == TOK_PUNCT) {
            s->puncts[s->npuncts++] = t[k].hash;
            continue;
        }
        s->words[s->nwords++] = t[k].hash;
        if (t[k].kind == TOK_NUMBER)
            s->numbers[s->nnumbers++] = t[k].hash;
    }
    free(t);
    return 0;
}

static void free_split(token_split *s)
{
    free(s->words);
    free(s->puncts);
    free(s->numbers);
}

/* Numbers of a that b lacks (multiset difference).  Past 64 numbers a segment is a table,
 * not a sentence: the pairwise count would be quadratic, so the lists are compared as they
 * come (order-sensitive, linear). */
static size_t missing_numbers(const token_split *a, const token_split *b)
{
    size_t missing = 0;
    if (a->nnumbers > 64 || b->nnumbers > 64) {
        for (size_t i = 0; i < a->nnumbers; i++)
            missing += i >= b->nnumbers || a->numbers[i] != b->numbers[i];
        return missing;
    }
    for (size_t i = 0; i < a->nnumbers; i++) {
        size_t same_a = 0, same_b = 0;
        for (size_t j = 0; j < a->nnumbers; j++)
            same_a += a->numbers[j] == a->numbers[i];
        for (size_t j = 0; j < b->nnumbers; j++)
            same_b += b->numbers[j] == a->numbers[i];
        missing += same_b < same_a; /* counted once per surplus occurrence, roughly */
    }
    return missing;
}

/*
 * OmegaT's similarity over word tokens (FuzzyMatcher: 100 * (max - distance) / max), then
 * the penalties translators expect from Trados-style tools: a number that differs is a
 * wrong translation waiting to happen (2 points each), punctuation and inline codes cost a
 * point per difference (at most 5 each).  A text that differs at all stays below 100.
 */
static int score_split(const token_split *a, size_t ca, const token_split *b, size_t cb,
                       bool identical)
{
    size_t maxlen = a->nwords > b->nwords ? a->nwords : b->nwords, d, pd, nd;
    double base = 100.0;
    int score;
    if (maxlen) {
        d = edit_distance(a->words, a->nwords, b->words, b->nwords);
        base = 100.0 * (double)(maxlen - d) / (double)maxlen;
    }
    pd = edit_distance(a->puncts, a->npuncts, b->puncts, b->npuncts);
    nd = missing_numbers(a, b);
    if (missing_numbers(b, a) > nd)
        nd = missing_numbers(b, a);
    score = (int)floor(base + 1e-9) - (int)(2 * nd) - (int)(pd > 5 ? 5 : pd);
    d = ca > cb ? ca - cb : cb - ca;
    score -= (int)(d > 5 ? 5 : d);
    if (!identical && score > 99)
        score = 99;
    return score < 0 ? 0 : score;
}

int bitext_tm_fuzzy_score(const char *a, size_t ncodes_a, const char *b, size_t ncodes_b)
{
    token_split sa, sb;
    char *na = NULL, *nb = NULL;
    int score = 0;
    memset(&sa, 0, sizeof sa);
    memset(&sb, 0, sizeof sb);
    if (bitext_tm_normalize(&na, a, NULL) == 0 && bitext_tm_normalize(&nb, b, NULL) == 0 &&
        split_tokens(&sa, na) == 0 && split_tokens(&sb, nb) == 0)
        score = score_split(&sa, ncodes_a, &sb, ncodes_b, strcmp(na, nb) == 0);
    free_split(&sa);
    free_split(&sb);
    free(na);
    free(nb);
    return score;
}

/* ---- candidates from the full-text index ----------------------------------------------- */

/* Hits per variant id, open addressing (the candidate budget bounds its size). */
typedef struct {
    int64_t *ids;
    unsigned *hits;
    size_t cap, n;
} hit_map;

static int hits_add(hit_map *m, int64_t id)
{
    size_t k;
    if (2 * (m->n + 1) > m->cap) {
        hit_map big = {0};
        big.cap = m->cap ? m->cap * 2 : 1024;
        if (!(big.ids = calloc(big.cap, sizeof *big.ids)) ||
            !(big.hits = calloc(big.cap, sizeof *big.hits))) {
            free(big.ids);
            return BITEXT_ENOMEM;
        }
        for (size_t j = 0; j < m->cap; j++)
            for (unsigned h = 0; h < m->hits[j]; h++)
                hits_add(&big, m->ids[j]);
        free(m->ids);
        free(m->hits);
        *m = big;
    }
    k = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL >> 20) & (m->cap - 1);
    while (m->hits[k] && m->ids[k] != id)
        k = (k + 1) & (m->cap - 1);
    if (!m->hits[k]) {
        m->ids[k] = id;
        m->n++;
    }
    m->hits[k]++;
    return 0;
}

typedef struct {
    tm_term t;
    int64_t *ids;
    size_t nids;                   /* capped document frequency */
} term;

enum { DF_CAP = 2000, RARE = 400, ENOUGH_RARE = 4, BUDGET = 20000, SCORED = 150 };

/* Distinct index terms of the query: words, and trigrams of CJK runs. */
static int query_terms(term **out, size_t *n, const char *text, bitext_arena *a)
{
    tm_term *t = NULL;
    size_t nt = 0, cap = 0;
    *out = NULL;
    *n = 0;
    if (tm_terms(&t, &nt, &cap, text, a) < 0 || (nt && !(*out = calloc(nt, sizeof **out)))) {
        free(t);
        return BITEXT_ENOMEM;
    }
    for (size_t k = 0; k < nt; k++)
        (*out)[k].t = t[k];
    *n = nt;
    free(t);
    return 0;
}

static void free_terms(term *t, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(t[k].ids);
    free(t);
}

static int by_len_desc(const void *a, const void *b)
{
    const term *x = a, *y = b;
    return (x->t.len < y->t.len) - (x->t.len > y->t.len);
}

static int by_df(const void *a, const void *b)
{
    const term *x = a, *y = b;
    return (x->nids > y->nids) - (x->nids < y->nids);
}

/* When every term is common, the AND of the rarest few words narrows the set instead. */
static int gather_common(hit_map *hits, bitext_tm *tm, const term *terms, size_t probed,
                         bitext_error *err)
{
    tm_term q[3];
    int64_t *ids = NULL;
    size_t nq = 0, n = 0;
    int rc;
    for (size_t k = 0; k < probed && k < 3; k++)
        if (!terms[k].t.trigram)
            q[nq++] = terms[k].t;
    if (!nq || (rc = tm->ops->term_ids(&ids, &n, tm, q, nq, DF_CAP, true, err)) < 0)
        return nq ? rc : 0;
    for (size_t j = 0; j < n && rc == 0; j++)
        rc = hits_add(hits, ids[j]);
    free(ids);
    return rc < 0 ? bitext_fail(err, BITEXT_ENOMEM, "out of memory") : 0;
}

/*
 * Rarest terms first (their doclists are short and say the most), probing longer words
 * first since they tend to be rarer, and stopping once enough rare ones are known.  A term
 * held by more than DF_CAP variants is not used: only its count matters, so the store may
 * return any DF_CAP + 1 of its variants.
 */
static int gather(hit_map *hits, bitext_tm *tm, term *terms, size_t nterms, bitext_error *err)
{
    size_t probed = 0, rare = 0, used = 0;
    int rc;
    if (nterms == 0)    /* punctuation only ("<!"): nothing to look for (and no array) */
        return 0;
    qsort(terms, nterms, sizeof *terms, by_len_desc);
    for (; probed < nterms && rare < ENOUGH_RARE; probed++) {
        term *t = &terms[probed];
        if ((rc = tm->ops->term_ids(&t->ids, &t->nids, tm, &t->t, 1, DF_CAP + 1, false, err)) < 0)
            return rc;
        rare += t->nids <= RARE;
    }
    qsort(terms, probed, sizeof *terms, by_df);
    for (size_t k = 0; k < probed && terms[k].nids <= DF_CAP; k++) {
        if (used + terms[k].nids > BUDGET && used)
            break;
        /* the ids in a fixed order, whatever order the store gave them in */
        for (size_t j = 0; j < terms[k].nids; j++)
            if (hits_add(hits, terms[k].ids[j]) < 0)
                return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        used += terms[k].nids;
    }
    if (used == 0 && probed > 0)
        return gather_common(hits, tm, terms, probed, err);
    return 0;
}

typedef struct {
    int64_t id;
    unsigned hits;
} cand;

static int by_hits(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->hits != y->hits)
        return x->hits < y->hits ? 1 : -1;
    return (x->id < y->id) - (x->id > y->id);
}

/* The SCORED best candidates by number of rare terms shared. */
static int top_candidates(cand **out, size_t *n, const hit_map *m)
{
    *n = 0;
    if (!(*out = malloc((m->n + 1) * sizeof **out)))
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < m->cap; k++)
        if (m->hits[k])
            (*out)[(*n)++] = (cand){m->ids[k], m->hits[k]};
    qsort(*out, *n, sizeof **out, by_hits);
    if (*n > SCORED)
        *n = SCORED;
    return 0;
}

/* ---- assembling matches ---------------------------------------------------------------- */

typedef struct {
    bitext_tm *tm;
    const bitext_tm_lookup_options *o;
    char *norm;                    /* the normalised query */
    int64_t hash, prev_hash, next_hash;
    bool has_prev, has_next;
    token_split tokens;
    size_t lo, hi;                 /* the length window of fuzzy candidates */
    bitext_tm_match *m;
    int64_t *src_hash;             /* per match: the norm_hash of its source (for supersedes) */
    size_t n, cap, hash_cap;
} lookup;

static bool have_tu(const lookup *L, int64_t tu_id)
{
    for (size_t k = 0; k < L->n; k++)
        if (L->m[k].tu_id == tu_id)
            return true;
    return false;
}

static void free_match(bitext_tm_match *m)
{
    free(m->source);
    free(m->target);
    free(m->src_lang);
    free(m->tgt_lang);
    free(m->tuid);
}

/* Swaps matches a and b with their source hashes. */
static void swap_matches(lookup *L, size_t a, size_t b)
{
    bitext_tm_match t = L->m[a];
    int64_t h = L->src_hash[a];
    L->m[a] = L->m[b];
    L->m[b] = t;
    L->src_hash[a] = L->src_hash[b];
    L->src_hash[b] = h;
}

/* The match just added, unless an earlier one shows the same pair with the same score (the
 * pair stored bilingually and again in a multilingual TU): then only the newer stays. */
static int keep_distinct(lookup *L, bitext_error *err)
{
    bitext_tm_match *last = &L->m[L->n - 1];
    if (!last->source || !last->target || !last->src_lang || !last->tgt_lang) {
        free_match(last);
        L->n--;
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k + 1 < L->n; k++) {
        bitext_tm_match *m = &L->m[k];
        if (m->score != last->score || strcmp(m->source, last->source) ||
            strcmp(m->target, last->target) || strcmp(m->tgt_lang, last->tgt_lang))
            continue;
        if (last->created > m->created)
            swap_matches(L, k, L->n - 1);
        free_match(last);
        L->n--;
        break;
    }
    return 0;
}

/* The match being built: its source variant and the best target variant so far. */
typedef struct {
    lookup *L;
    int64_t tu_id, src_id, src_hash;
    const char *src_lang, *src;
    int score, best;
} match_ctx;

/* One variant of the matched TU: the best match of tgt_lang becomes the target. */
static int take_target(void *ctx, const tm_variant *v, bitext_error *err)
{
    match_ctx *c = ctx;
    lookup *L = c->L;
    int match = bitext_lang_match(L->o->tgt_lang, v->lang);
    bitext_tm_match *m;
    if (v->id == c->src_id || match <= c->best)
        return 0;
    if (c->best == 0) {
        if (bitext_grow((void **)&L->m, &L->cap, L->n + 1, sizeof *L->m) < 0 ||
            bitext_grow((void **)&L->src_hash, &L->hash_cap, L->n + 1, sizeof *L->src_hash) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        L->src_hash[L->n] = c->src_hash;
        m = &L->m[L->n++];
        memset(m, 0, sizeof *m);
        m->score = c->score;
        m->tu_id = c->tu_id;
        m->created = v->tu_created;
        m->source = bitext_strdup(c->src);
        m->src_lang = bitext_strdup(c->src_lang);
        m->tuid = bitext_strdup(v->tuid);
        m->reviewed = v->tu_origin && strcmp(v->tu_origin, BITEXT_TM_ORIGIN_REVIEWED) == 0;
    }
    m = &L->m[L->n - 1];
    free(m->target);
    free(m->tgt_lang);
    m->target = bitext_strdup(v->text);
    m->tgt_lang = bitext_strdup(v->lang);
    c->best = match;
    return 0;
}

/* Appends the match for source variant v with its best target variant. */
static int add_match(lookup *L, const tm_variant *v, int score, bitext_error *err)
{
    match_ctx c = {L, v->tu_id, v->id, v->norm_hash, v->lang, v->text, score, 0};
    int rc;
    if (have_tu(L, v->tu_id))
        return 0;
    if ((rc = L->tm->ops->tu_variants(L->tm, v->tu_id, take_target, &c, err)) < 0)
        return rc;
    return c.best ? keep_distinct(L, err) : 0;
}

static bool same_text(const lookup *L, const char *text)
{
    char *norm = NULL;
    bool same = bitext_tm_normalize(&norm, text, NULL) == 0 && strcmp(norm, L->norm) == 0;
    free(norm);
    return same;
}

/* An exact candidate: 101 when the neighbours match too, 100 less the codes' penalty. */
static int exact_row(void *ctx, const tm_variant *v, bitext_error *err)
{
    lookup *L = ctx;
    size_t nc = tm_codes_count(v->codes), d;
    int score;
    bool ctxm = (L->has_prev || L->has_next) &&
                (!L->has_prev || (v->has_prev && v->prev_hash == L->prev_hash)) &&
                (!L->has_next || (v->has_next && v->next_hash == L->next_hash));
    if (!bitext_lang_match(L->o->src_lang, v->lang) || !same_text(L, v->text))
        return 0; /* another language, or a 64-bit hash collision */
    d = nc > L->o->ncodes ? nc - L->o->ncodes : L->o->ncodes - nc;
    score = ctxm ? 101 : 100 - (int)(d > 5 ? 5 : d);
    return score >= (int)L->o->threshold ? add_match(L, v, score, err) : 0;
}

/* Scores one candidate variant and keeps it when it passes the threshold. */
static int score_candidate(void *ctx, const tm_variant *v, bitext_error *err)
{
    lookup *L = ctx;
    char *norm = NULL;
    token_split s;
    int score, rc;
    if (v->nwords < (int64_t)L->lo || v->nwords > (int64_t)L->hi ||
        !bitext_lang_match(L->o->src_lang, v->lang) || v->norm_hash == L->hash)
        return 0; /* outside the length window, another language, or an exact match */
    /* tokens of the normal form, as the query's: an imported NFD text scores like its NFC */
    memset(&s, 0, sizeof s);
    if ((rc = bitext_tm_normalize(&norm, v->text, err)) < 0)
        return rc;
    rc = split_tokens(&s, norm);
    free(norm);
    if (rc < 0) {
        free_split(&s);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    score = score_split(&L->tokens, L->o->ncodes, &s, tm_codes_count(v->codes), false);
    free_split(&s);
    return score >= (int)L->o->threshold ? add_match(L, v, score, err) : 0;
}

static int fuzzy_matches(lookup *L, bitext_error *err)
{
    term *terms = NULL;
    size_t nterms = 0, ncands = 0;
    hit_map hits = {0};
    cand *cands = NULL;
    int64_t *ids = NULL;
    bitext_arena arena = {0};
    int rc;
    unsigned t = L->o->threshold ? L->o->threshold : 1;
    /* OmegaT's score cannot reach the threshold when the lengths differ more than this. */
    L->lo = (size_t)ceil((double)L->tokens.nwords * t / 100.0);
    L->hi = (size_t)floor((double)L->tokens.nwords * 100.0 / t);
    if (query_terms(&terms, &nterms, L->norm, &arena) < 0) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = gather(&hits, L->tm, terms, nterms, err)) < 0)
        goto done;
    if (top_candidates(&cands, &ncands, &hits) < 0 || !(ids = malloc((ncands + 1) * 8))) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < ncands; k++)
        ids[k] = cands[k].id;
    rc = L->tm->ops->variants(L->tm, ids, ncands, score_candidate, L, err);
done:
    free_terms(terms, nterms);
    bitext_arena_free(&arena);
    free(hits.ids);
    free(hits.hits);
    free(cands);
    free(ids);
    return rc;
}

/* Does reviewed match r hold match m's source and target language?  The sources' hashes
 * (of their normal forms) differ for nearly every pair; only equal ones are compared, in
 * their normal forms, against a collision. */
static bool supersedes(const lookup *L, size_t r, size_t m)
{
    const bitext_tm_match *a = &L->m[r], *b = &L->m[m];
    char *na = NULL, *nb = NULL;
    bool same;
    if (!a->reviewed || b->reviewed || L->src_hash[r] != L->src_hash[m] ||
        strcmp(a->src_lang, b->src_lang) || strcmp(a->tgt_lang, b->tgt_lang))
        return false;
    same = bitext_tm_normalize(&na, a->source, NULL) == 0 &&
           bitext_tm_normalize(&nb, b->source, NULL) == 0 && strcmp(na, nb) == 0;
    free(na);
    free(nb);
    return same;
}

/* Reviewed pairs win: an unreviewed match with the source of a reviewed one goes (marked
 * first, then removed, so that every comparison sees whole matches). */
static void drop_superseded(lookup *L)
{
    size_t keep = 0;
    for (size_t k = 0; k < L->n; k++)
        for (size_t r = 0; r < L->n; r++)
            if (supersedes(L, r, k)) {
                L->m[k].score = -1;
                break;
            }
    for (size_t k = 0; k < L->n; k++) {
        if (L->m[k].score < 0) {
            free_match(&L->m[k]);
            continue;
        }
        L->src_hash[keep] = L->src_hash[k];
        L->m[keep++] = L->m[k];
    }
    L->n = keep;
}

static int by_score(const void *a, const void *b)
{
    const bitext_tm_match *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    if (x->reviewed != y->reviewed)
        return x->reviewed ? -1 : 1;
    if (x->created != y->created)
        return x->created < y->created ? 1 : -1; /* the newest translation first */
    return (x->tu_id < y->tu_id) - (x->tu_id > y->tu_id);
}

static int hash_opt(int64_t *h, bool *has, const char *text, bitext_error *err)
{
    *has = text != NULL;
    return text ? tm_norm_hash(h, text, err) : 0;
}

int bitext_tm_lookup(bitext_tm_match **out, size_t *n, bitext_tm *tm, const char *text,
                     const bitext_tm_lookup_options *opts, bitext_error *err)
{
    lookup L = {0};
    int rc;
    *out = NULL;
    *n = 0;
    if (!opts || opts->version != BITEXT_TM_LOOKUP_OPTIONS_VERSION || !opts->src_lang ||
        !opts->tgt_lang)
        return bitext_fail(err, BITEXT_EINVAL, "lookup needs options with both languages");
    L.tm = tm;
    if ((rc = tm_sync(tm, err)) < 0)
        return rc; /* variants added in this transaction */
    L.o = opts;
    if ((rc = bitext_tm_normalize(&L.norm, text, err)) < 0 ||
        (rc = hash_opt(&L.prev_hash, &L.has_prev, opts->prev, err)) < 0 ||
        (rc = hash_opt(&L.next_hash, &L.has_next, opts->next, err)) < 0)
        goto done;
    L.hash = (int64_t)bitext_hash64(L.norm, strlen(L.norm)); /* as tm_norm_hash(text) */
    if (split_tokens(&L.tokens, L.norm) < 0) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = tm->ops->exact(tm, L.hash, exact_row, &L, err)) < 0 ||
        (rc = fuzzy_matches(&L, err)) < 0)
        goto done;
    drop_superseded(&L);
    if (L.n > 1)
        qsort(L.m, L.n, sizeof *L.m, by_score);
    while (L.n > (opts->max ? opts->max : 5))
        free_match(&L.m[--L.n]);
done:
    free(L.norm);
    free(L.src_hash);
    free_split(&L.tokens);
    if (rc < 0) {
        bitext_tm_matches_free(L.m, L.n);
        return rc;
    }
    if (L.n == 0) {
        free(L.m);
        L.m = NULL;
    }
    *out = L.m;
    *n = L.n;
    return 0;
}

void bitext_tm_matches_free(bitext_tm_match *m, size_t n)
{
    if (!m)
        return;
    for (size_t k = 0; k < n; k++)
        free_match(&m[k]);
    free(m);
}
