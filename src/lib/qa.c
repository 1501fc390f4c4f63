/* qa.c - translation checks on the rows of an aligned document pair (qa.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "align_int.h"
#include "qa_int.h"

#define MIN_CONSISTENT_WORDS 3  /* shorter segments ("Yes.", a name) may well vary */
#define MIN_LENGTH_PAIRS 5      /* 1-1 pairs needed to trust the document's length model */
#define QUOTE_MAX 120           /* bytes of another segment quoted in a message */

static const char *const kind_names[BITEXT_QA_KINDS] = {
    "omission", "addition", "numbers", "untranslated", "length", "inconsistent", "codes"};

typedef struct {
    const bitext_review *r;
    const bitext_qa_options *o;
    qa_lang *lang[2];
    char **norm[2];          /* per row, a pair's source and target normalised (else NULL) */
    bitext_qa_finding *f;
    size_t n, cap;
    bitext_error *err;
} qa_run;

const char *bitext_qa_kind_name(bitext_qa_kind kind)
{
    return (unsigned)kind < BITEXT_QA_KINDS ? kind_names[kind] : "unknown";
}

int bitext_qa_kind_parse(bitext_qa_kind *out, const char *name, bitext_error *err)
{
    for (int k = 0; k < BITEXT_QA_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (bitext_qa_kind)k;
            return 0;
        }
    return bitext_fail(err, BITEXT_EINVAL, "unknown check '%s' (omission, addition, numbers, "
                       "untranslated, length, inconsistent, codes)", name);
}

const char *bitext_qa_severity_name(bitext_qa_severity s)
{
    return s == BITEXT_QA_MAJOR ? "major" : "minor";
}

static int add(qa_run *q, size_t row, bitext_qa_kind kind, bitext_qa_severity sev,
               bitext_buf *msg)
{
    if (!msg->data || bitext_grow((void **)&q->f, &q->cap, q->n + 1, sizeof *q->f) < 0) {
        bitext_buf_free(msg);
        return bitext_fail(q->err, BITEXT_ENOMEM, "out of memory");
    }
    q->f[q->n++] = (bitext_qa_finding){kind, sev, row, bitext_buf_detach(msg)};
    return 0;
}

/* A quoted segment in a message, cut at a character boundary. */
static void quote(bitext_buf *b, const char *s)
{
    size_t n = strlen(s), k = n > QUOTE_MAX ? QUOTE_MAX : n;
    while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    bitext_buf_puts(b, "\u201c");
    bitext_buf_append(b, s, k);
    bitext_buf_puts(b, k < n ? "\u2026\u201d" : "\u201d");
}

/* ---- words ------------------------------------------------------------------------------ */

/* Does s[0..n) contain needle? */
static bool strstr_n(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t k = 0; k + m <= n; k++)
        if (memcmp(s + k, needle, m) == 0)
            return true;
    return false;
}

static size_t count_words(const char *s)
{
    return bitext_word_count(s, strlen(s));
}

/* True when the text has a word that is not a name: a word whose first letter is not a
 * capital, outside URLs and e-mail addresses.  Numbers-only and names-only segments
 * ("Anna Nowak", "BBC News 24") are the same in every language. */
static bool has_common_word(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && s[e] != ' ')
            e++;
        if (!memchr(s + i, '@', e - i) && !strstr_n(s + i, e - i, "://") &&
            strncmp(s + i, "www.", 4) != 0) {
            size_t p = i;
            while (p < e) {
                uint32_t cp = bitext_utf8_next(s, e, &p);
                if (!u_isalpha((UChar32)cp))
                    continue;
                if (!u_isupper((UChar32)cp) && !u_istitle((UChar32)cp))
                    return true;
                break;
            }
        }
        i = e + 1;
    }
    return false;
}

static bool is_pair(const bitext_review_row *row)
{
    return row->source && row->target;
}

/* ---- omission, addition ----------------------------------------------------------------- */

static int check_unpaired(qa_run *q)
{
    unsigned kinds = q->o->kinds ? q->o->kinds : ~0u;
    int rc = 0;
    for (size_t i = 0; i < bitext_review_count(q->r) && rc == 0; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        const bitext_tuv *v = row->source ? row->source : row->target;
        bool src = row->source != NULL;
        bitext_buf msg = {0};
        size_t words;
        bitext_qa_kind kind = src ? BITEXT_QA_OMISSION : BITEXT_QA_ADDITION;
        if (is_pair(row) || !v || !(kinds & (1u << kind)) ||
            (words = count_words(v->text)) < q->o->min_words)
            continue;
        bitext_buf_printf(&msg, src ? "a source sentence (%zu words) is not translated"
                                    : "a target sentence (%zu words) translates nothing in "
                                      "the source", words);
        rc = add(q, i, kind, BITEXT_QA_MAJOR, &msg);
    }
    return rc;
}

/* ---- numbers ---------------------------------------------------------------------------- */

static int check_numbers_row(qa_run *q, size_t i, const bitext_review_row *row)
{
    qa_num *a = NULL, *b = NULL;
    size_t na = 0, nb = 0, ma, mb;
    bitext_buf only_src = {0}, only_tgt = {0}, msg = {0};
    int rc;
    if ((rc = qa_numbers(&a, &na, row->source->text, strlen(row->source->text), q->lang[0])) < 0 ||
        (rc = qa_numbers(&b, &nb, row->target->text, strlen(row->target->text), q->lang[1])) < 0)
        goto done;
    ma = qa_numbers_missing(&only_src, a, na, b, nb);
    mb = qa_numbers_missing(&only_tgt, b, nb, a, na);
    if (ma || mb) {
        bitext_buf_puts(&msg, "numbers differ:");
        if (ma)
            bitext_buf_printf(&msg, " %s only in the source%s", only_src.data, mb ? ";" : "");
        if (mb)
            bitext_buf_printf(&msg, " %s only in the target", only_tgt.data);
        rc = add(q, i, BITEXT_QA_NUMBERS, BITEXT_QA_MAJOR, &msg);
    }
done:
    free(a);
    free(b);
    bitext_buf_free(&only_src);
    bitext_buf_free(&only_tgt);
    return rc < 0 ? bitext_fail(q->err, BITEXT_ENOMEM, "out of memory") : 0;
}

static int check_numbers(qa_run *q)
{
    int rc = 0;
    for (size_t i = 0; i < bitext_review_count(q->r) && rc == 0; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        if (is_pair(row))
            rc = check_numbers_row(q, i, row);
    }
    return rc;
}

/* ---- untranslated ----------------------------------------------------------------------- */

static int check_untranslated(qa_run *q)
{
    int rc = 0;
    for (size_t i = 0; i < bitext_review_count(q->r) && rc == 0; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        bitext_buf msg = {0};
        if (!is_pair(row) || !has_common_word(row->source->text) ||
            strcmp(q->norm[0][i], q->norm[1][i]))
            continue;
        bitext_buf_puts(&msg, "the target is the source, not translated");
        rc = add(q, i, BITEXT_QA_UNTRANSLATED, BITEXT_QA_MAJOR, &msg);
    }
    return rc;
}

/* ---- length ----------------------------------------------------------------------------- */

static double chars(const bitext_tuv *v)
{
    return (double)bitext_utf8_count(v->text, strlen(v->text));
}

/* The document's length model (align_length_fit on its 1-1 pairs); false with too few. */
static int length_model(qa_run *q, double *ratio, double *var, bool *enough)
{
    size_t n = bitext_review_count(q->r), m = 0;
    double *l1 = malloc((n + 1) * sizeof *l1), *l2 = malloc((n + 1) * sizeof *l2);
    int rc = l1 && l2 ? 0 : BITEXT_ENOMEM;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        if (is_pair(row) && row->nsrc == 1 && row->ntgt == 1) {
            l1[m] = chars(row->source);
            l2[m++] = chars(row->target);
        }
    }
    *ratio = 1.0;
    *var = 6.8; /* Gale & Church 1993 */
    if (rc == 0)
        rc = align_length_fit(ratio, var, l1, l2, m);
    *enough = m >= MIN_LENGTH_PAIRS && *var > 0;
    free(l1);
    free(l2);
    return rc < 0 ? bitext_fail(q->err, BITEXT_ENOMEM, "out of memory") : 0;
}

static int check_length(qa_run *q)
{
    double ratio, var;
    bool enough;
    int rc = length_model(q, &ratio, &var, &enough);
    for (size_t i = 0; i < bitext_review_count(q->r) && rc == 0 && enough; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        double l1, l2, d, z;
        bitext_buf msg = {0};
        if (!is_pair(row))
            continue;
        l1 = chars(row->source);
        l2 = chars(row->target);
        d = l2 - ratio * l1;
        z = fabs(d) / sqrt(var * ((ratio * l1 + l2) / 2.0 + 1.0));
        if (z <= q->o->length_sigma)
            continue;
        bitext_buf_printf(&msg, "the target is %s than the document's translations make "
                          "likely: %.0f characters for %.0f (about %.0f expected, %.1f sigma)",
                          d < 0 ? "shorter" : "longer", l2, l1, ratio * l1, z);
        rc = add(q, i, BITEXT_QA_LENGTH, BITEXT_QA_MINOR, &msg);
    }
    return rc;
}

/* ---- inline codes ----------------------------------------------------------------------- */

/* How many codes of each kind of formatting a variant has: name and count. */
typedef struct {
    const char *name;
    int count;
} code_count;

static size_t count_codes(code_count *c, size_t max, const bitext_tuv *v)
{
    size_t n = 0;
    for (size_t k = 0; k < v->ncodes; k++) {
        const bitext_code *code = &v->codes[k];
        const char *name = code->type ? code->type : code->native ? code->native : "code";
        size_t j = 0;
        if (code->kind == BITEXT_CODE_EPT || code->kind == BITEXT_CODE_HI_END)
            continue; /* a pair counts once, at its start */
        while (j < n && strcmp(c[j].name, name))
            j++;
        if (j == n && n < max)
            c[n++] = (code_count){name, 0};
        if (j < n)
            c[j].count++;
    }
    return n;
}

static void describe_codes(bitext_buf *b, const code_count *c, size_t n)
{
    if (n == 0)
        bitext_buf_puts(b, "none");
    for (size_t k = 0; k < n; k++)
        bitext_buf_printf(b, "%s%s %d", k ? ", " : "", c[k].name, c[k].count);
}

static bool same_counts(const code_count *a, size_t na, const code_count *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t k = 0; k < na; k++) {
        size_t j = 0;
        while (j < nb && strcmp(a[k].name, b[j].name))
            j++;
        if (j == nb || a[k].count != b[j].count)
            return false;
    }
    return true;
}

static int check_codes(qa_run *q)
{
    int rc = 0;
    for (size_t i = 0; i < bitext_review_count(q->r) && rc == 0; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        code_count a[16], b[16];
        size_t na, nb;
        bitext_buf msg = {0};
        if (!is_pair(row))
            continue;
        na = count_codes(a, 16, row->source);
        nb = count_codes(b, 16, row->target);
        if (same_counts(a, na, b, nb))
            continue;
        bitext_buf_puts(&msg, "inline codes differ: source ");
        describe_codes(&msg, a, na);
        bitext_buf_puts(&msg, "; target ");
        describe_codes(&msg, b, nb);
        rc = add(q, i, BITEXT_QA_CODES, BITEXT_QA_MINOR, &msg);
    }
    return rc;
}

/* ---- inconsistency ---------------------------------------------------------------------- */

typedef struct {
    const char *key, *other; /* normalised text of one side, of the other side (q->norm) */
    size_t row;
} norm_row;

static int norm_cmp(const void *x, const void *y)
{
    const norm_row *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

/* The pairs of the document, normalised, keyed by one side (side 0 source, 1 target). */
static int norm_rows(norm_row **out, size_t *n, qa_run *q, int side)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < bitext_review_count(q->r); i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        if (!is_pair(row) || count_words((side ? row->target : row->source)->text) <
                                 MIN_CONSISTENT_WORDS)
            continue;
        if (bitext_grow((void **)out, &cap, *n + 1, sizeof **out) < 0)
            return bitext_fail(q->err, BITEXT_ENOMEM, "out of memory");
        (*out)[(*n)++] = (norm_row){q->norm[side][i], q->norm[!side][i], i};
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, norm_cmp);
    return 0;
}

/* Within the document: a row whose key an earlier row has with another counterpart. */
static int inconsistent_within(qa_run *q, int side)
{
    norm_row *v = NULL;
    size_t n = 0;
    int rc = norm_rows(&v, &n, q, side);
    for (size_t k = 1; k < n && rc == 0; k++) {
        size_t first = k;
        bitext_buf msg = {0};
        while (first > 0 && strcmp(v[first - 1].key, v[k].key) == 0)
            first--;
        if (first == k || strcmp(v[first].other, v[k].other) == 0)
            continue;
        bitext_buf_puts(&msg, side ? "the same translation is given to another source in "
                                     "this document: "
                                   : "the same source is translated differently in this "
                                     "document: ");
        quote(&msg, v[first].other);
        rc = add(q, v[k].row, BITEXT_QA_INCONSISTENT, BITEXT_QA_MINOR, &msg);
    }
    free(v);
    return rc;
}

/* Against the TM: exact matches of one side whose other side differs. */
static int inconsistent_tm_row(qa_run *q, size_t i, const bitext_review_row *row, int side)
{
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    const bitext_tuv *k = side ? row->target : row->source, *other = side ? row->source
                                                                          : row->target;
    const char *want = q->norm[!side][i];
    bitext_tm_match *m = NULL;
    char *got = NULL;
    size_t n = 0;
    int rc;
    o.threshold = 100;
    o.max = 10;
    o.src_lang = k->lang;
    o.tgt_lang = other->lang;
    if ((rc = bitext_tm_lookup(&m, &n, q->o->tm, k->text, &o, q->err)) < 0)
        goto done;
    for (size_t j = 0; j < n && rc == 0; j++) {
        bitext_buf msg = {0};
        if ((rc = bitext_tm_normalize(&got, m[j].target, q->err)) < 0 || !strcmp(got, want)) {
            free(got);
            got = NULL;
            continue;
        }
        bitext_buf_puts(&msg, side ? "the TM gives this translation to another source: "
                                   : "the TM translates this source differently: ");
        quote(&msg, m[j].target);
        rc = add(q, i, BITEXT_QA_INCONSISTENT, BITEXT_QA_MINOR, &msg);
        break;
    }
done:
    free(got);
    bitext_tm_matches_free(m, n);
    return rc;
}

static int check_inconsistent(qa_run *q)
{
    int rc = 0;
    for (int side = 0; side < 2 && rc == 0; side++)
        rc = inconsistent_within(q, side);
    for (size_t i = 0; i < bitext_review_count(q->r) && rc == 0 && q->o->tm; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        for (int side = 0; side < 2 && rc == 0 && is_pair(row); side++)
            if (count_words((side ? row->target : row->source)->text) >= MIN_CONSISTENT_WORDS)
                rc = inconsistent_tm_row(q, i, row, side);
    }
    return rc;
}

/* ---- the run ---------------------------------------------------------------------------- */

static int by_row(const void *x, const void *y)
{
    const bitext_qa_finding *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

/* Both sides of every pair normalised once: the untranslated and consistency checks compare
 * them, within the document and against the TM. */
static int normalize_pairs(qa_run *q)
{
    size_t n = bitext_review_count(q->r);
    int rc = 0;
    for (int side = 0; side < 2; side++)
        if (!(q->norm[side] = calloc(n + 1, sizeof *q->norm[side])))
            return bitext_fail(q->err, BITEXT_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bitext_review_row *row = bitext_review_row_at(q->r, i);
        if (is_pair(row) &&
            (rc = bitext_tm_normalize(&q->norm[0][i], row->source->text, q->err)) == 0)
            rc = bitext_tm_normalize(&q->norm[1][i], row->target->text, q->err);
    }
    return rc;
}

static void norm_free(qa_run *q)
{
    for (int side = 0; side < 2; side++) {
        for (size_t i = 0; q->norm[side] && i < bitext_review_count(q->r); i++)
            free(q->norm[side][i]);
        free(q->norm[side]);
    }
}

static int run_checks(qa_run *q)
{
    static int (*const checks[BITEXT_QA_KINDS])(qa_run *) = {
        check_unpaired, NULL, check_numbers, check_untranslated, check_length,
        check_inconsistent, check_codes};
    unsigned kinds = q->o->kinds ? q->o->kinds : ~0u;
    int rc = 0;
    /* omission and addition are one pass over the unpaired rows */
    if (kinds & (1u << BITEXT_QA_ADDITION))
        kinds |= 1u << BITEXT_QA_OMISSION;
    if (kinds & ((1u << BITEXT_QA_UNTRANSLATED) | (1u << BITEXT_QA_INCONSISTENT)))
        rc = normalize_pairs(q);
    for (int k = 0; k < BITEXT_QA_KINDS && rc == 0; k++)
        if (checks[k] && (kinds & (1u << k)))
            rc = checks[k](q);
    return rc;
}

int bitext_qa_run(bitext_qa_finding **out, size_t *n, const bitext_review *r,
                  const bitext_qa_options *opts, bitext_error *err)
{
    static const bitext_qa_options defaults = BITEXT_QA_OPTIONS_INIT;
    qa_run q = {r, opts ? opts : &defaults, {NULL, NULL}, {NULL, NULL}, NULL, 0, 0, err};
    int rc;
    *out = NULL;
    *n = 0;
    if (q.o->version != BITEXT_QA_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_qa_options: unknown version %u",
                           q.o->version);
    if ((rc = qa_lang_new(&q.lang[0], bitext_review_lang(r, 0), err)) == 0 &&
        (rc = qa_lang_new(&q.lang[1], bitext_review_lang(r, 1), err)) == 0)
        rc = run_checks(&q);
    norm_free(&q);
    qa_lang_free(q.lang[0]);
    qa_lang_free(q.lang[1]);
    if (rc < 0) {
        bitext_qa_findings_free(q.f, q.n);
        return rc;
    }
    if (q.n > 1)
        qsort(q.f, q.n, sizeof *q.f, by_row);
    *out = q.f;
    *n = q.n;
    return 0;
}

void bitext_qa_findings_free(bitext_qa_finding *f, size_t n)
{
    for (size_t k = 0; f && k < n; k++)
        free(f[k].message);
    free(f);
}

int bitext_qa_numbers(double **out, bool **soft, size_t *n, const char *text, const char *lang,
                      bitext_error *err)
{
    qa_lang *l = NULL;
    qa_num *v = NULL;
    int rc;
    *out = NULL;
    if (soft)
        *soft = NULL;
    *n = 0;
    if ((rc = qa_lang_new(&l, lang, err)) < 0)
        return rc;
    rc = qa_numbers(&v, n, text, strlen(text), l);
    qa_lang_free(l);
    if (rc == 0 && (!(*out = malloc((*n + 1) * sizeof **out)) ||
                    (soft && !(*soft = malloc((*n + 1) * sizeof **soft)))))
        rc = BITEXT_ENOMEM;
    for (size_t k = 0; rc == 0 && k < *n; k++) {
        (*out)[k] = v[k].value;
        if (soft)
            (*soft)[k] = v[k].soft;
    }
    free(v);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    return 0;
}
