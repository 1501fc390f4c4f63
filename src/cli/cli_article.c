/*
 * cli_article.c - what the verbs that align articles share: an article read and segmented
 * (cli_read_article) with the options of align, two of them aligned (with the dictionaries
 * and the TM's pairs as the aligner's lexicon), and the review of an alignment (checks,
 * HTML report, TSV).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TM_EXAMPLES 50000   /* stored pairs fed to the learned model, at most */

int cli_article_load(cli_article *a, const char *verb, const cli_read_opts *o, const char *path,
                     const char *lang, int index, int count)
{
    cli_article_opts ao = {lang, NULL, o->encoding, o->srx, "--src-lang/--tgt-lang",
                           o->presegmented, o->paragraph, o->lossy, o->rules, index, count};
    int rc;
    a->path = path;
    rc = cli_read_article(&a->doc, &a->segs, a->lang, verb, path, &ao);
    if (rc == 0)    /* the segments hold the text now; the document is kept for its codes */
        bitext_doc_release_text(a->doc);
    return rc;
}

void cli_article_free(cli_article *a)
{
    bitext_seglist_free(a->segs);
    bitext_doc_free(a->doc);
    a->segs = NULL;
    a->doc = NULL;
}

/* Feeds the TM's pairs of one language pair to the lexicon, as long as unreviewed ones
 * (BITEXT_TM_FILTER_REVIEWED or _UNREVIEWED: reviewed pairs first, they are the surest). */
static int learn_pass(bitext_lexicon *lex, bitext_tm *tm, const char *src, const char *tgt,
                      unsigned flags, int *n, bitext_error *err)
{
    const char *langs[] = {src, tgt, NULL};
    bitext_tm_filter f = BITEXT_TM_FILTER_INIT;
    bitext_tm_iter *it = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    int rc;
    f.langs = langs;
    f.flags = flags;
    if ((rc = bitext_tm_iter_new(&it, tm, &f, err)) < 0)
        return rc;
    while (*n < TM_EXAMPLES && (rc = bitext_tm_iter_next(it, &tu, err)) > 0) {
        const bitext_tuv *s = bitext_tu_find(&tu, src), *t = bitext_tu_find(&tu, tgt);
        if (s && t && (rc = bitext_lexicon_add_example(lex, s->text, t->text, err)) < 0)
            break;
        (*n)++;
    }
    bitext_tu_clear(&tu);
    bitext_tm_iter_free(it);
    return rc < 0 ? rc : 0;
}

/* Trains the aligner's lexicon on pairs the TM already holds for this language pair:
 * reviewed pairs first, then the others a review did not supersede. */
static int learn_from_tm(bitext_lexicon *lex, bitext_tm *tm, const char *src, const char *tgt,
                         bitext_error *err)
{
    int n = 0, rc = learn_pass(lex, tm, src, tgt, BITEXT_TM_FILTER_REVIEWED, &n, err);
    return rc < 0 ? rc : learn_pass(lex, tm, src, tgt, BITEXT_TM_FILTER_UNREVIEWED, &n, err);
}

static int make_lexicon(bitext_lexicon **out, const char *verb, const cli_align_opts *o,
                        bitext_tm *tm, const cli_article *src, const cli_article *tgt)
{
    bitext_error err;
    bitext_error_clear(&err);
    *out = NULL;
    if (o->ndicts == 0 && (!tm || o->no_learn))
        return 0;
    if (bitext_lexicon_new(out, src->lang, tgt->lang, &err) < 0)
        return cli_fail(verb, &err);
    for (size_t i = 0; i < o->ndicts; i++)
        if (bitext_lexicon_load(*out, o->dicts[i], &err) < 0)
            return cli_fail(verb, &err);
    if (tm && !o->no_learn && learn_from_tm(*out, tm, src->lang, tgt->lang, &err) < 0)
        return cli_fail(verb, &err);
    return 0;
}

int cli_align_pair(bitext_alignment **out, const char *verb, const cli_align_opts *o,
                   bitext_tm *tm, const cli_article *src, const cli_article *tgt)
{
    bitext_align_options ao = BITEXT_ALIGN_OPTIONS_INIT;
    bitext_lexicon *lex = NULL;
    bitext_error err;
    int rc;
    bitext_error_clear(&err);
    if ((rc = make_lexicon(&lex, verb, o, tm, src, tgt)) != 0)
        goto done;
    ao.lexicon = lex;
    if (bitext_align_run(out, src->segs, tgt->segs, &ao, &err) < 0)
        rc = cli_fail(verb, &err);
done:
    bitext_lexicon_free(lex);
    return rc;
}

int cli_review_alignment(bitext_review **review, bitext_qa_finding **f, size_t *nf,
                         const char *verb, const cli_article *src, const cli_article *tgt,
                         const bitext_alignment *al, const bitext_qa_options *qo)
{
    bitext_pair_side ps = {src->segs, src->doc}, pt = {tgt->segs, tgt->doc};
    bitext_error err;
    bitext_error_clear(&err);
    *f = NULL;
    *nf = 0;
    if (bitext_review_from_alignment(review, &ps, &pt, al, src->path, tgt->path, &err) < 0 ||
        bitext_qa_run(f, nf, *review, qo, &err) < 0)
        return cli_fail(verb, &err);
    return 0;
}

int cli_review_from_tm(bitext_review **out, const char *verb, bitext_tm *tm, const char *doc,
                       const char *src_lang, const char *tgt_lang)
{
    bitext_error err;
    int rc;
    bitext_error_clear(&err);
    if (bitext_review_from_tm(out, tm, doc, src_lang, tgt_lang, &err) == 0)
        return 0;
    rc = cli_fail(verb, &err);
    return err.code == BITEXT_ENOTFOUND ? EXIT_INPUT : rc; /* an unknown --doc */
}
