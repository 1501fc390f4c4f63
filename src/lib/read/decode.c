/* read/decode.c - bytes in a named encoding to UTF-8, in chunks, as browsers decode.
 *
 * UTF-8 is decoded here (WHATWG Encoding Standard 8.1.1: one U+FFFD per "maximal subpart" of
 * an invalid sequence, as ICU and every browser do), so is x-user-defined, ISO-8859-16 (not
 * in Debian's ICU data) and the replacement encoding; everything else goes through an ICU
 * converter.  A strict decoder stops at the first invalid byte with its offset; a lossy one
 * writes U+FFFD and counts.  Optionally every output byte records the input offset it came
 * from, so that a segment can be traced back to the file.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/utf16.h>

#include "read_int.h"

#define FFFD "\xEF\xBF\xBD"

int bitext_offsets_push(bitext_offsets *o, uint64_t at, size_t n)
{
    if (!o)
        return 0;
    if (bitext_grow((void **)&o->v, &o->cap, o->len + n, sizeof *o->v) < 0)
        return BITEXT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        o->v[o->len++] = at;
    return 0;
}

void bitext_offsets_free(bitext_offsets *o)
{
    free(o->v);
    memset(o, 0, sizeof *o);
}

/* Appends n bytes of output that all came from input offset `at`. */
static int emit(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs, const char *s,
                size_t n, uint64_t at)
{
    if (bitext_buf_append(out, s, n) < 0 || bitext_offsets_push(offs, at, n) < 0)
        return bitext_fail(d->err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

/* An undecodable sequence (or a NUL) at input offset `at`: U+FFFD when lossy, else an error
 * naming the byte. */
static int bad_bytes(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs, uint64_t at,
                     unsigned char byte, bool nul)
{
    if (nul ? !(d->flags & BITEXT_DEC_NUL_OK) : !(d->flags & BITEXT_DEC_LOSSY)) {
        if (nul)
            return bitext_fail_at(d->err, BITEXT_EFORMAT, d->name, 0, 0, (int64_t)at,
                                  "NUL byte: this looks like a binary file, not text (for "
                                  "UTF-16 without BOM give --encoding UTF-16LE)");
        return bitext_fail_at(d->err, BITEXT_EENCODING, d->name, 0, 0, (int64_t)at,
                              "invalid %s (byte 0x%02X); give --encoding NAME if the file "
                              "is in another encoding, or --lossy to replace bad bytes",
                              d->enc.name, byte);
    }
    d->replaced++;
    return emit(d, out, offs, FFFD, 3, at);
}

/* Length of the valid UTF-8 sequence at p (1-4); 0 when the n bytes there are a valid but
 * incomplete start; -k when the first k bytes are an invalid maximal subpart. */
static int utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    int need;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return -1;
    for (int k = 1; k <= need; k++) {
        if ((size_t)k >= n)
            return 0;
        if (p[k] < lo || p[k] > hi)
            return -k;
        lo = 0x80, hi = 0xBF;
    }
    return need + 1;
}

/* Completes a sequence cut at the end of the previous chunk, one byte at a time; d->pos is
 * the input offset of **p. */
static int finish_pending(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs,
                          const unsigned char **p, size_t *n, bool last)
{
    while (d->npend) {
        int k;
        if (*n == 0) {
            if (!last)
                return 0;
            d->npend = 0;   /* cut by the end of the input: one U+FFFD */
            return bad_bytes(d, out, offs, d->pend_at, d->pend[0], false);
        }
        d->pend[d->npend++] = **p;
        (*p)++, (*n)--, d->pos++;
        if ((k = utf8_seq(d->pend, d->npend)) == 0)
            continue;
        d->npend = 0;
        if (k > 0)
            return emit(d, out, offs, (const char *)d->pend, (size_t)k, d->pend_at);
        /* the byte just taken does not continue the sequence: it is read again on its own */
        (*p)--, (*n)++, d->pos--;
        return bad_bytes(d, out, offs, d->pend_at, d->pend[0], false);
    }
    return 0;
}

/* Offsets of an ASCII run: input offsets pos, pos+1, ... */
static int ascii_offsets(bitext_decoder *d, bitext_offsets *offs, uint64_t pos, size_t n)
{
    if (!offs)
        return 0;
    if (bitext_grow((void **)&offs->v, &offs->cap, offs->len + n, sizeof *offs->v) < 0)
        return bitext_fail(d->err, BITEXT_ENOMEM, "out of memory");
    for (size_t j = 0; j < n; j++)
        offs->v[offs->len++] = pos + j;
    return 0;
}

/* Decodes UTF-8 from s[0, n); an incomplete sequence at the end waits in d->pend unless last. */
static int push_utf8(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs,
                     const unsigned char *s, size_t n, bool last)
{
    size_t i = 0;
    int rc = finish_pending(d, out, offs, &s, &n, last);
    while (i < n && rc == 0) {
        size_t run = i;
        int k;
        /* ASCII without NUL, eight bytes at a time */
        for (uint64_t w; run + 8 <= n && (memcpy(&w, s + run, 8),
                                          !(w & 0x8080808080808080ULL) &&
                                          !((w - 0x0101010101010101ULL) & ~w &
                                            0x8080808080808080ULL));)
            run += 8;
        while (run < n && s[run] >= 0x01 && s[run] < 0x80)
            run++;
        if (run > i) {   /* ASCII, the bulk of most pages */
            if (bitext_buf_append(out, (const char *)s + i, run - i) < 0)
                return bitext_fail(d->err, BITEXT_ENOMEM, "out of memory");
            rc = ascii_offsets(d, offs, d->pos + i, run - i);
            i = run;
        } else if (s[i] == 0) {
            rc = bad_bytes(d, out, offs, d->pos + i, 0, true);
            i++;
        } else if ((k = utf8_seq(s + i, n - i)) == 0 && !last) {
            memcpy(d->pend, s + i, n - i);
            d->npend = n - i;
            d->pend_at = d->pos + i;
            i = n;
        } else if (k > 0) {
            rc = emit(d, out, offs, (const char *)s + i, (size_t)k, d->pos + i);
            i += (size_t)k;
        } else {
            rc = bad_bytes(d, out, offs, d->pos + i, s[i], false);
            i += k == 0 ? n - i : (size_t)-k;
        }
    }
    d->pos += n;
    return rc;
}

/* ISO-8859-16 (Latin-10) from 0xA0 up; 0x80-0x9F are the C1 controls, as in the standard's
 * index. */
static const uint16_t latin10[96] = {
    0x00A0, 0x0104, 0x0105, 0x0141, 0x20AC, 0x201E, 0x0160, 0x00A7, 0x0161, 0x00A9, 0x0218,
    0x00AB, 0x0179, 0x00AD, 0x017A, 0x017B, 0x00B0, 0x00B1, 0x010C, 0x0142, 0x017D, 0x201D,
    0x00B6, 0x00B7, 0x017E, 0x010D, 0x0219, 0x00BB, 0x0152, 0x0153, 0x0178, 0x017C, 0x00C0,
    0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0106, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB,
    0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x0110, 0x0143, 0x00D2, 0x00D3, 0x00D4, 0x0150, 0x00D6,
    0x015A, 0x0170, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0118, 0x021A, 0x00DF, 0x00E0, 0x00E1,
    0x00E2, 0x0103, 0x00E4, 0x0107, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC,
    0x00ED, 0x00EE, 0x00EF, 0x0111, 0x0144, 0x00F2, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x015B,
    0x0171, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x0119, 0x021B, 0x00FF};

/* The single-byte encodings decoded here: x-user-defined (WHATWG 14.5: 0x80-0xFF to
 * U+F780-U+F7FF) and ISO-8859-16. */
static int push_single(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs,
                       const unsigned char *s, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        uint32_t cp = s[i];
        char u8[4];
        if (cp == 0) {
            rc = bad_bytes(d, out, offs, d->pos + i, 0, true);
            continue;
        }
        if (cp >= 0x80)
            cp = d->enc.kind == BITEXT_ENC_USER_DEFINED ? 0xF780 + cp - 0x80
                 : cp >= 0xA0                           ? latin10[cp - 0xA0]
                                                        : cp;
        rc = emit(d, out, offs, u8, bitext_utf8_encode(cp, u8), d->pos + i);
    }
    d->pos += n;
    return rc;
}

/* ICU's to-Unicode callback of a lossy decoder: U+FFFD for each bad sequence, counted. */
static void count_bad(const void *ctx, UConverterToUnicodeArgs *args, const char *bytes,
                      int32_t len, UConverterCallbackReason reason, UErrorCode *st)
{
    static const UChar fffd = 0xFFFD;
    size_t *replaced = (size_t *)(uintptr_t)ctx;
    (void)bytes;
    (void)len;
    if (reason > UCNV_IRREGULAR)
        return;
    (*replaced)++;
    *st = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, st);
}

/* UTF-16 from ICU to UTF-8, each unit's input offset carried over; a NUL is handled as in
 * UTF-8 input. */
static int utf16_out(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs, const UChar *u,
                     int32_t n, const uint64_t *at)
{
    int rc = 0;
    for (int32_t i = 0; i < n && rc == 0;) {
        UChar32 cp;
        int32_t first = i;
        char u8[4];
        U16_NEXT(u, i, n, cp);
        if (U_IS_SURROGATE(cp))
            cp = 0xFFFD;   /* a lone surrogate from broken UTF-16 */
        if (cp == 0)
            rc = bad_bytes(d, out, offs, at[first], 0, true);
        else
            rc = emit(d, out, offs, u8, bitext_utf8_encode((uint32_t)cp, u8), at[first]);
    }
    return rc;
}

static int push_icu(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs, const char *s,
                    size_t n, bool last)
{
    const char *src = s, *end = s + n;
    UChar u[4096];
    int32_t rel[4096];
    uint64_t at[4096];
    UErrorCode st;
    int rc = 0;
    do {
        UChar *dst = u + d->carry;
        /* ICU's offsets count from the source start of each call */
        uint64_t base = d->pos + (uint64_t)(src - s);
        int32_t k;
        st = U_ZERO_ERROR;
        ucnv_toUnicode(d->cv, &dst, u + 4096, &src, end, rel + d->carry, last, &st);
        k = (int32_t)(dst - u);
        if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR) {
            char bad[32];
            int8_t nbad = sizeof bad;
            UErrorCode st2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(d->cv, bad, &nbad, &st2);
            if (U_FAILURE(st2))
                nbad = 0;
            return bad_bytes(d, out, offs, d->pos + (uint64_t)(src - s) - (uint64_t)nbad,
                             nbad ? (unsigned char)bad[0] : 0, false);
        }
        for (int32_t i = d->carry; i < k; i++)
            at[i] = base + (uint64_t)(rel[i] < 0 ? 0 : rel[i]);
        /* a lead surrogate at the end of a full buffer waits for its trail */
        d->carry = st == U_BUFFER_OVERFLOW_ERROR && k > 0 && U16_IS_LEAD(u[k - 1]) ? 1 : 0;
        rc = utf16_out(d, out, offs, u, k - d->carry, at);
        if (d->carry) {
            u[0] = u[k - 1];
            at[0] = at[k - 1];
        }
    } while (rc == 0 && (st == U_BUFFER_OVERFLOW_ERROR || src < end));
    d->pos += n;
    return rc;
}

int bitext_decoder_init(bitext_decoder *d, const bitext_encoding *enc, unsigned int flags,
                        const char *name, uint64_t pos, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    memset(d, 0, sizeof *d);
    d->enc = *enc;
    d->flags = flags;
    d->name = name;
    d->pos = pos;
    d->err = err;
    if (enc->kind != BITEXT_ENC_ICU && enc->kind != BITEXT_ENC_UTF16)
        return 0;
    d->cv = ucnv_open(enc->icu, &st);
    if (U_FAILURE(st))
        return bitext_fail_at(err, BITEXT_EENCODING, name, 0, 0, -1,
                              "encoding %s is not available (%s)", enc->name, u_errorName(st));
    st = U_ZERO_ERROR;
    if (flags & BITEXT_DEC_LOSSY)
        ucnv_setToUCallBack(d->cv, count_bad, &d->replaced, NULL, NULL, &st);
    else
        ucnv_setToUCallBack(d->cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    return 0;
}

int bitext_decoder_push(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs,
                        const char *s, size_t n, bool last)
{
    const unsigned char *p = (const unsigned char *)s;
    int rc;
    if (bitext_buf_reserve(out, n + n / 2 + 4) < 0)
        return bitext_fail(d->err, BITEXT_ENOMEM, "out of memory");
    switch (d->enc.kind) {
    case BITEXT_ENC_UTF8:
        return push_utf8(d, out, offs, p, n, last);
    case BITEXT_ENC_USER_DEFINED:
    case BITEXT_ENC_LATIN10:
        return push_single(d, out, offs, p, n);
    case BITEXT_ENC_REPLACEMENT:
        /* WHATWG 14.1: the whole input (if any) is one U+FFFD */
        rc = 0;
        if (n && !d->replaced)
            rc = (d->flags & BITEXT_DEC_LOSSY) ? (d->replaced++, emit(d, out, offs, FFFD, 3,
                                                                      d->pos))
                                               : bad_bytes(d, out, offs, d->pos, p[0], false);
        d->pos += n;
        return rc;
    default:
        return push_icu(d, out, offs, s, n, last);
    }
}

void bitext_decoder_close(bitext_decoder *d)
{
    if (d->cv)
        ucnv_close(d->cv);
    d->cv = NULL;
}
