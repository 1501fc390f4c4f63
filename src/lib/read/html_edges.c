/* read/html_edges.c - the blocks of a story before they become the document, and the chrome
 * left at its edges.
 *
 * The container chosen in html_main.c still holds, around the prose, what pages put at the
 * top and bottom of a story: the byline and date, "Share", tag lists, "Related" headings,
 * the author's box.  Following the observations behind jusText (long blocks of prose are
 * content; short blocks and blocks of links cluster into boilerplate around it), each block
 * is classed as prose, short or links; short and link blocks before the first prose block
 * (or block the page's summary names) and after the last are dropped, and so is a heading
 * that no kept text follows.
 */
#include <stdlib.h>
#include <string.h>

#include "html_int.h"

int bitext_html_blocks_add(bitext_html_blocks *l, bitext_block_type type, int level,
                           const char *text, size_t len, int64_t line, uint16_t origin,
                           size_t link, const xmlNode *node)
{
    hblock *b;
    if (bitext_grow((void **)&l->b, &l->cap, l->n + 1, sizeof *l->b) < 0)
        return BITEXT_ENOMEM;
    b = &l->b[l->n];
    memset(b, 0, sizeof *b);
    b->type = type;
    b->level = level;
    b->text = l->text.len;
    b->len = len;
    b->line = line;
    b->origin = origin;
    b->link = link;
    b->node = node;
    b->span0 = l->ns;
    if (bitext_buf_append(&l->text, text, len) < 0 || bitext_buf_putc(&l->text, '\0') < 0)
        return BITEXT_ENOMEM;
    l->n++;
    return 0;
}

int bitext_html_blocks_span(bitext_html_blocks *l, bitext_span_kind kind, size_t start,
                            size_t end, const char *attr)
{
    hspan *s;
    if (bitext_grow((void **)&l->s, &l->scap, l->ns + 1, sizeof *l->s) < 0)
        return BITEXT_ENOMEM;
    s = &l->s[l->ns];
    s->kind = kind;
    s->start = start;
    s->end = end;
    s->attr = attr ? bitext_strdup(attr) : NULL;
    if (attr && !s->attr)
        return BITEXT_ENOMEM;
    l->ns++;
    l->b[l->n - 1].nspans++;
    return 0;
}

void bitext_html_blocks_free(bitext_html_blocks *l)
{
    for (size_t i = 0; i < l->ns; i++)
        free(l->s[i].attr);
    free(l->s);
    free(l->b);
    bitext_buf_free(&l->text);
    memset(l, 0, sizeof *l);
}

/* ---- the edges ------------------------------------------------------------------------------ */

enum { CLASS_PROSE, CLASS_SHORT, CLASS_LINKS, CLASS_HEADING, CLASS_FIXED };

/* A block that stands among the story's paragraphs (a sign-off line, an ingredient list)
 * rather than in a box of its own (a byline, a tag list, a share bar): its parent, or for a
 * list item or cell the list or table's parent, has paragraphs of prose as children. */
static bool attached(const xmlNode *n)
{
    for (int up = 0; n && up < 4; up++) {
        const hnode *h;
        n = n->parent;
        if (!(h = info_of(n)))
            return false;
        if (h->prose_kids > 0)
            return true;
        if (h->tag != TAG_UL && h->tag != TAG_OL && h->tag != TAG_DL && h->tag != TAG_LI &&
            h->tag != TAG_TABLE && h->tag != TAG_TR && h->tag != TAG_BLOCK_OTHER)
            return false;
    }
    return false;
}

/* A block whose own class words hint at chrome: "byline", "date", "meta", "credit". */
static bool hinted(const xmlNode *n)
{
    const hnode *h = info_of(n);
    return h && h->words.weak > h->words.story;
}

/* s[0, len) ends with the UTF-8 string tail. */
static bool ends_with(const char *s, size_t len, const char *tail)
{
    size_t n = strlen(tail);
    return len >= n && memcmp(s + len - n, tail, n) == 0;
}

/* Ends like a sentence (., !, ?, the CJK ones, maybe a closing quote or bracket). */
static bool ends_sentence(const char *s, size_t len)
{
    static const char *const closers[] = {"\u201D", "\u2019", "\u00BB", NULL}; /* ” ’ » */
    for (;;) {
        size_t k = 0;
        if (ends_with(s, len, "\u3002") || ends_with(s, len, "\uFF01") ||
            ends_with(s, len, "\uFF1F")) /* 。！？ */
            return true;
        if (len && strchr(" \"')", s[len - 1])) {
            len--;
            continue;
        }
        while (closers[k] && !ends_with(s, len, closers[k]))
            k++;
        if (!closers[k])
            break;
        len -= strlen(closers[k]);
    }
    return len && (s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?');
}

/* A paragraph of prose: long enough, punctuated, few links (bytes of the block's text). */
static bool prose_like(const bitext_html_blocks *l, const hblock *b)
{
    uint32_t punct = 0, w = bitext_html_text_weight(l->text.data + b->text, &punct);
    return bitext_html_prose(PROSE_EDGE, w, punct, b->link, b->len);
}

static int class_of(const bitext_html_blocks *l, const hblock *b)
{
    if (b->type == BITEXT_BLOCK_TITLE || b->type == BITEXT_BLOCK_CAPTION ||
        (b->origin & (F_HEADLINE | F_LEAD)))
        return CLASS_FIXED;
    if (b->origin & F_DECLARED)   /* what the summary names stays, and may be prose */
        return b->type != BITEXT_BLOCK_HEADING && prose_like(l, b) ? CLASS_PROSE : CLASS_FIXED;
    if (b->type == BITEXT_BLOCK_HEADING)
        return CLASS_HEADING;
    if (b->link * 2 > b->len)
        return CLASS_LINKS;
    return prose_like(l, b) ? CLASS_PROSE : CLASS_SHORT;
}

void bitext_html_edges(bitext_html_blocks *l)
{
    size_t first = SIZE_MAX, last = 0;
    int *cls = malloc((l->n ? l->n : 1) * sizeof *cls);
    if (!cls)
        return;   /* nothing dropped: the document is only less clean */
    for (size_t i = 0; i < l->n; i++) {
        cls[i] = class_of(l, &l->b[i]);
        if (cls[i] == CLASS_PROSE || (l->b[i].origin & F_DECLARED)) {
            first = first == SIZE_MAX ? i : first;
            last = i;
        }
    }
    for (size_t i = 0; first != SIZE_MAX && i < l->n; i++) {
        hblock *b = &l->b[i];
        bool edge = i < first || i > last;
        if (cls[i] == CLASS_LINKS && (edge || !ends_sentence(l->text.data + b->text, b->len)))
            b->drop = true;   /* a list of links, a "Read also: <headline>" teaser */
        else if (cls[i] == CLASS_SHORT && ((edge && !attached(b->node)) || hinted(b->node)))
            b->drop = true;   /* a byline, a date, a tag list */
    }
    /* a heading is kept when kept text follows it before the next heading of its level or
     * above ("Syllabus" over "Year 1" over a table: both kept) */
    for (size_t i = l->n; i-- > 0;) {
        bool followed = false;
        if (cls[i] != CLASS_HEADING)
            continue;
        for (size_t k = i + 1; k < l->n && !followed; k++) {
            if (cls[k] == CLASS_HEADING && l->b[k].level <= l->b[i].level)
                break;
            followed = !l->b[k].drop && cls[k] != CLASS_LINKS;
        }
        l->b[i].drop = !followed;
    }
    free(cls);
}

uint32_t bitext_html_blocks_prose(const bitext_html_blocks *l)
{
    uint32_t sum = 0, punct;
    for (size_t i = 0; i < l->n; i++)
        if (!l->b[i].drop && l->b[i].type != BITEXT_BLOCK_HEADING && prose_like(l, &l->b[i]))
            sum += bitext_html_text_weight(l->text.data + l->b[i].text, &punct);
    return sum;
}

/* Appends block b of src (with its spans) to dst. */
static int copy_block(bitext_html_blocks *dst, const bitext_html_blocks *src, const hblock *b)
{
    int rc = bitext_html_blocks_add(dst, b->type, b->level, src->text.data + b->text, b->len,
                                    b->line, b->origin, b->link, b->node);
    for (size_t k = 0; rc == 0 && k < b->nspans; k++) {
        const hspan *s = &src->s[b->span0 + k];
        rc = bitext_html_blocks_span(dst, s->kind, s->start, s->end, s->attr);
    }
    return rc;
}

/* Does the block say what the summary says (half its word pairs, at least two)? */
static bool summarised(const bitext_html_blocks *l, const hblock *b, const bitext_pairset *sum)
{
    size_t pairs, hits = bitext_pairset_hits(sum, l->text.data + b->text, b->len, &pairs);
    return hits >= 2 && hits * 2 >= pairs;
}

int bitext_html_blocks_replace(bitext_html_blocks *l, bitext_html_blocks *alt,
                               const bitext_pairset *summary)
{
    bitext_html_blocks out = {0};
    int rc = 0;
    for (size_t i = 0; i < l->n && rc == 0; i++) {
        const hblock *b = &l->b[i];
        if (!b->drop && (b->type == BITEXT_BLOCK_TITLE || (b->origin & (F_HEADLINE | F_LEAD)) ||
                         summarised(l, b, summary)))
            rc = copy_block(&out, l, b);
    }
    for (size_t i = 0; i < alt->n && rc == 0; i++)
        if (!alt->b[i].drop && alt->b[i].type != BITEXT_BLOCK_TITLE &&
            (rc = copy_block(&out, alt, &alt->b[i])) == 0)
            out.b[out.n - 1].node = NULL;   /* alt's tree is freed before l's */
    if (rc < 0) {
        bitext_html_blocks_free(&out);
        return rc;
    }
    bitext_html_blocks_free(l);
    bitext_html_blocks_free(alt);
    *l = out;
    return 0;
}

/* ---- into the document -------------------------------------------------------------------- */

static int add_spans(bitext_doc *doc, size_t index, const bitext_html_blocks *l,
                     const hblock *b, bitext_error *err)
{
    int rc = 0;
    /* spans stay valid unless NFC changed the length (then they are dropped) */
    if (bitext_doc_block(doc, index)->len != b->len)
        return 0;
    for (size_t k = 0; k < b->nspans && rc == 0; k++) {
        const hspan *s = &l->s[b->span0 + k];
        rc = bitext_doc_add_span(doc, index, s->kind, s->start, s->end, s->attr, err);
    }
    return rc;
}

int bitext_html_blocks_commit(const bitext_html_blocks *l, bitext_doc *doc, unsigned int flags,
                              bitext_error *err)
{
    bitext_read_dedup dedup = {0};
    int rc = 0;
    for (size_t i = 0; i < l->n && rc == 0; i++) {
        const hblock *b = &l->b[i];
        size_t index;
        if (b->drop)
            continue;
        rc = bitext_read_add_block(doc, &dedup, &index, b->type, b->level,
                                   l->text.data + b->text, b->len, b->line, flags, err);
        if (rc == 0 && index != SIZE_MAX) {
            if (b->type == BITEXT_BLOCK_TITLE && !bitext_doc_title(doc)[0])
                rc = bitext_doc_set_title(doc, bitext_doc_block(doc, index)->text, err);
            if (rc == 0)
                rc = add_spans(doc, index, l, b, err);
        }
    }
    return rc;
}
