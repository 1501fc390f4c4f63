/*
 * xliff_write.c - the XLIFF 1.2 writer: xmlTextWriter streaming into a bitext_output.
 *
 * XLIFF 1.2 (OASIS, 2008) as the strict schema has it: <file original source-language
 * target-language datatype>, <header><tool/>, <trans-unit id xml:space approved> holding
 * source, target?, then alt-trans and note (sec. 2.2 of the spec: content order).  Inline
 * codes (sec. 2.3): a bpt/ept pair of the TM that nests becomes <g id ctype>...</g>; one that
 * crosses another pair becomes <bx id rid/> ... <ex id rid/>; half of a pair or an isolated
 * code becomes <bx/> or <ex/>; a standalone code <x id ctype/>.  Native codes are not written
 * (<g>, <x/> hold none): the CAT tool shows them as tags.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "bitext/bitext.h"
#include "bitext/xliff.h"
#include "xml_int.h"

#define XLIFF_NS "urn:oasis:names:tc:xliff:document:1.2"

struct bitext_xliff_writer {
    xmlTextWriterPtr xw;
    bitext_output *out;
    char *srclang, *tgtlang;
    int64_t count;
    bitext_buf clean, esc, aux;
    bool finished;
};

/* ---- small writers ---------------------------------------------------------------------- */

static int attr(bitext_xliff_writer *w, const char *name, const char *value)
{
    return bitext_xml_attr(w->xw, &w->aux, name, value);
}

static int attr_int(bitext_xliff_writer *w, const char *name, int64_t v)
{
    return bitext_xml_attr_int(w->xw, &w->aux, name, v);
}

static int text(bitext_xliff_writer *w, const char *s, size_t n)
{
    return bitext_xml_text(w->xw, &w->esc, &w->clean, s, n);
}

static int raw(bitext_xliff_writer *w, const char *s)
{
    return xmlTextWriterWriteRaw(w->xw, BAD_CAST s) < 0 ? -1 : 0;
}

static int start(bitext_xliff_writer *w, const char *name)
{
    return xmlTextWriterStartElement(w->xw, BAD_CAST name) < 0 ? -1 : 0;
}

static int end(bitext_xliff_writer *w)
{
    return xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
}

/* ---- inline codes ----------------------------------------------------------------------- */

enum { EL_SKIP, EL_G_OPEN, EL_G_CLOSE, EL_X, EL_BX, EL_EX };

typedef struct {
    const bitext_code *c;
    int el;      /* EL_* */
    int partner; /* index of the other half of a pair, or -1 */
    int rid;     /* shared by a crossing bx/ex pair, else 0 */
} plan_item;

static int cmp_offset(const void *a, const void *b)
{
    const plan_item *x = a, *y = b;
    if (x->c->offset != y->c->offset)
        return x->c->offset < y->c->offset ? -1 : 1;
    return x->c < y->c ? -1 : x->c > y->c;
}

/* Pairs each bpt with the first later ept of the same i; the rest stay isolated. */
static void plan_pairs(plan_item *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        bitext_code_kind kind = p[k].c->kind;
        p[k].partner = -1;
        p[k].rid = 0;
        p[k].el = kind == BITEXT_CODE_PH || kind == BITEXT_CODE_UT          ? EL_X
                  : kind == BITEXT_CODE_BPT || kind == BITEXT_CODE_IT_BEGIN ? EL_BX
                  : kind == BITEXT_CODE_EPT || kind == BITEXT_CODE_IT_END   ? EL_EX
                                                                            : EL_SKIP;
    }
    for (size_t k = 0; k < n; k++) {
        if (p[k].c->kind != BITEXT_CODE_BPT)
            continue;
        for (size_t j = k + 1; j < n; j++)
            if (p[j].c->kind == BITEXT_CODE_EPT && p[j].partner < 0 && p[j].c->i == p[k].c->i) {
                p[k].partner = (int)j;
                p[j].partner = (int)k;
                p[k].el = EL_G_OPEN;
                p[j].el = EL_G_CLOSE;
                break;
            }
    }
}

/* A pair that crosses another cannot be a <g>: walking the codes with a stack of open
 * <g>s, a close that is not the innermost open one turns its pair into bx/ex. */
static void plan_nesting(plan_item *p, size_t n)
{
    int *stack = malloc((n + 1) * sizeof *stack), depth = 0, rid = 0;
    if (!stack) { /* without memory for the check: no <g> at all, still valid */
        for (size_t k = 0; k < n; k++)
            p[k].el = p[k].el == EL_G_OPEN ? EL_BX : p[k].el == EL_G_CLOSE ? EL_EX : p[k].el;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (p[k].el == EL_G_OPEN) {
            stack[depth++] = (int)k;
        } else if (p[k].el == EL_G_CLOSE) {
            int open = p[k].partner, at = depth - 1;
            while (at >= 0 && stack[at] != open)
                at--;
            if (at == depth - 1) {
                depth--;
                continue;
            }
            p[open].el = EL_BX;
            p[k].el = EL_EX;
            p[open].rid = p[k].rid = ++rid;
            if (at >= 0)
                memmove(&stack[at], &stack[at + 1], (size_t)(depth - at - 1) * sizeof *stack);
            depth -= at >= 0;
        }
    }
    free(stack);
}

/* XLIFF ctype for a TM code type: the standard values, else "x-" and the type. */
static void ctype_of(char out[40], const char *type)
{
    static const char *const map[][2] = {{"bold", "bold"},         {"italic", "italic"},
                                         {"ulined", "underlined"}, {"underline", "underlined"},
                                         {"link", "link"},         {"lb", "lb"},
                                         {"image", "image"}};
    size_t k = 0;
    out[0] = '\0';
    if (!type || !*type)
        return;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(type, map[i][0])) {
            snprintf(out, 40, "%s", map[i][1]);
            return;
        }
    memcpy(out, "x-", 2);
    for (k = 2; *type && k < 39; type++)
        if ((*type >= 'a' && *type <= 'z') || (*type >= 'A' && *type <= 'Z') ||
            (*type >= '0' && *type <= '9') || *type == '-')
            out[k++] = *type;
    out[k] = '\0';
    if (k == 2)
        out[0] = '\0';
}

static int code_element(bitext_xliff_writer *w, const plan_item *p, int id)
{
    static const char *const names[] = {"", "g", "", "x", "bx", "ex"};
    char ctype[40];
    if (p->el == EL_G_CLOSE)
        return end(w);
    if (p->el == EL_SKIP)
        return 0;
    ctype_of(ctype, p->c->type);
    if (start(w, names[p->el]) < 0 || attr_int(w, "id", id) < 0)
        return -1;
    if (p->rid && attr_int(w, "rid", p->rid) < 0)
        return -1;
    if (p->el != EL_EX && ctype[0] && attr(w, "ctype", ctype) < 0)
        return -1;
    return p->el == EL_G_OPEN ? 0 : end(w);
}

/* Plans the codes of v (sorted by offset, paired, nesting checked) into *out (caller frees). */
static plan_item *plan(const bitext_tuv *v)
{
    plan_item *p = calloc(v->ncodes + 1, sizeof *p);
    if (!p)
        return NULL;
    for (size_t k = 0; k < v->ncodes; k++)
        p[k].c = &v->codes[k];
    qsort(p, v->ncodes, sizeof *p, cmp_offset);
    plan_pairs(p, v->ncodes);
    plan_nesting(p, v->ncodes);
    return p;
}

/* The content of a <source> or <target>: text with its inline codes. */
static int content(bitext_xliff_writer *w, const bitext_tuv *v)
{
    size_t len = strlen(v->text), at = 0;
    plan_item *p = plan(v);
    int rc = 0, id = 0;
    if (!p)
        return -1;
    for (size_t k = 0; k < v->ncodes && rc == 0; k++) {
        size_t off = p[k].c->offset > len ? len : p[k].c->offset;
        if (off > at && (rc = text(w, v->text + at, off - at)) < 0)
            break;
        at = off > at ? off : at;
        rc = code_element(w, &p[k], p[k].el == EL_G_CLOSE || p[k].el == EL_SKIP ? 0 : ++id);
    }
    if (rc == 0 && at < len)
        rc = text(w, v->text + at, len - at);
    free(p);
    return rc;
}

int bitext_xliff_omegat_text(char **out, const bitext_tuv *v, bitext_error *err)
{
    static const char letter[] = {0, 'g', 'g', 'x', 'b', 'e'};
    size_t len = strlen(v->text), at = 0;
    plan_item *p = plan(v);
    bitext_buf b = {0};
    int rc = p && bitext_buf_reserve(&b, len + 1) == 0 ? 0 : BITEXT_ENOMEM, tag = 0;
    for (size_t k = 0; k < v->ncodes && rc == 0; k++) {
        size_t off = p[k].c->offset > len ? len : p[k].c->offset;
        if (p[k].el == EL_SKIP)
            continue;
        if (off > at && bitext_buf_append(&b, v->text + at, off - at) < 0)
            rc = BITEXT_ENOMEM;
        at = off > at ? off : at;
        if (p[k].el == EL_G_OPEN)
            p[k].rid = tag; /* the closing tag repeats the opening one's number */
        if (rc == 0 && bitext_buf_printf(&b,
                                         p[k].el == EL_G_CLOSE  ? "</%c%d>"
                                         : p[k].el == EL_G_OPEN ? "<%c%d>"
                                                                : "<%c%d/>",
                                         letter[p[k].el],
                                         p[k].el == EL_G_CLOSE ? p[p[k].partner].rid : tag) < 0)
            rc = BITEXT_ENOMEM;
        tag += p[k].el != EL_G_CLOSE;
    }
    if (rc == 0 && bitext_buf_append(&b, v->text + at, len - at) < 0)
        rc = BITEXT_ENOMEM;
    free(p);
    if (rc < 0) {
        bitext_buf_free(&b);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    *out = bitext_buf_detach(&b);
    return 0;
}

static int element(bitext_xliff_writer *w, const char *name, const bitext_tuv *v, const char *lang)
{
    if (start(w, name) < 0 || attr(w, "xml:lang", lang) < 0 || content(w, v) < 0)
        return -1;
    return end(w);
}

/* ---- the document ----------------------------------------------------------------------- */

static int fail_io(bitext_xliff_writer *w, bitext_error *err)
{
    return bitext_fail_at(err, BITEXT_EIO, bitext_output_name(w->out), 0, 0, -1,
                          "cannot write the XLIFF file%s%s", errno ? ": " : "",
                          errno ? strerror(errno) : "");
}

static int write_head(bitext_xliff_writer *w, const bitext_xliff_write_options *o)
{
    if (xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL) < 0 || start(w, "xliff") < 0 ||
        attr(w, "version", "1.2") < 0 || attr(w, "xmlns", XLIFF_NS) < 0 || raw(w, "\n  ") < 0 ||
        start(w, "file") < 0 || attr(w, "original", o->original) < 0 ||
        attr(w, "source-language", o->source_language) < 0 ||
        attr(w, "target-language", o->target_language) < 0 ||
        attr(w, "datatype", o->datatype ? o->datatype : "plaintext") < 0 ||
        attr(w, "tool-id", "bitext") < 0)
        return -1;
    if (raw(w, "\n    ") < 0 || start(w, "header") < 0 || start(w, "tool") < 0 ||
        attr(w, "tool-id", "bitext") < 0 || attr(w, "tool-name", "bitext") < 0 ||
        attr(w, "tool-version", bitext_version()) < 0 || end(w) < 0 || end(w) < 0)
        return -1;
    return raw(w, "\n    ") < 0 || start(w, "body") < 0 ? -1 : 0;
}

int bitext_xliff_writer_new(bitext_xliff_writer **out, bitext_output *o,
                            const bitext_xliff_write_options *opts, bitext_error *err)
{
    bitext_xliff_writer *w;
    xmlOutputBufferPtr ob;
    *out = NULL;
    if (!opts || opts->version != BITEXT_XLIFF_WRITE_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL,
                           "bitext_xliff_write_options: missing or unknown "
                           "version");
    if (!opts->original || !*opts->original || !opts->source_language || !*opts->source_language ||
        !opts->target_language || !*opts->target_language)
        return bitext_fail(err, BITEXT_EINVAL,
                           "XLIFF: the file needs its original name, "
                           "source and target languages");
    if (!(w = calloc(1, sizeof *w)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    w->out = o;
    w->srclang = bitext_strdup(opts->source_language);
    w->tgtlang = bitext_strdup(opts->target_language);
    if (!w->srclang || !w->tgtlang ||
        !(ob = xmlOutputBufferCreateFile(bitext_output_file(o), NULL)) ||
        !(w->xw = xmlNewTextWriter(ob))) {
        bitext_xliff_writer_free(w);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    errno = 0;
    if (write_head(w, opts) < 0) {
        int rc = fail_io(w, err);
        bitext_xliff_writer_free(w);
        return rc;
    }
    *out = w;
    return 0;
}

static int alt_trans(bitext_xliff_writer *w, const bitext_xliff_alt *a)
{
    if (!a->target)
        return 0;
    if (raw(w, "\n        ") < 0 || start(w, "alt-trans") < 0 ||
        attr_int(w, "match-quality", a->match_quality) < 0 || attr(w, "origin", a->origin) < 0)
        return -1;
    if (a->source && element(w, "source", a->source, w->srclang) < 0)
        return -1;
    if (element(w, "target", a->target, w->tgtlang) < 0)
        return -1;
    return end(w);
}

static int unit(bitext_xliff_writer *w, const bitext_xliff_unit *u)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)(w->count + 1));
    if (raw(w, "\n      ") < 0 || start(w, "trans-unit") < 0 ||
        attr(w, "id", u->id ? u->id : id) < 0 || attr(w, "xml:space", "preserve") < 0 ||
        (u->approved && attr(w, "approved", "yes") < 0))
        return -1;
    if (raw(w, "\n        ") < 0 || element(w, "source", u->source, w->srclang) < 0)
        return -1;
    if (u->target) {
        if (raw(w, "\n        ") < 0 || start(w, "target") < 0 ||
            attr(w, "xml:lang", w->tgtlang) < 0 || attr(w, "state", u->state) < 0 ||
            attr(w, "state-qualifier", u->state_qualifier) < 0 || content(w, u->target) < 0 ||
            end(w) < 0)
            return -1;
    }
    for (size_t k = 0; k < u->nalts; k++)
        if (alt_trans(w, &u->alts[k]) < 0)
            return -1;
    if (u->note && (raw(w, "\n        ") < 0 || start(w, "note") < 0 ||
                    text(w, u->note, strlen(u->note)) < 0 || end(w) < 0))
        return -1;
    return raw(w, "\n      ") < 0 || end(w) < 0 ? -1 : 0;
}

int bitext_xliff_writer_add(bitext_xliff_writer *w, const bitext_xliff_unit *u, bitext_error *err)
{
    if (w->finished)
        return bitext_fail(err, BITEXT_EINVAL, "XLIFF writer already finished");
    if (!u->source || !u->source->text)
        return bitext_fail(err, BITEXT_EINVAL, "XLIFF: a unit needs a source");
    errno = 0;
    if (unit(w, u) < 0)
        return fail_io(w, err);
    w->count++;
    return 0;
}

int bitext_xliff_writer_finish(bitext_xliff_writer *w, bitext_error *err)
{
    int bad;
    if (w->finished)
        return 0;
    errno = 0;
    bad = raw(w, "\n    ") < 0 || end(w) < 0 || raw(w, "\n  ") < 0 || end(w) < 0 ||
          raw(w, "\n") < 0 || end(w) < 0 || xmlTextWriterEndDocument(w->xw) < 0 ||
          xmlTextWriterFlush(w->xw) < 0;
    xmlFreeTextWriter(w->xw);
    w->xw = NULL;
    w->finished = true;
    return bad ? fail_io(w, err) : 0;
}

void bitext_xliff_writer_free(bitext_xliff_writer *w)
{
    if (!w)
        return;
    if (w->xw)
        xmlFreeTextWriter(w->xw);
    free(w->srclang);
    free(w->tgtlang);
    bitext_buf_free(&w->clean);
    bitext_buf_free(&w->esc);
    bitext_buf_free(&w->aux);
    free(w);
}
