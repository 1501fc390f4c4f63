/* qa_int.h - internals of the translation checks (never installed).
 *
 *   qa_num.c   numbers of a segment, read per language (words from CLDR through ICU)
 *   qa.c       the checks and the public API
 */
#ifndef BITEXT_QA_INT_H
#define BITEXT_QA_INT_H

#include <stdbool.h>

#include "bitext/qa.h"
#include "util_int.h"

/* What a language writes around numbers: its decimal separator (as the aligner reads it) and
 * the words of its CLDR data that scale, time or stand for a number. */
typedef struct qa_lang qa_lang;

int qa_lang_new(qa_lang **out, const char *lang, bitext_error *err);
void qa_lang_free(qa_lang *l);

typedef struct {
    double value;
    bool soft;       /* only a word stands for it (month, spelled-out, Roman): never missed */
} qa_num;

/* The numbers of text[0..len) in reading order into *out (malloc'd); 0 or BITEXT_ENOMEM. */
int qa_numbers(qa_num **out, size_t *n, const char *text, size_t len, const qa_lang *l);

/* The written numbers of a that b lacks (by value; b's soft numbers may stand for them),
 * appended to msg as "2300, 15"; returns how many. */
size_t qa_numbers_missing(bitext_buf *msg, const qa_num *a, size_t na, const qa_num *b,
                          size_t nb);

#endif
