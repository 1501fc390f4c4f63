/*
 * tm_review.c - what a review changes in the TM: documents found by name, TUs removed or
 * marked as reviewed, the date a document's pairs were last reviewed.
 *
 * The policy (which pairs are kept, edited, added or removed) lives above this module
 * (tsv_import.c); these are the few storage operations it needs, each one statement or
 * two, so that another storage backend only has to provide them.
 */
#include <stdio.h>
#include <string.h>

#include "tm_int.h"

int bitext_tm_find_document(int64_t *out, char *lang, size_t lang_size, bitext_tm *tm,
                            const char *name, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = 0;
    if (sqlite3_prepare_v2(tm->db, "SELECT id, lang FROM document WHERE name = ?"
                           " ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "finding a document");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        if (lang && lang_size)
            snprintf(lang, lang_size, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return bitext_fail_at(err, BITEXT_ENOTFOUND, tm->path, 0, 0, -1,
                              "no document named '%s' in the TM (bitext stats lists them)",
                              name);
    return rc == SQLITE_ROW ? 0 : tm_sqlfail(tm, err, "finding a document");
}

/* Runs a prepared statement to its end; 0 or the TM error. */
static int run(bitext_tm *tm, sqlite3_stmt *st, const char *what, bitext_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : tm_sqlfail(tm, err, what);
}

/* Removes the full-text entries of TU id's variants and their count per language.  The
 * indexes are brought up to date first, so every variant is in them exactly once. */
static int unindex(bitext_tm *tm, int64_t id, bitext_error *err)
{
    static const char *const sql[] = {
        "INSERT INTO tuv_words(tuv_words, rowid, text)"
        " SELECT 'delete', id, text FROM tuv WHERE tu_id = ?1",
        "INSERT INTO tuv_chars(tuv_chars, rowid, text)"
        " SELECT 'delete', id, text FROM tuv WHERE tu_id = ?1",
        "UPDATE lang_stat SET tuvs = tuvs - (SELECT count(*) FROM tuv"
        " WHERE tu_id = ?1 AND tuv.lang = lang_stat.lang)"
        " WHERE lang IN (SELECT lang FROM tuv WHERE tu_id = ?1)"};
    int rc;
    if ((rc = tm_fts_sync(tm, err)) < 0)
        return rc;
    for (size_t k = 0; k < sizeof sql / sizeof *sql; k++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(tm->db, sql[k], -1, &st, NULL) != SQLITE_OK)
            return tm_sqlfail(tm, err, "removing a TU");
        sqlite3_bind_int64(st, 1, id);
        if ((rc = run(tm, st, "removing a TU", err)) < 0)
            return rc;
    }
    return 0;
}

int bitext_tm_delete_tu(bitext_tm *tm, int64_t id, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = unindex(tm, id, err)) < 0)
        return rc;
    /* variants and props follow through ON DELETE CASCADE */
    if (sqlite3_prepare_v2(tm->db, "DELETE FROM tu WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "removing a TU");
    sqlite3_bind_int64(st, 1, id);
    return run(tm, st, "removing a TU", err);
}

int bitext_tm_mark_reviewed(bitext_tm *tm, int64_t id, int64_t when, int64_t src_doc,
                            int64_t tgt_doc, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tm->db,
                           "UPDATE tu SET origin = '" BITEXT_TM_ORIGIN_REVIEWED "', changed = ?2,"
                           " confidence = 1,"
                           " src_doc = CASE WHEN ?3 THEN ?3 ELSE src_doc END,"
                           " tgt_doc = CASE WHEN ?4 THEN ?4 ELSE tgt_doc END WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "marking a TU as reviewed");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, when);
    sqlite3_bind_int64(st, 3, src_doc);
    sqlite3_bind_int64(st, 4, tgt_doc);
    return run(tm, st, "marking a TU as reviewed", err);
}

int bitext_tm_set_document_reviewed(bitext_tm *tm, int64_t doc, int64_t when, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tm->db, "UPDATE document SET reviewed = ?2 WHERE id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "marking a document as reviewed");
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, when);
    return run(tm, st, "marking a document as reviewed", err);
}

int bitext_tm_document_reviewed(int64_t *out, bitext_tm *tm, int64_t doc, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = 0;
    if (sqlite3_prepare_v2(tm->db, "SELECT reviewed FROM document WHERE id = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "reading a document");
    sqlite3_bind_int64(st, 1, doc);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tm_sqlfail(tm, err, "reading a document");
}

int tm_superseded(bool *out, bitext_tm *tm, int64_t tu_id, const char *lang, int64_t hash,
                  bitext_error *err)
{
    sqlite3_stmt *st = tm_stmt(tm, ST_SUPERSEDED,
                               "SELECT 1 FROM tuv s JOIN tu r ON r.id = s.tu_id"
                               " WHERE s.norm_hash = ?1 AND s.lang = ?2 AND r.id <> ?3"
                               " AND r.origin = '" BITEXT_TM_ORIGIN_REVIEWED "'"
                               " AND EXISTS(SELECT 1 FROM tuv w JOIN tuv o ON o.lang = w.lang"
                               "  WHERE w.tu_id = r.id AND o.tu_id = ?3 AND w.lang <> ?2)"
                               " LIMIT 1", err);
    int rc;
    *out = false;
    if (!st)
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, hash);
    sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, tu_id);
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : tm_sqlfail(tm, err, "reading the TM");
}

int tm_has_reviewed(bool *out, bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(tm->db, "SELECT EXISTS(SELECT 1 FROM tu WHERE origin = '"
                           BITEXT_TM_ORIGIN_REVIEWED "')", -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "reading the TM");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : tm_sqlfail(tm, err, "reading the TM");
}
