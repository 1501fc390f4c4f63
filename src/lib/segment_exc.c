/*
 * segment_exc.c - the exception rules on top of ICU's sentence boundaries.
 *
 * ICU (UAX #29 sentence rules + CLDR suppressions) proposes boundaries; this file adds the
 * ones UAX #29 cannot see (lists without periods, "world.Today", colons that end sentences in
 * Armenian and Arabic ...) and then judges every candidate by the text around it: the word
 * before the terminal (abbreviation? initial? ordinal?) and the word after it (a sentence
 * starter? lower case? a number?).  The word lists are data (data/segment/<lang>.rules); the
 * classes of rules are the ones of pragmatic_segmenter's Golden Rules and of the SRX files CAT
 * tools ship.  Every step looks at a bounded window, so a paragraph costs linear time.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "segment_rules_int.h"
#include "util_int.h"

#define WINDOW 64 /* bytes looked at around a candidate; words longer than that do not matter */

typedef struct {
    const seg_rules *r;
    const char *s;
    size_t ps, pe;            /* the paragraph */
    size_t seg_start;         /* start of the segment being built */
} ctx;

/* ---- characters ---------------------------------------------------------------------- */

/* The decoders, with the ASCII case inline: these run at every candidate. */
static inline uint32_t cp_at(const ctx *c, size_t i)
{
    if (i >= c->pe)
        return 0;
    return (unsigned char)c->s[i] < 0x80 ? (unsigned char)c->s[i]
                                         : seg_next(c->s, c->pe, &i);
}

static inline uint32_t cp_before(const ctx *c, size_t i)
{
    if (i <= c->ps)
        return 0;
    return (unsigned char)c->s[i - 1] < 0x80 ? (unsigned char)c->s[i - 1]
                                             : seg_prev(c->s, &i);
}

static inline size_t next_i(const ctx *c, size_t i)
{
    if ((unsigned char)c->s[i] < 0x80)
        return i + 1;
    seg_next(c->s, c->pe, &i);
    return i;
}

static inline size_t prev_i(const ctx *c, size_t i)
{
    if ((unsigned char)c->s[i - 1] < 0x80)
        return i - 1;
    seg_prev(c->s, &i);
    return i;
}

/* ICU's letter classes, with ASCII answered inline: these run many times per candidate. */
static inline bool is_alpha(uint32_t cp)
{
    return cp < 0x80 ? ((cp | 0x20) - 'a') < 26 : u_isalpha((UChar32)cp) != 0;
}

static inline bool is_upper(uint32_t cp)
{
    return cp < 0x80 ? cp - 'A' < 26 : u_isupper((UChar32)cp) != 0;
}

static inline bool is_lower(uint32_t cp)
{
    return cp < 0x80 ? cp - 'a' < 26 : u_islower((UChar32)cp) != 0;
}

static inline bool is_digit(uint32_t cp)
{
    return cp < 0x80 ? cp - '0' < 10 : u_isdigit((UChar32)cp) != 0;
}

static bool is_format(uint32_t cp)
{
    return u_charType((UChar32)cp) == U_FORMAT_CHAR;
}

static bool is_superscript(uint32_t cp)
{
    return cp == 0xB9 || cp == 0xB2 || cp == 0xB3 || (cp >= 0x2070 && cp <= 0x207F);
}

/* Sentence-final punctuation (UAX #29 STerm/ATerm, the ones bitext knows by name). */
static bool is_terminal(uint32_t cp)
{
    switch (cp) {
    case '.': case '!': case '?': case 0x2026: case 0x203C: case 0x203D: case 0x2047:
    case 0x2048: case 0x2049: case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: case 0x061F:
    case 0x06D4: case 0x0964: case 0x0965: case 0x1362: case 0x1367: case 0x104B: case 0x037E:
    case 0x0589:
        return true;
    default:
        return false;
    }
}

static bool is_quote(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0xAB || cp == 0xBB || (cp >= 0x2018 && cp <= 0x201F)
           || cp == 0x2039 || cp == 0x203A || cp == 0x300C || cp == 0x300D || cp == 0x300E ||
           cp == 0x300F;
}

/* What may follow a terminal and still belong to its sentence: quotes, brackets, footnotes. */
static bool is_closing(uint32_t cp)
{
    int t = u_charType((UChar32)cp);
    return is_quote(cp) || t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION ||
           is_superscript(cp) || t == U_FORMAT_CHAR;
}

static bool is_opening(uint32_t cp)
{
    int t = u_charType((UChar32)cp);
    return is_quote(cp) || t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION ||
           cp == 0xBF || cp == 0xA1 || t == U_FORMAT_CHAR;
}

static bool is_bullet(uint32_t cp)
{
    return cp == 0x2022 || cp == 0x2043 || cp == 0x25E6 || cp == 0x25AA || cp == 0x2023 ||
           cp == 0x2219 || cp == 0x25CF || cp == 0x25CB || cp == 0x25A0 || cp == 0x25B8 ||
           cp == 0x25BA;
}

static inline bool is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return bitext_is_space(cp);
}

static size_t skip_spaces(const ctx *c, size_t i);

/* ---- words --------------------------------------------------------------------------- */

typedef struct {
    size_t start, end;        /* byte range of the word, opening punctuation stripped */
} span;

/* The white-space delimited token ending at `end` (not before lo), opening marks stripped. */
static span word_before(const ctx *c, size_t end, size_t lo)
{
    span w = {end, end};
    while (w.end > lo && is_format(cp_before(c, w.end)))
        w.end = prev_i(c, w.end);
    w.start = w.end;
    while (w.start > lo && end - w.start < WINDOW && !is_space(cp_before(c, w.start)))
        w.start = prev_i(c, w.start);
    while (w.start < w.end && is_opening(cp_at(c, w.start)))
        w.start = next_i(c, w.start);
    return w;
}

/* A dash that opens a line of dialogue: "–", "—", or "-" set off by white space. */
static bool is_dialogue_dash(uint32_t cp)
{
    return cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == '-';
}

/* After a dialogue dash and its white space at i, where the line's text starts; else i. */
static size_t skip_dash(const ctx *c, size_t i)
{
    size_t j;
    if (i >= c->pe || !is_dialogue_dash(cp_at(c, i)))
        return i;
    j = next_i(c, i);
    if (j >= c->pe || !is_space(cp_at(c, j)))
        return i;
    while (j < c->pe && is_space(cp_at(c, j)) && c->s[j] != '\n')
        j = next_i(c, j);
    return j;
}

/* ",," and "''": quotes typed as two commas (Dutch and German „) or two backquotes (TeX's
 * opening ``), and as two apostrophes (the closing ” of typewriters and TeX). */
static bool two_commas(const ctx *c, size_t i)
{
    return i + 1 < c->pe && ((c->s[i] == ',' && c->s[i + 1] == ',') ||
                             (c->s[i] == '`' && c->s[i + 1] == '`'));
}

static bool two_apostrophes(const ctx *c, size_t i)
{
    return i + 1 < c->pe && c->s[i] == '\'' && c->s[i + 1] == '\'';
}

/* The letters of the word starting at i after opening marks and a dialogue dash (may be
 * empty). */
static span word_after(const ctx *c, size_t i)
{
    span w;
    i = skip_dash(c, i);
    if (two_commas(c, i))
        i = skip_spaces(c, i + 2);
    while (i < c->pe && i - c->ps < c->pe && is_opening(cp_at(c, i)))
        i = next_i(c, i);
    w.start = w.end = i;
    while (w.end < c->pe && w.end - i < WINDOW && is_alpha((uint32_t)cp_at(c, w.end)))
        w.end = next_i(c, w.end);
    return w;
}

static size_t letters(const ctx *c, span w)
{
    size_t n = 0;
    for (size_t i = w.start; i < w.end; n++)
        if (!is_alpha((uint32_t)seg_next(c->s, w.end, &i)))
            return 0;
    return n;
}

static bool all_digits(const ctx *c, span w)
{
    if (w.start == w.end)
        return false;
    for (size_t i = w.start; i < w.end; i++)
        if (c->s[i] < '0' || c->s[i] > '9')
            return false;
    return true;
}

/* "XIV", "II": a Roman numeral (the ordinals of kings and centuries). */
static bool roman(const ctx *c, span w)
{
    if (w.start == w.end || w.end - w.start > 8)
        return false;
    for (size_t i = w.start; i < w.end; i++)
        if (!strchr("IVXLCDM", c->s[i]) || !c->s[i])
            return false;
    return true;
}

/* "U.S", "a.m", "z.B", "т.б", "Ph.D": letter groups of one or two joined by periods. */
static bool multi_period(const ctx *c, span w)
{
    size_t run = 0, dots = 0;
    for (size_t i = w.start; i < w.end;) {
        uint32_t cp = seg_next(c->s, w.end, &i);
        if (cp == '.') {
            if (run == 0)
                return false;
            dots++;
            run = 0;
        } else if (is_alpha((uint32_t)cp) && ++run <= 2) {
            continue;
        } else {
            return false;
        }
    }
    return dots > 0 && run > 0;
}

static bool has_str(const ctx *c, span w, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = w.start; i + n <= w.end; i++)
        if (!memcmp(c->s + i, needle, n))
            return true;
    return false;
}

/* The whole non-space token around position i: URL, e-mail address or file path? */
static bool in_address(const ctx *c, size_t i)
{
    span t = {i, i};
    while (t.start > c->ps && i - t.start < 256 && !is_space(cp_before(c, t.start)))
        t.start = prev_i(c, t.start);
    while (t.end < c->pe && t.end - i < 256 && !is_space(cp_at(c, t.end)))
        t.end = next_i(c, t.end);
    return has_str(c, t, "@") || has_str(c, t, "://") || has_str(c, t, "www.") ||
           has_str(c, t, "/");
}

/* Does a terminal (with closing marks) end right before i, across white space? */
static bool after_terminal(const ctx *c, size_t i, bool need_space)
{
    size_t j = i, n = 0;
    while (j > c->ps && is_space(cp_before(c, j)))
        j = prev_i(c, j);
    if (need_space && j == i)
        return false;
    while (j > c->ps && n++ < 8 && is_closing(cp_before(c, j)))
        j = prev_i(c, j);
    return is_terminal(cp_before(c, j));
}

/* "[17]", "[3][4]": footnote or citation marks; the end of the run when one starts at i,
 * else i. */
static size_t citation_end(const ctx *c, size_t i)
{
    size_t j = i, end = i;
    while (j < c->pe && c->s[j] == '[') {
        size_t d = j + 1;
        while (d < c->pe && d - j <= 4 && c->s[d] >= '0' && c->s[d] <= '9')
            d++;
        if (d == j + 1 || d >= c->pe || c->s[d] != ']')
            break;
        j = end = d + 1;
    }
    if (end == i && i + 4 < c->pe && (!memcmp(c->s + i, "[...]", 5) ||
                                      !memcmp(c->s + i, "[\xE2\x80\xA6]", 5)))
        end = i + 5; /* "[...]", "[…]": a mark of omission ends the sentence it follows */
    return end;
}

/* ---- list markers: "1.", "2)", "3.)", "a.", "b)", optionally after a bullet ------------- */

typedef struct {
    bool ok;
    bool digit;               /* numbered, else lettered */
    int value;
    int delim;                /* 1 ".", 2 ")", 3 ".)" */
    size_t start, end;        /* the marker with its bullet; end is after the delimiter */
} marker;

static marker parse_marker(const ctx *c, size_t i)
{
    marker m = {false, false, 0, 0, i, i};
    size_t j = i;
    if (is_bullet(cp_at(c, j)))
        for (j = next_i(c, j); j < c->pe && (c->s[j] == ' ' || c->s[j] == '\t'); j++)
            ;
    if (j < c->pe && c->s[j] >= '0' && c->s[j] <= '9') {
        m.digit = true;
        for (size_t k = 0; j < c->pe && k < 3 && c->s[j] >= '0' && c->s[j] <= '9'; k++, j++)
            m.value = m.value * 10 + (c->s[j] - '0');
    } else if (j < c->pe && ((c->s[j] >= 'a' && c->s[j] <= 'z') || (c->s[j] >= 'A' &&
                                                                      c->s[j] <= 'Z'))) {
        m.value = c->s[j] | 0x20;
        j++;
    } else {
        return m;
    }
    if (j + 1 < c->pe && c->s[j] == '.' && c->s[j + 1] == ')')
        m.delim = 3, j += 2;
    else if (j < c->pe && (c->s[j] == '.' || c->s[j] == ')'))
        m.delim = c->s[j] == '.' ? 1 : 2, j++;
    m.end = j;
    m.ok = m.delim && j < c->pe && is_space(cp_at(c, j));
    return m;
}

/* Is [seg_start, end) nothing but a list marker (so a period after it ends nothing)? */
static bool only_marker(const ctx *c, size_t word_start)
{
    size_t i = c->seg_start;
    while (i < word_start && (is_space(cp_at(c, i)) || is_bullet(cp_at(c, i))))
        i = next_i(c, i);
    return i == word_start;
}

/* ---- judging one candidate ----------------------------------------------------------- */

typedef struct {
    size_t e;                 /* end of the sentence-final cluster (before white space) */
    size_t c;                 /* end of the terminal run (closing marks follow) */
    size_t t;                 /* start of the terminal run */
    size_t next;              /* first character after the white space */
    bool newline;             /* a line break in the white space */
    int dots, bangs;          /* periods; ! and ? in the run */
    bool ellipsis;            /* "…" or two or more periods */
    bool quote;               /* a closing quote after the run */
} cluster;

static cluster read_cluster(const ctx *c, size_t b)
{
    cluster k = {b, b, b, b, false, 0, 0, false, false};
    while (k.e > c->ps && is_space(cp_before(c, k.e))) {
        k.newline |= cp_before(c, k.e) == '\n' || cp_before(c, k.e) == 0x2029;
        k.e = prev_i(c, k.e);
    }
    while (k.next < c->pe && is_space(cp_at(c, k.next))) {
        k.newline |= c->s[k.next] == '\n';
        k.next = next_i(c, k.next);
    }
    k.c = k.e;
    while (k.c > c->ps && k.e - k.c < WINDOW && is_closing(cp_before(c, k.c))) {
        k.quote |= is_quote(cp_before(c, k.c));
        k.c = prev_i(c, k.c);
    }
    k.t = k.c;
    while (k.t > c->ps && k.c - k.t < WINDOW && is_terminal(cp_before(c, k.t))) {
        uint32_t cp = cp_before(c, k.t);
        k.dots += cp == '.';
        k.bangs += cp == '!' || cp == '?';
        k.ellipsis |= cp == 0x2026;
        k.t = prev_i(c, k.t);
    }
    k.ellipsis |= k.dots >= 2;
    return k;
}

/* ". . ." : how many single periods separated by single spaces end at `end`; *attached says
 * whether the first one follows a word directly ("compounds. . . ."). */
static int spaced_dots(const ctx *c, size_t end, bool *attached)
{
    int n = 0;
    size_t i = end;
    while (i > c->ps && c->s[i - 1] == '.' && n < 8) {
        n++;
        i--;
        if (i >= c->ps + 2 && c->s[i - 1] == ' ' && c->s[i - 2] == '.')
            i--;
        else
            break;
    }
    *attached = i > c->ps && !is_space(cp_before(c, i));
    return n;
}

/*
 * A line break inside a paragraph ends a segment (lists, addresses, verse), except in prose
 * wrapped at a fixed width: a long line without a terminal, continued in lower case.
 */
static bool hard_wrapped(const ctx *c, const cluster *k)
{
    size_t i = k->e, n = 0;
    if (k->t != k->c || !is_lower((uint32_t)cp_at(c, k->next)))
        return false;
    while (i > c->ps && n < 40 && cp_before(c, i) != '\n') {
        i = prev_i(c, i);
        n++;
    }
    return n >= 40;
}

/* The period after an abbreviation-like word: break only before a sentence starter (and not
 * before another initial: "K. V. Novák", though "V" starts Czech sentences). */
static bool abbrev_breaks(const ctx *c, const cluster *k, span w2)
{
    uint32_t first = cp_at(c, w2.start);
    if (is_digit((uint32_t)cp_at(c, k->next)) || is_lower((uint32_t)first))
        return false;
    if (letters(c, w2) == 1 && cp_at(c, w2.end) == '.')
        return false;
    return seg_rules_is_starter(c->r, c->s + w2.start, w2.end - w2.start);
}

/* "21. 3. 2000", "1. 5.": a day and a month with periods (cs, sk, de, da ...). */
static bool date_follows(const ctx *c, const cluster *k)
{
    size_t j = k->next, d = 0;
    while (j < c->pe && d < 2 && c->s[j] >= '0' && c->s[j] <= '9')
        j++, d++;
    return d > 0 && j < c->pe && c->s[j] == '.';
}

/* The short word and period right before w ("т." of "т. п."), or an empty span. */
static span spaced_part(const ctx *c, span w)
{
    span p = {w.start, w.start};
    size_t i = w.start;
    if (i <= c->ps || !is_space(cp_before(c, i)))
        return p;
    i = prev_i(c, i);
    if (i <= c->ps || c->s[i - 1] != '.')
        return p;
    p = word_before(c, i - 1, c->seg_start > c->ps ? c->seg_start : c->ps);
    if (p.start == p.end || letters(c, p) == 0 || letters(c, p) > 2)
        p.start = p.end = w.start;
    return p;
}

/* The class of the word before the period, read with a spaced part before it: "т. п.",
 * "d. h.", "i. e." are looked up as "т.п", "d.h", "i.e". */
static seg_class abbrev_class(const ctx *c, span w1)
{
    const char *w = c->s + w1.start;
    size_t n = w1.end - w1.start;
    seg_class cls = seg_rules_class(c->r, w, n);
    span p = letters(c, w1) == 1 || letters(c, w1) == 2 ? spaced_part(c, w1) : w1;
    const char *dot = NULL;
    for (size_t i = 0; cls == SEG_NONE && i < n; i++)
        dot = w[i] == '.' ? w + i : dot;
    if (dot && w + n - dot > 3 &&
        (cls = seg_rules_class(c->r, dot + 1, (size_t)(w + n - dot - 1))) != SEG_NONE)
        return cls; /* "гл.серж", "dr.med": a compound ending in a title is one */
    if (p.start < p.end && (p.end - p.start) + 1 + n < 64) {
        char buf[64];
        size_t m = p.end - p.start;
        seg_class joined;
        memcpy(buf, c->s + p.start, m);
        buf[m] = '.';
        memcpy(buf + m + 1, w, n);
        if ((joined = seg_rules_class(c->r, buf, m + 1 + n)) != SEG_NONE)
            return joined;
    }
    return cls;
}

/* Is the token before w a number ("2000", "21,5", "1904-1905") or a Roman numeral, maybe
 * with another unit between ("600 tys. zł", "2.5 млрд. лв")? */
static bool after_number(const ctx *c, span w)
{
    for (int units = 0; units < 2; units++) {
        size_t i = w.start;
        span p;
        while (i > c->ps && is_space(cp_before(c, i)))
            i = prev_i(c, i);
        if (i == w.start)
            return false;
        p = word_before(c, i, c->ps);
        if (p.start == p.end)
            return false;
        if (roman(c, p) || (c->s[p.start] >= '0' && c->s[p.start] <= '9' &&
                            c->s[p.end - 1] >= '0' && c->s[p.end - 1] <= '9'))
            return true;
        if (seg_rules_class(c->r, c->s + p.start,
                            p.end - p.start - (c->s[p.end - 1] == '.')) != SEG_UNIT)
            return false; /* "600 tys. zł", "11 млн т" */
        w = p;
    }
    return false;
}

/* A period after a `final` (or a `unit` after a number): a break before a capitalised word
 * that is not a known name. */
static bool final_breaks(const ctx *c, span w2)
{
    return is_upper((uint32_t)cp_at(c, w2.start)) &&
           !seg_rules_is_name(c->r, c->s + w2.start, w2.end - w2.start);
}

/* After a single period: abbreviations, initials, ordinals, list markers. */
static bool period_keeps(const ctx *c, const cluster *k, span w1, span w2)
{
    const seg_rules *r = c->r;
    size_t nl = letters(c, w1);
    if (r->no_period)
        return false;
    span item = w1;
    while (item.start < item.end && is_bullet(cp_at(c, item.start)))
        item.start = next_i(c, item.start);
    if (k->c == k->t + 1 && only_marker(c, item.start) && item.end - item.start <= 4 &&
        (all_digits(c, item) || letters(c, item) == 1))
        return false; /* "1." / "a)" / "⁃9." opening a list item */
    switch (abbrev_class(c, w1)) {
    case SEG_TITLE:
        return false;
    case SEG_UNIT:
        return after_number(c, w1) && final_breaks(c, w2);
    case SEG_FINAL:
        return final_breaks(c, w2);
    case SEG_ABBREV:
        return abbrev_breaks(c, k, w2);
    case SEG_NUMERO:
        return !is_digit((uint32_t)cp_at(c, k->next));
    case SEG_NONE:
        break;
    }
    if (nl == 1 || multi_period(c, w1)) /* an initial ("J. Smith"), "U.S.", "c. 1818" */
        return abbrev_breaks(c, k, w2);
    /* "Karl III. 25. Mai": a Roman ordinal before a date; before a word it is as often
     * the end of a sentence ("Jána Pavla II. Paraguay ...") */
    if (r->ordinal_dot && roman(c, w1) && is_digit((uint32_t)cp_at(c, k->next)))
        return false;
    /* "19. storočia", "19. Jahrhundert", "21. 3. 2000"; a year ("v roku 2000. Zaviedol") is
     * no ordinal.  Where nouns are not capitalised, a capital after the number begins a
     * sentence ("misie Apollo 11. Posledným"). */
    if (r->ordinal_dot && all_digits(c, w1) && w1.end - w1.start <= 3) {
        if (is_digit((uint32_t)cp_at(c, k->next)))
            return !date_follows(c, k);
        if (!is_alpha((uint32_t)cp_at(c, w2.start)))
            return true;
        return r->noun_capitals ? seg_rules_is_starter(r, c->s + w2.start, w2.end - w2.start)
                                : is_upper((uint32_t)cp_at(c, w2.start)) != 0;
    }
    return true;
}

/* Does a citation or omission mark ("[17]", "[...]") that follows a terminal end at e? */
static bool citation_before(const ctx *c, size_t e)
{
    size_t open = e;
    if (e <= c->ps || c->s[e - 1] != ']')
        return false;
    while (open > c->ps && e - open < 12 && c->s[open - 1] != '[')
        open--;
    return open > c->ps && citation_end(c, open - 1) == e && after_terminal(c, open - 1, false);
}

/* Should the candidate boundary b stay? */
static bool keeps(const ctx *c, size_t b)
{
    cluster k = read_cluster(c, b);
    span w1, w2 = word_after(c, k.next);
    bool attached;
    int dots;
    uint32_t before_run = cp_before(c, k.t), after_run = cp_at(c, k.c);
    if (k.next >= c->pe)
        return true;
    if (k.newline)
        return !hard_wrapped(c, &k);
    if (seg_chars_has(c->r->nobreak_before, c->r->nnobreak_before, cp_at(c, k.next)) ||
        is_superscript(cp_at(c, k.next)) ||
        (two_apostrophes(c, k.next) && k.next > k.e &&
         (k.next + 2 >= c->pe || is_space(cp_at(c, k.next + 2)))) ||
        seg_chars_has(c->r->spaced_closing, c->r->nspaced_closing, cp_at(c, k.next)))
        return false; /* "№ 5", "Satz.¹", "demain. »" */
    if (k.t < k.c && citation_end(c, k.next) > k.next)
        return false; /* "Dulwich. [17] Placed": the mark ends the sentence it follows */
    if (citation_before(c, k.e))
        return !is_lower((uint32_t)cp_at(c, w2.start)); /* ... and the break follows it */
    if (k.t == k.c)
        return true; /* not after a terminal: a list item or an extra terminal added it */
    if ((before_run == '(' && after_run == ')') || (before_run == '[' && after_run == ']'))
        return false; /* "ein(!) Satz", "[...]" */
    if (k.dots == 1 && (dots = spaced_dots(c, k.c, &attached)) >= 3)
        return k.quote || (!(dots == 3 && !attached) && !(dots == 4 && attached));
    if (k.next == k.e && (((unsigned char)c->s[k.t] < 0x80 && in_address(c, k.t)) ||
                          k.ellipsis))
        return false; /* "Jane.Doe@example.com", "mean...see"; "。" is in no address */
    if (k.bangs && is_lower((uint32_t)cp_at(c, w2.start))) {
        /* "“Really?” she asked" (attribution), "Yahoo! in", "a loud dong! like a bell" */
        if (k.quote || skip_dash(c, k.next) > k.next)
            return c->r->no_attribution; /* "– Co? – spytał." */
        return c->r->bang_lowercase_break;
    }
    if (k.dots == 1 && k.bangs == 0 && !k.ellipsis && !k.quote) {
        w1 = word_before(c, k.t, c->seg_start > c->ps ? c->seg_start : c->ps);
        return w1.start == w1.end || period_keeps(c, &k, w1, w2);
    }
    return true;
}

/* ---- boundaries ICU does not propose ------------------------------------------------- */

typedef struct {
    size_t *v;
    size_t n, cap;
} posvec;

static int push(posvec *p, size_t pos)
{
    if (bitext_grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v) < 0)
        return BITEXT_ENOMEM;
    p->v[p->n++] = pos;
    return 0;
}

static size_t skip_spaces(const ctx *c, size_t i)
{
    /* defined here, with the other helpers of the additions; word_after uses it too */
    while (i < c->pe && is_space(cp_at(c, i)) && c->s[i] != '\n')
        i = next_i(c, i);
    return i;
}

/* "world.Today": a period between a lower-case word and a capital, outside addresses. */
static bool glued_sentence(const ctx *c, size_t i)
{
    uint32_t a = cp_before(c, i), b = cp_at(c, i + 1);
    size_t j;
    if (!is_lower((uint32_t)a) || !is_alpha((uint32_t)cp_before(c, prev_i(c, i))) ||
        !is_upper((uint32_t)b))
        return false;
    j = next_i(c, i + 1);
    return cp_at(c, j) != '.' && !in_address(c, i);
}

/* "raak. ...en toen", "compounds. . . . The": a sentence ends before a leading ellipsis. */
static bool period_before_ellipsis(const ctx *c, size_t i)
{
    size_t j = i + 1;
    if (!is_alpha((uint32_t)cp_before(c, i)) || j >= c->pe || c->s[j] != ' ')
        return false;
    j++;
    if (j + 3 <= c->pe && !memcmp(c->s + j, "...", 3))
        j += 3;
    else if (j + 3 <= c->pe && !memcmp(c->s + j, "\xE2\x80\xA6", 3))
        j += 3;
    else if (j + 5 <= c->pe && !memcmp(c->s + j, ". . .", 5))
        j += 5;
    else
        return false;
    return is_alpha((uint32_t)cp_at(c, skip_spaces(c, j)));
}

/* "kwamen. 81 procent": a plain word of four letters or more, a period, then a number. */
static bool period_before_number(const ctx *c, size_t i)
{
    size_t j = skip_spaces(c, i + 1), n;
    span w;
    if (j == i + 1 || j >= c->pe || c->s[j] < '0' || c->s[j] > '9')
        return false;
    w = word_before(c, i, c->ps);
    n = w.end - w.start;
    if (letters(c, w) < 4)
        return false;
    seg_class cls = seg_rules_class(c->r, c->s + w.start, n);
    return cls != SEG_TITLE && cls != SEG_ABBREV;
}

/* An extra terminal (Armenian ':', Arabic '،') before white space; "X، Y، Z" enumerates. */
static bool extra_terminal(const ctx *c, size_t i, uint32_t cp, size_t after)
{
    size_t j, k;
    if (!seg_chars_has(c->r->terminals, c->r->nterminals, cp))
        return false;
    j = k = skip_spaces(c, after);
    if (j == after)
        return false;
    while (k < c->pe && !is_space(cp_at(c, k)))
        k = next_i(c, k);
    return !(cp != ':' && cp_before(c, k) == cp);
}

/*
 * "He agreed. – We go." (UAX #29 counts dashes as SContinue, so ICU never breaks before one)
 * and "Dulwich. [17] Placed" (the citation belongs to the sentence before it): candidates
 * before the dash and after the citation marks.
 */
static int at_dash_or_citation(const ctx *c, posvec *add, size_t i)
{
    size_t end, j = skip_dash(c, i), t = i;
    while (t > c->ps && is_space(cp_before(c, t)))
        t = prev_i(c, t);
    /* a hyphen after "?", "!" or "..." goes on the sentence ("- Kto? - W głosie ...") */
    if (j > i && (is_alpha((uint32_t)cp_at(c, j)) || is_opening(cp_at(c, j))) &&
        after_terminal(c, i, true) &&
        (c->s[i] != '-' || (c->s[t - 1] == '.' && (t < c->ps + 2 || c->s[t - 2] != '.'))))
        return push(add, i);
    if (c->s[i] == '[' && (end = citation_end(c, i)) > i && after_terminal(c, i, false) &&
        end < c->pe && is_space(cp_at(c, end)) &&
        !is_lower((uint32_t)cp_at(c, skip_spaces(c, end))))
        return push(add, end);
    return 0;
}

/* "gewonnen. ,,Ik ..." starts a sentence at the opening ",,"; "tevreden. '' De ..." ends one
 * after the closing "''" (UAX #29 sees a comma and two apostrophes, and breaks neither). */
static int at_typed_quote(const ctx *c, posvec *add, size_t i)
{
    if (i <= c->ps || !is_space(cp_before(c, i)) || !after_terminal(c, i, true))
        return 0;
    if (two_commas(c, i) && is_alpha((uint32_t)cp_at(c, skip_spaces(c, i + 2))))
        return push(add, i);
    if (two_apostrophes(c, i) && (i + 2 >= c->pe || is_space(cp_at(c, i + 2))))
        return push(add, i + 2);
    return 0;
}

/* Candidates at a period. */
static int at_period(const ctx *c, posvec *add, size_t i)
{
    size_t j = skip_spaces(c, i + 1);
    if (glued_sentence(c, i) || period_before_ellipsis(c, i) || period_before_number(c, i))
        return push(add, i + 1);
    if (c->r->lowercase_break && j > i + 1 && is_lower((uint32_t)cp_at(c, j)))
        return push(add, i + 1);
    /* Every "word. Capital" is a candidate (past opening quotes and brackets), so that
     * bitext's lists, not CLDR's suppressions inside ICU, decide: ICU keeps "9. November.
     * Es regnet." whole, and "do Brasil. «Queremos" (its suppression matches "il."). */
    while (j < c->pe && j - i < WINDOW && is_opening(cp_at(c, j)))
        j = next_i(c, j);
    if (j > i + 1 && is_upper((uint32_t)cp_at(c, j)) && is_alpha((uint32_t)cp_before(c, i)))
        return push(add, i + 1);
    return 0;
}

/* Numbered or lettered list items in one paragraph: "1. ... 2. ...", "a) ... b) ...". */
static int list_items(const ctx *c, posvec *add)
{
    marker m0 = parse_marker(c, skip_spaces(c, c->ps));
    int want;
    if (!m0.ok)
        return 0;
    want = m0.value + 1;
    for (size_t i = m0.end; i < c->pe; i++) {
        marker m;
        if (!is_space((unsigned char)c->s[i]) || i + 1 >= c->pe)
            continue;
        m = parse_marker(c, i + 1);
        if (m.ok && m.digit == m0.digit && m.delim == m0.delim && m.value == want) {
            if (push(add, i + 1) < 0)
                return BITEXT_ENOMEM;
            want++;
            i = m.end - 1;
        }
    }
    return 0;
}

/* Candidates at a non-ASCII character: bullets, extra terminals, footnote marks. */
static int at_wide(const ctx *c, posvec *add, size_t i, bool bullets)
{
    size_t after = i;
    uint32_t cp = seg_next(c->s, c->pe, &after);
    if (bullets && is_bullet(cp) && i > c->ps && is_space(cp_before(c, i)))
        return push(add, i);
    if (is_dialogue_dash(cp))
        return at_dash_or_citation(c, add, i);
    if (extra_terminal(c, i, cp, after))
        return push(add, after);
    if (seg_chars_has(c->r->spaced_closing, c->r->nspaced_closing, cp) &&
        is_space(cp_before(c, i)) && is_terminal(cp_before(c, prev_i(c, i))))
        return push(add, after); /* « Je viendrai demain. » Puis ... */
    if (cp == 0x2026 && i > c->ps && !is_space(cp_before(c, i)) && is_space(cp_at(c, after)) &&
        is_upper((uint32_t)cp_at(c, skip_spaces(c, after))))
        return push(add, after); /* "Er wartete… Dann" (UAX #29 has no break after "…") */
    if (is_superscript(cp) && is_terminal(cp_before(c, i))) {
        while (after < c->pe && is_superscript(cp_at(c, after)))
            after = next_i(c, after);
        if (after < c->pe && is_space(cp_at(c, after)))
            return push(add, after);
    }
    return 0;
}

/* The all-capitals word at i (letters only, at least two): its end, else i. */
static size_t caps_word(const ctx *c, size_t i, size_t *nletters)
{
    size_t j = i, n = 0;
    while (j < c->pe && is_upper((uint32_t)cp_at(c, j)))
        j = next_i(c, j), n++;
    *nletters = n;
    return n >= 2 && (j >= c->pe || is_space(cp_at(c, j))) ? j : i;
}

/*
 * "... zvěř. JABLOŇ LESNÍ Kmen: tmavě", "BAŠA JAVŮRKOVÁ Hospodárstvo ...": a heading or a
 * byline set in capitals (two words of four letters or more) ends before the capitalised
 * word that follows it.  Returns where the scan goes on.
 */
static size_t caps_heading(const ctx *c, posvec *add, size_t i, int *rc)
{
    size_t j = i, end = i, n, longw = 0;
    if (i > c->ps && !is_space(cp_before(c, i)))
        return i + 1;
    while (j < c->pe) {
        size_t e = caps_word(c, j, &n);
        if (e == j)
            break;
        longw += n >= 4;
        end = e;
        j = e < c->pe ? next_i(c, e) : e;
    }
    if (longw >= 2 && end < c->pe && c->s[end] == ' ' && end + 1 < c->pe &&
        is_upper((uint32_t)cp_at(c, end + 1)) && is_lower((uint32_t)cp_at(c, next_i(c, end + 1))))
        *rc = push(add, end + 1);
    return end > i ? end : i + 1;
}

/* The bytes where an addition may start: most bytes of most text are none of these (wide:
 * every lead byte, for the languages with extra non-ASCII terminals; else only those of
 * Latin-1 and general punctuation, and those after a space, where capitals may start). */
static inline bool interesting(const ctx *c, size_t i, bool wide)
{
    unsigned char ch = (unsigned char)c->s[i];
    if (ch >= 0x80) {
        uint32_t cp;
        if (ch == 0xC2 || ch == 0xE2 || (ch >= 0xC0 && (i == c->ps || c->s[i - 1] == ' ')))
            return true;
        if (!wide || ch < 0xC0)
            return false;
        cp = cp_at(c, i); /* one of the language's extra terminals or spaced quotes? */
        return seg_chars_has(c->r->terminals, c->r->nterminals, cp) ||
               seg_chars_has(c->r->spaced_closing, c->r->nspaced_closing, cp);
    }
    if (ch >= 'a')
        return false;
    return ch == '.' || ch == ':' || ch == ';' || ch == '[' || ch == '-' || ch == ',' ||
           ch == '\'' || ch == '`' || (ch >= 'A' && ch <= 'Z');
}

/* Could a word in capitals start at i (a capital after a space, another capital after it)? */
static bool caps_start(const ctx *c, size_t i, unsigned char ch)
{
    unsigned char next;
    if ((ch < 'A' || ch > 'Z') && ch < 0xC3)
        return false;
    if (i > c->ps && c->s[i - 1] != ' ')
        return false;
    next = (unsigned char)c->s[next_i(c, i) < c->pe ? next_i(c, i) : i];
    return ((next >= 'A' && next <= 'Z') || next >= 0xC3) && is_upper((uint32_t)cp_at(c, i));
}

static int find_additions(const ctx *c, posvec *add)
{
    bool bullets = is_bullet(cp_at(c, skip_spaces(c, c->ps)));
    bool wide_rules = c->r->nterminals || c->r->nspaced_closing;
    int rc = list_items(c, add);
    for (size_t i = c->ps; rc == 0 && i < c->pe; i++) {
        unsigned char ch;
        while (i < c->pe && !interesting(c, i, wide_rules))
            i++;
        if (i >= c->pe)
            break;
        ch = (unsigned char)c->s[i];
        if (caps_start(c, i, ch)) {
            size_t next = caps_heading(c, add, i, &rc);
            i = next - 1; /* the loop steps to `next` */
            continue;
        }
        if (ch == '.')
            rc = at_period(c, add, i);
        else if ((ch == ':' || ch == ';') && extra_terminal(c, i, ch, i + 1))
            rc = push(add, i + 1); /* Armenian ":", Greek ";" (its question mark) */
        else if (ch == '[' || ch == '-')
            rc = at_dash_or_citation(c, add, i);
        else if (ch == ',' || ch == '\'' || ch == '`')
            rc = at_typed_quote(c, add, i);
        else if (ch == 0xC2 || ch == 0xE2 || (ch >= 0xC0 && wide_rules))
            rc = at_wide(c, add, i, bullets); /* Latin-1 and general punctuation */
    }
    return rc;
}

/* ---- opening marks after a terminal --------------------------------------------------- */

/* Does the mark at i open the next sentence?  Brackets (Ps: "(", "[", 「 U+300C, 『 U+300E,
 * ｢ U+FF62) do; initial quotes (Pi) do when their text follows directly.  German closes a
 * quotation with “ U+201C („Ja.“), so “ and ‘ open only after a CJK terminal (cjk). */
static bool opens(const ctx *c, size_t i, bool cjk)
{
    uint32_t cp = cp_at(c, i), after = cp_at(c, next_i(c, i));
    int t = u_charType((UChar32)cp);
    if (after == 0 || is_space(after))
        return false;
    if (t == U_START_PUNCTUATION)
        return true;
    if (t != U_INITIAL_PUNCTUATION)
        return false;
    return cjk || (cp != 0x201C && cp != 0x2018);
}

/*
 * UAX #29 counts opening brackets as Close (SB9: SATerm Close* x Close), so ICU ends
 * "首都です。「本当ですか。」" after the 「 and "“你好。”“再见。”" after the second “.  The
 * opening mark belongs to the sentence it opens: move the boundary b back before it.
 */
static size_t before_opener(const ctx *c, size_t b)
{
    size_t e = b, r;
    bool cjk;
    while (e > c->ps && is_space(cp_before(c, e)))
        e = prev_i(c, e);
    r = e;
    while (r > c->ps && e - r < WINDOW) {
        uint32_t cp = cp_before(c, r);
        int t = u_charType((UChar32)cp);
        if (!is_closing(cp) && t != U_START_PUNCTUATION && t != U_INITIAL_PUNCTUATION)
            break;
        r = prev_i(c, r);
    }
    if (r == e || !is_terminal(cp_before(c, r)))
        return b;
    cjk = cp_before(c, r) == 0x3002 || cp_before(c, r) == 0xFF01 || cp_before(c, r) == 0xFF1F;
    for (size_t i = r; i < e; i = next_i(c, i))
        if (opens(c, i, cjk))
            return i;
    return b;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int seg_rules_apply(const seg_rules *r, const char *text, size_t ps, size_t pe,
                    const size_t *icu, size_t nicu, size_t **out, size_t *n, size_t *cap)
{
    ctx c = {r, text, ps, pe, ps};
    posvec cand = {NULL, 0, 0};
    int rc = find_additions(&c, &cand);
    for (size_t i = 0; rc == 0 && i < nicu; i++)
        rc = push(&cand, icu[i]);
    if (rc == 0 && cand.n > 1)
        qsort(cand.v, cand.n, sizeof *cand.v, cmp_size);
    for (size_t i = 0; rc == 0 && i < cand.n; i++) {
        size_t b = before_opener(&c, cand.v[i]);
        if (b <= c.seg_start || b >= pe || (i && cand.v[i] == cand.v[i - 1]) || !keeps(&c, b))
            continue;
        if (bitext_grow((void **)out, cap, *n + 1, sizeof **out) < 0)
            rc = BITEXT_ENOMEM;
        else
            (*out)[(*n)++] = c.seg_start = b;
    }
    free(cand.v);
    return rc;
}
