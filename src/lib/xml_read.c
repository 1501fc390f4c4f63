/* xml_read.c - what the XML readers share (xml_int.h): the bytes of every XML input, checked
 * before libxml2 parses them, and libxml2's errors, recorded per reader.
 *
 * A small state machine over the markup (XML 1.0 sec. 2.4-2.8, 3.1): text, a tag's name and
 * attributes, quoted values, comments, CDATA sections, processing instructions and the
 * DOCTYPE are told apart, so that "=" inside text or a value is never counted.  UTF-16 input
 * (by BOM, or by the NUL bytes around "<?") is scanned as 16-bit code units; every other
 * encoding bitext reads keeps markup characters in ASCII bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util_int.h"
#include "xml_int.h"

enum { TEXT, LT, TAG, VALUE, BANG, COMMENT, CDATA, PI, DOCTYPE };

void bitext_xml_guard_init(bitext_xml_guard *g)
{
    memset(g, 0, sizeof *g);
    g->unit = 1;
    g->tripped_at = -1;
}

static void sniff(bitext_xml_guard *g, const unsigned char *p, size_t n)
{
    g->started = true;
    if (n < 2)
        return;
    if ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == '<' && p[1] == 0)) {
        g->unit = 2;
    } else if ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0 && p[1] == '<')) {
        g->unit = 2;
        g->big_endian = true;
    }
}

/* One character of the markup; `at` is its offset, for the report. */
static void step(bitext_xml_guard *g, uint32_t c, int64_t at)
{
    switch (g->state) {
    case TEXT:
        if (c == '<')
            g->state = LT;
        break;
    case LT:
        g->state = c == '!' ? BANG : c == '?' ? PI : TAG;
        g->attrs = 0;
        break;
    case TAG:                  /* name="value" name='value' ... until '>' */
        if (c == '>')
            g->state = TEXT;
        else if (c == '"' || c == '\'') {
            g->quote = c;
            g->state = VALUE;
            if (++g->attrs > BITEXT_XML_MAX_ATTRS && g->tripped_at < 0)
                g->tripped_at = at;
        }
        break;
    case VALUE:
        if (c == g->quote)
            g->state = TAG;
        break;
    case BANG:                 /* <!-- comment -->, <![CDATA[ ... ]]>, <!DOCTYPE ... > */
        g->state = c == '-' ? COMMENT : c == '[' ? CDATA : DOCTYPE;
        g->quote = 0;
        break;
    case COMMENT:              /* quote counts the dashes seen: "-->" ends it */
    case CDATA:                /* and the brackets: "]]>" */
        if (c == '>' && g->quote >= 2)
            g->state = TEXT;
        g->quote = c == (g->state == COMMENT ? '-' : ']') ? g->quote + 1 : 0;
        break;
    case PI:
        if (c == '>' && g->quote == '?')
            g->state = TEXT;
        g->quote = c;
        break;
    case DOCTYPE:              /* an internal subset ends with "]>", a plain one with ">" */
        if (c == '[')
            g->quote++;
        else if (c == ']' && g->quote)
            g->quote--;
        else if (c == '>' && !g->quote)
            g->state = TEXT;
        break;
    }
}

bool bitext_xml_guard_feed(bitext_xml_guard *g, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0;
    if (!g->started)
        sniff(g, p, n);
    if (g->unit == 1) {
        for (; i < n && g->tripped_at < 0; i++)
            step(g, p[i], g->offset + (int64_t)i);
    } else {
        for (; i < n && g->tripped_at < 0; i++) {
            g->pend[g->npend++] = p[i];
            if (g->npend < 2)
                continue;
            g->npend = 0;
            step(g, g->big_endian ? (uint32_t)(g->pend[0] << 8 | g->pend[1])
                                  : (uint32_t)(g->pend[1] << 8 | g->pend[0]),
                 g->offset + (int64_t)i - 1);
        }
    }
    g->offset += (int64_t)i;
    return g->tripped_at < 0;
}

/* ---- an xmlTextReader through the guard --------------------------------------------------- */

typedef struct {
    FILE *f;
    bitext_xml_guard *g;
} guarded_io;

static int guarded_read(void *ctx, char *buf, int len)
{
    guarded_io *io = ctx;
    size_t n = fread(buf, 1, (size_t)len, io->f);
    if (n == 0)
        return ferror(io->f) ? -1 : 0;
    return bitext_xml_guard_feed(io->g, buf, n) ? (int)n : -1;
}

static int guarded_close(void *ctx)
{
    guarded_io *io = ctx;
    if (io->f != stdin)
        fclose(io->f);
    free(io);
    return 0;
}

xmlTextReaderPtr bitext_xml_reader_for_file(const char *path, const char *encoding, int options,
                                            bitext_xml_guard *g)
{
    guarded_io *io = malloc(sizeof *io);
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!io || !f) {
        int e = errno;
        free(io);
        if (f && f != stdin)
            fclose(f);
        errno = io ? e : ENOMEM;
        return NULL;
    }
    io->f = f;
    io->g = g;
    bitext_xml_guard_init(g);
    /* xmlReaderForIO closes io (guarded_close) when it fails as when it is freed */
    return xmlReaderForIO(guarded_read, guarded_close, io, strcmp(path, "-") ? path : "stdin",
                          encoding, options);
}

/* ---- libxml2's errors, per reader ----------------------------------------------------------- */

void bitext_xml_state_init(bitext_xml_state *st)
{
    memset(st, 0, sizeof *st);
    bitext_xml_guard_init(&st->guard);
}

/* Keeps the first error of one line ("Bytes: ..." lines and trailing blanks cut off). */
static void keep(bitext_xml_state *st, const char *msg, int64_t line, int64_t col)
{
    size_t n;
    st->failed = true;
    snprintf(st->msg, sizeof st->msg, "%s", msg && *msg && *msg != '\n'
                                                ? msg : "malformed XML or bad encoding");
    st->msg[strcspn(st->msg, "\n")] = '\0';
    n = strlen(st->msg);
    while (n > 0 && st->msg[n - 1] == ' ')
        st->msg[--n] = '\0';
    st->line = line;
    st->col = col;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    bitext_xml_state *st = ctx;
    if (!e || e->level < XML_ERR_ERROR || st->failed)
        return;
    if (e->level == XML_ERR_ERROR && e->domain == XML_FROM_NAMESPACE)
        return;                  /* xmlns oddities do not stop the parse; we match local names */
    keep(st, e->message, e->line, e->int2);
}

void bitext_xml_watch(xmlTextReaderPtr xr, bitext_xml_state *st)
{
    xmlTextReaderSetStructuredErrorHandler(xr, on_error, st);
}

static void on_generic_error(void *ctx, const char *fmt, ...)
{
    bitext_xml_state *st = ctx;
    va_list ap;
    if (st->generic[0])
        return;
    va_start(ap, fmt);
    vsnprintf(st->generic, sizeof st->generic, fmt, ap);
    va_end(ap);
    st->generic[strcspn(st->generic, "\n")] = '\0';
}

int bitext_xml_read(xmlTextReaderPtr xr, bitext_xml_state *st)
{
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    int rc;
    xmlSetGenericErrorFunc(st, on_generic_error);
    rc = xmlTextReaderRead(xr);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    st->nodes++;
    if (rc < 0 && !st->failed && st->generic[0])
        keep(st, st->generic, xmlTextReaderGetParserLineNumber(xr),
             xmlTextReaderGetParserColumnNumber(xr));
    if (rc < 0 || st->failed) {
        st->failed = true;
        return -1;
    }
    return rc;
}

int bitext_xml_fail(xmlTextReaderPtr xr, const bitext_xml_state *st, const char *path,
                    const char *format, bitext_error *err)
{
    if (st->guard.tripped_at >= 0)
        return bitext_fail_at(err, BITEXT_EPARSE, path, 0, 0, st->guard.tripped_at,
                              "an element with more than %d attributes; not a%s %s file bitext "
                              "reads", BITEXT_XML_MAX_ATTRS,
                              strchr("AEIOUX", format[0]) ? "n" : "", format);
    if (!st->msg[0])
        return bitext_fail_at(err, BITEXT_EPARSE, path,
                              xr ? xmlTextReaderGetParserLineNumber(xr) : 0,
                              xr ? xmlTextReaderGetParserColumnNumber(xr) : 0, -1,
                              "malformed XML");
    return bitext_fail_at(err, BITEXT_EPARSE, path, st->line, st->col, -1, "malformed XML: %s",
                          st->msg);
}
