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
    "(not a bitext TM, read-only, database error).\n"

/* Prints "bitext VERB: <error>" on stderr; returns the exit code for err->code. */
int cli_fail(const char *verb, const bitext_error *err);
/* Prints "bitext VERB: <message>" and a hint to --help on stderr; returns EXIT_USAGE. */
int cli_usage(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Canonicalises a language option; on failure prints the error and returns -1. */
int cli_lang(char out[BITEXT_LANG_MAX], const char *verb, const char *option, const char *tag);
/*
 * The TM path: --tm, else $BITEXT_TM, else $XDG_DATA_HOME/bitext/tm.sqlite (default
 * ~/.local/share/bitext/tm.sqlite), creating that directory when `create`.
 */
const char *cli_tm_path(const char *given, bool create);
/* Opens the TM at path, printing any error; returns 0 or an exit code. */
int cli_tm_open(bitext_tm **out, const char *verb, const char *path, unsigned int flags);
/*
 * cli_tm_open for the verbs that write: *created says whether the file did not exist before,
 * for cli_tm_discard_if_new.  A TM file that the failed open itself made is removed.
 */
int cli_tm_open_new(bitext_tm **out, bool *created, const char *verb, const char *path,
                    unsigned int flags);
/*
 * Closes *tm (sets it to NULL) and, when created, removes path and its SQLite side files
 * (-wal, -shm, -journal): a command that fails leaves no TM it made behind.
 */
void cli_tm_discard_if_new(bitext_tm **tm, const char *path, bool created);
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

int cmd_segment(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_concord(int argc, char **argv);

#endif
