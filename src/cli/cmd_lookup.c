/*
 * cmd_lookup.c - `bitext lookup`: exact, context and fuzzy matches for a sentence, with a
 * percentage, as a CAT tool shows them.  --file looks up one query per line (batch mode);
 * --timings reports the time of each lookup on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ustring.h>

#include "cli.h"
#include "json.h"

#define VERB "lookup"

typedef struct {
    const char *tm, *src, *tgt, *format, *prev, *next, *file;
    long threshold, max;
    bool timings;
} lookup_args;

static void help(void)
{
    printf("Usage: bitext lookup [--tm DB] --src-lang L --tgt-lang L [--format text|jsonl]\n"
           "                     [--threshold 70] [--max 5] [--prev TEXT --next TEXT]\n"
           "                     [--timings] TEXT | --file FILE\n\n"
           "Prints the best matches for TEXT from the translation memory, each with a score:\n"
           "101 the text and its neighbours (--prev, --next) match, 100 the text matches\n"
           "(white space normalised), below that a fuzzy match: OmegaT's token edit distance,\n"
           "100 * (max(len) - distance) / max(len), less penalties for differing numbers,\n"
           "punctuation and inline codes.  Languages match by primary subtag when there is no\n"
           "exact match (en finds en-GB).  Equal scores: reviewed pairs (bitext import of a\n"
           "review TSV) first, then the newest; a reviewed pair hides the unreviewed\n"
           "translations of its source.\n\n"
           "  --threshold N   lowest score shown (default 70)\n"
           "  --max N         matches per query (default 5)\n"
           "  --file FILE     one query per line ('-' = stdin); jsonl objects then carry\n"
           "                  \"query\" and \"query_index\" (0-based line)\n"
           "  --format jsonl  one JSON object per match: score, source, target, src_lang,\n"
           "                  tgt_lang, tu_id, created, tuid, reviewed\n"
           "  --timings       each lookup's time on stderr, then the median and p99\n"
           "  --wait SECONDS  wait this long for a command writing to the TM (300)\n\n"
           "Example:\n  bitext lookup --tm news.tm --src-lang pl --tgt-lang en "
           "'Prezydent spotkał się z premierem.'\n\n" CLI_EXIT_CODES_HELP);
}

static void print_jsonl(const bitext_tm_match *m, size_t n, const char *query, long index)
{
    for (size_t k = 0; k < n; k++) {
        printf("{\"score\":%d,\"source\":", m[k].score);
        json_string(stdout, m[k].source);
        printf(",\"target\":");
        json_string(stdout, m[k].target);
        printf(",\"src_lang\":");
        json_string(stdout, m[k].src_lang);
        printf(",\"tgt_lang\":");
        json_string(stdout, m[k].tgt_lang);
        printf(",\"tu_id\":%lld,\"created\":%lld,\"tuid\":", (long long)m[k].tu_id,
               (long long)m[k].created);
        if (m[k].tuid)
            json_string(stdout, m[k].tuid);
        else
            fputs("null", stdout);
        printf(",\"reviewed\":%s", m[k].reviewed ? "true" : "false");
        if (index >= 0) {
            printf(",\"query_index\":%ld,\"query\":", index);
            json_string(stdout, query);
        }
        printf("}\n");
    }
}

static void print_text(const bitext_tm_match *m, size_t n, const char *query, long index,
                       long threshold)
{
    if (index >= 0)
        printf("%s# %s\n", index ? "\n" : "", query);
    if (n == 0)
        printf("no match at or above %ld%%\n", threshold);
    for (size_t k = 0; k < n; k++)
        printf("%3d%%  [%s] %s\n      [%s] %s%s\n", m[k].score, m[k].src_lang, m[k].source,
               m[k].tgt_lang, m[k].target, m[k].reviewed ? "  (reviewed)" : "");
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One lookup, printed; index < 0 for a single query given on the command line. */
static int one(bitext_tm *tm, const bitext_tm_lookup_options *o, const lookup_args *a,
               const char *query, long index, double *ms)
{
    bitext_tm_match *m = NULL;
    size_t n = 0;
    bitext_error err;
    double t0 = now_ms();
    bitext_error_clear(&err);
    if (bitext_tm_lookup(&m, &n, tm, query, o, &err) < 0)
        return cli_fail(VERB, &err);
    *ms = now_ms() - t0;
    if (a->timings)
        fprintf(stderr, "timing\t%ld\t%.3f ms\n", index < 0 ? 0 : index, *ms);
    if (!strcmp(a->format, "jsonl"))
        print_jsonl(m, n, query, index);
    else
        print_text(m, n, query, index, a->threshold);
    bitext_tm_matches_free(m, n);
    return 0;
}

static void report_timings(double *ms, size_t n)
{
    if (n == 0)
        return;
    qsort(ms, n, sizeof *ms, cmp_double);
    /* nearest-rank percentiles */
    fprintf(stderr, "timings: %zu lookups, median %.3f ms, p99 %.3f ms, max %.3f ms\n", n,
            ms[(n - 1) / 2], ms[(size_t)ceil(0.99 * (double)n) - 1], ms[n - 1]);
}

/* u_strFromUTF8's preflight stops at the first ill-formed sequence. */
static bool valid_utf8(const char *s, size_t n)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF8(NULL, 0, &len, s, (int32_t)n, &st);
    return st != U_INVALID_CHAR_FOUND && st != U_ILLEGAL_CHAR_FOUND;
}

/* Batch mode: one query per line of the file. */
static int batch(bitext_tm *tm, const bitext_tm_lookup_options *o, const lookup_args *a)
{
    FILE *f = strcmp(a->file, "-") ? fopen(a->file, "r") : stdin;
    char *line = NULL;
    size_t cap = 0, n = 0, mcap = 0;
    double *ms = NULL;
    long index = 0;
    int rc = 0;
    if (!f) {
        fprintf(stderr, "bitext %s: %s: cannot open\n", VERB, a->file);
        return EXIT_INPUT;
    }
    for (ssize_t len; rc == 0 && (len = getline(&line, &cap, f)) >= 0; index++) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!valid_utf8(line, (size_t)len) || strlen(line) != (size_t)len) {
            fprintf(stderr, "bitext %s: %s:%ld: invalid UTF-8 or NUL in the query\n", VERB,
                    a->file, index + 1);
            rc = EXIT_INPUT;
            break;
        }
        if (n == mcap) {
            double *bigger = realloc(ms, (mcap = mcap ? 2 * mcap : 256) * sizeof *ms);
            if (!bigger)
                break;
            ms = bigger;
        }
        if ((rc = one(tm, o, a, line, index, &ms[n])) == 0)
            n++;
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "bitext %s: %s: read error: %s\n", VERB, a->file, strerror(errno));
        rc = EXIT_FAILURE_;
    }
    if (a->timings)
        report_timings(ms, n);
    free(ms);
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

static int parse(lookup_args *a, int argc, char **argv)
{
    static const struct option longs[] = {
        {"tm", required_argument, NULL, 'T'},        {"src-lang", required_argument, NULL, 's'},
        {"tgt-lang", required_argument, NULL, 't'},  {"format", required_argument, NULL, 'f'},
        {"threshold", required_argument, NULL, 'n'}, {"max", required_argument, NULL, 'm'},
        {"prev", required_argument, NULL, 'p'},      {"next", required_argument, NULL, 'x'},
        {"file", required_argument, NULL, 'F'},      {"timings", no_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},            CLI_WAIT_OPTION, {NULL, 0, NULL, 0}};
    char *end;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'T': a->tm = optarg; break;
        case 'W':
            if (cli_set_wait(VERB, optarg))
                return EXIT_USAGE;
            break;
        case 's': a->src = optarg; break;
        case 't': a->tgt = optarg; break;
        case 'f': a->format = optarg; break;
        case 'p': a->prev = optarg; break;
        case 'x': a->next = optarg; break;
        case 'F': a->file = optarg; break;
        case 'i': a->timings = true; break;
        case 'n':
        case 'm': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < (c == 'm') || v > (c == 'm' ? 1000 : 101))
                return cli_usage(VERB, "--%s: '%s' is not a valid number",
                                 c == 'm' ? "max" : "threshold", optarg);
            *(c == 'm' ? &a->max : &a->threshold) = v;
            break;
        }
        case 'h': help(); return -1;
        default: return cli_usage(VERB, "unknown option or missing value: %s", argv[optind - 1]);
        }
    }
    if (!a->src || !a->tgt)
        return cli_usage(VERB, "--src-lang and --tgt-lang are required");
    if (strcmp(a->format, "text") && strcmp(a->format, "jsonl"))
        return cli_usage(VERB, "--format must be text or jsonl, not '%s'", a->format);
    if ((optind == argc) == !a->file || argc - optind > 1)
        return cli_usage(VERB, "give one TEXT or --file FILE");
    return 0;
}

int cmd_lookup(int argc, char **argv)
{
    lookup_args a = {NULL, NULL, NULL, "text", NULL, NULL, NULL, 70, 5, false};
    bitext_tm_lookup_options o = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    char src[BITEXT_LANG_MAX], tgt[BITEXT_LANG_MAX];
    bitext_tm *tm = NULL;
    double ms;
    int rc = parse(&a, argc, argv);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (cli_lang(src, VERB, "--src-lang", a.src) < 0 ||
        cli_lang(tgt, VERB, "--tgt-lang", a.tgt) < 0)
        return EXIT_INPUT;
    o.src_lang = src;
    o.tgt_lang = tgt;
    o.threshold = (unsigned)a.threshold;
    o.max = (unsigned)a.max;
    o.prev = a.prev;
    o.next = a.next;
    if ((rc = cli_tm_open(&tm, VERB, cli_tm_path(a.tm, false), BITEXT_TM_READONLY)) != 0)
        return rc;
    rc = a.file ? batch(tm, &o, &a) : one(tm, &o, &a, argv[optind], -1, &ms);
    bitext_tm_close(tm);
    return rc;
}
