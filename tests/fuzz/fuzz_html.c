/* fuzz_html.c - the article readers on any bytes: HTML and plain text, every encoding path
 * (BOM, <meta> prescan and head scan, detection, the decoders), the bounded pre-pass, the
 * story's choice and its second opinion (JSON-LD, <noscript>), the JSON-LD scanner on its
 * own, and the stream reader's input offsets.  Invariants checked: spans lie in their
 * blocks, decoding in small chunks gives what decoding at once gives, offsets grow and stay
 * inside the input, the pre-pass writes no more than it may, the JSON-LD scanner keeps no
 * more than its input, looks at each byte about once, and keeps valid UTF-8 valid.
 *   ./build-fuzz/tests/fuzz/fuzz_html -max_total_time=60 tests/fuzz/corpus/html
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "read_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const encodings[] = {NULL, "windows-1250", "UTF-16LE", "gb18030",
                                        "x-user-defined", "iso-8859-16", "replacement",
                                        "Shift_JIS"};

static void check_doc(const bitext_doc *doc)
{
    for (size_t i = 0; i < bitext_doc_block_count(doc); i++) {
        const bitext_block *b = bitext_doc_block(doc, i);
        if (bitext_utf8_invalid_offset(b->text, b->len) >= 0)
            __builtin_trap();
        for (size_t k = 0; k < b->nspans; k++)
            if (b->spans[k].end > b->len || b->spans[k].start > b->spans[k].end)
                __builtin_trap();
    }
}

/* Decoding at once and in 7-byte pieces gives the same text and the same count. */
static void check_chunks(const char *enc_name, const char *s, size_t n)
{
    bitext_encoding enc;
    bitext_decoder d1, d2;
    bitext_buf a = {0}, b = {0};
    int r1, r2 = 0;
    if (bitext_encoding_for_user(&enc, enc_name ? enc_name : "utf-8", NULL) < 0 ||
        bitext_decoder_init(&d1, &enc, BITEXT_DEC_LOSSY | BITEXT_DEC_NUL_OK, "f", 0, NULL) < 0)
        return;
    r1 = bitext_decoder_push(&d1, &a, NULL, s, n, true);
    if (bitext_decoder_init(&d2, &enc, BITEXT_DEC_LOSSY | BITEXT_DEC_NUL_OK, "f", 0, NULL) == 0) {
        for (size_t i = 0; i < n && r2 == 0; i += 7)
            r2 = bitext_decoder_push(&d2, &b, NULL, s + i, n - i < 7 ? n - i : 7, false);
        if (r2 == 0)
            r2 = bitext_decoder_push(&d2, &b, NULL, "", 0, true);
        /* ICU's multi-byte converters may split a sequence differently at a piece's end;
         * the built-in ones (UTF-8, single bytes) must agree byte for byte */
        if (r1 == 0 && r2 == 0 && enc.kind != BITEXT_ENC_ICU && enc.kind != BITEXT_ENC_UTF16 &&
            (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len)) ||
             d1.replaced != d2.replaced))
            __builtin_trap();
        bitext_decoder_close(&d2);
    }
    bitext_decoder_close(&d1);
    bitext_buf_free(&a);
    bitext_buf_free(&b);
}

/* The stream reader's offsets: growing, inside the input. */
static void check_stream(const char *s, size_t n, unsigned int flags, const char *enc)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_reader *r = NULL;
    const bitext_block *b;
    ro.format = BITEXT_FORMAT_TEXT;
    ro.flags = flags | BITEXT_READ_RAW_TEXT | BITEXT_READ_OFFSETS;
    ro.encoding = enc;
    if (bitext_reader_open_memory(&r, "f.txt", s, n, &ro, NULL) < 0)
        return;
    while (bitext_reader_next(r, &b, NULL) > 0) {
        int64_t last = -1;
        for (size_t i = 0; i <= b->len; i++) {
            int64_t off = bitext_reader_offset(r, i);
            if (off < last || off > (int64_t)n)
                __builtin_trap();
            last = off;
        }
    }
    bitext_reader_free(r);
}

/* The JSON-LD scanner on the bytes as they are. */
static void check_jsonld(const char *s, size_t n)
{
    bitext_jsonld ld = {0};
    if (bitext_jsonld_scan(&ld, s, n) == 0) {
        if (ld.body.len > n || ld.steps > 2 * (uint64_t)n + 2)
            __builtin_trap();
        if (bitext_utf8_invalid_offset(s, n) < 0 &&
            bitext_utf8_invalid_offset(ld.body.data ? ld.body.data : "", ld.body.len) >= 0)
            __builtin_trap();
    }
    bitext_jsonld_free(&ld);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bitext_format formats[] = {BITEXT_FORMAT_HTML, BITEXT_FORMAT_TEXT,
                                            BITEXT_FORMAT_LINES, BITEXT_FORMAT_AUTO};
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_html_bound_stats st;
    bitext_encoding enc;
    bitext_buf bound = {0};
    bitext_doc *doc = NULL;
    const char *s = (const char *)data + 2;
    size_t n;
    if (size < 2)
        return 0;
    n = size - 2;
    /* the first byte picks the format and the switches, the second the encoding */
    opts.format = formats[data[0] & 3];
    opts.flags = ((data[0] & 4) ? BITEXT_READ_LOSSY : 0) |
                 ((data[0] & 8) ? BITEXT_READ_KEEP_BOILERPLATE : 0) |
                 ((data[0] & 16) ? BITEXT_READ_ALL_TEXT : 0);
    opts.encoding = encodings[data[1] % (sizeof encodings / sizeof *encodings)];
    opts.max_bytes = 1 << 20;
    if (bitext_read_buffer(&doc, "fuzz.html", s, n, &opts, NULL) == 0) {
        check_doc(doc);
        bitext_doc_free(doc);
    }
    if (bitext_html_bound(&bound, &st, s, n) == 0 && bound.len > 2 * n + 64 * 1024)
        __builtin_trap();
    bitext_buf_free(&bound);
    bitext_html_prescan(&enc, s, n);
    bitext_html_head_charset(&enc, s, n);
    bitext_encoding_detect(&enc, s, n, true);
    check_chunks(opts.encoding, s, n);
    check_jsonld(s, n);
    check_stream(s, n, opts.flags & BITEXT_READ_LOSSY, opts.encoding);
    return 0;
}
