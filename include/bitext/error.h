/**
 * error.h - result codes and the caller-provided error object.
 *
 * Every fallible function returns 0 on success or a negative BITEXT_E* code, and, when the
 * caller passes a non-NULL bitext_error, fills it with a message a person can act on and,
 * where known, the file, line/column or byte offset of the problem.  There is no global or
 * thread-local "last error".
 */
#ifndef BITEXT_ERROR_H
#define BITEXT_ERROR_H

#include "common.h"

enum {
    BITEXT_OK = 0,
    BITEXT_ENOMEM = -1,    /* out of memory */
    BITEXT_EINVAL = -2,    /* invalid argument or option (usage error) */
    BITEXT_EIO = -3,       /* a file could not be read or written */
    BITEXT_EPARSE = -4,    /* malformed input (XML, TMX, SRX, dictionary, beads) */
    BITEXT_EENCODING = -5, /* invalid or undecodable text encoding */
    BITEXT_EICU = -6,      /* an ICU call failed */
    BITEXT_ESQLITE = -7,   /* an SQLite call failed */
    BITEXT_ENOTFOUND = -8, /* a named thing does not exist */
    BITEXT_ELANG = -9,     /* unknown or malformed language code */
    BITEXT_EFORMAT = -10,  /* a file is not what it should be (not a bitext TM, binary file) */
    BITEXT_EREADONLY = -11, /* the TM cannot be written */
    BITEXT_EBUSY = -12     /* the TM stayed locked by another writer longer than the wait */
};

typedef struct bitext_error {
    int code;           /* one of BITEXT_E*, 0 when unset */
    char message[768];  /* one line, no trailing newline */
    char file[512];     /* file the error is about, or "" */
    int64_t line;       /* 1-based line, 0 when unknown */
    int64_t column;     /* 1-based column, 0 when unknown */
    int64_t offset;     /* byte offset, -1 when unknown */
} bitext_error;

/** Resets an error object to "no error" (offset -1).  Accepts NULL. */
BITEXT_API void bitext_error_clear(bitext_error *err);

/** A short constant name for a code ("ENOMEM", "EPARSE", ...). */
BITEXT_API const char *bitext_error_name(int code);

/**
 * Formats the error as one line, "file:line:column: message" or "file: byte N: message",
 * into buf (always NUL-terminated).  Returns buf.
 */
BITEXT_API char *bitext_error_format(const bitext_error *err, char *buf, size_t size);

#endif
