/* tm_schema.c - opening a TM file: recognising it, the versioned schema and its migrations. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tm_int.h"

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
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * SQLite's busy handler: another connection holds a lock this one needs (a writer's
 * transaction, a checkpoint).  Sleeps in growing steps up to 100 ms, tells the caller once
 * after 2 s, and gives up (SQLITE_BUSY, reported as BITEXT_EBUSY) after wait_ms.
 */
static int busy_wait(void *ctx, int count)
{
    static const int steps_ms[] = {1, 2, 5, 10, 20, 50, 100};
    bitext_tm *tm = ctx;
    int64_t now = now_ms(), waited;
    int step = steps_ms[count < 6 ? count : 6];
    if (count == 0) {
        tm->busy_since_ms = now;
        tm->busy_told = false;
    }
    waited = now - tm->busy_since_ms;
    if (waited >= tm->wait_ms)
        return 0;
    if (waited >= 2000 && !tm->busy_told && tm->on_wait) {
        tm->busy_told = true;
        tm->on_wait(tm->on_wait_ctx, tm->path, (unsigned int)waited);
    }
    sqlite3_sleep(step);
    return 1;
}

/* True when path-wal holds frames: commits not yet copied into the file, or a crashed write. */
static bool wal_pending(const char *path)
{
    char wal[4200];
    struct stat st;
    snprintf(wal, sizeof wal, "%s-wal", path);
    return stat(wal, &st) == 0 && st.st_size > 32;   /* more than the WAL header */
}

int tm_sqlfail(bitext_tm *tm, bitext_error *err, const char *what)
{
    int code = sqlite3_errcode(tm->db);
    const char *msg = sqlite3_errmsg(tm->db);
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
        return bitext_fail_at(err, BITEXT_EBUSY, tm->path, 0, 0, -1,
                              "the TM is busy: another command is writing to it (waited %.0f s "
                              "%s); try again, or wait longer with --wait SECONDS",
                              tm->busy_since_ms ? (now_ms() - tm->busy_since_ms) / 1000.0 : 0.0,
                              what);
    return bitext_fail_at(err, BITEXT_ESQLITE, tm->path, 0, 0, -1, "%s: %s", what, msg);
}

sqlite3_stmt *tm_stmt(bitext_tm *tm, int id, const char *sql, bitext_error *err)
{
    if (!tm->st[id]) {
        if (sqlite3_prepare_v3(tm->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &tm->st[id], NULL)) {
            tm_sqlfail(tm, err, "preparing a query");
            return NULL;
        }
    } else {
        sqlite3_reset(tm->st[id]);
        sqlite3_clear_bindings(tm->st[id]);
    }
    return tm->st[id];
}

int tm_exec(bitext_tm *tm, const char *sql, bitext_error *err)
{
    if (sqlite3_exec(tm->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "SQL");
    return 0;
}

/*
 * SQLite answers some lock requests with SQLITE_BUSY at once, without its busy handler: a
 * journal-mode change on a file another process is creating, or a lock it could only wait
 * for in a deadlock.  Statements that take their lock before they change anything (BEGIN
 * IMMEDIATE, the connection's PRAGMAs) are simply tried again, within the same wait.
 */
int tm_exec_wait(bitext_tm *tm, const char *sql, bitext_error *err)
{
    int rc, tries = 0;
    tm->busy_since_ms = 0;
    while ((rc = sqlite3_exec(tm->db, sql, NULL, NULL, NULL)) == SQLITE_BUSY ||
           rc == SQLITE_LOCKED) {
        if (tm->busy_since_ms == 0)
            tries = 0;
        if (!busy_wait(tm, tries++))
            break;
    }
    return rc == SQLITE_OK ? 0 : tm_sqlfail(tm, err, "waiting for the TM");
}

static int pragma_int(bitext_tm *tm, const char *sql, int *out, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(tm->db, sql, -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(tm, err, "reading the TM header");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tm_sqlfail(tm, err, "reading the TM header");
    return 0;
}

int tm_schema_migrate(bitext_tm *tm, int version, bitext_error *err)
{
    int have = 0, rc = 0;
    char sql[96];
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (steps[i].version > version)
            continue;
        snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 BITEXT_TM_APPLICATION_ID, steps[i].version);
        if ((rc = tm_exec_wait(tm, "BEGIN IMMEDIATE", err)) < 0)
            return rc;
        /* read under the write lock: another process may have created or migrated the file
         * while this one waited for the lock */
        if ((rc = pragma_int(tm, "PRAGMA user_version", &have, err)) < 0 ||
            steps[i].version <= have) {
            sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
            if (rc < 0)
                return rc;
            continue;
        }
        if ((rc = tm_exec(tm, steps[i].sql, err)) < 0 || (rc = tm_exec(tm, sql, err)) < 0 ||
            (rc = tm_exec(tm, "COMMIT", err)) < 0) {
            sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
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
        return 0;
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

/* Is this a bitext TM, an empty database we may initialise, or something else? */
/* The header fields and the table count, read in one statement: one snapshot, so a file that
 * another process is creating is seen before or after its schema step, never halfway. */
static int read_header(bitext_tm *tm, int *app, int *version, int *tables)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(tm->db,
                                "SELECT (SELECT application_id FROM pragma_application_id),"
                                " (SELECT user_version FROM pragma_user_version),"
                                " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *app = sqlite3_column_int(st, 0);
        *version = sqlite3_column_int(st, 1);
        *tables = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : tm_sqlfail(tm, NULL, "reading the TM header");
}

static int recognise(bitext_tm *tm, int *version, bitext_error *err)
{
    int app = 0, tables = 0, rc;
    if ((rc = read_header(tm, &app, version, &tables)) < 0) {
        if (rc != BITEXT_ESQLITE || sqlite3_errcode(tm->db) == SQLITE_CANTOPEN)
            return tm_sqlfail(tm, err, "reading the TM header");
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "not a bitext translation memory (%s)", sqlite3_errmsg(tm->db));
    }
    if (app == 0 && *version == 0 && tables == 0)
        return 0;
    if (app != BITEXT_TM_APPLICATION_ID)
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "not a bitext translation memory (an SQLite database of "
                              "another program)");
    if (*version > BITEXT_TM_SCHEMA_VERSION)
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "the TM has schema version %d; this bitext knows up to %d "
                              "(upgrade bitext)", *version, BITEXT_TM_SCHEMA_VERSION);
    return 0;
}

/* Connection settings: WAL (readers never block the writer), foreign keys, a bounded cache. */
static int configure(bitext_tm *tm, bitext_error *err)
{
    /* Readers map the file: no page-cache churn (a malloc per page read, measured as 14% of
     * an export) and no copy per read. */
    if (tm->flags & BITEXT_TM_READONLY)
        return tm_exec(tm, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384;"
                           " PRAGMA mmap_size=4294967296", err);
    return tm_exec_wait(tm, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
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
    rc = sqlite3_open_v2(uri ? uri : tm->path, &tm->db,
                         oflags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        if (!tm->db)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        return tm_sqlfail(tm, err, "opening the TM");
    }
    sqlite3_extended_result_codes(tm->db, 0);
    sqlite3_busy_handler(tm->db, busy_wait, tm);
    return 0;
}

int bitext_tm_open(bitext_tm **out, const char *path, const bitext_tm_options *opts,
                   bitext_error *err)
{
    bitext_tm *tm = NULL;
    bool immutable = false;
    int rc, version = 0;
    *out = NULL;
    if (opts && opts->version != 1 && opts->version != BITEXT_TM_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_tm_options: unknown version %u",
                           opts->version);
    if (!(tm = calloc(1, sizeof *tm)) || !(tm->path = bitext_strdup(path))) {
        free(tm);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    tm->flags = opts ? opts->flags : 0;
    tm->wait_ms = BITEXT_TM_WAIT_DEFAULT_MS;
    if (opts && opts->version >= 2) {
        tm->wait_ms = opts->wait_ms > 0 ? opts->wait_ms : opts->wait_ms < 0 ? 0 : tm->wait_ms;
        tm->on_wait = opts->on_wait;
        tm->on_wait_ctx = opts->on_wait_ctx;
    }
    if ((rc = check_path(&immutable, path, tm->flags, err)) < 0 ||
        (rc = open_db(tm, immutable, err)) < 0 || (rc = recognise(tm, &version, err)) < 0 ||
        (rc = configure(tm, err)) < 0)
        goto done;
    if (version < BITEXT_TM_SCHEMA_VERSION) {
        if (tm->flags & BITEXT_TM_READONLY) {
            rc = version == 0 ? bitext_fail_at(err, BITEXT_EFORMAT, path, 0, 0, -1,
                                               "empty file, not a bitext translation memory")
                              : bitext_fail_at(err, BITEXT_EREADONLY, path, 0, 0, -1,
                                               "the TM needs a schema upgrade (v%d to v%d); "
                                               "open it once for writing", version,
                                               BITEXT_TM_SCHEMA_VERSION);
            goto done;
        }
        rc = tm_schema_migrate(tm, BITEXT_TM_SCHEMA_VERSION, err);
    }
done:
    if (rc < 0)
        bitext_tm_close(tm);
    else
        *out = tm;
    return rc;
}

void bitext_tm_close(bitext_tm *tm)
{
    if (!tm)
        return;
    if (tm->in_tx)
        bitext_tm_rollback(tm);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(tm->st[i]);
    sqlite3_close(tm->db);
    free(tm->path);
    free(tm);
}
