/* cmd_diff.c - `bitext diff`: what changed between two editions of an article. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

#define VERB "diff"

static const char usage_text[] =
    "Usage: bitext diff [OPTIONS] OLD NEW\n"
    "\n"
    "Compares two editions of one article (plain text or HTML, read as 'align' reads them)\n"
    "sentence by sentence.  Every sentence of both is in exactly one unit: unchanged,\n"
    "changed (edited, or split / merged), added or removed; a matched unit that left the\n"
    "order of the rest is also 'moved'.  Inside changed sentences the changed words are\n"
    "shown, as git's word diff shows them: [-old words-]{+new words+}.\n"
    "\n"
    "Matching: identical sentences first, then sentences paired by the words and letters\n"
    "they share over the whole article (a pair that would be a move needs more in common\n"
    "than one in place), then splits and merges with neighbouring sentences.\n"
    "\n"
    "Options:\n"
    "  --format F        text (default): the new edition with the changes marked, removed\n"
    "                    sentences where they stood, moves marked, a summary line; coloured\n"
    "                    on a terminal.  jsonl: one object per unit, in the new edition's\n"
    "                    order, removed units where they stood:\n"
    "                    {\"status\": \"changed\", \"moved\": false, \"old\": [3], \"new\": [4],\n"
    "                     \"old_text\": \"...\", \"new_text\": \"...\",\n"
    "                     \"words\": [[\"=\", \"...\"], [\"-\", \"...\"], [\"+\", \"...\"]]}\n"
    "                    old/new are 0-based sentence numbers (line numbers with\n"
    "                    --presegmented); words only for changed units.  html: one\n"
    "                    self-contained page, old and new side by side.\n"
    "  -o FILE           write there instead of standard output\n"
    "  --lang L          language of both editions (BCP 47); default: from the file names\n"
    "                    (story.en.html) or <html lang>, else language-neutral rules\n"
    "  --ignore-space    sentences that differ only in white space are unchanged\n"
    "  --ignore-punct    sentences that differ only in punctuation are unchanged\n"
    "  --color WHEN      auto (default: on a terminal, unless NO_COLOR is set), always, never\n"
    "  -h, --help        this help\n"
    "\n" CLI_ARTICLE_HELP
    "\n"
    "Human output (text, html) numbers sentences from 1; jsonl from 0.\n"
    "\n"
    "Examples:\n"
    "  bitext diff story-v1.en.html story-v2.en.html\n"
    "  bitext diff --format jsonl --presegmented --lang en old.txt new.txt\n"
    "  bitext diff --format html -o changes.html v1.html v2.html\n"
    "\n" CLI_EXIT_CODES_HELP;

typedef struct {
    const char *format, *out;
    const char *color, *lang;
    cli_article_opts art;
    unsigned flags;
    const char *files[2];
} diff_args;

enum { OPT_FORMAT = 256, OPT_LANG, OPT_ISPACE, OPT_IPUNCT, OPT_COLOR };

static int parse_args(diff_args *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", 1, NULL, OPT_FORMAT}, {"lang", 1, NULL, OPT_LANG},
        {"ignore-space", 0, NULL, OPT_ISPACE}, {"ignore-punct", 0, NULL, OPT_IPUNCT},
        {"color", 1, NULL, OPT_COLOR}, {"output", 1, NULL, 'o'}, {"help", 0, NULL, 'h'},
        CLI_ARTICLE_OPTIONS, {NULL, 0, NULL, 0}};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_LANG: a->lang = optarg; break;
        case OPT_ISPACE: a->flags |= BITEXT_DIFF_IGNORE_SPACE; break;
        case OPT_IPUNCT: a->flags |= BITEXT_DIFF_IGNORE_PUNCT; break;
        case OPT_COLOR: a->color = optarg; break;
        case 'o': a->out = optarg; break;
        case 'h': fputs(usage_text, stdout); return -1;
        default: /* an article option, or unknown (getopt said so) */
            if ((rc = cli_article_option(&a->art, VERB, c, optarg)) != 0)
                return rc < 0 ? EXIT_USAGE : rc;
        }
    }
    if ((rc = cli_article_opts_check(&a->art, VERB)) != 0)
        return rc;
    if (strcmp(a->format, "text") && strcmp(a->format, "jsonl") && strcmp(a->format, "html"))
        return cli_usage(VERB, "--format takes text, jsonl or html, not '%s'", a->format);
    if (strcmp(a->color, "auto") && strcmp(a->color, "always") && strcmp(a->color, "never"))
        return cli_usage(VERB, "--color takes auto, always or never, not '%s'", a->color);
    if (argc - optind != 2)
        return cli_usage(VERB, "needs two files: the old edition and the new one");
    a->files[0] = argv[optind];
    a->files[1] = argv[optind + 1];
    return 0;
}

typedef struct {
    cli_article ed[2];
    size_t *num[2]; /* 0-based numbers shown: line numbers or segment indices */
    bitext_worddiff *wd;
    unsigned word_flags;
    bool color;
} editions;

/* ---- jsonl ---------------------------------------------------------------------------- */

static void json_numbers(FILE *f, const size_t *num, size_t first, size_t n)
{
    fputc('[', f);
    for (size_t i = first; i < first + n; i++)
        fprintf(f, "%s%zu", i > first ? ", " : "", num[i]);
    fputc(']', f);
}

static void json_words(FILE *f, const bitext_wordrun *r, size_t nr, const char *a, const char *b)
{
    fputs(", \"words\": [", f);
    for (size_t k = 0; k < nr; k++) {
        fprintf(f, "%s[\"%c\", ", k ? ", " : "", r[k].op);
        json_string_n(f, (r[k].op == '+' ? b : a) + r[k].start, r[k].end - r[k].start);
        fputc(']', f);
    }
    fputc(']', f);
}

/* ---- text ----------------------------------------------------------------------------- */

#define RED "\033[31m"
#define GREEN "\033[32m"
#define CYAN "\033[36m"
#define RESET "\033[m"

static void mark(FILE *f, const editions *e, char op, const char *s, size_t n)
{
    const char *open = op == '-' ? "[-" : "{+", *close = op == '-' ? "-]" : "+}";
    if (op == '=') {
        fwrite(s, 1, n, f);
        return;
    }
    fprintf(f, "%s%s", e->color ? (op == '-' ? RED : GREEN) : "", open);
    fwrite(s, 1, n, f);
    fprintf(f, "%s%s", close, e->color ? RESET : "");
}

static void text_unit(FILE *f, const editions *e, const bitext_diff_unit *u, const char *a,
                      const char *b, const bitext_wordrun *r, size_t nr)
{
    if (u->moved)
        fprintf(f, "%s(moved from %zu)%s ", e->color ? CYAN : "", e->num[0][u->old_first] + 1,
                e->color ? RESET : "");
    if (r) {
        for (size_t k = 0; k < nr; k++)
            mark(f, e, r[k].op, (r[k].op == '+' ? b : a) + r[k].start, r[k].end - r[k].start);
    } else if (u->status == BITEXT_DIFF_REMOVED) {
        mark(f, e, '-', a, strlen(a));
    } else if (u->status == BITEXT_DIFF_ADDED) {
        mark(f, e, '+', b, strlen(b));
    } else {
        fputs(b, f);
    }
    fputc('\n', f);
}

/* A blank line where the new edition (or, for removed text, the old one) starts a block. */
static void paragraph_break(FILE *f, const editions *e, const bitext_diff_unit *u,
                            size_t *last_block, bool first)
{
    int s = u->nnew ? 1 : 0;
    size_t block = bitext_seglist_get(e->ed[s].segs, s ? u->new_first : u->old_first)->block;
    if (!first && s == 1 && block != *last_block)
        fputc('\n', f);
    if (s == 1)
        *last_block = block;
}

/* ---- both ------------------------------------------------------------------------------ */

static int write_unit(FILE *f, const editions *e, const bitext_diff_unit *u, bool jsonl,
                      size_t *last_block, bool first, bitext_error *err)
{
    char *a = NULL, *b = NULL;
    bitext_wordrun *r = NULL;
    size_t nr = 0;
    int rc;
    if ((rc = bitext_diff_text(&a, e->ed[0].segs, u->old_first, u->nold, err)) < 0 ||
        (rc = bitext_diff_text(&b, e->ed[1].segs, u->new_first, u->nnew, err)) < 0 ||
        (u->status == BITEXT_DIFF_CHANGED &&
         (rc = bitext_worddiff_run(&r, &nr, e->wd, a, strlen(a), b, strlen(b), e->word_flags,
                                   err)) < 0))
        goto done;
    if (jsonl) {
        fprintf(f,
                "{\"status\": \"%s\", \"moved\": %s, \"old\": ", bitext_diff_status_name(u->status),
                u->moved ? "true" : "false");
        json_numbers(f, e->num[0], u->old_first, u->nold);
        fputs(", \"new\": ", f);
        json_numbers(f, e->num[1], u->new_first, u->nnew);
        fputs(", \"old_text\": ", f);
        json_string(f, a);
        fputs(", \"new_text\": ", f);
        json_string(f, b);
        if (r)
            json_words(f, r, nr, a, b);
        fputs("}\n", f);
    } else {
        paragraph_break(f, e, u, last_block, first);
        text_unit(f, e, u, a, b, r, nr);
    }
done:
    free(a);
    free(b);
    free(r);
    return rc;
}

static int write_diff(FILE *f, const editions *e, const bitext_diff *d, bool jsonl,
                      bitext_error *err)
{
    bitext_diff_stats st;
    size_t last_block = 0;
    int rc = 0;
    for (size_t k = 0; k < bitext_diff_count(d) && rc == 0; k++)
        rc = write_unit(f, e, bitext_diff_get(d, k), jsonl, &last_block, k == 0, err);
    if (rc == 0 && !jsonl) {
        bitext_diff_stats_get(&st, d);
        fprintf(f,
                "\n%zu unchanged, %zu changed, %zu added, %zu removed, %zu moved "
                "(old: %zu segments, new: %zu)\n",
                st.unchanged, st.changed, st.added, st.removed, st.moved, st.old_segments,
                st.new_segments);
    }
    return rc;
}

static int read_editions(editions *e, diff_args *a)
{
    int rc;
    for (int s = 0; s < 2; s++) {
        /* the second edition falls back on the first one's language, the first on none */
        cli_input in = {a->files[s], a->lang, "--lang", s ? e->ed[0].lang : "und", s, 2};
        if ((rc = cli_article_load(&e->ed[s], VERB, &a->art, &in)) != 0)
            return rc;
        if (!(e->num[s] = a->art.presegmented ? cli_segment_lines(e->ed[s].doc, e->ed[s].segs)
                                              : cli_segment_lines(NULL, e->ed[s].segs))) {
            fprintf(stderr, "bitext %s: out of memory\n", VERB);
            return EXIT_FAILURE_;
        }
    }
    return 0;
}

static int run(editions *e, const diff_args *a, FILE *f, bitext_error *err)
{
    bitext_diff_options o = BITEXT_DIFF_OPTIONS_INIT;
    bitext_diff_html_options h = BITEXT_DIFF_HTML_OPTIONS_INIT;
    bitext_diff *d = NULL;
    int rc;
    o.flags = a->flags;
    if ((rc = bitext_diff_run(&d, e->ed[0].segs, e->ed[1].segs, &o, err)) < 0)
        return rc;
    if (!strcmp(a->format, "html")) {
        h.old_name = a->files[0];
        h.new_name = a->files[1];
        h.word_flags = e->word_flags;
        h.old_numbers = e->num[0];
        h.new_numbers = e->num[1];
        rc = bitext_diff_write_html(f, d, e->ed[0].segs, e->ed[1].segs, &h, err);
    } else if ((rc = bitext_worddiff_new(&e->wd, e->ed[1].lang, err)) == 0) {
        rc = write_diff(f, e, d, !strcmp(a->format, "jsonl"), err);
    }
    bitext_diff_free(d);
    return rc;
}

int cmd_diff(int argc, char **argv)
{
    diff_args a = {"text", "-", "auto", NULL, {0}, 0, {NULL, NULL}};
    editions e = {0};
    bitext_output *out = NULL;
    bitext_error err;
    const char *nc = getenv("NO_COLOR");
    int rc;

    bitext_error_clear(&err);
    if ((rc = parse_args(&a, argc, argv)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    if ((rc = read_editions(&e, &a)) != 0 || (rc = cli_output_open(&out, VERB, a.out, NULL)) != 0)
        goto done;
    e.word_flags = a.flags & BITEXT_DIFF_IGNORE_SPACE ? BITEXT_WORDDIFF_IGNORE_SPACE : 0;
    e.color = !strcmp(a.color, "always") || (!strcmp(a.color, "auto") && !strcmp(a.out, "-") &&
                                             isatty(STDOUT_FILENO) && !(nc && *nc));
    if ((rc = run(&e, &a, bitext_output_file(out), &err)) < 0) {
        rc = cli_fail(VERB, &err);
        goto done;
    }
    rc = cli_output_commit(&out, VERB);
done:
    bitext_output_free(out);
    bitext_worddiff_free(e.wd);
    for (int s = 0; s < 2; s++) {
        cli_article_free(&e.ed[s]);
        free(e.num[s]);
    }
    return rc;
}
