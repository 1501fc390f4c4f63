/*
 * tmx_write.c - the TMX 1.4 writer: xmlTextWriter streaming into a bitext_output (output.h:
 * a temporary file renamed into place on commit, so a failed export never leaves a
 * half-written file).
 *
 * TMX 1.4b: header attributes (sec. 3.1.1 <header>), <tu> content ((note|prop)*, tuv+),
 * <tuv> content ((note|prop)*, seg), dates in ISO 8601 basic UTC (YYYYMMDDThhmmssZ), level 2
 * content markup (sec. 3.3: bpt/ept paired by i inside one seg, x across the variants).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "bitext/bitext.h"
#include "xml_int.h"

struct bitext_tmx_writer {
    xmlTextWriterPtr xw;
    bitext_output *out;
    bool own_out;     /* opened by bitext_tmx_writer_open: committed on finish, freed */
    char *srclang, *segtype;
    int level;
    int64_t count;
    bitext_buf clean; /* scratch: text with XML-illegal characters removed */
    bitext_buf aux;
    bitext_buf esc;   /* scratch: escaped text */
    int64_t date_t;   /* the last date formatted, and its TMX form */
    char date_s[32];
    bool finished;
};

static bool is_blank(const char *s)
{
    size_t i = 0, n = strlen(s);
    while (i < n)
        if (!bitext_is_space(bitext_utf8_next(s, n, &i)))
            return false;
    return true;
}

static void format_date(char out[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    out[0] = '\0';
    if (gmtime_r(&tt, &tm))
        strftime(out, 32, "%Y%m%dT%H%M%SZ", &tm);
}

static int attr(bitext_tmx_writer *w, const char *name, const char *value)
{
    return bitext_xml_attr(w->xw, &w->aux, name, value);
}

static int attr_int(bitext_tmx_writer *w, const char *name, int64_t v)
{
    return bitext_xml_attr_int(w->xw, &w->aux, name, v);
}

/* TUs written together mostly share their dates: the last one formatted is kept. */
static int attr_date(bitext_tmx_writer *w, const char *name, int64_t t)
{
    if (t <= 0)
        return 0;
    if (t != w->date_t) {
        format_date(w->date_s, t);
        w->date_t = t;
    }
    return w->date_s[0] ? attr(w, name, w->date_s) : 0;
}

static int text(bitext_tmx_writer *w, const char *s, size_t n)
{
    return bitext_xml_text(w->xw, &w->esc, &w->clean, s, n);
}

/* Line breaks between the structural elements, so that people can read and diff the file. */
static int indent(bitext_tmx_writer *w, const char *ws)
{
    return xmlTextWriterWriteRaw(w->xw, BAD_CAST ws) < 0 ? -1 : 0;
}

static int fail_io(bitext_tmx_writer *w, bitext_error *err)
{
    const char *name = bitext_output_name(w->out);
    return bitext_fail_at(err, BITEXT_EIO, name, 0, 0, -1, "cannot write the TMX file%s%s",
                          errno ? ": " : "", errno ? strerror(errno) : "");
}

/* ---- opening ---------------------------------------------------------------------------- */

static int write_header(bitext_tmx_writer *w, const bitext_tmx_write_options *o)
{
    char now[32];
    format_date(now, bitext_now());
    if (xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL) < 0)
        return -1;
    if (o->doctype && (indent(w, "") < 0 ||
                       xmlTextWriterWriteDTD(w->xw, BAD_CAST "tmx", NULL,
                                             BAD_CAST "tmx14.dtd", NULL) < 0 ||
                       indent(w, "\n") < 0))
        return -1;
    if (xmlTextWriterStartElement(w->xw, BAD_CAST "tmx") < 0 || attr(w, "version", "1.4") < 0 ||
        indent(w, "\n  ") < 0 || xmlTextWriterStartElement(w->xw, BAD_CAST "header") < 0)
        return -1;
    if (attr(w, "creationtool", "bitext") < 0 ||
        attr(w, "creationtoolversion", bitext_version()) < 0 ||
        attr(w, "segtype", w->segtype) < 0 || attr(w, "o-tmf", "bitext") < 0 ||
        attr(w, "adminlang", o->adminlang ? o->adminlang : "en") < 0 ||
        attr(w, "srclang", w->srclang) < 0 ||
        attr(w, "datatype", o->datatype ? o->datatype : "plaintext") < 0 ||
        attr(w, "o-encoding", "UTF-8") < 0 || (now[0] && attr(w, "creationdate", now) < 0))
        return -1;
    if (xmlTextWriterEndElement(w->xw) < 0 || indent(w, "\n  ") < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST "body") < 0)
        return -1;
    return 0;
}

static bool valid_segtype(const char *s)
{
    return s && (!strcmp(s, "sentence") || !strcmp(s, "paragraph") || !strcmp(s, "block") ||
                 !strcmp(s, "phrase"));
}

int bitext_tmx_writer_new(bitext_tmx_writer **out, bitext_output *o,
                          const bitext_tmx_write_options *opts, bitext_error *err)
{
    bitext_tmx_write_options defaults = BITEXT_TMX_WRITE_OPTIONS_INIT;
    bitext_tmx_writer *w = NULL;
    xmlOutputBufferPtr ob;
    int rc = 0;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != BITEXT_TMX_WRITE_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_tmx_write_options: unknown version %u",
                           opts->version);
    if (!opts->srclang || !*opts->srclang)
        return bitext_fail(err, BITEXT_EINVAL, "TMX export: the header needs a source language");
    if (opts->segtype && !valid_segtype(opts->segtype))
        return bitext_fail(err, BITEXT_EINVAL, "TMX export: segtype '%s' is not one of "
                           "sentence, paragraph, block, phrase", opts->segtype);
    if (!(w = calloc(1, sizeof *w)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    w->level = opts->level == 2 ? 2 : 1;
    w->srclang = bitext_strdup(opts->srclang);
    w->segtype = bitext_strdup(opts->segtype ? opts->segtype : "sentence");
    if (!w->srclang || !w->segtype) {
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    w->out = o;
    errno = 0;
    if (!(ob = xmlOutputBufferCreateFile(bitext_output_file(o), NULL)) ||
        !(w->xw = xmlNewTextWriter(ob))) {
        if (ob && !w->xw)
            xmlOutputBufferClose(ob);
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        goto done;
    }
    if (write_header(w, opts) < 0)
        rc = fail_io(w, err);
done:
    if (rc < 0)
        bitext_tmx_writer_free(w);
    else
        *out = w;
    return rc;
}

int bitext_tmx_writer_open(bitext_tmx_writer **out, const char *path,
                           const bitext_tmx_write_options *opts, bitext_error *err)
{
    bitext_output *o;
    int rc;
    *out = NULL;
    if ((rc = bitext_output_open(&o, path, NULL, err)) < 0)
        return rc;
    if ((rc = bitext_tmx_writer_new(out, o, opts, err)) < 0) {
        bitext_output_free(o);
        return rc;
    }
    (*out)->own_out = true;
    return 0;
}

/* ---- level 2 inline codes --------------------------------------------------------------- */

/* How each code of a variant is written: paired bpt/ept keep their i when it is unique in
 * the segment, else they are renumbered; an unpaired half becomes <it> (TMX 1.4b sec. 3.3:
 * "it" is for codes whose partner is outside the segment). */
typedef struct {
    const bitext_code *c;
    int i;            /* i to write for bpt/ept */
    int kind;         /* what is written, a bitext_code_kind */
    int scope;        /* the <hi> the code stands in: pairs never cross a <hi> boundary */
} plan_item;

static int cmp_offset(const void *a, const void *b)
{
    const plan_item *x = a, *y = b;
    if (x->c->offset != y->c->offset)
        return x->c->offset < y->c->offset ? -1 : 1;
    return x->c < y->c ? -1 : x->c > y->c;   /* stable: codes at one offset keep their order */
}

static void plan_scopes(plan_item *p, size_t n)
{
    int stack[64], depth = 0, next = 0;
    stack[0] = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k].kind == BITEXT_CODE_HI_BEGIN && depth < 63) {
            p[k].scope = stack[depth];
            stack[++depth] = ++next;
        } else if (p[k].kind == BITEXT_CODE_HI_END) {
            p[k].scope = stack[depth];
            if (depth > 0)
                depth--;
            else
                p[k].kind = -1;      /* a </hi> that closes nothing: dropped */
        } else {
            p[k].scope = stack[depth];
        }
    }
}

static void plan_pairs(plan_item *p, size_t n)
{
    bool renumber = false;
    int next_i = 1;
    for (size_t k = 0; k < n; k++) {
        if (p[k].kind != BITEXT_CODE_BPT)
            continue;
        p[k].kind = BITEXT_CODE_IT_BEGIN;
        for (size_t j = k + 1; j < n; j++) {
            if (p[j].kind == BITEXT_CODE_BPT && p[j].c->i == p[k].c->i &&
                p[j].scope == p[k].scope)
                break;   /* the same i opened again before any close: k stays isolated */
            if (p[j].kind == BITEXT_CODE_EPT && p[j].c->i == p[k].c->i &&
                p[j].scope == p[k].scope) {
                p[k].kind = BITEXT_CODE_BPT;
                p[j].kind = -2;      /* matched ept, marked until the end of planning */
                p[k].i = p[j].i = p[k].c->i;
                break;
            }
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (p[k].kind == BITEXT_CODE_EPT)
            p[k].kind = BITEXT_CODE_IT_END;
        else if (p[k].kind == -2)
            p[k].kind = BITEXT_CODE_EPT;
        for (size_t j = 0; j < k; j++)
            if (p[k].kind == BITEXT_CODE_BPT && p[j].kind == BITEXT_CODE_BPT && p[j].i == p[k].i)
                renumber = true;
    }
    if (!renumber)
        return;
    for (size_t k = 0; k < n; k++) {
        if (p[k].kind != BITEXT_CODE_BPT)
            continue;
        for (size_t j = k + 1; j < n; j++)
            if (p[j].kind == BITEXT_CODE_EPT && p[j].i == p[k].i) {
                p[j].i = -next_i;    /* negative: already renumbered */
                break;
            }
        p[k].i = -next_i++;
    }
    for (size_t k = 0; k < n; k++)
        if (p[k].i < 0)
            p[k].i = -p[k].i;
}

static int code_element(bitext_tmx_writer *w, const plan_item *p)
{
    const bitext_code *c = p->c;
    static const char *const names[] = { "bpt", "ept", "ph", "it", "it", "hi", "", "ut" };
    const char *native = c->native ? c->native : "";
    if ((unsigned)p->kind >= sizeof names / sizeof *names || !names[p->kind][0])
        return 0;                /* a kind this writer does not know: nothing to write */
    if (xmlTextWriterStartElement(w->xw, BAD_CAST names[p->kind]) < 0)
        return -1;
    if (p->kind == BITEXT_CODE_BPT || p->kind == BITEXT_CODE_EPT)
        if (attr_int(w, "i", p->i) < 0)
            return -1;
    if (p->kind == BITEXT_CODE_IT_BEGIN || p->kind == BITEXT_CODE_IT_END)
        if (attr(w, "pos", p->kind == BITEXT_CODE_IT_BEGIN ? "begin" : "end") < 0)
            return -1;
    /* ept carries neither x nor type (TMX 1.4 DTD); ut has x only */
    if (p->kind != BITEXT_CODE_EPT && c->x > 0 && attr_int(w, "x", c->x) < 0)
        return -1;
    if (p->kind != BITEXT_CODE_EPT && p->kind != BITEXT_CODE_UT && attr(w, "type", c->type) < 0)
        return -1;
    if (p->kind == BITEXT_CODE_PH && c->assoc && attr(w, "assoc", c->assoc) < 0)
        return -1;
    if (p->kind == BITEXT_CODE_HI_BEGIN)
        return 0;                    /* stays open: the text that follows is highlighted */
    if (text(w, native, strlen(native)) < 0)
        return -1;
    return xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
}

static int seg_level2(bitext_tmx_writer *w, const bitext_tuv *v)
{
    plan_item *p = calloc(v->ncodes ? v->ncodes : 1, sizeof *p);
    size_t at = 0, len = strlen(v->text);
    int rc = 0, open_hi = 0;
    if (!p)
        return -1;
    for (size_t k = 0; k < v->ncodes; k++) {
        p[k].c = &v->codes[k];
        p[k].kind = (int)v->codes[k].kind;
    }
    qsort(p, v->ncodes, sizeof *p, cmp_offset);
    plan_scopes(p, v->ncodes);
    plan_pairs(p, v->ncodes);
    for (size_t k = 0; k < v->ncodes && rc == 0; k++) {
        size_t off = p[k].c->offset > len ? len : p[k].c->offset;
        if (p[k].kind < 0)
            continue;
        if (off > at && (rc = text(w, v->text + at, off - at)) < 0)
            break;
        at = off > at ? off : at;
        if (p[k].kind == BITEXT_CODE_HI_END) {
            rc = xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
            open_hi--;
            continue;
        }
        open_hi += p[k].kind == BITEXT_CODE_HI_BEGIN;
        rc = code_element(w, &p[k]);
    }
    if (rc == 0 && at < len)
        rc = text(w, v->text + at, len - at);
    for (; rc == 0 && open_hi > 0; open_hi--)
        rc = xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
    free(p);
    return rc;
}

/* ---- TUs --------------------------------------------------------------------------------- */

static int prop(bitext_tmx_writer *w, const char *type, const char *value, const char *lang,
                const char *ws)
{
    if (indent(w, ws) < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST(type ? "prop" : "note")) < 0 ||
        attr(w, "type", type) < 0 || attr(w, "xml:lang", lang) < 0 ||
        text(w, value ? value : "", value ? strlen(value) : 0) < 0)
        return -1;
    return xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
}

static int props(bitext_tmx_writer *w, const bitext_prop *p, size_t n, const char *ws)
{
    for (size_t k = 0; k < n; k++)
        if (prop(w, p[k].type, p[k].value, p[k].lang, ws) < 0)
            return -1;
    return 0;
}

/* The shortest decimal form that reads back as the same double. */
static void format_double(char out[40], double d)
{
    snprintf(out, 40, "%.15g", d);
    if (strtod(out, NULL) != d)
        snprintf(out, 40, "%.17g", d);
}

static int tuv_element(bitext_tmx_writer *w, const bitext_tuv *v)
{
    if (indent(w, "\n      ") < 0 || xmlTextWriterStartElement(w->xw, BAD_CAST "tuv") < 0 ||
        attr(w, "xml:lang", v->lang) < 0 || attr_date(w, "creationdate", v->created) < 0 ||
        attr(w, "creationid", v->creator) < 0 || attr_date(w, "changedate", v->changed) < 0)
        return -1;
    /* the neighbours travel as props so that import(export(TM)) keeps context matches */
    if ((v->prev && prop(w, "x-bitext-prev", v->prev, NULL, "\n        ") < 0) ||
        (v->next && prop(w, "x-bitext-next", v->next, NULL, "\n        ") < 0) ||
        props(w, v->props, v->nprops, "\n        ") < 0)
        return -1;
    if (indent(w, "\n        ") < 0 || xmlTextWriterStartElement(w->xw, BAD_CAST "seg") < 0)
        return -1;
    if (w->level == 2 ? seg_level2(w, v) < 0 : text(w, v->text, strlen(v->text)) < 0)
        return -1;
    if (xmlTextWriterEndElement(w->xw) < 0 || indent(w, "\n      ") < 0)
        return -1;
    return xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
}

/* A variant is written when its text has something besides white space once cleaned:
 * an empty target <seg/> makes OmegaT insert an empty translation. */
static bool writable(bitext_tmx_writer *w, const bitext_tuv *v)
{
    const char *t;
    if (!v->lang || !*v->lang || !v->text)
        return false;
    t = bitext_xml_clean(&w->clean, v->text, strlen(v->text));
    return t && !is_blank(t);
}

/* Index of the source variant: the TU's srclang, else the header's, else the first. */
static size_t source_index(const bitext_tu *tu, const bool *ok, const char *header)
{
    const char *want[2] = { tu->srclang, header };
    for (int pass = 0; pass < 2; pass++)
        for (int exact = 2; exact >= 1; exact--)
            for (size_t k = 0; want[pass] && k < tu->ntuvs; k++)
                if (ok[k] && bitext_lang_match(want[pass], tu->tuvs[k].lang) >= exact)
                    return k;
    for (size_t k = 0; k < tu->ntuvs; k++)
        if (ok[k])
            return k;
    return 0;
}

/* A TU without a tuid gets one made from its content (FNV-1a 64 over language, text and
 * inline codes of each written variant): the same TU has the same tuid in every export, and
 * CAT tools that key on tuid (Trados, memoQ) see distinct units, formatted or not. */
static void content_tuid(char out[24], const bitext_tu *tu, const bool *ok)
{
    uint64_t h = 0;
    for (size_t k = 0; k < tu->ntuvs; k++) {
        uint64_t parts[2];
        if (!ok[k])
            continue;
        parts[0] = bitext_hash64(tu->tuvs[k].lang, strlen(tu->tuvs[k].lang) + 1);
        parts[1] = bitext_hash64(tu->tuvs[k].text, strlen(tu->tuvs[k].text) + 1);
        h = h * 1099511628211ULL ^ bitext_hash64(parts, sizeof parts);
        for (size_t c = 0; c < tu->tuvs[k].ncodes; c++) {
            const bitext_code *code = &tu->tuvs[k].codes[c];
            uint64_t cp[2] = {(uint64_t)code->kind, (uint64_t)code->offset};
            h = h * 1099511628211ULL ^ bitext_hash64(cp, sizeof cp);
        }
    }
    snprintf(out, 24, "x%016llx", (unsigned long long)h);
}

static int tu_element(bitext_tmx_writer *w, const bitext_tu *tu, const bool *ok, size_t src)
{
    char conf[40], tuid[24];
    const char *lang = tu->tuvs[src].lang;
    if (!tu->tuid)
        content_tuid(tuid, tu, ok);
    if (indent(w, "\n    ") < 0 || xmlTextWriterStartElement(w->xw, BAD_CAST "tu") < 0 ||
        attr(w, "tuid", tu->tuid ? tu->tuid : tuid) < 0)
        return -1;
    /* tu srclang only where the header's does not name the source variant exactly
     * (tmx_lint E-srclang; the spec's source tuv has xml:lang equal to srclang) */
    if (strcasecmp(lang, w->srclang) != 0 && attr(w, "srclang", lang) < 0)
        return -1;
    if (valid_segtype(tu->segtype) && strcmp(tu->segtype, w->segtype) != 0 &&
        attr(w, "segtype", tu->segtype) < 0)
        return -1;
    if (attr_date(w, "creationdate", tu->created) < 0 || attr(w, "creationid", tu->creator) < 0 ||
        attr_date(w, "changedate", tu->changed) < 0)
        return -1;
    if (tu->confidence >= 0)
        format_double(conf, tu->confidence);
    if ((tu->confidence >= 0 && prop(w, "x-bitext-confidence", conf, NULL, "\n      ") < 0) ||
        (tu->origin && prop(w, "x-bitext-origin", tu->origin, NULL, "\n      ") < 0) ||
        props(w, tu->props, tu->nprops, "\n      ") < 0)
        return -1;
    /* the source variant first: translate-toolkit 3.8 takes the first tuv as the source */
    if (tuv_element(w, &tu->tuvs[src]) < 0)
        return -1;
    for (size_t k = 0; k < tu->ntuvs; k++)
        if (k != src && ok[k] && tuv_element(w, &tu->tuvs[k]) < 0)
            return -1;
    if (indent(w, "\n    ") < 0)
        return -1;
    return xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
}

int bitext_tmx_writer_add(bitext_tmx_writer *w, const bitext_tu *tu, bitext_error *err)
{
    bool *ok;
    size_t n = 0;
    int rc = 0;
    if (w->finished)
        return bitext_fail(err, BITEXT_EINVAL, "TMX writer already finished");
    if (tu->ntuvs < 2)
        return 0;
    if (!(ok = calloc(tu->ntuvs, sizeof *ok)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (size_t k = 0; k < tu->ntuvs; k++)
        n += (ok[k] = writable(w, &tu->tuvs[k]));
    if (n >= 2) {
        errno = 0;
        if (tu_element(w, tu, ok, source_index(tu, ok, w->srclang)) < 0)
            rc = fail_io(w, err);
        else
            w->count++;
    }
    free(ok);
    return rc;
}

int bitext_tmx_writer_finish(bitext_tmx_writer *w, bitext_error *err)
{
    int bad;
    errno = 0;
    if (w->finished)
        return 0;
    bad = indent(w, "\n  ") < 0 || xmlTextWriterEndElement(w->xw) < 0 ||
          indent(w, "\n") < 0 || xmlTextWriterEndElement(w->xw) < 0 ||
          xmlTextWriterEndDocument(w->xw) < 0 || xmlTextWriterFlush(w->xw) < 0;
    xmlFreeTextWriter(w->xw);
    w->xw = NULL;
    if (bad)
        return fail_io(w, err);
    if (w->own_out && bitext_output_commit(w->out, err) < 0)
        return BITEXT_EIO;
    w->finished = true;
    return 0;
}

void bitext_tmx_writer_free(bitext_tmx_writer *w)
{
    if (!w)
        return;
    if (w->xw)
        xmlFreeTextWriter(w->xw);
    if (w->own_out)
        bitext_output_free(w->out);
    free(w->srclang);
    free(w->segtype);
    bitext_buf_free(&w->clean);
    bitext_buf_free(&w->aux);
    bitext_buf_free(&w->esc);
    free(w);
}

int64_t bitext_tmx_writer_count(const bitext_tmx_writer *w)
{
    return w ? w->count : 0;
}
