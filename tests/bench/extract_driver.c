/*
 * extract_driver.c - the measuring tool of scripts/bench-extract: for every page named on
 * standard input (one path a line), the time bitext takes to read it (bitext_read_buffer:
 * decoding, the bounded pre-pass, libxml2's parse, choosing the story, the blocks) and, as
 * the baseline, libxml2's bare parse of the same bytes (htmlReadMemory, no network, errors
 * ignored).  Each is the best of three runs.  Prints one line a page:
 * "<bytes> <bitext seconds> <libxml2 seconds> <blocks> <path>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "bitext/bitext.h"
#include "util_int.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double time_bitext(const char *path, const char *data, size_t len, size_t *blocks)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    double best = 1e9;
    ro.format = BITEXT_FORMAT_HTML;
    *blocks = 0;
    for (int run = 0; run < 3; run++) {
        bitext_doc *doc = NULL;
        double t0 = now(), t;
        if (bitext_read_buffer(&doc, path, data, len, &ro, NULL) == 0)
            *blocks = bitext_doc_block_count(doc);
        bitext_doc_free(doc);
        t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

static double time_libxml2(const char *data, size_t len)
{
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
        double t0 = now(), t;
        htmlDocPtr h = htmlReadMemory(data, (int)len, "page.html", NULL, opts);
        xmlFreeDoc(h);
        t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

int main(void)
{
    char path[4096];
    while (fgets(path, sizeof path, stdin)) {
        char *data;
        size_t len, blocks;
        double tb, tx;
        path[strcspn(path, "\n")] = '\0';
        if (!path[0] || bitext_read_all(&data, &len, path, (size_t)64 << 20, NULL) < 0)
            continue;
        tb = time_bitext(path, data, len, &blocks);
        tx = time_libxml2(data, len);
        printf("%zu %.6f %.6f %zu %s\n", len, tb, tx, blocks, path);
        free(data);
    }
    return 0;
}
