/* test_report.c - the HTML pages: escaping, languages and direction, marks, statuses, notes,
 * one file with nothing outside it; the alignment report's bands, counts and findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "check.h"
#include "util_int.h"

static char dir[256];

static char *slurp(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    CHECK_OK(bitext_read_all(&data, &len, path, 1 << 24, NULL));
    return data ? data : bitext_strdup("");
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* The part of the page after the header (the rows), without the script. */
static const char *body_of(const char *page)
{
    const char *b = strstr(page, "<tbody>");
    return b ? b : page;
}

static void test_page(void)
{
    static const bitext_page_fact facts[] = {{"Old", "a <b>.txt"}, {"New", "b.txt"}};
    static const bitext_page_legend legend[] = {{BITEXT_PAGE_PLAIN, "unchanged"},
                                                {BITEXT_PAGE_CHANGED, "changed"}};
    static const bitext_page_mark marks[] = {{4, 9, BITEXT_MARK_INSERTED},
                                             {0, 3, BITEXT_MARK_DELETED}, /* out of order */
                                             {10, 99, BITEXT_MARK_DELETED}};   /* out of text */
    static const bitext_page_note notes[] = {{"numbers", "2 < 3 & \"x\"", 1}};
    char path[300];
    bitext_page_options o = BITEXT_PAGE_OPTIONS_INIT;
    bitext_output *out = NULL;
    bitext_page *p = NULL;
    bitext_page_row row = {0};
    char *page, *tail;
    snprintf(path, sizeof path, "%s/page.html", dir);
    o.title = "Edition <2>";
    o.left_title = "old";
    o.right_title = "new";
    o.left_lang = "en";
    o.right_lang = "ar";
    o.facts = facts;
    o.nfacts = 2;
    o.legend = legend;
    o.nlegend = 2;
    o.look = 1;
    o.notes_title = "changes";
    CHECK_OK(bitext_output_open(&out, path, NULL, NULL));
    CHECK_OK(bitext_page_begin(&p, bitext_output_file(out), &o, NULL));
    row.status = BITEXT_PAGE_CHANGED;
    row.flags = BITEXT_PAGE_ROW_LOOK | BITEXT_PAGE_ROW_LEFT_BLOCK;
    row.left = (bitext_page_cell){"The old text.", NULL, "1", NULL, 0};
    row.right = (bitext_page_cell){"The new one.", "en", "1", marks, 3};
    row.notes = notes;
    row.nnotes = 1;
    CHECK_OK(bitext_page_add_row(p, &row, NULL));
    memset(&row, 0, sizeof row);
    row.status = BITEXT_PAGE_RIGHT_ONLY;
    row.label = "x<y";
    row.right = (bitext_page_cell){"<script>alert(1)</script> \x01\xff ok", NULL, NULL, NULL, 0};
    CHECK_OK(bitext_page_add_row(p, &row, NULL));
    CHECK_OK(bitext_page_end(p, NULL));
    CHECK_OK(bitext_output_commit(out, NULL));
    bitext_output_free(out);
    page = slurp(path);
    tail = strstr(page, "<script>\n");
    CHECK(tail != NULL);
    /* one file: no reference to anything outside it */
    CHECK(!strstr(page, "src=") && !strstr(page, "href=\"http") && !strstr(page, "@import") &&
          !strstr(page, "url("));
    CHECK(strstr(page, "<title>Edition &lt;2&gt;</title>") != NULL);
    CHECK(strstr(page, "<dd>a &lt;b&gt;.txt</dd>") != NULL);
    CHECK(strstr(page, "<li class=\"s-changed\"><span class=\"swatch\"></span>changed</li>"));
    CHECK(strstr(page, "<tr id=\"r1\" class=\"row s-changed look brk\">") != NULL);
    CHECK(strstr(page, "<tr id=\"r2\" class=\"row s-right\">") != NULL);
    CHECK(strstr(page, "<td class=\"c l bs\" lang=\"en\" dir=\"ltr\">") != NULL);
    CHECK(strstr(page, "<td class=\"c r\" lang=\"ar\" dir=\"rtl\">&lt;script") != NULL);
    CHECK(strstr(page, "lang=\"en\" dir=\"ltr\"><span class=\"none\">no counterpart") != NULL);
    CHECK(strstr(page, "The <ins>new o</ins>ne.") != NULL);   /* bad marks left out */
    CHECK(strstr(page, "<b class=\"tag\">numbers</b> 2 &lt; 3 &amp; &quot;x&quot;") != NULL);
    CHECK(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt; \xEF\xBF\xBD\xEF\xBF\xBD ok"));
    CHECK(strstr(page, "<a href=\"#r2\">x&lt;y</a>") != NULL);
    CHECK(strstr(page, "(<span id=\"nlook\">1</span>)") != NULL);
    CHECK(count(body_of(page), "<tr ") == 2 && count(body_of(page), "</tr>") == 2);
    CHECK(count(page, "<script>") == 1); /* ours only */
    CHECK(strstr(page, "<th class=\"notes\">changes</th>") != NULL);
    CHECK(strstr(page, "<li class=\"note-major\">") == NULL); /* no note legend unless asked */
    free(page);
}

static void test_alignment(void)
{
    static const struct {
        const char *src, *tgt;
        double conf;
    } rows[] = {
        {"Nowa biblioteka", "New library", 0.99},
        {"Otwarcie o godz. 22.", "Opening at 11 p.m.", 0.95},
        {"Wstęp jest wolny.", "Admission is free.", 0.7},
        {"Karta kosztuje 5 zł.", "The card costs PLN 5.", 0.3},
        {"Archeolodzy badali je przez pół roku.", NULL, 0.8},
        {NULL, "Photo: Anna", 0.8}};
    char path[300];
    bitext_review *r = NULL;
    bitext_qa_finding *f = NULL;
    bitext_output *out = NULL;
    size_t nf = 0, s = 0, t = 0;
    char *page;
    snprintf(path, sizeof path, "%s/align.html", dir);
    CHECK_OK(bitext_review_new(&r, "pl", "en", "dir/a.pl.html", "dir/a.en.html", NULL));
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        bitext_bead b = {s, rows[k].src ? 1 : 0, t, rows[k].tgt ? 1 : 0, rows[k].conf};
        CHECK_OK(bitext_review_add(r, &b, k == 0 ? BITEXT_ROW_HEADING : 0, rows[k].src,
                                   rows[k].tgt, NULL));
        s += rows[k].src != NULL;
        t += rows[k].tgt != NULL;
    }
    CHECK_OK(bitext_qa_run(&f, &nf, r, NULL, NULL));
    CHECK(nf == 2); /* numbers on row 2, omission on row 5 */
    CHECK_OK(bitext_output_open(&out, path, NULL, NULL));
    CHECK_OK(bitext_report_alignment(out, r, f, nf, NULL, NULL));
    CHECK_OK(bitext_output_commit(out, NULL));
    bitext_output_free(out);
    page = slurp(path);
    CHECK(strstr(page, "<h1>Alignment: a.pl.html \u2013 a.en.html</h1>") != NULL);
    CHECK(strstr(page, "<dd>1-1: 4 \u00b7 0-1: 1 \u00b7 1-0: 1</dd>") != NULL); /* by count */
    CHECK(strstr(page, "<dd>\u2265 0.90: 2 \u00b7 0.50\u20130.90: 1 \u00b7 < 0.50: 1</dd>") ||
          strstr(page, "<dd>\u2265 0.90: 2 \u00b7 0.50\u20130.90: 1 \u00b7 &lt; 0.50: 1</dd>"));
    CHECK(strstr(page, "<dd>omission: 1 \u00b7 numbers: 1</dd>") != NULL);
    CHECK(strstr(page, "<tr id=\"r1\" class=\"row s-good hd\">") != NULL);
    CHECK(strstr(page, "<tr id=\"r2\" class=\"row s-good look\">") != NULL); /* a finding */
    CHECK(strstr(page, "<tr id=\"r3\" class=\"row s-fair\">") != NULL);
    CHECK(strstr(page, "<tr id=\"r4\" class=\"row s-weak look\">") != NULL);
    CHECK(strstr(page, "<tr id=\"r5\" class=\"row s-left look\">") != NULL);
    CHECK(strstr(page, "<tr id=\"r6\" class=\"row s-right look\">") != NULL);
    CHECK(strstr(page, "<span class=\"d\">1-1 \u00b7 0.95</span>") != NULL);
    CHECK(strstr(page, "<li class=\"major\"><b class=\"tag\">numbers</b> numbers differ: 22 only "
                       "in the source; 23 only in the target</li>") != NULL);
    CHECK(strstr(page, "(<span id=\"nlook\">4</span>)") != NULL);
    CHECK(strstr(page, "<span class=\"badge\">!</span>error found by a check</li>") != NULL);
    CHECK(strstr(page, "<th lang=\"pl\" dir=\"ltr\">a.pl.html</th>") != NULL);
    free(page);
    bitext_qa_findings_free(f, nf);
    bitext_review_free(r);
}

int main(void)
{
    char cmd[300];
    snprintf(dir, sizeof dir, "%s/bitext-test-report.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return 99;
    test_page();
    test_alignment();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done("test_report");
}
