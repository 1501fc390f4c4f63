/* text.c - the TM's view of text: normalisation, tokens, index terms, inline codes, TU keys. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "tm_int.h"

/*
 * True when every code point is below U+0300: those all have NFC_Quick_Check=Yes (UAX #15;
 * the first Maybe is U+0300 COMBINING GRAVE), so the text is NFC as it is.  In UTF-8 that is
 * "no byte >= 0xCC" (continuation bytes are 0x80-0xBF).  Covers English, Polish, German...
 */
static bool nfc_already(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0xCC)
            return false;
    return true;
}

/* Collapses runs of Unicode white space to one space and trims both ends. */
static int collapse_space(bitext_buf *b, const char *s, size_t len)
{
    size_t i = 0, start = b->len;
    bool space = false;
    if (bitext_buf_reserve(b, len + 1) < 0)
        return BITEXT_ENOMEM;
    while (i < len) {
        size_t at = i;
        uint32_t cp = bitext_utf8_next(s, len, &i);
        if (bitext_is_space(cp) || cp == '\t' || cp == '\n' || cp == '\r') {
            space = b->len > start;
            continue;
        }
        if (space)
            b->data[b->len++] = ' ';
        space = false;
        memcpy(b->data + b->len, s + at, i - at);
        b->len += i - at;
    }
    b->data[b->len] = '\0';
    return 0;
}

/* NFC through ICU (UTF-16 only inside this function); ASCII is already NFC. */
static int nfc(char **out, size_t *outlen, const char *s, size_t len, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFCInstance(&st);
    UChar *u16 = NULL, *norm = NULL;
    int32_t n16 = 0, nn = 0, n8 = 0;
    int rc = 0;
    *out = NULL;
    u_strFromUTF8(NULL, 0, &n16, s, (int32_t)len, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR)
        st = U_ZERO_ERROR;
    if (U_FAILURE(st) || !(u16 = malloc(((size_t)n16 + 1) * 2)) ||
        !(norm = malloc(((size_t)n16 * 3 + 1) * 2))) {
        rc = U_FAILURE(st) ? bitext_fail(err, BITEXT_EICU, "NFC: %s", u_errorName(st))
                           : bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    u_strFromUTF8(u16, n16 + 1, NULL, s, (int32_t)len, &st);
    nn = unorm2_normalize(n2, u16, n16, norm, n16 * 3 + 1, &st);
    u_strToUTF8(NULL, 0, &n8, norm, nn, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR)
        st = U_ZERO_ERROR;
    if (U_FAILURE(st) || !(*out = malloc((size_t)n8 + 1))) {
        rc = U_FAILURE(st) ? bitext_fail(err, BITEXT_EICU, "NFC: %s", u_errorName(st))
                           : bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    u_strToUTF8(*out, n8 + 1, NULL, norm, nn, &st);
    *outlen = (size_t)n8;
done:
    free(u16);
    free(norm);
    return rc;
}

int tm_normalize_buf(bitext_buf *b, const char *text, size_t len, bitext_error *err)
{
    char *n = NULL;
    size_t nlen = 0;
    int rc;
    if (nfc_already(text, len))
        rc = collapse_space(b, text, len);
    else if ((rc = nfc(&n, &nlen, text, len, err)) == 0)
        rc = collapse_space(b, n, nlen);
    free(n);
    if (rc == BITEXT_ENOMEM)
        return bitext_fail(err, rc, "out of memory");
    return rc;
}

int bitext_tm_normalize(char **out, const char *text, bitext_error *err)
{
    bitext_buf b = {0};
    int rc = tm_normalize_buf(&b, text, strlen(text), err);
    if (rc == 0 && bitext_buf_reserve(&b, 1) < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc < 0) {
        bitext_buf_free(&b);
        *out = NULL;
        return rc;
    }
    b.data[b.len] = '\0';
    *out = bitext_buf_detach(&b);
    return 0;
}

int tm_norm_hash(int64_t *out, const char *text, bitext_error *err)
{
    bitext_buf b = {0};
    int rc = tm_normalize_buf(&b, text, strlen(text), err);
    if (rc == 0)
        *out = (int64_t)bitext_hash64(b.data ? b.data : "", b.len);
    bitext_buf_free(&b);
    return rc;
}

/* ---- repetitions ----------------------------------------------------------------------- */

/* The normalised texts and their hashes (as tm_norm_hash hashes them). */
static int normalize_all(char **norm, uint64_t *hash, const char *const *texts, size_t n,
                         bitext_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = bitext_tm_normalize(&norm[i], texts[i], err);
        if (rc < 0)
            return rc;
        hash[i] = bitext_hash64(norm[i], strlen(norm[i]));
    }
    return 0;
}

/* Open addressing over the first text of each normalised form (slot: index + 1, 0 empty);
 * texts with one hash are told apart by their normalised text, so a collision is no
 * repetition. */
static void mark_repeats(bool *out, char *const *norm, const uint64_t *hash, size_t n,
                         size_t *slots, size_t cap)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)hash[i] & (cap - 1);
        while (slots[k] && (hash[slots[k] - 1] != hash[i] || strcmp(norm[slots[k] - 1], norm[i])))
            k = (k + 1) & (cap - 1);
        out[i] = slots[k] != 0;
        if (!slots[k])
            slots[k] = i + 1;
    }
}

int bitext_tm_repetitions(bool *out, const char *const *texts, size_t n, bitext_error *err)
{
    size_t cap = 16, *slots;
    char **norm = calloc(n + 1, sizeof *norm);
    uint64_t *hash = malloc((n + 1) * sizeof *hash);
    int rc = 0;
    while (cap < 2 * n)
        cap <<= 1;
    slots = calloc(cap, sizeof *slots);
    if (!norm || !hash || !slots)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    else if ((rc = normalize_all(norm, hash, texts, n, err)) == 0)
        mark_repeats(out, norm, hash, n, slots, cap);
    for (size_t i = 0; norm && i < n; i++)
        free(norm[i]);
    free(norm);
    free(hash);
    free(slots);
    return rc;
}

/* ---- tokens ---------------------------------------------------------------------------- */

static bool is_wordchar(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return u_isalnum((UChar32)cp) || (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK);
}

static uint64_t fold_hash(uint64_t h, uint32_t cp)
{
    char u8[4];
    size_t n;
    if (cp < 0x80) {
        h ^= cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        return h * 1099511628211ULL;
    }
    n = bitext_utf8_encode((uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT), u8);
    for (size_t k = 0; k < n; k++) {
        h ^= (unsigned char)u8[k];
        h *= 1099511628211ULL;
    }
    return h;
}

/* One word or number starting at s[*i] (a word character): advances *i past it. */
static tm_token word_token(const char *s, size_t len, size_t *i)
{
    tm_token t = {1469598103934665603ULL, TOK_NUMBER, 0, 0, 0};
    while (*i < len) {
        size_t j = *i;
        uint32_t cp = bitext_utf8_next(s, len, &j);
        if (is_wordchar(cp) && !bitext_is_unspaced(cp)) {
            if (cp < '0' || cp > '9' ? !u_isdigit((UChar32)cp) : false)
                t.kind = TOK_WORD;
        } else if (!(t.kind == TOK_NUMBER && (cp == '.' || cp == ',') && j < len &&
                     s[j] >= '0' && s[j] <= '9')) {
            break; /* 3.5 and 1,000 are one number; a sentence-final period is not */
        }
        t.hash = fold_hash(t.hash, cp);
        *i = j;
    }
    return t;
}

int tm_tokenize(tm_token **out, size_t *n, const char *text)
{
    size_t len = strlen(text), i = 0, cap = 0;
    *out = NULL;
    *n = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = bitext_utf8_next(text, len, &i);
        tm_token t = {1469598103934665603ULL, TOK_PUNCT, 0, 0, 0};
        if (bitext_is_space(cp) || cp < 0x21)
            continue;
        if (is_wordchar(cp) && !bitext_is_unspaced(cp)) {
            i = at;
            t = word_token(text, len, &i);
        } else {
            t.unspaced = bitext_is_unspaced(cp);
            t.kind = t.unspaced ? TOK_WORD : TOK_PUNCT;
            t.hash = fold_hash(t.hash, cp);
        }
        t.start = (uint32_t)at;
        t.len = (uint32_t)(i - at);
        if (bitext_grow((void **)out, &cap, *n + 1, sizeof **out) < 0) {
            free(*out);
            *out = NULL;
            return BITEXT_ENOMEM;
        }
        (*out)[(*n)++] = t;
    }
    return 0;
}

size_t tm_word_count(const char *text)
{
    tm_token *t = NULL;
    size_t n = 0, words = 0;
    if (tm_tokenize(&t, &n, text) < 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        words += t[i].kind != TOK_PUNCT;
    free(t);
    return words;
}

/* ---- inline codes ------------------------------------------------------------------------
 * One record per code, records separated by RS (0x1E), fields by US (0x1F):
 *   kind US offset US i US x US [=type] US [=native] US [=assoc]
 * A string field is empty for NULL and '=' followed by the value otherwise (so "" and NULL
 * stay apart); '%', RS and US inside values are percent-escaped.  Compact, and exact in
 * both directions, which import(export(TM)) == TM needs.
 */
static void put_field(bitext_buf *b, const char *s)
{
    bitext_buf_putc(b, '\x1f');
    if (!s)
        return;
    bitext_buf_putc(b, '=');
    for (; *s; s++) {
        if (*s == '%' || *s == '\x1e' || *s == '\x1f')
            bitext_buf_printf(b, "%%%02X", (unsigned char)*s);
        else
            bitext_buf_putc(b, *s);
    }
}

int tm_codes_encode(bitext_buf *b, const bitext_code *codes, size_t n)
{
    size_t before = b->len;
    for (size_t k = 0; k < n; k++) {
        const bitext_code *c = &codes[k];
        if (k)
            bitext_buf_putc(b, '\x1e');
        bitext_buf_printf(b, "%d\x1f%zu\x1f%d\x1f%d", (int)c->kind, c->offset, c->i, c->x);
        put_field(b, c->type);
        put_field(b, c->native);
        put_field(b, c->assoc);
    }
    /* Every append above reserves; a short buffer means one of them ran out of memory. */
    return n && (!b->data || b->len == before) ? BITEXT_ENOMEM : 0;
}

/* Decodes the field at *p (up to US, RS or NUL) into a malloc'd string or NULL. */
static int get_field(char **out, const char **p)
{
    const char *s = *p;
    bitext_buf b = {0};
    *out = NULL;
    if (*s == '\x1f')
        s++;
    if (*s != '=') {
        *p = s;
        return 0;
    }
    for (s++; *s && *s != '\x1f' && *s != '\x1e'; s++) {
        if (*s == '%' && s[1] && s[2]) {
            char hex[3] = {s[1], s[2], 0};
            bitext_buf_putc(&b, (char)strtol(hex, NULL, 16));
            s += 2;
        } else {
            bitext_buf_putc(&b, *s);
        }
    }
    *p = s;
    *out = b.data ? bitext_buf_detach(&b) : bitext_strdup("");
    return *out ? 0 : BITEXT_ENOMEM;
}

int tm_codes_decode(bitext_tu *tu, size_t tuv, const char *s, bitext_error *err)
{
    while (s && *s) {
        char *end, *type = NULL, *native = NULL, *assoc = NULL;
        long kind = strtol(s, &end, 10);
        size_t offset = (size_t)strtoull(end + 1, &end, 10);
        int i = (int)strtol(end + 1, &end, 10), x = (int)strtol(end + 1, &end, 10), rc;
        s = end;
        rc = get_field(&type, &s);
        if (rc == 0)
            rc = get_field(&native, &s);
        if (rc == 0)
            rc = get_field(&assoc, &s);
        if (rc == 0)
            rc = bitext_tu_add_code(tu, tuv, (bitext_code_kind)kind, offset, i, x, type,
                                    native, assoc, err);
        free(type);
        free(native);
        free(assoc);
        if (rc < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        if (*s == '\x1e')
            s++;
        else if (*s)
            return bitext_fail(err, BITEXT_EFORMAT, "corrupt inline codes in the TM");
    }
    return 0;
}

size_t tm_codes_count(const char *codes)
{
    size_t n = 0;
    if (!codes || !*codes)
        return 0;
    for (n = 1; *codes; codes++)
        n += *codes == '\x1e';
    return n;
}

/* ---- index terms ------------------------------------------------------------------------ */

static int push_term(tm_term **out, size_t *n, size_t *cap, const char *s, size_t len,
                     bool tri, bitext_arena *a)
{
    char *copy;
    for (size_t j = 0; j < *n; j++)
        if ((*out)[j].len == len && (*out)[j].trigram == tri && !memcmp((*out)[j].text, s, len))
            return 0;
    if (bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0 ||
        !(copy = bitext_arena_strndup(a, s, len)))
        return BITEXT_ENOMEM;
    (*out)[(*n)++] = (tm_term){copy, len, tri, false};
    return 0;
}

/* A word as unicode61 indexes it: split at what it does not count as a token character
 * ("3.5" is two tokens; so is a Hindi word at each vowel sign, a combining mark).  A term
 * of several tokens would be a phrase, which an index without positions cannot answer. */
static int word_terms(tm_term **out, size_t *n, size_t *cap, const char *s, size_t len,
                      bitext_arena *a)
{
    size_t i = 0, start = 0;
    for (;;) {
        size_t at = i;
        bool end = i >= len, sep = end;
        if (!end) {
            uint32_t cp = bitext_utf8_next(s, len, &i);
            sep = cp == '.' || cp == ',' || (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK);
        }
        if (sep && at > start && push_term(out, n, cap, s + start, at - start, false, a) < 0)
            return BITEXT_ENOMEM;
        if (end)
            return 0;
        if (sep)
            start = i;
    }
}

int tm_terms(tm_term **out, size_t *n, size_t *cap, const char *text, bitext_arena *a)
{
    tm_token *t = NULL;
    size_t nt = 0;
    int rc = 0;
    if (tm_tokenize(&t, &nt, text) < 0)
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < nt && rc == 0; k++) {
        const char *s = text + t[k].start;
        if (t[k].kind == TOK_PUNCT)
            continue;
        if (!t[k].unspaced) {
            rc = word_terms(out, n, cap, s, t[k].len, a);
            continue;
        }
        /* three characters of a script without spaces from here make one trigram term */
        if (k + 2 >= nt || !t[k + 1].unspaced || !t[k + 2].unspaced)
            continue;
        rc = push_term(out, n, cap, s, t[k + 2].start + t[k + 2].len - t[k].start, true, a);
    }
    free(t);
    return rc;
}

/* Latin letters lose their diacritics as unicode61's remove_diacritics does: the first code
 * point of the canonical decomposition, when that is a Latin letter. */
static uint32_t strip_diacritic(uint32_t cp)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    UChar buf[8];
    int32_t n;
    if (cp < 0xC0 || cp > 0x1EFF || U_FAILURE(st))
        return cp;
    n = unorm2_getRawDecomposition(nfd, (UChar32)cp, buf, 8, &st);
    if (U_FAILURE(st) || n < 2 || buf[0] >= 0x250 || !u_isalpha(buf[0]))
        return cp;
    return strip_diacritic(buf[0]);
}

int tm_term_fold(bitext_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    char u8[4];
    while (i < len) {
        uint32_t cp = bitext_utf8_next(s, len, &i);
        cp = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                       : strip_diacritic((uint32_t)u_tolower((UChar32)cp));
        if (bitext_buf_append(b, u8, bitext_utf8_encode(cp, u8)) < 0)
            return BITEXT_ENOMEM;
    }
    return 0;
}

/* ---- a TU ready to store ---------------------------------------------------------------- */

uint64_t tm_codes_hash(const char *encoded, size_t len)
{
    return encoded && len ? bitext_hash64(encoded, len) : 0;
}

int tm_key_cmp(const void *a, const void *b)
{
    const tm_variant_key *x = a, *y = b;
    int c = strcmp(x->lang, y->lang);
    if (c)
        return c;
    if (x->hash != y->hash)
        return (x->hash > y->hash) - (x->hash < y->hash);
    return (x->codes > y->codes) - (x->codes < y->codes);
}

void tm_new_tu_free(tm_new_tu *t)
{
    if (!t)
        return;
    for (size_t k = 0; t->codes && t->tu && k < t->tu->ntuvs; k++)
        free(t->codes[k]);
    free(t->codes);
    free(t->keys);
    free(t->sorted);
    free(t->nwords);
    free(t->prev_hash);
    free(t->next_hash);
    memset(t, 0, sizeof *t);
}

static int hash_or_zero(int64_t *out, const char *text, bitext_error *err)
{
    *out = 0;
    return text ? tm_norm_hash(out, text, err) : 0;
}

/* The variant's key, codes, word count and neighbour hashes. */
static int prepare_variant(tm_new_tu *t, size_t k, bitext_error *err)
{
    const bitext_tuv *v = &t->tu->tuvs[k];
    int rc;
    t->keys[k].lang = v->lang ? v->lang : "";
    if ((rc = tm_norm_hash(&t->keys[k].hash, v->text, err)) < 0 ||
        (rc = hash_or_zero(&t->prev_hash[k], v->prev, err)) < 0 ||
        (rc = hash_or_zero(&t->next_hash[k], v->next, err)) < 0)
        return rc;
    if (v->ncodes) {
        bitext_buf enc = {0};
        if (tm_codes_encode(&enc, v->codes, v->ncodes) < 0) {
            bitext_buf_free(&enc);
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        }
        t->keys[k].codes = tm_codes_hash(enc.data, enc.len);
        t->codes[k] = bitext_buf_detach(&enc);
    }
    t->nwords[k] = (int64_t)tm_word_count(v->text);
    t->nprops += v->nprops;
    return 0;
}

int tm_new_tu_prepare(tm_new_tu *t, const bitext_tu *tu, int64_t src_doc, int64_t tgt_doc,
                      bitext_error *err)
{
    size_t n = tu->ntuvs;
    uint64_t h = 1469598103934665603ULL;
    int rc = 0;
    memset(t, 0, sizeof *t);
    t->tu = tu;
    t->src_doc = src_doc;
    t->tgt_doc = tgt_doc;
    t->nprops = tu->nprops;
    if (!(t->keys = calloc(n, sizeof *t->keys)) || !(t->sorted = calloc(n, sizeof *t->keys)) ||
        !(t->codes = calloc(n, sizeof *t->codes)) || !(t->nwords = calloc(n, 8)) ||
        !(t->prev_hash = calloc(n, 8)) || !(t->next_hash = calloc(n, 8)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (size_t k = 0; k < n && rc == 0; k++)
        rc = prepare_variant(t, k, err);
    if (rc < 0) {
        tm_new_tu_free(t);
        return rc;
    }
    memcpy(t->sorted, t->keys, n * sizeof *t->keys);
    qsort(t->sorted, n, sizeof *t->sorted, tm_key_cmp);
    /* little-endian bytes of each part: the key is the same on every client of a server */
    for (size_t k = 0; k < n; k++) {
        uint64_t parts[3] = {bitext_hash64(t->sorted[k].lang, strlen(t->sorted[k].lang)),
                             (uint64_t)t->sorted[k].hash, t->sorted[k].codes};
        unsigned char bytes[24];
        for (int b = 0; b < 24; b++)
            bytes[b] = (unsigned char)(parts[b / 8] >> (8 * (b % 8)));
        h = (h ^ bitext_hash64(bytes, sizeof bytes)) * 1099511628211ULL;
    }
    t->key = h;
    return 0;
}

/* ---- concordance phrases --------------------------------------------------------------- */

static bool phrase_char(uint32_t cp)
{
    /* unicode61's token characters ("L* N* Co"): a combining mark separates tokens there,
     * so a Hindi or Thai word is several index terms */
    return u_isalnum((UChar32)cp) || (U_GET_GC_MASK((UChar32)cp) & U_GC_CO_MASK);
}

/* CJK and the like: one unicode61 token per run, no words to use. */
static bool phrase_unspaced(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp = bitext_utf8_next(s, len, &i);
        if (cp >= 0x2E80 && cp < 0xFFFF && phrase_char(cp))
            return true;
    }
    return false;
}

int tm_phrase_terms(tm_term **out, size_t *n, const char *phrase)
{
    size_t len = strlen(phrase), i = 0, cap = 0, exact = 0, longest_prefix = 0;
    *out = NULL;
    *n = 0;
    if (phrase_unspaced(phrase, len))
        return 0;
    while (i < len) {
        size_t start = i, end, chars;
        if (!phrase_char(bitext_utf8_next(phrase, len, &i)))
            continue;
        for (end = i, chars = 1; end < len; chars++) {
            size_t j = end;
            if (!phrase_char(bitext_utf8_next(phrase, len, &j)))
                break;
            end = j;
        }
        i = end;
        if (start == 0 || (end == len && chars < 4))
            continue; /* a short prefix expands to too many terms to help */
        if (bitext_grow((void **)out, &cap, *n + 1, sizeof **out) < 0) {
            free(*out);
            *out = NULL;
            *n = 0;
            return BITEXT_ENOMEM;
        }
        (*out)[(*n)++] = (tm_term){phrase + start, end - start, false, end == len};
        if (end == len)
            longest_prefix = chars;
        else
            exact++;
    }
    if (exact == 0 && longest_prefix < 4)
        *n = 0;
    return 0;
}

size_t tm_phrase_head(const char *phrase, bool *whole)
{
    size_t len = strlen(phrase), i = 0, end = 0, chars = 0;
    *whole = false;
    if (phrase_unspaced(phrase, len))
        return 0;
    while (i < len && phrase_char(bitext_utf8_next(phrase, len, &i))) {
        end = i;
        chars++;
    }
    *whole = end == len;
    return chars >= 3 ? end : 0;
}
