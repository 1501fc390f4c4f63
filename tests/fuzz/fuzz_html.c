/* fuzz_html.c - the article readers (HTML and plain text, every encoding path) on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "bitext/bitext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bitext_format formats[] = {BITEXT_FORMAT_HTML, BITEXT_FORMAT_TEXT,
                                            BITEXT_FORMAT_LINES};
    bitext_read_options opts = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = NULL;
    if (size == 0)
        return 0;
    /* the first byte picks the format and the lossy switch, the rest is the file */
    opts.format = formats[data[0] % 3];
    opts.flags = (data[0] & 4) ? BITEXT_READ_LOSSY : 0;
    opts.flags |= (data[0] & 8) ? BITEXT_READ_KEEP_BOILERPLATE : 0;
    opts.max_bytes = 1 << 20;
    if (bitext_read_buffer(&doc, "fuzz.html", (const char *)data + 1, size - 1, &opts, NULL) == 0) {
        for (size_t i = 0; i < bitext_doc_block_count(doc); i++) {
            const bitext_block *b = bitext_doc_block(doc, i);
            for (size_t k = 0; k < b->nspans; k++)
                if (b->spans[k].end > b->len)
                    __builtin_trap();
        }
        bitext_doc_free(doc);
    }
    return 0;
}
