/*
 * segment_rules_int.h - bitext's per-language segmentation exception rules, loaded from the
 * readable rule files in data/segment/ (embedded at build time; $BITEXT_RULES/segment or
 * bitext_segment_options.rules_dir override them).  See data/segment/README.md for the format.
 */
#ifndef BITEXT_SEGMENT_RULES_INT_H
#define BITEXT_SEGMENT_RULES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>

#include "bitext/error.h"

/* A set of short words, each with a small value (open addressing over FNV-1a hashes); keys
 * are arena-owned. */
typedef struct {
    const char **keys;
    unsigned char *vals;
    size_t cap, n;
} seg_wordset;

/* How an abbreviation behaves before a period (data/segment/README.md). */
typedef enum {
    SEG_NONE = 0,
    SEG_TITLE,                /* never ends a sentence (Mr, Dr, z, np, ul, godz ...) */
    SEG_FINAL,                /* usually ends one: a break before a capital that is no name */
    SEG_UNIT,                 /* after a number a final ("2000 r."), elsewhere a title */
    SEG_ABBREV,               /* may end one: a break only before a starter word */
    SEG_NUMERO                /* a title before a number ("No. 5"), a word elsewhere ("No.") */
} seg_class;

#define SEG_MAX_CHARS 16

typedef struct {
    seg_wordset classes;      /* abbreviations (without their period) -> seg_class; a later
                               * directive (a --rules file) overrides an earlier one */
    seg_wordset starters;     /* words that begin sentences, first letter lowercased */
    seg_wordset names;        /* capitalised words that go on a sentence (names, German
                               * nouns): after a `final` abbreviation they are no starter */
    uint32_t terminals[SEG_MAX_CHARS];     /* extra sentence ends before white space */
    size_t nterminals;
    uint32_t nobreak_before[SEG_MAX_CHARS];  /* a sentence never starts with these */
    size_t nnobreak_before;
    uint32_t spaced_closing[SEG_MAX_CHARS];  /* closing quotes set off by a space (". »") */
    size_t nspaced_closing;
    bool ordinal_dot;         /* "3. října": number + period before a lower-case word */
    bool noun_capitals;       /* nouns are capitalised ("3. Oktober"): an ordinal is followed
                               * by a capital, and only a starter after it begins a sentence */
    bool no_attribution;      /* ?« + lowercase still breaks (LanguageTool's German) */
    bool lowercase_break;     /* a period breaks before a lowercase word too (Greek) */
    bool bang_lowercase_break; /* "kim? ne?": ! and ? end sentences before lower case too */
    bool no_period;           /* "." is not a sentence end (Armenian uses ":") */
    void *arena;              /* bitext_arena holding the words */
    _Atomic int refs;         /* segmenters sharing these rules (bitext_segmenter_clone) */
} seg_rules;

/*
 * Loads the rules of a language (its primary subtag; "common" alone for a language without a
 * file): from dir/<lang>.rules when dir is set, else from the embedded copies.
 */
int seg_rules_load(seg_rules **out, const char *lang, const char *dir, bitext_error *err);
void seg_rules_free(seg_rules *r);     /* drops one reference */
seg_rules *seg_rules_ref(seg_rules *r); /* adds one; returns r */

/*
 * Reads the directives of a rule file on top of r (a later class for a word replaces the
 * earlier one); name names it in messages.  BITEXT_EPARSE with the file and line on a line
 * that is not understood.
 */
int seg_rules_parse(seg_rules *r, const char *name, const char *text, size_t len,
                    bitext_error *err);
/* seg_rules_parse on a file (at most SEG_RULES_MAX_BYTES; BITEXT_EIO when unreadable). */
int seg_rules_load_file(seg_rules *r, const char *path, bitext_error *err);
#define SEG_RULES_MAX_BYTES (4u << 20)

/*
 * Decoding on the hot paths of segmentation, inline: the text is valid UTF-8 (checked when it
 * was read), so no byte is tested twice.  seg_next reads the code point at *i and moves past
 * it (never beyond end); seg_prev moves *i back over the code point before it.
 */
static inline uint32_t seg_next(const char *str, size_t end, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str + *i;
    uint32_t cp = s[0];
    size_t n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    if (*i + n > end)
        n = end - *i;
    switch (n) {
    case 2: cp = ((cp & 0x1F) << 6) | (s[1] & 0x3F); break;
    case 3: cp = ((cp & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F); break;
    case 4:
        cp = ((cp & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
             ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        break;
    default: break;
    }
    *i += n ? n : 1;
    return cp;
}

static inline uint32_t seg_prev(const char *str, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t j = *i, k;
    if (j == 0)
        return 0;
    do
        j--;
    while (j > 0 && (s[j] & 0xC0) == 0x80 && *i - j < 4);
    k = j;
    *i = j;
    return seg_next(str, SIZE_MAX, &k);
}

/* Lookups on a UTF-8 word of n bytes. */
bool seg_wordset_has(const seg_wordset *s, const char *w, size_t n);
seg_class seg_rules_class(const seg_rules *r, const char *w, size_t n);
bool seg_rules_is_starter(const seg_rules *r, const char *w, size_t n);
bool seg_rules_is_name(const seg_rules *r, const char *w, size_t n);
bool seg_chars_has(const uint32_t *set, size_t n, uint32_t cp);

/* The embedded rule files (generated from data/segment/ by data/segment/embed.py). */
typedef struct {
    const char *name;         /* "en", "common" ... */
    const char *text;
} seg_rules_file;
extern const seg_rules_file seg_rules_embedded[];
extern const size_t seg_rules_embedded_count;



/*
 * The sentence boundaries of UAX #29's default rules inside the paragraph [ps, pe) of s,
 * appended in order to *out (grown with bitext_grow; *cap its capacity); the same positions
 * as ICU's sentence iterator on the plain locale, found in one pass.
 */
int seg_uax29_boundaries(const char *s, size_t ps, size_t pe, size_t **out, size_t *n,
                         size_t *cap);

/*
 * Applies the exception rules to ICU's boundaries icu[0..nicu) inside the paragraph
 * [ps, pe) of text: vetoes some, adds others, and writes the final boundaries, in order, to
 * *out (grown with bitext_grow; *cap its capacity).  Linear in the paragraph's length.
 */
int seg_rules_apply(const seg_rules *r, const char *text, size_t ps, size_t pe,
                    const size_t *icu, size_t nicu, size_t **out, size_t *n, size_t *cap);
#endif
