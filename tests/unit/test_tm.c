/*
 * test_tm.c - unit tests of the tm module: storage, schema, transactions, lookup, concordance.
 *
 * With BITEXT_TEST_BACKEND=pg the same tests run on PostgreSQL (each TM a schema of its own in
 * the database $BITEXT_TEST_PG), with the file-only ones (permissions, WAL, SQLite migrations)
 * left out and those of a server added, and lookups, concordances and exports on both stores
 * are compared result for result (test_same_results).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bitext/bitext.h"
#include "check.h"
#include "tm_int.h"
#include "tm_target.h"

static char dir[256];

static const char *tmp_path(const char *name)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* The TM called name: a file in the scratch directory, or a schema of the test database. */
static const char *target(const char *name)
{
    return tm_target(dir, name);
}

static bitext_tm *open_tm(const char *name, unsigned int flags)
{
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    bitext_tm *tm = NULL;
    bitext_error err;
    bitext_error_clear(&err);
    o.flags = flags;
    if (bitext_tm_open(&tm, target(name), &o, &err) < 0)
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
    if (!pg_base)
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
    bitext_tm *tm;
    bitext_tm_stats st;
    sqlite3_stmt *q = NULL;
    sqlite3 *db = NULL;
    int64_t id = 0;
    /* A version-1 file (no full-text indexes yet) with one TU in it. */
    CHECK_OK(tm_sqlite_create(tmp_path("v1.tm"), 1, NULL));
    sqlite3_open(tmp_path("v1.tm"), &db);
    CHECK(sqlite3_exec(db,
                       "INSERT INTO tu(id, created) VALUES(1, 5);"
                       "INSERT INTO tuv(tu_id, lang, text, norm_hash, nwords)"
                       " VALUES(1, 'en', 'An old unit.', 1, 3), (1, 'pl', 'Stara.', 2, 1)",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    tm = open_tm("v1.tm", BITEXT_TM_READONLY);
    CHECK(tm == NULL); /* needs an upgrade, which reading must not do */
    tm = open_tm("v1.tm", 0);
    CHECK(tm != NULL);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.schema_version == BITEXT_TM_SCHEMA_VERSION && st.tus == 1);
    /* The migration filled the new indexes from the old rows. */
    CHECK(sqlite3_prepare_v2(tm_sqlite_db(tm),
                             "SELECT rowid FROM tuv_words WHERE tuv_words MATCH 'old'",
                             -1, &q, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    id = sqlite3_column_int64(q, 0);
    CHECK(id == 1);
    sqlite3_finalize(q);
    bitext_tm_close(tm);
    /* Version 3 files are read as they are (version 4 changed nothing in a file); writing
     * one stamps the new version. */
    CHECK_OK(tm_sqlite_create(tmp_path("v3.tm"), 3, NULL));
    tm = open_tm("v3.tm", BITEXT_TM_READONLY);
    CHECK(tm != NULL);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.schema_version == 3 && st.tus == 0);
    bitext_tm_close(tm);
    tm = open_tm("v3.tm", 0);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.schema_version == BITEXT_TM_SCHEMA_VERSION);
    bitext_tm_close(tm);
}

/* A version-2 TM (before reviews) gets the document's review date and the indexes. */
static void test_migrate_v3(void)
{
    static const char insert[] = "INSERT INTO %sdocument(id, name, lang, added)"
                                 " VALUES(7, 'old.pl.txt', 'pl', 1)";
    bitext_tm *tm;
    bitext_tm_document doc = {"old.pl.txt", "pl", NULL, NULL, NULL};
    int64_t id = 0, when = -1;
    char sql[256], schema[64];
    if (pg_base) {
        CHECK_OK(tm_pg_create(target("v2.tm"), 2, NULL));
        snprintf(schema, sizeof schema, "%sv2_tm.", pg_prefix);
        snprintf(sql, sizeof sql, insert, schema);
        CHECK(pg_sql(sql) == 0);
    } else {
        sqlite3 *db = NULL;
        CHECK_OK(tm_sqlite_create(tmp_path("v2.tm"), 2, NULL));
        sqlite3_open(tmp_path("v2.tm"), &db);
        snprintf(sql, sizeof sql, insert, "");
        CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
        sqlite3_close(db);
    }
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
    if (tm_sqlite_db(tm)) {
        /* The file is in WAL mode again after the command's transaction. */
        sqlite3_stmt *q = NULL;
        CHECK(sqlite3_prepare_v2(tm_sqlite_db(tm), "PRAGMA journal_mode", -1, &q, NULL) ==
              SQLITE_OK);
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

/* Repetitions are texts the TM would take for the same one: white space and NFC aside. */
static void test_repetitions(void)
{
    const char *texts[] = {"The ferry leaves at 9.",   "Tickets cost 3 euros.",
                           " The ferry  leaves at 9. ", "the ferry leaves at 9.",
                           "Caf\xC3\xA9 opens at 8.",   "Cafe\xCC\x81 opens at 8.",
                           "Tickets cost 3 euros.",    ""};
    const bool want[] = {false, false, true, false, false, true, true, false};
    bool got[8] = {0}, many[1200];
    char buf[1200][32];
    const char *ptrs[1200];
    size_t n = sizeof texts / sizeof *texts, wrong = 0;
    CHECK_OK(bitext_tm_repetitions(got, texts, n, NULL));
    for (size_t i = 0; i < n; i++) {
        CHECK(got[i] == want[i]);
        if (got[i] != want[i])
            fprintf(stderr, "  text %zu: repeated %d\n", i, got[i]);
    }
    CHECK_OK(bitext_tm_repetitions(got, NULL, 0, NULL));
    /* more texts than the table's first size: 400 distinct, then each again, twice */
    for (size_t i = 0; i < 1200; i++) {
        snprintf(buf[i], sizeof buf[i], "Sentence number %zu.", i % 400);
        ptrs[i] = buf[i];
    }
    CHECK_OK(bitext_tm_repetitions(many, ptrs, 1200, NULL));
    for (size_t i = 0; i < 1200; i++)
        wrong += many[i] != (i >= 400);
    CHECK(wrong == 0);
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
        if (tm_sqlite_db(tm))
            CHECK(sqlite3_exec(tm_sqlite_db(tm),
                               "INSERT INTO tuv_chars(tuv_chars) VALUES('integrity-check')",
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

/* Reviewed pairs win over unreviewed ones whose source is the same but for its form: white
 * space, and a decomposed é (lookup compares the sources' hashes of their normal forms). */
static void test_reviewed_forms(void)
{
    bitext_tm *tm = open_tm("forms.tm", 0);
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    bitext_tm_match *m = NULL;
    size_t n = 0;
    int64_t right;
    add_origin(tm, "The cafe\xCC\x81  opens\tat noon.", "Kawiarnia otwiera się o świcie.", "pl",
               "aligned");
    add_origin(tm, "The caf\xC3\xA9 opens at noon .", "Kawiarnia jest nieczynna.", "pl",
               "aligned");
    right = add_origin(tm, "The caf\xC3\xA9 opens at noon.", "Kawiarnia otwiera się w południe.",
                       "pl", BITEXT_TM_ORIGIN_REVIEWED);
    o.src_lang = "en";
    o.tgt_lang = "pl";
    /* exact: the first is superseded; the second is another source (a space before the dot),
     * a fuzzy match of its own */
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "The caf\xC3\xA9 opens at noon.", &o, NULL));
    CHECK(n == 2 && m[0].reviewed && m[0].tu_id == right && m[0].score == 100);
    CHECK(n == 2 && !strcmp(m[1].target, "Kawiarnia jest nieczynna.") && m[1].score == 99);
    bitext_tm_matches_free(m, n);
    /* fuzzy, the query decomposed: the same two go, the other source stays below */
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "The cafe\xCC\x81 opens at midnight.", &o, NULL));
    CHECK(n == 2 && m[0].reviewed && m[0].tu_id == right && !m[1].reviewed);
    CHECK(n == 2 && !strcmp(m[1].target, "Kawiarnia jest nieczynna."));
    bitext_tm_matches_free(m, n);
    bitext_tm_close(tm);
}

/* BITEXT_TM_DEFER: a missing TM opens without being made (on a server: the connection stays
 * open); its first transaction makes it, and an existing TM opens as it is. */
static void test_deferred(void)
{
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    bitext_tm *tm = open_tm("deferred.tm", BITEXT_TM_DEFER), *other = NULL;
    bitext_tm_stats st;
    bitext_error err;
    bitext_error_clear(&err);
    CHECK(tm && !bitext_tm_exists(tm));
    o.flags = BITEXT_TM_NOCREATE;
    CHECK(bitext_tm_open(&other, target("deferred.tm"), &o, NULL) == BITEXT_ENOTFOUND);
    CHECK(bitext_tm_stats_get(&st, tm, &err) == BITEXT_ENOTFOUND);
    CHECK(strstr(err.message, "first write creates it") != NULL);
    CHECK_OK(bitext_tm_begin(tm, NULL));
    CHECK(bitext_tm_exists(tm));
    add(tm, "Made on first write.", "Utworzona przy pierwszym zapisie.");
    CHECK_OK(bitext_tm_commit(tm, NULL));
    CHECK(count_tus(tm) == 1);
    CHECK_OK(bitext_tm_stats_get(&st, tm, NULL));
    CHECK(st.tuvs == 2 && st.nlangs == 2);
    bitext_tm_close(tm);
    tm = open_tm("deferred.tm", BITEXT_TM_DEFER);
    CHECK(tm && bitext_tm_exists(tm) && count_tus(tm) == 1);
    bitext_tm_close(tm);
    /* read-only and missing: nothing to make */
    tm = open_tm("deferred-ro.tm", BITEXT_TM_DEFER | BITEXT_TM_READONLY);
    CHECK(tm && !bitext_tm_exists(tm) && bitext_tm_begin(tm, NULL) == BITEXT_ENOTFOUND);
    bitext_tm_close(tm);
    if (!pg_base) {
        /* where the file could not be made, the open fails at once */
        CHECK(mkdir(tmp_path("ro"), 0555) == 0);
        o.flags = BITEXT_TM_DEFER;
        CHECK(bitext_tm_open(&other, tmp_path("ro/x.tm"), &o, &err) == BITEXT_EREADONLY);
        CHECK(access(tmp_path("ro/x.tm"), F_OK) != 0);
        chmod(tmp_path("ro"), 0755);
    }
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
    /* a query without a word (punctuation only) has no fuzzy match, and is no error */
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "<!", &o, NULL));
    CHECK(n == 0);
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

/* ---- PostgreSQL only ------------------------------------------------------------------- */

static void test_pg_not_a_tm(void)
{
    char sql[256];
    bitext_error err;
    snprintf(sql, sizeof sql, "CREATE SCHEMA %sother; CREATE TABLE %sother.t(x int)", pg_prefix,
             pg_prefix);
    CHECK(pg_sql(sql) == 0);
    CHECK(open_code(target("other"), 0, &err) == BITEXT_EFORMAT);
    CHECK(strstr(err.message, "not a bitext translation memory") != NULL);
    CHECK(open_code(target("other"), BITEXT_TM_READONLY, &err) == BITEXT_EFORMAT);
    /* what messages name never holds the password */
    snprintf(sql, sizeof sql, "%s%cpassword=s3cret&dbname=bitext_no_such_db", pg_base,
             strchr(pg_base, '?') ? '&' : '?');
    CHECK(open_code(sql, 0, &err) == BITEXT_ESQLITE);
    CHECK(strstr(err.file, "password=") != NULL && strstr(err.file, "s3cret") == NULL);
    CHECK(strstr(err.message, "cannot connect") != NULL);
}

static bitext_tm *open_wait(const char *name, int wait_ms)
{
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    bitext_tm *tm = NULL;
    o.wait_ms = wait_ms;
    bitext_tm_open(&tm, target(name), &o, NULL);
    return tm;
}

static void add_in(bitext_tm *tm, const char *src, const char *tgt, int64_t *id)
{
    bitext_tu tu = BITEXT_TU_INIT;
    make_tu(&tu, src, tgt, false);
    CHECK_OK(bitext_tm_add_tu(id, tm, &tu, 0, 0, NULL));
    bitext_tu_clear(&tu);
}

/*
 * Two writers storing one TU at the same time meet on its key: the second waits for the
 * first (giving up after its wait), and when the first committed meanwhile, the second
 * stores everything else it had and the TU once.
 */
static void test_pg_same_tu(void)
{
    bitext_tm *a = open_wait("race.tm", 0), *b = open_wait("race.tm", 200);
    bitext_tm_stats st;
    bitext_error err;
    int64_t id = 0;
    CHECK(a && b);
    if (!a || !b)
        goto done;
    CHECK_OK(bitext_tm_begin(a, NULL));
    add_in(a, "Both writers have this.", "Obaj to mają.", &id);
    CHECK_OK(bitext_tm_stats_get(&st, a, NULL)); /* sent, not committed */
    CHECK_OK(bitext_tm_begin(b, NULL));
    add_in(b, "Both writers have this.", "Obaj to mają.", &id);
    CHECK(id > 0); /* b cannot see a's uncommitted TU */
    bitext_error_clear(&err);
    CHECK(bitext_tm_stats_get(&st, b, &err) == BITEXT_EBUSY); /* waits 200 ms, gives up */
    CHECK(strstr(err.message, "busy") != NULL);
    bitext_tm_rollback(b);
    CHECK_OK(bitext_tm_commit(a, NULL));
    /* both store Y; b also Z; a commits first: b skips Y, keeps Z */
    CHECK_OK(bitext_tm_begin(a, NULL));
    CHECK_OK(bitext_tm_begin(b, NULL));
    add_in(a, "Only one copy of this.", "Tylko jedna kopia.", &id);
    add_in(b, "Only one copy of this.", "Tylko jedna kopia.", &id);
    add_in(b, "This one is b's alone.", "To tylko b.", &id);
    CHECK_OK(bitext_tm_commit(a, NULL));
    CHECK_OK(bitext_tm_commit(b, NULL));
    CHECK_OK(bitext_tm_stats_get(&st, a, NULL));
    CHECK(st.tus == 3 && st.tuvs == 6); /* the variants per language counted once */
    /* an import (past the key filter's threshold, several batches): duplicates of TUs stored
     * before, sent in an earlier batch, or still in the batch are all found */
    CHECK_OK(bitext_tm_begin(a, NULL));
    for (int i = 0, dups = 0; i < 12000; i++) {
        char src[64], tgt[64];
        snprintf(src, sizeof src, "Sentence number %d.", i < 11000 ? i : i - 11000);
        snprintf(tgt, sizeof tgt, "Zdanie numer %d.", i < 11000 ? i : i - 11000);
        add_in(a, i == 5 ? "Only one copy of this." : src, i == 5 ? "Tylko jedna kopia." : tgt,
               &id);
        dups += id == 0;
        if (i == 11999)
            CHECK(dups == 1000); /* i = 5 and 11000..11999 but 11005 */
    }
    CHECK_OK(bitext_tm_commit(a, NULL));
    CHECK_OK(bitext_tm_stats_get(&st, a, NULL));
    CHECK(st.tus == 3 + 11000 && st.tuvs == 2 * (3 + 11000));
done:
    bitext_tm_close(a);
    bitext_tm_close(b);
}

/*
 * An import sends full batches on a second thread while it fills the next.  Here the batch
 * in flight meets a TU another writer committed after the import read the stored keys: the
 * flight takes the staging path, stores everything else, and the counts per language stay
 * right.
 */
static void test_pg_flight_meets_writer(void)
{
    bitext_tm *a = open_wait("flight.tm", 0), *b = open_wait("flight.tm", 0);
    bitext_tm_stats st;
    int64_t id = 0;
    char src[64], tgt[64];
    CHECK(a && b);
    if (!a || !b)
        goto done;
    CHECK_OK(bitext_tm_begin(a, NULL)); /* TUs before: the import does not fill the TM */
    for (int i = 0; i < 3000; i++) {
        snprintf(src, sizeof src, "Earlier sentence %d.", i);
        snprintf(tgt, sizeof tgt, "Wcześniejsze zdanie %d.", i);
        add_in(a, src, tgt, &id);
    }
    CHECK_OK(bitext_tm_commit(a, NULL));
    CHECK_OK(bitext_tm_begin(a, NULL));
    for (int i = 0; i < 7000; i++) {
        if (i == 1500) { /* past the key filter's threshold: b stores one of a's TUs */
            CHECK_OK(bitext_tm_begin(b, NULL));
            add_in(b, "Flight sentence 2000.", "Zdanie lotu 2000.", &id);
            CHECK_OK(bitext_tm_commit(b, NULL));
        }
        snprintf(src, sizeof src, "Flight sentence %d.", i);
        snprintf(tgt, sizeof tgt, "Zdanie lotu %d.", i);
        add_in(a, src, tgt, &id);
        if (i == 2000)
            CHECK(id > 0); /* a cannot know: the filter was read before */
    }
    CHECK_OK(bitext_tm_commit(a, NULL));
    CHECK_OK(bitext_tm_stats_get(&st, a, NULL));
    CHECK(st.tus == 10000 && st.tuvs == 20000);
    printf("flight met a writer: %lld TUs, %lld variants\n", (long long)st.tus,
           (long long)st.tuvs);
done:
    bitext_tm_close(a);
    bitext_tm_close(b);
}

/* Imports n new TUs into TM name in one transaction; the times the server searched the
 * index of TU keys for it (as its statistics count them once the session ended). */
static long long import_key_scans(const char *name, int n)
{
    bitext_tm *tm = open_tm(name, 0);
    char sql[512], ins[32] = "", scans[32] = "";
    int64_t id = 0;
    CHECK_OK(bitext_tm_begin(tm, NULL));
    for (int i = 0; i < n; i++) {
        char src[64], tgt[64];
        snprintf(src, sizeof src, "Question %d is never asked.", i);
        snprintf(tgt, sizeof tgt, "Pytanie %d nie pada.", i);
        add_in(tm, src, tgt, &id);
    }
    CHECK_OK(bitext_tm_commit(tm, NULL));
    bitext_tm_close(tm); /* the server adds up a session's scans when it ends */
    snprintf(sql, sizeof sql, "SELECT t.n_tup_ins, i.idx_scan FROM pg_stat_user_tables t"
             " JOIN pg_stat_user_indexes i USING (relid) WHERE t.schemaname = '%s%s' AND"
             " t.relname = 'tu' AND i.indexrelname = 'tu_key'", pg_prefix, name);
    for (int tries = 0; tries < 100 && atoll(ins) < n; tries++) {
        char row[64] = "";
        if (tries)
            usleep(100000);
        pg_value(row, sizeof row, sql);
        sscanf(row, "%31[^|]|%31s", ins, scans);
    }
    CHECK(atoll(ins) == n);
    return atoll(scans);
}

/*
 * An import asks the server about a TU only when the key filter holds its key.  Two imports
 * into new TMs, 2,000 and 30,000 TUs: both ask about each of their first 1,000 TUs (before
 * the filter), so the difference is what the filter let through for 28,000 TUs, beyond its
 * first size (it grows): near nothing, where a filter that filled up asks about most.
 */
static void test_pg_import_questions(void)
{
    long long small = import_key_scans("asks1", 2000), large = import_key_scans("asks2", 30000);
    printf("key index searches: %lld for 2000 TUs, %lld for 30000\n", small, large);
    CHECK(large - small < 280);
}

/* ---- both stores give the same results ------------------------------------------------- */

static uint64_t rng_state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* A word of the made-up vocabulary (Zipf-like: low ranks far more often). */
static void word(char *out, size_t size, bool polish, unsigned rank)
{
    static const char *const on[] = {"b", "k", "t", "st", "pr", "m", "w", "dr", "sz", "l"};
    static const char *const vo[] = {"a", "e", "o", "i", "u", "ó", "ą", "ę", "y", "ie"};
    size_t len = 0;
    unsigned r = rank + 7;
    out[0] = '\0';
    for (int syl = 0; r && syl < 3; syl++, r /= 10) {
        const char *v = vo[(r / 3) % (polish ? 10 : 5)];
        len += (size_t)snprintf(out + len, size - len, "%s%s", on[r % 10], v);
        if (len >= size)
            break;
    }
}

static unsigned zipf(unsigned n)
{
    unsigned r = rnd(n) + 1;
    return rnd(r) % n; /* product of uniforms: a skew toward small ranks */
}

/* A sentence pair of k words; ranks written to out (at most 40). */
static void sentence(char *en, char *pl, size_t size, const unsigned *ranks, size_t k, int num)
{
    size_t le = 0, lp = 0;
    for (size_t i = 0; i < k; i++) {
        char we[64], wp[64];
        word(we, sizeof we, false, ranks[i]);
        word(wp, sizeof wp, true, ranks[i]);
        if (i == 0 && we[0] >= 'a')
            we[0] = (char)(we[0] - 32);
        le += (size_t)snprintf(en + le, size - le, "%s%s", i ? " " : "", we);
        lp += (size_t)snprintf(pl + lp, size - lp, "%s%s", i ? " " : "", wp);
        if (num >= 0 && i == k / 2) {
            le += (size_t)snprintf(en + le, size - le, " %d", num);
            lp += (size_t)snprintf(pl + lp, size - lp, " %d", num);
        }
    }
    snprintf(en + le, size - le, ".");
    snprintf(pl + lp, size - lp, ".");
}

enum { SAME_TUS = 3000, SAME_QUERIES = 150 };

static bool same_matches(const bitext_tm_match *a, size_t na, const bitext_tm_match *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t k = 0; k < na; k++)
        if (a[k].score != b[k].score || a[k].tu_id != b[k].tu_id || a[k].created != b[k].created ||
            a[k].reviewed != b[k].reviewed ||
            strcmp(a[k].source, b[k].source) || strcmp(a[k].target, b[k].target) ||
            strcmp(a[k].src_lang, b[k].src_lang) || strcmp(a[k].tgt_lang, b[k].tgt_lang))
            return false;
    return true;
}

static bool same_hits(const bitext_tm_concord_hit *a, size_t na, const bitext_tm_concord_hit *b,
                      size_t nb)
{
    if (na != nb)
        return false;
    for (size_t k = 0; k < na; k++)
        if (a[k].tu_id != b[k].tu_id || a[k].start != b[k].start || a[k].end != b[k].end ||
            strcmp(a[k].text, b[k].text) || strcmp(a[k].lang, b[k].lang) ||
            !a[k].target != !b[k].target || (a[k].target && strcmp(a[k].target, b[k].target)))
            return false;
    return true;
}

/* The same synthetic TM in both stores: sentences of 4 to 20 words, numbers, neighbours,
 * a third language on some, Japanese on others. */
static void fill_same(bitext_tm *const tm[2], unsigned (*ranks)[24], size_t *lens)
{
    static const char *const ja[] = {"東京", "日本", "首都", "大阪", "新聞", "記者", "市長",
                                     "予算", "会議", "図書館", "学校", "天気"};
    for (int s = 0; s < 2; s++)
        CHECK_OK(bitext_tm_begin(tm[s], NULL));
    for (unsigned i = 0; i < SAME_TUS; i++) {
        char en[800], pl[800], jp[200] = "";
        bitext_tu tu = BITEXT_TU_INIT;
        lens[i] = 4 + rnd(17);
        for (size_t k = 0; k < lens[i]; k++)
            ranks[i][k] = zipf(1500);
        sentence(en, pl, sizeof en, ranks[i], lens[i], rnd(4) == 0 ? (int)rnd(3000) : -1);
        for (size_t k = 0; i % 7 == 3 && k < 4; k++)
            strcat(jp, ja[ranks[i][k] % 12]);
        make_tu(&tu, en, pl, false);
        tu.created = 1700000000 + (int64_t)(i / 10);  /* ties on the date: ids decide */
        if (*jp)
            bitext_tu_add_tuv(&tu, NULL, "ja", jp, strlen(jp), NULL);
        if (i % 5 == 1)
            bitext_tu_add_tuv(&tu, NULL, "de", pl, strlen(pl), NULL);
        if (i % 3 == 0)
            bitext_tu_set_string(&tu.tuvs[0].prev, "The sentence before.", NULL);
        for (int s = 0; s < 2; s++)
            CHECK_OK(bitext_tm_add_tu(NULL, tm[s], &tu, 0, 0, NULL));
        bitext_tu_clear(&tu);
        if (i % 13 == 5) {
            /* a reviewed correction: ranked first, and the pair it corrects left out */
            strcat(pl, " (poprawione)");
            make_tu(&tu, en, pl, false);
            tu.created = 1700000000 + (int64_t)(i / 10);
            bitext_tu_set_string(&tu.origin, BITEXT_TM_ORIGIN_REVIEWED, NULL);
            for (int s = 0; s < 2; s++)
                CHECK_OK(bitext_tm_add_tu(NULL, tm[s], &tu, 0, 0, NULL));
            bitext_tu_clear(&tu);
        }
    }
    for (int s = 0; s < 2; s++)
        CHECK_OK(bitext_tm_commit(tm[s], NULL));
}

/* Lookups: stored sources with one word changed, exact ones with context, Japanese. */
static void compare_lookups(bitext_tm *const tm[2], unsigned (*ranks)[24], const size_t *lens)
{
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    int differ = 0, found = 0, reviewed = 0;
    o.src_lang = "en";
    o.tgt_lang = "pl";
    o.threshold = 50;
    for (unsigned q = 0; q < SAME_QUERIES; q++) {
        unsigned i = rnd(SAME_TUS), r[24];
        char en[800], pl[800];
        bitext_tm_match *m[2] = {NULL, NULL};
        size_t n[2] = {0, 0};
        memcpy(r, ranks[i], sizeof r);
        if (q % 3)
            r[rnd((unsigned)lens[i])] = zipf(1500);
        sentence(en, pl, sizeof en, r, lens[i], -1);
        o.prev = q % 3 == 0 && q % 2 ? "The sentence before." : NULL;
        o.src_lang = q % 10 == 9 ? "ja" : "en";
        o.tgt_lang = q % 10 == 9 ? "en" : "pl";
        if (q % 10 == 9)
            snprintf(en, sizeof en, "東京日本の首都大阪");
        for (int s = 0; s < 2; s++)
            CHECK_OK(bitext_tm_lookup(&m[s], &n[s], tm[s], en, &o, NULL));
        differ += !same_matches(m[0], n[0], m[1], n[1]);
        found += n[0] > 0;
        reviewed += n[0] > 0 && m[0][0].reviewed;
        for (int s = 0; s < 2; s++)
            bitext_tm_matches_free(m[s], n[s]);
    }
    CHECK(differ == 0);
    CHECK(found >= SAME_QUERIES * 8 / 10); /* the queries do find matches */
    CHECK(reviewed > 0); /* some queries meet a correction, which comes first */
    printf("lookups: %d of %d differ between SQLite and PostgreSQL, %d found matches (%d a "
           "reviewed one first)\n", differ, SAME_QUERIES, found, reviewed);
}

/* Concordances: phrases of one to three words, two letters, Japanese, of stored text. */
static void compare_concords(bitext_tm *const tm[2], unsigned (*ranks)[24], const size_t *lens)
{
    static const char *const fixed[] = {"ka", "st", "東京", "日本の", "予算会議", "a 1"};
    bitext_tm_concord_options o = BITEXT_TM_CONCORD_OPTIONS_INIT;
    int differ = 0, found = 0, total = 0;
    o.max = 10;
    for (unsigned q = 0; q < 60; q++, total++) {
        unsigned i = rnd(SAME_TUS), k = rnd((unsigned)lens[i]), w = 1 + rnd(3);
        char en[800], pl[800], *start = en, *end;
        bitext_tm_concord_hit *h[2] = {NULL, NULL};
        size_t n[2] = {0, 0};
        sentence(en, pl, sizeof en, ranks[i], lens[i], -1);
        for (unsigned j = 0; j < k && strchr(start, ' '); j++)
            start = strchr(start, ' ') + 1;
        for (end = start; w && *end; end++)
            w -= *end == ' ';
        end[-1 + (*end == '\0')] = '\0';
        if (q < sizeof fixed / sizeof *fixed)
            start = (char *)fixed[q];
        o.lang = q % 4 == 1 ? "en" : NULL;
        for (int s = 0; s < 2; s++)
            CHECK_OK(bitext_tm_concord(&h[s], &n[s], tm[s], start, &o, NULL));
        differ += !same_hits(h[0], n[0], h[1], n[1]);
        found += n[0] > 0;
        for (int s = 0; s < 2; s++)
            bitext_tm_concord_free(h[s], n[s]);
    }
    CHECK(differ == 0);
    CHECK(found >= total * 8 / 10);
    printf("concordances: %d of %d differ, %d found hits\n", differ, total, found);
}

/* Exports: the same TUs, variants and order. */
static void compare_exports(bitext_tm *const tm[2])
{
    bitext_tm_iter *it[2] = {NULL, NULL};
    bitext_tu tu[2] = {BITEXT_TU_INIT, BITEXT_TU_INIT};
    int rc[2], differ = 0, count = 0;
    for (int s = 0; s < 2; s++)
        CHECK_OK(bitext_tm_iter_new(&it[s], tm[s], NULL, NULL));
    do {
        for (int s = 0; s < 2; s++)
            rc[s] = it[s] ? bitext_tm_iter_next(it[s], &tu[s], NULL) : -1;
        differ += rc[0] != rc[1] || (rc[0] == 1 && tu[0].ntuvs != tu[1].ntuvs);
        for (size_t v = 0; rc[0] == 1 && rc[1] == 1 && v < tu[0].ntuvs && v < tu[1].ntuvs; v++)
            differ += strcmp(tu[0].tuvs[v].text, tu[1].tuvs[v].text) ||
                      strcmp(tu[0].tuvs[v].lang, tu[1].tuvs[v].lang) ||
                      !tu[0].tuvs[v].prev != !tu[1].tuvs[v].prev;
        count += rc[0] == 1;
    } while (rc[0] == 1 && rc[1] == 1);
    /* each correction replaced the pair it corrects (and any other of the same source) */
    CHECK(differ == 0 && count <= SAME_TUS && count > SAME_TUS - 5);
    printf("exports: %d TUs each, %d differ\n", count, differ);
    for (int s = 0; s < 2; s++) {
        bitext_tu_clear(&tu[s]);
        bitext_tm_iter_free(it[s]);
    }
}

static void test_same_results(void)
{
    bitext_tm *tm[2] = {NULL, NULL};
    unsigned (*ranks)[24] = calloc(SAME_TUS, sizeof *ranks);
    size_t *lens = calloc(SAME_TUS, sizeof *lens);
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    CHECK_OK(bitext_tm_open(&tm[0], tmp_path("same.tm"), &o, NULL));
    CHECK_OK(bitext_tm_open(&tm[1], target("same"), &o, NULL));
    if (tm[0] && tm[1] && ranks && lens) {
        fill_same(tm, ranks, lens);
        compare_lookups(tm, ranks, lens);
        compare_concords(tm, ranks, lens);
        compare_exports(tm);
    }
    bitext_tm_close(tm[0]);
    bitext_tm_close(tm[1]);
    free(ranks);
    free(lens);
}

/* The oids of the GIN indexes of TM name, "a,b" (they change when an index is built again). */
static void gin_oids(char *out, size_t size, const char *name)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT string_agg(c.oid::text, ',' ORDER BY c.relname) FROM"
             " pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname ="
             " '%s%s' AND c.relname IN ('term_trgm', 'tuv_words')", pg_prefix, name);
    pg_value(out, size, sql);
}

/* An import filling a TM builds its GIN indexes at commit: they are new, and answer. */
static void test_pg_bulk(void)
{
    bitext_tm *tm = open_tm("bulk", 0);
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    bitext_tm_concord_options co = BITEXT_TM_CONCORD_OPTIONS_INIT;
    bitext_tm_concord_hit *h = NULL;
    bitext_tm_match *m = NULL;
    char before[64], after[64], src[128], tgt[128];
    size_t n = 0;
    gin_oids(before, sizeof before, "bulk");
    CHECK(strchr(before, ',') != NULL);
    for (int pass = 0; pass < 2; pass++) {
        CHECK_OK(bitext_tm_begin(tm, NULL));
        for (int i = 0; i < 1500; i++) {
            snprintf(src, sizeof src, "Bulk unit number %d of pass %d arrives.", i, pass);
            snprintf(tgt, sizeof tgt, "Jednostka numer %d przebiegu %d.", i, pass);
            add(tm, src, tgt);
        }
        /* both passes fill an empty TM: the first is rolled back, the second committed */
        if (pass == 0) {
            bitext_tm_rollback(tm); /* the indexes come back as they were */
            gin_oids(after, sizeof after, "bulk");
            CHECK_STR(before, after);
        } else {
            CHECK_OK(bitext_tm_commit(tm, NULL));
            gin_oids(after, sizeof after, "bulk");
            CHECK(strchr(after, ',') != NULL && strcmp(before, after) != 0);
        }
    }
    CHECK(count_tus(tm) == 1500);
    o.src_lang = "en";
    o.tgt_lang = "pl";
    CHECK_OK(bitext_tm_lookup(&m, &n, tm, "Bulk unit number 747 of pass 1 arrived.", &o, NULL));
    CHECK(n >= 1 && strcmp(m[0].target, "Jednostka numer 747 przebiegu 1.") == 0);
    bitext_tm_matches_free(m, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "numer 1499 przebiegu", &co, NULL));
    CHECK(n == 1);
    bitext_tm_concord_free(h, n);
    bitext_tm_close(tm);
}

/* Rows of TM name's tuv the server has read (any scan), as its statistics count them once a
 * session ended: waits until they differ from `before` (seconds at most; -1: once the
 * table's inserted rows number `rows`). */
static long long tuv_reads(const char *name, long long before, long long rows)
{
    char sql[512];
    long long ins = 0, reads = before;
    snprintf(sql, sizeof sql, "SELECT n_tup_ins, coalesce(seq_tup_read, 0) +"
             " coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE schemaname = '%s%s'"
             " AND relname = 'tuv'", pg_prefix, name);
    for (int tries = 0; tries < 100; tries++) {
        char row[64] = "";
        if (tries)
            usleep(100000);
        pg_value(row, sizeof row, sql);
        sscanf(row, "%lld|%lld", &ins, &reads);
        if (before < 0 ? ins == rows : reads != before)
            break;
    }
    return reads;
}

/*
 * Concordance through the vocabulary of stored terms: a phrase beginning inside a word
 * finds its variants through the terms that word ends or lies in, reading those variants and
 * not the whole table; a word no term holds reads nothing.  The terms come from a bulk
 * import (indexes built at commit) and from a small addition into the live indexes.
 */
static void test_pg_vocabulary(void)
{
    bitext_tm *tm = open_tm("vocab", 0);
    bitext_tm_concord_options co = BITEXT_TM_CONCORD_OPTIONS_INIT;
    bitext_tm_concord_hit *h = NULL;
    char src[128], tgt[128], sql[256], count[32] = "";
    long long before, after;
    size_t n = 0;
    CHECK_OK(bitext_tm_begin(tm, NULL));
    for (int i = 0; i < 3000; i++) {
        snprintf(src, sizeof src, "Routine report %d was filed on time.", i);
        snprintf(tgt, sizeof tgt, "Rutynowy raport %d złożono na czas.", i);
        add(tm, src, tgt);
    }
    add(tm, "The Senate voted for RATIFICATION of the treaty.", "Senat głosował za ratyfikacją.");
    add(tm, "Ratification of the treaty follows.", "Ratyfikacja traktatu nastąpi.");
    CHECK_OK(bitext_tm_commit(tm, NULL));
    add(tm, "The harbour authority met on Monday.", "Zarząd portu zebrał się w poniedziałek.");
    bitext_tm_close(tm);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT t) FROM %svocab.term WHERE t IN"
             " ('ratification', 'ratyfikacja', 'harbour', 'nastapi')", pg_prefix);
    pg_value(count, sizeof count, sql);
    CHECK_STR(count, "4"); /* folded as the word index holds them: no diacritics */

    before = tuv_reads("vocab", -1, 2 * 3003);
    tm = open_tm("vocab", 0);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "atification of", &co, NULL));
    CHECK(n == 2);
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "arbour auth", &co, NULL));
    CHECK(n == 1 && strstr(h[0].text, "harbour authority"));
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "ratyfikac", &co, NULL));
    CHECK(n == 2);
    bitext_tm_concord_free(h, n);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "zzqxv", &co, NULL));
    CHECK(n == 0);
    bitext_tm_concord_free(h, n);
    bitext_tm_close(tm);
    after = tuv_reads("vocab", before, 0);
    printf("variants read by four concordances: %lld of %d\n", after - before, 2 * 3003);
    CHECK(after > before && after - before < 40);
}

/* A version-3 TM (a trigram index over every variant) gets the vocabulary of its terms. */
static void test_pg_migrate_v4(void)
{
    static const char rows[] =
        "INSERT INTO %sv3.tu(id, key) VALUES (1, 11);"
        "INSERT INTO %sv3.tuv(id, tu_id, lang, text, norm_hash, nwords, words) VALUES"
        " (1, 1, 'en', 'Ratification of the treaty', 1, 4, 'ratification of the treaty'),"
        " (2, 1, 'pl', 'Ratyfikacja traktatu', 2, 2, 'ratyfikacja traktatu')";
    bitext_tm_concord_options co = BITEXT_TM_CONCORD_OPTIONS_INIT;
    bitext_tm_concord_hit *h = NULL;
    bitext_tm *tm;
    char sql[512], v[32] = "";
    size_t n = 0;
    CHECK_OK(tm_pg_create(target("v3"), 3, NULL));
    snprintf(sql, sizeof sql, rows, pg_prefix, pg_prefix);
    CHECK(pg_sql(sql) == 0);
    tm = open_tm("v3", 0);
    CHECK(tm != NULL);
    CHECK_OK(bitext_tm_concord(&h, &n, tm, "atificati", &co, NULL));
    CHECK(n == 1 && h[0].tu_id == 1);
    bitext_tm_concord_free(h, n);
    bitext_tm_close(tm);
    snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM %sv3.term) || ' ' ||"
             " (to_regclass('%sv3.tuv_trgm') IS NULL)", pg_prefix, pg_prefix);
    pg_value(v, sizeof v, sql);
    CHECK_STR(v, "6 true");
}

int main(void)
{
    int rc = tm_target_setup();
    if (rc)
        return rc;
    snprintf(dir, sizeof dir, "%s/bitext-test-tm.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR")
                                                                           : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    test_create_and_reopen();
    test_migrate_v3();
    if (!pg_base) {
        test_not_a_tm();
        test_readonly();
        test_migrate();
    } else {
        test_pg_not_a_tm();
        test_pg_same_tu();
        test_pg_flight_meets_writer();
        test_pg_import_questions();
        test_pg_bulk();
        test_pg_vocabulary();
        test_pg_migrate_v4();
        test_same_results();
    }
    test_repetitions();
    test_rollback();
    test_dedup();
    test_round_trip();
    test_filter();
    test_scores();
    test_lookup();
    test_reviewed_wins();
    test_reviewed_forms();
    test_deferred();
    test_concord();
    tm_target_cleanup();
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
    return check_done(pg_base ? "test_tm (PostgreSQL)" : "test_tm");
}
