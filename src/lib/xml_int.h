/* xml_int.h - what every XML reader of bitext shares (never installed).
 *
 * libxml2 checks an element's attributes for duplicates by comparing every pair: one tag
 * with 100,000 attributes costs it seconds, a million hours (issue 8).  No TMX, XLIFF or SRX
 * element needs more than a handful, so every XML input first passes a guard that refuses an
 * element with more than BITEXT_XML_MAX_ATTRS attributes, in one pass over the bytes, before
 * libxml2 sees them.
 */
#ifndef BITEXT_XML_INT_H
#define BITEXT_XML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>

#define BITEXT_XML_MAX_ATTRS 256

typedef struct {
    int unit;            /* bytes per code unit: 1 (UTF-8 and the like), 2 (UTF-16) */
    bool big_endian;
    bool started;        /* the first bytes (BOM, encoding) have been looked at */
    unsigned char pend[2];
    int npend;           /* a split UTF-16 code unit */
    int state;           /* where in the markup the scan is (xml_guard.c) */
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

#endif
