/* read/html.c - an HTML page into the blocks of its story.
 *
 * The page goes through html_bound.c (bounded work, smaller tree), then libxml2's HTML
 * parser (no network, errors recovered silently: web pages are rarely valid).  One pass
 * over the tree counts, for every element, its visible text, the part of it in links, its
 * punctuation and paragraphs (bitext_html_annotate); html_main.c chooses the story from
 * those counts; one walk over the chosen subtrees fills a "current block" buffer (text and
 * inline elements append to it, every block-level element ends it) into a list of blocks;
 * html_edges.c drops the chrome left at the story's edges; the rest becomes the document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "bitext/lang.h"
#include "html_int.h"

#define MAX_DEPTH 1024    /* deeper nesting is flattened into plain text: bounds the recursion */

/* ---- elements ----------------------------------------------------------------------------- */

static html_tag tag_of(const xmlNode *n, int *level)
{
    static const struct { const char *name; html_tag tag; } tags[] = {
        {"html", TAG_HTML}, {"head", TAG_HEAD}, {"title", TAG_TITLE}, {"body", TAG_BODY},
        {"div", TAG_DIV}, {"section", TAG_SECTION}, {"article", TAG_ARTICLE},
        {"main", TAG_MAIN}, {"header", TAG_HEADER}, {"footer", TAG_FOOTER}, {"nav", TAG_NAV},
        {"aside", TAG_ASIDE}, {"menu", TAG_MENU}, {"p", TAG_P}, {"ul", TAG_UL}, {"ol", TAG_OL},
        {"dl", TAG_DL}, {"li", TAG_LI}, {"dt", TAG_DT}, {"dd", TAG_DD}, {"table", TAG_TABLE},
        {"tr", TAG_TR}, {"td", TAG_TD}, {"th", TAG_TH}, {"caption", TAG_CAPTION},
        {"figure", TAG_FIGURE}, {"figcaption", TAG_FIGCAPTION},
        {"blockquote", TAG_BLOCKQUOTE}, {"pre", TAG_PRE}, {"address", TAG_ADDRESS},
        {"form", TAG_FORM}, {"a", TAG_A}, {"br", TAG_BR}, {"img", TAG_IMG},
        {"summary", TAG_SUMMARY}, {"details", TAG_DETAILS}, {"time", TAG_TIME},
        {"meta", TAG_META},
        /* never read: code, form controls, embedded things */
        {"script", TAG_DROP}, {"style", TAG_DROP}, {"noscript", TAG_DROP},
        {"template", TAG_DROP}, {"button", TAG_DROP}, {"select", TAG_CONTROL},
        {"textarea", TAG_CONTROL}, {"input", TAG_CONTROL}, {"iframe", TAG_DROP},
        {"svg", TAG_DROP}, {"math", TAG_DROP}, {"object", TAG_DROP}, {"embed", TAG_DROP},
        {"canvas", TAG_DROP}, {"video", TAG_DROP}, {"audio", TAG_DROP}, {"rt", TAG_DROP},
        {"rp", TAG_DROP}, {"label", TAG_DROP}, {"option", TAG_DROP}, {"dialog", TAG_DROP},
        {"tbody", TAG_BLOCK_OTHER}, {"thead", TAG_BLOCK_OTHER}, {"tfoot", TAG_BLOCK_OTHER},
        {"hgroup", TAG_BLOCK_OTHER}, {"center", TAG_BLOCK_OTHER}, {"fieldset", TAG_BLOCK_OTHER},
        {"legend", TAG_BLOCK_OTHER}, {"hr", TAG_BLOCK_OTHER}, {"picture", TAG_INLINE},
        {NULL, TAG_OTHER}};
    const char *name = (const char *)n->name;
    *level = 0;
    if (!name)
        return TAG_OTHER;
    if ((name[0] | 0x20) == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) {
        *level = name[1] - '0';
        return TAG_H;
    }
    for (size_t i = 0; tags[i].name; i++)
        if (!strcasecmp(name, tags[i].name))
            return tags[i].tag;
    return TAG_INLINE;
}

/* The span an inline element of markup makes, as its kind + 1 (0: none). */
static uint8_t span_of(const xmlNode *n, html_tag t)
{
    static const struct { const char *name; bitext_span_kind kind; } kinds[] = {
        {"b", BITEXT_SPAN_BOLD}, {"strong", BITEXT_SPAN_BOLD}, {"i", BITEXT_SPAN_ITALIC},
        {"em", BITEXT_SPAN_ITALIC}, {"cite", BITEXT_SPAN_ITALIC}, {"u", BITEXT_SPAN_UNDERLINE},
        {"ins", BITEXT_SPAN_UNDERLINE}, {"code", BITEXT_SPAN_CODE},
        {"kbd", BITEXT_SPAN_CODE}, {"samp", BITEXT_SPAN_CODE}, {"sup", BITEXT_SPAN_SUP},
        {"sub", BITEXT_SPAN_SUB}, {NULL, BITEXT_SPAN_OTHER}};
    if (t == TAG_A)
        return BITEXT_SPAN_LINK + 1;
    for (size_t i = 0; t == TAG_INLINE && n->name && kinds[i].name; i++)
        if (!strcasecmp((const char *)n->name, kinds[i].name))
            return (uint8_t)(kinds[i].kind + 1);
    return 0;
}

static bool is_block_tag(html_tag t)
{
    return t != TAG_INLINE && t != TAG_A && t != TAG_BR && t != TAG_IMG && t != TAG_TIME &&
           t != TAG_OTHER && t != TAG_DROP && t != TAG_CONTROL && t != TAG_TITLE &&
           t != TAG_META;
}

/* display:none or visibility:hidden in a style attribute, white space ignored. */
static bool style_hides(const char *style)
{
    char buf[256];
    size_t k = 0;
    for (const char *p = style; *p && k + 1 < sizeof buf; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n')
            buf[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    buf[k] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

/* An attribute's value: its text node's content as libxml2's HTML parser makes it, else a
 * copy in *copy (xmlFree it). */
static const char *attr_value(const xmlAttr *a, xmlChar **copy)
{
    *copy = NULL;
    if (!a->children)
        return "";
    if (a->children->type == XML_TEXT_NODE && !a->children->next && a->children->content)
        return (const char *)a->children->content;
    *copy = xmlNodeListGetString(a->doc, a->children, 1);
    return *copy ? (const char *)*copy : "";
}

/* What one attribute says about its element: hidden (hidden, aria-hidden, display:none,
 * a class "hidden"), a page's own word for its story (role=main, itemprop=articleBody),
 * class and id words (and the class, to find siblings of one kind). */
static void read_attr(hnode *h, const char *name, const char *v)
{
    if (!strcasecmp(name, "hidden") || (!strcasecmp(name, "aria-hidden") &&
                                         !strcasecmp(v, "true")) ||
        (!strcasecmp(name, "style") && style_hides(v))) {
        h->flags |= F_DROP;
    } else if (!strcasecmp(name, "class")) {
        bitext_html_class_words(&h->words, v);
        h->flags |= bitext_html_class_hides(v) ? F_DROP : 0;
        h->class_hash = *v ? bitext_hash64(v, strlen(v)) : 0;
    } else if (!strcasecmp(name, "id")) {
        bitext_html_class_words(&h->words, v);
    } else if ((!strcasecmp(name, "role") && !strcasecmp(v, "main")) ||
               (!strcasecmp(name, "itemprop") && (strstr(v, "articleBody") ||
                                                  strstr(v, "text")))) {
        h->flags |= F_SEMANTIC;
    }
}

/* Every attribute of the element read once. */
static void read_attrs(hnode *h, const xmlNode *n)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        xmlChar *copy;
        const char *v = attr_value(a, &copy);
        if (a->name)
            read_attr(h, (const char *)a->name, v);
        xmlFree(copy);
    }
    if (h->tag == TAG_ARTICLE || h->tag == TAG_MAIN)
        h->flags |= F_SEMANTIC;
    h->lean = h->words.story > h->words.chrome ? 1 : h->words.chrome > h->words.story ? -1 : 0;
}

/* ---- counting ------------------------------------------------------------------------------ */

uint32_t bitext_html_text_weight(const char *s, uint32_t *punct)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t w = 0;
    for (; *p; p++) {
        unsigned char c = *p;
        if (c <= ' ')
            continue;
        if (c < 0x80) {
            w++;
            if (c == ',' || c == ';' ||
                ((c == '.' || c == '!' || c == '?') && (p[1] <= ' ')))
                (*punct)++;
        } else if (c >= 0xC0) {
            /* U+3000-U+9FFF, U+AC00-U+D7AF: a character is about a word */
            bool ideo = (c == 0xE3 || (c >= 0xE4 && c <= 0xE9) || (c >= 0xEA && c <= 0xED));
            w += ideo ? 3 : 1;
            if (c == 0xE3 && p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x82)) /* 、。 */
                (*punct)++;
            else if (c == 0xEF && p[1] == 0xBC && (p[2] == 0x8C || p[2] == 0x81 || p[2] == 0x9F))
                (*punct)++;   /* ，！？ */
        }
    }
    return w;
}

/* The elements in document order (pre-order, without recursion: a page may nest deeply). */
static int collect(hpage *pg, xmlNode *root)
{
    size_t cap = 0;
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            if (bitext_grow((void **)&pg->el, &cap, pg->n + 1, sizeof *pg->el) < 0)
                return BITEXT_ENOMEM;
            pg->el[pg->n++] = n;
            n->_private = NULL;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
    }
    return 0;
}

static void init_node(hpage *pg, size_t i)
{
    xmlNode *n = pg->el[i];
    hnode *h = &pg->info[i];
    const hnode *up = info_of(n->parent);
    int level;
    html_tag t = tag_of(n, &level);
    n->_private = h;
    h->order = h->last = (uint32_t)i;
    h->block = (uint32_t)i;
    h->tag = (uint8_t)t;
    h->span = span_of(n, t);
    h->level = (uint8_t)level;
    if (up)
        h->flags |= up->flags & (F_DROP | F_IN_CHROME);
    if (t == TAG_DROP || t == TAG_CONTROL)
        h->flags |= F_DROP;
    read_attrs(h, n);
    if (is_block_tag(t))
        h->flags |= F_BLOCK;
    else if (up)
        h->block = up->block;
    if (t == TAG_NAV || t == TAG_ASIDE || t == TAG_FOOTER || t == TAG_MENU)
        h->flags |= F_CHROME_TAG | F_IN_CHROME;
    if (t == TAG_TITLE && !pg->title)
        pg->title = n;
    if (t == TAG_BODY && !pg->body)
        pg->body = n;
}

/* Adds a child's counts to its parent (children come after parents in document order, so
 * walking the elements backwards sees every child first). */
static void add_up(hnode *parent, const hnode *c)
{
    parent->inputs += c->inputs;   /* form controls are never read, but they are there */
    if (c->flags & F_DROP)
        return;
    parent->text += c->text;
    parent->link += c->link;
    parent->imgs += c->imgs;
    /* what figures with no picture in a link hold, apart: the link-density and gallery
     * tests leave it out (html_main.c) */
    if (c->tag == TAG_FIGURE && !(c->flags & F_LINKED_IMG)) {
        parent->fig_link += c->link;
        parent->fig_imgs += c->imgs;
    } else {
        parent->fig_link += c->fig_link;
        parent->fig_imgs += c->fig_imgs;
    }
    parent->flags |= c->flags & F_LINKED_IMG;
    parent->punct += c->punct;
    parent->paras += c->paras;
    parent->items += c->items;
    parent->link_items += c->link_items;
    if (c->last > parent->last)
        parent->last = c->last;
    if (!(c->flags & F_BLOCK)) {   /* inline: its text is the parent's own */
        parent->own_text += c->own_text;
        parent->own_link += c->own_link;
        parent->own_punct += c->own_punct;
    }
}

/* The element's own text nodes and what it is (link, list, item, image, form control). */
static void count_node(hnode *h, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            uint32_t punct = 0, w = bitext_html_text_weight((const char *)c->content, &punct);
            h->text += w, h->own_text += w;
            h->punct += punct, h->own_punct += punct;
        }
    }
    if (h->tag == TAG_A) {
        h->link = h->text;
        h->own_link = h->own_text;
        if (h->imgs)
            h->flags |= F_LINKED_IMG;
    }
    h->items += h->tag == TAG_LI;
    h->link_items += h->tag == TAG_LI && h->link * 2 > h->text;
    h->imgs += h->tag == TAG_IMG;
    h->inputs += h->tag == TAG_CONTROL;
    if ((h->flags & F_BLOCK) && h->own_text > 0) {
        h->flags |= F_TEXT_BLOCK;
        h->paras += bitext_html_prose(PROSE_PARAGRAPH, h->own_text, h->own_punct, h->own_link,
                                      h->own_text);
    }
}

int bitext_html_annotate(hpage *pg, xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    memset(pg, 0, sizeof *pg);
    if (!root)
        return 0;
    if (collect(pg, root) < 0 || !(pg->info = calloc(pg->n ? pg->n : 1, sizeof *pg->info)))
        return BITEXT_ENOMEM;
    for (size_t i = 0; i < pg->n; i++)
        init_node(pg, i);
    for (size_t i = pg->n; i-- > 0;) {
        hnode *h = &pg->info[i], *up = info_of(pg->el[i]->parent);
        count_node(h, pg->el[i]);   /* its children's counts are already in */
        if (up)
            add_up(up, h);
    }
    if (pg->body)
        pg->page_text = info_of(pg->body)->text;
    return 0;
}

void bitext_html_page_free(hpage *pg)
{
    for (size_t i = 0; i < pg->n; i++)
        pg->el[i]->_private = NULL;
    free(pg->el);
    free(pg->info);
    memset(pg, 0, sizeof *pg);
}

/* ---- the walk: chosen subtrees into blocks -------------------------------------------------- */

typedef struct {
    size_t start, end;
    bitext_span_kind kind;
    char *attr;
} pending_span;

typedef struct {
    hpage *page;
    bitext_html_blocks *out;
    bitext_buf text;               /* the current block */
    pending_span *spans;
    size_t nspans, cap;
    size_t link_bytes;             /* of the current block, inside links */
    int in_link;
    bitext_block_type type;
    int level;
    int64_t line;
    int in_quote;
    uint16_t origin;               /* F_HEADLINE, F_LEAD of the block being read */
    const xmlNode *node;           /* the element of the block being read */
    size_t flushes;                /* blocks ended so far: an inline element spanning one is cut */
    bool all_text;
    int rc;
} walker;

static void fail_nomem(walker *w)
{
    if (w->rc == 0)
        w->rc = BITEXT_ENOMEM;
}

/* Appends text with HTML white-space collapsing: runs of white space become one space,
 * and there is none at the start of a block.  Soft hyphens (U+00AD) go: they are
 * hyphenation hints, invisible unless a line breaks there, and a word that carries them
 * ("Ita&shy;li&shy;ens") is not the word for search, alignment or the TM. */
static void append_text(walker *w, const char *s)
{
    size_t before = w->text.len;
    for (; *s; s++) {
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD) {
            s++;
            continue;
        }
        bool space = *s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' || *s == '\f';
        if (space && (w->text.len == 0 || w->text.data[w->text.len - 1] == ' ' ||
                      w->text.data[w->text.len - 1] == '\n'))
            continue;
        if (bitext_buf_putc(&w->text, space ? ' ' : *s) < 0)
            fail_nomem(w);
    }
    if (w->in_link)
        w->link_bytes += w->text.len - before;
}

static void add_span(walker *w, size_t start, size_t end, bitext_span_kind kind,
                     const char *attr)
{
    pending_span *s;
    if (bitext_grow((void **)&w->spans, &w->cap, w->nspans + 1, sizeof *w->spans) < 0) {
        fail_nomem(w);
        return;
    }
    s = &w->spans[w->nspans++];
    s->start = start;
    s->end = end;
    s->kind = kind;
    s->attr = attr ? bitext_strdup(attr) : NULL;
}

static void clear_spans(walker *w)
{
    for (size_t i = 0; i < w->nspans; i++)
        free(w->spans[i].attr);
    w->nspans = 0;
}

/* Ends the current block: trimmed (U+3000 indents included) and kept in the list with its
 * spans and counts. */
static void flush(walker *w)
{
    size_t start = 0, end = w->text.len;
    w->flushes++;
    if (w->rc < 0 || end == 0)
        goto reset;
    bitext_trim(w->text.data, &start, &end);
    if (start < end)
        w->rc = bitext_html_blocks_add(w->out, w->type, w->level, w->text.data + start,
                                       end - start, w->line,
                                       w->origin | (info_of(w->node) ? info_of(w->node)->flags &
                                                                           F_DECLARED : 0),
                                       w->link_bytes > end - start ? end - start : w->link_bytes,
                                       w->node);
    for (size_t i = 0; w->rc == 0 && start < end && i < w->nspans; i++) {
        pending_span *s = &w->spans[i];
        size_t e = s->end < end ? s->end : end, b = s->start < e ? s->start : e;
        b = b > start ? b - start : 0;
        e = e > start ? e - start : 0;
        if (e > b || s->kind == BITEXT_SPAN_BREAK || s->kind == BITEXT_SPAN_IMAGE)
            w->rc = bitext_html_blocks_span(w->out, s->kind, b, e, s->attr);
    }
reset:
    w->text.len = 0;
    w->link_bytes = 0;
    if (w->text.data)
        w->text.data[0] = '\0';
    clear_spans(w);
}

static bool block_type_of(const hnode *h, const walker *w, bitext_block_type *type, int *level)
{
    *level = 0;
    switch (h->tag) {
    case TAG_H: *type = BITEXT_BLOCK_HEADING, *level = h->level; break;
    case TAG_LI: *type = BITEXT_BLOCK_LIST_ITEM; break;
    case TAG_FIGCAPTION:
    case TAG_CAPTION: *type = BITEXT_BLOCK_CAPTION; break;
    case TAG_TD:
    case TAG_TH: *type = BITEXT_BLOCK_CELL; break;
    default:
        if (!(h->flags & F_BLOCK))
            return false;
        *type = h->words.caption  ? BITEXT_BLOCK_CAPTION
                : w->in_quote     ? BITEXT_BLOCK_QUOTE
                                  : BITEXT_BLOCK_PARAGRAPH;
    }
    return true;
}

static void walk(walker *w, xmlNode *n, int depth, bool on);

static void walk_children(walker *w, xmlNode *n, int depth, bool on)
{
    for (xmlNode *c = n->children; c && w->rc == 0; c = c->next)
        walk(w, c, depth + 1, on);
}

static void walk_block(walker *w, xmlNode *n, int depth, bool on, bitext_block_type type,
                       int level)
{
    bitext_block_type saved_type = w->type;
    const xmlNode *saved_node = w->node;
    int saved_level = w->level, quote = info_of(n)->tag == TAG_BLOCKQUOTE;
    if (on)
        flush(w);
    w->type = type;
    w->level = level;
    w->node = n;
    w->line = xmlGetLineNo(n);
    w->in_quote += quote;
    walk_children(w, n, depth, on);
    if (on)
        flush(w);
    w->in_quote -= quote;
    w->type = saved_type;
    w->level = saved_level;
    w->node = saved_node;
}

static void line_break(walker *w)
{
    /* a line break stays one (the segmenter ends a segment there); two end the block */
    if (w->text.len && w->text.data[w->text.len - 1] == '\n') {
        flush(w);
        return;
    }
    if (w->text.len && w->text.data[w->text.len - 1] == ' ')
        w->text.data[--w->text.len] = '\0';
    add_span(w, w->text.len, w->text.len, BITEXT_SPAN_BREAK, NULL);
    if (bitext_buf_putc(&w->text, '\n') < 0)
        fail_nomem(w);
}

static void walk_inline(walker *w, xmlNode *n, int depth, bool on, bitext_span_kind kind)
{
    size_t start = w->text.len, gen = w->flushes;
    xmlChar *href = kind == BITEXT_SPAN_LINK ? xmlGetProp(n, (const xmlChar *)"href") : NULL;
    w->in_link += kind == BITEXT_SPAN_LINK;
    walk_children(w, n, depth, on);
    w->in_link -= kind == BITEXT_SPAN_LINK;
    /* a block inside the element ended the block it began in: it goes on in this one */
    if (w->flushes != gen)
        start = 0;
    if (on && w->text.len > start)
        add_span(w, start, w->text.len, kind, (const char *)href);
    xmlFree(href);
}

/* Is the element skipped?  Dropped and cut-out ones always; chrome elements (nav, aside,
 * footer) unless every visible text is read, or they hold the story or what the page's
 * summary names. */
static bool skipped(const walker *w, const hnode *h)
{
    if (h->flags & F_DROP)
        return true;
    if (w->all_text)
        return false;
    return (h->flags & F_CUT) ||
           ((h->flags & F_CHROME_TAG) && !(h->flags & (F_PATH | F_KEEP)) && !h->declared);
}

static void walk_element(walker *w, xmlNode *n, int depth, bool on)
{
    hnode *h = info_of(n);
    bitext_block_type type;
    int level;
    uint16_t saved = w->origin;
    if (!h || skipped(w, h))
        return;
    if (!on && (h->flags & (F_KEEP | F_HEADLINE | F_LEAD))) {
        on = true;
        w->origin = h->flags & (F_HEADLINE | F_LEAD);
    }
    if (h->tag == TAG_BR && on) {
        line_break(w);
    } else if (h->tag == TAG_IMG && on) {
        xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
        add_span(w, w->text.len, w->text.len, BITEXT_SPAN_IMAGE, (const char *)alt);
        xmlFree(alt);
    } else if (depth < MAX_DEPTH && block_type_of(h, w, &type, &level)) {
        walk_block(w, n, depth, on, type, level);
    } else if (depth < MAX_DEPTH && h->span) {
        walk_inline(w, n, depth, on, (bitext_span_kind)(h->span - 1));
    } else if (depth < MAX_DEPTH) {
        walk_children(w, n, depth, on);
    } else if (on) {
        xmlChar *text = xmlNodeGetContent(n);   /* iterative in libxml2: no deep recursion */
        if (text)
            append_text(w, (const char *)text);
        xmlFree(text);
    }
    if (w->origin != saved) {
        flush(w);
        w->origin = saved;
    }
}

static void walk(walker *w, xmlNode *n, int depth, bool on)
{
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && on) {
        if (w->text.len == 0)
            w->line = xmlGetLineNo(n);
        append_text(w, (const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
        walk_element(w, n, depth, on);
    }
}

/* <title> minus the site name that pages append ("Headline | Site", "Headline - Site"). */
static void page_title(walker *w, hpage *pg)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                       " :: ", " \xC2\xBB ", " \xC2\xAB ", NULL};
    xmlChar *s;
    char *cut = NULL;
    if (!pg->title || !(s = xmlNodeGetContent(pg->title)))
        return;
    for (size_t i = 0; seps[i]; i++) {
        char *p = strstr((char *)s, seps[i]);
        if (p && (!cut || p > cut))
            cut = p;
    }
    if (cut)
        *cut = '\0';
    w->type = BITEXT_BLOCK_TITLE;
    w->line = xmlGetLineNo(pg->title);
    append_text(w, (const char *)s);
    flush(w);
    xmlFree(s);
}

static void walker_free(walker *w)
{
    clear_spans(w);
    free(w->spans);
    bitext_buf_free(&w->text);
}

/* The page's blocks into out: its title, then the chosen subtrees (or, when no story was
 * found or every text is asked for, the whole body). */
static int walk_page(bitext_html_blocks *out, hpage *pg, xmlNode *root, bool found,
                     bool all_text)
{
    walker w = {0};
    int rc;
    w.page = pg;
    w.out = out;
    w.all_text = all_text;
    page_title(&w, pg);
    w.type = BITEXT_BLOCK_PARAGRAPH;
    if (w.rc == 0 && root) {
        xmlNode *start = pg->body ? pg->body : root;
        walk_element(&w, start, 0, !found || all_text);
        flush(&w);
    }
    rc = w.rc;
    walker_free(&w);
    return rc;
}

/* ---- the page ------------------------------------------------------------------------------ */

static void doc_lang(bitext_doc *doc, xmlNode *root)
{
    xmlChar *lang;
    char canon[BITEXT_LANG_MAX];
    if (bitext_doc_lang(doc)[0] || !root)
        return;
    lang = xmlGetProp(root, (const xmlChar *)"lang");
    if (lang && bitext_lang_canonical(canon, (const char *)lang, NULL) == 0)
        bitext_doc_set_lang(doc, canon, NULL);
    xmlFree(lang);
}

static void warn_crowded(const bitext_read_options *opts, const char *name,
                         const bitext_html_bound_stats *st)
{
    char msg[200];
    if (!st->dropped || !opts || !opts->warn)
        return;
    snprintf(msg, sizeof msg, "byte %lld: an element with more than %d attributes; %llu "
             "attribute(s) over the limit were not read", (long long)st->crowded_at,
             BITEXT_HTML_MAX_ATTRS, (unsigned long long)st->dropped);
    opts->warn(opts->warn_ctx, name, msg);
}

static xmlDoc *parse(const char *html, size_t len, const char *name)
{
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    if (len > INT32_MAX)
        return NULL;
    return htmlReadMemory(html, (int)len, name, "UTF-8", opts);
}

/* What the page says it is about: the content of its <meta name="description">,
 * og:description and twitter:description, one after the other. */
static int page_summary(bitext_buf *out, const hpage *pg)
{
    static const char *const names[] = {"description", "og:description",
                                        "twitter:description", NULL};
    int rc = bitext_buf_puts(out, "");
    for (size_t i = 0; i < pg->n && rc == 0; i++) {
        const xmlNode *n = pg->el[i];
        xmlChar *key, *content;
        if (info_of(n)->tag != TAG_META)
            continue;
        if (!(key = xmlGetProp(n, (const xmlChar *)"name")))
            key = xmlGetProp(n, (const xmlChar *)"property");
        content = xmlGetProp(n, (const xmlChar *)"content");
        for (size_t k = 0; key && content && names[k] && rc == 0; k++)
            if (!strcasecmp((const char *)key, names[k]) &&
                (rc = bitext_buf_puts(out, (const char *)content)) == 0)
                rc = bitext_buf_puts(out, "\n");
        xmlFree(key);
        xmlFree(content);
    }
    return rc;
}

/* The longest line of s, NUL-terminated in place ("" when s is empty). */
static const char *longest_line(bitext_buf *s)
{
    size_t best = 0, best_len = 0;
    for (size_t i = 0; i < s->len;) {
        size_t n = strcspn(s->data + i, "\n");
        if (n > best_len)
            best = i, best_len = n;
        i += n + 1;
    }
    if (!s->data)
        return "";
    s->data[best + best_len] = '\0';
    return s->data + best;
}

/* A page's tree and what was measured on it. */
typedef struct {
    xmlDoc *tree;
    hpage pg;
    bitext_html_bound_stats st;
    bitext_buf summary;            /* its description(s) */
    bitext_pairset pairs;          /* their word pairs */
    bool found;                    /* a story was chosen (else the whole body was read) */
} html_page;

static void html_page_free(html_page *p)
{
    bitext_buf_free(&p->summary);
    bitext_pairset_free(&p->pairs);
    bitext_html_page_free(&p->pg);
    xmlFreeDoc(p->tree);
    p->tree = NULL;
}

/* The blocks of the page's story: the pre-pass, the parse, the choice, the walk, the
 * edges.  BITEXT_EPARSE when libxml2 makes no tree of it. */
static int story_blocks(bitext_html_blocks *blocks, html_page *p, const char *html, size_t len,
                        const char *name, unsigned int flags)
{
    bitext_buf clean = {0};
    int rc;
    if ((rc = bitext_html_bound(&clean, &p->st, html, len)) < 0)
        return rc;
    p->tree = parse(clean.data ? clean.data : "", clean.len, name);
    bitext_buf_free(&clean);
    if (!p->tree)
        return BITEXT_EPARSE;
    if ((rc = bitext_html_annotate(&p->pg, p->tree)) < 0)
        return rc;
    if (!(flags & BITEXT_READ_ALL_TEXT) && (rc = page_summary(&p->summary, &p->pg)) == 0 &&
        (rc = bitext_pairset_add(&p->pairs, p->summary.data, p->summary.len)) == 0)
        p->found = bitext_html_choose(&p->pg, &p->pairs);
    if (rc < 0)
        return rc;
    rc = walk_page(blocks, &p->pg, xmlDocGetRootElement(p->tree), p->found,
                   (flags & BITEXT_READ_ALL_TEXT) != 0);
    if (rc == 0 && p->found)
        bitext_html_edges(blocks);
    return rc;
}

int bitext_html_story(bitext_html_blocks *blocks, const char *html, size_t len, const char *name)
{
    html_page p = {0};
    int rc = story_blocks(blocks, &p, html, len, name, 0);
    html_page_free(&p);
    return rc;
}

int bitext_read_html(bitext_doc *doc, const char *utf8, size_t len,
                     const bitext_read_options *opts, bitext_error *err)
{
    unsigned int flags = opts ? opts->flags : 0;
    bitext_html_blocks blocks = {0};
    html_page p = {0};
    int rc = story_blocks(&blocks, &p, utf8, len, bitext_doc_name(doc), flags);
    warn_crowded(opts, bitext_doc_name(doc), &p.st);
    if (rc == 0 && !(flags & BITEXT_READ_ALL_TEXT)) {
        bitext_html_summary sum = {longest_line(&p.summary), &p.pairs, false, false};
        const hnode *top = info_of(p.pg.top);
        sum.named = p.pg.body && info_of(p.pg.body)->declared > 0;
        sum.weak = !p.found || !top || (top->flags & F_IN_BOX);
        rc = bitext_html_second(&blocks, utf8, &p.st, &sum, bitext_doc_name(doc));
    }
    if (rc == 0) {
        doc_lang(doc, xmlDocGetRootElement(p.tree));
        rc = bitext_html_blocks_commit(&blocks, doc, flags, err);
    } else if (rc == BITEXT_EPARSE) {
        rc = bitext_fail_at(err, BITEXT_EPARSE, bitext_doc_name(doc), 0, 0, -1,
                            "cannot parse as HTML");
    } else {
        rc = bitext_fail(err, rc, "out of memory");
    }
    bitext_html_blocks_free(&blocks);
    html_page_free(&p);
    return rc;
}
