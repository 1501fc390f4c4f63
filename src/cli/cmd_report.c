/* cmd_report.c - `bitext report`: what the TM holds for a document, as an HTML page. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define VERB "report"

static const char usage_text[] =
    "Usage: bitext report [--tm DB] [--doc NAME] [OPTIONS] -o FILE.html\n"
    "\n"
    "Writes the pairs the TM holds for document NAME (the source or the translation, named\n"
    "as 'bitext align' got it; without --doc, every pair) as one HTML page: source and\n"
    "target side by side, coloured by confidence (reviewed pairs have confidence 1), with\n"
    "the findings of 'bitext check' on their rows.  The page is one file that needs no\n"
    "network; with JavaScript, n/p jump to the next/previous row that needs a look and f\n"
    "shows only those.  The TM keeps pairs only: 'bitext align --report' shows the\n"
    "sentences left unpaired too.\n"
    "\n"
    "Options:\n"
    "  --tm DB            the TM (default $BITEXT_TM, else ~/.local/share/bitext/tm.sqlite)\n"
    "  --doc NAME         the document whose pairs to show\n"
    CLI_WAIT_HELP
    "  --src-lang L       the source language (default: each unit's source)\n"
    "  --tgt-lang L       the target language (default: the other language of each unit)\n"
    "  --no-checks        leave the checks out\n"
    "  -o, --output FILE  the page ('-' = standard output)\n"
    "  -h, --help         this help\n"
    "\n"
    "Example:\n"
    "  bitext report --tm news.tm --doc article.pl.html -o article.html\n"
    "\n" CLI_EXIT_CODES_HELP;

typedef struct {
    const char *tm, *doc, *src_lang, *tgt_lang, *output;
    bool no_checks;
} report_args;

static int parse_args(report_args *a, int argc, char **argv)
{
    enum { OPT_TM = 256, OPT_DOC, OPT_SRC, OPT_TGT, OPT_NOCHECK };
    static const struct option longopts[] = {
        {"tm", 1, NULL, OPT_TM}, {"doc", 1, NULL, OPT_DOC}, {"src-lang", 1, NULL, OPT_SRC},
        {"tgt-lang", 1, NULL, OPT_TGT}, {"no-checks", 0, NULL, OPT_NOCHECK},
        {"output", 1, NULL, 'o'}, {"help", 0, NULL, 'h'}, CLI_WAIT_OPTION, {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_TM: a->tm = optarg; break;
        case OPT_DOC: a->doc = optarg; break;
        case OPT_SRC: a->src_lang = optarg; break;
        case OPT_TGT: a->tgt_lang = optarg; break;
        case OPT_NOCHECK: a->no_checks = true; break;
        case 'o': a->output = optarg; break;
        case 'W':
            if (cli_set_wait(VERB, optarg))
                return EXIT_USAGE;
            break;
        case 'h': fputs(usage_text, stdout); return -1;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage(VERB, "unexpected argument '%s'", argv[optind]);
    if (!a->output)
        return cli_usage(VERB, "give the page to write with -o FILE.html ('-' = standard "
                         "output)");
    return 0;
}

static int write_page(const report_args *a, bitext_tm *tm, const bitext_review *r,
                      bitext_output *out)
{
    bitext_qa_options qo = BITEXT_QA_OPTIONS_INIT;
    bitext_qa_finding *f = NULL;
    bitext_error err;
    size_t nf = 0;
    int rc = 0;
    bitext_error_clear(&err);
    qo.tm = tm;
    if ((!a->no_checks && bitext_qa_run(&f, &nf, r, &qo, &err) < 0) ||
        bitext_report_alignment(out, r, f, nf, NULL, &err) < 0)
        rc = cli_fail(VERB, &err);
    bitext_qa_findings_free(f, nf);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    report_args a = {0};
    char src[BITEXT_LANG_MAX], tgt[BITEXT_LANG_MAX];
    const char *tm_path;
    bitext_tm *tm = NULL;
    bitext_review *r = NULL;
    bitext_output *out = NULL;
    int rc;
    if ((rc = parse_args(&a, argc, argv)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    if ((a.src_lang && cli_lang(src, VERB, "--src-lang", a.src_lang) < 0) ||
        (a.tgt_lang && cli_lang(tgt, VERB, "--tgt-lang", a.tgt_lang) < 0))
        return EXIT_INPUT;
    tm_path = cli_tm_path(a.tm, false);
    if ((rc = cli_output_open(&out, VERB, a.output, tm_path)) != 0 ||
        (rc = cli_tm_open(&tm, VERB, tm_path, BITEXT_TM_READONLY)) != 0 ||
        (rc = cli_review_from_tm(&r, VERB, tm, a.doc, a.src_lang ? src : NULL,
                                 a.tgt_lang ? tgt : NULL)) != 0 ||
        (rc = write_page(&a, tm, r, out)) != 0)
        goto done;
    rc = cli_output_commit(&out, VERB);
done:
    bitext_output_free(out);
    bitext_review_free(r);
    bitext_tm_close(tm);
    return rc;
}
