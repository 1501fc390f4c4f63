/*
 * cmd_import_tsv.c - `bitext import --doc NAME FILE.tsv`: a reviewed alignment back into
 * the TM (the review TSV of `bitext align --tsv`, tsv.h).
 *
 * The file is read and checked whole before the TM is touched; the document's pairs are
 * then replaced in one transaction, so a bad file or a failure changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define VERB "import"

/* An unknown document is an error of the file that names it (exit 3). */
static int fail_doc(bitext_error *err, const char *tsv)
{
    snprintf(err->file, sizeof err->file, "%s", tsv);
    err->line = 1;
    err->offset = -1;
    cli_fail(VERB, err);
    return EXIT_INPUT;
}

int cmd_import_tsv(const char *tm_arg, const char *doc, const char *path)
{
    const char *tm_path = cli_tm_path(tm_arg, false);
    bitext_tsv_import_stats st = {0};
    bitext_tsv *t = NULL;
    bitext_tm *tm = NULL;
    bitext_error err;
    int rc;
    bitext_error_clear(&err);
    if (bitext_tsv_read(&t, path, &err) < 0) {
        rc = cli_fail(VERB, &err);
        fprintf(stderr, "bitext import: nothing imported; the TM is unchanged\n");
        return rc;
    }
    if ((rc = cli_tm_open(&tm, VERB, tm_path, BITEXT_TM_NOCREATE)) != 0)
        goto done;
    if (bitext_tm_begin(tm, &err) < 0 || bitext_tsv_import(&st, tm, doc, t, &err) < 0 ||
        bitext_tm_commit(tm, &err) < 0) {
        bitext_tm_rollback(tm);
        rc = err.code == BITEXT_ENOTFOUND ? fail_doc(&err, path) : cli_fail(VERB, &err);
        fprintf(stderr, "bitext import: nothing imported; the TM is unchanged\n");
        goto done;
    }
    fprintf(stderr, "imported %s into %s (%s, %s-%s): %zu pairs kept, %zu edited, %zu added, "
            "%zu removed; %zu rows with one side empty left out\n", path, tm_path, doc,
            t->src_lang, t->tgt_lang, st.kept, st.edited, st.added, st.removed, st.unpaired);
done:
    bitext_tm_close(tm);
    bitext_tsv_free(t);
    return rc;
}
