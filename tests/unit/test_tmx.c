/* test_tmx.c - unit tests of the tmx module: writer, reader, round trip, odd and bad files. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "check.h"
#include "xml_int.h"
#include "util_int.h"

static char tmpdir[256];

static const char *data(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("BITEXT_TESTDATA");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : ".", name);
    return buf;
}

static char *slurp(const char *path)
{
    char *s = NULL;
    size_t n;
    return bitext_read_all(&s, &n, path, 1 << 24, NULL) == 0 ? s : NULL;
}

/* Reads every TU of a file; returns how many, or < 0 (err filled). */
static int read_all(bitext_tu *tus, int max, const char *path, unsigned flags, bitext_error *err,
                    int64_t *skipped)
{
    bitext_tmx_read_options o = BITEXT_TMX_READ_OPTIONS_INIT;
    bitext_tmx_reader *r;
    bitext_tu tu = BITEXT_TU_INIT;
    int n = 0, rc;
    o.flags = flags;
    bitext_error_clear(err);
    if ((rc = bitext_tmx_reader_open(&r, path, &o, err)) < 0)
        return rc;
    while ((rc = bitext_tmx_reader_next(r, &tu, err)) > 0) {
        if (n < max)
            bitext_tu_copy(&tus[n], &tu, NULL);
        n++;
    }
    if (skipped)
        *skipped = bitext_tmx_reader_skipped(r);
    bitext_tu_clear(&tu);
    bitext_tmx_reader_free(r);
    return rc < 0 ? rc : n;
}

static void clear_all(bitext_tu *tus, int n)
{
    for (int i = 0; i < n; i++)
        bitext_tu_clear(&tus[i]);
}

static void make_tu(bitext_tu *tu)
{
    size_t en, pl, de;
    bitext_tu_set_string(&tu->tuid, "t1", NULL);
    bitext_tu_set_string(&tu->origin, "aligned", NULL);
    tu->confidence = 0.8731234;
    tu->created = 1700000000;
    tu->changed = 1700000100;
    bitext_tu_set_string(&tu->creator, "ed", NULL);
    bitext_tu_add_tuv(tu, &en, "en", "Click Save\x01 now & go.", 22, NULL);
    bitext_tu_add_tuv(tu, &pl, "pl", "Kliknij Zapisz \xef\xbf\xbfteraz.", 25, NULL);
    bitext_tu_add_tuv(tu, &de, "de", "Klicken Sie Speichern.", 22, NULL);
    bitext_tu_add_code(tu, en, BITEXT_CODE_BPT, 6, 1, 1, "bold", "<b>", NULL, NULL);
    bitext_tu_add_code(tu, en, BITEXT_CODE_EPT, 10, 1, 0, NULL, "</b>", NULL, NULL);
    bitext_tu_add_code(tu, en, BITEXT_CODE_PH, 22, 0, 2, "lb", "<br/>", "p", NULL);
    bitext_tu_add_code(tu, pl, BITEXT_CODE_BPT, 8, 1, 1, "bold", "<b>", NULL, NULL);
    bitext_tu_add_code(tu, pl, BITEXT_CODE_EPT, 14, 1, 0, NULL, "</b>", NULL, NULL);
    bitext_tu_add_code(tu, pl, BITEXT_CODE_HI_BEGIN, 18, 0, 0, "term", NULL, NULL, NULL);
    bitext_tu_add_code(tu, pl, BITEXT_CODE_HI_END, 23, 0, 0, NULL, NULL, NULL, NULL);
    bitext_tu_add_prop(tu, SIZE_MAX, "x-domain", "news <&>", NULL, NULL);
    bitext_tu_add_prop(tu, SIZE_MAX, NULL, "a note", "en", NULL);
    bitext_tu_add_prop(tu, pl, "x-reviewed", "yes", NULL, NULL);
    bitext_tu_set_string(&tu->tuvs[en].prev, "Before.", NULL);
    bitext_tu_set_string(&tu->tuvs[en].next, "After.", NULL);
}

static void test_round_trip(void)
{
    char path[512];
    bitext_tmx_write_options o = BITEXT_TMX_WRITE_OPTIONS_INIT;
    bitext_tmx_writer *w;
    bitext_tu tu = BITEXT_TU_INIT, back[4] = { BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT,
                                               BITEXT_TU_INIT }, one = BITEXT_TU_INIT;
    bitext_error err;
    char *xml;
    int n;

    snprintf(path, sizeof path, "%s/rt.tmx", tmpdir);
    make_tu(&tu);
    bitext_tu_add_tuv(&one, NULL, "en", "Alone.", 6, NULL);
    bitext_tu_add_tuv(&one, NULL, "pl", " \t", 2, NULL);   /* blank target: TU skipped */
    o.srclang = "en";
    o.level = 2;
    bitext_error_clear(&err);
    CHECK_OK(bitext_tmx_writer_open(&w, path, &o, &err));
    CHECK(access(path, F_OK) != 0);                          /* nothing there before finish */
    CHECK_OK(bitext_tmx_writer_add(w, &tu, &err));
    CHECK_OK(bitext_tmx_writer_add(w, &one, &err));
    CHECK(bitext_tmx_writer_count(w) == 1);
    CHECK_OK(bitext_tmx_writer_finish(w, &err));
    bitext_tmx_writer_free(w);

    xml = slurp(path);
    CHECK(xml != NULL);
    if (xml) {
        CHECK(strstr(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") == xml);
        CHECK(strstr(xml, "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">") != NULL);
        CHECK(strstr(xml, "<tmx version=\"1.4\">") != NULL);
        CHECK(strstr(xml, "creationtool=\"bitext\"") != NULL);
        CHECK(strstr(xml, "<bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>") != NULL);
        CHECK(strstr(xml, "<ept i=\"1\">&lt;/b&gt;</ept>") != NULL);
        CHECK(strstr(xml, "<hi type=\"term\">teraz</hi>") != NULL);
        CHECK(strstr(xml, "creationdate=\"20231114T221320Z\"") != NULL);
        CHECK(strstr(xml, "x-bitext-confidence\">0.8731234<") != NULL);
        CHECK(strstr(xml, "\x01") == NULL);
        CHECK(strstr(xml, "\xef\xbf\xbf") == NULL);
        CHECK(strstr(xml, "Alone.") == NULL);
    }
    free(xml);

    n = read_all(back, 4, path, 0, &err, NULL);
    CHECK(n == 1);
    if (n == 1) {
        bitext_tu *b = back;
        CHECK_STR(b->tuid, "t1");
        CHECK_STR(b->origin, "aligned");
        CHECK(b->confidence == 0.8731234);
        CHECK(b->created == 1700000000 && b->changed == 1700000100);
        CHECK_STR(b->creator, "ed");
        CHECK(b->ntuvs == 3);
        CHECK_STR(b->srclang, "en");
        CHECK_STR(b->tuvs[0].text, "Click Save now & go.");
        CHECK_STR(b->tuvs[1].text, "Kliknij Zapisz teraz.");
        CHECK_STR(b->tuvs[2].lang, "de");
        CHECK_STR(b->tuvs[0].prev, "Before.");
        CHECK_STR(b->tuvs[0].next, "After.");
        CHECK(b->tuvs[0].ncodes == 3 && b->tuvs[1].ncodes == 4);
        if (b->tuvs[0].ncodes == 3) {
            CHECK(b->tuvs[0].codes[0].kind == BITEXT_CODE_BPT && b->tuvs[0].codes[0].offset == 6);
            CHECK_STR(b->tuvs[0].codes[0].native, "<b>");
            CHECK(b->tuvs[0].codes[1].kind == BITEXT_CODE_EPT && b->tuvs[0].codes[1].offset == 10);
            CHECK(b->tuvs[0].codes[2].kind == BITEXT_CODE_PH && b->tuvs[0].codes[2].x == 2);
            CHECK(b->tuvs[0].codes[2].offset == 20);   /* the removed U+0001 moved it */
            CHECK_STR(b->tuvs[0].codes[2].assoc, "p");
        }
        if (b->tuvs[1].ncodes == 4) {
            CHECK(b->tuvs[1].codes[2].kind == BITEXT_CODE_HI_BEGIN);
            CHECK_STR(b->tuvs[1].codes[2].type, "term");
            CHECK(b->tuvs[1].codes[3].kind == BITEXT_CODE_HI_END &&
                  b->tuvs[1].codes[3].offset == 20);
        }
        CHECK(b->nprops == 2);
        if (b->nprops == 2) {
            CHECK_STR(b->props[0].value, "news <&>");
            CHECK(b->props[1].type == NULL);
            CHECK_STR(b->props[1].lang, "en");
        }
        CHECK(b->tuvs[1].nprops == 1);
    }
    clear_all(back, n > 4 ? 4 : n);
    bitext_tu_clear(&tu);
    bitext_tu_clear(&one);
}

static void test_level1_and_failures(void)
{
    char path[512];
    bitext_tmx_write_options o = BITEXT_TMX_WRITE_OPTIONS_INIT;
    bitext_tmx_writer *w;
    bitext_tu tu = BITEXT_TU_INIT;
    bitext_error err;
    char *xml;

    snprintf(path, sizeof path, "%s/l1.tmx", tmpdir);
    make_tu(&tu);
    o.srclang = "pl";
    CHECK_OK(bitext_tmx_writer_open(&w, path, &o, &err));
    CHECK_OK(bitext_tmx_writer_add(w, &tu, &err));
    CHECK_OK(bitext_tmx_writer_finish(w, &err));
    bitext_tmx_writer_free(w);
    xml = slurp(path);
    CHECK(xml && !strstr(xml, "<bpt") && !strstr(xml, "<hi"));
    /* the source variant comes first */
    CHECK(xml && strstr(xml, "<tuv xml:lang=\"pl\"") < strstr(xml, "<tuv xml:lang=\"en\""));
    free(xml);

    /* a TU without tuid gets one made from its content, the same in every export */
    {
        bitext_tu t2 = BITEXT_TU_INIT, back[2] = { BITEXT_TU_INIT, BITEXT_TU_INIT };
        char first[32] = "";
        for (int round = 0; round < 2; round++) {
            bitext_tu_add_tuv(&t2, NULL, "en", "No id.", 6, NULL);
            bitext_tu_add_tuv(&t2, NULL, "pl", "Bez id.", 7, NULL);
            CHECK_OK(bitext_tmx_writer_open(&w, path, &o, &err));
            CHECK_OK(bitext_tmx_writer_add(w, &t2, &err));
            CHECK_OK(bitext_tmx_writer_finish(w, &err));
            bitext_tmx_writer_free(w);
            CHECK(read_all(back, 2, path, 0, &err, NULL) == 1);
            CHECK(back[0].tuid && strlen(back[0].tuid) == 17 && back[0].tuid[0] == 'x');
            if (round == 0 && back[0].tuid)
                snprintf(first, sizeof first, "%s", back[0].tuid);
            else
                CHECK_STR(back[0].tuid, first);
            bitext_tu_clear(&back[0]);
            bitext_tu_clear(&t2);
        }
    }

    o.srclang = NULL;
    CHECK(bitext_tmx_writer_open(&w, path, &o, &err) == BITEXT_EINVAL);
    o.srclang = "en";
    o.segtype = "chapter";
    CHECK(bitext_tmx_writer_open(&w, path, &o, &err) == BITEXT_EINVAL);
    o.segtype = "sentence";
    CHECK(bitext_tmx_writer_open(&w, "/nonexistent-dir/x.tmx", &o, &err) == BITEXT_EIO);

    /* freed unfinished: no file left behind */
    snprintf(path, sizeof path, "%s/unfinished.tmx", tmpdir);
    CHECK_OK(bitext_tmx_writer_open(&w, path, &o, &err));
    CHECK_OK(bitext_tmx_writer_add(w, &tu, &err));
    bitext_tmx_writer_free(w);
    CHECK(access(path, F_OK) != 0);
    bitext_tu_clear(&tu);
}

static void test_level2_file(void)
{
    bitext_tu t[4] = { BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT };
    bitext_error err;
    int n = read_all(t, 4, data("tmx_level2.tmx"), 0, &err, NULL);
    CHECK(n == 3);
    if (n != 3)
        return;
    CHECK_STR(t[0].tuvs[0].text, "Press Save now.");
    CHECK(t[0].tuvs[0].ncodes == 3);
    CHECK(t[0].nprops == 2);
    CHECK_STR(t[1].tuvs[0].text, "See the mat and .");
    CHECK(t[1].tuvs[0].ncodes == 5);
    if (t[1].tuvs[0].ncodes == 5) {
        CHECK(t[1].tuvs[0].codes[0].kind == BITEXT_CODE_IT_END);
        CHECK(t[1].tuvs[0].codes[1].kind == BITEXT_CODE_HI_BEGIN);
        CHECK(t[1].tuvs[0].codes[2].kind == BITEXT_CODE_HI_END);
        CHECK_STR(t[1].tuvs[0].codes[3].native, "<img alt=\"A cat\"/>");
        CHECK(t[1].tuvs[0].codes[4].kind == BITEXT_CODE_UT);
    }
    CHECK(t[2].tuvs[1].ncodes == 2);
    if (t[2].tuvs[1].ncodes == 2)
        CHECK_STR(t[2].tuvs[1].codes[0].native, "");
    clear_all(t, 3);
}

static void test_quirks(void)
{
    bitext_tu t[4] = { BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT };
    bitext_error err;
    const char *utf16[] = { "tmx_utf16le_bom.tmx", "tmx_utf16be_bom.tmx",
                            "tmx_utf16le_bom_decl_utf8.tmx" };
    int n;
    for (int k = 0; k < 3; k++) {
        n = read_all(t, 4, data(utf16[k]), 0, &err, NULL);
        CHECK(n == 1);
        if (n == 1)
            CHECK_STR(t[0].tuvs[0].text, "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 g\xc4\x99\xc5\x9bl\xc4"
                      "\x85 ja\xc5\xba\xc5\x84 \xf0\x9d\x90\x80.");
        clear_all(t, n > 0 ? n : 0);
    }
    /* UTF-16 without BOM but declared; UTF-8 bytes that claim to be UTF-16 */
    n = read_all(t, 4, data("tmx_utf16le_nobom.tmx"), 0, &err, NULL);
    CHECK(n == 2);
    if (n == 2)
        CHECK_STR(t[1].tuvs[1].text, "Most jest stary.");
    clear_all(t, n > 0 ? n : 0);
    n = read_all(t, 4, data("tmx_utf8_decl_utf16.tmx"), 0, &err, NULL);
    CHECK(n == 2);
    if (n == 2)
        CHECK_STR(t[0].tuvs[1].text, "Rzeka jest szeroka.");
    clear_all(t, n > 0 ? n : 0);
    /* a UTF-8 byte-order mark over a declared windows-1250: the mark wins, and says so */
    {
        bitext_tmx_reader *r = NULL;
        bitext_error_clear(&err);
        CHECK_OK(bitext_tmx_reader_open(&r, data("tmx_utf8_bom_decl_1250.tmx"), NULL, &err));
        CHECK(r && bitext_tmx_reader_next(r, &t[0], &err) == 1);
        CHECK_STR(t[0].tuvs[0].text, "\xc5\xbb\xc3\xb3\xc5\x82\xc4\x87");    /* Żółć */
        CHECK(r && bitext_tmx_reader_note(r) && strstr(bitext_tmx_reader_note(r), "windows-1250"));
        bitext_tmx_reader_free(r);
        clear_all(t, 1);
    }
    n = read_all(t, 4, data("tmx_tmx11.tmx"), 0, &err, NULL);
    CHECK(n == 2);
    if (n == 2) {
        CHECK_STR(t[0].tuvs[0].lang, "en-US");
        CHECK_STR(t[0].tuvs[1].lang, "pl");
        CHECK_STR(t[1].tuvs[1].text, "Most jest stary.");
    }
    clear_all(t, n > 0 ? n : 0);
    n = read_all(t, 4, data("tmx_srclang_all.tmx"), 0, &err, NULL);
    CHECK(n == 3);
    if (n == 3) {
        CHECK(t[0].ntuvs == 3);
        CHECK_STR(t[0].srclang, "de");     /* *all*: the first variant */
        CHECK_STR(t[1].srclang, "pl");     /* per-TU srclang */
        CHECK_STR(t[2].srclang, "en");     /* srclang fr matches nothing: the first */
    }
    clear_all(t, n > 0 ? n : 0);
    n = read_all(t, 4, data("tmx_underscore.tmx"), 0, &err, NULL);
    CHECK(n == 1);
    if (n == 1) {
        CHECK_STR(t[0].tuvs[0].lang, "en-US");
        CHECK_STR(t[0].tuvs[1].lang, "pt-BR");
        CHECK_STR(t[0].srclang, "en-US");
        CHECK_STR(t[0].tuvs[0].text, "  Spaces stay.  ");
        CHECK(t[0].created == 1706745599);
        CHECK(t[0].changed == 1706745601);
        CHECK_STR(t[0].creator, "ANNA");
    }
    clear_all(t, n > 0 ? n : 0);
}

static void test_bad_input(void)
{
    bitext_tu t[4] = { BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT, BITEXT_TU_INIT };
    bitext_error err;
    int64_t skipped = 0;
    int n = read_all(t, 4, data("tmx_malformed.tmx"), 0, &err, NULL);
    CHECK(n == BITEXT_EPARSE);
    CHECK(err.line == 7 && err.column > 0);
    CHECK(strstr(err.file, "tmx_malformed.tmx") != NULL);
    n = read_all(t, 4, data("tmx_malformed.tmx"), BITEXT_TMX_SKIP_INVALID, &err, NULL);
    CHECK(n == BITEXT_EPARSE);         /* malformed XML cannot be skipped over */

    n = read_all(t, 4, data("tmx_bad_tu.tmx"), 0, &err, NULL);
    CHECK(n == BITEXT_EPARSE);
    CHECK(err.line == 7);
    CHECK(strstr(err.message, "xml:lang") != NULL);
    n = read_all(t, 4, data("tmx_bad_tu.tmx"), BITEXT_TMX_SKIP_INVALID, &err, &skipped);
    CHECK(n == 3);
    CHECK(skipped == 2);
    if (n == 3)
        CHECK_STR(t[2].tuvs[1].text, "Dobry trzy.");
    clear_all(t, n > 0 ? n : 0);

    /* XXE: a DOCTYPE declaring entities is refused whole; neither the local file nor the
     * URL is read, nothing is expanded (even --skip-invalid cannot get past it) */
    n = read_all(t, 4, data("tmx_xxe.tmx"), 0, &err, NULL);
    CHECK(n == BITEXT_EFORMAT);
    CHECK(strstr(err.message, "declares entities") != NULL);
    CHECK(strstr(err.message, "TOP-SECRET") == NULL);
    n = read_all(t, 4, data("tmx_xxe.tmx"), BITEXT_TMX_SKIP_INVALID, &err, &skipped);
    CHECK(n == BITEXT_EFORMAT);
    /* the five XML entities may be redeclared (the TMX DTD does so) */
    n = read_all(t, 4, data("tmx_entities_xml5.tmx"), 0, &err, NULL);
    CHECK(n == 1);
    if (n == 1)
        CHECK_STR(t[0].tuvs[0].text, "Fish & chips <3");
    clear_all(t, n > 0 ? n : 0);

    CHECK(read_all(t, 4, data("no-such-file.tmx"), 0, &err, NULL) == BITEXT_ENOTFOUND);
    CHECK(read_all(t, 4, data("read_empty.txt"), 0, &err, NULL) == BITEXT_EFORMAT);
    CHECK(read_all(t, 4, data("read_plain.txt"), 0, &err, NULL) < 0);
    CHECK(read_all(t, 4, data("read_messy.html"), 0, &err, NULL) < 0);
}

static void test_dates(void)
{
    int64_t t = -1;
    int day = -1;
    CHECK(bitext_tmx_parse_date(&t, &day, "20020101T163812Z") == 0 && t == 1009903092 && !day);
    CHECK(bitext_tmx_parse_date(&t, &day, "2002-01-01T16:38:12") == 0 && t == 1009903092);
    CHECK(bitext_tmx_parse_date(&t, &day, "2002-01-01") == 0 && t == 1009843200 && day == 1);
    CHECK(bitext_tmx_parse_date(&t, NULL, "20021301T000000Z") == BITEXT_EINVAL);
    CHECK(bitext_tmx_parse_date(&t, NULL, "yesterday") == BITEXT_EINVAL);
    CHECK(bitext_tmx_parse_date(&t, NULL, "20020101T163812Zjunk") == BITEXT_EINVAL);
}

/* A TMX of n TUs, each with `codes` bpt/ept pairs, the first <tu> with `attrs` attributes. */
static char *make_tmx(size_t n, size_t codes, size_t attrs)
{
    bitext_buf b = {0};
    bitext_buf_puts(&b, "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header "
                    "creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" "
                    "o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>"
                    "<body>\n");
    for (size_t k = 0; k < n; k++) {
        bitext_buf_puts(&b, "<tu");
        for (size_t a = 0; k == 0 && a < attrs; a++)
            bitext_buf_printf(&b, " x-a%zu=\"v\"", a);
        bitext_buf_printf(&b, "><tuv xml:lang=\"en\"><seg>Unit %zu", k);
        for (size_t c = 0; c < codes; c++)
            bitext_buf_printf(&b, " <bpt i=\"%zu\">&lt;b&gt;</bpt>w<ept i=\"%zu\">&lt;/b&gt;</ept>",
                              c + 1, c + 1);
        bitext_buf_printf(&b, ".</seg></tuv><tuv xml:lang=\"pl\"><seg>Jednostka %zu.</seg>"
                          "</tuv></tu>\n", k);
    }
    bitext_buf_puts(&b, "</body></tmx>\n");
    return bitext_buf_detach(&b);
}

/* Reads the buffer through; the reader's work, or -1 when it refused the input. */
static int64_t tmx_work(const char *data)
{
    bitext_tmx_reader *r = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int64_t work;
    int rc;
    if (bitext_tmx_reader_open_buffer(&r, "grow.tmx", data, strlen(data), NULL, NULL) < 0)
        return -1;
    while ((rc = bitext_tmx_reader_next(r, &tu, NULL)) > 0)
        ;
    work = rc < 0 ? -1 : tmx_reader_work(r);
    bitext_tu_clear(&tu);
    bitext_tmx_reader_free(r);
    return work;
}

/* Work grows about linearly with the input: x1, x10, x100 TUs; x1, x10, x100 codes in one
 * segment; and an element with ever more attributes is refused after the same work. */
static void test_growth(void)
{
    long long w[3];
    char *t;
    bitext_error err;
    for (int k = 0; k < 3; k++) {
        t = make_tmx(k == 0 ? 20 : k == 1 ? 200 : 2000, 1, 0);
        w[k] = tmx_work(t);
        free(t);
    }
    CHECK(about_linear(w, 20, 200, 2000));
    for (int k = 0; k < 3; k++) {
        t = make_tmx(2, k == 0 ? 10 : k == 1 ? 100 : 1000, 0);
        w[k] = tmx_work(t);
        free(t);
    }
    CHECK(about_linear(w, 10, 100, 1000));
    t = make_tmx(2, 1, 100);
    CHECK(tmx_work(t) > 0);                     /* many attributes, but not too many: read */
    free(t);
    for (int k = 0; k < 2; k++) {               /* 1,000 and 10,000: refused, same place */
        bitext_tmx_reader *r = NULL;
        t = make_tmx(2, 1, k ? 10000 : 1000);
        bitext_error_clear(&err);
        CHECK(bitext_tmx_reader_open_buffer(&r, "attrs.tmx", t, strlen(t), NULL, &err) ==
              BITEXT_EPARSE);
        CHECK(strstr(err.message, "more than 256 attributes") != NULL);
        w[k] = err.offset;
        free(t);
    }
    CHECK(w[0] > 0 && w[0] == w[1] && w[0] < 4000);
    /* the same in UTF-16 (with a byte-order mark): the guard reads code units */
    {
        bitext_tmx_reader *r = NULL;
        size_t n;
        char *u16;
        t = make_tmx(2, 1, 1000);
        n = strlen(t);
        u16 = malloc(2 * n + 2);
        u16[0] = (char)0xFF;
        u16[1] = (char)0xFE;
        for (size_t i = 0; i < n; i++) {
            u16[2 + 2 * i] = t[i];
            u16[3 + 2 * i] = 0;
        }
        CHECK(bitext_tmx_reader_open_buffer(&r, "attrs16.tmx", u16, 2 * n + 2, NULL, &err) ==
              BITEXT_EPARSE);
        CHECK(err.offset == 2 + 2 * w[0]);
        free(u16);
        free(t);
    }
}

int main(void)
{
    test_dates();
    test_growth();
    snprintf(tmpdir, sizeof tmpdir, "%s/bitext-tmx.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR")
                                                                               : "/tmp");
    if (!mkdtemp(tmpdir))
        return 99;
    test_round_trip();
    test_level1_and_failures();
    test_level2_file();
    test_quirks();
    test_bad_input();
    {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return check_done("test_tmx");
}
