/**
 * worddiff.h - the words that changed between two texts, and word counts.
 *
 * Texts are cut at ICU word boundaries (UAX #29 through a word BreakIterator over UTF-8, so
 * positions are byte offsets): words, numbers, runs of white space and punctuation marks are
 * each one token.  The diff is a longest common subsequence of tokens, returned as runs of
 * equal, deleted and inserted text in order, the deletion of a change before its insertion
 * (as git's --word-diff prints "[-old-]{+new+}").  A single white-space token between two
 * changes is folded into them, so that "a b" -> "c d" reads as one change, not two.
 *
 * A bitext_worddiff holds one break iterator; it is not thread-safe (use one per thread).
 */
#ifndef BITEXT_WORDDIFF_H
#define BITEXT_WORDDIFF_H

#include "common.h"
#include "error.h"

typedef struct bitext_worddiff bitext_worddiff;

/** A run of the diff.  '=' and '-' runs are byte ranges of the old text, '+' of the new. */
typedef struct {
    char op;           /* '=', '-' or '+' */
    size_t start, end; /* byte range in the old ('=', '-') or new ('+') text */
} bitext_wordrun;

enum {
    BITEXT_WORDDIFF_IGNORE_SPACE = 1u << 0, /* any two runs of white space are equal */
    BITEXT_WORDDIFF_IGNORE_CASE = 1u << 1   /* tokens compared after case folding */
};

/**
 * Opens a word differ for a language (canonical tag; NULL or "" = root rules).
 * Errors: BITEXT_EICU, BITEXT_ENOMEM.
 */
BITEXT_API int bitext_worddiff_new(bitext_worddiff **out, const char *lang, bitext_error *err);
BITEXT_API void bitext_worddiff_free(bitext_worddiff *wd);

/**
 * Diffs old[0, olen) against new_[0, nlen) (valid UTF-8).  *out (malloc'd, free()) receives
 * *n runs; concatenating the '=' and '-' runs gives old, the '=' and '+' runs new.  Work is
 * bounded: past 4,000,000 token pairs the middle (after the common prefix and suffix) is one
 * deletion and one insertion.  flags: BITEXT_WORDDIFF_*.
 */
BITEXT_API int bitext_worddiff_run(bitext_wordrun **out, size_t *n, bitext_worddiff *wd,
                                   const char *old, size_t olen, const char *new_, size_t nlen,
                                   unsigned int flags, bitext_error *err);

/**
 * Words in text[0, len) as CAT tools count them: tokens that ICU's rules call words, numbers,
 * kana or ideographs (as ICU's dictionary cuts them); white space and punctuation do not.
 */
BITEXT_API size_t bitext_worddiff_count_words(bitext_worddiff *wd, const char *text, size_t len);

#endif
