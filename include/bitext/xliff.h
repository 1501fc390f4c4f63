/**
 * xliff.h - XLIFF 1.2 (OASIS Standard, 1 Feb 2008), writing and reading, both streaming.
 *
 * The writer makes one <file> of <trans-unit>s, one per segment in document order, valid
 * against the strict OASIS schema: xml:space="preserve" on every unit, inline codes as
 * <g id ctype> (paired, nested), <x id ctype/> (standalone), <bx/>/<ex/> (a pair that does
 * not nest, or half of one), targets with state and state-qualifier, approved="yes" where
 * the translation is settled, and TM proposals as <alt-trans match-quality>.  It writes
 * through a bitext_output (output.h) and never writes a character XML forbids.
 *
 * The reader uses xmlTextReader with no network, no entity expansion and no DTD loading,
 * in bounded memory whatever the file size; it returns the translated units as TUs.
 */
#ifndef BITEXT_XLIFF_H
#define BITEXT_XLIFF_H

#include "common.h"
#include "error.h"
#include "output.h"
#include "tu.h"

/* ---- writer ----------------------------------------------------------------------------- */

#define BITEXT_XLIFF_WRITE_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    const char *original;        /* <file original>: the document's name (required) */
    const char *source_language; /* canonical tags (required) */
    const char *target_language;
    const char *datatype; /* "plaintext" (default), "html", "xml" ... (XLIFF 1.2 list) */
} bitext_xliff_write_options;
#define BITEXT_XLIFF_WRITE_OPTIONS_INIT                                                            \
    {                                                                                              \
        BITEXT_XLIFF_WRITE_OPTIONS_VERSION, NULL, NULL, NULL, "plaintext"                          \
    }

/** A TM proposal shown with a unit (<alt-trans>). */
typedef struct {
    int match_quality;        /* percent, written as match-quality="87" */
    const char *origin;       /* where it comes from ("tm"), or NULL */
    const bitext_tuv *source; /* the stored source, or NULL */
    const bitext_tuv *target; /* the stored translation (required) */
} bitext_xliff_alt;

/** One <trans-unit>. */
typedef struct {
    const char *id;              /* unique in the file; NULL = the unit's number from 1 */
    const bitext_tuv *source;    /* text and inline codes (required) */
    const bitext_tuv *target;    /* or NULL: no <target> */
    const char *state;           /* target state ("translated", "needs-translation" ...) or NULL */
    const char *state_qualifier; /* "exact-match", "leveraged-inherited" ... or NULL */
    int approved;                /* approved="yes" */
    const bitext_xliff_alt *alts;
    size_t nalts;
    const char *note; /* a <note>, or NULL */
} bitext_xliff_unit;

typedef struct bitext_xliff_writer bitext_xliff_writer;

/**
 * Starts an XLIFF document on o (borrowed: it must outlive the writer; the caller commits it
 * after bitext_xliff_writer_finish).  Errors: BITEXT_EINVAL (options), BITEXT_ENOMEM,
 * BITEXT_EIO.
 */
BITEXT_API int bitext_xliff_writer_new(bitext_xliff_writer **out, bitext_output *o,
                                       const bitext_xliff_write_options *opts, bitext_error *err);
BITEXT_API int bitext_xliff_writer_add(bitext_xliff_writer *w, const bitext_xliff_unit *u,
                                       bitext_error *err);
/** Closes the document. */
BITEXT_API int bitext_xliff_writer_finish(bitext_xliff_writer *w, bitext_error *err);
BITEXT_API void bitext_xliff_writer_free(bitext_xliff_writer *w);

/**
 * The text of a variant as OmegaT 3.6 shows the <source>/<target> this writer makes of it:
 * inline codes as OmegaT's tags, numbered from 0 in order (<g0>...</g0>, <x1/>, <b2/>,
 * <e3/>).  A TMX whose source is this text is an exact match for OmegaT.  *out is
 * malloc'd (caller frees).
 */
BITEXT_API int bitext_xliff_omegat_text(char **out, const bitext_tuv *v, bitext_error *err);

/* ---- reader ----------------------------------------------------------------------------- */

#define BITEXT_XLIFF_READ_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    size_t max_unit_bytes; /* a unit's text beyond this is an error; 0 = 1 MiB */
} bitext_xliff_read_options;
#define BITEXT_XLIFF_READ_OPTIONS_INIT                                                             \
    {                                                                                              \
        BITEXT_XLIFF_READ_OPTIONS_VERSION, 0                                                       \
    }

typedef struct bitext_xliff_reader bitext_xliff_reader;

/** Opens an XLIFF 1.2 (or 1.1, 1.0) file. */
BITEXT_API int bitext_xliff_reader_open(bitext_xliff_reader **out, const char *path,
                                        const bitext_xliff_read_options *opts, bitext_error *err);
/** The same over a document in memory (borrowed until the reader is freed). */
BITEXT_API int bitext_xliff_reader_open_buffer(bitext_xliff_reader **out, const char *name,
                                               const char *data, size_t len,
                                               const bitext_xliff_read_options *opts,
                                               bitext_error *err);
/**
 * Reads the next translated unit into *tu (cleared first): a <trans-unit> whose <target>
 * has state translated, final or signed-off, or no state at all, and some text.  The TU has
 * the source and target variants (languages from <file>, or the elements' xml:lang), their
 * inline codes (g, x, bx, ex, bpt, ept, ph, it) as the TM's codes, the neighbouring units'
 * sources as context, origin "imported" and the unit's id as a prop.  *file receives the
 * <file original> it belongs to (borrowed, valid until the next call).  Returns 1 when a
 * unit was read, 0 at the end, < 0 on error (err gives file, line and column).
 */
BITEXT_API int bitext_xliff_reader_next(bitext_xliff_reader *r, bitext_tu *tu, const char **file,
                                        bitext_error *err);
/** Units seen and units skipped as untranslated so far. */
BITEXT_API void bitext_xliff_reader_counts(const bitext_xliff_reader *r, int64_t *units,
                                           int64_t *untranslated);
BITEXT_API void bitext_xliff_reader_free(bitext_xliff_reader *r);

#endif
