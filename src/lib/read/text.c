/* read/text.c - plain text: decoded lines into paragraphs (a blank line ends one).
 *
 * The lines are taken as they come from the decoder, so a text is read in bounded memory
 * (the longest paragraph) however long it is; each paragraph keeps its lines verbatim,
 * line ends included, with the input offset of every byte when asked, so that `segment`
 * can print where a sentence is in the file.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "read_int.h"

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n' && s[i] != '\f' &&
            s[i] != '\v')
            return false;
    return true;
}

static int add_line(bitext_lines *l, bitext_paragraph *p, size_t at, size_t n)
{
    if (p->nlines++ == 0)
        p->line = l->line;
    if (bitext_buf_append(&p->text, l->pending.data + at, n) < 0)
        return BITEXT_ENOMEM;
    if (l->track) {
        if (bitext_grow((void **)&p->offs.v, &p->offs.cap, p->offs.len + n + 1,
                        sizeof *p->offs.v) < 0)
            return BITEXT_ENOMEM;
        memcpy(p->offs.v + p->offs.len, l->pending_offs.v + at, n * sizeof *p->offs.v);
        p->offs.len += n;
    }
    return 0;
}

/* Drops the lines already read from the front of the pending text. */
static void compact(bitext_lines *l)
{
    size_t rest = l->pending.len - l->start;
    if (l->start == 0 || l->start < rest)
        return;   /* moving less than what was read keeps the work linear */
    memmove(l->pending.data, l->pending.data + l->start, rest);
    l->pending.len = rest;
    if (l->pending.data)
        l->pending.data[rest] = '\0';
    if (l->track) {
        memmove(l->pending_offs.v, l->pending_offs.v + l->start, rest * sizeof(uint64_t));
        l->pending_offs.len = rest;
    }
    l->scanned -= l->start;
    l->start = 0;
}

int bitext_lines_next(bitext_lines *l, bitext_paragraph *p, bool at_end, bitext_error *err)
{
    if (p->complete) {
        p->text.len = 0;
        p->offs.len = 0;
        p->nlines = 0;
        p->complete = false;
    }
    for (;;) {
        size_t i = l->start, from = l->scanned > i ? l->scanned : i, end;
        const char *nl = from < l->pending.len
                             ? memchr(l->pending.data + from, '\n', l->pending.len - from)
                             : NULL;
        if (!nl && (!at_end || i == l->pending.len)) {
            /* an unfinished line: wait for more input, without scanning it again */
            l->scanned = l->pending.len;
            compact(l);
            if (at_end && p->nlines)
                return p->complete = true, 1;
            return 0;
        }
        end = nl ? (size_t)(nl - l->pending.data) + 1 : l->pending.len;
        l->start = end;
        l->line++;
        if (blank(l->pending.data + i, end - i)) {
            if (p->nlines)
                return p->complete = true, 1;
        } else if (add_line(l, p, i, end - i) < 0) {
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        } else if (l->each_line) {
            return p->complete = true, 1;
        }
    }
}

void bitext_lines_free(bitext_lines *l)
{
    bitext_buf_free(&l->pending);
    bitext_offsets_free(&l->pending_offs);
}

/* Does the text end like a sentence: a sentence terminator (Unicode STerm, plus : and ;),
 * maybe followed by closing quotes and brackets?  。！？ and । count as well as . ! ? */
static bool ends_sentence(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0) {
        uint32_t cp = bitext_utf8_prev(s, &i);
        int8_t cat = u_charType((UChar32)cp);
        if (cp == ' ' || cat == U_END_PUNCTUATION || cat == U_FINAL_PUNCTUATION ||
            cat == U_INITIAL_PUNCTUATION || cp == '"' || cp == '\'')
            continue;
        return u_hasBinaryProperty((UChar32)cp, UCHAR_S_TERM) || cp == ':' || cp == ';' ||
               cp == 0x2026;
    }
    return false;
}

bitext_block_type bitext_text_block_type(const char *text, size_t len, int nlines, bool first)
{
    if (nlines == 1 && len < 200 && !ends_sentence(text, len))
        return first ? BITEXT_BLOCK_TITLE : BITEXT_BLOCK_HEADING;
    return BITEXT_BLOCK_PARAGRAPH;
}

int bitext_text_join(bitext_buf *out, const bitext_paragraph *p)
{
    const char *s = p->text.data;
    size_t i = 0, n = p->text.len;
    out->len = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t eol = nl ? (size_t)(nl - s) : n, start = i, end = eol;
        bitext_trim(s, &start, &end);
        if (end > start && ((out->len && bitext_buf_putc(out, ' ') < 0) ||
                            bitext_buf_append(out, s + start, end - start) < 0))
            return BITEXT_ENOMEM;
        i = eol + 1;
    }
    return bitext_buf_reserve(out, 0);
}
