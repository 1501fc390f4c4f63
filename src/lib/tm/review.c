/*
 * review.c - what a review changes in the TM: documents found by name, TUs found, removed or
 * marked as reviewed, the date a document's pairs were last reviewed.
 *
 * The policy (which pairs are kept, edited, added or removed) lives above this module
 * (tsv_import.c); these are the few storage operations it needs, each one question to the
 * store (tm->ops), so both backends give the same answers.  Reads see this transaction's
 * writes (sync first); writes run in the caller's transaction or one of their own.
 */
#include <stdlib.h>

#include "tm_int.h"

int tm_no_document(bitext_tm *tm, const char *name, bitext_error *err)
{
    return bitext_fail_at(err, BITEXT_ENOTFOUND, tm->path, 0, 0, -1,
                          "no document named '%s' in the TM (bitext stats lists them)", name);
}

int tm_review_which(const bitext_tm_filter *filter)
{
    unsigned flags = filter && filter->version >= 2 ? filter->flags : 0;
    return (flags & BITEXT_TM_FILTER_REVIEWED) ? 1 : (flags & BITEXT_TM_FILTER_UNREVIEWED) ? 2 : 0;
}

int bitext_tm_find_document(int64_t *out, char *lang, size_t lang_size, bitext_tm *tm,
                            const char *name, bitext_error *err)
{
    int rc;
    *out = 0;
    if (lang && lang_size)
        *lang = '\0';
    if ((rc = tm_sync(tm, err)) < 0)
        return rc;
    return tm->ops->find_document(out, lang, lang_size, tm, name, err);
}

int bitext_tm_find_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu, bitext_error *err)
{
    tm_new_tu t;
    int rc;
    *out = 0;
    if (tu->ntuvs == 0)
        return 0;
    if ((rc = tm_sync(tm, err)) < 0 ||
        (rc = tm_new_tu_prepare(&t, tu, 0, 0, err)) < 0)
        return rc;
    rc = tm->ops->find_tu(out, tm, &t, err);
    tm_new_tu_free(&t);
    return rc;
}

int bitext_tm_delete_tu(bitext_tm *tm, int64_t id, bitext_error *err)
{
    bool started;
    int rc;
    if ((rc = tm_auto_begin(&started, tm, err)) < 0)
        return rc;
    /* the TU may still be in the store's buffers (a batch not sent, an index not synced) */
    if ((rc = tm_sync(tm, err)) == 0)
        rc = tm->ops->delete_tu(tm, id, err);
    return tm_auto_end(tm, started, rc, err);
}

int bitext_tm_mark_reviewed(bitext_tm *tm, int64_t id, int64_t when, int64_t src_doc,
                            int64_t tgt_doc, bitext_error *err)
{
    bool started;
    int rc;
    if ((rc = tm_auto_begin(&started, tm, err)) < 0)
        return rc;
    if ((rc = tm_sync(tm, err)) == 0)
        rc = tm->ops->mark_reviewed(tm, id, when, src_doc, tgt_doc, err);
    return tm_auto_end(tm, started, rc, err);
}

int bitext_tm_set_document_reviewed(bitext_tm *tm, int64_t doc, int64_t when, bitext_error *err)
{
    bool started;
    int rc;
    if ((rc = tm_auto_begin(&started, tm, err)) < 0)
        return rc;
    rc = tm->ops->set_document_reviewed(tm, doc, when, err);
    return tm_auto_end(tm, started, rc, err);
}

int bitext_tm_document_reviewed(int64_t *out, bitext_tm *tm, int64_t doc, bitext_error *err)
{
    *out = 0;
    return tm->missing ? 0 : tm->ops->document_reviewed(out, tm, doc, err);
}
