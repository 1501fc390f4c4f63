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

void cli_read_warn(void *ctx, const char *file, const char *message)
{
    fprintf(stderr, "bitext %s: warning: %s: %s\n", (const char *)ctx, file, message);
}

void cli_warn_replaced(const char *verb, const char *file, size_t n)
{
    if (n)
        fprintf(stderr, "bitext %s: warning: %s: %zu undecodable byte sequence%s replaced by "
                "U+FFFD\n", verb, file, n, n == 1 ? "" : "s");
}

/* The n-th comma-separated item of spec into buf; false when there is none. */
static bool spec_item(char *buf, size_t size, const char *spec, int n)
{
    const char *p = spec;
    for (int i = 0; p && i < n; i++)
        p = (p = strchr(p, ',')) ? p + 1 : NULL;
    if (!p)
        return false;
    snprintf(buf, size, "%.*s", (int)strcspn(p, ","), p);
    return true;
}

static int spec_items(const char *spec)
{
    int n = 1;
    for (const char *p = spec; (p = strchr(p, ',')); p++)
        n++;
    return n;
}

/* Does the LANG of a LANG=NAME item name lang (both canonicalised)? */
static bool item_lang_is(const char *item, const char *lang)
{
    if (!lang)
        return false;
    char tag[BITEXT_LANG_MAX], canon[BITEXT_LANG_MAX];
    snprintf(tag, sizeof tag, "%.*s", (int)strcspn(item, "="), item);
    return lang[0] && bitext_lang_canonical(canon, tag, NULL) == 0 && !strcmp(canon, lang);
}

int cli_encoding_pick(const char **out, char *buf, size_t size, const char *verb,
                      const char *spec, int index, int count, const char *lang)
{
    int n = spec ? spec_items(spec) : 0;
    bool by_lang = spec && strchr(spec, '=');
    *out = NULL;
    if (!spec)
        return 0;
    if (by_lang && !lang)
        return cli_usage(verb, "--encoding LANG=NAME needs to know the input's language: "
                         "give the encoding alone (--encoding NAME)");
    for (int i = 0; i < n; i++) {
        char item[128];
        spec_item(item, sizeof item, spec, i);
        if (!item[0] || (by_lang != (strchr(item, '=') != NULL)))
            return cli_usage(verb, "--encoding takes NAME, NAME,NAME,... (one per input) or "
                             "LANG=NAME,... (not '%s')", spec);
        if (by_lang && item_lang_is(item, lang)) {
            snprintf(buf, size, "%s", strchr(item, '=') + 1);
            *out = buf;
        }
    }
    if (by_lang)
        return 0;
    if (n != 1 && n != count)
        return cli_usage(verb, "--encoding names %d encodings for %d inputs: give one for "
                         "all, or one per input in order", n, count);
    spec_item(buf, size, spec, n == 1 ? 0 : index);
    *out = buf;
    return 0;
}

int cli_encoding_check_langs(const char *verb, const char *spec, const char *const *langs,
                             int count)
{
    char item[128];
    if (!spec || !strchr(spec, '='))
        return 0;
    for (int i = 0; spec_item(item, sizeof item, spec, i); i++) {
        bool hit = false;
        for (int k = 0; k < count && !hit; k++)
            hit = item_lang_is(item, langs[k]);
        if (!hit)
            return cli_usage(verb, "--encoding %s: no input is in that language (the language "
                             "comes from --src-lang/--tgt-lang or the file name)", item);
    }
    return 0;
}

bool cli_progress_wanted(void)
{
    return isatty(STDERR_FILENO);
}
