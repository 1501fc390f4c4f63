/**
 * pairs.h - from alignments to translation units.
 *
 * Each pair bead becomes a TU: the texts of its segments joined (with a space, or nothing
 * for languages written without spaces), the neighbouring segments kept for context
 * matches, and the inline formatting of the documents (bold, links, line breaks ...) turned
 * into TMX-style codes anchored in the text, so that a level 2 export can write them back.
 *
 * With several translations of one source, the source is the pivot: translations that pair
 * exactly the same source span join one multilingual TU; where they differ, each pair is a
 * TU of its own.
 */
#ifndef BITEXT_PAIRS_H
#define BITEXT_PAIRS_H

#include "align.h"
#include "common.h"
#include "doc.h"
#include "error.h"
#include "segment.h"
#include "tu.h"

typedef struct {
    const bitext_seglist *segs;   /* the side's segments (their language names the variant) */
    const bitext_doc *doc;        /* the document they came from, for inline codes; or NULL */
} bitext_pair_side;

#define BITEXT_PAIRS_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    double min_confidence;        /* pairs below are counted in `weak`, not turned into TUs */
    const char *segtype;          /* TU segtype, default "sentence" */
    const char *origin;           /* TU origin, default "aligned" */
    int64_t created;              /* TU creation time (unix seconds), 0 = now */
} bitext_pairs_options;
#define BITEXT_PAIRS_OPTIONS_INIT { BITEXT_PAIRS_OPTIONS_VERSION, 0.0, NULL, NULL, 0 }

typedef struct {
    size_t pairs;                 /* pair beads over all alignments */
    size_t src_unpaired;          /* source segments in 1-0 beads, over all alignments */
    size_t tgt_unpaired;          /* target segments in 0-1 beads */
    size_t weak;                  /* pairs below min_confidence */
    size_t tus;                   /* TUs handed to the callback */
} bitext_pairs_stats;

/** Receives one TU (borrowed: valid during the call).  A negative return stops the run. */
typedef int (*bitext_pairs_fn)(void *ctx, const bitext_tu *tu, size_t lead, bitext_error *err);

/**
 * Turns the alignments als[k] of src with tgts[k] (k < ntgt) into TUs and calls fn for each;
 * `lead` is the index of the translation whose pair started the TU.  stats may be NULL.
 * Returns 0, a negative code, or what fn returned.
 */
BITEXT_API int bitext_pairs_run(bitext_pairs_stats *stats, const bitext_pair_side *src,
                                const bitext_pair_side *tgts,
                                const bitext_alignment *const *als, size_t ntgt,
                                const bitext_pairs_options *opts, bitext_pairs_fn fn,
                                void *ctx, bitext_error *err);

/**
 * Appends to tu the variant of segments [first, first + n) of a side, as bitext_pairs_run
 * makes it: the texts joined, the neighbouring segments as context, and the document's
 * inline formatting as codes.  For tools that build TUs of their own (XLIFF of an edition).
 */
BITEXT_API int bitext_pairs_add_variant(bitext_tu *tu, const bitext_pair_side *side,
                                        size_t first, size_t n, bitext_error *err);

/**
 * The TU of one bead of any type, made as bitext_pairs_run makes them (joined text,
 * neighbours, inline codes, origin and segtype from opts, NULL = defaults) with the bead's
 * confidence: one variant per side that has segments, so a 1-0 bead gives the source
 * variant only.  *out must be empty (BITEXT_TU_INIT); the caller clears it.
 */
BITEXT_API int bitext_pairs_bead_tu(bitext_tu *out, const bitext_pair_side *src,
                                    const bitext_pair_side *tgt, const bitext_bead *bead,
                                    const bitext_pairs_options *opts, bitext_error *err);

#endif
