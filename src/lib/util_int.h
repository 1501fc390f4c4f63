/* util_int.h - private helpers shared by the library modules (never installed). */
#ifndef BITEXT_UTIL_INT_H
#define BITEXT_UTIL_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitext/error.h"

/* Sets err (when non-NULL) and returns code, so that `return bitext_fail(...)` reads well. */
int bitext_fail(bitext_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, naming a file and a position (line/column 0 or offset -1 when unknown). */
int bitext_fail_at(bitext_error *err, int code, const char *file, int64_t line, int64_t column,
                   int64_t offset, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

char *bitext_strdup(const char *s);                 /* NULL-safe; NULL on NULL or ENOMEM */
char *bitext_strndup(const char *s, size_t n);

/* A growable byte buffer, always NUL-terminated once anything was appended. */
typedef struct {
    char *data;
    size_t len, cap;
} bitext_buf;

int bitext_buf_reserve(bitext_buf *b, size_t extra);          /* 0 or BITEXT_ENOMEM */
int bitext_buf_append(bitext_buf *b, const char *s, size_t n);
int bitext_buf_puts(bitext_buf *b, const char *s);
int bitext_buf_putc(bitext_buf *b, char c);
int bitext_buf_printf(bitext_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bitext_buf_free(bitext_buf *b);
char *bitext_buf_detach(bitext_buf *b);                       /* caller frees; buffer reset */

/* A bump allocator: many small allocations, freed at once. */
typedef struct bitext_arena_block bitext_arena_block;
typedef struct {
    bitext_arena_block *head;
} bitext_arena;
void *bitext_arena_alloc(bitext_arena *a, size_t size);       /* 8-byte aligned, NULL on ENOMEM */
char *bitext_arena_strndup(bitext_arena *a, const char *s, size_t n);
void bitext_arena_free(bitext_arena *a);

/* Growing an array of n elements of size `size` to hold at least `need` (doubling). */
int bitext_grow(void **array, size_t *cap, size_t need, size_t size);

/* ---- UTF-8 ---- */
/* Returns the byte offset of the first invalid sequence, or -1 when all of s is valid UTF-8. */
int64_t bitext_utf8_invalid_offset(const char *s, size_t len);
/* Decodes one code point at s[*i] (valid UTF-8 assumed), advancing *i. */
uint32_t bitext_utf8_next(const char *s, size_t len, size_t *i);
/* Decodes the code point ending just before s[*i], moving *i back. */
uint32_t bitext_utf8_prev(const char *s, size_t *i);
/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t bitext_utf8_encode(uint32_t cp, char *out);
/* Number of code points in valid UTF-8. */
size_t bitext_utf8_count(const char *s, size_t len);
/* Unicode white space (incl. NBSP, U+2000-U+200A, U+3000, line/paragraph separators). */
bool bitext_is_space(uint32_t cp);
/* Trims Unicode white space from both ends of [*start, *end) in s. */
void bitext_trim(const char *s, size_t *start, size_t *end);

/* ---- scripts and words ---- */
/* A character of a script written without spaces between words (Han, Hiragana, Katakana, by
 * ICU's Script property): a word, a token, a unit of length of its own. */
bool bitext_is_unspaced(uint32_t cp);
/* A Hangul syllable: written with spaces, but one syllable may be a whole word (만, 억). */
bool bitext_is_hangul(uint32_t cp);
/* Words of s[0, len): runs of letters, digits and non-spacing marks; each letter of a script
 * written without spaces counts as one ("東京で Open Data" is 5). */
size_t bitext_word_count(const char *s, size_t len);

/* ---- files ---- */
/* Reads a whole file ("-" = stdin) into *out (NUL-terminated, caller frees), at most max bytes. */
int bitext_read_all(char **out, size_t *len, const char *path, size_t max, bitext_error *err);

/* ---- hashing ---- */
void bitext_sha256_hex(char out[65], const void *data, size_t len);
uint64_t bitext_hash64(const void *data, size_t len);        /* FNV-1a 64 */

/* Current time in unix seconds (respects SOURCE_DATE_EPOCH for reproducible output). */
int64_t bitext_now(void);

#endif
