/* fuzz_dict.c - libFuzzer target for the dictionary readers (lexicon.c).
 *
 * The first byte chooses the format: even = a hunalign "word @ word" file, odd = a dictd
 * dictionary whose .index and .dict parts are the input split at the first NUL byte.  The
 * loaded lexicon then helps to align a two-sentence pair, so its entries are used too.
 * The reader goes through files (that is its API), written under /tmp per process.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    if (size)
        fwrite(data, 1, size, f);
    return fclose(f);
}

static void use(const bitext_lexicon *lex)
{
    static const char *const s[] = {"Der Schnee liegt hoch.", "Das Seil ist neu."};
    static const char *const t[] = {"La neige est haute.", "La corde est neuve."};
    bitext_seglist *a = NULL, *b = NULL;
    bitext_alignment *al = NULL;
    bitext_align_options o = BITEXT_ALIGN_OPTIONS_INIT;
    bitext_seglist_new(&a, "de", NULL);
    bitext_seglist_new(&b, "fr", NULL);
    for (size_t k = 0; k < 2; k++) {
        bitext_seglist_add(a, s[k], strlen(s[k]), k, BITEXT_BLOCK_PARAGRAPH, 0, NULL);
        bitext_seglist_add(b, t[k], strlen(t[k]), k, BITEXT_BLOCK_PARAGRAPH, 0, NULL);
    }
    o.lexicon = lex;
    if (bitext_align_run(&al, a, b, &o, NULL) == 0 && bitext_alignment_count(al) == 0)
        abort(); /* two sentences per side cannot give no bead */
    bitext_alignment_free(al);
    bitext_seglist_free(a);
    bitext_seglist_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char base[64], index[80], dict[80], hun[80];
    bitext_lexicon *lex = NULL;
    bitext_error err;
    if (size < 1)
        return 0;
    snprintf(base, sizeof base, "/tmp/bitext-fuzz-dict-%ld", (long)getpid());
    snprintf(index, sizeof index, "%s.index", base);
    snprintf(dict, sizeof dict, "%s.dict", base);
    snprintf(hun, sizeof hun, "%s.hun", base);
    bitext_lexicon_new(&lex, "de", "fr", NULL);
    if (data[0] % 2 == 0) {
        if (write_file(hun, data + 1, size - 1) == 0)
            bitext_lexicon_load(lex, hun, &err);
        unlink(hun);
    } else {
        const uint8_t *nul = memchr(data + 1, 0, size - 1);
        size_t ni = nul ? (size_t)(nul - data - 1) : size - 1;
        if (write_file(index, data + 1, ni) == 0 &&
            write_file(dict, nul ? nul + 1 : data, nul ? size - ni - 2 : 0) == 0)
            bitext_lexicon_load(lex, index, &err);
        unlink(index);
        unlink(dict);
    }
    use(lex);
    bitext_lexicon_free(lex);
    return 0;
}
