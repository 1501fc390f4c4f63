/*
 * srx.c - SRX 2.0 rule files: reading (libxml2, no network, no entities, no DTD), choosing the
 * rules of a language through the map rules, and applying them with ICU regular expressions.
 *
 * Semantics follow SRX 2.0 section 2 and the engines translators actually use: every rule, in
 * order, is searched over the paragraph; the end of its BEFORE part is a candidate position;
 * the first rule to claim a position decides break or no break there.  How the searches run
 * differs between the engines, and so do the positions claimed: a plain SRX file (OmegaT's,
 * a translator's own) is applied as OmegaT 3.6 applies it (run_omegat), a file saved by
 * Okapi's tools (<okpsrx:options>) as Okapi and LanguageTool do (run_okapi).  Okapi's
 * useIcu4jBreakRules adds ICU's sentence boundaries (moved back before white space) as break
 * rules after all the others, so that every SRX rule overrides them.  The work of each rule
 * on each paragraph is bounded (srx_budget).
 *
 * The files are written for Java's regex engine (../shared/srx/README.md section 3.4): "(?U)"
 * is removed (ICU's classes are Unicode already) and unbounded look-behinds get a bound, the
 * two differences that make ICU refuse a pattern.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "srx_int.h"
#include "util_int.h"
#include "xml_int.h"

#define SRX_MAX_BYTES (64u << 20) /* larger rule files are refused: memory stays bounded */
#define LOOKBEHIND_BOUND "{0,10}"
/*
 * The work one rule may do on one paragraph: see srx_budget.  A unit is one search started;
 * an ICU match step (about 10,000 operations of its backtracking engine, reported through the
 * match callback, some 0.6 ms) is SRX_STEP_UNITS units.
 */
#define SRX_WORK_BASE 4096
#define SRX_WORK_PER_BYTE 16
#define SRX_STEP_UNITS 64

typedef struct {
    URegularExpression *re;    /* Okapi: "(BEFORE)(?=AFTER)"; OmegaT: BEFORE alone */
    URegularExpression *after; /* OmegaT: AFTER, searched on its own; NULL when empty */
    bool brk;
    long line;                /* in the SRX file, for messages and BITEXT_SRX_TRACE */
} rule;

/* Work done by the rule being run, against its budget (the match callback's context). */
typedef struct {
    uint64_t used, budget;
} srx_meter;

struct srx_rules {
    char *name;               /* the SRX file, for messages */
    rule *rules;
    size_t n, cap;
    bool use_icu;
    bool omegat;              /* OmegaT's way of applying rules (run_omegat), else Okapi's */
    bool trace;               /* $BITEXT_SRX_TRACE: say which rule decided each position */
    UChar *u16;               /* the paragraph in UTF-16: ICU's regex engine runs 6x faster
                               * on it than on UTF-8 through UText */
    size_t *at;               /* UTF-16 index -> byte offset in the paragraph */
    size_t n16, cap16, capat;
    uint32_t *who;            /* per byte of the paragraph: 1 + the rule that claimed it */
    size_t whocap;
    size_t base;              /* offset of the paragraph in the caller's text, for messages */
    srx_meter meter;          /* the rule being run */
    uint64_t work;            /* units of work of the last srx_apply, all rules */
};

/* ---- XML helpers ----------------------------------------------------------------------- */

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* An attribute as a malloc'd string, or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *copy = v ? bitext_strdup((const char *)v) : NULL;
    xmlFree(v);
    return copy;
}

static bool attr_yes(const xmlNode *n, const char *name)
{
    char *v = attr(n, name);
    bool yes = v && (!strcmp(v, "yes") || !strcmp(v, "true"));
    free(v);
    return yes;
}

/* The text of element `name` under n ("" when absent), malloc'd. */
static char *text_of(const xmlNode *n, const char *name)
{
    xmlNode *c = child(n, name);
    xmlChar *v = c ? xmlNodeGetContent(c) : NULL;
    char *copy = bitext_strdup(v ? (const char *)v : "");
    xmlFree(v);
    return copy;
}

/* ---- Java regex to ICU ------------------------------------------------------------------ */

/* Removes every "(?U)" (Java's UNICODE_CHARACTER_CLASS; ICU is Unicode-aware already). */
static void strip_java_flags(bitext_buf *b)
{
    char *p;
    while (b->data && (p = strstr(b->data, "(?U)"))) {
        memmove(p, p + 4, strlen(p + 4) + 1);
        b->len -= 4;
    }
}

/*
 * Gives every '*' and '+' inside a look-behind a bound, which ICU requires and Java does not:
 * "(?<!\d[\h]*)" becomes "(?<!\d[\h]{0,10})".  Escapes and classes are skipped.
 */
static int bound_lookbehinds(bitext_buf *out, const char *p)
{
    int depth = 0, lb = 0; /* paren depth, depth at which the innermost look-behind opened */
    bool cls = false;
    for (; *p; p++) {
        int rc = 0;
        if (*p == '\\' && p[1]) {
            rc = bitext_buf_append(out, p, 2);
            p++;
        } else if (cls) {
            cls = *p != ']';
            rc = bitext_buf_putc(out, *p);
        } else if (*p == '[') {
            cls = true;
            rc = bitext_buf_putc(out, *p);
        } else if (*p == '(') {
            depth++;
            if (!lb && (!strncmp(p, "(?<=", 4) || !strncmp(p, "(?<!", 4)))
                lb = depth;
            rc = bitext_buf_putc(out, *p);
        } else if (*p == ')') {
            if (lb == depth)
                lb = 0;
            depth--;
            rc = bitext_buf_putc(out, *p);
        } else if (lb && (*p == '*' || *p == '+')) {
            rc = bitext_buf_puts(out, *p == '*' ? LOOKBEHIND_BOUND : "{1,10}");
            if (rc == 0 && (p[1] == '?' || p[1] == '+'))
                p++; /* a lazy or possessive marker has nothing left to modify */
        } else {
            rc = bitext_buf_putc(out, *p);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/*
 * Java's \w \d \s and their negations are ASCII unless (?U) is given; ICU's are Unicode
 * (README 3.6).  Rewriting them as explicit ASCII sets makes ICU match what the Java engines
 * match: Okapi's colon rule "\w+:" must not fire after a Cyrillic word.  Inside a class the
 * set is nested, which ICU reads as a union.
 */
static const char *java_class(char c)
{
    switch (c) {
    case 'w': return "[a-zA-Z_0-9]";
    case 'W': return "[^a-zA-Z_0-9]";
    case 'd': return "[0-9]";
    case 'D': return "[^0-9]";
    case 's': return "[ \\t\\n\\x{0B}\\f\\r]";
    case 'S': return "[^ \\t\\n\\x{0B}\\f\\r]";
    default: return NULL;
    }
}

static int ascii_classes(bitext_buf *out, const char *p)
{
    bool quoted = false;
    for (; *p; p++) {
        const char *set = p[0] == '\\' && !quoted ? java_class(p[1]) : NULL;
        int rc;
        if (quoted && p[0] == '\\' && p[1] == 'E')
            quoted = false;
        else if (!quoted && p[0] == '\\' && p[1] == 'Q')
            quoted = true;
        if (set) {
            rc = bitext_buf_puts(out, set);
            p++;
        } else if (p[0] == '\\' && p[1]) {
            rc = bitext_buf_append(out, p, 2);
            p++;
        } else {
            rc = bitext_buf_putc(out, *p);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ICU calls this every match step: the step is charged to the rule being run, and the match
 * is stopped (U_REGEX_STOPPED_BY_CALLER) once the rule is over its budget. */
static UBool U_CALLCONV count_step(const void *ctx, int32_t steps)
{
    srx_meter *m = (srx_meter *)(uintptr_t)ctx;
    (void)steps;
    m->used += SRX_STEP_UNITS;
    return m->used <= m->budget;
}

/* Compiles a UTF-8 pattern; returns the ICU status. */
static UErrorCode compile(URegularExpression **out, const char *pattern, uint32_t flags)
{
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    UChar *u16;
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, pattern, -1, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return st;
    st = U_ZERO_ERROR;
    if (!(u16 = malloc(((size_t)n + 1) * sizeof *u16)))
        return U_MEMORY_ALLOCATION_ERROR;
    u_strFromUTF8(u16, n + 1, NULL, pattern, -1, &st);
    if (U_SUCCESS(st))
        *out = uregex_open(u16, n, flags, &pe, &st);
    free(u16);
    return st;
}

/* Compiles a pattern from the file, applying the Java-to-ICU fixes when needed. */
static UErrorCode compile_java(URegularExpression **out, const char *java, uint32_t flags)
{
    bitext_buf b = {0}, fixed = {0};
    UErrorCode st;
    *out = NULL;
    if (strstr(java, "(?U)") ? bitext_buf_puts(&b, java) < 0 : ascii_classes(&b, java) < 0)
        return U_MEMORY_ALLOCATION_ERROR;
    strip_java_flags(&b);
    st = compile(out, b.data, flags);
    if (st == U_REGEX_LOOK_BEHIND_LIMIT) {
        st = bound_lookbehinds(&fixed, b.data) < 0 ? U_MEMORY_ALLOCATION_ERROR
                                                   : compile(out, fixed.data, flags);
    }
    bitext_buf_free(&b);
    bitext_buf_free(&fixed);
    return st;
}

/* ---- reading and selecting ------------------------------------------------------------- */

typedef struct {
    const char *name;         /* file name for messages */
    srx_rules *r;
    xmlNode *rules;           /* <languagerules> */
} loader;

/*
 * The rule's regular expressions.  Okapi: one, "(BEFORE)(?=AFTER)".  OmegaT (Segmenter.java,
 * Rule.java): BEFORE and AFTER compiled apart with Pattern.DOTALL, each searched on its own.
 */
static UErrorCode compile_rule(const srx_rules *r, rule *out, const char *before,
                               const char *after)
{
    bitext_buf pat = {0};
    UErrorCode st = U_MEMORY_ALLOCATION_ERROR;
    if (r->omegat) {
        /* ICU refuses an empty pattern; Java's matches the empty string everywhere */
        st = compile_java(&out->re, before[0] ? before : "(?:)", UREGEX_DOTALL);
        if (U_SUCCESS(st) && after[0])
            st = compile_java(&out->after, after, UREGEX_DOTALL);
    } else if (bitext_buf_printf(&pat, after[0] ? "(%s)(?=%s)" : "(%s)", before, after) == 0) {
        st = compile_java(&out->re, pat.data, 0);
    }
    if (U_SUCCESS(st))
        uregex_setMatchCallback(out->re, count_step, &r->meter, &st);
    if (U_SUCCESS(st) && out->after)
        uregex_setMatchCallback(out->after, count_step, &r->meter, &st);
    bitext_buf_free(&pat);
    return st;
}

static void close_rule(rule *ru)
{
    if (ru->re)
        uregex_close(ru->re);
    if (ru->after)
        uregex_close(ru->after);
}

static int add_rule(loader *ld, xmlNode *n, bitext_error *err)
{
    char *before = text_of(n, "beforebreak"), *after = text_of(n, "afterbreak");
    char *brk = attr(n, "break");
    rule ru = {NULL, NULL, !brk || strcmp(brk, "no") != 0, xmlGetLineNo(n)};
    UErrorCode st = before && after ? compile_rule(ld->r, &ru, before, after)
                                    : U_MEMORY_ALLOCATION_ERROR;
    int rc = 0;
    if (U_FAILURE(st))
        rc = bitext_fail_at(err, st == U_MEMORY_ALLOCATION_ERROR ? BITEXT_ENOMEM : BITEXT_EPARSE,
                            ld->name, ru.line, 0, -1,
                            "SRX rule (beforebreak \"%.80s\", afterbreak \"%.80s\"): ICU cannot "
                            "compile it: %s", before ? before : "", after ? after : "",
                            u_errorName(st));
    else if (bitext_grow((void **)&ld->r->rules, &ld->r->cap, ld->r->n + 1,
                         sizeof *ld->r->rules) < 0)
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    else
        ld->r->rules[ld->r->n++] = ru;
    if (rc < 0)
        close_rule(&ru);
    free(before);
    free(after);
    free(brk);
    return rc;
}

/* Appends the rules of <languagerule languagerulename="name">. */
static int add_language_rule(loader *ld, const char *name, xmlNode *map, bitext_error *err)
{
    for (xmlNode *lr = ld->rules ? ld->rules->children : NULL; lr; lr = lr->next) {
        char *lname;
        bool match;
        if (!named(lr, "languagerule"))
            continue;
        lname = attr(lr, "languagerulename");
        match = lname && !strcmp(lname, name);
        free(lname);
        if (!match)
            continue;
        for (xmlNode *n = lr->children; n; n = n->next) {
            int rc = named(n, "rule") ? add_rule(ld, n, err) : 0;
            if (rc < 0)
                return rc;
        }
        return 0;
    }
    return bitext_fail_at(err, BITEXT_EPARSE, ld->name, xmlGetLineNo(map), 0, -1,
                          "SRX languagemap names languagerule \"%s\", which the file lacks", name);
}

/* Does the map's languagepattern match the whole language code? */
static int map_matches(loader *ld, xmlNode *map, const char *lang, bool *yes, bitext_error *err)
{
    char *pat = attr(map, "languagepattern");
    URegularExpression *re = NULL;
    /* case-insensitive, as OmegaT compiles it (MapRule.setPattern): "PL.*" serves "pl" */
    UErrorCode st = pat ? compile_java(&re, pat, UREGEX_CASE_INSENSITIVE)
                        : U_ILLEGAL_ARGUMENT_ERROR;
    UChar u16[128];
    *yes = false;
    if (U_SUCCESS(st))
        u_strFromUTF8(u16, 128, NULL, lang, -1, &st);
    if (U_SUCCESS(st))
        uregex_setText(re, u16, -1, &st);
    if (U_SUCCESS(st))
        *yes = uregex_matches(re, 0, &st);
    if (re)
        uregex_close(re);
    free(pat);
    if (U_FAILURE(st))
        return bitext_fail_at(err, BITEXT_EPARSE, ld->name, xmlGetLineNo(map), 0, -1,
                              "SRX languagemap: bad languagepattern: %s", u_errorName(st));
    return 0;
}

/* Walks <maprules> in order: every matching map with cascade, the first one without. */
static int select_rules(loader *ld, xmlNode *body, bool cascade, const char *lang,
                        bitext_error *err)
{
    xmlNode *maps = child(body, "maprules");
    for (xmlNode *m = maps ? maps->children : NULL; m; m = m->next) {
        bool yes;
        char *name;
        int rc;
        if (!named(m, "languagemap"))
            continue;
        if ((rc = map_matches(ld, m, lang, &yes, err)) < 0)
            return rc;
        if (!yes)
            continue;
        if (!(name = attr(m, "languagerulename")))
            return bitext_fail_at(err, BITEXT_EPARSE, ld->name, xmlGetLineNo(m), 0, -1,
                                  "SRX languagemap without languagerulename");
        rc = add_language_rule(ld, name, m, err);
        free(name);
        if (rc < 0 || !cascade)
            return rc;
    }
    return 0;
}

/* Okapi's extension <okpsrx:options useIcu4jBreakRules="yes"/> (spelt with j or J). */
static bool okapi_uses_icu(xmlNode *header)
{
    xmlNode *o = child(header, "options");
    return o && (attr_yes(o, "useIcu4jBreakRules") || attr_yes(o, "useIcu4JBreakRules"));
}

/*
 * Which engine the file was written for.  Files saved by Okapi's Ratel carry its
 * <okpsrx:options> (Okapi's own, LanguageTool's); they are applied the way Okapi and
 * loomchild's library apply them.  A plain SRX file (OmegaT's, OpenXLIFF's, a translator's
 * own) is applied the way OmegaT applies it.
 */
static bool written_for_omegat(xmlNode *header)
{
    return child(header, "options") == NULL;
}

static int read_doc(loader *ld, xmlDoc *doc, const char *lang, bitext_error *err)
{
    xmlNode *root = xmlDocGetRootElement(doc), *header, *body;
    bool cascade;
    if (!named(root, "srx"))
        return bitext_fail_at(err, BITEXT_EPARSE, ld->name, root ? xmlGetLineNo(root) : 1, 0,
                              -1, "not an SRX file (the root element is not <srx>)");
    header = child(root, "header");
    body = child(root, "body");
    if (!header || !body)
        return bitext_fail_at(err, BITEXT_EPARSE, ld->name, xmlGetLineNo(root), 0, -1,
                              "SRX file without <header> or <body>");
    ld->r->use_icu = okapi_uses_icu(header);
    ld->r->omegat = written_for_omegat(header);
    ld->r->trace = getenv("BITEXT_SRX_TRACE") != NULL;
    ld->rules = child(body, "languagerules");
    /* OmegaT 3.6 cascades whatever the header says; a header without the attribute (its own
     * defaultRules.srx) means that engine */
    cascade = attr_yes(header, "cascade") || (ld->r->omegat && !xmlHasProp(header,
                                                                 (const xmlChar *)"cascade"));
    return select_rules(ld, body, cascade, lang, err);
}

/* Parses untrusted XML: no network, no entity expansion, no DTD, errors kept in the context. */
static int parse_xml(xmlDoc **out, const char *name, const char *data, size_t len,
                     bitext_error *err)
{
    xmlParserCtxt *ctxt;
    const xmlError *e;
    bitext_xml_guard guard;
    bitext_xml_guard_init(&guard);
    if (!bitext_xml_guard_feed(&guard, data, len))   /* libxml2's quadratic attribute check */
        return bitext_fail_at(err, BITEXT_EPARSE, name, 0, 0, guard.tripped_at,
                              "an element with more than %d attributes; not an SRX file bitext "
                              "reads", BITEXT_XML_MAX_ATTRS);
    if (!(ctxt = xmlNewParserCtxt()))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    *out = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                 XML_PARSE_BIG_LINES);
    if (!*out) {
        e = xmlCtxtGetLastError(ctxt);
        bitext_fail_at(err, BITEXT_EPARSE, name, e ? e->line : 0, e ? e->int2 : 0, -1,
                       "SRX file is not well-formed XML: %.200s",
                       e && e->message ? e->message : "parse error");
        if (err)
            err->message[strcspn(err->message, "\n")] = '\0';
    }
    xmlFreeParserCtxt(ctxt);
    return *out ? 0 : BITEXT_EPARSE;
}

int srx_open(srx_rules **out, const char *path, const char *data, size_t len,
             const char *lang, bitext_error *err)
{
    char *file = NULL;
    xmlDoc *doc = NULL;
    loader ld = {path ? path : "<srx>", calloc(1, sizeof(srx_rules)), NULL};
    int rc = ld.r ? 0 : bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    *out = NULL;
    if (rc == 0 && !data) {
        rc = bitext_read_all(&file, &len, path, SRX_MAX_BYTES, err);
        data = file;
    }
    if (rc == 0 && len > SRX_MAX_BYTES)
        rc = bitext_fail_at(err, BITEXT_EPARSE, ld.name, 0, 0, -1, "SRX file too large");
    if (rc == 0 && !(ld.r->name = bitext_strdup(ld.name)))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    if (rc == 0)
        rc = parse_xml(&doc, ld.name, data, len, err);
    if (rc == 0)
        rc = read_doc(&ld, doc, lang, err);
    xmlFreeDoc(doc);
    free(file);
    if (rc < 0) {
        srx_free(ld.r);
        return rc;
    }
    *out = ld.r;
    return 0;
}

void srx_free(srx_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        close_rule(&r->rules[i]);
    free(r->rules);
    free(r->name);
    free(r->u16);
    free(r->at);
    free(r->who);
    free(r);
}

int srx_clone(srx_rules **out, const srx_rules *r, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    srx_rules *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c || !(c->rules = calloc(r->n ? r->n : 1, sizeof *c->rules)) ||
        !(c->name = bitext_strdup(r->name))) {
        if (c)
            free(c->rules);
        free(c);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    c->cap = r->n ? r->n : 1;
    c->use_icu = r->use_icu;
    c->omegat = r->omegat;
    c->trace = r->trace;
    for (; c->n < r->n && U_SUCCESS(st); c->n++) {
        rule *to = &c->rules[c->n];
        *to = r->rules[c->n];
        to->after = NULL;
        to->re = uregex_clone(r->rules[c->n].re, &st);
        if (U_SUCCESS(st) && r->rules[c->n].after)
            to->after = uregex_clone(r->rules[c->n].after, &st);
        if (U_SUCCESS(st))
            uregex_setMatchCallback(to->re, count_step, &c->meter, &st);
        if (U_SUCCESS(st) && to->after)
            uregex_setMatchCallback(to->after, count_step, &c->meter, &st);
    }
    if (U_FAILURE(st)) {
        c->n--; /* the failed rule is closed here; srx_free closes the others */
        close_rule(&c->rules[c->n]);
        srx_free(c);
        return bitext_fail(err, BITEXT_EICU, "cannot clone an SRX rule: %s", u_errorName(st));
    }
    *out = c;
    return 0;
}

bool srx_uses_icu(const srx_rules *r)
{
    return r->use_icu;
}

size_t srx_rule_count(const srx_rules *r)
{
    return r->n;
}

/*
 * SRX_WORK_BASE units plus SRX_WORK_PER_BYTE a byte: linear in the text, so a document's work
 * is linear in its length whatever its paragraphs.  The rule files of OmegaT, Okapi and
 * OpenXLIFF use under 0.2 units a byte on running text; LanguageTool's has quadratic rules
 * (its French "\\p{Ll}.*" before an abbreviation, tested at every position) that need more
 * on paragraphs of a few kilobytes.
 */
uint64_t srx_budget(size_t len)
{
    return SRX_WORK_BASE + (uint64_t)len * SRX_WORK_PER_BYTE;
}

uint64_t srx_work(const srx_rules *r)
{
    return r->work;
}

/* ---- applying ---------------------------------------------------------------------------- */

/* Byte offset in the paragraph of UTF-16 index i (ICU's positions). */
static size_t byte_at(const srx_rules *r, int64_t i)
{
    return r->at[i < 0 ? 0 : (size_t)i > r->n16 ? r->n16 : (size_t)i];
}

/* Records that rule k claims UTF-16 position pos, unless a rule before it already did. */
static void claim(srx_rules *r, uint32_t k, int64_t pos)
{
    size_t b;
    if (pos < 0)
        return;
    b = byte_at(r, pos);
    if (!r->who[b] || r->who[b] > k + 1)
        r->who[b] = k + 1;
}

/* Charges one search to the running rule; false once it is over its budget. */
static bool charge(srx_rules *r)
{
    return ++r->meter.used <= r->meter.budget;
}

/*
 * Okapi's files: "(BEFORE)(?=AFTER)".  With ICU underneath, Okapi restarts each search at
 * the position it just claimed (SRXSegmenter.computeSegments), so a match cannot begin
 * inside the previous one; without it (LanguageTool, through loomchild's library) every
 * position is tested, which searching again from one character after each match start
 * reproduces: "d. h. natürlich".
 */
static void run_okapi(srx_rules *r, uint32_t k, size_t stop, UErrorCode *st)
{
    int32_t start = 0, prev = -1;
    URegularExpression *re = r->rules[k].re;
    while (U_SUCCESS(*st) && start != prev && byte_at(r, start) <= stop && charge(r) &&
           uregex_find(re, start, st)) {
        int32_t pos = uregex_end(re, 1, st), next = uregex_start(re, 0, st);
        if (U_FAILURE(*st) || pos < 0)
            break;
        prev = start;
        if ((size_t)next < r->n16)
            U16_FWD_1(r->u16, next, (int32_t)r->n16);
        start = r->use_icu ? pos : next > prev ? next : prev + 1;
        claim(r, k, pos);
    }
}

/*
 * OmegaT (Segmenter.getBreaks): BEFORE's matches one after the other (each search goes on
 * where the last match ended, as Java's Matcher.find and ICU's findNext do), AFTER's matches
 * likewise on their own; the end of a BEFORE match is claimed when the AFTER match reached
 * at or past it starts exactly there.  So "d. h." claims only where the matches fall, not at
 * every position a look-ahead would accept.
 */
static void run_omegat(srx_rules *r, uint32_t k, size_t stop, UErrorCode *st)
{
    URegularExpression *b = r->rules[k].re, *a = r->rules[k].after;
    int64_t abs = -1;
    if (a) {
        uregex_setText(a, r->u16, (int32_t)r->n16, st);
        if (!charge(r) || !uregex_findNext(a, st))
            return;
        abs = uregex_start64(a, 0, st);
    }
    while (U_SUCCESS(*st) && charge(r) && uregex_findNext(b, st)) {
        int64_t bbe = uregex_end64(b, 0, st);
        if (byte_at(r, uregex_start64(b, 0, st)) > stop)
            break;
        while (a && U_SUCCESS(*st) && abs < bbe) {
            if (!charge(r) || !uregex_findNext(a, st))
                return;
            abs = uregex_start64(a, 0, st);
        }
        if (!a || abs == bbe)
            claim(r, k, bbe);
    }
}

/*
 * Rule k over the paragraph; matches starting after `stop` are not looked for.  A rule's
 * matches do not depend on the other rules, so the first rule to claim a position is the one
 * with the lowest index, whatever order the rules are run in (OmegaT runs them backwards).
 *
 * ICU bounds nothing here: its time limit is per search, and a rule is searched again after
 * every match.  The rule's work over the whole paragraph is metered instead (one unit per
 * search, SRX_STEP_UNITS per match step) against a budget linear in the paragraph's length,
 * so the work on a document is linear in its length whatever the rules say.
 */
static int run_rule(srx_rules *r, uint32_t k, size_t len, size_t stop, bitext_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    r->meter.used = 0;
    r->meter.budget = srx_budget(len);
    uregex_setText(r->rules[k].re, r->u16, (int32_t)r->n16, &st);
    if (r->omegat)
        run_omegat(r, k, stop, &st);
    else
        run_okapi(r, k, stop, &st);
    r->work += r->meter.used;
    if (r->trace)
        fprintf(stderr, "srx: rule at line %ld: %llu units of work for %zu bytes\n",
                r->rules[k].line, (unsigned long long)r->meter.used, len);
    /* Over budget is the rule's fault (catastrophic backtracking), not ICU's: name the rule. */
    if (st == U_REGEX_STOPPED_BY_CALLER || r->meter.used > r->meter.budget)
        return bitext_fail_at(err, BITEXT_EPARSE, r->name, r->rules[k].line, 0, -1,
                              "this SRX rule needs more work than bitext allows on the "
                              "paragraph at byte %zu (%llu units for %zu bytes): its pattern "
                              "backtracks catastrophically; simplify it, e.g. no nested "
                              "repetition like (a+)+", r->base,
                              (unsigned long long)r->meter.budget, len);
    if (U_FAILURE(st))
        return bitext_fail_at(err, BITEXT_EICU, r->name, r->rules[k].line, 0, -1,
                              "this SRX rule failed: %s", u_errorName(st));
    return 0;
}

/* The paragraph in UTF-16 for ICU, with the byte offset of every UTF-16 index. */
static int to_utf16(srx_rules *r, const char *text, size_t len)
{
    size_t n = 0;
    if (len > INT32_MAX / 2 ||
        bitext_grow((void **)&r->u16, &r->cap16, len + 1, sizeof *r->u16) < 0 ||
        bitext_grow((void **)&r->at, &r->capat, len + 1, sizeof *r->at) < 0)
        return BITEXT_ENOMEM;
    for (size_t i = 0; i < len;) {
        size_t from = i;
        uint32_t cp = bitext_utf8_next(text, len, &i);
        if (cp > 0xFFFF) {
            r->at[n] = from;
            r->u16[n++] = U16_LEAD(cp);
            r->at[n] = from;
            r->u16[n++] = U16_TRAIL(cp);
        } else {
            r->at[n] = from;
            r->u16[n++] = (UChar)cp;
        }
    }
    r->at[n] = len;
    r->n16 = n;
    return 0;
}

/* Java's Character.isWhitespace for the characters ICU puts a boundary after. */
static bool java_space(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
}

/* Does the claim at position i make a break?  (r->n + 1 stands for ICU's boundaries.) */
static bool breaks_at(const srx_rules *r, size_t i)
{
    uint32_t w = r->who[i];
    return w && (w > r->n || r->rules[w - 1].brk);
}

/*
 * The break rules run first: where none of them (nor ICU) claims a position inside the
 * paragraph, no rule can make a break there, so the no-break rules only need to run up to the
 * last such position, and only those that come before the last break rule that claimed one.
 */
static int run_rules(srx_rules *r, size_t len, bitext_error *err)
{
    size_t last = 0;
    uint32_t latest = 0;
    int rc = 0;
    for (uint32_t k = 0; rc == 0 && k < r->n; k++)
        if (r->rules[k].brk)
            rc = run_rule(r, k, len, len, err);
    for (size_t i = 1; i < len; i++)
        if (r->who[i]) {
            last = i;
            latest = r->who[i] > latest ? r->who[i] : latest;
        }
    for (uint32_t k = 0; rc == 0 && last && k + 1 < latest; k++)
        if (!r->rules[k].brk)
            rc = run_rule(r, k, len, last, err);
    return rc;
}

/* The rules over [ps, pe) of text; the break positions are appended to *out. */
static int apply_span(srx_rules *r, const char *text, size_t ps, size_t pe, const size_t *icu,
                      size_t nicu, size_t **out, size_t *n, size_t *cap, bitext_error *err)
{
    size_t len = pe - ps;
    int rc;
    if (bitext_grow((void **)&r->who, &r->whocap, len + 1, sizeof *r->who) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    memset(r->who, 0, (len + 1) * sizeof *r->who);
    r->base = ps;
    if (to_utf16(r, text + ps, len) < 0)
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    for (size_t i = 0; r->use_icu && i < nicu; i++) {
        size_t b = icu[i] - ps;
        while (b > 0 && java_space(text + ps, b - 1))
            b--;
        r->who[b] = (uint32_t)r->n + 1; /* after every rule of the file */
    }
    if ((rc = run_rules(r, len, err)) < 0)
        return rc;
    for (size_t i = 1; i < len; i++) {
        if (r->trace && r->who[i])
            fprintf(stderr, "srx: byte %zu: %s by %s %ld\n", ps + i,
                    breaks_at(r, i) ? "break" : "no break",
                    r->who[i] > r->n ? "ICU" : "the rule at line",
                    r->who[i] > r->n ? 0L : r->rules[r->who[i] - 1].line);
        if (!breaks_at(r, i))
            continue;
        if (bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0)
            return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        (*out)[(*n)++] = ps + i;
    }
    return 0;
}

/*
 * OmegaT reads a plain-text file line by line (its text filter's default): a line break
 * always ends a segment and no rule sees across it, so its rules run on each line alone.
 */
int srx_apply(srx_rules *r, const char *text, size_t ps, size_t pe, const size_t *icu,
              size_t nicu, size_t **out, size_t *n, size_t *cap, bitext_error *err)
{
    const char *nl;
    int rc = 0;
    r->work = 0;
    if (!r->omegat)
        return apply_span(r, text, ps, pe, icu, nicu, out, n, cap, err);
    while (rc == 0 && (nl = memchr(text + ps, '\n', pe - ps)) != NULL) {
        size_t eol = (size_t)(nl - text);
        rc = apply_span(r, text, ps, eol, NULL, 0, out, n, cap, err);
        if (rc == 0 && bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0)
            rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
        if (rc == 0)
            (*out)[(*n)++] = eol + 1;
        ps = eol + 1;
    }
    return rc == 0 ? apply_span(r, text, ps, pe, NULL, 0, out, n, cap, err) : rc;
}
