/*
 * fuzz_tmx.c - the TMX reader on any bytes, and the writer on whatever the reader returns.
 *
 * Invariants checked beyond "no crash, no leak, no UB": every TU the reader returns has
 * valid UTF-8 text and codes anchored inside it, and a level-2 TMX written from those TUs is
 * well-formed and reads back with as many TUs as were written (the writer never emits
 * malformed XML, whatever characters come in).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "fuzz_tu.h"
#include "util_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t reread(const char *path)
{
    bitext_tmx_reader *r;
    bitext_tu tu = BITEXT_TU_INIT;
    int64_t n = 0;
    int rc;
    if (bitext_tmx_reader_open(&r, path, NULL, NULL) < 0)
        __builtin_trap();
    while ((rc = bitext_tmx_reader_next(r, &tu, NULL)) > 0)
        n++;
    if (rc < 0)
        __builtin_trap();
    bitext_tu_clear(&tu);
    bitext_tmx_reader_free(r);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    bitext_tmx_read_options ro = BITEXT_TMX_READ_OPTIONS_INIT;
    bitext_tmx_write_options wo = BITEXT_TMX_WRITE_OPTIONS_INIT;
    bitext_tmx_reader *r = NULL;
    bitext_tmx_writer *w = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int rc;
    if (size < 1)
        return 0;
    ro.flags = (data[0] & 1) ? BITEXT_TMX_SKIP_INVALID : 0;
    wo.level = 2;
    wo.srclang = "en";
    snprintf(path, sizeof path, "/tmp/fuzz_tmx.%ld.tmx", (long)getpid());
    if (bitext_tmx_reader_open_buffer(&r, "fuzz.tmx", (const char *)data + 1, size - 1, &ro,
                                      NULL) < 0)
        return 0;
    if (bitext_tmx_writer_open(&w, path, &wo, NULL) < 0)
        __builtin_trap();
    while ((rc = bitext_tmx_reader_next(r, &tu, NULL)) > 0) {
        fuzz_check_tu(&tu);
        if (bitext_tmx_writer_add(w, &tu, NULL) < 0)
            __builtin_trap();
    }
    if (bitext_tmx_writer_finish(w, NULL) < 0 || reread(path) != bitext_tmx_writer_count(w))
        __builtin_trap();
    bitext_tmx_writer_free(w);
    bitext_tmx_reader_free(r);
    bitext_tu_clear(&tu);
    unlink(path);
    return 0;
}
