/* read_int.h - what the parts of the reader share (private).
 *
 *   read.c            entry points: the file or buffer, its format, its encoding, the stream
 *   read/labels.c     encoding labels (WHATWG), read/sniff.c BOM, <meta> prescan, detection
 *   read/decode.c     bytes to UTF-8, strict or lossy, with input offsets
 *   read/text.c       plain text: lines into paragraphs
 *   read/block.c      what every block goes through: trimming, NFC, repeats; boiler.c the
 *                     boilerplate lines
 *   read/html*.c      HTML: bounded tokenising (html_bound.c), the tree and the walk
 *                     (html.c), the choice of the story (html_main.c), class words
 *                     (html_chrome.c), the story's edges (html_edges.c); html_int.h
 */
#ifndef BITEXT_READ_INT_H
#define BITEXT_READ_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "bitext/read.h"
#include "util_int.h"

/* bitext_reader_open over bytes in memory (the tests and fuzz targets use it). */
int bitext_reader_open_memory(bitext_reader **out, const char *name, const char *data,
                              size_t len, const bitext_read_options *opts, bitext_error *err);

/* Private read flag: take every line as it is (no boilerplate or repetition filter). */
#define BITEXT_READ_VERBATIM (1u << 31)

/* ---- encodings -------------------------------------------------------------------------- */

typedef enum {
    BITEXT_ENC_UTF8,            /* decoded here */
    BITEXT_ENC_ICU,             /* an ICU converter */
    BITEXT_ENC_UTF16,           /* an ICU converter; not ASCII-compatible */
    BITEXT_ENC_LATIN10,         /* ISO-8859-16, decoded here (not in Debian's ICU data) */
    BITEXT_ENC_USER_DEFINED,    /* x-user-defined, decoded here */
    BITEXT_ENC_REPLACEMENT      /* the standard's "replacement": the input is one U+FFFD */
} bitext_encoding_kind;

typedef struct {
    char name[48];              /* the WHATWG name ("windows-1250"), or the user's */
    char icu[48];               /* ICU converter name, "" for the built-in decoders */
    bitext_encoding_kind kind;
} bitext_encoding;

/* The encoding a WHATWG label names ("latin1" -> windows-1252, "gb2312" -> GBK). */
bool bitext_encoding_for_label(bitext_encoding *out, const char *label, size_t len);
/* A label, else any name ICU knows (what --encoding accepts); BITEXT_EINVAL if neither. */
int bitext_encoding_for_user(bitext_encoding *out, const char *name, bitext_error *err);
void bitext_encoding_utf8(bitext_encoding *out);
bool bitext_encoding_ascii_compatible(const bitext_encoding *e);

/* A byte-order mark at data: its encoding and length. */
bool bitext_sniff_bom(bitext_encoding *out, size_t *bom_len, const char *data, size_t n);
/* The encoding a <meta> declares in the first 1024 bytes (HTML 13.2.3.2 prescan). */
bool bitext_html_prescan(bitext_encoding *out, const char *data, size_t len);
/* The encoding the first <meta> of <head> declares, wherever in the head it is. */
bool bitext_html_head_charset(bitext_encoding *out, const char *data, size_t len);
/* UTF-8 when the bytes are (nearly all) valid UTF-8, else ICU's best ASCII-compatible guess,
 * else windows-1252.  markup: ignore <tags> while guessing. */
void bitext_encoding_detect(bitext_encoding *out, const char *data, size_t len, bool markup);

/* Input byte offsets, one per output byte. */
typedef struct {
    uint64_t *v;
    size_t len, cap;
} bitext_offsets;
int bitext_offsets_push(bitext_offsets *o, uint64_t at, size_t n);   /* o may be NULL */
void bitext_offsets_free(bitext_offsets *o);

enum {
    BITEXT_DEC_LOSSY = 1u << 0,  /* invalid sequences become U+FFFD (counted), else an error */
    BITEXT_DEC_NUL_OK = 1u << 1  /* NUL becomes U+FFFD (counted), else a "binary file" error */
};

typedef struct {
    bitext_encoding enc;
    unsigned int flags;
    const char *name;            /* for messages */
    bitext_error *err;
    struct UConverter *cv;
    uint64_t pos;                /* input offset of the next byte pushed */
    unsigned char pend[8];       /* a UTF-8 sequence cut at the end of a chunk */
    size_t npend;
    uint64_t pend_at;
    int carry;                   /* a lead surrogate waiting for its trail */
    size_t replaced;             /* sequences replaced by U+FFFD */
} bitext_decoder;

/* pos is the input offset of the first byte that will be pushed (after a BOM). */
int bitext_decoder_init(bitext_decoder *d, const bitext_encoding *enc, unsigned int flags,
                        const char *name, uint64_t pos, bitext_error *err);
/* Decodes n bytes, appending UTF-8 to out and (offs non-NULL) each output byte's input
 * offset to offs; last: no more input follows. */
int bitext_decoder_push(bitext_decoder *d, bitext_buf *out, bitext_offsets *offs,
                        const char *s, size_t n, bool last);
void bitext_decoder_close(bitext_decoder *d);

/* ---- blocks ------------------------------------------------------------------------------ */

/* The recent headlines and captions, so that a page's repeated ones are kept once. */
#define BITEXT_DEDUP_SIZE 256
typedef struct {
    uint64_t hash[BITEXT_DEDUP_SIZE];
    size_t n;
} bitext_read_dedup;

/* True for page furniture: copyright lines, "Related content", photo credits, initials. */
bool bitext_read_is_boilerplate(const char *text, size_t len);
/* Where a photo credit that ends a caption starts ("... Foto: J. Berg"), or len. */
size_t bitext_read_credit_start(const char *text, size_t len);
/* NFC-normalised copy of s (caller frees). */
int bitext_read_nfc(char **out, size_t *out_len, const char *s, size_t len, bitext_error *err);
/*
 * What a block goes through before it is kept: trimmed, tested for boilerplate (dropped, or
 * retyped with BITEXT_READ_KEEP_BOILERPLATE), NFC-normalised, a repeated headline or caption
 * dropped.  *out (caller frees) is NULL when the block is not kept.
 */
int bitext_read_prepare(char **out, size_t *out_len, bitext_block_type *type,
                        bitext_read_dedup *dedup, const char *text, size_t len,
                        unsigned int flags, bitext_error *err);
/* bitext_read_prepare, then appended to doc (*out_index SIZE_MAX if not kept). */
int bitext_read_add_block(bitext_doc *doc, bitext_read_dedup *dedup, size_t *out_index,
                          bitext_block_type type, int level, const char *text, size_t len,
                          int64_t line, unsigned int flags, bitext_error *err);

/* ---- plain text (read/text.c) ----------------------------------------------------------- */

/* One paragraph of a text: its lines as they are (line ends included), where it starts. */
typedef struct {
    bitext_buf text;
    bitext_offsets offs;         /* input offset of each byte (when tracked) */
    int nlines;
    int64_t line;                /* 1-based line of its first line */
    bool complete;               /* handed out: the next call starts a new one */
} bitext_paragraph;

/* Lines of decoded UTF-8 into paragraphs (a blank line ends one). */
typedef struct {
    bitext_buf pending;          /* decoded text not yet split into lines */
    bitext_offsets pending_offs;
    size_t start;                /* first unread byte of pending */
    size_t scanned;              /* pending holds no line end before this */
    int64_t line;                /* lines read so far */
    bool track;                  /* keep offsets */
    bool each_line;              /* every line is a paragraph (presegmented input) */
} bitext_lines;

/* Reads lines from l->pending into p until a blank line ends the paragraph (returns 1; the
 * next call starts a new one) or the pending text runs out (0: push more and call again;
 * with at_end, the last paragraph is returned). */
int bitext_lines_next(bitext_lines *l, bitext_paragraph *p, bool at_end, bitext_error *err);
void bitext_lines_free(bitext_lines *l);
/* A paragraph as a block the way align reads text: lines joined with single spaces, a short
 * line that does not end like a sentence a heading (the first block: the title). */
bitext_block_type bitext_text_block_type(const char *text, size_t len, int nlines, bool first);
/* Joins the lines of p with single spaces (trimming each) into out. */
int bitext_text_join(bitext_buf *out, const bitext_paragraph *p);

/* ---- HTML -------------------------------------------------------------------------------- */

/* Attributes read of one element; the rest are dropped (with one warning per page). */
#define BITEXT_HTML_MAX_ATTRS 256

/* Spans of the input that the pass removed but that may hold the story. */
#define BITEXT_HTML_MAX_SIDE 16
typedef struct {
    size_t start, len;
} bitext_html_span;

typedef struct {
    uint64_t steps;              /* bytes and tokens looked at: the work done */
    uint64_t attributes;         /* attributes seen */
    uint64_t dropped;            /* attributes over BITEXT_HTML_MAX_ATTRS on one element */
    int64_t crowded_at;          /* offset of the first element with too many, or -1 */
    bitext_html_span ld[BITEXT_HTML_MAX_SIDE];       /* <script type="application/ld+json">
                                                      * bodies, the first ones */
    bitext_html_span noscript[BITEXT_HTML_MAX_SIDE]; /* <noscript> contents, the longest */
    size_t nld, nnoscript;
} bitext_html_bound_stats;

/* The page with comments, scripts and styles removed and each start tag reduced to the
 * attributes the reader uses (at most BITEXT_HTML_MAX_ATTRS looked at), in one linear pass
 * (read/html_bound.c); where the JSON-LD scripts and the <noscript> contents were is kept in
 * st. */
int bitext_html_bound(bitext_buf *out, bitext_html_bound_stats *st, const char *s, size_t len);

/* What the tokens of a class or id attribute say (read/html_chrome.c): counts of chrome
 * words, weak hints of chrome, story words and lead words. */
typedef struct {
    unsigned char chrome, weak, story, lead;
    unsigned char consent;       /* words of a cookie or consent notice */
    unsigned char caption;       /* words of a picture's caption */
    unsigned char comment;       /* words naming readers' comments (also chrome) */
} bitext_class_words;
void bitext_html_class_words(bitext_class_words *w, const char *value);
/* A class word that hides the element in the usual CSS frameworks ("hidden", "sr-only"). */
bool bitext_html_class_hides(const char *value);

/* What a page declares about its story in schema.org JSON-LD (read/jsonld.c): the longest
 * "articleBody" (or "text") of an object whose @type is an article.
 * steps counts the bytes looked at (the work is linear in the input). */
typedef struct {
    bitext_buf body;
    uint64_t steps;
} bitext_jsonld;
/* Scans one script's JSON (any bytes: loose JSON is read as far as it goes); a body longer
 * than the one in out replaces it.  0, or BITEXT_ENOMEM. */
int bitext_jsonld_scan(bitext_jsonld *out, const char *json, size_t len);
void bitext_jsonld_free(bitext_jsonld *ld);

/* The HTML reader (read/html.c): utf8 is the decoded page. */
int bitext_read_html(bitext_doc *doc, const char *utf8, size_t len,
                     const bitext_read_options *opts, bitext_error *err);

#endif
