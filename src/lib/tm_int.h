/* tm_int.h - what the tm_*.c files share (never installed). */
#ifndef BITEXT_TM_INT_H
#define BITEXT_TM_INT_H

#include <sqlite3.h>

#include "bitext/lang.h"
#include "bitext/tm.h"
#include "util_int.h"

/* Prepared statements, cached per handle: bulk import runs each one millions of times. */
enum {
    ST_DOC_FIND, ST_DOC_INSERT, ST_TU_INSERT, ST_TUV_INSERT, ST_PROP_INSERT, ST_DUP_FIND,
    ST_DUP_VARIANTS, ST_SUPERSEDED, ST_COUNT
};

struct bitext_tm {
    sqlite3 *db;
    char *path;
    unsigned int flags;
    int wait_ms;                   /* longest wait for another writer (busy handler) */
    bitext_tm_wait_fn on_wait;
    void *on_wait_ctx;
    int64_t busy_since_ms;         /* when the current wait began (monotonic), 0 = none */
    bool busy_told;                /* on_wait called for the current wait */
    int in_tx;                     /* inside bitext_tm_begin .. commit/rollback */
    int64_t fts_from;              /* first variant not yet in the full-text indexes, or 0 */
    struct {
        char lang[BITEXT_LANG_MAX];
        int64_t n;
    } lang_add[16];                /* variants added per language, not yet in lang_stat */
    size_t nlang_add;
    sqlite3_stmt *st[ST_COUNT];
};

/* Fills err from the handle's last SQLite error ("what: message"); returns BITEXT_ESQLITE
 * (or BITEXT_EREADONLY / BITEXT_EFORMAT when SQLite says so). */
int tm_sqlfail(bitext_tm *tm, bitext_error *err, const char *what);
/* The cached statement `id`, prepared from sql on first use and reset for reuse. */
sqlite3_stmt *tm_stmt(bitext_tm *tm, int id, const char *sql, bitext_error *err);
/* Adds the variants stored since the last call to the full-text indexes and lang_stat. */
int tm_fts_sync(bitext_tm *tm, bitext_error *err);
/* Runs SQL without results. */
int tm_exec(bitext_tm *tm, const char *sql, bitext_error *err);
/* The same for statements that take a lock first (BEGIN IMMEDIATE, PRAGMAs): when SQLite
 * answers SQLITE_BUSY without waiting, they are tried again within the handle's wait. */
int tm_exec_wait(bitext_tm *tm, const char *sql, bitext_error *err);

/* Normalised text (NFC, white space collapsed) of text[0..len) appended to b. */
int tm_normalize_buf(bitext_buf *b, const char *text, size_t len, bitext_error *err);
/* Hash of the normalised text, the key of exact matches and duplicates. */
int tm_norm_hash(int64_t *out, const char *text, bitext_error *err);

/* Tokens of a segment for fuzzy scoring (tm_lookup.c). */
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

/* Serialised inline codes (tuv.codes) and back. */
int tm_codes_encode(bitext_buf *b, const bitext_code *codes, size_t n);
int tm_codes_decode(bitext_tu *tu, size_t tuv, const char *s, bitext_error *err);

/* Review (tm_review.c): does a reviewed TU other than tu_id hold the source segment (lang,
 * hash of its normalised text) with a translation into a language tu_id has too? */
int tm_superseded(bool *out, bitext_tm *tm, int64_t tu_id, const char *lang, int64_t hash,
                  bitext_error *err);
/* Is any TU reviewed?  (Then export and lookup check for superseded TUs.) */
int tm_has_reviewed(bool *out, bitext_tm *tm, bitext_error *err);

/* Migrations up to `version` on an open handle (tests create old files with it). */
int tm_schema_migrate(bitext_tm *tm, int version, bitext_error *err);

#endif
