/* tm_concord.c - concordance: a phrase inside stored segments, through the trigram index. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "tm_int.h"

static uint32_t fold(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return (uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
}

/* Matches pat[k] at text[*i]: case-folded, and a space of the (normalised) phrase matches
 * any run of white space in the stored text ("city  council", "25\u00A0euros"). */
static bool match_at(const char *text, size_t len, size_t *i, uint32_t want)
{
    size_t j = *i;
    uint32_t cp = bitext_utf8_next(text, len, &j);
    if (want == ' ' && bitext_is_space(cp)) {
        for (size_t q = j; q < len && bitext_is_space(bitext_utf8_next(text, len, &q)); j = q)
            ;
        *i = j;
        return true;
    }
    if (fold(cp) != want)
        return false;
    *i = j;
    return true;
}

/* Case-insensitive search (simple case folding per code point): byte range of the first hit. */
static bool find_folded(size_t *start, size_t *end, const char *text, const uint32_t *pat,
                        size_t npat)
{
    size_t len = strlen(text), at = 0;
    while (at < len) {
        size_t i = at, k = 0;
        while (k < npat && i < len && match_at(text, len, &i, pat[k]))
            k++;
        if (k == npat) {
            *start = at;
            *end = i;
            return true;
        }
        bitext_utf8_next(text, len, &at);
    }
    return false;
}

typedef struct {
    bitext_tm *tm;
    const bitext_tm_concord_options *o;
    uint32_t *pat;
    size_t npat;
    bitext_tm_concord_hit *h;
    size_t n, cap, max;
} concord;

/* The translation shown beside a hit: the best match of tgt_lang, else another language. */
static int translation(concord *C, bitext_tm_concord_hit *hit, int64_t tuv_id)
{
    sqlite3_stmt *st = NULL;
    int best = 0;
    if (sqlite3_prepare_v2(C->tm->db, "SELECT lang, text, id FROM tuv WHERE tu_id=? ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return BITEXT_ESQLITE;
    sqlite3_bind_int64(st, 1, hit->tu_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        int m = C->o->tgt_lang ? bitext_lang_match(C->o->tgt_lang, lang)
                               : !bitext_lang_match(hit->lang, lang);
        if (sqlite3_column_int64(st, 2) == tuv_id || m <= best)
            continue;
        free(hit->tgt_lang);
        free(hit->target);
        hit->tgt_lang = bitext_strdup(lang);
        hit->target = bitext_strdup((const char *)sqlite3_column_text(st, 1));
        best = m;
    }
    sqlite3_finalize(st);
    return 0;
}

static bool seen(const concord *C, int64_t tu_id)
{
    for (size_t k = 0; k < C->n; k++)
        if (C->h[k].tu_id == tu_id)
            return true;
    return false;
}

/* Checks one row (id, tu_id, lang, text) and keeps it when the phrase is really there. */
static int consider(concord *C, sqlite3_stmt *st)
{
    const char *lang = (const char *)sqlite3_column_text(st, 2);
    const char *text = (const char *)sqlite3_column_text(st, 3);
    int64_t tu_id = sqlite3_column_int64(st, 1);
    bitext_tm_concord_hit *hit;
    size_t s, e;
    if ((C->o->lang && !bitext_lang_match(C->o->lang, lang)) || seen(C, tu_id) ||
        !find_folded(&s, &e, text, C->pat, C->npat))
        return 0;
    if (bitext_grow((void **)&C->h, &C->cap, C->n + 1, sizeof *C->h) < 0)
        return BITEXT_ENOMEM;
    hit = &C->h[C->n++];
    memset(hit, 0, sizeof *hit);
    hit->tu_id = tu_id;
    hit->start = s;
    hit->end = e;
    if (!(hit->lang = bitext_strdup(lang)) || !(hit->text = bitext_strdup(text)))
        return BITEXT_ENOMEM;
    return translation(C, hit, sqlite3_column_int64(st, 0));
}

/* Runs a query of (id, tu_id, lang, text) rows until max hits. */
static int run(concord *C, const char *sql, const char *arg, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(C->tm->db, sql, -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(C->tm, err, "concordance");
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    while (C->n < C->max && (step = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = consider(C, st)) < 0)
            break;
    sqlite3_finalize(st);
    if (rc == BITEXT_ENOMEM)
        return bitext_fail(err, rc, "out of memory");
    return rc < 0 ? tm_sqlfail(C->tm, err, "concordance") : 0;
}

/*
 * The trigram query: the phrase's trigrams every `step` characters (plus the last one),
 * ANDed.  With step 3 they just cover the phrase: fewer terms than the LIKE operator's every
 * overlapping trigram (a tenth of the time on the 100,000-TU bench; re-querying with every
 * trigram when the candidates are many was slower on the 1,000,000-TU bench, median 21 ms
 * against 13 ms).  find_folded then checks each row.  A trigram is one token, so detail=none answers it without positions.
 */
static char *trigram_query(const char *phrase, size_t step)
{
    size_t len = strlen(phrase), i = 0, n = 0, cap = 0, *at = NULL;
    bitext_buf b = {0};
    while (i < len) {
        if (bitext_grow((void **)&at, &cap, n + 2, sizeof *at) < 0) {
            free(at);
            return NULL;
        }
        at[n++] = i;
        bitext_utf8_next(phrase, len, &i);
    }
    at[n] = len;
    for (size_t k = 0, last = SIZE_MAX; n >= 3 && last != n - 3; k += step) {
        if (k > n - 3)
            k = n - 3; /* the last trigram, so that the phrase's end is covered too */
        if (b.len)
            bitext_buf_puts(&b, " AND ");
        bitext_buf_putc(&b, '"');
        for (size_t j = at[k]; j < at[k + 3]; j++) {
            if (phrase[j] == '"')
                bitext_buf_putc(&b, '"');
            bitext_buf_putc(&b, phrase[j]);
        }
        bitext_buf_putc(&b, '"');
        last = k;
    }
    free(at);
    return bitext_buf_detach(&b);
}

static bool word_char(uint32_t cp)
{
    /* unicode61's token characters ("L* N* Co"): a combining mark separates tokens there,
     * so a Hindi or Thai word is several index terms */
    return u_isalnum((UChar32)cp) || (U_GET_GC_MASK((UChar32)cp) & U_GC_CO_MASK);
}

static bool unspaced(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp = bitext_utf8_next(s, len, &i);
        if (cp >= 0x2E80 && cp < 0xFFFF && word_char(cp))
            return true; /* CJK and the like: one unicode61 token per run, no words to use */
    }
    return false;
}

static void put_term(bitext_buf *b, const char *s, size_t n, bool prefix)
{
    if (b->len)
        bitext_buf_puts(b, " AND ");
    bitext_buf_putc(b, '"');
    bitext_buf_append(b, s, n); /* word characters only: no quote to double */
    bitext_buf_puts(b, prefix ? "\"*" : "\"");
}

/*
 * The word-index query for a phrase in a spaced script, or NULL when it would not narrow
 * the search.  Wherever the phrase occurs, a word it holds between two non-word characters
 * is a whole token of the segment, and its last word begins a token: so the AND of those
 * words (the last as a prefix) finds every segment holding the phrase, through an index far
 * more selective than trigrams.  The first word may end a longer token and is left out.
 */
static char *words_query(const char *phrase)
{
    size_t len = strlen(phrase), i = 0, exact = 0, longest_prefix = 0;
    bitext_buf b = {0};
    while (i < len) {
        size_t start = i, end, chars = 0;
        if (!word_char(bitext_utf8_next(phrase, len, &i)))
            continue;
        for (end = i, chars = 1; end < len; chars++) {
            size_t j = end;
            if (!word_char(bitext_utf8_next(phrase, len, &j)))
                break;
            end = j;
        }
        i = end;
        if (start == 0 || (end == len && chars < 4))
            continue; /* a short prefix expands to too many terms to help */
        put_term(&b, phrase + start, end - start, end == len);
        if (end == len)
            longest_prefix = chars;
        else
            exact++;
    }
    if (exact == 0 && longest_prefix < 4) {
        bitext_buf_free(&b);
        return NULL;
    }
    return bitext_buf_detach(&b);
}

/* Up to limit row ids of an FTS query, newest first; *n = limit + 1 means "more". */
static int fts_ids(concord *C, const char *sql, const char *match, int64_t **ids, size_t *n,
                   size_t limit, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc;
    *n = 0;
    if (sqlite3_prepare_v2(C->tm->db, sql, -1, &st, NULL) != SQLITE_OK)
        return tm_sqlfail(C->tm, err, "concordance");
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (int64_t)limit + 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (bitext_grow((void **)ids, &cap, *n + 1, sizeof **ids) < 0) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_NOMEM)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return rc == SQLITE_DONE ? 0 : tm_sqlfail(C->tm, err, "concordance");
}

/* Checks the candidate rows (newest first) until max hits. */
static int verify(concord *C, const int64_t *ids, size_t n, bitext_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(C->tm->db, "SELECT id, tu_id, lang, text FROM tuv WHERE id = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return tm_sqlfail(C->tm, err, "concordance");
    for (size_t k = 0; k < n && C->n < C->max && rc == 0; k++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[k]);
        if (sqlite3_step(st) == SQLITE_ROW)
            rc = consider(C, st);
    }
    sqlite3_finalize(st);
    return rc == BITEXT_ENOMEM ? bitext_fail(err, rc, "out of memory")
                               : rc < 0 ? tm_sqlfail(C->tm, err, "concordance") : 0;
}

enum { CANDIDATES = 3000 };

static const char words_ids[] =
    "SELECT rowid FROM tuv_words WHERE tuv_words MATCH ?1 ORDER BY rowid DESC LIMIT ?2";
static const char chars_ids[] =
    "SELECT rowid FROM tuv_chars WHERE tuv_chars MATCH ?1 ORDER BY rowid DESC LIMIT ?2";

/*
 * Phrases of three characters or more: the word query and the trigram query (either may be
 * missing) each give at most CANDIDATES rows; a complete set (fewer than that) is checked
 * as it is.  When both are larger, the phrase is common: check the trigram candidates in
 * order, which finds max hits soon.
 */
static int search_long(concord *C, const char *phrase, bitext_error *err)
{
    char *wq = unspaced(phrase) ? NULL : words_query(phrase), *tq = trigram_query(phrase, 3);
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = 0;
    if (!tq)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0 && wq && (rc = fts_ids(C, words_ids, wq, &ids, &n, CANDIDATES, err)) == 0 &&
        n <= CANDIDATES) {
        rc = verify(C, ids, n, err);
        goto done;
    }
    free(ids);
    ids = NULL;
    if (rc == 0)
        rc = fts_ids(C, chars_ids, tq, &ids, &n, CANDIDATES, err);
    if (rc == 0 && n <= CANDIDATES) {
        rc = verify(C, ids, n, err);
        goto done;
    }
    if (rc == 0)
        rc = run(C, "SELECT tuv.id, tuv.tu_id, tuv.lang, tuv.text FROM tuv_chars"
                    " JOIN tuv ON tuv.id = tuv_chars.rowid WHERE tuv_chars MATCH ?1"
                    " ORDER BY tuv_chars.rowid DESC", tq, err);
done:
    free(ids);
    free(wq);
    free(tq);
    return rc;
}

static int search(concord *C, const char *phrase, bitext_error *err)
{
    char *arg = NULL;
    int rc;
    /* SQLite 3.40's trigram tokenizer finds nothing shorter than three characters. */
    if (C->npat >= 3)
        return search_long(C, phrase, err);
    /* Shorter: a whole word ("EU", a two-character Chinese word) through the word index,
     * then a bounded scan of the newest rows for the phrase inside longer words. */
    {
        bitext_buf b = {0};
        bitext_buf_putc(&b, '"');
        for (const char *p = phrase; *p; p++) {
            if (*p == '"')
                bitext_buf_putc(&b, '"'); /* FTS5 strings double their quotes */
            bitext_buf_putc(&b, *p);
        }
        bitext_buf_putc(&b, '"');
        if (!(arg = bitext_buf_detach(&b)))
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    rc = run(C, "SELECT tuv.id, tuv.tu_id, tuv.lang, tuv.text FROM tuv_words"
                " JOIN tuv ON tuv.id = tuv_words.rowid WHERE tuv_words MATCH ?1"
                " ORDER BY tuv_words.rowid DESC", arg, err);
    free(arg);
    /* The newest 200,000 rows at most: a bounded cost for phrases no index can find. */
    if (rc == 0 && C->n < C->max)
        rc = run(C, "SELECT id, tu_id, lang, text FROM tuv ORDER BY id DESC LIMIT 200000", NULL,
                 err);
    return rc;
}

int bitext_tm_concord(bitext_tm_concord_hit **out, size_t *n, bitext_tm *tm, const char *phrase,
                      const bitext_tm_concord_options *opts, bitext_error *err)
{
    static const bitext_tm_concord_options defaults = BITEXT_TM_CONCORD_OPTIONS_INIT;
    concord C = {0};
    char *norm = NULL;
    size_t len, i = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if (opts && opts->version != BITEXT_TM_CONCORD_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_tm_concord_options: unknown version");
    C.tm = tm;
    if ((tm->fts_from || tm->nlang_add) && (rc = tm_fts_sync(tm, err)) < 0)
        return rc; /* variants added in this transaction */
    C.o = opts ? opts : &defaults;
    C.max = C.o->max ? C.o->max : 20;
    if ((rc = bitext_tm_normalize(&norm, phrase, err)) < 0)
        return rc;
    len = strlen(norm);
    if (!len) {
        free(norm);
        return bitext_fail(err, BITEXT_EINVAL, "empty phrase");
    }
    if (!(C.pat = malloc((len + 1) * sizeof *C.pat))) {
        free(norm);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    while (i < len)
        C.pat[C.npat++] = fold(bitext_utf8_next(norm, len, &i));
    rc = search(&C, norm, err);
    free(norm);
    free(C.pat);
    if (rc < 0) {
        bitext_tm_concord_free(C.h, C.n);
        return rc;
    }
    *out = C.h;
    *n = C.n;
    return 0;
}

void bitext_tm_concord_free(bitext_tm_concord_hit *h, size_t n)
{
    if (!h)
        return;
    for (size_t k = 0; k < n; k++) {
        free(h[k].lang);
        free(h[k].text);
        free(h[k].tgt_lang);
        free(h[k].target);
    }
    free(h);
}
