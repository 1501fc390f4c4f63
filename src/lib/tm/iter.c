/*
 * iter.c - reading TUs back in id order (export): the store streams variant rows in TU
 * order, this file builds each TU from its rows (bounded memory: one TU at a time).
 */
#include <stdlib.h>
#include <string.h>

#include "tm_int.h"

struct bitext_tm_iter {
    bitext_tm *tm;
    tm_rows *rows;
    const tm_export_row *row;      /* the row not yet used, or NULL */
    char **langs;                  /* copy of the filter's languages, or NULL */
    bool done;
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

int bitext_tm_iter_new(bitext_tm_iter **out, bitext_tm *tm, const bitext_tm_filter *filter,
                       bitext_error *err)
{
    bitext_tm_iter *it = calloc(1, sizeof *it);
    int rc = 0;
    *out = NULL;
    if (filter && filter->version != BITEXT_TM_FILTER_VERSION)
        rc = bitext_fail(err, BITEXT_EINVAL, "bitext_tm_filter: unknown version %u",
                         filter->version);
    else if (!it || (filter && filter->langs && copy_langs(it, filter->langs) < 0))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0) {
        it->tm = tm;
        if ((rc = tm->ops->sync(tm, err)) == 0)
            rc = tm->ops->rows_open(&it->rows, tm, filter, err);
    }
    if (rc < 0)
        bitext_tm_iter_free(it);
    else
        *out = it;
    return rc;
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

/* Builds the TU at the current row from all of its rows; leaves the next TU's first row. */
static int build(bitext_tm_iter *it, bitext_tu *tu, int64_t *id, int64_t *nprops,
                 bitext_error *err)
{
    int rc;
    *id = it->row->tu_id;
    *nprops = it->row->nprops;
    it->ntuv_ids = 0;
    if ((rc = fill_tu(tu, it->row, err)) < 0)
        return rc;
    while (it->row && it->row->tu_id == *id) {
        if (lang_kept(it, it->row->v_lang) && (rc = add_variant(it, tu, it->row, err)) < 0)
            return rc;
        if ((rc = step(it, err)) < 0)
            return rc;
    }
    return 0;
}

int bitext_tm_iter_next(bitext_tm_iter *it, bitext_tu *tu, bitext_error *err)
{
    int rc;
    bitext_tu_clear(tu);
    if (!it->row && !it->done && (rc = step(it, err)) < 0)
        return rc;
    while (it->row) {
        int64_t id, nprops;
        props_ctx p = {it, tu};
        if ((rc = build(it, tu, &id, &nprops, err)) < 0)
            goto fail;
        if (tu->ntuvs < 2) {
            bitext_tu_clear(tu);
            continue;
        }
        if (nprops > 0 && (rc = it->tm->ops->rows_props(it->rows, id, take_prop, &p, err)) < 0)
            goto fail;
        return 1;
    }
    return 0;
fail:
    bitext_tu_clear(tu);
    return rc;
}
