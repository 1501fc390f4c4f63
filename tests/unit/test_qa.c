/* test_qa.c - translation checks: numbers per language, every kind of finding, none on a
 * correct translation, consistency against a TM, inline codes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "check.h"
#include "tm_target.h"
#include "util_int.h"

/* The numbers of text, as "2300 22 3~" (~ marks a number only a word stands for). */
static const char *numbers(const char *lang, const char *text)
{
    static char buf[256];
    double *v = NULL;
    bool *soft = NULL;
    size_t n = 0, k = 0;
    buf[0] = '\0';
    CHECK_OK(bitext_qa_numbers(&v, &soft, &n, text, lang, NULL));
    for (size_t i = 0; i < n && k < sizeof buf - 32; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%.10g%s", i ? " " : "", v[i],
                              soft[i] ? "~" : "");
    free(v);
    free(soft);
    return buf;
}

static void test_numbers(void)
{
    /* the same quantity written the way each language writes it */
    CHECK_STR(numbers("pl", "Biblioteka ma 2,3 tys. czytelników."), "2300");
    CHECK_STR(numbers("en", "The library has 2,300 readers."), "2300");
    CHECK_STR(numbers("de", "Die Bibliothek hat 2.300 Leser."), "2300");
    CHECK_STR(numbers("en", "2.3 thousand readers"), "2300");
    CHECK_STR(numbers("de", "1,5 Millionen Euro"), "1500000");
    CHECK_STR(numbers("ru", "1,5 млн рублей"), "1500000");
    CHECK_STR(numbers("zh", "10万人"), "100000");
    /* times */
    CHECK_STR(numbers("pl", "Otwarcie o godz. 22."), "22");
    CHECK_STR(numbers("en", "Opening at 10 p.m."), "22");
    CHECK_STR(numbers("en", "Opening at 22:00."), "22");
    CHECK_STR(numbers("pl", "od 8.30 do 16.00"), "8.5 16");
    CHECK_STR(numbers("en", "at 12 a.m."), "0");
    CHECK_STR(numbers("zh", "下午3点"), "15");
    /* units and dates stay what they are; a date is not a time */
    CHECK_STR(numbers("pl", "limit 130 km/h"), "130");
    CHECK_STR(numbers("en", "130 km/h"), "130");
    CHECK_STR(numbers("pl", "14.03.2026"), "14 3 2026");
    CHECK_STR(numbers("en", "2.50 dollars"), "2.5");
    /* words that stand for numbers: never missed themselves */
    CHECK_STR(numbers("en", "On March 14"), "3~ 14");
    CHECK_STR(numbers("pl", "14 marca"), "14 3~");
    CHECK_STR(numbers("pl", "w XXI wieku dwie osoby"), "21~ 2~");
    CHECK_STR(numbers("en", "two people in the 21st century"), "2~ 21");
    /* a single letter is no scale word: 100 m is as often metres as millions */
    CHECK_STR(numbers("en", "the 100 m sprint"), "100");
}

/* ---- findings on rows made by hand ------------------------------------------------------ */

static bitext_review *rv;
static size_t next_src, next_tgt;

static void row(const char *src, const char *tgt, double conf)
{
    bitext_bead b = {next_src, src ? 1 : 0, next_tgt, tgt ? 1 : 0, conf};
    CHECK_OK(bitext_review_add(rv, &b, 0, src, tgt, NULL));
    next_src += src != NULL;
    next_tgt += tgt != NULL;
}

/* The findings as "row:kind row:kind ..." */
static const char *run(const bitext_review *r, bitext_tm *tm, unsigned kinds)
{
    static char buf[512];
    bitext_qa_options o = BITEXT_QA_OPTIONS_INIT;
    bitext_qa_finding *f = NULL;
    size_t n = 0, k = 0;
    o.tm = tm;
    o.kinds = kinds;
    buf[0] = '\0';
    CHECK_OK(bitext_qa_run(&f, &n, r, &o, NULL));
    for (size_t i = 0; i < n && k < sizeof buf - 40; i++) {
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%zu:%s", i ? " " : "", f[i].row,
                              bitext_qa_kind_name(f[i].kind));
        CHECK(f[i].message && *f[i].message);
    }
    bitext_qa_findings_free(f, n);
    return buf;
}

/* Pairs that are right: the document's length model learns from them. */
static void good_rows(void)
{
    row("Czytelnicy w Toruniu doczekali się.", "Readers in Toruń have waited long enough.", 0.98);
    row("Na najmłodszych czeka osobne piętro.", "The youngest readers get a floor of their own.",
        0.95);
    row("Parking dla rowerów ma 60 miejsc.", "The bicycle park has 60 spaces.", 0.99);
    row("Pierwsi goście mogą liczyć na niespodziankę.", "The first visitors are in for a surprise.",
        0.97);
    row("Miasto planuje też nocne czytanie w ostatni piątek miesiąca.",
        "The city also plans a late-night reading on the last Friday of every month.", 0.96);
    row("Prace trwały dłużej, niż zakładano.", "The work took longer than planned.", 0.94);
}

static void test_kinds(void)
{
    const char *got;
    CHECK_OK(bitext_review_new(&rv, "pl", "en", "a.pl.txt", "a.en.txt", NULL));
    next_src = next_tgt = 0;
    good_rows();                                                              /* 0-5 */
    row("Biblioteka ma 2,3 tys. czytelników.", "The library has 2,300 readers.", 0.99);  /* 6 */
    row("Otwarcie o godz. 22.", "Opening at 10 p.m.", 0.97);                              /* 7 */
    row("Koszt wyniósł 38,5 mln zł.", "The cost was PLN 35.8 million.", 0.95);            /* 8 */
    row("Archeolodzy badali je przez pół roku.", NULL, 0.8);                              /* 9 */
    row(NULL, "This sentence was added by the translator.", 0.8);                         /* 10 */
    row("Fot. Anna Nowak", NULL, 0.7);                                                    /* 11 */
    row("To zdanie nie zostało przetłumaczone.", "To zdanie nie zostało przetłumaczone.", 0.9);
    row("Jan Kowalski", "Jan Kowalski", 0.99);                                            /* 13 */
    row("Wstęp jest bezpłatny dla wszystkich gości.", "Admission is free for all visitors.", 0.9);
    row("Stary budynek wymagał nowego dachu, windy i podjazdów dla wózków, a także "
        "wymiany całej instalacji elektrycznej w piwnicach i na strychu.", "It needed a roof.",
        0.6);                                                                             /* 15 */
    row("Wstęp jest bezpłatny dla wszystkich gości.", "Entry costs nothing for any guest.",
        0.9);                                                                             /* 16 */
    row("Bilety kupicie w kasie przy wejściu.", "Admission is free for all visitors.", 0.7);
    got = run(rv, NULL, 0);
    CHECK_STR(got, "8:numbers 9:omission 10:addition 12:untranslated 15:length "
                   "16:inconsistent 17:inconsistent");
    /* one kind at a time, and omission without addition */
    CHECK_STR(run(rv, NULL, 1u << BITEXT_QA_NUMBERS), "8:numbers");
    CHECK_STR(run(rv, NULL, 1u << BITEXT_QA_ADDITION), "10:addition");
    CHECK_STR(run(rv, NULL, 1u << BITEXT_QA_OMISSION), "9:omission");
    bitext_review_free(rv);
}

/* A correct translation of a messy article: no finding at all. */
static void test_correct(void)
{
    CHECK_OK(bitext_review_new(&rv, "pl", "en", NULL, NULL, NULL));
    next_src = next_tgt = 0;
    good_rows();
    row("Nowa biblioteka otwiera drzwi", "New library opens its doors", 1.0);
    row("W sobotę 14 marca 2026 r. o godz. 10.00 biblioteka przyjmie gości.",
        "On Saturday, March 14, 2026, at 10 a.m. the library will welcome visitors.", 0.97);
    row("Remont kosztował ok. 38,5 mln zł, z czego 12 mln zł pochodziło z UE.",
        "The renovation cost about PLN 38.5 million, of which PLN 12 million came from the EU.",
        0.98);
    row("W zbiorach jest ponad 120 tys. książek, w tym 4 tys. tytułów obcych.",
        "The collection holds over 120,000 books, including 4,000 foreign titles.", 0.97);
    row("Biblioteka będzie czynna w godz. 8.00–20.00.", "The library will be open from 8 a.m. "
        "to 8 p.m.", 0.96);
    row("Dwie sale mają po 40 miejsc.", "Two rooms have 40 seats each.", 0.95);
    row("Fot. Anna Nowak", NULL, 0.7);                /* a credit: too short to be missed */
    row("BBC News", "BBC News", 0.99);                 /* a name is the same in English */
    row("2026", "2026", 0.99);
    CHECK_STR(run(rv, NULL, 0), "");
    bitext_review_free(rv);
}

/* ---- against a TM, and inline codes ----------------------------------------------------- */

static void add_pair(bitext_tm *tm, const char *src, const char *tgt, bool bold)
{
    bitext_tu tu = BITEXT_TU_INIT;
    size_t s;
    bitext_tu_add_tuv(&tu, &s, "pl", src, strlen(src), NULL);
    bitext_tu_add_tuv(&tu, NULL, "en", tgt, strlen(tgt), NULL);
    if (bold) {
        bitext_tu_add_code(&tu, s, BITEXT_CODE_BPT, 0, 1, 0, "bold", "<b>", NULL, NULL);
        bitext_tu_add_code(&tu, s, BITEXT_CODE_EPT, 5, 1, 0, NULL, "</b>", NULL, NULL);
    }
    CHECK_OK(bitext_tm_add_tu(NULL, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
}

static void test_tm(const char *dir)
{
    bitext_tm *tm = NULL;
    bitext_review *r = NULL;
    CHECK_OK(bitext_tm_open(&tm, tm_target(dir, "qa.tm"), NULL, NULL));
    add_pair(tm, "Wstęp jest bezpłatny dla dzieci i dorosłych.",
             "Admission is free for children and adults.", false);
    add_pair(tm, "Mamy nowy, duży parking dla rowerów.", "We have a new, large bicycle park.",
             true);
    /* the TM's own pairs: the bold one has codes the translation lacks */
    CHECK_OK(bitext_review_from_tm(&r, tm, NULL, NULL, NULL, NULL));
    CHECK(r && bitext_review_count(r) == 2);
    CHECK_STR(run(r, NULL, 1u << BITEXT_QA_CODES), "1:codes");
    CHECK(!bitext_review_complete(r));
    bitext_review_free(r);
    /* a new document translating a stored source differently, and giving a stored
     * translation to another source */
    CHECK_OK(bitext_review_new(&rv, "pl", "en", NULL, NULL, NULL));
    next_src = next_tgt = 0;
    row("Wstęp jest bezpłatny dla dzieci i dorosłych.", "Children and adults get in for free.",
        0.9);
    row("Parking dla rowerów jest nowy i duży.", "We have a new, large bicycle park.", 0.9);
    row("Biblioteka jest otwarta w soboty.", "The library is open on Saturdays.", 0.9);
    CHECK_STR(run(rv, tm, 1u << BITEXT_QA_INCONSISTENT), "0:inconsistent 1:inconsistent");
    CHECK_STR(run(rv, NULL, 1u << BITEXT_QA_INCONSISTENT), "");
    bitext_review_free(rv);
    bitext_tm_close(tm);
}

/* Words of a text that mixes a script written without spaces with Latin words and numbers:
 * each Han or kana letter is one, a Latin word or a number one, punctuation (the katakana
 * middle dot too) none; an omission's message counts them so. */
static void test_word_count(void)
{
    const char *mixed = "東京で Open Data Day 2026 が開かれた。";
    const char *kana = "コーヒー・ショップ", *latin = "Café au lait, 3 €.";
    bitext_qa_options o = BITEXT_QA_OPTIONS_INIT;
    bitext_qa_finding *f = NULL;
    size_t n = 0;
    CHECK(bitext_word_count(mixed, strlen(mixed)) == 12);
    CHECK(bitext_word_count(kana, strlen(kana)) == 8);
    CHECK(bitext_word_count(latin, strlen(latin)) == 4);
    CHECK_OK(bitext_review_new(&rv, "ja", "en", NULL, NULL, NULL));
    next_src = next_tgt = 0;
    row(mixed, NULL, 0.8);
    o.kinds = 1u << BITEXT_QA_OMISSION;
    CHECK_OK(bitext_qa_run(&f, &n, rv, &o, NULL));
    CHECK(n == 1);
    if (n == 1)
        CHECK_STR(f[0].message, "a source sentence (12 words) is not translated");
    bitext_qa_findings_free(f, n);
    bitext_review_free(rv);
}

static void test_names(void)
{
    bitext_qa_kind k;
    for (int i = 0; i < BITEXT_QA_KINDS; i++) {
        CHECK_OK(bitext_qa_kind_parse(&k, bitext_qa_kind_name((bitext_qa_kind)i), NULL));
        CHECK((int)k == i);
    }
    CHECK(bitext_qa_kind_parse(&k, "spelling", NULL) == BITEXT_EINVAL);
    CHECK_STR(bitext_qa_severity_name(BITEXT_QA_MAJOR), "major");
}

int main(void)
{
    char dir[256], cmd[300];
    int rc = tm_target_setup();
    if (rc)
        return rc; /* the PostgreSQL run without a server */
    snprintf(dir, sizeof dir, "%s/bitext-test-qa.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR")
                                                                           : "/tmp");
    if (!mkdtemp(dir))
        return 99;
    if (!pg_base) {
        test_numbers();
        test_kinds();
        test_correct();
        test_word_count();
        test_names();
    }
    test_tm(dir); /* on both stores */
    tm_target_cleanup();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done(pg_base ? "test_qa (PostgreSQL)" : "test_qa");
}
