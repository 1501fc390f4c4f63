/*
 * cli_article.c - what the verbs that read articles share: the options of how an article is
 * read and segmented, an article read and segmented with them, two of them aligned (with
 * the dictionaries and the TM's pairs as the aligner's lexicon), and the review of an
 * alignment (checks, HTML report, TSV).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TM_EXAMPLES 50000   /* stored pairs fed to the learned model, at most */

int cli_article_option(cli_article_opts *o, const char *verb, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_ENCODING: o->encoding = arg; return 0;
    case CLI_OPT_SRX: o->srx = arg; return 0;
    case CLI_OPT_RULES: o->rules = arg; return 0;
    case CLI_OPT_PRESEG: o->presegmented = true; return 0;
    case CLI_OPT_LOSSY: o->lossy = true; return 0;
    case CLI_OPT_SEGTYPE:
        if (strcmp(arg, "sentence") && strcmp(arg, "paragraph"))
            return cli_usage(verb, "--segtype takes sentence or paragraph, not '%s'", arg);
        o->paragraph = !strcmp(arg, "paragraph");
        return 0;
    default: return -1;
    }
}

int cli_article_opts_check(const cli_article_opts *o, const char *verb)
{
    if (o->srx && o->rules)
        return cli_usage(verb, "--srx and --rules cannot be combined (an SRX file replaces "
                               "bitext's rules)");
    return 0;
}

void cli_article_segment_options(bitext_segment_options *so, const cli_article_opts *o)
{
    so->srx_path = o->srx;
    so->rules_path = o->rules;
    if (o->presegmented || o->paragraph)   /* a line, or a block, is one segment */
        so->flags |= BITEXT_SEGMENT_PARAGRAPH;
}

void cli_article_read_options(bitext_read_options *ro, const cli_article_opts *o)
{
    ro->format = o->presegmented ? BITEXT_FORMAT_LINES : BITEXT_FORMAT_AUTO;
    if (o->lossy)
        ro->flags |= BITEXT_READ_LOSSY;
}

static int segment_article(cli_article *a, const char *verb, const cli_article_opts *o)
{
    bitext_segment_options so = BITEXT_SEGMENT_OPTIONS_INIT;
    bitext_segmenter *seg = NULL;
    bitext_error err;
    int rc = 0;
    bitext_error_clear(&err);
    cli_article_segment_options(&so, o);
    if (bitext_segmenter_new(&seg, a->lang, &so, &err) < 0 ||
        bitext_segment_doc(&a->segs, seg, a->doc, &err) < 0)
        rc = cli_fail(verb, &err);
    bitext_segmenter_free(seg);
    return rc;
}

/* The language of an article read: the page's, else the fallback; a usage error if none. */
static int settle_lang(cli_article *a, const char *verb, const cli_input *in)
{
    if (!a->lang[0])
        snprintf(a->lang, BITEXT_LANG_MAX, "%s", bitext_doc_lang(a->doc));
    if (!a->lang[0] && in->fallback)
        snprintf(a->lang, BITEXT_LANG_MAX, "%s", in->fallback);
    if (!a->lang[0])
        return cli_usage(verb, "%s: language unknown: give %s, or name the file like "
                         "article.pl.txt", in->path, in->lang_option);
    return 0;
}

int cli_article_load(cli_article *a, const char *verb, const cli_article_opts *o,
                     const cli_input *in)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_error err;
    char enc[128];
    int rc;
    bitext_error_clear(&err);
    a->path = in->path;
    a->lang[0] = '\0';
    if (in->lang && cli_lang(a->lang, verb, in->lang_option, in->lang) < 0)
        return EXIT_INPUT;
    if (!in->lang)
        cli_lang_from_name(a->lang, in->path);
    if ((rc = cli_encoding_pick(&ro.encoding, enc, sizeof enc, verb, o->encoding, in->index,
                                in->count ? in->count : 1, a->lang)) != 0)
        return rc;
    cli_article_read_options(&ro, o);
    ro.lang = a->lang[0] ? a->lang : NULL;
    ro.warn = cli_read_warn;
    ro.warn_ctx = (void *)verb;
    if (bitext_read_file(&a->doc, in->path, &ro, &err) < 0)
        return cli_fail(verb, &err);
    cli_warn_replaced(verb, in->path, bitext_doc_replaced(a->doc));
    if ((rc = settle_lang(a, verb, in)) != 0 || (rc = segment_article(a, verb, o)) != 0)
        return rc;
    bitext_doc_release_text(a->doc); /* the segments hold the text; the codes stay */
    return 0;
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
