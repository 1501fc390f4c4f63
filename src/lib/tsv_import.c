/*
 * tsv_import.c - a reviewed TSV back into the TM (bitext_tsv_import, tsv.h).
 *
 * The rows are matched to the document's stored pairs by their normalised texts, not by
 * the bead column (a reviewer who merges or moves rows does not keep it up to date):
 *   kept     a row with both texts of a stored pair: the pair is marked reviewed in place;
 *   edited   a row sharing one text with a stored pair: that pair is replaced;
 *   added    any other row with two texts;
 *   removed  a stored pair no row took: it goes (in a multilingual TU, only the pairing:
 *            the target-language variant leaves it, the other languages stay).
 * Only tm.h functions touch the TM, so another storage backend needs nothing here.
 */
#include <stdlib.h>
#include <string.h>

#include "bitext/tsv.h"
#include "util_int.h"

typedef struct {
    bitext_tu tu;            /* the stored TU (all its variants) */
    int64_t id, src_doc, tgt_doc;
    size_t s, t;             /* the variants of the TSV's two languages */
    char *ns, *nt;           /* their normalised texts */
    bool used;
} stored;

typedef struct {
    bitext_tm *tm;
    const bitext_tsv *t;
    stored *v;
    size_t n, cap;
    struct sort_key_s *by[3];/* v sorted by source and target, by source, by target */
    int64_t doc, src_doc, tgt_doc, now;
    bitext_tsv_import_stats st;
    bitext_error *err;
} importer;

static void stored_free(stored *s)
{
    bitext_tu_clear(&s->tu);
    free(s->ns);
    free(s->nt);
}

/* Keeps a TU of the document when it has both languages. */
static int take(importer *im, bitext_tm_iter *it, bitext_tu *tu)
{
    const bitext_tuv *s = bitext_tu_find(tu, im->t->src_lang);
    const bitext_tuv *t = bitext_tu_find(tu, im->t->tgt_lang);
    stored *e;
    int rc;
    if (!s || !t || s == t)
        return 0;
    if (bitext_grow((void **)&im->v, &im->cap, im->n + 1, sizeof *im->v) < 0)
        return bitext_fail(im->err, BITEXT_ENOMEM, "out of memory");
    e = &im->v[im->n++];
    memset(e, 0, sizeof *e);
    e->s = (size_t)(s - tu->tuvs);
    e->t = (size_t)(t - tu->tuvs);
    bitext_tm_iter_ids(it, &e->id, &e->src_doc, &e->tgt_doc);
    e->tu = *tu;
    *tu = (bitext_tu)BITEXT_TU_INIT;
    if ((rc = bitext_tm_normalize(&e->ns, e->tu.tuvs[e->s].text, im->err)) < 0)
        return rc;
    return bitext_tm_normalize(&e->nt, e->tu.tuvs[e->t].text, im->err);
}

/* The document's stored pairs, and the documents new pairs will be linked to. */
static int load(importer *im, const char *doc)
{
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    char lang[BITEXT_LANG_MAX];
    int rc;
    f.document = doc;
    f.flags = BITEXT_TM_FILTER_SUPERSEDED;
    if ((rc = bitext_tm_find_document(&im->doc, lang, sizeof lang, im->tm, doc, im->err)) < 0 ||
        (rc = bitext_tm_iter_new(&it, im->tm, &f, im->err)) < 0)
        return rc;
    while ((rc = bitext_tm_iter_next(it, &tu, im->err)) > 0)
        if ((rc = take(im, it, &tu)) < 0)
            break;
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    if (im->n) {
        im->src_doc = im->v[0].src_doc;
        im->tgt_doc = im->v[0].tgt_doc;
    } else if (bitext_lang_match(im->t->tgt_lang, lang) > 0) {
        im->tgt_doc = im->doc;
    } else {
        im->src_doc = im->doc;
    }
    return rc < 0 ? rc : 0;
}

/* ---- matching --------------------------------------------------------------------------- */

typedef struct {
    char *ns, *nt;
} row_key;

/* A stored pair under one order: by source and target, by source, by target. */
typedef struct sort_key_s {
    const char *a, *b;       /* the texts compared (b "" for one-text orders) */
    size_t i;                /* the pair in v */
} sort_key;

static int sort_cmp(const void *x, const void *y)
{
    const sort_key *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (!c)
        c = strcmp(p->b, q->b);
    return c ? c : (p->i > q->i) - (p->i < q->i);
}

static int index_pairs(importer *im)
{
    for (unsigned k = 0; k < 3; k++) {
        if (!(im->by[k] = malloc((im->n + 1) * sizeof *im->by[k])))
            return bitext_fail(im->err, BITEXT_ENOMEM, "out of memory");
        for (size_t i = 0; i < im->n; i++)
            im->by[k][i] = (sort_key){k == 2 ? im->v[i].nt : im->v[i].ns,
                                      k == 0 ? im->v[i].nt : "", i};
        qsort(im->by[k], im->n, sizeof *im->by[k], sort_cmp);
    }
    return 0;
}

/* The first entry of an order not below key (binary search). */
static size_t lower_bound(const sort_key *by, size_t n, const sort_key *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sort_cmp(&by[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool same_key(const sort_key *a, const sort_key *b)
{
    return !strcmp(a->a, b->a) && !strcmp(a->b, b->b);
}

/* The first unused stored pair with the row's source and target (order 0), source (1) or
 * target (2). */
static stored *match(importer *im, const row_key *k, unsigned order)
{
    const sort_key *by = im->by[order];
    sort_key key = {order == 2 ? k->nt : k->ns, order == 0 ? k->nt : "", 0};
    for (size_t at = lower_bound(by, im->n, &key); at < im->n && same_key(&by[at], &key); at++)
        if (!im->v[by[at].i].used)
            return &im->v[by[at].i];
    return NULL;
}

/* Does a stored pair (taken already or not) have both texts of the row? */
static bool seen(importer *im, const row_key *k)
{
    sort_key key = {k->ns, k->nt, 0};
    size_t at = lower_bound(im->by[0], im->n, &key);
    return at < im->n && same_key(&im->by[0][at], &key);
}

/* ---- changing the TM -------------------------------------------------------------------- */

/* Stores tu as reviewed; when the TM holds the same TU already, that one is marked. */
static int store(importer *im, bitext_tu *tu)
{
    int64_t id = 0;
    int rc;
    tu->confidence = 1.0;
    tu->created = tu->changed = im->now;
    if ((rc = bitext_tu_set_string(&tu->origin, BITEXT_TM_ORIGIN_REVIEWED, im->err)) < 0 ||
        (rc = bitext_tm_add_tu(&id, im->tm, tu, im->src_doc, im->tgt_doc, im->err)) < 0 || id)
        return rc;
    if ((rc = bitext_tm_find_tu(&id, im->tm, tu, im->err)) < 0 || !id)
        return rc;
    return bitext_tm_mark_reviewed(im->tm, id, im->now, im->src_doc, im->tgt_doc, im->err);
}

/* Replaces variant v's text (its codes no longer fit it and go). */
static int set_text(bitext_tu *tu, size_t v, const char *text, bitext_error *err)
{
    bitext_tuv *x = &tu->tuvs[v];
    for (size_t k = 0; k < x->ncodes; k++) {
        free(x->codes[k].type);
        free(x->codes[k].native);
        free(x->codes[k].assoc);
    }
    free(x->codes);
    x->codes = NULL;
    x->ncodes = 0;
    return bitext_tu_set_string(&x->text, text, err);
}

/* An edited row: the stored TU with the row's two texts. */
static int replace(importer *im, stored *e, const bitext_tsv_row *row)
{
    bitext_tu tu = BITEXT_TU_INIT;
    int rc;
    if ((rc = bitext_tu_copy(&tu, &e->tu, im->err)) < 0 ||
        (strcmp(tu.tuvs[e->s].text, row->source) &&
         (rc = set_text(&tu, e->s, row->source, im->err)) < 0) ||
        (strcmp(tu.tuvs[e->t].text, row->target) &&
         (rc = set_text(&tu, e->t, row->target, im->err)) < 0) ||
        (rc = bitext_tm_delete_tu(im->tm, e->id, im->err)) < 0)
        goto done;
    rc = store(im, &tu);
done:
    bitext_tu_clear(&tu);
    return rc;
}

static int add_new(importer *im, const bitext_tsv_row *row)
{
    bitext_tu tu = BITEXT_TU_INIT;
    int rc;
    if ((rc = bitext_tu_add_tuv(&tu, NULL, im->t->src_lang, row->source, strlen(row->source),
                                im->err)) == 0 &&
        (rc = bitext_tu_add_tuv(&tu, NULL, im->t->tgt_lang, row->target, strlen(row->target),
                                im->err)) == 0 &&
        (rc = bitext_tu_set_string(&tu.segtype, "sentence", im->err)) == 0)
        rc = store(im, &tu);
    bitext_tu_clear(&tu);
    return rc;
}

/* A stored pair no row kept: the TU goes, or in a TU of three or more languages only its
 * target-language variant (the other pairings were not reviewed here). */
static int remove_pair(importer *im, stored *e)
{
    bitext_tu tu = BITEXT_TU_INIT;
    int rc;
    if ((rc = bitext_tm_delete_tu(im->tm, e->id, im->err)) < 0 || e->tu.ntuvs < 3)
        return rc;
    if ((rc = bitext_tu_copy(&tu, &e->tu, im->err)) == 0) {
        bitext_tu one = BITEXT_TU_INIT;        /* frees the variant as its TU would */
        one.tuvs = malloc(sizeof *one.tuvs);
        if (one.tuvs) {
            one.tuvs[0] = tu.tuvs[e->t];
            one.ntuvs = 1;
        }
        bitext_tu_clear(&one);
        memmove(&tu.tuvs[e->t], &tu.tuvs[e->t + 1], (tu.ntuvs - e->t - 1) * sizeof *tu.tuvs);
        tu.ntuvs--;
        rc = bitext_tm_add_tu(NULL, im->tm, &tu, e->src_doc, e->tgt_doc, im->err);
    }
    bitext_tu_clear(&tu);
    return rc;
}

static int apply_row(importer *im, const bitext_tsv_row *row, row_key *k, unsigned pass)
{
    stored *e;
    if (pass == 0 && (e = match(im, k, 0))) {
        e->used = true;
        im->st.kept++;
        return bitext_tm_mark_reviewed(im->tm, e->id, im->now, 0, 0, im->err);
    }
    if (pass == 0 && seen(im, k)) {
        im->st.kept++;   /* the same pair twice in the document: stored once */
        return 0;
    }
    if (pass == 1 && ((e = match(im, k, 1)) || (e = match(im, k, 2)))) {
        e->used = true;
        im->st.edited++;
        return replace(im, e, row);
    }
    if (pass == 2) {
        im->st.added++;
        return add_new(im, row);
    }
    return 1; /* not this pass */
}

static int apply(importer *im)
{
    row_key *keys = calloc(im->t->n + 1, sizeof *keys);
    bool *done = calloc(im->t->n + 1, sizeof *done);
    int rc = keys && done ? index_pairs(im)
                          : bitext_fail(im->err, BITEXT_ENOMEM, "out of memory");
    for (size_t i = 0; i < im->t->n && rc == 0; i++) {
        const bitext_tsv_row *row = &im->t->rows[i];
        done[i] = !*row->source || !*row->target;
        im->st.unpaired += done[i];
        if (!done[i] && (rc = bitext_tm_normalize(&keys[i].ns, row->source, im->err)) == 0)
            rc = bitext_tm_normalize(&keys[i].nt, row->target, im->err);
    }
    /* kept first, so that an edit never takes a pair another row keeps whole */
    for (unsigned pass = 0; pass < 3 && rc == 0; pass++)
        for (size_t i = 0; i < im->t->n && rc == 0; i++) {
            int r = done[i] ? 1 : apply_row(im, &im->t->rows[i], &keys[i], pass);
            if (r < 0)
                rc = r;
            done[i] |= r == 0;
        }
    for (size_t i = 0; i < im->n && rc == 0; i++)
        if (!im->v[i].used) {
            im->st.removed++;
            rc = remove_pair(im, &im->v[i]);
        }
    for (size_t i = 0; keys && i < im->t->n; i++) {
        free(keys[i].ns);
        free(keys[i].nt);
    }
    free(keys);
    free(done);
    return rc;
}

/* The document and the one its pairs pair it with were reviewed (align then keeps the
 * reviewed pairs when it meets the two again). */
static int mark_documents(importer *im)
{
    int64_t docs[3] = {im->doc, im->src_doc, im->tgt_doc};
    int rc = 0;
    for (int k = 0; k < 3 && rc == 0; k++)
        if (docs[k] && (k == 0 || docs[k] != im->doc))
            rc = bitext_tm_set_document_reviewed(im->tm, docs[k], im->now, im->err);
    return rc;
}

int bitext_tsv_import(bitext_tsv_import_stats *stats, bitext_tm *tm, const char *doc,
                      const bitext_tsv *t, bitext_error *err)
{
    importer im = {tm, t, NULL, 0, 0, {NULL, NULL, NULL}, 0, 0, 0, bitext_now(), {0}, err};
    int rc;
    if ((rc = load(&im, doc)) == 0 && (rc = apply(&im)) == 0)
        rc = mark_documents(&im);
    if (rc == 0 && stats)
        *stats = im.st;
    for (size_t i = 0; i < im.n; i++)
        stored_free(&im.v[i]);
    for (unsigned k = 0; k < 3; k++)
        free(im.by[k]);
    free(im.v);
    return rc;
}
