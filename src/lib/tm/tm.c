/*
 * tm.c - the TM's public entry points: opening a file or a server, transactions, documents,
 * TUs (with duplicate keys), stats.  What to store and how to recognise a duplicate is
 * decided here; the store (tm->ops) only runs the SQL.
 */
#include <stdlib.h>
#include <string.h>

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
    if (tm->ops)
        tm->ops->close(tm);
    free(tm->path);
    free(tm);
}

int bitext_tm_begin(bitext_tm *tm, bitext_error *err)
{
    int rc;
    if (tm->in_tx)
        return bitext_fail(err, BITEXT_EINVAL, "a transaction is already open");
    if ((rc = tm->ops->begin(tm, err)) < 0)
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
    return 0;
}

void bitext_tm_rollback(bitext_tm *tm)
{
    if (!tm || !tm->in_tx)
        return;
    tm->ops->rollback(tm);
    tm->in_tx = 0;
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
    if ((rc = tm->ops->sync(tm, err)) < 0)
        return rc; /* counts of this transaction's variants */
    return tm->ops->stats(out, tm, err);
}
