/* read/html_main.c - which part of a page is the story.
 *
 * The design follows the public description of Readability (arc90, Mozilla): every
 * paragraph of prose gives points to its container and, less, to the containers above it
 * (its commas and sentence ends, its length, minus what is in links); a container's score
 * is multiplied by its share of text outside links; the best one is the story, moved up
 * when the best candidates share an ancestor, joined by the siblings that score close to it
 * or read like prose (a story split in parts).  What a page says about itself - <article>,
 * <main>, itemprop="articleBody", class words like "article-body" or "related" - is one
 * more term of the score, never the answer: the first <article> is often a teaser, a
 * story's container may carry "author-jane" or "widget".  Then, inside the story, subtrees
 * that read like chrome are cut (Readability's "clean conditionally", and chrome words on
 * small boxes), the headline above the container and a lead between the two are taken in
 * (a standfirst often stands outside <article>).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"

#define MIN_PARAGRAPH 25      /* weighted characters for a paragraph to count */
#define TOP_N 5               /* alternative candidates looked at */
#define JUNK_WEIGHT 0.25f     /* junk (links, chrome boxes) against prose */

static float class_weight(const hnode *h, bool weak)
{
    float w = 0;
    if (h->words.story > h->words.chrome)
        w += 25;
    else if (h->words.chrome > h->words.story)
        w -= 25;
    else if (weak && h->words.weak > 0 && h->words.story == 0 && h->words.chrome == 0)
        w -= 5;
    if (h->flags & F_SEMANTIC)
        w += 20;
    return w;
}

static float tag_weight(const hnode *h)
{
    switch (h->tag) {
    case TAG_DIV:
    case TAG_ARTICLE:
    case TAG_MAIN:
    case TAG_SECTION: return 5;
    case TAG_PRE:
    case TAG_TD:
    case TAG_BLOCKQUOTE: return 3;
    case TAG_ADDRESS:
    case TAG_OL:
    case TAG_UL:
    case TAG_DL:
    case TAG_DD:
    case TAG_DT:
    case TAG_LI:
    case TAG_FORM: return -3;
    case TAG_H:
    case TAG_TH: return -5;
    default: return 0;
    }
}

static float link_density(const hnode *h)
{
    return h->text ? (float)h->link / (float)h->text : 0;
}

/* The points a paragraph gives: 1, one per comma or sentence end, one per 100 characters
 * (at most 3), scaled by its text outside links. */
static float paragraph_points(const hnode *p)
{
    float pts = 1 + (float)p->own_punct + fminf((float)p->own_text / 100, 3);
    return pts * (1 - (float)p->own_link / (float)p->own_text);
}

static void score_paragraphs(hpage *pg)
{
    for (size_t i = 0; i < pg->n; i++) {
        hnode *p = &pg->info[i];
        xmlNode *up = pg->el[i]->parent;
        float pts;
        if (!(p->flags & F_TEXT_BLOCK) || (p->flags & (F_DROP | F_IN_CHROME)) ||
            p->own_text < MIN_PARAGRAPH || p->tag == TAG_H)
            continue;
        pts = paragraph_points(p);
        for (int level = 0; level < 5 && up && up->type == XML_ELEMENT_NODE; level++) {
            hnode *a = info_of(up);
            if (!a || a->tag == TAG_HTML)
                break;
            if (!a->scored) {
                a->scored = true;
                a->score = tag_weight(a) + class_weight(a, true);
            }
            a->score += pts / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3);
            up = up->parent;
        }
    }
    /* the final score: what is not in links */
    for (size_t i = 0; i < pg->n; i++)
        if (pg->info[i].scored)
            pg->info[i].score *= 1 - link_density(&pg->info[i]);
}

static bool contains(const hnode *a, const hnode *b)
{
    return b->order >= a->order && b->order <= a->last;
}

/* Readability's refinement: when three or more strong alternatives sit inside one ancestor
 * of the top candidate, that ancestor is the story (a story in several containers). */
static xmlNode *shared_ancestor(hpage *pg, xmlNode *top, xmlNode **alt, size_t nalt)
{
    hnode *t = info_of(top);
    size_t strong = 0;
    for (size_t i = 0; i < nalt; i++)
        strong += info_of(alt[i])->score >= 0.75f * t->score;
    if (strong < 3)
        return top;
    for (xmlNode *a = top->parent; a && a != pg->body && info_of(a); a = a->parent) {
        size_t inside = 0;
        for (size_t i = 0; i < nalt; i++)
            inside += info_of(alt[i])->score >= 0.75f * t->score &&
                      contains(info_of(a), info_of(alt[i]));
        if (inside >= 3)
            return a;
    }
    return top;
}

/* Readability's climb: a parent that scores higher than the candidate holds more of it. */
static xmlNode *climb(hpage *pg, xmlNode *top)
{
    float last = info_of(top)->score, threshold = last / 3;
    for (xmlNode *p = top->parent; p && p != pg->body && info_of(p); p = p->parent) {
        hnode *h = info_of(p);
        if (!h->scored)
            continue;
        if (h->score < threshold)
            break;
        if (h->score > last)
            return p;
        last = h->score;
    }
    return top;
}

static size_t element_children(const xmlNode *n)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        k += c->type == XML_ELEMENT_NODE && info_of(c) && !(info_of(c)->flags & F_DROP);
    return k;
}

static xmlNode *best_candidate(hpage *pg)
{
    xmlNode *top[TOP_N] = {0};
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->info[i];
        if (!h->scored || (h->flags & F_DROP))
            continue;
        for (size_t k = 0; k < TOP_N; k++) {
            if (!top[k] || h->score > info_of(top[k])->score) {
                memmove(top + k + 1, top + k, (TOP_N - k - 1) * sizeof *top);
                top[k] = pg->el[i];
                break;
            }
        }
    }
    if (!top[0])
        return NULL;
    if (getenv("BITEXT_DEBUG_HTML"))
        for (size_t k = 0; k < TOP_N && top[k]; k++) {
            xmlChar *c = xmlGetProp(top[k], (const xmlChar *)"class");
            xmlChar *d = xmlGetProp(top[k], (const xmlChar *)"id");
            hnode *h = info_of(top[k]);
            fprintf(stderr, "cand %zu: <%s class='%s' id='%s'> score %.1f text %u link %u paras %u line %d\n", k,
                    top[k]->name, c ? (char *)c : "", d ? (char *)d : "", h->score, h->text, h->link, h->paras, (int)xmlGetLineNo(top[k]));
            xmlFree(c);
            xmlFree(d);
        }
    {
        size_t nalt = 0;
        while (nalt + 1 < TOP_N && top[nalt + 1])
            nalt++;
        top[0] = shared_ancestor(pg, top[0], top + 1, nalt);
    }
    top[0] = climb(pg, top[0]);
    while (top[0]->parent && top[0]->parent != pg->body && info_of(top[0]->parent) &&
           element_children(top[0]->parent) == 1)
        top[0] = top[0]->parent;
    return top[0];
}

static bool same_class(const xmlNode *a, const xmlNode *b)
{
    xmlChar *x = xmlGetProp(a, (const xmlChar *)"class"), *y = xmlGetProp(b, (const xmlChar *)"class");
    bool same = x && y && *x && !strcmp((const char *)x, (const char *)y);
    xmlFree(x);
    xmlFree(y);
    return same;
}

/* Siblings that belong to the story: scoring close to it, or paragraphs of prose. */
static void keep_siblings(hpage *pg, xmlNode *top)
{
    hnode *t = info_of(top);
    float threshold = fmaxf(10, t->score * 0.2f);
    t->flags |= F_KEEP;
    if (!top->parent || top == pg->body)
        return;
    for (xmlNode *c = top->parent->children; c; c = c->next) {
        hnode *s = info_of(c);
        float ld;
        if (!s || c == top || (s->flags & (F_DROP | F_CHROME_TAG | F_IN_CHROME)))
            continue;
        ld = link_density(s);
        if (s->scored && s->score + (same_class(c, top) ? t->score * 0.2f : 0) >= threshold)
            s->flags |= F_KEEP;
        else if ((s->flags & F_TEXT_BLOCK) && s->text > 80 && ld < 0.25f)
            s->flags |= F_KEEP;
        else if ((s->flags & F_TEXT_BLOCK) && s->text > 0 && s->link == 0 && s->punct > 0)
            s->flags |= F_KEEP;
    }
}

/* Readability's "clean conditionally", and chrome words on a box that is small beside the
 * story. */
static bool cut(const hnode *h, uint32_t story_text)
{
    float weight = class_weight(h, false), ld = link_density(h);
    bool list = h->tag == TAG_UL || h->tag == TAG_OL;
    if (h->flags & (F_DROP | F_CHROME_TAG))
        return true;
    if (h->text * 2 >= story_text)
        return false;   /* a wrapper of most of the story, whatever its name */
    if (h->words.chrome > h->words.story)
        return true;
    if (h->tag != TAG_DIV && h->tag != TAG_SECTION && h->tag != TAG_TABLE && !list &&
        h->tag != TAG_FORM && h->tag != TAG_ASIDE && h->tag != TAG_HEADER)
        return false;
    if (h->paras >= 3 || h->punct >= 10)
        return false;
    if (weight < 0)
        return true;
    if (h->imgs > 1 && h->paras * 2 < h->imgs)
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
    for (uint32_t i = root->order + 1; i <= root->last && i < pg->n;) {
        hnode *h = &pg->info[i];
        if (cut(h, root->text)) {
            h->flags |= F_CUT;
            if (getenv("BITEXT_DEBUG_HTML") && h->text > 100) {
                xmlChar *c = xmlGetProp(pg->el[i], (const xmlChar *)"class");
                fprintf(stderr, "cut <%s class='%s'> text %u link %u paras %u punct %u line %d\n", pg->el[i]->name, c ? (char *)c : "", h->text, h->link, h->paras, h->punct, (int)xmlGetLineNo(pg->el[i]));
                xmlFree(c);
            }
            i = h->last + 1;
        } else {
            i++;
        }
    }
}

/* The last <h1> before the story, when little text stands between the two. */
static void headline(hpage *pg, uint32_t first)
{
    uint32_t between = 0;
    for (uint32_t i = first; i-- > 0;) {
        hnode *h = &pg->info[i];
        if (h->flags & (F_DROP | F_IN_CHROME))
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

static bool prose_lead(const hnode *h)
{
    return h->own_text >= 60 && h->own_punct >= 1;
}

/* Paragraphs between the headline and the story that read like a lead. */
static void lead(hpage *pg, uint32_t from, uint32_t to)
{
    for (uint32_t i = from + 1; i < to && i < pg->n;) {
        hnode *h = &pg->info[i];
        if (h->flags & (F_DROP | F_IN_CHROME) || h->words.chrome > h->words.story) {
            i = h->last + 1;
            continue;
        }
        if ((h->flags & F_TEXT_BLOCK) && h->tag != TAG_H && h->own_link * 4 < h->own_text &&
            (prose_lead(h) || (h->words.lead > 0 && h->own_text >= MIN_PARAGRAPH))) {
            h->flags |= F_LEAD;
            i = h->last + 1;
            continue;
        }
        i++;
    }
}

/* A box of chrome by its element or its words: its prose does not count as the story's. */
static bool chrome_box(const hnode *h)
{
    return (h->flags & F_CHROME_TAG) || h->words.chrome > h->words.story;
}

static bool prose_block(const hnode *h)
{
    return (h->flags & F_TEXT_BLOCK) && h->tag != TAG_H && h->own_text >= 30 &&
           h->own_punct >= 1 && h->own_link * 10 < h->own_text * 3;
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
        if (chrome_box(h) || (up && (up->flags & F_IN_BOX)))
            h->flags |= F_IN_BOX;
    }
    for (size_t i = pg->n; i-- > 0;) {
        hnode *h = &pg->info[i], *up = info_of(pg->el[i]->parent);
        if (h->flags & F_DROP)
            continue;
        if (prose_block(h)) {
            uint32_t plain = h->own_text - h->own_link;
            h->prose += plain;
            h->junk += h->own_link;
            if (up)
                up->prose_kids++;
        } else if (h->flags & F_TEXT_BLOCK) {
            /* links are junk; other text, short lines of a poem or a recipe, is half prose
             * (a heading's is neutral) */
            h->junk += h->own_link;
            if (h->tag != TAG_H)
                h->prose += (h->own_text - h->own_link) / 2;
        }
        if (!up)
            continue;
        if (chrome_box(h)) {
            up->junk += h->text;
        } else {
            up->prose += h->prose;
            up->junk += h->junk;
        }
    }
}

/* The element that holds the most prose for the least junk (ties: the deepest). */
static xmlNode *most_prose(hpage *pg)
{
    xmlNode *best = NULL;
    float best_s = 0;
    for (size_t i = 0; i < pg->n; i++) {
        hnode *h = &pg->info[i];
        float s;
        if ((h->flags & F_DROP) || h->tag == TAG_HTML || h->tag == TAG_HEAD ||
            !h->prose)
            continue;
        s = (float)h->prose - JUNK_WEIGHT * (float)h->junk;
        /* what the page says about an element is evidence, not the answer */
        if (h->flags & F_SEMANTIC)
            s *= 1.1f;
        if (h->words.story > h->words.chrome)
            s *= 1.2f;
        if (h->flags & F_IN_BOX)
            s *= 0.5f;
        if (s >= best_s && s > 0) {
            best_s = s;
            best = pg->el[i];
        }
    }
    if (getenv("BITEXT_DEBUG_CLASS"))
        for (size_t i = 0; i < pg->n; i++) {
            xmlChar *c = xmlGetProp(pg->el[i], (const xmlChar *)"class");
            if (c && strstr((char *)c, getenv("BITEXT_DEBUG_CLASS")))
                fprintf(stderr, "class %s: prose %u junk %u text %u flags %x chrome %d story %d\n", (char *)c, pg->info[i].prose, pg->info[i].junk, pg->info[i].text, pg->info[i].flags, pg->info[i].words.chrome, pg->info[i].words.story);
            xmlFree(c);
        }
    if (best && getenv("BITEXT_DEBUG_HTML")) {
        hnode *h = info_of(best);
        xmlChar *c = xmlGetProp(best, (const xmlChar *)"class");
        fprintf(stderr, "most prose: <%s class='%s'> prose %u junk %u line %d\n", best->name,
                c ? (char *)c : "", h->prose, h->junk, (int)xmlGetLineNo(best));
        xmlFree(c);
    }
    return best;
}

bool bitext_html_choose(hpage *pg)
{
    xmlNode *top;
    uint32_t first = UINT32_MAX;
    if (!pg->body)
        return false;
    score_paragraphs(pg);
    measure(pg);
    if (getenv("BITEXT_READABILITY") ? !(top = best_candidate(pg)) : !(top = most_prose(pg)))
        top = pg->body;   /* no paragraph long enough to score: the body, chrome cut */
    /* a paragraph is not a container: the story is where it stands */
    if (top != pg->body && prose_block(info_of(top)) && info_of(top->parent))
        top = top->parent;
    if (getenv("BITEXT_DEBUG_HTML"))
        fprintf(stderr, "top: <%s> line %d\n", top->name, (int)xmlGetLineNo(top));
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
