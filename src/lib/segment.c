/*
 * segment.c - sentence segmentation: UAX #29's boundaries (segment_uax29.c), then bitext's
 * exception rules that veto or add boundaries (segment_exc.c); an SRX file's rules (srx.c);
 * or, for baselines and for SRX files that ask for it, ICU's sentence BreakIterator over
 * UTF-8 (UText, so that every boundary is a byte offset and nothing is copied).  And the
 * segment lists the aligner consumes.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "bitext/lang.h"
#include "bitext/segment.h"
#include "segment_rules_int.h"
#include "srx_int.h"
#include "util_int.h"

struct bitext_segmenter {
    char lang[BITEXT_LANG_MAX];
    unsigned int flags;
    UBreakIterator *bi;       /* opened once for "<lang>@ss=standard" */
    UText *ut;                /* reused for every paragraph */
    seg_rules *rules;         /* exception rules, NULL for bare ICU or SRX */
    srx_rules *srx;           /* the rules of an SRX file, or NULL */
    size_t *cand;             /* ICU's boundaries in the current paragraph */
    size_t ncand, capcand;
    size_t *fin;              /* the boundaries after the exception rules */
    size_t nfin, capfin;
};

/* bitext's built-in rule files (or edited copies of them in a directory). */
static int load_builtin(bitext_segmenter *s, const char *lang, const bitext_segment_options *opts,
                        bitext_error *err)
{
    const char *dir;
    /* rules_dir holds <lang>.rules; $BITEXT_RULES is a data directory with segment/ in it */
    if (opts && opts->rules_dir)
        return seg_rules_load(&s->rules, lang, opts->rules_dir, err);
    if ((dir = getenv("BITEXT_RULES")) && *dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/segment", dir);
        return seg_rules_load(&s->rules, lang, path, err);
    }
    return seg_rules_load(&s->rules, lang, NULL, err);
}

/* bitext's rule files (and a rule file on top of them), or the SRX file that replaces them. */
static int load_rules(bitext_segmenter *s, const char *lang, const bitext_segment_options *opts,
                      bitext_error *err)
{
    const char *extra = opts && opts->version >= 2 ? opts->rules_path : NULL;
    int rc;
    if (s->flags & BITEXT_SEGMENT_ICU_ONLY)
        return 0;
    if (opts && opts->srx_path && extra)
        return bitext_fail(err, BITEXT_EINVAL, "an SRX file and a rule file cannot be combined");
    if (opts && opts->srx_path)
        return srx_open(&s->srx, opts->srx_path, NULL, 0, lang, err);
    if ((rc = load_builtin(s, lang, opts, err)) < 0 || !extra)
        return rc;
    return seg_rules_load_file(s->rules, extra, err);
}

int bitext_segmenter_new(bitext_segmenter **out, const char *lang,
                         const bitext_segment_options *opts, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    char locale[BITEXT_LANG_MAX + 16];
    bitext_segmenter *s;
    int rc;
    *out = NULL;
    if (opts && (opts->version < 1 || opts->version > BITEXT_SEGMENT_OPTIONS_VERSION))
        return bitext_fail(err, BITEXT_EINVAL, "segment options version %u, expected %u",
                           opts->version, BITEXT_SEGMENT_OPTIONS_VERSION);
    if (!lang || !*lang)
        return bitext_fail(err, BITEXT_ELANG, "no language given for segmentation");
    if (!(s = calloc(1, sizeof *s)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    s->flags = opts ? opts->flags : 0;
    if ((rc = load_rules(s, lang, opts, err)) < 0) {
        bitext_segmenter_free(s);
        return rc;
    }
    if (s->rules || (s->srx && !srx_uses_icu(s->srx))) {
        *out = s; /* bitext's rules find UAX #29's boundaries themselves (segment_uax29.c) */
        return 0;
    }
    /* "ss=standard" turns on CLDR's sentence-break suppressions (abbreviations), UTS #35;
     * an SRX file that asks for ICU underneath gets ICU's plain rules, as Okapi does. */
    snprintf(locale, sizeof locale,
             s->srx || (s->flags & BITEXT_SEGMENT_ICU_PLAIN) ? "%s" : "%s@ss=standard", lang);
    s->bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &st);
    if (U_FAILURE(st)) {
        bitext_segmenter_free(s);
        return bitext_fail(err, BITEXT_EICU, "cannot open the sentence break iterator for %s: %s",
                           lang, u_errorName(st));
    }
    *out = s;
    return 0;
}

int bitext_segmenter_clone(bitext_segmenter **out, const bitext_segmenter *seg,
                           bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    bitext_segmenter *s = calloc(1, sizeof *s);
    int rc = 0;
    *out = NULL;
    if (!s)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    memcpy(s->lang, seg->lang, sizeof s->lang);
    s->flags = seg->flags;
    s->rules = seg_rules_ref(seg->rules);
    if (seg->srx)
        rc = srx_clone(&s->srx, seg->srx, err);
    /* cloning costs ~0.2 us where opening "<lang>@ss=standard" costs ~150 us */
    if (rc == 0 && seg->bi && !(s->bi = ubrk_clone(seg->bi, &st)))
        rc = bitext_fail(err, BITEXT_EICU, "cannot clone the break iterator: %s",
                         u_errorName(st));
    if (rc < 0) {
        bitext_segmenter_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void bitext_segmenter_free(bitext_segmenter *s)
{
    if (!s)
        return;
    if (s->bi)
        ubrk_close(s->bi);
    if (s->ut)
        utext_close(s->ut);
    seg_rules_free(s->rules);
    srx_free(s->srx);
    free(s->cand);
    free(s->fin);
    free(s);
}

/* Appends one trimmed range unless it is empty. */
static int push_range(bitext_range **out, size_t *n, size_t *cap, const char *text,
                      size_t start, size_t end)
{
    bitext_trim(text, &start, &end);
    if (start >= end)
        return 0;
    if (bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0)
        return BITEXT_ENOMEM;
    (*out)[*n].start = start;
    (*out)[*n].end = end;
    (*n)++;
    return 0;
}

/* ICU's boundaries inside [start, end) of text, into s->cand (start and end excluded). */
static int icu_boundaries(bitext_segmenter *s, const char *text, size_t start, size_t end,
                          bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    s->ut = utext_openUTF8(s->ut, text + start, (int64_t)(end - start), &st);
    if (U_SUCCESS(st))
        ubrk_setUText(s->bi, s->ut, &st);
    if (U_FAILURE(st))
        return bitext_fail(err, BITEXT_EICU, "ICU break iterator: %s", u_errorName(st));
    s->ncand = 0;
    for (int32_t b = ubrk_next(s->bi); b != UBRK_DONE && (size_t)b < end - start;
         b = ubrk_next(s->bi)) {
        if (bitext_grow((void **)&s->cand, &s->capcand, s->ncand + 1, sizeof *s->cand) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        s->cand[s->ncand++] = start + (size_t)b;
    }
    return 0;
}

/* Segments one paragraph [start, end): ICU boundaries, then the exception rules. */
static int split_paragraph(bitext_segmenter *s, bitext_range **out, size_t *n, size_t *cap,
                           const char *text, size_t start, size_t end, bitext_error *err)
{
    size_t from = start;
    int rc;
    if (s->flags & BITEXT_SEGMENT_PARAGRAPH)
        return push_range(out, n, cap, text, start, end) < 0
                   ? bitext_fail(err, BITEXT_ENOMEM, "out of memory") : 0;
    const size_t *b;
    size_t nb;
    s->ncand = 0;
    if (s->bi && (rc = icu_boundaries(s, text, start, end, err)) < 0)
        return rc;
    if (s->rules && seg_uax29_boundaries(text, start, end, &s->cand, &s->ncand, &s->capcand) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    b = s->cand;
    nb = s->ncand;
    if (s->srx) {
        s->nfin = 0;
        if ((rc = srx_apply(s->srx, text, start, end, s->cand, s->ncand, &s->fin, &s->nfin,
                            &s->capfin, err)) < 0)
            return rc;
        b = s->fin;
        nb = s->nfin;
    } else if (s->rules) {
        s->nfin = 0;
        if (seg_rules_apply(s->rules, text, start, end, s->cand, s->ncand, &s->fin, &s->nfin,
                            &s->capfin) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        b = s->fin;
        nb = s->nfin;
    }
    for (size_t i = 0; i <= nb; i++) {
        size_t to = i < nb ? b[i] : end;
        if (push_range(out, n, cap, text, from, to) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        from = to;
    }
    return 0;
}

/* Length of the blank-line run (a line holding only white space) starting at text[i], or 0. */
static size_t blank_line_at(const char *text, size_t len, size_t i)
{
    size_t j = i;
    if (text[j] != '\n')
        return 0;
    j++;
    while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
        j++;
    if (j < len && text[j] != '\n')
        return 0;
    return j - i;
}

int bitext_segmenter_split(bitext_segmenter *s, bitext_range **out, size_t *n,
                           const char *text, size_t len, bitext_error *err)
{
    size_t cap = 0, para = 0;
    int rc = 0;
    *out = NULL;
    *n = 0;
    /* A blank line ends a paragraph; segments never cross one. */
    for (size_t i = 0; i <= len && rc == 0; i++) {
        const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
        size_t blank;
        i = nl ? (size_t)(nl - text) : len; /* only a line break can start a blank line */
        blank = i < len ? blank_line_at(text, len, i) : 0;
        if (i < len && !blank)
            continue;
        rc = split_paragraph(s, out, n, &cap, text, para, i, err);
        para = i + (blank ? blank : 0);
        i = blank ? para - 1 : i;
    }
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- segment lists ------------------------------------------------------------------- */

struct bitext_seglist {
    char lang[BITEXT_LANG_MAX];
    bitext_segment *segs;
    size_t n, cap;
    bitext_arena arena;       /* segment texts */
};

int bitext_seglist_new(bitext_seglist **out, const char *lang, bitext_error *err)
{
    bitext_seglist *l = calloc(1, sizeof *l);
    *out = NULL;
    if (!l)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    snprintf(l->lang, sizeof l->lang, "%s", lang ? lang : "");
    *out = l;
    return 0;
}

void bitext_seglist_free(bitext_seglist *l)
{
    if (!l)
        return;
    free(l->segs);
    bitext_arena_free(&l->arena);
    free(l);
}

int bitext_seglist_add(bitext_seglist *l, const char *text, size_t len, size_t block,
                       bitext_block_type type, size_t start, bitext_error *err)
{
    char *copy;
    if (bitext_grow((void **)&l->segs, &l->cap, l->n + 1, sizeof *l->segs) < 0 ||
        !(copy = bitext_arena_strndup(&l->arena, text, len)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    l->segs[l->n] = (bitext_segment){copy, len, block, type, start};
    l->n++;
    return 0;
}

size_t bitext_seglist_count(const bitext_seglist *l)
{
    return l ? l->n : 0;
}

const bitext_segment *bitext_seglist_get(const bitext_seglist *l, size_t i)
{
    assert(l && i < l->n);
    return &l->segs[i];
}

const char *bitext_seglist_lang(const bitext_seglist *l)
{
    return l->lang;
}

/* Segments one block and appends its segments to list. */
static int segment_block(bitext_seglist *list, bitext_segmenter *seg, const bitext_block *b,
                         size_t index, bitext_error *err)
{
    bitext_range *r = NULL;
    size_t n = 0;
    int rc = bitext_segmenter_split(seg, &r, &n, b->text, b->len, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = bitext_seglist_add(list, b->text + r[i].start, r[i].end - r[i].start, index,
                                b->type, r[i].start, err);
    free(r);
    return rc;
}

int bitext_segment_doc(bitext_seglist **out, bitext_segmenter *seg, const bitext_doc *doc,
                       bitext_error *err)
{
    bitext_seglist *list = NULL;
    int rc = bitext_seglist_new(&list, bitext_doc_lang(doc)[0] ? bitext_doc_lang(doc)
                                                               : seg->lang, err);
    for (size_t i = 0; rc == 0 && i < bitext_doc_block_count(doc); i++) {
        const bitext_block *b = bitext_doc_block(doc, i);
        if (b->type != BITEXT_BLOCK_BOILERPLATE)
            rc = segment_block(list, seg, b, i, err);
    }
    if (rc < 0) {
        bitext_seglist_free(list);
        list = NULL;
    }
    *out = list;
    return rc;
}
