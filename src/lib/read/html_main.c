/* read/html_main.c - which part of a page is the story.
 *
 * Every element is measured bottom-up: the text of its paragraphs of prose (long enough,
 * punctuated, few links), the other text outside links at half weight (short lines of a
 * poem or a recipe), and junk: link text, and all the text of boxes of chrome inside it
 * (nav, aside, footer, or class words like "related", "share-bar", "author-box").  The story
 * is the element with the most prose for the least junk (prose - junk / 4), in the spirit
 * of Finn's Body Text Extraction and of Readability's link density: the whole <body> holds
 * all the prose but all the chrome too; a teaser or a comment holds little prose.  Ties go
 * to the deepest element, and a paragraph is never the container.  What a page says about
 * itself - <article>, <main>, itemprop="articleBody", "entry-content", "sidebar" - weighs
 * the score (x1.1, x1.2, x0.5), never decides it: the first <article> is often a teaser, a
 * story's container may carry "author-jane", "widget Blog" or sit in an <aside>.
 *
 * What the page says it is about - its <meta name="description">, og:description - is most
 * often its lead or first lines.  Blocks that say what it says (half their word pairs in
 * it) are the story's, long or short, links or not: a story of three short lines, or a
 * list of links, that the page describes as its own.  When the best element holds little
 * of what the summary names and one holding most of it scores at least a third as well,
 * that one is the story (a comment stream or a review widget outweighs a short story).
 *
 * Then the siblings that score close to it or read like prose join it (a story in parts),
 * subtrees inside it that read like chrome are cut (Readability's "clean conditionally":
 * link density, lists and images against paragraphs, forms; and chrome words on a box small
 * beside the story), and the headline above it and a lead between the two are taken in (a
 * standfirst often stands outside <article>).  A cookie notice is dropped whole.
 */
#include <math.h>
#include <string.h>

#include "html_int.h"

#define MIN_PARAGRAPH 25      /* weighted characters for a paragraph to count */
#define JUNK_WEIGHT 0.25f     /* junk (links, chrome boxes) against prose */
#define MIN_SIBLING 50.0f     /* score a sibling needs to join the story */
#define THREAD_WEIGHT 0.5f    /* prose in readers' comments against a story's */

/* A box of chrome by its element or its words: its prose does not count as the story's. */
static bool chrome_box(const hnode *h)
{
    return (h->flags & (F_CHROME_TAG | F_FORM_BOX)) || h->lean < 0;
}

/* A block of prose of its own (not a heading), short ones too: what a story is made of. */
static bool prose_block(const hnode *h)
{
    return (h->flags & F_TEXT_BLOCK) && h->tag != TAG_H &&
           bitext_html_prose(PROSE_BLOCK, h->own_text, h->own_punct, h->own_link, h->own_text);
}

static float class_weight(const hnode *h)
{
    float w = 25.0f * h->lean;
    if (h->flags & F_SEMANTIC)
        w += 20;
    return w;
}

/* Links against text.  A figure whose picture is in no link illustrates the story: its links
 * are its tools (download, zoom, the source), not links away, and do not count. */
static float link_density(const hnode *h)
{
    return h->text ? (float)(h->link - h->fig_link) / (float)h->text : 0;
}

/* Two elements of one kind: the same class attribute (by its hash, kept on each). */
static bool same_class(const hnode *a, const hnode *b)
{
    return a->class_hash && a->class_hash == b->class_hash;
}

/* Siblings that belong to the story: scoring close to it, or paragraphs of prose. */
static void keep_siblings(hpage *pg, xmlNode *top)
{
    hnode *t = info_of(top);
    float threshold = fmaxf(MIN_SIBLING, t->score * 0.2f);
    t->flags |= F_KEEP;
    if (!top->parent || top == pg->body)
        return;
    for (xmlNode *c = top->parent->children; c; c = c->next) {
        hnode *s = info_of(c);
        float ld;
        if (!s || c == top || (s->flags & (F_DROP | F_CHROME_TAG | F_IN_CHROME)))
            continue;
        ld = link_density(s);
        if (!(s->flags & F_IN_BOX) &&
            s->score + (same_class(s, t) ? t->score * 0.2f : 0) >= threshold)
            s->flags |= F_KEEP;
        else if ((s->flags & F_TEXT_BLOCK) && s->text > 80 && ld < 0.25f)
            s->flags |= F_KEEP;
        else if ((s->flags & F_TEXT_BLOCK) && s->text > 0 && s->link == 0 && s->punct > 0)
            s->flags |= F_KEEP;
    }
}

/* Readability's "clean conditionally", and chrome words on a box that is small beside the
 * story. */
static bool cut(const hnode *h, uint32_t story_text, bool thread)
{
    /* in a thread, a post's words name it chrome: they are not held against it */
    bool post = thread && h->words.comment && h->words.comment >= h->words.chrome;
    float weight = post ? 0 : class_weight(h), ld = link_density(h);
    bool list = h->tag == TAG_UL || h->tag == TAG_OL;
    if (h->flags & F_DROP)
        return true;
    if (h->declared)
        return false;   /* it holds what the page's summary names */
    if (h->flags & F_CHROME_TAG)
        return true;
    if (h->text * 2 >= story_text)
        return false;   /* a wrapper of most of the story, whatever its name */
    if (h->lean < 0 && !post)
        return true;
    if (h->tag != TAG_DIV && h->tag != TAG_SECTION && h->tag != TAG_TABLE && !list &&
        h->tag != TAG_FORM && h->tag != TAG_ASIDE && h->tag != TAG_HEADER)
        return false;
    if (h->paras >= 3 || h->punct >= 10)
        return false;
    if (weight < 0)
        return true;
    /* a list of the story's own items (ingredients, steps, points), a few of them linked;
     * a list of links has most items a link */
    if (list && h->items >= 3 && h->link_items * 2 < h->items && ld < 0.5f)
        return false;
    /* a gallery: pictures outside such figures (theirs illustrate the story) */
    if (h->imgs - h->fig_imgs > 1 && h->paras * 2 < h->imgs - h->fig_imgs)
        return true;
    if (!list && h->items > h->paras + 3)
        return h->link * 2 > h->text;
    if (h->inputs > 0 && h->inputs * 3 > h->paras)
        return true;
    if (h->text < MIN_PARAGRAPH && (h->imgs == 0 || h->imgs > 2))
        return h->text > 0 && h->link * 2 > h->text;
    if (weight < 25 && ld > 0.2f)
        return true;
    return weight >= 25 && ld > 0.5f;
}

static void cut_inside(hpage *pg, const hnode *root)
{
    /* a forum's thread, a live ticker: more prose in comments than outside them */
    bool thread = root->thread > root->prose;
    for (uint32_t i = root->order + 1; i <= root->last && i < pg->n;) {
        hnode *h = &pg->info[i];
        if (cut(h, root->text, thread)) {
            h->flags |= F_CUT;
            i = h->last + 1;
        } else {
            i++;
        }
    }
}

/* The last <h1> before the story (not a site name in a header box), when little text
 * stands between the two. */
static void headline(hpage *pg, uint32_t first)
{
    uint32_t between = 0;
    for (uint32_t i = first; i-- > 0;) {
        hnode *h = &pg->info[i];
        if (h->flags & (F_DROP | F_IN_CHROME | F_IN_BOX))
            continue;
        if (h->tag == TAG_H && h->level == 1 && h->text >= 8) {
            h->flags |= F_HEADLINE;
            return;
        }
        if (h->flags & F_TEXT_BLOCK)
            between += h->own_text;
        if (between > 1500)
            return;
    }
}

/* Paragraphs between the headline and the story that read like a lead. */
static void lead(hpage *pg, uint32_t from, uint32_t to)
{
    for (uint32_t i = from + 1; i < to && i < pg->n;) {
        hnode *h = &pg->info[i];
        if (h->flags & (F_DROP | F_IN_CHROME) || chrome_box(h)) {
            i = h->last + 1;
            continue;
        }
        if ((h->flags & F_TEXT_BLOCK) && h->tag != TAG_H && h->own_link * 4 < h->own_text &&
            (bitext_html_prose(PROSE_LEAD, h->own_text, h->own_punct, h->own_link, h->own_text) ||
             (h->words.lead > 0 && h->own_text >= MIN_PARAGRAPH))) {
            h->flags |= F_LEAD;
            i = h->last + 1;
            continue;
        }
        i++;
    }
}

/* Which blocks say what the page's summary says: the words of every text node, in document
 * order, go on the word pairs of its nearest block (so a pair across a link's edge counts).
 * Half the block's pairs, or a long run of them, in the summary: the block is the story's
 * (a story of three short lines, or of links, that the page describes as its own). */
static void declare(hpage *pg, const bitext_pairset *summary)
{
    xmlNode *n = pg->body;
    if (!summary || !summary->n)
        return;
    while (n) {
        hnode *e = info_of(n->parent);
        if (n->type == XML_TEXT_NODE && n->content && e && !(e->flags & F_DROP)) {
            hnode *b = &pg->info[e->block];
            size_t pairs = 0, hits = bitext_pairset_feed(summary, (const char *)n->content,
                                                         strlen((const char *)n->content),
                                                         &b->last_word, &pairs);
            b->hits = (uint16_t)(b->hits + hits > UINT16_MAX ? UINT16_MAX : b->hits + hits);
            b->pairs = (uint16_t)(b->pairs + pairs > UINT16_MAX ? UINT16_MAX : b->pairs + pairs);
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !(info_of(n)->flags & F_DROP)) {
            n = n->children;
            continue;
        }
        while (n && n != pg->body && !n->next)
            n = n->parent;
        n = n && n != pg->body ? n->next : NULL;
    }
    /* in document order, until the summary is found: a teaser of the story further down
     * ("latest articles" showing this one) says it again */
    for (size_t i = 0, found = 0; i < pg->n && found * 5 < summary->n * 4; i++) {
        hnode *h = &pg->info[i];
        if ((h->flags & F_TEXT_BLOCK) && h->hits >= 2 &&
            (h->hits * 2 >= h->pairs || h->hits >= 12)) {
            h->flags |= F_DECLARED;
            found += h->hits;
        }
    }
}

/* Prose and junk below every element, bottom-up; which elements are in a box of chrome. */
static void measure(hpage *pg)
{
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->info[i], *up = info_of(pg->el[i]->parent);
        /* a cookie notice is dropped whole, unless it is most of the page */
        if ((h->words.consent && (uint64_t)h->text * 10 < (uint64_t)pg->page_text * 3) ||
            (up && (up->flags & F_DROP)))
            h->flags |= F_DROP;
        /* a form's text is its labels, hints and error messages (sign-up, log-in, search,
         * a comment form), unless the form wraps the page (ASP.NET) */
        if (h->tag == TAG_FORM && h->inputs > 0 && (uint64_t)h->text * 2 < pg->page_text)
            h->flags |= F_FORM_BOX;
        if (chrome_box(h) || (up && (up->flags & F_IN_BOX)))
            h->flags |= F_IN_BOX;
    }
    for (size_t i = pg->n; i-- > 0;) {
        hnode *h = &pg->info[i], *up = info_of(pg->el[i]->parent);
        if (h->flags & F_DROP)
            continue;
        if (prose_block(h) && up)
            up->prose_kids++;
        if (h->flags & F_DECLARED) {
            /* what the page's summary names is story, links or not, short or not */
            h->prose += h->own_text;
            h->declared += h->own_text;
        } else if (prose_block(h)) {
            h->prose += h->own_text - h->own_link;
            h->junk += h->own_link;
        } else if (h->flags & F_TEXT_BLOCK) {
            /* links are junk; other text, short lines of a poem or a recipe, is half prose
             * (a heading's is neutral) */
            h->junk += h->own_link;
            if (h->tag != TAG_H)
                h->prose += (h->own_text - h->own_link) / 2;
        }
        if (!up)
            continue;
        if (chrome_box(h) && !h->declared && h->words.comment) {
            /* readers' comments: their prose is a thread's, the rest junk */
            up->junk += h->text - h->prose;
            up->thread += h->prose + h->thread;
        } else if (chrome_box(h) && !h->declared) {
            up->junk += h->text;
        } else {
            up->prose += h->prose;
            up->junk += h->junk;
            up->thread += h->thread;
        }
        up->declared += h->declared;
    }
}

/* The page's summary names part of the story: when the best element holds little of what
 * it names, the best one that holds most of it is the story, unless it scores less than a
 * third as well (a lead in a box of its own beside a long story). */
static xmlNode *named(hpage *pg, xmlNode *best)
{
    uint32_t total = pg->body ? info_of(pg->body)->declared : 0;
    xmlNode *alt = NULL;
    float alt_s = 0;
    if (!best || !total || info_of(best)->declared * 2 >= total)
        return best;
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->info[i];
        if (h->declared * 2 >= total && h->score > 0 && h->score >= alt_s &&
            pg->el[i] != pg->body) {
            alt_s = h->score;
            alt = pg->el[i];
        }
    }
    return alt && alt_s * 3 >= info_of(best)->score ? alt : best;
}

/* The element that holds the most prose for the least junk (ties: the deepest), prose in
 * readers' comments weighing `thread` (0: none). */
static xmlNode *best_scored(hpage *pg, float thread)
{
    xmlNode *best = NULL;
    float best_s = 0;
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->info[i];
        float s;
        if ((h->flags & F_DROP) || h->tag == TAG_HTML || h->tag == TAG_HEAD ||
            !(h->prose || (thread > 0 && h->thread)))
            continue;
        s = (float)h->prose + thread * (float)h->thread - JUNK_WEIGHT * (float)h->junk;
        /* what the page says about an element is evidence, not the answer */
        if (h->flags & F_SEMANTIC)
            s *= 1.1f;
        if (h->lean > 0)
            s *= 1.2f;
        if (h->flags & F_IN_BOX)
            s *= 0.5f;
        h->score = s;
        if (s >= best_s && s > 0) {
            best_s = s;
            best = pg->el[i];
        }
    }
    return best;
}

/* Is the element a comment or in one, or in a nav, aside or footer? */
static bool in_comments_or_chrome(const xmlNode *n)
{
    if (info_of(n)->flags & F_IN_CHROME)
        return true;
    for (; info_of(n); n = n->parent)
        if (info_of(n)->words.comment)
            return true;
    return false;
}

/* The story: the best element; when the best is a comment itself, or in a nav, aside or
 * footer, the page may be a thread (a forum's posts, a live ticker's entries), and readers'
 * comments count, at half weight.  (A story in a box of other chrome words, "widget Blog",
 * is a story with comments under it.) */
static xmlNode *most_prose(hpage *pg)
{
    xmlNode *best = named(pg, best_scored(pg, 0));
    if (!best || in_comments_or_chrome(best))
        best = named(pg, best_scored(pg, THREAD_WEIGHT));
    return best;
}

bool bitext_html_choose(hpage *pg, const bitext_pairset *summary)
{
    xmlNode *top;
    uint32_t first = UINT32_MAX;
    if (!pg->body)
        return false;
    declare(pg, summary);
    measure(pg);
    if (!(top = most_prose(pg)))
        top = pg->body;   /* no paragraph long enough to score: the body, chrome cut */
    /* a paragraph is not a container: the story is where it stands */
    if (top != pg->body && prose_block(info_of(top)) && info_of(top->parent))
        top = top->parent;
    pg->top = top;
    keep_siblings(pg, top);
    /* an <aside> or <nav> that holds the story is read, as the page's word is not final */
    for (xmlNode *a = top->parent; a && info_of(a); a = a->parent)
        info_of(a)->flags |= F_PATH;
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->info[i];
        if (!(h->flags & F_KEEP))
            continue;
        if (first == UINT32_MAX)
            first = h->order;
        cut_inside(pg, h);
    }
    headline(pg, first);
    for (uint32_t i = first; i-- > 0;)
        if (pg->info[i].flags & F_HEADLINE) {
            lead(pg, i, first);
            break;
        }
    return true;
}
