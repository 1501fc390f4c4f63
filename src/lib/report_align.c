/* report_align.c - the alignment report (report.h), on the page layer of report_page.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitext/report.h"
#include "util_int.h"

#define MAX_TYPES 32

typedef struct {
    char type[MAX_TYPES][24];
    size_t per_type[MAX_TYPES], ntypes;
    size_t band[3];                     /* good, fair, weak (pairs with a confidence) */
    size_t kind[BITEXT_QA_KINDS];
    size_t look;
} tally;

static bitext_page_status status_of(const bitext_review_row *row, const bitext_report_options *o)
{
    if (!row->ntgt)
        return BITEXT_PAGE_LEFT_ONLY;
    if (!row->nsrc)
        return BITEXT_PAGE_RIGHT_ONLY;
    if (row->confidence < 0)
        return BITEXT_PAGE_PLAIN;
    return row->confidence >= o->good ? BITEXT_PAGE_GOOD
           : row->confidence >= o->fair ? BITEXT_PAGE_FAIR : BITEXT_PAGE_WEAK;
}

static bool needs_look(bitext_page_status s, bool findings)
{
    return findings || s == BITEXT_PAGE_WEAK || s == BITEXT_PAGE_LEFT_ONLY ||
           s == BITEXT_PAGE_RIGHT_ONLY;
}

/* Bead types, the most frequent first (1-1), then by name. */
static void sort_types(tally *t)
{
    for (size_t i = 1; i < t->ntypes; i++)
        for (size_t k = i; k > 0; k--) {
            size_t a = t->per_type[k - 1], b = t->per_type[k];
            char tmp[24];
            if (a > b || (a == b && strcmp(t->type[k - 1], t->type[k]) <= 0))
                break;
            memcpy(tmp, t->type[k], sizeof tmp);
            memcpy(t->type[k], t->type[k - 1], sizeof tmp);
            memcpy(t->type[k - 1], tmp, sizeof tmp);
            t->per_type[k] = a;
            t->per_type[k - 1] = b;
        }
}

static void count(tally *t, const bitext_review *r, const bitext_qa_finding *f, size_t nf,
                  const bitext_report_options *o)
{
    size_t next = 0;
    memset(t, 0, sizeof *t);
    for (size_t k = 0; k < nf; k++)
        t->kind[f[k].kind < BITEXT_QA_KINDS ? f[k].kind : 0]++;
    for (size_t i = 0; i < bitext_review_count(r); i++) {
        const bitext_review_row *row = bitext_review_row_at(r, i);
        bitext_page_status s = status_of(row, o);
        char type[24];
        size_t k = 0;
        bool found = false;
        while (next < nf && f[next].row < i)
            next++;
        found = next < nf && f[next].row == i;
        bitext_review_row_type(row, type, sizeof type);
        while (k < t->ntypes && strcmp(t->type[k], type))
            k++;
        if (k == t->ntypes && k < MAX_TYPES)
            snprintf(t->type[t->ntypes++], sizeof t->type[0], "%s", type);
        if (k < t->ntypes)
            t->per_type[k]++;
        if (s >= BITEXT_PAGE_GOOD && s <= BITEXT_PAGE_WEAK)
            t->band[s - BITEXT_PAGE_GOOD]++;
        t->look += needs_look(s, found);
    }
    sort_types(t);
}

/* The facts of the header; strings go into bufs (5 of 256 bytes). */
static size_t facts(bitext_page_fact *out, char (*bufs)[256], const bitext_review *r,
                    const tally *t, const bitext_report_options *o)
{
    size_t n = 0, k, used;
    for (int side = 0; side < 2; side++) {
        snprintf(bufs[side], 256, "%s (%s, %zu segments)", bitext_review_name(r, side),
                 bitext_review_lang(r, side), bitext_review_segments(r, side));
        out[n++] = (bitext_page_fact){side ? "Target" : "Source", bufs[side]};
    }
    for (k = 0, used = 0, bufs[2][0] = '\0'; k < t->ntypes && used < 240; k++)
        used += (size_t)snprintf(bufs[2] + used, 256 - used, "%s%s: %zu", k ? " \u00b7 " : "",
                                 t->type[k], t->per_type[k]);
    out[n++] = (bitext_page_fact){"Beads", t->ntypes ? bufs[2] : "none"};
    snprintf(bufs[3], 256, "\u2265 %.2f: %zu \u00b7 %.2f\u2013%.2f: %zu \u00b7 < %.2f: %zu",
             o->good, t->band[0], o->fair, o->good, t->band[1], o->fair, t->band[2]);
    out[n++] = (bitext_page_fact){"Confidence", bufs[3]};
    for (k = 0, used = 0, bufs[4][0] = '\0'; k < BITEXT_QA_KINDS && used < 240; k++)
        if (t->kind[k])
            used += (size_t)snprintf(bufs[4] + used, 256 - used, "%s%s: %zu",
                                     used ? " \u00b7 " : "",
                                     bitext_qa_kind_name((bitext_qa_kind)k), t->kind[k]);
    out[n++] = (bitext_page_fact){"Checks", used ? bufs[4] : "nothing found"};
    if (!bitext_review_complete(r))
        out[n++] = (bitext_page_fact){"Note", "the pairs stored in the TM; sentences left "
                                              "unpaired are not stored, so not shown"};
    return n;
}

static int put_row(bitext_page *p, const bitext_review_row *row, const bitext_qa_finding *f,
                   size_t nf, const bitext_report_options *o, bitext_error *err)
{
    bitext_page_row pr = {0};
    bitext_page_note notes[BITEXT_QA_KINDS * 2];
    char type[24], detail[48], segs[2][48];
    size_t n = 0;
    for (size_t k = 0; k < nf && n < sizeof notes / sizeof *notes; k++)
        notes[n++] = (bitext_page_note){bitext_qa_kind_name(f[k].kind), f[k].message,
                                        f[k].severity == BITEXT_QA_MAJOR};
    pr.status = status_of(row, o);
    bitext_review_row_type(row, type, sizeof type);
    if (row->confidence >= 0)
        snprintf(detail, sizeof detail, "%s \u00b7 %.2f", type, row->confidence);
    else
        snprintf(detail, sizeof detail, "%s", type);
    pr.detail = detail;
    pr.flags = (needs_look(pr.status, n > 0) ? BITEXT_PAGE_ROW_LOOK : 0) |
               ((row->flags & BITEXT_ROW_HEADING) ? BITEXT_PAGE_ROW_HEADING : 0) |
               ((row->flags & BITEXT_ROW_SRC_BLOCK) ? BITEXT_PAGE_ROW_LEFT_BLOCK : 0) |
               ((row->flags & BITEXT_ROW_TGT_BLOCK) ? BITEXT_PAGE_ROW_RIGHT_BLOCK : 0);
    pr.left = (bitext_page_cell){row->source ? row->source->text : NULL,
                                 row->source ? row->source->lang : NULL,
                                 bitext_review_row_segments(row, 0, segs[0], sizeof segs[0]),
                                 NULL, 0};
    pr.right = (bitext_page_cell){row->target ? row->target->text : NULL,
                                  row->target ? row->target->lang : NULL,
                                  bitext_review_row_segments(row, 1, segs[1], sizeof segs[1]),
                                  NULL, 0};
    pr.notes = notes;
    pr.nnotes = n;
    return bitext_page_add_row(p, &pr, err);
}

/* "dir/article.pl.html" -> "article.pl.html" */
static const char *base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* What the page's header says: title, columns, facts, legend (strings kept in h). */
typedef struct {
    bitext_page_fact fact[6];
    bitext_page_legend legend[5];
    char bufs[5][256], title[600], band[3][64];
} header;

static void page_options(bitext_page_options *po, header *h, const bitext_review *r,
                         const tally *t, const bitext_report_options *o)
{
    snprintf(h->title, sizeof h->title, "Alignment: %s \u2013 %s",
             base(bitext_review_name(r, 0)), base(bitext_review_name(r, 1)));
    snprintf(h->band[0], 64, "confident (\u2265 %.2f)", o->good);
    snprintf(h->band[1], 64, "worth a glance (%.2f\u2013%.2f)", o->fair, o->good);
    snprintf(h->band[2], 64, "doubtful (< %.2f)", o->fair);
    h->legend[0] = (bitext_page_legend){BITEXT_PAGE_GOOD, h->band[0]};
    h->legend[1] = (bitext_page_legend){BITEXT_PAGE_FAIR, h->band[1]};
    h->legend[2] = (bitext_page_legend){BITEXT_PAGE_WEAK, h->band[2]};
    h->legend[3] = (bitext_page_legend){BITEXT_PAGE_LEFT_ONLY, "source only (1-0)"};
    h->legend[4] = (bitext_page_legend){BITEXT_PAGE_RIGHT_ONLY, "target only (0-1)"};
    po->title = o->title ? o->title : h->title;
    po->left_title = base(bitext_review_name(r, 0));
    po->right_title = base(bitext_review_name(r, 1));
    po->left_lang = bitext_review_lang(r, 0);
    po->right_lang = bitext_review_lang(r, 1);
    po->facts = h->fact;
    po->nfacts = facts(h->fact, h->bufs, r, t, o);
    po->legend = h->legend;
    po->nlegend = 5;
    po->look = t->look;
    po->major_label = "error found by a check";
    po->minor_label = "worth a look";
}

int bitext_report_alignment(bitext_output *out, const bitext_review *r,
                            const bitext_qa_finding *f, size_t nf,
                            const bitext_report_options *opts, bitext_error *err)
{
    static const bitext_report_options defaults = BITEXT_REPORT_OPTIONS_INIT;
    const bitext_report_options *o = opts ? opts : &defaults;
    bitext_page_options po = BITEXT_PAGE_OPTIONS_INIT;
    bitext_page *p = NULL;
    header h;
    tally t;
    size_t at = 0;
    int rc = 0;
    if (o->version != BITEXT_REPORT_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_report_options: unknown version");
    count(&t, r, f, nf, o);
    page_options(&po, &h, r, &t, o);
    if ((rc = bitext_page_begin(&p, bitext_output_file(out), &po, err)) < 0)
        return rc;
    for (size_t i = 0; i < bitext_review_count(r) && rc == 0; i++) {
        size_t first = at;
        while (at < nf && f[at].row <= i)
            at++;
        while (first < at && f[first].row < i)
            first++;
        rc = put_row(p, bitext_review_row_at(r, i), f ? f + first : NULL, at - first, o, err);
    }
    if (rc < 0) {
        bitext_page_free(p);
        return rc;
    }
    return bitext_page_end(p, err);
}
