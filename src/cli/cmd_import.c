/*
 * cmd_import.c - `bitext import`: TMX and XLIFF files into the TM, in one transaction.
 *
 * Every file is read TU by TU (bounded memory) and every TU stored inside one TM
 * transaction for the whole command: when anything fails (a malformed file, a TU the reader
 * refuses without --skip-invalid, a full disk) the TM is rolled back and stays as it was, so
 * an import is never silently partial.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define VERB "import"

typedef struct {
    int64_t read, imported, duplicates, skipped_invalid, skipped_short;
} import_counts;

static void help(void)
{
    printf("Usage: bitext import [--tm DB] [--skip-invalid] FILE.tmx|FILE.xlf...\n"
           "       bitext import [--tm DB] --doc NAME REVIEW.tsv\n\n"
           "Reads TMX files (1.4 and 1.1, levels 1 and 2, from any CAT tool) into the\n"
           "translation memory.  Accepted: UTF-8 and UTF-16 with or without a byte-order\n"
           "mark, 'lang' as well as 'xml:lang', language codes in any case or with '_'\n"
           "(normalised to BCP 47: EN_us -> en-US), units with three or more languages,\n"
           "header srclang \"*all*\" or one that names no variant, inline codes (kept as\n"
           "codes, written back by 'bitext export --level 2'), props, notes and tuid.\n"
           "Variants with empty text are dropped and a unit left with fewer than two is\n"
           "skipped (counted).  The same unit imported twice is stored once.\n\n"
           "XLIFF 1.2 (as CAT tools hand back a translated file, e.g. one made by 'bitext\n"
           "update'): units whose <target> has state translated, final or signed-off, or\n"
           "no state, are stored (a target that only copies its source is not a\n"
           "translation); each is linked to a document named after <file original>, keeps\n"
           "its neighbours as context for 101%% matches, and its inline codes (<g>, <x/>,\n"
           "<bx/>, <ex/>, <bpt>, <ept>, <ph>, <it>).  A file is XLIFF by its extension (.xlf,\n"
           ".xliff) or its <xliff> root.\n\n"
           "All files are imported in one transaction: if any file is malformed, the TM\n"
           "is left exactly as it was and the error names the file, line and column.\n"
           "Nothing is ever fetched from the network and no entity is expanded.\n\n"
           "With --doc, reads a review TSV ('bitext align --tsv', corrected in a spreadsheet:\n"
           "rows edited, merged, split, moved, added or deleted) and replaces the pairs of\n"
           "document NAME (as align got its name) by its rows, each marked as reviewed:\n"
           "reviewed pairs win over aligned ones in lookup and export.  Says how many pairs\n"
           "were kept, edited, added and removed.  A bad file (column count, invalid UTF-8)\n"
           "or an unknown document is an error naming file and line (exit 3); nothing changes.\n\n"
           "Options:\n"
           "  --tm DB            the TM, a file or a postgresql:// URI (default: $BITEXT_TM,\n"
           "                     else the per-user TM; created if missing)\n"
           CLI_WAIT_HELP
           "  --skip-invalid     skip units that cannot be read (no language, no <seg>,\n"
           "                     unknown language code ...), import the others and report\n"
           "                     how many were skipped and why.  A file that is not\n"
           "                     well-formed XML, or whose DOCTYPE declares entities, still\n"
           "                     fails as a whole.\n"
           "  --doc NAME         the document whose pairs a review TSV replaces\n"
           "  -h, --help         this help\n\n"
           "For each file: 'imported N TUs (M duplicates, K skipped) from FILE' on standard\n"
           "error; progress too when standard error is a terminal.\n\n"
           "Examples:\n"
           "  bitext import --tm project.tm memoq-export.tmx studio-export.tmx\n"
           "  bitext import --tm project.tm --skip-invalid old-tool.tmx\n"
           "  bitext import --tm news.tm story-v2.pl.xlf\n"
           "  bitext import --tm news.tm --doc article.pl.html reviewed.tsv\n\n"
           CLI_EXIT_CODES_HELP);
}

/* Drops variants whose text is empty or white space; true when two or more are left. */
static bool prune_empty(bitext_tu *tu)
{
    size_t keep = 0;
    for (size_t k = 0; k < tu->ntuvs; k++) {
        char *norm = NULL;
        /* the TM's normal form collapses every Unicode space (NBSP, U+3000 ...) */
        bool blank = !tu->tuvs[k].text ||
                     (bitext_tm_normalize(&norm, tu->tuvs[k].text, NULL) == 0 && !*norm);
        free(norm);
        if (blank) {
            bitext_tu one = BITEXT_TU_INIT;   /* frees the variant the way its TU would */
            one.ntuvs = 1;
            one.tuvs = malloc(sizeof *one.tuvs);
            if (one.tuvs) {
                *one.tuvs = tu->tuvs[k];
                bitext_tu_clear(&one);
            }
            continue;
        }
        if (keep != k)
            tu->tuvs[keep] = tu->tuvs[k];
        keep++;
    }
    tu->ntuvs = keep;
    return keep >= 2;
}

/* Reads one TMX file into tm (or, with tm NULL, only reads it through, counting). */
static int import_file(bitext_tm *tm, const char *path, unsigned flags, import_counts *c,
                       bitext_error *err)
{
    bitext_tmx_read_options o = BITEXT_TMX_READ_OPTIONS_INIT;
    bitext_tmx_reader *r = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    bool progress = cli_progress_wanted();
    int rc;
    int64_t id;

    o.flags = flags;
    if ((rc = bitext_tmx_reader_open(&r, path, &o, err)) < 0)
        return rc;
    if (tm && bitext_tmx_reader_note(r))
        fprintf(stderr, "bitext import: warning: %s\n", bitext_tmx_reader_note(r));
    while ((rc = bitext_tmx_reader_next(r, &tu, err)) > 0) {
        c->read++;
        if (!tu.origin && bitext_tu_set_string(&tu.origin, "imported", err) < 0) {
            rc = BITEXT_ENOMEM;
            break;
        }
        if (!prune_empty(&tu)) {
            c->skipped_short++;
            continue;
        }
        if (!tm) {                /* only checking the file */
            c->imported++;
            continue;
        }
        if ((rc = bitext_tm_add_tu(&id, tm, &tu, 0, 0, err)) < 0)
            break;
        c->imported += id != 0;
        c->duplicates += id == 0;
        if (progress && c->read % 10000 == 0)
            fprintf(stderr, "\r%s: %lld TUs", path, (long long)c->read);
    }
    if (progress && c->read >= 10000)
        fputc('\n', stderr);
    c->skipped_invalid = bitext_tmx_reader_skipped(r);
    if (rc == 0 && c->skipped_invalid && tm)
        fprintf(stderr, "bitext import: %s: skipped %lld invalid TUs; the first: %s\n", path,
                (long long)c->skipped_invalid, bitext_tmx_reader_skip_reason(r));
    bitext_tu_clear(&tu);
    bitext_tmx_reader_free(r);
    return rc < 0 ? rc : 0;
}

/* XLIFF by extension, else by an <xliff root near the start of the file. */
static bool is_xliff(const char *path)
{
    const char *dot = strrchr(path, '.');
    char head[2048];
    size_t n;
    FILE *f;
    if (dot && (!strcasecmp(dot, ".xlf") || !strcasecmp(dot, ".xliff")))
        return true;
    if (!strcmp(path, "-") || !(f = fopen(path, "rb")))
        return false;
    n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    return strstr(head, "<xliff") != NULL;
}

/* The documents a unit of <file original> links to: the file in each language. */
static int xliff_documents(bitext_tm *tm, const char *original, const bitext_tu *tu,
                           int64_t *src, int64_t *tgt, bitext_error *err)
{
    bitext_tm_document d = {original, tu->tuvs[0].lang, NULL, NULL, NULL};
    int rc = bitext_tm_add_document(src, tm, &d, err);
    d.lang = tu->tuvs[1].lang;
    return rc < 0 ? rc : bitext_tm_add_document(tgt, tm, &d, err);
}

/* Reads one XLIFF file's translated units into tm (or, with tm NULL, only reads it through). */
static int import_xliff(bitext_tm *tm, const char *path, import_counts *c, bitext_error *err)
{
    bitext_xliff_reader *r = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    const char *original;
    int64_t id, src, tgt, units, untranslated;
    int rc;
    if ((rc = bitext_xliff_reader_open(&r, path, NULL, err)) < 0)
        return rc;
    while ((rc = bitext_xliff_reader_next(r, &tu, &original, err)) > 0) {
        c->read++;
        if (!tm) {                /* only checking the file */
            c->imported++;
            continue;
        }
        if ((rc = xliff_documents(tm, original, &tu, &src, &tgt, err)) < 0 ||
            (rc = bitext_tm_add_tu(&id, tm, &tu, src, tgt, err)) < 0)
            break;
        c->imported += id != 0;
        c->duplicates += id == 0;
    }
    bitext_xliff_reader_counts(r, &units, &untranslated);
    c->skipped_short += untranslated;
    bitext_tu_clear(&tu);
    bitext_xliff_reader_free(r);
    return rc < 0 ? rc : 0;
}

static int parse_args(int argc, char **argv, const char **tm, unsigned *flags, const char **doc)
{
    static const struct option longs[] = {{"tm", required_argument, NULL, 't'},
                                          {"doc", required_argument, NULL, 'd'},
                                          {"skip-invalid", no_argument, NULL, 's'},
                                          {"help", no_argument, NULL, 'h'},
                                          CLI_WAIT_OPTION,
                                          {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        if (c == 'h') {
            help();
            return -1;
        }
        if (c == 't')
            *tm = optarg;
        else if (c == 'W' && cli_set_wait(VERB, optarg))
            return EXIT_USAGE;
        else if (c == 'W')
            continue;
        else if (c == 's')
            *flags |= BITEXT_TMX_SKIP_INVALID;
        else if (c == 'd')
            *doc = optarg;
        else
            return cli_usage(VERB, "unknown option or missing value: %s", argv[optind - 1]);
    }
    if (optind >= argc)
        return cli_usage(VERB, "give one or more TMX or XLIFF files to import");
    if (*doc && optind + 1 != argc)
        return cli_usage(VERB, "--doc takes one review TSV");
    return 0;
}

/* Reads (tm NULL: only checks) every file into the TM; the first error stops it. */
static int import_all(bitext_tm *tm, char **files, int n, unsigned flags, import_counts *c,
                      bitext_error *err)
{
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        memset(&c[i], 0, sizeof c[i]);
        rc = is_xliff(files[i]) ? import_xliff(tm, files[i], &c[i], err)
                                : import_file(tm, files[i], flags, &c[i], err);
    }
    return rc;
}

int cmd_import(int argc, char **argv)
{
    const char *tm_arg = NULL, *doc = NULL;
    unsigned flags = 0;
    bitext_tm *tm = NULL;
    bool missing = false;
    bitext_error err;
    import_counts *c = NULL;
    const char *path;
    int rc, first;

    if ((rc = parse_args(argc, argv, &tm_arg, &flags, &doc)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (doc)
        return cmd_import_tsv(tm_arg, doc, argv[optind]);
    first = optind;
    if (!(c = calloc((size_t)(argc - first), sizeof *c))) {
        fprintf(stderr, "bitext import: out of memory\n");
        return EXIT_FAILURE_;
    }
    path = cli_tm_path(tm_arg, true);
    bitext_error_clear(&err);
    /* a new TM is made only for files that read well: check them all first */
    if ((rc = cli_tm_open_deferred(&tm, &missing, VERB, path)) == 0 && missing &&
        import_all(NULL, argv + first, argc - first, flags, c, &err) < 0) {
        rc = cli_fail(VERB, &err);
        fprintf(stderr, "bitext import: nothing imported; no TM was created\n");
    }
    if (rc != 0)
        goto done;
    if ((rc = bitext_tm_begin(tm, &err)) == 0 &&
        (rc = import_all(tm, argv + first, argc - first, flags, c, &err)) == 0)
        rc = bitext_tm_commit(tm, &err);
    else
        bitext_tm_rollback(tm);
    /* the summaries only once committed: before that nothing is imported for sure */
    for (int i = first; i < argc && rc == 0; i++)
        fprintf(stderr, "imported %lld TUs (%lld duplicates, %lld skipped) from %s\n",
                (long long)c[i - first].imported, (long long)c[i - first].duplicates,
                (long long)(c[i - first].skipped_invalid + c[i - first].skipped_short),
                argv[i]);
    if (rc < 0) {
        rc = cli_fail(VERB, &err);
        fprintf(stderr, "bitext import: nothing imported; the TM is unchanged\n");
    }
done:
    free(c);
    bitext_tm_close(tm);
    return rc;
}
