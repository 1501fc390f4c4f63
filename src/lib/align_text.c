/* align_text.c - the tokens and lexical anchors of a sentence, for the aligner and lexicon.
 *
 * Anchors that survive translation (Simard, Foster & Isabelle 1992; Moore 2002): numbers,
 * identical words and names, cognates (here: the first four letters of longer words, after
 * folding case and diacritics and transliterating Greek and Cyrillic; the folded forms are
 * kept for the edit-distance cognates of align_cognate.c), punctuation that
 * translators keep (? ! : quotes, brackets) and URLs.  Everything becomes a 32-bit id so that
 * matching two sentences is a merge of two sorted arrays.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "align_int.h"

/* Languages that write 2,5 for two and a half and 2.300 or 2 300 for two thousand three
 * hundred (CLDR decimal symbol ","). */
bool align_decimal_comma(const char *lang)
{
    static const char *const comma[] = {
        "af", "az", "be", "bg", "bs", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi",
        "fo", "fr", "gl", "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "ky", "lt", "lv",
        "mk", "mn", "nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr",
        "sv", "tr", "uk", "uz", "vi", NULL};
    char base[4] = {0};
    size_t k = 0;
    if (!lang)
        return false;
    while (k < 3 && lang[k] && lang[k] != '-' && lang[k] != '_') {
        base[k] = (char)(lang[k] | 0x20);
        k++;
    }
    for (size_t i = 0; comma[i]; i++)
        if (strcmp(base, comma[i]) == 0)
            return true;
    return false;
}

static uint32_t feat_hash(char kind, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (unsigned char)kind) * 1099511628211ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    uint32_t v = (uint32_t)(h ^ (h >> 32));
    return v ? v : 1;
}

void align_shrink(void **array, size_t n, size_t size)
{
    void *p = *array ? realloc(*array, (n ? n : 1) * size) : NULL;
    if (p)
        *array = p;
}

static int push(align_tokens *out, uint8_t kind, uint32_t id, uint32_t prefix)
{
    if (bitext_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) < 0)
        return BITEXT_ENOMEM;
    out->v[out->n++] = (align_token){kind, id, prefix};
    return 0;
}

/* ---- folding ------------------------------------------------------------------------- */

/* Transliteration of lower-case Greek (U+03B1..U+03C9) and Cyrillic (U+0430..U+045F),
 * simplified ISO 9 / ELOT 743, enough for names and cognates to meet their Latin forms. */
static const char *const greek[] = {
    "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p",
    "r", "s", "s", "t", "y", "f", "ch", "ps", "o"};
static const char *const cyrillic[] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    "e", "e", "dj", "g", "e", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz"};

static const char *translit(uint32_t cp)
{
    if (cp >= 0x3B1 && cp <= 0x3C9)
        return greek[cp - 0x3B1];
    if (cp >= 0x430 && cp <= 0x45F)
        return cyrillic[cp - 0x430];
    switch (cp) {
    case 0xDF: return "ss";
    case 0xE6: return "ae";
    case 0x153: return "oe";
    case 0xF8: return "o";
    case 0x111: case 0xF0: return "d";
    case 0x142: return "l";
    case 0xFE: return "th";
    case 0x131: return "i";
    case 0x491: return "g";
    default: return NULL;
    }
}

/* The base letter of cp after canonical decomposition (é -> e, ά -> α, й -> и). */
static uint32_t base_letter(uint32_t cp)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    UChar d[8];
    int32_t n;
    if (U_FAILURE(st))
        return cp;
    n = unorm2_getRawDecomposition(nfd, (UChar32)cp, d, 8, &st);
    if (U_FAILURE(st) || n <= 0 || U16_IS_SURROGATE(d[0]))
        return cp;
    return d[0] < 0x80 || (d[0] >= 0x370 && d[0] < 0x500) ? d[0] : cp;
}

/* Appends the folded form of one letter to buf; returns the new length. */
static size_t fold_cp(char *buf, size_t k, uint32_t cp)
{
    const char *t;
    cp = (uint32_t)u_tolower((UChar32)cp);
    if (cp < 0x80) {
        buf[k++] = (char)cp;
        return k;
    }
    if (cp < 0x2000 && !translit(cp))
        cp = base_letter(cp);
    if (cp < 0x80) {
        buf[k++] = (char)cp;
        return k;
    }
    if ((t = translit(cp)) != NULL) {
        size_t n = strlen(t);
        memcpy(buf + k, t, n);
        return k + n;
    }
    return k + bitext_utf8_encode(cp, buf + k);
}

/* ---- classes ------------------------------------------------------------------------- */

static bool is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return !bitext_is_unspaced(cp) &&
           (u_isalpha((UChar32)cp) || u_charType((UChar32)cp) == U_NON_SPACING_MARK);
}

static int digit_of(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp < 0x80)
        return -1;
    return u_isdigit((UChar32)cp) ? u_charDigitValue((UChar32)cp) : -1;
}

/* The punctuation class translators keep, or 0. */
static char punct_class(uint32_t cp)
{
    switch (cp) {
    case '?': case 0xFF1F: case 0xBF: return '?';
    case '!': case 0xFF01: case 0xA1: return '!';
    case ':': case 0xFF1A: return ':';
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: case 0x2039:
    case 0x203A: case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0xFF02:
        return '"';
    case '(': case '[': case 0xFF08: case 0x3010: return '(';
    default: return 0;
    }
}

static bool is_group_sep(uint32_t cp, bool decimal_comma)
{
    if (cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == '\'' || cp == 0x2019)
        return true;
    return decimal_comma ? cp == '.' : cp == ',';
}

/* ---- tokens -------------------------------------------------------------------------- */

/* Length in bytes of a digit run at s[i], and its digit count. */
static size_t digit_run(const char *s, size_t len, size_t i, char *dst, size_t *ndig)
{
    size_t k = i, nd = 0;
    while (k < len) {
        size_t p = k;
        int d = digit_of(bitext_utf8_next(s, len, &p));
        if (d < 0)
            break;
        if (dst && nd < 20)
            dst[nd] = (char)('0' + d);
        nd++;
        k = p;
    }
    *ndig = nd;
    return k - i;
}

size_t align_number(char buf[ALIGN_NUMBER_MAX], const char *s, size_t len, size_t *i,
                    bool dcomma)
{
    size_t k = 0, nd, pos = *i;
    bool decimal = false;
    pos += digit_run(s, len, pos, buf, &nd);
    k = nd < 20 ? nd : 20;
    while (pos < len && k < 40) {
        size_t p = pos, run;
        uint32_t sep = bitext_utf8_next(s, len, &p);
        run = digit_run(s, len, p, NULL, &nd);
        if (nd == 0)
            break;
        if (!decimal && nd == 3 && is_group_sep(sep, dcomma) &&
            !(sep == (dcomma ? ',' : '.'))) {
            /* group separator */
        } else if (!decimal && sep == (uint32_t)(dcomma ? ',' : '.')) {
            decimal = true;
            buf[k++] = '.';
        } else {
            break;
        }
        if (k + nd > 40)
            break;
        digit_run(s, len, p, buf + k, &nd);
        k += nd;
        pos = p + run;
    }
    while (decimal && k > 0 && (buf[k - 1] == '0' || buf[k - 1] == '.')) {
        bool dot = buf[k - 1] == '.';
        k--;
        if (dot)
            break;
    }
    *i = pos;
    return k;
}

static int number_token(align_tokens *out, const char *s, size_t len, size_t *i, bool dcomma)
{
    char buf[ALIGN_NUMBER_MAX];
    size_t k = align_number(buf, s, len, i, dcomma);
    return push(out, TOK_NUM, feat_hash('N', buf, k), 0);
}

/* Bytes of the first n code points of buf[0..k), or 0 when it has fewer than n + 1. */
static size_t prefix_bytes(const char *buf, size_t k, int n)
{
    size_t i = 0;
    for (int c = 0; c < n && i < k; c++)
        bitext_utf8_next(buf, k, &i);
    return i < k ? i : 0;
}

/* ---- folded forms -------------------------------------------------------------------- */

void align_forms_free(align_forms *f)
{
    free(f->keys);
    free(f->offs);
    free(f->text);
    memset(f, 0, sizeof *f);
}

static size_t forms_slot(const align_forms *f, uint32_t id)
{
    size_t at = (id * 2654435761u) & (f->cap - 1);
    while (f->keys[at] && f->keys[at] != id)
        at = (at + 1) & (f->cap - 1);
    return at;
}

const char *align_forms_get(const align_forms *f, uint32_t id)
{
    size_t at;
    if (!f->cap || !id)
        return NULL;
    at = forms_slot(f, id);
    return f->keys[at] ? f->text + f->offs[at] : NULL;
}

static int forms_rehash(align_forms *f)
{
    size_t cap = f->cap ? 2 * f->cap : 1u << 12;
    align_forms big = {calloc(cap, sizeof *big.keys), malloc(cap * sizeof *big.offs), cap, f->n,
                       f->text, f->len, f->tcap};
    if (!big.keys || !big.offs) {
        free(big.keys);
        free(big.offs);
        return BITEXT_ENOMEM;
    }
    for (size_t k = 0; k < f->cap; k++)
        if (f->keys[k]) {
            size_t at = forms_slot(&big, f->keys[k]);
            big.keys[at] = f->keys[k];
            big.offs[at] = f->offs[k];
        }
    free(f->keys);
    free(f->offs);
    *f = big;
    return 0;
}

/* Keeps the form buf[0..k) of word id once. */
static int forms_add(align_forms *f, uint32_t id, const char *buf, size_t k)
{
    size_t at;
    if (f->cap && f->keys[forms_slot(f, id)])
        return 0;
    if ((2 * (f->n + 1) > f->cap && forms_rehash(f) < 0) ||
        bitext_grow((void **)&f->text, &f->tcap, f->len + k + 1, 1) < 0 || f->len > UINT32_MAX)
        return BITEXT_ENOMEM;
    at = forms_slot(f, id);
    f->keys[at] = id;
    f->offs[at] = (uint32_t)f->len;
    memcpy(f->text + f->len, buf, k);
    f->text[f->len + k] = '\0';
    f->len += k + 1;
    f->n++;
    return 0;
}

/* A word of letters at s[*i]: folded, with a cognate prefix (the first four letters after
 * folding and transliteration, so "Athina" meets "Αθήνα") when it is long enough. */
static int word_token(align_tokens *out, const char *s, size_t len, size_t *i)
{
    char buf[256];
    size_t k = 0, pos = *i, pre;
    uint32_t id;
    while (pos < len) {
        size_t p = pos;
        uint32_t cp = bitext_utf8_next(s, len, &p);
        if (!is_letter(cp))
            break;
        pos = p;
        if (u_charType((UChar32)cp) == U_NON_SPACING_MARK || k > 200)
            continue;
        k = fold_cp(buf, k, cp);
    }
    *i = pos;
    if (k == 0)
        return 0;
    pre = prefix_bytes(buf, k, 4);
    id = feat_hash('W', buf, k);
    if (out->forms && k <= ALIGN_FORM_MAX && prefix_bytes(buf, k, ALIGN_FORM_MIN - 1) &&
        forms_add(out->forms, id, buf, k) < 0)
        return BITEXT_ENOMEM;
    return push(out, TOK_WORD, id, pre ? feat_hash('P', buf, pre) : 0);
}

static bool starts_url(const char *s, size_t len, size_t i)
{
    static const char *const pre[] = {"http://", "https://", "www."};
    if ((s[i] | 0x20) != 'h' && (s[i] | 0x20) != 'w')
        return false;
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(pre[k]);
        if (len - i >= n && strncasecmp(s + i, pre[k], n) == 0)
            return true;
    }
    return false;
}

static int url_token(align_tokens *out, const char *s, size_t len, size_t *i)
{
    char buf[256];
    size_t k = 0, pos = *i, end;
    while (pos < len && !bitext_is_space((unsigned char)s[pos]) && s[pos] != '"' &&
           s[pos] != '<' && s[pos] != '>')
        pos++;
    end = pos;
    while (end > *i && strchr(".,;:!?)]'", s[end - 1]))
        end--;
    for (size_t p = *i; p < end && k < sizeof buf; p++)
        buf[k++] = (char)((s[p] >= 'A' && s[p] <= 'Z') ? s[p] | 0x20 : s[p]);
    *i = pos;
    return push(out, TOK_URL, feat_hash('U', buf, k), 0);
}

/*
 * Single quotes mark dialogue in many English texts ('Why?' he said), but ' and U+2019 are
 * also apostrophes (he's, boys').  Quote marks are those after a non-letter and before a
 * letter (opening), or right after sentence punctuation (closing); U+2018 always is one.
 * The quote at s[at..next) is cp; returns the quote class or 0.
 */
static char single_quote(const char *s, size_t len, size_t at, size_t next, uint32_t cp)
{
    size_t q = at, r = next;
    uint32_t before = 0, after = 0;
    if (cp == 0x2018)
        return '"';
    if (cp != '\'' && cp != 0x2019)
        return 0;
    if (q > 0)
        before = bitext_utf8_prev(s, &q);
    if (r < len)
        after = bitext_utf8_next(s, len, &r);
    if ((before == 0 || bitext_is_space(before) || before == '(' || before == '"') &&
        is_letter(after))
        return '"';
    if (before && before < 0x80 && strchr(".,!?;:", (int)before) &&
        (after == 0 || !is_letter(after)))
        return '"';
    return 0;
}

int align_tokenize(align_tokens *out, const char *s, size_t len, bool decimal_comma)
{
    size_t i = 0;
    int rc = 0;
    while (rc == 0 && i < len) {
        size_t p = i;
        uint32_t cp = bitext_utf8_next(s, len, &p);
        char pc;
        if (starts_url(s, len, i)) {
            rc = url_token(out, s, len, &i);
        } else if (digit_of(cp) >= 0) {
            rc = number_token(out, s, len, &i, decimal_comma);
        } else if (bitext_is_unspaced(cp)) {
            char buf[8];
            size_t k = bitext_utf8_encode(cp, buf);
            rc = push(out, TOK_WORD, feat_hash('W', buf, k), 0); /* one token per character */
            i = p;
        } else if (is_letter(cp)) {
            rc = word_token(out, s, len, &i);
        } else {
            if ((pc = punct_class(cp)) != 0 || (pc = single_quote(s, len, i, p, cp)) != 0)
                rc = push(out, TOK_PUNCT, feat_hash('Q', &pc, 1), 0);
            i = p;
        }
    }
    return rc;
}

static int pair_cmp(const void *x, const void *y)
{
    const align_pair *a = x, *b = y;
    if (a->src != b->src)
        return a->src < b->src ? -1 : 1;
    return a->tgt < b->tgt ? -1 : a->tgt > b->tgt;
}

size_t align_pairs_unique(align_pair *p, size_t n)
{
    size_t w = 0;
    if (n == 0)
        return 0;
    qsort(p, n, sizeof *p, pair_cmp);
    for (size_t k = 0; k < n; k++)
        if (w == 0 || pair_cmp(&p[w - 1], &p[k]) != 0)
            p[w++] = p[k];
    return w;
}
