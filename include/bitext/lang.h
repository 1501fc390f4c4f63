/**
 * lang.h - BCP 47 language tags.
 *
 * Tags are canonicalised through ICU: "EN_us" -> "en-US", "pt_br" -> "pt-BR", "zh-hans-cn" ->
 * "zh-Hans-CN".  Matching is case-insensitive and falls back to the primary subtag, the way
 * CAT tools match TM languages.
 */
#ifndef BITEXT_LANG_H
#define BITEXT_LANG_H

#include "common.h"
#include "error.h"

#define BITEXT_LANG_MAX 64

/**
 * Writes the canonical BCP 47 form of tag into out (BITEXT_LANG_MAX bytes).  Fails with
 * BITEXT_ELANG when the tag is malformed or its language subtag is not an ISO 639 code.
 */
BITEXT_API int bitext_lang_canonical(char *out, const char *tag, bitext_error *err);

/** The primary language subtag of a canonical tag, written into out ("en-GB" -> "en"). */
BITEXT_API void bitext_lang_primary(char *out, const char *tag);

/**
 * How well a stored tag `have` serves a requested tag `want`: 2 exact (case-insensitive),
 * 1 same primary language ("en" vs "en-GB"), 0 none.
 */
BITEXT_API int bitext_lang_match(const char *want, const char *have);

/**
 * What joins two sentences of the language in running text: "" for languages written
 * without spaces between sentences (zh, ja, th, lo, km, my, bo), else " ".  Static string.
 */
BITEXT_API const char *bitext_lang_joiner(const char *tag);

/** True when the language is written right to left (ar, he, fa, ur ...; ICU's data). */
BITEXT_API int bitext_lang_rtl(const char *tag);

#endif
