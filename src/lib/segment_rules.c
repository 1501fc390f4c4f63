/*
 * segment_rules.c - reading the per-language exception rules (data/segment/<lang>.rules) into
 * word sets and switches that segment.c consults at each candidate boundary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "bitext/lang.h"
#include "segment_rules_int.h"
#include "util_int.h"

/* ---- word sets ----------------------------------------------------------------------- */

static uint64_t word_hash(const char *w, size_t n)
{
    return bitext_hash64(w, n);
}

/* Looks w up: its slot, or the empty slot where it would go. */
static size_t wordset_slot(const seg_wordset *s, const char *w, size_t n)
{
    size_t i = (size_t)(word_hash(w, n) & (s->cap - 1));
    while (s->keys[i] && (strncmp(s->keys[i], w, n) || s->keys[i][n] != '\0'))
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Adds w with value val, or sets the value of w when it is there. */
static int wordset_put(seg_wordset *s, bitext_arena *a, const char *w, size_t n,
                       unsigned char val)
{
    size_t i;
    if (s->cap && s->keys[i = wordset_slot(s, w, n)]) {
        s->vals[i] = val;
        return 0;
    }
    if ((s->n + 1) * 2 > s->cap) {
        seg_wordset bigger = {NULL, NULL, s->cap ? s->cap * 2 : 64, 0};
        if (!(bigger.keys = calloc(bigger.cap, sizeof *bigger.keys)) ||
            !(bigger.vals = calloc(bigger.cap, 1))) {
            free(bigger.keys);
            return BITEXT_ENOMEM;
        }
        for (size_t k = 0; k < s->cap; k++)
            if (s->keys[k]) {
                size_t j = wordset_slot(&bigger, s->keys[k], strlen(s->keys[k]));
                bigger.keys[j] = s->keys[k];
                bigger.vals[j] = s->vals[k];
                bigger.n++;
            }
        free(s->keys);
        free(s->vals);
        *s = bigger;
    }
    char *copy = bitext_arena_strndup(a, w, n);
    if (!copy)
        return BITEXT_ENOMEM;
    i = wordset_slot(s, w, n);
    s->keys[i] = copy;
    s->vals[i] = val;
    s->n++;
    return 0;
}

static void wordset_free(seg_wordset *s)
{
    free(s->keys);
    free(s->vals);
}

/* The value of w, 0 when absent. */
static unsigned char wordset_get(const seg_wordset *s, const char *w, size_t n)
{
    size_t i;
    if (!s->cap || n == 0)
        return 0;
    i = wordset_slot(s, w, n);
    return s->keys[i] ? s->vals[i] : 0;
}

bool seg_wordset_has(const seg_wordset *s, const char *w, size_t n)
{
    return wordset_get(s, w, n) != 0;
}

/* Writes w with its first letter lowercased into buf (size >= n + 8); returns the length. */
static size_t lower_first(char *buf, const char *w, size_t n)
{
    size_t i = 0, k;
    uint32_t cp = bitext_utf8_next(w, n, &i);
    k = bitext_utf8_encode((uint32_t)u_tolower((UChar32)cp), buf);
    memcpy(buf + k, w + i, n - i);
    return k + n - i;
}

/* Writes w in lower case but its first letter into buf (size >= n + 8) when w is written in
 * capitals ("GEN", "ASSOC"); returns the length, 0 when it is not. */
static size_t unshout(char *buf, const char *w, size_t n)
{
    size_t i = 0, k = 0, caps = 0;
    while (i < n) {
        uint32_t cp = bitext_utf8_next(w, n, &i);
        if (u_islower((UChar32)cp))
            return 0;
        caps += u_isupper((UChar32)cp);
        k += bitext_utf8_encode(k ? (uint32_t)u_tolower((UChar32)cp) : cp, buf + k);
        if (k > n + 4)
            return 0;
    }
    return caps >= 3 ? k : 0; /* "PP", "US" are acronyms more often than "pp", "us" */
}

/* An entry matches as written; one written in lower case also matches capitalised, and one
 * capitalised also matches in capitals (headlines: "ARGUMENT OF GEN. SMITH"). */
seg_class seg_rules_class(const seg_rules *r, const char *w, size_t n)
{
    const seg_wordset *s = &r->classes;
    char buf[72], title[80];
    size_t k;
    unsigned char v = wordset_get(s, w, n);
    if (v || n == 0 || n > 64)
        return (seg_class)v;
    if ((v = wordset_get(s, buf, lower_first(buf, w, n))))
        return (seg_class)v;
    if (!(k = unshout(title, w, n)))
        return SEG_NONE;
    if ((v = wordset_get(s, title, k)))
        return (seg_class)v;
    return (seg_class)wordset_get(s, buf, lower_first(buf, title, k));
}

bool seg_rules_is_starter(const seg_rules *r, const char *w, size_t n)
{
    char buf[72];
    if (n == 0 || n > 64)
        return false;
    return seg_wordset_has(&r->starters, buf, lower_first(buf, w, n));
}

bool seg_rules_is_name(const seg_rules *r, const char *w, size_t n)
{
    return seg_wordset_has(&r->names, w, n);
}

bool seg_chars_has(const uint32_t *set, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == cp)
            return true;
    return false;
}

/* ---- parsing ------------------------------------------------------------------------- */

/* What parse_line says of a line besides 0 and BITEXT_ENOMEM. */
enum {
    LINE_UNKNOWN = -100,      /* not understood: an error naming the line */
    LINE_FAILED = -101        /* an included file failed; err says why */
};

typedef struct {
    seg_rules *r;
    bitext_arena *arena;
    const char *dir;
    int depth;                /* include nesting, bounded */
} loader;

static int load_named(loader *ld, const char *name, bool required, bitext_error *err);

static int add_chars(uint32_t *set, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp = bitext_utf8_next(s, len, &i);
        if (bitext_is_space(cp) || seg_chars_has(set, *n, cp))
            continue;
        if (*n >= SEG_MAX_CHARS)
            return LINE_UNKNOWN;
        set[(*n)++] = cp;
    }
    return 0;
}

static int set_option(seg_rules *r, const char *v, size_t n)
{
    static const struct { const char *name; size_t off; } opts[] = {
        {"ordinal-dot", offsetof(seg_rules, ordinal_dot)},
        {"noun-capitals", offsetof(seg_rules, noun_capitals)},
        {"no-attribution", offsetof(seg_rules, no_attribution)},
        {"lowercase-break", offsetof(seg_rules, lowercase_break)},
        {"no-period", offsetof(seg_rules, no_period)},
        {"bang-lowercase-break", offsetof(seg_rules, bang_lowercase_break)},
    };
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (strlen(opts[i].name) == n && !strncmp(opts[i].name, v, n)) {
            *(bool *)((char *)r + opts[i].off) = true;
            return 0;
        }
    return LINE_UNKNOWN;
}

/* Adds each white-space separated word of [s, end) to set with value val (starters: first
 * letter lowered). */
static int add_words(loader *ld, seg_wordset *set, bool lower, unsigned char val, const char *s,
                     const char *end)
{
    while (s < end) {
        const char *w;
        char buf[72];
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        w = s;
        while (s < end && *s != ' ' && *s != '\t')
            s++;
        if (s == w)
            continue;
        if (s - w > 64)
            return LINE_UNKNOWN;
        if (lower ? wordset_put(set, ld->arena, buf, lower_first(buf, w, (size_t)(s - w)), val)
                  : wordset_put(set, ld->arena, w, (size_t)(s - w), val))
            return BITEXT_ENOMEM;
    }
    return 0;
}

/* One line "KEY VALUES..."; returns 0, LINE_UNKNOWN, LINE_FAILED or BITEXT_ENOMEM. */
static int parse_line(loader *ld, const char *s, const char *end, bitext_error *err)
{
    const char *key = s, *v;
    size_t klen;
    while (s < end && *s != ' ' && *s != '\t')
        s++;
    klen = (size_t)(s - key);
    for (v = s; v < end && (*v == ' ' || *v == '\t'); v++)
        ;
#define KEY(k) (klen == sizeof k - 1 && !strncmp(key, k, klen))
    if (KEY("title"))
        return add_words(ld, &ld->r->classes, false, SEG_TITLE, v, end);
    if (KEY("abbrev"))
        return add_words(ld, &ld->r->classes, false, SEG_ABBREV, v, end);
    if (KEY("final"))
        return add_words(ld, &ld->r->classes, false, SEG_FINAL, v, end);
    if (KEY("unit"))
        return add_words(ld, &ld->r->classes, false, SEG_UNIT, v, end);
    if (KEY("numero"))
        return add_words(ld, &ld->r->classes, false, SEG_NUMERO, v, end);
    if (KEY("starter"))
        return add_words(ld, &ld->r->starters, true, 1, v, end);
    if (KEY("name"))
        return add_words(ld, &ld->r->names, false, 1, v, end);
    if (KEY("terminal"))
        return add_chars(ld->r->terminals, &ld->r->nterminals, v, (size_t)(end - v));
    if (KEY("nobreak-before"))
        return add_chars(ld->r->nobreak_before, &ld->r->nnobreak_before, v, (size_t)(end - v));
    if (KEY("spaced-closing"))
        return add_chars(ld->r->spaced_closing, &ld->r->nspaced_closing, v, (size_t)(end - v));
    if (KEY("option"))
        return set_option(ld->r, v, (size_t)(end - v));
    if (KEY("include")) {
        char name[64];
        /* a rule file's name, never a path: a --rules file is untrusted */
        if (end - v >= (ptrdiff_t)sizeof name || strspn(v, "abcdefghijklmnopqrstuvwxyz_-") <
                                                     (size_t)(end - v) || end == v)
            return LINE_UNKNOWN;
        snprintf(name, sizeof name, "%.*s", (int)(end - v), v);
        return load_named(ld, name, true, err) < 0 ? LINE_FAILED : 0;
    }
#undef KEY
    return LINE_UNKNOWN;
}

/* A rule file must be UTF-8 text: a NUL or an invalid sequence is an error at its line. */
static int check_text(const char *name, const char *text, size_t len, bitext_error *err)
{
    const char *nul = memchr(text, '\0', len);
    int64_t bad = bitext_utf8_invalid_offset(text, len);
    size_t at = nul ? (size_t)(nul - text) : len;
    int64_t line = 1;
    if (bad >= 0 && (size_t)bad < at)
        at = (size_t)bad;
    if (at == len)
        return 0;
    for (size_t i = 0; i < at; i++)
        line += text[i] == '\n';
    return bitext_fail_at(err, BITEXT_EPARSE, name, line, 0, (int64_t)at,
                          "segmentation rules: %s at byte %zu (a rule file is UTF-8 text)",
                          nul && (size_t)(nul - text) == at ? "NUL byte" : "invalid UTF-8", at);
}

static int parse_text(loader *ld, const char *name, const char *text, bitext_error *err)
{
    int64_t lineno = 0;
    for (const char *s = text; *s;) {
        const char *eol = strchr(s, '\n'), *end;
        int rc;
        if (!eol)
            eol = s + strlen(s);
        lineno++;
        end = eol;
        while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            end--;
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        if (s < end && *s != '#' && (rc = parse_line(ld, s, end, err)) < 0) {
            if (rc == LINE_FAILED)
                return BITEXT_EPARSE;
            return bitext_fail_at(err, rc == BITEXT_ENOMEM ? BITEXT_ENOMEM : BITEXT_EPARSE,
                                  name, lineno, 0, -1, "segmentation rules: cannot read "
                                  "'%.*s'", (int)(end - s > 60 ? 60 : end - s), s);
        }
        s = *eol ? eol + 1 : eol;
    }
    return 0;
}

/* Loads rule file `name` from ld->dir or the embedded set; a missing optional one is fine. */
static int load_named(loader *ld, const char *name, bool required, bitext_error *err)
{
    int rc = 0;
    if (++ld->depth > 8) {
        ld->depth--;
        return bitext_fail(err, BITEXT_EPARSE, "segmentation rules: includes nest too deeply");
    }
    if (ld->dir) {
        char path[4096], *text = NULL;
        size_t len;
        FILE *f;
        snprintf(path, sizeof path, "%s/%s.rules", ld->dir, name);
        if (!(f = fopen(path, "rb")))
            rc = required ? bitext_fail_at(err, BITEXT_ENOTFOUND, path, 0, 0, -1,
                                           "segmentation rules not found") : 0;
        else {
            fclose(f);
            rc = bitext_read_all(&text, &len, path, SEG_RULES_MAX_BYTES, err);
            if (rc == 0)
                rc = check_text(path, text, len, err);
            if (rc == 0)
                rc = parse_text(ld, path, text, err);
            free(text);
        }
    } else {
        size_t i = 0;
        while (i < seg_rules_embedded_count && strcmp(seg_rules_embedded[i].name, name))
            i++;
        if (i < seg_rules_embedded_count)
            rc = parse_text(ld, seg_rules_embedded[i].name, seg_rules_embedded[i].text, err);
        else if (required)
            rc = bitext_fail(err, BITEXT_ENOTFOUND, "segmentation rules '%s' not found", name);
    }
    ld->depth--;
    return rc;
}

int seg_rules_parse(seg_rules *r, const char *name, const char *text, size_t len,
                    bitext_error *err)
{
    loader ld = {r, r->arena, NULL, 0};
    int rc = check_text(name, text, len, err);
    return rc < 0 ? rc : parse_text(&ld, name, text, err);
}

int seg_rules_load_file(seg_rules *r, const char *path, bitext_error *err)
{
    char *text = NULL;
    size_t len;
    int rc = bitext_read_all(&text, &len, path, SEG_RULES_MAX_BYTES, err);
    if (rc == 0)
        rc = seg_rules_parse(r, path, text, len, err);
    free(text);
    return rc;
}

int seg_rules_load(seg_rules **out, const char *lang, const char *dir, bitext_error *err)
{
    char primary[BITEXT_LANG_MAX];
    seg_rules *r = calloc(1, sizeof *r);
    loader ld = {r, NULL, dir, 0};
    int rc;
    *out = NULL;
    if (!r || !(r->arena = calloc(1, sizeof(bitext_arena)))) {
        free(r);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    ld.arena = r->arena;
    atomic_init(&r->refs, 1);
    bitext_lang_primary(primary, lang);
    rc = load_named(&ld, "common", true, err);
    if (rc == 0)
        rc = load_named(&ld, primary, false, err);
    if (rc < 0) {
        seg_rules_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

seg_rules *seg_rules_ref(seg_rules *r)
{
    if (r)
        atomic_fetch_add(&r->refs, 1);
    return r;
}

void seg_rules_free(seg_rules *r)
{
    if (!r || atomic_fetch_sub(&r->refs, 1) > 1)
        return;
    wordset_free(&r->classes);
    wordset_free(&r->starters);
    wordset_free(&r->names);
    if (r->arena)
        bitext_arena_free(r->arena);
    free(r->arena);
    free(r);
}
