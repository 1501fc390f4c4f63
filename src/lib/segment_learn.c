/*
 * segment_learn.c - learning segmentation rules from a corpus, the way punkt does (Kiss &
 * Strunk 2006, "Unsupervised Multilingual Sentence Boundary Detection", Computational
 * Linguistics 32(4)): abbreviations are the word types strongly associated with a following
 * period (a log-likelihood ratio, section 3.2, scaled by length and internal periods), and
 * orthographic context says which words begin sentences and which stay capitalised inside
 * them (section 4).  On top of punkt, what follows and precedes an abbreviation decides its
 * class (title, unit, final, abbrev), and a corpus of one sentence per line (a TM's segments,
 * a treebank) shows directly which abbreviations and ordinals end sentences.
 *
 * Memory is bounded: at most LEARN_MAX_TYPES word types are counted (later new types are
 * ignored), so a corpus of any size is read in constant space.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "bitext/lang.h"
#include "bitext/segment.h"
#include "util_int.h"

#define LEARN_MAX_TYPES (1u << 20)
#define LEARN_MAX_WORD 48            /* longer tokens are not abbreviations nor starters */
#define PUNKT_ABBREV_SCORE 0.3       /* punkt's threshold on the scaled log-likelihood */

/* What is counted for one word type (its first letter lowered: "dr", "u.S", "the"). */
typedef struct {
    const char *key;
    uint32_t plain;           /* occurrences without a final period */
    uint32_t dotted;          /* with one ("dr."); the rest counts these */
    uint32_t dot_end;         /* ... at the end of a sentence of a sentence-per-line text */
    uint32_t dot_num_before;  /* ... right after a number ("2000 r.") */
    uint32_t dot_next_upper, dot_next_lower, dot_next_digit;
    uint32_t cap_start;       /* capitalised at the start of a sentence */
    uint32_t cap_mid;         /* capitalised inside one */
    uint32_t low;             /* in lower case anywhere */
} wtype;

struct bitext_segment_learner {
    char lang[BITEXT_LANG_MAX];
    wtype *types;             /* open addressing on the key */
    size_t cap, n;
    bitext_arena arena;
    uint64_t tokens, periods; /* punkt's N and C(.) */
    uint64_t sentences;       /* sentence starts seen */
    uint32_t ord, ord_mid, ord_lower; /* "3." tokens: all, not sentence-final, before lower */
};

/* ---- the type table ------------------------------------------------------------------- */

static size_t slot(const bitext_segment_learner *l, const char *k, size_t n)
{
    size_t i = (size_t)(bitext_hash64(k, n) & (l->cap - 1));
    while (l->types[i].key && (strncmp(l->types[i].key, k, n) || l->types[i].key[n]))
        i = (i + 1) & (l->cap - 1);
    return i;
}

static int grow(bitext_segment_learner *l)
{
    size_t cap = l->cap ? l->cap * 2 : 4096;
    wtype *t = calloc(cap, sizeof *t), *old = l->types;
    size_t oldcap = l->cap;
    if (!t)
        return BITEXT_ENOMEM;
    l->types = t;
    l->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            t[slot(l, old[i].key, strlen(old[i].key))] = old[i];
    free(old);
    return 0;
}

/* The counts of type k (n bytes), added when new; NULL when the table is full. */
static wtype *type_of(bitext_segment_learner *l, const char *k, size_t n, int *rc)
{
    size_t i;
    if ((l->n + 1) * 2 > l->cap && l->n < LEARN_MAX_TYPES && (*rc = grow(l)) < 0)
        return NULL;
    i = slot(l, k, n);
    if (l->types[i].key)
        return &l->types[i];
    if (l->n >= LEARN_MAX_TYPES)
        return NULL;
    if (!(l->types[i].key = bitext_arena_strndup(&l->arena, k, n))) {
        *rc = BITEXT_ENOMEM;
        return NULL;
    }
    l->n++;
    return &l->types[i];
}

/* ---- tokens -------------------------------------------------------------------------- */

typedef struct {
    const char *s;            /* the word, opening and closing marks stripped */
    size_t n;                 /* without its final period */
    bool dot;                 /* one final period ("Dr.", not "..." nor "end.)") */
    bool ends;                /* ends in . ! ? (with closing marks): a candidate sentence end */
    bool number;              /* "2000", "1.5", "21,5": digits and separators */
    bool upper, lower;        /* its first letter */
    size_t letters, chars;    /* letters, and all characters, of the word */
} token;

static bool opening_mark(uint32_t cp)
{
    int t = u_charType((UChar32)cp);
    return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION || cp == '"' || cp == '\'' ||
           cp == 0xAB || cp == 0xBB || cp == 0xBF || cp == 0xA1 || cp == 0x201E;
}

static bool closing_mark(uint32_t cp)
{
    int t = u_charType((UChar32)cp);
    return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION || cp == '"' || cp == '\'' ||
           cp == 0xAB || cp == 0xBB || cp == 0x201C;
}

/* Reads the token in [a, b). */
static token read_token(const char *a, const char *b)
{
    token t = {a, 0, false, false, true, false, false, 0, 0};
    size_t i = 0, len = (size_t)(b - a), end = len, digits = 0;
    while (i < len) { /* opening marks */
        size_t j = i;
        if (!opening_mark(bitext_utf8_next(a, len, &j)))
            break;
        i = j;
    }
    while (end > i) { /* closing marks, remembered as the end of a sentence when after . ! ? */
        size_t j = end;
        uint32_t cp = bitext_utf8_prev(a, &j);
        if (!closing_mark(cp))
            break;
        end = j;
    }
    t.ends = end > i && (a[end - 1] == '.' || a[end - 1] == '!' || a[end - 1] == '?');
    t.dot = end == len && end > i + 1 && a[end - 1] == '.' && a[end - 2] != '.';
    t.s = a + i;
    t.n = (t.dot ? end - 1 : end) - i;
    while (t.n > 0) { /* "and," "Norton:" "(BC)." : the word without trailing punctuation */
        size_t j = t.n;
        uint32_t cp = bitext_utf8_prev(t.s, &j);
        if (cp == '.' || u_isalnum((UChar32)cp) || !u_ispunct((UChar32)cp))
            break;
        t.n = j;
        t.dot = false; /* a period after a bracket or a comma follows no abbreviation */
    }
    for (size_t k = 0; k < t.n;) {
        uint32_t cp = bitext_utf8_next(t.s, t.n, &k);
        if (t.chars++ == 0) {
            t.upper = u_isupper((UChar32)cp);
            t.lower = u_islower((UChar32)cp);
        }
        t.letters += u_isalpha((UChar32)cp) != 0;
        digits += cp >= '0' && cp <= '9';
        t.number &= (cp >= '0' && cp <= '9') || cp == '.' || cp == ',' || cp == ':' || cp == '-';
    }
    t.number &= digits > 0;
    return t;
}

/* The key of a word: its first letter lowered ("Dr" -> "dr"), as rule files match. */
static size_t key_of(char *buf, const token *t)
{
    size_t i = 0, k;
    uint32_t cp = bitext_utf8_next(t->s, t->n, &i);
    k = bitext_utf8_encode((uint32_t)u_tolower((UChar32)cp), buf);
    memcpy(buf + k, t->s + i, t->n - i);
    return k + t->n - i;
}

/* ---- counting ------------------------------------------------------------------------ */

/* Is the word before a sentence end unambiguous (punkt's first pass): a word of four letters
 * or more, letters only, or a ! or ? */
static bool clear_end(const token *t)
{
    return t->ends && (!t->dot || (t->letters >= 4 && t->letters == t->chars));
}

/* Counts what the token says about the word before it (prev) and about itself. */
static int count_token(bitext_segment_learner *l, const token *prev, const token *t,
                       bool start, bool last)
{
    char key[LEARN_MAX_WORD + 8];
    int rc = 0;
    wtype *w;
    l->tokens++;
    l->periods += t->dot;
    l->sentences += start;
    if (t->number && t->dot) {
        l->ord++;
        l->ord_mid += !last;
    }
    if (t->n == 0 || t->n > LEARN_MAX_WORD || t->letters == 0 ||
        !(w = type_of(l, key, key_of(key, t), &rc)))
        return rc;
    if (t->dot) {
        w->dotted++;
        w->dot_end += last;
        w->dot_num_before += prev && prev->number;
    } else {
        w->plain++;
    }
    w->cap_start += start && t->upper;
    w->cap_mid += !start && t->upper;
    w->low += t->lower;
    return 0;
}

/* What follows a word with a period ("Dr." then "Smith") is counted on that word. */
static int count_follower(bitext_segment_learner *l, const token *prev, const token *t)
{
    char key[LEARN_MAX_WORD + 8];
    int rc = 0;
    wtype *w;
    if (prev->number && prev->dot)
        l->ord_lower += t->lower;
    if (!prev->dot || prev->n == 0 || prev->n > LEARN_MAX_WORD || prev->letters == 0 ||
        !(w = type_of(l, key, key_of(key, prev), &rc)))
        return rc;
    w->dot_next_upper += t->upper;
    w->dot_next_lower += t->lower;
    w->dot_next_digit += t->number;
    return 0;
}

int bitext_segment_learner_add(bitext_segment_learner *l, const char *text, size_t len,
                               unsigned int flags, bitext_error *err)
{
    token prev = {0};
    bool have = false, sentence = flags & BITEXT_LEARN_SENTENCE;
    size_t i = 0;
    int rc = 0;
    if (bitext_utf8_invalid_offset(text, len) >= 0)
        return bitext_fail(err, BITEXT_EENCODING, "learning segmentation rules: invalid UTF-8");
    while (rc == 0 && i < len) {
        size_t a = len, next;
        token t;
        /* the next white-space delimited token [a, i) */
        while (i < len) {
            next = i;
            if (!bitext_is_space(bitext_utf8_next(text, len, &next))) {
                if (a == len)
                    a = i;
            } else if (a < len) {
                break;
            }
            i = next;
        }
        if (a == len)
            break;
        t = read_token(text + a, text + i);
        for (next = i; next < len && bitext_is_space((unsigned char)text[next]); next++)
            ;
        rc = count_token(l, have ? &prev : NULL, &t,
                         !have || (!sentence && clear_end(&prev)), sentence && next >= len);
        if (rc == 0 && have)
            rc = count_follower(l, &prev, &t);
        prev = t;
        have = true;
    }
    return rc < 0 ? bitext_fail(err, rc, "out of memory") : 0;
}

/* ---- deciding ------------------------------------------------------------------------ */

/* Dunning's log-likelihood ratio as punkt computes it (_dunning_log_likelihood): how much
 * likelier "w is followed by a period" is under p = 0.99 than under the corpus rate. */
static double dunning(double count_w, double periods, double count_wp, double n)
{
    double p1 = periods / n, p2 = 0.99;
    double null = count_wp * log(p1) + (count_w - count_wp) * log(1 - p1);
    double alt = count_wp * log(p2) + (count_w - count_wp) * log(1 - p2);
    return -2.0 * (null - alt);
}

/* punkt's abbreviation score: the ratio scaled by length, internal periods and occurrences
 * without a period (Kiss & Strunk 2006, section 3.3). */
static bool is_abbreviation(const bitext_segment_learner *l, const wtype *w)
{
    size_t len = strlen(w->key), inner = 0, chars;
    double score;
    if (w->dotted < 2 || l->periods == 0 || l->tokens <= l->periods)
        return false;
    for (size_t i = 0; i < len; i++)
        inner += w->key[i] == '.';
    chars = len - inner;
    score = dunning(w->plain + w->dotted, (double)l->periods, w->dotted, (double)l->tokens) *
            exp(-(double)chars) * (double)(inner + 1) * pow((double)chars, -(double)w->plain);
    return score >= PUNKT_ABBREV_SCORE;
}

/*
 * The class of an abbreviation from its contexts: after numbers, a unit; seen ending
 * sentences (a sentence-per-line corpus), a final; nearly always before a capitalised word
 * or a number and never last, a title; otherwise an abbrev (a break only before a starter).
 */
static const char *class_of(const wtype *w)
{
    double n = w->dotted;
    if (w->dot_num_before >= 0.6 * n)
        return "unit";
    if (w->dot_end >= 2 && w->dot_end >= 0.1 * n)
        return "final";
    if (n >= 3 && w->dot_end == 0 && w->dot_next_upper + w->dot_next_digit >= 0.9 * n)
        return "title";
    return "abbrev";
}

/* Capitalised at sentence starts and hardly ever inside sentences, and also written in lower
 * case: a common word that begins sentences (punkt's orthographic heuristic). */
static bool is_starter(const wtype *w)
{
    return w->cap_start >= 3 && w->low >= 1 && w->cap_mid * 10 <= w->cap_start + w->cap_mid &&
           w->dotted * 2 < w->plain;
}

/* Capitalised inside sentences and never in lower case: a name, or a German noun (not a
 * single letter: "I" begins sentences too). */
static bool is_name(const wtype *w)
{
    size_t i = 0, n = strlen(w->key);
    bitext_utf8_next(w->key, n, &i);
    return w->cap_mid >= 3 && w->low == 0 && w->dotted * 10 < w->plain + w->dotted && i < n &&
           w->key[i] != '\'' && strncmp(w->key + i, "\xE2\x80\x99", 3);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends " word" to b, its first letter in capitals when cap ("john" -> "John"). */
static int put_word(bitext_buf *b, const char *w, bool cap)
{
    size_t i = 0, n = strlen(w);
    char first[8];
    uint32_t cp = bitext_utf8_next(w, n, &i);
    size_t k = bitext_utf8_encode(cap ? (uint32_t)u_toupper((UChar32)cp) : cp, first);
    if (bitext_buf_putc(b, ' ') < 0 || bitext_buf_append(b, first, k) < 0)
        return BITEXT_ENOMEM;
    return bitext_buf_append(b, w + i, n - i);
}

/* Appends "DIRECTIVE word word ..." lines, wrapped at 100 columns, for the keys in v; names
 * are written capitalised, as they are matched. */
static int put_words(bitext_buf *b, const char *directive, const char **v, size_t n)
{
    size_t col = 0;
    int rc = 0;
    bool cap = !strcmp(directive, "name");
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_key);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (col == 0 || col + strlen(v[i]) + 1 > 100) {
            rc = bitext_buf_printf(b, "%s%s", col ? "\n" : "", directive);
            col = strlen(directive);
        }
        if (rc == 0)
            rc = put_word(b, v[i], cap);
        col += strlen(v[i]) + 1;
    }
    return rc == 0 && n ? bitext_buf_puts(b, "\n") : rc;
}

/* Collects the keys of the types `pick` accepts (with class `cls` when given). */
static int collect(const bitext_segment_learner *l, const char ***v, size_t *n,
                   bool (*pick)(const bitext_segment_learner *, const wtype *),
                   const char *cls)
{
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0; i < l->cap; i++) {
        const wtype *w = &l->types[i];
        if (!w->key || !pick(l, w) || (cls && strcmp(class_of(w), cls)))
            continue;
        if (bitext_grow((void **)v, &cap, *n + 1, sizeof **v) < 0)
            return BITEXT_ENOMEM;
        (*v)[(*n)++] = w->key;
    }
    return 0;
}

static bool pick_starter(const bitext_segment_learner *l, const wtype *w)
{
    return is_starter(w) && !is_abbreviation(l, w);
}

static bool pick_name(const bitext_segment_learner *l, const wtype *w)
{
    return is_name(w) && !is_abbreviation(l, w);
}

/* Writes one section: a directive and its words. */
static int section(bitext_buf *b, const bitext_segment_learner *l, const char *directive,
                   bool (*pick)(const bitext_segment_learner *, const wtype *),
                   const char *cls)
{
    const char **v = NULL;
    size_t n = 0;
    int rc = collect(l, &v, &n, pick, cls);
    if (rc == 0)
        rc = put_words(b, directive, v, n);
    free(v);
    return rc;
}

/* A number with a period is an ordinal when it mostly goes on a sentence: inside a sentence
 * of a sentence-per-line corpus, or before a word in lower case. */
static bool ordinals(const bitext_segment_learner *l)
{
    if (l->ord < 5)
        return false;
    return l->ord_mid >= 0.5 * l->ord || l->ord_lower >= 0.2 * l->ord;
}

int bitext_segment_learner_rules(char **out, bitext_segment_learner *l, bitext_error *err)
{
    static const char *classes[] = {"title", "unit", "final", "abbrev"};
    bitext_buf b = {0};
    int rc = bitext_buf_printf(&b, "# Segmentation rules for %s learned by bitext segment "
                               "--learn from %llu words, %llu sentence starts.\n"
                               "# Read on top of the built-in rules with --rules FILE; the "
                               "format is that of data/segment/*.rules.\n",
                               l->lang, (unsigned long long)l->tokens,
                               (unsigned long long)l->sentences);
    *out = NULL;
    for (size_t k = 0; rc == 0 && k < 4; k++)
        rc = section(&b, l, classes[k], is_abbreviation, classes[k]);
    if (rc == 0 && ordinals(l))
        rc = bitext_buf_puts(&b, "option ordinal-dot\n");
    if (rc == 0)
        rc = section(&b, l, "starter", pick_starter, NULL);
    if (rc == 0)
        rc = section(&b, l, "name", pick_name, NULL);
    if (rc < 0) {
        bitext_buf_free(&b);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    *out = bitext_buf_detach(&b);
    return 0;
}

int bitext_segment_learner_new(bitext_segment_learner **out, const char *lang,
                               bitext_error *err)
{
    bitext_segment_learner *l = calloc(1, sizeof *l);
    *out = NULL;
    if (!l)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    snprintf(l->lang, sizeof l->lang, "%s", lang ? lang : "");
    *out = l;
    return 0;
}

void bitext_segment_learner_free(bitext_segment_learner *l)
{
    if (!l)
        return;
    free(l->types);
    bitext_arena_free(&l->arena);
    free(l);
}
