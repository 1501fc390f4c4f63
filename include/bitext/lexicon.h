/**
 * lexicon.h - a bilingual word-translation table that helps the aligner (align.h).
 *
 * A lexicon holds word pairs of one language pair from dictionaries (hunalign's
 * "word @ word" lines, or FreeDict/dictd .index + .dict.dz files) and example translation
 * pairs (typically the pairs already stored in the TM).  The aligner uses the dictionary
 * entries as lexical anchors and the examples as extra training data for the word
 * translation model (IBM Model 1, Brown et al. 1993) it learns in its second pass.
 *
 * Dictionary entries are used in both directions, so a deu-fra FreeDict dictionary also
 * helps a fr -> de alignment.  A lexicon is read-only while an alignment uses it; it is not
 * thread-safe to change it meanwhile.
 */
#ifndef BITEXT_LEXICON_H
#define BITEXT_LEXICON_H

#include "common.h"
#include "error.h"

typedef struct bitext_lexicon bitext_lexicon;

/** Creates an empty lexicon for src_lang -> tgt_lang (canonical BCP 47 tags, copied). */
BITEXT_API int bitext_lexicon_new(bitext_lexicon **out, const char *src_lang,
                                  const char *tgt_lang, bitext_error *err);

/**
 * Adds the entries of a dictionary file:
 * - hunalign format: one "target phrase @ source phrase" per line (UTF-8);
 * - FreeDict / dictd: path to the .index, the .dict.dz (or .dict), or their common basename.
 *   The .dict.dz (gzip/dictzip) is decompressed through libxml2's I/O layer.
 * Only single-word sides are kept.  Input is untrusted: lines longer than 4096 bytes,
 * invalid UTF-8, bad index fields or files over 512 MB fail with BITEXT_EPARSE (or
 * BITEXT_EIO) and an error naming file:line.  On failure entries added so far are kept.
 */
BITEXT_API int bitext_lexicon_load(bitext_lexicon *lex, const char *path, bitext_error *err);

/**
 * Adds a stored translation pair (UTF-8 texts, copied) as training data for the learned
 * model.  At most 200,000 examples are kept; later ones are ignored (returns 0).
 */
BITEXT_API int bitext_lexicon_add_example(bitext_lexicon *lex, const char *src_text,
                                          const char *tgt_text, bitext_error *err);

/** Frees the lexicon; accepts NULL. */
BITEXT_API void bitext_lexicon_free(bitext_lexicon *lex);

#endif
