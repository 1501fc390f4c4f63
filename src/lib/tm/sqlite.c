/*
 * sqlite.c - the TM in an SQLite file: every SQLite statement of the TM is in this file.
 *
 * The file is versioned (PRAGMA user_version, application_id BITEXT_TM_APPLICATION_ID),
 * migrated on open, always in WAL (readers never block the writer, the writer never blocks
 * readers, a crash leaves the last commit), one writer at a time (BEGIN IMMEDIATE and a busy
 * handler that waits up to the options' wait).  Fuzzy candidates come from an FTS5 word
 * index, concordance from an FTS5 trigram index; both are filled in bulk at commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tm_int.h"

/* Prepared statements, cached per handle: bulk import runs each one millions of times. */
enum {
    ST_DOC_FIND, ST_DOC_INSERT, ST_TU_INSERT, ST_TUV_INSERT, ST_PROP_INSERT, ST_DUP_FIND,
    ST_DUP_VARIANTS, ST_VARIANT, ST_TU_VARIANTS, ST_SUPERSEDED, ST_LANG, ST_COUNT
};

typedef struct {
    sqlite3 *db;
    int64_t fts_from;              /* first variant not yet in the full-text indexes, or 0 */
    sqlite3_stmt *st[ST_COUNT];
} sq_store;

static sq_store *S(bitext_tm *tm)
{
    return tm->store;
}

sqlite3 *tm_sqlite_db(bitext_tm *tm)
{
    return tm->ops && !strcmp(tm->ops->name, "SQLite") ? S(tm)->db : NULL;
}

/*
 * The schema, as migration steps: step N takes a file from user_version N-1 to N.  A new
 * version appends a step; a file is migrated one step per transaction on open, so an old
 * TM is upgraded in place and a failed step leaves it at the previous version.
 */
static const struct {
    int version;
    const char *sql;
} steps[] = {
    {1, /* documents, TUs, variants (text, codes, hashes for exact and context matches), props */
     "CREATE TABLE document(id INTEGER PRIMARY KEY, name TEXT NOT NULL, lang TEXT NOT NULL,"
     " sha256 TEXT, title TEXT, edition TEXT, uri TEXT, added INTEGER NOT NULL);"
     "CREATE UNIQUE INDEX document_key ON document(name, lang, ifnull(sha256, ''));"
     "CREATE TABLE tu(id INTEGER PRIMARY KEY, tuid TEXT, srclang TEXT, origin TEXT,"
     " confidence REAL, segtype TEXT, created INTEGER NOT NULL DEFAULT 0,"
     " changed INTEGER NOT NULL DEFAULT 0, creator TEXT,"
     " src_doc INTEGER REFERENCES document(id), tgt_doc INTEGER REFERENCES document(id),"
     " nprops INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE tuv(id INTEGER PRIMARY KEY,"
     " tu_id INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE, lang TEXT NOT NULL,"
     " text TEXT NOT NULL, codes TEXT, norm_hash INTEGER NOT NULL, nwords INTEGER NOT NULL,"
     " prev TEXT, next TEXT, prev_hash INTEGER, next_hash INTEGER,"
     " created INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0, creator TEXT);"
     "CREATE INDEX tuv_tu ON tuv(tu_id);"
     "CREATE INDEX tuv_hash ON tuv(norm_hash);"
     "CREATE TABLE prop(id INTEGER PRIMARY KEY,"
     " tu_id INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,"
     " tuv_id INTEGER REFERENCES tuv(id) ON DELETE CASCADE,"
     " type TEXT, value TEXT NOT NULL, lang TEXT);" /* type NULL = <note> */
     "CREATE INDEX prop_tu ON prop(tu_id);"},
    {2, /* full-text indexes: words for fuzzy candidates, trigrams for concordance */
     /* Contentless, no positions, no column sizes (no ranking here): lookups only need
      * "which rows hold this term", and each option left out makes bulk import faster. */
     "CREATE VIRTUAL TABLE tuv_words USING fts5(text, content='', detail=none, columnsize=0,"
     " tokenize='unicode61 remove_diacritics 2');"
     /* FTS5 buffers 1 MB of terms before writing a segment.  Bigger buffers mean fewer
      * segments to merge: on the 1,000,000-TU bench, 8 MB (words) and 16 MB (trigrams) gave
      * 56.5 s of import CPU against 68.7 s with 4 MB for both, although 4 MB was best on
      * 200,000 variants, where merging matters less (each token's hash lookup misses the
      * caches more often in a bigger buffer). */
     "INSERT INTO tuv_words(tuv_words, rank) VALUES('hashsize', 8388608);"
     "INSERT INTO tuv_words(rowid, text) SELECT id, text FROM tuv;"
     /* External content: LIKE '%phrase%' is answered from the trigram doclists and checked
      * against tuv.text, so no positions are stored (SQLite FTS5 docs, section 4.3.2). */
     "CREATE VIRTUAL TABLE tuv_chars USING fts5(text, content='tuv', content_rowid='id',"
     " detail=none, columnsize=0, tokenize='trigram');"
     "INSERT INTO tuv_chars(tuv_chars, rank) VALUES('hashsize', 16777216);"
     "INSERT INTO tuv_chars(tuv_chars) VALUES('rebuild');"
     /* Variants per language, kept up to date at each commit: stats (and export's header)
      * read it instead of grouping millions of rows. */
     "CREATE TABLE lang_stat(lang TEXT PRIMARY KEY, tuvs INTEGER NOT NULL) WITHOUT ROWID;"
     "INSERT INTO lang_stat SELECT lang, count(*) FROM tuv GROUP BY lang;"},
    {3, /* review: pairs a person corrected (origin 'reviewed') win over aligned ones */
     /* When the pairs of a document were last replaced by a review (0 = never): align
      * then keeps the reviewed pairs instead of storing its own again. */
     "ALTER TABLE document ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;"
     /* Export and lookup ask "does a reviewed pair hold this source?" for every unit they
      * read: a partial index keeps that cheap, and empty while nothing is reviewed. */
     "CREATE INDEX tu_reviewed ON tu(id) WHERE origin = 'reviewed';"
     /* A document's pairs (import of a review, report --doc) without a scan of all TUs. */
     "CREATE INDEX tu_src_doc ON tu(src_doc);"
     "CREATE INDEX tu_tgt_doc ON tu(tgt_doc);"},
    {4, /* PostgreSQL's concordance moved to a vocabulary of the index terms (pg.c); a file's
         * trigram index answers concordance as it did: nothing changes here but the number,
         * which both stores share */
     ""},
};

/* The oldest version a reader uses as it is: the steps after it changed nothing in a file. */
enum { READABLE_FROM = 3 };

/* True when path-wal holds frames: commits not yet copied into the file, or a crashed write. */
static bool wal_pending(const char *path)
{
    char wal[4200];
    struct stat st;
    snprintf(wal, sizeof wal, "%s-wal", path);
    return stat(wal, &st) == 0 && st.st_size > 32;   /* more than the WAL header */
}

/*
 * SQLite's busy handler: another connection holds a lock this one needs (a writer's
 * transaction, a checkpoint).  Waits as tm_wait_step says; giving up is SQLITE_BUSY,
 * reported as BITEXT_EBUSY.
 */
static int busy_wait(void *ctx, int count)
{
    bitext_tm *tm = ctx;
    if (count == 0)
        tm_wait_start(tm);
    return tm_wait_step(tm);
}

static int sqfail(bitext_tm *tm, bitext_error *err, const char *what)
{
    int code = sqlite3_errcode(S(tm)->db);
    const char *msg = sqlite3_errmsg(S(tm)->db);
    if (code == SQLITE_READONLY || code == SQLITE_PERM)
        return bitext_fail_at(err, BITEXT_EREADONLY, tm->path, 0, 0, -1,
                              "the TM is read-only (%s: %s)", what, msg);
    if (code == SQLITE_CANTOPEN && wal_pending(tm->path))
        return bitext_fail_at(err, BITEXT_EREADONLY, tm->path, 0, 0, -1,
                              "the TM's write-ahead log (%s-wal) cannot be read here: its index "
                              "(-shm) is missing and cannot be made in this directory; open "
                              "the TM once where it can be written", tm->path);
    if (code == SQLITE_NOTADB)
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "not a bitext translation memory (%s)", msg);
    if (code == SQLITE_FULL)
        return bitext_fail_at(err, BITEXT_EIO, tm->path, 0, 0, -1, "%s: disk full", what);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return tm_busy(err, tm, "another command is writing to it", what);
    return bitext_fail_at(err, BITEXT_ESQLITE, tm->path, 0, 0, -1, "%s: %s", what, msg);
}

static sqlite3_stmt *stmt(bitext_tm *tm, int id, const char *sql, bitext_error *err)
{
    if (!S(tm)->st[id]) {
        if (sqlite3_prepare_v3(S(tm)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &S(tm)->st[id],
                               NULL)) {
            sqfail(tm, err, "preparing a query");
            return NULL;
        }
    } else {
        sqlite3_reset(S(tm)->st[id]);
        sqlite3_clear_bindings(S(tm)->st[id]);
    }
    return S(tm)->st[id];
}

static int step_done(bitext_tm *tm, sqlite3_stmt *st, bitext_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sqfail(tm, err, what);
    return 0;
}

static int exec_sql(bitext_tm *tm, const char *sql, bitext_error *err)
{
    if (sqlite3_exec(S(tm)->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return sqfail(tm, err, "SQL");
    return 0;
}

/*
 * SQLite answers some lock requests with SQLITE_BUSY at once, without its busy handler: a
 * journal-mode change on a file another process is creating, or a lock it could only wait
 * for in a deadlock.  Statements that take their lock before they change anything (BEGIN
 * IMMEDIATE, the connection's PRAGMAs) are simply tried again, within the same wait.
 */
static int exec_wait(bitext_tm *tm, const char *sql, bitext_error *err)
{
    int rc;
    tm->wait_since_ms = 0;
    while ((rc = sqlite3_exec(S(tm)->db, sql, NULL, NULL, NULL)) == SQLITE_BUSY ||
           rc == SQLITE_LOCKED) {
        if (tm->wait_since_ms == 0)
            tm_wait_start(tm); /* the busy handler did not: its wait goes on otherwise */
        if (!tm_wait_step(tm))
            break;
    }
    return rc == SQLITE_OK ? 0 : sqfail(tm, err, "waiting for the TM");
}

static int pragma_int(bitext_tm *tm, const char *sql, int *out, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "reading the TM header");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sqfail(tm, err, "reading the TM header");
    return 0;
}

int tm_sqlite_migrate(bitext_tm *tm, int version, bitext_error *err)
{
    int have = 0, rc = 0;
    char sql[96];
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (steps[i].version > version)
            continue;
        snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 BITEXT_TM_APPLICATION_ID, steps[i].version);
        if ((rc = exec_wait(tm, "BEGIN IMMEDIATE", err)) < 0)
            return rc;
        /* read under the write lock: another process may have created or migrated the file
         * while this one waited for the lock */
        if ((rc = pragma_int(tm, "PRAGMA user_version", &have, err)) < 0 ||
            steps[i].version <= have) {
            sqlite3_exec(S(tm)->db, "ROLLBACK", NULL, NULL, NULL);
            if (rc < 0)
                return rc;
            continue;
        }
        if ((rc = exec_sql(tm, steps[i].sql, err)) < 0 || (rc = exec_sql(tm, sql, err)) < 0 ||
            (rc = exec_sql(tm, "COMMIT", err)) < 0) {
            sqlite3_exec(S(tm)->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return 0;
}

/* Honour the permission bits even for root: a TM someone made read-only stays untouched. */
static bool writable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && (st.st_mode & 0222) && access(path, W_OK) == 0;
}

static void dir_of(char *out, size_t size, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == path)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Checks what the file system allows before SQLite sees the file. */
static int check_path(bool *immutable, const char *path, unsigned int flags, bitext_error *err)
{
    char dir[4096];
    struct stat st;
    bool ro = flags & BITEXT_TM_READONLY;
    dir_of(dir, sizeof dir, path);
    *immutable = false;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return bitext_fail_at(err, BITEXT_EIO, path, 0, 0, -1, "%s", strerror(errno));
        if (ro || (flags & BITEXT_TM_NOCREATE))
            return bitext_fail_at(err, BITEXT_ENOTFOUND, path, 0, 0, -1,
                                  "no such translation memory (align or import creates one)");
        if (!writable(dir))
            return bitext_fail_at(err, BITEXT_EREADONLY, path, 0, 0, -1,
                                  "cannot create the TM: directory %s is read-only", dir);
        /* deferred: a TM that could be created, not yet */
        return flags & BITEXT_TM_DEFER ? bitext_fail(err, BITEXT_ENOTFOUND, "no TM yet") : 0;
    }
    if (S_ISDIR(st.st_mode))
        return bitext_fail_at(err, BITEXT_EFORMAT, path, 0, 0, -1,
                              "is a directory, not a bitext translation memory");
    if (ro) {
        /* Where no -shm can be made next to it, SQLite reads a WAL file with a private
         * index; only without a WAL file is the database file alone the whole TM. */
        *immutable = (!writable(path) || !writable(dir)) && !wal_pending(path);
        return 0;
    }
    if (!writable(path))
        return bitext_fail_at(err, BITEXT_EREADONLY, path, 0, 0, -1,
                              "the TM is read-only (file permissions); make it writable or "
                              "use another --tm");
    if (!writable(dir))
        return bitext_fail_at(err, BITEXT_EREADONLY, path, 0, 0, -1,
                              "the TM is read-only: its directory %s cannot be written", dir);
    return 0;
}

/* "file:" URI of path with immutable=1 (RFC 3986 percent-encoding of what URIs reserve). */
static char *immutable_uri(const char *path)
{
    bitext_buf b = {0};
    bitext_buf_puts(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            bitext_buf_printf(&b, "%%%02X", *p);
        else
            bitext_buf_putc(&b, (char)*p);
    }
    bitext_buf_puts(&b, "?immutable=1");
    return bitext_buf_detach(&b);
}

/* The header fields and the table count, read in one statement: one snapshot, so a file that
 * another process is creating is seen before or after its schema step, never halfway. */
static int read_header(bitext_tm *tm, int *app, int *version, int *tables)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(S(tm)->db,
                                "SELECT (SELECT application_id FROM pragma_application_id),"
                                " (SELECT user_version FROM pragma_user_version),"
                                " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *app = sqlite3_column_int(st, 0);
        *version = sqlite3_column_int(st, 1);
        *tables = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : sqfail(tm, NULL, "reading the TM header");
}

/* Is this a bitext TM, an empty database we may initialise, or something else?  *migrate
 * when the TM is to be migrated (tm_schema_check), or made (version 0). */
static int recognise(bitext_tm *tm, int *version, bool *migrate, bitext_error *err)
{
    int app = 0, tables = 0, rc;
    if ((rc = read_header(tm, &app, version, &tables)) < 0) {
        if (rc != BITEXT_ESQLITE || sqlite3_errcode(S(tm)->db) == SQLITE_CANTOPEN)
            return sqfail(tm, err, "reading the TM header");
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "not a bitext translation memory (%s)", sqlite3_errmsg(S(tm)->db));
    }
    *migrate = true;
    if (app == 0 && *version == 0 && tables == 0)
        return 0;
    if (app != BITEXT_TM_APPLICATION_ID)
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "not a bitext translation memory (an SQLite database of "
                              "another program)");
    if ((rc = tm_schema_check(tm, *version, READABLE_FROM, err)) < 0)
        return rc;
    *migrate = rc == 1;
    return 0;
}

/* Connection settings: WAL (readers never block the writer), foreign keys, a bounded cache. */
static int configure(bitext_tm *tm, bitext_error *err)
{
    /* Readers map the file: no page-cache churn (a malloc per page read, measured as 14% of
     * an export) and no copy per read. */
    if (tm->flags & BITEXT_TM_READONLY)
        return exec_sql(tm, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384;"
                           " PRAGMA mmap_size=4294967296", err);
    return exec_wait(tm, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        " PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;"
                        " PRAGMA temp_store=MEMORY", err);
}

static int open_db(bitext_tm *tm, bool immutable, bitext_error *err)
{
    int oflags = (tm->flags & BITEXT_TM_READONLY)
                     ? SQLITE_OPEN_READONLY
                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    char *uri = immutable ? immutable_uri(tm->path) : NULL;
    int rc;
    if (immutable && !uri)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    rc = sqlite3_open_v2(uri ? uri : tm->path, &S(tm)->db,
                         oflags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        if (!S(tm)->db)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        return sqfail(tm, err, "opening the TM");
    }
    sqlite3_extended_result_codes(S(tm)->db, 0);
    sqlite3_busy_handler(S(tm)->db, busy_wait, tm);
    return 0;
}

static const tm_store_ops sqlite_ops;

/* Opens (or makes, as the flags allow) the file; also the create of a deferred open. */
static int sq_open_file(bitext_tm *tm, bitext_error *err)
{
    bool immutable = false, migrate = false;
    int rc, version = 0;
    if ((rc = check_path(&immutable, tm->path, tm->flags, err)) < 0 ||
        (rc = open_db(tm, immutable, err)) < 0 ||
        (rc = recognise(tm, &version, &migrate, err)) < 0 || (rc = configure(tm, err)) < 0)
        return rc;
    if (!migrate)
        return 0;
    if (tm->flags & BITEXT_TM_READONLY) /* tm_schema_check said so for a version above 0 */
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "empty file, not a bitext translation memory");
    return tm_sqlite_migrate(tm, BITEXT_TM_SCHEMA_VERSION, err);
}

int tm_sqlite_open(bitext_tm *tm, bitext_error *err)
{
    if (!(tm->store = calloc(1, sizeof(sq_store))))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    tm->ops = &sqlite_ops;
    return sq_open_file(tm, err);
}

static void sq_close(bitext_tm *tm)
{
    if (!S(tm))
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(S(tm)->st[i]);
    sqlite3_close(S(tm)->db);
    free(S(tm));
    tm->store = NULL;
}

int tm_sqlite_create(const char *path, int version, bitext_error *err)
{
    bitext_tm tm = {0};
    sq_store st = {0};
    int rc;
    tm.store = &st;
    tm.path = (char *)path;
    if (sqlite3_open(path, &st.db) != SQLITE_OK)
        rc = sqfail(&tm, err, "creating a TM");
    else
        rc = tm_sqlite_migrate(&tm, version, err);
    sqlite3_close(st.db);
    return rc;
}

/* ---- transactions ---------------------------------------------------------------------- */

static int sq_begin(bitext_tm *tm, bitext_error *err)
{
    /* IMMEDIATE takes the write lock now: a concurrent writer waits here (the busy handler),
     * never midway.  The file stays in WAL: the transaction's pages go to the log, readers
     * keep reading the last commit, and a crash leaves that commit intact. */
    return exec_wait(tm, "BEGIN IMMEDIATE", err);
}

/* One language's count of this transaction into lang_stat (tm_langs_each). */
static int add_lang(bitext_tm *tm, const char *lang, int64_t n, bitext_error *err)
{
    sqlite3_stmt *st = stmt(tm, ST_LANG, "INSERT INTO lang_stat VALUES(?1, ?2) ON CONFLICT(lang)"
                            " DO UPDATE SET tuvs = tuvs + excluded.tuvs", err);
    if (!st)
        return BITEXT_ESQLITE;
    sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, n);
    return step_done(tm, st, err, "counting languages");
}

/*
 * The counts per language, and the variants added since the last sync into the full-text
 * indexes.  One INSERT ... SELECT per index is ~1.6 times faster than a row-by-row insert
 * into FTS5, and keeps the two indexes from interleaving their flushes (measured on 40,000
 * variants).
 */
static int sq_sync(bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    static const char *sql[] = {
        "INSERT INTO tuv_words(rowid, text) SELECT id, text FROM tuv WHERE id >= ?",
        "INSERT INTO tuv_chars(rowid, text) SELECT id, text FROM tuv WHERE id >= ?"};
    int rc = tm_langs_each(tm, add_lang, err);
    if (rc == 0)
        tm_langs_clear(tm);
    for (int k = 0; k < 2 && S(tm)->fts_from && rc == 0; k++) {
        if (sqlite3_prepare_v2(S(tm)->db, sql[k], -1, &st, NULL) != SQLITE_OK)
            return sqfail(tm, err, "indexing");
        sqlite3_bind_int64(st, 1, S(tm)->fts_from);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = sqfail(tm, err, "indexing");
        sqlite3_finalize(st);
    }
    if (rc == 0)
        S(tm)->fts_from = 0;
    return rc;
}

static int sq_commit(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if ((rc = sq_sync(tm, err)) < 0)
        return rc;
    return exec_sql(tm, "COMMIT", err);
}

static void sq_rollback(bitext_tm *tm)
{
    sqlite3_exec(S(tm)->db, "ROLLBACK", NULL, NULL, NULL);
    S(tm)->fts_from = 0;
}

/* ---- writing --------------------------------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, col);
}

static int sq_add_document(int64_t *out, bitext_tm *tm, const bitext_tm_document *doc,
                           bitext_error *err)
{
    sqlite3_stmt *st;
    int rc;
    if (!(st = stmt(tm, ST_DOC_FIND,
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
        return sqfail(tm, err, "finding a document");
    if (!(st = stmt(tm, ST_DOC_INSERT,
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
    *out = sqlite3_last_insert_rowid(S(tm)->db);
    return 0;
}

/* Does TU `id` hold exactly the variants in keys (sorted)? */
static int same_variants(bool *out, bitext_tm *tm, int64_t id, const tm_variant_key *keys,
                         size_t n, bitext_error *err)
{
    sqlite3_stmt *st = stmt(tm, ST_DUP_VARIANTS,
                            "SELECT lang, norm_hash, codes FROM tuv WHERE tu_id=?", err);
    tm_variant_key *have = NULL;
    char **langs = NULL;
    size_t k = 0, cap = 0;
    int rc;
    *out = false;
    if (!st)
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k <= n) {
        const char *codes = (const char *)sqlite3_column_text(st, 2);
        if (bitext_grow((void **)&have, &cap, k + 1, sizeof *have) < 0 ||
            !(langs = realloc(langs, cap * sizeof *langs)) ||
            !(langs[k] = bitext_strdup((const char *)sqlite3_column_text(st, 0)))) {
            rc = SQLITE_NOMEM;
            break;
        }
        have[k] = (tm_variant_key){langs[k], sqlite3_column_int64(st, 1),
                                   tm_codes_hash(codes, (size_t)sqlite3_column_bytes(st, 2))};
        k++;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        qsort(have, k, sizeof *have, tm_key_cmp);
        *out = k == n;
        for (size_t j = 0; j < k && *out; j++)
            *out = tm_key_cmp(&have[j], &keys[j]) == 0;
    }
    for (size_t j = 0; langs && j < k; j++)
        free(langs[j]);
    free(langs);
    free(have);
    if (rc == SQLITE_NOMEM)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sqfail(tm, err, "checking for duplicates");
}

/* The id of a stored TU with the same languages, normalised texts and codes, or 0. */
static int sq_find_tu(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err)
{
    sqlite3_stmt *st;
    int64_t *cand = NULL;
    size_t ncand = 0, cap = 0, n = t->tu->ntuvs;
    int rc;
    *out = 0;
    /* every TU with this variant: a common source ("Yes.") may have hundreds */
    if (!(st = stmt(tm, ST_DUP_FIND, "SELECT tu_id FROM tuv WHERE norm_hash=? AND lang=?", err)))
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, t->sorted[0].hash);
    sqlite3_bind_text(st, 2, t->sorted[0].lang, -1, SQLITE_STATIC);
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
        return sqfail(tm, err, "checking for duplicates");
    }
    rc = 0;
    for (size_t c = 0; c < ncand; c++) {
        bool same;
        if ((rc = same_variants(&same, tm, cand[c], t->sorted, n, err)) < 0 || same) {
            *out = rc < 0 ? 0 : cand[c];
            break;
        }
    }
    free(cand);
    return rc < 0 ? rc : 0;
}

static int insert_props(bitext_tm *tm, int64_t tu_id, int64_t tuv_id, const bitext_prop *p,
                        size_t n, bitext_error *err)
{
    for (size_t k = 0; k < n; k++) {
        sqlite3_stmt *st = stmt(tm, ST_PROP_INSERT,
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

static int insert_tu_row(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err)
{
    const bitext_tu *tu = t->tu;
    sqlite3_stmt *st = stmt(tm, ST_TU_INSERT,
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
    if (t->src_doc)
        sqlite3_bind_int64(st, 9, t->src_doc);
    if (t->tgt_doc)
        sqlite3_bind_int64(st, 10, t->tgt_doc);
    sqlite3_bind_int64(st, 11, (int64_t)t->nprops);
    if ((rc = step_done(tm, st, err, "storing a TU")) < 0)
        return rc;
    *out = sqlite3_last_insert_rowid(S(tm)->db);
    return 0;
}

static void bind_hash(sqlite3_stmt *st, int col, const char *text, int64_t hash)
{
    if (text)
        sqlite3_bind_int64(st, col, hash);
    else
        sqlite3_bind_null(st, col);
}

/* The variant's row and its props; the full-text entries follow at commit (sq_sync). */
static int insert_tuv(bitext_tm *tm, int64_t tu_id, const tm_new_tu *t, size_t k,
                      bitext_error *err)
{
    const bitext_tuv *v = &t->tu->tuvs[k];
    sqlite3_stmt *st = stmt(tm, ST_TUV_INSERT,
                            "INSERT INTO tuv(tu_id, lang, text, codes, norm_hash, nwords,"
                            " prev, next, prev_hash, next_hash, created, changed, creator)"
                            " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    int64_t id;
    int rc;
    if (!st)
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, tu_id);
    bind_text(st, 2, v->lang);
    bind_text(st, 3, v->text);
    bind_text(st, 4, t->codes[k]);
    sqlite3_bind_int64(st, 5, t->keys[k].hash);
    sqlite3_bind_int64(st, 6, t->nwords[k]);
    bind_text(st, 7, v->prev);
    bind_text(st, 8, v->next);
    bind_hash(st, 9, v->prev, t->prev_hash[k]);
    bind_hash(st, 10, v->next, t->next_hash[k]);
    sqlite3_bind_int64(st, 11, v->created);
    sqlite3_bind_int64(st, 12, v->changed);
    bind_text(st, 13, v->creator);
    if ((rc = step_done(tm, st, err, "storing a variant")) < 0)
        return rc;
    id = sqlite3_last_insert_rowid(S(tm)->db);
    if (!S(tm)->fts_from)
        S(tm)->fts_from = id; /* indexed in bulk before the commit: sq_sync */
    return insert_props(tm, tu_id, id, v->props, v->nprops, err);
}

/*
 * No savepoint per TU: FTS5 flushes its pending terms at every savepoint, which made bulk
 * imports five times slower.  A failure means the caller rolls back (tm.h).
 */
static int sq_insert_tu(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err)
{
    int64_t id = 0;
    int rc;
    if ((rc = insert_tu_row(&id, tm, t, err)) < 0)
        return rc;
    for (size_t k = 0; k < t->tu->ntuvs; k++)
        if ((rc = insert_tuv(tm, id, t, k, err)) < 0)
            return rc;
    if ((rc = insert_props(tm, id, 0, t->tu->props, t->tu->nprops, err)) < 0)
        return rc;
    *out = id;
    return 0;
}

/* ---- stats ----------------------------------------------------------------------------- */

static int count(int64_t *out, bitext_tm *tm, const char *sql, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "counting");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : sqfail(tm, err, "counting");
}

static int count_langs(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db,
                           "SELECT lang, tuvs FROM lang_stat WHERE tuvs > 0"
                           " ORDER BY tuvs DESC, lang LIMIT 64", -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "counting languages");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        bitext_tm_lang_count *l = &out->langs[out->nlangs++];
        snprintf(l->lang, sizeof l->lang, "%s", (const char *)sqlite3_column_text(st, 0));
        l->tuvs = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sqfail(tm, err, "counting languages");
}

static int sq_stats(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err)
{
    int64_t version = 0;
    struct stat sb;
    int rc;
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

/* ---- export ---------------------------------------------------------------------------- */

struct tm_rows {
    bitext_tm *tm;
    sqlite3_stmt *rows;            /* tu JOIN tuv, ordered by tuv.id (= TU order, see below) */
    sqlite3_stmt *props;
    tm_export_row row;
};

/* Columns of the row query. */
enum {
    C_TU, C_TUID, C_SRCLANG, C_ORIGIN, C_CONF, C_SEGTYPE, C_CREATED, C_CHANGED, C_CREATOR,
    C_NPROPS, C_V_ID, C_V_LANG, C_V_TEXT, C_V_CODES, C_V_PREV, C_V_NEXT, C_V_CREATED,
    C_V_CHANGED, C_V_CREATOR, C_V_HASH, C_SRC_DOC, C_TGT_DOC
};

/*
 * The query scans tuv in rowid order and joins tu by primary key: sequential reads on both
 * tables.  That yields each TU's variants together and TUs in id order because a TU and all
 * its variants are written at once and nothing adds a variant to a stored TU later.
 */
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

static void sq_rows_close(tm_rows *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->rows);
    sqlite3_finalize(r->props);
    free(r);
}

static int sq_rows_open(tm_rows **out, bitext_tm *tm, const bitext_tm_filter *filter,
                        bitext_error *err)
{
    tm_rows *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    r->tm = tm;
    if (sqlite3_prepare_v2(S(tm)->db, rows_sql, -1, &r->rows, NULL) ||
        sqlite3_prepare_v2(S(tm)->db,
                           "SELECT tuv_id, type, value, lang FROM prop WHERE tu_id=? ORDER BY id",
                           -1, &r->props, NULL)) {
        int rc = sqfail(tm, err, "reading the TM");
        sq_rows_close(r);
        return rc;
    }
    if (filter && filter->min_confidence > 0)
        sqlite3_bind_double(r->rows, 1, filter->min_confidence);
    if (filter && filter->origin)
        sqlite3_bind_text(r->rows, 2, filter->origin, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(r->rows, 3, filter ? filter->since : 0);
    sqlite3_bind_int64(r->rows, 4, filter ? filter->until : 0);
    if (filter && filter->document)
        sqlite3_bind_text(r->rows, 5, filter->document, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(r->rows, 6, tm_review_which(filter));
    *out = r;
    return 0;
}

static const char *col(sqlite3_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(st, c);
}

static int sq_rows_next(tm_rows *r, const tm_export_row **row, bitext_error *err)
{
    sqlite3_stmt *st = r->rows;
    tm_export_row *x = &r->row;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return sqfail(r->tm, err, "reading the TM");
    *x = (tm_export_row){
        .tu_id = sqlite3_column_int64(st, C_TU), .tuid = col(st, C_TUID),
        .srclang = col(st, C_SRCLANG), .origin = col(st, C_ORIGIN),
        .segtype = col(st, C_SEGTYPE), .creator = col(st, C_CREATOR),
        .has_confidence = sqlite3_column_type(st, C_CONF) != SQLITE_NULL,
        .confidence = sqlite3_column_double(st, C_CONF),
        .created = sqlite3_column_int64(st, C_CREATED),
        .changed = sqlite3_column_int64(st, C_CHANGED),
        .nprops = sqlite3_column_int64(st, C_NPROPS), .v_id = sqlite3_column_int64(st, C_V_ID),
        .v_lang = col(st, C_V_LANG), .v_text = col(st, C_V_TEXT),
        .v_len = (size_t)sqlite3_column_bytes(st, C_V_TEXT), .v_codes = col(st, C_V_CODES),
        .v_prev = col(st, C_V_PREV), .v_next = col(st, C_V_NEXT),
        .v_creator = col(st, C_V_CREATOR), .v_created = sqlite3_column_int64(st, C_V_CREATED),
        .v_changed = sqlite3_column_int64(st, C_V_CHANGED),
        .v_hash = sqlite3_column_int64(st, C_V_HASH),
        .src_doc = sqlite3_column_int64(st, C_SRC_DOC),
        .tgt_doc = sqlite3_column_int64(st, C_TGT_DOC)};
    *row = x;
    return 1;
}

static int sq_rows_props(tm_rows *r, int64_t tu_id, tm_prop_fn fn, void *ctx, bitext_error *err)
{
    sqlite3_stmt *st = r->props;
    int rc, cb = 0;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, tu_id);
    while (cb == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        cb = fn(ctx, sqlite3_column_int64(st, 0), col(st, 1), col(st, 2), col(st, 3), err);
    sqlite3_reset(st);
    if (cb < 0)
        return cb;
    return cb > 0 || rc == SQLITE_DONE ? 0 : sqfail(r->tm, err, "reading props");
}

/* ---- lookup ---------------------------------------------------------------------------- */

static tm_variant read_variant(sqlite3_stmt *st)
{
    /* columns: id, tu_id, lang, text, codes, nwords, norm_hash, prev_hash, next_hash */
    return (tm_variant){
        .id = sqlite3_column_int64(st, 0), .tu_id = sqlite3_column_int64(st, 1),
        .lang = col(st, 2), .text = col(st, 3), .codes = col(st, 4),
        .nwords = sqlite3_column_int64(st, 5), .norm_hash = sqlite3_column_int64(st, 6),
        .has_prev = sqlite3_column_type(st, 7) != SQLITE_NULL,
        .prev_hash = sqlite3_column_int64(st, 7),
        .has_next = sqlite3_column_type(st, 8) != SQLITE_NULL,
        .next_hash = sqlite3_column_int64(st, 8)};
}

#define VARIANT_COLUMNS "id, tu_id, lang, text, codes, nwords, norm_hash, prev_hash, next_hash"

/* Runs a prepared query of VARIANT_COLUMNS rows through fn until it stops. */
static int each_variant(bitext_tm *tm, sqlite3_stmt *st, tm_variant_fn fn, void *ctx,
                        const char *what, bitext_error *err)
{
    int rc, cb = 0;
    while (cb == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        tm_variant v = read_variant(st);
        cb = fn(ctx, &v, err);
    }
    if (cb < 0)
        return cb;
    return cb > 0 || rc == SQLITE_DONE ? 0 : sqfail(tm, err, what);
}

static int sq_exact(bitext_tm *tm, int64_t hash, tm_variant_fn fn, void *ctx, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db, "SELECT " VARIANT_COLUMNS " FROM tuv"
                           " WHERE norm_hash = ? ORDER BY tu_id DESC", -1, &st, NULL))
        return sqfail(tm, err, "lookup");
    sqlite3_bind_int64(st, 1, hash);
    rc = each_variant(tm, st, fn, ctx, "lookup", err);
    sqlite3_finalize(st);
    return rc;
}

static void fts_quoted(bitext_buf *b, const char *s, size_t n)
{
    bitext_buf_putc(b, '"');
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '"')
            bitext_buf_putc(b, '"'); /* FTS5 strings double their quotes */
        bitext_buf_putc(b, s[k]);
    }
    bitext_buf_putc(b, '"');
}

/* Reads up to limit row ids of an FTS query, newest first. */
static int fts_ids(bitext_tm *tm, const char *sql, const char *match, int64_t **ids, size_t *n,
                   size_t limit, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc;
    *n = 0;
    if (sqlite3_prepare_v2(S(tm)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "searching the index");
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (int64_t)limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (bitext_grow((void **)ids, &cap, *n + 1, sizeof **ids) < 0) {
            sqlite3_finalize(st);
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st); /* a term FTS5 cannot parse just gives no candidates */
    return 0;
}

static const char words_ids[] =
    "SELECT rowid FROM tuv_words WHERE tuv_words MATCH ?1 ORDER BY rowid DESC LIMIT ?2";
static const char chars_ids[] =
    "SELECT rowid FROM tuv_chars WHERE tuv_chars MATCH ?1 ORDER BY rowid DESC LIMIT ?2";

/* FTS5 reads doclists newest first as cheaply as any order: `ordered` costs nothing here. */
static int sq_term_ids(int64_t **ids, size_t *n, bitext_tm *tm, const tm_term *terms,
                       size_t nterms, size_t limit, bool ordered, bitext_error *err)
{
    bitext_buf q = {0};
    int rc;
    (void)ordered;
    *ids = NULL;
    *n = 0;
    for (size_t k = 0; k < nterms; k++) {
        if (q.len)
            bitext_buf_puts(&q, " AND ");
        fts_quoted(&q, terms[k].text, terms[k].len);
    }
    if (!q.data)
        return nterms ? bitext_fail(err, BITEXT_ENOMEM, "out of memory") : 0;
    rc = fts_ids(tm, nterms == 1 && terms[0].trigram ? chars_ids : words_ids, q.data, ids, n,
                 limit, err);
    bitext_buf_free(&q);
    return rc;
}

static int sq_variants(bitext_tm *tm, const int64_t *ids, size_t n, tm_variant_fn fn, void *ctx,
                       bitext_error *err)
{
    sqlite3_stmt *st = stmt(tm, ST_VARIANT, "SELECT " VARIANT_COLUMNS " FROM tuv WHERE id = ?",
                            err);
    int rc = 0;
    if (!st)
        return BITEXT_ESQLITE;
    for (size_t k = 0; k < n && rc == 0; k++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[k]);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            tm_variant v = read_variant(st);
            rc = fn(ctx, &v, err);
        } else {
            rc = rc == SQLITE_DONE ? 0 : sqfail(tm, err, "lookup");
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int sq_tu_variants(bitext_tm *tm, int64_t tu_id, tm_variant_fn fn, void *ctx,
                          bitext_error *err)
{
    sqlite3_stmt *st = stmt(tm, ST_TU_VARIANTS,
                            "SELECT tuv.id, tuv.lang, tuv.text, tu.created, tu.tuid, tu.origin"
                            " FROM tuv JOIN tu ON tu.id = tuv.tu_id WHERE tuv.tu_id = ?"
                            " ORDER BY tuv.id",
                            err);
    int rc, cb = 0;
    if (!st)
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, tu_id);
    while (cb == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        tm_variant v = {.id = sqlite3_column_int64(st, 0), .tu_id = tu_id, .lang = col(st, 1),
                        .text = col(st, 2), .tu_created = sqlite3_column_int64(st, 3),
                        .tuid = col(st, 4), .tu_origin = col(st, 5)};
        cb = fn(ctx, &v, err);
    }
    sqlite3_reset(st);
    if (cb < 0)
        return cb;
    return cb > 0 || rc == SQLITE_DONE ? 0 : sqfail(tm, err, "lookup");
}

/* ---- concordance ----------------------------------------------------------------------- */

/* Runs a query of (id, tu_id, lang, text) rows through fn (arg bound to ?1 when not NULL). */
static int run_rows(bitext_tm *tm, const char *sql, const char *arg, tm_variant_fn fn, void *ctx,
                    bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc, cb = 0;
    if (sqlite3_prepare_v2(S(tm)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "concordance");
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    while (cb == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        tm_variant v = {.id = sqlite3_column_int64(st, 0), .tu_id = sqlite3_column_int64(st, 1),
                        .lang = col(st, 2), .text = col(st, 3)};
        cb = fn(ctx, &v, err);
    }
    sqlite3_finalize(st);
    if (cb < 0)
        return cb;
    return cb > 0 || rc == SQLITE_DONE ? 0 : sqfail(tm, err, "concordance");
}

/*
 * The trigram query: the phrase's trigrams every `step` characters (plus the last one),
 * ANDed.  With step 3 they just cover the phrase: fewer terms than the LIKE operator's every
 * overlapping trigram (a tenth of the time on the 100,000-TU bench; re-querying with every
 * trigram when the candidates are many was slower on the 1,000,000-TU bench, median 21 ms
 * against 13 ms).  A trigram is one token, so detail=none answers it without positions.
 */
static char *trigram_query(const char *phrase, size_t step)
{
    size_t len = strlen(phrase), i = 0, n = 0, cap = 0, *at = NULL;
    bitext_buf b = {0};
    while (i < len) {
        if (bitext_grow((void **)&at, &cap, n + 2, sizeof *at) < 0) {
            free(at);
            return NULL;
        }
        at[n++] = i;
        bitext_utf8_next(phrase, len, &i);
    }
    at[n] = len;
    for (size_t k = 0, last = SIZE_MAX; n >= 3 && last != n - 3; k += step) {
        if (k > n - 3)
            k = n - 3; /* the last trigram, so that the phrase's end is covered too */
        if (b.len)
            bitext_buf_puts(&b, " AND ");
        fts_quoted(&b, phrase + at[k], at[k + 3] - at[k]);
        last = k;
    }
    free(at);
    return bitext_buf_detach(&b);
}

/* The word-index query of a phrase (tm_phrase_terms), or NULL when it would not narrow. */
static char *words_query(const char *phrase)
{
    tm_term *t = NULL;
    size_t n = 0;
    bitext_buf b = {0};
    if (tm_phrase_terms(&t, &n, phrase) < 0 || n == 0) {
        free(t);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        if (b.len)
            bitext_buf_puts(&b, " AND ");
        fts_quoted(&b, t[k].text, t[k].len);
        if (t[k].prefix)
            bitext_buf_putc(&b, '*');
    }
    free(t);
    return bitext_buf_detach(&b);
}

enum { CANDIDATES = 3000 };

/*
 * Phrases of three characters or more: the word query and the trigram query (either may be
 * missing) each give at most CANDIDATES rows; a complete set (fewer than that) is checked
 * as it is.  When both are larger, the phrase is common: check the trigram candidates in
 * order, which finds the hits wanted soon.
 */
static int search_long(bitext_tm *tm, const char *phrase, tm_variant_fn fn, void *ctx,
                       bitext_error *err)
{
    char *wq = words_query(phrase), *tq = trigram_query(phrase, 3);
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = 0;
    if (!tq)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0 && wq && (rc = fts_ids(tm, words_ids, wq, &ids, &n, CANDIDATES + 1, err)) == 0 &&
        n <= CANDIDATES) {
        rc = tm_variants_by_id(tm, ids, n, fn, ctx, err);
        goto done;
    }
    free(ids);
    ids = NULL;
    if (rc == 0)
        rc = fts_ids(tm, chars_ids, tq, &ids, &n, CANDIDATES + 1, err);
    if (rc == 0 && n <= CANDIDATES) {
        rc = tm_variants_by_id(tm, ids, n, fn, ctx, err);
        goto done;
    }
    if (rc == 0)
        rc = run_rows(tm, "SELECT tuv.id, tuv.tu_id, tuv.lang, tuv.text FROM tuv_chars"
                          " JOIN tuv ON tuv.id = tuv_chars.rowid WHERE tuv_chars MATCH ?1"
                          " ORDER BY tuv_chars.rowid DESC", tq, fn, ctx, err);
done:
    free(ids);
    free(wq);
    free(tq);
    return rc;
}

static int sq_concord(bitext_tm *tm, const char *phrase, size_t nchars, tm_variant_fn fn,
                      void *ctx, bitext_error *err)
{
    bitext_buf b = {0};
    int rc;
    /* SQLite 3.40's trigram tokenizer finds nothing shorter than three characters. */
    if (nchars >= 3)
        return search_long(tm, phrase, fn, ctx, err);
    /* Shorter: a whole word ("EU", a two-character Chinese word) through the word index,
     * then a bounded scan of the newest rows for the phrase inside longer words. */
    fts_quoted(&b, phrase, strlen(phrase));
    if (!b.data)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    rc = run_rows(tm, "SELECT tuv.id, tuv.tu_id, tuv.lang, tuv.text FROM tuv_words"
                      " JOIN tuv ON tuv.id = tuv_words.rowid WHERE tuv_words MATCH ?1"
                      " ORDER BY tuv_words.rowid DESC", b.data, fn, ctx, err);
    bitext_buf_free(&b);
    /* The newest 200,000 rows at most: a bounded cost for phrases no index can find. */
    if (rc == 0)
        rc = run_rows(tm, "SELECT id, tu_id, lang, text FROM tuv ORDER BY id DESC LIMIT 200000",
                      NULL, fn, ctx, err);
    return rc;
}

/* ---- review ---------------------------------------------------------------------------- */

static int sq_find_document(int64_t *out, char *lang, size_t lang_size, bitext_tm *tm,
                            const char *name, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db, "SELECT id, lang FROM document WHERE name = ?"
                           " ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "finding a document");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        if (lang && lang_size)
            snprintf(lang, lang_size, "%s", col(st, 1));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return tm_no_document(tm, name, err);
    return rc == SQLITE_ROW ? 0 : sqfail(tm, err, "finding a document");
}

/* Runs a statement with the int64 parameters args[0..n) to its end; 0 or the TM error. */
static int run_ints(bitext_tm *tm, const char *sql, const int64_t *args, int n,
                    const char *what, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, what);
    for (int k = 0; k < n; k++)
        sqlite3_bind_int64(st, k + 1, args[k]);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sqfail(tm, err, what);
}

/* Removes the TU's full-text entries and its variants' count per language (tm.c synced the
 * indexes first, so every variant is in them exactly once); its rows follow through ON
 * DELETE CASCADE. */
static int sq_delete_tu(bitext_tm *tm, int64_t id, bitext_error *err)
{
    static const char *const sql[] = {
        "INSERT INTO tuv_words(tuv_words, rowid, text)"
        " SELECT 'delete', id, text FROM tuv WHERE tu_id = ?1",
        "INSERT INTO tuv_chars(tuv_chars, rowid, text)"
        " SELECT 'delete', id, text FROM tuv WHERE tu_id = ?1",
        "UPDATE lang_stat SET tuvs = tuvs - (SELECT count(*) FROM tuv"
        " WHERE tu_id = ?1 AND tuv.lang = lang_stat.lang)"
        " WHERE lang IN (SELECT lang FROM tuv WHERE tu_id = ?1)",
        "DELETE FROM tu WHERE id = ?1"};
    int rc = 0;
    for (size_t k = 0; k < sizeof sql / sizeof *sql && rc == 0; k++)
        rc = run_ints(tm, sql[k], &id, 1, "removing a TU", err);
    return rc;
}

static int sq_mark_reviewed(bitext_tm *tm, int64_t id, int64_t when, int64_t src_doc,
                            int64_t tgt_doc, bitext_error *err)
{
    const int64_t args[] = {id, when, src_doc, tgt_doc};
    return run_ints(tm, "UPDATE tu SET origin = '" BITEXT_TM_ORIGIN_REVIEWED "', changed = ?2,"
                        " confidence = 1,"
                        " src_doc = CASE WHEN ?3 THEN ?3 ELSE src_doc END,"
                        " tgt_doc = CASE WHEN ?4 THEN ?4 ELSE tgt_doc END WHERE id = ?1",
                    args, 4, "marking a TU as reviewed", err);
}

static int sq_set_document_reviewed(bitext_tm *tm, int64_t doc, int64_t when,
                                    bitext_error *err)
{
    const int64_t args[] = {doc, when};
    return run_ints(tm, "UPDATE document SET reviewed = ?2 WHERE id = ?1", args, 2,
                    "marking a document as reviewed", err);
}

/* The first column of the first row of sql (one int64 parameter, or none when arg is NULL);
 * *out stays as it is without a row. */
static int int_query(int64_t *out, bitext_tm *tm, const char *sql, const int64_t *arg,
                     const char *what, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(S(tm)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, what);
    if (arg)
        sqlite3_bind_int64(st, 1, *arg);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqfail(tm, err, what);
}

static int sq_document_reviewed(int64_t *out, bitext_tm *tm, int64_t doc, bitext_error *err)
{
    return int_query(out, tm, "SELECT reviewed FROM document WHERE id = ?", &doc,
                     "reading a document", err);
}

static int sq_superseded(bool *out, bitext_tm *tm, int64_t tu_id, const char *lang,
                         int64_t hash, bitext_error *err)
{
    sqlite3_stmt *st = stmt(tm, ST_SUPERSEDED, "SELECT 1 FROM " TM_SUPERSEDED_SQL("?1", "?2",
                                                                                   "?3"), err);
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
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqfail(tm, err, "reading the TM");
}

static int sq_has_reviewed(bool *out, bitext_tm *tm, bitext_error *err)
{
    int64_t any = 0;
    int rc = int_query(&any, tm, "SELECT EXISTS(SELECT 1 FROM tu WHERE origin = '"
                       BITEXT_TM_ORIGIN_REVIEWED "')", NULL, "reading the TM", err);
    *out = any != 0;
    return rc;
}

static int sq_reviewed_hashes(int64_t **out, size_t *n, bitext_tm *tm, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(S(tm)->db, TM_REVIEWED_HASHES_SQL, -1, &st, NULL) != SQLITE_OK)
        return sqfail(tm, err, "reading the TM");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (bitext_grow((void **)out, &cap, *n + 1, sizeof **out) < 0) {
            sqlite3_finalize(st);
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        }
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sqfail(tm, err, "reading the TM");
}

static const tm_store_ops sqlite_ops = {
    "SQLite", sq_close, sq_open_file, sq_begin, sq_commit, sq_rollback, sq_sync,
    sq_add_document, sq_find_tu, sq_insert_tu, sq_stats,
    sq_rows_open, sq_rows_next, sq_rows_props, sq_rows_close,
    sq_exact, sq_term_ids, sq_variants, sq_tu_variants, sq_concord,
    sq_find_document, sq_delete_tu, sq_mark_reviewed, sq_set_document_reviewed,
    sq_document_reviewed, sq_superseded, sq_has_reviewed, sq_reviewed_hashes,
};
