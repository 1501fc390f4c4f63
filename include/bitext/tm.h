/**
 * tm.h - the translation memory: an SQLite file, or a PostgreSQL database a team shares.
 *
 * Both stores behave the same through this API and give the same lookup and concordance
 * results: what to store, duplicate keys, candidate selection and scores are decided in C
 * above them (src/lib/tm/); each store only runs its SQL (src/lib/tm/sqlite.c, pg.c).
 *
 * The schema is versioned and migrated on open (an SQLite file: PRAGMA user_version and
 * application_id BITEXT_TM_APPLICATION_ID; PostgreSQL: the table bitext_meta).  Every command
 * works inside one transaction (bitext_tm_begin/commit), so a failure leaves the TM as it
 * was; inside it, a failed call means the caller rolls back.  Readers never wait for writers
 * (SQLite's WAL, PostgreSQL's MVCC).  A file has one writer at a time: bitext_tm_begin waits
 * for another writer's transaction to end (up to the options' wait_ms).  On PostgreSQL
 * writers run at once; two storing the same TU meet on its key and the second waits (up to
 * wait_ms), as a writer waits for a schema upgrade.  Only this module touches SQLite and
 * libpq.  A bitext_tm is not thread-safe.
 */
#ifndef BITEXT_TM_H
#define BITEXT_TM_H

#include "common.h"
#include "error.h"
#include "tu.h"

enum {
    BITEXT_TM_READONLY = 1u << 0,  /* open for reading only; never create */
    BITEXT_TM_NOCREATE = 1u << 1,  /* fail with BITEXT_ENOTFOUND when the file is missing */
    /* a missing TM opens without being created (bitext_tm_exists says so); the first
     * bitext_tm_begin creates it.  A verb that writes opens the TM once, before its work,
     * and creates it only when that work succeeded (on a server: one connection for both) */
    BITEXT_TM_DEFER = 1u << 2
};

/* Called (from the waiting call) once a wait for another writer has lasted 2 seconds. */
typedef void (*bitext_tm_wait_fn)(void *ctx, const char *path, unsigned int waited_ms);

#define BITEXT_TM_OPTIONS_VERSION 2
typedef struct {
    unsigned int version;
    unsigned int flags;
    /* version 2: */
    int wait_ms;                   /* how long to wait for another writer; 0 = 300 s, < 0 none */
    bitext_tm_wait_fn on_wait;     /* or NULL */
    void *on_wait_ctx;
} bitext_tm_options;
#define BITEXT_TM_OPTIONS_INIT { BITEXT_TM_OPTIONS_VERSION, 0, 0, NULL, NULL }
#define BITEXT_TM_WAIT_DEFAULT_MS 300000

typedef struct bitext_tm bitext_tm;

/**
 * Opens (creating unless BITEXT_TM_NOCREATE/READONLY, migrating when older) the TM at path:
 * an SQLite file, or a PostgreSQL database given as a URI, postgresql://user@host/db or
 * postgres://... (any libpq connection URI; the TM's tables are made in the connection's
 * current schema, which is created when search_path names one that does not exist).  A
 * build without libpq fails on a URI with BITEXT_EINVAL.
 * Fails with BITEXT_EFORMAT when the file is not a bitext database, BITEXT_EREADONLY when
 * it cannot be written and writing was asked for, BITEXT_EBUSY when another process kept
 * the file locked for longer than the wait.  A TM left by a crashed writer opens as it was
 * at its last commit, also read-only and from a read-only directory.  Options of version 1
 * are accepted (they wait the default time).
 */
BITEXT_API int bitext_tm_open(bitext_tm **out, const char *path, const bitext_tm_options *opts,
                              bitext_error *err);
BITEXT_API void bitext_tm_close(bitext_tm *tm);
/**
 * False while a TM opened with BITEXT_TM_DEFER is missing.  Until its first bitext_tm_begin
 * creates it, reading it fails with BITEXT_ENOTFOUND (a missing directory that could not hold
 * the new file failed the open already, with BITEXT_EREADONLY).
 */
BITEXT_API bool bitext_tm_exists(const bitext_tm *tm);
/** The TM's file path, or its URI without the password: what messages should name. */
BITEXT_API const char *bitext_tm_name(const bitext_tm *tm);
/** True when target names a database server (a postgresql:// or postgres:// URI), not a file. */
BITEXT_API bool bitext_tm_is_uri(const char *target);

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
 * Stores a TU (all its variants, codes, props, notes, dates; bitext_tm_iter_next gives them
 * back exactly).  When a TU with the same variants (same languages and the same normalised
 * texts, bitext_tm_normalize) is already stored, nothing is added and *out is 0; else *out
 * is the new TU's id.  src_doc/tgt_doc link the TU to documents (0 = none).  A TU without a
 * creation date gets the current time.  out may be NULL.  Outside a transaction the TU gets
 * one of its own.
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
    int schema_version;            /* PRAGMA user_version of the file */
    int64_t file_size;             /* bytes of the database file (without -wal) */
    int64_t langs_total;           /* languages in the TM; langs[] lists the 64 most frequent */
} bitext_tm_stats;

BITEXT_API int bitext_tm_stats_get(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err);

/* ---- reading TUs back (export) -------------------------------------------------------- */

/* Filter flags (version 2).  By default a TU that a reviewed TU supersedes (an unreviewed one
 * whose source segment - its srclang variant, else its first - a reviewed TU holds in the
 * same language, with a translation into a language this TU has too) is left out: reviewed
 * pairs win. */
enum {
    BITEXT_TM_FILTER_REVIEWED = 1u << 0,   /* only reviewed TUs (origin "reviewed") */
    BITEXT_TM_FILTER_UNREVIEWED = 1u << 1, /* only the others */
    BITEXT_TM_FILTER_SUPERSEDED = 1u << 2  /* keep the superseded TUs too */
};

#define BITEXT_TM_FILTER_VERSION 2
typedef struct {
    unsigned int version;          /* 1 (no flags) or 2 */
    const char *const *langs;      /* keep only these languages (NULL-terminated), NULL = all */
    double min_confidence;         /* TUs below are skipped (unknown confidence passes), 0 = all */
    const char *document;          /* only TUs linked to this document name, or NULL */
    const char *origin;            /* only this origin, or NULL */
    int64_t since, until;          /* creation date window (unix seconds), 0 = open */
    unsigned int flags;            /* BITEXT_TM_FILTER_* (version 2) */
} bitext_tm_filter;
#define BITEXT_TM_FILTER_INIT { BITEXT_TM_FILTER_VERSION, NULL, 0.0, NULL, NULL, 0, 0, 0 }

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
/**
 * The row id of the TU bitext_tm_iter_next read last and the documents it is linked to
 * (0 = none).  Any pointer may be NULL.
 */
BITEXT_API void bitext_tm_iter_ids(const bitext_tm_iter *it, int64_t *tu_id, int64_t *src_doc,
                                   int64_t *tgt_doc);

/* ---- review: pairs a person corrected -------------------------------------------------- */

/**
 * The origin of a TU a person corrected or confirmed (bitext import of a review TSV).  Such
 * a TU wins over unreviewed ones with the same source: they are left out of export (see the
 * filter flags) and of lookup results, and the aligner learns from reviewed pairs first.
 */
#define BITEXT_TM_ORIGIN_REVIEWED "reviewed"

/**
 * The newest document named name (as align stored it: the file name as given); its id to
 * *out and, when lang is not NULL, its language.  BITEXT_ENOTFOUND when there is none.
 */
BITEXT_API int bitext_tm_find_document(int64_t *out, char *lang, size_t lang_size,
                                       bitext_tm *tm, const char *name, bitext_error *err);

/**
 * The id of a stored TU with the same variants as tu (the duplicate bitext_tm_add_tu would
 * find: languages, normalised texts, inline codes), or 0.
 */
BITEXT_API int bitext_tm_find_tu(int64_t *out, bitext_tm *tm, const bitext_tu *tu,
                                 bitext_error *err);

/**
 * Removes TU id with its variants, props and full-text entries.  Inside a transaction, as
 * every write.  A missing id is not an error.
 */
BITEXT_API int bitext_tm_delete_tu(bitext_tm *tm, int64_t id, bitext_error *err);

/**
 * Marks TU id as reviewed (origin BITEXT_TM_ORIGIN_REVIEWED, changed = when, confidence 1:
 * a person confirmed the pairing) and, where
 * src_doc / tgt_doc are not 0, links it to those documents.
 */
BITEXT_API int bitext_tm_mark_reviewed(bitext_tm *tm, int64_t id, int64_t when,
                                       int64_t src_doc, int64_t tgt_doc, bitext_error *err);

/**
 * When the pairs of document doc were last replaced by a review (unix seconds; 0 = never):
 * bitext_tm_set_document_reviewed records it, bitext_tm_document_reviewed reads it.
 */
BITEXT_API int bitext_tm_set_document_reviewed(bitext_tm *tm, int64_t doc, int64_t when,
                                               bitext_error *err);
BITEXT_API int bitext_tm_document_reviewed(int64_t *out, bitext_tm *tm, int64_t doc,
                                           bitext_error *err);

/* ---- schema ---------------------------------------------------------------------------- */

/** The schema version this library writes (PRAGMA user_version after open). */
#define BITEXT_TM_SCHEMA_VERSION 4
/** The application_id stamped into every bitext TM ("BiTx"). */
#define BITEXT_TM_APPLICATION_ID 0x42695478

/**
 * The text the TM compares for exact matches and duplicates: NFC, runs of white space
 * collapsed to one space, trimmed.  *out is malloc'd (caller frees).
 */
BITEXT_API int bitext_tm_normalize(char **out, const char *text, bitext_error *err);

/**
 * Marks the repetitions among n texts (the segments of a document, in order), as a CAT tool's
 * analysis counts them: out[i] (n elements, the caller's) is true when an earlier text is the
 * same once normalised as the TM compares texts for exact matches (bitext_tm_normalize), so
 * "Tickets cost 3 euros." and " Tickets  cost 3 euros. " repeat each other.  Returns 0, or
 * BITEXT_ENOMEM / BITEXT_EICU (out then undefined).
 */
BITEXT_API int bitext_tm_repetitions(bool *out, const char *const *texts, size_t n,
                                     bitext_error *err);

/* ---- lookup: exact, context (101) and fuzzy matches ------------------------------------ */

#define BITEXT_TM_LOOKUP_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int threshold;        /* lowest score returned, percent; default 70 */
    unsigned int max;              /* at most this many matches; default 5 */
    const char *src_lang;          /* language of the query (required) */
    const char *tgt_lang;          /* language of the translations (required) */
    const char *prev;              /* the segment before the query, or NULL (context match) */
    const char *next;              /* the segment after the query, or NULL */
    size_t ncodes;                 /* inline codes in the query (penalised when they differ) */
} bitext_tm_lookup_options;
#define BITEXT_TM_LOOKUP_OPTIONS_INIT \
    { BITEXT_TM_LOOKUP_OPTIONS_VERSION, 70, 5, NULL, NULL, NULL, NULL, 0 }

typedef struct {
    int score;                     /* 101 context, 100 exact, else fuzzy percentage */
    int64_t tu_id;                 /* row id of the TU in the TM */
    char *source;                  /* the stored source text (owned by the result array) */
    char *target;                  /* its translation */
    char *src_lang, *tgt_lang;     /* the stored variants' languages */
    int64_t created;               /* the TU's creation date (unix seconds) */
    char *tuid;                    /* or NULL */
    int reviewed;                  /* 1 when the TU is reviewed (BITEXT_TM_ORIGIN_REVIEWED) */
} bitext_tm_match;

/**
 * Finds the best matches for text (plain UTF-8): exact (100; 101 when opts->prev/next match
 * the stored neighbours too), then fuzzy ones scored with OmegaT's token edit-distance
 * formula, 100 * (max(len) - distance) / max(len), minus penalties for differing numbers,
 * punctuation and inline codes.  Fuzzy candidates come from the full-text index (rarest
 * terms, length window), never from a scan.  Sorted by score, then reviewed before unreviewed,
 * then newest first; an unreviewed match whose source a reviewed match has (same language
 * and normalised text, the same target language) is left out: reviewed pairs win.  *out
 * (may be NULL when *n is 0) is freed with bitext_tm_matches_free.
 */
BITEXT_API int bitext_tm_lookup(bitext_tm_match **out, size_t *n, bitext_tm *tm, const char *text,
                                const bitext_tm_lookup_options *opts, bitext_error *err);
BITEXT_API void bitext_tm_matches_free(bitext_tm_match *m, size_t n);

/**
 * The fuzzy score of two segments (0..100), the formula bitext_tm_lookup uses; ncodes_a/b
 * are their inline-code counts.  Exposed for tests and tools.
 */
BITEXT_API int bitext_tm_fuzzy_score(const char *a, size_t ncodes_a, const char *b,
                                     size_t ncodes_b);

/* ---- concordance ----------------------------------------------------------------------- */

#define BITEXT_TM_CONCORD_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    const char *lang;              /* search only variants in this language, or NULL = all */
    const char *tgt_lang;          /* translation shown beside each hit, NULL = any other */
    unsigned int max;              /* at most this many hits; default 20 */
} bitext_tm_concord_options;
#define BITEXT_TM_CONCORD_OPTIONS_INIT { BITEXT_TM_CONCORD_OPTIONS_VERSION, NULL, NULL, 20 }

typedef struct {
    int64_t tu_id;
    char *lang;                    /* language of the segment holding the phrase */
    char *text;                    /* that segment */
    size_t start, end;             /* byte range of the phrase in text (case-insensitive) */
    char *tgt_lang;                /* the translation's language, or NULL when none */
    char *target;                  /* the translation, or NULL */
} bitext_tm_concord_hit;

/**
 * Finds phrase (case-insensitive) inside stored segments through the trigram index; phrases
 * shorter than three characters (which a trigram index cannot look up) go through the word
 * index and a bounded scan.  Newest first.  *out is freed with bitext_tm_concord_free.
 */
BITEXT_API int bitext_tm_concord(bitext_tm_concord_hit **out, size_t *n, bitext_tm *tm,
                                 const char *phrase, const bitext_tm_concord_options *opts,
                                 bitext_error *err);
BITEXT_API void bitext_tm_concord_free(bitext_tm_concord_hit *h, size_t n);

#endif
