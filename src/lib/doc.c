/* doc.c - documents: blocks of UTF-8 text with inline spans. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/doc.h"
#include "util_int.h"

typedef struct {
    uint32_t line;
    uint8_t type, level;
} slim_block;

typedef struct {
    size_t index;
    bitext_block block;
} spanned_block;

struct bitext_doc {
    char *name;
    char lang[64];
    char *title;
    char checksum[65];
    size_t replaced;
    bitext_format format;
    bitext_block *blocks;   /* 48 bytes a block: a line of a presegmented file is one */
    size_t nblocks, cap;
    bitext_arena arena;     /* span attributes */
    bitext_arena text;      /* block texts (bitext_doc_release_text gives them back) */
    /* Without its text (bitext_doc_release_text) a document keeps its blocks in 8 bytes
     * each (slim, blocks NULL), the few with spans whole (spanned, by index): */
    slim_block *slim;
    spanned_block *spanned;
    size_t nspanned;
    bitext_block scratch;   /* what bitext_doc_block gives for a slim block */
};

int bitext_doc_new(bitext_doc **out, const char *name, const char *lang, bitext_error *err)
{
    bitext_doc *d = calloc(1, sizeof *d);
    *out = NULL;
    if (!d || !(d->name = bitext_strdup(name ? name : ""))) {
        free(d);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    if (lang)
        snprintf(d->lang, sizeof d->lang, "%s", lang);
    *out = d;
    return 0;
}

void bitext_doc_free(bitext_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; d->blocks && i < d->nblocks; i++)
        free((void *)d->blocks[i].spans);
    for (size_t k = 0; k < d->nspanned; k++)
        free((void *)d->spanned[k].block.spans);
    free(d->blocks);
    free(d->slim);
    free(d->spanned);
    free(d->name);
    free(d->title);
    bitext_arena_free(&d->arena);
    bitext_arena_free(&d->text);
    free(d);
}

/* The block records of a slim document again (a block added after its text went). */
static int unslim(bitext_doc *d)
{
    bitext_block *v;
    if (!d->slim)
        return 0;
    if (!(v = calloc(d->nblocks ? d->nblocks : 1, sizeof *v)))
        return BITEXT_ENOMEM;
    for (size_t i = 0; i < d->nblocks; i++)
        v[i] = (bitext_block){(bitext_block_type)d->slim[i].type, d->slim[i].level, "", 0,
                              NULL, 0, d->slim[i].line};
    for (size_t k = 0; k < d->nspanned; k++)
        v[d->spanned[k].index] = d->spanned[k].block;
    free(d->slim);
    free(d->spanned);
    d->slim = NULL;
    d->spanned = NULL;
    d->nspanned = 0;
    d->blocks = v;
    d->cap = d->nblocks ? d->nblocks : 1;
    return 0;
}

int bitext_doc_add_block(bitext_doc *d, size_t *out_index, bitext_block_type type, int level,
                         const char *text, size_t len, int64_t line, bitext_error *err)
{
    bitext_block *b;
    char *copy;
    if (unslim(d) < 0 ||
        bitext_grow((void **)&d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks) < 0 ||
        !(copy = bitext_arena_strndup(&d->text, text, len)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    b = &d->blocks[d->nblocks];
    memset(b, 0, sizeof *b);
    b->type = type;
    b->level = level;
    b->text = copy;
    b->len = len;
    b->line = line;
    if (out_index)
        *out_index = d->nblocks;
    d->nblocks++;
    return 0;
}

int bitext_doc_add_span(bitext_doc *d, size_t index, bitext_span_kind kind, size_t start,
                        size_t end, const char *attr, bitext_error *err)
{
    bitext_block *b;
    bitext_span *spans, *s;
    if (unslim(d) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (index >= d->nblocks || start > end || end > d->blocks[index].len)
        return bitext_fail(err, BITEXT_EINVAL, "span out of range");
    b = &d->blocks[index];
    /* the document's own array, lent as const; its capacity is the power of two at or above
     * nspans, so it doubles when nspans reaches one (amortised linear, whatever the page) */
    spans = (bitext_span *)b->spans;
    if ((b->nspans & (b->nspans - 1)) == 0) {
        size_t cap = b->nspans ? 2 * b->nspans : 1;
        if (!(spans = realloc(spans, cap * sizeof *spans)))
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    b->spans = spans;
    s = &spans[b->nspans++];
    s->start = start;
    s->end = end;
    s->kind = kind;
    s->attr = attr ? bitext_arena_strndup(&d->arena, attr, strlen(attr)) : NULL;
    return 0;
}

/* Whether every block fits a slim record; counts those with spans. */
static bool slim_fits(const bitext_doc *d, size_t *nspanned)
{
    *nspanned = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const bitext_block *b = &d->blocks[i];
        if (b->line < 0 || b->line > UINT32_MAX || b->level < 0 || b->level > UINT8_MAX ||
            (unsigned)b->type > UINT8_MAX)
            return false;
        *nspanned += b->nspans > 0;
    }
    return true;
}

/* Blocks without text into slim records (best effort: on ENOMEM they stay as they are). */
static void slim_down(bitext_doc *d)
{
    size_t ns, k = 0;
    if (!d->blocks || !d->nblocks || !slim_fits(d, &ns))
        return;
    d->slim = malloc(d->nblocks * sizeof *d->slim);
    d->spanned = ns ? malloc(ns * sizeof *d->spanned) : NULL;
    if (!d->slim || (ns && !d->spanned)) {
        free(d->slim);
        free(d->spanned);
        d->slim = NULL;
        d->spanned = NULL;
        return;
    }
    for (size_t i = 0; i < d->nblocks; i++) {
        const bitext_block *b = &d->blocks[i];
        d->slim[i] = (slim_block){(uint32_t)b->line, (uint8_t)b->type, (uint8_t)b->level};
        if (b->nspans)
            d->spanned[k++] = (spanned_block){i, *b};
    }
    d->nspanned = ns;
    free(d->blocks);
    d->blocks = NULL;
    d->cap = 0;
}

void bitext_doc_release_text(bitext_doc *d)
{
    for (size_t i = 0; d->blocks && i < d->nblocks; i++) {
        d->blocks[i].text = "";
        d->blocks[i].len = 0;
    }
    bitext_arena_free(&d->text);
    slim_down(d);
}

size_t bitext_doc_block_count(const bitext_doc *d)
{
    return d->nblocks;
}

const bitext_block *bitext_doc_block(const bitext_doc *d, size_t index)
{
    size_t lo = 0, hi = d->nspanned;
    bitext_block *scratch = (bitext_block *)&d->scratch; /* see doc.h: a slim block's view */
    if (index >= d->nblocks)
        return NULL;
    if (!d->slim)
        return &d->blocks[index];
    while (lo < hi) { /* the blocks with spans, by index */
        size_t mid = lo + (hi - lo) / 2;
        if (d->spanned[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->nspanned && d->spanned[lo].index == index)
        return &d->spanned[lo].block;
    *scratch = (bitext_block){(bitext_block_type)d->slim[index].type, d->slim[index].level, "",
                              0, NULL, 0, d->slim[index].line};
    return scratch;
}

const char *bitext_doc_name(const bitext_doc *d)
{
    return d->name;
}

const char *bitext_doc_lang(const bitext_doc *d)
{
    return d->lang;
}

int bitext_doc_set_lang(bitext_doc *d, const char *lang, bitext_error *err)
{
    if (lang && strlen(lang) >= sizeof d->lang)
        return bitext_fail(err, BITEXT_ELANG, "language code too long");
    snprintf(d->lang, sizeof d->lang, "%s", lang ? lang : "");
    return 0;
}

const char *bitext_doc_title(const bitext_doc *d)
{
    return d->title ? d->title : "";
}

int bitext_doc_set_title(bitext_doc *d, const char *title, bitext_error *err)
{
    char *t = bitext_strdup(title ? title : "");
    if (!t)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    free(d->title);
    d->title = t;
    return 0;
}

const char *bitext_doc_checksum(const bitext_doc *d)
{
    return d->checksum;
}

void bitext_doc_set_checksum(bitext_doc *d, const char *hex64)
{
    snprintf(d->checksum, sizeof d->checksum, "%s", hex64 ? hex64 : "");
}

size_t bitext_doc_replaced(const bitext_doc *d)
{
    return d->replaced;
}

void bitext_doc_set_replaced(bitext_doc *d, size_t n)
{
    d->replaced = n;
}

bitext_format bitext_doc_format(const bitext_doc *d)
{
    return d->format;
}

void bitext_doc_set_format(bitext_doc *d, bitext_format format)
{
    d->format = format;
}

const char *bitext_block_type_name(bitext_block_type type)
{
    static const char *const names[] = {"title", "heading", "paragraph", "list-item",
                                        "caption", "quote", "cell", "boilerplate"};
    return (unsigned)type < sizeof names / sizeof *names ? names[type] : "?";
}
