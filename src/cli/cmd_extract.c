/* cmd_extract.c - `bitext extract`: the blocks bitext takes from a page, in document order.
 *
 * This is what every other verb reads (segment, align ...): one reader, so a person who
 * wonders why a sentence is missing from the TM can look here first.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"

#define VERB "extract"

static const char usage_text[] =
    "Usage: bitext extract [--format text|jsonl] [--encoding E] [--boilerplate] [--lossy]\n"
    "                      [--all-text] FILE|-\n"
    "\n"
    "Prints what bitext takes from an article: the blocks (title, headings, paragraphs,\n"
    "list items, captions, quotes, table cells) in document order, exactly as segment and\n"
    "align read them.  For an HTML page that is the story alone: the container that holds\n"
    "it is found by scoring (text and link density, paragraphs, punctuation), and menus,\n"
    "related links, share and newsletter boxes, comments, footers and hidden elements are\n"
    "dropped.  The page's encoding is found as a browser finds it (byte-order mark, <meta\n"
    "charset>, else detection); bytes that cannot be decoded become U+FFFD with a warning.\n"
    "A plain-text file is read as is: a blank line ends a paragraph.\n"
    "\n"
    "Options:\n"
    "  --format FORMAT   text: the blocks separated by blank lines (default); jsonl: one\n"
    "                    object per block, {\"kind\": \"paragraph\", \"text\": \"...\"}, kinds\n"
    "                    title, heading, paragraph, list-item, caption, quote, cell\n"
    "  --encoding E      the input's encoding when it does not say (windows-1250, UTF-16LE,\n"
    "                    ...; auto: guess); a byte-order mark still wins\n"
    "  --boilerplate     also print the boilerplate lines found inside the story\n"
    "                    (copyright, photo credits, \"Read also\" labels), kind boilerplate\n"
    "  --lossy           plain text: replace invalid UTF-8 by U+FFFD instead of failing\n"
    "  --all-text        HTML: every visible text of the page, no story chosen (to compare\n"
    "                    with what is chosen)\n"
    "  -h, --help        this help\n"
    "\n"
    "Examples:\n"
    "  bitext extract article.pl.html\n"
    "  bitext extract --format jsonl page.html | grep '\"kind\": \"caption\"'\n"
    "  curl -s https://example.org/news/1 | bitext extract -\n"
    "\n" CLI_EXIT_CODES_HELP;

typedef struct {
    bool jsonl, boilerplate, lossy, all_text;
    const char *encoding;
    const char *path;
} extract_args;

/* Parses the options; returns -1 to go on, else an exit code. */
static int parse(int argc, char **argv, extract_args *a)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"encoding", required_argument, NULL, 'e'},
        {"boilerplate", no_argument, NULL, 'b'},  {"lossy", no_argument, NULL, 'L'},
        {"all-text", no_argument, NULL, 'a'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
                return cli_usage(VERB, "--format must be text or jsonl, not '%s'", optarg);
            a->jsonl = !strcmp(optarg, "jsonl");
            break;
        case 'e': a->encoding = optarg; break;
        case 'b': a->boilerplate = true; break;
        case 'L': a->lossy = true; break;
        case 'a': a->all_text = true; break;
        case 'h': fputs(usage_text, stdout); return EXIT_OK;
        default: return cli_usage(VERB, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return cli_usage(VERB, "give exactly one input FILE, or '-' for standard input");
    a->path = argv[optind];
    return -1;
}

static void put_block(const extract_args *a, const bitext_block *b, bool first)
{
    if (a->jsonl) {
        fputs("{\"kind\": ", stdout);
        json_string(stdout, bitext_block_type_name(b->type));
        fputs(", \"text\": ", stdout);
        json_string_n(stdout, b->text, b->len);
        fputs("}\n", stdout);
        return;
    }
    if (!first)
        putchar('\n');
    fwrite(b->text, 1, b->len, stdout);
    putchar('\n');
}

int cmd_extract(int argc, char **argv)
{
    extract_args a = {0};
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_doc *doc = NULL;
    bitext_error err;
    char enc[128];
    int rc = parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    bitext_error_clear(&err);
    if ((rc = cli_encoding_pick(&ro.encoding, enc, sizeof enc, VERB, a.encoding, 0, 1, NULL)) != 0)
        return rc;
    ro.flags = (a.lossy ? BITEXT_READ_LOSSY : 0) |
               (a.boilerplate ? BITEXT_READ_KEEP_BOILERPLATE : 0) |
               (a.all_text ? BITEXT_READ_ALL_TEXT : 0);
    ro.warn = cli_read_warn;
    ro.warn_ctx = (void *)VERB;
    if (bitext_read_file(&doc, a.path, &ro, &err) < 0)
        return cli_fail(VERB, &err);
    cli_warn_replaced(VERB, bitext_doc_name(doc), bitext_doc_replaced(doc));
    for (size_t i = 0; i < bitext_doc_block_count(doc); i++)
        put_block(&a, bitext_doc_block(doc, i), i == 0);
    rc = EXIT_OK;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "bitext %s: cannot write the output: %s\n", VERB, strerror(errno));
        rc = EXIT_FAILURE_;
    }
    bitext_doc_free(doc);
    return rc;
}
