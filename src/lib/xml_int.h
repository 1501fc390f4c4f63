/* xml_int.h - writing XML text safely, shared by the TMX and XLIFF writers (never
 * installed). */
#ifndef BITEXT_XML_INT_H
#define BITEXT_XML_INT_H

#include <libxml/xmlwriter.h>

#include "util_int.h"

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

#endif
