/*
 * tm_int.h - what the files of the TM share (never installed): the handle, the store
 * interface its two backends implement, and the C logic both use.
 *
 * The TM is written in two layers.  Above, in tm.c, text.c, lookup.c, concord.c and iter.c:
 * everything that decides (normalisation, duplicate keys, index terms, candidate selection,
 * fuzzy scores, 101/100 logic, concordance match positions, assembling TUs).  Below, one
 * store per backend (sqlite.c, pg.c) answering the few questions of tm_store_ops in SQL;
 * all SQL of a backend is in its file.  Both backends therefore give the same matches and
 * percentages for the same data.
 */
#ifndef BITEXT_TM_INT_H
#define BITEXT_TM_INT_H

#include "bitext/lang.h"
#include "bitext/tm.h"
#include "util_int.h"

typedef struct tm_store_ops tm_store_ops;

/* Variants a transaction added (n > 0) or removed (n < 0) in one language, kept until the
 * store adds them to its counts per language. */
typedef struct {
    char lang[BITEXT_LANG_MAX];
    int64_t n;
} tm_lang_count;

struct bitext_tm {
    const tm_store_ops *ops;
    void *store;                   /* the backend's state */
    char *path;                    /* file path, or the URI without its password: for messages */
    unsigned int flags;
    int wait_ms;                   /* longest wait for another writer */
    bitext_tm_wait_fn on_wait;
    void *on_wait_ctx;
    int in_tx;                     /* inside bitext_tm_begin .. commit/rollback */
    bool missing;                  /* opened with BITEXT_TM_DEFER and not created yet */
    /* the current wait for another writer (tm_wait_start) */
    int64_t wait_since_ms;         /* monotonic; 0 = no wait */
    int wait_steps;                /* sleeps so far */
    bool wait_told;                /* on_wait called */
    /* this transaction's variants per language (tm_langs_add) */
    tm_lang_count *langs;
    size_t nlangs, langs_cap;
};

/* ---- what the store is asked ----------------------------------------------------------- */

/* A variant as the lookup and concordance queries return it.  Strings are borrowed until
 * the callback returns.  Which fields a query fills is said at each operation. */
typedef struct {
    int64_t id, tu_id;
    const char *lang, *text, *codes;
    int64_t norm_hash, nwords;
    bool has_prev, has_next;       /* prev_hash / next_hash are set */
    int64_t prev_hash, next_hash;
    int64_t tu_created;            /* of its TU */
    const char *tuid;              /* of its TU, or NULL */
    const char *tu_origin;         /* of its TU, or NULL */
} tm_variant;

/* Called for each row: returns 0 for more, 1 to stop, < 0 (an error, already in err) to stop. */
typedef int (*tm_variant_fn)(void *ctx, const tm_variant *v, bitext_error *err);

/* The identity of a variant for duplicate checks: language, normalised text, inline codes. */
typedef struct {
    const char *lang;
    int64_t hash;                  /* tm_norm_hash of the text */
    uint64_t codes;                /* hash of the encoded inline codes, 0 without */
} tm_variant_key;

/* A TU ready to store: the caller's TU and what the TM derives from it (tm_new_tu_prepare). */
typedef struct {
    const bitext_tu *tu;
    int64_t src_doc, tgt_doc;      /* 0 = none */
    tm_variant_key *keys;          /* per variant, in the TU's order */
    tm_variant_key *sorted;        /* the same, sorted by language and hash */
    char **codes;                  /* per variant: encoded inline codes, or NULL */
    int64_t *nwords;               /* per variant: tm_word_count */
    int64_t *prev_hash, *next_hash;/* per variant: hash of the neighbours (0 when none) */
    uint64_t key;                  /* hash of sorted: the whole TU's identity */
    size_t nprops;                 /* props of the TU and of its variants */
} tm_new_tu;

/* One row of the export query: a variant with its TU's fields.  Borrowed until the next. */
typedef struct {
    int64_t tu_id;
    const char *tuid, *srclang, *origin, *segtype, *creator;
    bool has_confidence;
    double confidence;
    int64_t created, changed, nprops;
    int64_t v_id;
    const char *v_lang, *v_text, *v_codes, *v_prev, *v_next, *v_creator;
    size_t v_len;
    int64_t v_created, v_changed;
    int64_t v_hash;                /* tm_norm_hash of the variant's text */
    int64_t src_doc, tgt_doc;      /* the TU's documents, 0 = none */
} tm_export_row;

/* A prop of the TU being exported: tuv_id 0 for the TU's own; type NULL for a note. */
typedef int (*tm_prop_fn)(void *ctx, int64_t tuv_id, const char *type, const char *value,
                          const char *lang, bitext_error *err);

/* An index term of a lookup: a word as the word index holds it, or (trigram) three
 * characters of a script written without spaces. */
typedef struct {
    const char *text;
    size_t len;
    bool trigram;
    bool prefix;                   /* (concordance) any term starting with text */
} tm_term;

typedef struct tm_rows tm_rows;    /* an export cursor of the backend */

/*
 * The store interface.  Every operation returns 0 or a BITEXT_E* code with err filled.
 * Write operations run inside the handle's transaction (tm.c opens one when the caller did
 * not).  Before any read, tm.c calls sync, so a read sees what this transaction wrote.
 */
struct tm_store_ops {
    const char *name;              /* "SQLite", "PostgreSQL" */
    void (*close)(bitext_tm *tm);
    /* creates the TM a BITEXT_TM_DEFER open found missing (tm.c clears the flags that kept
     * the open from creating it first) */
    int (*create)(bitext_tm *tm, bitext_error *err);
    /* a write transaction: begin waits for other writers as the options say */
    int (*begin)(bitext_tm *tm, bitext_error *err);
    int (*commit)(bitext_tm *tm, bitext_error *err);
    void (*rollback)(bitext_tm *tm);
    /* makes what this transaction wrote visible to its own reads (index sync, buffered rows) */
    int (*sync)(bitext_tm *tm, bitext_error *err);

    /* finds (name, lang, sha256) or adds the document; its id to *out */
    int (*add_document)(int64_t *out, bitext_tm *tm, const bitext_tm_document *doc,
                        bitext_error *err);
    /* the id of a stored TU with the same variants (t->sorted), else 0 */
    int (*find_tu)(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err);
    /* stores a TU that find_tu did not find; its new id to *out (0 when a concurrent writer
     * stored the same TU first) */
    int (*insert_tu)(int64_t *out, bitext_tm *tm, const tm_new_tu *t, bitext_error *err);

    int (*stats)(bitext_tm_stats *out, bitext_tm *tm, bitext_error *err);

    /* export: rows of the filtered TUs in TU id order, each TU's variants in id order (the
     * filter's fields and its BITEXT_TM_FILTER_REVIEWED / _UNREVIEWED flags; the superseded
     * check is iter.c's) */
    int (*rows_open)(tm_rows **out, bitext_tm *tm, const bitext_tm_filter *filter,
                     bitext_error *err);
    int (*rows_next)(tm_rows *r, const tm_export_row **row, bitext_error *err); /* 1, 0 end */
    int (*rows_props)(tm_rows *r, int64_t tu_id, tm_prop_fn fn, void *ctx, bitext_error *err);
    void (*rows_close)(tm_rows *r);

    /* lookup: variants whose norm_hash is hash, newest TU first (id, tu_id, lang, text,
     * codes, prev/next hashes) */
    int (*exact)(bitext_tm *tm, int64_t hash, tm_variant_fn fn, void *ctx, bitext_error *err);
    /* ids of the variants holding every term.  ordered: the newest `limit`; otherwise any
     * `limit` of them (the caller uses them only when fewer came back: the whole set) */
    int (*term_ids)(int64_t **ids, size_t *n, bitext_tm *tm, const tm_term *terms,
                    size_t nterms, size_t limit, bool ordered, bitext_error *err);
    /* the variants with these ids, in the order given (id, tu_id, lang, text, codes, nwords,
     * norm_hash); missing ids are skipped.  One round trip for all of them: a caller reading
     * many ids it may not all need goes through tm_variants_by_id */
    int (*variants)(bitext_tm *tm, const int64_t *ids, size_t n, tm_variant_fn fn, void *ctx,
                    bitext_error *err);
    /* the variants of TU tu_id in id order (id, lang, text, tu_created, tuid, tu_origin) */
    int (*tu_variants)(bitext_tm *tm, int64_t tu_id, tm_variant_fn fn, void *ctx,
                       bitext_error *err);
    /* concordance: candidate variants (id, tu_id, lang, text) for the normalised phrase,
     * newest first: at least every variant holding it (case-folded, a space matching any
     * run of white space) while fn asks for more; phrases of fewer than three characters
     * may be searched as whole words and then in the newest rows only */
    int (*concord)(bitext_tm *tm, const char *phrase, size_t nchars, tm_variant_fn fn,
                   void *ctx, bitext_error *err);

    /* review (tm.h): the newest document of this name, its id and language (lang may be
     * NULL), BITEXT_ENOTFOUND when there is none */
    int (*find_document)(int64_t *out, char *lang, size_t lang_size, bitext_tm *tm,
                         const char *name, bitext_error *err);
    /* removes TU id with its variants, props, index entries and language counts */
    int (*delete_tu)(bitext_tm *tm, int64_t id, bitext_error *err);
    /* origin BITEXT_TM_ORIGIN_REVIEWED, changed = when, confidence 1, the documents not 0 */
    int (*mark_reviewed)(bitext_tm *tm, int64_t id, int64_t when, int64_t src_doc,
                         int64_t tgt_doc, bitext_error *err);
    /* a document's review date: written (set) or read (*out, 0 when never or no such doc) */
    int (*set_document_reviewed)(bitext_tm *tm, int64_t doc, int64_t when, bitext_error *err);
    int (*document_reviewed)(int64_t *out, bitext_tm *tm, int64_t doc, bitext_error *err);
    /* does a reviewed TU other than tu_id hold the source segment (lang, norm_hash) with a
     * variant in another language that tu_id has too? */
    int (*superseded)(bool *out, bitext_tm *tm, int64_t tu_id, const char *lang, int64_t hash,
                      bitext_error *err);
    /* is any TU reviewed?  (Only then do export and lookup look for superseded ones.) */
    int (*has_reviewed)(bool *out, bitext_tm *tm, bitext_error *err);
    /* the norm_hash of every variant of a reviewed TU, ascending, each once (*out malloc'd,
     * NULL when none): an export asks superseded only about sources among them */
    int (*reviewed_hashes)(int64_t **out, size_t *n, bitext_tm *tm, bitext_error *err);
};

/* The query behind reviewed_hashes, the same in both stores. */
#define TM_REVIEWED_HASHES_SQL                                                                \
    "SELECT DISTINCT s.norm_hash FROM tuv s JOIN tu r ON r.id = s.tu_id"                      \
    " WHERE r.origin = '" BITEXT_TM_ORIGIN_REVIEWED "' ORDER BY 1"

/* The superseded question in SQL both stores share (after SELECT 1 FROM): a reviewed TU r
 * other than TU `tu` holding variant s with the source segment (lang, hash), and a variant
 * in another language whose language TU `tu` has too.  Arguments: the stores' parameters. */
#define TM_SUPERSEDED_SQL(hash, lang, tu)                                                     \
    "tuv s JOIN tu r ON r.id = s.tu_id"                                                       \
    " WHERE s.norm_hash = " hash " AND s.lang = " lang " AND r.id <> " tu                    \
    " AND r.origin = '" BITEXT_TM_ORIGIN_REVIEWED "'"                                         \
    " AND EXISTS(SELECT 1 FROM tuv w JOIN tuv o ON o.lang = w.lang"                           \
    "  WHERE w.tu_id = r.id AND o.tu_id = " tu " AND w.lang <> " lang ")"                    \
    " LIMIT 1"
/* Which TUs a filter keeps by review: 0 all, 1 reviewed only, 2 the others. */
int tm_review_which(const bitext_tm_filter *filter);
/* BITEXT_ENOTFOUND: no document of that name. */
int tm_no_document(bitext_tm *tm, const char *name, bitext_error *err);

/* The two stores.  tm_pg_open fails with BITEXT_EINVAL in a build without libpq. */
int tm_sqlite_open(bitext_tm *tm, bitext_error *err);
int tm_pg_open(bitext_tm *tm, const char *uri, bitext_error *err);

/* ops->sync, or BITEXT_ENOTFOUND while a deferred TM is missing: every read calls it first. */
int tm_sync(bitext_tm *tm, bitext_error *err);
/* Starts a transaction for one write when the caller has none; tm_auto_end ends it. */
int tm_auto_begin(bool *started, bitext_tm *tm, bitext_error *err);
int tm_auto_end(bitext_tm *tm, bool started, int rc, bitext_error *err);

/*
 * What both stores do alike around their SQL (tm.c).
 *
 * Waiting for another writer: tm_wait_start when a wait begins; then tm_wait_step after each
 * failed try sleeps a growing step (1 ms up to 100 ms) and returns true, telling on_wait once
 * when the wait has lasted 2 s, or returns false once it has lasted the options' wait_ms.
 * tm_busy fills err with BITEXT_EBUSY: who holds the TM, how long this one waited (for what),
 * and --wait.
 */
void tm_wait_start(bitext_tm *tm);
bool tm_wait_step(bitext_tm *tm);
void tm_wait_tell(bitext_tm *tm, int64_t waited_ms);
int tm_busy(bitext_error *err, bitext_tm *tm, const char *holder, const char *what);

/* The schema version policy: 0 when a TM of `version` (> 0) opens as it is (current, or a
 * reader's and at least readable_from, the oldest version the store's readers use as it is),
 * 1 when it is to be migrated first, else BITEXT_EFORMAT (newer than this bitext) or
 * BITEXT_EREADONLY (older, opened read-only). */
int tm_schema_check(bitext_tm *tm, int version, int readable_from, bitext_error *err);

/* Variants per language: the transaction's counts (tm.c adds those of each new TU; a store
 * adds what it removes or drops); tm_langs_each calls fn for each non-zero count in language
 * order, the order in which concurrent writers then take the rows of the counts, so that two
 * never wait for each other in opposite orders; the commit or rollback clears them. */
int tm_langs_add(bitext_tm *tm, const char *lang, int64_t n, bitext_error *err);
int tm_langs_each(bitext_tm *tm,
                  int (*fn)(bitext_tm *tm, const char *lang, int64_t n, bitext_error *err),
                  bitext_error *err);
void tm_langs_clear(bitext_tm *tm);

/* ops->variants in chunks of TM_VARIANT_CHUNK ids (one round trip each), stopping once fn
 * does: for callers that read ids newest first and stop at the hits they need. */
enum { TM_VARIANT_CHUNK = 500 };
int tm_variants_by_id(bitext_tm *tm, const int64_t *ids, size_t n, tm_variant_fn fn, void *ctx,
                      bitext_error *err);

/* ---- text (text.c) --------------------------------------------------------------------- */

/* Normalised text (NFC, white space collapsed) of text[0..len) appended to b. */
int tm_normalize_buf(bitext_buf *b, const char *text, size_t len, bitext_error *err);
/* Hash of the normalised text, the key of exact matches and duplicates. */
int tm_norm_hash(int64_t *out, const char *text, bitext_error *err);

/* Tokens of a segment for fuzzy scoring. */
typedef struct {
    uint64_t hash;                 /* hash of the case-folded token */
    unsigned char kind;            /* TOK_WORD, TOK_NUMBER, TOK_PUNCT */
    unsigned char unspaced;        /* a character of a script written without spaces (CJK) */
    uint32_t start, len;           /* byte range in the text */
} tm_token;
enum { TOK_WORD, TOK_NUMBER, TOK_PUNCT };
/* Tokenises text into *out (malloc'd); *n tokens. */
int tm_tokenize(tm_token **out, size_t *n, const char *text);
/* Number of word and number tokens (what the length window of lookups compares). */
size_t tm_word_count(const char *text);

/*
 * The index terms of a text, as the word index holds them (SQLite's unicode61 tokenizer
 * with remove_diacritics 2: split at what is not a letter, digit or private-use
 * character, case-folded, diacritics removed) plus, for runs of a script written without
 * spaces, every three consecutive characters.  The query side and the PostgreSQL store
 * both use it, so a term looked up is a term stored.  Terms are appended to *out (each
 * NUL-terminated in arena a, unfolded: tm_term_fold makes the stored form).
 */
int tm_terms(tm_term **out, size_t *n, size_t *cap, const char *text, bitext_arena *a);
/*
 * The word-index terms a concordance phrase (in a spaced script) needs, into *out (n = 0 when
 * they would not narrow the search).  Wherever the phrase occurs, a word it holds between two
 * non-word characters is a whole term of the segment, and its last word begins one (prefix):
 * so the segments holding all of them are a superset of those holding the phrase, found
 * through an index far more selective than trigrams.  The first word may end a longer term
 * and is left out.  Terms point into phrase.
 */
int tm_phrase_terms(tm_term **out, size_t *n, const char *phrase);
/*
 * The bytes of the phrase's first word when the phrase begins with a word character and that
 * word has three characters or more (else 0; 0 too in a script without spaces).  It is the
 * word tm_phrase_terms leaves out: wherever the phrase occurs, a term of the segment ends
 * with it, or holds it (*whole: the phrase is that one word).
 */
size_t tm_phrase_head(const char *phrase, bool *whole);
/* The folded form of a term (lower case, no diacritics) appended to b. */
int tm_term_fold(bitext_buf *b, const char *s, size_t len);

/* Serialised inline codes (tuv.codes) and back. */
int tm_codes_encode(bitext_buf *b, const bitext_code *codes, size_t n);
int tm_codes_decode(bitext_tu *tu, size_t tuv, const char *s, bitext_error *err);
/* Number of codes in an encoded list. */
size_t tm_codes_count(const char *codes);

/* Everything a store needs to write tu (keys, codes, counts); freed by tm_new_tu_free. */
int tm_new_tu_prepare(tm_new_tu *out, const bitext_tu *tu, int64_t src_doc, int64_t tgt_doc,
                      bitext_error *err);
void tm_new_tu_free(tm_new_tu *t);
/* Orders keys by language, then hash (the order of tm_new_tu.sorted). */
int tm_key_cmp(const void *a, const void *b);
/* The hash a variant's encoded codes get for duplicate checks (0 for none). */
uint64_t tm_codes_hash(const char *encoded, size_t len);

/* ---- for the tests: TMs of older versions, the SQLite handle ---------------------------- */

/* Migrations of an open SQLite TM up to `version`. */
int tm_sqlite_migrate(bitext_tm *tm, int version, bitext_error *err);
/* Creates an SQLite TM file at an older schema version. */
int tm_sqlite_create(const char *path, int version, bitext_error *err);
/* The SQLite handle of a TM file, or NULL for another store. */
typedef struct sqlite3 sqlite3;
sqlite3 *tm_sqlite_db(bitext_tm *tm);
/* Creates a PostgreSQL TM (in the URI's schema) at an older schema version. */
int tm_pg_create(const char *uri, int version, bitext_error *err);

#endif
