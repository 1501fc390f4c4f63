/*
 * tm_target.h - where the unit tests put their TMs: files in a scratch directory, or (with
 * BITEXT_TEST_BACKEND=pg) schemas of their own in the database $BITEXT_TEST_PG, so that the
 * same tests run on both stores.  scripts/test starts a private server and sets it.
 */
#ifndef BITEXT_TM_TARGET_H
#define BITEXT_TM_TARGET_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitext/bitext.h"

static const char *pg_base;        /* the database of the PostgreSQL run, or NULL */
static char pg_prefix[32];         /* of this run's schemas */

/*
 * The TM called name: dir/name, or a schema of the test database named pg_prefix + name
 * (what is not a lower-case letter or digit becomes '_').  Eight results stay valid.
 */
static inline const char *tm_target(const char *dir, const char *name)
{
    static char buf[8][1024];
    static int k;
    char *p;
    k = (k + 1) % 8;
    if (!pg_base) {
        snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
        return buf[k];
    }
    p = buf[k] + snprintf(buf[k], sizeof buf[k], "%s%coptions=-csearch_path%%3D%s", pg_base,
                          strchr(pg_base, '?') ? '&' : '?', pg_prefix);
    snprintf(p, sizeof buf[k] - (size_t)(p - buf[k]), "%s", name);
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    return buf[k];
}

/* Runs SQL in the test database (psql, as scripts/test installs it); 0 on success. */
static inline int pg_sql(const char *sql)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "psql -qX '%s' -c \"SET client_min_messages = warning; %s\" >/dev/null",
             pg_base, sql);
    return system(cmd);
}

/* The first line psql prints for a query (unaligned, tuples only) into out; "" on failure. */
static inline void pg_value(char *out, size_t size, const char *sql)
{
    char cmd[2048];
    FILE *p;
    snprintf(cmd, sizeof cmd, "psql -qAtX '%s' -c \"%s\"", pg_base, sql);
    *out = '\0';
    if ((p = popen(cmd, "r")) != NULL) {
        if (fgets(out, (int)size, p))
            out[strcspn(out, "\n")] = '\0';
        pclose(p);
    }
}

/* Reads BITEXT_TEST_BACKEND: 0 to run, 77 (after saying why) when the PostgreSQL run has no
 * server or this build no libpq. */
static inline int tm_target_setup(void)
{
    const char *backend = getenv("BITEXT_TEST_BACKEND");
    bitext_tm_options o = BITEXT_TM_OPTIONS_INIT;
    bitext_tm *tm = NULL;
    bitext_error err;
    if (!backend || strcmp(backend, "pg"))
        return 0;
    pg_base = getenv("BITEXT_TEST_PG");
    if (!pg_base || !*pg_base) {
        printf("skipped: no PostgreSQL server for the TM tests (scripts/test starts one; or set "
               "BITEXT_TEST_PG to a libpq URI of a database this user may create schemas in)\n");
        return 77;
    }
    snprintf(pg_prefix, sizeof pg_prefix, "u%ld_", (long)getpid());
    bitext_error_clear(&err);
    o.flags = BITEXT_TM_READONLY;
    if (bitext_tm_open(&tm, tm_target("", "probe"), &o, &err) == BITEXT_EINVAL &&
        strstr(err.message, "without PostgreSQL")) {
        printf("skipped: this bitext was built without PostgreSQL support (no libpq)\n");
        return 77;
    }
    bitext_tm_close(tm);
    return 0;
}

/* Drops the schemas of this run. */
static inline void tm_target_cleanup(void)
{
    char sql[512];
    if (!pg_base)
        return;
    snprintf(sql, sizeof sql,
             "DO \\$\\$DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE"
             " nspname LIKE '%s%%' LOOP EXECUTE 'DROP SCHEMA ' || quote_ident(s) || ' CASCADE';"
             " END LOOP; END\\$\\$", pg_prefix);
    if (pg_sql(sql) != 0)
        fprintf(stderr, "could not drop the test schemas %s*\n", pg_prefix);
}

#endif
