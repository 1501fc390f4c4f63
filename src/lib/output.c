/* output.c - every file bitext writes goes through here (see output.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bitext/output.h"
#include "util_int.h"

struct bitext_output {
    char *name;        /* as given, for messages */
    char *target;      /* the file finally written (links resolved) */
    char *tmp;         /* temporary file beside target, NULL when writing in place */
    FILE *fp;
    bool committed;
};

/* ---- where a path really points ----------------------------------------------------------- */

/*
 * The absolute name of path with every link and "." / ".." resolved, also when the file
 * itself does not exist yet (then its directory is resolved and the last name appended).
 * NULL when neither can be resolved, or on ENOMEM.
 */
static char *canonical(const char *path)
{
    char *copy1, *copy2, *dir, *r = realpath(path, NULL);
    if (r || errno != ENOENT)
        return r;
    copy1 = bitext_strdup(path);
    copy2 = bitext_strdup(path);
    if (copy1 && copy2 && (dir = realpath(dirname(copy1), NULL))) {
        const char *base = basename(copy2);
        size_t n = strlen(dir) + strlen(base) + 2;
        if ((r = malloc(n)))
            snprintf(r, n, "%s/%s", strcmp(dir, "/") ? dir : "", base);
        free(dir);
    }
    free(copy1);
    free(copy2);
    return r;
}

static const char *const side_files[] = {"", "-wal", "-shm", "-journal"};

/* True when target (resolved) is one of prot's files, by inode or by name. */
static bool is_protected_file(const char *target, const struct stat *tsb, bool exists,
                              const char *prot)
{
    char *pc = canonical(prot);
    bool hit = false;
    for (size_t i = 0; i < sizeof side_files / sizeof *side_files && !hit; i++) {
        char name[PATH_MAX + 16];
        struct stat psb;
        snprintf(name, sizeof name, "%s%s", prot, side_files[i]);
        if (exists && stat(name, &psb) == 0 && psb.st_dev == tsb->st_dev &&
            psb.st_ino == tsb->st_ino)
            hit = true;
        if (pc) {
            snprintf(name, sizeof name, "%s%s", pc, side_files[i]);
            hit = hit || strcmp(name, target) == 0;
        }
    }
    free(pc);
    return hit;
}

/* ---- opening ------------------------------------------------------------------------------ */

static int open_temp(bitext_output *o, const struct stat *old, bool exists, bitext_error *err)
{
    size_t n = strlen(o->target) + 16;
    int fd;
    if (!(o->tmp = malloc(n)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    snprintf(o->tmp, n, "%s.tmp.XXXXXX", o->target);
    if ((fd = mkstemp(o->tmp)) < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        return bitext_fail_at(err, BITEXT_EIO, o->name, 0, 0, -1, "cannot create the file: %s",
                              strerror(e));
    }
    if (exists) {   /* the replacement keeps the mode (and owner, when allowed) of the old */
        fchmod(fd, old->st_mode & 07777);
        if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
            fchown(fd, old->st_uid, old->st_gid) != 0)
            fchmod(fd, old->st_mode & 0777);
    } else {        /* mkstemp makes 0600; a new output is an ordinary file */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (!(o->fp = fdopen(fd, "wb"))) {
        close(fd);
        return bitext_fail_at(err, BITEXT_EIO, o->name, 0, 0, -1, "cannot open the file");
    }
    return 0;
}

static int open_in_place(bitext_output *o, bitext_error *err)
{
    int fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return bitext_fail_at(err, BITEXT_EIO, o->name, 0, 0, -1, "cannot open for writing: %s",
                              strerror(e));
    }
    return 0;
}

/* Resolves a symbolic link as cp does (follow it), refusing one that points nowhere. */
static int resolve_target(bitext_output *o, bitext_error *err)
{
    struct stat lsb;
    if (lstat(o->name, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
        if (!(o->target = realpath(o->name, NULL)))
            return bitext_fail_at(err, BITEXT_EINVAL, o->name, 0, 0, -1,
                                  "a symbolic link to nothing (%s): give the real file",
                                  strerror(errno));
        return 0;
    }
    if (!(o->target = canonical(o->name)) && !(o->target = bitext_strdup(o->name)))
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    return 0;
}

static int open_path(bitext_output *o, const bitext_output_options *opts, bitext_error *err)
{
    struct stat sb;
    bool exists;
    int rc;
    if ((rc = resolve_target(o, err)) < 0)
        return rc;
    exists = stat(o->target, &sb) == 0;
    for (const char *const *p = opts ? opts->protect : NULL; p && *p; p++)
        if (is_protected_file(o->target, &sb, exists, *p))
            return bitext_fail_at(err, BITEXT_EINVAL, o->name, 0, 0, -1,
                                  "this is the translation memory (%s) or one of its files; "
                                  "write the output to another file", *p);
    if (exists && S_ISDIR(sb.st_mode))
        return bitext_fail_at(err, BITEXT_EINVAL, o->name, 0, 0, -1,
                              "is a directory; give a file name");
    if (exists && !S_ISREG(sb.st_mode))
        return open_in_place(o, err);
    return open_temp(o, &sb, exists, err);
}

int bitext_output_open(bitext_output **out, const char *path, const bitext_output_options *opts,
                       bitext_error *err)
{
    bitext_output *o;
    int rc;
    *out = NULL;
    if (opts && opts->version != BITEXT_OUTPUT_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_output_options: unknown version %u",
                           opts->version);
    if (!path || !*path)
        return bitext_fail(err, BITEXT_EINVAL, "no output file name");
    if (!(o = calloc(1, sizeof *o)) || !(o->name = bitext_strdup(path))) {
        free(o);
        return bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    }
    if (strcmp(path, "-") == 0)
        o->fp = stdout;
    else if ((rc = open_path(o, opts, err)) < 0) {
        bitext_output_free(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* ---- writing and finishing ---------------------------------------------------------------- */

FILE *bitext_output_file(bitext_output *o)
{
    return o->fp;
}

const char *bitext_output_name(const bitext_output *o)
{
    return o->name;
}

static void sync_dir(const char *file)
{
    char *copy = bitext_strdup(file);
    int fd;
    if (copy && (fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

static int fail_write(bitext_output *o, int e, bitext_error *err)
{
    return bitext_fail_at(err, BITEXT_EIO, o->name, 0, 0, -1, "cannot write the file%s%s",
                          e ? ": " : "", e ? strerror(e) : "");
}

int bitext_output_commit(bitext_output *o, bitext_error *err)
{
    int e = 0;
    if (o->committed || !o->fp)
        return bitext_fail(err, BITEXT_EINVAL, "%s: output already finished", o->name);
    errno = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        e = errno ? errno : EIO;
    if (o->fp != stdout) {
        if (!e && o->tmp && fsync(fileno(o->fp)) != 0)
            e = errno;
        if (fclose(o->fp) != 0 && !e)
            e = errno ? errno : EIO;
        o->fp = NULL;
    }
    if (e)
        return fail_write(o, e, err);
    if (o->tmp) {
        if (rename(o->tmp, o->target) != 0)
            return fail_write(o, errno, err);
        free(o->tmp);
        o->tmp = NULL;
        sync_dir(o->target);
    }
    o->committed = true;
    return 0;
}

void bitext_output_free(bitext_output *o)
{
    if (!o)
        return;
    if (o->fp && o->fp != stdout)
        fclose(o->fp);
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
    }
    free(o->target);
    free(o->name);
    free(o);
}
