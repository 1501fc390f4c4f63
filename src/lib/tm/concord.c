/* concord.c - a phrase inside stored segments: the store gives candidates, C checks them. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "tm_int.h"

static uint32_t fold(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return (uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
}

/* Matches pat[k] at text[*i]: case-folded, and a space of the (normalised) phrase matches
 * any run of white space in the stored text ("city  council", "25\u00A0euros"). */
static bool match_at(const char *text, size_t len, size_t *i, uint32_t want)
{
    size_t j = *i;
    uint32_t cp = bitext_utf8_next(text, len, &j);
    if (want == ' ' && bitext_is_space(cp)) {
        for (size_t q = j; q < len && bitext_is_space(bitext_utf8_next(text, len, &q)); j = q)
            ;
        *i = j;
        return true;
    }
    if (fold(cp) != want)
        return false;
    *i = j;
    return true;
}

/* Case-insensitive search (simple case folding per code point): byte range of the first hit. */
static bool find_folded(size_t *start, size_t *end, const char *text, const uint32_t *pat,
                        size_t npat)
{
    size_t len = strlen(text), at = 0;
    while (at < len) {
        size_t i = at, k = 0;
        while (k < npat && i < len && match_at(text, len, &i, pat[k]))
            k++;
        if (k == npat) {
            *start = at;
            *end = i;
            return true;
        }
        bitext_utf8_next(text, len, &at);
    }
    return false;
}

typedef struct {
    bitext_tm *tm;
    const bitext_tm_concord_options *o;
    uint32_t *pat;
    size_t npat;
    bitext_tm_concord_hit *h;
    size_t n, cap, max;
} concord;

/* The translation shown beside a hit: the best match of tgt_lang, else another language. */
typedef struct {
    concord *C;
    bitext_tm_concord_hit *hit;
    int64_t tuv_id;
    int best;
} translation_ctx;

static int take_translation(void *ctx, const tm_variant *v, bitext_error *err)
{
    translation_ctx *t = ctx;
    bitext_tm_concord_hit *hit = t->hit;
    int m = t->C->o->tgt_lang ? bitext_lang_match(t->C->o->tgt_lang, v->lang)
                              : !bitext_lang_match(hit->lang, v->lang);
    if (v->id == t->tuv_id || m <= t->best)
        return 0;
    free(hit->tgt_lang);
    free(hit->target);
    hit->tgt_lang = bitext_strdup(v->lang);
    hit->target = bitext_strdup(v->text);
    t->best = m;
    return hit->tgt_lang && hit->target ? 0 : bitext_fail(err, BITEXT_ENOMEM, "out of memory");
}

static bool seen(const concord *C, int64_t tu_id)
{
    for (size_t k = 0; k < C->n; k++)
        if (C->h[k].tu_id == tu_id)
            return true;
    return false;
}

/* Checks one candidate and keeps it when the phrase is really there; 1 once max are found. */
static int consider(void *ctx, const tm_variant *v, bitext_error *err)
{
    concord *C = ctx;
    bitext_tm_concord_hit *hit;
    translation_ctx t;
    size_t s, e;
    int rc;
    if (C->n >= C->max)
        return 1;
    if ((C->o->lang && !bitext_lang_match(C->o->lang, v->lang)) || seen(C, v->tu_id) ||
        !find_folded(&s, &e, v->text, C->pat, C->npat))
        return 0;
    if (bitext_grow((void **)&C->h, &C->cap, C->n + 1, sizeof *C->h) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    hit = &C->h[C->n++];
    memset(hit, 0, sizeof *hit);
    hit->tu_id = v->tu_id;
    hit->start = s;
    hit->end = e;
    if (!(hit->lang = bitext_strdup(v->lang)) || !(hit->text = bitext_strdup(v->text)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    t = (translation_ctx){C, hit, v->id, 0};
    if ((rc = C->tm->ops->tu_variants(C->tm, v->tu_id, take_translation, &t, err)) < 0)
        return rc;
    return C->n >= C->max;
}

int bitext_tm_concord(bitext_tm_concord_hit **out, size_t *n, bitext_tm *tm, const char *phrase,
                      const bitext_tm_concord_options *opts, bitext_error *err)
{
    static const bitext_tm_concord_options defaults = BITEXT_TM_CONCORD_OPTIONS_INIT;
    concord C = {0};
    char *norm = NULL;
    size_t len, i = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if (opts && opts->version != BITEXT_TM_CONCORD_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_tm_concord_options: unknown version");
    C.tm = tm;
    if ((rc = tm_sync(tm, err)) < 0)
        return rc; /* variants added in this transaction */
    C.o = opts ? opts : &defaults;
    C.max = C.o->max ? C.o->max : 20;
    if ((rc = bitext_tm_normalize(&norm, phrase, err)) < 0)
        return rc;
    len = strlen(norm);
    if (!len) {
        free(norm);
        return bitext_fail(err, BITEXT_EINVAL, "empty phrase");
    }
    if (!(C.pat = malloc((len + 1) * sizeof *C.pat))) {
        free(norm);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    while (i < len)
        C.pat[C.npat++] = fold(bitext_utf8_next(norm, len, &i));
    rc = tm->ops->concord(tm, norm, C.npat, consider, &C, err);
    free(norm);
    free(C.pat);
    if (rc < 0) {
        bitext_tm_concord_free(C.h, C.n);
        return rc;
    }
    *out = C.h;
    *n = C.n;
    return 0;
}

void bitext_tm_concord_free(bitext_tm_concord_hit *h, size_t n)
{
    if (!h)
        return;
    for (size_t k = 0; k < n; k++) {
        free(h[k].lang);
        free(h[k].text);
        free(h[k].tgt_lang);
        free(h[k].target);
    }
    free(h);
}
