/*
 * tm_iter.c - reading TUs back in id order (export): one joined query, streamed.
 *
 * The query scans tuv in rowid order and joins tu by primary key: sequential reads on both
 * tables.  That yields each TU's variants together and TUs in id order because
 * bitext_tm_add_tu writes a TU and all its variants at once and nothing adds a variant to a
 * stored TU later (an invariant of this module).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tm_int.h"

struct bitext_tm_iter {
    bitext_tm *tm;
    sqlite3_stmt *rows;            /* tu JOIN tuv, ordered by tu.id, tuv.id */
    sqlite3_stmt *props;
    char **langs;                  /* copy of the filter's languages, or NULL */
    bool have_row, done;
    bool check_superseded;         /* the TM has reviewed TUs and the filter drops superseded */
    int64_t tu_id, src_doc, tgt_doc; /* of the TU read last */
    int64_t *tuv_ids;              /* row ids of the variants of the TU being built */
    size_t ntuv_ids, cap;
};

/* Columns of the row query. */
enum {
    C_TU, C_TUID, C_SRCLANG, C_ORIGIN, C_CONF, C_SEGTYPE, C_CREATED, C_CHANGED, C_CREATOR,
    C_NPROPS, C_V_ID, C_V_LANG, C_V_TEXT, C_V_CODES, C_V_PREV, C_V_NEXT, C_V_CREATED,
    C_V_CHANGED, C_V_CREATOR, C_V_HASH, C_SRC_DOC, C_TGT_DOC
};

static const char rows_sql[] =
    "SELECT tu.id, tu.tuid, tu.srclang, tu.origin, tu.confidence, tu.segtype, tu.created,"
    " tu.changed, tu.creator, tu.nprops, tuv.id, tuv.lang, tuv.text, tuv.codes, tuv.prev,"
    " tuv.next, tuv.created, tuv.changed, tuv.creator, tuv.norm_hash, tu.src_doc, tu.tgt_doc"
    " FROM tuv JOIN tu ON tu.id = tuv.tu_id"
    " WHERE (?1 IS NULL OR tu.confidence IS NULL OR tu.confidence >= ?1)"
    " AND (?2 IS NULL OR tu.origin = ?2)"
    " AND (?3 = 0 OR tu.created >= ?3) AND (?4 = 0 OR tu.created <= ?4)"
    " AND (?5 IS NULL OR tu.src_doc IN (SELECT id FROM document WHERE name = ?5)"
    "      OR tu.tgt_doc IN (SELECT id FROM document WHERE name = ?5))"
    " AND (?6 = 0 OR (?6 = 1) = (tu.origin IS '" BITEXT_TM_ORIGIN_REVIEWED "'))"
    " ORDER BY tuv.id";

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

/* Which TUs by review: 0 all, 1 reviewed only, 2 the others; whether to look for superseded
 * ones (only when some TU is reviewed: the common TM pays nothing). */
static int review_filter(bitext_tm_iter *it, const bitext_tm_filter *filter, bitext_error *err)
{
    unsigned flags = filter && filter->version >= 2 ? filter->flags : 0;
    bool any = false;
    int rc, which = (flags & BITEXT_TM_FILTER_REVIEWED) ? 1
                    : (flags & BITEXT_TM_FILTER_UNREVIEWED) ? 2 : 0;
    sqlite3_bind_int(it->rows, 6, which);
    if (which == 1 || (flags & BITEXT_TM_FILTER_SUPERSEDED))
        return 0;
    if ((rc = tm_has_reviewed(&any, it->tm, err)) < 0)
        return rc;
    it->check_superseded = any;
    return 0;
}

int bitext_tm_iter_new(bitext_tm_iter **out, bitext_tm *tm, const bitext_tm_filter *filter,
                       bitext_error *err)
{
    bitext_tm_iter *it = calloc(1, sizeof *it);
    int rc = 0;
    *out = NULL;
    if (filter && (filter->version < 1 || filter->version > BITEXT_TM_FILTER_VERSION))
        rc = bitext_fail(err, BITEXT_EINVAL, "bitext_tm_filter: unknown version %u",
                         filter->version);
    else if (!it || (filter && filter->langs && copy_langs(it, filter->langs) < 0))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc < 0)
        goto done;
    it->tm = tm;
    if (sqlite3_prepare_v2(tm->db, rows_sql, -1, &it->rows, NULL) ||
        sqlite3_prepare_v2(tm->db,
                           "SELECT tuv_id, type, value, lang FROM prop WHERE tu_id=? ORDER BY id",
                           -1, &it->props, NULL)) {
        rc = tm_sqlfail(tm, err, "reading the TM");
        goto done;
    }
    if (filter && filter->min_confidence > 0)
        sqlite3_bind_double(it->rows, 1, filter->min_confidence);
    if (filter && filter->origin)
        sqlite3_bind_text(it->rows, 2, filter->origin, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(it->rows, 3, filter ? filter->since : 0);
    sqlite3_bind_int64(it->rows, 4, filter ? filter->until : 0);
    if (filter && filter->document)
        sqlite3_bind_text(it->rows, 5, filter->document, -1, SQLITE_TRANSIENT);
    rc = review_filter(it, filter, err);
done:
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
    sqlite3_finalize(it->rows);
    sqlite3_finalize(it->props);
    for (size_t k = 0; it->langs && it->langs[k]; k++)
        free(it->langs[k]);
    free(it->langs);
    free(it->tuv_ids);
    free(it);
}

static const char *col(sqlite3_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(st, c);
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

static int fill_tu(bitext_tu *tu, sqlite3_stmt *st, bitext_error *err)
{
    int rc;
    tu->confidence = sqlite3_column_type(st, C_CONF) == SQLITE_NULL
                         ? -1.0 : sqlite3_column_double(st, C_CONF);
    tu->created = sqlite3_column_int64(st, C_CREATED);
    tu->changed = sqlite3_column_int64(st, C_CHANGED);
    if ((rc = bitext_tu_set_string(&tu->tuid, col(st, C_TUID), err)) < 0 ||
        (rc = bitext_tu_set_string(&tu->srclang, col(st, C_SRCLANG), err)) < 0 ||
        (rc = bitext_tu_set_string(&tu->origin, col(st, C_ORIGIN), err)) < 0 ||
        (rc = bitext_tu_set_string(&tu->segtype, col(st, C_SEGTYPE), err)) < 0)
        return rc;
    return bitext_tu_set_string(&tu->creator, col(st, C_CREATOR), err);
}

static int add_variant(bitext_tm_iter *it, bitext_tu *tu, sqlite3_stmt *st, bitext_error *err)
{
    const char *text = col(st, C_V_TEXT);
    size_t idx;
    bitext_tuv *v;
    int rc;
    if (bitext_grow((void **)&it->tuv_ids, &it->cap, it->ntuv_ids + 1, sizeof *it->tuv_ids) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if ((rc = bitext_tu_add_tuv(tu, &idx, col(st, C_V_LANG), text,
                                (size_t)sqlite3_column_bytes(st, C_V_TEXT), err)) < 0)
        return rc;
    it->tuv_ids[it->ntuv_ids++] = sqlite3_column_int64(st, C_V_ID);
    v = &tu->tuvs[idx];
    v->created = sqlite3_column_int64(st, C_V_CREATED);
    v->changed = sqlite3_column_int64(st, C_V_CHANGED);
    if ((rc = bitext_tu_set_string(&v->creator, col(st, C_V_CREATOR), err)) < 0 ||
        (rc = bitext_tu_set_string(&v->prev, col(st, C_V_PREV), err)) < 0 ||
        (rc = bitext_tu_set_string(&v->next, col(st, C_V_NEXT), err)) < 0)
        return rc;
    return tm_codes_decode(tu, idx, col(st, C_V_CODES), err);
}

/* Props of the TU and of its kept variants, in the order they were stored. */
static int load_props(bitext_tm_iter *it, bitext_tu *tu, int64_t id, bitext_error *err)
{
    sqlite3_stmt *st = it->props;
    int rc;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t where = SIZE_MAX;
        if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
            int64_t vid = sqlite3_column_int64(st, 0);
            for (where = 0; where < it->ntuv_ids && it->tuv_ids[where] != vid; where++)
                ;
            if (where == it->ntuv_ids)
                continue; /* a prop of a variant the filter left out */
        }
        if ((rc = bitext_tu_add_prop(tu, where, col(st, 1), col(st, 2), col(st, 3), err)) < 0)
            return rc;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : tm_sqlfail(it->tm, err, "reading props");
}

static int step(bitext_tm_iter *it, bitext_error *err)
{
    int rc = sqlite3_step(it->rows);
    it->have_row = rc == SQLITE_ROW;
    it->done = rc == SQLITE_DONE;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tm_sqlfail(it->tm, err, "reading the TM");
}

/* The source segment of a TU, for the superseded check: its srclang variant, else its
 * first (whether or not the filter keeps that language). */
typedef struct {
    char lang[BITEXT_LANG_MAX];
    int64_t hash;
    bool found, exact;
} source_key;

static void note_source(source_key *k, sqlite3_stmt *st, const char *srclang)
{
    const char *lang = col(st, C_V_LANG);
    bool exact = srclang && lang && strcmp(srclang, lang) == 0;
    if (k->exact || (k->found && !exact) || !lang)
        return;
    snprintf(k->lang, sizeof k->lang, "%s", lang);
    k->hash = sqlite3_column_int64(st, C_V_HASH);
    k->found = true;
    k->exact = exact;
}

/* Builds the TU at the current row from all of its rows; leaves the next TU's first row. */
static int build(bitext_tm_iter *it, bitext_tu *tu, source_key *src, bitext_error *err)
{
    sqlite3_stmt *st = it->rows;
    int rc;
    it->tu_id = sqlite3_column_int64(st, C_TU);
    it->src_doc = sqlite3_column_int64(st, C_SRC_DOC);
    it->tgt_doc = sqlite3_column_int64(st, C_TGT_DOC);
    it->ntuv_ids = 0;
    memset(src, 0, sizeof *src);
    if ((rc = fill_tu(tu, st, err)) < 0)
        return rc;
    while (it->have_row && sqlite3_column_int64(st, C_TU) == it->tu_id) {
        note_source(src, st, tu->srclang);
        if (lang_kept(it, col(st, C_V_LANG)) && (rc = add_variant(it, tu, st, err)) < 0)
            return rc;
        if ((rc = step(it, err)) < 0)
            return rc;
    }
    return 0;
}

/* Is the TU just built one that a reviewed TU supersedes (and the filter drops)? */
static int superseded(bool *out, bitext_tm_iter *it, const bitext_tu *tu, const source_key *src,
                      bitext_error *err)
{
    *out = false;
    if (!it->check_superseded || !src->found ||
        (tu->origin && strcmp(tu->origin, BITEXT_TM_ORIGIN_REVIEWED) == 0))
        return 0;
    return tm_superseded(out, it->tm, it->tu_id, src->lang, src->hash, err);
}

int bitext_tm_iter_next(bitext_tm_iter *it, bitext_tu *tu, bitext_error *err)
{
    int rc;
    bitext_tu_clear(tu);
    if (!it->have_row && !it->done && (rc = step(it, err)) < 0)
        return rc;
    while (it->have_row) {
        int64_t nprops = sqlite3_column_int64(it->rows, C_NPROPS);
        source_key src;
        bool gone = false;
        if ((rc = build(it, tu, &src, err)) < 0 ||
            (tu->ntuvs >= 2 && (rc = superseded(&gone, it, tu, &src, err)) < 0))
            goto fail;
        if (tu->ntuvs < 2 || gone) {
            bitext_tu_clear(tu);
            continue;
        }
        if (nprops > 0 && (rc = load_props(it, tu, it->tu_id, err)) < 0)
            goto fail;
        return 1;
    }
    return 0;
fail:
    bitext_tu_clear(tu);
    return rc;
}
