/* json.h - the one JSON string writer of the verbs' --format jsonl output. */
#ifndef BITEXT_CLI_JSON_H
#define BITEXT_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0, n) as a JSON string (RFC 8259 sec. 7): quotes, backslashes and control
 * characters escaped, UTF-8 passed through. */
void json_string_n(FILE *f, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL writes ""). */
void json_string(FILE *f, const char *s);

#endif
