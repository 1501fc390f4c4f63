/* diff_html.c - a comparison of two editions as one self-contained HTML page.
 *
 * Everything the page needs is inside it (a short style sheet, no script, no external
 * file), so it can be mailed or archived.  One table row per unit, old on the left and new
 * on the right (1-based numbers, as people count lines); changed units show their word diff,
 * deletions as <del> on the left and insertions as <ins> on the right.  Every text cell
 * carries lang and dir, so right-to-left editions read correctly.
 */
#include <stdlib.h>
#include <string.h>

#include "bitext/lang.h"
#include "bitext/worddiff.h"
#include "diff_int.h"

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}"
    "th,td{border-bottom:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:start}"
    "td.n,th.n{width:3.5em;color:#777;font-size:85%;text-align:end}"
    "tr.changed td.t{background:#fff8e1}tr.added td.t{background:#e8f5e9}"
    "tr.removed td.t{background:#ffebee}tr.moved td.n{background:#e3f2fd;color:#0d47a1}"
    "del{background:#ffcdd2;text-decoration:line-through}ins{background:#c8e6c9;"
    "text-decoration:none}.legend span{display:inline-block;padding:0 .5em;margin-right:.5em}"
    ".summary{font-weight:600}";

/* Writes s[0, n) with &, <, > and " escaped. */
static void esc(FILE *f, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = s[i] == '&'   ? "&amp;"
                          : s[i] == '<' ? "&lt;"
                          : s[i] == '>' ? "&gt;"
                          : s[i] == '"' ? "&quot;"
                                        : NULL;
        if (!rep)
            continue;
        fwrite(s + run, 1, i - run, f);
        fputs(rep, f);
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, f);
}

static void esc_str(FILE *f, const char *s)
{
    esc(f, s ? s : "", s ? strlen(s) : 0);
}

typedef struct {
    FILE *f;
    const bitext_seglist *side[2];
    const size_t *numbers[2];
    char lang[2][BITEXT_LANG_MAX];
    bitext_worddiff *wd;
    unsigned word_flags;
} page;

/* The number cell of one side of a unit: "3" or "3-4" (1-based), "moved" noted. */
static void number_cell(page *p, int s, size_t first, size_t n, int moved)
{
    fputs("<td class=\"n\">", p->f);
    if (n) {
        size_t a = p->numbers[s] ? p->numbers[s][first] : first;
        size_t b = p->numbers[s] ? p->numbers[s][first + n - 1] : first + n - 1;
        fprintf(p->f, b > a ? "%zu-%zu" : "%zu", a + 1, b + 1);
        if (moved)
            fputs(s ? "<br>moved" : "", p->f);
    }
    fputs("</td>", p->f);
}

static void open_text(page *p, int s)
{
    fprintf(p->f, "<td class=\"t\" lang=\"%s\" dir=\"%s\">", p->lang[s],
            bitext_lang_rtl(p->lang[s]) ? "rtl" : "ltr");
}

/* A side's text: marked by the word diff for changed units (tag "del" or "ins"), whole
 * for added and removed ones (tag), plain otherwise (tag NULL). */
static void text_cell(page *p, int s, const char *text, const bitext_wordrun *r, size_t nr,
                      const char *tag)
{
    open_text(p, s);
    if (r) {
        for (size_t k = 0; k < nr; k++) {
            bool mine = r[k].op == '=' || (s == 0 && r[k].op == '-') || (s == 1 && r[k].op == '+');
            if (!mine)
                continue;
            if (r[k].op != '=')
                fprintf(p->f, "<%s>", tag);
            esc(p->f, text + r[k].start, r[k].end - r[k].start);
            if (r[k].op != '=')
                fprintf(p->f, "</%s>", tag);
        }
    } else if (text) {
        if (tag)
            fprintf(p->f, "<%s>", tag);
        esc_str(p->f, text);
        if (tag)
            fprintf(p->f, "</%s>", tag);
    }
    fputs("</td>", p->f);
}

static int unit_row(page *p, const bitext_diff_unit *u, bitext_error *err)
{
    char *a = NULL, *b = NULL;
    bitext_wordrun *r = NULL;
    size_t nr = 0;
    int rc;
    if ((rc = bitext_diff_text(&a, p->side[0], u->old_first, u->nold, err)) < 0 ||
        (rc = bitext_diff_text(&b, p->side[1], u->new_first, u->nnew, err)) < 0)
        goto done;
    if (u->status == BITEXT_DIFF_CHANGED &&
        (rc = bitext_worddiff_run(&r, &nr, p->wd, a, strlen(a), b, strlen(b), p->word_flags, err)) <
            0)
        goto done;
    fprintf(p->f, "<tr class=\"%s%s\">", bitext_diff_status_name(u->status),
            u->moved ? " moved" : "");
    number_cell(p, 0, u->old_first, u->nold, u->moved);
    if (r) {
        text_cell(p, 0, a, r, nr, "del");
    } else {
        text_cell(p, 0, u->nold ? a : NULL, NULL, 0,
                  u->status == BITEXT_DIFF_REMOVED ? "del" : NULL);
    }
    number_cell(p, 1, u->new_first, u->nnew, u->moved);
    if (r) {
        /* '+' runs are ranges of the new text, '=' of the old one: print from each */
        open_text(p, 1);
        for (size_t k = 0; k < nr; k++) {
            if (r[k].op == '-')
                continue;
            if (r[k].op == '+')
                fputs("<ins>", p->f);
            esc(p->f, (r[k].op == '+' ? b : a) + r[k].start, r[k].end - r[k].start);
            if (r[k].op == '+')
                fputs("</ins>", p->f);
        }
        fputs("</td>", p->f);
    } else {
        text_cell(p, 1, u->nnew ? b : NULL, NULL, 0, u->status == BITEXT_DIFF_ADDED ? "ins" : NULL);
    }
    fputs("</tr>\n", p->f);
done:
    free(a);
    free(b);
    free(r);
    return rc;
}

static void head(page *p, const bitext_diff *d, const bitext_diff_html_options *o)
{
    bitext_diff_stats st;
    bitext_diff_stats_get(&st, d);
    fprintf(p->f,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>",
            p->lang[1]);
    esc_str(p->f, o->title ? o->title : "Comparison of two editions");
    fprintf(p->f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
    esc_str(p->f, o->title ? o->title : "Comparison of two editions");
    fprintf(p->f,
            "</h1>\n<p class=\"summary\">%zu unchanged, %zu changed, %zu added, "
            "%zu removed, %zu moved (old: %zu segments, new: %zu)</p>\n",
            st.unchanged, st.changed, st.added, st.removed, st.moved, st.old_segments,
            st.new_segments);
    fputs("<p class=\"legend\"><span style=\"background:#fff8e1\">changed</span>"
          "<span style=\"background:#e8f5e9\">added</span>"
          "<span style=\"background:#ffebee\">removed</span>"
          "<span style=\"background:#e3f2fd\">moved</span>"
          "<del>deleted words</del> <ins>inserted words</ins></p>\n",
          p->f);
    fputs("<table>\n<thead><tr><th class=\"n\">#</th><th>", p->f);
    esc_str(p->f, o->old_name ? o->old_name : "old");
    fputs("</th><th class=\"n\">#</th><th>", p->f);
    esc_str(p->f, o->new_name ? o->new_name : "new");
    fputs("</th></tr></thead>\n<tbody>\n", p->f);
}

int bitext_diff_write_html(FILE *f, const bitext_diff *d, const bitext_seglist *old,
                           const bitext_seglist *new_, const bitext_diff_html_options *opts,
                           bitext_error *err)
{
    static const bitext_diff_html_options defaults = BITEXT_DIFF_HTML_OPTIONS_INIT;
    page p = {f, {old, new_}, {NULL, NULL}, {{0}}, NULL, 0};
    int rc = 0;
    if (!opts)
        opts = &defaults;
    if (opts->version != BITEXT_DIFF_HTML_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_diff_html_options: unknown version %u",
                           opts->version);
    p.numbers[0] = opts->old_numbers;
    p.numbers[1] = opts->new_numbers;
    p.word_flags = opts->word_flags;
    for (int s = 0; s < 2; s++) {
        const char *l = bitext_seglist_lang(p.side[s]);
        snprintf(p.lang[s], sizeof p.lang[s], "%s", l && *l ? l : "und");
        for (char *c = p.lang[s]; *c; c++) /* a tag is [A-Za-z0-9-]: nothing to escape */
            if (!(*c == '-' || (*c >= '0' && *c <= '9') ||
                  ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z')))
                *c = '-';
    }
    if ((rc = bitext_worddiff_new(&p.wd, p.lang[1], err)) < 0)
        return rc;
    head(&p, d, opts);
    for (size_t k = 0; k < bitext_diff_count(d) && rc == 0; k++)
        rc = unit_row(&p, bitext_diff_get(d, k), err);
    fputs("</tbody>\n</table>\n</body>\n</html>\n", f);
    bitext_worddiff_free(p.wd);
    if (rc == 0 && ferror(f))
        rc = bitext_fail(err, BITEXT_EIO, "cannot write the page");
    return rc;
}
