/*
 * segment_stream.c - segmenting a file or pipe paragraph by paragraph: memory is bounded by
 * the longest paragraph, not the input; offsets are bytes in the input stream.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/segment.h"
#include "util_int.h"

typedef struct {
    bitext_segmenter *seg;
    const char *name;
    unsigned int flags;
    bitext_segment_fn fn;
    void *ctx;
    int64_t first_repair;
    uint64_t offset;          /* input offset of the paragraph's first byte */
    char *para;               /* the paragraph: lines up to a blank line */
    size_t len, cap;
    size_t *map;              /* after repairs: paragraph offset -> input offset */
    size_t mapcap;
} stream;

/*
 * Replaces each invalid UTF-8 sequence of the paragraph by U+FFFD (one per bad byte, as the
 * WHATWG decoder does for lone bytes), recording where each byte of the repaired text came
 * from so that offsets still point into the input.
 */
static int repair(stream *st, bitext_error *err)
{
    bitext_buf out = {0};
    size_t i = 0, n = 0;
    while (i < st->len) {
        int64_t off = bitext_utf8_invalid_offset(st->para + i, st->len - i);
        size_t good = off < 0 ? st->len - i : (size_t)off;
        if (bitext_grow((void **)&st->map, &st->mapcap, n + good + 4, sizeof *st->map) < 0 ||
            bitext_buf_append(&out, st->para + i, good) < 0 ||
            (off >= 0 && bitext_buf_append(&out, "\xEF\xBF\xBD", 3) < 0))
            goto fail;
        for (size_t k = 0; k < good; k++)
            st->map[n++] = i + k;
        i += good;
        if (off >= 0) {
            if (st->first_repair < 0)
                st->first_repair = (int64_t)(st->offset + i);
            for (int k = 0; k < 3; k++)
                st->map[n++] = i;
            i++;
        }
    }
    if (bitext_grow((void **)&st->map, &st->mapcap, n + 1, sizeof *st->map) < 0)
        goto fail;
    st->map[n] = st->len;
    free(st->para);
    st->cap = out.cap;
    st->para = bitext_buf_detach(&out);
    st->len = n;
    return 0;
fail:
    bitext_buf_free(&out);
    return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
}

/* Checks the buffered paragraph, repairs it if allowed, segments it and hands it out. */
static int flush(stream *st, bitext_error *err)
{
    bitext_range *r = NULL;
    size_t n = 0;
    int64_t bad;
    bool mapped = false;
    const char *nul = st->len ? memchr(st->para, '\0', st->len) : NULL;
    int rc = 0;
    if (!st->len)
        return 0;
    if (nul)
        return bitext_fail_at(err, BITEXT_EENCODING, st->name, 0, 0,
                              (int64_t)(st->offset + (uint64_t)(nul - st->para)),
                              "NUL byte (is this a binary file?)");
    if ((bad = bitext_utf8_invalid_offset(st->para, st->len)) >= 0) {
        if (!(st->flags & BITEXT_STREAM_LOSSY))
            return bitext_fail_at(err, BITEXT_EENCODING, st->name, 0, 0,
                                  (int64_t)st->offset + bad,
                                  "invalid UTF-8 (convert the file to UTF-8, or use --lossy)");
        if ((rc = repair(st, err)) < 0)
            return rc;
        mapped = true;
    }
    if ((rc = bitext_segmenter_split(st->seg, &r, &n, st->para, st->len, err)) < 0)
        return rc;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t a = mapped ? st->map[r[i].start] : r[i].start;
        size_t b = mapped ? st->map[r[i].end] : r[i].end;
        rc = st->fn(st->ctx, st->para + r[i].start, r[i].end - r[i].start, st->offset + a,
                    st->offset + b);
    }
    free(r);
    st->len = 0;
    return rc;
}

static bool is_blank(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return false;
    return true;
}

/* Reads line by line; a blank line ends a paragraph. */
static int run(stream *st, FILE *in, bitext_error *err)
{
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    uint64_t pos = 0;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &lcap, in)) >= 0) {
        size_t n = (size_t)got, skip = 0;
        if (pos == 0 && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
            skip = 3; /* the byte-order mark is not text */
        if (is_blank(line + skip, n - skip)) {
            rc = flush(st, err);
        } else {
            if (!st->len)
                st->offset = pos + skip;
            if (bitext_grow((void **)&st->para, &st->cap, st->len + n + 1, 1) < 0) {
                rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
                break;
            }
            memcpy(st->para + st->len, line + skip, n - skip);
            st->len += n - skip;
        }
        pos += (uint64_t)n;
    }
    if (rc == 0 && ferror(in))
        rc = bitext_fail_at(err, BITEXT_EIO, st->name, 0, 0, (int64_t)pos, "read error");
    if (rc == 0)
        rc = flush(st, err);
    free(line);
    return rc;
}

int bitext_segment_stream(bitext_segmenter *seg, FILE *in, const char *name, unsigned int flags,
                          bitext_segment_fn fn, void *ctx, int64_t *first_repair,
                          bitext_error *err)
{
    stream st = {seg, name ? name : "", flags, fn, ctx, -1, 0, NULL, 0, 0, NULL, 0};
    int rc = run(&st, in, err);
    if (first_repair)
        *first_repair = st.first_repair;
    free(st.para);
    free(st.map);
    return rc;
}
