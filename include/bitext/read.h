/**
 * read.h - turn article files (plain text, HTML) into a bitext_doc.
 *
 * Plain text: a blank line ends a paragraph; lines inside a paragraph are joined with a space.
 * HTML: the story alone.  A linear pre-pass bounds the work (at most 256 attributes read of
 * an element, the rest dropped with a warning), libxml2's HTML parser builds the tree,
 * never touching the network; the element with the most prose for the least junk (links,
 * boxes of chrome) is the story, with the siblings that belong to it, the headline above
 * it and a lead between the two; inside it chrome boxes, link lists, hidden elements,
 * bylines and teasers are cut.  The page's own words (<article>, class names ...) are
 * evidence, never the answer.  The title, headings, paragraphs, list items, captions,
 * quotes and cells become blocks.  Boilerplate lines (copyright notices, "Read also:"
 * labels, calls to subscribe, photo credits, editor's initials; in en, de, fr, es, it, pt,
 * pl, nl, ru, cs) are dropped, or kept as BITEXT_BLOCK_BOILERPLATE blocks with
 * BITEXT_READ_KEEP_BOILERPLATE.
 *
 * Encodings.  A byte-order mark always wins (UTF-8, UTF-16LE/BE, UTF-32LE), then the
 * encoding the options name.  An HTML page is then decoded as a browser decodes it (WHATWG
 * Encoding Standard, HTML Standard 13.2.3): the encoding a <meta charset> or <meta
 * http-equiv="Content-Type"> declares in the first 1024 bytes, else detection (UTF-8 when
 * the bytes are valid or nearly so, else ICU's charset detector), and a later <meta> in
 * <head> naming another encoding decodes the page again; labels mean what they mean to a
 * browser (iso-8859-1 and us-ascii are windows-1252, gb2312 is GBK ...).  Bytes a page
 * cannot decode, and NUL, become U+FFFD and are counted (bitext_doc_replaced): the page is
 * read, and the caller warns.  Plain text is strict: UTF-8 unless told otherwise ("auto"
 * guesses with ICU), invalid bytes are BITEXT_EENCODING with the byte offset unless
 * BITEXT_READ_LOSSY, a NUL byte is BITEXT_EFORMAT (a binary file).
 */
#ifndef BITEXT_READ_H
#define BITEXT_READ_H

#include "common.h"
#include "doc.h"
#include "error.h"

enum {
    BITEXT_READ_LOSSY = 1u << 0,            /* plain text: invalid bytes become U+FFFD */
    BITEXT_READ_KEEP_BOILERPLATE = 1u << 1, /* keep boilerplate lines as BOILERPLATE blocks */
    /* plain text: each paragraph (lines up to a blank line) is one block as it is, line
     * ends included and not normalised; no heading or boilerplate detection (what
     * `segment` reads) */
    BITEXT_READ_RAW_TEXT = 1u << 2,
    /* HTML: every visible text of the page, no choice of the story and no chrome dropped but
     * script, style and hidden elements (a baseline for measuring the extraction) */
    BITEXT_READ_ALL_TEXT = 1u << 3,
    /* with BITEXT_READ_RAW_TEXT: keep where each byte came from (bitext_reader_offset) */
    BITEXT_READ_OFFSETS = 1u << 4
};

/** Receives a warning about an input (the reader goes on): file name and one line. */
typedef void (*bitext_read_warn_fn)(void *ctx, const char *file, const char *message);

#define BITEXT_READ_OPTIONS_VERSION 2   /* version 1 (without warn) is still accepted */
typedef struct {
    unsigned int version;
    bitext_format format;
    const char *encoding;   /* a BOM wins; NULL: as above; "auto": plain text is guessed too */
    unsigned int flags;
    size_t max_bytes;       /* refuse larger inputs; 0 = 512 MiB (HTML: at most 64 MiB) */
    const char *lang;       /* document language (canonical tag), may be NULL */
    bitext_read_warn_fn warn; /* version 2: warnings (an element with too many attributes
                               * ...), or NULL */
    void *warn_ctx;
} bitext_read_options;
#define BITEXT_READ_OPTIONS_INIT \
    { BITEXT_READ_OPTIONS_VERSION, BITEXT_FORMAT_AUTO, NULL, 0, 0, NULL, NULL, NULL }

/** Reads a file ("-" = standard input).  The document belongs to the caller. */
BITEXT_API int bitext_read_file(bitext_doc **out, const char *path,
                                const bitext_read_options *opts, bitext_error *err);

/** Reads bytes already in memory; name is used for messages and the document name. */
BITEXT_API int bitext_read_buffer(bitext_doc **out, const char *name, const char *data,
                                  size_t len, const bitext_read_options *opts, bitext_error *err);

/* ---- block by block --------------------------------------------------------------------- */

/**
 * The same reader, one block at a time: plain text is decoded and cut as it is read, so
 * memory stays bounded by the longest paragraph however long the file is (an HTML page is
 * read whole, as it must be parsed whole).  path "-" is standard input.  An empty input
 * gives no blocks (bitext_read_file calls that an error).  Not thread-safe; one per thread.
 */
typedef struct bitext_reader bitext_reader;

/* opts is copied; the strings it points to (lang, encoding) must outlive the reader. */
BITEXT_API int bitext_reader_open(bitext_reader **out, const char *path,
                                  const bitext_read_options *opts, bitext_error *err);
/**
 * The next block: 1 and *out (borrowed, valid until the next call or the free), 0 at the
 * end, or a negative code (a plain text's invalid byte is found only when it is reached).
 */
BITEXT_API int bitext_reader_next(bitext_reader *r, const bitext_block **out,
                                  bitext_error *err);
/**
 * With BITEXT_READ_RAW_TEXT | BITEXT_READ_OFFSETS on plain text: the input byte offset of
 * byte pos of the current block (pos == its length: the offset just after it), counting a
 * BOM; -1 otherwise.
 */
BITEXT_API int64_t bitext_reader_offset(const bitext_reader *r, size_t pos);
/** Sequences replaced by U+FFFD so far. */
BITEXT_API size_t bitext_reader_replaced(const bitext_reader *r);
/** The document language: the options', else the page's <html lang>, else "". */
BITEXT_API const char *bitext_reader_lang(const bitext_reader *r);
/** The encoding the input was decoded from ("UTF-8", "windows-1250" ...). */
BITEXT_API const char *bitext_reader_encoding(const bitext_reader *r);
BITEXT_API bitext_format bitext_reader_format(const bitext_reader *r);
BITEXT_API void bitext_reader_free(bitext_reader *r);

#endif
