/* read/html_bound.c - one linear pass over a page before libxml2 sees it.
 *
 * libxml2's HTML parser checks each new attribute of an element against all the earlier
 * ones (quadratic: one tag with 1,000,000 attributes takes many minutes) and keeps every
 * attribute, script and comment in its tree.  This pass tokenises the page the way the
 * HTML Standard's tokenizer does (13.2.5: tags, attributes, comments, raw text of script
 * and style) and writes a smaller page: comments, scripts, styles and noscript go, and
 * each start tag
 * keeps only the attributes the reader looks at, the first of each name (as the standard
 * does with duplicates), at most BITEXT_HTML_MAX_ATTRS of them counted in all.  Everything
 * else (text, entities, the tags themselves) is copied unchanged.  The work is counted, so
 * that a test can check it stays linear in the input.
 */
#include <stdlib.h>
#include <string.h>

#include "read_int.h"

/* The attributes the reader uses; the rest of a tag is dropped. */
static const char *const kept[] = {
    "class", "id", "style", "hidden", "aria-hidden", "role", "itemprop", "href", "alt",
    "lang", "content", "name", "property", "charset", "http-equiv", "open", "type", NULL};

static bool ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool letter(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool name_eq(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != lit[i] && s[i] != lit[i])
            return false;
    return true;
}

/* Index of a kept attribute name, or -1. */
static int kept_index(const char *s, size_t n)
{
    for (int i = 0; kept[i]; i++)
        if (name_eq(s, n, kept[i]))
            return i;
    return -1;
}

#define STACK_MAX 1024   /* open elements remembered; deeper ones are left to libxml2 */
#define SEARCH_MAX 64    /* an end tag is matched this far down the stack at most */

typedef struct {
    const char *s;
    size_t pos, len;
    bitext_buf *out;
    bitext_html_bound_stats *st;
    int rc;
    char (*stack)[16];   /* names of the open elements, innermost last */
    size_t depth;
} bounder;

static void put(bounder *b, const char *s, size_t n)
{
    if (b->rc == 0 && bitext_buf_append(b->out, s, n) < 0)
        b->rc = BITEXT_ENOMEM;
}

/* Finds lit (starting with a non-letter, the rest compared ignoring ASCII case) from
 * `from`; the end of the input when absent. */
static size_t find_ci(bounder *b, size_t from, const char *lit)
{
    size_t n = strlen(lit), i = from;
    while (i + n <= b->len) {
        const char *hit = memchr(b->s + i, lit[0], b->len - i);
        size_t k;
        if (!hit)
            break;
        k = (size_t)(hit - b->s);
        b->st->steps += k - i + 1;
        if (k + n <= b->len && name_eq(b->s + k, n, lit))
            return k;
        i = k + 1;
    }
    b->st->steps += b->len > i ? b->len - i : 0;
    return b->len;
}

/* Is lit (lower case) in s[0, n), ignoring ASCII case?  (A start tag: short.) */
static bool has_ci(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= n; i++)
        if (name_eq(s + i, k, lit))
            return true;
    return false;
}

/* One attribute at b->pos (13.2.5.32-38): name, then maybe = and a value.  Sets the spans of
 * the whole attribute and of its name; false at '>' or the end of the tag. */
static bool attribute(bounder *b, size_t *start, size_t *name_end)
{
    const char *s = b->s;
    while (b->pos < b->len && (ws(s[b->pos]) || s[b->pos] == '/'))
        b->pos++, b->st->steps++;
    if (b->pos >= b->len || s[b->pos] == '>')
        return false;
    *start = b->pos;
    b->pos++;   /* the first character belongs to the name, even '=' */
    while (b->pos < b->len && !ws(s[b->pos]) && s[b->pos] != '/' && s[b->pos] != '>' &&
           s[b->pos] != '=')
        b->pos++, b->st->steps++;
    *name_end = b->pos;
    while (b->pos < b->len && ws(s[b->pos]))
        b->pos++, b->st->steps++;
    if (b->pos >= b->len || s[b->pos] != '=')
        return true;
    b->pos++;
    while (b->pos < b->len && ws(s[b->pos]))
        b->pos++, b->st->steps++;
    if (b->pos < b->len && (s[b->pos] == '"' || s[b->pos] == '\'')) {
        const char *q = memchr(s + b->pos + 1, s[b->pos], b->len - b->pos - 1);
        size_t end = q ? (size_t)(q - s) + 1 : b->len;
        b->st->steps += end - b->pos;
        b->pos = end;
    } else {
        while (b->pos < b->len && !ws(s[b->pos]) && s[b->pos] != '>')
            b->pos++, b->st->steps++;
    }
    return true;
}

static bool is_void(const char *tag)
{
    static const char *const voids[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                        "input", "link", "meta", "param", "source", "track",
                                        "wbr", "keygen", "basefont", "frame", NULL};
    for (size_t i = 0; voids[i]; i++)
        if (!strcmp(tag, voids[i]))
            return true;
    return false;
}

/* libxml2's end-tag priorities (HTMLparser.c, htmlEndPriority): an end tag is ignored while
 * an element of higher priority is open inside it. */
static int priority(const char *tag)
{
    static const struct { const char *tag; int prio; } prios[] = {
        {"div", 150}, {"td", 160}, {"th", 160}, {"tr", 170}, {"thead", 180}, {"tbody", 180},
        {"tfoot", 180}, {"table", 190}, {"head", 200}, {"body", 200}, {"html", 220},
        {NULL, 100}};
    size_t i = 0;
    while (prios[i].tag && strcmp(tag, prios[i].tag))
        i++;
    return prios[i].prio;
}

static void push(bounder *b, const char *tag)
{
    if (is_void(tag) || b->depth >= STACK_MAX)
        return;
    memcpy(b->stack[b->depth++], tag, 16);
}

/* An end tag closes what is open inside its element, as a browser's does (HTML 13.2.6.4.7,
 * "any other end tag"): libxml2 would instead ignore "</aside>" while a <div> left open in
 * the aside is still open, and put the rest of the page inside the aside.  When that is
 * the case, the end tags the page forgot are written out first. */
static void end_tag(bounder *b)
{
    size_t name = b->pos + 2, k = 0, found = SIZE_MAX;
    const char *gt;
    char tag[16];
    bool blocked = false;
    while (name + k < b->len && letter(b->s[name + k]) && k + 1 < sizeof tag)
        tag[k] = (char)(b->s[name + k] | 0x20), k++;
    tag[k] = '\0';
    for (size_t i = 0; i < b->depth && i < SEARCH_MAX && found == SIZE_MAX; i++) {
        b->st->steps++;
        if (!strcmp(b->stack[b->depth - 1 - i], tag))
            found = b->depth - 1 - i;
    }
    for (size_t i = found == SIZE_MAX ? b->depth : found + 1; i < b->depth; i++)
        blocked |= priority(b->stack[i]) > priority(tag);
    if (found != SIZE_MAX) {
        while (b->depth > found + 1) {
            b->depth--;
            if (blocked) {
                put(b, "</", 2);
                put(b, b->stack[b->depth], strlen(b->stack[b->depth]));
                put(b, ">", 1);
            }
        }
        b->depth = found;
    }
    gt = memchr(b->s + b->pos, '>', b->len - b->pos);
    b->st->steps += gt ? (size_t)(gt - b->s) - b->pos : b->len - b->pos;
    put(b, b->s + b->pos, (gt ? (size_t)(gt - b->s) + 1 : b->len) - b->pos);
    b->pos = gt ? (size_t)(gt - b->s) + 1 : b->len;
}

/* A start tag at b->pos ('<' then a letter): copied with the kept attributes only. */
static void start_tag(bounder *b, char *tag, size_t tagsize)
{
    size_t name = b->pos + 1, k = 0, start, name_end, count = 0;
    unsigned int seen = 0;
    b->pos = name;
    while (b->pos < b->len && !ws(b->s[b->pos]) && b->s[b->pos] != '/' && b->s[b->pos] != '>')
        b->pos++, b->st->steps++;
    for (size_t i = name; i < b->pos && k + 1 < tagsize; i++)
        tag[k++] = (char)(b->s[i] | 0x20);
    tag[k] = '\0';
    put(b, "<", 1);
    put(b, b->s + name, b->pos - name);
    while (attribute(b, &start, &name_end)) {
        int idx = kept_index(b->s + start, name_end - start);
        if (++count > BITEXT_HTML_MAX_ATTRS || idx < 0 || (seen & (1u << idx)))
            continue;
        seen |= 1u << idx;
        put(b, " ", 1);
        put(b, b->s + start, b->pos - start);
    }
    b->st->attributes += count;
    if (count > BITEXT_HTML_MAX_ATTRS) {
        b->st->dropped += count - BITEXT_HTML_MAX_ATTRS;
        if (b->st->crowded_at < 0)
            b->st->crowded_at = (int64_t)name - 1;
    }
    if (b->pos < b->len && b->s[b->pos] == '>')
        b->pos++;
    put(b, ">", 1);
    push(b, tag);
}

/* Skips a comment (13.2.5.43-52), "<!-->" and "<!--->" included. */
static void comment(bounder *b)
{
    size_t from = b->pos + 4, end;
    if (from < b->len && b->s[from] == '>') {
        b->pos = from + 1;
        return;
    }
    if (from + 1 < b->len && b->s[from] == '-' && b->s[from + 1] == '>') {
        b->pos = from + 2;
        return;
    }
    end = find_ci(b, from, "-->");
    b->pos = end < b->len ? end + 3 : b->len;
}

/* Remembers where a JSON-LD script's body or a <noscript>'s content was: the page may
 * declare its story there (schema.org's articleBody), or show it only without scripts.
 * JSON-LD: the first BITEXT_HTML_MAX_SIDE; noscript: the longest ones. */
static void keep_side(bounder *b, const char *tag, size_t out_before, size_t from, size_t to)
{
    bitext_html_bound_stats *st = b->st;
    bitext_html_span span = {from, to - from};
    if (!strcmp(tag, "script") && st->nld < BITEXT_HTML_MAX_SIDE && to > from &&
        has_ci(b->out->data + out_before, b->out->len - out_before, "ld+json")) {
        st->ld[st->nld++] = span;
    } else if (!strcmp(tag, "noscript") && span.len >= 64) {
        size_t k = st->nnoscript, shortest = 0;
        for (size_t i = 1; i < st->nnoscript; i++)
            shortest = st->noscript[i].len < st->noscript[shortest].len ? i : shortest;
        if (k == BITEXT_HTML_MAX_SIDE && st->noscript[shortest].len < span.len)
            k = shortest;
        if (k < BITEXT_HTML_MAX_SIDE) {
            st->noscript[k] = span;
            st->nnoscript += k == st->nnoscript;
        }
    }
}

/* After a start tag: the bodies of elements whose content a browser (scripting on) reads
 * as raw text and never shows are dropped up to their end tag - scripts, styles, and
 * noscript, whose markup would otherwise swallow the page ("<noscript><div></noscript>"). */
static void raw_text(bounder *b, const char *tag, size_t out_before)
{
    static const char *const raw[][2] = {
        {"script", "</script"}, {"style", "</style"}, {"noscript", "</noscript"},
        {"iframe", "</iframe"}, {"noembed", "</noembed"}, {"noframes", "</noframes"},
        {"template", "</template"}, {NULL, NULL}};
    /* text that holds no tags: copied up to the end tag */
    static const char *const rcdata[][2] = {
        {"title", "</title"}, {"textarea", "</textarea"}, {"xmp", "</xmp"}, {NULL, NULL}};
    for (size_t i = 0; raw[i][0]; i++)
        if (!strcmp(tag, raw[i][0])) {
            /* the element goes whole, its start tag too */
            size_t from = b->pos;
            b->pos = find_ci(b, b->pos, raw[i][1]);
            keep_side(b, tag, out_before, from, b->pos);
            b->depth -= b->depth > 0 && !strcmp(b->stack[b->depth - 1], tag);
            b->out->len = out_before;
            b->pos = find_ci(b, b->pos, ">");
            b->pos += b->pos < b->len;
            return;
        }
    for (size_t i = 0; rcdata[i][0]; i++)
        if (!strcmp(tag, rcdata[i][0])) {
            size_t end = find_ci(b, b->pos, rcdata[i][1]);
            put(b, b->s + b->pos, end - b->pos);
            b->pos = end;
            return;
        }
}

int bitext_html_bound(bitext_buf *out, bitext_html_bound_stats *st, const char *s, size_t len)
{
    bounder b = {s, 0, len, out, st, 0, NULL, 0};
    char tag[16];
    memset(st, 0, sizeof *st);
    st->crowded_at = -1;
    if (!(b.stack = malloc(STACK_MAX * sizeof *b.stack)))
        return BITEXT_ENOMEM;
    while (b.pos < len && b.rc == 0) {
        const char *lt = memchr(s + b.pos, '<', len - b.pos);
        size_t at = lt ? (size_t)(lt - s) : len;
        st->steps += at - b.pos + 1;
        put(&b, s + b.pos, at - b.pos);   /* text, as it is */
        b.pos = at;
        if (at >= len)
            break;
        if (at + 1 < len && letter(s[at + 1])) {
            size_t before = out->len;
            start_tag(&b, tag, sizeof tag);
            raw_text(&b, tag, before);
        } else if (at + 3 < len && !memcmp(s + at, "<!--", 4)) {
            comment(&b);
        } else if (at + 2 < len && s[at + 1] == '/' && letter(s[at + 2])) {
            end_tag(&b);
        } else if (at + 1 < len && (s[at + 1] == '?' || (s[at + 1] == '!' && at + 2 < len &&
                                                         (s[at + 2] | 0x20) != 'd'))) {
            /* bogus comments: "<?xml ...>", "<![CDATA[ ...>" */
            const char *gt = memchr(s + at, '>', len - at);
            st->steps += gt ? (size_t)(gt - s) - at : len - at;
            b.pos = gt ? (size_t)(gt - s) + 1 : len;
        } else {
            /* an end tag, a doctype, or a lone '<' in text: copied, libxml2 reads them */
            put(&b, s + at, 1);
            b.pos = at + 1;
        }
    }
    if (b.rc == 0 && bitext_buf_reserve(out, 0) < 0)
        b.rc = BITEXT_ENOMEM;
    free(b.stack);
    return b.rc;
}
