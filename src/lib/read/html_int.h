/* read/html_int.h - what the parts of the HTML reader share (private). */
#ifndef BITEXT_READ_HTML_INT_H
#define BITEXT_READ_HTML_INT_H

#include <libxml/tree.h>

#include "read_int.h"

/* Elements the reader tells apart. */
typedef enum {
    TAG_OTHER, TAG_HTML, TAG_HEAD, TAG_TITLE, TAG_BODY, TAG_DIV, TAG_SECTION, TAG_ARTICLE,
    TAG_MAIN, TAG_HEADER, TAG_FOOTER, TAG_NAV, TAG_ASIDE, TAG_MENU, TAG_P, TAG_H, TAG_UL,
    TAG_OL, TAG_DL, TAG_LI, TAG_DT, TAG_DD, TAG_TABLE, TAG_TR, TAG_TD, TAG_TH, TAG_CAPTION,
    TAG_FIGURE, TAG_FIGCAPTION, TAG_BLOCKQUOTE, TAG_PRE, TAG_ADDRESS, TAG_FORM, TAG_A, TAG_BR,
    TAG_IMG, TAG_DROP, TAG_BLOCK_OTHER, TAG_INLINE, TAG_SUMMARY, TAG_DETAILS, TAG_TIME,
    TAG_CONTROL,   /* a form control (input, select, textarea): dropped, but counted */
    TAG_META
} html_tag;

enum {
    F_DROP = 1u << 0,      /* never read: script, form controls, hidden */
    F_BLOCK = 1u << 1,     /* ends a block of text */
    F_CHROME_TAG = 1u << 2, /* nav, aside, footer, menu */
    F_IN_CHROME = 1u << 3, /* inside one of those */
    F_SEMANTIC = 1u << 4,  /* article, main, itemprop=articleBody, role=main */
    F_TEXT_BLOCK = 1u << 5, /* a block with text of its own: a paragraph */
    F_KEEP = 1u << 6,      /* part of the story */
    F_CUT = 1u << 7,       /* cut out of the story (chrome inside it) */
    F_HEADLINE = 1u << 8,  /* the story's headline */
    F_LEAD = 1u << 9,      /* a lead found before the story's container */
    F_IN_BOX = 1u << 10,   /* in (or is) a box whose class words name chrome */
    F_PATH = 1u << 11,     /* an ancestor of the story */
    F_DECLARED = 1u << 12, /* a block that says what the page's summary says */
    F_FORM_BOX = 1u << 13, /* a form with controls that is not the page's wrapper */
    F_LINKED_IMG = 1u << 14 /* holds an image in a link (a teaser's, a gallery's) */
};

typedef struct {
    uint32_t text, link, punct;            /* below: visible characters, in links, commas
                                            * and sentence ends */
    uint32_t own_text, own_link, own_punct; /* in its own inline content (not in blocks) */
    uint32_t paras;                        /* paragraphs below that read like prose */
    uint32_t order, last;                  /* document order of it and its last descendant */
    uint32_t items, inputs, imgs;   /* below: li, form controls, images */
    uint32_t link_items;                   /* below: li that are mostly a link */
    uint32_t fig_link, fig_imgs;           /* below: link text and images of figures whose
                                            * picture is in no link (of link and imgs) */
    uint32_t prose, junk;                  /* below: text of prose paragraphs, other text
                                            * (chrome boxes count as junk) */
    uint32_t prose_kids;                   /* children that are prose paragraphs */
    uint32_t declared;                     /* below: text of blocks the summary names */
    uint32_t thread;                       /* below: prose in boxes of readers' comments */
    uint32_t block;                        /* the nearest block element (itself, or up) */
    uint32_t last_word;                    /* summary matching: the last word seen in it */
    uint16_t pairs, hits;                  /* word pairs of its own text, and those in the
                                            * summary */
    uint16_t flags;
    uint8_t tag, level;                    /* html_tag; heading level */
    uint8_t span;                          /* inline markup: its bitext_span_kind + 1; else 0 */
    int8_t lean;                           /* its class words: 1 story, -1 chrome, 0 neither */
    bitext_class_words words;              /* of class and id */
    uint64_t class_hash;                   /* of its class attribute (0: none or empty) */
    float score;                           /* candidate score */
} hnode;

typedef struct {
    xmlNode **el;                          /* elements in document order */
    hnode *info;
    size_t n;
    xmlNode *body, *title;
    xmlNode *top;                          /* the story's container, once chosen */
    uint32_t page_text;
} hpage;

static inline hnode *info_of(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE ? (hnode *)n->_private : NULL;
}

/* The blocks of a page before they become the document (read/html_edges.c). */
typedef struct {
    bitext_block_type type;
    int level;
    size_t text, len;                      /* in the list's text buffer */
    size_t span0, nspans;                  /* in the list's spans */
    size_t link;                           /* bytes of the text inside links */
    int64_t line;
    uint16_t origin;                       /* F_HEADLINE, F_LEAD */
    const xmlNode *node;                   /* its element */
    bool drop;
} hblock;

typedef struct {
    bitext_span_kind kind;
    size_t start, end;
    char *attr;
} hspan;

typedef struct bitext_html_blocks {
    hblock *b;
    size_t n, cap;
    hspan *s;
    size_t ns, scap;
    bitext_buf text;
} bitext_html_blocks;

int bitext_html_blocks_add(bitext_html_blocks *l, bitext_block_type type, int level,
                           const char *text, size_t len, int64_t line, uint16_t origin,
                           size_t link, const xmlNode *node);
/* A span of the last block added. */
int bitext_html_blocks_span(bitext_html_blocks *l, bitext_span_kind kind, size_t start,
                            size_t end, const char *attr);
/* Drops the short blocks and link lists at the story's edges, and headings nothing follows. */
void bitext_html_edges(bitext_html_blocks *l);
/* The blocks not dropped into doc (boilerplate lines, repeats and NFC as for every reader). */
int bitext_html_blocks_commit(const bitext_html_blocks *l, bitext_doc *doc, unsigned int flags,
                              bitext_error *err);
void bitext_html_blocks_free(bitext_html_blocks *l);

/* Hashed pairs of adjacent words of texts (read/html_match.c): what a block shares with the
 * page's summary.  At most a few thousand pairs are kept. */
typedef struct {
    uint32_t *slot;
    size_t cap, n;
} bitext_pairset;
int bitext_pairset_add(bitext_pairset *s, const char *text, size_t len);
/* How many of the word pairs of text are in s; *pairs (may be NULL): how many it has. */
size_t bitext_pairset_hits(const bitext_pairset *s, const char *text, size_t len, size_t *pairs);
/* The same for a text that goes on from one whose last word's hash is *prev (0 at the
 * start; updated), adding its pairs to *pairs. */
size_t bitext_pairset_feed(const bitext_pairset *s, const char *text, size_t len,
                           uint32_t *prev, size_t *pairs);
void bitext_pairset_free(bitext_pairset *s);

/* Weighted length of the prose blocks kept (read/html_edges.c): how much story there is. */
uint32_t bitext_html_blocks_prose(const bitext_html_blocks *l);
/* Replaces the story's blocks in l by those of alt, keeping l's title, headline and lead
 * and the blocks that say what the summary says (a lead the page shows); alt is emptied. */
int bitext_html_blocks_replace(bitext_html_blocks *l, bitext_html_blocks *alt,
                               const bitext_pairset *summary);

/* The blocks of the story of html (read/html.c), read as bitext_read_html reads a page but
 * without a second opinion: what html_second.c compares. */
int bitext_html_story(bitext_html_blocks *blocks, const char *html, size_t len,
                      const char *name);
/* What the page says it is about, and how the story chosen stands to it. */
typedef struct {
    const char *text;                      /* its longest description ("" if none) */
    const bitext_pairset *pairs;           /* the word pairs of all its descriptions */
    bool named;                            /* a block of the page says what it says */
    bool weak;                             /* the story chosen is a box of chrome */
} bitext_html_summary;

/* A second opinion (read/html_second.c): when the page declares a longer story in JSON-LD
 * or shows one only without scripts (<noscript>), it replaces the chosen one; else, when
 * the story chosen is a box of chrome and the page's description is said nowhere in it, the
 * description is the story.  page is the decoded page st's spans point into. */
int bitext_html_second(bitext_html_blocks *blocks, const char *page,
                       const bitext_html_bound_stats *st, const bitext_html_summary *summary,
                       const char *name);

/* Fills page (read/html.c): every element's counts. */
int bitext_html_annotate(hpage *page, xmlDoc *doc);
void bitext_html_page_free(hpage *page);
/* Chooses the story (read/html_main.c): sets F_KEEP on the roots of the subtrees that hold
 * it, F_CUT on chrome inside them, F_HEADLINE and F_LEAD.  The blocks that say what the
 * page's summary (its description) says count as the story's, F_DECLARED.  False when
 * nothing on the page reads like a story (then the whole body is read). */
bool bitext_html_choose(hpage *page, const bitext_pairset *summary);
/* Weighted length of UTF-8 text: ideographs count as several letters. */
uint32_t bitext_html_text_weight(const char *s, uint32_t *punct);

/* What a text needs to read like prose: min weighted characters (bitext_html_text_weight), a
 * comma or a sentence end, and less than link_num/link_den of it in links.  Every test for
 * prose is one of these, side by side so that where they differ shows. */
typedef struct {
    uint32_t min;
    uint32_t link_num, link_den;
} html_prose_rule;
#define PROSE_PARAGRAPH ((html_prose_rule){60, 1, 3})  /* counts as a paragraph (paras) */
#define PROSE_BLOCK ((html_prose_rule){30, 3, 10})     /* a block of the story, short ones too */
#define PROSE_LEAD ((html_prose_rule){60, 1, 3})       /* a lead between headline and story */
#define PROSE_EDGE ((html_prose_rule){70, 1, 3})       /* a block at the story's edges */
#define PROSE_SUMMARY ((html_prose_rule){60, 1, 3})    /* a description standing in for it */

/* Does a text read like prose by rule r?  link of `of` in one unit: weights or bytes. */
static inline bool bitext_html_prose(html_prose_rule r, uint32_t text, uint32_t punct,
                                     uint64_t link, uint64_t of)
{
    return text >= r.min && punct >= 1 && link * r.link_den < of * r.link_num;
}

#endif
