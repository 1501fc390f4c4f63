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

#endif
