/* main.c - the `bitext` command: dispatch to one verb. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

/*
 * glibc raises its mmap threshold to the size of every large block freed (up to 32 MB), so
 * that the arrays of a long alignment, freed and made again at every stage, end up in the
 * heap, whose holes stay resident: a fixed threshold gives them back to the system at once
 * (aligning 48.7 MB of text peaked at 168 MB instead of 155).
 */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

static const struct verb {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} verbs[] = {
    {"extract", cmd_extract, "print the blocks bitext reads from a page or text (the article)"},
    {"segment", cmd_segment, "split a text into sentences (one per line, or JSON lines)"},
    {"align", cmd_align, "align an article with its translation and store the pairs in the TM"},
    {"import", cmd_import, "read TMX and XLIFF files (or a reviewed alignment TSV) into the TM"},
    {"export", cmd_export, "write the TM (or part of it) as TMX 1.4"},
    {"lookup", cmd_lookup, "exact and fuzzy matches for a sentence, with a percentage"},
    {"concord", cmd_concord, "find a phrase inside stored segments (concordance)"},
    {"diff", cmd_diff, "compare two editions of an article: changed, added, removed, moved"},
    {"update", cmd_update, "a new edition as XLIFF, filled from the TM, with a CAT analysis"},
    {"stats", cmd_stats, "documents, translation units and languages in the TM"},
    {"check", cmd_check, "check a translation: omissions, numbers, untranslated, consistency"},
    {"report", cmd_report, "the TM's pairs of a document as an HTML page to review"},
};

static void usage(FILE *out)
{
    fprintf(out, "Usage: bitext VERB [OPTIONS] [ARGS]\n\n"
                 "bitext turns articles and their translations into a translation memory\n"
                 "(an SQLite file, or a PostgreSQL database a team shares) and exchanges it\n"
                 "with CAT tools as TMX 1.4.\n\nVerbs:\n");
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        fprintf(out, "  %-9s %s\n", verbs[i].name, verbs[i].summary);
    fprintf(out, "\n'bitext VERB --help' explains a verb and its options.\n\n"
                 "The TM is the file given with --tm, else $BITEXT_TM, else\n"
                 "$XDG_DATA_HOME/bitext/tm.sqlite (~/.local/share/bitext/tm.sqlite).\n"
                 "--tm postgresql://user@host/db (or BITEXT_TM set to such a URI) uses a\n"
                 "PostgreSQL database instead; every verb works the same on it.\n\n"
                 "Example:\n"
                 "  bitext align --tm news.tm --src-lang pl --tgt-lang en article.pl.html "
                 "article.en.html\n"
                 "  bitext export --tm news.tm -o news.tmx\n\n" CLI_EXIT_CODES_HELP);
}

int main(int argc, char **argv)
{
    tune_malloc();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) {
            char *sub[] = {argv[2], "--help", NULL};
            for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
                if (!strcmp(verbs[i].name, argv[2]))
                    return verbs[i].run(2, sub);
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("bitext %s\n", bitext_version());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        if (!strcmp(verbs[i].name, argv[1]))
            return verbs[i].run(argc - 1, argv + 1);
    fprintf(stderr, "bitext: unknown verb '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
