/*
 * tmx_read.c - the TMX reader: xmlTextReader, one <tu> at a time, so memory stays bounded
 * whatever the file size.
 *
 * Lenient where real files differ from the spec (see tmx/README.md): TMX 1.1 `lang`, missing or
 * odd version, UTF-16 with or without BOM (libxml2 detects it and prefers the BOM over a lying
 * declaration), mixed-case and underscore language codes, header srclang "*all*" or naming no
 * variant, inline codes at level 2 kept as codes (TMX 1.4b sec. 3.3), raw elements in <seg>
 * kept as <ph> codes.  Strict where a silent loss would follow: malformed XML stops with file,
 * line and column; a TU that cannot be read fails unless BITEXT_TMX_SKIP_INVALID, which skips
 * it and counts it.  Never any network access, DTD loading or entity expansion.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/hash.h>
#include <libxml/xmlreader.h>

#include "bitext/bitext.h"
#include "util_int.h"
#include "xml_int.h"

/* A TU larger than this is refused: the reader holds one TU in memory at a time. */
#define TU_MAX_BYTES (16u << 20)

struct bitext_tmx_reader {
    xmlTextReaderPtr xr;
    bitext_xml_state xs;          /* the guard over its bytes, libxml2's first error (xml_int.h) */
    char *path;
    unsigned int flags;
    bitext_tmx_header header;
    int64_t skipped;
    char skip_reason[900];        /* the first TU skipped, with its position */
    char note[600];               /* what the reader decided on its own (a BOM over a label) */
    bool at_tu;                   /* the current node is a <tu> start tag not yet read */
    bool done;
    bool tu_open;                 /* inside a <tu> whose end tag has not been read */
    int tu_depth;
    int64_t tu_bytes;
    bitext_buf text, native;
    struct {                      /* language codes already canonicalised (ICU is slow) */
        char raw[BITEXT_LANG_MAX], canon[BITEXT_LANG_MAX];
    } langs[16];
    size_t nlangs;
};

/* bitext_lang_canonical through a small cache: a TMX has a handful of codes, repeated. */
static int canonical(bitext_tmx_reader *r, char *out, const char *raw)
{
    size_t k;
    int rc;
    for (k = 0; k < r->nlangs; k++)
        if (strcmp(r->langs[k].raw, raw) == 0) {
            memcpy(out, r->langs[k].canon, BITEXT_LANG_MAX);
            return 0;
        }
    if ((rc = bitext_lang_canonical(out, raw, NULL)) < 0 || strlen(raw) >= BITEXT_LANG_MAX)
        return rc;
    k = r->nlangs < 16 ? r->nlangs++ : (size_t)(raw[0] & 15);
    memcpy(r->langs[k].raw, raw, strlen(raw) + 1);
    memcpy(r->langs[k].canon, out, BITEXT_LANG_MAX);
    return 0;
}

/* ---- libxml2 plumbing ------------------------------------------------------------------- */

static int xml_error(bitext_tmx_reader *r, bitext_error *err)
{
    return bitext_xml_fail(r->xr, &r->xs, r->path, "TMX", err);
}

/* Reads the next node: 1, 0 at the end, < 0 on malformed XML. */
static int advance(bitext_tmx_reader *r, bitext_error *err)
{
    int rc = bitext_xml_read(r->xr, &r->xs);
    return rc < 0 ? xml_error(r, err) : rc;
}

static int node_type(bitext_tmx_reader *r)
{
    return xmlTextReaderNodeType(r->xr);
}

/* The line of the current node (the parser itself reads ahead, so its line is later). */
static int64_t node_line(bitext_tmx_reader *r)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(r->xr);
}

static bool is(bitext_tmx_reader *r, const char *name)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r->xr);
    return n && strcmp((const char *)n, name) == 0;
}

/* A copy of attribute name (malloc'd), or NULL. */
static char *get_attr(bitext_tmx_reader *r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r->xr, BAD_CAST name);
    char *copy = v ? bitext_strdup((const char *)v) : NULL;
    xmlFree(v);
    return copy;
}

/* TMX 1.4 xml:lang, else the TMX 1.1 lang attribute. */
static char *get_lang(bitext_tmx_reader *r)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(r->xr, BAD_CAST "lang", XML_XML_NAMESPACE);
    char *copy;
    if (!v)
        v = xmlTextReaderGetAttribute(r->xr, BAD_CAST "lang");
    copy = v ? bitext_strdup((const char *)v) : NULL;
    xmlFree(v);
    return copy;
}

static int get_int(bitext_tmx_reader *r, const char *name)
{
    char *v = get_attr(r, name), *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || end == v || n < 0 || n > 1000000000)
        n = 0;
    free(v);
    return (int)n;
}

int bitext_tmx_parse_date(int64_t *out, int *day_only, const char *s)
{
    struct tm tm;
    int y, mo, d, h = 0, mi = 0, se = 0, n = 0, day = 0;
    *out = 0;
    if (!s)
        return BITEXT_EINVAL;
    if (sscanf(s, "%4d%2d%2dT%2d%2d%2d%n", &y, &mo, &d, &h, &mi, &se, &n) == 6 && n == 15 &&
        (s[n] == 'Z' || s[n] == '\0') && (s[n] == '\0' || s[n + 1] == '\0'))
        ;                                        /* TMX 1.4b: ISO 8601 basic, UTC */
    else if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) == 6 &&
             (s[n] == '\0' || (s[n] == 'Z' && s[n + 1] == '\0')))
        ;                                        /* ISO 8601 extended, UTC */
    else if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && s[n] == '\0')
        day = 1;
    else
        return BITEXT_EINVAL;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return BITEXT_EINVAL;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    *out = (int64_t)timegm(&tm);
    if (day_only)
        *day_only = day;
    return 0;
}

/* A date attribute in unix seconds; 0 when absent or malformed (dates are kept, not vital). */
static int64_t parse_date(const char *s)
{
    int64_t t;
    return bitext_tmx_parse_date(&t, NULL, s) == 0 ? t : 0;
}

static int64_t get_date(bitext_tmx_reader *r, const char *name)
{
    char *v = get_attr(r, name);
    int64_t t = parse_date(v);
    free(v);
    return t;
}

/* A problem with one TU (skippable), positioned at the parser's current line. */
static int tu_fail(bitext_tmx_reader *r, bitext_error *err, const char *fmt, const char *arg)
{
    char msg[600];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    return bitext_fail_at(err, BITEXT_EPARSE, r->path, node_line(r), 0, -1, "%s", msg);
}

static int append_value(bitext_tmx_reader *r, bitext_buf *b, bitext_error *err)
{
    const xmlChar *v = xmlTextReaderConstValue(r->xr);
    size_t n = v ? strlen((const char *)v) : 0;
    r->tu_bytes += (int64_t)n;
    if (r->tu_bytes > (int64_t)TU_MAX_BYTES)
        return tu_fail(r, err, "a <tu> larger than 16 MB%s", NULL);
    if (n && bitext_buf_append(b, (const char *)v, n) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

static bool is_text_node(int t)
{
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_WHITESPACE || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Entity references other than the five predefined ones (which libxml2 resolves itself)
 * are not TMX; they are never expanded, and the TU is refused. */
static int entity_fail(bitext_tmx_reader *r, bitext_error *err)
{
    const xmlChar *n = xmlTextReaderConstName(r->xr);
    return tu_fail(r, err, "entity reference &%s; is not allowed in TMX (only &amp; &lt; &gt; "
                   "&apos; &quot; and character references), not expanded",
                   n ? (const char *)n : "?");
}

/* At a start tag: appends all the text inside the element (any depth) to b. */
static int collect_text(bitext_tmx_reader *r, bitext_buf *b, bitext_error *err)
{
    int depth = xmlTextReaderDepth(r->xr), rc, t;
    b->len = 0;
    bitext_buf_append(b, "", 0);
    if (!b->data)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (xmlTextReaderIsEmptyElement(r->xr))
        return 0;
    while ((rc = advance(r, err)) > 0) {
        t = node_type(r);
        if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            return 0;
        if (t == XML_READER_TYPE_ENTITY_REFERENCE)
            return entity_fail(r, err);
        if (is_text_node(t) && (rc = append_value(r, b, err)) < 0)
            return rc;
    }
    return rc < 0 ? rc : tu_fail(r, err, "the file ends inside an element%s", NULL);
}

/* ---- header ----------------------------------------------------------------------------- */

static void free_header(bitext_tmx_header *h)
{
    free(h->srclang);
    free(h->segtype);
    free(h->creationtool);
    free(h->creationtoolversion);
    free(h->datatype);
    free(h->adminlang);
    free(h->otmf);
    free(h->version);
}

static void read_header_attrs(bitext_tmx_reader *r)
{
    bitext_tmx_header *h = &r->header;
    char *src = get_attr(r, "srclang"), canon[BITEXT_LANG_MAX];
    h->segtype = get_attr(r, "segtype");
    h->creationtool = get_attr(r, "creationtool");
    h->creationtoolversion = get_attr(r, "creationtoolversion");
    h->datatype = get_attr(r, "datatype");
    h->adminlang = get_attr(r, "adminlang");
    h->otmf = get_attr(r, "o-tmf");
    /* "*all*" (any variant may be the source) stays as is; a code that is not a language
     * code is dropped rather than fatal: each TU's source is then its first variant */
    if (src && strcasecmp(src, "*all*") == 0)
        h->srclang = bitext_strdup("*all*");
    else if (src && bitext_lang_canonical(canon, src, NULL) == 0)
        h->srclang = bitext_strdup(canon);
    free(src);
}

static void flag_entity(void *payload, void *data, const xmlChar *name)
{
    static const char *const xml5[] = { "lt", "gt", "amp", "apos", "quot" };
    bool *foreign = data;
    (void)payload;
    for (size_t k = 0; k < 5; k++)
        if (strcmp((const char *)name, xml5[k]) == 0)
            return;
    *foreign = true;
}

/* TMX allows only the five XML entities (TMX 1.4b, "Character encoding").  A DOCTYPE that
 * declares others is refused as a whole: libxml2 replaces internal entities inside
 * attribute values whatever the options, so refusing is the only way to expand nothing. */
static int check_entities(bitext_tmx_reader *r, bitext_error *err)
{
    /* through the current node: xmlTextReaderCurrentDoc would make the reader keep every
     * node it reads (its "preserve" mode), so memory would grow with the file */
    xmlNodePtr node = xmlTextReaderCurrentNode(r->xr);
    xmlDocPtr doc = node ? node->doc : NULL;
    bool foreign = false;
    if (!doc || !doc->intSubset)
        return 0;
    if (doc->intSubset->entities)
        xmlHashScan(doc->intSubset->entities, flag_entity, &foreign);
    if (doc->intSubset->pentities)
        foreign = foreign || xmlHashSize(doc->intSubset->pentities) > 0;
    if (!foreign)
        return 0;
    return bitext_fail_at(err, BITEXT_EFORMAT, r->path, node_line(r), 0, -1,
                          "the DOCTYPE declares entities; TMX allows only &amp; &lt; &gt; "
                          "&apos; &quot; (nothing was expanded or fetched)");
}

/* Reads up to <body> (or the first <tu> of a file without one). */
static int read_prolog(bitext_tmx_reader *r, bitext_error *err)
{
    int rc;
    bool root = true, seen_header = false;
    while ((rc = advance(r, err)) > 0) {
        if (node_type(r) != XML_READER_TYPE_ELEMENT)
            continue;
        if (root) {
            if (!is(r, "tmx"))
                return bitext_fail_at(err, BITEXT_EFORMAT, r->path,
                                      node_line(r), 0, -1,
                                      "not a TMX file: the root element is <%s>, not <tmx>",
                                      (const char *)xmlTextReaderConstName(r->xr));
            if ((rc = check_entities(r, err)) < 0)
                return rc;
            r->header.version = get_attr(r, "version");
            root = false;
            if (xmlTextReaderIsEmptyElement(r->xr))
                break;
        } else if (is(r, "header") && xmlTextReaderDepth(r->xr) == 1 && !seen_header) {
            read_header_attrs(r);     /* the first <header> counts; a second one is ignored */
            seen_header = true;
        } else if (is(r, "body")) {
            r->done = xmlTextReaderIsEmptyElement(r->xr);
            return 0;
        } else if (is(r, "tu")) {
            r->at_tu = true;
            return 0;
        }
    }
    if (rc < 0)
        return rc;
    if (root)
        return bitext_fail_at(err, BITEXT_EFORMAT, r->path, 0, 0, -1, "not a TMX file");
    r->done = true;
    return 0;
}

/* ---- opening ---------------------------------------------------------------------------- */

static int check_file(const char *path, bitext_error *err)
{
    struct stat st;
    FILE *f;
    if (strcmp(path, "-") == 0)
        return 0;
    if (!(f = fopen(path, "rb")))
        return bitext_fail_at(err, errno == ENOENT ? BITEXT_ENOTFOUND : BITEXT_EIO, path, 0, 0,
                              -1, "cannot open: %s", strerror(errno));
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return bitext_fail_at(err, BITEXT_EIO, path, 0, 0, -1, "is a directory");
    }
    if (fstat(fileno(f), &st) == 0 && st.st_size == 0) {
        fclose(f);
        return bitext_fail_at(err, BITEXT_EFORMAT, path, 0, 0, -1, "empty file, not a TMX file");
    }
    fclose(f);
    return 0;
}

/* NONET: never fetch anything; no NOENT (no entity substitution), no DTDLOAD/DTDATTR/DTDVALID
 * (the DOCTYPE is never followed), no HUGE (libxml2's size limits stay on). */
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES)

/* Shared by both openers: r->xr is set (or NULL when libxml2 could not start). */
static int start(bitext_tmx_reader **out, bitext_tmx_reader *r, bitext_error *err)
{
    int rc;
    if (!r->xr) {
        rc = bitext_fail_at(err, BITEXT_EIO, r->path, 0, 0, -1, "cannot open for reading");
        bitext_tmx_reader_free(r);
        return rc;
    }
    bitext_xml_watch(r->xr, &r->xs);
    if ((rc = read_prolog(r, err)) < 0) {
        bitext_tmx_reader_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

static int new_reader(bitext_tmx_reader **r, const char *name,
                      const bitext_tmx_read_options *opts, bitext_error *err)
{
    if (opts && opts->version != BITEXT_TMX_READ_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_tmx_read_options: unknown version %u",
                           opts->version);
    if (!(*r = calloc(1, sizeof **r)) || !((*r)->path = bitext_strdup(name))) {
        free(*r);
        *r = NULL;
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    bitext_xml_state_init(&(*r)->xs);
    (*r)->flags = opts ? opts->flags : 0;
    return 0;
}

/*
 * A UTF-8 byte-order mark with a declaration naming another encoding: the BOM wins (as it
 * does for UTF-16 in libxml2, XML 1.0 appendix F, and in browsers), since a file that starts
 * with EF BB BF was written as UTF-8 whatever its declaration says; decoding it as the
 * declared windows-1250 would store every non-ASCII letter as mojibake.  Returns true (and
 * words r->note) when the declaration must be ignored.
 */
static bool utf8_bom_over_label(bitext_tmx_reader *r, const char *path)
{
    char head[256], label[64];
    const char *enc, *q;
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof head - 1, f) : 0, k = 0;
    if (f)
        fclose(f);
    head[n] = '\0';
    if (n < 3 || memcmp(head, "\xEF\xBB\xBF", 3) != 0 || strncmp(head + 3, "<?xml", 5) != 0 ||
        !(q = strstr(head, "?>")) || !(enc = strstr(head, "encoding")) || enc > q)
        return false;
    enc += strcspn(enc, "'\"");
    if (!*enc)
        return false;
    for (enc++; *enc && *enc != '\'' && *enc != '"' && k + 1 < sizeof label; enc++)
        label[k++] = *enc;
    label[k] = '\0';
    if (!strcasecmp(label, "UTF-8") || !strcasecmp(label, "UTF8"))
        return false;
    snprintf(r->note, sizeof r->note, "%s: starts with a UTF-8 byte-order mark but declares "
             "encoding \"%s\"; read as UTF-8, as the mark says", path, label);
    return true;
}

int bitext_tmx_reader_open(bitext_tmx_reader **out, const char *path,
                           const bitext_tmx_read_options *opts, bitext_error *err)
{
    bitext_tmx_reader *r;
    bitext_error local;
    int rc;
    *out = NULL;
    bitext_error_clear(&local);
    if ((rc = check_file(path, err)) < 0 || (rc = new_reader(&r, path, opts, err)) < 0)
        return rc;
    if (strcmp(path, "-") != 0 && utf8_bom_over_label(r, path))
        r->xr = bitext_xml_reader_for_file(path, "UTF-8", XML_OPTS | XML_PARSE_IGNORE_ENC,
                                           &r->xs.guard);
    else
        r->xr = bitext_xml_reader_for_file(path, NULL, XML_OPTS, &r->xs.guard);
    if ((rc = start(out, r, &local)) == 0 || strcmp(path, "-") == 0 ||
        !strstr(local.message, "labelled UTF-16 but has UTF-8 content")) {
        if (rc < 0 && err)
            *err = local;
        return rc;
    }
    /* some exporters (memoQ, see modernmt/modernmt#293) declare encoding="UTF-16" over UTF-8
     * bytes (no BOM, no NUL bytes): read the bytes as what they are */
    if ((rc = new_reader(&r, path, opts, err)) < 0)
        return rc;
    r->xr = bitext_xml_reader_for_file(path, "UTF-8", XML_OPTS | XML_PARSE_IGNORE_ENC,
                                       &r->xs.guard);
    return start(out, r, err);
}

int bitext_tmx_reader_open_buffer(bitext_tmx_reader **out, const char *name, const char *data,
                                  size_t len, const bitext_tmx_read_options *opts,
                                  bitext_error *err)
{
    bitext_tmx_reader *r;
    int rc;
    *out = NULL;
    if (len == 0)
        return bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0, -1, "empty file, not a TMX file");
    if (len > INT32_MAX)
        return bitext_fail_at(err, BITEXT_EINVAL, name, 0, 0, -1, "buffer too large");
    if ((rc = new_reader(&r, name, opts, err)) < 0)
        return rc;
    bitext_xml_guard_init(&r->xs.guard);
    if (!bitext_xml_guard_feed(&r->xs.guard, data, len)) {
        rc = xml_error(r, err);
        bitext_tmx_reader_free(r);
        return rc;
    }
    r->xr = xmlReaderForMemory(data, (int)len, NULL, NULL, XML_OPTS);
    return start(out, r, err);
}

const bitext_tmx_header *bitext_tmx_reader_header(const bitext_tmx_reader *r)
{
    return &r->header;
}

/* ---- one TU ----------------------------------------------------------------------------- */

typedef struct {
    bitext_tu *tu;
    size_t tuv;          /* the open <tuv>, SIZE_MAX when none */
    bool has_seg;
} tu_state;

static int read_code_attrs(bitext_tmx_reader *r, bitext_tu *tu, size_t tuv, bitext_code_kind k,
                           const char *native, bitext_error *err)
{
    char *type = get_attr(r, "type"), *assoc = get_attr(r, "assoc");
    int rc = bitext_tu_add_code(tu, tuv, k, r->text.len, get_int(r, "i"), get_int(r, "x"),
                                type, native, assoc, err);
    free(type);
    free(assoc);
    return rc;
}

/* <bpt>, <ept>, <ph>, <it>, <ut>: a code whose content is its native text (<sub> included). */
static int read_code(bitext_tmx_reader *r, tu_state *s, bitext_error *err)
{
    bitext_code_kind k = BITEXT_CODE_PH;
    int rc;
    if (is(r, "bpt"))
        k = BITEXT_CODE_BPT;
    else if (is(r, "ept"))
        k = BITEXT_CODE_EPT;
    else if (is(r, "ut"))
        k = BITEXT_CODE_UT;
    else if (is(r, "it")) {
        char *pos = get_attr(r, "pos");
        k = pos && strcmp(pos, "end") == 0 ? BITEXT_CODE_IT_END : BITEXT_CODE_IT_BEGIN;
        free(pos);
    }
    /* attributes are read before collect_text moves the reader off the start tag */
    if ((rc = read_code_attrs(r, s->tu, s->tuv, k, NULL, err)) < 0)
        return rc;
    if ((rc = collect_text(r, &r->native, err)) < 0)
        return rc;
    return bitext_tu_set_string(&s->tu->tuvs[s->tuv].codes[s->tu->tuvs[s->tuv].ncodes - 1].native,
                                r->native.data, err);
}

/* An element TMX does not allow in <seg> (raw <b> from XML::TMX tsv2tmx): kept as <ph>
 * codes holding the tag, so that no text is lost and nothing is taken for words. */
static int read_foreign(bitext_tmx_reader *r, tu_state *s, bool end, bitext_error *err)
{
    char tag[160];
    const xmlChar *n = xmlTextReaderConstName(r->xr);
    snprintf(tag, sizeof tag, end ? "</%s>" : xmlTextReaderIsEmptyElement(r->xr) ? "<%s/>"
                                                                                 : "<%s>",
             n ? (const char *)n : "?");
    return bitext_tu_add_code(s->tu, s->tuv, BITEXT_CODE_PH, r->text.len, 0, 0, NULL, tag, NULL,
                              err);
}

static bool is_code(bitext_tmx_reader *r)
{
    return is(r, "bpt") || is(r, "ept") || is(r, "ph") || is(r, "it") || is(r, "ut");
}

static int seg_element(bitext_tmx_reader *r, tu_state *s, bitext_error *err)
{
    if (is_code(r))
        return read_code(r, s, err);
    if (is(r, "hi")) {
        int rc = read_code_attrs(r, s->tu, s->tuv, BITEXT_CODE_HI_BEGIN, NULL, err);
        if (rc == 0 && xmlTextReaderIsEmptyElement(r->xr))
            rc = read_code_attrs(r, s->tu, s->tuv, BITEXT_CODE_HI_END, NULL, err);
        return rc;
    }
    if (is(r, "sub"))
        return 0;        /* <sub> straight in <seg> is invalid: its text is taken as text */
    return read_foreign(r, s, false, err);
}

/* At <seg>: the text goes to the variant, the inline codes beside it at byte offsets. */
static int read_seg(bitext_tmx_reader *r, tu_state *s, bitext_error *err)
{
    int depth = xmlTextReaderDepth(r->xr), rc = 0, t;
    bitext_tuv *v = &s->tu->tuvs[s->tuv];
    bool empty;
    if (s->has_seg)
        return tu_fail(r, err, "a <tuv> with two <seg> elements%s", NULL);
    s->has_seg = true;
    r->text.len = 0;
    bitext_buf_append(&r->text, "", 0);
    empty = xmlTextReaderIsEmptyElement(r->xr);
    while (!empty && (rc = advance(r, err)) > 0) {
        t = node_type(r);
        if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            break;
        if (t == XML_READER_TYPE_ENTITY_REFERENCE)
            return entity_fail(r, err);
        if (is_text_node(t))
            rc = append_value(r, &r->text, err);
        else if (t == XML_READER_TYPE_ELEMENT)
            rc = seg_element(r, s, err);
        else if (t == XML_READER_TYPE_END_ELEMENT && is(r, "hi"))
            rc = read_code_attrs(r, s->tu, s->tuv, BITEXT_CODE_HI_END, NULL, err);
        else if (t == XML_READER_TYPE_END_ELEMENT && !is(r, "sub"))
            rc = read_foreign(r, s, true, err);
        if (rc < 0)
            return rc;
    }
    if (rc < 0)
        return rc;
    if (!r->text.data)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return bitext_tu_set_string(&v->text, r->text.data, err);
}

/* Our own props travel back into the TU's fields (see tmx/README.md). */
static int read_prop(bitext_tmx_reader *r, tu_state *s, bitext_error *err)
{
    char *type = is(r, "prop") ? get_attr(r, "type") : NULL, *lang = get_lang(r), *end;
    bool note = is(r, "note");
    size_t at = s->tuv;
    int rc = collect_text(r, &r->native, err);
    const char *val = r->native.data;
    if (rc < 0)
        goto done;
    if (!note && !type)
        type = bitext_strdup("");       /* <prop> without type: kept, typed "" */
    if (!note && at == SIZE_MAX && strcmp(type, "x-bitext-confidence") == 0) {
        double d = strtod(val, &end);
        if (end != val && d >= 0 && d <= 1) {
            s->tu->confidence = d;
            goto done;
        }
    }
    if (!note && at == SIZE_MAX && strcmp(type, "x-bitext-origin") == 0)
        rc = bitext_tu_set_string(&s->tu->origin, val, err);
    else if (!note && at != SIZE_MAX && strcmp(type, "x-bitext-prev") == 0)
        rc = bitext_tu_set_string(&s->tu->tuvs[at].prev, val, err);
    else if (!note && at != SIZE_MAX && strcmp(type, "x-bitext-next") == 0)
        rc = bitext_tu_set_string(&s->tu->tuvs[at].next, val, err);
    else
        rc = bitext_tu_add_prop(s->tu, at, note ? NULL : type, val, lang, err);
done:
    free(type);
    free(lang);
    return rc;
}

static int open_tuv(bitext_tmx_reader *r, tu_state *s, bitext_error *err)
{
    char *lang = get_lang(r), canon[BITEXT_LANG_MAX];
    bitext_tuv *v;
    int rc;
    if (!lang || !*lang) {
        free(lang);
        return tu_fail(r, err, "a <tuv> without xml:lang%s", NULL);
    }
    if (canonical(r, canon, lang) < 0) {
        rc = tu_fail(r, err, "<tuv xml:lang=\"%s\">: not a language code", lang);
        free(lang);
        return rc;
    }
    free(lang);
    if ((rc = bitext_tu_add_tuv(s->tu, &s->tuv, canon, "", 0, err)) < 0)
        return rc;
    v = &s->tu->tuvs[s->tuv];
    v->created = get_date(r, "creationdate");
    v->changed = get_date(r, "changedate");
    v->creator = get_attr(r, "creationid");
    s->has_seg = false;
    if (xmlTextReaderIsEmptyElement(r->xr))
        return tu_fail(r, err, "a <tuv> without <seg>%s", NULL);
    return 0;
}

static int tu_attrs(bitext_tmx_reader *r, bitext_tu *tu, bitext_error *err)
{
    char *src = get_attr(r, "srclang"), canon[BITEXT_LANG_MAX];
    tu->tuid = get_attr(r, "tuid");
    tu->created = get_date(r, "creationdate");
    tu->changed = get_date(r, "changedate");
    tu->creator = get_attr(r, "creationid");
    tu->segtype = get_attr(r, "segtype");
    if (!tu->segtype && r->header.segtype)
        tu->segtype = bitext_strdup(r->header.segtype);
    if (src && canonical(r, canon, src) == 0)
        tu->srclang = bitext_strdup(canon);
    free(src);
    r->tu_open = !xmlTextReaderIsEmptyElement(r->xr);
    r->tu_depth = xmlTextReaderDepth(r->xr);
    r->tu_bytes = 0;
    (void)err;
    return 0;
}

static int tu_node(bitext_tmx_reader *r, tu_state *s, bitext_error *err)
{
    int t = node_type(r);
    if (t == XML_READER_TYPE_ELEMENT) {
        if (is(r, "tuv"))
            return open_tuv(r, s, err);
        if (is(r, "seg"))
            return s->tuv == SIZE_MAX ? tu_fail(r, err, "a <seg> outside <tuv>%s", NULL)
                                      : read_seg(r, s, err);
        if (is(r, "prop") || is(r, "note"))
            return read_prop(r, s, err);
        return 0;        /* unknown elements (extensions) are ignored with their content */
    }
    if (t == XML_READER_TYPE_END_ELEMENT && is(r, "tuv")) {
        if (!s->has_seg)
            return tu_fail(r, err, "a <tuv> without <seg>%s", NULL);
        s->tuv = SIZE_MAX;
    } else if (t == XML_READER_TYPE_TEXT && s->tuv != SIZE_MAX) {
        return tu_fail(r, err, "text directly inside <tuv> (it belongs in <seg>)%s", NULL);
    } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
        return entity_fail(r, err);
    }
    return 0;
}

/* The source variant: the TU's srclang, else the header's, else the first (TMX 1.4b: the
 * header srclang may be "*all*" or, in real files, name no variant at all). */
static void resolve_srclang(bitext_tmx_reader *r, bitext_tu *tu)
{
    const char *want[2] = { tu->srclang, r->header.srclang };
    for (int pass = 0; pass < 2; pass++)
        for (int exact = 2; exact >= 1; exact--)
            for (size_t k = 0; want[pass] && k < tu->ntuvs; k++)
                if (bitext_lang_match(want[pass], tu->tuvs[k].lang) >= exact) {
                    bitext_tu_set_string(&tu->srclang, tu->tuvs[k].lang, NULL);
                    return;
                }
    bitext_tu_set_string(&tu->srclang, tu->ntuvs ? tu->tuvs[0].lang : NULL, NULL);
}

/* At <tu>: reads up to its end tag. */
static int read_tu(bitext_tmx_reader *r, bitext_tu *tu, bitext_error *err)
{
    tu_state s = { tu, SIZE_MAX, false };
    int rc = tu_attrs(r, tu, err);
    int64_t line = node_line(r);
    while (rc == 0 && r->tu_open && (rc = advance(r, err)) > 0) {
        if (node_type(r) == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(r->xr) == r->tu_depth) {
            r->tu_open = false;
            break;
        }
        rc = tu_node(r, &s, err);
    }
    if (rc < 0)
        return rc;
    if (r->tu_open)
        return tu_fail(r, err, "the file ends inside a <tu>%s", NULL);
    if (tu->ntuvs == 0)
        return bitext_fail_at(err, BITEXT_EPARSE, r->path, line, 0, -1, "a <tu> without <tuv>");
    resolve_srclang(r, tu);
    return 0;
}

/* After a bad TU: reads on to its end tag so that the next TU can be read. */
static int skip_tu(bitext_tmx_reader *r, bitext_error *err)
{
    int rc = 1;
    while (r->tu_open && (rc = advance(r, err)) > 0)
        if (node_type(r) == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(r->xr) == r->tu_depth)
            r->tu_open = false;
    return rc < 0 ? rc : 0;
}

static void note_skip(bitext_tmx_reader *r, const bitext_error *e)
{
    r->skipped++;
    if (r->skipped == 1)
        bitext_error_format(e, r->skip_reason, sizeof r->skip_reason);
}

int bitext_tmx_reader_next(bitext_tmx_reader *r, bitext_tu *tu, bitext_error *err)
{
    bitext_error local;
    int rc;
    bitext_tu_clear(tu);
    while (!r->done) {
        if (!r->at_tu) {
            if ((rc = advance(r, err)) <= 0) {
                r->done = true;
                return rc;
            }
            if (node_type(r) != XML_READER_TYPE_ELEMENT || !is(r, "tu"))
                continue;
        }
        r->at_tu = false;
        bitext_error_clear(&local);
        if ((rc = read_tu(r, tu, &local)) == 0)
            return 1;
        bitext_tu_clear(tu);
        if (!(r->flags & BITEXT_TMX_SKIP_INVALID) || r->xs.failed || rc == BITEXT_ENOMEM ||
            skip_tu(r, NULL) < 0) {
            if (r->xs.failed && rc != BITEXT_ENOMEM)
                xml_error(r, err);
            else if (err)
                *err = local;
            r->done = true;
            return rc < 0 ? rc : BITEXT_EPARSE;
        }
        note_skip(r, &local);
    }
    return 0;
}

int64_t bitext_tmx_reader_skipped(const bitext_tmx_reader *r)
{
    return r ? r->skipped : 0;
}

int64_t tmx_reader_work(const bitext_tmx_reader *r)
{
    return r->xs.nodes + r->xs.guard.offset;
}

const char *bitext_tmx_reader_note(const bitext_tmx_reader *r)
{
    return r && r->note[0] ? r->note : NULL;
}

const char *bitext_tmx_reader_skip_reason(const bitext_tmx_reader *r)
{
    return r && r->skipped ? r->skip_reason : NULL;
}

void bitext_tmx_reader_free(bitext_tmx_reader *r)
{
    if (!r)
        return;
    if (r->xr)
        xmlFreeTextReader(r->xr);
    free_header(&r->header);
    free(r->path);
    bitext_buf_free(&r->text);
    bitext_buf_free(&r->native);
    free(r);
}
