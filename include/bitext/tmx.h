/**
 * tmx.h - TMX 1.4 reading and writing, both streaming.
 *
 * The writer streams with libxml2's xmlTextWriter into a bitext_output (output.h): a
 * temporary file next to the target, renamed into place when the output is committed, so a
 * failed export never leaves a half-written file.  The reader uses xmlTextReader with no
 * network and no entity expansion, in bounded memory whatever the file size.  Only this
 * module touches TMX.
 */
#ifndef BITEXT_TMX_H
#define BITEXT_TMX_H

#include "common.h"
#include "error.h"
#include "output.h"
#include "output.h"
#include "tu.h"

/* ---- writer ------------------------------------------------------------------------------ */

#define BITEXT_TMX_WRITE_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    const char *srclang;      /* header srclang (canonical tag); required */
    const char *segtype;      /* "sentence" (default) or "paragraph", "block", "phrase" */
    int level;                /* 1: plain text; 2: inline codes as bpt/ept/ph/it/hi */
    const char *datatype;     /* default "plaintext" */
    const char *adminlang;    /* default "en" */
    int doctype;              /* write <!DOCTYPE tmx SYSTEM "tmx14.dtd"> (default 1) */
} bitext_tmx_write_options;
#define BITEXT_TMX_WRITE_OPTIONS_INIT { BITEXT_TMX_WRITE_OPTIONS_VERSION, NULL, "sentence", 1, \
                                        "plaintext", "en", 1 }

typedef struct bitext_tmx_writer bitext_tmx_writer;

/**
 * Starts a TMX document on o (borrowed: it must outlive the writer).  After
 * bitext_tmx_writer_finish the caller commits o (bitext_output_commit).
 */
BITEXT_API int bitext_tmx_writer_new(bitext_tmx_writer **out, bitext_output *o,
                                     const bitext_tmx_write_options *opts, bitext_error *err);
/**
 * Starts a TMX file at path ("-" = standard output) through an output of its own (no
 * protected files); bitext_tmx_writer_finish then also commits it.
 */
BITEXT_API int bitext_tmx_writer_open(bitext_tmx_writer **out, const char *path,
                                      const bitext_tmx_write_options *opts, bitext_error *err);
/** Writes one TU.  Variants with empty text are left out; a TU left with < 2 is skipped. */
BITEXT_API int bitext_tmx_writer_add(bitext_tmx_writer *w, const bitext_tu *tu,
                                     bitext_error *err);
/** Closes the document (and, for bitext_tmx_writer_open, moves the file into place). */
BITEXT_API int bitext_tmx_writer_finish(bitext_tmx_writer *w, bitext_error *err);
/** Frees the writer; an unfinished file is removed. Accepts NULL. */
BITEXT_API void bitext_tmx_writer_free(bitext_tmx_writer *w);
/** Number of TUs written so far. */
BITEXT_API int64_t bitext_tmx_writer_count(const bitext_tmx_writer *w);

/* ---- dates ------------------------------------------------------------------------------- */

/**
 * Parses a date into unix seconds (UTC): the TMX form YYYYMMDDThhmmssZ (TMX 1.4b), ISO 8601
 * YYYY-MM-DDThh:mm:ss[Z], or a day YYYY-MM-DD (then *day_only, which may be NULL, is set).
 * Returns 0, or BITEXT_EINVAL for anything else (no error object: callers word the message).
 */
BITEXT_API int bitext_tmx_parse_date(int64_t *out, int *day_only, const char *s);

/* ---- reader ------------------------------------------------------------------------------ */

enum {
    BITEXT_TMX_SKIP_INVALID = 1u << 0  /* skip malformed TUs (counted), instead of failing */
};

#define BITEXT_TMX_READ_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int flags;
} bitext_tmx_read_options;
#define BITEXT_TMX_READ_OPTIONS_INIT { BITEXT_TMX_READ_OPTIONS_VERSION, 0 }

typedef struct {
    char *srclang;            /* canonical, "*all*", or NULL */
    char *segtype;
    char *creationtool;
    char *creationtoolversion;
    char *datatype;
    char *adminlang;
    char *otmf;
    char *version;            /* the tmx version attribute, or NULL */
} bitext_tmx_header;

typedef struct bitext_tmx_reader bitext_tmx_reader;

/** Opens a TMX file and reads up to its header. */
BITEXT_API int bitext_tmx_reader_open(bitext_tmx_reader **out, const char *path,
                                      const bitext_tmx_read_options *opts, bitext_error *err);
/** Borrowed, valid until the reader is freed. */
BITEXT_API const bitext_tmx_header *bitext_tmx_reader_header(const bitext_tmx_reader *r);
/**
 * Reads the next TU into *tu (cleared first).  Returns 1 when a TU was read, 0 at the end,
 * < 0 on error (err gives file, line and column).
 */
BITEXT_API int bitext_tmx_reader_next(bitext_tmx_reader *r, bitext_tu *tu, bitext_error *err);
/** TUs skipped with BITEXT_TMX_SKIP_INVALID so far (bitext_tmx_reader_skip_reason says why). */
BITEXT_API int64_t bitext_tmx_reader_skipped(const bitext_tmx_reader *r);
BITEXT_API void bitext_tmx_reader_free(bitext_tmx_reader *r);

/**
 * Why the first skipped TU was skipped, "file:line:column: reason" (borrowed, valid until the
 * reader is freed), or NULL when none was skipped.
 */
BITEXT_API const char *bitext_tmx_reader_skip_reason(const bitext_tmx_reader *r);
/**
 * A decision the reader took on its own that the user should hear of, as one line naming
 * the file, or NULL.  Today: a file starting with a UTF-8 byte-order mark whose declaration
 * names another encoding is read as UTF-8 (the mark wins, as XML 1.0 appendix F has it).
 */
BITEXT_API const char *bitext_tmx_reader_note(const bitext_tmx_reader *r);

/**
 * Like bitext_tmx_reader_open, over a TMX document in memory; name is used in messages.  The
 * buffer is borrowed: it must stay unchanged until the reader is freed.
 */
BITEXT_API int bitext_tmx_reader_open_buffer(bitext_tmx_reader **out, const char *name,
                                             const char *data, size_t len,
                                             const bitext_tmx_read_options *opts,
                                             bitext_error *err);

#endif
