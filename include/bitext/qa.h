/**
 * qa.h - translation checks on an aligned document pair (the rows of review.h).
 *
 * Kinds of finding:
 *   omission      a source sentence of min_words or more with no counterpart (1-0)
 *   addition      a target sentence of min_words or more with no counterpart (0-1)
 *   numbers       the numbers of a pair differ once normalised per language: group and
 *                 decimal separators (the aligner's reading: 2,300 = 2.300 (de) = 2 300),
 *                 scale words (2,3 tys. = 2.3 thousand = 2,300), times (godz. 22 = 22:00
 *                 = 10 p.m.); month names, spelled-out and Roman numbers count as numbers
 *                 that may stand for a written one but are never missed themselves.  The
 *                 words come from each language's CLDR data through ICU (compact number
 *                 formats, day periods, month names, spell-out rules), not from lists here
 *   untranslated  the target is the source (numbers-only and names-only segments aside)
 *   length        a pair whose lengths the document's own length model (Gale & Church:
 *                 ratio and variance fitted robustly to its 1-1 pairs) finds improbable
 *   inconsistent  one source translated differently, or one translation given to different
 *                 sources: within the document, and against the TM when one is given
 *   codes         inline codes (bold, links, line breaks ...) that do not correspond
 * Findings are sorted by row.  Checks are deterministic; against the TM they only read.
 */
#ifndef BITEXT_QA_H
#define BITEXT_QA_H

#include "common.h"
#include "error.h"
#include "review.h"
#include "tm.h"

typedef enum {
    BITEXT_QA_OMISSION,
    BITEXT_QA_ADDITION,
    BITEXT_QA_NUMBERS,
    BITEXT_QA_UNTRANSLATED,
    BITEXT_QA_LENGTH,
    BITEXT_QA_INCONSISTENT,
    BITEXT_QA_CODES,
    BITEXT_QA_KINDS          /* how many kinds there are */
} bitext_qa_kind;

typedef enum {
    BITEXT_QA_MINOR = 1,     /* worth a look: may be a choice of the translator */
    BITEXT_QA_MAJOR = 2      /* likely an error: missing text, wrong numbers, untranslated */
} bitext_qa_severity;

typedef struct {
    bitext_qa_kind kind;
    bitext_qa_severity severity;
    size_t row;              /* the row of the review it is about */
    char *message;           /* one line saying what differs (owned by the findings array) */
} bitext_qa_finding;

#define BITEXT_QA_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int kinds;      /* bits (1u << kind) of the checks to run; 0 = all */
    unsigned int min_words;  /* omission/addition from this many words; default 4 */
    double length_sigma;     /* length outliers beyond this many standard deviations of the
                                document's model; default 4.5 */
    bitext_tm *tm;           /* inconsistencies against this TM too, or NULL */
} bitext_qa_options;
#define BITEXT_QA_OPTIONS_INIT { BITEXT_QA_OPTIONS_VERSION, 0, 4, 4.5, NULL }

/**
 * Runs the checks on r.  *out (NULL when *n is 0) is freed with bitext_qa_findings_free.
 * Errors: BITEXT_EINVAL (options), BITEXT_ENOMEM, BITEXT_EICU, TM errors.
 */
BITEXT_API int bitext_qa_run(bitext_qa_finding **out, size_t *n, const bitext_review *r,
                             const bitext_qa_options *opts, bitext_error *err);
BITEXT_API void bitext_qa_findings_free(bitext_qa_finding *f, size_t n);

/** "omission", "numbers" ... (the names --fail-on takes). */
BITEXT_API const char *bitext_qa_kind_name(bitext_qa_kind kind);
/** The kind named name; BITEXT_EINVAL when there is none. */
BITEXT_API int bitext_qa_kind_parse(bitext_qa_kind *out, const char *name, bitext_error *err);
/** "minor" or "major". */
BITEXT_API const char *bitext_qa_severity_name(bitext_qa_severity s);

/**
 * The numbers of text as the check reads them (language lang), for tools and tests:
 * *out (malloc'd, caller frees) receives *n values; those only a word stands for (a month
 * name, a spelled-out or Roman number) have soft[k] set when soft is not NULL (malloc'd).
 */
BITEXT_API int bitext_qa_numbers(double **out, bool **soft, size_t *n, const char *text,
                                 const char *lang, bitext_error *err);

#endif
