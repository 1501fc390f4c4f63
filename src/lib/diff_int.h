/* diff_int.h - internals of the edition comparison (never installed).
 *
 * Layout of the module:
 *   diff.c        the public API: passes in order, units, moves (longest in-order chain)
 *   diff_exact.c  normalised keys and the exact pass (patience-style anchors, then repeats)
 *   diff_sim.c    features (words with document weights, character trigrams), similarity,
 *                 the best-first pairing and the split/merge pass
 */
#ifndef BITEXT_DIFF_INT_H
#define BITEXT_DIFF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitext/diff.h"
#include "util_int.h"

/* One link group: consecutive old segments matched with consecutive new ones. */
typedef struct {
    uint32_t o, no; /* old segments [o, o + no) */
    uint32_t n, nn; /* new segments [n, n + nn) */
    double sim;
} diff_group;

typedef struct {
    const bitext_seglist *side[2]; /* 0 old, 1 new */
    size_t n[2];
    uint64_t *key[2]; /* normalised-text hash per segment */
    int32_t *gid[2];  /* group of each segment, -1 while unmatched */
    diff_group *g;
    size_t ng, gcap;
    uint32_t *chain[2]; /* per segment: how many exact in-order anchors precede it */
    unsigned flags;
    const char *lang;
} diff_ctx;

/* Adds a group (1-1 unless widened later); returns its id or -1 on ENOMEM. */
int32_t diff_link(diff_ctx *c, uint32_t o, uint32_t n, double sim);

/* Normalised keys of every segment of both sides (diff_exact.c). */
int diff_keys(diff_ctx *c, bitext_error *err);
/* The exact pass: in-order anchors and repeats, then identical segments elsewhere; fills
 * c->chain from the in-order anchors. */
int diff_exact(diff_ctx *c);

/* The similarity passes over what the exact pass left (diff_sim.c). */
int diff_similar(diff_ctx *c, bitext_error *err);

/* Longest chain of (a[k], b[k]) increasing in both, a sorted ascending (ties by b):
 * keep[k] = 1 for the members.  O(n log n).  Returns 0 or BITEXT_ENOMEM. */
int diff_lis(uint8_t *keep, const uint32_t *a, const uint32_t *b, size_t n);

#endif
