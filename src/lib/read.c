/* read.c - article files (plain text, HTML, one segment per line) into a bitext_doc.
 *
 * Decoding is done once, up front, into validated UTF-8 (in this order: a BOM,
 * --encoding, the HTML meta charset, UTF-8); the format readers then only see UTF-8.
 * The HTML reader lives in read_html.c; this file holds decoding, plain text and the
 * boilerplate test they share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "bitext/read.h"
#include "read_int.h"
#include "util_int.h"

#define DEFAULT_MAX_BYTES ((size_t)512 << 20)
/* An HTML tree costs about ten times the page in memory: no article page comes near this. */
#define MAX_HTML_BYTES ((size_t)64 << 20)

/* ---- decoding ----------------------------------------------------------------------- */

typedef struct {
    const char *name;   /* ICU converter name */
    size_t skip;        /* BOM length */
} bom_info;

static bom_info sniff_bom(const unsigned char *p, size_t n)
{
    bom_info b = {NULL, 0};
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        b.name = "UTF-8", b.skip = 3;
    else if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
        b.name = "UTF-32LE", b.skip = 4;
    else if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
        b.name = "UTF-32BE", b.skip = 4;
    else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        b.name = "UTF-16LE", b.skip = 2;
    else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        b.name = "UTF-16BE", b.skip = 2;
    return b;
}

/* The charset an HTML page declares in its first 2 KiB (<meta charset> or http-equiv). */
static int html_meta_charset(char *out, size_t size, const char *data, size_t len)
{
    size_t n = len < 2048 ? len : 2048;
    for (size_t i = 0; i + 8 < n; i++) {
        size_t k = 0;
        if (strncasecmp(data + i, "charset=", 8) != 0)
            continue;
        i += 8;
        while (i < n && (data[i] == '"' || data[i] == '\'' || data[i] == ' '))
            i++;
        while (i < n && k + 1 < size &&
               (data[i] == '-' || data[i] == '_' || data[i] == '.' || data[i] == ':' ||
                (data[i] >= '0' && data[i] <= '9') || ((data[i] | 0x20) >= 'a' &&
                                                        (data[i] | 0x20) <= 'z')))
            out[k++] = data[i++];
        out[k] = '\0';
        return k > 0;
    }
    return 0;
}

static int guess_charset(char *out, size_t size, const char *data, size_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&st);
    const UCharsetMatch *m;
    int ok = 0;
    if (U_FAILURE(st))
        return 0;
    ucsdet_setText(det, data, (int32_t)(len > 65536 ? 65536 : len), &st);
    m = ucsdet_detect(det, &st);
    if (U_SUCCESS(st) && m) {
        const char *name = ucsdet_getName(m, &st);
        if (U_SUCCESS(st) && name) {
            snprintf(out, size, "%s", name);
            ok = 1;
        }
    }
    ucsdet_close(det);
    return ok;
}

static bool is_utf8_name(const char *name)
{
    return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8");
}

/* Browsers read the labels latin1, iso-8859-1 and ascii as windows-1252 (WHATWG Encoding
 * Standard, section 4.2), and pages rely on it for curly quotes and dashes. */
static const char *whatwg_label(const char *charset)
{
    static const char *const w1252[] = {"iso-8859-1", "iso8859-1", "latin1", "l1", "cp819",
                                        "iso_8859-1", "ibm819", "us-ascii", "ascii", NULL};
    for (size_t i = 0; w1252[i]; i++)
        if (!strcasecmp(charset, w1252[i]))
            return "windows-1252";
    return charset;
}

/* Converts from a legacy or UTF-16/32 encoding to UTF-8 with ICU, stopping at the first
 * undecodable byte (its offset, counted from `base` = the BOM length, is reported) unless
 * lossy.  A lead surrogate at the end of a chunk waits for its trail in the next one. */
static int convert_to_utf8(bitext_buf *out, const char *name, const char *charset,
                           const char *data, size_t len, size_t base, bool lossy,
                           bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(charset, &st);
    UChar chunk[8192];
    const char *src = data, *end = data + len;
    int32_t carry = 0;
    int rc = 0;

    if (U_FAILURE(st))
        return bitext_fail_at(err, BITEXT_EENCODING, name, 0, 0, -1,
                              "unknown encoding '%s'", charset);
    if (!lossy)
        ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    do {
        UChar *dst = chunk + carry;
        char u8[sizeof chunk * 2];
        int32_t n8 = 0, n;
        UErrorCode st3 = U_ZERO_ERROR;
        st = U_ZERO_ERROR;
        ucnv_toUnicode(cv, &dst, chunk + 8192, &src, end, NULL, 1, &st);
        if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR) {
            char bad[32];
            int8_t nbad = sizeof bad;
            UErrorCode st2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(cv, bad, &nbad, &st2);
            rc = bitext_fail_at(err, BITEXT_EENCODING, name, 0, 0,
                                (int64_t)(src - data + base) - (U_SUCCESS(st2) ? nbad : 0),
                                "bytes that are not valid %s", charset);
            break;
        }
        n = (int32_t)(dst - chunk);
        carry = st == U_BUFFER_OVERFLOW_ERROR && n > 0 && U16_IS_LEAD(chunk[n - 1]) ? 1 : 0;
        u_strToUTF8(u8, sizeof u8, &n8, chunk, n - carry, &st3);
        if (U_FAILURE(st3)) {   /* a lone surrogate from a broken UTF-16 file */
            rc = bitext_fail_at(err, BITEXT_EENCODING, name, 0, 0, (int64_t)(src - data + base),
                                "text that is not valid %s", charset);
            break;
        }
        if (memchr(u8, '\0', (size_t)n8)) {
            rc = bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0, -1,
                                "NUL character: this looks like a binary file, not text");
            break;
        }
        if (carry)
            chunk[0] = chunk[n - 1];
        if (bitext_buf_append(out, u8, (size_t)n8) < 0) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            break;
        }
    } while (st == U_BUFFER_OVERFLOW_ERROR || src < end);
    ucnv_close(cv);
    return rc;
}

/* Copies UTF-8, replacing each invalid sequence by U+FFFD; counts the replacements. */
static int repair_utf8(bitext_buf *out, const char *data, size_t len, size_t *nbad)
{
    size_t i = 0;
    while (i < len) {
        int64_t bad = bitext_utf8_invalid_offset(data + i, len - i);
        size_t good = bad < 0 ? len - i : (size_t)bad;
        if (bitext_buf_append(out, data + i, good) < 0)
            return BITEXT_ENOMEM;
        i += good;
        if (bad >= 0) {
            if (bitext_buf_append(out, "\xEF\xBF\xBD", 3) < 0)
                return BITEXT_ENOMEM;
            (*nbad)++;
            i++;
            while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80)
                i++;
        }
    }
    return bitext_buf_reserve(out, 0);
}

int bitext_read_decode(bitext_buf *out, size_t *replaced, const char *name, const char *data,
                       size_t len, bitext_format format, const bitext_read_options *opts,
                       bitext_error *err)
{
    bom_info bom = sniff_bom((const unsigned char *)data, len);
    bool lossy = opts && (opts->flags & BITEXT_READ_LOSSY);
    const char *want = opts ? opts->encoding : NULL;
    char charset[64] = "";
    int64_t bad;

    *replaced = 0;
    if (bom.name)
        snprintf(charset, sizeof charset, "%s", bom.name);
    else if (want && strcasecmp(want, "auto") != 0)
        snprintf(charset, sizeof charset, "%s", want);
    else if (format == BITEXT_FORMAT_HTML && html_meta_charset(charset, sizeof charset, data, len))
        ;
    else if (want && bitext_utf8_invalid_offset(data, len) >= 0)
        guess_charset(charset, sizeof charset, data, len);
    data += bom.skip;
    len -= bom.skip;

    if (charset[0] && !is_utf8_name(charset))
        return convert_to_utf8(out, name, whatwg_label(charset), data, len, bom.skip, lossy,
                               err);

    {   /* UTF-8: a NUL byte means a binary file (or UTF-16 without BOM) */
        const char *nul = memchr(data, '\0', len);
        if (nul)
            return bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0,
                                  (int64_t)(nul - data + (ptrdiff_t)bom.skip),
                                  "NUL byte: this looks like a binary file, not text "
                                  "(for UTF-16 without BOM give --encoding UTF-16LE)");
    }
    bad = bitext_utf8_invalid_offset(data, len);
    if (bad >= 0 && !lossy)
        return bitext_fail_at(err, BITEXT_EENCODING, name, 0, 0, bad + (int64_t)bom.skip,
                              "invalid UTF-8 (byte 0x%02X); give --encoding NAME if the file "
                              "is in another encoding, or --lossy to replace bad bytes",
                              (unsigned char)data[bad]);
    if (bad >= 0 && repair_utf8(out, data, len, replaced) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (bad >= 0)
        return 0;
    if (bitext_buf_append(out, data, len) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

/* ---- shared by the readers -------------------------------------------------------- */

/* How a boilerplate phrase must stand for the line to be furniture: as the whole line, as
 * a label before a colon ("Czytaj także: ..."), or anywhere in a short line ("© 2026 X"). */
enum { WHOLE, LABEL, SHORT_LINE };

static bool starts_ci(const char *s, size_t len, const char *p, size_t *n)
{
    *n = strlen(p);
    return len >= *n && strncasecmp(s, p, *n) == 0;
}

/* Lines that are page furniture in any of the languages we ship examples for.  The test is
 * deliberately narrow: a false positive silently loses a sentence from the TM, so a phrase
 * that also starts ordinary sentences ("Read more books", "Cookies are") only counts as a
 * whole line or as a label before a colon. */
bool bitext_read_is_boilerplate(const char *text, size_t len)
{
    static const struct { const char *phrase; int how; } rules[] = {
        {"©", SHORT_LINE}, {"(c) 1", SHORT_LINE}, {"(c) 2", SHORT_LINE},
        {"Copyright ©", SHORT_LINE}, {"Copyright 1", SHORT_LINE}, {"Copyright 2", SHORT_LINE},
        {"All rights reserved", WHOLE}, {"Wszelkie prawa zastrzeżone", WHOLE},
        {"Alle Rechte vorbehalten", WHOLE}, {"Tous droits réservés", WHOLE},
        {"Related content", LABEL}, {"Related", LABEL}, {"Related articles", LABEL},
        {"Read more", LABEL}, {"Read also", LABEL}, {"See also", LABEL},
        {"Czytaj także", LABEL}, {"Czytaj też", LABEL}, {"Zobacz także", LABEL},
        {"Zobacz też", LABEL}, {"Powiązane", LABEL}, {"Lesen Sie auch", LABEL},
        {"Mehr zum Thema", LABEL}, {"Lire aussi", LABEL}, {"À lire aussi", LABEL},
        {"Leer también", LABEL}, {"Share this", LABEL}, {"Udostępnij", LABEL},
        {"Fot.", SHORT_LINE}, {"Photo:", SHORT_LINE}, {"Foto:", SHORT_LINE},
        {"Photograph:", SHORT_LINE}, {"Zdjęcie:", SHORT_LINE}, {"Źródło:", SHORT_LINE},
        {"Advertisement", WHOLE}, {"Reklama", WHOLE}, {"Subscribe", WHOLE},
        {"Sign up for our newsletter", WHOLE}, {NULL, 0}};
    size_t n;
    while (len && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '.'))
        len--;
    for (size_t i = 0; rules[i].phrase; i++) {
        if (!starts_ci(text, len, rules[i].phrase, &n))
            continue;
        if (rules[i].how == WHOLE && n == len)
            return true;
        if (rules[i].how == LABEL && (n == len || text[n + (text[n] == ' ')] == ':'))
            return true;
        if (rules[i].how == SHORT_LINE && len <= 160)
            return true;
    }
    /* a notice that starts with the owner: "Gazeta Pomorska. Wszelkie prawa zastrzeżone" */
    if (len <= 160 && (strstr(text, "rights reserved") || strstr(text, "prawa zastrzeżone") ||
                       strstr(text, "Rechte vorbehalten") || strstr(text, "droits réservés")))
        return true;
    /* editor's initials alone on a line: "(jk)", "(AB/PAP)" */
    if (len >= 3 && len <= 16 && text[0] == '(' && text[len - 1] == ')') {
        for (size_t i = 1; i + 1 < len; i++)
            if (!((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') && text[i] != '/' &&
                text[i] != ',' && text[i] != ' ' && text[i] != '.')
                return false;
        return true;
    }
    return false;
}

/* NFC, as STYLE.md asks of text inside bitext.  Most text already is NFC: check first. */
int bitext_read_nfc(char **out, size_t *out_len, const char *s, size_t len, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    UChar *u = NULL, *v = NULL;
    int32_t ulen = 0, vlen;
    bool ascii = true;
    int rc = 0;

    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    *out = NULL;
    if (ascii || U_FAILURE(st))
        goto copy;
    u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &st);
    st = U_ZERO_ERROR;
    if (!(u = malloc(((size_t)ulen + 1) * sizeof *u)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &st);
    if (U_FAILURE(st) || unorm2_isNormalized(nfc, u, ulen, &st))
        goto copy;
    st = U_ZERO_ERROR;
    vlen = unorm2_normalize(nfc, u, ulen, NULL, 0, &st);
    st = U_ZERO_ERROR;
    if (!(v = malloc(((size_t)vlen + 1) * sizeof *v))) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    unorm2_normalize(nfc, u, ulen, v, vlen + 1, &st);
    {
        int32_t n8 = 0;
        u_strToUTF8(NULL, 0, &n8, v, vlen, &st);
        st = U_ZERO_ERROR;
        if (!(*out = malloc((size_t)n8 + 1))) {
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            goto done;
        }
        u_strToUTF8(*out, n8 + 1, NULL, v, vlen, &st);
        *out_len = (size_t)n8;
    }
    goto done;
copy:
    if (!(*out = bitext_strndup(s, len)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    *out_len = len;
done:
    free(u);
    free(v);
    return rc;
}

static bool is_display(bitext_block_type t)
{
    return t == BITEXT_BLOCK_TITLE || t == BITEXT_BLOCK_HEADING || t == BITEXT_BLOCK_CAPTION;
}

/* Pages repeat their headline (title bar, h1, teaser) and captions (gallery, lightbox):
 * such a block is kept once.  Only the last 256 blocks are looked at. */
static bool repeated(const bitext_doc *doc, bitext_block_type type, const char *s, size_t len)
{
    size_t n = bitext_doc_block_count(doc);
    if (!is_display(type))
        return false;
    for (size_t i = n, seen = 0; i > 0 && seen < 256; i--, seen++) {
        const bitext_block *b = bitext_doc_block(doc, i - 1);
        if (is_display(b->type) && b->len == len && memcmp(b->text, s, len) == 0)
            return true;
    }
    return false;
}

/* Adds a block after NFC normalisation; boilerplate is dropped or kept as such, and a
 * repeated headline or caption is dropped. */
int bitext_read_add_block(bitext_doc *doc, size_t *out_index, bitext_block_type type, int level,
                          const char *text, size_t len, int64_t line, unsigned int flags,
                          bitext_error *err)
{
    char *norm;
    size_t nlen, start = 0, end = len;
    int rc;

    if (out_index)
        *out_index = SIZE_MAX;
    bitext_trim(text, &start, &end);
    if (start == end)
        return 0;
    if (!(flags & BITEXT_READ_VERBATIM) && bitext_read_is_boilerplate(text + start, end - start)) {
        if (!(flags & BITEXT_READ_KEEP_BOILERPLATE))
            return 0;
        type = BITEXT_BLOCK_BOILERPLATE;
    }
    if ((rc = bitext_read_nfc(&norm, &nlen, text + start, end - start, err)) < 0)
        return rc;
    if ((flags & BITEXT_READ_VERBATIM) || !repeated(doc, type, norm, nlen))
        rc = bitext_doc_add_block(doc, out_index, type, level, norm, nlen, line, err);
    free(norm);
    return rc;
}

/* ---- plain text ---------------------------------------------------------------------- */

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

/* One paragraph of plain text: its lines joined with single spaces.  A one-line paragraph
 * that does not end like a sentence is a heading (the first one, the title). */
static int text_paragraph(bitext_doc *doc, bitext_buf *para, int nlines, int64_t line,
                          unsigned int flags, bitext_error *err)
{
    bitext_block_type type = BITEXT_BLOCK_PARAGRAPH;
    int rc;
    if (para->len == 0)
        return 0;
    if (nlines == 1 && para->len < 200 && !ends_sentence(para->data, para->len))
        type = bitext_doc_block_count(doc) == 0 ? BITEXT_BLOCK_TITLE : BITEXT_BLOCK_HEADING;
    rc = bitext_read_add_block(doc, NULL, type, 0, para->data, para->len, line, flags, err);
    para->len = 0;
    return rc;
}

static int read_text(bitext_doc *doc, const char *s, size_t len, bool lines_mode,
                     unsigned int flags, bitext_error *err)
{
    bitext_buf para = {0};
    int64_t line = 1, para_line = 1;
    int nlines = 0, rc = 0;
    size_t i = 0;

    while (i < len && rc == 0) {
        size_t eol = i, next, start = i, end;
        while (eol < len && s[eol] != '\n')
            eol++;
        next = eol < len ? eol + 1 : eol;
        end = eol > i && s[eol - 1] == '\r' ? eol - 1 : eol;
        bitext_trim(s, &start, &end);
        if (lines_mode) {
            rc = bitext_read_add_block(doc, NULL, BITEXT_BLOCK_PARAGRAPH, 0, s + start,
                                       end - start, line, flags | BITEXT_READ_VERBATIM,
                                       err);
        } else if (start == end) {
            rc = text_paragraph(doc, &para, nlines, para_line, flags, err);
            nlines = 0;
        } else {
            if (nlines++ == 0)
                para_line = line;
            else if (bitext_buf_putc(&para, ' ') < 0)
                rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
            if (rc == 0 && bitext_buf_append(&para, s + start, end - start) < 0)
                rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        }
        line++;
        i = next;
    }
    if (rc == 0 && !lines_mode)
        rc = text_paragraph(doc, &para, nlines, para_line, flags, err);
    bitext_buf_free(&para);
    return rc;
}

/* ---- entry points -------------------------------------------------------------------- */

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

int bitext_read_buffer(bitext_doc **out, const char *name, const char *data, size_t len,
                       const bitext_read_options *opts, bitext_error *err)
{
    static const bitext_read_options defaults = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = NULL;
    bitext_buf text = {0};
    bitext_format format;
    size_t replaced = 0;
    char sum[65];
    int rc;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != BITEXT_READ_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_read_options version mismatch");
    if (len > (opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES))
        return bitext_fail_at(err, BITEXT_EIO, name, 0, 0, -1, "file is too large");
    format = opts->format != BITEXT_FORMAT_AUTO ? opts->format : sniff_format(name, data, len);
    if (format == BITEXT_FORMAT_HTML && len > MAX_HTML_BYTES)
        return bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0, -1,
                              "HTML page larger than %zu MiB", MAX_HTML_BYTES >> 20);
    if ((rc = bitext_read_decode(&text, &replaced, name, data, len, format, opts, err)) < 0)
        goto done;
    if ((rc = bitext_doc_new(&doc, name, opts->lang, err)) < 0)
        goto done;
    bitext_doc_set_replaced(doc, replaced);
    bitext_sha256_hex(sum, data, len);
    bitext_doc_set_checksum(doc, sum);
    if (format == BITEXT_FORMAT_HTML)
        rc = bitext_read_html(doc, text.data ? text.data : "", text.len, opts->flags, err);
    else
        rc = read_text(doc, text.data ? text.data : "", text.len,
                       format == BITEXT_FORMAT_LINES, opts->flags, err);
    if (rc == 0 && bitext_doc_block_count(doc) == 0)
        rc = bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0, -1,
                            len == 0 ? "the file is empty" : "the file holds no text");
done:
    bitext_buf_free(&text);
    if (rc < 0) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", name);
        bitext_doc_free(doc);
        return rc;
    }
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
