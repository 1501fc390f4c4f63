/* align_int.h - internals of the aligner and the lexicon (never installed).
 *
 * Layout of the module:
 *   align_text.c   tokens and lexical features of a sentence (folding, numbers, cognates)
 *   align_score.c  the bilingual scorer: length model + lexical evidence + structure
 *   align_dp.c     the DP engine: bands, Viterbi, forward-backward, coarse-to-fine
 *   align_model1.c IBM Model 1 (Brown et al. 1993) trained on the first pass's beads
 *   align_cognate.c cognates by edit distance among the words of the first pass's beads
 *   align.c        the public API: two passes, parameter estimation, beads
 *   lexicon.c      dictionaries (hunalign, FreeDict) and examples
 * The engine only sees an align_scorer, so other scorers (monolingual, for editions) plug in.
 */
#ifndef BITEXT_ALIGN_INT_H
#define BITEXT_ALIGN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitext/align.h"
#include "bitext/lexicon.h"
#include "util_int.h"

/* ---- tokens (align_text.c) ---------------------------------------------------------- */

enum { TOK_WORD = 1, TOK_PREFIX, TOK_NUM, TOK_PUNCT, TOK_URL, TOK_XLAT };

typedef struct {
    uint8_t kind;        /* TOK_WORD, TOK_NUM, TOK_PUNCT, TOK_URL */
    uint32_t id;         /* hash of kind and folded text */
    uint32_t prefix;     /* cognate feature (TOK_PREFIX id) for long words, else 0 */
} align_token;

/* The folded forms of the words of >= ALIGN_FORM_MIN letters, by word id (hash), kept for
 * the edit-distance cognates (align_cognate.c).  Each distinct word is stored once. */
#define ALIGN_FORM_MIN 4
#define ALIGN_FORM_MAX 48    /* longer words (compounds, garbage) are left out */

typedef struct {
    uint32_t *keys;      /* word ids, 0 = empty slot */
    uint32_t *offs;      /* offsets of their NUL-terminated forms in text */
    size_t cap, n;
    char *text;
    size_t len, tcap;
} align_forms;

void align_forms_free(align_forms *f);
/* The folded form of word id, or NULL when it was not kept. */
const char *align_forms_get(const align_forms *f, uint32_t id);

typedef struct {
    align_token *v;
    size_t n, cap;
    align_forms *forms;  /* when set, align_tokenize keeps the words' folded forms here */
} align_tokens;

/* Gives back the unused end of a grown array of n elements (a failing realloc keeps it). */
void align_shrink(void **array, size_t n, size_t size);

/* How a language writes numbers: true when ',' is its decimal separator (de, fr, ru ...). */
bool align_decimal_comma(const char *lang);

/*
 * The number at s[*i] (a digit there) in a normal form shared by all languages: digit groups
 * joined by group separators (only before exactly three digits, so "2 300", "2.300" (de) and
 * "2,300" (en) all become 2300) and at most one decimal separator, which becomes '.';
 * trailing decimal zeros are dropped (2,50 = 2.5).  Writes it to buf (not NUL-terminated),
 * moves *i past the number and returns its length.
 */
#define ALIGN_NUMBER_MAX 64
size_t align_number(char buf[ALIGN_NUMBER_MAX], const char *s, size_t len, size_t *i,
                    bool dcomma);

/*
 * Appends the tokens of text to out: words folded to lower case without diacritics (Greek and
 * Cyrillic transliterated), one token per CJK character, normalised numbers, punctuation
 * classes, URLs.  Returns 0 or BITEXT_ENOMEM.
 */
int align_tokenize(align_tokens *out, const char *text, size_t len, bool decimal_comma);


/* ---- cognates by edit distance (align_cognate.c) ------------------------------------- */

#define ALIGN_COGNATE_SIM 0.75        /* 1 - Levenshtein / max length, folded forms */
#define ALIGN_COGNATE_BUDGET 1000000  /* distinct word pairs compared per document pair */

/* Normalised similarity 1 - d / max(|a|, |b|) in code points, 0 when below the threshold. */
double align_similarity(const char *a, const char *b);

typedef struct align_pair_s align_pair;

typedef struct {
    const char *const *form;  /* by dense word id: folded form, or NULL */
    size_t nform;             /* entries of form */
    uint64_t *seen;           /* word pairs compared (open addressing, 0 = empty) */
    size_t nseen, cap;
    int64_t compared, looked; /* comparisons made, pairs looked up */
    align_pair *pairs;        /* cognates found: (source word, target word) */
    size_t npairs, pcap;
    uint8_t *len;             /* by dense id: letters of the form (computed on first use) */
    uint64_t *sig;            /* by dense id: letters present, bit cp % 64 */
} align_cognates;

/* Compares the words of a bead (dense ids) and appends the cognates to c->pairs. */
int align_cognate_bead(align_cognates *c, const uint32_t *src, size_t ns, const uint32_t *tgt,
                       size_t nt);
void align_cognates_free(align_cognates *c);

/* ---- lexicon internals (lexicon.c) --------------------------------------------------- */

struct align_pair_s {
    uint32_t src, tgt;   /* word ids */
};

/* Sorted by (src, tgt), unique; both directions of every entry.  Borrowed. */
const align_pair *lexicon_pairs(const bitext_lexicon *lex, size_t *n);
size_t lexicon_examples(const bitext_lexicon *lex);
size_t lexicon_entry_count(const bitext_lexicon *lex); /* dictionary word pairs */
void lexicon_example(const bitext_lexicon *lex, size_t i, const char **src, const char **tgt);
const char *lexicon_src_lang(const bitext_lexicon *lex);
/* Bytes of dictionary text the loads have read so far (the growth tests count it). */
uint64_t lexicon_work(const bitext_lexicon *lex);

/* ---- units: what the engine aligns (sentences, or merged sentences at coarse levels) - */

/*
 * A feature: its dense vocabulary id, with ALIGN_FEAT_SHARE set when it counts
 * ALIGN_PREFIX_SHARE of its weight (a cognate prefix).  Its weight, the evidence in nats that
 * a match is not chance, depends only on the id: it is looked up in the side's table (wt),
 * so that a feature takes 4 bytes, not 8 (features are a sixth of the aligner's memory).
 */
typedef uint32_t align_feat;
#define ALIGN_FEAT_SHARE 0x80000000u
#define ALIGN_PREFIX_SHARE 0.5f  /* a shared cognate prefix is weaker evidence than a word */

static inline uint32_t feat_id(align_feat f)
{
    return f & ~ALIGN_FEAT_SHARE;
}

/* qsort's order of features: by id. */
int align_feat_cmp(const void *x, const void *y);

/* The weight of f (wt: the side's weights by id). */
static inline float feat_w(const float *wt, align_feat f)
{
    return (f & ALIGN_FEAT_SHARE) ? wt[feat_id(f)] * ALIGN_PREFIX_SHARE : wt[f];
}

enum { UNIT_BLOCK_START = 1, UNIT_HEADING = 2 };

typedef struct {
    size_t n;
    double *cum;         /* n+1 cumulative character lengths */
    int64_t *foff;       /* n+1 offsets into feat */
    align_feat *feat;    /* per unit, sorted by id */
    uint8_t *flags;      /* UNIT_* */
    double *chance;      /* expected evidence shared with a random unit of the other side */
    float *ptab;         /* by feature id: the fraction of the other side's units having it;
                          * owned by a sentence-level side, borrowed by its merged sides */
    bool ptab_borrowed;
    float *wt;           /* by feature id: its weight (see align_feat); shared by the two
                          * sides of a run, owned by the source side */
    bool wt_borrowed;
    bool structured;     /* blocks carry information (1 < blocks < units) */
    double size;         /* sentences per unit: 1, or more at coarse levels */
    size_t *first;       /* merged units: first unit of the finer level, n+1 entries */
} align_side;

void align_side_free(align_side *s);
/*
 * A dense vocabulary: token ids (hashes) -> 1..n.  What a token is (kind) and its cognate
 * prefix depend only on the word, so they are kept here once per entry, and a document's
 * interned tokens are bare dense ids (align_ids: one or two bytes a token, not 12).
 */
typedef struct {
    uint32_t *keys, *vals;
    size_t cap, n;
    uint8_t *kind;       /* by dense id: TOK_* */
    uint32_t *prefix;    /* by dense id: the dense id of its cognate prefix, or 0 */
    size_t tcap;         /* entries of kind and prefix */
} align_vocab;

/*
 * Interns toks into *ids (malloc'd, toks->n entries: the dense index of each token, its kind
 * and prefix recorded in v) and frees toks->v.
 */
int align_intern(align_vocab *v, align_tokens *toks, uint32_t **ids);
/*
 * A document's tokens as dense ids in LEB128 (7 bits a byte, the high bit set on every byte
 * but the last): entries are numbered in the order words first occur, so the frequent ones
 * are small and most tokens take one or two bytes, not four.  Units are byte ranges.
 */
typedef struct {
    uint8_t *v;
    size_t n, cap;       /* bytes */
} align_ids;

static inline uint32_t ids_next(const uint8_t **p)
{
    uint32_t id = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
        b = *(*p)++;
        id |= (uint32_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    return id;
}

/* Tokens in the bytes [p, end). */
size_t align_ids_count(const uint8_t *p, const uint8_t *end);

/*
 * Interns toks into v and appends their dense ids to out; empties toks (keeping its buffer).
 * With one vocabulary per side (v) the two sides are interned apart, on two threads, and
 * never held as tokens (12 bytes a token) as a whole: align_vocab_merge then maps a side's
 * entries into the shared vocabulary.
 */
int align_intern_more(align_vocab *v, align_tokens *toks, align_ids *out);
/*
 * Adds the entries of a side's own vocabulary local to v, as interning that side's tokens
 * into v one by one would (the same dense indices, kinds and prefixes), and rewrites that
 * side's ids (units: n byte ranges toff[u] .. toff[u + 1], rewritten too) from local to v's
 * indices.
 */
int align_vocab_merge(align_vocab *v, const align_vocab *local, align_ids *ids, int64_t *toff,
                      size_t n);
/*
 * Fills s->feat/foff and t->feat/foff (foff must hold n+1 entries) from the interned tokens
 * of each unit (tokens of unit u: ids[toff[u] .. toff[u+1])), adding to source words their
 * translations from the sorted table xl, and weighs them (align_feat.c).
 */
int align_weigh_features(align_side *s, align_side *t, const uint8_t *sids,
                         const int64_t *stoff, const uint8_t *tids, const int64_t *ttoff,
                         const align_pair *xl, size_t nxl, const align_vocab *vocab);


/* The dense index of a hash id, 0 when absent. */
uint32_t align_vocab_find(const align_vocab *v, uint32_t id);
void align_vocab_free(align_vocab *v);
/* Merges consecutive units into units of about chunk characters (coarse level), or with
 * chunk == 0 into one unit per block. */
int align_side_merge(align_side *out, const align_side *in, double chunk);

/* ---- the band and the engine (align_dp.c) -------------------------------------------- */

typedef struct {
    size_t n, m;         /* units per side; nodes are (i, j), 0 <= i <= n, 0 <= j <= m */
    int64_t *lo, *hi;    /* n+1 rows: lo[i] <= j <= hi[i] */
    int64_t *off;        /* n+2 offsets of each row's first node */
    float *pair;         /* lexical evidence of units (i, j) for nodes with i < n, j < m */
    size_t ring, rw;     /* when ring > 0, pair holds `ring` rows of rw nodes only: row i in
                          * slot i % ring (a Viterbi pass scores its rows as it goes) */
} align_band;

/* The pair evidence of row i of the band: node (i, j) is at [j - lo[i]]. */
static inline float *band_row(const align_band *b, size_t i)
{
    return b->pair + (b->ring ? (i % b->ring) * b->rw : (size_t)b->off[i]);
}

/* Where the pair evidence of node (i, j) of the band is (j inside row i). */
static inline float *band_pair(const align_band *b, size_t i, int64_t j)
{
    return band_row(b, i) + (j - b->lo[i]);
}

/* Index of node (i, j), or -1 when outside the band. */
static inline int64_t band_at(const align_band *b, size_t i, int64_t j)
{
    if (j < b->lo[i] || j > b->hi[i])
        return -1;
    return b->off[i] + (j - b->lo[i]);
}

void align_band_free(align_band *b);
int align_band_full(align_band *b, size_t n, size_t m);
/* A path of coarse beads -> a fine band of slack w around it; sfirst/tfirst map coarse
 * units to fine ones (NULL: the same units). */
typedef struct {
    uint32_t i, j;       /* first unit on each side */
    uint8_t a, b;        /* units per side */
    double conf;         /* posterior, when computed */
} align_step;

typedef struct {
    align_step *v;
    size_t n, cap;
} align_path;

int align_band_from_path(align_band *b, const align_path *p, const size_t *sfirst,
                         const size_t *tfirst, size_t n, size_t m, int64_t w);

typedef struct {
    uint8_t a, b;
} align_bead_type;

/* A scorer: the cost of a bead in nats (lower is better), and the per-pair evidence. */
typedef struct align_scorer align_scorer;
struct align_scorer {
    /* fills band->pair for the band's nodes in rows [row0, row1) (thread-safe: rows apart) */
    void (*pairs)(const align_scorer *sc, const align_side *s, const align_side *t,
                  align_band *band, size_t row0, size_t row1);
    double (*cost)(const align_scorer *sc, const align_side *s, const align_side *t,
                   const align_band *band, size_t i, unsigned a, size_t j, unsigned b,
                   unsigned type);
    void *ctx;
};

/*
 * Runs the DP over band with the given bead types (types[0] must be 1-1).  With post, also
 * the forward-backward posteriors of the chosen beads (path->v[k].conf).
 */
int align_dp(align_path *out, const align_side *s, const align_side *t, align_band *band,
             const align_scorer *sc, const align_bead_type *types, unsigned ntypes, bool post);

/*
 * Structure first: aligns the blocks (paragraphs, headings) of s and t and returns the band
 * of the sentence pairs inside aligned blocks, so that a paragraph missing on one side does
 * not shift what follows.  For sides with UNIT_BLOCK_START flags (structured).  *one_to_one
 * receives the share of 1-1 block beads: how well the two structures correspond.
 */
int align_block_band(align_band *band, double *one_to_one, const align_side *s,
                     const align_side *t, const align_scorer *sc, const align_bead_type *types,
                     unsigned ntypes);

/* Coarse-to-fine: aligns s and t with a band around a path found on merged units. */
int align_coarse_to_fine(align_path *out, const align_side *s, const align_side *t,
                         const align_scorer *sc, const align_bead_type *types, unsigned ntypes,
                         bool post);

/* ---- the bilingual scorer (align_score.c) -------------------------------------------- */

#define ALIGN_MAX_TYPES 24
#define ALIGN_LEN_TABLE 4000
#define ALIGN_LEN_STEP 0.01

typedef struct {
    double ratio;        /* target chars per source char */
    double var;          /* variance of target length per char (Gale & Church's s^2) */
    double prior_cost[ALIGN_MAX_TYPES]; /* -log P(bead type) */
    double lex_weight;   /* multiplier of the lexical evidence, 0 = length only */
    double cross_cost;   /* a bead spanning a block boundary */
    double boundary_cost;/* a bead starting a block on one side only */
    double heading_cost; /* a heading aligned with a non-heading */
    double len_table[ALIGN_LEN_TABLE + 1]; /* length cost by |delta| (align_score.c) */
} align_params;

void align_bilingual_scorer(align_scorer *sc, align_params *p);
/*
 * Gale & Church's length model fitted to n pairs of lengths (characters): *ratio = sum l2 /
 * sum l1 (left as it is when a sum is 0) and *var = the median of (l2 - ratio l1)^2 / mean
 * over 0.455 (robust: the median of a squared standard normal is 0.455); *var is left as it
 * is when n is 0.  0 or BITEXT_ENOMEM.
 */
int align_length_fit(double *ratio, double *var, const double *l1, const double *l2, size_t n);
/* Gale & Church 1993: -log P(|delta| >= observed) for lengths l1, l2 under params p. */
double align_length_cost(const align_params *p, double l1, double l2);

/* ---- learning (align_model1.c) ------------------------------------------------------- */

typedef struct {
    uint32_t *src, *tgt; /* word ids */
    size_t ns, nt;
} align_sentpair;

/*
 * Trains IBM Model 1 both ways on pairs and appends to *out (sorted, unique afterwards) the
 * word pairs that both directions agree on.
 */
int align_model1_learn(align_pair **out, size_t *n, const align_sentpair *pairs, size_t npairs);

/* A 64-bit finaliser (MurmurHash3's fmix64, first half) for the open-addressing tables. */
static inline uint64_t align_mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

/* Sorts word pairs by (src, tgt) and drops repeats; returns how many are left. */
size_t align_pairs_unique(align_pair *p, size_t n);

#endif
