/**
 * tu.h - a translation unit as a plain value, shared by the TM and TMX modules.
 *
 * A TU has one variant (tuv) per language; each variant holds plain UTF-8 text and its inline
 * codes, kept apart from the text as a list of codes anchored at byte offsets (so that exact
 * and fuzzy matching see the words, and a TMX level 2 export can write the codes back).
 * Every string member is owned by the TU (malloc'd); bitext_tu_clear frees them all.
 */
#ifndef BITEXT_TU_H
#define BITEXT_TU_H

#include "common.h"
#include "error.h"

typedef enum {
    BITEXT_CODE_BPT,       /* opening half of a paired code (TMX <bpt>) */
    BITEXT_CODE_EPT,       /* closing half (TMX <ept>) */
    BITEXT_CODE_PH,        /* standalone code (TMX <ph>) */
    BITEXT_CODE_IT_BEGIN,  /* isolated code whose partner is outside the segment (<it pos=begin>) */
    BITEXT_CODE_IT_END,    /* <it pos="end"> */
    BITEXT_CODE_HI_BEGIN,  /* start of highlighted text (<hi>) */
    BITEXT_CODE_HI_END,    /* end of highlighted text (</hi>) */
    BITEXT_CODE_UT         /* deprecated unknown code (<ut>) */
} bitext_code_kind;

typedef struct {
    bitext_code_kind kind;
    size_t offset;         /* byte offset in the variant's text where the code stands */
    int i;                 /* pairing id inside the segment (bpt/ept), 0 when none */
    int x;                 /* id across variants, 0 when none */
    char *type;            /* TMX type attribute, or NULL */
    char *native;          /* the native code ("<b>"), may be NULL or "" */
    char *assoc;           /* <ph assoc>, or NULL */
} bitext_code;

typedef struct {
    char *type;            /* <prop type>; NULL marks a <note> */
    char *value;
    char *lang;            /* xml:lang of the prop/note, or NULL */
} bitext_prop;

typedef struct {
    char *lang;            /* canonical BCP 47 */
    char *text;            /* plain text, codes removed */
    bitext_code *codes;
    size_t ncodes;
    bitext_prop *props;    /* props and notes of the <tuv> */
    size_t nprops;
    int64_t created;       /* unix seconds, 0 when unknown */
    int64_t changed;
    char *creator;         /* creationid, or NULL */
    char *prev;            /* the segment before this one in its document, or NULL; */
    char *next;            /* the one after: the TM keeps them for context (101%) matches */
} bitext_tuv;

typedef struct {
    char *tuid;            /* NULL when none */
    char *srclang;         /* per-TU source language, or NULL (header's applies) */
    char *origin;          /* "aligned", "imported", "edited", or NULL */
    double confidence;     /* alignment confidence in [0,1], or -1 when unknown */
    int64_t created;       /* unix seconds, 0 when unknown */
    int64_t changed;
    char *creator;
    bitext_tuv *tuvs;
    size_t ntuvs;
    bitext_prop *props;    /* props and notes of the <tu> */
    size_t nprops;
    char *segtype;         /* "sentence", "paragraph", ... or NULL (= sentence) */
} bitext_tu;

#define BITEXT_TU_INIT { NULL, NULL, NULL, -1.0, 0, 0, NULL, NULL, 0, NULL, 0, NULL }

/** Frees every member and resets the TU to BITEXT_TU_INIT. */
BITEXT_API void bitext_tu_clear(bitext_tu *tu);

/** Appends a variant (lang and text copied); its index goes to out_index (may be NULL). */
BITEXT_API int bitext_tu_add_tuv(bitext_tu *tu, size_t *out_index, const char *lang,
                                 const char *text, size_t len, bitext_error *err);

/** Appends a code to variant `tuv` (strings copied, may be NULL). */
BITEXT_API int bitext_tu_add_code(bitext_tu *tu, size_t tuv, bitext_code_kind kind,
                                  size_t offset, int i, int x, const char *type,
                                  const char *native, const char *assoc, bitext_error *err);

/** Appends a prop (type != NULL) or note (type == NULL) to the TU (tuv = SIZE_MAX) or a variant. */
BITEXT_API int bitext_tu_add_prop(bitext_tu *tu, size_t tuv, const char *type,
                                  const char *value, const char *lang, bitext_error *err);

/** Sets a string member (tuid, srclang, origin, creator): frees the old value, copies the new. */
BITEXT_API int bitext_tu_set_string(char **member, const char *value, bitext_error *err);

/** The variant whose language best matches lang (bitext_lang_match), or NULL. Borrowed. */
BITEXT_API const bitext_tuv *bitext_tu_find(const bitext_tu *tu, const char *lang);

/** Deep copy of src into *out (out must be cleared or BITEXT_TU_INIT). */
BITEXT_API int bitext_tu_copy(bitext_tu *out, const bitext_tu *src, bitext_error *err);

#endif
