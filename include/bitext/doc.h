/**
 * doc.h - a document: its language and its ordered blocks of text.
 *
 * Readers (read.h) fill a document; everything downstream only reads it.  A block is one
 * unit of structure (title, heading, paragraph, list item, caption, ...); its text is
 * validated NUL-terminated UTF-8 in NFC, and its inline formatting (bold, link, line
 * break ...) is kept as spans over byte ranges of that text, so that inline codes can travel
 * to a TMX level 2 export.
 */
#ifndef BITEXT_DOC_H
#define BITEXT_DOC_H

#include "common.h"
#include "error.h"

typedef enum {
    BITEXT_BLOCK_TITLE,
    BITEXT_BLOCK_HEADING,
    BITEXT_BLOCK_PARAGRAPH,
    BITEXT_BLOCK_LIST_ITEM,
    BITEXT_BLOCK_CAPTION,
    BITEXT_BLOCK_QUOTE,
    BITEXT_BLOCK_CELL,
    BITEXT_BLOCK_BOILERPLATE /* kept for completeness; not segmented or aligned by default */
} bitext_block_type;

typedef enum {
    BITEXT_SPAN_BOLD,
    BITEXT_SPAN_ITALIC,
    BITEXT_SPAN_UNDERLINE,
    BITEXT_SPAN_LINK,      /* attr: the href */
    BITEXT_SPAN_CODE,
    BITEXT_SPAN_SUP,
    BITEXT_SPAN_SUB,
    BITEXT_SPAN_OTHER,     /* attr: the element name */
    BITEXT_SPAN_BREAK,     /* standalone (start == end): <br> */
    BITEXT_SPAN_IMAGE      /* standalone: <img>, attr: alt text */
} bitext_span_kind;

typedef struct {
    size_t start, end;     /* byte range in the block text; start == end for standalone */
    bitext_span_kind kind;
    const char *attr;      /* may be NULL */
} bitext_span;

typedef struct {
    bitext_block_type type;
    int level;             /* heading level 1-6, list depth, else 0 */
    const char *text;      /* NUL-terminated UTF-8 */
    size_t len;            /* bytes, without the NUL */
    const bitext_span *spans;
    size_t nspans;
    int64_t line;          /* 1-based line in the source file where the block starts, or 0 */
} bitext_block;

/** The format of an input (read.h): the reader's option, and what it read a document as. */
typedef enum {
    BITEXT_FORMAT_AUTO = 0,   /* by extension, then by content */
    BITEXT_FORMAT_TEXT,
    BITEXT_FORMAT_HTML,
    BITEXT_FORMAT_LINES       /* one segment per line (presegmented): one block per line */
} bitext_format;

typedef struct bitext_doc bitext_doc;

/** Creates an empty document.  name and lang (canonical BCP 47, may be NULL) are copied. */
BITEXT_API int bitext_doc_new(bitext_doc **out, const char *name, const char *lang,
                              bitext_error *err);
BITEXT_API void bitext_doc_free(bitext_doc *doc);

/**
 * Appends a block; text (len bytes, valid UTF-8) is copied.  Returns the block index through
 * out_index (may be NULL).
 */
BITEXT_API int bitext_doc_add_block(bitext_doc *doc, size_t *out_index, bitext_block_type type,
                                    int level, const char *text, size_t len, int64_t line,
                                    bitext_error *err);

/** Adds an inline span to block `index`; attr (may be NULL) is copied. */
BITEXT_API int bitext_doc_add_span(bitext_doc *doc, size_t index, bitext_span_kind kind,
                                   size_t start, size_t end, const char *attr, bitext_error *err);

/**
 * Gives back the memory of the blocks' text, keeping everything else (types, levels, line
 * numbers, inline spans with their offsets, name, language, title, checksum).  For a caller
 * that, once the document is segmented, needs only its structure and inline codes (the
 * segment list holds copies of the text): aligning 200 MB of text then holds it once, not
 * twice.  Afterwards every block's text is "" with len 0, and a block without spans is kept
 * in 8 bytes, not 48 (a presegmented file has a block per line): see bitext_doc_block.
 */
BITEXT_API void bitext_doc_release_text(bitext_doc *doc);

BITEXT_API size_t bitext_doc_block_count(const bitext_doc *doc);
/**
 * Borrowed; valid until the document is changed or freed.  After bitext_doc_release_text, a
 * block without spans is rebuilt from its compact record into one slot of the document:
 * valid until the next call on the same document (so not for two threads at once).
 */
BITEXT_API const bitext_block *bitext_doc_block(const bitext_doc *doc, size_t index);

BITEXT_API const char *bitext_doc_name(const bitext_doc *doc);
BITEXT_API const char *bitext_doc_lang(const bitext_doc *doc); /* "" when unknown */
BITEXT_API int bitext_doc_set_lang(bitext_doc *doc, const char *lang, bitext_error *err);
BITEXT_API const char *bitext_doc_title(const bitext_doc *doc); /* "" when none */
BITEXT_API int bitext_doc_set_title(bitext_doc *doc, const char *title, bitext_error *err);
/** SHA-256 of the raw input bytes, as 64 hex digits ("" when unknown). */
BITEXT_API const char *bitext_doc_checksum(const bitext_doc *doc);
BITEXT_API void bitext_doc_set_checksum(bitext_doc *doc, const char *hex64);

/** Invalid byte sequences a lossy read replaced by U+FFFD (see BITEXT_READ_LOSSY). */
BITEXT_API size_t bitext_doc_replaced(const bitext_doc *doc);
BITEXT_API void bitext_doc_set_replaced(bitext_doc *doc, size_t n);

/**
 * What the reader read the document as: BITEXT_FORMAT_TEXT, _HTML or _LINES, decided by the
 * reader's options, else by the file's extension, else by its content (a page named
 * story.php, or piped to standard input, is HTML).  BITEXT_FORMAT_AUTO for a document the
 * reader did not make.  For a writer that must say what the text was (XLIFF's datatype).
 */
BITEXT_API bitext_format bitext_doc_format(const bitext_doc *doc);
BITEXT_API void bitext_doc_set_format(bitext_doc *doc, bitext_format format);

BITEXT_API const char *bitext_block_type_name(bitext_block_type type);

#endif
