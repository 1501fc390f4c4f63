/**
 * align.h - sentence alignment of two segment lists.
 *
 * The result is a monotone sequence of beads covering every segment of both sides exactly
 * once: 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, ... each with a confidence in [0,1].  Time and memory are
 * linear in the number of segments (a banded dynamic programme around a coarse path).
 */
#ifndef BITEXT_ALIGN_H
#define BITEXT_ALIGN_H

#include "common.h"
#include "error.h"
#include "segment.h"

typedef struct {
    size_t src, nsrc;         /* first source segment and how many (0 for a 0-1 bead) */
    size_t tgt, ntgt;         /* first target segment and how many (0 for a 1-0 bead) */
    double confidence;        /* in [0,1] */
} bitext_bead;

struct bitext_lexicon;        /* lexicon.h, optional */

#define BITEXT_ALIGN_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int max_bead;    /* segments per side in one bead, default 2 (2-2) */
    unsigned int flags;       /* reserved, 0 */
    const struct bitext_lexicon *lexicon; /* bilingual dictionary, may be NULL */
} bitext_align_options;
#define BITEXT_ALIGN_OPTIONS_INIT { BITEXT_ALIGN_OPTIONS_VERSION, 2, 0, NULL }

typedef struct bitext_alignment bitext_alignment;

/** Aligns src with tgt.  The alignment belongs to the caller. */
BITEXT_API int bitext_align_run(bitext_alignment **out, const bitext_seglist *src,
                                const bitext_seglist *tgt, const bitext_align_options *opts,
                                bitext_error *err);
BITEXT_API void bitext_alignment_free(bitext_alignment *al);
BITEXT_API size_t bitext_alignment_count(const bitext_alignment *al);
/** Borrowed, valid until the alignment is freed. */
BITEXT_API const bitext_bead *bitext_alignment_bead(const bitext_alignment *al, size_t i);

/**
 * Writes a bead as in the gold files of the field ("[0, 1]:[0]", "[3]:[]") into buf,
 * NUL-terminated.  Returns the length written (truncated to size - 1).
 */
BITEXT_API size_t bitext_bead_format(const bitext_bead *bead, char *buf, size_t size);

#endif
