/* read/html_chrome.c - what the words of a class or id say about an element.
 *
 * Every token counts, not just the first: a class attribute is split into words (white
 * space), words into tokens at '-', '_', ':', digits and camel-case humps
 * ("l-box-grid__sidebar" -> l box grid sidebar, "cssSimilarTeaserArea" -> css similar teaser
 * area), and a token glued from known parts ("relatedposts", "sharebuttons") is read as
 * its parts.  Tokens are looked up in vocabularies for en, de, fr, es, it, pt, pl, nl, ru
 * and cs: words for page chrome (navigation, related links, sharing, comments, ads ...),
 * weaker ones that only hint at it (author, meta, tags), words for the story itself
 * (article, content, story, Artikel, contenido ...) and for its lead (lead, intro,
 * standfirst, Vorspann, chapeau ...).  The counts are evidence for the scorer in
 * html_main.c, never a verdict on their own: a WordPress story carries "author-jane", a
 * Blogger one "widget Blog".
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "read_int.h"

/* Page chrome, in the languages above (class names are mostly English, or transliterated). */
static const char *const chrome_words[] = {
    /* en */
    "nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "footer",
    "masthead", "sidebar", "aside", "related", "relatedposts", "recommended",
    "recommendation", "recommendations", "recirculation", "popular", "trending", "mostread",
    "share", "shares", "sharing", "sharer", "social", "socials", "follow", "cookie",
    "cookies", "consent", "gdpr", "banner", "ad", "ads", "adv", "advert", "adverts",
    "advertisement", "advertising", "sponsor", "sponsored", "promo", "promotion", "newsletter",
    "subscribe", "subscription", "signup", "paywall", "comment", "comments", "disqus", "reply",
    "replies", "respond", "discussion", "widget", "widgets", "popup", "modal", "overlay",
    "toolbar", "pagination", "pager", "skip", "login", "search", "rating", "rss", "outbrain",
    "taboola", "donate", "donation", "tagcloud", "print", "jump", "offcanvas", "dropdown",
    "nocontent", "blogroll", "archive", "archives", "prevnext", "postnav", "similar", "cta",
    "calltoaction", "membership", "disclaimer", "optin", "sharebar", "socialbar", "error",
    "errors",
    /* de */
    "navi", "menue", "fusszeile", "kopfzeile", "seitenleiste", "verwandt", "verwandte",
    "aehnliche", "empfehlung", "empfehlungen", "teilen", "kommentar", "kommentare", "werbung",
    "anzeige", "anzeigen", "schlagworte", "schlagwoerter", "stichworte", "weiterlesen",
    "abonnieren", "abo", "themen", "mehrzumthema", "aehnlich",
    /* fr */
    "partage", "partager", "commentaire", "commentaires", "publicite", "pub", "abonnement",
    "connexes", "lireaussi", "reseaux", "sociaux", "entete", "piedpage",
    /* es, pt, it */
    "compartir", "comentarios", "comentario", "relacionadas", "relacionados", "relacionada",
    "publicidad", "anuncio", "anuncios", "suscripcion", "tambien", "recomendados",
    "etiquetas", "compartilhar", "partilhar", "publicidade", "rodape", "tambem", "condividi",
    "commenti", "correlati", "pubblicita", "iscriviti", "etichette",
    /* pl, nl, cs, ru (transliterated) */
    "nawigacja", "stopka", "udostepnij", "komentarze", "powiazane", "polecane", "reklama",
    "delen", "reacties", "gerelateerd", "advertentie", "reclame", "nieuwsbrief", "sdilet",
    "komentare", "diskuse", "souvisejici", "zapati", "kommentarii", "reklama", "pohozhie",
    "podelitsya", NULL};

/* Hints only: a byline box, a tag list, a teaser - or a modifier on the story's container. */
static const char *const weak_words[] = {
    "author", "authors", "byline", "bio", "meta", "postmeta", "tag", "tags", "category",
    "categories", "teaser", "teasers", "date", "time", "info", "infos", "caption", "credit",
    "credits", "copyright", "tools", "utility", "feed", "slider", "carousel", "gallery",
    "links", "autor", "autore", "auteur", "datum", "data", "fecha", "timestamp", "mehr",
    "weitere", "lesen", "leer", "lee", "leia", "leggi", "czytaj", "zobacz", "lees", "ctete",
    "voir", "aussi", "mas", "mais", "anche", "takze", "ook", NULL};

/* The story. */
static const char *const story_words[] = {
    "article", "articles", "articlebody", "articletext", "articlecontent", "content",
    "contents", "entry", "entrycontent", "post", "postbody", "postcontent", "posttext", "story",
    "storybody", "body", "text", "main", "maincontent", "blog", "hentry", "news", "detail",
    "single", "page", "copy", "prose", "richtext", "rte", "artikel", "artikeltext", "beitrag",
    "inhalt", "haupt", "texte", "contenu", "corps", "contenido", "cuerpo", "nota", "noticia",
    "articolo", "corpo", "testo", "conteudo", "materia", "tresc", "artykul", "tekst",
    "inhoud", "statya", "clanek", "obsah", "paragraph", "paragraphs", NULL};

/* The lead (standfirst) of a story. */
static const char *const lead_words[] = {
    "lead", "intro", "standfirst", "summary", "abstract", "kicker", "dek", "deck", "subtitle",
    "subheadline", "subhead", "vorspann", "einleitung", "chapeau", "chapo", "entradilla",
    "sumario", "bajada", "occhiello", "sommario", "lid", "zajawka", "perex", "anons",
    "headline", "title", "heading", "description", "excerpt", "teasertext", NULL};

/* Parts that a glued token may end with ("relatedposts", "sharebuttons", "commentlist"):
 * boxes, which a weak word turns into chrome ("author-box", "tag-list") ... */
static const char *const box_words[] = {
    "posts", "post", "list", "box", "boxes", "buttons", "button", "bar", "block", "blocks",
    "links", "link", "items", "item", "widget", "stories", "articles", "news", "icons",
    "tools", "form", "count", "teaser", "feed", "banner", "profile", "info", "infos",
    "description", "card", "details", "avatar", "img", "image", "photo", "foto", "picture",
    "media", "cloud", NULL};

/* ... and wrappers, which do not ("date-outer", "author-wrap"). */
static const char *const wrapper_words[] = {
    "container", "wrapper", "wrap", "section", "module", "area", "zone", "panel", "content",
    "holder", "inner", "outer", "slot", "unit", "frame", "layer", NULL};

enum { TOK_NONE, TOK_CHROME, TOK_WEAK, TOK_STORY, TOK_LEAD, TOK_BOX, TOK_PART, TOK_CONSENT };

/* A cookie or consent notice: on nearly every page, never the story. */
static const char *const consent_words[] = {"cookie", "cookies", "consent", "gdpr",
                                            "cookiebar", "cookienotice", "cookiebanner",
                                            "cookielaw", "privacybanner", NULL};

/* A picture's caption, kept as a caption block (translators translate captions). */
static const char *const caption_words[] = {"caption", "captions", "figcaption", "legend",
                                            "legende", "bildunterschrift", "bildtext",
                                            "didascalia", "podpis", "onderschrift", NULL};

/* What readers write under a story (chrome too): a thread of comments, a forum's posts, a
 * live ticker's entries. */
static const char *const comment_words[] = {
    "comment", "comments", "reply", "replies", "respond", "discussion", "disqus", "kommentar",
    "kommentare", "commentaire", "commentaires", "comentario", "comentarios", "commenti",
    "komentarze", "reacties", "komentare", "diskuse", "kommentarii", NULL};

/* Every word above, in one hash table built once: a token is looked up in O(1), and a glued
 * token tried at every split point stays cheap. */
enum { IN_CHROME = 1, IN_WEAK = 2, IN_STORY = 4, IN_LEAD = 8, IN_PART = 16, IN_CONSENT = 32,
       IN_CAPTION = 64, IN_BOX = 128, IN_COMMENT = 256 };
#define VOCAB_SIZE 2048   /* a power of two, several times the words */

static struct {
    const char *word;
    unsigned char len;
    uint16_t kinds;
} vocab[VOCAB_SIZE];
static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *s, size_t n)
{
    return (uint32_t)bitext_hash64(s, n);
}

static void vocab_add(const char *const *list, uint16_t kind)
{
    for (size_t i = 0; list[i]; i++) {
        size_t n = strlen(list[i]);
        uint32_t h = hash(list[i], n) & (VOCAB_SIZE - 1);
        while (vocab[h].word && (vocab[h].len != n || memcmp(vocab[h].word, list[i], n)))
            h = (h + 1) & (VOCAB_SIZE - 1);
        vocab[h].word = list[i];
        vocab[h].len = (unsigned char)n;
        vocab[h].kinds |= kind;
    }
}

static void vocab_build(void)
{
    vocab_add(chrome_words, IN_CHROME);
    vocab_add(weak_words, IN_WEAK);
    vocab_add(story_words, IN_STORY);
    vocab_add(lead_words, IN_LEAD);
    vocab_add(box_words, IN_PART | IN_BOX);
    vocab_add(wrapper_words, IN_PART);
    vocab_add(consent_words, IN_CONSENT);
    vocab_add(caption_words, IN_CAPTION);
    vocab_add(comment_words, IN_COMMENT);
}

static uint16_t kinds(const char *tok, size_t n)
{
    uint32_t h = hash(tok, n) & (VOCAB_SIZE - 1);
    for (; vocab[h].word; h = (h + 1) & (VOCAB_SIZE - 1))
        if (vocab[h].len == n && memcmp(vocab[h].word, tok, n) == 0)
            return vocab[h].kinds;
    return 0;
}

static bool in(uint16_t kind, const char *tok, size_t n)
{
    return (kinds(tok, n) & kind) != 0;
}

/* A glued token read as two known parts: chrome+part, part+chrome or chrome+chrome. */
static bool glued_chrome(const char *tok, size_t n)
{
    for (size_t k = 3; k + 3 <= n; k++) {
        uint16_t a = kinds(tok, k), b = kinds(tok + k, n - k);
        if (((a & IN_CHROME) && (b & (IN_CHROME | IN_PART))) ||
            ((b & IN_CHROME) && (a & (IN_PART | IN_STORY))))
            return true;
    }
    return false;
}

static bool glued_story(const char *tok, size_t n)
{
    for (size_t k = 3; k + 3 <= n; k++)
        if (in(IN_STORY, tok, k) && in(IN_STORY | IN_PART, tok + k, n - k))
            return true;
    return false;
}

/* A comment word, alone or glued to a box word ("commentlist", "commentlinks"). */
static bool about_comments(const char *tok, size_t n)
{
    if (kinds(tok, n) & IN_COMMENT)
        return true;
    for (size_t k = 5; k + 3 <= n; k++)
        if ((kinds(tok, k) & IN_COMMENT) && (kinds(tok + k, n - k) & (IN_PART | IN_CHROME)))
            return true;
    return false;
}

static int token_kind(const char *tok, size_t n)
{
    if (n == 0 || n > 40)
        return TOK_NONE;
    uint16_t k = kinds(tok, n);
    if (k & IN_CONSENT)
        return TOK_CONSENT;
    if ((k & IN_CHROME) || glued_chrome(tok, n))
        return TOK_CHROME;
    if (k & IN_LEAD)
        return TOK_LEAD;
    if ((k & IN_STORY) || glued_story(tok, n))
        return TOK_STORY;
    if (k & IN_WEAK)
        return TOK_WEAK;
    return k & IN_BOX ? TOK_BOX : k & IN_PART ? TOK_PART : TOK_NONE;
}

/* What one class word says, from its tokens: any chrome token makes it chrome; a weak
 * token ("author", "tags", "meta") is chrome when the word is about a box of it - its last
 * token is a box ("author-box", "tag-list") or it is the last after a namespace
 * ("post-tags", "entry-meta") or after another weak word ("author-bio", "date-info") - and
 * only a hint otherwise ("author-jane"). */
static void count_kinds(bitext_class_words *w, const unsigned char *seen, int last,
                        bool caption, bool comment)
{
    w->caption += caption;
    w->comment += comment;
    if (seen[TOK_CONSENT])
        w->consent++;
    if (seen[TOK_CHROME] || seen[TOK_CONSENT] ||
        (seen[TOK_WEAK] && (last == TOK_BOX || (last == TOK_WEAK && (seen[TOK_STORY] ||
                                                                     seen[TOK_BOX] ||
                                                                     seen[TOK_PART] ||
                                                                     seen[TOK_WEAK] > 1)))))
        w->chrome++;
    else if (seen[TOK_LEAD])
        w->lead++;
    else if (seen[TOK_STORY])
        w->story++;
    else if (seen[TOK_WEAK])
        w->weak++;
}

/* Splits one word into lower-case tokens at - _ : digits and camel-case humps. */
static void count_word(bitext_class_words *w, const char *s, size_t n)
{
    unsigned char seen[TOK_CONSENT + 1] = {0};
    bool caption = false, comment = false, other = false;
    int last = TOK_NONE;
    char tok[48];
    size_t k = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '-';
        bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        bool hump = upper && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z';
        if ((!upper && !lower) || hump) {
            if (k > 0 && k < sizeof tok) {
                last = token_kind(tok, k);
                seen[last] += seen[last] < 255;   /* how many tokens of each kind */
                caption |= (kinds(tok, k) & IN_CAPTION) != 0;
                if (about_comments(tok, k))
                    comment = true;
                else
                    other |= last == TOK_CHROME || last == TOK_WEAK || last == TOK_CONSENT;
            }
            k = 0;
            if (!upper && !lower)
                continue;
        }
        if (k + 1 < sizeof tok)
            tok[k++] = (char)(c | 0x20);
        else
            k = sizeof tok;   /* too long to be a word: ignored */
    }
    /* a comment itself ("comment", "comment-body", "commentlist"), not a box about
     * comments ("comment-meta", "comment-share") */
    count_kinds(w, seen, last, caption, comment && !other);
}

/* A word that states a condition of the element ("has-sidebar", "with-ads", "is-open",
 * "non-paywall"), not what it is. */
static bool state_word(const char *s, size_t n)
{
    static const char *const prefixes[] = {"has-", "has_", "with-", "is-", "no-", "non-",
                                           "not-", "show-", "hide-", "js-", NULL};
    for (size_t i = 0; prefixes[i]; i++) {
        size_t k = strlen(prefixes[i]);
        if (n > k && !strncasecmp(s, prefixes[i], k))
            return true;
    }
    return false;
}

/* The part of a word that names the element: a BEM modifier ("TestReport__Section--Ads",
 * "article--wide") is a variant of it, not what it is. */
static size_t identity(const char *s, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '-' && s[i + 1] == '-')
            return i;
    return n;
}

void bitext_html_class_words(bitext_class_words *w, const char *value)
{
    pthread_once(&vocab_once, vocab_build);
    for (const char *p = value; p && *p;) {
        size_t n = strcspn(p, " \t\n\r\f");
        if (n && !state_word(p, n))
            count_word(w, p, identity(p, n));
        p += n;
        p += strspn(p, " \t\n\r\f");
    }
}

/* Class words that hide an element in the usual CSS frameworks (Bootstrap, WordPress,
 * Drupal ...): whole words only, "hidden-xs" hides on small screens alone. */
bool bitext_html_class_hides(const char *value)
{
    static const char *const hiding[] = {
        "hidden", "hide", "d-none", "is-hidden", "u-hidden", "sr-only", "visually-hidden",
        "visuallyhidden", "screen-reader-text", "screen-reader-only", "element-invisible",
        "invisible", "display-none", "offscreen", "a11y-hidden", NULL};
    for (const char *p = value; p && *p;) {
        size_t n = strcspn(p, " \t\n\r\f");
        for (size_t i = 0; n && hiding[i]; i++)
            if (strlen(hiding[i]) == n && !strncasecmp(p, hiding[i], n))
                return true;
        p += n;
        p += strspn(p, " \t\n\r\f");
    }
    return false;
}
