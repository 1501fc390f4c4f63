/*
 * pg.c - the TM on a PostgreSQL server: every PostgreSQL statement of the TM is in this file.
 *
 * The TM is a set of tables in the connection's current schema, recognised by bitext_meta
 * (application id and schema version) and migrated on open under an exclusive advisory lock.
 * Writers share that lock (a migration waits for them, they wait for a migration) and never
 * lock each other out: a TU's identity is a unique key over its variants, so two commands
 * storing the same TU at once meet on one index entry and the second waits for the first.
 * New TUs are buffered and sent with COPY in batches; fuzzy candidates come from a GIN index
 * over a tsvector of the index terms the C layer computes (tm_terms), so a term looked up is
 * a term stored.  Concordance uses the same index, through a vocabulary of the stored terms
 * with a pg_trgm index (the terms a phrase's first word may end or lie in: concord_long).
 * Export reads through cursors.
 */
#include "tm_int.h"

#ifndef BITEXT_HAVE_POSTGRESQL

int tm_pg_open(bitext_tm *tm, const char *uri, bitext_error *err)
{
    (void)tm;
    (void)uri;
    return bitext_fail(err, BITEXT_EINVAL,
                       "this bitext was built without PostgreSQL support, so --tm cannot be a "
                       "postgresql:// URI (rebuild with libpq-dev installed: meson setup "
                       "-Dpostgresql=enabled)");
}

int tm_pg_create(const char *uri, int version, bitext_error *err)
{
    (void)version;
    return tm_pg_open(NULL, uri, err);
}

#else

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include <libpq-fe.h>

/* Prepared statements, made once per connection. */
enum {
    Q_FIND, Q_EXACT, Q_TERM, Q_TERM_NEWEST, Q_VARIANTS, Q_TU_VARIANTS, Q_EXISTS, Q_SUPERSEDED,
    Q_COUNT
};

/*
 * BATCH_*: TUs sent per COPY.  BLOOM_AFTER: a transaction that stores more TUs than that (an
 * import) loads the keys of the stored TUs into a Bloom filter, and asks the server about a
 * TU only when the filter holds its key; its ids then come from blocks of POOL.
 */
enum { BATCH_TUS = 5000, BATCH_BYTES = 8 << 20, BLOOM_AFTER = 1000, POOL = 1000,
       BLOOM_PARTS = 24, VOCAB_SEEN = 1 << 20 };

typedef struct {
    int64_t *ids;
    size_t n, at, cap;
} id_pool;

typedef struct {
    uint64_t key;
    int64_t id;
} batch_entry;

/* A batch's rows in COPY's text format, one buffer per table; the index terms it brings
 * that this transaction did not send before (a text[] literal, see vocab_add). */
typedef struct {
    bitext_buf tu, tuv, prop, terms;
} batch_rows;

/* The index terms this transaction sent to the vocabulary (open addressing). */
typedef struct {
    struct vocab_slot {
        uint64_t hash;
        const char *term;          /* NULL: empty slot */
    } *slot;
    size_t n, cap;
    bitext_arena arena;
} vocab_set;

typedef struct {
    PGconn *conn;
    char sqlstate[6];              /* of the last failure */
    bool prepared[Q_COUNT];
    bool long_wait;                /* lock_timeout is the rest of the wait (with_wait) */
    /* the batch of new TUs not yet sent (COPY text format rows) */
    batch_rows rows;
    batch_entry *batch;            /* keys of the batch's TUs (open addressing) */
    size_t batch_n, batch_cap, batch_tuvs;
    /* the batch before it, which a second thread sends while this one fills the next (see
     * flush_behind); it has sent it once `flying` is false */
    batch_rows sending;
    size_t sending_n;
    bool flying;
    pthread_t flusher;
    int flight_rc;
    bitext_error flight_err;
    PGresult *dropped;             /* variants per language the staging path left out */
    /* ids find_tu allocated for the TU it did not find, used by insert_tu */
    uint64_t next_key;
    int64_t next_id, *next_tuv_ids;
    size_t next_ntuv;
    size_t adds;                   /* TUs looked for in this transaction */
    size_t sent;                   /* TUs this transaction sent to the server */
    bool bulk;                     /* the GIN indexes were dropped, to be built at commit */
    vocab_set vocab;
    char trgm[160];                /* the schema of pg_trgm, for building them */
    /* the commonest index terms as ANALYZE saw them (pg_stats), loaded on the first lookup */
    struct common_term {
        char *term;
        double rows;               /* estimated variants holding it */
    } *common;
    size_t ncommon;
    bool common_loaded;
    /* keys of the stored TUs and of those this one stores: a scalable Bloom filter, a chain
     * of filters each twice the size of the one before (none: no filter yet) */
    struct bloom_part {
        uint64_t *words;
        size_t bits, keys;         /* bits: a power of two */
    } bloom[BLOOM_PARTS];          /* BLOOM_PARTS: 2^17 << 2 * 23 bits are more than enough */
    size_t nbloom;
    id_pool tu_pool, tuv_pool;     /* ids for new TUs once the filter is there */
} pg_store;

static pg_store *P(bitext_tm *tm)
{
    return tm->store;
}

static int settle(bitext_tm *tm, bitext_error *err);

/* ---- errors ---------------------------------------------------------------------------- */

/* One line of the server's message (its first line; DETAIL and HINT left out). */
static void first_line(char *out, size_t size, const char *msg)
{
    size_t n = msg ? strcspn(msg, "\n") : 0;
    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), msg ? msg : "");
}

/* Fills err from a failed result (or the connection when res is NULL). */
static int pgfail(bitext_tm *tm, const PGresult *res, const char *what, bitext_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char msg[512];
    first_line(msg, sizeof msg, primary ? primary : PQerrorMessage(P(tm)->conn));
    snprintf(P(tm)->sqlstate, sizeof P(tm)->sqlstate, "%s", state ? state : "");
    if (state && (!strcmp(state, "25006") || !strcmp(state, "42501")))
        return bitext_fail_at(err, BITEXT_EREADONLY, tm->path, 0, 0, -1,
                              "the TM is read-only for this user (%s: %s)", what, msg);
    if (state && (!strcmp(state, "55P03") || !strcmp(state, "40P01")))
        return tm_busy(err, tm, "another command kept what this one needs locked", what);
    if (state && !strcmp(state, "53100"))
        return bitext_fail_at(err, BITEXT_EIO, tm->path, 0, 0, -1, "%s: the server's disk is "
                              "full", what);
    return bitext_fail_at(err, BITEXT_ESQLITE, tm->path, 0, 0, -1, "PostgreSQL, %s: %s", what,
                          msg);
}

/* Runs SQL without parameters; 0 when it gave `want`. */
static int exec_want(bitext_tm *tm, const char *sql, ExecStatusType want, const char *what,
                     bitext_error *err)
{
    PGresult *res;
    int rc = settle(tm, err);
    if (rc < 0)
        return rc;
    res = PQexec(P(tm)->conn, sql);
    rc = PQresultStatus(res) == want ? 0 : pgfail(tm, res, what, err);
    PQclear(res);
    return rc;
}

static int exec_sql(bitext_tm *tm, const char *sql, const char *what, bitext_error *err)
{
    return exec_want(tm, sql, PGRES_COMMAND_OK, what, err);
}

/* Runs SQL with text parameters; *out is the result (PQclear it) when it gave rows. */
static int query(PGresult **out, bitext_tm *tm, const char *sql, int nparams,
                 const char *const *params, const char *what, bitext_error *err)
{
    PGresult *res;
    ExecStatusType st;
    int rc = settle(tm, err);
    *out = NULL;
    if (rc < 0)
        return rc;
    res = PQexecParams(P(tm)->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        *out = res;
        return 0;
    }
    st = (ExecStatusType)pgfail(tm, res, what, err);
    PQclear(res);
    return (int)st;
}

/* The statements prepared once per connection (in a read-only, deterministic form). */
static const char *const prepared_sql[Q_COUNT] = {
    /* Q_FIND: the TU with this key, or new ids for it (lazily: a duplicate costs none) */
    "SELECT e.id, CASE WHEN e.id IS NULL THEN nextval('tu_id_seq') END,"
    " CASE WHEN e.id IS NULL THEN ARRAY(SELECT nextval('tuv_id_seq')"
    "  FROM generate_series(1, $2::int)) END"
    " FROM (SELECT (SELECT id FROM tu WHERE key = $1::bigint) AS id) e",
    /* Q_EXACT */
    "SELECT id, tu_id, lang, text, codes, nwords, norm_hash, prev_hash, next_hash FROM tuv"
    " WHERE norm_hash = $1::bigint ORDER BY tu_id DESC",
    /* Q_TERM: any $2 variants holding the terms (a bitmap scan stops after $2) */
    "SELECT id FROM tuv WHERE words @@ $1::tsquery LIMIT $2::int",
    /* Q_TERM_NEWEST */
    "SELECT id FROM tuv WHERE words @@ $1::tsquery ORDER BY id DESC LIMIT $2::int",
    /* Q_VARIANTS: in the order asked */
    "SELECT v.id, v.tu_id, v.lang, v.text, v.codes, v.nwords, v.norm_hash, v.prev_hash,"
    " v.next_hash FROM unnest($1::bigint[]) WITH ORDINALITY AS q(id, k)"
    " JOIN tuv v ON v.id = q.id ORDER BY q.k",
    /* Q_TU_VARIANTS */
    "SELECT tuv.id, tuv.lang, tuv.text, tu.created, tu.tuid, tu.origin FROM tuv"
    " JOIN tu ON tu.id = tuv.tu_id WHERE tuv.tu_id = $1::bigint ORDER BY tuv.id",
    /* Q_EXISTS */
    "SELECT id FROM tu WHERE key = $1::bigint",
    /* Q_SUPERSEDED */
    "SELECT 1 FROM " TM_SUPERSEDED_SQL("$1::bigint", "$2::text", "$3::bigint"),
};

static int run_prepared(PGresult **out, bitext_tm *tm, int q, int nparams,
                        const char *const *params, const char *what, bitext_error *err)
{
    static const char *const names[Q_COUNT] = {"bitext_find", "bitext_exact", "bitext_term",
                                               "bitext_term_newest", "bitext_variants",
                                               "bitext_tu_variants", "bitext_exists",
                                               "bitext_superseded"};
    PGresult *res;
    int rc = settle(tm, err);
    *out = NULL;
    if (rc < 0)
        return rc;
    if (!P(tm)->prepared[q]) {
        res = PQprepare(P(tm)->conn, names[q], prepared_sql[q], 0, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            rc = pgfail(tm, res, what, err);
            PQclear(res);
            return rc;
        }
        PQclear(res);
        P(tm)->prepared[q] = true;
    }
    res = PQexecPrepared(P(tm)->conn, names[q], nparams, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = pgfail(tm, res, what, err);
        PQclear(res);
        return rc;
    }
    *out = res;
    return 0;
}

static int64_t int_at(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static const char *text_at(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* ---- the URI as messages show it ------------------------------------------------------- */

/* The URI without its password (user:secret@host, password=secret). */
static char *redact(const char *uri)
{
    bitext_buf b = {0};
    const char *p = strstr(uri, "://"), *at, *slash, *colon;
    p = p ? p + 3 : uri;
    slash = p + strcspn(p, "/?");
    at = memchr(p, '@', (size_t)(slash - p));
    colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
    bitext_buf_append(&b, uri, (size_t)((colon ? colon : p) - uri));
    if (colon)
        bitext_buf_append(&b, at, strlen(at));
    else
        bitext_buf_puts(&b, p);
    /* a password=... parameter loses its value */
    for (char *q = b.data ? strstr(b.data, "password=") : NULL; q; q = strstr(q + 9, "password=")) {
        char *end = q + 9 + strcspn(q + 9, "&");
        memmove(q + 9, end, strlen(end) + 1);
        b.len = strlen(b.data);
    }
    return bitext_buf_detach(&b);
}

/* ---- schema ---------------------------------------------------------------------------- */

/* The indexes of lookups and concordance (%s: the schema of pg_trgm); a bulk import builds
 * them again with the same statements (bulk_start). */
#define GIN_INDEXES                                                                           \
    "CREATE INDEX tuv_words ON tuv USING gin(words);"                                         \
    "CREATE INDEX term_trgm ON term USING gin(t %s.gin_trgm_ops);"

/*
 * The schema, as migration steps: step N takes a TM from version N-1 to N, each in its own
 * transaction, as for SQLite (sqlite.c), with the same version numbers.  %s is the schema
 * holding pg_trgm, for its operator class.
 */
static const struct {
    int version;
    const char *sql;
} steps[] = {
    {1, /* documents, TUs (with the key of their variants), variants, props */
     "CREATE TABLE bitext_meta(key text PRIMARY KEY, value text NOT NULL);"
     "CREATE TABLE document(id bigserial PRIMARY KEY, name text NOT NULL, lang text NOT NULL,"
     " sha256 text, title text, edition text, uri text, added bigint NOT NULL);"
     "CREATE UNIQUE INDEX document_key ON document(name, lang, (coalesce(sha256, '')));"
     "CREATE SEQUENCE tu_id_seq;"
     "CREATE TABLE tu(id bigint PRIMARY KEY, key bigint NOT NULL, tuid text, srclang text,"
     " origin text, confidence double precision, segtype text,"
     " created bigint NOT NULL DEFAULT 0, changed bigint NOT NULL DEFAULT 0, creator text,"
     " src_doc bigint REFERENCES document(id), tgt_doc bigint REFERENCES document(id),"
     " nprops bigint NOT NULL DEFAULT 0);"
     /* one TU per set of variants: concurrent writers of the same TU meet here */
     "CREATE UNIQUE INDEX tu_key ON tu(key);"
     "ALTER SEQUENCE tu_id_seq OWNED BY tu.id;"
     "CREATE SEQUENCE tuv_id_seq;"
     "CREATE TABLE tuv(id bigint PRIMARY KEY,"
     " tu_id bigint NOT NULL REFERENCES tu(id) ON DELETE CASCADE, lang text NOT NULL,"
     " text text NOT NULL, codes text, norm_hash bigint NOT NULL, nwords integer NOT NULL,"
     " prev text, next text, prev_hash bigint, next_hash bigint,"
     " created bigint NOT NULL DEFAULT 0, changed bigint NOT NULL DEFAULT 0, creator text,"
     " words tsvector NOT NULL);"
     "ALTER SEQUENCE tuv_id_seq OWNED BY tuv.id;"
     "CREATE INDEX tuv_tu ON tuv(tu_id, id);"
     "CREATE INDEX tuv_hash ON tuv(norm_hash);"
     "CREATE TABLE prop(id bigserial PRIMARY KEY,"
     " tu_id bigint NOT NULL REFERENCES tu(id) ON DELETE CASCADE,"
     " tuv_id bigint REFERENCES tuv(id) ON DELETE CASCADE,"
     " type text, value text NOT NULL, lang text);" /* type NULL = <note> */
     "CREATE INDEX prop_tu ON prop(tu_id, id);"},
    {2, /* the indexes of lookups and concordance; variants per language */
     "CREATE INDEX tuv_words ON tuv USING gin(words);"
     "CREATE INDEX tuv_trgm ON tuv USING gin(text %s.gin_trgm_ops);"
     "CREATE TABLE lang_stat(lang text PRIMARY KEY, tuvs bigint NOT NULL);"
     "INSERT INTO lang_stat SELECT lang, count(*) FROM tuv GROUP BY lang;"},
    {3, /* review: pairs a person corrected (origin 'reviewed') win over aligned ones; as
         * in sqlite.c: a document's review date, reviewed TUs, a document's TUs */
     "ALTER TABLE document ADD COLUMN reviewed bigint NOT NULL DEFAULT 0;"
     "CREATE INDEX tu_reviewed ON tu(id) WHERE origin = 'reviewed';"
     "CREATE INDEX tu_src_doc ON tu(src_doc);"
     "CREATE INDEX tu_tgt_doc ON tu(tgt_doc);"},
    {4, /* concordance through a vocabulary: the distinct index terms, with a pg_trgm index,
         * name the terms a phrase's first word may end or lie in (concord_long), and the
         * word index does the rest.  The trigram index of every variant goes: building it
         * cost an import of 1,000,000 TUs more of the server's time than all the rest.
         * Rows may repeat (two writers adding a term at once); nothing waits on a term. */
     "CREATE TABLE term(t text NOT NULL);"
     "INSERT INTO term SELECT word FROM ts_stat('SELECT words FROM tuv');"
     "CREATE INDEX term_t ON term(t);"
     "CREATE INDEX term_trgm ON term USING gin(t %s.gin_trgm_ops);"
     "DROP INDEX tuv_trgm;"},
};

/* What is in the connection's current schema. */
typedef struct {
    char schema[128];              /* "" when search_path names no existing schema */
    bool has_meta;
    int64_t relations;             /* tables, views, sequences ... of any program */
    int app, version;
} schema_state;

static int inspect(schema_state *s, bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = query(&res, tm,
                    "SELECT current_schema(),"
                    " to_regclass(quote_ident(current_schema()) || '.bitext_meta') IS NOT NULL,"
                    " (SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                    "  ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                    "  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S'))",
                    0, NULL, "reading the database", err)) < 0)
        return rc;
    snprintf(s->schema, sizeof s->schema, "%s", text_at(res, 0, 0) ? text_at(res, 0, 0) : "");
    s->has_meta = !strcmp(PQgetvalue(res, 0, 1), "t");
    s->relations = int_at(res, 0, 2);
    PQclear(res);
    if (!s->has_meta)
        return 0;
    if ((rc = query(&res, tm,
                    "SELECT (SELECT value FROM bitext_meta WHERE key = 'application_id'),"
                    " (SELECT value FROM bitext_meta WHERE key = 'schema_version')",
                    0, NULL, "reading the TM's version", err)) < 0)
        return rc;
    s->app = (int)int_at(res, 0, 0);
    s->version = (int)int_at(res, 0, 1);
    PQclear(res);
    return 0;
}

/* The schema holding pg_trgm, installing it when missing (a trusted extension since
 * PostgreSQL 13: the database's owner may, a plain user may not). */
static int trgm_schema(char *out, size_t size, bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    const char *find = "SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n"
                       " ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'";
    int rc;
    if ((rc = query(&res, tm, find, 0, NULL, "looking for pg_trgm", err)) < 0)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        res = PQexec(P(tm)->conn, "CREATE EXTENSION pg_trgm");
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            char why[300];
            first_line(why, sizeof why, PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
            PQclear(res);
            return bitext_fail_at(err, BITEXT_ESQLITE, tm->path, 0, 0, -1,
                                  "the TM needs the pg_trgm extension, which this database "
                                  "lacks and this user cannot install (%s); ask the database's "
                                  "owner or administrator to run CREATE EXTENSION pg_trgm "
                                  "(Debian package postgresql-contrib)", why);
        }
        PQclear(res);
        if ((rc = query(&res, tm, find, 0, NULL, "looking for pg_trgm", err)) < 0)
            return rc;
    }
    snprintf(out, size, "%s", PQntuples(res) ? PQgetvalue(res, 0, 0) : "public");
    PQclear(res);
    return 0;
}

static int run_step(bitext_tm *tm, size_t i, bitext_error *err)
{
    char trgm[160], sql[4096], meta[256];
    int rc = 0;
    bool uses_trgm = strstr(steps[i].sql, "gin_trgm_ops") != NULL;
    if (uses_trgm && (rc = trgm_schema(trgm, sizeof trgm, tm, err)) < 0)
        return rc;
    snprintf(sql, sizeof sql, steps[i].sql, uses_trgm ? trgm : "");
    snprintf(meta, sizeof meta,
             "INSERT INTO bitext_meta VALUES ('application_id', '%d'), ('schema_version', '%d')"
             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             BITEXT_TM_APPLICATION_ID, steps[i].version);
    if ((rc = exec_sql(tm, sql, "creating the TM's tables", err)) < 0 ||
        (rc = exec_sql(tm, meta, "creating the TM's tables", err)) < 0)
        return rc;
    return 0;
}

/* The advisory lock of this TM (per database and schema): writers share it, migrations
 * take it alone. */
#define TM_LOCK "%d, hashtext(current_schema())"

/* Migrates up to version, one step per transaction, under the exclusive lock; the version
 * is read again under the lock (another process may have migrated meanwhile). */
static int migrate(bitext_tm *tm, int version, bitext_error *err)
{
    char lock[128];
    schema_state s;
    int rc = 0;
    snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(" TM_LOCK ")",
             BITEXT_TM_APPLICATION_ID);
    for (size_t i = 0; i < sizeof steps / sizeof *steps && rc == 0; i++) {
        if (steps[i].version > version)
            break;
        if ((rc = exec_sql(tm, "BEGIN", "migrating the TM", err)) < 0)
            return rc;
        if ((rc = exec_want(tm, lock, PGRES_TUPLES_OK, "migrating the TM", err)) == 0 &&
            (rc = inspect(&s, tm, err)) == 0 && steps[i].version > s.version)
            rc = run_step(tm, i, err);
        if (rc == 0)
            rc = exec_sql(tm, "COMMIT", "migrating the TM", err);
        else
            PQclear(PQexec(P(tm)->conn, "ROLLBACK"));
    }
    return rc;
}

/* The first schema search_path names (created when it does not exist yet). */
static int create_schema(bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    char sql[512], *quoted = NULL;
    const char *name;
    int rc;
    if ((rc = query(&res, tm,
                    "SELECT trim(both '\"' from split_part(current_setting('search_path'), ',',"
                    " 1))", 0, NULL, "reading search_path", err)) < 0)
        return rc;
    name = PQgetvalue(res, 0, 0); /* owned by res: used before PQclear */
    if (!*name || !strcmp(name, "$user")) {
        PQclear(res);
        return bitext_fail_at(err, BITEXT_EINVAL, tm->path, 0, 0, -1,
                              "no schema to create the TM in: set search_path, e.g. "
                              "?options=-csearch_path%%3Dbitext");
    }
    quoted = PQescapeIdentifier(P(tm)->conn, name, strlen(name));
    /* under a lock: two commands creating one schema at once would otherwise collide */
    snprintf(sql, sizeof sql,
             "BEGIN; SELECT pg_advisory_xact_lock(%d, 0); CREATE SCHEMA IF NOT EXISTS %s; COMMIT",
             BITEXT_TM_APPLICATION_ID, quoted ? quoted : "\"\"");
    PQfreemem(quoted);
    PQclear(res);
    if ((rc = exec_sql(tm, sql, "creating the TM's schema", err)) < 0)
        PQclear(PQexec(P(tm)->conn, "ROLLBACK"));
    return rc;
}

/* Is this a bitext TM, an empty schema we may initialise, or something else?  Also the create
 * of a deferred open, on the connection that open made. */
static int recognise(bitext_tm *tm, bitext_error *err)
{
    bool create = !(tm->flags & (BITEXT_TM_READONLY | BITEXT_TM_NOCREATE | BITEXT_TM_DEFER));
    schema_state s;
    int rc;
    if ((rc = inspect(&s, tm, err)) < 0)
        return rc;
    if (!*s.schema && create && ((rc = create_schema(tm, err)) < 0 ||
                                 (rc = inspect(&s, tm, err)) < 0))
        return rc;
    if (!s.has_meta && (!*s.schema || s.relations == 0)) {
        if (!create)
            return bitext_fail_at(err, BITEXT_ENOTFOUND, tm->path, 0, 0, -1,
                                  "no translation memory in this database%s%s (align or "
                                  "import creates one)", *s.schema ? ", schema " : "", s.schema);
        return migrate(tm, BITEXT_TM_SCHEMA_VERSION, err);
    }
    if (!s.has_meta || s.app != BITEXT_TM_APPLICATION_ID)
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "not a bitext translation memory: schema %s holds %lld tables "
                              "of another program; use an empty database, or another schema "
                              "(?options=-csearch_path%%3Dbitext in the URI)", s.schema,
                              (long long)s.relations);
    /* version 4 made the vocabulary concordance reads: a reader needs it */
    if ((rc = tm_schema_check(tm, s.version, BITEXT_TM_SCHEMA_VERSION, err)) <= 0)
        return rc;
    return migrate(tm, BITEXT_TM_SCHEMA_VERSION, err);
}

/* The server's notices ("schema already exists, skipping") are not the user's business. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int connect_db(bitext_tm *tm, const char *uri, bitext_error *err)
{
    const char *keys[] = {"dbname", "application_name", "client_encoding", NULL};
    const char *values[] = {uri, "bitext", "UTF8", NULL};
    const char *enc;
    char msg[512];
    P(tm)->conn = PQconnectdbParams(keys, values, 1);
    if (!P(tm)->conn)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (PQstatus(P(tm)->conn) != CONNECTION_OK) {
        first_line(msg, sizeof msg, PQerrorMessage(P(tm)->conn));
        return bitext_fail_at(err, BITEXT_ESQLITE, tm->path, 0, 0, -1,
                              "cannot connect to the TM's PostgreSQL server: %s", msg);
    }
    PQsetNoticeProcessor(P(tm)->conn, quiet, NULL);
    enc = PQparameterStatus(P(tm)->conn, "server_encoding");
    if (enc && strcmp(enc, "UTF8"))
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "the database's encoding is %s; a bitext TM needs UTF8 "
                              "(createdb -E UTF8)", enc);
    /* read-only handles cannot write by mistake; readers never wait for writers (MVCC) */
    if (tm->flags & BITEXT_TM_READONLY)
        return exec_sql(tm, "SET default_transaction_read_only = on", "connecting", err);
    return 0;
}

static const tm_store_ops pg_ops;

int tm_pg_open(bitext_tm *tm, const char *uri, bitext_error *err)
{
    int rc;
    if (!(tm->path = redact(uri)) || !(tm->store = calloc(1, sizeof(pg_store))))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    tm->ops = &pg_ops;
    if ((rc = connect_db(tm, uri, err)) < 0)
        return rc;
    return recognise(tm, err);
}

int tm_pg_create(const char *uri, int version, bitext_error *err)
{
    bitext_tm tm = {0};
    pg_store s = {0};
    schema_state st;
    int rc;
    tm.store = &s;
    if (!(tm.path = redact(uri)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if ((rc = connect_db(&tm, uri, err)) == 0 && (rc = inspect(&st, &tm, err)) == 0 &&
        (*st.schema || (rc = create_schema(&tm, err)) == 0))
        rc = migrate(&tm, version, err);
    PQfinish(s.conn);
    free(tm.path);
    return rc;
}

static void batch_clear(pg_store *s)
{
    s->rows.tu.len = s->rows.tuv.len = s->rows.prop.len = s->rows.terms.len = 0;
    if (s->batch)
        memset(s->batch, 0, s->batch_cap * sizeof *s->batch);
    s->batch_n = s->batch_tuvs = 0;
}

static void vocab_clear(vocab_set *v)
{
    free(v->slot);
    bitext_arena_free(&v->arena);
    memset(v, 0, sizeof *v);
}

/* The filter, the blocks and the terms sent live for one transaction. */
static void import_end(pg_store *s)
{
    vocab_clear(&s->vocab);
    for (size_t k = 0; k < s->nbloom; k++)
        free(s->bloom[k].words);
    s->nbloom = 0;
    s->adds = s->sent = 0;
    s->bulk = false;
    s->tu_pool.n = s->tu_pool.at = s->tuv_pool.n = s->tuv_pool.at = 0;
}

static void pg_close(bitext_tm *tm)
{
    pg_store *s = P(tm);
    if (!s)
        return;
    settle(tm, NULL);
    PQfinish(s->conn);
    for (int k = 0; k < 2; k++) {
        batch_rows *r = k ? &s->sending : &s->rows;
        bitext_buf_free(&r->tu);
        bitext_buf_free(&r->tuv);
        bitext_buf_free(&r->prop);
        bitext_buf_free(&r->terms);
    }
    free(s->batch);
    free(s->next_tuv_ids);
    import_end(s);
    free(s->tu_pool.ids);
    free(s->tuv_pool.ids);
    for (size_t k = 0; k < s->ncommon; k++)
        free(s->common[k].term);
    free(s->common);
    free(s);
    tm->store = NULL;
}

/* ---- transactions ---------------------------------------------------------------------- */

/* The shared advisory lock, polled as tm_wait_step says (an advisory lock has no timeout of
 * its own that would let the caller hear after 2 s that this command waits). */
static int shared_lock(bitext_tm *tm, bitext_error *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_try_advisory_xact_lock_shared(" TM_LOCK ")",
             BITEXT_TM_APPLICATION_ID);
    tm_wait_start(tm);
    for (;;) {
        PGresult *res = NULL;
        int rc = query(&res, tm, sql, 0, NULL, "waiting for the TM", err);
        bool got = rc == 0 && !strcmp(PQgetvalue(res, 0, 0), "t");
        PQclear(res);
        if (rc < 0 || got)
            return rc;
        if (!tm_wait_step(tm))
            return tm_busy(err, tm, "another command (a schema upgrade, or an import filling "
                           "the TM) holds it", "waiting for the TM");
    }
}

/* lock_timeout for row locks: 2 s first (then the caller hears of the wait, see
 * with_wait), the rest of the wait after that. */
static int set_lock_timeout(bitext_tm *tm, int ms, bitext_error *err)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SET LOCAL lock_timeout = %d", ms > 0 ? ms : 1);
    return exec_sql(tm, sql, "setting the wait", err);
}

static int pg_begin(bitext_tm *tm, bitext_error *err)
{
    int rc;
    P(tm)->long_wait = false;
    /* work_mem: the GIN indexes' pending entries are merged in memory of that size */
    if ((rc = exec_sql(tm, "BEGIN; SET LOCAL work_mem = '64MB'", "starting a transaction",
                       err)) < 0)
        return rc;
    if ((rc = set_lock_timeout(tm, tm->wait_ms > 2000 ? 2000 : tm->wait_ms, err)) < 0 ||
        (rc = shared_lock(tm, err)) < 0) {
        PQclear(PQexec(P(tm)->conn, "ROLLBACK"));
        return rc;
    }
    return 0;
}

/*
 * Runs work (statements that may wait for another writer's row locks) inside a savepoint.
 * When it times out after the first 2 s, the caller is told and the work is done again with
 * the rest of the wait; a second time out is BITEXT_EBUSY.
 */
static int with_wait(bitext_tm *tm, int (*work)(bitext_tm *, void *, bitext_error *), void *arg,
                     bitext_error *err)
{
    int rc;
    tm_wait_start(tm);
    for (;;) {
        if ((rc = exec_sql(tm, "SAVEPOINT bitext_wait", "saving", err)) < 0)
            return rc;
        if ((rc = work(tm, arg, err)) == 0)
            return exec_sql(tm, "RELEASE SAVEPOINT bitext_wait", "saving", err);
        PQclear(PQexec(P(tm)->conn, "ROLLBACK TO SAVEPOINT bitext_wait"));
        if (strcmp(P(tm)->sqlstate, "55P03") || P(tm)->long_wait || tm->wait_ms <= 2000)
            return rc;
        tm_wait_tell(tm, 2000);
        P(tm)->long_wait = true;
        if ((rc = set_lock_timeout(tm, tm->wait_ms - 2000, err)) < 0)
            return rc;
    }
}

/* ---- the batch of new TUs -------------------------------------------------------------- */

/* A value in COPY's text format: \N for NULL, backslash escapes for what would end it. */
static void copy_text(bitext_buf *b, const char *s)
{
    if (!s) {
        bitext_buf_puts(b, "\\N");
        return;
    }
    for (; *s; s++) {
        char c = *s;
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
            bitext_buf_putc(b, '\\');
            c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
        }
        bitext_buf_putc(b, c);
    }
}

static void copy_int(bitext_buf *b, bool null, int64_t v)
{
    if (null)
        bitext_buf_puts(b, "\\N");
    else
        bitext_buf_printf(b, "%lld", (long long)v);
}

/*
 * A term for the vocabulary, unless this transaction sent it already: into the batch's
 * terms as a text[] element.  The set forgets all at VOCAB_SEEN terms (memory stays
 * bounded; the server skips a term it holds).
 */
static int vocab_add(pg_store *s, const char *term, size_t len)
{
    vocab_set *v = &s->vocab;
    uint64_t h = bitext_hash64(term, len);
    bitext_buf *b = &s->rows.terms;
    size_t k;
    char *copy;
    if (v->n >= VOCAB_SEEN)
        vocab_clear(v);
    if (2 * (v->n + 1) > v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 4096;
        struct vocab_slot *slot = calloc(cap, sizeof *slot);
        if (!slot)
            return BITEXT_ENOMEM;
        for (size_t j = 0; j < v->cap; j++) {
            if (!v->slot[j].term)
                continue;
            for (k = v->slot[j].hash & (cap - 1); slot[k].term; k = (k + 1) & (cap - 1))
                ;
            slot[k] = v->slot[j];
        }
        free(v->slot);
        v->slot = slot;
        v->cap = cap;
    }
    for (k = h & (v->cap - 1); v->slot[k].term; k = (k + 1) & (v->cap - 1))
        if (v->slot[k].hash == h && !strncmp(v->slot[k].term, term, len) &&
            !v->slot[k].term[len])
            return 0;
    if (!(copy = bitext_arena_strndup(&v->arena, term, len)))
        return BITEXT_ENOMEM;
    v->slot[k] = (struct vocab_slot){h, copy};
    v->n++;
    bitext_buf_puts(b, b->len ? ",\"" : "{\"");
    for (size_t i = 0; i < len; i++) {
        if (term[i] == '"' || term[i] == '\\')
            bitext_buf_putc(b, '\\');
        bitext_buf_putc(b, term[i]);
    }
    return bitext_buf_putc(b, '"');
}

/*
 * The variant's tsvector: its index terms (tm_terms on the normalised text, folded), each
 * quoted ('' for a quote, \\ for a backslash: tsvector's own syntax, then COPY's escapes);
 * the vocabulary gets the new ones.
 */
static int copy_words(pg_store *s, bitext_buf *b, const char *text, bitext_error *err)
{
    bitext_arena a = {0};
    bitext_buf fold = {0};
    tm_term *t = NULL;
    char *norm = NULL;
    size_t n = 0, cap = 0, total = 0;
    int rc;
    if ((rc = bitext_tm_normalize(&norm, text, err)) < 0)
        return rc;
    if (tm_terms(&t, &n, &cap, norm, &a) < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (size_t k = 0; k < n && rc == 0; k++) {
        fold.len = 0;
        /* tsvector's limits: 2 KB a lexeme, 1 MB in all */
        if (tm_term_fold(&fold, t[k].text, t[k].len) < 0 || fold.len == 0 || fold.len > 2000 ||
            (total += fold.len + 3) > 900000)
            continue;
        if (vocab_add(s, fold.data, fold.len) < 0) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            break;
        }
        bitext_buf_puts(b, k ? " '" : "'");
        for (size_t i = 0; i < fold.len; i++) {
            char c = fold.data[i];
            if (c == '\'')
                bitext_buf_putc(b, '\'');
            else if (c == '\\')
                bitext_buf_puts(b, "\\\\\\"); /* tsvector's \\, each backslash escaped for COPY */
            else if (c == '\t' || c == '\n' || c == '\r')
                c = ' ';
            bitext_buf_putc(b, c);
        }
        bitext_buf_putc(b, '\'');
    }
    bitext_buf_free(&fold);
    bitext_arena_free(&a);
    free(t);
    free(norm);
    return rc;
}

/* The batch's TU with this key, or 0. */
static int64_t batch_find(const pg_store *s, uint64_t key)
{
    size_t k;
    if (!s->batch_cap)
        return 0;
    for (k = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (s->batch_cap - 1); s->batch[k].id;
         k = (k + 1) & (s->batch_cap - 1))
        if (s->batch[k].key == key)
            return s->batch[k].id;
    return 0;
}

static int batch_add(pg_store *s, uint64_t key, int64_t id)
{
    size_t k;
    if (!s->batch_cap) {
        s->batch_cap = 16384; /* a power of two, over twice BATCH_TUS */
        if (!(s->batch = calloc(s->batch_cap, sizeof *s->batch)))
            return BITEXT_ENOMEM;
    }
    for (k = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (s->batch_cap - 1); s->batch[k].id;
         k = (k + 1) & (s->batch_cap - 1))
        ;
    s->batch[k] = (batch_entry){key, id};
    s->batch_n++;
    return 0;
}

/* COPY of one table's rows. */
static int copy_in(bitext_tm *tm, const char *sql, const bitext_buf *rows, bitext_error *err)
{
    PGconn *c = P(tm)->conn;
    PGresult *res = PQexec(c, sql);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = pgfail(tm, res, "storing TUs", err);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    if ((rows->len && PQputCopyData(c, rows->data, (int)rows->len) != 1) ||
        PQputCopyEnd(c, NULL) != 1)
        rc = pgfail(tm, NULL, "storing TUs", err);
    while ((res = PQgetResult(c))) {
        if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pgfail(tm, res, "storing TUs", err);
        PQclear(res);
    }
    return rc;
}

#define TU_COLUMNS \
    "(id, key, tuid, srclang, origin, confidence, segtype, created, changed, creator, src_doc," \
    " tgt_doc, nprops)"
#define TUV_COLUMNS \
    "(id, tu_id, lang, text, codes, norm_hash, nwords, prev, next, prev_hash, next_hash," \
    " created, changed, creator, words)"
#define PROP_COLUMNS "(tu_id, tuv_id, type, value, lang)"

/* The batch's new terms into the vocabulary, those it holds already left out. */
static int add_terms(bitext_tm *tm, batch_rows *r, bitext_error *err)
{
    PGresult *res = NULL;
    const char *params[1];
    size_t len = r->terms.len;
    int rc;
    if (!len)
        return 0;
    if (bitext_buf_puts(&r->terms, "}") < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    params[0] = r->terms.data;
    rc = query(&res, tm,
               "INSERT INTO term SELECT u FROM unnest($1::text[]) u"
               " WHERE NOT EXISTS (SELECT 1 FROM term WHERE t = u)", 1, params,
               "storing TUs", err);
    PQclear(res);
    r->terms.len = len;
    r->terms.data[len] = '\0';
    return rc;
}

static int copy_batch(bitext_tm *tm, void *arg, bitext_error *err)
{
    batch_rows *r = arg;
    int rc;
    if ((rc = copy_in(tm, "COPY tu " TU_COLUMNS " FROM STDIN", &r->tu, err)) < 0 ||
        (rc = copy_in(tm, "COPY tuv " TUV_COLUMNS " FROM STDIN", &r->tuv, err)) < 0 ||
        (r->prop.len &&
         (rc = copy_in(tm, "COPY prop " PROP_COLUMNS " FROM STDIN", &r->prop, err)) < 0))
        return rc;
    return add_terms(tm, r, err);
}

/* Variants per language of the staged TUs that another writer stored first: kept in
 * s->dropped for uncount_dropped, as this may run on the thread sending a batch. */
static int find_dropped(bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    int rc = query(&res, tm,
                   "SELECT s.lang, count(*) FROM bitext_stage_tuv s WHERE NOT EXISTS"
                   " (SELECT 1 FROM tu WHERE tu.id = s.tu_id) GROUP BY s.lang", 0, NULL,
                   "storing TUs", err);
    PQclear(P(tm)->dropped);
    P(tm)->dropped = res;
    return rc;
}

/* Takes the variants find_dropped found off the counts per language; rc, or the failure to. */
static int uncount_dropped(bitext_tm *tm, int rc, bitext_error *err)
{
    pg_store *s = P(tm);
    for (int r = 0; s->dropped && r < PQntuples(s->dropped); r++)
        if (tm_langs_add(tm, PQgetvalue(s->dropped, r, 0), -int_at(s->dropped, r, 1),
                         rc < 0 ? NULL : err) < 0 && rc == 0)
            rc = BITEXT_ENOMEM;
    PQclear(s->dropped);
    s->dropped = NULL;
    return rc;
}

/*
 * The batch again when COPY met a TU another writer stored since find_tu looked (a unique
 * key violation): through staging tables, skipping those TUs (ON CONFLICT DO NOTHING) with
 * their variants and props.  Rare: two commands storing the same TU at the same moment.
 */
static int stage_batch(bitext_tm *tm, void *arg, bitext_error *err)
{
    batch_rows *r = arg;
    int rc;
    if ((rc = exec_sql(tm,
                       "CREATE TEMP TABLE IF NOT EXISTS bitext_stage_tu"
                       " (LIKE tu INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;"
                       "CREATE TEMP TABLE IF NOT EXISTS bitext_stage_tuv"
                       " (LIKE tuv INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;"
                       "CREATE TEMP TABLE IF NOT EXISTS bitext_stage_prop"
                       " (LIKE prop) ON COMMIT DELETE ROWS;"
                       "TRUNCATE bitext_stage_tu, bitext_stage_tuv, bitext_stage_prop",
                       "storing TUs", err)) < 0 ||
        (rc = copy_in(tm, "COPY bitext_stage_tu " TU_COLUMNS " FROM STDIN", &r->tu, err)) < 0 ||
        (rc = copy_in(tm, "COPY bitext_stage_tuv " TUV_COLUMNS " FROM STDIN", &r->tuv, err)) <
            0 ||
        (rc = copy_in(tm, "COPY bitext_stage_prop " PROP_COLUMNS " FROM STDIN", &r->prop,
                      err)) < 0)
        return rc;
    if ((rc = exec_sql(tm,
                       "INSERT INTO tu SELECT * FROM bitext_stage_tu ORDER BY id"
                       " ON CONFLICT (key) DO NOTHING;"
                       "INSERT INTO tuv SELECT s.* FROM bitext_stage_tuv s WHERE EXISTS"
                       " (SELECT 1 FROM tu WHERE tu.id = s.tu_id) ORDER BY s.id;"
                       "INSERT INTO prop " PROP_COLUMNS " SELECT s.tu_id, s.tuv_id, s.type,"
                       " s.value, s.lang FROM bitext_stage_prop s WHERE EXISTS"
                       " (SELECT 1 FROM tu WHERE tu.id = s.tu_id) ORDER BY s.id",
                       "storing TUs", err)) < 0 ||
        (rc = add_terms(tm, r, err)) < 0)
        return rc;
    return find_dropped(tm, err);
}

/* Sends rows: COPY, or the staging path when a TU met another writer's. */
static int send_rows(bitext_tm *tm, batch_rows *r, bitext_error *err)
{
    int rc = with_wait(tm, copy_batch, r, err);
    if (rc < 0 && !strcmp(P(tm)->sqlstate, "23505"))
        rc = with_wait(tm, stage_batch, r, err);
    return rc;
}

/* Set on the thread sending a batch: its own statements do not wait for themselves. */
static _Thread_local bool on_flusher;

static void *fly(void *arg)
{
    bitext_tm *tm = arg;
    on_flusher = true;
    P(tm)->flight_rc = send_rows(tm, &P(tm)->sending, &P(tm)->flight_err);
    return NULL;
}

/* Waits for the batch in flight (every statement does, before it uses the connection); its
 * failure is this call's. */
static int settle(bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    if (!s->flying || on_flusher)
        return 0;
    pthread_join(s->flusher, NULL);
    s->flying = false;
    if (s->flight_rc < 0) {
        if (err)
            *err = s->flight_err;
        return uncount_dropped(tm, s->flight_rc, NULL);
    }
    s->sent += s->sending_n;
    return uncount_dropped(tm, 0, err);
}

/* Sends the batch and waits for the server. */
static int flush(bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    int rc;
    if ((rc = settle(tm, err)) < 0 || s->batch_n == 0)
        return rc;
    rc = uncount_dropped(tm, send_rows(tm, &s->rows, err), err);
    if (rc == 0) {
        s->sent += s->batch_n;
        batch_clear(s);
    }
    return rc;
}

static int pool_reserve(bitext_tm *tm, id_pool *p, const char *seq, size_t want,
                        bitext_error *err);

/*
 * Sends a full batch on a second thread while this one reads and fills the next: the client
 * (parsing, normalising, index terms) and the server (COPY, its indexes and checks) work at
 * once instead of in turn, on two cores.  One batch flies at a time, and the connection is
 * the flight's until it lands (settle); so that filling the next batch needs no statement,
 * the ids of as many TUs and variants again are taken first.
 */
static int flush_behind(bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    batch_rows sent;
    int rc;
    if ((rc = settle(tm, err)) < 0)
        return rc;
    if (!s->nbloom)
        return flush(tm, err); /* ids one TU at a time: nothing to gain */
    if ((rc = pool_reserve(tm, &s->tu_pool, "tu_id_seq", s->batch_n + 1, err)) < 0 ||
        (rc = pool_reserve(tm, &s->tuv_pool, "tuv_id_seq", s->batch_tuvs + s->batch_tuvs / 4,
                           err)) < 0)
        return rc;
    sent = s->sending;
    s->sending = s->rows;
    s->rows = sent;
    s->sending_n = s->batch_n;
    batch_clear(s);
    s->flying = pthread_create(&s->flusher, NULL, fly, tm) == 0;
    if (s->flying)
        return 0;
    if ((rc = send_rows(tm, &s->sending, err)) == 0)
        s->sent += s->sending_n;
    return uncount_dropped(tm, rc, err);
}

static int pg_sync(bitext_tm *tm, bitext_error *err)
{
    return tm->in_tx ? flush(tm, err) : 0;
}

/* One language's count of this transaction into lang_stat (tm_langs_each). */
static int add_lang(bitext_tm *tm, const char *lang, int64_t count, bitext_error *err)
{
    char n[32];
    const char *params[] = {lang, n};
    PGresult *res = NULL;
    int rc;
    snprintf(n, sizeof n, "%lld", (long long)count);
    rc = query(&res, tm,
               "INSERT INTO lang_stat VALUES ($1, $2::bigint) ON CONFLICT (lang)"
               " DO UPDATE SET tuvs = lang_stat.tuvs + excluded.tuvs", 2, params,
               "counting languages", err);
    PQclear(res);
    return rc;
}

static int update_langs(bitext_tm *tm, void *arg, bitext_error *err)
{
    (void)arg;
    return tm_langs_each(tm, add_lang, err);
}

/*
 * An import into a TM being filled drops the GIN indexes and builds them once at commit:
 * CREATE INDEX sorts every entry in memory (maintenance_work_mem) and writes each posting
 * list once, where row-by-row updates rewrite them again and again (on 100,000 TUs the
 * server spent 25.6 s of CPU with the indexes, 6.1 s without them).  Only when this command
 * can have the TM alone: no other writer in a transaction (the exclusive advisory lock,
 * which later writers wait for at begin, as for a migration) and no reader in one (the
 * table lock, NOWAIT; later readers wait for the commit).  Otherwise, or when this user may
 * not drop the indexes, the import goes on with them.  DDL is transactional: a rollback or
 * a crash leaves the indexes as they were.
 */
static int bulk_start(bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    char lock[128];
    PGresult *res = NULL;
    bool alone = false;
    int rc;
    if ((rc = trgm_schema(s->trgm, sizeof s->trgm, tm, err)) < 0 ||
        (rc = exec_sql(tm, "SAVEPOINT bitext_bulk", "saving", err)) < 0)
        return rc;
    snprintf(lock, sizeof lock, "SELECT pg_try_advisory_xact_lock(" TM_LOCK ")",
             BITEXT_TM_APPLICATION_ID);
    res = PQexec(s->conn, lock);
    alone = PQresultStatus(res) == PGRES_TUPLES_OK && !strcmp(PQgetvalue(res, 0, 0), "t");
    PQclear(res);
    if (alone) {
        res = PQexec(s->conn, "LOCK TABLE tuv, term IN ACCESS EXCLUSIVE MODE NOWAIT;"
                              " DROP INDEX tuv_words; DROP INDEX term_trgm");
        s->bulk = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
    }
    /* without the indexes the locks stay to the commit; else none of it happened */
    return exec_sql(tm, s->bulk ? "RELEASE SAVEPOINT bitext_bulk"
                                : "ROLLBACK TO SAVEPOINT bitext_bulk;"
                                  " RELEASE SAVEPOINT bitext_bulk", "saving", err);
}

/* The indexes bulk_start dropped, built again from every row. */
static int bulk_end(bitext_tm *tm, bitext_error *err)
{
    char sql[512];
    if (!P(tm)->bulk)
        return 0;
    snprintf(sql, sizeof sql, GIN_INDEXES, P(tm)->trgm);
    return exec_sql(tm, sql, "indexing the TM", err);
}

/* The counts per language go in last and in one order: the row locks of lang_stat are held
 * only for the commit, and two writers never take them in opposite orders. */
static int pg_commit(bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    int rc;
    if ((rc = flush(tm, err)) < 0 || (rc = bulk_end(tm, err)) < 0)
        return rc;
    /* after an import, fresh statistics: the planner's, and the commonest terms' (lookup) */
    if (s->adds > 10 * BLOOM_AFTER &&
        (rc = exec_sql(tm, "ANALYZE tuv, term", "analyzing the TM", err)) < 0)
        return rc;
    if (tm->nlangs && (rc = with_wait(tm, update_langs, NULL, err)) < 0)
        return rc;
    if ((rc = exec_sql(tm, "COMMIT", "committing", err)) < 0)
        return rc;
    import_end(s);
    return 0;
}

static void pg_rollback(bitext_tm *tm)
{
    settle(tm, NULL);
    PQclear(PQexec(P(tm)->conn, "ROLLBACK"));
    batch_clear(P(tm));
    import_end(P(tm));
    P(tm)->next_key = 0;
}

/* ---- writing --------------------------------------------------------------------------- */

static int add_document_once(bitext_tm *tm, void *arg, bitext_error *err)
{
    void **a = arg;
    const bitext_tm_document *doc = a[0];
    int64_t *out = a[1];
    char added[32];
    const char *p[] = {doc->name, doc->lang, doc->sha256, doc->title, doc->edition, added};
    PGresult *res = NULL;
    int rc;
    snprintf(added, sizeof added, "%lld", (long long)bitext_now());
    if ((rc = query(&res, tm,
                    "INSERT INTO document(name, lang, sha256, title, edition, added)"
                    " VALUES ($1, $2, $3, $4, $5, $6::bigint)"
                    " ON CONFLICT (name, lang, (coalesce(sha256, ''))) DO NOTHING RETURNING id",
                    6, p, "adding a document", err)) < 0)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        if ((rc = query(&res, tm,
                        "SELECT id FROM document WHERE name = $1 AND lang = $2"
                        " AND coalesce(sha256, '') = coalesce($3, '')",
                        3, p, "finding a document", err)) < 0)
            return rc;
    }
    *out = PQntuples(res) ? int_at(res, 0, 0) : 0;
    PQclear(res);
    return 0;
}

static int pg_add_document(int64_t *out, bitext_tm *tm, const bitext_tm_document *doc,
                           bitext_error *err)
{
    void *arg[] = {(void *)doc, out};
    return with_wait(tm, add_document_once, arg, err);
}

/* Reads the new ids Q_FIND allocated: the TU's, and {a,b,...} for its variants. */
static int take_new_ids(pg_store *s, const PGresult *res, uint64_t key, size_t ntuv)
{
    const char *arr = PQgetvalue(res, 0, 2);
    free(s->next_tuv_ids);
    if (!(s->next_tuv_ids = calloc(ntuv + 1, sizeof *s->next_tuv_ids)))
        return BITEXT_ENOMEM;
    s->next_key = key;
    s->next_id = int_at(res, 0, 1);
    s->next_ntuv = 0;
    for (const char *p = arr + (*arr == '{'); *p && *p != '}' && s->next_ntuv < ntuv;) {
        char *end;
        s->next_tuv_ids[s->next_ntuv++] = strtoll(p, &end, 10);
        p = *end == ',' ? end + 1 : end;
    }
    return s->next_ntuv == ntuv ? 0 : BITEXT_ESQLITE;
}

/* ---- an import's key filter and id blocks ---------------------------------------------- */

/* Bit i (of 5) of key in a filter of `bits` bits (double hashing over a hash already). */
static size_t bloom_pos(uint64_t key, int i, size_t bits)
{
    uint64_t h = key + (uint64_t)i * (((key >> 29) * 0x9E3779B97F4A7C15ULL) | 1);
    return (size_t)(h ^ (h >> 31)) & (bits - 1);
}

/* A new filter of `bits` bits at the end of the chain; false when memory ran out. */
static bool bloom_grow(pg_store *s, size_t bits)
{
    struct bloom_part *p = &s->bloom[s->nbloom];
    if (s->nbloom == BLOOM_PARTS || !(p->words = calloc(bits / 64, sizeof *p->words)))
        return false;
    p->bits = bits;
    p->keys = 0;
    s->nbloom++;
    return true;
}

/* Into the newest filter, which keeps 24 bits a key (0.02 % false positives with 5 bits
 * set): once it holds that many, one four times its size follows (an import may bring far
 * more TUs than the TM held); five filters hold a million keys, with 0.1 % false positives
 * (each one a question to the server). */
static void bloom_add(pg_store *s, uint64_t key)
{
    struct bloom_part *p;
    if (!s->nbloom)
        return;
    p = &s->bloom[s->nbloom - 1];
    if (p->keys >= p->bits / 24 && bloom_grow(s, p->bits * 4))
        p = &s->bloom[s->nbloom - 1];
    for (int i = 0; i < 5; i++) {
        size_t b = bloom_pos(key, i, p->bits);
        p->words[b / 64] |= 1ULL << (b % 64);
    }
    p->keys++;
}

static bool bloom_has(const pg_store *s, uint64_t key)
{
    for (size_t k = 0; k < s->nbloom; k++) {
        const struct bloom_part *p = &s->bloom[k];
        int i = 0;
        while (i < 5 && (p->words[bloom_pos(key, i, p->bits) / 64] &
                         (1ULL << (bloom_pos(key, i, p->bits) % 64))))
            i++;
        if (i == 5)
            return true;
    }
    return false;
}

/*
 * The keys of every stored TU, read with COPY.  A TU another writer commits later is not in
 * it: COPY then meets its key, and the batch goes through the staging tables, which store it
 * once (stage_batch).
 */
static int load_bloom(int64_t *stored, bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    PGresult *res = NULL;
    size_t bits = 1 << 17;
    char *line = NULL;
    int rc, len;
    if ((rc = query(&res, tm, "SELECT count(*) FROM tu", 0, NULL, "reading keys", err)) < 0)
        return rc;
    *stored = int_at(res, 0, 0);
    while (bits < (size_t)*stored * 24)
        bits <<= 1;
    PQclear(res);
    if (!bloom_grow(s, bits))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if ((rc = exec_want(tm, "COPY (SELECT key FROM tu) TO STDOUT", PGRES_COPY_OUT,
                        "reading keys", err)) < 0)
        return rc;
    while ((len = PQgetCopyData(s->conn, &line, 0)) > 0) {
        bloom_add(s, (uint64_t)strtoll(line, NULL, 10));
        PQfreemem(line);
    }
    while ((res = PQgetResult(s->conn))) {
        if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pgfail(tm, res, "reading keys", err);
        PQclear(res);
    }
    for (size_t k = 0; k < s->batch_cap && rc == 0; k++)
        if (s->batch[k].id)
            bloom_add(s, s->batch[k].key);
    return rc;
}

/* At least `want` ids of a sequence in the pool (a block of POOL or more from the server). */
static int pool_reserve(bitext_tm *tm, id_pool *p, const char *seq, size_t want,
                        bitext_error *err)
{
    size_t left = p->n - p->at, more = want > left + POOL ? want - left : POOL;
    char sql[128];
    PGresult *res = NULL;
    int rc;
    if (left >= want)
        return 0;
    if (left)
        memmove(p->ids, p->ids + p->at, left * sizeof *p->ids);
    p->n = left;
    p->at = 0;
    snprintf(sql, sizeof sql, "SELECT nextval('%s') FROM generate_series(1, %zu)", seq, more);
    if ((rc = query(&res, tm, sql, 0, NULL, "allocating ids", err)) < 0)
        return rc;
    if (bitext_grow((void **)&p->ids, &p->cap, left + more, sizeof *p->ids) < 0) {
        PQclear(res);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    for (int r = 0; r < PQntuples(res) && (size_t)r < more; r++)
        p->ids[p->n++] = int_at(res, r, 0);
    PQclear(res);
    return 0;
}

/* n ids of a sequence into out, from the pool. */
static int pool_take(int64_t *out, size_t n, bitext_tm *tm, id_pool *p, const char *seq,
                     bitext_error *err)
{
    for (size_t k = 0; k < n; k++) {
        int rc;
        if (p->at == p->n && (rc = pool_reserve(tm, p, seq, 1, err)) < 0)
            return rc;
        if (p->at == p->n)
            return bitext_fail(err, BITEXT_ESQLITE, "allocating ids: the server gave none");
        out[k] = p->ids[p->at++];
    }
    return 0;
}

/* Ids of a new TU from the blocks (once the filter is there). */
static int pool_ids(bitext_tm *tm, const tm_new_tu *t, bitext_error *err)
{
    pg_store *s = P(tm);
    int rc;
    free(s->next_tuv_ids);
    if (!(s->next_tuv_ids = calloc(t->tu->ntuvs + 1, sizeof *s->next_tuv_ids)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if ((rc = pool_take(&s->next_id, 1, tm, &s->tu_pool, "tu_id_seq", err)) < 0 ||
        (rc = pool_take(s->next_tuv_ids, t->tu->ntuvs, tm, &s->tuv_pool, "tuv_id_seq", err)) < 0)
        return rc;
    s->next_key = t->key;
    s->next_ntuv = t->tu->ntuvs;
    return 0;
}

/*
 * A duplicate is a TU with the same key: in the batch not yet sent, else in the database
 * (what other writers committed and this transaction sent).  When there is none, the same
 * round trip allocates the new TU's ids.  In an import (past BLOOM_AFTER TUs) the server is
 * asked only about keys the filter holds, and ids come in blocks.
 */
static int pg_find_tu(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err)
{
    pg_store *s = P(tm);
    char key[32], n[32];
    const char *params[] = {key, n};
    PGresult *res = NULL;
    int rc;
    if ((*out = batch_find(s, t->key)))
        return 0;
    if (++s->adds > BLOOM_AFTER && !s->nbloom) {
        int64_t stored = 0;
        if ((rc = load_bloom(&stored, tm, err)) < 0)
            return rc;
        /* a TM holding fewer TUs than this import already brought (one being filled) */
        if (stored - (int64_t)s->sent < (int64_t)s->adds && (rc = bulk_start(tm, err)) < 0)
            return rc;
    }
    snprintf(key, sizeof key, "%lld", (long long)(int64_t)t->key);
    snprintf(n, sizeof n, "%zu", t->tu->ntuvs);
    if (s->nbloom || !tm->in_tx) {
        /* outside a transaction (bitext_tm_find_tu) nothing is stored: no ids wanted */
        if (s->nbloom && !bloom_has(s, t->key))
            return 0;
        if ((rc = run_prepared(&res, tm, Q_EXISTS, 1, params, "checking for duplicates",
                               err)) < 0)
            return rc;
        *out = PQntuples(res) ? int_at(res, 0, 0) : 0;
        PQclear(res);
        return 0;
    }
    if ((rc = run_prepared(&res, tm, Q_FIND, 2, params, "checking for duplicates", err)) < 0)
        return rc;
    *out = int_at(res, 0, 0);
    if (*out == 0 && (rc = take_new_ids(s, res, t->key, t->tu->ntuvs)) < 0)
        rc = bitext_fail(err, rc, "allocating ids");
    PQclear(res);
    return rc;
}

/* A prop's COPY row: of the TU tu_id, and of its variant tuv_id unless that is 0. */
static void prop_row(bitext_buf *b, int64_t tu_id, int64_t tuv_id, const bitext_prop *p)
{
    bitext_buf_printf(b, "%lld\t", (long long)tu_id);
    copy_int(b, tuv_id == 0, tuv_id);
    bitext_buf_putc(b, '\t');
    copy_text(b, p->type);
    bitext_buf_putc(b, '\t');
    copy_text(b, p->value ? p->value : "");
    bitext_buf_putc(b, '\t');
    copy_text(b, p->lang);
    bitext_buf_putc(b, '\n');
}

/* One variant's COPY row and its props' rows. */
static int batch_variant(bitext_tm *tm, const tm_new_tu *t, size_t k, int64_t tu_id,
                         int64_t id, bitext_error *err)
{
    pg_store *s = P(tm);
    const bitext_tuv *v = &t->tu->tuvs[k];
    bitext_buf *b = &s->rows.tuv;
    int rc;
    bitext_buf_printf(b, "%lld\t%lld\t", (long long)id, (long long)tu_id);
    copy_text(b, v->lang ? v->lang : "");
    bitext_buf_putc(b, '\t');
    copy_text(b, v->text);
    bitext_buf_putc(b, '\t');
    copy_text(b, t->codes[k]);
    bitext_buf_printf(b, "\t%lld\t%lld\t", (long long)t->keys[k].hash, (long long)t->nwords[k]);
    copy_text(b, v->prev);
    bitext_buf_putc(b, '\t');
    copy_text(b, v->next);
    bitext_buf_putc(b, '\t');
    copy_int(b, !v->prev, t->prev_hash[k]);
    bitext_buf_putc(b, '\t');
    copy_int(b, !v->next, t->next_hash[k]);
    bitext_buf_printf(b, "\t%lld\t%lld\t", (long long)v->created, (long long)v->changed);
    copy_text(b, v->creator);
    bitext_buf_putc(b, '\t');
    if ((rc = copy_words(s, b, v->text, err)) < 0)
        return rc;
    bitext_buf_putc(b, '\n');
    for (size_t p = 0; p < v->nprops; p++)
        prop_row(&s->rows.prop, tu_id, id, &v->props[p]);
    return 0;
}

static void batch_tu_row(pg_store *s, const tm_new_tu *t, int64_t id)
{
    const bitext_tu *tu = t->tu;
    bitext_buf *b = &s->rows.tu;
    bitext_buf_printf(b, "%lld\t%lld\t", (long long)id, (long long)(int64_t)t->key);
    copy_text(b, tu->tuid);
    bitext_buf_putc(b, '\t');
    copy_text(b, tu->srclang);
    bitext_buf_putc(b, '\t');
    copy_text(b, tu->origin);
    bitext_buf_putc(b, '\t');
    if (tu->confidence >= 0)
        bitext_buf_printf(b, "%.17g", tu->confidence);
    else
        bitext_buf_puts(b, "\\N");
    bitext_buf_putc(b, '\t');
    copy_text(b, tu->segtype);
    /* the TM records when a TU arrived when its source did not say */
    bitext_buf_printf(b, "\t%lld\t%lld\t", (long long)(tu->created ? tu->created : bitext_now()),
                      (long long)tu->changed);
    copy_text(b, tu->creator);
    bitext_buf_putc(b, '\t');
    copy_int(b, !t->src_doc, t->src_doc);
    bitext_buf_putc(b, '\t');
    copy_int(b, !t->tgt_doc, t->tgt_doc);
    bitext_buf_printf(b, "\t%lld\n", (long long)t->nprops);
    for (size_t p = 0; p < tu->nprops; p++)
        prop_row(&s->rows.prop, id, 0, &tu->props[p]);
}

static int pg_insert_tu(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err)
{
    pg_store *s = P(tm);
    size_t before = s->rows.tuv.len;
    int rc;
    /* find_tu, which the C layer calls first, gave the ids, or the filter is there */
    if ((s->next_key != t->key || !s->next_id) &&
        (rc = s->nbloom ? pool_ids(tm, t, err)
                        : bitext_fail(err, BITEXT_EINVAL, "insert_tu without find_tu")) < 0)
        return rc;
    batch_tu_row(s, t, s->next_id);
    for (size_t k = 0; k < t->tu->ntuvs; k++)
        if ((rc = batch_variant(tm, t, k, s->next_id, s->next_tuv_ids[k], err)) < 0)
            return rc;
    if (!s->rows.tu.data || !s->rows.tuv.data || s->rows.tuv.len == before ||
        batch_add(s, t->key, s->next_id) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    bloom_add(s, t->key);
    *out = s->next_id;
    s->next_key = 0;
    s->next_id = 0;
    s->batch_tuvs += t->tu->ntuvs;
    if (s->batch_n >= BATCH_TUS || s->rows.tuv.len + s->rows.prop.len > BATCH_BYTES)
        return flush_behind(tm, err);
    return 0;
}

/* ---- stats ----------------------------------------------------------------------------- */

static int pg_stats(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    int rc;
    if ((rc = query(&res, tm,
                    "SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM tu),"
                    " (SELECT coalesce(sum(tuvs), 0) FROM lang_stat),"
                    " (SELECT count(*) FROM lang_stat WHERE tuvs > 0),"
                    " (SELECT value FROM bitext_meta WHERE key = 'schema_version'),"
                    " (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                    "  WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                    "  AND c.relname IN ('bitext_meta', 'document', 'tu', 'tuv', 'prop',"
                    "  'lang_stat'))",
                    0, NULL, "counting", err)) < 0)
        return rc;
    out->documents = int_at(res, 0, 0);
    out->tus = int_at(res, 0, 1);
    out->tuvs = int_at(res, 0, 2);
    out->langs_total = int_at(res, 0, 3);
    out->schema_version = (int)int_at(res, 0, 4);
    out->file_size = int_at(res, 0, 5);
    PQclear(res);
    if ((rc = query(&res, tm,
                    "SELECT lang, tuvs FROM lang_stat WHERE tuvs > 0"
                    " ORDER BY tuvs DESC, lang COLLATE \"C\" LIMIT 64", 0, NULL,
                    "counting languages", err)) < 0)
        return rc;
    for (int r = 0; r < PQntuples(res); r++) {
        bitext_tm_lang_count *l = &out->langs[out->nlangs++];
        snprintf(l->lang, sizeof l->lang, "%s", PQgetvalue(res, r, 0));
        l->tuvs = int_at(res, r, 1);
    }
    PQclear(res);
    return 0;
}

/* ---- export ---------------------------------------------------------------------------- */

enum { FETCH = 2000 };

/* A cursor read FETCH rows at a time. */
typedef struct {
    const char *fetch;             /* the FETCH statement */
    PGresult *res;                 /* the current batch */
    int at, n;
    bool done;
} cursor;

struct tm_rows {
    bitext_tm *tm;
    bool own_tx;                   /* the cursors' read transaction is this iterator's */
    cursor rows, props;
    tm_export_row x;
};

/* Variants of the filtered TUs in TU order; the filters as in sqlite.c. */
static const char rows_sql[] =
    "DECLARE bitext_rows NO SCROLL CURSOR FOR"
    " SELECT tu.id, tu.tuid, tu.srclang, tu.origin, tu.confidence, tu.segtype, tu.created,"
    " tu.changed, tu.creator, tu.nprops, tuv.id, tuv.lang, tuv.text, tuv.codes, tuv.prev,"
    " tuv.next, tuv.created, tuv.changed, tuv.creator, tuv.norm_hash, tu.src_doc, tu.tgt_doc"
    " FROM tuv JOIN tu ON tu.id = tuv.tu_id"
    " WHERE ($1::float8 IS NULL OR tu.confidence IS NULL OR tu.confidence >= $1::float8)"
    " AND ($2::text IS NULL OR tu.origin = $2::text)"
    " AND ($3::bigint = 0 OR tu.created >= $3::bigint)"
    " AND ($4::bigint = 0 OR tu.created <= $4::bigint)"
    " AND ($5::text IS NULL OR tu.src_doc IN (SELECT id FROM document WHERE name = $5::text)"
    "      OR tu.tgt_doc IN (SELECT id FROM document WHERE name = $5::text))"
    " AND ($6::int = 0 OR ($6::int = 1) = coalesce(tu.origin = '" BITEXT_TM_ORIGIN_REVIEWED
    "', false))"
    " ORDER BY tuv.tu_id, tuv.id";

static void pg_rows_close(tm_rows *r)
{
    if (!r)
        return;
    PQclear(r->rows.res);
    PQclear(r->props.res);
    if (r->own_tx)
        PQclear(PQexec(P(r->tm)->conn, "COMMIT"));
    else
        PQclear(PQexec(P(r->tm)->conn, "CLOSE bitext_rows; CLOSE bitext_props"));
    free(r);
}

static int pg_rows_open(tm_rows **out, bitext_tm *tm, const bitext_tm_filter *f,
                        bitext_error *err)
{
    tm_rows *r = calloc(1, sizeof *r);
    char conf[32], since[32], until[32], which[8];
    const char *p[] = {NULL, f ? f->origin : NULL, since, until, f ? f->document : NULL, which};
    PGresult *res = NULL;
    int rc;
    *out = NULL;
    if (!r)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    r->tm = tm;
    r->rows.fetch = "FETCH 2000 FROM bitext_rows";
    r->props.fetch = "FETCH 2000 FROM bitext_props";
    snprintf(conf, sizeof conf, "%.17g", f ? f->min_confidence : 0.0);
    snprintf(since, sizeof since, "%lld", (long long)(f ? f->since : 0));
    snprintf(until, sizeof until, "%lld", (long long)(f ? f->until : 0));
    snprintf(which, sizeof which, "%d", tm_review_which(f));
    p[0] = f && f->min_confidence > 0 ? conf : NULL;
    /* one snapshot for the whole export, as SQLite's read transaction gives */
    if (!tm->in_tx) {
        if ((rc = exec_sql(tm, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                           "reading the TM", err)) < 0) {
            free(r);
            return rc;
        }
        r->own_tx = true;
    }
    if ((rc = query(&res, tm, rows_sql, 6, p, "reading the TM", err)) == 0)
        rc = exec_sql(tm, "DECLARE bitext_props NO SCROLL CURSOR FOR SELECT tu_id, tuv_id,"
                          " type, value, lang FROM prop ORDER BY tu_id, id", "reading props",
                      err);
    PQclear(res);
    if (rc < 0) {
        pg_rows_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

/* True when the cursor has a row at c->at, fetching the next batch when needed. */
static int cursor_row(cursor *c, tm_rows *r, bitext_error *err)
{
    int rc;
    if (c->at < c->n)
        return 1;
    if (c->done)
        return 0;
    PQclear(c->res);
    c->res = NULL;
    c->at = c->n = 0;
    if ((rc = query(&c->res, r->tm, c->fetch, 0, NULL, "reading the TM", err)) < 0)
        return rc;
    c->n = PQntuples(c->res);
    c->done = c->n < FETCH;
    return c->n > 0;
}

static int pg_rows_next(tm_rows *r, const tm_export_row **row, bitext_error *err)
{
    const PGresult *res;
    int rc = cursor_row(&r->rows, r, err), i;
    if (rc <= 0)
        return rc;
    res = r->rows.res;
    i = r->rows.at++;
    r->x = (tm_export_row){
        .tu_id = int_at(res, i, 0), .tuid = text_at(res, i, 1), .srclang = text_at(res, i, 2),
        .origin = text_at(res, i, 3), .has_confidence = !PQgetisnull(res, i, 4),
        .confidence = strtod(PQgetvalue(res, i, 4), NULL), .segtype = text_at(res, i, 5),
        .created = int_at(res, i, 6), .changed = int_at(res, i, 7),
        .creator = text_at(res, i, 8), .nprops = int_at(res, i, 9), .v_id = int_at(res, i, 10),
        .v_lang = text_at(res, i, 11), .v_text = text_at(res, i, 12),
        .v_len = (size_t)PQgetlength(res, i, 12), .v_codes = text_at(res, i, 13),
        .v_prev = text_at(res, i, 14), .v_next = text_at(res, i, 15),
        .v_created = int_at(res, i, 16), .v_changed = int_at(res, i, 17),
        .v_creator = text_at(res, i, 18), .v_hash = int_at(res, i, 19),
        .src_doc = int_at(res, i, 20), .tgt_doc = int_at(res, i, 21)};
    *row = &r->x;
    return 1;
}

/* The props cursor runs beside the rows cursor, both in TU order: a merge, no query per TU. */
static int pg_rows_props(tm_rows *r, int64_t tu_id, tm_prop_fn fn, void *ctx, bitext_error *err)
{
    cursor *c = &r->props;
    int rc;
    while ((rc = cursor_row(c, r, err)) > 0) {
        int64_t id = int_at(c->res, c->at, 0);
        if (id > tu_id)
            return 0;
        if (id == tu_id &&
            (rc = fn(ctx, int_at(c->res, c->at, 1), text_at(c->res, c->at, 2),
                     PQgetvalue(c->res, c->at, 3), text_at(c->res, c->at, 4), err)) < 0)
            return rc;
        c->at++;
    }
    return rc < 0 ? rc : 0;
}

/* ---- lookup ---------------------------------------------------------------------------- */

/* Rows of (id, tu_id, lang, text, codes, nwords, norm_hash, prev_hash, next_hash). */
static int each_variant(const PGresult *res, tm_variant_fn fn, void *ctx, bitext_error *err)
{
    int cb = 0;
    for (int i = 0; i < PQntuples(res) && cb == 0; i++) {
        tm_variant v = {
            .id = int_at(res, i, 0), .tu_id = int_at(res, i, 1), .lang = text_at(res, i, 2),
            .text = text_at(res, i, 3), .codes = text_at(res, i, 4),
            .nwords = int_at(res, i, 5), .norm_hash = int_at(res, i, 6),
            .has_prev = !PQgetisnull(res, i, 7), .prev_hash = int_at(res, i, 7),
            .has_next = !PQgetisnull(res, i, 8), .next_hash = int_at(res, i, 8)};
        cb = fn(ctx, &v, err);
    }
    return cb < 0 ? cb : 0;
}

static int pg_exact(bitext_tm *tm, int64_t hash, tm_variant_fn fn, void *ctx, bitext_error *err)
{
    char h[32];
    const char *params[] = {h};
    PGresult *res = NULL;
    int rc;
    snprintf(h, sizeof h, "%lld", (long long)hash);
    if ((rc = run_prepared(&res, tm, Q_EXACT, 1, params, "lookup", err)) < 0)
        return rc;
    rc = each_variant(res, fn, ctx, err);
    PQclear(res);
    return rc;
}

/* The terms (folded, as copy_words stored them) as a tsquery: 'a' & 'b' (op " & "). */
static int tsquery(bitext_buf *q, const tm_term *terms, size_t n, const char *op)
{
    bitext_buf fold = {0};
    for (size_t k = 0; k < n; k++) {
        fold.len = 0;
        if (tm_term_fold(&fold, terms[k].text, terms[k].len) < 0) {
            bitext_buf_free(&fold);
            return BITEXT_ENOMEM;
        }
        if (k)
            bitext_buf_puts(q, op);
        bitext_buf_putc(q, '\'');
        for (size_t i = 0; i < fold.len; i++) {
            char c = fold.data[i];
            if (c == '\'' || c == '\\')
                bitext_buf_putc(q, c == '\'' ? '\'' : '\\');
            bitext_buf_putc(q, c);
        }
        bitext_buf_puts(q, terms[k].prefix ? "':*" : "'");
    }
    bitext_buf_free(&fold);
    return q->data || !n ? 0 : BITEXT_ENOMEM;
}

/* Next element of a one-dimensional text array literal ({a,"b c",d}) at *p, unquoted into b. */
static bool array_next(bitext_buf *b, const char **p)
{
    const char *s = *p;
    b->len = 0;
    if (*s == '{' || *s == ',')
        s++;
    if (!*s || *s == '}')
        return false;
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++)
            bitext_buf_putc(b, *s == '\\' && s[1] ? *++s : *s);
        s += *s == '"';
    } else {
        while (*s && *s != ',' && *s != '}')
            bitext_buf_putc(b, *s++);
    }
    bitext_buf_putc(b, '\0');
    *p = s;
    return true;
}

static int by_term(const void *a, const void *b)
{
    return strcmp(((const struct common_term *)a)->term, ((const struct common_term *)b)->term);
}

/* The most common elements of tuv.words and their frequencies (as ANALYZE sampled them). */
static int load_common(bitext_tm *tm, bitext_error *err)
{
    pg_store *s = P(tm);
    PGresult *res = NULL;
    bitext_buf term = {0}, freq = {0};
    const char *t, *f;
    double rows;
    int rc;
    s->common_loaded = true;
    if ((rc = query(&res, tm,
                    "SELECT st.most_common_elems::text, st.most_common_elem_freqs::text,"
                    " c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " LEFT JOIN pg_stats st ON st.schemaname = n.nspname"
                    " AND st.tablename = 'tuv' AND st.attname = 'words'"
                    " WHERE n.nspname = current_schema() AND c.relname = 'tuv'",
                    0, NULL, "lookup", err)) < 0)
        return rc;
    t = PQntuples(res) ? text_at(res, 0, 0) : NULL;
    f = PQntuples(res) ? text_at(res, 0, 1) : NULL;
    rows = PQntuples(res) ? strtod(PQgetvalue(res, 0, 2), NULL) : 0;
    while (t && f && array_next(&term, &t) && array_next(&freq, &f)) {
        struct common_term *c;
        if (!(c = realloc(s->common, (s->ncommon + 1) * sizeof *c))) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            break;
        }
        s->common = c;
        c[s->ncommon].rows = strtod(freq.data, NULL) * rows;
        if (!(c[s->ncommon].term = bitext_strdup(term.data))) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            break;
        }
        s->ncommon++;
    }
    if (s->ncommon)
        qsort(s->common, s->ncommon, sizeof *s->common, by_term);
    bitext_buf_free(&term);
    bitext_buf_free(&freq);
    PQclear(res);
    return rc;
}

/*
 * True when the statistics say that the term is held by far more than limit variants: the
 * caller only counts such a term (it is too common to find candidates with), and reading
 * limit of its rows through the index would cost tens of milliseconds.  The margin keeps
 * the sampling error of the statistics away from the caller's threshold.
 */
static bool known_common(bitext_tm *tm, const tm_term *term, size_t limit)
{
    pg_store *s = P(tm);
    bitext_buf fold = {0};
    struct common_term key, *hit = NULL;
    if (!s->common_loaded && load_common(tm, NULL) < 0)
        return false;
    if (!s->ncommon || tm_term_fold(&fold, term->text, term->len) < 0 || !fold.data) {
        bitext_buf_free(&fold);
        return false;
    }
    key.term = fold.data;
    hit = bsearch(&key, s->common, s->ncommon, sizeof *s->common, by_term);
    bitext_buf_free(&fold);
    return hit && hit->rows > 4.0 * (double)limit;
}

static int pg_term_ids(int64_t **ids, size_t *n, bitext_tm *tm, const tm_term *terms,
                       size_t nterms, size_t limit, bool ordered, bitext_error *err)
{
    bitext_buf q = {0};
    char lim[32];
    const char *params[] = {NULL, lim};
    PGresult *res = NULL;
    int rc;
    *ids = NULL;
    *n = 0;
    if (!nterms)
        return 0;
    if (!ordered && nterms == 1 && known_common(tm, terms, limit)) {
        /* `limit` ids the caller will not use: it only learns that there are more */
        if (!(*ids = calloc(limit + 1, sizeof **ids)))
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        *n = limit;
        return 0;
    }
    if (tsquery(&q, terms, nterms, " & ") < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    params[0] = q.data;
    snprintf(lim, sizeof lim, "%zu", limit);
    rc = run_prepared(&res, tm, ordered ? Q_TERM_NEWEST : Q_TERM, 2, params, "lookup", err);
    bitext_buf_free(&q);
    if (rc < 0)
        return rc;
    if (PQntuples(res) && !(*ids = malloc((size_t)PQntuples(res) * sizeof **ids)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (int i = 0; rc == 0 && i < PQntuples(res); i++)
        (*ids)[(*n)++] = int_at(res, i, 0);
    PQclear(res);
    return rc;
}

/* ids as an array literal {1,2,3}. */
static int id_array(bitext_buf *b, const int64_t *ids, size_t n)
{
    bitext_buf_putc(b, '{');
    for (size_t k = 0; k < n; k++)
        bitext_buf_printf(b, k ? ",%lld" : "%lld", (long long)ids[k]);
    bitext_buf_putc(b, '}');
    return b->data ? 0 : BITEXT_ENOMEM;
}

static int pg_variants(bitext_tm *tm, const int64_t *ids, size_t n, tm_variant_fn fn, void *ctx,
                       bitext_error *err)
{
    bitext_buf a = {0};
    const char *params[1];
    PGresult *res = NULL;
    int rc;
    if (!n)
        return 0;
    if (id_array(&a, ids, n) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    params[0] = a.data;
    rc = run_prepared(&res, tm, Q_VARIANTS, 1, params, "lookup", err);
    bitext_buf_free(&a);
    if (rc == 0)
        rc = each_variant(res, fn, ctx, err);
    PQclear(res);
    return rc;
}

static int pg_tu_variants(bitext_tm *tm, int64_t tu_id, tm_variant_fn fn, void *ctx,
                          bitext_error *err)
{
    char id[32];
    const char *params[] = {id};
    PGresult *res = NULL;
    int rc, cb = 0;
    snprintf(id, sizeof id, "%lld", (long long)tu_id);
    if ((rc = run_prepared(&res, tm, Q_TU_VARIANTS, 1, params, "lookup", err)) < 0)
        return rc;
    for (int i = 0; i < PQntuples(res) && cb == 0; i++) {
        tm_variant v = {.id = int_at(res, i, 0), .tu_id = tu_id, .lang = text_at(res, i, 1),
                        .text = text_at(res, i, 2), .tu_created = int_at(res, i, 3),
                        .tuid = text_at(res, i, 4), .tu_origin = text_at(res, i, 5)};
        cb = fn(ctx, &v, err);
    }
    PQclear(res);
    return cb < 0 ? cb : 0;
}

/* ---- concordance ----------------------------------------------------------------------- */

/* CANDIDATES: read at once; MANY: read after the newest window, rather than the windows */
enum { CANDIDATES = 3000, MANY = 100000, CHUNK = 500, SCAN = 200000, WINDOW = 20000,
       VOCAB_TERMS = 64 };

/* The phrase as an ILIKE pattern through the trigram index: its characters with LIKE's
 * specials escaped, each run of spaces a % (the stored text may have any white space). */
static char *like_pattern(const char *phrase)
{
    bitext_buf b = {0};
    bitext_buf_putc(&b, '%');
    for (const char *p = phrase; *p; p++) {
        if (*p == ' ') {
            bitext_buf_putc(&b, '%');
            continue;
        }
        if (*p == '%' || *p == '_' || *p == '\\')
            bitext_buf_putc(&b, '\\');
        bitext_buf_putc(&b, *p);
    }
    bitext_buf_putc(&b, '%');
    return bitext_buf_detach(&b);
}

static int by_id_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x < y) - (x > y);
}

/* Rows of `where` (with $1 = arg, or none) newest first in chunks, at most `most` rows. */
static int scan_newest(bitext_tm *tm, const char *where, const char *arg, size_t most,
                       tm_variant_fn fn, void *ctx, bitext_error *err)
{
    char sql[512], below[32] = "9223372036854775807";
    size_t seen = 0;
    snprintf(sql, sizeof sql,
             "SELECT id, tu_id, lang, text FROM tuv WHERE id < $1::bigint%s%s"
             " ORDER BY id DESC LIMIT %d", where ? " AND " : "", where ? where : "", CHUNK);
    while (seen < most) {
        const char *params[] = {below, arg};
        PGresult *res = NULL;
        int rc = query(&res, tm, sql, arg ? 2 : 1, params, "concordance", err), stop = 0, i;
        for (i = 0; rc == 0 && stop == 0 && i < PQntuples(res) && seen < most; i++, seen++) {
            tm_variant v = {.id = int_at(res, i, 0), .tu_id = int_at(res, i, 1),
                            .lang = text_at(res, i, 2), .text = text_at(res, i, 3)};
            snprintf(below, sizeof below, "%lld", (long long)v.id);
            stop = fn(ctx, &v, err);
        }
        i = rc == 0 ? PQntuples(res) : 0;
        PQclear(res);
        if (rc < 0 || stop)
            return rc < 0 ? rc : stop < 0 ? stop : 0;
        if (i < CHUNK)
            return 0;
    }
    return 0;
}

/* The id past the newest variant. */
static int top_id(int64_t *out, bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    int rc = query(&res, tm, "SELECT coalesce(max(id), 0) + 1 FROM tuv", 0, NULL, "concordance",
                   err);
    *out = rc == 0 ? int_at(res, 0, 0) : 0;
    PQclear(res);
    return rc;
}

/*
 * Rows whose text matches pattern, newest first, a window of WINDOW ids at a time from *hi
 * down (at most `windows` of them, < 0 all): each window is a range of the primary key, so a
 * common phrase costs a window or two however many rows hold it.  *hi moves down; returns 1
 * when fn stopped.
 */
static int scan_windows(int64_t *hi, int windows, bitext_tm *tm, const char *pattern,
                        tm_variant_fn fn, void *ctx, bitext_error *err)
{
    char lo_s[32], hi_s[32];
    const char *params[] = {lo_s, pattern, hi_s};
    int stop = 0, rc;
    for (; *hi > 0 && stop == 0 && windows != 0; windows--) {
        int64_t lo = *hi > WINDOW ? *hi - WINDOW : 0;
        PGresult *res = NULL;
        snprintf(lo_s, sizeof lo_s, "%lld", (long long)lo);
        snprintf(hi_s, sizeof hi_s, "%lld", (long long)*hi);
        if ((rc = query(&res, tm, "SELECT id, tu_id, lang, text FROM tuv WHERE id >= $1::bigint"
                        " AND id < $3::bigint AND text ILIKE $2 ORDER BY id DESC", 3,
                        params, "concordance", err)) < 0)
            return rc;
        for (int i = 0; stop == 0 && i < PQntuples(res); i++) {
            tm_variant v = {.id = int_at(res, i, 0), .tu_id = int_at(res, i, 1),
                            .lang = text_at(res, i, 2), .text = text_at(res, i, 3)};
            stop = fn(ctx, &v, err);
        }
        PQclear(res);
        *hi = lo;
    }
    return stop < 0 ? stop : stop ? 1 : 0;
}

/*
 * The word index's candidates of tsquery q, when there are at most `most`: then checked newest
 * first (those below `below` only), *done set.  More means a common phrase: the caller reads
 * it another way.
 */
static int complete_set(bool *done, bitext_tm *tm, const char *q, int most, int64_t below,
                        tm_variant_fn fn, void *ctx, bitext_error *err)
{
    char sql[256];
    const char *params[] = {q};
    PGresult *res = NULL;
    int64_t *ids = NULL;
    size_t n = 0;
    int rc;
    *done = false;
    snprintf(sql, sizeof sql, "SELECT id FROM tuv WHERE words @@ $1::tsquery LIMIT %d",
             most + 1);
    if ((rc = query(&res, tm, sql, 1, params, "concordance", err)) < 0)
        return rc;
    n = (size_t)PQntuples(res);
    if (n <= (size_t)most && n && !(ids = malloc(n * sizeof *ids)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (size_t k = 0; ids && k < n; k++)
        ids[k] = int_at(res, (int)k, 0);
    PQclear(res);
    if (rc == 0 && n <= (size_t)most) {
        size_t skip = 0;
        *done = true;
        if (n) {
            qsort(ids, n, sizeof *ids, by_id_desc);
            while (skip < n && ids[skip] >= below)
                skip++; /* in a window the caller read already */
            rc = tm_variants_by_id(tm, ids + skip, n - skip, fn, ctx, err);
        }
    }
    free(ids);
    return rc;
}

/*
 * The stored terms the phrase's first word (tm_phrase_head) may end, or lie in when it is the
 * whole phrase, as a group of the tsquery q (& ('a' | 'b' ...)): through the vocabulary's
 * trigram index.  *none when no stored term has it: then no variant holds the phrase.  More
 * than VOCAB_TERMS terms would not narrow the search: then q stays as it was.
 */
static int head_terms(bitext_buf *q, bool *none, bitext_tm *tm, const char *phrase,
                      bitext_error *err)
{
    bitext_buf fold = {0}, like = {0};
    char sql[160];
    const char *params[1];
    PGresult *res = NULL;
    bool whole;
    size_t len = tm_phrase_head(phrase, &whole);
    int rc = 0, n;
    *none = false;
    if (!len)
        return 0;
    if (tm_term_fold(&fold, phrase, len) < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    bitext_buf_putc(&like, '%');
    for (size_t i = 0; rc == 0 && i < fold.len; i++) {
        if (fold.data[i] == '%' || fold.data[i] == '_' || fold.data[i] == '\\')
            bitext_buf_putc(&like, '\\');
        bitext_buf_putc(&like, fold.data[i]);
    }
    if (rc == 0 && ((whole && bitext_buf_putc(&like, '%') < 0) || !like.data))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    snprintf(sql, sizeof sql, "SELECT DISTINCT t FROM term WHERE t LIKE $1 LIMIT %d",
             VOCAB_TERMS + 1);
    params[0] = like.data;
    if (rc == 0)
        rc = query(&res, tm, sql, 1, params, "concordance", err);
    n = rc == 0 ? PQntuples(res) : 0;
    *none = rc == 0 && n == 0;
    if (n > 0 && n <= VOCAB_TERMS) {
        tm_term *t = calloc((size_t)n, sizeof *t);
        bitext_buf group = {0};
        for (int i = 0; t && i < n; i++)
            t[i] = (tm_term){PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0), false, false};
        if (!t || tsquery(&group, t, (size_t)n, " | ") < 0 ||
            bitext_buf_printf(q, "%s(%s)", q->len ? " & " : "", group.data) < 0)
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        bitext_buf_free(&group);
        free(t);
    }
    PQclear(res);
    bitext_buf_free(&fold);
    bitext_buf_free(&like);
    return rc;
}

/*
 * The word index's query for a phrase of three characters or more: its words (tm_phrase_terms)
 * and the terms its first word may be part of (head_terms); in a script without spaces, its
 * runs of three characters, which the index holds as terms.  Empty when nothing narrows.
 */
static int phrase_query(bitext_buf *q, bool *none, bitext_tm *tm, const char *phrase,
                        bitext_error *err)
{
    bitext_arena a = {0};
    tm_term *t = NULL;
    size_t n = 0, cap = 0, keep = 0;
    int rc = 0;
    if (tm_phrase_terms(&t, &n, phrase) < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0 && n == 0) {
        free(t);
        t = NULL;
        if (tm_terms(&t, &n, &cap, phrase, &a) < 0)
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        for (size_t k = 0; rc == 0 && k < n; k++)
            if (t[k].trigram && !memchr(t[k].text, ' ', t[k].len))
                t[keep++] = t[k]; /* its words may be parts of longer ones */
        n = keep;
    }
    if (rc == 0 && n && tsquery(q, t, n, " & ") < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0)
        rc = head_terms(q, none, tm, phrase, err);
    bitext_arena_free(&a);
    free(t);
    return rc;
}

/*
 * Three characters or more: the word index's candidates (phrase_query) when they are few;
 * else the newest window, where a common phrase finds its hits; else the candidates below it
 * when they are not too many to read; else the windows before it, newest first.
 */
static int concord_long(bitext_tm *tm, const char *phrase, const char *pattern,
                        tm_variant_fn fn, void *ctx, bitext_error *err)
{
    bitext_buf q = {0};
    int64_t hi = 0;
    bool done = false;
    int rc = phrase_query(&q, &done, tm, phrase, err);
    if (rc == 0 && !done && q.len)
        rc = complete_set(&done, tm, q.data, CANDIDATES, INT64_MAX, fn, ctx, err);
    if (rc == 0 && !done && (rc = top_id(&hi, tm, err)) == 0 &&
        (rc = scan_windows(&hi, 1, tm, pattern, fn, ctx, err)) == 1)
        done = true;
    if (rc >= 0 && !done && q.len)
        rc = complete_set(&done, tm, q.data, MANY, hi, fn, ctx, err);
    if (rc >= 0 && !done)
        rc = scan_windows(&hi, -1, tm, pattern, fn, ctx, err);
    bitext_buf_free(&q);
    return rc < 0 ? rc : 0;
}

/* Shorter: whole words through the word index, then the newest rows (a bounded scan). */
static int concord_short(bitext_tm *tm, const char *phrase, tm_variant_fn fn, void *ctx,
                         bitext_error *err)
{
    bitext_arena a = {0};
    bitext_buf q = {0};
    tm_term *t = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (tm_terms(&t, &n, &cap, phrase, &a) < 0 || tsquery(&q, t, n, " & ") < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0 && n)
        rc = scan_newest(tm, "words @@ $2::tsquery", q.data, SIZE_MAX, fn, ctx, err);
    bitext_buf_free(&q);
    bitext_arena_free(&a);
    free(t);
    if (rc == 0)
        rc = scan_newest(tm, NULL, NULL, SCAN, fn, ctx, err);
    return rc;
}

static int pg_concord(bitext_tm *tm, const char *phrase, size_t nchars, tm_variant_fn fn,
                      void *ctx, bitext_error *err)
{
    char *pattern;
    int rc;
    if (nchars < 3)
        return concord_short(tm, phrase, fn, ctx, err);
    if (!(pattern = like_pattern(phrase)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    rc = concord_long(tm, phrase, pattern, fn, ctx, err);
    free(pattern);
    return rc;
}

/* ---- review ---------------------------------------------------------------------------- */

static int pg_find_document(int64_t *out, char *lang, size_t lang_size, bitext_tm *tm,
                            const char *name, bitext_error *err)
{
    const char *params[] = {name};
    PGresult *res = NULL;
    int rc;
    if ((rc = query(&res, tm, "SELECT id, lang FROM document WHERE name = $1"
                    " ORDER BY id DESC LIMIT 1", 1, params, "finding a document", err)) < 0)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return tm_no_document(tm, name, err);
    }
    *out = int_at(res, 0, 0);
    if (lang && lang_size)
        snprintf(lang, lang_size, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    return 0;
}

/* A statement with int64 parameters, for with_wait (it may wait for another writer's rows). */
typedef struct {
    const char *sql, *what;
    int n;
    int64_t args[4];
    PGresult *res;                 /* its result, when kept */
} int_stmt;

static int run_int_stmt(bitext_tm *tm, void *arg, bitext_error *err)
{
    int_stmt *q = arg;
    char v[4][32];
    const char *params[4];
    for (int k = 0; k < q->n; k++) {
        snprintf(v[k], sizeof v[k], "%lld", (long long)q->args[k]);
        params[k] = v[k];
    }
    PQclear(q->res);
    return query(&q->res, tm, q->sql, q->n, params, q->what, err);
}

/* Runs q (under with_wait when it writes); q->res is the result (PQclear it). */
static int int_stmt_run(bitext_tm *tm, int_stmt *q, bool writes, bitext_error *err)
{
    int rc = writes ? with_wait(tm, run_int_stmt, q, err) : run_int_stmt(tm, q, err);
    if (rc < 0) {
        PQclear(q->res);
        q->res = NULL;
    }
    return rc;
}

/* The variants go first, giving their languages: the counts per language are taken off at
 * commit with the others (update_langs keeps the order of lang_stat's row locks). */
static int pg_delete_tu(bitext_tm *tm, int64_t id, bitext_error *err)
{
    int_stmt q = {"WITH d AS (DELETE FROM tuv WHERE tu_id = $1::bigint RETURNING lang)"
                  " SELECT lang, count(*) FROM d GROUP BY lang", "removing a TU", 1, {id}, NULL};
    int rc = int_stmt_run(tm, &q, true, err);
    for (int r = 0; rc == 0 && r < PQntuples(q.res); r++)
        rc = tm_langs_add(tm, PQgetvalue(q.res, r, 0), -int_at(q.res, r, 1), err);
    PQclear(q.res);
    if (rc < 0)
        return rc;
    q = (int_stmt){"DELETE FROM tu WHERE id = $1::bigint", "removing a TU", 1, {id}, NULL};
    rc = int_stmt_run(tm, &q, true, err);
    PQclear(q.res);
    return rc;
}

static int pg_mark_reviewed(bitext_tm *tm, int64_t id, int64_t when, int64_t src_doc,
                            int64_t tgt_doc, bitext_error *err)
{
    int_stmt q = {"UPDATE tu SET origin = '" BITEXT_TM_ORIGIN_REVIEWED "',"
                  " changed = $2::bigint, confidence = 1,"
                  " src_doc = CASE WHEN $3::bigint <> 0 THEN $3::bigint ELSE src_doc END,"
                  " tgt_doc = CASE WHEN $4::bigint <> 0 THEN $4::bigint ELSE tgt_doc END"
                  " WHERE id = $1::bigint", "marking a TU as reviewed", 4,
                  {id, when, src_doc, tgt_doc}, NULL};
    int rc = int_stmt_run(tm, &q, true, err);
    PQclear(q.res);
    return rc;
}

static int pg_set_document_reviewed(bitext_tm *tm, int64_t doc, int64_t when,
                                    bitext_error *err)
{
    int_stmt q = {"UPDATE document SET reviewed = $2::bigint WHERE id = $1::bigint",
                  "marking a document as reviewed", 2, {doc, when}, NULL};
    int rc = int_stmt_run(tm, &q, true, err);
    PQclear(q.res);
    return rc;
}

static int pg_document_reviewed(int64_t *out, bitext_tm *tm, int64_t doc, bitext_error *err)
{
    int_stmt q = {"SELECT reviewed FROM document WHERE id = $1::bigint", "reading a document",
                  1, {doc}, NULL};
    int rc = int_stmt_run(tm, &q, false, err);
    if (rc == 0 && PQntuples(q.res))
        *out = int_at(q.res, 0, 0);
    PQclear(q.res);
    return rc;
}

static int pg_superseded(bool *out, bitext_tm *tm, int64_t tu_id, const char *lang,
                         int64_t hash, bitext_error *err)
{
    char h[32], id[32];
    const char *params[] = {h, lang, id};
    PGresult *res = NULL;
    int rc;
    snprintf(h, sizeof h, "%lld", (long long)hash);
    snprintf(id, sizeof id, "%lld", (long long)tu_id);
    *out = false;
    if ((rc = run_prepared(&res, tm, Q_SUPERSEDED, 3, params, "reading the TM", err)) < 0)
        return rc;
    *out = PQntuples(res) > 0;
    PQclear(res);
    return 0;
}

static int pg_has_reviewed(bool *out, bitext_tm *tm, bitext_error *err)
{
    int_stmt q = {"SELECT EXISTS(SELECT 1 FROM tu WHERE origin = '" BITEXT_TM_ORIGIN_REVIEWED
                  "')::int", "reading the TM", 0, {0}, NULL};
    int rc = int_stmt_run(tm, &q, false, err);
    *out = rc == 0 && int_at(q.res, 0, 0) != 0;
    PQclear(q.res);
    return rc;
}

static int pg_reviewed_hashes(int64_t **out, size_t *n, bitext_tm *tm, bitext_error *err)
{
    PGresult *res = NULL;
    int rc = query(&res, tm, TM_REVIEWED_HASHES_SQL, 0, NULL, "reading the TM", err);
    *out = NULL;
    *n = 0;
    if (rc == 0 && PQntuples(res) &&
        !(*out = malloc((size_t)PQntuples(res) * sizeof **out)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (int r = 0; rc == 0 && r < PQntuples(res); r++)
        (*out)[(*n)++] = int_at(res, r, 0);
    PQclear(res);
    return rc;
}

static const tm_store_ops pg_ops = {
    "PostgreSQL", pg_close, recognise, pg_begin, pg_commit, pg_rollback, pg_sync,
    pg_add_document, pg_find_tu, pg_insert_tu, pg_stats,
    pg_rows_open, pg_rows_next, pg_rows_props, pg_rows_close,
    pg_exact, pg_term_ids, pg_variants, pg_tu_variants, pg_concord,
    pg_find_document, pg_delete_tu, pg_mark_reviewed, pg_set_document_reviewed,
    pg_document_reviewed, pg_superseded, pg_has_reviewed, pg_reviewed_hashes,
};

#endif
