/* lexicon.c - word-translation tables from dictionaries and examples from the TM.
 *
 * Two dictionary formats:
 * - hunalign's: "target phrase @ source phrase", one per line (Varga et al. 2005);
 * - dictd, as FreeDict ships it (Debian's dict-freedict-*): NAME.index lines
 *   "headword TAB offset TAB length" (numbers in dictd's base64) into NAME.dict.dz, a
 *   dictzip (gzip) file.  bitext does not link zlib itself: libxml2's I/O layer, built with
 *   zlib, opens gzip files transparently (xmlParserInputBufferCreateFilename).
 * Both are untrusted input: sizes and line lengths are bounded and every error names
 * file:line.  Entries are kept as pairs of word ids (align_text.c), in both directions.
 */
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "align_int.h"
#include "bitext/lang.h"

#define MAX_FILE (512u << 20)
#define MAX_LINE 4096
#define MAX_EXAMPLES 200000
#define MAX_EXAMPLE_BYTES (256u << 20)
#define MAX_ENTRIES (16u << 20)
/* dictd index lines point anywhere into the .dict data, also all at one huge definition:
 * only a definition's first MAX_DEFINITION bytes are read (FreeDict's are under 4 KB), and
 * all index lines together may read the data about twice over (DEFINITION_BUDGET_FACTOR
 * times its size, plus a margin), so the work stays linear in the files' size. */
#define MAX_DEFINITION 65536
#define DEFINITION_BUDGET_FACTOR 2
#define DEFINITION_BUDGET_MARGIN (64u << 20)

struct bitext_lexicon {
    char src_lang[BITEXT_LANG_MAX], tgt_lang[BITEXT_LANG_MAX];
    align_pair *pairs;       /* sorted and unique after every load */
    size_t n, cap;
    const char **ex;         /* 2 per example: source, target (in the arena) */
    size_t nex, excap, exbytes;
    bitext_arena arena;
    uint64_t work;           /* bytes of dictionary text read (lexicon_work) */
};

int bitext_lexicon_new(bitext_lexicon **out, const char *src_lang, const char *tgt_lang,
                       bitext_error *err)
{
    bitext_lexicon *lex = calloc(1, sizeof *lex);
    *out = NULL;
    if (!lex)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    snprintf(lex->src_lang, sizeof lex->src_lang, "%s", src_lang ? src_lang : "");
    snprintf(lex->tgt_lang, sizeof lex->tgt_lang, "%s", tgt_lang ? tgt_lang : "");
    *out = lex;
    return 0;
}

void bitext_lexicon_free(bitext_lexicon *lex)
{
    if (!lex)
        return;
    free(lex->pairs);
    free(lex->ex);
    bitext_arena_free(&lex->arena);
    free(lex);
}

size_t lexicon_entry_count(const bitext_lexicon *lex)
{
    return lex ? lex->n / 2 : 0;
}

const align_pair *lexicon_pairs(const bitext_lexicon *lex, size_t *n)
{
    *n = lex->n;
    return lex->pairs;
}

size_t lexicon_examples(const bitext_lexicon *lex)
{
    return lex->nex;
}

void lexicon_example(const bitext_lexicon *lex, size_t i, const char **src, const char **tgt)
{
    *src = lex->ex[2 * i];
    *tgt = lex->ex[2 * i + 1];
}

const char *lexicon_src_lang(const bitext_lexicon *lex)
{
    return lex->src_lang;
}

int bitext_lexicon_add_example(bitext_lexicon *lex, const char *src_text, const char *tgt_text,
                               bitext_error *err)
{
    size_t ls = strlen(src_text), lt = strlen(tgt_text);
    char *a, *b;
    if (lex->nex >= MAX_EXAMPLES || lex->exbytes + ls + lt > MAX_EXAMPLE_BYTES)
        return 0;
    if (bitext_utf8_invalid_offset(src_text, ls) >= 0 ||
        bitext_utf8_invalid_offset(tgt_text, lt) >= 0)
        return bitext_fail(err, BITEXT_EENCODING, "example pair is not valid UTF-8");
    if (bitext_grow((void **)&lex->ex, &lex->excap, 2 * lex->nex + 2, sizeof *lex->ex) < 0 ||
        !(a = bitext_arena_strndup(&lex->arena, src_text, ls)) ||
        !(b = bitext_arena_strndup(&lex->arena, tgt_text, lt)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    lex->ex[2 * lex->nex] = a;
    lex->ex[2 * lex->nex + 1] = b;
    lex->nex++;
    lex->exbytes += ls + lt;
    return 0;
}

/* ---- entries ------------------------------------------------------------------------- */

/* The word id of a phrase that is a single word (after trimming), else 0. */
static uint32_t single_word(const char *s, size_t len)
{
    align_tokens toks = {0};
    uint32_t id = 0;
    if (len == 0 || align_tokenize(&toks, s, len, false) < 0)
        return 0;
    if (toks.n == 1 && toks.v[0].kind == TOK_WORD)
        id = toks.v[0].id;
    free(toks.v);
    return id;
}

static int add_entry(bitext_lexicon *lex, const char *a, size_t na, const char *b, size_t nb)
{
    uint32_t x = single_word(a, na), y = single_word(b, nb);
    if (!x || !y || x == y || lex->n >= MAX_ENTRIES)
        return 0;
    if (bitext_grow((void **)&lex->pairs, &lex->cap, lex->n + 2, sizeof *lex->pairs) < 0)
        return BITEXT_ENOMEM;
    lex->pairs[lex->n++] = (align_pair){x, y};
    lex->pairs[lex->n++] = (align_pair){y, x};
    return 0;
}

static void finish(bitext_lexicon *lex)
{
    lex->n = align_pairs_unique(lex->pairs, lex->n);
}

/* ---- hunalign ------------------------------------------------------------------------ */

static int load_hunalign(bitext_lexicon *lex, const char *path, const char *data, size_t len,
                         bitext_error *err)
{
    int64_t line = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *s = data + pos, *nl = memchr(s, '\n', len - pos), *at;
        size_t n = nl ? (size_t)(nl - s) : len - pos, a0 = 0, a1, b0, b1;
        pos += n + 1;
        line++;
        lex->work += n + 1;
        if (n > MAX_LINE)
            return bitext_fail_at(err, BITEXT_EPARSE, path, line, 0, -1,
                                  "line longer than %d bytes", MAX_LINE);
        if (n && s[n - 1] == '\r')
            n--;
        a1 = n;
        bitext_trim(s, &a0, &a1);
        if (a0 == a1 || s[a0] == '#')
            continue;
        at = memchr(s, '@', n);
        if (!at)
            return bitext_fail_at(err, BITEXT_EPARSE, path, line, 0, -1,
                                  "expected \"word @ word\" (hunalign dictionary format)");
        a1 = (size_t)(at - s);
        b0 = a1 + 1;
        b1 = n;
        bitext_trim(s, &a0, &a1);
        bitext_trim(s, &b0, &b1);
        if (add_entry(lex, s + a0, a1 - a0, s + b0, b1 - b0) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    return 0;
}

/* ---- FreeDict / dictd ---------------------------------------------------------------- */

/* Decodes a dictd base64 number; -1 when malformed or too large. */
static int64_t b64num(const char *s, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int64_t v = 0;
    if (n == 0 || n > 6)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *p = s[i] ? strchr(digits, s[i]) : NULL;
        if (!p)
            return -1;
        v = v * 64 + (p - digits);
    }
    return v;
}

/* Reads a whole (possibly gzip-compressed) file through libxml2's I/O. */
static int read_gz(char **out, size_t *len, const char *path, bitext_error *err)
{
    xmlParserInputBufferPtr in = xmlParserInputBufferCreateFilename(path, XML_CHAR_ENCODING_NONE);
    bitext_buf b = {0};
    int got, rc = 0;
    *out = NULL;
    *len = 0;
    if (!in)
        return bitext_fail_at(err, BITEXT_EIO, path, 0, 0, -1, "cannot open dictionary file");
    while ((got = xmlParserInputBufferRead(in, 1 << 16)) > 0) {
        size_t use = xmlBufUse(in->buffer);
        if (b.len + use > MAX_FILE) {
            rc = bitext_fail_at(err, BITEXT_EPARSE, path, 0, 0, -1,
                                "dictionary larger than %u MB", MAX_FILE >> 20);
            break;
        }
        if (bitext_buf_append(&b, (const char *)xmlBufContent(in->buffer), use) < 0) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            break;
        }
        xmlBufShrink(in->buffer, use);
    }
    if (rc == 0 && got < 0)
        rc = bitext_fail_at(err, BITEXT_EIO, path, 0, 0, -1, "cannot read dictionary file "
                            "(corrupt gzip data?)");
    xmlFreeParserInputBuffer(in);
    if (rc < 0) {
        bitext_buf_free(&b);
        return rc;
    }
    *len = b.len;
    *out = b.data ? bitext_buf_detach(&b) : bitext_strdup("");
    return *out ? 0 : bitext_fail(err, BITEXT_ENOMEM, "out of memory");
}

/* Strips "(...)", "<...>", "[...]" and "/.../" (pronunciations) from a translation. */
static size_t clean_phrase(char *dst, const char *s, size_t n)
{
    size_t k = 0;
    int depth = 0;
    for (size_t i = 0; i < n && k < MAX_LINE; i++) {
        char c = s[i];
        if (c == '(' || c == '<' || c == '[')
            depth++;
        else if ((c == ')' || c == '>' || c == ']') && depth > 0)
            depth--;
        else if (depth == 0)
            dst[k++] = c;
    }
    return k;
}

/* Adds head -> each comma/semicolon-separated translation on one definition line. */
static int definition_line(bitext_lexicon *lex, const char *head, size_t nh, const char *s,
                           size_t n)
{
    char buf[MAX_LINE + 1];
    size_t k = clean_phrase(buf, s, n > MAX_LINE ? MAX_LINE : n), start = 0;
    for (size_t i = 0; i <= k; i++)
        if (i == k || buf[i] == ',' || buf[i] == ';') {
            size_t a = start, b = i;
            bitext_trim(buf, &a, &b);
            if (add_entry(lex, head, nh, buf + a, b - a) < 0)
                return BITEXT_ENOMEM;
            start = i + 1;
        }
    return 0;
}

/*
 * A FreeDict definition: the first line is the headword (with pronunciation and part of
 * speech), the second the translations; numbered senses ("2. ...") add more.  Other lines
 * are glosses in the source language and are skipped.
 */
static int definition(bitext_lexicon *lex, const char *head, size_t nh, const char *d, size_t n)
{
    size_t pos = 0;
    for (int line = 0; pos < n; line++) {
        const char *s = d + pos, *nl = memchr(s, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - s) : n - pos, a = 0, b;
        pos += len + 1;
        b = len;
        bitext_trim(s, &a, &b);
        if (a < b && s[a] >= '1' && s[a] <= '9') {
            while (a < b && s[a] >= '0' && s[a] <= '9')
                a++;
            if (a < b && s[a] == '.')
                a++;
            else
                continue;
        } else if (line != 1) {
            continue;
        }
        if (definition_line(lex, head, nh, s + a, b - a) < 0)
            return BITEXT_ENOMEM;
    }
    return 0;
}

static int index_line(bitext_lexicon *lex, const char *ipath, int64_t line, const char *s,
                      size_t n, const char *dict, size_t dlen, bitext_error *err)
{
    const char *t1, *t2;
    int64_t off, len;
    if (n > 0 && s[n - 1] == '\r')   /* an index written on Windows */
        n--;
    t1 = memchr(s, '\t', n);
    if (!t1 || !(t2 = memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - s))))
        return bitext_fail_at(err, BITEXT_EPARSE, ipath, line, 0, -1,
                              "expected \"headword TAB offset TAB length\" (dictd index)");
    off = b64num(t1 + 1, (size_t)(t2 - t1 - 1));
    len = b64num(t2 + 1, n - (size_t)(t2 + 1 - s));
    if (off < 0 || len < 0 || (uint64_t)off + (uint64_t)len > dlen)
        return bitext_fail_at(err, BITEXT_EPARSE, ipath, line, 0, -1,
                              "bad offset or length (outside the .dict data)");
    if ((size_t)(t1 - s) >= 2 && strncmp(s, "00", 2) == 0)
        return 0; /* 00databaseinfo and friends */
    if (len > MAX_DEFINITION)
        len = MAX_DEFINITION;
    lex->work += (uint64_t)len;
    if (lex->work > (uint64_t)dlen * DEFINITION_BUDGET_FACTOR + DEFINITION_BUDGET_MARGIN)
        return bitext_fail_at(err, BITEXT_EPARSE, ipath, line, 0, -1,
                              "the index points at the same definitions over and over; "
                              "not a dictd dictionary bitext reads");
    if (definition(lex, s, (size_t)(t1 - s), dict + off, (size_t)len) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

static int load_dictd(bitext_lexicon *lex, const char *ipath, const char *dpath,
                      bitext_error *err)
{
    char *idx = NULL, *dict = NULL;
    size_t ilen = 0, dlen = 0, pos = 0;
    int64_t line = 0;
    int rc = bitext_read_all(&idx, &ilen, ipath, MAX_FILE, err);
    if (rc == 0)
        rc = read_gz(&dict, &dlen, dpath, err);
    if (rc == 0 && bitext_utf8_invalid_offset(idx, ilen) >= 0)
        rc = bitext_fail_at(err, BITEXT_EENCODING, ipath, 0, 0,
                            bitext_utf8_invalid_offset(idx, ilen), "invalid UTF-8");
    if (rc == 0 && bitext_utf8_invalid_offset(dict, dlen) >= 0)
        rc = bitext_fail_at(err, BITEXT_EENCODING, dpath, 0, 0,
                            bitext_utf8_invalid_offset(dict, dlen), "invalid UTF-8");
    while (rc == 0 && pos < ilen) {
        const char *s = idx + pos, *nl = memchr(s, '\n', ilen - pos);
        size_t n = nl ? (size_t)(nl - s) : ilen - pos;
        pos += n + 1;
        line++;
        if (n > MAX_LINE)
            rc = bitext_fail_at(err, BITEXT_EPARSE, ipath, line, 0, -1,
                                "line longer than %d bytes", MAX_LINE);
        else if (n > 0)
            rc = index_line(lex, ipath, line, s, n, dict, dlen, err);
    }
    free(idx);
    free(dict);
    return rc;
}

/* ---- format detection ---------------------------------------------------------------- */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The dictd basename of path (NAME for NAME.index, NAME.dict, NAME.dict.dz), or NULL. */
static char *dictd_base(const char *path)
{
    static const char *const sfx[] = {".index", ".dict.dz", ".dict"};
    char *base = NULL;
    for (int k = 0; k < 3 && !base; k++)
        if (ends_with(path, sfx[k]))
            base = bitext_strndup(path, strlen(path) - strlen(sfx[k]));
    if (!base) {
        bitext_buf b = {0};
        bitext_buf_printf(&b, "%s.index", path);
        if (b.data && exists(b.data) && !exists(path))
            base = bitext_strdup(path);
        bitext_buf_free(&b);
    }
    return base;
}

/* dict: the data file the user named (NAME.dict or NAME.dict.dz), or NULL to look for it. */
static int load_dictd_base(bitext_lexicon *lex, const char *base, const char *dict,
                           bitext_error *err)
{
    bitext_buf ip = {0}, dp = {0};
    int rc = 0;
    if (bitext_buf_printf(&ip, "%s.index", base) < 0 ||
        bitext_buf_printf(&dp, "%s", dict ? dict : "") < 0 ||
        (!dict && bitext_buf_printf(&dp, "%s.dict.dz", base) < 0))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0 && !dict && !exists(dp.data)) {
        dp.len = 0;
        bitext_buf_printf(&dp, "%s.dict", base);
    }
    if (rc == 0 && (!exists(ip.data) || !exists(dp.data)))
        rc = bitext_fail_at(err, BITEXT_EIO, !exists(ip.data) ? ip.data : dp.data, 0, 0, -1,
                            "dictd dictionary needs NAME.index and NAME.dict.dz (or .dict)");
    if (rc == 0)
        rc = load_dictd(lex, ip.data, dp.data, err);
    bitext_buf_free(&ip);
    bitext_buf_free(&dp);
    return rc;
}

uint64_t lexicon_work(const bitext_lexicon *lex)
{
    return lex->work;
}

int bitext_lexicon_load(bitext_lexicon *lex, const char *path, bitext_error *err)
{
    char *base = dictd_base(path), *data = NULL;
    size_t len = 0;
    int64_t bad;
    int rc;
    if (base) {
        rc = load_dictd_base(lex, base, ends_with(path, ".dict") || ends_with(path, ".dict.dz")
                                            ? path : NULL, err);
    } else {
        rc = bitext_read_all(&data, &len, path, MAX_FILE, err);
        if (rc == 0 && (bad = bitext_utf8_invalid_offset(data, len)) >= 0)
            rc = bitext_fail_at(err, BITEXT_EENCODING, path, 0, 0, bad,
                                "invalid UTF-8 in dictionary");
        if (rc == 0)
            rc = load_hunalign(lex, path, data, len, err);
    }
    finish(lex);
    free(base);
    free(data);
    return rc;
}
