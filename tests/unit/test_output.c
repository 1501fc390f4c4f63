/* test_output.c - the one output writer: atomic replace, modes, links, devices, the TM. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bitext/bitext.h"
#include "check.h"

static char dir[64];

static const char *at(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    return buf;
}

static int files_in_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Writes text to path through an output; returns the commit's result (or open's). */
static int write_out(const char *path, const char *text, const char *const *protect,
                     bitext_error *err)
{
    bitext_output_options o = BITEXT_OUTPUT_OPTIONS_INIT;
    bitext_output *out;
    int rc;
    o.protect = protect;
    if ((rc = bitext_output_open(&out, path, &o, err)) < 0)
        return rc;
    fputs(text, bitext_output_file(out));
    rc = bitext_output_commit(out, err);
    bitext_output_free(out);
    return rc;
}

static void test_replace_keeps_mode(void)
{
    bitext_error err;
    struct stat sb;
    bitext_error_clear(&err);
    put(at("a.tmx"), "old");
    chmod(at("a.tmx"), 0600);
    CHECK_OK(write_out(at("a.tmx"), "new", NULL, &err));
    CHECK_STR(slurp(at("a.tmx")), "new");
    CHECK(stat(at("a.tmx"), &sb) == 0 && (sb.st_mode & 0777) == 0600);
    CHECK(files_in_dir() == 1);     /* no temporary file left */
}

static void test_abandoned_leaves_old(void)
{
    bitext_output *out;
    bitext_error err;
    bitext_error_clear(&err);
    put(at("b.tsv"), "old");
    CHECK_OK(bitext_output_open(&out, at("b.tsv"), NULL, &err));
    fputs("half of a new file", bitext_output_file(out));
    fflush(bitext_output_file(out));
    CHECK(files_in_dir() == 3);     /* a.tmx, b.tsv and the temporary file */
    bitext_output_free(out);        /* never committed: the old file stays */
    CHECK_STR(slurp(at("b.tsv")), "old");
    CHECK(files_in_dir() == 2);
    unlink(at("b.tsv"));
}

static void test_symlink_followed(void)
{
    bitext_error err;
    struct stat sb;
    bitext_error_clear(&err);
    put(at("real.txt"), "old");
    CHECK(symlink("real.txt", at("link.txt")) == 0);
    CHECK_OK(write_out(at("link.txt"), "through", NULL, &err));
    CHECK(lstat(at("link.txt"), &sb) == 0 && S_ISLNK(sb.st_mode));
    CHECK_STR(slurp(at("real.txt")), "through");
    CHECK(symlink("nowhere/x", at("dangling")) == 0);
    CHECK(write_out(at("dangling"), "x", NULL, &err) == BITEXT_EINVAL);
    CHECK(strstr(err.message, "symbolic link") != NULL);
}

static void test_protected(void)
{
    const char *prot[] = {NULL, NULL};
    char rel[300], tm[300];
    bitext_error err;
    bitext_error_clear(&err);
    put(at("news.tm"), "SQLite format 3");
    snprintf(tm, sizeof tm, "%s", at("news.tm"));
    prot[0] = tm;
    CHECK(write_out(at("news.tm"), "x", prot, &err) == BITEXT_EINVAL);
    CHECK(strstr(err.message, "translation memory") != NULL);
    /* the same file by another name: "..", a hard link, a side file not there yet */
    snprintf(rel, sizeof rel, "%s/../%s/news.tm", dir, strrchr(dir, '/') + 1);
    CHECK(write_out(rel, "x", prot, &err) == BITEXT_EINVAL);
    CHECK(link(at("news.tm"), at("hard.tm")) == 0);
    CHECK(write_out(at("hard.tm"), "x", prot, &err) == BITEXT_EINVAL);
    CHECK(write_out(at("news.tm-wal"), "x", prot, &err) == BITEXT_EINVAL);
    CHECK(write_out(at("news.tm-journal"), "x", prot, &err) == BITEXT_EINVAL);
    CHECK(symlink("news.tm", at("tm-link")) == 0);
    CHECK(write_out(at("tm-link"), "x", prot, &err) == BITEXT_EINVAL);
    CHECK_STR(slurp(at("news.tm")), "SQLite format 3");
    CHECK_OK(write_out(at("news.tmx"), "fine", prot, &err));
}

static void test_devices_and_errors(void)
{
    bitext_error err;
    struct stat sb;
    bitext_error_clear(&err);
    CHECK_OK(write_out("/dev/null", "nothing", NULL, &err));
    CHECK(stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode));
    if (stat("/dev/full", &sb) == 0) {
        CHECK(write_out("/dev/full", "no room", NULL, &err) == BITEXT_EIO);
        CHECK(stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode));  /* still the device */
    }
    CHECK(write_out(dir, "x", NULL, &err) == BITEXT_EINVAL);        /* a directory */
    CHECK(write_out(at("no/such/dir/x"), "x", NULL, &err) == BITEXT_EIO);
    CHECK(strstr(err.file, "no/such/dir") != NULL);
}

static void test_fifo(void)
{
    bitext_error err;
    struct stat sb;
    pid_t pid;
    bitext_error_clear(&err);
    CHECK(mkfifo(at("pipe"), 0600) == 0);
    if ((pid = fork()) == 0) {      /* the reader at the other end */
        FILE *f = fopen(at("pipe"), "r");
        char buf[64] = "";
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        _exit(n == 9 && memcmp(buf, "streaming", 9) == 0 ? 0 : 1);
    }
    CHECK_OK(write_out(at("pipe"), "streaming", NULL, &err));
    {
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CHECK(lstat(at("pipe"), &sb) == 0 && S_ISFIFO(sb.st_mode));
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/bitext-output.XXXXXX", "/tmp");
    if (!mkdtemp(dir))
        return 99;
    test_replace_keeps_mode();
    test_abandoned_leaves_old();
    test_symlink_followed();
    test_protected();
    test_devices_and_errors();
    test_fifo();
    {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            return 99;
    }
    return check_done("test_output");
}
