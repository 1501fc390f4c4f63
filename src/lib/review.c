/* review.c - an aligned document pair as rows, from an alignment or from the TM (review.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/lang.h"
#include "bitext/review.h"
#include "util_int.h"

struct bitext_review {
    bitext_review_row *rows;
    bitext_tu **tus;           /* one per row: the variants the row points to (each TU
                                  allocated alone, so the row's pointers never move) */
    size_t n, rcap, tcap;
    char lang[2][BITEXT_LANG_MAX];
    char *name[2];
    size_t segments[2];
    bool complete;
};

static int review_new(bitext_review **out, const char *src_name, const char *tgt_name,
                      bitext_error *err)
{
    bitext_review *r = calloc(1, sizeof *r);
    *out = r;
    if (!r || (src_name && !(r->name[0] = bitext_strdup(src_name))) ||
        (tgt_name && !(r->name[1] = bitext_strdup(tgt_name))))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

/* Room for one more row; its TU is empty, its row zeroed.  Returns the index. */
static int grow(bitext_review *r, size_t *at, bitext_error *err)
{
    if (bitext_grow((void **)&r->rows, &r->rcap, r->n + 1, sizeof *r->rows) < 0 ||
        bitext_grow((void **)&r->tus, &r->tcap, r->n + 1, sizeof *r->tus) < 0 ||
        !(r->tus[r->n] = malloc(sizeof **r->tus)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    memset(&r->rows[r->n], 0, sizeof *r->rows);
    *r->tus[r->n] = (bitext_tu)BITEXT_TU_INIT;
    *at = r->n++;
    return 0;
}

/* Points row `at` at variants s and t of its TU (-1: none). */
static void link_row(bitext_review *r, size_t at, int s, int t)
{
    r->rows[at].source = s >= 0 ? &r->tus[at]->tuvs[s] : NULL;
    r->rows[at].target = t >= 0 ? &r->tus[at]->tuvs[t] : NULL;
}

/* Block starts and headings of a bead, from the segments' blocks. */
static unsigned bead_flags(const bitext_bead *b, const bitext_pair_side *src,
                           const bitext_pair_side *tgt, size_t last_block[2])
{
    const bitext_seglist *l[2] = {src->segs, tgt->segs};
    size_t first[2] = {b->src, b->tgt}, count[2] = {b->nsrc, b->ntgt};
    unsigned flags = 0;
    for (int s = 0; s < 2; s++) {
        const bitext_segment *g;
        if (!count[s])
            continue;
        g = bitext_seglist_get(l[s], first[s]);
        if (g->block != last_block[s])
            flags |= s ? BITEXT_ROW_TGT_BLOCK : BITEXT_ROW_SRC_BLOCK;
        if (g->type == BITEXT_BLOCK_TITLE || g->type == BITEXT_BLOCK_HEADING)
            flags |= BITEXT_ROW_HEADING;
        last_block[s] = bitext_seglist_get(l[s], first[s] + count[s] - 1)->block;
    }
    return flags;
}

int bitext_review_from_alignment(bitext_review **out, const bitext_pair_side *src,
                                 const bitext_pair_side *tgt, const bitext_alignment *al,
                                 const char *src_name, const char *tgt_name, bitext_error *err)
{
    size_t n = bitext_alignment_count(al), last_block[2] = {SIZE_MAX, SIZE_MAX};
    bitext_review *r = NULL;
    int rc = review_new(&r, src_name, tgt_name, err);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bitext_bead *b = bitext_alignment_bead(al, i);
        size_t at;
        if ((rc = grow(r, &at, err)) < 0 ||
            (rc = bitext_pairs_bead_tu(r->tus[at], src, tgt, b, NULL, err)) < 0)
            break;
        r->rows[at] = (bitext_review_row){b->src, b->nsrc, b->tgt, b->ntgt, b->confidence, NULL,
                                          NULL, bead_flags(b, src, tgt, last_block), 0};
        link_row(r, at, b->nsrc ? 0 : -1, b->ntgt ? (b->nsrc ? 1 : 0) : -1);
    }
    if (rc == 0) {
        snprintf(r->lang[0], sizeof r->lang[0], "%s", bitext_seglist_lang(src->segs));
        snprintf(r->lang[1], sizeof r->lang[1], "%s", bitext_seglist_lang(tgt->segs));
        r->segments[0] = bitext_seglist_count(src->segs);
        r->segments[1] = bitext_seglist_count(tgt->segs);
        r->complete = true;
    }
    if (rc < 0) {
        bitext_review_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

/* ---- from the TM ------------------------------------------------------------------------ */

/* Which variants of a stored TU are the row's source and target (-1 when missing). */
static void choose(int w[2], const bitext_tu *tu, const char *src_lang, const char *tgt_lang)
{
    const bitext_tuv *s = NULL, *t = NULL;
    if (src_lang)
        s = bitext_tu_find(tu, src_lang);
    else if (tu->srclang)
        s = bitext_tu_find(tu, tu->srclang);
    if (!s && !src_lang)
        s = &tu->tuvs[0];
    if (tgt_lang)
        t = bitext_tu_find(tu, tgt_lang);
    for (size_t k = 0; !tgt_lang && k < tu->ntuvs && !t; k++)
        if (&tu->tuvs[k] != s)
            t = &tu->tuvs[k];
    w[0] = s && t && s != t ? (int)(s - tu->tuvs) : -1;
    w[1] = w[0] >= 0 ? (int)(t - tu->tuvs) : -1;
}

static int add_stored(bitext_review *r, bitext_tm_iter *it, bitext_tu *tu, const char *src_lang,
                      const char *tgt_lang, bitext_error *err)
{
    int w[2];
    size_t at;
    int rc;
    choose(w, tu, src_lang, tgt_lang);
    if (w[0] < 0)
        return 0;
    if ((rc = grow(r, &at, err)) < 0)
        return rc;
    *r->tus[at] = *tu;             /* the row takes the TU over */
    *tu = (bitext_tu)BITEXT_TU_INIT;
    r->rows[at] = (bitext_review_row){at, 1, at, 1, r->tus[at]->confidence, NULL, NULL, 0, 0};
    link_row(r, at, w[0], w[1]);
    bitext_tm_iter_ids(it, &r->rows[at].tu_id, NULL, NULL);
    if (at == 0) {
        snprintf(r->lang[0], sizeof r->lang[0], "%s", r->tus[at]->tuvs[w[0]].lang);
        snprintf(r->lang[1], sizeof r->lang[1], "%s", r->tus[at]->tuvs[w[1]].lang);
    }
    return 0;
}

int bitext_review_from_tm(bitext_review **out, bitext_tm *tm, const char *doc,
                          const char *src_lang, const char *tgt_lang, bitext_error *err)
{
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    bitext_review *r = NULL;
    int64_t id;
    int rc;
    /* the document's own pairs, also those a reviewed pair elsewhere supersedes */
    f.document = doc;
    f.flags = BITEXT_TM_FILTER_SUPERSEDED;
    if ((rc = review_new(&r, doc, doc, err)) < 0 ||
        (doc && (rc = bitext_tm_find_document(&id, NULL, 0, tm, doc, err)) < 0) ||
        (rc = bitext_tm_iter_new(&it, tm, &f, err)) < 0)
        goto done;
    while ((rc = bitext_tm_iter_next(it, &tu, err)) > 0)
        if ((rc = add_stored(r, it, &tu, src_lang, tgt_lang, err)) < 0)
            break;
    if (rc == 0)
        r->segments[0] = r->segments[1] = r->n;
done:
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    if (rc < 0) {
        bitext_review_free(r);
        r = NULL;
    }
    *out = r;
    return rc < 0 ? rc : 0;
}

/* ---- rows made by the caller ------------------------------------------------------------ */

int bitext_review_new(bitext_review **out, const char *src_lang, const char *tgt_lang,
                      const char *src_name, const char *tgt_name, bitext_error *err)
{
    int rc = review_new(out, src_name, tgt_name, err);
    if (rc < 0) {
        bitext_review_free(*out);
        *out = NULL;
        return rc;
    }
    snprintf((*out)->lang[0], sizeof (*out)->lang[0], "%s", src_lang ? src_lang : "");
    snprintf((*out)->lang[1], sizeof (*out)->lang[1], "%s", tgt_lang ? tgt_lang : "");
    (*out)->complete = true;
    return 0;
}

int bitext_review_add(bitext_review *r, const bitext_bead *b, unsigned flags, const char *source,
                      const char *target, bitext_error *err)
{
    bitext_tu *tu;
    size_t at;
    int rc;
    if ((rc = grow(r, &at, err)) < 0)
        return rc;
    tu = r->tus[at];
    if ((source && (rc = bitext_tu_add_tuv(tu, NULL, r->lang[0], source, strlen(source),
                                           err)) < 0) ||
        (target && (rc = bitext_tu_add_tuv(tu, NULL, r->lang[1], target, strlen(target),
                                           err)) < 0))
        return rc;
    tu->confidence = b->confidence;
    r->rows[at] = (bitext_review_row){b->src, b->nsrc, b->tgt, b->ntgt, b->confidence, NULL,
                                      NULL, flags, 0};
    link_row(r, at, source ? 0 : -1, target ? (source ? 1 : 0) : -1);
    if (b->nsrc && b->src + b->nsrc > r->segments[0])
        r->segments[0] = b->src + b->nsrc;
    if (b->ntgt && b->tgt + b->ntgt > r->segments[1])
        r->segments[1] = b->tgt + b->ntgt;
    return 0;
}

/* ---- access ----------------------------------------------------------------------------- */

void bitext_review_free(bitext_review *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        bitext_tu_clear(r->tus[i]);
        free(r->tus[i]);
    }
    free(r->tus);
    free(r->rows);
    free(r->name[0]);
    free(r->name[1]);
    free(r);
}

size_t bitext_review_count(const bitext_review *r)
{
    return r->n;
}

const bitext_review_row *bitext_review_row_at(const bitext_review *r, size_t i)
{
    return i < r->n ? &r->rows[i] : NULL;
}

const char *bitext_review_lang(const bitext_review *r, int side)
{
    return r->lang[side != 0];
}

const char *bitext_review_name(const bitext_review *r, int side)
{
    return r->name[side != 0] ? r->name[side != 0] : "";
}

size_t bitext_review_segments(const bitext_review *r, int side)
{
    return r->segments[side != 0];
}

bool bitext_review_complete(const bitext_review *r)
{
    return r->complete;
}

const char *bitext_review_row_type(const bitext_review_row *row, char *buf, size_t size)
{
    snprintf(buf, size, "%zu-%zu", row->nsrc, row->ntgt);
    return buf;
}

const char *bitext_review_row_segments(const bitext_review_row *row, int side, char *buf,
                                       size_t size)
{
    size_t first = side ? row->tgt : row->src, n = side ? row->ntgt : row->nsrc;
    if (n == 0)
        snprintf(buf, size, "%s", "");
    else if (n == 1)
        snprintf(buf, size, "%zu", first + 1);
    else
        snprintf(buf, size, "%zu-%zu", first + 1, first + n);
    return buf;
}
