/*
 * xliff_read.c - the XLIFF 1.2 reader: xmlTextReader, one <trans-unit> at a time, so memory
 * stays bounded whatever the file size.
 *
 * What a CAT tool hands back after translation: units whose <target> has state translated,
 * final or signed-off, or no state (XLIFF 1.2 sec. 2.4.1: state is optional), and holds text
 * that is not merely a copy of the source (OmegaT and Okapi's kits copy sources into empty
 * targets).  Inline codes (sec. 2.3) become the TM's codes: <g> a bpt/ept pair, <x/> and
 * <ph> standalone codes, <bx/>/<ex/> a pair when they share a rid (else isolated halves),
 * <bpt>/<ept>/<it> with their native code.  <alt-trans>, <note>, <seg-source> and everything
 * else outside <source> and <target> are skipped.  No network, no DTD, no entity expansion
 * (a DOCTYPE declaring entities is refused), and a unit larger than max_unit_bytes is an
 * error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/hash.h>
#include <libxml/xmlreader.h>

#include "bitext/bitext.h"
#include "bitext/xliff.h"
#include "util_int.h"
#include "xml_int.h"

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES)

typedef struct {
    bitext_tu tu; /* source variant [0], target variant [1] when present */
    bool used, translated;
    int64_t file_no; /* which <file> it came from */
} unit;

struct bitext_xliff_reader {
    xmlTextReaderPtr xr;
    bitext_xml_state xs;      /* the guard over its bytes, libxml2's first error (xml_int.h) */
    char *path;
    size_t max_bytes;
    char *original; /* current <file original> */
    char src[BITEXT_LANG_MAX], tgt[BITEXT_LANG_MAX];
    int64_t file_no;
    char *prev_source; /* the source of the unit before, in this file */
    unit held, pending;
    char *pending_file; /* <file original> of the pending unit */
    int64_t units, untranslated;
    bool done, checked_doctype;
    bitext_buf text, native;
    size_t unit_bytes;
};

/* ---- libxml2 plumbing ------------------------------------------------------------------- */

static int parse_fail(bitext_xliff_reader *r, bitext_error *err)
{
    return bitext_xml_fail(r->xr, &r->xs, r->path, "XLIFF", err);
}

static int fail_here(bitext_xliff_reader *r, bitext_error *err, int code, const char *what)
{
    return bitext_fail_at(err, code, r->path, xmlTextReaderGetParserLineNumber(r->xr),
                          xmlTextReaderGetParserColumnNumber(r->xr), -1, "%s", what);
}

/* A DOCTYPE that declares entities is refused whole: nothing is expanded or fetched. */
static int check_doctype(bitext_xliff_reader *r, bitext_error *err)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(r->xr);
    xmlDocPtr doc = node ? node->doc : NULL;
    r->checked_doctype = true;
    if (doc && doc->intSubset &&
        ((doc->intSubset->entities && xmlHashSize(doc->intSubset->entities) > 0) ||
         (doc->intSubset->pentities && xmlHashSize(doc->intSubset->pentities) > 0)))
        return fail_here(r, err, BITEXT_EFORMAT,
                         "the DOCTYPE declares entities; XLIFF needs "
                         "none (nothing was expanded or fetched)");
    return 0;
}

static int advance(bitext_xliff_reader *r, bitext_error *err)
{
    int rc = bitext_xml_read(r->xr, &r->xs);
    if (rc < 0)
        return parse_fail(r, err);
    if (rc > 0 && !r->checked_doctype && xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT)
        return check_doctype(r, err) < 0 ? BITEXT_EFORMAT : 1;
    return rc;
}

static bool is(bitext_xliff_reader *r, const char *name)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r->xr);
    return n && !strcmp((const char *)n, name);
}

static char *attr(bitext_xliff_reader *r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r->xr, BAD_CAST name);
    char *copy = v ? bitext_strdup((const char *)v) : NULL;
    xmlFree(v);
    return copy;
}

static int type_of(bitext_xliff_reader *r)
{
    return xmlTextReaderNodeType(r->xr);
}

/* Skips the subtree of the current element (alt-trans, note, seg-source ...). */
static int skip(bitext_xliff_reader *r, bitext_error *err)
{
    int depth = xmlTextReaderDepth(r->xr), rc;
    if (xmlTextReaderIsEmptyElement(r->xr))
        return 1;
    while ((rc = advance(r, err)) > 0)
        if (type_of(r) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            return 1;
    return rc < 0 ? rc : fail_here(r, err, BITEXT_EPARSE, "the file ends inside an element");
}

/* ---- inline content --------------------------------------------------------------------- */

typedef struct {
    bitext_tu *tu;
    size_t tuv;
    int next_i;
    int stack[64]; /* the i of the open <g>s */
    int depth;
} content_state;

static const char *tm_type(const char *ctype)
{
    if (!ctype)
        return NULL;
    return !strcmp(ctype, "underlined") ? "ulined" : ctype;
}

static int id_number(const char *id)
{
    char *end;
    long v = id ? strtol(id, &end, 10) : 0;
    return id && *end == '\0' && v > 0 && v < 1000000 ? (int)v : 0;
}

static int add_code(bitext_xliff_reader *r, content_state *s, bitext_code_kind kind, int i,
                    const char *native, bitext_error *err)
{
    char *ctype = attr(r, "ctype"), *id = attr(r, "id");
    int rc = bitext_tu_add_code(s->tu, s->tuv, kind, r->text.len, i, id_number(id),
                                kind == BITEXT_CODE_EPT ? NULL : tm_type(ctype), native, NULL, err);
    free(ctype);
    free(id);
    return rc;
}

/* A text node of a unit (content or native code) appended to b, counted against the unit's
 * limit; 1 when the node is not text. */
static int take_text(bitext_xliff_reader *r, bitext_buf *b, int type, bitext_error *err)
{
    const xmlChar *v;
    size_t n;
    if ((type != XML_READER_TYPE_TEXT && type != XML_READER_TYPE_WHITESPACE &&
         type != XML_READER_TYPE_SIGNIFICANT_WHITESPACE) ||
        !(v = xmlTextReaderConstValue(r->xr)))
        return 1;
    n = strlen((const char *)v);
    if ((r->unit_bytes += n) > r->max_bytes)
        return fail_here(r, err, BITEXT_EPARSE, "a <trans-unit> larger than the limit");
    return bitext_buf_append(b, (const char *)v, n) < 0
               ? bitext_fail(err, BITEXT_ENOMEM, "out of memory") : 0;
}

/* The native code inside <bpt>, <ept>, <ph>, <it> (text and <sub> text). */
static int read_native(bitext_xliff_reader *r, bitext_error *err)
{
    int depth = xmlTextReaderDepth(r->xr), rc;
    r->native.len = 0;
    if (bitext_buf_reserve(&r->native, 1) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    r->native.data[0] = '\0';
    if (xmlTextReaderIsEmptyElement(r->xr))
        return 1;
    while ((rc = advance(r, err)) > 0) {
        int t = type_of(r);
        if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            return 1;
        if (t == XML_READER_TYPE_ENTITY_REFERENCE)
            return fail_here(r, err, BITEXT_EPARSE, "entity reference in XLIFF content");
        if ((rc = take_text(r, &r->native, t, err)) < 0)
            return rc;
    }
    return rc < 0 ? rc : fail_here(r, err, BITEXT_EPARSE, "the file ends inside an element");
}

/* An inline element's start tag. */
static int inline_start(bitext_xliff_reader *r, content_state *s, bitext_error *err)
{
    bool empty = xmlTextReaderIsEmptyElement(r->xr);
    char *rid = attr(r, "rid");
    int rc = 0, pos_open;
    if (is(r, "g")) {
        int i = ++s->next_i;
        rc = add_code(r, s, BITEXT_CODE_BPT, i, NULL, err);
        if (rc == 0 && empty)
            rc = add_code(r, s, BITEXT_CODE_EPT, i, NULL, err);
        else if (rc == 0 && s->depth < 64)
            s->stack[s->depth++] = i;
        else if (rc == 0)
            rc = fail_here(r, err, BITEXT_EPARSE, "<g> nested more than 64 deep");
    } else if (is(r, "x")) {
        rc = add_code(r, s, BITEXT_CODE_PH, 0, NULL, err);
    } else if (is(r, "bx") || is(r, "ex")) {
        bool begin = is(r, "bx");
        int i = id_number(rid) ? 1000 + id_number(rid) : 0;
        rc = add_code(r, s,
                      i ? (begin ? BITEXT_CODE_BPT : BITEXT_CODE_EPT)
                        : (begin ? BITEXT_CODE_IT_BEGIN : BITEXT_CODE_IT_END),
                      i, NULL, err);
    } else if (is(r, "bpt") || is(r, "ept") || is(r, "ph") || is(r, "it")) {
        char *pos = attr(r, "pos"), *id = attr(r, "id");
        bitext_code_kind k = is(r, "bpt")   ? BITEXT_CODE_BPT
                             : is(r, "ept") ? BITEXT_CODE_EPT
                             : is(r, "ph")  ? BITEXT_CODE_PH
                                            : BITEXT_CODE_IT_BEGIN;
        int i = k == BITEXT_CODE_BPT || k == BITEXT_CODE_EPT ? 2000 + id_number(rid ? rid : id) : 0;
        pos_open = !pos || strcmp(pos, "close");
        if (k == BITEXT_CODE_IT_BEGIN && !pos_open)
            k = BITEXT_CODE_IT_END;
        free(pos);
        free(id);
        /* the code stands where its element starts, before reading its native text */
        rc = add_code(r, s, k, i, NULL, err);
        if (rc == 0 && (rc = read_native(r, err)) > 0) {
            bitext_code *c = &s->tu->tuvs[s->tuv].codes[s->tu->tuvs[s->tuv].ncodes - 1];
            rc = r->native.len ? bitext_tu_set_string(&c->native, r->native.data, err) : 0;
        }
    }
    free(rid);
    return rc < 0 ? rc : 0;
}

/* Reads the content of the current <source> or <target> into variant s->tuv. */
static int read_content(bitext_xliff_reader *r, content_state *s, bitext_error *err)
{
    int depth = xmlTextReaderDepth(r->xr), rc;
    r->text.len = 0;
    if (bitext_buf_reserve(&r->text, 1) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    r->text.data[0] = '\0';
    if (xmlTextReaderIsEmptyElement(r->xr))
        return 0;
    while ((rc = advance(r, err)) > 0) {
        int t = type_of(r);
        if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            return 0;
        if (t == XML_READER_TYPE_ENTITY_REFERENCE)
            return fail_here(r, err, BITEXT_EPARSE, "entity reference in XLIFF content");
        if (t == XML_READER_TYPE_ELEMENT && (rc = inline_start(r, s, err)) < 0)
            return rc;
        if (t == XML_READER_TYPE_END_ELEMENT && is(r, "g") && s->depth > 0 &&
            (rc = add_code(r, s, BITEXT_CODE_EPT, s->stack[--s->depth], NULL, err)) < 0)
            return rc;
        if ((rc = take_text(r, &r->text, t, err)) < 0)
            return rc;
    }
    return rc < 0 ? rc : fail_here(r, err, BITEXT_EPARSE, "the file ends inside an element");
}

/* ---- units ------------------------------------------------------------------------------ */

static void unit_clear(unit *u)
{
    bitext_tu_clear(&u->tu);
    u->used = u->translated = false;
}

static int canonical(char *out, const char *tag)
{
    out[0] = '\0';
    return tag && bitext_lang_canonical(out, tag, NULL) == 0 ? 0 : -1;
}

/* A <source> or <target> start tag inside a unit: its variant, text and codes. */
static int read_variant(bitext_xliff_reader *r, unit *u, bool target, char **state,
                        bitext_error *err)
{
    content_state s = {&u->tu, 0, 0, {0}, 0};
    char lang[BITEXT_LANG_MAX];
    xmlChar *xl = xmlTextReaderGetAttributeNs(r->xr, BAD_CAST "lang", XML_XML_NAMESPACE);
    int rc;
    if (canonical(lang, (const char *)xl) < 0)
        snprintf(lang, sizeof lang, "%s", target ? r->tgt : r->src);
    xmlFree(xl);
    if (target && u->tu.ntuvs != 1)
        return skip(r, err) < 0 ? BITEXT_EPARSE : 0; /* a second target, or no source */
    if (!target && u->tu.ntuvs != 0)
        return skip(r, err) < 0 ? BITEXT_EPARSE : 0;
    if (target)
        *state = attr(r, "state");
    if ((rc = bitext_tu_add_tuv(&u->tu, &s.tuv, lang, "", 0, err)) < 0 ||
        (rc = read_content(r, &s, err)) < 0)
        return rc;
    free(u->tu.tuvs[s.tuv].text);
    if (!(u->tu.tuvs[s.tuv].text = bitext_strndup(r->text.data, r->text.len)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

/* Whether a unit's target is a translation to keep (see the top of the file). */
static bool is_translated(const unit *u, const char *state)
{
    char *ns = NULL, *nt = NULL;
    bool ok;
    if (u->tu.ntuvs < 2)
        return false;
    if (state && strcmp(state, "translated") && strcmp(state, "final") &&
        strcmp(state, "signed-off"))
        return false;
    if (bitext_tm_normalize(&nt, u->tu.tuvs[1].text, NULL) < 0 || !*nt) {
        free(nt);
        return false;
    }
    ok = state || bitext_tm_normalize(&ns, u->tu.tuvs[0].text, NULL) < 0 || strcmp(ns, nt);
    free(ns);
    free(nt);
    return ok;
}

/* At a <trans-unit> start tag: reads the unit up to its end tag. */
static int read_unit(bitext_xliff_reader *r, unit *u, bitext_error *err)
{
    int depth = xmlTextReaderDepth(r->xr), rc;
    bool closed = xmlTextReaderIsEmptyElement(r->xr);
    char *id = attr(r, "id"), *state = NULL;
    unit_clear(u);
    u->used = true;
    u->file_no = r->file_no;
    r->unit_bytes = 0;
    rc = id ? bitext_tu_add_prop(&u->tu, SIZE_MAX, "x-xliff-id", id, NULL, err) : 0;
    free(id);
    while (rc >= 0 && !closed && (rc = advance(r, err)) > 0) {
        int t = type_of(r);
        if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth) {
            closed = true;
            break;
        }
        if (t != XML_READER_TYPE_ELEMENT)
            continue;
        if (is(r, "source") || is(r, "target"))
            rc = read_variant(r, u, is(r, "target"), &state, err);
        else
            rc = skip(r, err);
    }
    if (rc >= 0 && !closed)
        rc = fail_here(r, err, BITEXT_EPARSE, "the file ends inside a <trans-unit>");
    if (rc >= 0 && u->tu.ntuvs == 0)
        rc = fail_here(r, err, BITEXT_EPARSE, "a <trans-unit> without <source>");
    if (rc >= 0 && u->tu.ntuvs == 2 && !r->tgt[0] && !u->tu.tuvs[1].lang[0])
        rc = fail_here(r, err, BITEXT_EPARSE, "no target language (<file target-language>)");
    if (rc >= 0)
        u->translated = is_translated(u, state);
    free(state);
    return rc < 0 ? rc : 0;
}

/* At a <file> start tag: its name and languages. */
static int open_file(bitext_xliff_reader *r, bitext_error *err)
{
    char *orig = attr(r, "original"), *sl = attr(r, "source-language"),
         *tl = attr(r, "target-language");
    int rc = 0;
    free(r->original);
    r->original = orig ? orig : bitext_strdup(r->path);
    if (canonical(r->src, sl) < 0)
        rc = fail_here(r, err, BITEXT_ELANG, "<file> without a valid source-language");
    if (canonical(r->tgt, tl) < 0)
        r->tgt[0] = '\0';
    free(sl);
    free(tl);
    free(r->prev_source);
    r->prev_source = NULL;
    r->file_no++;
    return rc;
}

/* The next unit of the document, translated or not, into r->held; 0 at the end. */
static int next_unit(bitext_xliff_reader *r, bitext_error *err)
{
    int rc = 0;
    while (!r->done && (rc = advance(r, err)) > 0) {
        if (type_of(r) != XML_READER_TYPE_ELEMENT)
            continue;
        if (is(r, "file") && (rc = open_file(r, err)) < 0)
            return rc;
        if (is(r, "trans-unit")) {
            if (!r->original)
                return fail_here(r, err, BITEXT_EPARSE, "<trans-unit> outside <file>");
            if ((rc = read_unit(r, &r->held, err)) < 0)
                return rc;
            r->units++;
            return 1;
        }
        if (is(r, "bin-unit") && (rc = skip(r, err)) < 0)
            return rc;
    }
    if (!r->done && rc < 0)
        return rc;
    r->done = true;
    return 0;
}

/* Context: the unit's neighbours' sources, as the TM keeps them for 101% matches. */
static int set_context(bitext_xliff_reader *r, unit *u, bitext_error *err)
{
    int rc = 0;
    for (size_t k = 0; k < u->tu.ntuvs && rc == 0; k++)
        rc = bitext_tu_set_string(&u->tu.tuvs[k].prev, k == 0 ? r->prev_source : NULL, err);
    free(r->prev_source);
    r->prev_source = bitext_strdup(u->tu.tuvs[0].text);
    return rc;
}

int bitext_xliff_reader_next(bitext_xliff_reader *r, bitext_tu *tu, const char **file,
                             bitext_error *err)
{
    int rc;
    bitext_tu_clear(tu);
    for (;;) {
        if (!r->held.used && (rc = next_unit(r, err)) < 0)
            return rc;
        if (r->pending.used) {
            /* the held unit (or the end) completes the pending one's context */
            bool same = r->held.used && r->held.file_no == r->pending.file_no;
            if (same && (rc = bitext_tu_set_string(&r->pending.tu.tuvs[0].next,
                                                   r->held.tu.tuvs[0].text, err)) < 0)
                return rc;
            *tu = r->pending.tu;
            r->pending.tu = (bitext_tu)BITEXT_TU_INIT;
            r->pending.used = false;
            *file = r->pending_file;
            return bitext_tu_set_string(&tu->origin, "imported", err) < 0 ? BITEXT_ENOMEM : 1;
        }
        if (!r->held.used)
            return 0;
        if ((rc = set_context(r, &r->held, err)) < 0)
            return rc;
        if (r->held.translated) {
            r->pending = r->held;
            r->held.tu = (bitext_tu)BITEXT_TU_INIT;
            free(r->pending_file);
            r->pending_file = bitext_strdup(r->original);
        } else {
            r->untranslated++;
            unit_clear(&r->held);
        }
        r->held.used = false;
    }
}

/* ---- opening ---------------------------------------------------------------------------- */

static int reader_new(bitext_xliff_reader **out, const char *name,
                      const bitext_xliff_read_options *opts, bitext_error *err)
{
    bitext_xliff_reader *r;
    *out = NULL;
    if (opts && opts->version != BITEXT_XLIFF_READ_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_xliff_read_options: unknown version %u",
                           opts->version);
    if (!(r = calloc(1, sizeof *r)) || !(r->path = bitext_strdup(name))) {
        free(r);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    r->max_bytes = opts && opts->max_unit_bytes ? opts->max_unit_bytes : (size_t)1 << 20;
    bitext_xml_state_init(&r->xs);
    r->held.tu = (bitext_tu)BITEXT_TU_INIT;
    r->pending.tu = (bitext_tu)BITEXT_TU_INIT;
    *out = r;
    return 0;
}

/* Reads to the root element and checks that it is <xliff>. */
static int start(bitext_xliff_reader **out, bitext_xliff_reader *r, bitext_error *err)
{
    int rc;
    if (!r->xr) {
        rc = r->xs.guard.tripped_at >= 0 ? parse_fail(r, err)
                                      : bitext_fail_at(err, BITEXT_EIO, r->path, 0, 0, -1,
                                                       "cannot open for reading");
        goto fail;
    }
    bitext_xml_watch(r->xr, &r->xs);
    while ((rc = advance(r, err)) > 0 && type_of(r) != XML_READER_TYPE_ELEMENT)
        ;
    if (rc == 0)
        rc = bitext_fail_at(err, BITEXT_EFORMAT, r->path, 0, 0, -1, "not an XLIFF file");
    else if (rc > 0 && !is(r, "xliff"))
        rc = fail_here(r, err, BITEXT_EFORMAT,
                       "not an XLIFF file: the root element is not "
                       "<xliff>");
    if (rc < 0)
        goto fail;
    *out = r;
    return 0;
fail:
    bitext_xliff_reader_free(r);
    return rc;
}

int bitext_xliff_reader_open(bitext_xliff_reader **out, const char *path,
                             const bitext_xliff_read_options *opts, bitext_error *err)
{
    bitext_xliff_reader *r;
    struct stat st;
    int rc;
    *out = NULL;
    if (stat(path, &st) != 0)
        return bitext_fail_at(err, errno == ENOENT ? BITEXT_ENOTFOUND : BITEXT_EIO, path, 0, 0, -1,
                              "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return bitext_fail_at(err, BITEXT_EIO, path, 0, 0, -1, "is a directory");
    if ((rc = reader_new(&r, path, opts, err)) < 0)
        return rc;
    r->xr = bitext_xml_reader_for_file(path, NULL, XML_OPTS, &r->xs.guard);
    return start(out, r, err);
}

int bitext_xliff_reader_open_buffer(bitext_xliff_reader **out, const char *name, const char *data,
                                    size_t len, const bitext_xliff_read_options *opts,
                                    bitext_error *err)
{
    bitext_xliff_reader *r;
    int rc;
    *out = NULL;
    if (len == 0 || len > INT32_MAX)
        return bitext_fail_at(err, BITEXT_EFORMAT, name, 0, 0, -1, "empty or oversized input");
    if ((rc = reader_new(&r, name, opts, err)) < 0)
        return rc;
    if (bitext_xml_guard_feed(&r->xs.guard, data, len))
        r->xr = xmlReaderForMemory(data, (int)len, NULL, NULL, XML_OPTS);
    else
        r->xr = NULL;
    return start(out, r, err);
}

int64_t xliff_reader_work(const bitext_xliff_reader *r)
{
    return r->xs.nodes + r->xs.guard.offset;
}

void bitext_xliff_reader_counts(const bitext_xliff_reader *r, int64_t *units, int64_t *untranslated)
{
    *units = r->units;
    *untranslated = r->untranslated;
}

void bitext_xliff_reader_free(bitext_xliff_reader *r)
{
    if (!r)
        return;
    if (r->xr)
        xmlFreeTextReader(r->xr);
    unit_clear(&r->held);
    unit_clear(&r->pending);
    free(r->path);
    free(r->original);
    free(r->prev_source);
    free(r->pending_file);
    bitext_buf_free(&r->text);
    bitext_buf_free(&r->native);
    free(r);
}
