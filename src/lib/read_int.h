/* read_int.h - what the plain-text and HTML readers share (private). */
#ifndef BITEXT_READ_INT_H
#define BITEXT_READ_INT_H

#include <stdbool.h>

#include "bitext/read.h"
#include "util_int.h"

/* Private read flag: take every line as it is (no boilerplate or repetition filter). */
#define BITEXT_READ_VERBATIM (1u << 31)

/* Decodes raw bytes (BOM, --encoding, meta charset, UTF-8) into validated UTF-8 in out;
 * *replaced counts the sequences a lossy read replaced by U+FFFD. */
int bitext_read_decode(bitext_buf *out, size_t *replaced, const char *name, const char *data,
                       size_t len, bitext_format format, const bitext_read_options *opts,
                       bitext_error *err);
/* True for page furniture: copyright lines, "Related content", photo credits, initials. */
bool bitext_read_is_boilerplate(const char *text, size_t len);
/* NFC-normalised copy of s (caller frees). */
int bitext_read_nfc(char **out, size_t *out_len, const char *s, size_t len, bitext_error *err);
/* Trims, tests for boilerplate, normalises and appends a block (*out_index SIZE_MAX if not). */
int bitext_read_add_block(bitext_doc *doc, size_t *out_index, bitext_block_type type, int level,
                          const char *text, size_t len, int64_t line, unsigned int flags,
                          bitext_error *err);
/* The HTML reader (read_html.c): utf8 is the decoded page. */
int bitext_read_html(bitext_doc *doc, const char *utf8, size_t len, unsigned int flags,
                     bitext_error *err);

#endif
