/* cmd_update.c - `bitext update`: a new edition of the source as XLIFF 1.2, filled from the
 * TM, and the analysis a CAT tool gives before a job. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define VERB "update"
#define ALTS 3 /* TM proposals shown per unit, at most */

static const char usage_text[] =
    "Usage: bitext update --tgt-lang L [OPTIONS] NEW\n"
    "\n"
    "Prepares the new edition of an article (plain text or HTML) for translation: every\n"
    "sentence is looked up in the translation memory, and the analysis CAT tools give before\n"
    "a job is printed: segments and words per match band (101%: the sentence and its\n"
    "neighbours unchanged; 100%; fuzzy bands; no match; repetitions inside the document).\n"
    "With -o, also writes an XLIFF 1.2 file, one <trans-unit> per sentence in order:\n"
    "  101%   <target state=\"translated\" state-qualifier=\"leveraged-inherited\">, approved\n"
    "  100%   <target state=\"translated\" state-qualifier=\"exact-match\">\n"
    "  fuzzy  (>= --threshold) no target; <alt-trans match-quality=\"87\"> with the stored\n"
    "         source and translation, so the translator sees what changed\n"
    "  none   no target\n"
    "HTML formatting stays as XLIFF inline codes (<g>, <x/>).\n"
    "\n"
    "Options:\n"
    "  --tm DB            the TM (default: $BITEXT_TM, else the per-user TM)\n"
    "  --wait SECONDS     wait this long for a command writing to the TM (default 300)\n"
    "  --src-lang L       language of NEW; default: from the file name or <html lang>\n"
    "  --tgt-lang L       language to translate into (required)\n"
    "  --threshold N      lowest fuzzy match offered in the XLIFF, percent (default 75)\n"
    "  -o FILE.xlf        write the XLIFF there\n"
    "  --for omegat       write the XLIFF as OmegaT 3.6 reads it: every <target> a copy of its\n"
    "                     source (OmegaT translates the target's text), and beside it\n"
    "                     FILE.tmx with the reused and fuzzy pairs, for the project's tm/\n"
    "                     folder (tm/auto/ pre-translates the reused ones)\n"
    "  --format F         analysis as text (default) or jsonl (one object per band)\n"
    "  -h, --help         this help\n"
    "\n" CLI_ARTICLE_HELP
    "\n"
    "Examples:\n"
    "  bitext align --tm news.tm story-v1.en.html story-v1.pl.html\n"
    "  bitext update --tm news.tm --tgt-lang pl -o story-v2.xlf story-v2.en.html\n"
    "  bitext update --tm news.tm --tgt-lang pl --for omegat -o project/source/story.xlf \\\n"
    "                story-v2.en.html\n"
    "  ... translate, then: bitext import --tm news.tm story-v2.translated.xlf\n"
    "\n" CLI_EXIT_CODES_HELP;

enum { B101, BREP, B100, B95, B85, B75, B50, BNONE, NBANDS };
static const char *const band_names[NBANDS] = {"101%",   "repetitions", "100%",   "95-99%",
                                               "85-94%", "75-84%",      "50-74%", "no match"};

typedef struct {
    const char *tm, *src, *tgt, *out, *format;
    int threshold;
    bool omegat;
    cli_article_opts art;
    const char *file;
} update_args;

typedef struct {
    const update_args *a;
    bitext_tm *tm;
    cli_article art;
    char tgt[BITEXT_LANG_MAX];
    bitext_worddiff *wd;
    bitext_xliff_writer *xw;
    bitext_tmx_writer *tw;
    bool *repeated; /* segment i repeats an earlier one (bitext_tm_repetitions) */
    size_t segments[NBANDS], words[NBANDS];
} job;

enum { OPT_TM = 256, OPT_SRC, OPT_TGT, OPT_THRESHOLD, OPT_FOR, OPT_FORMAT };

static int parse_args(update_args *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", 1, NULL, OPT_TM}, {"src-lang", 1, NULL, OPT_SRC}, {"tgt-lang", 1, NULL, OPT_TGT},
        {"threshold", 1, NULL, OPT_THRESHOLD}, {"for", 1, NULL, OPT_FOR},
        {"format", 1, NULL, OPT_FORMAT}, {"output", 1, NULL, 'o'}, {"help", 0, NULL, 'h'},
        CLI_WAIT_OPTION, CLI_ARTICLE_OPTIONS, {NULL, 0, NULL, 0}};
    char *end;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_TM: a->tm = optarg; break;
        case 'W':
            if (cli_set_wait(VERB, optarg))
                return EXIT_USAGE;
            break;
        case OPT_SRC: a->src = optarg; break;
        case OPT_TGT: a->tgt = optarg; break;
        case OPT_THRESHOLD:
            a->threshold = (int)strtol(optarg, &end, 10);
            if (*end || a->threshold < 1 || a->threshold > 100)
                return cli_usage(VERB, "--threshold takes a percentage from 1 to 100");
            break;
        case OPT_FOR:
            if (strcasecmp(optarg, "omegat"))
                return cli_usage(VERB, "--for knows omegat only, not '%s'", optarg);
            a->omegat = true;
            break;
        case OPT_FORMAT: a->format = optarg; break;
        case 'o': a->out = optarg; break;
        case 'h': fputs(usage_text, stdout); return -1;
        default: /* an article option, or unknown (getopt said so) */
            if ((rc = cli_article_option(&a->art, VERB, c, optarg)) != 0)
                return rc < 0 ? EXIT_USAGE : rc;
        }
    }
    if ((rc = cli_article_opts_check(&a->art, VERB)) != 0)
        return rc;
    if (strcmp(a->format, "text") && strcmp(a->format, "jsonl"))
        return cli_usage(VERB, "--format takes text or jsonl, not '%s'", a->format);
    if (!a->tgt)
        return cli_usage(VERB, "--tgt-lang is required: the language to translate into");
    if (a->omegat && !a->out)
        return cli_usage(VERB, "--for omegat writes files: give -o FILE.xlf");
    if (argc - optind != 1)
        return cli_usage(VERB, "needs one file: the new edition");
    a->file = argv[optind];
    return 0;
}

/* ---- bands ----------------------------------------------------------------------------- */

static int band_of(int score, bool rep)
{
    if (score >= 101)
        return B101;
    if (rep)
        return BREP;
    return score >= 100  ? B100
           : score >= 95 ? B95
           : score >= 85 ? B85
           : score >= 75 ? B75
           : score >= 50 ? B50
                         : BNONE;
}

/* ---- writing --------------------------------------------------------------------------- */

static int xliff_unit(job *j, const bitext_tuv *src, const bitext_tm_match *m, size_t nm,
                      bitext_error *err)
{
    bitext_xliff_unit u = {0};
    bitext_xliff_alt alts[ALTS];
    bitext_tuv tgt = {0}, asrc[ALTS], atgt[ALTS];
    int score = nm ? m[0].score : 0;
    u.source = src;
    if (score >= 100 && !j->a->omegat) {
        tgt.lang = j->tgt;
        tgt.text = m[0].target;
        u.target = &tgt;
        u.state = "translated";
        u.state_qualifier = score >= 101 ? "leveraged-inherited" : "exact-match";
        u.approved = score >= 101;
    } else if (j->a->omegat) {
        u.target = src; /* OmegaT translates the target's text: a copy of the source */
    }
    for (size_t k = 0; k < nm && k < ALTS && score < 100; k++) {
        if (m[k].score < j->a->threshold)
            break;
        asrc[k] = (bitext_tuv){0};
        atgt[k] = (bitext_tuv){0};
        asrc[k].lang = j->art.lang;
        asrc[k].text = m[k].source;
        atgt[k].lang = j->tgt;
        atgt[k].text = m[k].target;
        alts[k] = (bitext_xliff_alt){m[k].score, "tm", &asrc[k], &atgt[k]};
        u.nalts = k + 1;
    }
    u.alts = alts;
    return bitext_xliff_writer_add(j->xw, &u, err);
}

/* The OmegaT side file: a reused pair keyed by the new sentence as OmegaT shows it (with
 * its tags), so that tm/auto/ fills it; fuzzy ones as stored. */
static int tmx_pairs(job *j, const bitext_tuv *src, const bitext_tm_match *m, size_t nm,
                     bitext_error *err)
{
    char *seen = NULL;
    int rc = 0;
    if (nm && m[0].score >= 100 && (rc = bitext_xliff_omegat_text(&seen, src, err)) < 0)
        return rc;
    for (size_t k = 0; k < nm && rc == 0; k++) {
        bitext_tu tu = BITEXT_TU_INIT;
        const char *s = m[k].score >= 100 ? seen : m[k].source;
        if (m[k].score < j->a->threshold || (k > 0 && m[0].score >= 100))
            break;
        if ((rc = bitext_tu_add_tuv(&tu, NULL, j->art.lang, s, strlen(s), err)) == 0 &&
            (rc = bitext_tu_add_tuv(&tu, NULL, j->tgt, m[k].target, strlen(m[k].target), err)) == 0)
            rc = bitext_tmx_writer_add(j->tw, &tu, err);
        bitext_tu_clear(&tu);
    }
    free(seen);
    return rc;
}

/* Looks one sentence up, counts it in its band, writes its unit. */
static int leverage(job *j, size_t i, bitext_error *err)
{
    bitext_pair_side side = {j->art.segs, j->art.doc};
    bitext_tm_lookup_options lo = BITEXT_TM_LOOKUP_OPTIONS_INIT;
    bitext_tm_match *m = NULL;
    bitext_tu tu = BITEXT_TU_INIT;
    size_t nm = 0;
    int rc, band;
    if ((rc = bitext_pairs_add_variant(&tu, &side, i, 1, err)) < 0)
        goto done;
    lo.threshold = j->a->threshold < 50 ? (unsigned)j->a->threshold : 50;
    lo.max = ALTS;
    lo.src_lang = j->art.lang;
    lo.tgt_lang = j->tgt;
    lo.prev = tu.tuvs[0].prev;
    lo.next = tu.tuvs[0].next;
    lo.ncodes = tu.tuvs[0].ncodes;
    if ((rc = bitext_tm_lookup(&m, &nm, j->tm, tu.tuvs[0].text, &lo, err)) < 0)
        goto done;
    band = band_of(nm ? m[0].score : 0, j->repeated[i]);
    j->segments[band]++;
    j->words[band] += bitext_worddiff_count_words(j->wd, tu.tuvs[0].text, strlen(tu.tuvs[0].text));
    if (j->xw && (rc = xliff_unit(j, &tu.tuvs[0], m, nm, err)) == 0 && j->tw)
        rc = tmx_pairs(j, &tu.tuvs[0], m, nm, err);
done:
    bitext_tm_matches_free(m, nm);
    bitext_tu_clear(&tu);
    return rc;
}

static void print_analysis(const job *j)
{
    size_t ts = 0, tw = 0;
    bool jsonl = !strcmp(j->a->format, "jsonl");
    if (!jsonl)
        printf("Analysis of %s (%s -> %s), %zu segments:\n%-12s %9s %9s\n", j->a->file, j->art.lang,
               j->tgt, bitext_seglist_count(j->art.segs), "band", "segments", "words");
    for (int b = 0; b <= NBANDS; b++) {
        const char *name = b < NBANDS ? band_names[b] : "total";
        size_t s = b < NBANDS ? j->segments[b] : ts, w = b < NBANDS ? j->words[b] : tw;
        if (jsonl)
            printf("{\"band\": \"%s\", \"segments\": %zu, \"words\": %zu}\n", name, s, w);
        else
            printf("%-12s %9zu %9zu\n", name, s, w);
        ts += b < NBANDS ? s : 0;
        tw += b < NBANDS ? w : 0;
    }
}

/* ---- files ----------------------------------------------------------------------------- */

/* FILE.xlf -> FILE.tmx (FILE.xliff too); other names get ".tmx" appended. */
static void tmx_name(char *out, size_t size, const char *xlf)
{
    const char *dot = strrchr(xlf, '.'), *slash = strrchr(xlf, '/');
    if (dot && (!slash || dot > slash) && (!strcasecmp(dot, ".xlf") || !strcasecmp(dot, ".xliff")))
        snprintf(out, size, "%.*s.tmx", (int)(dot - xlf), xlf);
    else
        snprintf(out, size, "%s.tmx", xlf);
}

typedef struct {
    bitext_output *xo, *to;
} outputs;

static int open_writers(job *j, outputs *o, const char *tm_path, bitext_error *err)
{
    bitext_xliff_write_options xo = BITEXT_XLIFF_WRITE_OPTIONS_INIT;
    bitext_tmx_write_options to = BITEXT_TMX_WRITE_OPTIONS_INIT;
    char tmx[4200];
    int rc;
    if ((rc = cli_output_open(&o->xo, VERB, j->a->out, tm_path)) != 0)
        return rc;
    xo.original = j->a->file;
    xo.source_language = j->art.lang;
    xo.target_language = j->tgt;
    /* what the reader took the file for, whatever its name says */
    xo.datatype = bitext_doc_format(j->art.doc) == BITEXT_FORMAT_HTML ? "html" : "plaintext";
    if (bitext_xliff_writer_new(&j->xw, o->xo, &xo, err) < 0)
        return cli_fail(VERB, err);
    if (!j->a->omegat)
        return 0;
    tmx_name(tmx, sizeof tmx, j->a->out);
    if ((rc = cli_output_open(&o->to, VERB, tmx, tm_path)) != 0)
        return rc;
    to.srclang = j->art.lang;
    return bitext_tmx_writer_new(&j->tw, o->to, &to, err) < 0 ? cli_fail(VERB, err) : 0;
}

static int finish_writers(job *j, outputs *o, bitext_error *err)
{
    int rc;
    if ((j->xw && bitext_xliff_writer_finish(j->xw, err) < 0) ||
        (j->tw && bitext_tmx_writer_finish(j->tw, err) < 0))
        return cli_fail(VERB, err);
    if ((rc = cli_output_commit(&o->xo, VERB)) != 0)
        return rc;
    return cli_output_commit(&o->to, VERB);
}

/* Which segments repeat an earlier one: a CAT tool's repetitions, compared as the TM
 * compares texts. */
static int find_repetitions(job *j, bitext_error *err)
{
    size_t n = bitext_seglist_count(j->art.segs);
    const char **texts = malloc((n + 1) * sizeof *texts);
    int rc = 0;
    if (!texts || !(j->repeated = calloc(n + 1, sizeof *j->repeated))) {
        free(texts);
        fprintf(stderr, "bitext %s: out of memory\n", VERB);
        return EXIT_FAILURE_;
    }
    for (size_t i = 0; i < n; i++)
        texts[i] = bitext_seglist_get(j->art.segs, i)->text;
    if (bitext_tm_repetitions(j->repeated, texts, n, err) < 0)
        rc = cli_fail(VERB, err);
    free(texts);
    return rc;
}

static int run(job *j, const char *tm_path)
{
    outputs o = {NULL, NULL};
    bitext_error err;
    size_t n = bitext_seglist_count(j->art.segs);
    int rc = 0;
    bitext_error_clear(&err);
    if ((rc = find_repetitions(j, &err)) != 0)
        return rc;
    if (bitext_worddiff_new(&j->wd, j->art.lang, &err) < 0)
        return cli_fail(VERB, &err);
    if (j->a->out && (rc = open_writers(j, &o, tm_path, &err)) != 0)
        goto done;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (leverage(j, i, &err) < 0)
            rc = cli_fail(VERB, &err);
    if (rc == 0 && j->a->out)
        rc = finish_writers(j, &o, &err);
    if (rc == 0)
        print_analysis(j);
done:
    bitext_output_free(o.xo);
    bitext_output_free(o.to);
    return rc;
}

int cmd_update(int argc, char **argv)
{
    update_args a = {.format = "text", .threshold = 75};
    job j = {0};
    cli_input in = {NULL, NULL, "--src-lang", NULL, 0, 1};
    const char *tm_path;
    int rc;
    if ((rc = parse_args(&a, argc, argv)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    j.a = &a;
    if (cli_lang(j.tgt, VERB, "--tgt-lang", a.tgt) < 0)
        return EXIT_INPUT;
    in.path = a.file;
    in.lang = a.src;
    if ((rc = cli_article_load(&j.art, VERB, &a.art, &in)) != 0)
        goto done;
    tm_path = cli_tm_path(a.tm, false);
    if ((rc = cli_tm_open(&j.tm, VERB, tm_path, BITEXT_TM_READONLY)) != 0)
        goto done;
    rc = run(&j, tm_path);
done:
    bitext_xliff_writer_free(j.xw);
    bitext_tmx_writer_free(j.tw);
    bitext_worddiff_free(j.wd);
    bitext_tm_close(j.tm);
    cli_article_free(&j.art);
    free(j.repeated);
    return rc;
}
