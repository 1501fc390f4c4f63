/**
 * review.h - an aligned pair of documents as rows: what `bitext check` (qa.h), the HTML
 * report (report.h) and the review TSV (tsv.h) read.
 *
 * A row is one bead: the segments it covers on each side, its confidence, and the source and
 * target variants (text and inline codes, as they would be stored in the TM).  Rows come
 * either from an alignment of two documents - every bead, 1-0 and 0-1 included, with the
 * places where a paragraph or heading starts - or from the pairs the TM holds for a
 * document, which are pairs only (the TM does not keep unpaired sentences).
 */
#ifndef BITEXT_REVIEW_H
#define BITEXT_REVIEW_H

#include <stdbool.h>

#include "align.h"
#include "common.h"
#include "error.h"
#include "pairs.h"
#include "tm.h"
#include "tu.h"

enum {
    BITEXT_ROW_SRC_BLOCK = 1u << 0, /* a block (paragraph, heading ...) starts on the source side */
    BITEXT_ROW_TGT_BLOCK = 1u << 1, /* ... on the target side */
    BITEXT_ROW_HEADING = 1u << 2    /* the row's segments are a title or heading */
};

typedef struct {
    size_t src, nsrc;          /* first source segment (0-based) and how many (0 for 0-1) */
    size_t tgt, ntgt;          /* first target segment and how many (0 for 1-0) */
    double confidence;         /* in [0,1], or -1 when unknown */
    const bitext_tuv *source;  /* the source variant, NULL for a 0-1 row (borrowed) */
    const bitext_tuv *target;  /* the target variant, NULL for a 1-0 row (borrowed) */
    unsigned flags;            /* BITEXT_ROW_* */
    int64_t tu_id;             /* the TU in the TM (rows from the TM), else 0 */
} bitext_review_row;

typedef struct bitext_review bitext_review;

/**
 * The rows of an alignment of src with tgt (every bead, in order).  src_name and tgt_name
 * (copied, may be NULL) name the files in reports.  The sides are only read during the call.
 * Free *out with bitext_review_free.  Errors: BITEXT_ENOMEM.
 */
BITEXT_API int bitext_review_from_alignment(bitext_review **out, const bitext_pair_side *src,
                                            const bitext_pair_side *tgt,
                                            const bitext_alignment *al, const char *src_name,
                                            const char *tgt_name, bitext_error *err);

/**
 * The pairs the TM holds for document doc (a name as align stored it; NULL = every TU), in
 * the order they were stored.  The source of a TU is its srclang variant, else its first;
 * the target is its variant in tgt_lang, else the first other one (tgt_lang may be NULL).
 * src_lang, when not NULL, keeps only TUs with a variant in it and makes it the source.
 * A document not in the TM is BITEXT_ENOTFOUND.  Segment numbers are row numbers.
 */
BITEXT_API int bitext_review_from_tm(bitext_review **out, bitext_tm *tm, const char *doc,
                                     const char *src_lang, const char *tgt_lang,
                                     bitext_error *err);

/**
 * An empty review for rows made by the caller (bitext_review_add): another aligner, a
 * comparison of editions, tests.  Languages and names are copied (may be NULL).
 */
BITEXT_API int bitext_review_new(bitext_review **out, const char *src_lang,
                                 const char *tgt_lang, const char *src_name,
                                 const char *tgt_name, bitext_error *err);
/**
 * Appends a row: segment numbers and confidence from bead, flags BITEXT_ROW_*, the texts
 * (copied; NULL where the row has no segment on that side).  Errors: BITEXT_ENOMEM.
 */
BITEXT_API int bitext_review_add(bitext_review *r, const bitext_bead *bead, unsigned flags,
                                 const char *source, const char *target, bitext_error *err);

BITEXT_API void bitext_review_free(bitext_review *r);

BITEXT_API size_t bitext_review_count(const bitext_review *r);
/** Row i (borrowed, valid until the review is freed). */
BITEXT_API const bitext_review_row *bitext_review_row_at(const bitext_review *r, size_t i);
/** The language (side 0 source, 1 target; "" when unknown) and file name ("" when none). */
BITEXT_API const char *bitext_review_lang(const bitext_review *r, int side);
BITEXT_API const char *bitext_review_name(const bitext_review *r, int side);
/** Segments on a side (for rows from the TM: the rows that have that side). */
BITEXT_API size_t bitext_review_segments(const bitext_review *r, int side);
/** True when the rows cover every segment of both documents (from an alignment), false when
 * they are only the stored pairs (from the TM): omissions and additions cannot be seen. */
BITEXT_API bool bitext_review_complete(const bitext_review *r);

/** The bead type of a row, "1-1", "2-1", "1-0" ... into buf (at least 24 bytes). */
BITEXT_API const char *bitext_review_row_type(const bitext_review_row *row, char *buf,
                                              size_t size);
/**
 * The row's segment numbers on one side, counted from 1 as people count ("12", "12-13", ""
 * when none) into buf.  Returns buf.
 */
BITEXT_API const char *bitext_review_row_segments(const bitext_review_row *row, int side,
                                                  char *buf, size_t size);

#endif
