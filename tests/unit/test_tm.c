/* test_tm.c - unit tests of the tm module: storage, schema, transactions, lookup, concordance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bitext/bitext.h"
#include "check.h"
#include "tm_int.h"

static char dir[256];

static const char *tmp_path(const char *name)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static bitext_tm *open_tm(const char *name, unsigned int flags)
{
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    bitext_tm *tm = NULL;
    bitext_error err;
    bitext_error_clear(&err);
    o.flags = flags;
    if (bitext_tm_open(&tm, tmp_path(name), &o, &err) < 0)
        fprintf(stderr, "open %s: %s\n", name, err.message);
    return tm;
}

/* A TU with two variants and, when rich, everything a TMX can carry. */
static void make_tu(bitext_tu *tu, const char *src, const char *tgt, bool rich)
{
    size_t s, t;
    bitext_tu_add_tuv(tu, &s, "en", src, strlen(src), NULL);
    bitext_tu_add_tuv(tu, &t, "pl", tgt, strlen(tgt), NULL);
    if (!rich)
        return;
    bitext_tu_set_string(&tu->tuid, "tu-42", NULL);
    bitext_tu_set_string(&tu->srclang, "en", NULL);
    bitext_tu_set_string(&tu->origin, "imported", NULL);
    bitext_tu_set_string(&tu->creator, "ANNA", NULL);
    bitext_tu_set_string(&tu->segtype, "paragraph", NULL);
    tu->confidence = 0.75;
    tu->created = 1700000000;
    tu->changed = 1700000100;
    tu->tuvs[s].created = 1600000000;
    tu->tuvs[t].changed = 1600000500;
    bitext_tu_set_string(&tu->tuvs[t].creator, "PIOTR", NULL);
    bitext_tu_set_string(&tu->tuvs[s].prev, "Before.", NULL);
    bitext_tu_set_string(&tu->tuvs[s].next, "After.", NULL);
    bitext_tu_add_code(tu, s, BITEXT_CODE_BPT, 0, 1, 7, "bold", "<b>", NULL, NULL);
    bitext_tu_add_code(tu, s, BITEXT_CODE_EPT, 5, 1, 0, NULL, "</b>", NULL, NULL);
    bitext_tu_add_code(tu, s, BITEXT_CODE_PH, 6, 0, 2, "x-odd\x1e%", "", "p", NULL);
    bitext_tu_add_code(tu, t, BITEXT_CODE_IT_BEGIN, 3, 0, 0, NULL, NULL, NULL, NULL);
    bitext_tu_add_prop(tu, SIZE_MAX, "x-domain", "news", NULL, NULL);
    bitext_tu_add_prop(tu, SIZE_MAX, NULL, "a note on the TU", "en", NULL);
    bitext_tu_add_prop(tu, t, "x-reviewed", "yes", NULL, NULL);
    bitext_tu_add_prop(tu, t, NULL, "", NULL, NULL);
}

static int64_t add(bitext_tm *tm, const char *src, const char *tgt)
{
    bitext_tu tu = BITEXT_TU_INIT;
    int64_t id = -1;
    make_tu(&tu, src, tgt, false);
    CHECK_OK(bitext_tm_add_tu(&id, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
    return id;
}

static int64_t count_tus(bitext_tm *tm)
{
    bitext_tm_stats st;
    return bitext_tm_stats_get(&st, tm, NULL) == 0 ? st.tus : -1;
}

static void test_create_and_reopen(void)
{
    bitext_tm *tm = open_tm("a.tm", 0);
    bitext_tm_stats st;
    CHECK(tm != NULL);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.tus == 0 && st.documents == 0 && st.schema_version == BITEXT_TM_SCHEMA_VERSION);
    bitext_tm_close(tm);
    tm = open_tm("a.tm", BITEXT_TM_READONLY);
    CHECK(tm != NULL);
    bitext_tm_close(tm);
    /* Missing files: NOCREATE and READONLY never create one. */
    CHECK(open_tm("missing.tm", BITEXT_TM_NOCREATE) == NULL);
    CHECK(open_tm("missing.tm", BITEXT_TM_READONLY) == NULL);
    CHECK(access(tmp_path("missing.tm"), F_OK) != 0);
}

static int open_code(const char *path, unsigned int flags, bitext_error *err)
{
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    bitext_tm *tm = NULL;
    int rc;
    bitext_error_clear(err);
    o.flags = flags;
    rc = bitext_tm_open(&tm, path, &o, err);
    bitext_tm_close(tm);
    return rc;
}

static void test_not_a_tm(void)
{
    bitext_error err;
    sqlite3 *db = NULL;
    FILE *f = fopen(tmp_path("text.tm"), "w");
    fputs("this is a plain text file, long enough to be looked at by SQLite.\n", f);
    fclose(f);
    CHECK(open_code(tmp_path("text.tm"), 0, &err) == BITEXT_EFORMAT);
    CHECK(strstr(err.message, "not a bitext translation memory") != NULL);
    CHECK_STR(err.file, tmp_path("text.tm"));
    /* Another program's SQLite database is recognised by its application_id and left alone. */
    sqlite3_open(tmp_path("other.db"), &db);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1)", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(open_code(tmp_path("other.db"), 0, &err) == BITEXT_EFORMAT);
    CHECK(strstr(err.message, "not a bitext translation memory") != NULL);
    CHECK(open_code(dir, 0, &err) == BITEXT_EFORMAT);
}

static void test_readonly(void)
{
    bitext_error err;
    char sub[512];
    bitext_tm *tm = open_tm("ro.tm", 0);
    add(tm, "Read only.", "Tylko do odczytu.");
    bitext_tm_close(tm);
    chmod(tmp_path("ro.tm"), 0444);
    CHECK(open_code(tmp_path("ro.tm"), 0, &err) == BITEXT_EREADONLY);
    CHECK(strstr(err.message, "read-only") != NULL);
    /* Reading a read-only TM still works. */
    tm = open_tm("ro.tm", BITEXT_TM_READONLY);
    CHECK(tm != NULL && count_tus(tm) == 1);
    bitext_tm_close(tm);
    chmod(tmp_path("ro.tm"), 0644);
    /* A read-only directory: neither a new TM nor writing an existing one. */
    snprintf(sub, sizeof sub, "%s/rodir", dir);
    mkdir(sub, 0755);
    tm = open_tm("rodir/x.tm", 0);
    add(tm, "Directory.", "Katalog.");
    bitext_tm_close(tm);
    chmod(sub, 0555);
    CHECK(open_code(tmp_path("rodir/new.tm"), 0, &err) == BITEXT_EREADONLY);
    CHECK(open_code(tmp_path("rodir/x.tm"), 0, &err) == BITEXT_EREADONLY);
    tm = open_tm("rodir/x.tm", BITEXT_TM_READONLY);
    CHECK(tm != NULL && count_tus(tm) == 1);
    bitext_tm_close(tm);
    chmod(sub, 0755);
}

static void test_migrate(void)
{
    bitext_tm *tm = calloc(1, sizeof *tm);
    bitext_tm_stats st;
    sqlite3_stmt *q = NULL;
    int64_t id = 0;
    /* A version-1 file (no full-text indexes yet) with one TU in it. */
    tm->path = bitext_strdup(tmp_path("v1.tm"));
    sqlite3_open(tm->path, &tm->db);
    CHECK_OK(tm_schema_migrate(tm, 1, NULL));
    CHECK(sqlite3_exec(tm->db,
                       "INSERT INTO tu(id, created) VALUES(1, 5);"
                       "INSERT INTO tuv(tu_id, lang, text, norm_hash, nwords)"
                       " VALUES(1, 'en', 'An old unit.', 1, 3), (1, 'pl', 'Stara.', 2, 1)",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(tm->db);
    free(tm->path);
    free(tm);
    tm = open_tm("v1.tm", BITEXT_TM_READONLY);
    CHECK(tm == NULL); /* needs an upgrade, which reading must not do */
    tm = open_tm("v1.tm", 0);
    CHECK(tm != NULL);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.schema_version == BITEXT_TM_SCHEMA_VERSION && st.tus == 1);
    /* The migration filled the new indexes from the old rows. */
    CHECK(sqlite3_prepare_v2(tm->db, "SELECT rowid FROM tuv_words WHERE tuv_words MATCH 'old'",
                             -1, &q, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    id = sqlite3_column_int64(q, 0);
    CHECK(id == 1);
    sqlite3_finalize(q);
    bitext_tm_close(tm);
}

/* A version-2 file (before reviews) gets the document's review date and the indexes. */
static void test_migrate_v3(void)
{
    bitext_tm *tm = calloc(1, sizeof *tm);
    bitext_tm_document doc = {"old.pl.txt", "pl", NULL, NULL, NULL};
    int64_t id = 0, when = -1;
    tm->path = bitext_strdup(tmp_path("v2.tm"));
    sqlite3_open(tm->path, &tm->db);
    CHECK_OK(tm_schema_migrate(tm, 2, NULL));
    CHECK(sqlite3_exec(tm->db, "INSERT INTO document(id, name, lang, added)"
                       " VALUES(7, 'old.pl.txt', 'pl', 1)", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(tm->db);
    free(tm->path);
    free(tm);
    tm = open_tm("v2.tm", 0);
    CHECK(tm != NULL);
    CHECK_OK(bitext_tm_find_document(&id, NULL, 0, tm, "old.pl.txt", NULL));
    CHECK(id == 7);
    CHECK_OK(bitext_tm_document_reviewed(&when, tm, id, NULL));
    CHECK(when == 0);
    CHECK_OK(bitext_tm_set_document_reviewed(tm, id, 1234, NULL));
    CHECK_OK(bitext_tm_document_reviewed(&when, tm, id, NULL));
    CHECK(when == 1234);
    CHECK(bitext_tm_find_document(&id, NULL, 0, tm, "new.pl.txt", NULL) == BITEXT_ENOTFOUND);
    CHECK_OK(bitext_tm_add_document(&id, tm, &doc, NULL));
    CHECK(id == 7);
    bitext_tm_close(tm);
}

static void test_rollback(void)
{
    bitext_tm *tm = open_tm("tx.tm", 0);
    bitext_tm_document doc = {"article.en.txt", "en", "abc", NULL, NULL};
    int64_t d = 0;
    add(tm, "Kept.", "Zachowane.");
    CHECK_OK(bitext_tm_begin(tm, NULL));
    CHECK_OK(bitext_tm_add_document(&d, tm, &doc, NULL));
    add(tm, "Lost one.", "Stracone.");
    add(tm, "Lost two.", "Stracone dwa.");
    CHECK(count_tus(tm) == 3);
    bitext_tm_rollback(tm);
    CHECK(count_tus(tm) == 1);
    /* The same document twice is one row. */
    CHECK_OK(bitext_tm_begin(tm, NULL));
    CHECK_OK(bitext_tm_add_document(&d, tm, &doc, NULL));
    {
        int64_t d2 = 0;
        CHECK_OK(bitext_tm_add_document(&d2, tm, &doc, NULL));
        CHECK(d2 == d && d > 0);
    }
    CHECK_OK(bitext_tm_commit(tm, NULL));
    {
        /* The file is in WAL mode again after the command's transaction. */
        sqlite3_stmt *q = NULL;
        CHECK(sqlite3_prepare_v2(tm->db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK);
        CHECK(sqlite3_step(q) == SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(q, 0), "wal");
        sqlite3_finalize(q);
    }
    bitext_tm_close(tm);
    /* A rolled-back transaction leaves nothing after reopening either. */
    tm = open_tm("tx.tm", BITEXT_TM_READONLY);
    CHECK(count_tus(tm) == 1);
    bitext_tm_close(tm);
}

static void test_dedup(void)
{
    bitext_tm *tm = open_tm("dup.tm", 0);
    bitext_tm_stats st;
    CHECK(add(tm, "The same  pair.", "Ta sama para.") > 0);
    CHECK(add(tm, " The same pair. ", "Ta\tsama para.") == 0); /* white space normalised */
    CHECK(add(tm, "The same pair.", "Inne tłumaczenie.") > 0);  /* another translation */
    /* NFC: a composed and a decomposed ó are the same text. */
    CHECK(add(tm, "Kr\xc3\xb3l.", "King.") > 0);
    CHECK(add(tm, "Kro\xcc\x81l.", "King.") == 0);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.tus == 3 && st.tuvs == 6 && st.nlangs == 2);
    CHECK_STR(st.langs[0].lang, "en");
    CHECK(st.langs[0].tuvs == 3);
    bitext_tm_close(tm);
}

static void check_same_props(const bitext_prop *a, size_t na, const bitext_prop *b, size_t nb)
{
    CHECK(na == nb);
    for (size_t k = 0; k < na && k < nb; k++) {
        CHECK((a[k].type == NULL) == (b[k].type == NULL));
        if (a[k].type && b[k].type)
            CHECK_STR(a[k].type, b[k].type);
        CHECK_STR(a[k].value, b[k].value);
        CHECK((a[k].lang == NULL) == (b[k].lang == NULL));
    }
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_same_tuv(const bitext_tuv *a, const bitext_tuv *b)
{
    CHECK_STR(a->lang, b->lang);
    CHECK_STR(a->text, b->text);
    CHECK(a->created == b->created && a->changed == b->changed);
    CHECK(same_str(a->creator, b->creator) && same_str(a->prev, b->prev) &&
          same_str(a->next, b->next));
    CHECK(a->ncodes == b->ncodes);
    for (size_t c = 0; c < a->ncodes && c < b->ncodes; c++) {
        const bitext_code *x = &a->codes[c], *y = &b->codes[c];
        CHECK(x->kind == y->kind && x->offset == y->offset && x->i == y->i && x->x == y->x);
        CHECK(same_str(x->type, y->type) && same_str(x->native, y->native) &&
              same_str(x->assoc, y->assoc));
    }
    check_same_props(a->props, a->nprops, b->props, b->nprops);
}

static void test_round_trip(void)
{
    bitext_tm *tm = open_tm("rich.tm", 0);
    bitext_tu in = BITEXT_TU_INIT, out = BITEXT_TU_INIT;
    bitext_tm_iter *it = NULL;
    int64_t id = 0;
    make_tu(&in, "Bold text here.", "Pogrubiony tekst.", true);
    CHECK_OK(bitext_tm_add_tu(&id, tm, &in, 0, 0, NULL));
    add(tm, "Second.", "Drugi.");
    CHECK_OK(bitext_tm_iter_new(&it, tm, NULL, NULL));
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 1);
    CHECK(same_str(out.tuid, in.tuid) && same_str(out.srclang, in.srclang) &&
          same_str(out.origin, in.origin) && same_str(out.creator, in.creator) &&
          same_str(out.segtype, in.segtype));
    CHECK(out.confidence == in.confidence && out.created == in.created &&
          out.changed == in.changed);
    CHECK(out.ntuvs == 2);
    for (size_t k = 0; k < 2 && k < out.ntuvs; k++)
        check_same_tuv(&in.tuvs[k], &out.tuvs[k]);
    check_same_props(in.props, in.nprops, out.props, out.nprops);
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 1);
    CHECK_STR(out.tuvs[0].text, "Second.");
    CHECK(out.confidence == -1.0 && out.created > 0);
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 0);
    bitext_tm_iter_free(it);
    bitext_tu_clear(&out);
    bitext_tu_clear(&in);
    bitext_tm_close(tm);
}

static void test_filter(void)
{
    bitext_tm *tm = open_tm("filter.tm", 0);
    bitext_tu tu = BITEXT_TU_INIT, out = BITEXT_TU_INIT;
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    const char *langs[] = {"en", "de", NULL};
    bitext_tm_iter *it = NULL;
    size_t k;
    make_tu(&tu, "Three languages.", "Trzy języki.", false);
    bitext_tu_add_tuv(&tu, &k, "de-CH", "Drei Sprachen.", 14, NULL);
    tu.confidence = 0.9;
    CHECK_OK(bitext_tm_add_tu(NULL, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
    make_tu(&tu, "Low.", "Niska.", false);
    tu.confidence = 0.1;
    CHECK_OK(bitext_tm_add_tu(NULL, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
    f.langs = langs; /* "de" keeps de-CH; pl is dropped; "Low." has one variant left */
    CHECK_OK(bitext_tm_iter_new(&it, tm, &f, NULL));
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 1);
    CHECK(out.ntuvs == 2);
    CHECK_STR(out.tuvs[1].lang, "de-CH");
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 0);
    bitext_tm_iter_free(it);
    f.langs = NULL;
    f.min_confidence = 0.5;
    CHECK_OK(bitext_tm_iter_new(&it, tm, &f, NULL));
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 1 && out.ntuvs == 3);
    CHECK(bitext_tm_iter_next(it, &out, NULL) == 0);
    bitext_tm_iter_free(it);
    bitext_tu_clear(&out);
    bitext_tm_close(tm);
}

static int64_t add_ctx(bitext_tm *tm, const char *src, const char *tgt, const char *prev,
                       const char *next, int64_t created, const char *tgt_lang)
{
    bitext_tu tu = BITEXT_TU_INIT;
    int64_t id = -1;
    bitext_tu_add_tuv(&tu, NULL, "en-GB", src, strlen(src), NULL);
    bitext_tu_add_tuv(&tu, NULL, tgt_lang, tgt, strlen(tgt), NULL);
    bitext_tu_set_string(&tu.tuvs[0].prev, prev, NULL);
    bitext_tu_set_string(&tu.tuvs[0].next, next, NULL);
    tu.created = created;
    CHECK_OK(bitext_tm_add_tu(&id, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
    return id;
}

static void test_scores(void)
{
    /* OmegaT: 100 * (max - distance) / max over word tokens, then penalties. */
    CHECK(bitext_tm_fuzzy_score("The cat sat on the mat.", 0, "The cat sat on the mat.", 0) ==
          100);
    CHECK(bitext_tm_fuzzy_score("The cat sat on the mat.", 0, "The  cat sat on the mat. ", 0) ==
          100);
    /* one of six words differs: 100 * 5 / 6 = 83 */
    CHECK(bitext_tm_fuzzy_score("The cat sat on the mat.", 0, "The dog sat on the mat.", 0) ==
          83);
    /* case only: below 100, above every real difference */
    CHECK(bitext_tm_fuzzy_score("The cat sat on the mat.", 0, "the cat sat on the mat.", 0) ==
          99);
    /* punctuation: one point */
    CHECK(bitext_tm_fuzzy_score("The cat sat on the mat.", 0, "The cat sat on the mat!", 0) ==
          99);
    /* a differing number costs the edit and 2 more points: 100 * 5 / 6 - 2 = 81 */
    CHECK(bitext_tm_fuzzy_score("It costs 25 euros per day.", 0, "It costs 30 euros per day.", 0) ==
          81);
    CHECK(bitext_tm_fuzzy_score("It costs 2.5 euros.", 0, "It costs 2.5 euros.", 0) == 100);
    /* inline codes: one point per code that differs */
    CHECK(bitext_tm_fuzzy_score("Press Save now.", 2, "Press Save now.", 0) == 98);
    /* Japanese: one token per character; two of eight differ -> 75 */
    CHECK(bitext_tm_fuzzy_score("東京は日本の首都", 0, "京都は日本の首都", 0) == 75);
    CHECK(bitext_tm_fuzzy_score("Completely different words here.", 0, "Nothing alike.", 0) < 30);
}

/* Adds src -> tgt (en -> lang) with an origin; returns its id. */
static int64_t add_origin(bitext_tm *tm, const char *src, const char *tgt, const char *lang,
                          const char *origin)
{
    bitext_tu tu = BITEXT_TU_INIT;
    int64_t id = 0;
    bitext_tu_add_tuv(&tu, NULL, "en", src, strlen(src), NULL);
    bitext_tu_add_tuv(&tu, NULL, lang, tgt, strlen(tgt), NULL);
    bitext_tu_set_string(&tu.origin, origin, NULL);
    CHECK_OK(bitext_tm_add_tu(&id, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
    return id;
}

/* Iterates with flags; returns how many TUs came, the last target in *last (static). */
static int iter_count(bitext_tm *tm, unsigned flags, const char **last)
{
    static char buf[256];
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int n = 0;
    f.flags = flags;
    CHECK_OK(bitext_tm_iter_new(&it, tm, &f, NULL));
    while (it && bitext_tm_iter_next(it, &tu, NULL) == 1) {
        snprintf(buf, sizeof buf, "%s", tu.tuvs[1].text);
        n++;
    }
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    if (last)
        *last = buf;
    return n;
}

/* Reviewed pairs win in export (the iterator) and lookup; the others stay reachable. */
static void test_reviewed_wins(void)
{
    bitext_tm *tm = open_tm("review.tm", 0);
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    bitext_tm_match *m = NULL;
    const char *last = NULL;
    size_t n = 0;
    int64_t wrong, right;
    wrong = add_origin(tm, "The library opens on Saturday.", "Biblioteka jest zamknięta.", "pl",
                       "aligned");
    add_origin(tm, "The library opens on Saturday.", "Die Bibliothek öffnet am Samstag.", "de",
               "aligned");
    CHECK(iter_count(tm, 0, NULL) == 2);
    right = add_origin(tm, "The library opens on Saturday.", "Biblioteka otwiera się w sobotę.",
                       "pl", BITEXT_TM_ORIGIN_REVIEWED);
    /* the wrong Polish pair is superseded; the German one is not (another language) */
    CHECK(iter_count(tm, 0, NULL) == 2);
    CHECK(iter_count(tm, BITEXT_TM_FILTER_SUPERSEDED, NULL) == 3);
    CHECK(iter_count(tm, BITEXT_TM_FILTER_REVIEWED, &last) == 1);
    CHECK_STR(last, "Biblioteka otwiera się w sobotę.");
    CHECK(iter_count(tm, BITEXT_TM_FILTER_UNREVIEWED, &last) == 1);
    CHECK_STR(last, "Die Bibliothek öffnet am Samstag.");
    o.src_lang = "en";
    o.tgt_lang = "pl";
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "The library opens on Saturday.", &o, NULL));
    CHECK(n == 1 && m[0].reviewed && m[0].tu_id == right);
    bitext_tm_matches_free(m, n);
    /* a fuzzy query: the reviewed pair first, the superseded one still gone */
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "The library opens on Sunday.", &o, NULL));
    CHECK(n == 1 && m[0].reviewed);
    bitext_tm_matches_free(m, n);
    /* marking in place, then removing: the indexes and counts follow */
    CHECK_OK(bitext_tm_begin(tm, NULL));
    CHECK_OK(bitext_tm_mark_reviewed(tm, wrong, 99, 0, 0, NULL));
    CHECK_OK(bitext_tm_delete_tu(tm, right, NULL));
    CHECK_OK(bitext_tm_commit(tm, NULL));
    CHECK(iter_count(tm, BITEXT_TM_FILTER_REVIEWED, &last) == 1);
    CHECK_STR(last, "Biblioteka jest zamknięta.");
    {
        bitext_tm_concord_options co = BITEXT_TM_CONCORD_OPTIONS_INIT;
        bitext_tm_concord_hit *h = NULL;
        bitext_tm_stats st;
        co.lang = "pl";
        CHECK_OK(bitext_tm_concord(&h, &n, tm, "otwiera", &co, NULL));
        CHECK(n == 0);
        bitext_tm_concord_free(h, n);
        CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
        CHECK(st.tus == 2 && st.tuvs == 4);
        CHECK(sqlite3_exec(tm->db, "INSERT INTO tuv_chars(tuv_chars) VALUES('integrity-check')",
                           NULL, NULL, NULL) == SQLITE_OK);
    }
    {
        bitext_tu tu = BITEXT_TU_INIT;
        int64_t id = -1;
        const char *en = "The library opens on Saturday.";
        const char *de = "Die  Bibliothek öffnet am Samstag.";
        bitext_tu_add_tuv(&tu, NULL, "en", en, strlen(en), NULL);
        bitext_tu_add_tuv(&tu, NULL, "de", de, strlen(de), NULL);
        CHECK_OK(bitext_tm_find_tu(&id, tm, &tu, NULL));
        CHECK(id > 0);
        bitext_tu_clear(&tu);
    }
    bitext_tm_close(tm);
}

static void test_lookup(void)
{
    bitext_tm *tm = open_tm("lookup.tm", 0);
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    bitext_tm_match *m = NULL;
    size_t n = 0;
    add_ctx(tm, "Read more.", "Czytaj więcej.", NULL, NULL, 1000, "pl");
    add_ctx(tm, "Read more.", "Przeczytaj więcej.", "The council met.", "Related content", 2000,
            "pl");
    add_ctx(tm, "Read more.", "Czytaj dalej.", NULL, NULL, 3000, "pl");
    add_ctx(tm, "The city council approved the new budget on Monday.",
            "Rada miasta zatwierdziła nowy budżet w poniedziałek.", NULL, NULL, 1000, "pl");
    add_ctx(tm, "The city council rejected the new budget on Monday.",
            "Rada miasta odrzuciła nowy budżet w poniedziałek.", NULL, NULL, 1000, "pl");
    add_ctx(tm, "Read more.", "Mehr lesen.", NULL, NULL, 4000, "de");
    o.src_lang = "en";   /* finds en-GB */
    o.tgt_lang = "pl";
    /* exact: 100, the newest translation first, German left out */
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, " Read   more. ", &o, NULL));
    CHECK(n == 3);
    if (n == 3) {
        CHECK(m[0].score == 100 && m[1].score == 100 && m[2].score == 100);
        CHECK_STR(m[0].target, "Czytaj dalej.");
        CHECK_STR(m[1].target, "Przeczytaj więcej.");
        CHECK_STR(m[0].src_lang, "en-GB");
    }
    bitext_tm_matches_free(m, n);
    /* context: the neighbours match too -> 101, first */
    o.prev = "The  council met.";
    o.next = "Related content";
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "Read more.", &o, NULL));
    CHECK(n == 3 && m[0].score == 101);
    if (n)
        CHECK_STR(m[0].target, "Przeczytaj więcej.");
    bitext_tm_matches_free(m, n);
    o.prev = o.next = NULL;
    /* fuzzy: one word differs in nine -> 88; the sentence differing in two words -> 77 */
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "The city council approved the old budget on Monday.",
                              &o, NULL));
    CHECK(n == 2);
    if (n == 2) {
        CHECK(m[0].score == 88 && m[1].score == 77);
        CHECK_STR(m[0].target, "Rada miasta zatwierdziła nowy budżet w poniedziałek.");
    }
    bitext_tm_matches_free(m, n);
    /* threshold and max */
    o.threshold = 80;
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "The city council approved the old budget on Monday.",
                              &o, NULL));
    CHECK(n == 1);
    bitext_tm_matches_free(m, n);
    o.threshold = 70;
    o.max = 1;
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "Read more.", &o, NULL));
    CHECK(n == 1);
    bitext_tm_matches_free(m, n);
    /* nothing close */
    o.max = 5;
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "Completely unrelated words appear here.", &o, NULL));
    CHECK(n == 0 && m == NULL);
    /* the other direction and a language that is not there */
    o.src_lang = "pl";
    o.tgt_lang = "en";
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "Czytaj dalej.", &o, NULL));
    CHECK(n == 1 && n && strcmp(m[0].target, "Read more.") == 0);
    bitext_tm_matches_free(m, n);
    o.tgt_lang = "fr";
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "Czytaj dalej.", &o, NULL));
    CHECK(n == 0);
    bitext_tm_close(tm);
}

static void test_concord(void)
{
    bitext_tm *tm = open_tm("concord.tm", 0);
    bitext_tm_concord_options o = BITEXT_TM_CONCORD_OPTIONS_INIT;
    bitext_tm_concord_hit *h = NULL;
    size_t n = 0;
    add_ctx(tm, "The European Union signed the agreement.", "Unia Europejska podpisała umowę.",
            NULL, NULL, 1, "pl");
    add_ctx(tm, "Prices in the EU rose.", "Ceny w UE wzrosły.", NULL, NULL, 2, "pl");
    add_ctx(tm, "Tokyo is the capital of Japan.", "東京は日本の首都です。", NULL, NULL, 3, "ja");
    add_ctx(tm, "ŁÓDŹ is a city.", "Łódź to miasto.", NULL, NULL, 4, "pl");
    /* three characters and more: the trigram index; case-insensitive; offsets in bytes */
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "european union", &o, NULL));
    CHECK(n == 1);
    if (n) {
        CHECK_STR(h[0].lang, "en-GB");
        CHECK(h[0].start == 4 && h[0].end == 18);
        CHECK_STR(h[0].target, "Unia Europejska podpisała umowę.");
    }
    bitext_tm_concord_free(h, n);
    /* starting and ending inside words (word index: inner words and a prefix) */
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "ROPEAN Union sig", &o, NULL));
    CHECK(n == 1 && n && h[0].start == 6 && h[0].end == 22);
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "the agreement", &o, NULL));
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "greeme", &o, NULL)); /* trigrams, mid-word */
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    /* --lang: only Polish segments; the translation is the English one */
    o.lang = "pl";
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "europejska", &o, NULL));
    CHECK(n == 1 && n && strcmp(h[0].tgt_lang, "en-GB") == 0);
    bitext_tm_concord_free(h, n);
    o.lang = NULL;
    /* a two-letter phrase (no trigram): the word index, then a bounded scan */
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "EU", &o, NULL));
    CHECK(n >= 2);
    if (n) {
        CHECK_STR(h[0].text, "Prices in the EU rose.");
        CHECK(h[0].start == 14 && h[0].end == 16);
    }
    bitext_tm_concord_free(h, n);
    /* Japanese, two characters and three */
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "日本", &o, NULL));
    CHECK(n == 1 && n && h[0].start == 9 && strcmp(h[0].target, "Tokyo is the capital of Japan.") == 0);
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "の首都", &o, NULL));
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    /* one character */
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "都", &o, NULL));
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    /* nothing */
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "absent phrase", &o, NULL));
    CHECK(n == 0);
    bitext_tm_concord_free(h, n);
    o.max = 1;
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "the", &o, NULL));
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    /* many candidates: the trigram query narrows itself, the newest hits come first */
    CHECK_OK(bitext_tm_begin(tm, NULL));
    for (int k = 0; k < 400; k++) {
        char src[96], tgt[96];
        snprintf(src, sizeof src, "The recording number %d is in the archive.", k);
        snprintf(tgt, sizeof tgt, "Nagranie numer %d jest w archiwum.", k);
        add_ctx(tm, src, tgt, NULL, NULL, 10 + k, "pl");
    }
    CHECK_OK(bitext_tm_commit(tm, NULL));
    o.max = 20;
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "ecordin", &o, NULL));
    CHECK(n == 20 && n && strcmp(h[0].text, "The recording number 399 is in the archive.") == 0);
    for (size_t k = 0; k < n; k++)
        CHECK(h[k].end - h[k].start == 7 && strncmp(h[k].text + h[k].start, "ecordin", 7) == 0);
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "number 123 is in the archi", &o, NULL));
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    bitext_tm_close(tm);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/bitext-test-tm.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR")
                                                                           : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    test_create_and_reopen();
    test_not_a_tm();
    test_readonly();
    test_migrate();
    test_migrate_v3();
    test_rollback();
    test_dedup();
    test_round_trip();
    test_filter();
    test_scores();
    test_lookup();
    test_reviewed_wins();
    test_concord();
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
    return check_done("test_tm");
}
