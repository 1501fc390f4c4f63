/* read/sniff.c - which encoding a page is in, decided as a browser decides it.
 *
 * HTML Standard 13.2.3 ("Determining the character encoding"): a byte-order mark wins; then
 * the encoding a <meta charset> or <meta http-equiv="Content-Type" content="...;charset=">
 * names in the first 1024 bytes, found by the "prescan" (13.2.3.2) that skips comments and
 * the attributes of every other tag (so <script charset="utf-8"> is no declaration); then
 * detection.  When a browser's tree builder later meets a <meta> in <head> naming another
 * encoding than the one in use, it decodes the page again with it (13.2.3.4, "changing the
 * encoding while parsing") - how a meta after 2 KB still counts; bitext looks for that meta
 * before decoding (bitext_html_head_charset) and decodes once.  Detection is UTF-8 first (valid, or
 * nearly valid with a few stray bytes), then ICU's charset detector restricted to encodings
 * that keep ASCII, else windows-1252 as browsers default to.
 */
#include <stdio.h>
#include <string.h>

#include <unicode/ucsdet.h>

#include "read_int.h"

#define PRESCAN_LIMIT 1024

bool bitext_sniff_bom(bitext_encoding *out, size_t *bom_len, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    const char *label = NULL;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        label = "utf-8", *bom_len = 3;
    else if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
        label = NULL, *bom_len = 4;   /* UTF-32LE: not a web encoding, but a file may be */
    else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        label = "utf-16be", *bom_len = 2;
    else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        label = "utf-16le", *bom_len = 2;
    else
        return false;
    if (!label)
        return bitext_encoding_for_user(out, "UTF-32LE", NULL) == 0;
    return bitext_encoding_for_label(out, label, strlen(label));
}

/* ---- the prescan (HTML 13.2.3.2) ---------------------------------------------------- */

typedef struct {
    const char *s;
    size_t pos, end;
} scan;

static bool ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool at_ci(const scan *sc, const char *lit)
{
    size_t n = strlen(lit);
    if (sc->end - sc->pos < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(sc->s[sc->pos + i]) != lit[i])
            return false;
    return true;
}

/* "Get an attribute": name and value lower-cased into fixed buffers (longer ones are cut,
 * which cannot turn a non-declaration into one).  False when there is none (at '>' or the
 * end). */
static bool get_attr(scan *sc, char *name, size_t nsize, char *val, size_t vsize)
{
    size_t nn = 0, nv = 0;
    char q;
    name[0] = val[0] = '\0';
    while (sc->pos < sc->end && (ws(sc->s[sc->pos]) || sc->s[sc->pos] == '/'))
        sc->pos++;
    if (sc->pos >= sc->end || sc->s[sc->pos] == '>')
        return false;
    for (; sc->pos < sc->end; sc->pos++) {
        char c = sc->s[sc->pos];
        if (c == '=' && nn > 0)
            break;
        if (ws(c) || c == '/' || c == '>')
            goto spaces;
        if (nn + 1 < nsize)
            name[nn++] = lower(c), name[nn] = '\0';
    }
    goto value;
spaces:
    while (sc->pos < sc->end && ws(sc->s[sc->pos]))
        sc->pos++;
    if (sc->pos >= sc->end || sc->s[sc->pos] != '=')
        return sc->pos < sc->end;
value:
    sc->pos++;   /* past '=' */
    while (sc->pos < sc->end && ws(sc->s[sc->pos]))
        sc->pos++;
    if (sc->pos >= sc->end)
        return false;
    q = sc->s[sc->pos];
    if (q == '"' || q == '\'') {
        for (sc->pos++; sc->pos < sc->end && sc->s[sc->pos] != q; sc->pos++)
            if (nv + 1 < vsize)
                val[nv++] = lower(sc->s[sc->pos]), val[nv] = '\0';
        if (sc->pos >= sc->end)
            return false;
        sc->pos++;
        return true;
    }
    if (q == '>')
        return true;
    for (; sc->pos < sc->end && !ws(sc->s[sc->pos]) && sc->s[sc->pos] != '>'; sc->pos++)
        if (nv + 1 < vsize)
            val[nv++] = lower(sc->s[sc->pos]), val[nv] = '\0';
    return sc->pos < sc->end;
}

/* "Extract a character encoding from a meta element" (HTML 2.6.x): the charset=... inside a
 * content attribute. */
static bool charset_in_content(bitext_encoding *out, const char *v)
{
    for (const char *p = v; (p = strstr(p, "charset"));) {
        const char *q = p + 7, *e;
        p = q;
        while (ws(*q))
            q++;
        if (*q != '=')
            continue;
        q++;
        while (ws(*q))
            q++;
        if (*q == '"' || *q == '\'') {
            if (!(e = strchr(q + 1, *q)))
                return false;
            return bitext_encoding_for_label(out, q + 1, (size_t)(e - q - 1));
        }
        for (e = q; *e && !ws(*e) && *e != ';'; e++)
            ;
        return bitext_encoding_for_label(out, q, (size_t)(e - q));
    }
    return false;
}

/* The attributes of a <meta> (the scan stands just past "<meta"): true when they declare an
 * encoding. */
static bool meta_declares(scan *sc, bitext_encoding *out)
{
    char name[32], val[256], seen[8][32];
    size_t nseen = 0;
    bool got_pragma = false, have = false;
    int need_pragma = -1;   /* unknown */
    while (get_attr(sc, name, sizeof name, val, sizeof val)) {
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            dup = strcmp(seen[i], name) == 0;
        if (dup)
            continue;
        if (nseen < 8)
            memcpy(seen[nseen++], name, sizeof name);
        if (!strcmp(name, "http-equiv") && !strcmp(val, "content-type"))
            got_pragma = true;
        else if (!strcmp(name, "content") && !have && charset_in_content(out, val))
            have = true, need_pragma = 1;
        else if (!strcmp(name, "charset")) {
            have = bitext_encoding_for_label(out, val, strlen(val));
            need_pragma = 0;
            if (!have)
                return false;
        }
    }
    if (need_pragma < 0 || (need_pragma == 1 && !got_pragma) || !have)
        return false;
    /* a page that says UTF-16 in ASCII bytes is not UTF-16 */
    if (out->kind == BITEXT_ENC_UTF16)
        bitext_encoding_utf8(out);
    else if (out->kind == BITEXT_ENC_USER_DEFINED)
        bitext_encoding_for_label(out, "windows-1252", 12);
    return true;
}

static void skip_past(scan *sc, const char *lit)
{
    const char *hit = NULL;
    size_t n = strlen(lit);
    for (size_t i = sc->pos; i + n <= sc->end && !hit; i++)
        if (sc->s[i] == lit[0] && memcmp(sc->s + i, lit, n) == 0)
            hit = sc->s + i;
    sc->pos = hit ? (size_t)(hit - sc->s) + n : sc->end;
}

static bool letter(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Skips the raw text of <script>, <style>, <title> ... up to its end tag (the head scan
 * only: the prescan proper does not know about them). */
static void skip_raw_text(scan *sc, const char *tag)
{
    char end[24];
    snprintf(end, sizeof end, "</%.15s", tag);
    while (sc->pos < sc->end && !at_ci(sc, end))
        sc->pos++;
}

/* One step of the scan at a '<'.  Returns 1 when a meta declared an encoding, -1 at the end
 * of <head> (head scan only), else 0. */
static int scan_tag(scan *sc, bitext_encoding *out, bool head_scan)
{
    static const char *const raw[] = {"script", "style", "title", "textarea", "xmp", NULL};
    char name[32], val[8];
    if (at_ci(sc, "<!--")) {
        sc->pos += 2;   /* "<!-->" is a whole comment */
        skip_past(sc, "-->");
        return 0;
    } else if (at_ci(sc, "<meta") && sc->pos + 5 < sc->end &&
               (ws(sc->s[sc->pos + 5]) || sc->s[sc->pos + 5] == '/')) {
        sc->pos += 6;
        return meta_declares(sc, out) ? 1 : 0;
    } else if (sc->pos + 1 < sc->end &&
               (letter(sc->s[sc->pos + 1]) ||
                (sc->s[sc->pos + 1] == '/' && sc->pos + 2 < sc->end &&
                 letter(sc->s[sc->pos + 2])))) {
        bool closing = sc->s[sc->pos + 1] == '/';
        size_t k = 0;
        char tag[16];
        for (sc->pos += 1 + closing; sc->pos < sc->end && !ws(sc->s[sc->pos]) &&
                                     sc->s[sc->pos] != '>' && sc->s[sc->pos] != '/';
             sc->pos++)
            if (k + 1 < sizeof tag)
                tag[k++] = lower(sc->s[sc->pos]);
        tag[k] = '\0';
        if (head_scan && !strcmp(tag, closing ? "head" : "body"))
            return -1;
        while (get_attr(sc, name, sizeof name, val, sizeof val))
            ;
        for (size_t i = 0; head_scan && !closing && raw[i]; i++)
            if (!strcmp(tag, raw[i]))
                skip_raw_text(sc, raw[i]);
    } else if (at_ci(sc, "<!") || at_ci(sc, "</") || at_ci(sc, "<?")) {
        skip_past(sc, ">");
        return 0;
    }
    sc->pos++;
    return 0;
}

static bool run_scan(bitext_encoding *out, const char *data, size_t len, size_t limit,
                     bool head_scan)
{
    scan sc = {data, 0, len < limit ? len : limit};
    while (sc.pos < sc.end) {
        const char *lt = memchr(sc.s + sc.pos, '<', sc.end - sc.pos);
        int r;
        if (!lt)
            break;
        sc.pos = (size_t)(lt - sc.s);
        if ((r = scan_tag(&sc, out, head_scan)) != 0)
            return r > 0;
    }
    return false;
}

bool bitext_html_prescan(bitext_encoding *out, const char *data, size_t len)
{
    return run_scan(out, data, len, PRESCAN_LIMIT, false);
}

bool bitext_html_head_charset(bitext_encoding *out, const char *data, size_t len)
{
    return run_scan(out, data, len, len, true);
}

/* ---- detection ------------------------------------------------------------------------ */

/* Valid UTF-8 with a few stray bytes (a pasted Latin-1 character, a cut sequence) is UTF-8:
 * far more valid multi-byte sequences than invalid bytes. */
static bool mostly_utf8(const char *data, size_t len)
{
    size_t good = 0, bad = 0, i = 0;
    while (i < len) {
        int64_t off = bitext_utf8_invalid_offset(data + i, len - i);
        size_t end = off < 0 ? len : i + (size_t)off;
        for (size_t k = i; k < end; k++)
            good += ((unsigned char)data[k] & 0xC0) == 0xC0;
        if (off < 0)
            break;
        bad++;
        i = end + 1;
    }
    return bad == 0 || (good >= 8 && good >= 10 * bad);
}

void bitext_encoding_detect(bitext_encoding *out, const char *data, size_t len, bool markup)
{
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector *det;
    const UCharsetMatch *const *all;
    int32_t n = 0;
    size_t sample = len > 65536 ? 65536 : len;

    if (mostly_utf8(data, sample)) {
        bitext_encoding_utf8(out);
        return;
    }
    bitext_encoding_for_label(out, "windows-1252", 12);
    det = ucsdet_open(&st);
    if (U_FAILURE(st))
        return;
    ucsdet_enableInputFilter(det, markup);   /* tags say nothing about the text's bytes */
    ucsdet_setText(det, data, (int32_t)sample, &st);
    all = ucsdet_detectAll(det, &n, &st);
    for (int32_t i = 0; U_SUCCESS(st) && all && i < n; i++) {
        UErrorCode st2 = U_ZERO_ERROR;
        const char *name = ucsdet_getName(all[i], &st2);
        bitext_encoding e;
        if (U_SUCCESS(st2) && name && bitext_encoding_for_label(&e, name, strlen(name)) &&
            bitext_encoding_ascii_compatible(&e) && e.kind != BITEXT_ENC_UTF8) {
            *out = e;
            break;
        }
    }
    ucsdet_close(det);
}
