/*
 * fuzz_rules.c - a rule file given with --rules (data/segment/README.md format) is untrusted
 * input: any bytes read on top of the built-in rules either fail with a parse error or give a
 * segmenter that keeps the segment invariants on a fixed text.  Also feeds the bytes to the
 * learner as a corpus and reads its output back as a rule file.
 *   ./build-fuzz/tests/fuzz/fuzz_rules -max_total_time=60 tests/fuzz/corpus/rules
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "segment_rules_int.h"
#include "util_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "Dr. Smith came home in 2000 r. He was tired!  \"Really?\" she "
                             "asked. See No. 5, e.g. Fig. 2. It ends. [3] \xE2\x80\x93 Next.";

/* Segments the sample with rules r; traps unless the ranges are ordered and inside it. */
static void check(seg_rules *r)
{
    size_t *out = NULL, n = 0, cap = 0, *cand = NULL, nc = 0, cc = 0;
    if (seg_uax29_boundaries(sample, 0, sizeof sample - 1, &cand, &nc, &cc) == 0 &&
        seg_rules_apply(r, sample, 0, sizeof sample - 1, cand, nc, &out, &n, &cap) == 0)
        for (size_t i = 0; i < n; i++)
            if (out[i] == 0 || out[i] >= sizeof sample - 1 || (i && out[i] <= out[i - 1]))
                __builtin_trap();
    free(out);
    free(cand);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seg_rules *r = NULL;
    bitext_segment_learner *l = NULL;
    char *text = malloc(size + 1), *learned = NULL;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (seg_rules_load(&r, "pl", NULL, NULL) == 0 &&
        seg_rules_parse(r, "fuzz.rules", text, size, NULL) == 0)
        check(r);
    seg_rules_free(r);
    /* the learner on the same bytes, and what it writes read back */
    if (bitext_segment_learner_new(&l, "en", NULL) == 0 &&
        bitext_segment_learner_add(l, text, size, size % 2 ? BITEXT_LEARN_SENTENCE : 0, NULL) ==
            0 &&
        bitext_segment_learner_rules(&learned, l, NULL) == 0) {
        r = NULL;
        if (seg_rules_load(&r, "en", NULL, NULL) < 0 ||
            seg_rules_parse(r, "learned.rules", learned, strlen(learned), NULL) < 0)
            __builtin_trap(); /* what the learner writes must always read back */
        check(r);
        seg_rules_free(r);
    }
    free(learned);
    bitext_segment_learner_free(l);
    free(text);
    return 0;
}
