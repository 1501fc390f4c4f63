/**
 * diff.h - what changed between two editions of one article, segment by segment.
 *
 * The two editions are segment lists in one language (segment.h).  Every segment of both is
 * in exactly one unit:
 *   unchanged  one old and one new segment with the same text (white space collapsed; with
 *              the IGNORE flags also without white space or punctuation);
 *   changed    old and new segments that are the same unit of text, edited: 1-1, or a split
 *              or merge (1-2, 2-1, 1-3, 2-2 ...; the segments of one side are consecutive);
 *   added      new segments with no counterpart; removed: old segments with none.
 * A matched unit that lies off the longest chain of matched units in order on both sides is
 * also `moved`.
 *
 * Matching, in three passes (see diff.c): exact matches of the normalised text, in order
 * first (unique lines anchor, as in patience diff, then repeats inside the gaps), then
 * elsewhere; then one-to-one pairing of the remaining segments by similarity over the whole
 * article, best first, candidates drawn from an index of words and character trigrams
 * (never all pairs), a pair that would be a move needing stronger evidence than one in
 * order; then splits and merges with neighbouring segments.  Time and memory are close to
 * linear in the size of the editions.
 */
#ifndef BITEXT_DIFF_H
#define BITEXT_DIFF_H

#include <stdio.h>

#include "common.h"
#include "error.h"
#include "segment.h"

typedef enum {
    BITEXT_DIFF_UNCHANGED,
    BITEXT_DIFF_CHANGED,
    BITEXT_DIFF_ADDED,
    BITEXT_DIFF_REMOVED
} bitext_diff_status;

typedef struct {
    bitext_diff_status status;
    int moved;              /* 1 when off the longest in-order chain of matched units */
    size_t old_first, nold; /* old segments [old_first, old_first + nold); nold 0 = added */
    size_t new_first, nnew; /* new segments; nnew 0 = removed */
    double similarity;      /* in [0,1]: 1 for unchanged, 0 for added/removed */
} bitext_diff_unit;

enum {
    BITEXT_DIFF_IGNORE_SPACE = 1u << 0, /* texts that differ only in white space are equal */
    BITEXT_DIFF_IGNORE_PUNCT = 1u << 1, /* ... only in punctuation */
    BITEXT_DIFF_EXACT_ONLY = 1u << 2    /* exact matches only (a line diff with moves) */
};

#define BITEXT_DIFF_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int flags; /* BITEXT_DIFF_* */
} bitext_diff_options;
#define BITEXT_DIFF_OPTIONS_INIT                                                                   \
    {                                                                                              \
        BITEXT_DIFF_OPTIONS_VERSION, 0                                                             \
    }

typedef struct bitext_diff bitext_diff;

/**
 * Compares the editions old and new_ (borrowed for the call only).  *out belongs to the
 * caller (bitext_diff_free).  Units come in the new edition's order, each removed unit
 * where it stood: after the unit that holds the old segment before it.
 * Errors: BITEXT_EINVAL (options version), BITEXT_ENOMEM.  Thread-safe for distinct calls.
 */
BITEXT_API int bitext_diff_run(bitext_diff **out, const bitext_seglist *old,
                               const bitext_seglist *new_, const bitext_diff_options *opts,
                               bitext_error *err);
BITEXT_API void bitext_diff_free(bitext_diff *d);
BITEXT_API size_t bitext_diff_count(const bitext_diff *d);
/** Borrowed, valid until the diff is freed. */
BITEXT_API const bitext_diff_unit *bitext_diff_get(const bitext_diff *d, size_t i);

typedef struct {
    size_t unchanged, changed, added, removed, moved; /* units */
    size_t old_segments, new_segments;
} bitext_diff_stats;

BITEXT_API void bitext_diff_stats_get(bitext_diff_stats *out, const bitext_diff *d);

BITEXT_API const char *bitext_diff_status_name(bitext_diff_status s);

/**
 * The text the comparison sees for one segment: NFC, white space collapsed and trimmed;
 * with BITEXT_DIFF_IGNORE_SPACE without white space, with BITEXT_DIFF_IGNORE_PUNCT without
 * punctuation.  *out is malloc'd (caller frees).
 */
BITEXT_API int bitext_diff_normalize(char **out, const char *text, size_t len, unsigned int flags,
                                     bitext_error *err);

/**
 * The text of segments [first, first + n) of a list, joined as running text (a space, or
 * nothing in languages written without spaces).  *out is malloc'd (caller frees).
 */
BITEXT_API int bitext_diff_text(char **out, const bitext_seglist *l, size_t first, size_t n,
                                bitext_error *err);

/* ---- one self-contained HTML page ------------------------------------------------------ */

#define BITEXT_DIFF_HTML_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    const char *title;    /* page title, or NULL */
    const char *old_name; /* heading of the old column (a file name), or NULL */
    const char *new_name;
    unsigned int word_flags;   /* BITEXT_WORDDIFF_* for the changed units' word diff */
    const size_t *old_numbers; /* 0-based number shown for each old segment (a line number),
                                  or NULL: the segment's index */
    const size_t *new_numbers;
} bitext_diff_html_options;
#define BITEXT_DIFF_HTML_OPTIONS_INIT                                                              \
    {                                                                                              \
        BITEXT_DIFF_HTML_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL                          \
    }

/**
 * Writes the comparison as one HTML5 page in the design of the alignment report (report.h:
 * no external file, readable without JavaScript, n/p/f keys with it): old and new side by
 * side, one row per unit in the diff's order, changed words marked <del>/<ins>, moves noted
 * on their rows, a header with the counts and a legend; lang and dir attributes from the
 * lists' language.  Errors: BITEXT_EIO (write), BITEXT_ENOMEM, BITEXT_EICU.
 */
BITEXT_API int bitext_diff_write_html(FILE *f, const bitext_diff *d, const bitext_seglist *old,
                                      const bitext_seglist *new_,
                                      const bitext_diff_html_options *opts, bitext_error *err);

#endif
