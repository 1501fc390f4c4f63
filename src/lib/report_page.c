/*
 * report_page.c - the page layer of report.h: a self-contained HTML page of side-by-side
 * rows (the style sheet and the script, report_page.css and report_page.js, are embedded by
 * report_embed.py).
 *
 * Everything written is escaped here and nowhere else: text, attributes, labels.  Bytes
 * that are not valid UTF-8 and characters HTML forbids (C0 controls but TAB and LF,
 * noncharacters) become U+FFFD, so a page is always well-formed whatever it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/lang.h"
#include "bitext/report.h"
#include "report_int.h"
#include "util_int.h"

struct bitext_page {
    FILE *f;
    size_t rows;
    char lang[2][BITEXT_LANG_MAX];
};

static const char *const status_class[BITEXT_PAGE_STATUSES] = {
    "s-plain", "s-good", "s-fair", "s-weak", "s-left", "s-right", "s-changed"};

/* ---- escaping --------------------------------------------------------------------------- */

static bool forbidden(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F ||
           (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Writes s[0..n) escaped for text and attribute values alike. */
static void put_n(FILE *f, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int64_t bad = bitext_utf8_invalid_offset(s + i, n - i);
        size_t good = bad < 0 ? n - i : (size_t)bad, end = i + good;
        while (i < end) {
            size_t p = i;
            uint32_t cp = bitext_utf8_next(s, end, &p);
            switch (cp) {
            case '&': fputs("&amp;", f); break;
            case '<': fputs("&lt;", f); break;
            case '>': fputs("&gt;", f); break;
            case '"': fputs("&quot;", f); break;
            case '\'': fputs("&#39;", f); break;
            default:
                if (forbidden(cp))
                    fputs("\xEF\xBF\xBD", f);
                else
                    fwrite(s + i, 1, p - i, f);
            }
            i = p;
        }
        if (bad >= 0) {        /* one invalid byte */
            fputs("\xEF\xBF\xBD", f);
            i++;
        }
    }
}

static void put(FILE *f, const char *s)
{
    if (s)
        put_n(f, s, strlen(s));
}

/* ---- languages -------------------------------------------------------------------------- */

static void put_lang(FILE *f, const char *lang)
{
    if (!lang || !*lang)
        return;
    fputs(" lang=\"", f);
    put(f, lang);
    fprintf(f, "\" dir=\"%s\"", bitext_lang_rtl(lang) ? "rtl" : "ltr");
}

/* ---- the page --------------------------------------------------------------------------- */

static void put_facts(FILE *f, const bitext_page_options *o)
{
    if (!o->nfacts)
        return;
    fputs("<dl class=\"facts\">\n", f);
    for (size_t k = 0; k < o->nfacts; k++) {
        fputs("<div><dt>", f);
        put(f, o->facts[k].label);
        fputs("</dt><dd>", f);
        put(f, o->facts[k].value);
        fputs("</dd></div>\n", f);
    }
    fputs("</dl>\n", f);
}

static void put_legend(FILE *f, const bitext_page_options *o)
{
    if (!o->nlegend)
        return;
    fputs("<ul class=\"legend\" aria-label=\"legend\">\n", f);
    for (size_t k = 0; k < o->nlegend; k++) {
        unsigned s = o->legend[k].status;
        fprintf(f, "<li class=\"%s\"><span class=\"swatch\"></span>",
                status_class[s < BITEXT_PAGE_STATUSES ? s : 0]);
        put(f, o->legend[k].label);
        fputs("</li>\n", f);
    }
    if (o->major_label) {
        fputs("<li class=\"note-major\"><span class=\"badge\">!</span>", f);
        put(f, o->major_label);
        fputs("</li>\n", f);
    }
    if (o->minor_label) {
        fputs("<li class=\"note-minor\"><span class=\"badge\">?</span>", f);
        put(f, o->minor_label);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void put_tools(FILE *f, const bitext_page_options *o)
{
    fprintf(f, "<div class=\"tools\"><label><input type=\"checkbox\" id=\"only\"> only what "
               "needs a look (<span id=\"nlook\">%zu</span>)</label>"
               "<span class=\"js\" hidden><button type=\"button\" id=\"prev\" title=\"p or k\">"
               "&#9650; previous</button><button type=\"button\" id=\"next\" title=\"n or j\">"
               "next &#9660;</button><span id=\"pos\"></span><span class=\"keys\">keys: "
               "<kbd>n</kbd>/<kbd>p</kbd> next/previous, <kbd>f</kbd> filter</span></span>"
               "</div>\n", o->look);
}

static void put_head(FILE *f, const bitext_page_options *o, const struct bitext_page *p)
{
    fputs("<table class=\"rows\">\n<colgroup><col class=\"cn\"><col class=\"ct\"><col "
          "class=\"ct\"><col class=\"cnotes\"></colgroup>\n<thead><tr><th class=\"n\">#</th>"
          "<th", f);
    put_lang(f, p->lang[0]);
    fputs(">", f);
    put(f, o->left_title);
    fputs("</th><th", f);
    put_lang(f, p->lang[1]);
    fputs(">", f);
    put(f, o->right_title);
    fputs("</th><th class=\"notes\">", f);
    put(f, o->notes_title ? o->notes_title : "checks");
    fputs("</th></tr></thead>\n<tbody>\n", f);
}

int bitext_page_begin(bitext_page **out, FILE *f, const bitext_page_options *opts,
                      bitext_error *err)
{
    bitext_page *p;
    *out = NULL;
    if (!opts || opts->version != BITEXT_PAGE_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_page_options: unknown version");
    if (!(p = calloc(1, sizeof *p)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    p->f = f;
    snprintf(p->lang[0], sizeof p->lang[0], "%s", opts->left_lang ? opts->left_lang : "");
    snprintf(p->lang[1], sizeof p->lang[1], "%s", opts->right_lang ? opts->right_lang : "");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"bitext\">\n<title>", p->f);
    put(p->f, opts->title);
    fprintf(p->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>",
            report_css);
    put(p->f, opts->title);
    fputs("</h1>\n", p->f);
    put_facts(p->f, opts);
    put_legend(p->f, opts);
    fputs("</header>\n", p->f);
    put_tools(p->f, opts);
    fputs("<main>\n", p->f);
    put_head(p->f, opts, p);
    *out = p;
    return 0;
}

/* The cell's text with its marks as <del>, <ins>, <mark>; marks out of order or out of the
 * text are left out. */
static void put_marked(FILE *f, const bitext_page_cell *c)
{
    static const char *const tag[] = {"del", "ins", "mark"};
    size_t len = strlen(c->text), at = 0;
    for (size_t k = 0; k < c->nmarks; k++) {
        const bitext_page_mark *m = &c->marks[k];
        unsigned kind = m->kind <= BITEXT_MARK_HIGHLIGHT ? m->kind : BITEXT_MARK_HIGHLIGHT;
        if (m->start < at || m->end > len || m->end <= m->start)
            continue;
        put_n(f, c->text + at, m->start - at);
        fprintf(f, "<%s>", tag[kind]);
        put_n(f, c->text + m->start, m->end - m->start);
        fprintf(f, "</%s>", tag[kind]);
        at = m->end;
    }
    put_n(f, c->text + at, len - at);
}

static void put_cell(FILE *f, const bitext_page_cell *c, const char *lang, const char *side,
                     bool block)
{
    fprintf(f, "<td class=\"c %s%s\"", side, block ? " bs" : "");
    put_lang(f, c->lang ? c->lang : lang);
    fputs(">", f);
    if (c->label && *c->label) {
        fputs("<span class=\"sn\">", f);
        put(f, c->label);
        fputs("</span>", f);
    }
    if (c->text)
        put_marked(f, c);
    else
        fputs("<span class=\"none\">no counterpart</span>", f);
    fputs("</td>", f);
}

static void put_notes(FILE *f, const bitext_page_row *row)
{
    fputs("<td class=\"notes\">", f);
    if (row->nnotes)
        fputs("<ul>", f);
    for (size_t k = 0; k < row->nnotes; k++) {
        const bitext_page_note *n = &row->notes[k];
        fprintf(f, "<li class=\"%s\"><b class=\"tag\">", n->major ? "major" : "minor");
        put(f, n->tag);
        fputs("</b> ", f);
        put(f, n->text);
        fputs("</li>", f);
    }
    fputs(row->nnotes ? "</ul></td>" : "</td>", f);
}

int bitext_page_add_row(bitext_page *p, const bitext_page_row *row, bitext_error *err)
{
    unsigned s = row->status < BITEXT_PAGE_STATUSES ? row->status : BITEXT_PAGE_PLAIN;
    unsigned fl = row->flags;
    size_t n = ++p->rows;
    (void)err;
    fprintf(p->f, "<tr id=\"r%zu\" class=\"row %s%s%s%s\"><td class=\"n\"><a href=\"#r%zu\">",
            n, status_class[s], (fl & BITEXT_PAGE_ROW_LOOK) ? " look" : "",
            (fl & BITEXT_PAGE_ROW_HEADING) ? " hd" : "",
            (fl & (BITEXT_PAGE_ROW_LEFT_BLOCK | BITEXT_PAGE_ROW_RIGHT_BLOCK)) ? " brk" : "", n);
    if (row->label)
        put(p->f, row->label);
    else
        fprintf(p->f, "%zu", n);
    fputs("</a>", p->f);
    if (row->detail) {
        fputs("<span class=\"d\">", p->f);
        put(p->f, row->detail);
        fputs("</span>", p->f);
    }
    fputs("</td>", p->f);
    put_cell(p->f, &row->left, p->lang[0], "l", fl & BITEXT_PAGE_ROW_LEFT_BLOCK);
    put_cell(p->f, &row->right, p->lang[1], "r", fl & BITEXT_PAGE_ROW_RIGHT_BLOCK);
    put_notes(p->f, row);
    fputs("</tr>\n", p->f);
    return 0;
}

int bitext_page_end(bitext_page *p, bitext_error *err)
{
    (void)err;
    fprintf(p->f, "</tbody>\n</table>\n%s</main>\n<script>\n%s</script>\n</body>\n</html>\n",
            p->rows ? "" : "<p class=\"empty\">No rows.</p>\n", report_js);
    bitext_page_free(p);
    return 0;
}

void bitext_page_free(bitext_page *p)
{
    free(p);
}
