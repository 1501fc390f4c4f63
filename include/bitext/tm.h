/**
 * tm.h - the translation memory: one SQLite file.
 *
 * The schema is versioned (PRAGMA user_version) and migrated on open; the file uses WAL and
 * foreign keys.  Every command works inside one transaction (bitext_tm_begin/commit), so a
 * failure leaves the TM as it was.  Only this module touches SQLite.  A bitext_tm is not
 * thread-safe.
 */
#ifndef BITEXT_TM_H
#define BITEXT_TM_H

#include "common.h"
#include "error.h"
#include "tu.h"

enum {
    BITEXT_TM_READONLY = 1u << 0,  /* open for reading only; never create */
    BITEXT_TM_NOCREATE = 1u << 1   /* fail with BITEXT_ENOTFOUND when the file is missing */
};

#define BITEXT_TM_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int flags;
} bitext_tm_options;
#define BITEXT_TM_OPTIONS_INIT { BITEXT_TM_OPTIONS_VERSION, 0 }

typedef struct bitext_tm bitext_tm;

/**
 * Opens (creating unless BITEXT_TM_NOCREATE/READONLY, migrating when older) the TM at path.
 * Fails with BITEXT_EFORMAT when the file is not a bitext database, BITEXT_EREADONLY when
 * it cannot be written and writing was asked for.
 */
BITEXT_API int bitext_tm_open(bitext_tm **out, const char *path, const bitext_tm_options *opts,
                              bitext_error *err);
BITEXT_API void bitext_tm_close(bitext_tm *tm);

/** One transaction per command: begin, then commit or rollback (rollback never fails). */
BITEXT_API int bitext_tm_begin(bitext_tm *tm, bitext_error *err);
BITEXT_API int bitext_tm_commit(bitext_tm *tm, bitext_error *err);
BITEXT_API void bitext_tm_rollback(bitext_tm *tm);

typedef struct {
    const char *name;      /* file name or URI as given */
    const char *lang;      /* canonical tag */
    const char *sha256;    /* hex checksum of the raw file, or NULL */
    const char *title;     /* or NULL */
    const char *edition;   /* or NULL */
} bitext_tm_document;

/** Adds a document, or finds the same (name, lang, sha256) already there; its id to *out. */
BITEXT_API int bitext_tm_add_document(int64_t *out, bitext_tm *tm, const bitext_tm_document *doc,
                                      bitext_error *err);

/**
 * Stores a TU (all its variants, codes, props).  When a TU with the same variants (same
 * languages and the same normalised texts) is already stored, nothing is added and *out is
 * 0; else *out is the new TU's id.  src_doc/tgt_doc link the TU to documents (0 = none).
 * out may be NULL.
 */
BITEXT_API int bitext_tm_add_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu,
                                int64_t src_doc, int64_t tgt_doc, bitext_error *err);

typedef struct {
    char lang[64];
    int64_t tuvs;
} bitext_tm_lang_count;

typedef struct {
    int64_t documents;
    int64_t tus;
    int64_t tuvs;
    size_t nlangs;                 /* entries used in langs (at most 64, most frequent first) */
    bitext_tm_lang_count langs[64];
} bitext_tm_stats;

BITEXT_API int bitext_tm_stats_get(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err);

/* ---- reading TUs back (export) -------------------------------------------------------- */

#define BITEXT_TM_FILTER_VERSION 1
typedef struct {
    unsigned int version;
    const char *const *langs;      /* keep only these languages (NULL-terminated), NULL = all */
    double min_confidence;         /* TUs below are skipped (unknown confidence passes), 0 = all */
    const char *document;          /* only TUs linked to this document name, or NULL */
    const char *origin;            /* only this origin, or NULL */
    int64_t since, until;          /* creation date window (unix seconds), 0 = open */
} bitext_tm_filter;
#define BITEXT_TM_FILTER_INIT { BITEXT_TM_FILTER_VERSION, NULL, 0.0, NULL, NULL, 0, 0 }

typedef struct bitext_tm_iter bitext_tm_iter;

/** Starts iterating TUs in id order.  filter may be NULL. */
BITEXT_API int bitext_tm_iter_new(bitext_tm_iter **out, bitext_tm *tm,
                                  const bitext_tm_filter *filter, bitext_error *err);
/**
 * Fills *tu (cleared first) with the next TU having at least two variants in the filtered
 * languages.  Returns 1 when a TU was read, 0 at the end, < 0 on error.
 */
BITEXT_API int bitext_tm_iter_next(bitext_tm_iter *it, bitext_tu *tu, bitext_error *err);
BITEXT_API void bitext_tm_iter_free(bitext_tm_iter *it);

#endif
