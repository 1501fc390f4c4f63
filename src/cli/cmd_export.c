/*
 * cmd_export.c - `bitext export`: the TM (or part of it) as a TMX 1.4 file.
 *
 * The TM is opened read-only and streamed TU by TU into the TMX writer, which writes a
 * temporary file beside the target and renames it at the end: an export that fails leaves
 * no half-written file.  How the TM's fields map to TMX: tmx/README.md.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <time.h>

#include "cli.h"

#define VERB "export"
#define MAX_LANGS 32

typedef struct {
    const char *tm, *out, *document, *origin;
    char langs[MAX_LANGS][BITEXT_LANG_MAX];
    const char *lang_ptrs[MAX_LANGS + 1];
    size_t nlangs;
    int level;
    double min_conf;
    int64_t since, until;
} export_args;

static void help(void)
{
    printf("Usage: bitext export [--tm DB] -o FILE.tmx [--langs SRC,TGT[,...]] [--level 1|2]\n"
           "                     [--min-confidence X] [--document NAME] [--origin ORIGIN]\n"
           "                     [--since DATE] [--until DATE]\n\n"
           "Writes the translation memory, or the part the filters select, as a TMX 1.4\n"
           "file that CAT tools (OmegaT, Trados Studio, memoQ, ...) import: UTF-8, BCP 47\n"
           "language codes, one <tu> per translation unit with its tuid, dates, props and\n"
           "notes, the alignment confidence and origin as <prop type=\"x-bitext-confidence\">\n"
           "and <prop type=\"x-bitext-origin\">.  Empty variants are left out and a unit\n"
           "left with fewer than two variants is not written.  Units with three or more\n"
           "languages are written whole unless --langs narrows them.\n\n"
           "Options:\n"
           "  --tm DB               the TM: a file or a postgresql:// URI (default:\n"
           "                        $BITEXT_TM, else the per-user TM)\n"
           "  --wait SECONDS        wait this long for a command writing to the TM (300)\n"
           "  -o, --output FILE     the TMX file to write; '-' writes standard output\n"
           "  --langs SRC,TGT,...   only these languages; the first is the header srclang\n"
           "                        (default: every language; srclang = the most frequent)\n"
           "  --level 1|2           1: plain text (default); 2: inline codes written back as\n"
           "                        <bpt>/<ept>/<ph>/<it>/<hi> with the native code inside\n"
           "  --min-confidence X    only units whose alignment confidence is at least X\n"
           "                        (0..1; units of unknown confidence, e.g. imported, pass)\n"
           "  --document NAME       only units aligned from the document NAME\n"
           "  --origin ORIGIN       only units of this origin: aligned, imported, edited\n"
           "  --since DATE          only units created on or after DATE\n"
           "  --until DATE          only units created on or before DATE (a day: all of it)\n"
           "                        DATE: YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (UTC) or the TMX\n"
           "                        form YYYYMMDDThhmmssZ\n"
           "  -h, --help            this help\n\n"
           "The header segtype is \"paragraph\" when every exported unit is a paragraph,\n"
           "else \"sentence\".  On success 'exported N TUs to FILE' goes to standard error.\n\n"
           "Examples:\n"
           "  bitext export --tm news.tm -o news.tmx --langs pl,en\n"
           "  bitext export --tm news.tm -o best.tmx --min-confidence 0.8 --level 2\n"
           "  bitext export --tm news.tm -o - --since 2024-01-01 | xmllint --noout -\n\n"
           CLI_EXIT_CODES_HELP);
}

/* DATE as unix seconds; *day is set when only a date was given. */
static int parse_date(int64_t *out, bool *day, const char *s)
{
    int day_only = 0;
    if (bitext_tmx_parse_date(out, &day_only, s) < 0)
        return -1;
    *day = day_only != 0;
    return 0;
}

static int parse_langs(export_args *a, const char *list)
{
    char buf[1024], *save = NULL, *tok;
    snprintf(buf, sizeof buf, "%s", list);
    a->nlangs = 0;
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (a->nlangs == MAX_LANGS)
            return cli_usage(VERB, "--langs: at most %d languages", MAX_LANGS);
        if (cli_lang(a->langs[a->nlangs], VERB, "--langs", tok) < 0)
            return EXIT_USAGE;
        a->lang_ptrs[a->nlangs] = a->langs[a->nlangs];
        a->nlangs++;
    }
    a->lang_ptrs[a->nlangs] = NULL;
    return a->nlangs ? 0 : cli_usage(VERB, "--langs: give languages such as pl,en");
}

static int parse_option(export_args *a, int c, const char *arg)
{
    char *end;
    bool day;
    switch (c) {
    case 't': a->tm = arg; return 0;
    case 'W': return cli_set_wait(VERB, arg);
    case 'o': a->out = arg; return 0;
    case 'l': return parse_langs(a, arg);
    case 'L':
        if (strcmp(arg, "1") && strcmp(arg, "2"))
            return cli_usage(VERB, "--level: 1 or 2, not '%s'", arg);
        a->level = atoi(arg);
        return 0;
    case 'c':
        a->min_conf = strtod(arg, &end);
        if (end == arg || *end || a->min_conf < 0 || a->min_conf > 1)
            return cli_usage(VERB, "--min-confidence: a number from 0 to 1, not '%s'", arg);
        return 0;
    case 'd': a->document = arg; return 0;
    case 'O': a->origin = arg; return 0;
    case 's':
        if (parse_date(&a->since, &day, arg) < 0)
            return cli_usage(VERB, "--since: '%s' is not a date (YYYY-MM-DD)", arg);
        return 0;
    case 'u':
        if (parse_date(&a->until, &day, arg) < 0)
            return cli_usage(VERB, "--until: '%s' is not a date (YYYY-MM-DD)", arg);
        a->until += day ? 86399 : 0;
        return 0;
    default: return cli_usage(VERB, "unknown option");
    }
}

static int parse_args(export_args *a, int argc, char **argv)
{
    static const struct option longs[] = {
        {"tm", required_argument, NULL, 't'},       {"output", required_argument, NULL, 'o'},
        {"langs", required_argument, NULL, 'l'},    {"level", required_argument, NULL, 'L'},
        {"min-confidence", required_argument, NULL, 'c'},
        {"document", required_argument, NULL, 'd'}, {"origin", required_argument, NULL, 'O'},
        {"since", required_argument, NULL, 's'},    {"until", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},           CLI_WAIT_OPTION, {NULL, 0, NULL, 0}};
    int c, rc;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longs, NULL)) != -1) {
        if (c == 'h') {
            help();
            return -1;
        }
        if (c == '?')
            return cli_usage(VERB, "unknown option or missing value: %s", argv[optind - 1]);
        if ((rc = parse_option(a, c, optarg)) != 0)
            return rc;
    }
    if (optind < argc)
        return cli_usage(VERB, "unexpected argument '%s'", argv[optind]);
    if (!a->out)
        return cli_usage(VERB, "give the TMX file to write with -o FILE.tmx (or -o -)");
    if (a->since && a->until && a->since > a->until)
        return cli_usage(VERB, "--since is after --until");
    return 0;
}

/* Every exported TU a paragraph?  Stops at the first that is not (so sentence TMs pay one
 * TU for this); the header's segtype tells OmegaT whether to re-segment (tmx/README.md). */
static int all_paragraphs(bitext_tm *tm, const bitext_tm_filter *f, bool *out,
                          char first_src[BITEXT_LANG_MAX], bitext_error *err)
{
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int rc, n = 0;
    *out = false;
    first_src[0] = '\0';
    if ((rc = bitext_tm_iter_new(&it, tm, f, err)) < 0)
        return rc;
    while ((rc = bitext_tm_iter_next(it, &tu, err)) > 0) {
        if (n++ == 0 && (tu.srclang || tu.ntuvs))   /* the TU's srclang, else its first tuv */
            snprintf(first_src, BITEXT_LANG_MAX, "%s",
                     tu.srclang ? tu.srclang : tu.tuvs[0].lang);
        if (!tu.segtype || strcmp(tu.segtype, "paragraph") != 0)
            break;
    }
    if (rc == 0 && n > 0)
        *out = true;
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    return rc < 0 ? rc : 0;
}

static int write_all(bitext_tm *tm, const bitext_tm_filter *f, bitext_tmx_writer *w,
                     bitext_error *err)
{
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int rc;
    if ((rc = bitext_tm_iter_new(&it, tm, f, err)) < 0)
        return rc;
    while ((rc = bitext_tm_iter_next(it, &tu, err)) > 0)
        if ((rc = bitext_tmx_writer_add(w, &tu, err)) < 0)
            break;
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    return rc;
}

static int run(const export_args *a, bitext_tm *tm, const char *tm_path, bitext_error *err)
{
    bitext_output_options oo = BITEXT_OUTPUT_OPTIONS_INIT;
    const char *protect[] = {tm_path, NULL};
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tmx_write_options o = BITEXT_TMX_WRITE_OPTIONS_INIT;
    bitext_tm_stats st;
    bitext_tmx_writer *w = NULL;
    bitext_output *out = NULL;
    bool para = false;
    char first_src[BITEXT_LANG_MAX];
    int rc;

    if (!bitext_tm_is_uri(tm_path))
        oo.protect = protect;
    f.langs = a->nlangs ? a->lang_ptrs : NULL;
    f.min_confidence = a->min_conf;
    f.document = a->document;
    f.origin = a->origin;
    f.since = a->since;
    f.until = a->until;
    if (a->nlangs) {
        o.srclang = a->langs[0];
    } else {
        if ((rc = bitext_tm_stats_get(&st, tm, err)) < 0)
            return rc;
        if (st.nlangs == 0) {
            err->code = BITEXT_EINVAL;
            snprintf(err->message, sizeof err->message, "the TM holds no translation units; "
                     "nothing to export (give --langs to write an empty TMX)");
            return err->code;
        }
        o.srclang = st.langs[0].lang;
    }
    if ((rc = all_paragraphs(tm, &f, &para, first_src, err)) < 0)
        return rc;
    /* a tie for the most frequent language (every pair has one of each): the source
     * language the TUs themselves name wins, so that a pl->en TM says srclang="pl" */
    for (size_t k = 0; !a->nlangs && first_src[0] && k < st.nlangs; k++)
        if (st.langs[k].tuvs == st.langs[0].tuvs && strcasecmp(st.langs[k].lang, first_src) == 0)
            o.srclang = st.langs[k].lang;
    o.segtype = para ? "paragraph" : "sentence";
    o.level = a->level;
    if ((rc = bitext_output_open(&out, a->out, &oo, err)) == 0 &&
        (rc = bitext_tmx_writer_new(&w, out, &o, err)) == 0 &&
        (rc = write_all(tm, &f, w, err)) == 0 && (rc = bitext_tmx_writer_finish(w, err)) == 0 &&
        (rc = bitext_output_commit(out, err)) == 0)
        fprintf(stderr, "exported %lld TUs to %s\n", (long long)bitext_tmx_writer_count(w),
                strcmp(a->out, "-") == 0 ? "<stdout>" : a->out);
    bitext_tmx_writer_free(w);
    bitext_output_free(out);
    return rc;
}

/* OmegaT 3.6 reads only lower-case *.tmx files from its tm/ folder and ignores the rest
 * without a word (shared/tmx README, pitfall 7): say so when the name would be ignored. */
static void warn_name(const char *out)
{
    size_t n = strlen(out);
    struct stat sb;
    if (strcmp(out, "-") == 0 || (n >= 4 && strcmp(out + n - 4, ".tmx") == 0) ||
        (stat(out, &sb) == 0 && !S_ISREG(sb.st_mode)))   /* /dev/null, a pipe */
        return;
    fprintf(stderr, "bitext %s: note: %s does not end in lower-case '.tmx'; OmegaT ignores "
            "such files in its tm/ folder\n", VERB, out);
}

int cmd_export(int argc, char **argv)
{
    export_args a;
    bitext_tm *tm = NULL;
    const char *tm_path;
    bitext_error err;
    int rc;

    memset(&a, 0, sizeof a);
    a.level = 1;
    if ((rc = parse_args(&a, argc, argv)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    warn_name(a.out);
    tm_path = cli_tm_path(a.tm, false);
    if ((rc = cli_tm_open(&tm, VERB, tm_path, BITEXT_TM_READONLY | BITEXT_TM_NOCREATE)) != 0)
        return rc;
    bitext_error_clear(&err);
    rc = run(&a, tm, tm_path, &err) < 0 ? cli_fail(VERB, &err) : EXIT_OK;
    bitext_tm_close(tm);
    return rc;
}
