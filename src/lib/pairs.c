/* pairs.c - from alignments to translation units (see pairs.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitext/lang.h"
#include "bitext/pairs.h"
#include "util_int.h"

#define MAX_SIDES 64

/* ---- inline codes ----------------------------------------------------------------------- */

/* Appends an attribute value with & and " escaped, so the native code is valid HTML. */
static void put_attr(bitext_buf *b, const char *v)
{
    for (; *v; v++)
        bitext_buf_puts(b, *v == '&' ? "&amp;" : *v == '"' ? "&quot;" : (char[]){*v, 0});
}

/* The native markup of a span, as the HTML reader saw it. */
static void native_of(const bitext_span *sp, bitext_buf *open, bitext_buf *close)
{
    static const char *const tags[] = {"b", "i", "u", "a", "code", "sup", "sub", "span"};
    const char *tag = (unsigned)sp->kind < sizeof tags / sizeof *tags ? tags[sp->kind] : "span";
    if (sp->kind == BITEXT_SPAN_OTHER && sp->attr)
        tag = sp->attr;
    if (sp->kind == BITEXT_SPAN_BREAK) {
        bitext_buf_puts(open, "<br/>");
    } else if (sp->kind == BITEXT_SPAN_IMAGE) {
        bitext_buf_puts(open, "<img/>");
    } else if (sp->kind == BITEXT_SPAN_LINK && sp->attr) {
        bitext_buf_puts(open, "<a href=\"");
        put_attr(open, sp->attr);
        bitext_buf_puts(open, "\">");
    } else {
        bitext_buf_printf(open, "<%s>", tag);
    }
    bitext_buf_printf(close, "</%s>", tag);
}

static const char *type_of(bitext_span_kind kind)
{
    switch (kind) {
    case BITEXT_SPAN_BOLD: return "bold";
    case BITEXT_SPAN_ITALIC: return "italic";
    case BITEXT_SPAN_UNDERLINE: return "ulined";
    case BITEXT_SPAN_LINK: return "link";
    case BITEXT_SPAN_BREAK: return "lb";
    case BITEXT_SPAN_IMAGE: return "image";
    default: return NULL;
    }
}

/* One code to emit: where, which span, and the span's other end (for nesting order). */
typedef struct {
    size_t offset, other;
    const bitext_span *span;
    bitext_code_kind kind;
} code_event;

/* Text order; at one offset closing codes first (inner before outer: the later start),
 * then opening codes (outer before inner: the later end), so that <a><i>x</i></a> nests.
 * Spans are read in the order they close. */
static int event_order(const void *pa, const void *pb)
{
    const code_event *a = pa, *b = pb;
    int ca = a->kind == BITEXT_CODE_EPT || a->kind == BITEXT_CODE_IT_END;
    int cb = b->kind == BITEXT_CODE_EPT || b->kind == BITEXT_CODE_IT_END;
    if (a->offset != b->offset)
        return a->offset < b->offset ? -1 : 1;
    if (ca != cb)
        return cb - ca;
    if (a->other != b->other)
        return a->other > b->other ? -1 : 1;
    /* the same range twice: the reader records the inner element first (it closes first) */
    if (a->span != b->span)
        return (a->span < b->span) == ca ? -1 : 1;
    return 0;
}

/* The events of the spans of block b inside the segment [s0, s1): a span wholly inside is
 * a bpt/ept pair, one cut by the segment edge an isolated it, a standalone one (line break,
 * image) a ph.  A span covering the whole segment (a bold lead sentence) says nothing about
 * the sentence and is left out, as CAT tools leave enclosing tags outside the segment. */
static size_t span_events(code_event *ev, const bitext_block *b, size_t s0, size_t s1)
{
    size_t n = 0;
    for (size_t k = 0; k < b->nspans; k++) {
        const bitext_span *sp = &b->spans[k];
        bool in_start = sp->start >= s0 && sp->start < s1, in_end = sp->end > s0 && sp->end <= s1;
        if (sp->start == sp->end) {
            if (sp->start > s0 && sp->start < s1)
                ev[n++] = (code_event){sp->start, sp->end, sp, BITEXT_CODE_PH};
        } else if (sp->end <= s0 || sp->start >= s1 || (sp->start <= s0 && sp->end >= s1)) {
            continue;
        } else if (in_start && in_end) {
            ev[n++] = (code_event){sp->start, sp->end, sp, BITEXT_CODE_BPT};
            ev[n++] = (code_event){sp->end, sp->start, sp, BITEXT_CODE_EPT};
        } else if (in_start) {
            ev[n++] = (code_event){sp->start, sp->end, sp, BITEXT_CODE_IT_BEGIN};
        } else {
            ev[n++] = (code_event){sp->end, sp->start, sp, BITEXT_CODE_IT_END};
        }
    }
    qsort(ev, n, sizeof *ev, event_order);
    return n;
}

/* Adds the codes of one segment at `base` in the variant's text; bpt/ept pairs are numbered
 * from *next_i on, in the order they open. */
static int segment_codes(bitext_tu *tu, size_t tuv, const bitext_block *b, size_t s0, size_t s1,
                         size_t base, int *next_i, bitext_error *err)
{
    code_event *ev;
    int *pair_i;            /* the i of each span's bpt/ept pair, by span index */
    size_t n;
    int rc = 0;
    if (b->nspans == 0)
        return 0;
    ev = malloc(2 * b->nspans * sizeof *ev);
    pair_i = calloc(b->nspans, sizeof *pair_i);
    if (!ev || !pair_i) {
        free(ev);
        free(pair_i);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    n = span_events(ev, b, s0, s1);
    for (size_t k = 0; k < n && rc == 0; k++) {
        bitext_buf open = {0}, close = {0};
        size_t which = (size_t)(ev[k].span - b->spans);
        int i = 0;
        native_of(ev[k].span, &open, &close);
        if (ev[k].kind == BITEXT_CODE_BPT)
            pair_i[which] = ++*next_i;
        if (ev[k].kind == BITEXT_CODE_BPT || ev[k].kind == BITEXT_CODE_EPT)
            i = pair_i[which];
        rc = bitext_tu_add_code(tu, tuv, ev[k].kind, base + ev[k].offset - s0, i, 0,
                                ev[k].kind == BITEXT_CODE_EPT ? NULL : type_of(ev[k].span->kind),
                                ev[k].kind == BITEXT_CODE_EPT || ev[k].kind == BITEXT_CODE_IT_END
                                    ? close.data
                                    : open.data,
                                NULL, err);
        bitext_buf_free(&open);
        bitext_buf_free(&close);
    }
    free(ev);
    free(pair_i);
    return rc;
}

/* ---- variants ------------------------------------------------------------------------- */

int bitext_pairs_add_variant(bitext_tu *tu, const bitext_pair_side *side, size_t first,
                             size_t n, bitext_error *err)
{
    const bitext_seglist *l = side->segs;
    const char *lang = bitext_seglist_lang(l), *sep = bitext_lang_joiner(lang);
    bitext_buf text = {0};
    size_t idx, count = bitext_seglist_count(l);
    int rc = 0, next_i = 0;

    for (size_t i = first; i < first + n && rc == 0; i++) {
        const bitext_segment *s = bitext_seglist_get(l, i);
        if (i > first && bitext_buf_puts(&text, sep) < 0)
            rc = BITEXT_ENOMEM;
        if (rc == 0 && bitext_buf_append(&text, s->text, s->len) < 0)
            rc = BITEXT_ENOMEM;
    }
    if (rc < 0 || (rc = bitext_tu_add_tuv(tu, &idx, lang, text.data ? text.data : "", text.len,
                                          err)) < 0)
        goto done;
    if (first > 0)
        rc = bitext_tu_set_string(&tu->tuvs[idx].prev, bitext_seglist_get(l, first - 1)->text,
                                  err);
    if (rc == 0 && first + n < count)
        rc = bitext_tu_set_string(&tu->tuvs[idx].next, bitext_seglist_get(l, first + n)->text,
                                  err);
    for (size_t i = first, base = 0; i < first + n && rc == 0 && side->doc; i++) {
        const bitext_segment *s = bitext_seglist_get(l, i);
        const bitext_block *b = bitext_doc_block(side->doc, s->block);
        /* a document whose text was given back (bitext_doc_release_text) keeps its spans;
         * the segment then cannot be checked against the block's length */
        if (b && (s->start + s->len <= b->len || (b->len == 0 && b->nspans)))
            rc = segment_codes(tu, idx, b, s->start, s->start + s->len, base, &next_i, err);
        base += s->len + strlen(sep);
    }
done:
    bitext_buf_free(&text);
    if (rc == BITEXT_ENOMEM && err && !err->code)
        bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return rc;
}

/* ---- the pivot ------------------------------------------------------------------------ */

/* The pair bead of al over exactly the source span [src, src + nsrc), or NULL.  Beads are
 * monotone, so *cursor only moves forward over a whole pass. */
static const bitext_bead *same_span(const bitext_alignment *al, size_t *cursor, size_t src,
                                    size_t nsrc)
{
    size_t n = bitext_alignment_count(al);
    while (*cursor < n) {
        const bitext_bead *o = bitext_alignment_bead(al, *cursor);
        if (o->src == src && o->nsrc == nsrc && o->ntgt > 0)
            return o;
        if (o->src + o->nsrc > src)
            return NULL;
        (*cursor)++;
    }
    return NULL;
}

static bool strong(const bitext_bead *b, double min)
{
    return b && b->nsrc && b->ntgt && b->confidence >= min;
}

/* The fields of a new TU that do not depend on its text: dates, origin, segment type. */
static int tu_head(bitext_tu *tu, const bitext_pairs_options *o, bitext_error *err)
{
    int rc;
    tu->created = tu->changed = o->created ? o->created : bitext_now();
    if ((rc = bitext_tu_set_string(&tu->origin, o->origin ? o->origin : "aligned", err)) < 0)
        return rc;
    return bitext_tu_set_string(&tu->segtype, o->segtype ? o->segtype : "sentence", err);
}

/* One TU: the source span of `lead` and, for each translation k, the span of beads[k]. */
static int make_tu(bitext_tu *tu, const bitext_pair_side *src, const bitext_pair_side *tgts,
                   const bitext_bead *lead, const bitext_bead *const *beads, size_t n,
                   const bitext_pairs_options *o, bitext_error *err)
{
    int rc;
    tu->confidence = 1.0;
    if ((rc = tu_head(tu, o, err)) < 0 ||
        (rc = bitext_pairs_add_variant(tu, src, lead->src, lead->nsrc, err)) < 0)
        return rc;
    for (size_t k = 0; k < n; k++) {
        if (!beads[k])
            continue;
        if ((rc = bitext_pairs_add_variant(tu, &tgts[k], beads[k]->tgt, beads[k]->ntgt, err)) < 0)
            return rc;
        if (beads[k]->confidence < tu->confidence)
            tu->confidence = beads[k]->confidence;
    }
    return 0;
}

int bitext_pairs_bead_tu(bitext_tu *out, const bitext_pair_side *src, const bitext_pair_side *tgt,
                         const bitext_bead *bead, const bitext_pairs_options *opts,
                         bitext_error *err)
{
    static const bitext_pairs_options defaults = BITEXT_PAIRS_OPTIONS_INIT;
    const bitext_pairs_options *o = opts ? opts : &defaults;
    int rc;
    if (o->version != BITEXT_PAIRS_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_pairs_options version mismatch");
    if ((rc = tu_head(out, o, err)) < 0)
        return rc;
    if (bead->nsrc && (rc = bitext_pairs_add_variant(out, src, bead->src, bead->nsrc, err)) < 0)
        return rc;
    if (bead->ntgt && (rc = bitext_pairs_add_variant(out, tgt, bead->tgt, bead->ntgt, err)) < 0)
        return rc;
    out->confidence = bead->confidence;
    return 0;
}

static void count_beads(bitext_pairs_stats *st, const bitext_alignment *al)
{
    for (size_t i = 0; i < bitext_alignment_count(al); i++) {
        const bitext_bead *b = bitext_alignment_bead(al, i);
        if (b->nsrc && b->ntgt)
            st->pairs++;
        else if (b->nsrc)
            st->src_unpaired += b->nsrc;
        else
            st->tgt_unpaired += b->ntgt;
    }
}

/* The TUs led by translation k: its strong pairs, joined by every translation that pairs
 * the same span, skipped when an earlier translation pairs it too (it led that TU). */
static int run_lead(bitext_pairs_stats *st, const bitext_pair_side *src,
                    const bitext_pair_side *tgts, const bitext_alignment *const *als, size_t n,
                    size_t k, const bitext_pairs_options *o, bitext_pairs_fn fn, void *ctx,
                    bitext_error *err)
{
    const bitext_bead *beads[MAX_SIDES];
    size_t cursor[MAX_SIDES] = {0};
    int rc = 0;
    for (size_t i = 0; i < bitext_alignment_count(als[k]) && rc == 0; i++) {
        const bitext_bead *b = bitext_alignment_bead(als[k], i);
        bitext_tu tu = BITEXT_TU_INIT;
        bool led_before = false;
        if (!b->nsrc || !b->ntgt)
            continue;
        if (!strong(b, o->min_confidence)) {
            st->weak++;
            continue;
        }
        memset(beads, 0, sizeof beads);
        beads[k] = b;
        for (size_t j = 0; j < n; j++) {
            const bitext_bead *other = j == k ? NULL : same_span(als[j], &cursor[j], b->src,
                                                                 b->nsrc);
            if (strong(other, o->min_confidence)) {
                led_before |= j < k;
                beads[j] = other;
            }
        }
        if (led_before)
            continue;
        if ((rc = make_tu(&tu, src, tgts, b, beads, n, o, err)) == 0 &&
            (rc = fn(ctx, &tu, k, err)) == 0)
            st->tus++;
        bitext_tu_clear(&tu);
    }
    return rc;
}

int bitext_pairs_run(bitext_pairs_stats *stats, const bitext_pair_side *src,
                     const bitext_pair_side *tgts, const bitext_alignment *const *als,
                     size_t ntgt, const bitext_pairs_options *opts, bitext_pairs_fn fn,
                     void *ctx, bitext_error *err)
{
    static const bitext_pairs_options defaults = BITEXT_PAIRS_OPTIONS_INIT;
    bitext_pairs_stats local = {0};
    int rc = 0;
    if (!opts)
        opts = &defaults;
    if (opts->version != BITEXT_PAIRS_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_pairs_options version mismatch");
    if (ntgt > MAX_SIDES)
        return bitext_fail(err, BITEXT_EINVAL, "at most %d translations at once", MAX_SIDES);
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    for (size_t k = 0; k < ntgt; k++)
        count_beads(stats, als[k]);
    for (size_t k = 0; k < ntgt && rc == 0; k++)
        rc = run_lead(stats, src, tgts, als, ntgt, k, opts, fn, ctx, err);
    return rc;
}
