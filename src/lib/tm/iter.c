/*
 * iter.c - reading TUs back in id order (export): the store streams variant rows in TU
 * order, this file builds each TU from its rows (bounded memory: one TU at a time).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tm_int.h"

struct bitext_tm_iter {
    bitext_tm *tm;
    tm_rows *rows;
    const tm_export_row *row;      /* the row not yet used, or NULL */
    char **langs;                  /* copy of the filter's languages, or NULL */
    bool done;
    bool check_superseded;         /* the TM has reviewed TUs and the filter drops superseded */
    int64_t *reviewed;             /* then: the norm_hash of their variants, ascending */
    size_t nreviewed;
    int64_t tu_id, src_doc, tgt_doc; /* of the TU read last */
    int64_t *tuv_ids;              /* row ids of the variants of the TU being built */
    size_t ntuv_ids, cap;
};

static int copy_langs(bitext_tm_iter *it, const char *const *langs)
{
    size_t n = 0;
    while (langs[n])
        n++;
    if (!(it->langs = calloc(n + 1, sizeof *it->langs)))
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < n; k++)
        if (!(it->langs[k] = bitext_strdup(langs[k])))
            return BITEXT_ENOMEM;
    return 0;
}

/* Whether to look for superseded TUs: only when the filter drops them, keeps more than the
 * reviewed ones, and some TU is reviewed (the common TM pays nothing). */
static int review_filter(bitext_tm_iter *it, const bitext_tm_filter *filter, bitext_error *err)
{
    unsigned flags = filter && filter->version >= 2 ? filter->flags : 0;
    bool any = false;
    int rc;
    if ((flags & (BITEXT_TM_FILTER_REVIEWED | BITEXT_TM_FILTER_SUPERSEDED)))
        return 0;
    if ((rc = it->tm->ops->has_reviewed(&any, it->tm, err)) < 0 || !any)
        return rc;
    it->check_superseded = true;
    /* a TU whose source no reviewed TU holds is not superseded: no question per TU */
    return it->tm->ops->reviewed_hashes(&it->reviewed, &it->nreviewed, it->tm, err);
}

int bitext_tm_iter_new(bitext_tm_iter **out, bitext_tm *tm, const bitext_tm_filter *filter,
                       bitext_error *err)
{
    bitext_tm_iter *it = calloc(1, sizeof *it);
    bitext_tm_filter f1;
    int rc = 0;
    *out = NULL;
    if (filter && filter->version == 1) {
        /* version 1 has no flags: the store reads a whole current filter */
        f1 = (bitext_tm_filter)BITEXT_TM_FILTER_INIT;
        memcpy(&f1, filter, offsetof(bitext_tm_filter, flags));
        f1.version = BITEXT_TM_FILTER_VERSION;
        filter = &f1;
    }
    if (filter && filter->version != BITEXT_TM_FILTER_VERSION)
        rc = bitext_fail(err, BITEXT_EINVAL, "bitext_tm_filter: unknown version %u",
                         filter->version);
    else if (!it || (filter && filter->langs && copy_langs(it, filter->langs) < 0))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0) {
        it->tm = tm;
        if ((rc = tm_sync(tm, err)) == 0 && (rc = review_filter(it, filter, err)) == 0)
            rc = tm->ops->rows_open(&it->rows, tm, filter, err);
    }
    if (rc < 0)
        bitext_tm_iter_free(it);
    else
        *out = it;
    return rc;
}

void bitext_tm_iter_ids(const bitext_tm_iter *it, int64_t *tu_id, int64_t *src_doc,
                        int64_t *tgt_doc)
{
    if (tu_id)
        *tu_id = it->tu_id;
    if (src_doc)
        *src_doc = it->src_doc;
    if (tgt_doc)
        *tgt_doc = it->tgt_doc;
}

void bitext_tm_iter_free(bitext_tm_iter *it)
{
    if (!it)
        return;
    if (it->rows)
        it->tm->ops->rows_close(it->rows);
    for (size_t k = 0; it->langs && it->langs[k]; k++)
        free(it->langs[k]);
    free(it->langs);
    free(it->tuv_ids);
    free(it->reviewed);
    free(it);
}

static bool lang_kept(const bitext_tm_iter *it, const char *lang)
{
    if (!it->langs)
        return true;
    for (size_t k = 0; it->langs[k]; k++)
        if (bitext_lang_match(it->langs[k], lang) > 0)
            return true;
    return false;
}

static int fill_tu(bitext_tu *tu, const tm_export_row *r, bitext_error *err)
{
    int rc;
    tu->confidence = r->has_confidence ? r->confidence : -1.0;
    tu->created = r->created;
    tu->changed = r->changed;
    if ((rc = bitext_tu_set_string(&tu->tuid, r->tuid, err)) < 0 ||
        (rc = bitext_tu_set_string(&tu->srclang, r->srclang, err)) < 0 ||
        (rc = bitext_tu_set_string(&tu->origin, r->origin, err)) < 0 ||
        (rc = bitext_tu_set_string(&tu->segtype, r->segtype, err)) < 0)
        return rc;
    return bitext_tu_set_string(&tu->creator, r->creator, err);
}

static int add_variant(bitext_tm_iter *it, bitext_tu *tu, const tm_export_row *r,
                       bitext_error *err)
{
    size_t idx;
    bitext_tuv *v;
    int rc;
    if (bitext_grow((void **)&it->tuv_ids, &it->cap, it->ntuv_ids + 1, sizeof *it->tuv_ids) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if ((rc = bitext_tu_add_tuv(tu, &idx, r->v_lang, r->v_text, r->v_len, err)) < 0)
        return rc;
    it->tuv_ids[it->ntuv_ids++] = r->v_id;
    v = &tu->tuvs[idx];
    v->created = r->v_created;
    v->changed = r->v_changed;
    if ((rc = bitext_tu_set_string(&v->creator, r->v_creator, err)) < 0 ||
        (rc = bitext_tu_set_string(&v->prev, r->v_prev, err)) < 0 ||
        (rc = bitext_tu_set_string(&v->next, r->v_next, err)) < 0)
        return rc;
    return tm_codes_decode(tu, idx, r->v_codes, err);
}

typedef struct {
    bitext_tm_iter *it;
    bitext_tu *tu;
} props_ctx;

/* A prop of the TU or of one of its kept variants, in the order they were stored. */
static int take_prop(void *ctx, int64_t tuv_id, const char *type, const char *value,
                     const char *lang, bitext_error *err)
{
    props_ctx *p = ctx;
    size_t where = SIZE_MAX;
    int rc;
    if (tuv_id) {
        for (where = 0; where < p->it->ntuv_ids && p->it->tuv_ids[where] != tuv_id; where++)
            ;
        if (where == p->it->ntuv_ids)
            return 0; /* a prop of a variant the filter left out */
    }
    rc = bitext_tu_add_prop(p->tu, where, type, value, lang, err);
    return rc < 0 ? rc : 0;
}

static int step(bitext_tm_iter *it, bitext_error *err)
{
    int rc = it->tm->ops->rows_next(it->rows, &it->row, err);
    if (rc <= 0) {
        it->row = NULL;
        it->done = true;
    }
    return rc < 0 ? rc : 0;
}

/* The source segment of a TU, for the superseded check: its srclang variant, else its
 * first (whether or not the filter keeps that language). */
typedef struct {
    char lang[BITEXT_LANG_MAX];
    int64_t hash;
    bool found, exact;
} source_key;

static void note_source(source_key *k, const tm_export_row *r, const char *srclang)
{
    bool exact = srclang && r->v_lang && strcmp(srclang, r->v_lang) == 0;
    if (k->exact || (k->found && !exact) || !r->v_lang)
        return;
    snprintf(k->lang, sizeof k->lang, "%s", r->v_lang);
    k->hash = r->v_hash;
    k->found = true;
    k->exact = exact;
}

/* Builds the TU at the current row from all of its rows; leaves the next TU's first row. */
static int build(bitext_tm_iter *it, bitext_tu *tu, source_key *src, int64_t *nprops,
                 bitext_error *err)
{
    int rc;
    it->tu_id = it->row->tu_id;
    it->src_doc = it->row->src_doc;
    it->tgt_doc = it->row->tgt_doc;
    *nprops = it->row->nprops;
    it->ntuv_ids = 0;
    memset(src, 0, sizeof *src);
    if ((rc = fill_tu(tu, it->row, err)) < 0)
        return rc;
    while (it->row && it->row->tu_id == it->tu_id) {
        note_source(src, it->row, tu->srclang);
        if (lang_kept(it, it->row->v_lang) && (rc = add_variant(it, tu, it->row, err)) < 0)
            return rc;
        if ((rc = step(it, err)) < 0)
            return rc;
    }
    return 0;
}

static int by_hash(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Is the TU just built one that a reviewed TU supersedes (and the filter drops)? */
static int superseded(bool *out, bitext_tm_iter *it, const bitext_tu *tu, const source_key *src,
                      bitext_error *err)
{
    *out = false;
    if (!it->check_superseded || !src->found ||
        (tu->origin && strcmp(tu->origin, BITEXT_TM_ORIGIN_REVIEWED) == 0) ||
        !bsearch(&src->hash, it->reviewed, it->nreviewed, sizeof *it->reviewed, by_hash))
        return 0;
    return it->tm->ops->superseded(out, it->tm, it->tu_id, src->lang, src->hash, err);
}

int bitext_tm_iter_next(bitext_tm_iter *it, bitext_tu *tu, bitext_error *err)
{
    int rc;
    bitext_tu_clear(tu);
    if (!it->row && !it->done && (rc = step(it, err)) < 0)
        return rc;
    while (it->row) {
        int64_t nprops;
        props_ctx p = {it, tu};
        source_key src;
        bool gone = false;
        if ((rc = build(it, tu, &src, &nprops, err)) < 0 ||
            (tu->ntuvs >= 2 && (rc = superseded(&gone, it, tu, &src, err)) < 0))
            goto fail;
        if (tu->ntuvs < 2 || gone) {
            bitext_tu_clear(tu);
            continue;
        }
        if (nprops > 0 &&
            (rc = it->tm->ops->rows_props(it->rows, it->tu_id, take_prop, &p, err)) < 0)
            goto fail;
        return 1;
    }
    return 0;
fail:
    bitext_tu_clear(tu);
    return rc;
}
