/* tm_concord.c - concordance: a phrase inside stored segments, through the trigram index. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "tm_int.h"

static uint32_t fold(uint32_t cp)
{
    return (uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
}

/* Case-insensitive search (simple case folding per code point): byte range of the first hit. */
static bool find_folded(size_t *start, size_t *end, const char *text, const uint32_t *pat,
                        size_t npat)
{
    size_t len = strlen(text), at = 0;
    while (at < len) {
        size_t i = at, k = 0;
        while (k < npat && i < len && fold(bitext_utf8_next(text, len, &i)) == pat[k])
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

/* LIKE pattern for the trigram index: %phrase% (LIKE's own wildcards in the phrase only
 * widen the candidates; find_folded checks every row). */
static char *like_pattern(const char *phrase)
{
    bitext_buf b = {0};
    bitext_buf_putc(&b, '%');
    bitext_buf_puts(&b, phrase);
    bitext_buf_putc(&b, '%');
    return bitext_buf_detach(&b);
}

static int search(concord *C, const char *phrase, bitext_error *err)
{
    char *arg = NULL;
    int rc;
    if (C->npat >= 3) {
        /* SQLite 3.40's trigram tokenizer answers LIKE from the index for >= 3 characters. */
        if (!(arg = like_pattern(phrase)))
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        rc = run(C, "SELECT tuv.id, tuv.tu_id, tuv.lang, tuv.text FROM tuv_chars"
                    " JOIN tuv ON tuv.id = tuv_chars.rowid WHERE tuv_chars.text LIKE ?1"
                    " ORDER BY tuv_chars.rowid DESC", arg, err);
        free(arg);
        return rc;
    }
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
