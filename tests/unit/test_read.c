/* test_read.c - unit tests of the readers: plain text, HTML, encodings, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"
#include "read_int.h"
#include "util_int.h"

static bitext_doc *read_ok(const char *path, const bitext_read_options *opts)
{
    bitext_doc *doc = NULL;
    bitext_error err;
    bitext_error_clear(&err);
    if (bitext_read_file(&doc, path, opts, &err) < 0)
        fprintf(stderr, "%s: %s\n", path, err.message);
    CHECK(doc != NULL);
    if (doc && getenv("VERBOSE"))
        for (size_t i = 0; i < bitext_doc_block_count(doc); i++) {
            const bitext_block *b = bitext_doc_block(doc, i);
            fprintf(stderr, "%zu %s:%lld [%s]\n", i, bitext_block_type_name(b->type),
                    (long long)b->line, b->text);
        }
    return doc;
}

static const char *text_of(const bitext_doc *doc, size_t i)
{
    const bitext_block *b = bitext_doc_block(doc, i);
    return b ? b->text : "(none)";
}

static int type_of(const bitext_doc *doc, size_t i)
{
    const bitext_block *b = bitext_doc_block(doc, i);
    return b ? (int)b->type : -1;
}

static void test_plain(void)
{
    bitext_doc *doc = read_ok("read_plain.txt", NULL);
    if (!doc)
        return;
    /* title, paragraph; initials and copyright dropped; repeated title dropped */
    CHECK(bitext_doc_block_count(doc) == 2);
    CHECK_STR(text_of(doc, 0), "Title without stop");
    CHECK(type_of(doc, 0) == BITEXT_BLOCK_TITLE);
    CHECK_STR(text_of(doc, 1), "First paragraph, line one and line two.");
    CHECK(type_of(doc, 1) == BITEXT_BLOCK_PARAGRAPH);
    CHECK(bitext_doc_block(doc, 1)->line == 3);
    CHECK(strlen(bitext_doc_checksum(doc)) == 64);
    bitext_doc_free(doc);
}

static void test_keep_boilerplate(void)
{
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc;
    opts.flags = BITEXT_READ_KEEP_BOILERPLATE;
    doc = read_ok("read_plain.txt", &opts);
    if (!doc)
        return;
    CHECK(bitext_doc_block_count(doc) == 4);
    CHECK(type_of(doc, 2) == BITEXT_BLOCK_BOILERPLATE);
    CHECK_STR(text_of(doc, 2), "(ab)");
    bitext_doc_free(doc);
}

static void test_lines(void)
{
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc;
    opts.format = BITEXT_FORMAT_LINES;
    doc = read_ok("read_plain.txt", &opts);
    if (!doc)
        return;
    /* every non-empty line is a block, boilerplate included */
    CHECK(bitext_doc_block_count(doc) == 6);
    CHECK_STR(text_of(doc, 1), "First paragraph, line one");
    CHECK(type_of(doc, 3) == BITEXT_BLOCK_PARAGRAPH);
    bitext_doc_free(doc);
}

static void test_encodings(void)
{
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = read_ok("read_crlf_bom.txt", NULL);
    if (doc) {
        CHECK(bitext_doc_block_count(doc) == 2);
        CHECK_STR(text_of(doc, 0), "First line continues here.");
        bitext_doc_free(doc);
    }
    doc = read_ok("read_utf16le.txt", NULL);
    if (doc) {
        CHECK_STR(text_of(doc, 0), "Hello UTF-16.");
        bitext_doc_free(doc);
    }
    opts.encoding = "ISO-8859-2";
    doc = read_ok("read_latin2.txt", &opts);
    if (doc) {
        CHECK_STR(text_of(doc, 0), "Zażółć gęślą jaźń.");
        bitext_doc_free(doc);
    }
}

static void test_nfc(void)
{
    bitext_doc *doc = NULL;
    const char *decomposed = "Cafe\xCC\x81 au lait.";   /* e + combining acute */
    CHECK_OK(bitext_read_buffer(&doc, "nfc.txt", decomposed, strlen(decomposed), NULL, NULL));
    if (doc) {
        CHECK_STR(text_of(doc, 0), "Caf\xC3\xA9 au lait.");
        bitext_doc_free(doc);
    }
}

static void expect_error(const char *path, int code, int64_t offset, const char *needle)
{
    bitext_doc *doc = NULL;
    bitext_error err;
    bitext_error_clear(&err);
    CHECK(bitext_read_file(&doc, path, NULL, &err) == code);
    CHECK(doc == NULL);
    CHECK(err.offset == offset);
    CHECK(strstr(err.message, needle) != NULL);
    CHECK(strstr(err.file, path) != NULL);
}

static void test_bad_input(void)
{
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc;
    expect_error("read_bad_utf8.txt", BITEXT_EENCODING, 26, "invalid UTF-8");
    expect_error("read_binary.bin", BITEXT_EFORMAT, 7, "binary");
    expect_error("read_empty.txt", BITEXT_EFORMAT, -1, "empty");
    expect_error("no_such_file.txt", BITEXT_EIO, -1, "cannot open");
    opts.flags = BITEXT_READ_LOSSY;
    doc = read_ok("read_bad_utf8.txt", &opts);
    if (doc) {
        CHECK(strstr(text_of(doc, 0), "\xEF\xBF\xBD") != NULL);
        CHECK(bitext_doc_replaced(doc) == 1);
        bitext_doc_free(doc);
    }
}

static void test_html(void)
{
    bitext_doc *doc = read_ok("read_messy.html", NULL);
    const bitext_block *b;
    size_t n;
    if (!doc)
        return;
    n = bitext_doc_block_count(doc);
    CHECK_STR(bitext_doc_lang(doc), "de-CH");
    CHECK_STR(bitext_doc_title(doc), "Der Zug nach Chur fährt wieder");
    CHECK_STR(text_of(doc, 0), "Der Zug nach Chur fährt wieder");
    CHECK(type_of(doc, 0) == BITEXT_BLOCK_TITLE);
    /* h1 repeats the title twice: both dropped; nav, script, related box, footer dropped */
    CHECK_STR(text_of(doc, 1), "Nach drei Wochen Sperre rollt der Verkehr.\nDie Bahn meldet "
                               "keine Verspätungen.");
    b = bitext_doc_block(doc, 1);
    CHECK(b && b->nspans == 3);
    if (b && b->nspans == 3) {
        CHECK(b->spans[0].kind == BITEXT_SPAN_BOLD && b->spans[0].start == 5 &&
              b->spans[0].end == 16);
        CHECK(b->spans[1].kind == BITEXT_SPAN_BREAK);
        CHECK(b->spans[2].kind == BITEXT_SPAN_LINK && !strcmp(b->spans[2].attr, "/x"));
    }
    CHECK(type_of(doc, 2) == BITEXT_BLOCK_CAPTION);
    CHECK_STR(text_of(doc, 2), "Ein Zug bei Landquart.");
    CHECK(type_of(doc, 3) == BITEXT_BLOCK_LIST_ITEM);  /* second caption dropped */
    CHECK_STR(text_of(doc, 4), "Zweiter Punkt");
    CHECK(type_of(doc, 5) == BITEXT_BLOCK_QUOTE);
    CHECK(type_of(doc, 6) == BITEXT_BLOCK_CELL);
    CHECK_STR(text_of(doc, 7), "08:15");
    CHECK_STR(text_of(doc, 8), "Text & mehr\xC2\xA0Text.");
    CHECK_STR(text_of(doc, 9), "Loser Text im div.");
    CHECK(n == 10);
    for (size_t i = 0; i < n; i++) {
        CHECK(strstr(text_of(doc, i), "Start") == NULL);
        CHECK(strstr(text_of(doc, i), "not text") == NULL);
        CHECK(strstr(text_of(doc, i), "Alte Meldung") == NULL);
        CHECK(strstr(text_of(doc, i), "Impressum") == NULL);
    }
    bitext_doc_free(doc);
}

static void test_html_charset(void)
{
    /* a Latin-2 page that says so in <meta charset> */
    const char page[] = "<html><head><meta charset=\"iso-8859-2\"></head><body><p>Za\xbf\xf3\xb3\xe6"
                        "</p></body></html>";
    bitext_doc *doc = NULL;
    CHECK_OK(bitext_read_buffer(&doc, "p.html", page, sizeof page - 1, NULL, NULL));
    if (doc) {
        CHECK_STR(text_of(doc, 0), "Zażółć");
        bitext_doc_free(doc);
    }
}

static bitext_doc *html(const char *page)
{
    bitext_doc *doc = NULL;
    CHECK_OK(bitext_read_buffer(&doc, "t.html", page, strlen(page), NULL, NULL));
    return doc;
}

/* Pages as they come: no <body>, wrappers whose class looks like chrome, teasers first. */
static void test_html_shapes(void)
{
    static const char *const pages[] = {
        "<!DOCTYPE html>\n<meta charset=utf-8>\n<title>T</title>\n<p>One here.\n<p>Two here.",
        "<html><body><form id=aspnetForm><div><p>One here.</p><p>Two here.</p></div></form>"
        "</body></html>",
        "<html><body><div class='page has-sidebar'><p>One here.</p><p>Two here.</p>"
        "<div class=sidebar>Ads and links</div></div></body></html>",
        "<html><body><nav><article><p>Teaser.</p></article></nav><div class=story><header>"
        "<h1>T</h1></header><p>One here.</p><p>Two here.</p></div></body></html>",
        NULL};
    for (size_t i = 0; pages[i]; i++) {
        bitext_doc *doc = html(pages[i]);
        size_t n = doc ? bitext_doc_block_count(doc) : 0;
        CHECK(n >= 2);
        if (n >= 2) {
            CHECK_STR(text_of(doc, n - 2), "One here.");
            CHECK_STR(text_of(doc, n - 1), "Two here.");
        }
        bitext_doc_free(doc);
    }
}

static void test_html_inline(void)
{
    bitext_doc *doc = html("<p>Intro<br><br>Yes: 12<br>No: 3</p>"
                           "<p>Start <b>bold <div>inner.</div> after</b> end.</p>"
                           "<p>\xE3\x80\x80<i>Indented</i> text.</p>"
                           "<p>東京<ruby>日本<rt>にほん</rt></ruby>です。</p>");
    const bitext_block *b;
    if (!doc)
        return;
    CHECK_STR(text_of(doc, 0), "Intro");
    CHECK_STR(text_of(doc, 1), "Yes: 12\nNo: 3");
    CHECK_STR(text_of(doc, 4), "after end.");
    b = bitext_doc_block(doc, 4);
    CHECK(b && b->nspans == 1 && b->spans[0].start == 0 && b->spans[0].end == 5);
    b = bitext_doc_block(doc, 5);
    CHECK(b && b->nspans == 1 && b->spans[0].start == 0 && b->spans[0].end == 8);
    CHECK_STR(text_of(doc, 6), "東京日本です。");
    bitext_doc_free(doc);
}

static void test_boilerplate_narrow(void)
{
    static const char *const kept[] = {"(c) The licensee pays within 30 days.",
                                       "Cookies are small files.", "Read more books: it helps.",
                                       "Copyright law protects authors.",
                                       "Reklamacje należy składać w terminie.",
                                       "See also the annex.", NULL};
    static const char *const dropped[] = {"© 2026 Example", "Czytaj także: Coś",
                                          "Related content", "Reklama", "(ab/PAP)",
                                          "Gazeta X. Wszelkie prawa zastrzeżone.", NULL};
    for (size_t i = 0; kept[i]; i++)
        CHECK(!bitext_read_is_boilerplate(kept[i], strlen(kept[i])));
    for (size_t i = 0; dropped[i]; i++)
        CHECK(bitext_read_is_boilerplate(dropped[i], strlen(dropped[i])));
}

static void test_cjk_paragraphs(void)
{
    const char text[] = "東京は首都です。\n\n「はい。」\n\n「はい。」\n";
    bitext_doc *doc = NULL;
    CHECK_OK(bitext_read_buffer(&doc, "ja.txt", text, sizeof text - 1, NULL, NULL));
    if (doc) {
        CHECK(bitext_doc_block_count(doc) == 3);   /* sentences, not repeated headings */
        CHECK(type_of(doc, 2) == BITEXT_BLOCK_PARAGRAPH);
        bitext_doc_free(doc);
    }
}

static void test_windows_1252_and_utf16_chunks(void)
{
    const char page[] = "<meta charset=iso-8859-1><p>\x93hi\x94 \x96 \x80 5</p>";
    bitext_doc *doc = html(page);
    size_t n = 2 + 8191 * 2 + 4 + 2, k = 0;
    char *u16 = malloc(n);
    if (doc) {
        CHECK_STR(text_of(doc, 0), "\xE2\x80\x9Chi\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC 5");
        bitext_doc_free(doc);
    }
    /* UTF-16LE whose surrogate pair straddles the converter's 8192-unit chunk */
    u16[k++] = (char)0xFF, u16[k++] = (char)0xFE;
    for (int i = 0; i < 8191; i++)
        u16[k++] = 'a', u16[k++] = 0;
    u16[k++] = 0x3D, u16[k++] = (char)0xD8, u16[k++] = 0x00, u16[k++] = (char)0xDE;
    u16[k++] = '.', u16[k++] = 0;
    doc = NULL;
    CHECK_OK(bitext_read_buffer(&doc, "u16.txt", u16, k, NULL, NULL));
    if (doc) {
        CHECK(bitext_doc_block(doc, 0)->len == 8191 + 4 + 1);
        bitext_doc_free(doc);
    }
    free(u16);
}

/* Review regressions: NUL after a legacy decoding, UTF-16 error offsets count the BOM,
 * pages deeper than libxml2's default limit keep their text. */
static void test_review_regressions(void)
{
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = NULL;
    bitext_error err;
    const char nul[] = "First.\n\nSecond\0 sentence.\n";
    const char u16bad[] = "\xFF\xFE" "a\0b\0\x00\xD8" "c\0";   /* lone lead surrogate */
    bitext_buf deep = {0};
    bitext_error_clear(&err);
    opts.encoding = "windows-1252";
    CHECK(bitext_read_buffer(&doc, "nul.txt", nul, sizeof nul - 1, &opts, &err) == BITEXT_EFORMAT);
    CHECK(strstr(err.message, "NUL") != NULL);
    CHECK(bitext_read_buffer(&doc, "u16.txt", u16bad, sizeof u16bad - 1, NULL, &err) ==
          BITEXT_EENCODING);
    CHECK(err.offset >= 2);
    bitext_buf_puts(&deep, "<html><body>");
    for (int i = 0; i < 300; i++)
        bitext_buf_puts(&deep, "<div><font>");
    bitext_buf_puts(&deep, "Deep text.");
    for (int i = 0; i < 300; i++)
        bitext_buf_puts(&deep, "</font></div>");
    bitext_buf_puts(&deep, "<p>Shallow.</p></body></html>");
    CHECK_OK(bitext_read_buffer(&doc, "deep.html", deep.data, deep.len, NULL, NULL));
    if (doc) {
        CHECK(bitext_doc_block_count(doc) == 2);
        CHECK_STR(text_of(doc, 1), "Shallow.");
        bitext_doc_free(doc);
    }
    bitext_buf_free(&deep);
}

/* ---- encodings as browsers read them ------------------------------------------------ */

static const char *label(const char *l)
{
    static bitext_encoding e;
    return bitext_encoding_for_label(&e, l, strlen(l)) ? e.name : "(none)";
}

static void test_labels(void)
{
    /* WHATWG Encoding Standard 4.2: labels name a superset where browsers read one */
    CHECK_STR(label("gb2312"), "GBK");
    CHECK_STR(label("ISO-8859-1"), "windows-1252");
    CHECK_STR(label("us-ascii"), "windows-1252");
    CHECK_STR(label(" UTF8 "), "UTF-8");
    CHECK_STR(label("latin2"), "ISO-8859-2");
    CHECK_STR(label("ks_c_5601-1987"), "EUC-KR");
    CHECK_STR(label("x-sjis"), "Shift_JIS");
    CHECK_STR(label("utf-16"), "UTF-16LE");
    CHECK_STR(label("iso-2022-kr"), "replacement");
    CHECK_STR(label("utf-7"), "(none)");
    CHECK_STR(label("windows-1250x"), "(none)");
}

static const char *prescan(const char *page)
{
    static bitext_encoding e;
    return bitext_html_prescan(&e, page, strlen(page)) ? e.name : "(none)";
}

static void test_prescan(void)
{
    bitext_buf late = {0};
    bitext_encoding e;
    CHECK_STR(prescan("<meta charset=\"windows-1250\">"), "windows-1250");
    CHECK_STR(prescan("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=latin2'>"),
              "ISO-8859-2");
    /* only in meta elements: a script's charset, a comment, a lone content are no
     * declaration */
    CHECK_STR(prescan("<script charset=\"utf-8\"></script><meta charset=koi8-r>"), "KOI8-R");
    CHECK_STR(prescan("<!-- <meta charset=utf-8> --><p>x"), "(none)");
    CHECK_STR(prescan("<meta content=\"text/html; charset=utf-8\">"), "(none)");
    CHECK_STR(prescan("<p title='<meta charset=utf-8>'>"), "(none)");
    /* a page that says UTF-16 in ASCII is UTF-8; x-user-defined is windows-1252 */
    CHECK_STR(prescan("<meta charset=utf-16le>"), "UTF-8");
    CHECK_STR(prescan("<meta charset=x-user-defined>"), "windows-1252");
    /* past 1024 bytes the prescan stops; the head scan finds it (and skips <style>) */
    bitext_buf_puts(&late, "<html><head><title>T</title><style>");
    for (int i = 0; i < 100; i++)
        bitext_buf_puts(&late, ".x { color: red; }\n");
    bitext_buf_puts(&late, "</style><style>/* <meta charset=koi8-r> */</style>");
    bitext_buf_puts(&late, "<meta charset=windows-1250></head><body>x</body>");
    CHECK(!bitext_html_prescan(&e, late.data, late.len));
    CHECK(bitext_html_head_charset(&e, late.data, late.len));
    CHECK_STR(e.name, "windows-1250");
    bitext_buf_puts(&late, "<meta charset=koi8-r>");   /* in the body: not the head's */
    CHECK(bitext_html_head_charset(&e, late.data, late.len) && !strcmp(e.name, "windows-1250"));
    bitext_buf_free(&late);
}

static void test_detect(void)
{
    bitext_encoding e;
    const char utf8[] = "<p>Zażółć gęślą jaźń, a potem \xFF jeszcze raz: zażółć gęślą jaźń.</p>";
    const char w1252[] = "<p>Caf\xE9 na\xEFve \x93quoted\x94 \x96 R\xE9sum\xE9 \xE0 la "
                         "cr\xE8" "me br\xFBl\xE9" "e, cr\xEApe et p\xE2tisserie fran\xE7" "aise.</p>";
    /* UTF-8 first: valid, or nearly valid with a stray byte */
    bitext_encoding_detect(&e, utf8, sizeof utf8 - 1, true);
    CHECK_STR(e.name, "UTF-8");
    bitext_encoding_detect(&e, w1252, sizeof w1252 - 1, true);
    CHECK_STR(e.name, "windows-1252");
}

/* Decoding in chunks of any size gives what decoding at once gives, with the offsets. */
static void test_decoder_chunks(void)
{
    static const char input[] = "a\xC3\xA9" "b\xE2\x82\xAC\xF0\x9F\x98\x80\xE2\x82z\xFF"
                                "\xF0\x9F\x98" "e";
    bitext_encoding utf8;
    bitext_buf whole = {0}, parts = {0};
    bitext_offsets offs = {0};
    bitext_decoder d;
    size_t replaced;
    bitext_encoding_utf8(&utf8);
    CHECK_OK(bitext_decoder_init(&d, &utf8, BITEXT_DEC_LOSSY, "t", 0, NULL));
    CHECK_OK(bitext_decoder_push(&d, &whole, NULL, input, sizeof input - 1, true));
    replaced = d.replaced;
    bitext_decoder_close(&d);
    /* maximal subparts: E2 82, FF, and F0 9F 98 cut by the end: three U+FFFD */
    CHECK(replaced == 3);
    CHECK_STR(whole.data, "a\xC3\xA9" "b\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBDz"
                          "\xEF\xBF\xBD\xEF\xBF\xBD" "e");
    CHECK_OK(bitext_decoder_init(&d, &utf8, BITEXT_DEC_LOSSY, "t", 0, NULL));
    for (size_t i = 0; i < sizeof input - 1; i++)
        CHECK_OK(bitext_decoder_push(&d, &parts, &offs, input + i, 1, false));
    CHECK_OK(bitext_decoder_push(&d, &parts, &offs, "", 0, true));
    CHECK(d.replaced == replaced);
    bitext_decoder_close(&d);
    CHECK_STR(parts.data, whole.data);
    CHECK(offs.len == parts.len);
    if (offs.len == parts.len) {
        CHECK(offs.v[1] == 1 && offs.v[2] == 1);   /* both bytes of é come from byte 1 */
        CHECK(offs.v[3] == 3);                      /* b */
        CHECK(offs.v[parts.len - 1] == sizeof input - 2);   /* e, the last byte */
    }
    bitext_buf_free(&whole);
    bitext_buf_free(&parts);
    bitext_offsets_free(&offs);
}

/* A page's NUL and bad bytes become U+FFFD and are counted; plain text stays strict. */
static void test_html_lossy(void)
{
    const char page[] = "<html><head><meta charset=utf-8></head><body><p>One\0two \xC3 three, "
                        "and the rest of the text.</p></body></html>";
    const char text[] = "Plain text with a bad \xC3 byte.\n";
    bitext_doc *doc = NULL;
    bitext_error err;
    bitext_error_clear(&err);
    CHECK_OK(bitext_read_buffer(&doc, "p.html", page, sizeof page - 1, NULL, NULL));
    if (doc) {
        CHECK(bitext_doc_replaced(doc) == 2);
        CHECK(strstr(text_of(doc, 0), "One\xEF\xBF\xBDtwo \xEF\xBF\xBD three") != NULL);
        bitext_doc_free(doc);
    }
    CHECK(bitext_read_buffer(&doc, "t.txt", text, sizeof text - 1, NULL, &err) ==
          BITEXT_EENCODING);
    CHECK(err.offset == 22);
}

/* The reader as a stream: paragraphs as they are, offsets into the file, a long paragraph
 * and a character cut by the reader's 64 KiB chunks. */
static void test_reader_stream(void)
{
    char path[] = "/tmp/bitext-read-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_reader *r = NULL;
    const bitext_block *b;
    size_t long_len = 70000, nblocks = 0;
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("\xEF\xBB\xBF  First paragraph,\nline two.\n\n\n\n", f);   /* 35 bytes */
    for (size_t i = 0; i + 1 < long_len; i += 2)   /* the first chunk ends inside a ł */
        fputs(35 + i == 65535 ? "\xC5\x82" : "ab", f);
    fputs("\n\nLast one.", f);
    fclose(f);
    ro.flags = BITEXT_READ_RAW_TEXT | BITEXT_READ_OFFSETS;
    CHECK_OK(bitext_reader_open(&r, path, &ro, NULL));
    while (r && bitext_reader_next(r, &b, NULL) > 0) {
        if (nblocks == 0) {
            CHECK_STR(b->text, "First paragraph,\nline two.");
            CHECK(bitext_reader_offset(r, 0) == 5);
            CHECK(bitext_reader_offset(r, b->len) == 5 + (int64_t)b->len);
        } else if (nblocks == 1) {
            CHECK(b->len == long_len);
            CHECK(bitext_utf8_invalid_offset(b->text, b->len) < 0);
            CHECK(!memcmp(b->text + 65500, "\xC5\x82", 2));
        } else {
            CHECK_STR(b->text, "Last one.");
            CHECK(bitext_reader_offset(r, b->len) == 35 + (int64_t)long_len + 2 + 9);
        }
        nblocks++;
    }
    CHECK(nblocks == 3);
    CHECK_STR(bitext_reader_encoding(r), "UTF-8");
    CHECK(bitext_reader_format(r) == BITEXT_FORMAT_TEXT);
    CHECK_STR(bitext_reader_lang(r), ""); /* a plain text names no language */
    bitext_reader_free(r);
    remove(path);
}

/* A page through the block reader: its format found by content, its <html lang> and its
 * declared encoding reported. */
static void test_reader_page(void)
{
    char path[] = "/tmp/bitext-read-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_reader *r = NULL;
    const bitext_block *b;
    size_t nblocks = 0;
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("<!DOCTYPE html><html lang=\"pl\"><head><meta charset=\"windows-1250\">"
          "<title>Test</title></head><body><article><h1>Nag\xB3\xF3wek</h1>"
          "<p>Pierwszy akapit artyku\xB3u o mie\x9C"
          "cie, d\xB3u\xBFszy ni\xBF kilka s\xB3\xF3w.</p>"
          "</article></body></html>", f);
    fclose(f);
    CHECK_OK(bitext_reader_open(&r, path, &ro, NULL));
    while (r && bitext_reader_next(r, &b, NULL) > 0)
        nblocks += strstr(b->text, "artykułu o mieście") != NULL;
    CHECK(nblocks == 1);
    CHECK(bitext_reader_format(r) == BITEXT_FORMAT_HTML);
    CHECK_STR(bitext_reader_lang(r), "pl");
    CHECK_STR(bitext_reader_encoding(r), "windows-1250");
    bitext_reader_free(r);
    remove(path);
}

/* The format a document was read as: the option, else the name's extension, else the
 * content (what update's XLIFF datatype follows). */
static void expect_format(const char *name, const char *data, bitext_format given,
                          bitext_format want)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = NULL;
    ro.format = given;
    CHECK_OK(bitext_read_buffer(&doc, name, data, strlen(data), &ro, NULL));
    CHECK(doc && bitext_doc_format(doc) == want);
    if (doc && bitext_doc_format(doc) != want)
        fprintf(stderr, "  %s: format %d, wanted %d\n", name, (int)bitext_doc_format(doc),
                (int)want);
    if (doc)
        bitext_doc_release_text(doc);   /* the format outlives the text */
    CHECK(doc && bitext_doc_format(doc) == want);
    bitext_doc_free(doc);
}

static void test_doc_format(void)
{
    const char *page = "<!DOCTYPE html><html lang=\"en\"><body><p>The ferry leaves at 9 a.m. "
                       "from the north pier, said the harbour master.</p></body></html>";
    const char *text = "The ferry leaves at 9 a.m.\n\nTickets cost 3 euros & more.\n";
    bitext_doc *doc = NULL;
    expect_format("story.php", page, BITEXT_FORMAT_AUTO, BITEXT_FORMAT_HTML);
    expect_format("<stdin>", page, BITEXT_FORMAT_AUTO, BITEXT_FORMAT_HTML);
    expect_format("story", text, BITEXT_FORMAT_AUTO, BITEXT_FORMAT_TEXT);
    /* a name that tells wins over the content (read.h) */
    expect_format("story.txt", page, BITEXT_FORMAT_AUTO, BITEXT_FORMAT_TEXT);
    expect_format("story.html", text, BITEXT_FORMAT_AUTO, BITEXT_FORMAT_HTML);
    expect_format("story.html", text, BITEXT_FORMAT_LINES, BITEXT_FORMAT_LINES);
    CHECK_OK(bitext_doc_new(&doc, "made", "en", NULL));
    CHECK(doc && bitext_doc_format(doc) == BITEXT_FORMAT_AUTO);
    bitext_doc_free(doc);
}

int main(void)
{
    test_plain();
    test_keep_boilerplate();
    test_lines();
    test_encodings();
    test_nfc();
    test_bad_input();
    test_html();
    test_html_charset();
    test_html_shapes();
    test_html_inline();
    test_boilerplate_narrow();
    test_cjk_paragraphs();
    test_windows_1252_and_utf16_chunks();
    test_review_regressions();
    test_labels();
    test_prescan();
    test_detect();
    test_decoder_chunks();
    test_html_lossy();
    test_reader_stream();
    test_reader_page();
    test_doc_format();
    return check_done("test_read");
}
