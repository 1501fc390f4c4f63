/* cmd_stats.c - `bitext stats`: what the TM holds. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "json.h"

#define VERB "stats"

static void help(void)
{
    printf("Usage: bitext stats [--tm DB] [--format text|jsonl] [--wait SECONDS]\n\n"
           "Prints what the translation memory holds: documents, translation units, variants\n"
           "per language, the schema version and the file size.  --format jsonl prints one\n"
           "JSON object.  --wait SECONDS (default 300): how long to wait for a command\n"
           "writing to the TM.\n\n" CLI_EXIT_CODES_HELP);
}

static void print_text(const char *path, const bitext_tm_stats *st)
{
    printf("TM:           %s\n", path);
    printf("schema:       v%d\n", st->schema_version);
    printf("%s %lld bytes\n", bitext_tm_is_uri(path) ? "size:        " : "file size:   ",
           (long long)st->file_size);
    printf("documents:    %lld\n", (long long)st->documents);
    printf("TUs:          %lld\n", (long long)st->tus);
    printf("variants:     %lld\n", (long long)st->tuvs);
    printf("languages:    %lld%s\n", (long long)st->langs_total,
           st->langs_total > (int64_t)st->nlangs ? " (the 64 most frequent below)" : "");
    for (size_t k = 0; k < st->nlangs; k++)
        printf("  %-12s %lld\n", st->langs[k].lang, (long long)st->langs[k].tuvs);
}

static void print_json(const char *path, const bitext_tm_stats *st)
{
    printf("{\"tm\":");
    json_string(stdout, path);
    printf(",\"schema_version\":%d,\"file_size\":%lld,\"documents\":%lld,\"tus\":%lld,"
           "\"tuvs\":%lld,\"languages\":{", st->schema_version, (long long)st->file_size,
           (long long)st->documents, (long long)st->tus, (long long)st->tuvs);
    for (size_t k = 0; k < st->nlangs; k++) {
        if (k)
            putchar(',');
        json_string(stdout, st->langs[k].lang);
        printf(":%lld", (long long)st->langs[k].tuvs);
    }
    printf("}}\n");
}

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", required_argument, NULL, 't'}, {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'}, CLI_WAIT_OPTION, {NULL, 0, NULL, 0}};
    const char *tm_arg = NULL, *format = "text", *path;
    bitext_tm *tm = NULL;
    bitext_tm_stats st;
    bitext_error err;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 't')
            tm_arg = optarg;
        else if (c == 'W' && cli_set_wait(VERB, optarg))
            return EXIT_USAGE;
        else if (c == 'W')
            continue;
        else if (c == 'f')
            format = optarg;
        else if (c == 'h')
            return help(), EXIT_OK;
        else
            return cli_usage(VERB, "unknown option");
    }
    if (optind != argc)
        return cli_usage(VERB, "unexpected argument '%s'", argv[optind]);
    if (strcmp(format, "text") && strcmp(format, "jsonl"))
        return cli_usage(VERB, "--format must be text or jsonl, not '%s'", format);
    path = cli_tm_path(tm_arg, false);
    if ((rc = cli_tm_open(&tm, VERB, path, BITEXT_TM_READONLY)) != 0)
        return rc;
    bitext_error_clear(&err);
    if (bitext_tm_stats_get(&st, tm, &err) < 0) {
        rc = cli_fail(VERB, &err);
    } else {
        (strcmp(format, "jsonl") ? print_text : print_json)(bitext_tm_name(tm), &st);
        rc = EXIT_OK;
    }
    bitext_tm_close(tm);
    return rc;
}
