/*
 * fuzz_segment.c - the segmenter (ICU + bitext's rules) on any valid UTF-8, in several
 * languages: no crash, leak or undefined behaviour, and the invariant that segmenting never
 * loses or reorders a character (segments are ordered, trimmed, non-empty, and only white
 * space lies between them).  Invalid UTF-8 is checked to be rejected by the stream reader.
 *   ./build-fuzz/tests/fuzz/fuzz_segment -max_total_time=60 tests/fuzz/corpus/segment
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "util_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *t, size_t len, const bitext_range *r, size_t n)
{
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = r[i].start, b = r[i].end;
        if (a < pos || b <= a || b > len)
            __builtin_trap();
        for (size_t j = pos; j < a;)
            if (!bitext_is_space(bitext_utf8_next(t, a, &j)))
                __builtin_trap();
        bitext_trim(t, &a, &b);
        if (a != r[i].start || b != r[i].end)
            __builtin_trap();
        pos = r[i].end;
    }
    for (size_t j = pos; j < len;)
        if (!bitext_is_space(bitext_utf8_next(t, len, &j)))
            __builtin_trap();
}

/* Stream segments come in order with sane offsets (repairs may change the text's length). */
static int in_order(void *ctx, const char *text, size_t len, uint64_t start, uint64_t end)
{
    uint64_t *last = ctx;
    if (end <= start || start < *last || len == 0 || bitext_utf8_invalid_offset(text, len) >= 0)
        __builtin_trap();
    *last = end;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *langs[] = {"en", "de", "pl", "fr", "ar", "hy", "el", "ja"};
    static bitext_segmenter *segs[8];
    const char *text = (const char *)data;
    if (!segs[0])
        for (size_t l = 0; l < 8; l++)
            if (bitext_segmenter_new(&segs[l], langs[l], NULL, NULL) < 0)
                __builtin_trap();
    if (bitext_utf8_invalid_offset(text, size) < 0 && !memchr(text, 0, size)) {
        bitext_segmenter *s = segs[size % 8];
        bitext_range *r = NULL;
        size_t n = 0;
        if (bitext_segmenter_split(s, &r, &n, text, size, NULL) < 0)
            __builtin_trap();
        check(text, size, r, n);
        free(r);
    }
    /* the stream reader: any bytes, lossy, through a memory FILE */
    FILE *f = size ? fmemopen((void *)data, size, "rb") : NULL;
    uint64_t last = 0;
    if (f) {
        bitext_segment_stream(segs[0], f, "fuzz", BITEXT_STREAM_LOSSY, in_order, &last, NULL,
                              NULL);
        fclose(f);
    }
    return 0;
}
