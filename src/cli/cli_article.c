/*
 * cli_article.c - what the verbs that take articles share: reading and segmenting a file
 * with the options of align, aligning two of them (with the dictionaries and the TM's
 * pairs as the aligner's lexicon), and the review of an alignment (checks, HTML report,
 * TSV).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TM_EXAMPLES 50000   /* stored pairs fed to the learned model, at most */

/* "article.pl.html" -> "pl": the second-to-last dot-separated part, when it is a two-letter
 * language code, optionally with a region or script ("pt-BR", "zh_Hant").  Three-letter
 * parts are too often ordinary words ("new", "fin", "bak") to guess from. */
static bool lang_from_name(char out[BITEXT_LANG_MAX], const char *path)
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

static int read_article(cli_article *s, const char *verb, const cli_read_opts *o,
                        const char *given_lang)
{
    bitext_read_options ro = BITEXT_READ_OPTIONS_INIT;
    bitext_error err;
    bitext_error_clear(&err);
    if (given_lang && cli_lang(s->lang, verb, "language", given_lang) < 0)
        return EXIT_INPUT;
    if (!given_lang)
        lang_from_name(s->lang, s->path);
    ro.format = o->presegmented ? BITEXT_FORMAT_LINES : BITEXT_FORMAT_AUTO;
    ro.encoding = o->encoding;
    ro.flags = o->lossy ? BITEXT_READ_LOSSY : 0;
    ro.lang = s->lang[0] ? s->lang : NULL;
    if (bitext_read_file(&s->doc, s->path, &ro, &err) < 0)
        return cli_fail(verb, &err);
    if (bitext_doc_replaced(s->doc))
        fprintf(stderr, "bitext %s: warning: %s: %zu invalid UTF-8 sequence(s) replaced by "
                "U+FFFD\n", verb, s->path, bitext_doc_replaced(s->doc));
    if (!s->lang[0])
        snprintf(s->lang, sizeof s->lang, "%s", bitext_doc_lang(s->doc));
    if (!s->lang[0])
        return cli_usage(verb, "%s: language unknown: give --src-lang/--tgt-lang, or name the "
                         "file like article.pl.txt", s->path);
    return 0;
}

static int segment_article(cli_article *s, const char *verb, const cli_read_opts *o)
{
    bitext_segment_options so = BITEXT_SEGMENT_OPTIONS_INIT;
    bitext_segmenter *seg = NULL;
    bitext_error err;
    int rc = 0;
    bitext_error_clear(&err);
    so.srx_path = o->srx;
    if (o->paragraph || o->presegmented)
        so.flags |= BITEXT_SEGMENT_PARAGRAPH;
    if (bitext_segmenter_new(&seg, s->lang, &so, &err) < 0 ||
        bitext_segment_doc(&s->segs, seg, s->doc, &err) < 0)
        rc = cli_fail(verb, &err);
    else    /* the segments hold the text now; the document is kept for its inline codes */
        bitext_doc_release_text(s->doc);
    bitext_segmenter_free(seg);
    return rc;
}

int cli_article_load(cli_article *a, const char *verb, const cli_read_opts *o, const char *path,
                     const char *lang)
{
    int rc;
    a->path = path;
    if ((rc = read_article(a, verb, o, lang)) != 0)
        return rc;
    return segment_article(a, verb, o);
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
