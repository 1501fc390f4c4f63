/* read.c - the one reader behind every verb that takes an article.
 *
 * A file (or standard input, or a buffer) is opened, its format decided (by extension, then
 * by content) and its encoding found: plain text is decoded and cut into paragraphs as it is
 * read, so memory stays bounded by the longest paragraph; an HTML page is read whole,
 * decoded as a browser decodes it (read/sniff.c) and handed to the HTML reader.  Blocks come
 * out one at a time (bitext_reader_next) or as a document (bitext_read_file).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bitext/read.h"
#include "read_int.h"
#include "util_int.h"

#define DEFAULT_MAX_BYTES ((size_t)512 << 20)
/* An HTML tree costs about ten times the page in memory: no article page comes near this. */
#define MAX_HTML_BYTES ((size_t)64 << 20)
#define CHUNK ((size_t)64 << 10)

struct bitext_reader {
    bitext_read_options opts;
    char *name;
    bitext_error *err;
    /* the input: a file, or bytes in memory */
    FILE *f;
    bool own_f, eof;
    const char *mem;
    size_t memlen, mempos;
    char *chunk;
    uint64_t nread;
    size_t max;
    bitext_format format;
    bitext_encoding enc;
    /* HTML: the page read whole into a document */
    bitext_doc *doc;
    size_t next;
    /* plain text */
    bitext_decoder dec;
    bitext_lines lines;
    bitext_paragraph para;
    bitext_buf joined;
    char *text;                 /* the current block's text */
    const uint64_t *offs;       /* its input offsets (raw text), else NULL */
    uint64_t end_offset;        /* the input offset just after it */
    bitext_block cur;
    size_t nblocks;
    bitext_read_dedup dedup;
};

/* ---- the input --------------------------------------------------------------------------- */

/* The next piece of input (at most CHUNK bytes) into *p; *n == 0 at the end. */
static int pull(bitext_reader *r, const char **p, size_t *n)
{
    *n = 0;
    if (r->mem) {
        *n = r->memlen - r->mempos < CHUNK ? r->memlen - r->mempos : CHUNK;
        *p = r->mem + r->mempos;
        r->mempos += *n;
    } else if (!r->eof) {
        *n = fread(r->chunk, 1, CHUNK, r->f);
        *p = r->chunk;
        if (*n < CHUNK && ferror(r->f))
            return bitext_fail_at(r->err, BITEXT_EIO, r->name, 0, 0, (int64_t)r->nread,
                                  "read error");
    }
    r->eof = *n == 0;
    r->nread += *n;
    if (r->nread > r->max)
        return bitext_fail_at(r->err, BITEXT_EIO, r->name, 0, 0, -1,
                              "file is larger than the limit of %zu bytes", r->max);
    return 0;
}

/* The whole input (what is left of it) appended to b. */
static int pull_all(bitext_reader *r, bitext_buf *b)
{
    const char *p;
    size_t n;
    int rc;
    do {
        if ((rc = pull(r, &p, &n)) < 0)
            return rc;
        if (n && bitext_buf_append(b, p, n) < 0)
            return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
    } while (n);
    return 0;
}

static bitext_format sniff_format(const char *name, const char *data, size_t len)
{
    const char *dot = strrchr(name, '.');
    size_t i = 0, n = len < 1024 ? len : 1024;
    if (dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") ||
                !strcasecmp(dot, ".xhtml")))
        return BITEXT_FORMAT_HTML;
    if (dot && !strcasecmp(dot, ".txt"))
        return BITEXT_FORMAT_TEXT;
    while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t' ||
                     (unsigned char)data[i] >= 0xEF))
        i++;
    if (i < n && data[i] == '<') {
        for (size_t k = i; k + 5 < n; k++)
            if (!strncasecmp(data + k, "<html", 5) || !strncasecmp(data + k, "<body", 5) ||
                !strncasecmp(data + k, "<!doc", 5) || !strncasecmp(data + k, "<p>", 3) ||
                !strncasecmp(data + k, "<div", 4))
                return BITEXT_FORMAT_HTML;
    }
    return BITEXT_FORMAT_TEXT;
}

/* ---- HTML: the page whole ------------------------------------------------------------ */

/* The encoding of a page (HTML 13.2.3): a BOM, the user's choice, the prescan of the first
 * 1024 bytes or detection; then the first <meta> of <head>, when it names another one, wins
 * as it does when a browser changes the encoding while parsing. */
static int html_encoding(bitext_reader *r, size_t *bom, const char *data, size_t len)
{
    const char *want = r->opts.encoding;
    bitext_encoding later;
    *bom = 0;
    if (bitext_sniff_bom(&r->enc, bom, data, len))
        return 0;
    if (want && strcasecmp(want, "auto") != 0)
        return bitext_encoding_for_user(&r->enc, want, r->err);
    if (bitext_html_prescan(&r->enc, data, len))
        return 0;
    bitext_encoding_detect(&r->enc, data, len, true);
    if (bitext_html_head_charset(&later, data, len) && strcmp(later.name, r->enc.name) != 0)
        r->enc = later;
    return 0;
}

static int open_html(bitext_reader *r, bitext_buf *raw)
{
    bitext_buf text = {0};
    size_t bom;
    int rc;
    if ((rc = pull_all(r, raw)) < 0)
        return rc;
    if (raw->len > MAX_HTML_BYTES)
        return bitext_fail_at(r->err, BITEXT_EFORMAT, r->name, 0, 0, -1,
                              "HTML page larger than %zu MiB", MAX_HTML_BYTES >> 20);
    if ((rc = html_encoding(r, &bom, raw->data ? raw->data : "", raw->len)) < 0)
        return rc;
    /* a browser shows every page: undecodable bytes and NUL become U+FFFD */
    if ((rc = bitext_decoder_init(&r->dec, &r->enc, BITEXT_DEC_LOSSY | BITEXT_DEC_NUL_OK,
                                  r->name, bom, r->err)) == 0 &&
        (rc = bitext_decoder_push(&r->dec, &text, NULL, raw->data ? raw->data + bom : "",
                                  raw->len - bom, true)) == 0 &&
        (rc = bitext_doc_new(&r->doc, r->name, r->opts.lang, r->err)) == 0) {
        bitext_doc_set_replaced(r->doc, r->dec.replaced);
        rc = bitext_read_html(r->doc, text.data ? text.data : "", text.len, &r->opts,
                              r->err);
    }
    bitext_buf_free(&text);
    return rc;
}

/* ---- plain text: a stream of paragraphs ------------------------------------------------- */

static int open_text(bitext_reader *r, const char *head, size_t n)
{
    const char *want = r->opts.encoding;
    unsigned int dflags = (r->opts.flags & BITEXT_READ_LOSSY) ? BITEXT_DEC_LOSSY : 0;
    size_t bom = 0;
    int rc;
    if (bitext_sniff_bom(&r->enc, &bom, head, n))
        ;
    else if (want && !strcasecmp(want, "auto"))
        bitext_encoding_detect(&r->enc, head, n, false);
    else if (want && (rc = bitext_encoding_for_user(&r->enc, want, r->err)) < 0)
        return rc;
    else if (!want)
        bitext_encoding_utf8(&r->enc);   /* plain text: strict UTF-8 unless told otherwise */
    r->lines.track = (r->opts.flags & BITEXT_READ_RAW_TEXT) &&
                     (r->opts.flags & BITEXT_READ_OFFSETS);
    r->lines.each_line = r->opts.format == BITEXT_FORMAT_LINES;
    if ((rc = bitext_decoder_init(&r->dec, &r->enc, dflags, r->name, bom, r->err)) < 0)
        return rc;
    return bitext_decoder_push(&r->dec, &r->lines.pending,
                               r->lines.track ? &r->lines.pending_offs : NULL, head + bom,
                               n - bom, r->eof);
}

/* Feeds the next piece of input to the decoder. */
static int feed(bitext_reader *r)
{
    const char *p = NULL;
    size_t n;
    int rc = pull(r, &p, &n);
    if (rc < 0)
        return rc;
    return bitext_decoder_push(&r->dec, &r->lines.pending,
                               r->lines.track ? &r->lines.pending_offs : NULL, p ? p : "", n,
                               n == 0);
}

/* The paragraph in r->para as the current block: verbatim (raw text, offsets kept), or
 * joined and typed the way align reads text.  Returns 1, or 0 when it is not kept. */
static int make_block(bitext_reader *r)
{
    size_t start = 0, end = r->para.text.len, len;
    bitext_block_type type = BITEXT_BLOCK_PARAGRAPH;
    unsigned int flags = r->opts.flags;
    int rc;
    free(r->text);
    r->text = NULL;
    r->offs = NULL;
    if (r->opts.flags & BITEXT_READ_RAW_TEXT) {
        bitext_trim(r->para.text.data, &start, &end);
        if (start == end)
            return 0;
        if (!(r->text = bitext_strndup(r->para.text.data + start, end - start)))
            return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
        len = end - start;
        if (r->lines.track) {
            r->offs = r->para.offs.v + start;
            r->end_offset = end < r->para.text.len ? r->para.offs.v[end] : r->dec.pos;
        }
    } else {
        if (bitext_text_join(&r->joined, &r->para) < 0)
            return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
        if (r->opts.format == BITEXT_FORMAT_LINES)
            flags |= BITEXT_READ_VERBATIM;
        else
            type = bitext_text_block_type(r->joined.data, r->joined.len, r->para.nlines,
                                          r->nblocks == 0);
        if ((rc = bitext_read_prepare(&r->text, &len, &type, &r->dedup, r->joined.data,
                                      r->joined.len, flags, r->err)) < 0 ||
            !r->text)
            return rc;
    }
    r->cur = (bitext_block){type, 0, r->text, len, NULL, 0, r->para.line};
    r->nblocks++;
    return 1;
}

static int next_text(bitext_reader *r, const bitext_block **out)
{
    for (;;) {
        int rc = bitext_lines_next(&r->lines, &r->para, r->eof, r->err);
        if (rc < 0)
            return rc;
        if (rc > 0) {
            if ((rc = make_block(r)) != 0) {
                *out = rc > 0 ? &r->cur : NULL;
                return rc;
            }
            continue;   /* a paragraph that is not kept (boilerplate, repeated) */
        }
        if (r->eof)
            return 0;
        if ((rc = feed(r)) < 0)
            return rc;
    }
}

/* ---- the reader --------------------------------------------------------------------------- */

static int reader_new(bitext_reader **out, const char *name, const bitext_read_options *opts,
                      bitext_error *err)
{
    static const bitext_read_options defaults = BITEXT_READ_OPTIONS_INIT;
    bitext_reader *r;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != 1 && opts->version != BITEXT_READ_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_read_options version mismatch");
    if (!(r = calloc(1, sizeof *r)) || !(r->name = bitext_strdup(name))) {
        free(r);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    /* a version 1 caller's struct ends before the warning callback */
    memcpy(&r->opts, opts, opts->version == 1 ? offsetof(bitext_read_options, warn)
                                             : sizeof *opts);
    r->err = err;
    r->max = opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
    *out = r;
    return 0;
}

/* Decides the format from the first piece of input and opens the format's reader. */
static int reader_start(bitext_reader *r)
{
    bitext_buf raw = {0};
    const char *p = NULL;
    size_t n;
    int rc;
    if ((rc = pull(r, &p, &n)) < 0)
        return rc;
    r->format = r->opts.format != BITEXT_FORMAT_AUTO ? r->opts.format
                                                    : sniff_format(r->name, p ? p : "", n);
    if (r->format != BITEXT_FORMAT_HTML)
        return open_text(r, p ? p : "", n);
    if (bitext_buf_append(&raw, p ? p : "", n) < 0)
        return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
    rc = open_html(r, &raw);
    bitext_buf_free(&raw);
    return rc;
}

int bitext_reader_open(bitext_reader **out, const char *path, const bitext_read_options *opts,
                       bitext_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    bitext_reader *r;
    struct stat st;
    int rc = reader_new(&r, is_stdin ? "<stdin>" : path, opts, err);
    if (rc < 0)
        return rc;
    r->f = is_stdin ? stdin : fopen(path, "rb");
    r->own_f = !is_stdin && r->f;
    if (!r->f)
        rc = bitext_fail_at(err, BITEXT_EIO, r->name, 0, 0, -1, "cannot open: %s",
                            strerror(errno));
    else if (fstat(fileno(r->f), &st) == 0 && S_ISDIR(st.st_mode))
        rc = bitext_fail_at(err, BITEXT_EIO, r->name, 0, 0, -1, "is a directory, not a file");
    else if (!(r->chunk = malloc(CHUNK)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0)
        rc = reader_start(r);
    if (rc < 0) {
        bitext_reader_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int bitext_reader_open_memory(bitext_reader **out, const char *name, const char *data,
                              size_t len, const bitext_read_options *opts, bitext_error *err)
{
    bitext_reader *r;
    int rc = reader_new(&r, name, opts, err);
    if (rc < 0)
        return rc;
    r->mem = data ? data : "";
    r->memlen = len;
    if ((rc = reader_start(r)) < 0) {
        bitext_reader_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int bitext_reader_next(bitext_reader *r, const bitext_block **out, bitext_error *err)
{
    *out = NULL;
    r->err = err;
    if (r->doc) {
        if (r->next >= bitext_doc_block_count(r->doc))
            return 0;
        *out = bitext_doc_block(r->doc, r->next++);
        return 1;
    }
    return next_text(r, out);
}

int64_t bitext_reader_offset(const bitext_reader *r, size_t pos)
{
    if (!r->offs || pos > r->cur.len)
        return -1;
    return (int64_t)(pos < r->cur.len ? r->offs[pos] : r->end_offset);
}

size_t bitext_reader_replaced(const bitext_reader *r)
{
    return r->doc ? bitext_doc_replaced(r->doc) : r->dec.replaced;
}

const char *bitext_reader_lang(const bitext_reader *r)
{
    if (r->doc)
        return bitext_doc_lang(r->doc);
    return r->opts.lang ? r->opts.lang : "";
}

const char *bitext_reader_encoding(const bitext_reader *r)
{
    return r->enc.name;
}

bitext_format bitext_reader_format(const bitext_reader *r)
{
    return r->format;
}

void bitext_reader_free(bitext_reader *r)
{
    if (!r)
        return;
    if (r->own_f)
        fclose(r->f);
    bitext_decoder_close(&r->dec);
    bitext_lines_free(&r->lines);
    bitext_buf_free(&r->para.text);
    bitext_offsets_free(&r->para.offs);
    bitext_buf_free(&r->joined);
    bitext_doc_free(r->doc);
    free(r->text);
    free(r->chunk);
    free(r->name);
    free(r);
}

/* ---- whole documents ---------------------------------------------------------------------- */

/* The blocks of a text reader into a new document. */
static int collect(bitext_doc **out, bitext_reader *r, bitext_error *err)
{
    const bitext_block *b;
    int rc = bitext_doc_new(out, r->name, r->opts.lang, err);
    while (rc == 0 && (rc = next_text(r, &b)) > 0)
        rc = bitext_doc_add_block(*out, NULL, b->type, b->level, b->text, b->len, b->line,
                                  err);
    if (rc == 0)
        bitext_doc_set_replaced(*out, r->dec.replaced);
    return rc;
}

int bitext_read_buffer(bitext_doc **out, const char *name, const char *data, size_t len,
                       const bitext_read_options *opts, bitext_error *err)
{
    bitext_reader *r = NULL;
    bitext_doc *doc = NULL;
    char sum[65];
    int rc;

    *out = NULL;
    if ((rc = reader_new(&r, name, opts, err)) < 0)
        return rc;
    r->mem = data ? data : "";
    r->memlen = len;
    if ((rc = reader_start(r)) == 0) {
        /* an HTML page's document is the reader's: taken over whole */
        if (r->doc)
            doc = r->doc, r->doc = NULL;
        else
            rc = collect(&doc, r, err);
    }
    if (rc == 0 && bitext_doc_block_count(doc) == 0)
        rc = bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0, -1,
                            len == 0 ? "the file is empty" : "the file holds no text");
    if (rc == 0)
        bitext_doc_set_format(doc, r->format);
    bitext_reader_free(r);
    if (rc < 0) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", name);
        bitext_doc_free(doc);
        return rc;
    }
    bitext_sha256_hex(sum, data, len);
    bitext_doc_set_checksum(doc, sum);
    *out = doc;
    return 0;
}

int bitext_read_file(bitext_doc **out, const char *path, const bitext_read_options *opts,
                     bitext_error *err)
{
    char *data;
    size_t len;
    size_t max = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
    int rc;

    *out = NULL;
    if ((rc = bitext_read_all(&data, &len, path, max, err)) < 0)
        return rc;
    rc = bitext_read_buffer(out, strcmp(path, "-") ? path : "<stdin>", data, len, opts, err);
    free(data);
    return rc;
}
