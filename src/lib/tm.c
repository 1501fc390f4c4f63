/* tm.c - writing the TM: transactions, documents, TUs (with duplicate detection), stats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tm_int.h"

int bitext_tm_begin(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if (tm->in_tx)
        return bitext_fail(err, BITEXT_EINVAL, "a transaction is already open");
    /* IMMEDIATE takes the write lock now: a concurrent writer waits here (the busy handler),
     * never midway.  The file stays in WAL: the transaction's pages go to the log, readers
     * keep reading the last commit, and a crash leaves that commit intact. */
    if ((rc = tm_exec_wait(tm, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    tm->in_tx = 1;
    return 0;
}

/*
 * Indexes the variants added since the last sync.  One INSERT ... SELECT per index is ~1.6
 * times faster than a row-by-row insert into FTS5, and keeps the two indexes from
 * interleaving their flushes (measured on 40,000 variants).
 */
static int flush_langs(bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (!tm->nlang_add)
        return 0;
    if (sqlite3_prepare_v2(tm->db, "INSERT INTO lang_stat VALUES(?1, ?2) ON CONFLICT(lang)"
                           " DO UPDATE SET tuvs = tuvs + excluded.tuvs", -1, &st, NULL))
        return tm_sqlfail(tm, err, "counting languages");
    for (size_t k = 0; k < tm->nlang_add && rc == 0; k++) {
        sqlite3_bind_text(st, 1, tm->lang_add[k].lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, tm->lang_add[k].n);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = tm_sqlfail(tm, err, "counting languages");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    tm->nlang_add = 0;
    return rc;
}

static int count_lang(bitext_tm *tm, const char *lang, bitext_error *err)
{
    size_t k = 0;
    int rc;
    while (k < tm->nlang_add && strcmp(tm->lang_add[k].lang, lang))
        k++;
    if (k == tm->nlang_add) {
        if (k == sizeof tm->lang_add / sizeof *tm->lang_add) {
            if ((rc = flush_langs(tm, err)) < 0)
                return rc;
            k = 0;
        }
        snprintf(tm->lang_add[k].lang, sizeof tm->lang_add[k].lang, "%s", lang);
        tm->lang_add[k].n = 0;
        tm->nlang_add = k + 1;
    }
    tm->lang_add[k].n++;
    return 0;
}

int tm_fts_sync(bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    static const char *sql[] = {
        "INSERT INTO tuv_words(rowid, text) SELECT id, text FROM tuv WHERE id >= ?",
        "INSERT INTO tuv_chars(rowid, text) SELECT id, text FROM tuv WHERE id >= ?"};
    int rc = flush_langs(tm, err);
    for (int k = 0; k < 2 && tm->fts_from && rc == 0; k++) {
        if (sqlite3_prepare_v2(tm->db, sql[k], -1, &st, NULL) != SQLITE_OK)
            return tm_sqlfail(tm, err, "indexing");
        sqlite3_bind_int64(st, 1, tm->fts_from);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = tm_sqlfail(tm, err, "indexing");
        sqlite3_finalize(st);
    }
    if (rc == 0)
        tm->fts_from = 0;
    return rc;
}

int bitext_tm_commit(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if (!tm->in_tx)
        return bitext_fail(err, BITEXT_EINVAL, "no transaction to commit");
    if ((rc = tm_fts_sync(tm, err)) < 0 || (rc = tm_exec(tm, "COMMIT", err)) < 0) {
        bitext_tm_rollback(tm);
        return rc;
    }
    tm->in_tx = 0;
    return 0;
}

void bitext_tm_rollback(bitext_tm *tm)
{
    if (!tm || !tm->in_tx)
        return;
    sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
    tm->in_tx = 0;
    tm->fts_from = 0;
    tm->nlang_add = 0;
}

static void bind_text(sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, col);
}

static int step_done(bitext_tm *tm, sqlite3_stmt *st, bitext_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return tm_sqlfail(tm, err, what);
    return 0;
}

int bitext_tm_add_document(int64_t *out, bitext_tm *tm, const bitext_tm_document *doc,
                           bitext_error *err)
{
    sqlite3_stmt *st;
    int rc;
    if (!(st = tm_stmt(tm, ST_DOC_FIND,
                       "SELECT id FROM document WHERE name=?1 AND lang=?2"
                       " AND ifnull(sha256,'')=ifnull(?3,'')", err)))
        return BITEXT_ESQLITE;
    bind_text(st, 1, doc->name);
    bind_text(st, 2, doc->lang);
    bind_text(st, 3, doc->sha256);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return tm_sqlfail(tm, err, "finding a document");
    if (!(st = tm_stmt(tm, ST_DOC_INSERT,
                       "INSERT INTO document(name, lang, sha256, title, edition, added)"
                       " VALUES(?,?,?,?,?,?)", err)))
        return BITEXT_ESQLITE;
    bind_text(st, 1, doc->name);
    bind_text(st, 2, doc->lang);
    bind_text(st, 3, doc->sha256);
    bind_text(st, 4, doc->title);
    bind_text(st, 5, doc->edition);
    sqlite3_bind_int64(st, 6, bitext_now());
    if ((rc = step_done(tm, st, err, "adding a document")) < 0)
        return rc;
    *out = sqlite3_last_insert_rowid(tm->db);
    return 0;
}

/* ---- duplicates ------------------------------------------------------------------------ */

typedef struct {
    const char *lang;
    int64_t hash;
    uint64_t codes;     /* hash of the encoded inline codes, 0 without: formatting differs */
} variant_key;

/* The hash a variant's stored codes column gets (0 for none), for duplicate checks. */
static uint64_t codes_hash(const char *encoded, size_t len)
{
    return encoded && len ? bitext_hash64(encoded, len) : 0;
}

static int cmp_key(const void *a, const void *b)
{
    const variant_key *x = a, *y = b;
    int c = strcmp(x->lang, y->lang);
    return c ? c : (x->hash > y->hash) - (x->hash < y->hash);
}

/* Does TU `id` hold exactly the variants in keys (sorted)? */
static int same_variants(bool *out, bitext_tm *tm, int64_t id, const variant_key *keys,
                         size_t n, bitext_error *err)
{
    sqlite3_stmt *st = tm_stmt(tm, ST_DUP_VARIANTS,
                               "SELECT lang, norm_hash, codes FROM tuv WHERE tu_id=?"
                               " ORDER BY lang, norm_hash", err);
    size_t k = 0;
    int rc;
    *out = true;
    if (!st)
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        const char *codes = (const char *)sqlite3_column_text(st, 2);
        if (k >= n || strcmp(lang, keys[k].lang) || sqlite3_column_int64(st, 1) != keys[k].hash ||
            codes_hash(codes, (size_t)sqlite3_column_bytes(st, 2)) != keys[k].codes)
            *out = false;
        k++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return tm_sqlfail(tm, err, "checking for duplicates");
    if (k != n)
        *out = false;
    return 0;
}

/* The id of a stored TU with the same languages and normalised texts, or 0. */
static int find_duplicate(int64_t *out, bitext_tm *tm, variant_key *keys, size_t n,
                          bitext_error *err)
{
    sqlite3_stmt *st;
    int64_t *cand = NULL;
    size_t ncand = 0, cap = 0;
    int rc;
    *out = 0;
    /* every TU with this first variant: a common source ("Yes.") may have hundreds */
    if (!(st = tm_stmt(tm, ST_DUP_FIND, "SELECT tu_id FROM tuv WHERE norm_hash=? AND lang=?",
                       err)))
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, keys[0].hash);
    sqlite3_bind_text(st, 2, keys[0].lang, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (bitext_grow((void **)&cand, &cap, ncand + 1, sizeof *cand) < 0) {
            sqlite3_reset(st);
            free(cand);
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        }
        cand[ncand++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(cand);
        return tm_sqlfail(tm, err, "checking for duplicates");
    }
    qsort(keys, n, sizeof *keys, cmp_key);
    for (size_t c = 0; c < ncand; c++) {
        bool same;
        if ((rc = same_variants(&same, tm, cand[c], keys, n, err)) < 0 || same) {
            *out = rc < 0 ? 0 : cand[c];
            break;
        }
    }
    free(cand);
    return rc < 0 ? rc : 0;
}

/* ---- inserting ------------------------------------------------------------------------- */

static int insert_props(bitext_tm *tm, int64_t tu_id, int64_t tuv_id, const bitext_prop *p,
                        size_t n, bitext_error *err)
{
    for (size_t k = 0; k < n; k++) {
        sqlite3_stmt *st = tm_stmt(tm, ST_PROP_INSERT,
                                   "INSERT INTO prop(tu_id, tuv_id, type, value, lang)"
                                   " VALUES(?,?,?,?,?)", err);
        int rc;
        if (!st)
            return BITEXT_ESQLITE;
        sqlite3_bind_int64(st, 1, tu_id);
        if (tuv_id)
            sqlite3_bind_int64(st, 2, tuv_id);
        bind_text(st, 3, p[k].type);
        bind_text(st, 4, p[k].value);
        bind_text(st, 5, p[k].lang);
        if ((rc = step_done(tm, st, err, "storing a prop")) < 0)
            return rc;
    }
    return 0;
}

static size_t count_props(const bitext_tu *tu)
{
    size_t n = tu->nprops;
    for (size_t k = 0; k < tu->ntuvs; k++)
        n += tu->tuvs[k].nprops;
    return n;
}

static int insert_tu_row(int64_t *out, bitext_tm *tm, const bitext_tu *tu, int64_t src_doc,
                         int64_t tgt_doc, bitext_error *err)
{
    sqlite3_stmt *st = tm_stmt(tm, ST_TU_INSERT,
                               "INSERT INTO tu(tuid, srclang, origin, confidence, segtype,"
                               " created, changed, creator, src_doc, tgt_doc, nprops)"
                               " VALUES(?,?,?,?,?,?,?,?,?,?,?)", err);
    int rc;
    if (!st)
        return BITEXT_ESQLITE;
    bind_text(st, 1, tu->tuid);
    bind_text(st, 2, tu->srclang);
    bind_text(st, 3, tu->origin);
    if (tu->confidence >= 0)
        sqlite3_bind_double(st, 4, tu->confidence);
    bind_text(st, 5, tu->segtype);
    /* The TM records when a TU arrived when its source did not say. */
    sqlite3_bind_int64(st, 6, tu->created ? tu->created : bitext_now());
    sqlite3_bind_int64(st, 7, tu->changed);
    bind_text(st, 8, tu->creator);
    if (src_doc)
        sqlite3_bind_int64(st, 9, src_doc);
    if (tgt_doc)
        sqlite3_bind_int64(st, 10, tgt_doc);
    sqlite3_bind_int64(st, 11, (int64_t)count_props(tu));
    if ((rc = step_done(tm, st, err, "storing a TU")) < 0)
        return rc;
    *out = sqlite3_last_insert_rowid(tm->db);
    return 0;
}

static int bind_hash(sqlite3_stmt *st, int col, const char *text, bitext_error *err)
{
    int64_t h;
    int rc;
    if (!text) {
        sqlite3_bind_null(st, col);
        return 0;
    }
    if ((rc = tm_norm_hash(&h, text, err)) < 0)
        return rc;
    sqlite3_bind_int64(st, col, h);
    return 0;
}

/* The variant's row and its props; the full-text entries follow at commit (tm_fts_sync). */
static int insert_tuv(bitext_tm *tm, int64_t tu_id, const bitext_tuv *v, int64_t hash,
                      bitext_buf *codes, bitext_error *err)
{
    sqlite3_stmt *st = tm_stmt(tm, ST_TUV_INSERT,
                               "INSERT INTO tuv(tu_id, lang, text, codes, norm_hash, nwords,"
                               " prev, next, prev_hash, next_hash, created, changed, creator)"
                               " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    int64_t id;
    int rc;
    if (!st)
        return BITEXT_ESQLITE;
    codes->len = 0;
    if (v->ncodes && tm_codes_encode(codes, v->codes, v->ncodes) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    sqlite3_bind_int64(st, 1, tu_id);
    bind_text(st, 2, v->lang);
    bind_text(st, 3, v->text);
    bind_text(st, 4, v->ncodes ? codes->data : NULL);
    sqlite3_bind_int64(st, 5, hash);
    sqlite3_bind_int64(st, 6, (int64_t)tm_word_count(v->text));
    bind_text(st, 7, v->prev);
    bind_text(st, 8, v->next);
    if ((rc = bind_hash(st, 9, v->prev, err)) < 0 || (rc = bind_hash(st, 10, v->next, err)) < 0)
        return rc;
    sqlite3_bind_int64(st, 11, v->created);
    sqlite3_bind_int64(st, 12, v->changed);
    bind_text(st, 13, v->creator);
    if ((rc = step_done(tm, st, err, "storing a variant")) < 0)
        return rc;
    id = sqlite3_last_insert_rowid(tm->db);
    if (!tm->fts_from)
        tm->fts_from = id; /* indexed in bulk before the commit: tm_fts_sync */
    if ((rc = count_lang(tm, v->lang ? v->lang : "", err)) < 0)
        return rc;
    return insert_props(tm, tu_id, id, v->props, v->nprops, err);
}

static int insert_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu, const variant_key *keys,
                     int64_t src_doc, int64_t tgt_doc, bitext_error *err)
{
    bitext_buf codes = {0};
    int64_t id = 0;
    int rc;
    if ((rc = insert_tu_row(&id, tm, tu, src_doc, tgt_doc, err)) < 0)
        goto done;
    for (size_t k = 0; k < tu->ntuvs; k++)
        if ((rc = insert_tuv(tm, id, &tu->tuvs[k], keys[k].hash, &codes, err)) < 0)
            goto done;
    rc = insert_props(tm, id, 0, tu->props, tu->nprops, err);
    *out = id;
done:
    bitext_buf_free(&codes);
    return rc;
}

/* The duplicate keys of tu's variants (languages, normalised-text hashes, codes) into a new
 * array *out; a copy sorted for find_duplicate into *sorted when not NULL. */
static int variant_keys(variant_key **out, variant_key **sorted, const bitext_tu *tu,
                        bitext_error *err)
{
    variant_key *keys = calloc(tu->ntuvs, sizeof *keys);
    int rc = 0;
    *out = NULL;
    if (!keys || (sorted && !(*sorted = calloc(tu->ntuvs, sizeof *keys)))) {
        free(keys);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < tu->ntuvs && rc == 0; k++) {
        const bitext_tuv *v = &tu->tuvs[k];
        bitext_buf enc = {0};
        keys[k].lang = v->lang ? v->lang : "";
        if ((rc = tm_norm_hash(&keys[k].hash, v->text, err)) < 0)
            break;
        if (v->ncodes && tm_codes_encode(&enc, v->codes, v->ncodes) < 0)
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        keys[k].codes = codes_hash(enc.data, enc.len);
        bitext_buf_free(&enc);
    }
    if (rc == 0 && sorted)
        memcpy(*sorted, keys, tu->ntuvs * sizeof *keys);
    if (rc < 0) {
        free(keys);
        if (sorted) {
            free(*sorted);
            *sorted = NULL;
        }
        return rc;
    }
    *out = keys;
    return 0;
}

int bitext_tm_find_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu, bitext_error *err)
{
    variant_key *keys = NULL;
    int rc;
    *out = 0;
    if (tu->ntuvs == 0)
        return 0;
    if ((rc = variant_keys(&keys, NULL, tu, err)) < 0)
        return rc;
    rc = find_duplicate(out, tm, keys, tu->ntuvs, err);
    free(keys);
    return rc;
}

int bitext_tm_add_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu, int64_t src_doc,
                     int64_t tgt_doc, bitext_error *err)
{
    variant_key *keys = NULL, *sorted = NULL;
    int64_t dup = 0, id = 0;
    int rc = 0;
    if (out)
        *out = 0;
    if (tu->ntuvs == 0)
        return bitext_fail(err, BITEXT_EINVAL, "a TU needs at least one variant");
    if ((rc = variant_keys(&keys, &sorted, tu, err)) < 0 ||
        (rc = find_duplicate(&dup, tm, sorted, tu->ntuvs, err)) < 0 || dup)
        goto done;
    /*
     * No savepoint per TU: FTS5 flushes its pending terms at every savepoint, which made
     * bulk imports five times slower.  Inside the caller's transaction a failure means
     * rollback (tm.h); outside one the TU gets its own transaction.
     */
    if (!tm->in_tx) {
        if ((rc = bitext_tm_begin(tm, err)) < 0)
            goto done;
        if ((rc = insert_tu(&id, tm, tu, keys, src_doc, tgt_doc, err)) < 0)
            bitext_tm_rollback(tm);
        else
            rc = bitext_tm_commit(tm, err);
    } else {
        rc = insert_tu(&id, tm, tu, keys, src_doc, tgt_doc, err);
    }
    if (rc == 0 && out)
        *out = id;
done:
    free(keys);
    free(sorted);
    return rc;
}

/* ---- stats ----------------------------------------------------------------------------- */

static int count(int64_t *out, bitext_tm *tm, const char *sql, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(tm->db, sql, -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "counting");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : tm_sqlfail(tm, err, "counting");
}

static int count_langs(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(tm->db,
                           "SELECT lang, tuvs FROM lang_stat WHERE tuvs > 0"
                           " ORDER BY tuvs DESC, lang LIMIT 64", -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "counting languages");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        bitext_tm_lang_count *l = &out->langs[out->nlangs++];
        snprintf(l->lang, sizeof l->lang, "%s", (const char *)sqlite3_column_text(st, 0));
        l->tuvs = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : tm_sqlfail(tm, err, "counting languages");
}

int bitext_tm_stats_get(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err)
{
    int64_t version = 0;
    struct stat sb;
    int rc;
    memset(out, 0, sizeof *out);
    if ((tm->fts_from || tm->nlang_add) && (rc = tm_fts_sync(tm, err)) < 0)
        return rc; /* counts of this transaction's variants */
    if ((rc = count(&out->documents, tm, "SELECT count(*) FROM document", err)) < 0 ||
        (rc = count(&out->tus, tm, "SELECT count(*) FROM tu", err)) < 0 ||
        (rc = count(&out->tuvs, tm, "SELECT ifnull(sum(tuvs), 0) FROM lang_stat", err)) < 0 ||
        (rc = count(&version, tm, "PRAGMA user_version", err)) < 0 ||
        (rc = count(&out->langs_total, tm, "SELECT count(*) FROM lang_stat WHERE tuvs > 0",
                    err)) < 0 ||
        (rc = count_langs(out, tm, err)) < 0)
        return rc;
    out->schema_version = (int)version;
    out->file_size = stat(tm->path, &sb) == 0 ? (int64_t)sb.st_size : 0;
    return 0;
}
