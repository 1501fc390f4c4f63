/*
 * fuzz_srx.c - the SRX reader on any bytes: no crash, leak or undefined behaviour, and when a
 * file is accepted, segmenting a fixed text with its rules keeps the segment invariants
 * (ordered, inside the text, nothing but white space between segments).
 *   ./build-fuzz/tests/fuzz/fuzz_srx -max_total_time=60 tests/fuzz/corpus/srx
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "srx_int.h"
#include "util_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "Dr. Smith came home. He was tired!  \"Really?\" she asked. "
                             "Spotkanie ok. godz. 18. Potem np. kolacja\xE2\x80\xA6 Koniec.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *langs[] = {"en", "pl", "de-CH"};
    for (size_t l = 0; l < 3; l++) {
        srx_rules *r = NULL;
        size_t *out = NULL, n = 0, cap = 0;
        if (srx_open(&r, "fuzz.srx", (const char *)data, size, langs[l], NULL) < 0)
            continue;
        if (srx_apply(r, sample, 0, sizeof sample - 1, NULL, 0, &out, &n, &cap, NULL) == 0)
            for (size_t i = 0; i < n; i++)
                if (out[i] == 0 || out[i] >= sizeof sample - 1 || (i && out[i] <= out[i - 1]))
                    __builtin_trap();
        free(out);
        srx_free(r);
    }
    return 0;
}
