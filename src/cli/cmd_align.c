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

static const char usage_text[] =
    "Usage: bitext align [OPTIONS] SRC TGT [TGT...]\n"
    "\n"
    "Aligns an article (SRC) with its translation(s) (TGT) sentence by sentence and stores\n"
    "the pairs, each with a confidence, in the translation memory. Reads plain text (a blank\n"
    "line ends a paragraph) or HTML (by extension or content: title, headings, paragraphs,\n"
    "list items and captions become blocks; scripts, navigation, related links and copyright\n"
    "lines are dropped). Sentences left unpaired (1-0, 0-1) are reported, not stored.\n"
    "With several TGT files, the source is the pivot: a sentence paired the same way in every\n"
    "translation becomes one multilingual TU.\n"
    "\n"
    "Options:\n"
    "  --tm DB              the TM file or postgresql:// URI (created if missing);\n"
    "                       default $BITEXT_TM, else ~/.local/share/bitext/tm.sqlite\n"
    CLI_WAIT_HELP
    "  --src-lang L         language of SRC (BCP 47: pl, en-GB, ...); default: from the file\n"
    "                       name (article.pl.html) or <html lang>\n"
    "  --tgt-lang L[,L...]  language of each TGT, in order; default as for --src-lang\n"
    "  --dict FILE          a bilingual dictionary (hunalign 'word @ word' or FreeDict\n"
    "                       .index/.dict.dz); may be repeated\n"
    "  --no-learn-from-tm   do not train the aligner on the pairs already in the TM\n"
    "  --min-confidence X   keep pairs below confidence X (0..1) out of the TM (default 0)\n"
    "  --beads FILE         write the alignment, one bead per line: [0, 1]:[0], [3]:[]\n"
    "  --report FILE.html   write a page to review the alignment in a browser: source and\n"
    "                       target side by side, coloured by confidence, with the findings\n"
    "                       of 'bitext check' on their rows (one file, works offline)\n"
    "  --tsv FILE           write the alignment as a TSV a spreadsheet opens (header row;\n"
    "                       bead, confidence, source, target, findings): correct it and\n"
    "                       read it back with 'bitext import --tm DB --doc SRC FILE'\n"
    "  --no-tm              align and report only; store nothing\n"
    "  -q, --quiet          no summary line\n"
    "  -h, --help           this help\n"
    "\n" CLI_ARTICLE_HELP
    "\n"
    "Examples:\n"
    "  bitext align --tm news.tm article.pl.html article.en.html\n"
    "  bitext align --tm news.tm --src-lang de --tgt-lang fr,it de.txt fr.txt it.txt\n"
    "  bitext align --tm news.tm --report review.html --tsv review.tsv a.pl.html a.en.html\n"
    "  bitext align --no-tm --presegmented --beads out.beads --src-lang de --tgt-lang fr \\\n"
    "               dev.de dev.fr\n"
    "\n"
    "With several translations, --beads, --report and --tsv show the first. A pair whose\n"
    "two documents were reviewed (bitext import of a review TSV) is not stored again: the\n"
    "TM keeps the reviewed pairs.\n"
    "\n" CLI_EXIT_CODES_HELP;

typedef struct {
    const char *tm;
    const char *src_lang, *tgt_langs;
    const char *beads, *tsv, *report;
    cli_article_opts ro;
    cli_align_opts ao;
    double min_confidence;
    bool no_tm, quiet;
    char **files;
    int nfiles;
} align_args;

typedef cli_article side;

enum { OPT_TM = 256, OPT_SRC, OPT_TGT, OPT_DICT, OPT_MINCONF, OPT_BEADS, OPT_TSV, OPT_NOTM,
       OPT_NOLEARN, OPT_REPORT };

static int parse_args(align_args *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", 1, NULL, OPT_TM}, {"src-lang", 1, NULL, OPT_SRC}, {"tgt-lang", 1, NULL, OPT_TGT},
        {"dict", 1, NULL, OPT_DICT}, {"min-confidence", 1, NULL, OPT_MINCONF},
        {"beads", 1, NULL, OPT_BEADS}, {"tsv", 1, NULL, OPT_TSV}, {"report", 1, NULL, OPT_REPORT},
        {"no-tm", 0, NULL, OPT_NOTM}, {"no-learn-from-tm", 0, NULL, OPT_NOLEARN},
        {"quiet", 0, NULL, 'q'}, {"help", 0, NULL, 'h'}, CLI_WAIT_OPTION, CLI_ARTICLE_OPTIONS,
        {NULL, 0, NULL, 0}};
    int c, rc;
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
        case OPT_DICT:
            if (a->ao.ndicts == CLI_MAX_DICTS)
                return cli_usage(VERB, "at most %d --dict files", CLI_MAX_DICTS);
            a->ao.dicts[a->ao.ndicts++] = optarg;
            break;
        case OPT_MINCONF:
            a->min_confidence = strtod(optarg, &end);
            if (*end || a->min_confidence < 0 || a->min_confidence > 1)
                return cli_usage(VERB, "--min-confidence takes a number from 0 to 1");
            break;
        case OPT_BEADS: a->beads = optarg; break;
        case OPT_TSV: a->tsv = optarg; break;
        case OPT_REPORT: a->report = optarg; break;
        case OPT_NOTM: a->no_tm = true; break;
        case OPT_NOLEARN: a->ao.no_learn = true; break;
        case 'q': a->quiet = true; break;
        case 'h': fputs(usage_text, stdout); return -1;
        default: /* an article option, or unknown (getopt said so) */
            if ((rc = cli_article_option(&a->ro, VERB, c, optarg)) != 0)
                return rc < 0 ? EXIT_USAGE : rc;
        }
    }
    if ((rc = cli_article_opts_check(&a->ro, VERB)) != 0)
        return rc;
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

/* Every LANG= of --encoding must name one of the inputs' languages. */
static int check_encoding_langs(const align_args *a, const side *sides)
{
    const char *langs[MAX_TARGETS + 1];
    for (int i = 0; i < a->nfiles; i++)
        langs[i] = sides[i].lang;
    return cli_encoding_check_langs(VERB, a->ro.encoding, langs, a->nfiles);
}

typedef struct {
    bitext_tm *tm;
    const side *sides;
    size_t stored, duplicates, kept_reviewed, undecodable;
    bool reviewed[MAX_TARGETS];      /* translation k and the source were reviewed */
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
 * a TM, only counts it).  The pairs of a reviewed document pair are not stored again. */
static int store_tu(void *ctx, const bitext_tu *tu, size_t lead, bitext_error *err)
{
    store_ctx *c = ctx;
    bitext_tu shallow;
    bitext_tuv *copy;
    int64_t id = 0;
    int rc;
    if (c->reviewed[lead]) {
        c->kept_reviewed++;
        return 0;
    }
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

/* Which translations form with the source a document pair whose pairs were reviewed. */
static int find_reviewed(store_ctx *sc, bitext_tm *tm, const side *sides, int ntgt,
                         bitext_error *err)
{
    int64_t src = 0, tgt = 0;
    int rc = bitext_tm_document_reviewed(&src, tm, sides[0].doc_id, err);
    for (int k = 0; k < ntgt && rc == 0 && src; k++)
        if ((rc = bitext_tm_document_reviewed(&tgt, tm, sides[1 + k].doc_id, err)) == 0 && tgt) {
            sc->reviewed[k] = true;
            fprintf(stderr, "bitext %s: %s and %s were reviewed: the TM keeps their reviewed "
                    "pairs and does not store this alignment\n", VERB, sides[0].path,
                    sides[1 + k].path);
        }
    return rc;
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
    po.segtype = a->ro.paragraph ? "paragraph" : "sentence";
    sc->tm = tm;
    sc->sides = sides;
    if ((!tm || (bitext_tm_begin(tm, &err) == 0 &&
                 add_documents(tm, sides, ntgt + 1, &err) == 0 &&
                 find_reviewed(sc, tm, sides, ntgt, &err) == 0)) &&
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

/* The review of the first translation: the checks, then the HTML page and the TSV. */
static int write_review(bitext_tm *tm, const side *sides, const bitext_alignment *al,
                        bitext_output *report, bitext_output *tsv)
{
    bitext_qa_options qo = BITEXT_QA_OPTIONS_INIT;
    bitext_review *r = NULL;
    bitext_qa_finding *f = NULL;
    bitext_error err;
    size_t nf = 0;
    int rc;
    bitext_error_clear(&err);
    qo.tm = tm;
    if ((rc = cli_review_alignment(&r, &f, &nf, VERB, &sides[0], &sides[1], al, &qo)) == 0 &&
        ((report && bitext_report_alignment(report, r, f, nf, NULL, &err) < 0) ||
         (tsv && bitext_tsv_write(tsv, r, f, nf, &err) < 0)))
        rc = cli_fail(VERB, &err);
    bitext_qa_findings_free(f, nf);
    bitext_review_free(r);
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
    if (sc->kept_reviewed)
        printf("; %zu pairs not stored (reviewed documents)", sc->kept_reviewed);
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
    bitext_output *beads = NULL, *tsv = NULL, *report = NULL;
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
        (a.tsv && (rc = cli_output_open(&tsv, VERB, a.tsv, tm_path)) != 0) ||
        (a.report && (rc = cli_output_open(&report, VERB, a.report, tm_path)) != 0))
        goto done;
    for (int i = 0; i <= ntgt; i++) {
        cli_input in = {a.files[i], i == 0 ? a.src_lang
                                           : nth_lang(langbuf, sizeof langbuf, a.tgt_langs, i - 1),
                        "--src-lang/--tgt-lang", NULL, i, a.nfiles};
        if ((rc = cli_article_load(&sides[i], VERB, &a.ro, &in)) != 0)
            goto done;
    }
    if ((rc = check_encoding_langs(&a, sides)) != 0)
        goto done;
    /* an existing TM is opened before the long work (a bad TM fails fast, and the aligner
     * learns from its pairs); a new one is created only to store the result */
    if (tm_path && (rc = cli_tm_open_deferred(&tm, &tm_missing, VERB, tm_path)) != 0)
        goto done;
    for (int k = 0; k < ntgt; k++) {
        if ((rc = cli_align_pair(&als[k], VERB, &a.ao, tm_missing ? NULL : tm, &sides[0],
                                 &sides[1 + k])) != 0)
            goto done;
    }
    if (beads)
        write_beads(bitext_output_file(beads), als[0]);
    if ((report || tsv) &&
        (rc = write_review(tm_missing ? NULL : tm, sides, als[0], report, tsv)) != 0)
        goto done;
    if ((rc = cli_output_commit(&beads, VERB)) != 0 || (rc = cli_output_commit(&tsv, VERB)) != 0 ||
        (rc = cli_output_commit(&report, VERB)) != 0)
        goto done;
    if ((rc = store_all(tm, &a, sides, ntgt, als, &st, &sc)) != 0)
        goto done;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!a.quiet)
        summary(&a, sides, ntgt, &st, &sc, tm ? bitext_tm_name(tm) : tm_path,
                (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
done:
    bitext_output_free(beads);
    bitext_output_free(tsv);
    bitext_output_free(report);
    for (int i = 0; i <= ntgt && i <= MAX_TARGETS; i++)
        cli_article_free(&sides[i]);
    for (int k = 0; k < MAX_TARGETS; k++)
        bitext_alignment_free(als[k]);
    bitext_tm_close(tm);
    return rc;
}
