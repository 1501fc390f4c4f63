/* xml_text.c - text that XML may hold: the one cleaner and escaper of the XML writers (TMX,
 * XLIFF).  libxml2's writer would otherwise write an ill-formed file from a C0 control,
 * U+FFFE/U+FFFF or invalid UTF-8 (STYLE.md, "Text"). */
#include <stdio.h>
#include <string.h>

#include "xml_int.h"

/* XML 1.0 sec. 2.2 Char: TAB, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. */
static bool xml_char(uint32_t cp)
{
    if (cp < 0x20)
        return cp == 0x9 || cp == 0xA || cp == 0xD;
    return (cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* True when s[0, n) can be written as is: valid UTF-8 with only XML characters.  One pass:
 * printable ASCII eight bytes at a time (no byte below 0x20, none from 0x80: the classic
 * "has less than" word test), every other sequence decoded and checked where it stands. */
static bool all_clean(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        size_t len;
        uint64_t w;
        if (i + 8 <= n) {
            memcpy(&w, u + i, 8);
            if ((((w - ones * 0x20) & ~w) | w) & highs ? false : true) {
                i += 8;
                continue;
            }
        }
        if (c < 0x80) {
            if (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD)
                return false;
            i++;
            continue;
        }
        len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (len > n - i || bitext_utf8_invalid_offset(s + i, len) >= 0)
            return false;
        if (len == 3 && c == 0xEF && u[i + 1] == 0xBF && u[i + 2] >= 0xBE)
            return false;   /* U+FFFE, U+FFFF */
        i += len;
    }
    return true;
}

/* s[0, n) without XML-illegal characters or invalid UTF-8: s itself when it is clean, else
 * a cleaned copy in b. */
const char *bitext_xml_clean(bitext_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    b->len = 0;
    if (bitext_buf_reserve(b, n + 1) < 0)
        return NULL;
    if (all_clean(s, n)) {
        b->len = n;
        return s;          /* the common case: no copy (callers use b->len, not strlen) */
    }
    while (i < n) {
        size_t start = i;
        int64_t bad = bitext_utf8_invalid_offset(s + i, n - i > 4 ? 4 : n - i);
        uint32_t cp;
        if (bad == 0) {   /* an invalid byte: drop it */
            i++;
            continue;
        }
        cp = bitext_utf8_next(s, n, &i);
        if (i <= start)
            i = start + 1;
        if (xml_char(cp))
            bitext_buf_append(b, s + start, i - start);
    }
    b->data[b->len] = '\0';
    return b->data;
}

/* Appends s[0, n), cleaned, to b with &, <, > escaped (XML 1.0 sec. 2.4; '>' too, for "]]>"),
 * and CR as a character reference: a parser turns a raw CR into LF (XML 1.0 sec. 2.11). */
int bitext_xml_escape(bitext_buf *b, bitext_buf *tmp, const char *s, size_t n)
{
    const char *t = bitext_xml_clean(tmp, s, n), *run, *end;
    if (!t)
        return -1;
    run = t;
    end = t + tmp->len;
    for (const char *p = t;; p++) {
        const char *rep = p == end      ? NULL
                          : *p == '&'   ? "&amp;"
                          : *p == '<'   ? "&lt;"
                          : *p == '>'   ? "&gt;"
                          : *p == '\r' ? "&#13;"
                                        : NULL;
        if (!rep && p < end)
            continue;
        if (bitext_buf_append(b, run, (size_t)(p - run)) < 0 ||
            (rep && bitext_buf_puts(b, rep) < 0))
            return -1;
        if (p == end)
            return 0;
        run = p + 1;
    }
}


int bitext_xml_attr(xmlTextWriterPtr xw, bitext_buf *aux, const char *name, const char *value)
{
    const char *v;
    if (!value)
        return 0;
    if (!(v = bitext_xml_clean(aux, value, strlen(value))))
        return -1;
    return xmlTextWriterWriteAttribute(xw, BAD_CAST name, BAD_CAST v) < 0 ? -1 : 0;
}

int bitext_xml_attr_int(xmlTextWriterPtr xw, bitext_buf *aux, const char *name, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return bitext_xml_attr(xw, aux, name, buf);
}

int bitext_xml_text(xmlTextWriterPtr xw, bitext_buf *esc, bitext_buf *clean, const char *s,
                    size_t n)
{
    esc->len = 0;
    if (n == 0)
        return 0;
    if (bitext_xml_escape(esc, clean, s, n) < 0)
        return -1;
    return esc->len && xmlTextWriterWriteRawLen(xw, BAD_CAST esc->data, (int)esc->len) < 0
               ? -1
               : 0;
}
