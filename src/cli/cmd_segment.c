/*
 * cmd_segment.c - `bitext segment`: split an article into sentences.
 *
 * The input goes through the reader every verb uses (bitext_reader_next): an HTML page gives
 * the blocks of its story, as align reads it; plain text is read as a stream, one paragraph
 * (lines up to a blank line) at a time, so memory stays bounded by the longest paragraph
 * however long the file is.  For plain text, offsets printed with --format jsonl are byte
 * offsets in the input file (a dropped BOM still counts).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

#define VERB "segment"

typedef struct {
    bool jsonl;
    cli_article_opts art;     /* how the input is read and segmented */
    const char *path;         /* for messages; "-" is "<stdin>" */
    bool learn, lines;        /* --learn: the FILEs are a corpus; --lines: one sentence a line */
    const char *out;          /* -o: where the learned rules go */
    const char *tm;           /* --tm: learn from the TM's segments in --lang too */
    char enc[128];            /* the encoding it names for the input (outlives the reader) */
    bitext_reader *reader;
    size_t block;             /* index of the block being segmented */
} seg_state;

static void help(void)
{
    printf("Usage: bitext segment --lang LANG [--format text|jsonl] [--srx FILE | --rules FILE]\n"
           "                      [--segtype sentence|paragraph] [--encoding E] [--lossy]\n"
           "                      [--presegmented] FILE|-\n"
           "       bitext segment --lang LANG --learn [--lines] [--tm DB] [CORPUS...] -o RULES\n\n"
           "Splits an article into sentences the way a translation memory needs them:\n"
           "ICU's sentence rules for LANG plus bitext's per-language exception rules\n"
           "(abbreviations, initials, ordinals, numbers, lists, quotes, URLs ...), or the\n"
           "rules of a CAT tool's SRX file.  The file is read as align reads it: an HTML\n"
           "page gives its story's blocks (what 'bitext extract' prints), plain text its\n"
           "paragraphs (a blank line ends one).  No segment crosses a block or paragraph;\n"
           "white space at the edges of a segment is trimmed and nothing else is changed.\n\n"
           "Options:\n"
           "  --lang LANG        language of the text (BCP 47: en, pl, de-CH, zh-Hans)\n"
           "  --format FORMAT    text: one segment per line (default; line breaks inside a\n"
           "                     segment become spaces); jsonl: one JSON object per line,\n"
           "                     {\"text\": ..., \"start\": BYTE, \"end\": BYTE}: byte offsets\n"
           "                     into a plain-text input; for HTML {\"text\": ..., \"block\":\n"
           "                     N}, N the block as 'bitext extract' numbers them from 0\n"
           "  -h, --help         this help\n\n"
           CLI_ARTICLE_HELP "\n"
           "Learning rules from your own text (as punkt does):\n"
           "  --learn            read the CORPUS files (plain text or HTML) and write the\n"
           "                     rules they teach: abbreviations and whether they end\n"
           "                     sentences (\"Dr.\" never, \"etc.\" often, \"2000 r.\" after a\n"
           "                     number), ordinals (\"3. Oktober\"), sentence starters and\n"
           "                     names; use them with --rules\n"
           "  --lines            the CORPUS files hold one sentence per line (better: then\n"
           "                     the ends of sentences are known); --presegmented too\n"
           "  --tm DB            also learn from the segments in LANG of a translation memory\n"
           "  -o RULES           the rule file to write ('-' = standard output)\n\n"
           "FILE is read as a stream; '-' reads standard input.  A byte-order mark (UTF-8,\n"
           "UTF-16) is honoured and dropped, CRLF line ends are fine; in plain text a NUL\n"
           "byte or invalid UTF-8 is an error that gives the byte offset.\n\n"
           "Examples:\n"
           "  bitext segment --lang en article.txt\n"
           "  bitext segment --lang pl --format jsonl artykul.txt > segments.jsonl\n"
           "  bitext segment --lang pl artykul.html\n"
           "  bitext segment --lang de --srx okapi_defaultSegmentation.srx text.de.txt\n"
           "  bitext segment --lang pl --learn --lines zdania.txt -o pl-news.rules\n"
           "  bitext segment --lang pl --rules pl-news.rules artykul.txt\n"
           "  echo 'Dr. Smith arrived at 3 p.m. on Monday. He left.' | "
           "bitext segment --lang en -\n\n" CLI_EXIT_CODES_HELP);
}

/* Prints one segment: text, block and, when the reader knows them, input offsets. */
static int put_segment(const seg_state *st, const char *s, size_t len, int64_t start,
                       int64_t end)
{
    if (st->jsonl) {
        fputs("{\"text\": ", stdout);
        json_string_n(stdout, s, len);
        if (start >= 0 && end >= 0)
            printf(", \"start\": %lld, \"end\": %lld", (long long)start, (long long)end);
        else   /* HTML: no byte range of the file holds the text; say which block it is */
            printf(", \"block\": %zu", st->block);
        fputs("}\n", stdout);
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
        {"icu-only", no_argument, NULL, 'I'},      {"icu-plain", no_argument, NULL, 'P'},
        {"learn", no_argument, NULL, 'E'},         {"lines", no_argument, NULL, 'N'},
        {"tm", required_argument, NULL, 'T'},      {"help", no_argument, NULL, 'h'},
        CLI_ARTICLE_OPTIONS, {NULL, 0, NULL, 0}};
    int c, rc;
    lang[0] = '\0';
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
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
        case 'I': opts->flags |= BITEXT_SEGMENT_ICU_ONLY; break; /* hidden: the baseline */
        case 'P': opts->flags |= BITEXT_SEGMENT_ICU_ONLY | BITEXT_SEGMENT_ICU_PLAIN; break;
        case 'E': st->learn = true; break;
        case 'N': st->lines = true; break;
        case 'T': st->tm = optarg; break;
        case 'o': st->out = optarg; break;
        case 'h': help(); return EXIT_OK;
        default: /* an article option, or unknown */
            if ((rc = cli_article_option(&st->art, VERB, c, optarg)) < 0)
                return cli_usage(VERB, "unknown option '%s'", argv[optind - 1]);
            if (rc)
                return rc;
        }
    }
    if (!lang[0])
        return cli_usage(VERB, "--lang is required (the language of the text, e.g. --lang en)");
    if ((rc = cli_article_opts_check(&st->art, VERB)) != 0)
        return rc;
    cli_article_segment_options(opts, &st->art);
    if (st->learn != (st->out != NULL))
        return cli_usage(VERB, st->learn ? "--learn needs -o RULES (where the rules go)"
                                         : "-o goes with --learn");
    if ((st->lines || st->tm) && !st->learn)
        return cli_usage(VERB, "--lines and --tm go with --learn");
    if (st->learn && optind == argc && !st->tm)
        return cli_usage(VERB, "--learn needs CORPUS files or --tm DB to learn from");
    if (st->learn)
        return -1;
    if (optind != argc - 1)
        return cli_usage(VERB, "give exactly one input FILE, or '-' for standard input");
    st->path = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
    return -1;
}

/* ---- --learn ------------------------------------------------------------------------- */

/* Feeds every block of a corpus file to the learner. */
static int learn_file(bitext_segment_learner *l, const char *path, const char *lang,
                      const seg_state *st, bitext_error *err)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = NULL;
    int rc;
    cli_article_read_options(&ro, &st->art);
    if (st->lines)
        ro.format = BITEXT_FORMAT_LINES;
    ro.lang = lang;
    rc = bitext_read_file(&doc, path, &ro, err);
    for (size_t i = 0; rc == 0 && i < bitext_doc_block_count(doc); i++) {
        const bitext_block *b = bitext_doc_block(doc, i);
        rc = bitext_segment_learner_add(l, b->text, b->len,
                                        ro.format == BITEXT_FORMAT_LINES ? BITEXT_LEARN_SENTENCE
                                                                         : 0, err);
    }
    bitext_doc_free(doc);
    return rc;
}

/* Feeds the TM's segments in lang (each a sentence) to the learner. */
static int learn_tm(bitext_segment_learner *l, const char *path, const char *lang,
                    bitext_error *err)
{
    bitext_tm *tm = NULL;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = {0};
    int rc = cli_tm_open(&tm, VERB, path, BITEXT_TM_READONLY);
    if (rc != 0)
        return rc;
    if ((rc = bitext_tm_iter_new(&it, tm, NULL, err)) == 0)
        while ((rc = bitext_tm_iter_next(it, &tu, err)) == 1)
            for (size_t i = 0; rc == 1 && i < tu.ntuvs; i++)
                if (bitext_lang_match(lang, tu.tuvs[i].lang) &&
                    bitext_segment_learner_add(l, tu.tuvs[i].text, strlen(tu.tuvs[i].text),
                                               BITEXT_LEARN_SENTENCE, err) < 0)
                    rc = -1;
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    bitext_tm_close(tm);
    return rc < 0 ? cli_fail(VERB, err) : EXIT_OK;
}

/* Learns rules from the corpus files (and the TM) into the output -o names; the output goes
 * through the common writer (never over the TM) and is opened first, so a bad -o fails at
 * once. */
static int learn(int nfiles, char **files, const char *lang, const seg_state *st)
{
    bitext_segment_learner *l = NULL;
    bitext_output *out = NULL;
    bitext_error err;
    char *rules = NULL;
    int rc = cli_output_open(&out, VERB, st->out, st->tm);
    bitext_error_clear(&err);
    if (rc != 0)
        return rc;
    if (bitext_segment_learner_new(&l, lang, &err) < 0) {
        bitext_output_free(out);
        return cli_fail(VERB, &err);
    }
    for (int i = 0; rc == EXIT_OK && i < nfiles; i++)
        if (learn_file(l, files[i], lang, st, &err) < 0)
            rc = cli_fail(VERB, &err);
    if (rc == EXIT_OK && st->tm)
        rc = learn_tm(l, st->tm, lang, &err);
    if (rc == EXIT_OK && bitext_segment_learner_rules(&rules, l, &err) < 0)
        rc = cli_fail(VERB, &err);
    if (rc == EXIT_OK) {
        fputs(rules, bitext_output_file(out));    /* a write error is reported at commit */
        rc = cli_output_commit(&out, VERB);
    }
    bitext_output_free(out);
    free(rules);
    bitext_segment_learner_free(l);
    return rc;
}

/* Segments every block the reader gives, in order. */
static int segment_all(seg_state *st, bitext_segmenter *seg, bitext_error *err)
{
    const bitext_block *b;
    int rc;
    while ((rc = bitext_reader_next(st->reader, &b, err)) > 0) {
        bitext_range *r = NULL;
        size_t n = 0;
        if (b->type == BITEXT_BLOCK_BOILERPLATE)
            continue;
        if ((rc = bitext_segmenter_split(seg, &r, &n, b->text, b->len, err)) < 0)
            return rc;
        for (size_t i = 0; i < n; i++)
            put_segment(st, b->text + r[i].start, r[i].end - r[i].start,
                        bitext_reader_offset(st->reader, r[i].start),
                        bitext_reader_offset(st->reader, r[i].end));
        free(r);
        st->block++;
    }
    return rc;
}

/* Opens the reader: the one every verb uses, plain text paragraphs kept as they are. */
static int open_input(seg_state *st, const char *path, const char *lang, bitext_error *err)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    int rc = cli_encoding_pick(&ro.encoding, st->enc, sizeof st->enc, VERB, st->art.encoding, 0,
                               1, lang);
    if (rc != 0)
        return rc;
    ro.flags = BITEXT_READ_RAW_TEXT | (st->jsonl ? BITEXT_READ_OFFSETS : 0);
    cli_article_read_options(&ro, &st->art);
    ro.lang = lang;
    ro.warn = cli_read_warn;
    ro.warn_ctx = (void *)VERB;
    if (bitext_reader_open(&st->reader, path, &ro, err) < 0)
        return cli_fail(VERB, err);
    return 0;
}

int cmd_segment(int argc, char **argv)
{
    char lang[BITEXT_LANG_MAX];
    bitext_segment_options opts = BITEXT_SEGMENT_OPTIONS_INIT;
    seg_state st = {0};
    bitext_segmenter *seg = NULL;
    bitext_error err;
    int rc = parse(argc, argv, lang, &opts, &st);
    bitext_error_clear(&err);
    if (rc >= 0)
        return rc;
    if (st.learn)
        return learn(argc - optind, argv + optind, lang, &st);
    if (bitext_segmenter_new(&seg, lang, &opts, &err) < 0)
        return cli_fail(VERB, &err);
    if ((rc = open_input(&st, argv[argc - 1], lang, &err)) != 0)
        goto done;
    rc = segment_all(&st, seg, &err);
    cli_warn_replaced(VERB, st.path, bitext_reader_replaced(st.reader));
    rc = rc < 0 ? cli_fail(VERB, &err) : EXIT_OK;
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, "bitext segment: cannot write the output: %s\n", strerror(errno));
        rc = EXIT_FAILURE_;
    }
done:
    bitext_reader_free(st.reader);
    bitext_segmenter_free(seg);
    return rc;
}
