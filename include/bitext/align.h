/**
 * align.h - sentence alignment of two segment lists.
 *
 * The result is a monotone sequence of beads covering every segment of both sides exactly
 * once: 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3, 3-1, 2-3, 3-2, 1-4, 4-1 (and with max_bead 5 also
 * 1-5, 5-1, 2-4, 4-2, 3-3), each with a confidence in [0,1]: the posterior probability of the
 * bead under the model (forward-backward over the band), lowered for beads the previous pass
 * did not choose and by 5% per sentence beyond a 1-1 (the model is surest of what it can
 * least check: the inner boundaries of large beads).  On the development sets beads with
 * confidence >= 0.9 are right 95% (de-fr) and 98% (zh-en) of the time.
 *
 * Scoring: a character-length model (Gale & Church 1993) whose ratio and variance are
 * re-estimated from the document pair itself, lexical anchors (numbers, identical words and
 * names, cognate prefixes with Cyrillic/Greek transliteration, punctuation, URLs), an
 * optional dictionary (lexicon.h) and a word-translation model (IBM Model 1) learned in a
 * second pass from the first pass's beads (Moore 2002).  Paragraph and heading boundaries
 * (bitext_segment.block / .type) anchor the sentence alignment when both sides have them
 * and they correspond (the paragraphs are aligned first; sentences then pair only inside
 * aligned paragraphs, so a paragraph missing on one side shifts nothing after it).
 *
 * Time and memory are linear in the number of segments: a coarse path from recursively
 * merged segments (as Vecalign, Thompson & Koehn 2019) and a band around it.
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

enum {
    BITEXT_ALIGN_LENGTH_ONLY = 1u << 0, /* plain Gale-Church: lengths only, one pass (baseline) */
    BITEXT_ALIGN_NO_LEARN = 1u << 1     /* no second pass with a learned translation model */
};

#define BITEXT_ALIGN_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    unsigned int max_bead;    /* segments per side in one bead (1..5), default 4: beads a-b
                                 with a + b <= max(max_bead + 1, 4), plus 1-0 and 0-1 */
    unsigned int flags;       /* BITEXT_ALIGN_* */
    const struct bitext_lexicon *lexicon; /* dictionary and TM examples, may be NULL */
} bitext_align_options;
#define BITEXT_ALIGN_OPTIONS_INIT { BITEXT_ALIGN_OPTIONS_VERSION, 4, 0, NULL }

typedef struct bitext_alignment bitext_alignment;

/**
 * Aligns src with tgt.  The alignment (*out) belongs to the caller: bitext_alignment_free.
 * opts may be NULL (defaults); opts->lexicon is only read and must outlive the call.
 * Errors: BITEXT_EINVAL (options version, max_bead out of range), BITEXT_ENOMEM.
 * Thread-safe for distinct alignments (it may use a second thread internally).
 */
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
