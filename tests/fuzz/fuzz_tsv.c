/*
 * fuzz_tsv.c - the review TSV reader (tsv.h) on any bytes, and what it feeds.
 *
 * Invariants checked beyond "no crash, no leak, no UB": every row the reader returns has
 * valid UTF-8 texts; those rows written back as a TSV read back to the same texts (the
 * writer's quoting round-trips whatever the reader accepted); the checks (qa.h) and the
 * HTML page (report.h, its escaping) take the rows without failing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "util_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bitext_review *rows_of(const bitext_tsv *t)
{
    bitext_review *r = NULL;
    if (bitext_review_new(&r, t->src_lang, t->tgt_lang, "a", "b", NULL) < 0)
        __builtin_trap();
    for (size_t k = 0; k < t->n; k++) {
        const bitext_tsv_row *row = &t->rows[k];
        bitext_bead b = {k, *row->source != 0, k, *row->target != 0, 0.5};
        if (bitext_utf8_invalid_offset(row->source, strlen(row->source)) >= 0 ||
            bitext_utf8_invalid_offset(row->target, strlen(row->target)) >= 0 ||
            bitext_review_add(r, &b, 0, *row->source ? row->source : NULL,
                              *row->target ? row->target : NULL, NULL) < 0)
            __builtin_trap();
    }
    return r;
}

/* Writes the rows as a TSV and reads them back: the same texts. */
static void round_trip(const bitext_tsv *t, const bitext_review *r, const char *path)
{
    bitext_output *o = NULL;
    bitext_tsv *back = NULL;
    if (bitext_output_open(&o, path, NULL, NULL) < 0 || bitext_tsv_write(o, r, NULL, 0, NULL) < 0 ||
        bitext_output_commit(o, NULL) < 0)
        __builtin_trap();
    bitext_output_free(o);
    if (bitext_tsv_read(&back, path, NULL) < 0 || back->n != t->n)
        __builtin_trap();
    for (size_t k = 0; k < t->n; k++)
        if (strcmp(back->rows[k].source, t->rows[k].source) ||
            strcmp(back->rows[k].target, t->rows[k].target))
            __builtin_trap();
    bitext_tsv_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    bitext_tsv *t = NULL;
    bitext_review *r;
    bitext_qa_finding *f = NULL;
    bitext_output *o = NULL;
    size_t nf = 0;
    if (bitext_tsv_parse(&t, (const char *)data, size, "fuzz.tsv", NULL) < 0)
        return 0;
    snprintf(path, sizeof path, "/tmp/bitext-fuzz-tsv-%ld.tsv", (long)getpid());
    r = rows_of(t);
    round_trip(t, r, path);
    unlink(path);
    if (t->n <= 64 && bitext_qa_run(&f, &nf, r, NULL, NULL) < 0)
        __builtin_trap();
    if (bitext_output_open(&o, "/dev/null", NULL, NULL) < 0 ||
        bitext_report_alignment(o, r, f, nf, NULL, NULL) < 0 || bitext_output_commit(o, NULL) < 0)
        __builtin_trap();
    bitext_output_free(o);
    bitext_qa_findings_free(f, nf);
    bitext_review_free(r);
    bitext_tsv_free(t);
    return 0;
}
