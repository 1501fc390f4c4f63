/*
 * tm.c - the TM's public entry points: opening a file or a server, transactions, documents,
 * TUs (with duplicate keys), stats.  What to store and how to recognise a duplicate is
 * decided here; the store (tm->ops) only runs the SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tm_int.h"

const char *bitext_tm_name(const bitext_tm *tm)
{
    return tm->path;
}

bool bitext_tm_is_uri(const char *target)
{
    return target && (strncmp(target, "postgresql://", 13) == 0 ||
                      strncmp(target, "postgres://", 11) == 0);
}

int bitext_tm_open(bitext_tm **out, const char *path, const bitext_tm_options *opts,
                   bitext_error *err)
{
    bitext_tm *tm = NULL;
    int rc;
    *out = NULL;
    if (opts && opts->version != 1 && opts->version != BITEXT_TM_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_tm_options: unknown version %u",
                           opts->version);
    if (!(tm = calloc(1, sizeof *tm)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    tm->flags = opts ? opts->flags : 0;
    tm->wait_ms = BITEXT_TM_WAIT_DEFAULT_MS;
    if (opts && opts->version >= 2) {
        tm->wait_ms = opts->wait_ms > 0 ? opts->wait_ms : opts->wait_ms < 0 ? 0 : tm->wait_ms;
        tm->on_wait = opts->on_wait;
        tm->on_wait_ctx = opts->on_wait_ctx;
    }
    if (bitext_tm_is_uri(path)) {
        rc = tm_pg_open(tm, path, err);
    } else if (!(tm->path = bitext_strdup(path))) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    } else {
        rc = tm_sqlite_open(tm, err);
    }
    if (rc == BITEXT_ENOTFOUND && (tm->flags & BITEXT_TM_DEFER) && tm->ops) {
        /* the store keeps what it opened (the server's connection): begin creates the TM */
        tm->missing = true;
        bitext_error_clear(err);
        rc = 0;
    }
    if (rc < 0)
        bitext_tm_close(tm);
    else
        *out = tm;
    return rc;
}

bool bitext_tm_exists(const bitext_tm *tm)
{
    return !tm->missing;
}

/* Creates the TM a deferred open found missing, as an open without the flag would have. */
static int create_missing(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if (tm->flags & BITEXT_TM_READONLY)
        return bitext_fail_at(err, BITEXT_ENOTFOUND, tm->path, 0, 0, -1,
                              "no such translation memory (align or import creates one)");
    tm->flags &= ~(unsigned int)(BITEXT_TM_NOCREATE | BITEXT_TM_DEFER);
    if ((rc = tm->ops->create(tm, err)) == 0)
        tm->missing = false;
    return rc;
}

int tm_sync(bitext_tm *tm, bitext_error *err)
{
    if (tm->missing)
        return bitext_fail_at(err, BITEXT_ENOTFOUND, tm->path, 0, 0, -1,
                              "no translation memory yet (its first write creates it)");
    return tm->ops->sync(tm, err);
}

void bitext_tm_close(bitext_tm *tm)
{
    if (!tm)
        return;
    if (tm->in_tx)
        bitext_tm_rollback(tm);
    if (tm->ops)
        tm->ops->close(tm);
    free(tm->langs);
    free(tm->path);
    free(tm);
}

int bitext_tm_begin(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if (tm->in_tx)
        return bitext_fail(err, BITEXT_EINVAL, "a transaction is already open");
    if ((tm->missing && (rc = create_missing(tm, err)) < 0) ||
        (rc = tm->ops->begin(tm, err)) < 0)
        return rc;
    tm->in_tx = 1;
    return 0;
}

int bitext_tm_commit(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if (!tm->in_tx)
        return bitext_fail(err, BITEXT_EINVAL, "no transaction to commit");
    if ((rc = tm->ops->commit(tm, err)) < 0) {
        bitext_tm_rollback(tm);
        return rc;
    }
    tm->in_tx = 0;
    tm_langs_clear(tm);
    return 0;
}

void bitext_tm_rollback(bitext_tm *tm)
{
    if (!tm || !tm->in_tx)
        return;
    tm->ops->rollback(tm);
    tm->in_tx = 0;
    tm_langs_clear(tm);
}

int tm_auto_begin(bool *started, bitext_tm *tm, bitext_error *err)
{
    *started = !tm->in_tx;
    return *started ? bitext_tm_begin(tm, err) : 0;
}

int tm_auto_end(bitext_tm *tm, bool started, int rc, bitext_error *err)
{
    if (!started)
        return rc;
    if (rc < 0) {
        bitext_tm_rollback(tm);
        return rc;
    }
    return bitext_tm_commit(tm, err);
}

int bitext_tm_add_document(int64_t *out, bitext_tm *tm, const bitext_tm_document *doc,
                           bitext_error *err)
{
    bool started;
    int rc;
    if ((rc = tm_auto_begin(&started, tm, err)) < 0)
        return rc;
    rc = tm->ops->add_document(out, tm, doc, err);
    return tm_auto_end(tm, started, rc, err);
}

/*
 * Inside the caller's transaction a failure means rollback (tm.h); outside one the TU gets
 * a transaction of its own.
 */
int bitext_tm_add_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu, int64_t src_doc,
                     int64_t tgt_doc, bitext_error *err)
{
    tm_new_tu t;
    int64_t id = 0;
    bool started = false;
    int rc;
    if (out)
        *out = 0;
    if (tu->ntuvs == 0)
        return bitext_fail(err, BITEXT_EINVAL, "a TU needs at least one variant");
    if ((rc = tm_new_tu_prepare(&t, tu, src_doc, tgt_doc, err)) < 0)
        return rc;
    if ((rc = tm_auto_begin(&started, tm, err)) == 0) {
        rc = tm->ops->find_tu(&id, tm, &t, err);
        if (rc == 0 && id == 0)
            rc = tm->ops->insert_tu(&id, tm, &t, err);
        else
            id = 0; /* a duplicate: nothing added */
        for (size_t k = 0; rc == 0 && id && k < tu->ntuvs; k++)
            rc = tm_langs_add(tm, tu->tuvs[k].lang ? tu->tuvs[k].lang : "", 1, err);
        rc = tm_auto_end(tm, started, rc, err);
    }
    tm_new_tu_free(&t);
    if (rc == 0 && out)
        *out = id;
    return rc;
}

int bitext_tm_stats_get(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err)
{
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = tm_sync(tm, err)) < 0)
        return rc; /* counts of this transaction's variants */
    return tm->ops->stats(out, tm, err);
}

/* ---- what both stores do alike --------------------------------------------------------- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tm_wait_start(bitext_tm *tm)
{
    tm->wait_since_ms = now_ms();
    tm->wait_steps = 0;
    tm->wait_told = false;
}

void tm_wait_tell(bitext_tm *tm, int64_t waited_ms)
{
    if (tm->wait_told || !tm->on_wait)
        return;
    tm->wait_told = true;
    tm->on_wait(tm->on_wait_ctx, tm->path, (unsigned int)waited_ms);
}

/* Short steps first (a writer's commit is usually over in milliseconds), then 100 ms: a long
 * wait costs a few queries a second. */
bool tm_wait_step(bitext_tm *tm)
{
    static const int steps_ms[] = {1, 2, 5, 10, 20, 50, 100};
    int64_t waited = now_ms() - tm->wait_since_ms;
    int ms = steps_ms[tm->wait_steps < 6 ? tm->wait_steps : 6];
    struct timespec ts = {0, (long)ms * 1000000L};
    if (waited >= tm->wait_ms)
        return false;
    if (waited >= 2000)
        tm_wait_tell(tm, waited);
    tm->wait_steps++;
    nanosleep(&ts, NULL);
    return true;
}

int tm_busy(bitext_error *err, bitext_tm *tm, const char *holder, const char *what)
{
    double waited = tm->wait_since_ms ? (double)(now_ms() - tm->wait_since_ms) / 1000.0 : 0.0;
    return bitext_fail_at(err, BITEXT_EBUSY, tm->path, 0, 0, -1,
                          "the TM is busy: %s (waited %.0f s, %s); try again, or wait longer "
                          "with --wait SECONDS", holder, waited, what);
}

int tm_schema_check(bitext_tm *tm, int version, int readable_from, bitext_error *err)
{
    bool ro = tm->flags & BITEXT_TM_READONLY;
    if (version > BITEXT_TM_SCHEMA_VERSION)
        return bitext_fail_at(err, BITEXT_EFORMAT, tm->path, 0, 0, -1,
                              "the TM has schema version %d; this bitext knows up to %d "
                              "(upgrade bitext)", version, BITEXT_TM_SCHEMA_VERSION);
    if (version == BITEXT_TM_SCHEMA_VERSION || (ro && version >= readable_from))
        return 0;
    if (ro)
        return bitext_fail_at(err, BITEXT_EREADONLY, tm->path, 0, 0, -1,
                              "the TM needs a schema upgrade (v%d to v%d); open it once for "
                              "writing", version, BITEXT_TM_SCHEMA_VERSION);
    return 1;
}

int tm_langs_add(bitext_tm *tm, const char *lang, int64_t n, bitext_error *err)
{
    size_t k = 0;
    while (k < tm->nlangs && strcmp(tm->langs[k].lang, lang))
        k++;
    if (k == tm->nlangs) {
        if (bitext_grow((void **)&tm->langs, &tm->langs_cap, k + 1, sizeof *tm->langs) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        snprintf(tm->langs[k].lang, sizeof tm->langs[k].lang, "%s", lang);
        tm->langs[k].n = 0;
        tm->nlangs++;
    }
    tm->langs[k].n += n;
    return 0;
}

static int by_lang(const void *a, const void *b)
{
    return strcmp(((const tm_lang_count *)a)->lang, ((const tm_lang_count *)b)->lang);
}

int tm_langs_each(bitext_tm *tm,
                  int (*fn)(bitext_tm *tm, const char *lang, int64_t n, bitext_error *err),
                  bitext_error *err)
{
    int rc = 0;
    if (tm->nlangs > 1)
        qsort(tm->langs, tm->nlangs, sizeof *tm->langs, by_lang);
    for (size_t k = 0; k < tm->nlangs && rc == 0; k++)
        if (tm->langs[k].n)
            rc = fn(tm, tm->langs[k].lang, tm->langs[k].n, err);
    return rc;
}

void tm_langs_clear(bitext_tm *tm)
{
    tm->nlangs = 0;
}

/* Notes whether fn asked to stop: the store's variants op returns 0 either way. */
typedef struct {
    tm_variant_fn fn;
    void *ctx;
    int stop;
} chunk_ctx;

static int chunk_row(void *ctx, const tm_variant *v, bitext_error *err)
{
    chunk_ctx *c = ctx;
    return c->stop = c->fn(c->ctx, v, err);
}

int tm_variants_by_id(bitext_tm *tm, const int64_t *ids, size_t n, tm_variant_fn fn, void *ctx,
                      bitext_error *err)
{
    chunk_ctx c = {fn, ctx, 0};
    for (size_t k = 0; k < n && c.stop == 0; k += TM_VARIANT_CHUNK) {
        int rc = tm->ops->variants(tm, ids + k, n - k < TM_VARIANT_CHUNK ? n - k
                                                                         : TM_VARIANT_CHUNK,
                                   chunk_row, &c, err);
        if (rc < 0)
            return rc;
    }
    return c.stop < 0 ? c.stop : 0;
}
