/* read/jsonld.c - the story a page declares in schema.org JSON-LD.
 *
 * News and blog pages describe themselves for search engines in
 * <script type="application/ld+json">: an Article (NewsArticle, BlogPosting,
 * OpinionNewsArticle, DiscussionForumPosting ...) with its "articleBody", or its "text"
 * (schema.org/Article, schema.org/CreativeWork).  (Its "description" is not read: as one more
 * summary of the page beside the meta description it did not help eval-html.)  Some pages hold their
 * story nowhere else in the markup (it is filled in by a script).  This is a scanner, not a
 * validating parser: pages write JSON-LD loosely (raw line breaks in strings, trailing
 * commas, HTML comments or CDATA around it, several objects in a row), and only objects,
 * arrays, keys and strings matter here.  It runs in one pass without recursion: nesting
 * deeper than MAX_DEPTH is skipped (its brackets counted), and what it keeps is at most the
 * size of its input.
 */
#include <string.h>

#include "read_int.h"

#define MAX_DEPTH 64

enum { K_OTHER, K_TYPE, K_BODY, K_TEXT };

typedef struct {
    char kind;                     /* '{' or '[' */
    unsigned char key;             /* the key the next value belongs to (K_*) */
    bool want_key;                 /* an object expects a key next */
    bool article;                  /* an object whose @type is an article */
    size_t body, body_len, text, text_len;   /* in the pool */
} frame;

typedef struct {
    bitext_jsonld *out;
    bitext_buf pool;               /* decoded strings of the keys that matter */
    frame f[MAX_DEPTH];
    size_t depth, skipped;         /* frames, and levels deeper than MAX_DEPTH */
    int rc;
} scanner;

/* schema.org types whose articleBody or text is a story: Article and its kinds
 * (NewsArticle, ScholarlyArticle ...), the postings (BlogPosting, SocialMediaPosting,
 * DiscussionForumPosting, LiveBlogPosting), Report. */
static bool article_type(const char *s, size_t n)
{
    static const char *const ends[] = {"Article", "Posting", "Report", NULL};
    const char *slash = memchr(s, '/', n);
    while (slash) {   /* "http://schema.org/NewsArticle" */
        n -= (size_t)(slash - s) + 1;
        s = slash + 1;
        slash = memchr(s, '/', n);
    }
    for (size_t i = 0; ends[i]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && !memcmp(s + n - k, ends[i], k))
            return true;
    }
    return false;
}

static unsigned char key_of(const char *s, size_t n)
{
    static const struct { const char *name; unsigned char key; } keys[] = {
        {"@type", K_TYPE}, {"articleBody", K_BODY}, {"text", K_TEXT}, {NULL, K_OTHER}};
    for (size_t i = 0; keys[i].name; i++)
        if (strlen(keys[i].name) == n && !memcmp(s, keys[i].name, n))
            return keys[i].key;
    return K_OTHER;
}

static int hex4(const char *s, size_t len, size_t i)
{
    int v = 0;
    if (i + 4 > len)
        return -1;
    for (size_t k = i; k < i + 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
                                                     ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A \u escape at s[i] (after the backslash and 'u'), a surrogate pair joined; a lone
 * surrogate or a bad escape is U+FFFD.  Advances *i past it. */
static uint32_t unicode_escape(const char *s, size_t len, size_t *i)
{
    int hi = hex4(s, len, *i), lo;
    if (hi < 0)
        return 0xFFFD;
    *i += 4;
    if (hi < 0xD800 || hi > 0xDFFF)
        return (uint32_t)hi;
    if (hi > 0xDBFF || *i + 6 > len || s[*i] != '\\' || s[*i + 1] != 'u' ||
        (lo = hex4(s, len, *i + 2)) < 0xDC00 || lo > 0xDFFF)
        return 0xFFFD;
    *i += 6;
    return 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
}

/* The string starting at s[*i] (just after its quote), decoded into the pool when keep;
 * *i ends after the closing quote (or at the end of the input). */
static void string(scanner *sc, const char *s, size_t len, size_t *i, bool keep)
{
    size_t k = *i;
    while (k < len && s[k] != '"') {
        char c = s[k++], e;
        char utf8[4];
        size_t n = 1;
        if (c == '\\' && k < len) {
            e = s[k++];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r'
                : e == 'b' || e == 'f' ? ' ' : e;
            if (e == 'u') {
                n = bitext_utf8_encode(unicode_escape(s, len, &k), utf8);
                if (keep && sc->rc == 0 && bitext_buf_append(&sc->pool, utf8, n) < 0)
                    sc->rc = BITEXT_ENOMEM;
                continue;
            }
        } else if ((unsigned char)c < ' ' && c != '\n' && c != '\t') {
            c = ' ';   /* raw control characters: pages write them, JSON does not allow them */
        }
        if (keep && sc->rc == 0 && bitext_buf_putc(&sc->pool, c) < 0)
            sc->rc = BITEXT_ENOMEM;
    }
    sc->out->steps += k - *i + 1;
    *i = k < len ? k + 1 : len;
}

/* The innermost object: the frame itself, or the object holding an array ("@type": [...]). */
static frame *object_of(scanner *sc)
{
    for (size_t d = sc->depth; d-- > 0;)
        if (sc->f[d].kind == '{')
            return &sc->f[d];
    return NULL;
}

/* A string value: an @type, or a text worth keeping. */
static void value_string(scanner *sc, const char *s, size_t len, size_t *i)
{
    frame *f = &sc->f[sc->depth - 1], *obj = object_of(sc);
    unsigned char key = f->key;
    size_t start = sc->pool.len;
    bool keep = obj && (key == K_TYPE || key == K_BODY || key == K_TEXT);
    string(sc, s, len, i, keep);
    if (!keep || sc->rc < 0)
        return;
    if (key == K_TYPE) {
        obj->article |= article_type(sc->pool.data + start, sc->pool.len - start);
        sc->pool.len = start;   /* the type itself is not kept */
    } else if (key == K_BODY) {
        obj->body = start, obj->body_len = sc->pool.len - start;
    } else {
        obj->text = start, obj->text_len = sc->pool.len - start;
    }
}

/* An object ends: an article's body (articleBody, else text) longer than the one kept so far
 * replaces it. */
static void close_object(scanner *sc, const frame *f)
{
    size_t body = f->body_len ? f->body : f->text;
    size_t body_len = f->body_len ? f->body_len : f->article ? f->text_len : 0;
    bitext_jsonld *out = sc->out;
    if (!(f->article || f->body_len) || body_len <= out->body.len || sc->rc < 0)
        return;
    out->body.len = 0;
    out->steps += body_len;   /* copies count as work too */
    if (bitext_buf_append(&out->body, sc->pool.data + body, body_len) < 0)
        sc->rc = BITEXT_ENOMEM;
}

static void open_frame(scanner *sc, char kind)
{
    frame *up = sc->depth ? &sc->f[sc->depth - 1] : NULL;
    frame *f;
    if (sc->skipped || sc->depth == MAX_DEPTH) {
        sc->skipped++;
        return;
    }
    f = &sc->f[sc->depth++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->want_key = kind == '{';
    /* the items of an array belong to the array's key ("@type": ["A", "B"]) */
    f->key = kind == '[' && up ? up->key : K_OTHER;
}

static void close_frame(scanner *sc)
{
    if (sc->skipped) {
        sc->skipped--;
        return;
    }
    if (sc->depth == 0)
        return;   /* a stray bracket */
    sc->depth--;
    if (sc->f[sc->depth].kind == '{')
        close_object(sc, &sc->f[sc->depth]);
}

static void token_string(scanner *sc, const char *s, size_t len, size_t *i)
{
    frame *f = sc->depth && !sc->skipped ? &sc->f[sc->depth - 1] : NULL;
    size_t start = sc->pool.len;
    if (f && f->kind == '{' && f->want_key) {
        string(sc, s, len, i, true);
        f->key = key_of(sc->pool.data ? sc->pool.data + start : "", sc->pool.len - start);
        sc->pool.len = start;
        f->want_key = false;
    } else if (f) {
        value_string(sc, s, len, i);
    } else {
        string(sc, s, len, i, false);
    }
}

int bitext_jsonld_scan(bitext_jsonld *out, const char *s, size_t len)
{
    scanner sc;
    size_t i = 0;
    memset(&sc, 0, sizeof sc);
    sc.out = out;
    while (i < len && sc.rc == 0) {
        char c = s[i++];
        out->steps++;
        if (c == '{' || c == '[') {
            open_frame(&sc, c);
        } else if (c == '}' || c == ']') {
            close_frame(&sc);
        } else if (c == '"') {
            token_string(&sc, s, len, &i);
        } else if (c == ',' && sc.depth && !sc.skipped && sc.f[sc.depth - 1].kind == '{') {
            sc.f[sc.depth - 1].want_key = true;
            sc.f[sc.depth - 1].key = K_OTHER;
        }
    }
    /* objects left open at the end of the script still count */
    while (sc.depth && sc.rc == 0) {
        sc.skipped = 0;
        close_frame(&sc);
    }
    bitext_buf_free(&sc.pool);
    return sc.rc;
}

void bitext_jsonld_free(bitext_jsonld *ld)
{
    bitext_buf_free(&ld->body);
}
