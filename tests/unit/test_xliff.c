/* test_xliff.c - the XLIFF 1.2 writer (structure, inline codes, forbidden characters) and
 * reader (states, codes, context, limits, hostile input), and the round trip. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "bitext/bitext.h"
#include "check.h"
#include "xml_int.h"

static bitext_tuv tuv(const char *lang, const char *text, bitext_code *codes, size_t n)
{
    bitext_tuv v;
    memset(&v, 0, sizeof v);
    v.lang = (char *)lang;
    v.text = (char *)text;
    v.codes = codes;
    v.ncodes = n;
    return v;
}

/* Writes units through an output into a file and returns its contents (caller frees). */
static char *write_units(const bitext_xliff_unit *u, size_t n, const char *path)
{
    bitext_xliff_write_options o = BITEXT_XLIFF_WRITE_OPTIONS_INIT;
    bitext_output *out = NULL;
    bitext_xliff_writer *w = NULL;
    char *data = NULL;
    size_t len = 0;
    o.original = "story-v2.en.html";
    o.source_language = "en";
    o.target_language = "pl";
    o.datatype = "html";
    CHECK_OK(bitext_output_open(&out, path, NULL, NULL));
    CHECK_OK(bitext_xliff_writer_new(&w, out, &o, NULL));
    for (size_t k = 0; k < n; k++)
        CHECK_OK(bitext_xliff_writer_add(w, &u[k], NULL));
    CHECK_OK(bitext_xliff_writer_finish(w, NULL));
    bitext_xliff_writer_free(w);
    CHECK_OK(bitext_output_commit(out, NULL));
    bitext_output_free(out);
    {
        FILE *f = fopen(path, "rb");
        CHECK(f != NULL);
        if (f) {
            fseek(f, 0, SEEK_END);
            len = (size_t)ftell(f);
            rewind(f);
            data = calloc(len + 1, 1);
            CHECK(fread(data, 1, len, f) == len);
            fclose(f);
        }
    }
    return data;
}

/* The schema's rules a writer can break, checked on the parsed document: namespace and
 * version, required <file> attributes, unique unit ids, xml:space on every unit, content
 * order (source, target?, then alt-trans/note), ids on every inline element. */
static int check_child_order(xmlNodePtr unit)
{
    int stage = 0; /* 0 source next, 1 target or extras, 2 extras only */
    for (xmlNodePtr c = unit->children; c; c = c->next) {
        const char *n = (const char *)c->name;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp(n, "source") && stage == 0)
            stage = 1;
        else if (!strcmp(n, "target") && stage == 1)
            stage = 2;
        else if ((!strcmp(n, "alt-trans") || !strcmp(n, "note")) && stage >= 1)
            stage = 2;
        else
            return 0;
    }
    return stage >= 1;
}

/* Every element inside a <source> or <target> (at any depth under n) has an id. */
static int inline_ids(xmlNodePtr n, int inside)
{
    int ok = 1;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        bool text_el;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        text_el =
            !strcmp((const char *)c->name, "source") || !strcmp((const char *)c->name, "target");
        if (inside && !xmlHasProp(c, BAD_CAST "id"))
            ok = 0;
        ok &= inline_ids(c, inside || text_el);
    }
    return ok;
}

static void check_structure(const char *xml, size_t units)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "out.xlf", NULL, XML_PARSE_NONET);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, file, body;
    size_t seen = 0;
    char ids[64][16];
    CHECK(root != NULL);
    if (!root)
        return;
    CHECK_STR((const char *)root->name, "xliff");
    CHECK(root->ns &&
          !strcmp((const char *)root->ns->href, "urn:oasis:names:tc:xliff:document:1.2"));
    CHECK(xmlHasProp(root, BAD_CAST "version"));
    for (file = root->children; file && file->type != XML_ELEMENT_NODE; file = file->next)
        ;
    CHECK(file && !strcmp((const char *)file->name, "file"));
    CHECK(xmlHasProp(file, BAD_CAST "original") && xmlHasProp(file, BAD_CAST "datatype") &&
          xmlHasProp(file, BAD_CAST "source-language"));
    for (body = file->children;
         body && (body->type != XML_ELEMENT_NODE || strcmp((const char *)body->name, "body"));
         body = body->next)
        ;
    CHECK(body != NULL);
    for (xmlNodePtr u = body ? body->children : NULL; u; u = u->next) {
        xmlChar *id, *space;
        if (u->type != XML_ELEMENT_NODE)
            continue;
        id = xmlGetProp(u, BAD_CAST "id");
        space = xmlGetNsProp(u, BAD_CAST "space", XML_XML_NAMESPACE);
        CHECK(id && space && !strcmp((const char *)space, "preserve"));
        for (size_t k = 0; id && k < seen && k < 64; k++)
            CHECK(strcmp(ids[k], (const char *)id) != 0);
        if (id && seen < 64)
            snprintf(ids[seen], sizeof ids[seen], "%s", (const char *)id);
        CHECK(check_child_order(u));
        CHECK(inline_ids(u, 0));
        xmlFree(id);
        xmlFree(space);
        seen++;
    }
    CHECK(seen == units);
    xmlFreeDoc(doc);
}

static void writer(void)
{
    /* <b>bridge</b> nested in a link, a line break, and two pairs that cross */
    bitext_code c1[] = {{BITEXT_CODE_BPT, 4, 1, 0, "link", "<a href=\"/x\">", NULL},
                        {BITEXT_CODE_BPT, 4, 2, 0, "bold", "<b>", NULL},
                        {BITEXT_CODE_EPT, 10, 2, 0, NULL, "</b>", NULL},
                        {BITEXT_CODE_EPT, 10, 1, 0, NULL, "</a>", NULL},
                        {BITEXT_CODE_PH, 13, 0, 0, "lb", "<br/>", NULL}};
    bitext_code c2[] = {{BITEXT_CODE_BPT, 0, 1, 0, "bold", "<b>", NULL},
                        {BITEXT_CODE_BPT, 2, 2, 0, "italic", "<i>", NULL},
                        {BITEXT_CODE_EPT, 4, 1, 0, NULL, "</b>", NULL},
                        {BITEXT_CODE_EPT, 6, 2, 0, NULL, "</i>", NULL}};
    bitext_tuv s1 = tuv("en", "The bridge is open.", c1, 5),
               t1 = tuv("pl", "Most jest otwarty.", NULL, 0);
    bitext_tuv s2 = tuv("en", "abcdefgh", c2, 4);
    bitext_tuv s3 = tuv("en", "Bad \x01 char\xef\xbf\xbe & <tag>", NULL, 0);
    bitext_tuv as = tuv("en", "The bridge was open.", NULL, 0),
               at = tuv("pl", "Most był otwarty.", NULL, 0);
    bitext_xliff_alt alt = {87, "tm", &as, &at};
    bitext_xliff_unit u[] = {
        {NULL, &s1, &t1, "translated", "leveraged-inherited", 1, NULL, 0, NULL},
        {NULL, &s2, NULL, NULL, NULL, 0, &alt, 1, "check the names"},
        {"x-7", &s3, NULL, NULL, NULL, 0, NULL, 0, NULL}};
    char *xml = write_units(u, 3, "test_xliff_out.xlf"), *om = NULL;
    CHECK(xml != NULL);
    if (!xml)
        return;
    CHECK(strstr(xml, "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"));
    CHECK(strstr(xml, "<file original=\"story-v2.en.html\" source-language=\"en\" "
                      "target-language=\"pl\" datatype=\"html\""));
    CHECK(strstr(xml, "<trans-unit id=\"1\" xml:space=\"preserve\" approved=\"yes\">"));
    CHECK(strstr(xml, "<source xml:lang=\"en\">The <g id=\"1\" ctype=\"link\"><g id=\"2\" "
                      "ctype=\"bold\">bridge</g></g> is<x id=\"3\" ctype=\"lb\"/> open.</source>"));
    CHECK(strstr(xml, "<target xml:lang=\"pl\" state=\"translated\" "
                      "state-qualifier=\"leveraged-inherited\">Most jest otwarty.</target>"));
    /* crossing pairs: the outer one nests, the crossing one becomes bx/ex with a rid */
    CHECK(strstr(xml, "<bx id=\"1\" rid=\"1\" ctype=\"bold\"/>ab<g id=\"2\" ctype=\"italic\">"
                      "cd<ex id=\"3\" rid=\"1\"/>ef</g>gh") ||
          strstr(xml, "<g id=\"1\" ctype=\"bold\">ab<bx id=\"2\" rid=\"1\" ctype=\"italic\"/>"
                      "cd</g>ef<ex id=\"3\" rid=\"1\"/>gh"));
    CHECK(strstr(xml, "<alt-trans match-quality=\"87\" origin=\"tm\"><source xml:lang=\"en\">"
                      "The bridge was open.</source><target xml:lang=\"pl\">Most był otwarty."
                      "</target></alt-trans>"));
    CHECK(strstr(xml, "<note>check the names</note>"));
    /* characters XML forbids are dropped, markup escaped */
    CHECK(strstr(xml, "<trans-unit id=\"x-7\""));
    CHECK(strstr(xml, "Bad  char &amp; &lt;tag&gt;"));
    check_structure(xml, 3);
    /* what OmegaT shows of the first source */
    CHECK_OK(bitext_xliff_omegat_text(&om, &s1, NULL));
    CHECK_STR(om, "The <g0><g1>bridge</g1></g0> is<x2/> open.");
    free(om);
    free(xml);
}

static const char sample[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
    " <file original=\"news/story.html\" source-language=\"en-us\" target-language=\"pl_PL\" "
    "datatype=\"html\"><header/><body>\n"
    "  <trans-unit id=\"1\"><source>Read <g id=\"1\" ctype=\"bold\">more</g>.<x id=\"2\" "
    "ctype=\"lb\"/></source><target state=\"translated\">Czytaj <g id=\"1\" ctype=\"bold\">"
    "dalej</g>.<x id=\"2\" ctype=\"lb\"/></target></trans-unit>\n"
    "  <trans-unit id=\"2\"><source>Not done.</source><target state=\"needs-translation\">"
    "Jeszcze nie.</target></trans-unit>\n"
    "  <group id=\"g\"><trans-unit id=\"3\"><source>Final one.</source><target state=\"final\">"
    "Ostatnie.</target><alt-trans><target>Inne.</target></alt-trans><note>n</note>"
    "</trans-unit></group>\n"
    "  <trans-unit id=\"4\"><source>No state.</source><target>Bez stanu.</target></trans-unit>\n"
    "  <trans-unit id=\"5\"><source>Copy.</source><target>Copy.</target></trans-unit>\n"
    "  <trans-unit id=\"6\"><source>Empty.</source><target/></trans-unit>\n"
    "  <trans-unit id=\"7\"><source>A <bpt id=\"1\">&lt;a href=\"x\"&gt;</bpt>link<ept id=\"1\">"
    "&lt;/a&gt;</ept>.</source><target state=\"signed-off\">Odnośnik <bpt id=\"1\">&lt;a&gt;"
    "</bpt>tu<ept id=\"1\">&lt;/a&gt;</ept>.</target></trans-unit>\n"
    " </body></file>\n"
    " <file original=\"other.txt\" source-language=\"en\" target-language=\"de\" "
    "datatype=\"plaintext\"><body>\n"
    "  <trans-unit id=\"1\"><source>Hello.</source><target xml:lang=\"de-AT\">Servus.</target>"
    "</trans-unit>\n"
    " </body></file>\n"
    "</xliff>\n";

static void reader(void)
{
    bitext_xliff_reader *r = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *file = NULL;
    int64_t units, untranslated;
    CHECK_OK(bitext_xliff_reader_open_buffer(&r, "sample.xlf", sample, strlen(sample), NULL, NULL));
    CHECK(bitext_xliff_reader_next(r, &tu, &file, NULL) == 1);
    CHECK_STR(file, "news/story.html");
    CHECK(tu.ntuvs == 2);
    CHECK_STR(tu.tuvs[0].lang, "en-US");
    CHECK_STR(tu.tuvs[1].lang, "pl-PL");
    CHECK_STR(tu.tuvs[0].text, "Read more.");
    CHECK_STR(tu.tuvs[1].text, "Czytaj dalej.");
    CHECK(tu.tuvs[0].ncodes == 3 && tu.tuvs[0].codes[0].kind == BITEXT_CODE_BPT &&
          tu.tuvs[0].codes[0].offset == 5 && tu.tuvs[0].codes[1].kind == BITEXT_CODE_EPT &&
          tu.tuvs[0].codes[1].offset == 9 && tu.tuvs[0].codes[2].kind == BITEXT_CODE_PH &&
          tu.tuvs[0].codes[2].offset == 10);
    CHECK(tu.tuvs[0].codes[0].type && !strcmp(tu.tuvs[0].codes[0].type, "bold"));
    CHECK(tu.tuvs[0].prev == NULL);
    CHECK_STR(tu.tuvs[0].next, "Not done."); /* neighbours, translated or not */
    CHECK_STR(tu.origin, "imported");
    CHECK(bitext_xliff_reader_next(r, &tu, &file, NULL) == 1);
    CHECK_STR(tu.tuvs[0].text, "Final one.");
    CHECK_STR(tu.tuvs[1].text, "Ostatnie.");
    CHECK_STR(tu.tuvs[0].prev, "Not done.");
    CHECK(bitext_xliff_reader_next(r, &tu, &file, NULL) == 1);
    CHECK_STR(tu.tuvs[1].text, "Bez stanu.");
    CHECK(bitext_xliff_reader_next(r, &tu, &file, NULL) == 1);
    CHECK_STR(tu.tuvs[0].text, "A link.");
    CHECK_STR(tu.tuvs[1].text, "Odnośnik tu.");
    CHECK(tu.tuvs[0].ncodes == 2 && tu.tuvs[0].codes[0].native &&
          !strcmp(tu.tuvs[0].codes[0].native, "<a href=\"x\">"));
    CHECK(tu.tuvs[0].next == NULL); /* the last unit of its file */
    CHECK(bitext_xliff_reader_next(r, &tu, &file, NULL) == 1);
    CHECK_STR(file, "other.txt");
    CHECK_STR(tu.tuvs[1].lang, "de-AT");
    CHECK(tu.tuvs[0].prev == NULL);
    CHECK(bitext_xliff_reader_next(r, &tu, &file, NULL) == 0);
    bitext_xliff_reader_counts(r, &units, &untranslated);
    CHECK(units == 8 && untranslated == 3);
    bitext_xliff_reader_free(r);
    bitext_tu_clear(&tu);
}

/* Opens a buffer and reads it to the end: the first error code, or 0. */
static int read_all(const char *xml, bitext_error *err)
{
    bitext_xliff_reader *r = NULL;
    bitext_xliff_read_options o = BITEXT_XLIFF_READ_OPTIONS_INIT;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *file;
    int rc;
    o.max_unit_bytes = 64;
    bitext_error_clear(err);
    if ((rc = bitext_xliff_reader_open_buffer(&r, "bad.xlf", xml, strlen(xml), &o, err)) < 0)
        return rc;
    while ((rc = bitext_xliff_reader_next(r, &tu, &file, err)) > 0)
        ;
    bitext_tu_clear(&tu);
    bitext_xliff_reader_free(r);
    return rc;
}

static void hostile(void)
{
    bitext_error err;
    CHECK(read_all("<xliff version=\"1.2\"><file original=\"a\" source-language=\"en\" "
                   "target-language=\"pl\"><body><trans-unit id=\"1\"><source>x</source>"
                   "</body></file></xliff>",
                   &err) == BITEXT_EPARSE);
    CHECK(err.line == 1 && strstr(err.file, "bad.xlf"));
    CHECK(read_all("<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY e SYSTEM "
                   "\"file:///etc/passwd\">]>\n<xliff version=\"1.2\"><file original=\"a\" "
                   "source-language=\"en\"><body><trans-unit id=\"1\"><source>&e;</source>"
                   "<target>x</target></trans-unit></body></file></xliff>",
                   &err) == BITEXT_EFORMAT);
    CHECK(read_all("<tmx version=\"1.4\"/>", &err) == BITEXT_EFORMAT);
    CHECK(read_all("<xliff version=\"1.2\"><file original=\"a\" source-language=\"en\" "
                   "target-language=\"pl\"><body><trans-unit id=\"1\"><source>"
                   "0123456789012345678901234567890123456789012345678901234567890123456789"
                   "</source></trans-unit></body></file></xliff>",
                   &err) == BITEXT_EPARSE);
    CHECK(strstr(err.message, "larger than the limit") != NULL);
    /* native code inside an inline element counts toward the unit's limit too */
    CHECK(read_all("<xliff version=\"1.2\"><file original=\"a\" source-language=\"en\" "
                   "target-language=\"pl\"><body><trans-unit id=\"1\"><source>a<ph id=\"1\">"
                   "&lt;img src=&quot;0123456789012345678901234567890123456789"
                   "0123456789012345&quot;&gt;"
                   "</ph>b</source></trans-unit></body></file></xliff>",
                   &err) == BITEXT_EPARSE);
    CHECK(strstr(err.message, "larger than the limit") != NULL);
    CHECK(read_all("<xliff version=\"1.2\"><file original=\"a\" source-language=\"??\">"
                   "<body/></file></xliff>",
                   &err) == BITEXT_ELANG);
}

/* The writer's file reads back: units with a translated target, codes and all. */
static void round_trip(void)
{
    bitext_code c[] = {{BITEXT_CODE_BPT, 4, 1, 0, "bold", "<b>", NULL},
                       {BITEXT_CODE_EPT, 10, 1, 0, NULL, "</b>", NULL}};
    bitext_tuv s1 = tuv("en", "The bridge is open.", c, 2),
               t1 = tuv("pl", "Most jest otwarty.", NULL, 0);
    bitext_tuv s2 = tuv("en", "It opens at 6.", NULL, 0);
    bitext_xliff_unit u[] = {{NULL, &s1, &t1, "translated", "exact-match", 0, NULL, 0, NULL},
                             {NULL, &s2, NULL, NULL, NULL, 0, NULL, 0, NULL}};
    char *xml = write_units(u, 2, "test_xliff_rt.xlf");
    bitext_xliff_reader *r = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *file;
    CHECK_OK(bitext_xliff_reader_open(&r, "test_xliff_rt.xlf", NULL, NULL));
    CHECK(r && bitext_xliff_reader_next(r, &tu, &file, NULL) == 1);
    CHECK_STR(tu.tuvs[0].text, "The bridge is open.");
    CHECK(tu.tuvs[0].ncodes == 2 && tu.tuvs[0].codes[0].offset == 4 &&
          tu.tuvs[0].codes[1].offset == 10);
    CHECK_STR(tu.tuvs[0].next, "It opens at 6.");
    CHECK(r && bitext_xliff_reader_next(r, &tu, &file, NULL) == 0);
    bitext_tu_clear(&tu);
    bitext_xliff_reader_free(r);
    free(xml);
    remove("test_xliff_out.xlf");
    remove("test_xliff_rt.xlf");
}

/* An XLIFF of n translated units, each source with `codes` <g> elements, the first
 * <trans-unit> with `attrs` extra attributes. */
static char *make_xliff(size_t n, size_t codes, size_t attrs)
{
    bitext_buf b = {0};
    bitext_buf_puts(&b, "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:"
                    "names:tc:xliff:document:1.2\"><file original=\"g.txt\" source-language="
                    "\"en\" target-language=\"pl\" datatype=\"plaintext\"><body>\n");
    for (size_t k = 0; k < n; k++) {
        bitext_buf_printf(&b, "<trans-unit id=\"%zu\"", k + 1);
        for (size_t a = 0; k == 0 && a < attrs; a++)
            bitext_buf_printf(&b, " x-a%zu=\"v\"", a);
        bitext_buf_printf(&b, "><source>Unit %zu", k);
        for (size_t c = 0; c < codes; c++)
            bitext_buf_printf(&b, " <g id=\"%zu\">w</g>", c + 1);
        bitext_buf_printf(&b, ".</source><target state=\"translated\">Jednostka %zu.</target>"
                          "</trans-unit>\n", k);
    }
    bitext_buf_puts(&b, "</body></file></xliff>\n");
    return bitext_buf_detach(&b);
}

/* Reads the buffer through; the reader's work, or -1 when it refused the input. */
static int64_t xliff_work(const char *data)
{
    bitext_xliff_reader *r = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *file;
    int64_t work;
    int rc;
    if (bitext_xliff_reader_open_buffer(&r, "grow.xlf", data, strlen(data), NULL, NULL) < 0)
        return -1;
    while ((rc = bitext_xliff_reader_next(r, &tu, &file, NULL)) > 0)
        ;
    work = rc < 0 ? -1 : xliff_reader_work(r);
    bitext_tu_clear(&tu);
    bitext_xliff_reader_free(r);
    return work;
}

/* Work grows about linearly: x1, x10, x100 units and inline codes; an element with ever more
 * attributes is refused after the same work. */
static void growth(void)
{
    long long w[3];
    char *t;
    bitext_error err;
    for (int k = 0; k < 3; k++) {
        t = make_xliff(k == 0 ? 20 : k == 1 ? 200 : 2000, 1, 0);
        w[k] = xliff_work(t);
        free(t);
    }
    CHECK(about_linear(w, 20, 200, 2000));
    for (int k = 0; k < 3; k++) {
        t = make_xliff(2, k == 0 ? 10 : k == 1 ? 100 : 1000, 0);
        w[k] = xliff_work(t);
        free(t);
    }
    CHECK(about_linear(w, 10, 100, 1000));
    for (int k = 0; k < 2; k++) {
        bitext_xliff_reader *r = NULL;
        t = make_xliff(2, 1, k ? 10000 : 1000);
        bitext_error_clear(&err);
        CHECK(bitext_xliff_reader_open_buffer(&r, "attrs.xlf", t, strlen(t), NULL, &err) ==
              BITEXT_EPARSE);
        CHECK(strstr(err.message, "more than 256 attributes") != NULL);
        w[k] = err.offset;
        free(t);
    }
    CHECK(w[0] > 0 && w[0] == w[1]);
}

int main(void)
{
    growth();
    writer();
    reader();
    hostile();
    round_trip();
    return check_done("xliff");
}
