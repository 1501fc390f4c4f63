/**
 * segment.h - sentence segmentation, and the segment list the aligner consumes.
 *
 * A segmenter is opened once per language (Unicode's sentence boundaries, UAX #29, judged by
 * bitext's per-language rules and a rule file of the user's; or an SRX 2.0 rule file applied
 * as the CAT tool that wrote it does; or bare ICU for baselines) and then splits any number of
 * texts.  Segments never cross a block, never lose or reorder a
 * character between them (only white space at their edges is trimmed), and carry UTF-8 byte
 * offsets.  A segmenter is not thread-safe; open one per thread, or clone one
 * (bitext_segmenter_clone).  A blank line inside a text ends a paragraph; a single line break
 * ends a segment except in prose wrapped at a fixed width.
 */
#ifndef BITEXT_SEGMENT_H
#define BITEXT_SEGMENT_H

#include <stdio.h>

#include "common.h"
#include "doc.h"
#include "error.h"

enum {
    BITEXT_SEGMENT_PARAGRAPH = 1u << 0, /* one segment per block (segtype "paragraph") */
    BITEXT_SEGMENT_ICU_ONLY = 1u << 1,  /* bare ICU, no exception rules (for baselines) */
    BITEXT_SEGMENT_ICU_PLAIN = 1u << 2  /* with ICU_ONLY: the plain locale, without CLDR's
                                         * abbreviation suppressions ("@ss=standard") */
};

#define BITEXT_SEGMENT_OPTIONS_VERSION 2
typedef struct {
    unsigned int version;
    unsigned int flags;       /* BITEXT_SEGMENT_* */
    const char *srx_path;     /* SRX 2.0 rule file replacing the built-in rules, or NULL */
    const char *rules_dir;    /* directory of <lang>.rules files (format: data/segment/
                               * README.md); NULL = $BITEXT_RULES/segment, else the copies
                               * built into the library */
    /* version 2 */
    const char *rules_path;   /* a rule file read on top of the built-in rules (one written
                               * by bitext_segment_learn, or by hand), or NULL; not with
                               * srx_path */
} bitext_segment_options;
#define BITEXT_SEGMENT_OPTIONS_INIT { BITEXT_SEGMENT_OPTIONS_VERSION, 0, NULL, NULL, NULL }

typedef struct {
    size_t start, end;        /* byte range of the trimmed segment in the text */
} bitext_range;

typedef struct bitext_segmenter bitext_segmenter;

/**
 * Opens a segmenter for a canonical language tag.  Fails with BITEXT_EPARSE (naming file:line)
 * on an SRX file that is not well-formed or holds a rule ICU cannot compile, or on a rule file
 * (rules_path) with a line it does not understand, BITEXT_EIO when a file cannot be read,
 * BITEXT_ELANG on an empty language, BITEXT_EINVAL for srx_path with rules_path.  Options of
 * version 1 are accepted (without rules_path).
 */
BITEXT_API int bitext_segmenter_new(bitext_segmenter **out, const char *lang,
                                    const bitext_segment_options *opts, bitext_error *err);
BITEXT_API void bitext_segmenter_free(bitext_segmenter *seg);

/**
 * A copy of seg for another thread: the rules are shared (they never change once loaded) and
 * ICU's break iterator and the SRX regular expressions are cloned (ubrk_clone, uregex_clone),
 * far cheaper than opening a segmenter again.  Free each copy with bitext_segmenter_free.
 */
BITEXT_API int bitext_segmenter_clone(bitext_segmenter **out, const bitext_segmenter *seg,
                                      bitext_error *err);

/**
 * Splits len bytes of valid UTF-8 into segments.  *out (malloc'd, caller frees with free())
 * receives *n ranges, trimmed of white space, empty ones dropped, in text order.
 */
BITEXT_API int bitext_segmenter_split(bitext_segmenter *seg, bitext_range **out, size_t *n,
                                      const char *text, size_t len, bitext_error *err);

/* ---- segment lists ------------------------------------------------------------------- */

/** One segment: its text (NUL-terminated copy), the block it came from and that block's type. */
typedef struct {
    const char *text;
    size_t len;
    size_t block;             /* block index in the source document */
    bitext_block_type type;
    size_t start;             /* byte offset of the segment in its block's text */
} bitext_segment;

typedef struct bitext_seglist bitext_seglist;

BITEXT_API int bitext_seglist_new(bitext_seglist **out, const char *lang, bitext_error *err);
BITEXT_API void bitext_seglist_free(bitext_seglist *list);
/** Appends a segment; text is copied (into the list's arena). */
BITEXT_API int bitext_seglist_add(bitext_seglist *list, const char *text, size_t len,
                                  size_t block, bitext_block_type type, size_t start,
                                  bitext_error *err);
BITEXT_API size_t bitext_seglist_count(const bitext_seglist *list);
/** Borrowed, valid until the list is freed. */
BITEXT_API const bitext_segment *bitext_seglist_get(const bitext_seglist *list, size_t i);
BITEXT_API const char *bitext_seglist_lang(const bitext_seglist *list);

/**
 * Segments every block of doc (boilerplate blocks skipped) into a new list.  With
 * BITEXT_SEGMENT_PARAGRAPH each block is one segment.
 */
BITEXT_API int bitext_segment_doc(bitext_seglist **out, bitext_segmenter *seg,
                                  const bitext_doc *doc, bitext_error *err);

/* ---- streams ------------------------------------------------------------------------- */

/** Receives one segment of a stream: its text and its byte range in the input. */
typedef int (*bitext_segment_fn)(void *ctx, const char *text, size_t len, uint64_t start,
                                 uint64_t end);

#define BITEXT_STREAM_LOSSY (1u << 0) /* replace invalid UTF-8 by U+FFFD instead of failing */

/**
 * Segments a stream paragraph by paragraph (a blank line ends one), so memory is bounded by
 * the longest paragraph, and calls fn for every segment in order; start and end are byte
 * offsets in the stream (a leading BOM is skipped but counted).  A NUL byte or invalid UTF-8
 * fails with BITEXT_EENCODING and the byte offset in err (name is the file name for
 * messages); with BITEXT_STREAM_LOSSY invalid sequences become U+FFFD, the text handed to fn
 * is the repaired one, and *first_repair (may be NULL) receives the offset of the first
 * repair, or -1.  A non-zero return of fn stops the stream and is returned.
 */
BITEXT_API int bitext_segment_stream(bitext_segmenter *seg, FILE *in, const char *name,
                                     unsigned int flags, bitext_segment_fn fn, void *ctx,
                                     int64_t *first_repair, bitext_error *err);

/* ---- learning rules from text ---------------------------------------------------------- */

typedef struct bitext_segment_learner bitext_segment_learner;

#define BITEXT_LEARN_SENTENCE (1u << 0) /* the text is one sentence (a TM segment, a line of a
                                         * sentence-per-line corpus), not running text */

/**
 * Learns, as punkt does (Kiss & Strunk 2006), from any amount of text in one language:
 * abbreviations (by their association with a following period) and their class (title, unit,
 * final, abbrev: data/segment/README.md), whether numbers with a period are ordinals, the
 * words that begin sentences and the names that stay capitalised inside them.  Memory is
 * bounded however much text is added.  A learner is not thread-safe.
 */
BITEXT_API int bitext_segment_learner_new(bitext_segment_learner **out, const char *lang,
                                          bitext_error *err);
/** Adds len bytes of UTF-8 (BITEXT_EENCODING when invalid). */
BITEXT_API int bitext_segment_learner_add(bitext_segment_learner *l, const char *text,
                                          size_t len, unsigned int flags, bitext_error *err);
/**
 * The learned rules as the text of a rule file (the format of data/segment/<lang>.rules), for
 * bitext_segment_options.rules_path; *out is malloc'd, the caller frees it.
 */
BITEXT_API int bitext_segment_learner_rules(char **out, bitext_segment_learner *l,
                                            bitext_error *err);
BITEXT_API void bitext_segment_learner_free(bitext_segment_learner *l);

#endif
