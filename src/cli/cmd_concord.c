/*
 * cmd_concord.c - `bitext concord`: a phrase inside stored segments, each shown with its
 * translation and the phrase marked («…», or bold on a terminal).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

#define VERB "concord"

static void help(void)
{
    printf("Usage: bitext concord [--tm DB] [--lang L] [--tgt-lang L] [--max N]\n"
           "                      [--format text|jsonl] [--timings] PHRASE\n\n"
           "Finds PHRASE (case-insensitive) inside the stored segments, newest first, and\n"
           "shows each with its translation; the phrase is marked with «» (bold on a\n"
           "terminal).  --lang searches only that language (en also finds en-GB); --tgt-lang\n"
           "picks the translation shown.  --format jsonl prints one object per hit: tu_id,\n"
           "lang, text, start and end (byte offsets of the phrase in text), match, tgt_lang,\n"
           "target.  --max N (default 20) limits the hits.  --wait SECONDS (default 300):\n"
           "how long to wait for a command writing to the TM.\n\n"
           "Example:\n  bitext concord --tm news.tm --lang pl 'premier'\n\n" CLI_EXIT_CODES_HELP);
}

static void print_jsonl(const bitext_tm_concord_hit *h)
{
    printf("{\"tu_id\":%lld,\"lang\":", (long long)h->tu_id);
    json_string(stdout, h->lang);
    printf(",\"text\":");
    json_string(stdout, h->text);
    printf(",\"start\":%zu,\"end\":%zu,\"match\":", h->start, h->end);
    json_string_n(stdout, h->text + h->start, h->end - h->start);
    printf(",\"tgt_lang\":");
    if (h->tgt_lang)
        json_string(stdout, h->tgt_lang);
    else
        fputs("null", stdout);
    printf(",\"target\":");
    if (h->target)
        json_string(stdout, h->target);
    else
        fputs("null", stdout);
    printf("}\n");
}

static void print_text(const bitext_tm_concord_hit *h, bool bold)
{
    const char *on = bold ? "\033[1m" : "«", *off = bold ? "\033[0m" : "»";
    printf("%-6s %.*s%s%.*s%s%s\n", h->lang, (int)h->start, h->text, on,
           (int)(h->end - h->start), h->text + h->start, off, h->text + h->end);
    if (h->target)
        printf("%-6s %s\n", h->tgt_lang, h->target);
    putchar('\n');
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cmd_concord(int argc, char **argv)
{
    static const struct option longs[] = {
        {"tm", required_argument, NULL, 'T'},     {"lang", required_argument, NULL, 'l'},
        {"tgt-lang", required_argument, NULL, 't'}, {"max", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'}, {"timings", no_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},         CLI_WAIT_OPTION, {NULL, 0, NULL, 0}};
    bitext_tm_concord_options o = BITEXT_TM_CONCORD_OPTIONS_INIT;
    const char *tm_arg = NULL, *format = "text", *lang_arg = NULL, *tgt_arg = NULL;
    char lang[BITEXT_LANG_MAX], tgt[BITEXT_LANG_MAX], *end;
    bitext_tm_concord_hit *h = NULL;
    bitext_tm *tm = NULL;
    bitext_error err;
    bool timings = false;
    size_t n = 0;
    double t0;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'T': tm_arg = optarg; break;
        case 'W':
            if (cli_set_wait(VERB, optarg))
                return EXIT_USAGE;
            break;
        case 'l': lang_arg = optarg; break;
        case 't': tgt_arg = optarg; break;
        case 'f': format = optarg; break;
        case 'i': timings = true; break;
        case 'm':
            o.max = (unsigned)strtoul(optarg, &end, 10);
            if (*end || o.max == 0 || o.max > 100000)
                return cli_usage(VERB, "--max: '%s' is not a valid number", optarg);
            break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage(VERB, "unknown option or missing value: %s", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc || !*argv[optind])
        return cli_usage(VERB, "give one PHRASE");
    if (strcmp(format, "text") && strcmp(format, "jsonl"))
        return cli_usage(VERB, "--format must be text or jsonl, not '%s'", format);
    if ((lang_arg && cli_lang(lang, VERB, "--lang", lang_arg) < 0) ||
        (tgt_arg && cli_lang(tgt, VERB, "--tgt-lang", tgt_arg) < 0))
        return EXIT_INPUT;
    o.lang = lang_arg ? lang : NULL;
    o.tgt_lang = tgt_arg ? tgt : NULL;
    if ((rc = cli_tm_open(&tm, VERB, cli_tm_path(tm_arg, false), BITEXT_TM_READONLY)) != 0)
        return rc;
    bitext_error_clear(&err);
    t0 = now_ms();
    if (bitext_tm_concord(&h, &n, tm, argv[optind], &o, &err) < 0) {
        rc = cli_fail(VERB, &err);
    } else {
        if (timings)
            fprintf(stderr, "timing\t%.3f ms\t%zu hits\n", now_ms() - t0, n);
        for (size_t k = 0; k < n; k++) {
            if (!strcmp(format, "jsonl"))
                print_jsonl(&h[k]);
            else
                print_text(&h[k], isatty(STDOUT_FILENO));
        }
        if (n == 0 && strcmp(format, "jsonl"))
            printf("no segment holds \"%s\"\n", argv[optind]);
    }
    bitext_tm_concord_free(h, n);
    bitext_tm_close(tm);
    return rc;
}
