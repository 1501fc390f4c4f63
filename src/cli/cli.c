/* cli.c - shared helpers of the verbs. */
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
    case BITEXT_EBUSY:
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

/* "article.pl.html" -> "pl": the second-to-last dot-separated part, when it is a two-letter
 * language code, optionally with a region or script ("pt-BR", "zh_Hant").  Three-letter
 * parts are too often ordinary words ("new", "fin", "bak") to guess from. */
bool cli_lang_from_name(char out[BITEXT_LANG_MAX], const char *path)
{
    const char *base = strrchr(path, '/'), *last, *prev;
    char tag[BITEXT_LANG_MAX];
    size_t n;
    base = base ? base + 1 : path;
    last = strrchr(base, '.');
    if (!last)
        return false;
    for (prev = last - 1; prev > base && *prev != '.'; prev--)
        ;
    n = (size_t)(last - prev - 1);
    if (*prev != '.' || n < 2 || n >= sizeof tag)
        return false;
    memcpy(tag, prev + 1, n);
    tag[n] = '\0';
    if (strcspn(tag, "-_") != 2)
        return false;
    return bitext_lang_canonical(out, tag, NULL) == 0;
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

static int wait_ms;   /* --wait, 0 = the library's default */

int cli_set_wait(const char *verb, const char *arg)
{
    char *end;
    double s = strtod(arg, &end);
    if (end == arg || *end || s < 0 || s > 86400 * 7)
        return cli_usage(verb, "--wait takes seconds (0 to 604800), not '%s'", arg);
    wait_ms = s == 0 ? -1 : (int)(s * 1000);
    return 0;
}

static void tell_waiting(void *ctx, const char *path, unsigned int waited_ms)
{
    fprintf(stderr, "bitext %s: %s is busy: another command is writing to it; waiting "
            "(up to %d s, --wait) ...\n", (const char *)ctx, path,
            (wait_ms ? (wait_ms < 0 ? 0 : wait_ms) : BITEXT_TM_WAIT_DEFAULT_MS) / 1000);
}

int cli_tm_open(bitext_tm **out, const char *verb, const char *path, unsigned int flags)
{
    bitext_tm_options opts = BITEXT_TM_OPTIONS_INIT;
    bitext_error err;
    bitext_error_clear(&err);
    opts.flags = flags;
    opts.wait_ms = wait_ms;
    opts.on_wait = tell_waiting;
    opts.on_wait_ctx = (void *)verb;
    if (bitext_tm_open(out, path, &opts, &err) < 0) {
        int rc = cli_fail(verb, &err);
        return err.code == BITEXT_ENOTFOUND ? EXIT_TM : rc == EXIT_INPUT ? EXIT_TM : rc;
    }
    return 0;
}

int cli_tm_open_deferred(bitext_tm **out, bool *missing, const char *verb, const char *path)
{
    int rc = cli_tm_open(out, verb, path, BITEXT_TM_DEFER);
    *missing = rc == 0 && !bitext_tm_exists(*out);
    return rc;
}

int cli_output_open(bitext_output **out, const char *verb, const char *path,
                    const char *tm_path)
{
    bitext_output_options o = BITEXT_OUTPUT_OPTIONS_INIT;
    const char *protect[] = {tm_path, NULL};
    bitext_error err;
    bitext_error_clear(&err);
    if (!bitext_tm_is_uri(tm_path))
        o.protect = protect; /* a TM on a server has no file to overwrite */
    if (bitext_output_open(out, path, &o, &err) < 0)
        return cli_fail(verb, &err);
    return 0;
}

int cli_output_commit(bitext_output **o, const char *verb)
{
    bitext_error err;
    int rc = 0;
    bitext_error_clear(&err);
    if (*o && bitext_output_commit(*o, &err) < 0)
        rc = cli_fail(verb, &err);
    bitext_output_free(*o);
    *o = NULL;
    return rc;
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

size_t *cli_segment_lines(const bitext_doc *doc, const bitext_seglist *segs)
{
    size_t n = bitext_seglist_count(segs);
    size_t *v = malloc((n + 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        const bitext_block *b =
            doc ? bitext_doc_block(doc, bitext_seglist_get(segs, i)->block) : NULL;
        v[i] = b && b->line > 0 ? (size_t)b->line - 1 : i;
    }
    return v;
}
