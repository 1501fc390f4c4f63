/* read_html.c - an HTML article into blocks with inline spans.
 *
 * libxml2's HTML parser builds the tree (no network, errors recovered silently: web pages
 * are rarely valid).  One walk over the article's part of the tree fills a "current block"
 * buffer: text and inline elements append to it, and every block-level element flushes it.
 * Page chrome is dropped by element (nav, aside, footer, script ...), by ARIA role and by
 * class/id tokens ("related", "share", "cookie" ...); repeated headlines and captions are
 * kept once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "bitext/lang.h"
#include "read_int.h"

#define MAX_DEPTH 1024    /* deeper nesting is flattened into plain text: bounds the recursion */

typedef struct {
    size_t start, end;
    bitext_span_kind kind;
    char *attr;
} pending_span;

typedef struct {
    bitext_doc *doc;
    unsigned int flags;
    bitext_error *err;
    bitext_buf text;               /* the current block */
    pending_span *spans;
    size_t nspans, cap;
    bitext_block_type type;
    int level;
    int64_t line;
    int in_quote;
    size_t flushes;                /* blocks ended so far: an inline element spanning one is cut */
    size_t page_text;              /* bytes of text on the page, for is_chrome */
    bitext_read_dedup dedup;
    int rc;
} walker;

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static bool name_in(const xmlNode *n, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (name_is(n, names[i]))
            return true;
    return false;
}

static xmlNode *find_first(xmlNode *n, const char *name, int depth);

/* ---- page chrome ------------------------------------------------------------------ */

static bool chrome_token(const char *tok, size_t n)
{
    static const char *const words[] = {
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "related", "share",
        "sharing", "social", "cookie", "cookies", "comment", "comments", "advert", "ad", "ads",
        "advertisement", "banner", "breadcrumb", "breadcrumbs", "newsletter", "promo",
        "subscribe", "credit", "credits", "copyright", "byline", "author", "tags", "widget",
        "popup", "modal", "recommended", "recommendations", "teaser", "skip", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncasecmp(tok, words[i], n))
            return true;
    return false;
}

/* One class or id word: chrome when its first part names chrome ("related-links",
 * "share_buttons", "cookie-banner") or when it is "<place>-nav" and the like ("site-nav",
 * "main-footer"), but not "has-sidebar" or "content-sidebar-wrap". */
static bool chrome_word(const char *w, size_t len)
{
    static const char *const places[] = {"site", "main", "top", "global", "page", "primary",
                                         "header", "mobile", NULL};
    size_t first = strcspn(w, "-_"), rest;
    if (first > len)
        first = len;
    if (chrome_token(w, first))
        return true;
    if (first == len)
        return false;
    rest = len - first - 1;
    if (memchr(w + first + 1, '-', rest) || memchr(w + first + 1, '_', rest))
        return false;
    for (size_t i = 0; places[i]; i++)
        if (strlen(places[i]) == first && !strncasecmp(w, places[i], first))
            return chrome_token(w + first + 1, rest);
    return false;
}

static bool chrome_attr(const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    bool hit = false;
    if (!v)
        return false;
    for (const char *p = (const char *)v; *p && !hit;) {
        size_t k = strcspn(p, " \t\n");
        hit = k > 0 && chrome_word(p, k);
        p += k;
        p += strspn(p, " \t\n");
    }
    xmlFree(v);
    return hit;
}

/* Bytes of text below n (bounded depth), to tell a wrapper from a box. */
static size_t text_size(const xmlNode *n, int depth)
{
    size_t total = 0;
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next)
        total += c->type == XML_TEXT_NODE && c->content ? strlen((const char *)c->content)
                 : c->type == XML_ELEMENT_NODE         ? text_size(c, depth + 1)
                                                       : 0;
    return total;
}

static bool role_is_chrome(const xmlNode *n)
{
    xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
    bool hit = role && (!strcmp((char *)role, "navigation") || !strcmp((char *)role, "banner") ||
                        !strcmp((char *)role, "contentinfo") ||
                        !strcmp((char *)role, "complementary"));
    xmlFree(role);
    return hit;
}

/* Page chrome: by element, by ARIA role and by class/id words.  A page header is chrome
 * unless it holds the headline; a class match that holds half the page's text is a
 * wrapper ("page has-sidebar", an ASP.NET form), not a box, and is kept. */
static bool is_chrome(const walker *w, const xmlNode *n, bool in_article)
{
    static const char *const dropped[] = {"script", "style", "noscript", "template", "nav",
                                          "button", "select", "textarea", "iframe", "svg",
                                          "aside", "menu", "object", "embed", "rt", "rp", NULL};
    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (name_in(n, dropped) || name_is(n, "footer"))
        return true;
    if (name_is(n, "header") && !in_article)
        return find_first(n->children, "h1", 1) == NULL;
    if (!role_is_chrome(n) && !chrome_attr(n, "class") && !chrome_attr(n, "id"))
        return false;
    return 2 * text_size(n, 0) < w->page_text;
}

/* ---- the current block ------------------------------------------------------------ */

static void fail_nomem(walker *w)
{
    if (w->rc == 0)
        w->rc = bitext_fail(w->err, BITEXT_ENOMEM, "out of memory");
}

/* Appends text with HTML white-space collapsing: runs of white space become one space,
 * and there is none at the start of a block. */
static void append_text(walker *w, const char *s)
{
    for (; *s; s++) {
        bool space = *s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' || *s == '\f';
        if (space && (w->text.len == 0 || w->text.data[w->text.len - 1] == ' ' ||
                      w->text.data[w->text.len - 1] == '\n'))
            continue;
        if (bitext_buf_putc(&w->text, space ? ' ' : *s) < 0)
            fail_nomem(w);
    }
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

static void flush(walker *w)
{
    size_t start = 0, end = w->text.len, index;
    w->flushes++;
    if (w->rc < 0 || end == 0)
        goto reset;
    /* trim here (U+3000 indents included) so that span offsets can follow the cut */
    bitext_trim(w->text.data, &start, &end);
    if (start == end)
        goto reset;
    w->rc = bitext_read_add_block(w->doc, &w->dedup, &index, w->type, w->level, w->text.data + start,
                                  end - start, w->line, w->flags, w->err);
    /* spans stay valid unless NFC changed the length (then they are dropped) */
    if (w->rc == 0 && index != SIZE_MAX && bitext_doc_block(w->doc, index)->len == end - start)
        for (size_t i = 0; i < w->nspans && w->rc == 0; i++) {
            pending_span *s = &w->spans[i];
            size_t e = s->end < end ? s->end : end, b = s->start < e ? s->start : e;
            b = b > start ? b - start : 0;
            e = e > start ? e - start : 0;
            if (e > b || s->kind == BITEXT_SPAN_BREAK || s->kind == BITEXT_SPAN_IMAGE)
                w->rc = bitext_doc_add_span(w->doc, index, s->kind, b, e, s->attr, w->err);
        }
reset:
    w->text.len = 0;
    if (w->text.data)
        w->text.data[0] = '\0';
    clear_spans(w);
}

/* ---- the walk ----------------------------------------------------------------------- */

static bool block_type_of(const xmlNode *n, const walker *w, bitext_block_type *type, int *level)
{
    static const char *const paras[] = {"p", "dt", "dd", "pre", "address", "summary", NULL};
    static const char *const containers[] = {"div", "section", "article", "main", "header",
                                             "ul", "ol", "dl", "table", "tr", "tbody", "thead",
                                             "figure", "blockquote", "body", "details",
                                             "center", "hgroup", NULL};
    const char *name = (const char *)n->name;
    *level = 0;
    if (name && (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' &&
        !name[2]) {
        *type = BITEXT_BLOCK_HEADING;
        *level = name[1] - '0';
    } else if (name_in(n, paras))
        *type = w->in_quote ? BITEXT_BLOCK_QUOTE : BITEXT_BLOCK_PARAGRAPH;
    else if (name_is(n, "li"))
        *type = BITEXT_BLOCK_LIST_ITEM;
    else if (name_is(n, "figcaption") || name_is(n, "caption"))
        *type = BITEXT_BLOCK_CAPTION;
    else if (name_is(n, "td") || name_is(n, "th"))
        *type = BITEXT_BLOCK_CELL;
    else if (name_in(n, containers))
        *type = w->in_quote ? BITEXT_BLOCK_QUOTE : BITEXT_BLOCK_PARAGRAPH;
    else
        return false;
    return true;
}

static bool inline_kind(const xmlNode *n, bitext_span_kind *kind)
{
    if (name_is(n, "b") || name_is(n, "strong"))
        *kind = BITEXT_SPAN_BOLD;
    else if (name_is(n, "i") || name_is(n, "em") || name_is(n, "cite"))
        *kind = BITEXT_SPAN_ITALIC;
    else if (name_is(n, "u") || name_is(n, "ins"))
        *kind = BITEXT_SPAN_UNDERLINE;
    else if (name_is(n, "a"))
        *kind = BITEXT_SPAN_LINK;
    else if (name_is(n, "code") || name_is(n, "kbd") || name_is(n, "samp"))
        *kind = BITEXT_SPAN_CODE;
    else if (name_is(n, "sup"))
        *kind = BITEXT_SPAN_SUP;
    else if (name_is(n, "sub"))
        *kind = BITEXT_SPAN_SUB;
    else
        return false;
    return true;
}

static void walk(walker *w, xmlNode *n, int depth, bool in_article);

static void walk_children(walker *w, xmlNode *n, int depth, bool in_article)
{
    for (xmlNode *c = n->children; c && w->rc == 0; c = c->next)
        walk(w, c, depth + 1, in_article);
}

static void walk_block(walker *w, xmlNode *n, int depth, bool in_article,
                       bitext_block_type type, int level)
{
    bitext_block_type saved_type = w->type;
    int saved_level = w->level, quote = name_is(n, "blockquote");
    flush(w);
    w->type = type;
    w->level = level;
    w->line = xmlGetLineNo(n);
    w->in_quote += quote;
    walk_children(w, n, depth, in_article || name_is(n, "article") || name_is(n, "main"));
    flush(w);
    w->in_quote -= quote;
    w->type = saved_type;
    w->level = saved_level;
}

static void walk_element(walker *w, xmlNode *n, int depth, bool in_article)
{
    bitext_block_type type;
    bitext_span_kind kind;
    int level;

    if (is_chrome(w, n, in_article))
        return;
    if (name_is(n, "br")) {
        /* a line break stays one (the segmenter ends a segment there); two end the block */
        if (w->text.len && w->text.data[w->text.len - 1] == '\n') {
            flush(w);
        } else {
            if (w->text.len && w->text.data[w->text.len - 1] == ' ')
                w->text.data[--w->text.len] = '\0';
            add_span(w, w->text.len, w->text.len, BITEXT_SPAN_BREAK, NULL);
            if (bitext_buf_putc(&w->text, '\n') < 0)
                fail_nomem(w);
        }
    } else if (name_is(n, "img")) {
        xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
        add_span(w, w->text.len, w->text.len, BITEXT_SPAN_IMAGE, (const char *)alt);
        xmlFree(alt);
    } else if (depth < MAX_DEPTH && block_type_of(n, w, &type, &level)) {
        walk_block(w, n, depth, in_article, type, level);
    } else if (depth < MAX_DEPTH && inline_kind(n, &kind)) {
        size_t start = w->text.len, gen = w->flushes;
        xmlChar *href = kind == BITEXT_SPAN_LINK ? xmlGetProp(n, (const xmlChar *)"href") : NULL;
        walk_children(w, n, depth, in_article);
        /* a block inside the element ended the block it began in: it goes on in this one */
        if (w->flushes != gen)
            start = 0;
        if (w->text.len > start)
            add_span(w, start, w->text.len, kind, (const char *)href);
        xmlFree(href);
    } else if (depth < MAX_DEPTH) {
        walk_children(w, n, depth, in_article);
    } else {
        xmlChar *text = xmlNodeGetContent(n);   /* iterative in libxml2: no deep recursion */
        if (text)
            append_text(w, (const char *)text);
        xmlFree(text);
    }
}

static void walk(walker *w, xmlNode *n, int depth, bool in_article)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (w->text.len == 0)
            w->line = xmlGetLineNo(n);
        append_text(w, (const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
        walk_element(w, n, depth, in_article);
    }
}

/* ---- document level ------------------------------------------------------------------ */

static xmlNode *find_first(xmlNode *n, const char *name, int depth)
{
    for (; n && depth < MAX_DEPTH; n = n->next) {
        xmlNode *hit;
        if (name_is(n, name))
            return n;
        if (n->type == XML_ELEMENT_NODE && (hit = find_first(n->children, name, depth + 1)))
            return hit;
    }
    return NULL;
}

/* The first `name` element outside page chrome (a teaser <article> inside <nav> is not
 * the story). */
static xmlNode *find_scope(const walker *w, xmlNode *n, const char *name, int depth)
{
    for (; n && depth < MAX_DEPTH; n = n->next) {
        xmlNode *hit;
        if (n->type != XML_ELEMENT_NODE || is_chrome(w, n, false))
            continue;
        if (name_is(n, name))
            return n;
        if ((hit = find_scope(w, n->children, name, depth + 1)))
            return hit;
    }
    return NULL;
}

/* <title> minus the site name that pages append ("Headline | Site", "Headline - Site"). */
static void page_title(walker *w, xmlNode *root)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                       " :: ", NULL};
    xmlNode *t = find_first(root, "title", 0);
    xmlChar *s;
    char *cut = NULL;
    if (!t || !(s = xmlNodeGetContent(t)))
        return;
    for (size_t i = 0; seps[i]; i++) {
        char *p = strstr((char *)s, seps[i]);
        if (p && (!cut || p > cut))
            cut = p;
    }
    if (cut)
        *cut = '\0';
    append_text(w, (const char *)s);
    w->type = BITEXT_BLOCK_TITLE;
    w->line = xmlGetLineNo(t);
    if (w->rc == 0)
        bitext_doc_set_title(w->doc, w->text.data ? w->text.data : "", NULL);
    xmlFree(s);
}

static void doc_lang(walker *w, xmlNode *root)
{
    xmlChar *lang;
    char canon[BITEXT_LANG_MAX];
    if (bitext_doc_lang(w->doc)[0] || !root)
        return;
    lang = xmlGetProp(root, (const xmlChar *)"lang");
    if (lang && bitext_lang_canonical(canon, (const char *)lang, NULL) == 0)
        bitext_doc_set_lang(w->doc, canon, NULL);
    xmlFree(lang);
}

int bitext_read_html(bitext_doc *doc, const char *utf8, size_t len, unsigned int flags,
                     bitext_error *err)
{
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    walker *w = calloc(1, sizeof *w);
    htmlDocPtr h = NULL;
    xmlNode *root, *scope, *hit;
    int rc;

    if (!w)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (len > INT32_MAX || !(h = htmlReadMemory(utf8, (int)len, bitext_doc_name(doc), "UTF-8",
                                                opts))) {
        free(w);
        return bitext_fail_at(err, BITEXT_EPARSE, bitext_doc_name(doc), 0, 0, -1,
                              "cannot parse as HTML");
    }
    w->doc = doc;
    w->flags = flags;
    w->err = err;
    root = xmlDocGetRootElement(h);
    doc_lang(w, root);
    /* The article body when the page marks it, else the whole page; the <title> comes
     * first; a repeated headline (h1 = title) is dropped by bitext_read_add_block. */
    page_title(w, root);
    flush(w);
    scope = find_first(root, "body", 0);
    w->page_text = scope ? text_size(scope, 0) : 0;
    if ((hit = find_scope(w, root, "article", 0)) || (hit = find_scope(w, root, "main", 0)))
        scope = hit;
    if (!scope)
        scope = root;
    w->type = BITEXT_BLOCK_PARAGRAPH;
    if (scope && w->rc == 0)
        walk_block(w, scope, 0, false, BITEXT_BLOCK_PARAGRAPH, 0);
    rc = w->rc;
    clear_spans(w);
    free(w->spans);
    bitext_buf_free(&w->text);
    free(w);
    xmlFreeDoc(h);
    return rc;
}
