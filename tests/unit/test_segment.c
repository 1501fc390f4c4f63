/* test_segment.c - unit tests of the segment module: the data-driven cases of
 * tests/data/segment_cases.txt, the no-character-lost invariant, paragraphs, seglists. */
#include <stdlib.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "bitext/bitext.h"
#include "check.h"
#include "segment_rules_int.h"
#include "util_int.h"

/* Checks the invariant: ranges in order, inside the text, trimmed, non-empty, and nothing but
 * white space between them, so segments + gaps reproduce the text. */
static int invariant_ok(const char *text, size_t len, const bitext_range *r, size_t n)
{
    size_t pos = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t to = i < n ? r[i].start : len;
        if (to < pos || to > len)
            return 0;
        for (size_t j = pos; j < to;) /* the gap */
            if (!bitext_is_space(bitext_utf8_next(text, to, &j)))
                return 0;
        if (i == n)
            break;
        if (r[i].end <= r[i].start || r[i].end > len)
            return 0;
        size_t a = r[i].start, b = r[i].end;
        bitext_trim(text, &a, &b);
        if (a != r[i].start || b != r[i].end)
            return 0;
        pos = r[i].end;
    }
    return 1;
}

/* Segments text and joins the segments with "||". */
static char *seg_join(bitext_segmenter *s, const char *text)
{
    bitext_range *r = NULL;
    size_t n = 0, len = strlen(text);
    bitext_buf b = {0};
    if (bitext_segmenter_split(s, &r, &n, text, len, NULL) < 0)
        return NULL;
    CHECK(invariant_ok(text, len, r, n));
    bitext_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i)
            bitext_buf_puts(&b, "||");
        bitext_buf_append(&b, text + r[i].start, r[i].end - r[i].start);
    }
    free(r);
    return bitext_buf_detach(&b);
}

static char *seg_lang(const char *lang, unsigned int flags, const char *text)
{
    bitext_segment_options o = BITEXT_SEGMENT_OPTIONS_INIT;
    bitext_segmenter *s = NULL;
    char *j = NULL;
    o.flags = flags;
    if (bitext_segmenter_new(&s, lang, &o, NULL) == 0)
        j = seg_join(s, text);
    bitext_segmenter_free(s);
    return j;
}

#define CHECK_SEG(lang, text, want)                                                          \
    do {                                                                                     \
        char *got_ = seg_lang(lang, 0, text);                                                \
        CHECK_STR(got_, want);                                                               \
        free(got_);                                                                          \
    } while (0)

/* One line of segment_cases.txt: "LANG\tseg || seg||seg". */
static void run_case(char *line, int lineno)
{
    char *tab = strchr(line, '\t'), *text, *want, *got;
    bitext_buf t = {0}, w = {0};
    if (!tab)
        return;
    *tab = '\0';
    for (char *p = tab + 1; *p; p++) {
        if (!strncmp(p, " || ", 4)) {
            bitext_buf_putc(&t, ' ');
            bitext_buf_puts(&w, "||");
            p += 3;
        } else if (!strncmp(p, "||", 2)) {
            bitext_buf_puts(&w, "||");
            p += 1;
        } else {
            bitext_buf_putc(&t, *p);
            bitext_buf_putc(&w, *p);
        }
    }
    text = bitext_buf_detach(&t);
    want = bitext_buf_detach(&w);
    got = seg_lang(line, 0, text);
    if (!got || strcmp(got, want))
        fprintf(stderr, "segment_cases.txt:%d (%s)\n", lineno, line);
    CHECK_STR(got, want);
    free(got);
    free(text);
    free(want);
}

static void test_cases_file(void)
{
    const char *dir = getenv("BITEXT_TESTDATA");
    char path[4096], line[4096];
    int lineno = 0, cases = 0;
    FILE *f;
    snprintf(path, sizeof path, "%s/segment_cases.txt", dir ? dir : ".");
    f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        run_case(line, lineno);
        cases++;
    }
    fclose(f);
    CHECK(cases >= 60);
}

/* Each rule class in several languages (beyond the cases file). */
static void test_rule_classes(void)
{
    /* abbreviations: titles never end a sentence, others only before a starter */
    CHECK_SEG("en", "Mr. Brown sold it to Acme Inc. last May.",
              "Mr. Brown sold it to Acme Inc. last May.");
    CHECK_SEG("en", "He works at Acme Inc. The firm is small.",
              "He works at Acme Inc.||The firm is small.");
    CHECK_SEG("pl", "Byłem tam ok. 5 razy. Potem przestałem.",
              "Byłem tam ok. 5 razy.||Potem przestałem.");
    CHECK_SEG("de", "Vgl. Abs. 3 des Vertrags. Dort steht alles.",
              "Vgl. Abs. 3 des Vertrags.||Dort steht alles.");
    /* ordinals: a period after a number before a non-starter */
    CHECK_SEG("de", "Heute ist der 9. November.", "Heute ist der 9. November.");
    CHECK_SEG("de", "Er zählte bis 10. Dann ging er.", "Er zählte bis 10.||Dann ging er.");
    CHECK_SEG("pl", "Było to w XX w. Wtedy wszystko się zmieniło.",
              "Było to w XX w.||Wtedy wszystko się zmieniło.");
    /* initials */
    CHECK_SEG("en", "We met T. S. Eliot there.", "We met T. S. Eliot there.");
    CHECK_SEG("cs", "Napsal to K. Čapek. Bylo to dávno.", "Napsal to K. Čapek.||Bylo to dávno.");
    /* lists, lettered and numbered */
    CHECK_SEG("de", "1. Teig kneten 2. backen 3. servieren",
              "1. Teig kneten||2. backen||3. servieren");
    CHECK_SEG("fr", "a) la pomme b) la poire", "a) la pomme||b) la poire");
    /* ellipses */
    CHECK_SEG("de", "Er wartete… Dann kam sie.", "Er wartete…||Dann kam sie.");
    CHECK_SEG("en", "It was [...] a long day.", "It was [...] a long day.");
    /* punctuation followed by closing quotes, and attribution */
    CHECK_SEG("en", "\"Stop!\" he cried. Nobody did.", "\"Stop!\" he cried.||Nobody did.");
    CHECK_SEG("es", "«¿Vienes?», preguntó ella.", "«¿Vienes?», preguntó ella.");
    /* addresses */
    CHECK_SEG("pl", "Pisz na adres jan.kowalski@example.pl. Odpowiem.",
              "Pisz na adres jan.kowalski@example.pl.||Odpowiem.");
    CHECK_SEG("de", "Siehe www.example.de/info.html für Details.",
              "Siehe www.example.de/info.html für Details.");
    /* ?! */
    CHECK_SEG("pl", "Naprawdę?! Nie wiedziałem.", "Naprawdę?!||Nie wiedziałem.");
    /* a sentence that ends with an abbreviation */
    CHECK_SEG("fr", "Il a acheté des pommes, des poires, etc. Puis il est parti.",
              "Il a acheté des pommes, des poires, etc.||Puis il est parti.");
}

static void test_paragraphs_and_flags(void)
{
    char *j = seg_lang("en", 0, "  Hello world. How are you?\n\nNew paragraph here.  ");
    CHECK_STR(j, "Hello world.||How are you?||New paragraph here.");
    free(j);
    /* a blank line (even with spaces or CRLF) ends a paragraph; segments never cross it */
    j = seg_lang("en", 0, "First line without end\r\n \r\nSecond. Third.");
    CHECK_STR(j, "First line without end||Second.||Third.");
    free(j);
    /* a single line break ends a segment, unless prose was wrapped at a fixed width */
    j = seg_lang("en", 0, "apples\npears\nplums");
    CHECK_STR(j, "apples||pears||plums");
    free(j);
    j = seg_lang("de", 0, "Der Ausschuss hat am Dienstag den Haushalt und\nden neuen Zeitplan "
                          "besprochen. Niemand widersprach.");
    CHECK_STR(j, "Der Ausschuss hat am Dienstag den Haushalt und\nden neuen Zeitplan "
                 "besprochen.||Niemand widersprach.");
    free(j);
    j = seg_lang("en", BITEXT_SEGMENT_PARAGRAPH, "One. Two.\n\nThree. Four.\n");
    CHECK_STR(j, "One. Two.||Three. Four.");
    free(j);
    /* bare ICU keeps its own mistakes: the baseline of scripts/eval-segment */
    j = seg_lang("de", BITEXT_SEGMENT_ICU_ONLY, "Heute ist der 9. November.");
    CHECK_STR(j, "Heute ist der 9.||November.");
    free(j);
    j = seg_lang("en", 0, "");
    CHECK_STR(j, "");
    free(j);
}

/* The invariant over awkward inputs: punctuation runs, lone marks, mixed scripts. */
static void test_invariant(void)
{
    static const char *texts[] = {
        "...", ". . . .", "?!?! ?", "1. 2. 3.", "a. b. c. d.", "\xE2\x80\xA2 \xE2\x80\xA2",
        "\"\"\". \"", "Dr. Dr. Dr.", "x.Y.z.W", " \n \n ", "(!) (?) [...]", "\xC2\xB9. \xC2\xB9",
        "A.\xE2\x80\xAA.\xE2\x80\xAC.", "\xD8\x8C \xD8\x8C\xD8\x8C :", "https://a.b/c. D@e.f. G",
        "\xE3\x80\x82\xE3\x80\x82", "No. \xE2\x84\x96. \xE2\x84\x96", "z. B. z. B.",
    };
    static const char *langs[] = {"en", "de", "pl", "fr", "ar", "hy", "el", "ja"};
    for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
        bitext_segmenter *s = NULL;
        CHECK_OK(bitext_segmenter_new(&s, langs[l], NULL, NULL));
        for (size_t i = 0; s && i < sizeof texts / sizeof *texts; i++)
            free(seg_join(s, texts[i]));
        bitext_segmenter_free(s);
    }
}

static void test_clone(void)
{
    bitext_segmenter *s = NULL, *c = NULL, *c2 = NULL;
    bitext_segment_options o = BITEXT_SEGMENT_OPTIONS_INIT;
    char *j;
    CHECK_OK(bitext_segmenter_new(&s, "de", NULL, NULL));
    CHECK_OK(bitext_segmenter_clone(&c, s, NULL));
    bitext_segmenter_free(s); /* the copy keeps the shared rules alive */
    j = c ? seg_join(c, "Heute ist der 9. November. Es regnet.") : NULL;
    CHECK_STR(j, "Heute ist der 9. November.||Es regnet.");
    free(j);
    bitext_segmenter_free(c);
    {
        char path[4096];
        const char *dir = getenv("BITEXT_TESTDATA");
        snprintf(path, sizeof path, "%s/segment_rules.srx", dir ? dir : ".");
        o.srx_path = path;
        s = NULL;
        CHECK_OK(bitext_segmenter_new(&s, "en", &o, NULL));
        CHECK_OK(s ? bitext_segmenter_clone(&c2, s, NULL) : -1);
        bitext_segmenter_free(s);
        j = c2 ? seg_join(c2, "Dr. Smith came; he left.") : NULL;
        CHECK_STR(j, "Dr. Smith came;||he left.");
        free(j);
        bitext_segmenter_free(c2);
    }
}

static void test_errors(void)
{
    bitext_error err;
    bitext_segmenter *s = NULL;
    bitext_segment_options o = BITEXT_SEGMENT_OPTIONS_INIT;
    bitext_error_clear(&err);
    CHECK(bitext_segmenter_new(&s, "", NULL, &err) == BITEXT_ELANG);
    o.version = 99;
    CHECK(bitext_segmenter_new(&s, "en", &o, &err) == BITEXT_EINVAL);
    CHECK(s == NULL);
    bitext_segmenter_free(NULL);
}

static void test_seglist(void)
{
    bitext_doc *d = NULL;
    bitext_segmenter *s = NULL;
    bitext_seglist *l = NULL;
    const char *t = "One. Two.";
    CHECK_OK(bitext_doc_new(&d, "x", "en", NULL));
    CHECK_OK(bitext_doc_add_block(d, NULL, BITEXT_BLOCK_TITLE, 0, "Title", 5, 1, NULL));
    CHECK_OK(bitext_doc_add_block(d, NULL, BITEXT_BLOCK_BOILERPLATE, 0, "Skip. Me.", 9, 2, NULL));
    CHECK_OK(bitext_doc_add_block(d, NULL, BITEXT_BLOCK_PARAGRAPH, 0, t, strlen(t), 3, NULL));
    CHECK_OK(bitext_segmenter_new(&s, "en", NULL, NULL));
    CHECK_OK(bitext_segment_doc(&l, s, d, NULL));
    CHECK(bitext_seglist_count(l) == 3);
    if (bitext_seglist_count(l) == 3) {
        CHECK_STR(bitext_seglist_get(l, 0)->text, "Title");
        CHECK_STR(bitext_seglist_get(l, 2)->text, "Two.");
        CHECK(bitext_seglist_get(l, 2)->block == 2);
        CHECK(bitext_seglist_get(l, 2)->start == 5);
        CHECK(bitext_seglist_get(l, 2)->type == BITEXT_BLOCK_PARAGRAPH);
    }
    CHECK_STR(bitext_seglist_lang(l), "en");
    bitext_seglist_free(l);
    bitext_segmenter_free(s);
    bitext_doc_free(d);
}

/* ICU's sentence boundaries inside text (plain locale), joined as "12,30,". */
static void icu_positions(bitext_buf *b, const char *lang, const char *text)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
    UText *ut = utext_openUTF8(NULL, text, -1, &st);
    ubrk_setUText(bi, ut, &st);
    for (int32_t p = ubrk_next(bi); U_SUCCESS(st) && p != UBRK_DONE; p = ubrk_next(bi))
        if ((size_t)p < strlen(text))
            bitext_buf_printf(b, "%d,", (int)p);
    utext_close(ut);
    ubrk_close(bi);
}

/* Checks that bitext's UAX #29 boundaries of text are ICU's (locale lang). */
static void same_as_icu(const char *lang, const char *text)
{
    bitext_buf want = {0}, got = {0};
    size_t *pos = NULL, n = 0, cap = 0;
    icu_positions(&want, lang, text);
    CHECK_OK(seg_uax29_boundaries(text, 0, strlen(text), &pos, &n, &cap));
    bitext_buf_puts(&got, "");
    bitext_buf_puts(&want, "");
    for (size_t k = 0; k < n; k++)
        bitext_buf_printf(&got, "%zu,", pos[k]);
    CHECK_STR(got.data, want.data);
    free(pos);
    bitext_buf_free(&want);
    bitext_buf_free(&got);
}

/*
 * bitext finds UAX #29's boundaries itself (segment_uax29.c): the same positions as ICU's
 * iterator, on the cases file and on texts that exercise each rule of UAX #29 in many scripts.
 */
static void test_uax29_like_icu(void)
{
    static const char *texts[] = {
        "Hello there. how are you? Fine! Thanks.", "U.S. troops. 3.5 percent. e.g. this",
        "He said \"Stop.\" Then (he) left.  Next.", "End.\nNew line. Tail\r\nCRLF here.",
        "Wait... what? Really?! Yes.", "Это было давно. Теперь нет! Да?", "Τι έγινε. Τίποτα.",
        "今日は晴れ。明日は雨！本当？", "３．２９％です。次。", "यह है। वह है॥ ठीक",
        "هل أنت هنا؟ نعم. حسنا", "Ok.\xE2\x80\x8B Next. A\xCC\x81. B", ("a.\xC2\xA0" "B. c,d. e: f"),
        "It ended.\xE2\x80\xA9Next para. \xE2\x80\x94 dash. \"Quote.\" 'x'. (y). [z].",
    };
    char line[2048];
    FILE *f;
    char path[4096];
    const char *dir = getenv("BITEXT_TESTDATA");
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        same_as_icu("en", texts[i]);
    snprintf(path, sizeof path, "%s/segment_cases.txt", dir ? dir : ".");
    f = fopen(path, "r");
    CHECK(f != NULL);
    while (f && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), text[2048];
        size_t k = 0;
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        for (const char *s = tab + 1; *s && *s != '\n'; s++) /* " || " -> " ", "||" -> "" */
            if (!strncmp(s, " || ", 4))
                text[k++] = ' ', s += 3;
            else if (!strncmp(s, "||", 2))
                s += 1;
            else
                text[k++] = *s;
        text[k] = '\0';
        if (strcmp(line, "el")) /* ICU's Greek tailoring ends sentences at ';': el.rules do */
            same_as_icu(line, text);
    }
    if (f)
        fclose(f);
}

/* Writes text to a file under the test's temporary directory; returns its path. */
static const char *write_tmp(const char *name, const char *text, size_t len)
{
    static char path[4096];
    const char *dir = getenv("TMPDIR");
    FILE *f;
    snprintf(path, sizeof path, "%s/bitext-test-%d-%s", dir && *dir ? dir : "/tmp",
             (int)getpid(), name);
    f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
    return path;
}

/* Segments text in lang with a rule file on top of the built-in rules. */
static char *seg_with_rules(const char *lang, const char *rules_path, const char *text, int *rc,
                       bitext_error *err)
{
    bitext_segment_options o = BITEXT_SEGMENT_OPTIONS_INIT;
    bitext_segmenter *s = NULL;
    char *j = NULL;
    o.rules_path = rules_path;
    bitext_error_clear(err);
    if ((*rc = bitext_segmenter_new(&s, lang, &o, err)) == 0)
        j = seg_join(s, text);
    bitext_segmenter_free(s);
    return j;
}

/* A rule file read with rules_path adds to and overrides the built-in rules; a bad one is an
 * error naming its file and line. */
static void test_rules_file(void)
{
    static const char good[] = "# a house style\nfinal approx\ntitle Fig\nstarter Meanwhile\n";
    static const char bad[] = "final approx\n\nabbrev ok\nfrobnicate now\n";
    static const char binary[] = "title Dr\nabbrev x\xff\n";
    static const char escape[] = "include ../../etc/passwd\n";
    bitext_error err;
    int rc;
    const char *p = write_tmp("good.rules", good, sizeof good - 1);
    char *j = seg_with_rules("en", p, "It costs approx. Twelve people came. See Fig. Two shows it.",
                        &rc, &err);
    /* approx was an abbrev (break before starters only): now a final */
    CHECK_STR(j, "It costs approx.||Twelve people came.||See Fig. Two shows it.");
    free(j);
    remove(p);
    p = write_tmp("bad.rules", bad, sizeof bad - 1);
    j = seg_with_rules("en", p, "x", &rc, &err);
    CHECK(rc == BITEXT_EPARSE && j == NULL);
    CHECK(err.line == 4);
    CHECK(strstr(err.file, "bad.rules") != NULL);
    CHECK(strstr(err.message, "frobnicate") != NULL);
    remove(p);
    p = write_tmp("binary.rules", binary, sizeof binary - 1);
    free(seg_with_rules("en", p, "x", &rc, &err));
    CHECK(rc == BITEXT_EPARSE && err.line == 2);
    CHECK(strstr(err.message, "invalid UTF-8") != NULL);
    remove(p);
    p = write_tmp("escape.rules", escape, sizeof escape - 1);
    free(seg_with_rules("en", p, "x", &rc, &err));
    CHECK(rc == BITEXT_EPARSE && err.line == 1);
    remove(p);
    free(seg_with_rules("en", "/nonexistent/x.rules", "x", &rc, &err));
    CHECK(rc == BITEXT_EIO);
}

/* The learner, on a small corpus written for this test: abbreviations and their classes,
 * starters and names, as a rule file the segmenter reads. */
static void test_learner(void)
{
    static const char *sentences[] = {
        "Dr. Kowalski opened the new ward on Monday.", "The ward has forty beds.",
        "It cost ca. two million.", "Dr. Nowak leads the team of ca. twelve nurses.",
        "We asked Dr. Nowak about the plans.", "The costs rose by ca. ten percent.",
        "Patients come from the whole region.", "The hospital was built in 1978.",
        "Dr. Kowalski thanked the donors.", "They gave ca. half of the money.",
        "The new ward opens at eight.", "Nurses start at seven.",
    };
    bitext_segment_learner *l = NULL;
    char *rules = NULL;
    bitext_buf text = {0};
    CHECK_OK(bitext_segment_learner_new(&l, "en", NULL));
    for (int round = 0; l && round < 3; round++)
        for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++)
            CHECK_OK(bitext_segment_learner_add(l, sentences[i], strlen(sentences[i]),
                                                BITEXT_LEARN_SENTENCE, NULL));
    CHECK(l && bitext_segment_learner_add(l, "bad \xff", 5, 0, NULL) == BITEXT_EENCODING);
    CHECK_OK(l ? bitext_segment_learner_rules(&rules, l, NULL) : -1);
    CHECK(rules && strstr(rules, "\ntitle dr\n") != NULL);      /* always before a name */
    CHECK(rules && strstr(rules, "\nabbrev ca\n") != NULL); /* before lower case */
    CHECK(rules && strstr(rules, "starter") && strstr(rules, " the") != NULL);
    CHECK(rules && strstr(rules, "Kowalski") != NULL && strstr(rules, "Nowak") != NULL);
    /* the rules read back as a rule file */
    if (rules) {
        int rc;
        bitext_error err;
        const char *p = write_tmp("learned.rules", rules, strlen(rules));
        char *j = seg_with_rules("en", p, "Ask Dr. Nowak. The ward opens.", &rc, &err);
        CHECK(rc == 0);
        CHECK_STR(j, "Ask Dr. Nowak.||The ward opens.");
        free(j);
        remove(p);
    }
    free(rules);
    bitext_buf_free(&text);
    bitext_segment_learner_free(l);
}

int main(void)
{
    test_cases_file();
    test_uax29_like_icu();
    test_rules_file();
    test_learner();
    test_rule_classes();
    test_paragraphs_and_flags();
    test_invariant();
    test_clone();
    test_errors();
    test_seglist();
    return check_done("test_segment");
}
