/* cmd_check.c - `bitext check`: translation checks on an article and its translation. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"

#define VERB "check"
#define EXIT_FOUND 5        /* --fail-on: a finding of a listed kind */

static const char usage_text[] =
    "Usage: bitext check [OPTIONS] SRC TGT\n"
    "       bitext check --tm DB --doc NAME [OPTIONS]\n"
    "\n"
    "Aligns an article with its translation (as 'bitext align' does, storing nothing) and\n"
    "checks the translation, or checks the pairs the TM holds for document NAME:\n"
    "  omission      a source sentence of 4+ words with no translation (1-0)\n"
    "  addition      a target sentence of 4+ words that translates nothing (0-1)\n"
    "  numbers       numbers that differ, read per language: 2,3 tys. = 2.3 thousand =\n"
    "                2,300 = 2.300 (de); godz. 22 = 22:00 = 10 p.m.; 14 marca = March 14\n"
    "  untranslated  the target is the source (numbers-only and names-only aside)\n"
    "  length        a pair far from the document's own length ratio\n"
    "  inconsistent  one source translated differently, or one translation given to\n"
    "                different sources (in the document, and in the TM with --tm)\n"
    "  codes         inline formatting (bold, links, line breaks) that does not correspond\n"
    "Each finding: severity (major, minor), kind, segment numbers (from 1), both texts.\n"
    "\n"
    "Options:\n"
    "  --tm DB              also check consistency against this TM (read only); with --doc\n"
    "                       the pairs come from it\n"
    "  --doc NAME           the document stored in the TM under NAME (as align got it)\n"
    CLI_WAIT_HELP
    "  --src-lang L, --tgt-lang L   languages (default: from the file names or <html lang>)\n"
    "  --format text|jsonl  findings as text (default) or one JSON object per line\n"
    "  --checks KIND,...    run only these checks\n"
    "  --fail-on KIND,...   exit 5 when a finding of these kinds is found ('all': any)\n"
    "  --min-words N        omission/addition from N words (default 4)\n"
    "  --dict FILE          a bilingual dictionary for the aligner, as for align\n"
    "  -h, --help           this help\n"
    "\n" CLI_ARTICLE_HELP
    "\n"
    "Examples:\n"
    "  bitext check article.pl.html article.en.html\n"
    "  bitext check --format jsonl --fail-on omission,numbers a.pl.txt a.en.txt\n"
    "  bitext check --tm news.tm --doc article.pl.html\n"
    "\n"
    "Exit status: 0 when the checks ran (findings or not), 5 with --fail-on when a finding of\n"
    "a listed kind was found; else as every verb: 1 failure (I/O, memory), 2 usage error,\n"
    "3 bad input, 4 translation memory error.\n";

typedef struct {
    const char *tm, *doc, *src_lang, *tgt_lang;
    cli_article_opts ro;
    cli_align_opts ao;
    bitext_qa_options qo;
    unsigned fail_on;
    bool jsonl;
    char **files;
    int nfiles;
} check_args;

enum { OPT_TM = 256, OPT_DOC, OPT_SRC, OPT_TGT, OPT_FORMAT, OPT_CHECKS, OPT_FAIL, OPT_MINW,
       OPT_DICT };

/* "numbers,omission" -> bits of bitext_qa_kind; "all" is every kind. */
static int kinds_of(unsigned *out, const char *list, const char *option)
{
    char buf[256];
    bitext_error err;
    *out = 0;
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        bitext_qa_kind kind;
        if (!strcmp(k, "all")) {
            *out = ~0u;
            continue;
        }
        bitext_error_clear(&err);
        if (bitext_qa_kind_parse(&kind, k, &err) < 0)
            return cli_usage(VERB, "%s: %s", option, err.message);
        *out |= 1u << kind;
    }
    return *out ? 0 : cli_usage(VERB, "%s needs one or more kinds", option);
}

static int parse_option(check_args *a, int c)
{
    char *end;
    int rc;
    switch (c) {
    case OPT_TM: a->tm = optarg; return 0;
    case OPT_DOC: a->doc = optarg; return 0;
    case OPT_SRC: a->src_lang = optarg; return 0;
    case OPT_TGT: a->tgt_lang = optarg; return 0;
    case OPT_FORMAT:
        if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
            return cli_usage(VERB, "--format takes text or jsonl, not '%s'", optarg);
        a->jsonl = !strcmp(optarg, "jsonl");
        return 0;
    case OPT_CHECKS: return kinds_of(&a->qo.kinds, optarg, "--checks");
    case OPT_FAIL: return kinds_of(&a->fail_on, optarg, "--fail-on");
    case OPT_MINW:
        a->qo.min_words = (unsigned)strtoul(optarg, &end, 10);
        return *end || !*optarg ? cli_usage(VERB, "--min-words takes a number") : 0;
    case 'W': return cli_set_wait(VERB, optarg);
    case OPT_DICT:
        if (a->ao.ndicts == CLI_MAX_DICTS)
            return cli_usage(VERB, "at most %d --dict files", CLI_MAX_DICTS);
        a->ao.dicts[a->ao.ndicts++] = optarg;
        return 0;
    default: /* an article option, or unknown (getopt said so) */
        rc = cli_article_option(&a->ro, VERB, c, optarg);
        return rc < 0 ? EXIT_USAGE : rc;
    }
}

static int parse_args(check_args *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", 1, NULL, OPT_TM}, {"doc", 1, NULL, OPT_DOC}, {"src-lang", 1, NULL, OPT_SRC},
        {"tgt-lang", 1, NULL, OPT_TGT}, {"format", 1, NULL, OPT_FORMAT},
        {"checks", 1, NULL, OPT_CHECKS}, {"fail-on", 1, NULL, OPT_FAIL},
        {"min-words", 1, NULL, OPT_MINW}, {"dict", 1, NULL, OPT_DICT}, {"help", 0, NULL, 'h'},
        CLI_WAIT_OPTION, CLI_ARTICLE_OPTIONS, {NULL, 0, NULL, 0}};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_text, stdout);
            return -1;
        }
        if ((rc = parse_option(a, c)) != 0)
            return rc;
    }
    if ((rc = cli_article_opts_check(&a->ro, VERB)) != 0)
        return rc;
    a->files = argv + optind;
    a->nfiles = argc - optind;
    if (a->doc && (a->nfiles || !a->tm))
        return cli_usage(VERB, "--doc takes the pairs from the TM: give --tm and no files");
    if (!a->doc && a->nfiles != 2)
        return cli_usage(VERB, "needs an article and its translation (or --tm DB --doc NAME)");
    return 0;
}

/* ---- printing --------------------------------------------------------------------------- */

static void json_segments(const bitext_review_row *row, int side)
{
    size_t first = side ? row->tgt : row->src, n = side ? row->ntgt : row->nsrc;
    putchar('[');
    for (size_t k = 0; k < n; k++)
        printf("%s%zu", k ? "," : "", first + k + 1);
    putchar(']');
}

static void print_jsonl(const bitext_review *r, const bitext_qa_finding *f)
{
    const bitext_review_row *row = bitext_review_row_at(r, f->row);
    printf("{\"kind\":\"%s\",\"severity\":\"%s\",\"source_segments\":",
           bitext_qa_kind_name(f->kind), bitext_qa_severity_name(f->severity));
    json_segments(row, 0);
    fputs(",\"target_segments\":", stdout);
    json_segments(row, 1);
    fputs(",\"source_lang\":", stdout);
    json_string(stdout, bitext_review_lang(r, 0));
    fputs(",\"target_lang\":", stdout);
    json_string(stdout, bitext_review_lang(r, 1));
    fputs(",\"source\":", stdout);
    json_string(stdout, row->source ? row->source->text : "");
    fputs(",\"target\":", stdout);
    json_string(stdout, row->target ? row->target->text : "");
    fputs(",\"message\":", stdout);
    json_string(stdout, f->message);
    fputs("}\n", stdout);
}

static void print_text(const bitext_review *r, const bitext_qa_finding *f)
{
    const bitext_review_row *row = bitext_review_row_at(r, f->row);
    char a[48], b[48];
    printf("%s %s (source %s, target %s): %s\n", bitext_qa_severity_name(f->severity),
           bitext_qa_kind_name(f->kind), *bitext_review_row_segments(row, 0, a, sizeof a) ? a : "-",
           *bitext_review_row_segments(row, 1, b, sizeof b) ? b : "-", f->message);
    printf("  %s: %s\n  %s: %s\n", bitext_review_lang(r, 0), row->source ? row->source->text : "",
           bitext_review_lang(r, 1), row->target ? row->target->text : "");
}

/* The closing line: how many of each kind ("no findings in N rows"). */
static void summary(const bitext_review *r, const bitext_qa_finding *f, size_t n)
{
    size_t per[BITEXT_QA_KINDS] = {0}, major = 0;
    bool first = true;
    for (size_t k = 0; k < n; k++) {
        per[f[k].kind]++;
        major += f[k].severity == BITEXT_QA_MAJOR;
    }
    if (n == 0)
        printf("no findings in %zu rows", bitext_review_count(r));
    else
        printf("%zu finding%s (%zu major) in %zu rows:", n, n == 1 ? "" : "s", major,
               bitext_review_count(r));
    for (int k = 0; k < BITEXT_QA_KINDS; k++)
        if (per[k]) {
            printf("%s %s %zu", first ? "" : ",", bitext_qa_kind_name((bitext_qa_kind)k), per[k]);
            first = false;
        }
    putchar('\n');
    if (!bitext_review_complete(r))
        printf("(the TM keeps pairs only: omissions and additions need the files)\n");
}

/* ---- the verb --------------------------------------------------------------------------- */

/* The rows to check and their findings: from the two files (aligned as align aligns them),
 * or from the TM's pairs of --doc. */
static int load_rows(bitext_review **out, bitext_qa_finding **f, size_t *nf, check_args *a,
                     bitext_tm *tm, cli_article *sides, bitext_alignment **al)
{
    cli_input in[2] = {{NULL, a->src_lang, "--src-lang/--tgt-lang", NULL, 0, 2},
                       {NULL, a->tgt_lang, "--src-lang/--tgt-lang", NULL, 1, 2}};
    bitext_error err;
    int rc;
    bitext_error_clear(&err);
    a->qo.tm = tm;
    if (a->doc) {
        char tgt[BITEXT_LANG_MAX], src[BITEXT_LANG_MAX];
        if ((a->src_lang && cli_lang(src, VERB, "--src-lang", a->src_lang) < 0) ||
            (a->tgt_lang && cli_lang(tgt, VERB, "--tgt-lang", a->tgt_lang) < 0))
            return EXIT_INPUT;
        if ((rc = cli_review_from_tm(out, VERB, tm, a->doc, a->src_lang ? src : NULL,
                                     a->tgt_lang ? tgt : NULL)) != 0)
            return rc;
        return bitext_qa_run(f, nf, *out, &a->qo, &err) < 0 ? cli_fail(VERB, &err) : 0;
    }
    in[0].path = a->files[0];
    in[1].path = a->files[1];
    if ((rc = cli_article_load(&sides[0], VERB, &a->ro, &in[0])) != 0 ||
        (rc = cli_article_load(&sides[1], VERB, &a->ro, &in[1])) != 0 ||
        (rc = cli_align_pair(al, VERB, &a->ao, tm, &sides[0], &sides[1])) != 0)
        return rc;
    return cli_review_alignment(out, f, nf, VERB, &sides[0], &sides[1], *al, &a->qo);
}

/* Prints the findings (and, as text, the summary); EXIT_FOUND for one --fail-on lists. */
static int report(const check_args *a, const bitext_review *r, const bitext_qa_finding *f,
                  size_t n)
{
    bool failed = false;
    for (size_t k = 0; k < n; k++) {
        if (a->jsonl)
            print_jsonl(r, &f[k]);
        else
            print_text(r, &f[k]);
        failed |= (a->fail_on & (1u << f[k].kind)) != 0;
    }
    if (!a->jsonl)
        summary(r, f, n);
    return failed ? EXIT_FOUND : 0;
}

int cmd_check(int argc, char **argv)
{
    check_args a = {0};
    cli_article sides[2] = {{0}};
    bitext_alignment *al = NULL;
    bitext_review *r = NULL;
    bitext_qa_finding *f = NULL;
    bitext_tm *tm = NULL;
    size_t nf = 0;
    int rc;
    a.qo = (bitext_qa_options)BITEXT_QA_OPTIONS_INIT;
    if ((rc = parse_args(&a, argc, argv)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (a.tm && (rc = cli_tm_open(&tm, VERB, cli_tm_path(a.tm, false), BITEXT_TM_READONLY)))
        return rc;
    if ((rc = load_rows(&r, &f, &nf, &a, tm, sides, &al)) == 0)
        rc = report(&a, r, f, nf);
    bitext_qa_findings_free(f, nf);
    bitext_review_free(r);
    bitext_alignment_free(al);
    cli_article_free(&sides[0]);
    cli_article_free(&sides[1]);
    bitext_tm_close(tm);
    return rc;
}
