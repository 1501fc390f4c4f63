/* cli.c - shared helpers of the verbs. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_fail(const char *verb, const bitext_error *err)
{
    char line[1400];
    fprintf(stderr, "bitext %s: %s\n", verb, bitext_error_format(err, line, sizeof line));
    switch (err->code) {
    case BITEXT_EINVAL: return EXIT_USAGE;
    case BITEXT_EPARSE:
    case BITEXT_EENCODING:
    case BITEXT_ELANG:
    case BITEXT_EFORMAT: return EXIT_INPUT;
    case BITEXT_ESQLITE:
    case BITEXT_EREADONLY: return EXIT_TM;
    default: return EXIT_FAILURE_;
    }
}

int cli_usage(const char *verb, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "bitext %s: ", verb);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'bitext %s --help'.\n", verb);
    return EXIT_USAGE;
}

int cli_lang(char out[BITEXT_LANG_MAX], const char *verb, const char *option, const char *tag)
{
    bitext_error err;
    bitext_error_clear(&err);
    if (bitext_lang_canonical(out, tag, &err) < 0) {
        fprintf(stderr, "bitext %s: %s: %s (use a BCP 47 code such as en, pl, de-CH)\n", verb,
                option, err.message);
        return -1;
    }
    return 0;
}

static void mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
}

const char *cli_tm_path(const char *given, bool create)
{
    static char buf[4096];
    const char *env = getenv("BITEXT_TM"), *xdg = getenv("XDG_DATA_HOME"),
               *home = getenv("HOME");
    if (given && *given)
        return given;
    if (env && *env)
        return env;
    if (xdg && *xdg)
        snprintf(buf, sizeof buf, "%s/bitext/tm.sqlite", xdg);
    else
        snprintf(buf, sizeof buf, "%s/.local/share/bitext/tm.sqlite", home ? home : ".");
    if (create)
        mkdirs(buf);
    return buf;
}

int cli_tm_open(bitext_tm **out, const char *verb, const char *path, unsigned int flags)
{
    bitext_tm_options opts = BITEXT_TM_OPTIONS_INIT;
    bitext_error err;
    bitext_error_clear(&err);
    opts.flags = flags;
    if (bitext_tm_open(out, path, &opts, &err) < 0) {
        int rc = cli_fail(verb, &err);
        return err.code == BITEXT_ENOTFOUND ? EXIT_TM : rc == EXIT_INPUT ? EXIT_TM : rc;
    }
    return 0;
}

static void remove_tm_files(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    char name[4200];
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
        snprintf(name, sizeof name, "%s%s", path, sides[i]);
        unlink(name);
    }
}

int cli_tm_open_new(bitext_tm **out, bool *created, const char *verb, const char *path,
                    unsigned int flags)
{
    struct stat sb;
    int rc;
    *created = stat(path, &sb) != 0 && errno == ENOENT;
    if ((rc = cli_tm_open(out, verb, path, flags)) != 0 && *created)
        remove_tm_files(path);
    return rc;
}

void cli_tm_discard_if_new(bitext_tm **tm, const char *path, bool created)
{
    bitext_tm_close(*tm);
    *tm = NULL;
    if (created)
        remove_tm_files(path);
}

void cli_warn_replaced(const char *verb, const bitext_doc *doc)
{
    size_t n = bitext_doc_replaced(doc);
    if (n)
        fprintf(stderr, "bitext %s: warning: %s: %zu undecodable byte sequence%s replaced by "
                "U+FFFD\n", verb, bitext_doc_name(doc), n, n == 1 ? "" : "s");
}

bool cli_progress_wanted(void)
{
    return isatty(STDERR_FILENO);
}
