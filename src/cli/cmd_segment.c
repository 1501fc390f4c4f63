/*
 * cmd_segment.c - `bitext segment`: split a text file into sentences.
 *
 * The input is read as a stream, one paragraph (lines up to a blank line) at a time, so memory
 * stays bounded by the longest paragraph however long the file is.  Offsets printed with
 * --format jsonl are byte offsets in the input file (a dropped BOM still counts).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"

#define VERB "segment"

typedef struct {
    bool jsonl, lossy;
    const char *path;         /* for messages; "-" is "<stdin>" */
} seg_state;

static void help(void)
{
    printf("Usage: bitext segment --lang LANG [--format text|jsonl] [--srx FILE]\n"
           "                      [--segtype sentence|paragraph] [--lossy] FILE|-\n\n"
           "Splits a UTF-8 text into sentences the way a translation memory needs them:\n"
           "ICU's sentence rules for LANG plus bitext's per-language exception rules\n"
           "(abbreviations, initials, ordinals, numbers, lists, quotes, URLs ...), or the\n"
           "rules of a CAT tool's SRX file.  A blank line ends a paragraph and no segment\n"
           "crosses one; white space at the edges of a segment is trimmed and nothing else\n"
           "is changed.\n\n"
           "Options:\n"
           "  --lang LANG        language of the text (BCP 47: en, pl, de-CH, zh-Hans)\n"
           "  --format FORMAT    text: one segment per line (default; line breaks inside a\n"
           "                     segment become spaces); jsonl: one JSON object per line,\n"
           "                     {\"text\": ..., \"start\": BYTE, \"end\": BYTE}, offsets into\n"
           "                     the input file\n"
           "  --srx FILE         use the rules of an SRX 2.0 file (Okapi, OmegaT,\n"
           "                     LanguageTool, Trados ...) instead of bitext's own\n"
           "  --segtype TYPE     sentence (default) or paragraph: one segment per paragraph\n"
           "  --lossy            replace invalid UTF-8 by U+FFFD (with a warning) instead of\n"
           "                     failing\n"
           "  -h, --help         this help\n\n"
           "FILE is read as a stream; '-' reads standard input.  A byte-order mark is\n"
           "dropped, CRLF line ends are fine, a NUL byte or invalid UTF-8 is an error that\n"
           "gives the byte offset.\n\n"
           "Examples:\n"
           "  bitext segment --lang en article.txt\n"
           "  bitext segment --lang pl --format jsonl artykul.txt > segments.jsonl\n"
           "  bitext segment --lang de --srx okapi_defaultSegmentation.srx text.de.txt\n"
           "  echo 'Dr. Smith arrived at 3 p.m. on Monday. He left.' | "
           "bitext segment --lang en -\n\n" CLI_EXIT_CODES_HELP);
}

/* Prints one segment (the stream's callback). */
static int put_segment(void *ctx, const char *s, size_t len, uint64_t start, uint64_t end)
{
    const seg_state *st = ctx;
    if (st->jsonl) {
        fputs("{\"text\": ", stdout);
        json_string_n(stdout, s, len);
        printf(", \"start\": %llu, \"end\": %llu}\n", (unsigned long long)start,
               (unsigned long long)end);
        return 0;
    }
    while (len) { /* line breaks inside a segment become spaces: one segment, one line */
        size_t run = 0;
        while (run < len && s[run] != '\n' && s[run] != '\r')
            run++;
        fwrite(s, 1, run, stdout);
        if (run < len)
            putchar(' '), run++;
        s += run;
        len -= run;
    }
    putchar('\n');
    return 0;
}

/* Parses the options into opts/st; returns -1 to go on, else an exit code. */
static int parse(int argc, char **argv, char lang[BITEXT_LANG_MAX], bitext_segment_options *opts,
                 seg_state *st)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},    {"format", required_argument, NULL, 'f'},
        {"srx", required_argument, NULL, 's'},     {"segtype", required_argument, NULL, 't'},
        {"lossy", no_argument, NULL, 'L'},         {"icu-only", no_argument, NULL, 'I'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    int c;
    lang[0] = '\0';
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (cli_lang(lang, VERB, "--lang", optarg) < 0)
                return EXIT_INPUT;
            break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
                return cli_usage(VERB, "--format must be text or jsonl, not '%s'", optarg);
            st->jsonl = !strcmp(optarg, "jsonl");
            break;
        case 's': opts->srx_path = optarg; break;
        case 't':
            if (strcmp(optarg, "sentence") && strcmp(optarg, "paragraph"))
                return cli_usage(VERB, "--segtype must be sentence or paragraph, not '%s'",
                                 optarg);
            if (!strcmp(optarg, "paragraph"))
                opts->flags |= BITEXT_SEGMENT_PARAGRAPH;
            break;
        case 'L': st->lossy = true; break;
        case 'I': opts->flags |= BITEXT_SEGMENT_ICU_ONLY; break; /* hidden: the baseline */
        case 'h': help(); return EXIT_OK;
        default: return cli_usage(VERB, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!lang[0])
        return cli_usage(VERB, "--lang is required (the language of the text, e.g. --lang en)");
    if (optind != argc - 1)
        return cli_usage(VERB, "give exactly one input FILE, or '-' for standard input");
    st->path = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
    return -1;
}

int cmd_segment(int argc, char **argv)
{
    char lang[BITEXT_LANG_MAX];
    bitext_segment_options opts = BITEXT_SEGMENT_OPTIONS_INIT;
    seg_state st = {0};
    bitext_segmenter *seg = NULL;
    bitext_error err;
    FILE *in = NULL;
    int64_t repaired = -1;
    int rc = parse(argc, argv, lang, &opts, &st);
    bitext_error_clear(&err);
    if (rc >= 0)
        return rc;
    if (bitext_segmenter_new(&seg, lang, &opts, &err) < 0)
        return cli_fail(VERB, &err);
    in = strcmp(argv[argc - 1], "-") ? fopen(argv[argc - 1], "rb") : stdin;
    if (!in) {
        fprintf(stderr, "bitext segment: %s: cannot open: %s\n", st.path, strerror(errno));
        rc = EXIT_FAILURE_;
        goto done;
    }
    rc = bitext_segment_stream(seg, in, st.path, st.lossy ? BITEXT_STREAM_LOSSY : 0, put_segment,
                               &st, &repaired, &err);
    if (repaired >= 0)
        fprintf(stderr, "bitext segment: warning: %s: byte %lld: invalid UTF-8 replaced by "
                "U+FFFD\n", st.path, (long long)repaired);
    rc = rc < 0 ? cli_fail(VERB, &err) : EXIT_OK;
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, "bitext segment: cannot write the output: %s\n", strerror(errno));
        rc = EXIT_FAILURE_;
    }
done:
    if (in && in != stdin)
        fclose(in);
    bitext_segmenter_free(seg);
    return rc;
}
