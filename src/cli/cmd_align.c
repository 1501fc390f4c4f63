/* cmd_align.c - `bitext align`: read, segment, align, store in the TM. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bitext/lexicon.h"
#include "bitext/pairs.h"
#include "cli.h"

#define VERB "align"
#define MAX_TARGETS 16
#define MAX_DICTS 8
#define TM_EXAMPLES 50000   /* stored pairs fed to the learned model, at most */

static const char usage_text[] =
    "Usage: bitext align [OPTIONS] SRC TGT [TGT...]\n"
    "\n"
    "Aligns an article (SRC) with its translation(s) (TGT) sentence by sentence and stores\n"
    "the pairs, each with a confidence, in the translation memory. Reads plain text (a blank\n"
    "line ends a paragraph) or HTML (by extension or content: title, headings, paragraphs,\n"
    "list items and captions become blocks; scripts, navigation, related links and copyright\n"
    "lines are dropped: 'bitext extract' shows what is read). Sentences left unpaired (1-0,\n"
    "0-1) are reported, not stored; so are pairs holding U+FFFD (bytes that could not be\n"
    "decoded).\n"
    "With several TGT files, the source is the pivot: a sentence paired the same way in every\n"
    "translation becomes one multilingual TU.\n"
    "\n"
    "Options:\n"
    "  --tm DB              the TM file (created if missing); default $BITEXT_TM, else\n"
    "                       ~/.local/share/bitext/tm.sqlite\n"
    CLI_WAIT_HELP
    "  --src-lang L         language of SRC (BCP 47: pl, en-GB, ...); default: from the file\n"
    "                       name (article.pl.html) or <html lang>\n"
    "  --tgt-lang L[,L...]  language of each TGT, in order; default as for --src-lang\n"
    "  --presegmented       the files hold one segment per line: nothing is segmented\n"
    "  --segtype T          sentence (default) or paragraph (one segment per block)\n"
    "  --srx FILE           segment with the rules of an SRX 2.0 file (as a CAT tool does)\n"
    "  --rules FILE         segment with bitext's rules and this rule file on top of them\n"
    "                       (one made by bitext segment --learn)\n"
    "  --dict FILE          a bilingual dictionary (hunalign 'word @ word' or FreeDict\n"
    "                       .index/.dict.dz); may be repeated\n"
    "  --no-learn-from-tm   do not train the aligner on the pairs already in the TM\n"
    "  --min-confidence X   keep pairs below confidence X (0..1) out of the TM (default 0)\n"
    "  --beads FILE         write the alignment, one bead per line: [0, 1]:[0], [3]:[]\n"
    "  --tsv FILE           write the pairs as TSV: confidence, source, target\n"
    "  --no-tm              align and report only; store nothing\n"
    "  --encoding E         the inputs' encoding when they have no BOM: one NAME for all,\n"
    "                       one per input in order (utf-16le,utf-8), or by language\n"
    "                       (pl=windows-1250,en=utf-8); auto = guess.  An HTML page\n"
    "                       without one is decoded as a browser does (<meta charset>,\n"
    "                       else detection)\n"
    "  --lossy              plain text: replace invalid bytes by U+FFFD instead of failing\n"
    "  -q, --quiet          no summary line\n"
    "  -h, --help           this help\n"
    "\n"
    "Examples:\n"
    "  bitext align --tm news.tm article.pl.html article.en.html\n"
    "  bitext align --tm news.tm --src-lang de --tgt-lang fr,it de.txt fr.txt it.txt\n"
    "  bitext align --no-tm --presegmented --beads out.beads --src-lang de --tgt-lang fr \\\n"
    "               dev.de dev.fr\n"
    "\n" CLI_EXIT_CODES_HELP;

typedef struct {
    const char *tm;
    const char *src_lang, *tgt_langs;
    const char *srx, *rules, *beads, *tsv, *encoding;
    const char *dicts[MAX_DICTS];
    size_t ndicts;
    double min_confidence;
    bool presegmented, paragraph, no_tm, lossy, quiet, no_learn;
    char **files;
    int nfiles;
} align_args;

typedef struct {
    const char *path;
    char lang[BITEXT_LANG_MAX];
    bitext_doc *doc;
    bitext_seglist *segs;
    int64_t doc_id;
} side;

enum { OPT_TM = 256, OPT_SRC, OPT_TGT, OPT_PRESEG, OPT_SEGTYPE, OPT_SRX, OPT_DICT, OPT_MINCONF,
       OPT_BEADS, OPT_TSV, OPT_NOTM, OPT_ENC, OPT_LOSSY, OPT_NOLEARN, OPT_RULES };

static int parse_args(align_args *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", 1, NULL, OPT_TM}, {"src-lang", 1, NULL, OPT_SRC}, {"tgt-lang", 1, NULL, OPT_TGT},
        {"presegmented", 0, NULL, OPT_PRESEG}, {"segtype", 1, NULL, OPT_SEGTYPE},
        {"srx", 1, NULL, OPT_SRX}, {"rules", 1, NULL, OPT_RULES}, {"dict", 1, NULL, OPT_DICT},
        {"min-confidence", 1, NULL, OPT_MINCONF}, {"beads", 1, NULL, OPT_BEADS},
        {"tsv", 1, NULL, OPT_TSV}, {"no-tm", 0, NULL, OPT_NOTM}, {"encoding", 1, NULL, OPT_ENC},
        {"lossy", 0, NULL, OPT_LOSSY}, {"no-learn-from-tm", 0, NULL, OPT_NOLEARN},
        {"quiet", 0, NULL, 'q'}, {"help", 0, NULL, 'h'}, CLI_WAIT_OPTION, {NULL, 0, NULL, 0}};
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_TM: a->tm = optarg; break;
        case 'W':
            if (cli_set_wait(VERB, optarg))
                return EXIT_USAGE;
            break;
        case OPT_SRC: a->src_lang = optarg; break;
        case OPT_TGT: a->tgt_langs = optarg; break;
        case OPT_PRESEG: a->presegmented = true; break;
        case OPT_SEGTYPE:
            if (strcmp(optarg, "sentence") && strcmp(optarg, "paragraph"))
                return cli_usage(VERB, "--segtype takes sentence or paragraph, not '%s'", optarg);
            a->paragraph = !strcmp(optarg, "paragraph");
            break;
        case OPT_SRX: a->srx = optarg; break;
        case OPT_RULES: a->rules = optarg; break;
        case OPT_DICT:
            if (a->ndicts == MAX_DICTS)
                return cli_usage(VERB, "at most %d --dict files", MAX_DICTS);
            a->dicts[a->ndicts++] = optarg;
            break;
        case OPT_MINCONF:
            a->min_confidence = strtod(optarg, &end);
            if (*end || a->min_confidence < 0 || a->min_confidence > 1)
                return cli_usage(VERB, "--min-confidence takes a number from 0 to 1");
            break;
        case OPT_BEADS: a->beads = optarg; break;
        case OPT_TSV: a->tsv = optarg; break;
        case OPT_NOTM: a->no_tm = true; break;
        case OPT_ENC: a->encoding = optarg; break;
        case OPT_LOSSY: a->lossy = true; break;
        case OPT_NOLEARN: a->no_learn = true; break;
        case 'q': a->quiet = true; break;
        case 'h': fputs(usage_text, stdout); return -1;
        default: return EXIT_USAGE;
        }
    }
    if (a->srx && a->rules)
        return cli_usage(VERB, "--srx and --rules cannot be combined (an SRX file replaces "
                               "bitext's rules)");
    a->files = argv + optind;
    a->nfiles = argc - optind;
    if (a->nfiles < 2)
        return cli_usage(VERB, "needs a source file and at least one translation");
    if (a->nfiles - 1 > MAX_TARGETS)
        return cli_usage(VERB, "at most %d translations at once", MAX_TARGETS);
    return 0;
}

/* The n-th comma-separated language of a list, or NULL. */
static const char *nth_lang(char *buf, size_t size, const char *list, int n)
{
    const char *p = list;
    for (int i = 0; p && i < n; i++)
        p = (p = strchr(p, ',')) ? p + 1 : NULL;
    if (!p)
        return NULL;
    snprintf(buf, size, "%.*s", (int)strcspn(p, ","), p);
    return buf;
}

static int read_side(side *s, const align_args *a, const char *given_lang, int index)
{
    cli_article_opts o = {given_lang, NULL, a->encoding, a->srx, "--src-lang/--tgt-lang",
                          a->presegmented, a->paragraph, a->lossy, a->rules, index, a->nfiles};
    int rc = cli_read_article(&s->doc, &s->segs, s->lang, VERB, s->path, &o);
    if (rc == 0)    /* the segments hold the text now; the document is kept for its codes */
        bitext_doc_release_text(s->doc);
    return rc;
}

/* Every LANG= of --encoding must name one of the inputs' languages. */
static int check_encoding_langs(const align_args *a, const side *sides)
{
    const char *langs[MAX_TARGETS + 1];
    for (int i = 0; i < a->nfiles; i++)
        langs[i] = sides[i].lang;
    return cli_encoding_check_langs(VERB, a->encoding, langs, a->nfiles);
}

/* Trains the aligner's lexicon on pairs the TM already holds for this language pair. */
static int learn_from_tm(bitext_lexicon *lex, bitext_tm *tm, const char *src, const char *tgt,
                         bitext_error *err)
{
    const char *langs[] = {src, tgt, NULL};
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int rc, n = 0;
    f.langs = langs;
    if ((rc = bitext_tm_iter_new(&it, tm, &f, err)) < 0)
        return rc;
    while (n < TM_EXAMPLES && (rc = bitext_tm_iter_next(it, &tu, err)) > 0) {
        const bitext_tuv *s = bitext_tu_find(&tu, src), *t = bitext_tu_find(&tu, tgt);
        if (s && t && (rc = bitext_lexicon_add_example(lex, s->text, t->text, err)) < 0)
            break;
        n++;
    }
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    return rc < 0 ? rc : 0;
}

static int make_lexicon(bitext_lexicon **out, const align_args *a, bitext_tm *tm,
                        const side *src, const side *tgt)
{
    bitext_error err;
    bitext_error_clear(&err);
    *out = NULL;
    if (a->ndicts == 0 && (!tm || a->no_learn))
        return 0;
    if (bitext_lexicon_new(out, src->lang, tgt->lang, &err) < 0)
        return cli_fail(VERB, &err);
    for (size_t i = 0; i < a->ndicts; i++)
        if (bitext_lexicon_load(*out, a->dicts[i], &err) < 0)
            return cli_fail(VERB, &err);
    if (tm && !a->no_learn && learn_from_tm(*out, tm, src->lang, tgt->lang, &err) < 0)
        return cli_fail(VERB, &err);
    return 0;
}

typedef struct {
    bitext_tm *tm;
    const side *sides;
    size_t stored, duplicates, undecodable;
} store_ctx;

static bool has_fffd(const char *s)
{
    return s && strstr(s, "\xEF\xBF\xBD");
}

/* A pair with U+FFFD (bytes the reader could not decode) is no translation to reuse: it is
 * reported and kept out of the TM. */
static bool undecodable(store_ctx *c, const bitext_tu *tu)
{
    for (size_t i = 0; i < tu->ntuvs; i++) {
        if (has_fffd(tu->tuvs[i].text)) {
            fprintf(stderr, "bitext %s: warning: pair kept out of the TM, it holds undecodable "
                    "bytes (U+FFFD): %.*s%s\n", VERB, 80, tu->tuvs[0].text,
                    strlen(tu->tuvs[0].text) > 80 ? "..." : "");
            c->undecodable++;
            return true;
        }
    }
    return false;
}

/* The TU to store: a neighbour kept out for its U+FFFD is not kept as context either (a
 * shallow copy with those neighbours dropped; *copy is what to free). */
static const bitext_tu *clean_context(const bitext_tu *tu, bitext_tu *shallow, bitext_tuv **copy)
{
    bool dirty = false;
    *copy = NULL;
    for (size_t i = 0; i < tu->ntuvs; i++)
        dirty |= has_fffd(tu->tuvs[i].prev) || has_fffd(tu->tuvs[i].next);
    if (!dirty || !(*copy = malloc(tu->ntuvs * sizeof **copy)))
        return tu;
    memcpy(*copy, tu->tuvs, tu->ntuvs * sizeof **copy);
    for (size_t i = 0; i < tu->ntuvs; i++) {
        if (has_fffd((*copy)[i].prev))
            (*copy)[i].prev = NULL;
        if (has_fffd((*copy)[i].next))
            (*copy)[i].next = NULL;
    }
    *shallow = *tu;
    shallow->tuvs = *copy;
    return shallow;
}

/* Stores one TU, linked to the source document and the translation that led it (without
 * a TM, only counts it). */
static int store_tu(void *ctx, const bitext_tu *tu, size_t lead, bitext_error *err)
{
    store_ctx *c = ctx;
    bitext_tu shallow;
    bitext_tuv *copy;
    int64_t id = 0;
    int rc;
    if (undecodable(c, tu))
        return 0;
    tu = clean_context(tu, &shallow, &copy);
    rc = c->tm ? bitext_tm_add_tu(&id, c->tm, tu, c->sides[0].doc_id,
                                  c->sides[1 + lead].doc_id, err)
               : 0;
    free(copy);
    if (rc == 0 && c->tm)
        id ? c->stored++ : c->duplicates++;
    return rc;
}

static int add_documents(bitext_tm *tm, side *sides, int n, bitext_error *err)
{
    for (int i = 0; i < n; i++) {
        bitext_tm_document d = {sides[i].path, sides[i].lang, bitext_doc_checksum(sides[i].doc),
                                bitext_doc_title(sides[i].doc), NULL};
        int rc = bitext_tm_add_document(&sides[i].doc_id, tm, &d, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Turns the alignments into TUs and stores them in one transaction (tm may be NULL). */
static int store_all(bitext_tm *tm, const align_args *a, side *sides, int ntgt,
                     bitext_alignment **als, bitext_pairs_stats *st, store_ctx *sc)
{
    bitext_pairs_options po = BITEXT_PAIRS_OPTIONS_INIT;
    bitext_pair_side ps[MAX_TARGETS + 1];
    bitext_error err;
    bitext_error_clear(&err);
    for (int i = 0; i <= ntgt; i++)
        ps[i] = (bitext_pair_side){sides[i].segs, sides[i].doc};
    po.min_confidence = a->min_confidence;
    po.segtype = a->paragraph ? "paragraph" : "sentence";
    sc->tm = tm;
    sc->sides = sides;
    if ((!tm || (bitext_tm_begin(tm, &err) == 0 &&
                 add_documents(tm, sides, ntgt + 1, &err) == 0)) &&
        bitext_pairs_run(st, &ps[0], &ps[1], (const bitext_alignment *const *)als,
                         (size_t)ntgt, &po, store_tu, sc, &err) == 0 &&
        (!tm || bitext_tm_commit(tm, &err) == 0))
        return 0;
    if (tm)
        bitext_tm_rollback(tm);
    return cli_fail(VERB, &err);
}

static void write_beads(FILE *f, const bitext_alignment *al)
{
    char line[256];
    for (size_t i = 0; i < bitext_alignment_count(al); i++) {
        bitext_bead_format(bitext_alignment_bead(al, i), line, sizeof line);
        fprintf(f, "%s\n", line);
    }
}

static void tsv_field(FILE *f, const bitext_seglist *l, size_t first, size_t n)
{
    for (size_t i = first; i < first + n; i++) {
        const char *s = bitext_seglist_get(l, i)->text;
        if (i > first)
            fputc(' ', f);
        for (; *s; s++)
            fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
    }
}

static void write_tsv(FILE *f, const bitext_alignment *al, const side *src, const side *tgt)
{
    for (size_t i = 0; i < bitext_alignment_count(al); i++) {
        const bitext_bead *b = bitext_alignment_bead(al, i);
        fprintf(f, "%.3f\t", b->confidence);
        tsv_field(f, src->segs, b->src, b->nsrc);
        fputc('\t', f);
        tsv_field(f, tgt->segs, b->tgt, b->ntgt);
        fputc('\n', f);
    }
}

static int align_pair(bitext_alignment **out, const align_args *a, bitext_tm *tm,
                      const side *src, const side *tgt)
{
    bitext_align_options ao = BITEXT_ALIGN_OPTIONS_INIT;
    bitext_lexicon *lex = NULL;
    bitext_error err;
    int rc;
    bitext_error_clear(&err);
    if ((rc = make_lexicon(&lex, a, tm, src, tgt)) != 0)
        goto done;
    ao.lexicon = lex;
    if (bitext_align_run(out, src->segs, tgt->segs, &ao, &err) < 0)
        rc = cli_fail(VERB, &err);
done:
    bitext_lexicon_free(lex);
    return rc;
}

static void summary(const align_args *a, const side *sides, int ntgt,
                    const bitext_pairs_stats *st, const store_ctx *sc, const char *tm_path,
                    double secs)
{
    printf("aligned %s (%s, %zu segments) with", sides[0].path, sides[0].lang,
           bitext_seglist_count(sides[0].segs));
    for (int k = 1; k <= ntgt; k++)
        printf("%s %s (%s, %zu)", k > 1 ? "," : "", sides[k].path, sides[k].lang,
               bitext_seglist_count(sides[k].segs));
    printf(": %zu pairs, %zu source and %zu target segments unpaired", st->pairs,
           st->src_unpaired, st->tgt_unpaired);
    if (!a->no_tm)
        printf("; %zu new TUs, %zu already in %s", sc->stored, sc->duplicates, tm_path);
    if (st->weak)
        printf("; %zu pairs below --min-confidence", st->weak);
    if (sc->undecodable)
        printf("; %zu pairs with undecodable bytes kept out", sc->undecodable);
    printf(" (%.2f s)\n", secs);
}

int cmd_align(int argc, char **argv)
{
    align_args a = {0};
    side sides[MAX_TARGETS + 1] = {{0}};
    bitext_alignment *als[MAX_TARGETS] = {0};
    bitext_tm *tm = NULL;
    bitext_pairs_stats st = {0};
    store_ctx sc = {0};
    bitext_output *beads = NULL, *tsv = NULL;
    const char *tm_path = NULL;
    bool tm_missing = false;
    struct timespec t0, t1;
    char langbuf[BITEXT_LANG_MAX];
    int rc, ntgt;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = parse_args(&a, argc, argv)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    ntgt = a.nfiles - 1;
    tm_path = a.no_tm ? NULL : cli_tm_path(a.tm, true);
    /* outputs are checked before the long work (never the TM), written after it */
    if ((a.beads && (rc = cli_output_open(&beads, VERB, a.beads, tm_path)) != 0) ||
        (a.tsv && (rc = cli_output_open(&tsv, VERB, a.tsv, tm_path)) != 0))
        goto done;
    for (int i = 0; i <= ntgt; i++) {
        const char *lang = i == 0 ? a.src_lang
                                  : nth_lang(langbuf, sizeof langbuf, a.tgt_langs, i - 1);
        sides[i].path = a.files[i];
        if ((rc = read_side(&sides[i], &a, lang, i)) != 0)
            goto done;
    }
    if ((rc = check_encoding_langs(&a, sides)) != 0)
        goto done;
    /* an existing TM is opened before the long work (a bad TM fails fast, and the aligner
     * learns from its pairs); a new one is created only to store the result */
    if (tm_path)
        tm_missing = cli_tm_missing(VERB, tm_path, &rc);
    if (rc != 0 || (tm_path && !tm_missing && (rc = cli_tm_open(&tm, VERB, tm_path, 0)) != 0))
        goto done;
    for (int k = 0; k < ntgt; k++) {
        if ((rc = align_pair(&als[k], &a, tm, &sides[0], &sides[1 + k])) != 0)
            goto done;
    }
    if (beads)
        write_beads(bitext_output_file(beads), als[0]);
    if (tsv)
        write_tsv(bitext_output_file(tsv), als[0], &sides[0], &sides[1]);
    if ((rc = cli_output_commit(&beads, VERB)) != 0 || (rc = cli_output_commit(&tsv, VERB)) != 0)
        goto done;
    if (tm_missing && (rc = cli_tm_open(&tm, VERB, tm_path, 0)) != 0)
        goto done;
    if ((rc = store_all(tm, &a, sides, ntgt, als, &st, &sc)) != 0)
        goto done;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!a.quiet)
        summary(&a, sides, ntgt, &st, &sc, tm_path,
                (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
done:
    bitext_output_free(beads);
    bitext_output_free(tsv);
    for (int i = 0; i <= ntgt && i <= MAX_TARGETS; i++) {
        bitext_seglist_free(sides[i].segs);
        bitext_doc_free(sides[i].doc);
    }
    for (int k = 0; k < MAX_TARGETS; k++)
        bitext_alignment_free(als[k]);
    bitext_tm_close(tm);
    return rc;
}
