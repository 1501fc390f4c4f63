/* align_driver.c - a non-installed driver of the aligner library for scripts/bench-align and
 * experiments: reads two files of one segment per line, aligns them, writes beads (with
 * --conf, "confidence<TAB>bead") to stdout and the time spent aligning to stderr.
 *   align_driver [--length-only] [--no-learn] [--max-bead N] [--dict FILE] [--conf] [--para N]
 *                [--blocks SRC_BLOCKS TGT_BLOCKS]
 *                SRC_LANG TGT_LANG SRC TGT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitext/bitext.h"
#include "util_int.h"

static size_t para_len = 1; /* --para N: every N lines make one block (structure test) */

/*
 * Segment i's block: the i-th number of the file blocks (--blocks SRC TGT: one block number
 * per line, for structure tests), else i / para_len.
 */
static size_t block_of(const char *blocks, size_t i)
{
    const char *p = blocks;
    for (size_t k = 0; p && k < i; k++)
        if ((p = strchr(p, '\n')) != NULL)
            p++;
    return p ? strtoul(p, NULL, 10) : i / para_len;
}

static int read_lines(bitext_seglist **out, const char *lang, const char *path,
                      const char *blocks)
{
    bitext_error err = {0};
    char *data = NULL;
    size_t len = 0, pos = 0;
    if (bitext_read_all(&data, &len, path, (size_t)1 << 31, &err) < 0 ||
        bitext_seglist_new(out, lang, &err) < 0) {
        fprintf(stderr, "align_driver: %s: %s\n", path, err.message);
        free(data);
        return -1;
    }
    while (pos < len) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - data - pos) : len - pos;
        if (bitext_seglist_add(*out, data + pos, n, block_of(blocks, bitext_seglist_count(*out)),
                               BITEXT_BLOCK_PARAGRAPH, 0, &err) < 0)
            break;
        pos += n + 1;
    }
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    bitext_align_options o = BITEXT_ALIGN_OPTIONS_INIT;
    bitext_lexicon *lex = NULL;
    bitext_seglist *s = NULL, *t = NULL;
    bitext_alignment *al = NULL;
    bitext_error err = {0};
    const char *dict = NULL;
    char *blocks[2] = {NULL, NULL};
    int conf = 0, k = 1;
    struct timespec t0, t1;
    for (; k < argc && strncmp(argv[k], "--", 2) == 0; k++) {
        if (!strcmp(argv[k], "--length-only"))
            o.flags |= BITEXT_ALIGN_LENGTH_ONLY;
        else if (!strcmp(argv[k], "--no-learn"))
            o.flags |= BITEXT_ALIGN_NO_LEARN;
        else if (!strcmp(argv[k], "--conf"))
            conf = 1;
        else if (!strcmp(argv[k], "--max-bead") && k + 1 < argc)
            o.max_bead = (unsigned)atoi(argv[++k]);
        else if (!strcmp(argv[k], "--blocks") && k + 2 < argc) {
            size_t len;
            bitext_read_all(&blocks[0], &len, argv[++k], (size_t)1 << 28, &err);
            bitext_read_all(&blocks[1], &len, argv[++k], (size_t)1 << 28, &err);
        } else if (!strcmp(argv[k], "--para") && k + 1 < argc)
            para_len = (size_t)atoi(argv[++k]) ? (size_t)atoi(argv[k]) : 1;
        else if (!strcmp(argv[k], "--dict") && k + 1 < argc)
            dict = argv[++k];
    }
    if (argc - k != 4) {
        fprintf(stderr, "usage: align_driver [options] SRC_LANG TGT_LANG SRC TGT\n");
        return 2;
    }
    if (read_lines(&s, argv[k], argv[k + 2], blocks[0]) < 0 ||
        read_lines(&t, argv[k + 1], argv[k + 3], blocks[1]) < 0)
        return 1;
    if (dict && (bitext_lexicon_new(&lex, argv[k], argv[k + 1], &err) < 0 ||
                 bitext_lexicon_load(lex, dict, &err) < 0)) {
        char buf[1400];
        fprintf(stderr, "align_driver: %s\n", bitext_error_format(&err, buf, sizeof buf));
        return 1;
    }
    o.lexicon = lex;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (bitext_align_run(&al, s, t, &o, &err) < 0) {
        fprintf(stderr, "align_driver: %s\n", err.message);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "aligned %zu x %zu segments in %.3f s\n", bitext_seglist_count(s),
            bitext_seglist_count(t),
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    for (size_t i = 0; i < bitext_alignment_count(al); i++) {
        char line[256];
        const bitext_bead *b = bitext_alignment_bead(al, i);
        bitext_bead_format(b, line, sizeof line);
        if (conf)
            printf("%.4f\t%s\n", b->confidence, line);
        else
            printf("%s\n", line);
    }
    bitext_alignment_free(al);
    bitext_seglist_free(s);
    bitext_seglist_free(t);
    bitext_lexicon_free(lex);
    free(blocks[0]);
    free(blocks[1]);
    return 0;
}
