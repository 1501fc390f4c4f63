/* worddiff.c - word-level diff of two texts and CAT-style word counts (see worddiff.h).
 *
 * Tokens come from ICU's word BreakIterator over a UTF-8 UText, so its positions are byte
 * offsets and nothing is copied.  The diff strips the common prefix and suffix and runs the
 * classic LCS table (Hunt & McIlroy's problem, solved by dynamic programming) on the
 * middle; sentences are short, and a bound on the table keeps pathological input linear.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "bitext/worddiff.h"
#include "util_int.h"

#define MAX_CELLS 4000000 /* LCS table bound: 2000 x 2000 tokens */

struct bitext_worddiff {
    UBreakIterator *bi;
    UText *ut;
};

typedef struct {
    size_t start, end;
    uint64_t key; /* hash of the token as compared */
} token;

typedef struct {
    token *v;
    size_t n, cap;
} tokens;

int bitext_worddiff_new(bitext_worddiff **out, const char *lang, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    bitext_worddiff *wd = calloc(1, sizeof *wd);
    *out = NULL;
    if (!wd)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    wd->bi = ubrk_open(UBRK_WORD, lang && *lang ? lang : "", NULL, 0, &st);
    if (U_FAILURE(st)) {
        bitext_worddiff_free(wd);
        return bitext_fail(err, BITEXT_EICU, "ICU word break iterator: %s", u_errorName(st));
    }
    *out = wd;
    return 0;
}

void bitext_worddiff_free(bitext_worddiff *wd)
{
    if (!wd)
        return;
    if (wd->bi)
        ubrk_close(wd->bi);
    if (wd->ut)
        utext_close(wd->ut);
    free(wd);
}

static bool all_space(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n)
        if (!bitext_is_space(bitext_utf8_next(s, n, &i)))
            return false;
    return n > 0;
}

/* The comparison key of a token: its bytes, or one key for every run of white space, or
 * its case-folded code points. */
static uint64_t token_key(const char *s, size_t n, unsigned flags)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i = 0;
    if ((flags & BITEXT_WORDDIFF_IGNORE_SPACE) && all_space(s, n))
        return 0x20;
    if (!(flags & BITEXT_WORDDIFF_IGNORE_CASE))
        return bitext_hash64(s, n);
    while (i < n) {
        uint32_t cp =
            (uint32_t)u_foldCase((UChar32)bitext_utf8_next(s, n, &i), U_FOLD_CASE_DEFAULT);
        h = (h ^ cp) * 1099511628211ULL;
    }
    return h;
}

/* Cuts text at word boundaries; with keep_status, only word-like tokens are kept (for
 * counting) and *words receives their number. */
static int tokenize(tokens *out, size_t *words, bitext_worddiff *wd, const char *s, size_t len,
                    unsigned flags, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t prev = 0, b;
    out->n = 0;
    if (len == 0)
        return 0;
    wd->ut = utext_openUTF8(wd->ut, s, (int64_t)len, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(wd->bi, wd->ut, &st);
    if (U_FAILURE(st))
        return bitext_fail(err, BITEXT_EICU, "ICU word break iterator: %s", u_errorName(st));
    for (b = ubrk_next(wd->bi); b != UBRK_DONE; prev = b, b = ubrk_next(wd->bi)) {
        if (words) {
            *words += ubrk_getRuleStatus(wd->bi) >= UBRK_WORD_NUMBER;
            continue;
        }
        if (bitext_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        out->v[out->n++] =
            (token){(size_t)prev, (size_t)b, token_key(s + prev, (size_t)(b - prev), flags)};
    }
    return 0;
}

size_t bitext_worddiff_count_words(bitext_worddiff *wd, const char *text, size_t len)
{
    tokens t = {0};
    size_t words = 0;
    tokenize(&t, &words, wd, text, len, 0, NULL);
    free(t.v);
    return words;
}

/* ---- runs ------------------------------------------------------------------------------- */

typedef struct {
    bitext_wordrun *v;
    size_t n, cap;
} runs;

/* Appends a token to the runs, extending the last run of the same op when it is adjacent. */
static int push(runs *r, char op, size_t start, size_t end)
{
    if (r->n && r->v[r->n - 1].op == op && r->v[r->n - 1].end == start) {
        r->v[r->n - 1].end = end;
        return 0;
    }
    if (bitext_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v) < 0)
        return BITEXT_ENOMEM;
    r->v[r->n++] = (bitext_wordrun){op, start, end};
    return 0;
}

/* Ops of the middle a[0, n) x b[0, m) from an LCS table: 'e' equal, 'd' delete, 'i' insert,
 * written into ops (n + m room); returns their count.  Deletions before insertions. */
static size_t lcs_ops(char *ops, const token *a, size_t n, const token *b, size_t m, uint16_t *t)
{
    size_t k = 0, i = 0, j = 0, w = m + 1;
    for (size_t x = n; x-- > 0;)
        for (size_t y = m; y-- > 0;)
            t[x * w + y] = a[x].key == b[y].key ? (uint16_t)(t[(x + 1) * w + y + 1] + 1)
                           : t[(x + 1) * w + y] >= t[x * w + y + 1] ? t[(x + 1) * w + y]
                                                                    : t[x * w + y + 1];
    while (i < n || j < m) {
        if (i < n && j < m && a[i].key == b[j].key) {
            ops[k++] = 'e';
            i++, j++;
        } else if (i < n && (j == m || t[(i + 1) * w + j] >= t[i * w + j + 1])) {
            ops[k++] = 'd';
            i++;
        } else {
            ops[k++] = 'i';
            j++;
        }
    }
    return k;
}

/* Turns ops into runs: within a stretch of changes all deletions first, then insertions. */
static int ops_to_runs(runs *r, const char *ops, size_t k, const token *a, const token *b)
{
    size_t i = 0, j = 0, p = 0;
    while (p < k) {
        size_t q = p, di = i, dj = j;
        if (ops[p] == 'e') {
            if (push(r, '=', a[i].start, a[i].end) < 0)
                return BITEXT_ENOMEM;
            i++, j++, p++;
            continue;
        }
        while (q < k && ops[q] != 'e')
            ops[q++] == 'd' ? di++ : dj++;
        for (; i < di; i++)
            if (push(r, '-', a[i].start, a[i].end) < 0)
                return BITEXT_ENOMEM;
        for (; j < dj; j++)
            if (push(r, '+', b[j].start, b[j].end) < 0)
                return BITEXT_ENOMEM;
        p = q;
    }
    return 0;
}

/* Folds a lone white-space token between two changes into them: "[-a-]{+c+} [-b-]{+d+}"
 * becomes "[-a b-]{+c d+}".  ops are rewritten in place. */
static void absorb_spaces(char *ops, size_t k, const token *a, const char *old)
{
    size_t i = 0;
    for (size_t p = 0; p < k; p++) {
        if (ops[p] == 'e' && p > 0 && p + 1 < k && ops[p - 1] != 'e' && ops[p + 1] != 'e' &&
            all_space(old + a[i].start, a[i].end - a[i].start)) {
            /* one equal token becomes a delete and an insert: ops grow by one, so mark it
             * 'x' and let ops_to_runs see it as both */
            ops[p] = 'x';
        }
        if (ops[p] == 'e' || ops[p] == 'd' || ops[p] == 'x')
            i++;
    }
}

/* ops_to_runs for ops that may hold 'x' (an equal token rewritten as delete + insert). */
static int ops_to_runs_x(runs *r, const char *ops, size_t k, const token *a, const token *b)
{
    char *flat = malloc(2 * k + 1);
    size_t f = 0;
    int rc;
    if (!flat)
        return BITEXT_ENOMEM;
    for (size_t p = 0; p < k; p++) {
        if (ops[p] == 'x') {
            flat[f++] = 'd';
            flat[f++] = 'i';
        } else {
            flat[f++] = ops[p];
        }
    }
    rc = ops_to_runs(r, flat, f, a, b);
    free(flat);
    return rc;
}

static int diff_middle(runs *r, const token *a, size_t n, const token *b, size_t m, const char *old)
{
    uint16_t *t = NULL;
    char *ops = NULL;
    size_t k;
    int rc = 0;
    if ((uint64_t)(n + 1) * (m + 1) > MAX_CELLS || n >= 65535 || m >= 65535) {
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = push(r, '-', a[i].start, a[i].end);
        for (size_t j = 0; j < m && rc == 0; j++)
            rc = push(r, '+', b[j].start, b[j].end);
        return rc;
    }
    t = calloc((n + 1) * (m + 1), sizeof *t);
    ops = malloc(n + m + 1);
    if (!t || !ops) {
        rc = BITEXT_ENOMEM;
        goto done;
    }
    k = lcs_ops(ops, a, n, b, m, t);
    absorb_spaces(ops, k, a, old);
    rc = ops_to_runs_x(r, ops, k, a, b);
done:
    free(t);
    free(ops);
    return rc;
}

int bitext_worddiff_run(bitext_wordrun **out, size_t *n, bitext_worddiff *wd, const char *old,
                        size_t olen, const char *new_, size_t nlen, unsigned int flags,
                        bitext_error *err)
{
    tokens a = {0}, b = {0};
    runs r = {0};
    size_t pre = 0, suf = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = tokenize(&a, NULL, wd, old, olen, flags, err)) < 0 ||
        (rc = tokenize(&b, NULL, wd, new_, nlen, flags, err)) < 0)
        goto done;
    while (pre < a.n && pre < b.n && a.v[pre].key == b.v[pre].key)
        pre++;
    while (suf < a.n - pre && suf < b.n - pre && a.v[a.n - 1 - suf].key == b.v[b.n - 1 - suf].key)
        suf++;
    for (size_t i = 0; i < pre && rc == 0; i++)
        rc = push(&r, '=', a.v[i].start, a.v[i].end);
    if (rc == 0)
        rc = diff_middle(&r, a.v + pre, a.n - pre - suf, b.v + pre, b.n - pre - suf, old);
    for (size_t i = a.n - suf; i < a.n && rc == 0; i++)
        rc = push(&r, '=', a.v[i].start, a.v[i].end);
    if (rc < 0) {
        free(r.v);
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    *out = r.v;
    *n = r.n;
done:
    free(a.v);
    free(b.v);
    return rc;
}
