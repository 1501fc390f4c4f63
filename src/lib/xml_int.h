/* xml_int.h - what the XML readers and writers of bitext share (never installed).
 *
 * Writers (TMX, XLIFF): XML text and attributes, cleaned of what XML 1.0 forbids and escaped
 * once (xml_text.c).
 *
 * Readers (TMX, XLIFF, SRX): libxml2 checks an element's attributes for duplicates by
 * comparing every pair: one tag with 100,000 attributes costs it seconds, a million hours
 * (issue 8).  No TMX, XLIFF or SRX element needs more than a handful, so every XML input
 * first passes a guard that refuses an element with more than BITEXT_XML_MAX_ATTRS
 * attributes, in one pass over the bytes, before libxml2 sees them, and every reader records
 * libxml2's errors the same way (xml_read.c).
 */
#ifndef BITEXT_XML_INT_H
#define BITEXT_XML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

#include "bitext/tmx.h"
#include "bitext/xliff.h"
#include "util_int.h"

/* ---- writing (xml_text.c) ---- */
/*
 * s[0, n) without the characters XML 1.0 forbids (C0 controls but TAB, LF, CR; U+FFFE,
 * U+FFFF) or invalid UTF-8: s itself when it is clean (b->len = n), else a cleaned copy in
 * b.  NULL on ENOMEM.
 */
const char *bitext_xml_clean(bitext_buf *b, const char *s, size_t n);
/* Appends s[0, n), cleaned (tmp is scratch), to b with &, <, > escaped and CR as &#13;. */
int bitext_xml_escape(bitext_buf *b, bitext_buf *tmp, const char *s, size_t n);

/* Writes an attribute when value is non-NULL, cleaned (aux is scratch).  0 or -1. */
int bitext_xml_attr(xmlTextWriterPtr xw, bitext_buf *aux, const char *name, const char *value);
int bitext_xml_attr_int(xmlTextWriterPtr xw, bitext_buf *aux, const char *name, int64_t v);
/* Text content, cleaned and escaped here and written raw (xmlTextWriterWriteString copies
 * per call, which halves an export's speed).  0 or -1. */
int bitext_xml_text(xmlTextWriterPtr xw, bitext_buf *esc, bitext_buf *clean, const char *s,
                    size_t n);

/* ---- reading (xml_read.c) ---- */

#define BITEXT_XML_MAX_ATTRS 256

typedef struct {
    int unit;            /* bytes per code unit: 1 (UTF-8 and the like), 2 (UTF-16) */
    bool big_endian;
    bool started;        /* the first bytes (BOM, encoding) have been looked at */
    unsigned char pend[2];
    int npend;           /* a split UTF-16 code unit */
    int state;           /* where in the markup the scan is (xml_read.c) */
    uint32_t quote;
    size_t attrs;        /* attributes of the open start tag */
    int64_t offset;      /* bytes seen */
    int64_t tripped_at;  /* offset of the tag that passed the limit, -1 while none */
} bitext_xml_guard;

void bitext_xml_guard_init(bitext_xml_guard *g);
/* Scans n more bytes; false once an element has passed the limit (then g->tripped_at). */
bool bitext_xml_guard_feed(bitext_xml_guard *g, const char *p, size_t n);

/*
 * An xmlTextReader over a file ("-" = standard input) whose bytes pass through g first: when
 * the guard trips, the reader stops with an I/O error and g->tripped_at says where.  NULL
 * when the file cannot be opened (errno set).
 */
xmlTextReaderPtr bitext_xml_reader_for_file(const char *path, const char *encoding, int options,
                                            bitext_xml_guard *g);

/* What one streaming reader (TMX, XLIFF) knows of its parse: the guard over its bytes, the
 * first error libxml2 reported, and its work. */
typedef struct {
    bitext_xml_guard guard;
    bool failed;         /* libxml2 reported an error: the parse cannot go on */
    char msg[512];       /* that error, one line */
    char generic[256];   /* an encoding or I/O error libxml2 sent to its generic handler */
    int64_t line, col;
    int64_t nodes;       /* nodes read */
} bitext_xml_state;

void bitext_xml_state_init(bitext_xml_state *st);
/* Records xr's errors in st (a per-reader handler, never the global one). */
void bitext_xml_watch(xmlTextReaderPtr xr, bitext_xml_state *st);
/* xmlTextReaderRead, with the errors libxml2 sends to its generic handler while reading
 * (encodings, I/O) recorded in st rather than printed: 1, 0 at the end, -1 once the parse
 * stopped (st->failed, or st->guard.tripped_at >= 0). */
int bitext_xml_read(xmlTextReaderPtr xr, bitext_xml_state *st);
/* The error of a reader that stopped, as BITEXT_EPARSE: the guard's (with its byte offset),
 * else libxml2's first (line and column), else the reader's position.  `format` names what
 * the file should have been ("TMX", "XLIFF"). */
int bitext_xml_fail(xmlTextReaderPtr xr, const bitext_xml_state *st, const char *path,
                    const char *format, bitext_error *err);

/* The readers' work so far, nodes read plus bytes scanned (the growth tests count it). */
int64_t tmx_reader_work(const bitext_tmx_reader *r);
int64_t xliff_reader_work(const bitext_xliff_reader *r);

#endif
