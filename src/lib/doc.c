/* doc.c - documents: blocks of UTF-8 text with inline spans. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/doc.h"
#include "util_int.h"

struct bitext_doc {
    char *name;
    char lang[64];
    char *title;
    char checksum[65];
    size_t replaced;
    bitext_block *blocks;   /* 48 bytes a block: a line of a presegmented file is one */
    size_t nblocks, cap;
    bitext_arena arena;     /* span attributes */
    bitext_arena text;      /* block texts (bitext_doc_release_text gives them back) */
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
    for (size_t i = 0; i < d->nblocks; i++)
        free((void *)d->blocks[i].spans);
    free(d->blocks);
    free(d->name);
    free(d->title);
    bitext_arena_free(&d->arena);
    bitext_arena_free(&d->text);
    free(d);
}

int bitext_doc_add_block(bitext_doc *d, size_t *out_index, bitext_block_type type, int level,
                         const char *text, size_t len, int64_t line, bitext_error *err)
{
    bitext_block *b;
    char *copy;
    if (bitext_grow((void **)&d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks) < 0 ||
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
    size_t cap = 0;
    if (index >= d->nblocks || start > end || end > d->blocks[index].len)
        return bitext_fail(err, BITEXT_EINVAL, "span out of range");
    b = &d->blocks[index];
    spans = (bitext_span *)b->spans; /* the document's own array, lent as const */
    for (cap = b->nspans ? 8 : 0; cap && cap < b->nspans; cap *= 2)
        ; /* the capacity bitext_grow gave it: 8, 16, 32 ... */
    if (bitext_grow((void **)&spans, &cap, b->nspans + 1, sizeof *spans) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    b->spans = spans;
    s = &spans[b->nspans++];
    s->start = start;
    s->end = end;
    s->kind = kind;
    s->attr = attr ? bitext_arena_strndup(&d->arena, attr, strlen(attr)) : NULL;
    return 0;
}

void bitext_doc_release_text(bitext_doc *d)
{
    for (size_t i = 0; i < d->nblocks; i++) {
        d->blocks[i].text = "";
        d->blocks[i].len = 0;
    }
    bitext_arena_free(&d->text);
}

size_t bitext_doc_block_count(const bitext_doc *d)
{
    return d->nblocks;
}

const bitext_block *bitext_doc_block(const bitext_doc *d, size_t index)
{
    return index < d->nblocks ? &d->blocks[index] : NULL;
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

const char *bitext_block_type_name(bitext_block_type type)
{
    static const char *const names[] = {"title", "heading", "paragraph", "list-item",
                                        "caption", "quote", "cell", "boilerplate"};
    return (unsigned)type < sizeof names / sizeof *names ? names[type] : "?";
}
