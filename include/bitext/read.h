/**
 * read.h - turn article files (plain text, HTML) into a bitext_doc.
 *
 * Plain text: a blank line ends a paragraph; lines inside a paragraph are joined with a space.
 * HTML: libxml2's HTML parser, never touching the network; title, headings, paragraphs,
 * list items, captions, quotes and cells become blocks.  Page chrome (script, style,
 * navigation, asides, footers, boxes whose class names them: "related", "share" ...) is
 * always dropped; boilerplate lines inside the article (copyright notices, "Related
 * content:" labels, photo credits, editor's initials) are dropped too, or kept as
 * BITEXT_BLOCK_BOILERPLATE blocks with BITEXT_READ_KEEP_BOILERPLATE.
 *
 * Encoding: a BOM wins, then --encoding, then (HTML) <meta charset>, then UTF-8.  Invalid
 * UTF-8 is BITEXT_EENCODING with the byte offset, unless BITEXT_READ_LOSSY.
 */
#ifndef BITEXT_READ_H
#define BITEXT_READ_H

#include "common.h"
#include "doc.h"
#include "error.h"

typedef enum {
    BITEXT_FORMAT_AUTO = 0,   /* by extension, then by content */
    BITEXT_FORMAT_TEXT,
    BITEXT_FORMAT_HTML,
    BITEXT_FORMAT_LINES       /* one segment per line (presegmented): one block per line */
} bitext_format;

enum {
    BITEXT_READ_LOSSY = 1u << 0,           /* replace invalid bytes by U+FFFD, warn */
    BITEXT_READ_KEEP_BOILERPLATE = 1u << 1 /* keep boilerplate lines as BOILERPLATE blocks */
};

#define BITEXT_READ_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    bitext_format format;
    const char *encoding;   /* NULL: detect as above; "auto": also guess with ICU ucsdet */
    unsigned int flags;
    size_t max_bytes;       /* refuse larger inputs; 0 = 512 MiB */
    const char *lang;       /* document language (canonical tag), may be NULL */
} bitext_read_options;
#define BITEXT_READ_OPTIONS_INIT { BITEXT_READ_OPTIONS_VERSION, BITEXT_FORMAT_AUTO, NULL, 0, 0, NULL }

/** Reads a file ("-" = standard input).  The document belongs to the caller. */
BITEXT_API int bitext_read_file(bitext_doc **out, const char *path,
                                const bitext_read_options *opts, bitext_error *err);

/** Reads bytes already in memory; name is used for messages and the document name. */
BITEXT_API int bitext_read_buffer(bitext_doc **out, const char *name, const char *data,
                                  size_t len, const bitext_read_options *opts, bitext_error *err);

#endif
