/*
 * tsv.c - the review TSV (tsv.h): writing an alignment, reading a reviewed file back.
 *
 * Quoting follows what spreadsheets write when they save "Text CSV" with tabs (RFC 4180
 * with a tab for the comma): a field with a tab, a line break or a double quote is put in
 * double quotes and its quotes are doubled.  The reader accepts that and plain fields, a
 * UTF-8 byte-order mark and CRLF line ends (Excel), and nothing else: it is a parser of
 * untrusted input, bounded in size, with every error naming file:line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/tsv.h"
#include "read_int.h"
#include "util_int.h"

#define COLUMNS 5
static const char *const column_names = "bead, confidence, source:LANG, target:LANG, qa";

/* ---- writing ---------------------------------------------------------------------------- */

static void field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, "\t\r\n\"")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* "1-1 3:3", "2-1 4-5:4", "1-0 6:" */
static void bead_field(FILE *f, const bitext_review_row *row)
{
    char type[24], a[48], b[48];
    fprintf(f, "%s %s:%s", bitext_review_row_type(row, type, sizeof type),
            bitext_review_row_segments(row, 0, a, sizeof a),
            bitext_review_row_segments(row, 1, b, sizeof b));
}

int bitext_tsv_write(bitext_output *out, const bitext_review *r, const bitext_qa_finding *f,
                     size_t nf, bitext_error *err)
{
    FILE *fp = bitext_output_file(out);
    size_t at = 0;
    (void)err;
    fprintf(fp, "bead\tconfidence\tsource:%s\ttarget:%s\tqa\n", bitext_review_lang(r, 0),
            bitext_review_lang(r, 1));
    for (size_t i = 0; i < bitext_review_count(r); i++) {
        const bitext_review_row *row = bitext_review_row_at(r, i);
        bitext_buf qa = {0};
        bead_field(fp, row);
        if (row->confidence >= 0)
            fprintf(fp, "\t%.3f\t", row->confidence);
        else
            fputs("\t\t", fp);
        field(fp, row->source ? row->source->text : "");
        fputc('\t', fp);
        field(fp, row->target ? row->target->text : "");
        fputc('\t', fp);
        for (; at < nf && f[at].row <= i; at++)
            if (f[at].row == i)
                bitext_buf_printf(&qa, "%s%s: %s", qa.len ? "; " : "",
                                  bitext_qa_kind_name(f[at].kind), f[at].message);
        field(fp, qa.data);
        bitext_buf_free(&qa);
        fputc('\n', fp);
    }
    return 0;
}

/* ---- reading ---------------------------------------------------------------------------- */

typedef struct {
    const char *s, *name;
    size_t len, pos;
    int64_t line;            /* line of pos */
    bitext_error *err;
    bitext_buf fields[COLUMNS];
    size_t nfields;
} reader;

static int fail(reader *r, int64_t line, int code, const char *what)
{
    return bitext_fail_at(r->err, code, r->name, line, 0, -1, "%s", what);
}

/* One field at r->pos into b (when b is not NULL); stops before the tab or line end. */
static int read_field(reader *r, bitext_buf *b, int64_t start_line)
{
    bool quoted = r->pos < r->len && r->s[r->pos] == '"';
    size_t start = r->pos += quoted;
    for (;;) {
        char c;
        if (r->pos >= r->len) {
            if (quoted)
                return fail(r, start_line, BITEXT_EFORMAT, "a quoted field is not closed");
            break;
        }
        c = r->s[r->pos];
        if (!quoted && (c == '\t' || c == '\n' || c == '\r'))
            break;
        if (quoted && c == '"') {
            if (r->pos + 1 < r->len && r->s[r->pos + 1] == '"')
                r->pos++;              /* "" is one quote */
            else {
                r->pos++;
                if (r->pos < r->len && !strchr("\t\r\n", r->s[r->pos]))
                    return fail(r, r->line, BITEXT_EFORMAT,
                                "text after the closing quote of a field");
                break;
            }
        }
        r->line += c == '\n';
        if (b && bitext_buf_putc(b, r->s[r->pos]) < 0)
            return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
        if (r->pos++ - start >= BITEXT_TSV_MAX_FIELD)
            return fail(r, start_line, BITEXT_EFORMAT, "a field is longer than 1 MB");
    }
    return 0;
}

/* One record (row) into r->fields; *nfields 0 for a blank line.  Returns 1, 0 at the end. */
static int read_record(reader *r, int64_t *line)
{
    int rc;
    if (r->pos >= r->len)
        return 0;
    *line = r->line;
    r->nfields = 0;
    for (;;) {
        bitext_buf *b = r->nfields < COLUMNS ? &r->fields[r->nfields] : NULL;
        if (b)
            b->len = 0;
        if ((rc = read_field(r, b, *line)) < 0)
            return rc;
        if (b && bitext_buf_putc(b, '\0') < 0)
            return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
        r->nfields++;
        if (r->pos >= r->len || r->s[r->pos] != '\t')
            break;
        r->pos++;
    }
    if (r->pos < r->len && r->s[r->pos] == '\r')
        r->pos++;
    if (r->pos < r->len && r->s[r->pos] == '\n') {
        r->pos++;
        r->line++;
    }
    if (r->nfields == 1 && r->fields[0].len == 1) /* an empty line */
        r->nfields = 0;
    return 1;
}

static int column_count(reader *r, int64_t line)
{
    char msg[160];
    if (r->nfields == COLUMNS)
        return 0;
    snprintf(msg, sizeof msg, "%zu column%s, a review TSV has %d (%s)", r->nfields,
             r->nfields == 1 ? "" : "s", COLUMNS, column_names);
    return fail(r, line, BITEXT_EFORMAT, msg);
}

/* The header: "source:LANG" and "target:LANG" in columns 3 and 4. */
static int header(reader *r, bitext_tsv *t, int64_t line)
{
    static const char *const prefix[2] = {"source:", "target:"};
    char *lang[2] = {t->src_lang, t->tgt_lang};
    int rc;
    if ((rc = column_count(r, line)) < 0)
        return rc;
    for (int k = 0; k < 2; k++) {
        const char *cell = r->fields[2 + k].data;
        if (strncmp(cell, prefix[k], 7) != 0)
            return fail(r, line, BITEXT_EFORMAT, "not a review TSV: the header names the "
                        "columns bead, confidence, source:LANG, target:LANG, qa (bitext align "
                        "--tsv writes it)");
        if (bitext_lang_canonical(lang[k], cell + 7, NULL) < 0)
            return fail(r, line, BITEXT_ELANG, "the header's language is not a BCP 47 code");
    }
    return 0;
}

/* A text cell as stored: NFC, white space trimmed. */
static int cell_text(char **out, reader *r, const bitext_buf *b)
{
    size_t start = 0, end = b->len - 1, n;
    bitext_trim(b->data, &start, &end);
    return bitext_read_nfc(out, &n, b->data + start, end - start, r->err);
}

static int add_row(reader *r, bitext_tsv *t, size_t *cap, int64_t line)
{
    bitext_tsv_row row = {NULL, NULL, line};
    int rc;
    if ((rc = column_count(r, line)) < 0)
        return rc;
    if (bitext_grow((void **)&t->rows, cap, t->n + 1, sizeof *t->rows) < 0)
        return bitext_fail(r->err, BITEXT_ENOMEM, "out of memory");
    if ((rc = cell_text(&row.source, r, &r->fields[2])) < 0 ||
        (rc = cell_text(&row.target, r, &r->fields[3])) < 0) {
        free(row.source);
        return rc;
    }
    t->rows[t->n++] = row;
    return 0;
}

/* Invalid UTF-8 or a NUL byte: the error names the line. */
static int check_bytes(reader *r)
{
    int64_t bad = bitext_utf8_invalid_offset(r->s, r->len);
    const char *nul = memchr(r->s, '\0', r->len);
    int64_t line = 1;
    size_t at;
    if (bad < 0 && !nul)
        return 0;
    at = nul && (bad < 0 || (size_t)(nul - r->s) < (size_t)bad) ? (size_t)(nul - r->s)
                                                               : (size_t)bad;
    for (size_t k = 0; k < at; k++)
        line += r->s[k] == '\n';
    return bitext_fail_at(r->err, BITEXT_EENCODING, r->name, line, 0, (int64_t)at,
                          nul && at == (size_t)(nul - r->s)
                              ? "a NUL byte: not a text file"
                              : "invalid UTF-8 (save the file as UTF-8 text)");
}

int bitext_tsv_parse(bitext_tsv **out, const char *data, size_t len, const char *name,
                     bitext_error *err)
{
    reader r = {data, name, len, 0, 1, err, {{0}}, 0};
    bitext_tsv *t = calloc(1, sizeof *t);
    size_t cap = 0;
    int64_t line = 0;
    bool seen_header = false;
    int rc = t ? 0 : bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    *out = NULL;
    if (rc == 0 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.pos = 3;
    if (rc == 0)
        rc = check_bytes(&r);
    while (rc == 0 && (rc = read_record(&r, &line)) > 0) {
        rc = 0;
        if (r.nfields == 0)
            continue;
        rc = seen_header ? add_row(&r, t, &cap, line) : header(&r, t, line);
        seen_header = true;
    }
    if (rc == 0 && !seen_header)
        rc = fail(&r, 1, BITEXT_EFORMAT, "empty: a review TSV starts with its header");
    for (int k = 0; k < COLUMNS; k++)
        bitext_buf_free(&r.fields[k]);
    if (rc < 0) {
        bitext_tsv_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

int bitext_tsv_read(bitext_tsv **out, const char *path, bitext_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc;
    *out = NULL;
    if ((rc = bitext_read_all(&data, &len, path, BITEXT_TSV_MAX_BYTES, err)) < 0)
        return rc;
    rc = bitext_tsv_parse(out, data, len, strcmp(path, "-") ? path : "<stdin>", err);
    free(data);
    return rc;
}

void bitext_tsv_free(bitext_tsv *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->n; k++) {
        free(t->rows[k].source);
        free(t->rows[k].target);
    }
    free(t->rows);
    free(t);
}
