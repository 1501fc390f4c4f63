/* cli.h - what the verbs of the `bitext` command share: errors, exit codes, the TM path. */
#ifndef BITEXT_CLI_H
#define BITEXT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bitext/bitext.h"

/* Exit codes, documented in `bitext --help` and README.md. */
enum {
    EXIT_OK = 0,
    EXIT_FAILURE_ = 1, /* anything else: I/O, out of memory, ICU */
    EXIT_USAGE = 2,    /* wrong options or arguments */
    EXIT_INPUT = 3,    /* bad input data: encoding, parse error, unknown language, empty file */
    EXIT_TM = 4        /* the TM: not a bitext database, read-only, SQLite error */
};

#define CLI_EXIT_CODES_HELP \
    "Exit status: 0 success, 1 failure (I/O, memory), 2 usage error, 3 bad input\n" \
    "(encoding, syntax, language code, empty or binary file), 4 translation memory error\n" \
    "(not a bitext TM, read-only, busy beyond --wait, database error).\n"

/* Prints "bitext VERB: <error>" on stderr; returns the exit code for err->code. */
int cli_fail(const char *verb, const bitext_error *err);
/* Prints "bitext VERB: <message>" and a hint to --help on stderr; returns EXIT_USAGE. */
int cli_usage(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Canonicalises a language option; on failure prints the error and returns -1. */
int cli_lang(char out[BITEXT_LANG_MAX], const char *verb, const char *option, const char *tag);
/* The language a file name tells ("article.pl.html" -> "pl"), canonical; false when none. */
bool cli_lang_from_name(char out[BITEXT_LANG_MAX], const char *path);
/*
 * The TM path (or postgresql:// URI): --tm, else $BITEXT_TM, else $XDG_DATA_HOME/bitext/tm.sqlite (default
 * ~/.local/share/bitext/tm.sqlite), creating that directory when `create`.
 */
const char *cli_tm_path(const char *given, bool create);
/* The long option every verb that opens the TM takes: --wait SECONDS. */
#define CLI_WAIT_OPTION {"wait", required_argument, NULL, 'W'}
#define CLI_WAIT_HELP \
    "  --wait SECONDS       wait this long for another command writing to the TM\n" \
    "                       (default 300; a note on stderr after 2 s)\n"
/* Sets the wait of cli_tm_open from --wait's argument; 0 or EXIT_USAGE (message printed). */
int cli_set_wait(const char *verb, const char *arg);
/* Opens the TM at path, printing any error; returns 0 or an exit code. */
int cli_tm_open(bitext_tm **out, const char *verb, const char *path, unsigned int flags);
/*
 * For the verbs that write: opens the TM at path as cli_tm_open does, without creating it;
 * *missing is true when no TM exists there yet.  Such a verb creates the TM (its first
 * bitext_tm_begin does) only once its inputs have proved good (after aligning; after a first
 * reading of every file to import), so a failed command leaves no new TM behind - and no
 * command ever removes a TM file, which another process may have opened or committed to
 * meanwhile.  A missing TM whose directory cannot be written fails here (EXIT_TM).  A TM on a
 * server (a URI) is missing while its schema holds no bitext tables; the one connection this
 * opens serves the check and the work.
 */
int cli_tm_open_deferred(bitext_tm **out, bool *missing, const char *verb, const char *path);
/*
 * Opens an output file through bitext_output_open (output.h), refusing the TM at tm_path
 * (may be NULL) and its side files; prints any error.  Returns 0 or an exit code (EXIT_USAGE
 * for a target that must not be written, EXIT_FAILURE_ when it cannot be created).
 */
int cli_output_open(bitext_output **out, const char *verb, const char *path,
                    const char *tm_path);
/* Commits and frees *o (sets it to NULL; NULL is fine); prints any error.  0 or an exit code. */
int cli_output_commit(bitext_output **o, const char *verb);
/*
 * 0-based input line of each segment (for --presegmented output; doc NULL: the segment
 * indices), malloc'd; NULL on ENOMEM.
 */
size_t *cli_segment_lines(const bitext_doc *doc, const bitext_seglist *segs);
/* The reader's warning callback (bitext_read_options.warn; ctx is the verb's name): prints
 * "bitext VERB: warning: FILE: MESSAGE" on stderr. */
void cli_read_warn(void *ctx, const char *file, const char *message);
/* Warns once on stderr, naming the file and the count, when the reader replaced n
 * undecodable byte sequences (or NULs) by U+FFFD. */
void cli_warn_replaced(const char *verb, const char *file, size_t n);
/*
 * The encoding --encoding SPEC names for input number `index` (0-based) of `count`, whose
 * language is lang (canonical, "" when not known before reading, NULL for a verb that
 * never knows it: then LANG=NAME is a usage error).  SPEC is one NAME for
 * every input, NAME,NAME,... by position, or LANG=NAME,LANG=NAME,... by language.  *out is
 * NULL when SPEC names none for this input (then the file's BOM or declaration, or the
 * default, decides).  Returns 0, or EXIT_USAGE after printing why SPEC is wrong.
 */
int cli_encoding_pick(const char **out, char *buf, size_t size, const char *verb,
                      const char *spec, int index, int count, const char *lang);
/* Checks that every LANG= of SPEC names the language of one of the inputs (langs[count]). */
int cli_encoding_check_langs(const char *verb, const char *spec, const char *const *langs,
                             int count);
/* True when stderr is a terminal (progress lines go there only then). */
bool cli_progress_wanted(void);

/* ---- articles (cli_article.c) ---------------------------------------------------------- */

/*
 * How an article is read and segmented: the options every verb that reads articles takes
 * (segment, align, diff, update, check), with one meaning in all of them.  The verb puts
 * CLI_ARTICLE_OPTIONS in its getopt table, hands every option to cli_article_option, checks
 * the whole with cli_article_opts_check and prints CLI_ARTICLE_HELP in its --help.
 */
typedef struct {
    const char *encoding;      /* --encoding SPEC (cli_encoding_pick), or NULL */
    const char *srx;           /* --srx FILE: the rules of an SRX 2.0 file, or NULL */
    const char *rules;         /* --rules FILE: a rule file on top of bitext's own, or NULL */
    bool presegmented;         /* --presegmented: one segment per line */
    bool paragraph;            /* --segtype paragraph: one segment per block */
    bool lossy;                /* --lossy: plain text's invalid bytes become U+FFFD */
} cli_article_opts;

enum { CLI_OPT_ENCODING = 0x1000, CLI_OPT_SRX, CLI_OPT_RULES, CLI_OPT_PRESEG, CLI_OPT_SEGTYPE,
       CLI_OPT_LOSSY };
#define CLI_ARTICLE_OPTIONS \
    {"encoding", required_argument, NULL, CLI_OPT_ENCODING}, \
    {"srx", required_argument, NULL, CLI_OPT_SRX}, \
    {"rules", required_argument, NULL, CLI_OPT_RULES}, \
    {"presegmented", no_argument, NULL, CLI_OPT_PRESEG}, \
    {"segtype", required_argument, NULL, CLI_OPT_SEGTYPE}, \
    {"lossy", no_argument, NULL, CLI_OPT_LOSSY}
#define CLI_ARTICLE_HELP \
    "How articles are read and segmented:\n" \
    "  --encoding E         the inputs' encoding when they have no BOM: one NAME for all,\n" \
    "                       one per input in order (utf-16le,utf-8), or by language\n" \
    "                       (pl=windows-1250,en=utf-8); auto = guess.  An HTML page\n" \
    "                       without one is decoded as a browser does (<meta charset>,\n" \
    "                       else detection)\n" \
    "  --lossy              plain text: replace invalid bytes by U+FFFD (with a warning)\n" \
    "                       instead of failing with exit 3\n" \
    "  --presegmented       the files hold one segment per line: nothing is segmented\n" \
    "  --segtype T          sentence (default) or paragraph: one segment per block\n" \
    "  --srx FILE           segment with the rules of an SRX 2.0 file (Okapi, OmegaT,\n" \
    "                       LanguageTool, Trados ...) instead of bitext's own\n" \
    "  --rules FILE         segment with bitext's rules and this rule file on top of them\n" \
    "                       (made by 'bitext segment --learn', or by hand:\n" \
    "                       data/segment/README.md)\n"

/*
 * Takes option c (its argument arg) into o when it is one of CLI_ARTICLE_OPTIONS: returns 0,
 * EXIT_USAGE after printing why its argument is wrong, or -1 when c is not one of them.
 */
int cli_article_option(cli_article_opts *o, const char *verb, int c, const char *arg);
/* Once every option is parsed: 0, or EXIT_USAGE after printing why they do not go together. */
int cli_article_opts_check(const cli_article_opts *o, const char *verb);
/* The segmenter's options for o (srx, rules, one segment per line or block). */
void cli_article_segment_options(bitext_segment_options *so, const cli_article_opts *o);
/* The reader's format and flags for o (lines when presegmented, lossy); other fields kept. */
void cli_article_read_options(bitext_read_options *ro, const cli_article_opts *o);

/* Which input an article is, and how the verb names its language. */
typedef struct {
    const char *path;
    const char *lang;          /* the language given (any BCP 47 form), or NULL */
    const char *lang_option;   /* the option that gives it, for messages */
    const char *fallback;      /* the language when neither option, name nor page tells */
    int index, count;          /* input index of count (for --encoding A,B) */
} cli_input;

typedef struct {
    const char *path;
    char lang[BITEXT_LANG_MAX];
    bitext_doc *doc;
    bitext_seglist *segs;
    int64_t doc_id;              /* in the TM, once stored */
} cli_article;

/*
 * Reads in->path through bitext_read_file and segments it into a (zeroed), as o says: the
 * language is in->lang when given, else the file name's (article.pl.html), else the page's
 * (<html lang>), else in->fallback; the encoding is the one o->encoding names for input
 * in->index of in->count (cli_encoding_pick).  The document keeps its structure and inline
 * codes, not its text (the segments hold it).  Prints any error and the reader's warnings;
 * returns 0 or an exit code.  cli_article_free releases a.
 */
int cli_article_load(cli_article *a, const char *verb, const cli_article_opts *o,
                     const cli_input *in);
void cli_article_free(cli_article *a);

#define CLI_MAX_DICTS 8
typedef struct {
    const char *dicts[CLI_MAX_DICTS];
    size_t ndicts;
    bool no_learn;               /* do not learn from the TM's pairs */
} cli_align_opts;

/* Aligns src with tgt, the lexicon made of the dictionaries and (tm not NULL) the TM's pairs,
 * reviewed ones first.  Prints any error; 0 or an exit code. */
int cli_align_pair(bitext_alignment **out, const char *verb, const cli_align_opts *o,
                   bitext_tm *tm, const cli_article *src, const cli_article *tgt);

/* The rows of an alignment and the checks on them (qo may be NULL).  0 or an exit code. */
int cli_review_alignment(bitext_review **review, bitext_qa_finding **f, size_t *nf,
                         const char *verb, const cli_article *src, const cli_article *tgt,
                         const bitext_alignment *al, const bitext_qa_options *qo);

/* The TM's pairs of document doc (NULL = all) as rows; an unknown document is EXIT_INPUT. */
int cli_review_from_tm(bitext_review **out, const char *verb, bitext_tm *tm, const char *doc,
                       const char *src_lang, const char *tgt_lang);

int cmd_segment(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_concord(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* import --doc NAME FILE.tsv (cmd_import_tsv.c) */
int cmd_import_tsv(const char *tm_arg, const char *doc, const char *path);
int cmd_report(int argc, char **argv);

#endif
