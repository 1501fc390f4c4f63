/* test_html.c - unit tests of the HTML reader: the story of each test page (the cases of
 * tests/data/extract_expected.txt), class words, hidden elements, boilerplate lines, and
 * the bounded pre-pass (its work must grow linearly with the input). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"
#include "read/html_int.h"
#include "read_int.h"
#include "util_int.h"

/* ---- the test pages ------------------------------------------------------------------- */

/* Writes block b as "KIND<TAB>TEXT" with line breaks as \n, the cases file's form. */
static void block_line(char *out, size_t size, const bitext_block *b)
{
    size_t k = (size_t)snprintf(out, size, "%s\t", bitext_block_type_name(b->type));
    for (size_t i = 0; i < b->len && k + 3 < size; i++) {
        if (b->text[i] == '\n' || b->text[i] == '\\')
            out[k++] = '\\', out[k++] = b->text[i] == '\n' ? 'n' : '\\';
        else
            out[k++] = b->text[i];
    }
    out[k] = '\0';
}

/* Checks one page against the expected lines; returns the blocks compared. */
static size_t check_page(const char *file, char **want, size_t nwant)
{
    bitext_doc *doc = NULL;
    bitext_error err;
    size_t n;
    bitext_error_clear(&err);
    CHECK(bitext_read_file(&doc, file, NULL, &err) == 0);
    if (!doc) {
        fprintf(stderr, "%s: %s\n", file, err.message);
        return 0;
    }
    n = bitext_doc_block_count(doc);
    if (n != nwant)
        fprintf(stderr, "%s: %zu blocks, expected %zu\n", file, n, nwant);
    CHECK(n == nwant);
    for (size_t i = 0; i < n && i < nwant; i++) {
        char got[4096];
        block_line(got, sizeof got, bitext_doc_block(doc, i));
        CHECK_STR(got, want[i]);
    }
    bitext_doc_free(doc);
    return n;
}

static void test_pages(void)
{
    FILE *f = fopen("extract_expected.txt", "r");
    char line[4096], file[256] = "", *want[64];
    size_t nwant = 0, pages = 0;
    CHECK(f != NULL);
    if (!f)
        return;
    for (;;) {
        bool eof = !fgets(line, sizeof line, f);
        line[strcspn(line, "\n")] = '\0';
        if ((eof || !strncmp(line, "== ", 3)) && file[0]) {
            check_page(file, want, nwant);
            pages++;
            for (size_t i = 0; i < nwant; i++)
                free(want[i]);
            nwant = 0;
        }
        if (eof)
            break;
        if (!strncmp(line, "== ", 3))
            snprintf(file, sizeof file, "%.*s", (int)strcspn(line + 3, " "), line + 3);
        else if (line[0] && line[0] != '#' && nwant < 64)
            want[nwant++] = bitext_strdup(line);
    }
    fclose(f);
    CHECK(pages >= 12);
}

/* The page with a stray 0xFF is read, and the one sequence counted. */
static void test_replaced(void)
{
    bitext_doc *doc = NULL;
    CHECK_OK(bitext_read_file(&doc, "extract_stray_ff.html", NULL, NULL));
    if (doc) {
        CHECK(bitext_doc_replaced(doc) == 1);
        bitext_doc_free(doc);
    }
}

/* ---- class words ---------------------------------------------------------------------- */

static bitext_class_words words(const char *value)
{
    bitext_class_words w;
    memset(&w, 0, sizeof w);
    bitext_html_class_words(&w, value);
    return w;
}

static void test_class_words(void)
{
    /* every token counts, split at - _ and camel case, in several languages */
    static const char *const chrome[] = {
        "l-box-grid__sidebar", "cssSimilarTeaserArea", "jp-relatedposts", "lee-tambien",
        "Schlagworte", "share_buttons", "author-box", "post-tags", "entry-meta",
        "komentarze", "article-donation-CTA", "newsletterBox", "partage-reseaux",
        "form-field-error", "author-bio", "date-info", NULL};
    static const char *const not_chrome[] = {
        "author-eleanor-finch", "entry-content", "TestReport__Section--Ads", "has-sidebar",
        "non-paywall", "grid-box-first", "date-outer", "tag-cocoa", NULL};
    bitext_class_words w;
    for (size_t i = 0; chrome[i]; i++) {
        w = words(chrome[i]);
        if (w.chrome != 1)
            fprintf(stderr, "not read as chrome: %s\n", chrome[i]);
        CHECK(w.chrome == 1);
    }
    for (size_t i = 0; not_chrome[i]; i++) {
        w = words(not_chrome[i]);
        if (w.chrome != 0)
            fprintf(stderr, "read as chrome: %s\n", not_chrome[i]);
        CHECK(w.chrome == 0);
    }
    w = words("widget Blog");   /* Blogger's wrapper: a tie, not a box of chrome */
    CHECK(w.chrome == 1 && w.story == 1);
    w = words("post-412 post type-post hentry author-eleanor-finch");
    CHECK(w.story >= 3 && w.chrome == 0 && w.weak == 1);
    w = words("article__lead teaser-text");
    CHECK(w.lead == 1);
    w = words("moove-gdpr-modal cookie-notice");
    CHECK(w.consent == 2);
    w = words("wp-caption-text");
    CHECK(w.caption == 1);
    /* a comment itself (chrome too), not a box about comments */
    w = words("comment even depth-1 commentlist Kommentare");
    CHECK(w.comment == 3 && w.chrome == 3);
    w = words("comment-meta comment-share reply-form");
    CHECK(w.comment == 1 && w.chrome == 3);
    CHECK(bitext_html_class_hides("x sr-only") && bitext_html_class_hides("d-none"));
    CHECK(!bitext_html_class_hides("hidden-xs") && !bitext_html_class_hides("unhidden"));
}

/* ---- boilerplate lines ---------------------------------------------------------------- */

static void test_boilerplate_languages(void)
{
    static const char *const dropped[] = {
        "Read also: The bridge reopens", "Lesen Sie auch: Der Zug fährt", "À lire aussi",
        "LEA TAMBIÉN: El puerto abre", "Leggi anche: Il ponte", "Leia também: A ponte",
        "Czytaj także: Most", "Lees ook: De brug", "Читайте также: Мост",
        "Čtěte také: Most", "Foto: dpa", "Shutterstock", "Published 12 May 2026",
        "Veröffentlicht am 12.05.2026", "Subscribe to our newsletter for more",
        "Wir verwenden Cookies, um die Website zu verbessern.", "(AB/PAP)",
        "Alle Rechte vorbehalten", "Tous droits réservés", "Zobacz również",
        "Imagen: Agencia Sur", NULL};
    static const char *const kept[] = {
        "Reklamacje należy składać w terminie.", "The separatists met on Monday.",
        "Read more books: it helps.", "Published in 1990, the book sold well.",
        "Die Stadtparkasse schließt um 18 Uhr.", "Sharing the cost was the council's idea.",
        "Zobacz również, jak zmieniło się miasto przez ostatnie dziesięć lat.", NULL};
    for (size_t i = 0; dropped[i]; i++) {
        if (!bitext_read_is_boilerplate(dropped[i], strlen(dropped[i])))
            fprintf(stderr, "not boilerplate: %s\n", dropped[i]);
        CHECK(bitext_read_is_boilerplate(dropped[i], strlen(dropped[i])));
    }
    for (size_t i = 0; kept[i]; i++) {
        if (bitext_read_is_boilerplate(kept[i], strlen(kept[i])))
            fprintf(stderr, "boilerplate: %s\n", kept[i]);
        CHECK(!bitext_read_is_boilerplate(kept[i], strlen(kept[i])));
    }
    {
        const char *cap = "Alunos apresentam um robô. Foto: Pedro Alves";
        CHECK(bitext_read_credit_start(cap, strlen(cap)) == strlen("Alunos apresentam um robô. "));
    }
}

/* ---- the pre-pass ----------------------------------------------------------------------- */

static int bound(bitext_buf *out, bitext_html_bound_stats *st, const char *html)
{
    out->len = 0;
    return bitext_html_bound(out, st, html, strlen(html));
}

static void test_bound_output(void)
{
    bitext_buf out = {0};
    bitext_html_bound_stats st;
    CHECK_OK(bound(&out, &st, "<div class=a onclick='x()' class=b data-x=1 id=z>T</div>"
                              "<!-- gone --><script>if (a<b) x('</div>');</script>"
                              "<p STYLE=\"display:none\">U</p>"));
    CHECK_STR(out.data, "<div class=a id=z>T</div><p STYLE=\"display:none\">U</p>");
    /* an end tag closes the divs left open inside it, as a browser's does */
    CHECK_OK(bound(&out, &st, "<aside><div><div>x</aside><p>after</p>"));
    CHECK_STR(out.data, "<aside><div><div>x</div></div></aside><p>after</p>");
    /* noscript markup does not swallow the page */
    CHECK_OK(bound(&out, &st, "<noscript><div id=n></noscript><p>text</p>"));
    CHECK_STR(out.data, "<p>text</p>");
    bitext_buf_free(&out);
}

/* A page of n copies of unit (between a prefix and a suffix). */
static char *repeat(const char *prefix, const char *unit, size_t n, const char *suffix)
{
    bitext_buf b = {0};
    bitext_buf_puts(&b, prefix);
    for (size_t i = 0; i < n; i++)
        bitext_buf_puts(&b, unit);
    bitext_buf_puts(&b, suffix);
    return bitext_buf_detach(&b);
}

/* The work (steps counted by the pass) for inputs x1, x10, x100 grows about linearly: the
 * hundredfold input costs at most 120 times the work of the small one. */
static void check_linear(const char *name, const char *prefix, const char *unit,
                         const char *suffix, size_t n)
{
    uint64_t steps[3];
    for (int k = 0; k < 3; k++) {
        size_t count = n * (k == 0 ? 1 : k == 1 ? 10 : 100);
        char *page = repeat(prefix, unit, count, suffix);
        bitext_buf out = {0};
        bitext_html_bound_stats st;
        CHECK_OK(bitext_html_bound(&out, &st, page, strlen(page)));
        steps[k] = st.steps;
        bitext_buf_free(&out);
        free(page);
    }
    if (steps[2] > 120 * steps[0] || steps[1] > 12 * steps[0])
        fprintf(stderr, "%s: steps %llu, %llu, %llu\n", name, (unsigned long long)steps[0],
                (unsigned long long)steps[1], (unsigned long long)steps[2]);
    CHECK(steps[1] <= 12 * steps[0]);
    CHECK(steps[2] <= 120 * steps[0]);
    CHECK(steps[2] >= 80 * steps[0]);   /* and the count is real: it does grow */
}

static void test_bound_linear(void)
{
    bitext_buf out = {0};
    bitext_html_bound_stats st;
    char *page;
    /* one tag with many attributes (libxml2 alone is quadratic here) */
    check_linear("attributes", "<div ", "a1=\"x\" ", "><p>t</p></div>", 10000);
    check_linear("same attribute", "<div ", "class=x ", ">t</div>", 10000);
    /* end tags that match nothing, under a deep stack of open elements */
    check_linear("end tags", "<div><b><i><u><s><em>", "</x>", "", 10000);
    check_linear("nesting", "", "<div><span>", "", 10000);
    check_linear("comments", "", "<!-- c --><p>t</p>", "", 10000);
    check_linear("unclosed script", "<script>", "x < y; ", "", 10000);
    /* the 1,000,000 attributes of the issue: 256 read, the rest counted as dropped */
    page = repeat("<div ", "a=\"x\" ", 1000000, ">t</div>");
    CHECK_OK(bitext_html_bound(&out, &st, page, strlen(page)));
    CHECK(st.attributes == 1000000 && st.dropped == 1000000 - BITEXT_HTML_MAX_ATTRS);
    CHECK(st.crowded_at == 0);
    CHECK(out.len < 64);
    bitext_buf_free(&out);
    free(page);
}

/* JSON-LD scripts and <noscript> contents are remembered as spans of the input. */
static void test_bound_side(void)
{
    bitext_buf out = {0};
    bitext_html_bound_stats st;
    const char *page = "<script type='application/LD+JSON'>{\"a\": 1}</script>"
                       "<script>var x = 1;</script><noscript>short</noscript>"
                       "<noscript><p>A paragraph long enough to be a story for a reader without "
                       "scripts.</p></noscript><p>t</p>";
    CHECK_OK(bound(&out, &st, page));
    CHECK_STR(out.data, "<p>t</p>");
    CHECK(st.nld == 1 && st.nnoscript == 1);
    CHECK(st.nld == 1 && !strncmp(page + st.ld[0].start, "{\"a\": 1}", st.ld[0].len));
    CHECK(st.nnoscript == 1 && !strncmp(page + st.noscript[0].start, "<p>A paragraph", 14) &&
          st.noscript[0].len == strlen("<p>A paragraph long enough to be a story for a reader "
                                       "without scripts.</p>"));
    bitext_buf_free(&out);
}

/* ---- JSON-LD ---------------------------------------------------------------------------- */

static void scan(bitext_jsonld *ld, const char *json)
{
    CHECK_OK(bitext_jsonld_scan(ld, json, strlen(json)));
}

static void test_jsonld(void)
{
    bitext_jsonld ld = {0};
    /* an article in a @graph, its type in an array; escapes decoded (a pair, a lone
     * surrogate); a longer comment's text is not the story */
    scan(&ld, "{\"@graph\": [{\"@type\": \"WebSite\", \"description\": \"site\"},"
              "{\"@type\": [\"NewsArticle\"], \"description\": \"The lead.\","
              "\"articleBody\": \"Caf\\u00e9 \\\"ok\\\"\\n\\ud83d\\ude00 \\ud800!\","
              "\"comment\": [{\"@type\": \"Comment\", \"text\": \"A comment much longer "
              "than the body of the article itself.\"}]}]}");
    CHECK_STR(ld.body.data, "Caf\xC3\xA9 \"ok\"\n\xF0\x9F\x98\x80 \xEF\xBF\xBD!");
    /* a shorter body in a later script does not replace it; a longer one does, its type a
     * URL, with a raw line break and a trailing comma as pages write them */
    scan(&ld, "{\"@type\": \"BlogPosting\", \"articleBody\": \"short\"}");
    CHECK_STR(ld.body.data, "Caf\xC3\xA9 \"ok\"\n\xF0\x9F\x98\x80 \xEF\xBF\xBD!");
    scan(&ld, "<!-- {\"@type\": \"http://schema.org/Article\", \"text\": \"One line\nand "
              "the next, longer than the first body.\",} -->");
    CHECK_STR(ld.body.data, "One line\nand the next, longer than the first body.");
    bitext_jsonld_free(&ld);
    memset(&ld, 0, sizeof ld);
    /* "text" of a type that is not an article is not a story; articleBody always is; an
     * object cut off at the end still counts */
    scan(&ld, "{\"@type\": \"Recipe\", \"text\": \"Stir well and serve.\"}");
    CHECK(ld.body.len == 0);
    scan(&ld, "{\"@type\": \"WebPage\", \"mainEntity\": {\"articleBody\": \"Cut off");
    CHECK_STR(ld.body.data, "Cut off");
    bitext_jsonld_free(&ld);
}

/* Broken JSON as pages write it, and hostile JSON: no crash, no read past the end, what
 * can be read is read. */
static void test_jsonld_malformed(void)
{
    static const char *const hostile[] = {
        "", "]]}}", "{", "\"", "\\", "{\"articleBody\"", "{\"articleBody\":", "{\"a\":\"\\",
        "{\"articleBody\": \"\\u12", "{\"articleBody\": \"\\ud83d\\u", "[[[[[[\"]]]]", "}{\"",
        "{\"@type\": {\"@type\": [[[\"Article\"", NULL};
    bitext_jsonld ld = {0};
    for (size_t i = 0; hostile[i]; i++) {
        memset(&ld, 0, sizeof ld);
        CHECK_OK(bitext_jsonld_scan(&ld, hostile[i], strlen(hostile[i])));
        CHECK(ld.steps <= 2 * strlen(hostile[i]) + 2);
        bitext_jsonld_free(&ld);
    }
    memset(&ld, 0, sizeof ld);
    /* a string cut off at the end of the script, a backslash last */
    scan(&ld, "{\"articleBody\": \"cut off\\");
    CHECK_STR(ld.body.data, "cut off\\");
    /* a short or broken \u escape is U+FFFD, what follows it is read as text */
    scan(&ld, "{\"articleBody\": \"bad \\u12x4 \\uZZZZ escapes, still the longest\"}");
    CHECK_STR(ld.body.data, "bad \xEF\xBF\xBD" "12x4 \xEF\xBF\xBDZZZZ escapes, still the longest");
    /* stray closers before the object, a raw tab and a control character inside it */
    scan(&ld, "]] } {\"@type\": \"NewsArticle\", \"articleBody\": \"tab\there, bell\a there, "
              "and longer than the body before.\"}");
    CHECK_STR(ld.body.data, "tab\there, bell  there, and longer than the body before.");
    bitext_jsonld_free(&ld);
    memset(&ld, 0, sizeof ld);
    /* an author's text is the author's, not the article's; escaped quotes and braces
     * inside strings do not open or close anything */
    scan(&ld, "{\"@type\": \"NewsArticle\", \"author\": {\"@type\": \"Person\", "
              "\"text\": \"a long biography of the author\"}, \"articleBody\": "
              "\"a \\\"{[\\\" b }]\"}");
    CHECK_STR(ld.body.data, "a \"{[\" b }]");
    bitext_jsonld_free(&ld);
}

/* Steps for inputs x1, x10, x100 of one shape. */
static void jsonld_growth(const char *name, const char *prefix, const char *unit,
                          const char *suffix, size_t n, const char *body)
{
    long long w[3];
    for (int k = 0; k < 3; k++) {
        char *json = repeat(prefix, unit, n * (k == 0 ? 1 : k == 1 ? 10 : 100), suffix);
        bitext_jsonld ld = {0};
        CHECK_OK(bitext_jsonld_scan(&ld, json, strlen(json)));
        if (body)
            CHECK_STR(ld.body.data ? ld.body.data : "", body);
        w[k] = (long long)ld.steps;
        bitext_jsonld_free(&ld);
        free(json);
    }
    if (!about_linear(w, (double)n, 10.0 * (double)n, 100.0 * (double)n))
        fprintf(stderr, "jsonld %s: steps %lld, %lld, %lld\n", name, w[0], w[1], w[2]);
    CHECK(about_linear(w, (double)n, 10.0 * (double)n, 100.0 * (double)n));
}

/* Deep nesting is skipped without recursion, and the work stays linear whatever the shape:
 * nesting, escapes, articles one after another (each a little longer), an open string. */
static void test_jsonld_bounded(void)
{
    jsonld_growth("nesting", "{\"a\": ", "[{\"articleBody\": \"x\", \"b\": ", "", 10000, "x");
    jsonld_growth("escapes", "{\"articleBody\": \"", "\\u00e9\\ud83d\\ude00\\\"\\n", "\"}",
                  1000, NULL);
    jsonld_growth("articles", "[", "{\"@type\": \"Article\", \"text\": \"more\"},", "]", 1000,
                  "more");
    jsonld_growth("open string", "{\"text\": \"", "{[\\\"", "", 1000, NULL);
    /* every article a little longer than the one before: each replaces the body kept */
    jsonld_growth("longer articles", "[",
                  "{\"articleBody\": \"ab\"}, {\"articleBody\": \"abc\"},", "]", 1000, "abc");
    jsonld_growth("keys", "{", "\"description\": \"d\", \"articleBody\": \"b\", ", "}", 1000,
                  "b");
}

/* ---- summaries -------------------------------------------------------------------------- */

static void test_pairset(void)
{
    bitext_pairset s = {0};
    size_t pairs;
    const char *lead = "Dal 3 marzo la linea 4 attraversa di nuovo il centro: 14 fermate.";
    CHECK_OK(bitext_pairset_add(&s, lead, strlen(lead)));
    /* case, punctuation and white space aside, the same words */
    CHECK(bitext_pairset_hits(&s, "DAL 3 MARZO, la linea 4...", 26, &pairs) == 5 && pairs == 5);
    CHECK(bitext_pairset_hits(&s, "linea 4 attraversa", 18, NULL) == 2);
    CHECK(bitext_pairset_hits(&s, "marzo linea", 11, &pairs) == 0 && pairs == 1);
    CHECK(bitext_pairset_hits(&s, "centro", 6, &pairs) == 0 && pairs == 0);
    bitext_pairset_free(&s);
}

/* The same page through the whole reader warns once about the attributes it dropped. */
static int warnings;
static void count_warning(void *ctx, const char *file, const char *message)
{
    (void)ctx;
    (void)file;
    warnings += strstr(message, "attributes") != NULL;
}

static void test_crowded_warning(void)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    char *page = repeat("<html><body><p ", "x=1 ", 5000, ">Enough text to be read here.</p>"
                        "</body></html>");
    bitext_doc *doc = NULL;
    ro.warn = count_warning;
    CHECK_OK(bitext_read_buffer(&doc, "crowded.html", page, strlen(page), &ro, NULL));
    CHECK(warnings == 1);
    CHECK(doc && bitext_doc_block_count(doc) == 1);
    bitext_doc_free(doc);
    free(page);
}

/* A version 1 caller (no warning callback in its struct) is still served. */
static void test_options_v1(void)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    char *page = repeat("<html><body><p ", "x=1 ", 5000, ">Enough text to be read here.</p>"
                        "</body></html>");
    bitext_doc *doc = NULL;
    int before = warnings;
    ro.version = 1;
    ro.warn = count_warning;   /* beyond a version 1 struct: must not be looked at */
    CHECK_OK(bitext_read_buffer(&doc, "v1.html", page, strlen(page), &ro, NULL));
    CHECK(warnings == before); /* the crowded element is cut all the same, without a word */
    CHECK(doc && bitext_doc_block_count(doc) == 1);
    bitext_doc_free(doc);
    free(page);
}

int main(void)
{
    test_pages();
    test_replaced();
    test_class_words();
    test_boilerplate_languages();
    test_bound_output();
    test_bound_linear();
    test_bound_side();
    test_jsonld();
    test_jsonld_malformed();
    test_jsonld_bounded();
    test_pairset();
    test_crowded_warning();
    test_options_v1();
    return check_done("test_html");
}
