/* read/boiler.c - lines that are page furniture, in en, de, fr, es, it, pt, pl, nl, ru, cs.
 *
 * The test is deliberately narrow: a false positive silently loses a sentence from the TM.
 * A phrase that also starts ordinary sentences ("Read more books", "Cookies are") counts
 * only as the whole line or as a label before a colon ("Czytaj także: ..."); calls to act
 * ("Subscribe to ...", "Folgen Sie uns ...") only in a short line; notices ("All rights
 * reserved", "We use cookies") and photo credits ("Foto: dpa", "Shutterstock") only in a
 * short line, anywhere in it.  Case is folded (ICU simple case folding), so "LEA TAMBIÉN"
 * and "Lea también" are one phrase.
 */
#include <string.h>

#include <unicode/uchar.h>

#include "read_int.h"

#define SHORT_LINE 160      /* bytes: a line this short may be a notice or a call to act */
#define CREDIT_LINE 80      /* bytes: a line this short may be a photo credit */

/* Whole line, or a label before a colon. */
static const char *const labels[] = {
    /* en */
    "related", "related content", "related articles", "related stories", "related posts",
    "read more", "read also", "also read", "see also", "more on this", "more on this story",
    "you may also like", "you might also like", "recommended", "recommended for you",
    "more stories", "latest news", "most read", "most popular", "trending", "share",
    "share this", "share this article", "share on", "comments", "leave a comment",
    "leave a reply", "post a comment", "tags", "topics", "filed under", "categories",
    "advertisement", "sponsored", "print", "email", "back to top", "previous article",
    "next article", "previous post", "next post", "newsletter", "subscribe", "follow us",
    "source", "sources", "contact", "more information", "further reading",
    /* de */
    "lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant",
    "das könnte sie auch interessieren", "das könnte dich auch interessieren",
    "weitere artikel", "weitere informationen", "weiterlesen", "zum weiterlesen",
    "mehr themen", "schon gelesen", "teilen", "artikel teilen", "kommentare",
    "kommentar schreiben", "kommentar verfassen", "schlagworte", "themen", "anzeige",
    "werbung", "drucken", "nach oben", "zurück", "zur übersicht", "quelle", "quellen",
    "quellenangaben", "kontakt", "zusatzinformationen", "neueste artikel",
    "meistgelesen", "empfehlungen", "vorheriger artikel", "nächster artikel",
    /* fr */
    "lire aussi", "à lire aussi", "voir aussi", "sur le même sujet", "vous aimerez aussi",
    "à lire également", "lire la suite", "partager", "commentaires", "publicité",
    "imprimer", "retour", "articles similaires", "les plus lus", "mots-clés",
    "article précédent", "article suivant",
    /* es */
    "lea también", "lee también", "leer más", "ver también", "vea también", "mira",
    "puedes ver", "te puede interesar", "le puede interesar", "noticias relacionadas",
    "notas relacionadas", "contenido relacionado", "artículos relacionados", "compartir",
    "comentarios", "publicidad", "etiquetas", "temas", "lo más leído", "volver",
    "artículo anterior", "artículo siguiente",
    /* it */
    "leggi anche", "leggi di più", "potrebbe interessarti", "articoli correlati",
    "condividi", "commenti", "pubblicità", "stampa", "torna su",
    /* pt */
    "leia também", "leia mais", "veja também", "você pode gostar", "notícias relacionadas",
    "compartilhe", "compartilhar", "comentários", "publicidade", "mais lidas",
    /* pl */
    "czytaj także", "czytaj też", "czytaj więcej", "zobacz także", "zobacz też",
    "polecamy", "powiązane", "udostępnij", "komentarze", "reklama", "drukuj", "tagi",
    "najczęściej czytane", "źródło", "zobacz również", "czytaj również",
    "przeczytaj również", "przeczytaj także",
    /* nl */
    "lees ook", "lees meer", "meer over", "gerelateerd", "delen", "reacties",
    "advertentie", "nieuwsbrief", "meest gelezen",
    /* ru */
    "читайте также", "читать далее", "смотрите также", "по теме", "поделиться",
    "комментарии", "реклама", "источник",
    /* cs */
    "čtěte také", "přečtěte si také", "související", "sdílet", "komentáře", "reklama",
    "zdroj", NULL};

/* The start of a short line: copyright lines, calls to subscribe, follow, comment,
 * support. */
static const char *const openers[] = {
    "copyright 1", "copyright 2", "copyright ©", "copyright (c)", "(c) 1", "(c) 2",
    "subscribe to", "subscribe now", "sign up for", "sign up to", "follow us", "follow @",
    "like us on", "join our", "get our newsletter", "support our", "support us",
    "to view the full story", "if you enjoyed", "did you enjoy", "click here",
    "abonnieren sie", "jetzt abonnieren", "folgen sie uns", "melden sie sich",
    "unterstützen sie", "unterstütze", "diskutieren sie mit", "klicken sie hier",
    "abonnez-vous", "suivez-nous", "inscrivez-vous", "soutenez", "cliquez ici",
    "suscríbete", "suscribete", "síguenos", "siguenos", "únete", "haz clic",
    "iscriviti", "seguici", "abbonati", "assine", "siga-nos", "inscreva-se",
    "zapisz się", "obserwuj nas", "subskrybuj", "wesprzyj", "kliknij",
    "schrijf je in", "volg ons", "abonneer", "подпишитесь", "подписывайтесь",
    "sledujte nás", "přihlaste se", NULL};

/* The start of a short line that holds a date: when the story was published or changed. */
static const char *const dated[] = {
    "published", "posted on", "posted", "updated", "last updated", "last modified",
    "veröffentlicht", "aktualisiert", "stand:", "publié le", "publié", "mis à jour",
    "publicado el", "publicado em", "publicado", "actualizado", "atualizado",
    "pubblicato il", "pubblicato", "aggiornato", "opublikowano", "aktualizacja",
    "gepubliceerd", "bijgewerkt", "опубликовано", "обновлено", "publikováno",
    "aktualizováno", NULL};

/* Anywhere in a short line: notices. */
static const char *const notices[] = {
    "all rights reserved", "alle rechte vorbehalten", "tous droits réservés",
    "todos los derechos reservados", "tutti i diritti riservati",
    "todos os direitos reservados", "wszelkie prawa zastrzeżone",
    "alle rechten voorbehouden", "все права защищены", "všechna práva vyhrazena",
    "we use cookies", "this site uses cookies", "wir verwenden cookies",
    "diese website verwendet cookies", "nous utilisons des cookies",
    "utilizamos cookies", "utilizziamo i cookie", "używamy plików cookie",
    "korzystamy z cookies", "wij gebruiken cookies", "používáme cookies", NULL};

/* Anywhere in a very short line: who took the picture. */
static const char *const credits[] = {
    "foto:", "fotos:", "photo:", "photos:", "fot.", "bild:", "bild via", "image:",
    "imagen:", "imagem:", "immagine:", "photograph:", "zdjęcie:", "credit:", "credits:", "crédit", "crédito",
    "©", "shutterstock", "getty images", "istock", "thinkstock", "clipdealer",
    "adobe stock", "unsplash", "pixabay", "picture alliance", "picture-alliance", "imago",
    "reuters", "afp", "dpa", "epa", "keystone", "ap photo", "public domain",
    "domena publiczna", "gemeinfrei", "beitragsbild", "titelbild", "symbolbild",
    "archivo", "archivbild", "(foto", "(photo", NULL};

/* Length in bytes of the prefix of s[0, n) that equals phrase (lower case, folded),
 * 0 when it does not start with it. */
static size_t fold_prefix(const char *s, size_t n, const char *phrase)
{
    size_t i = 0, k = 0, plen = strlen(phrase);
    while (k < plen) {
        uint32_t a, b;
        if (i >= n)
            return 0;
        if ((unsigned char)s[i] < 0x80 && (unsigned char)phrase[k] < 0x80) {
            char c = s[i++];   /* ASCII: no need to ask ICU */
            if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != phrase[k++])
                return 0;
            continue;
        }
        a = bitext_utf8_next(s, n, &i);
        b = bitext_utf8_next(phrase, plen, &k);
        if (a != b && (uint32_t)u_foldCase((UChar32)a, U_FOLD_CASE_DEFAULT) != b)
            return 0;
    }
    return i;
}

static bool wordish(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The phrase anywhere in s, as whole words ("dpa" is not in "Stadtpark", "epa" not in
 * "separat"). */
/* A cheap look at the first byte before the whole comparison: an ASCII letter in either
 * case, the same ASCII byte, or any lead byte for a phrase that starts beyond ASCII (the
 * two cases of a letter may differ there: Ч is D0 A7, ч is D1 87). */
static bool may_start(unsigned char c, const char *phrase)
{
    unsigned char first = (unsigned char)phrase[0];
    if (first >= 0x80)
        return c >= 0xC0;
    return first >= 'a' && first <= 'z' ? (c | 0x20) == first : c == first;
}

static bool fold_contains(const char *s, size_t n, const char *phrase)
{
    bool word_start = wordish((unsigned char)phrase[0]);
    for (size_t i = 0; i < n; i++) {
        size_t k;
        if (!may_start((unsigned char)s[i], phrase) ||
            (word_start && i > 0 && wordish((unsigned char)s[i - 1])))
            continue;
        k = fold_prefix(s + i, n - i, phrase);
        if (k && (i + k == n || !wordish((unsigned char)phrase[strlen(phrase) - 1]) ||
                  !wordish((unsigned char)s[i + k])))
            return true;
    }
    return false;
}

/* A label: the phrase is the whole line, or stands before a colon. */
static bool is_label(const char *s, size_t n)
{
    for (size_t i = 0; labels[i]; i++) {
        size_t k = may_start((unsigned char)s[0], labels[i]) ? fold_prefix(s, n, labels[i]) : 0;
        if (!k)
            continue;
        while (k < n && (s[k] == ' ' || s[k] == '?' || s[k] == '!'))
            k++;
        if (k == n || s[k] == ':')
            return true;
    }
    return false;
}

static bool any_prefix(const char *s, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (may_start((unsigned char)s[0], list[i]) && fold_prefix(s, n, list[i]))
            return true;
    return false;
}

static bool any_inside(const char *s, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (fold_contains(s, n, list[i]))
            return true;
    return false;
}

/* The editor's initials alone on a line: "(jk)", "(AB/PAP)". */
static bool initials(const char *s, size_t n)
{
    if (n < 3 || n > 16 || s[0] != '(' || s[n - 1] != ')')
        return false;
    for (size_t i = 1; i + 1 < n; i++)
        if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') && s[i] != '/' && s[i] != ',' &&
            s[i] != ' ' && s[i] != '.')
            return false;
    return true;
}

/* A date line: after its opening phrase, at least as many digits as letters ("Published
 * 12 May 2026", not "Published in 1990, the book sold well"). */
static bool dated_line(const char *s, size_t n)
{
    size_t digits = 0, letters = 0, k = 0;
    for (size_t i = 0; dated[i] && !k; i++)
        k = fold_prefix(s, n, dated[i]);
    if (!k)
        return false;
    for (size_t i = k; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        digits += c >= '0' && c <= '9';
        letters += ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0xC0;
    }
    return digits > 0 && digits >= letters;
}

/* Where a credit that ends a caption begins ("... the ramp. Foto: J. Berg"), or len. */
size_t bitext_read_credit_start(const char *text, size_t len)
{
    static const char *const marks[] = {"foto:", "fotos:", "photo:", "photos:", "fot.",
                                        "bild:", "image:", "credit:", "©", "(foto", "(photo",
                                        "zdjęcie:", "źródło:", "quelle:", "source:",
                                        "fuente:", "fonte:", "photograph:", NULL};
    for (size_t i = len > CREDIT_LINE ? len - CREDIT_LINE : 0; i + 3 < len; i++) {
        if (i > 0 && text[i - 1] != ' ' && text[i - 1] != '(' && text[i - 1] != '\n')
            continue;
        for (size_t k = 0; marks[k]; k++) {
            size_t start = text[i - (i > 0)] == '(' && i > 0 ? i - 1 : i;
            if (fold_prefix(text + i, len - i, marks[k]) && start >= 10)
                return start;
        }
    }
    return len;
}

bool bitext_read_is_boilerplate(const char *text, size_t len)
{
    while (len && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '.'))
        len--;
    if (len == 0)
        return false;
    if (is_label(text, len) || initials(text, len))
        return true;
    if (len <= SHORT_LINE && (any_prefix(text, len, openers) || any_inside(text, len, notices)))
        return true;
    if (len <= CREDIT_LINE && dated_line(text, len))
        return true;
    return len <= CREDIT_LINE && any_inside(text, len, credits);
}
