/* read/html_match.c - what two texts share, as sets of word pairs.
 *
 * A page's summary (its <meta name="description">, og:description, twitter:description) is
 * most often its lead or first lines, but rarely byte for byte: entities, quotes, white
 * space, a "..." where it was cut.  So texts are compared as sets of hashed pairs of
 * adjacent words (shingles, as near-duplicate detection does), words being runs of letters
 * and digits, ASCII case folded.  A set holds at most MAX_PAIRS pairs: its memory is
 * bounded, whatever the page declares.
 */
#include <stdlib.h>
#include <string.h>

#include "html_int.h"

#define MAX_PAIRS 4096

/* Letters and digits; other code points below U+0080, and the punctuation and spaces of
 * Latin-1, General Punctuation and CJK Symbols, end a word. */
static bool word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) - 'a' < 26 || cp - '0' < 10;
    return !(cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) &&
           !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) &&
           cp != 0xD7 && cp != 0xF7 && !(cp >= 0xFF01 && cp <= 0xFF0F);
}

/* The hash of the next word of s from *i (0 when no word is left). */
static uint32_t next_word(const char *s, size_t len, size_t *i)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    bool any = false;
    while (*i < len) {
        size_t at = *i;
        uint32_t cp = bitext_utf8_next(s, len, i);
        if (!word_char(cp)) {
            if (any)
                break;
            continue;
        }
        any = true;
        for (size_t k = at; k < *i; k++) {
            unsigned char c = (unsigned char)s[k];
            h = (h ^ (c >= 'A' && c <= 'Z' ? c | 0x20 : c)) * 16777619u;
        }
    }
    return any ? (h ? h : 1) : 0;
}

static uint32_t pair_hash(uint32_t a, uint32_t b)
{
    uint32_t h = a * 0x9E3779B1u ^ (b + 0x7F4A7C15u + (a << 6) + (a >> 2));
    return h ? h : 1;
}

static bool has(const bitext_pairset *s, uint32_t h)
{
    if (!s->cap)
        return false;
    for (size_t k = h & (s->cap - 1); s->slot[k]; k = (k + 1) & (s->cap - 1))
        if (s->slot[k] == h)
            return true;
    return false;
}

static int put(bitext_pairset *s, uint32_t h)
{
    size_t k;
    if (has(s, h) || s->n >= MAX_PAIRS)
        return 0;
    if ((s->n + 1) * 2 > s->cap) {   /* at most half full */
        size_t cap = s->cap ? s->cap * 2 : 64;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (!slot)
            return BITEXT_ENOMEM;
        for (size_t i = 0; i < s->cap; i++)
            for (k = s->slot[i] & (cap - 1); s->slot[i]; k = (k + 1) & (cap - 1))
                if (!slot[k]) {
                    slot[k] = s->slot[i];
                    break;
                }
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    for (k = h & (s->cap - 1); s->slot[k]; k = (k + 1) & (s->cap - 1))
        ;
    s->slot[k] = h;
    s->n++;
    return 0;
}

int bitext_pairset_add(bitext_pairset *s, const char *text, size_t len)
{
    size_t i = 0;
    uint32_t prev = next_word(text, len, &i), w;
    int rc = 0;
    while (rc == 0 && prev && (w = next_word(text, len, &i))) {
        rc = put(s, pair_hash(prev, w));
        prev = w;
    }
    return rc;
}

size_t bitext_pairset_feed(const bitext_pairset *s, const char *text, size_t len,
                           uint32_t *prev, size_t *pairs)
{
    size_t i = 0, hits = 0;
    uint32_t w;
    while ((w = next_word(text, len, &i))) {
        if (*prev) {
            hits += has(s, pair_hash(*prev, w));
            (*pairs)++;
        }
        *prev = w;
    }
    return hits;
}

size_t bitext_pairset_hits(const bitext_pairset *s, const char *text, size_t len, size_t *pairs)
{
    uint32_t prev = 0;
    size_t n = 0, hits = bitext_pairset_feed(s, text, len, &prev, &n);
    if (pairs)
        *pairs = n;
    return hits;
}

void bitext_pairset_free(bitext_pairset *s)
{
    free(s->slot);
    memset(s, 0, sizeof *s);
}
