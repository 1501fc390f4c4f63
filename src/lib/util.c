/* util.c - strings, buffers, arenas, UTF-8, files, hashing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "util_int.h"

char *bitext_strdup(const char *s)
{
    return s ? bitext_strndup(s, strlen(s)) : NULL;
}

char *bitext_strndup(const char *s, size_t n)
{
    char *p;
    if (!s)
        return NULL;
    p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int bitext_grow(void **array, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *p;
    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / size)
            return BITEXT_ENOMEM;
        ncap *= 2;
    }
    p = realloc(*array, ncap * size);
    if (!p)
        return BITEXT_ENOMEM;
    *array = p;
    *cap = ncap;
    return 0;
}

/* ---- buffers ---- */

int bitext_buf_reserve(bitext_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return BITEXT_ENOMEM;
    return bitext_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
}

int bitext_buf_append(bitext_buf *b, const char *s, size_t n)
{
    if (bitext_buf_reserve(b, n) < 0)
        return BITEXT_ENOMEM;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int bitext_buf_puts(bitext_buf *b, const char *s)
{
    return bitext_buf_append(b, s, strlen(s));
}

int bitext_buf_putc(bitext_buf *b, char c)
{
    return bitext_buf_append(b, &c, 1);
}

int bitext_buf_printf(bitext_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || bitext_buf_reserve(b, (size_t)n) < 0)
        return BITEXT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void bitext_buf_free(bitext_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *bitext_buf_detach(bitext_buf *b)
{
    char *p = b->data ? b->data : bitext_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

/* ---- arenas ---- */

struct bitext_arena_block {
    bitext_arena_block *next;
    size_t used, cap;
    _Alignas(8) unsigned char mem[];
};

/* size bytes at a multiple of align (a power of two) in the arena. */
static void *arena_take(bitext_arena *a, size_t size, size_t align)
{
    bitext_arena_block *blk = a->head;
    size_t at = blk ? (blk->used + align - 1) & ~(align - 1) : 0;
    if (!blk || at > blk->cap || blk->cap - at < size) {
        size_t cap = size > 65536 ? size : 65536;
        blk = malloc(sizeof *blk + cap);
        if (!blk)
            return NULL;
        blk->used = 0;
        blk->cap = cap;
        blk->next = a->head;
        a->head = blk;
        at = 0;
    }
    blk->used = at + size;
    return blk->mem + at;
}

void *bitext_arena_alloc(bitext_arena *a, size_t size)
{
    return arena_take(a, size, 8);
}

char *bitext_arena_strndup(bitext_arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1, 1); /* strings need no alignment: 3.5 bytes a segment */
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void bitext_arena_free(bitext_arena *a)
{
    while (a->head) {
        bitext_arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ---- UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) ---- */

int64_t bitext_utf8_invalid_offset(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            /* ASCII runs, the bulk of most text, eight bytes at a time */
            uint64_t w;
            while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
                i += 8;
            if (i < len && s[i] < 0x80)
                i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return (int64_t)i;
        if (len - i <= n)
            return (int64_t)i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return (int64_t)i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return (int64_t)i;
        i += n + 1;
    }
    return -1;
}

uint32_t bitext_utf8_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[*i];
    uint32_t cp;
    size_t n, k;
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    cp = c & (0x3F >> n);
    for (k = 1; k <= n && *i + k < len; k++)
        cp = (cp << 6) | (s[*i + k] & 0x3F);
    *i += k;
    return cp;
}

uint32_t bitext_utf8_prev(const char *str, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t j = *i;
    while (j > 0 && (s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j > 0)
        j--;
    {
        size_t k = j;
        uint32_t cp = bitext_utf8_next(str, *i, &k);
        *i = j;
        return cp;
    }
}

size_t bitext_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t bitext_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

bool bitext_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

void bitext_trim(const char *s, size_t *start, size_t *end)
{
    while (*start < *end) {
        size_t i = *start;
        if (!bitext_is_space(bitext_utf8_next(s, *end, &i)))
            break;
        *start = i;
    }
    while (*end > *start) {
        size_t i = *end;
        if (!bitext_is_space(bitext_utf8_prev(s, &i)))
            break;
        *end = i;
    }
}

/* ---- scripts and words ---- */

bool bitext_is_unspaced(uint32_t cp)
{
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc;
    if (cp < 0x2E80)
        return false;
    sc = uscript_getScript((UChar32)cp, &st);
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA;
}

bool bitext_is_hangul(uint32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7AF;
}

size_t bitext_word_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    bool in = false;
    while (i < len) {
        uint32_t cp = bitext_utf8_next(s, len, &i);
        bool w = u_isalnum((UChar32)cp) || u_charType((UChar32)cp) == U_NON_SPACING_MARK;
        bool one = w && bitext_is_unspaced(cp);
        n += w && (!in || one);
        in = w && !one;
    }
    return n;
}

/* ---- files ---- */

int bitext_read_all(char **out, size_t *len, const char *path, size_t max, bitext_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    bitext_buf b = {0};
    struct stat st;
    int rc = 0;
    const char *name = is_stdin ? "<stdin>" : path;

    *out = NULL;
    *len = 0;
    if (!f)
        return bitext_fail_at(err, BITEXT_EIO, name, 0, 0, -1, "cannot open: %s",
                              strerror(errno));
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = bitext_fail_at(err, BITEXT_EIO, name, 0, 0, -1, "is a directory, not a file");
        goto done;
    }
    for (;;) {
        size_t n;
        if (bitext_buf_reserve(&b, 65536) < 0) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory reading %s", name);
            goto done;
        }
        n = fread(b.data + b.len, 1, 65536, f);
        b.len += n;
        b.data[b.len] = '\0';
        if (b.len > max) {
            rc = bitext_fail_at(err, BITEXT_EIO, name, 0, 0, -1,
                                "file is larger than the limit of %zu bytes", max);
            goto done;
        }
        if (n < 65536) {
            if (ferror(f))
                rc = bitext_fail_at(err, BITEXT_EIO, name, 0, 0, -1, "read error: %s",
                                    strerror(errno));
            break;
        }
    }
done:
    if (!is_stdin)
        fclose(f);
    if (rc < 0) {
        bitext_buf_free(&b);
        return rc;
    }
    if (!b.data && bitext_buf_reserve(&b, 0) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    b.data[b.len] = '\0';
    *len = b.len;
    *out = b.data;
    return 0;
}

/* ---- hashing: SHA-256 after FIPS 180-4, section 6.2 ---- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = ROR(w[t - 15], 7) ^ ROR(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ROR(w[t - 2], 17) ^ ROR(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
                      K256[t] + w[t];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void bitext_sha256_hex(char out[65], const void *data, size_t len)
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    unsigned char tail[128] = {0};
    size_t full = len / 64 * 64, rest = len - full, tlen;
    uint64_t bits = (uint64_t)len * 8;

    for (size_t i = 0; i < full; i += 64)
        sha256_block(h, p + i);
    memcpy(tail, p + full, rest);
    tail[rest] = 0x80;
    tlen = rest < 56 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        tail[tlen - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t i = 0; i < tlen; i += 64)
        sha256_block(h, tail + i);
    for (int i = 0; i < 8; i++)
        snprintf(out + 8 * i, 9, "%08x", h[i]);
}

uint64_t bitext_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int64_t bitext_now(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch)
        return strtoll(epoch, NULL, 10);
    return (int64_t)time(NULL);
}
