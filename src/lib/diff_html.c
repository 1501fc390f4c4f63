/* diff_html.c - a comparison of two editions as one self-contained HTML page, drawn with the
 * page layer of report.h, so that it looks and works like the alignment report: the same
 * style, legend, keys (n/p to the next/previous change, f for "only what needs a look") and
 * no file outside it.  One row per unit, old on the left and new on the right (1-based
 * numbers, as people count lines); changed units show their word diff, deletions as <del>
 * in the old text and insertions as <ins> in the new one; moves are noted on their rows.
 */
#include <stdlib.h>
#include <string.h>

#include "bitext/report.h"
#include "bitext/worddiff.h"
#include "diff_int.h"

typedef struct {
    bitext_page *page;
    const bitext_seglist *side[2];
    const size_t *numbers[2];
    bitext_worddiff *wd;
    unsigned word_flags;
} page;

/* The numbers of one side of a unit: "3" or "3-4" (1-based), "" when it has none. */
static const char *numbers(char *buf, size_t size, const page *p, int s, size_t first, size_t n)
{
    size_t a, b;
    if (!n) {
        buf[0] = '\0';
        return buf;
    }
    a = p->numbers[s] ? p->numbers[s][first] : first;
    b = p->numbers[s] ? p->numbers[s][first + n - 1] : first + n - 1;
    snprintf(buf, size, b > a ? "%zu-%zu" : "%zu", a + 1, b + 1);
    return buf;
}

static bitext_page_status status_of(bitext_diff_status s)
{
    switch (s) {
    case BITEXT_DIFF_CHANGED: return BITEXT_PAGE_CHANGED;
    case BITEXT_DIFF_ADDED: return BITEXT_PAGE_RIGHT_ONLY;
    case BITEXT_DIFF_REMOVED: return BITEXT_PAGE_LEFT_ONLY;
    default: return BITEXT_PAGE_PLAIN;
    }
}

/* The word runs as marks: '-' runs are ranges of the old text, '+' runs of the new one. */
static int marks_of(bitext_page_mark **out, size_t *n, const bitext_wordrun *r, size_t nr,
                    char op)
{
    *out = malloc((nr + 1) * sizeof **out);
    *n = 0;
    if (!*out)
        return BITEXT_ENOMEM;
    for (size_t k = 0; k < nr; k++)
        if (r[k].op == op)
            (*out)[(*n)++] = (bitext_page_mark){r[k].start, r[k].end,
                                                op == '-' ? BITEXT_MARK_DELETED
                                                          : BITEXT_MARK_INSERTED};
    return 0;
}

static int add_row(page *p, const bitext_diff_unit *u, const char *a, const char *b,
                   const bitext_wordrun *r, size_t nr, bitext_error *err)
{
    bitext_page_row row = {0};
    bitext_page_mark *del = NULL, *ins = NULL;
    bitext_page_note moved = {"moved", "this unit moved: its neighbours in the other edition "
                                       "are others", 0};
    char la[48], lb[48];
    size_t ndel = 0, nins = 0;
    int rc = 0;
    if (r && (marks_of(&del, &ndel, r, nr, '-') < 0 || marks_of(&ins, &nins, r, nr, '+') < 0))
        rc = bitext_fail(err, BITEXT_ENOMEM, "out of memory");
    row.status = status_of(u->status);
    row.flags = u->status != BITEXT_DIFF_UNCHANGED || u->moved ? BITEXT_PAGE_ROW_LOOK : 0;
    row.left = (bitext_page_cell){u->nold ? a : NULL, NULL,
                                  numbers(la, sizeof la, p, 0, u->old_first, u->nold), del,
                                  ndel};
    row.right = (bitext_page_cell){u->nnew ? b : NULL, NULL,
                                   numbers(lb, sizeof lb, p, 1, u->new_first, u->nnew), ins,
                                   nins};
    row.detail = bitext_diff_status_name(u->status);
    row.notes = u->moved ? &moved : NULL;
    row.nnotes = u->moved ? 1 : 0;
    if (rc == 0)
        rc = bitext_page_add_row(p->page, &row, err);
    free(del);
    free(ins);
    return rc;
}

static int unit_row(page *p, const bitext_diff_unit *u, bitext_error *err)
{
    char *a = NULL, *b = NULL;
    bitext_wordrun *r = NULL;
    size_t nr = 0;
    int rc;
    if ((rc = bitext_diff_text(&a, p->side[0], u->old_first, u->nold, err)) < 0 ||
        (rc = bitext_diff_text(&b, p->side[1], u->new_first, u->nnew, err)) < 0)
        goto done;
    if (u->status == BITEXT_DIFF_CHANGED &&
        (rc = bitext_worddiff_run(&r, &nr, p->wd, a, strlen(a), b, strlen(b), p->word_flags,
                                  err)) < 0)
        goto done;
    rc = add_row(p, u, a, b, r, nr, err);
done:
    free(a);
    free(b);
    free(r);
    return rc;
}

/* The page's header: the two editions, the counts, what the colours mean. */
typedef struct {
    bitext_page_fact fact[3];
    char buf[3][320];
} header;

static void page_options(bitext_page_options *po, header *h, const bitext_diff *d,
                         const page *p, const bitext_diff_html_options *o)
{
    static const bitext_page_legend legend[] = {
        {BITEXT_PAGE_PLAIN, "unchanged"}, {BITEXT_PAGE_CHANGED, "changed (words marked)"},
        {BITEXT_PAGE_LEFT_ONLY, "removed"}, {BITEXT_PAGE_RIGHT_ONLY, "added"}};
    bitext_diff_stats st;
    bitext_diff_stats_get(&st, d);
    snprintf(h->buf[0], sizeof h->buf[0], "%s (%zu segments)", o->old_name ? o->old_name : "old",
             st.old_segments);
    snprintf(h->buf[1], sizeof h->buf[1], "%s (%zu segments)", o->new_name ? o->new_name : "new",
             st.new_segments);
    snprintf(h->buf[2], sizeof h->buf[2], "%zu unchanged, %zu changed, %zu added, %zu removed, "
             "%zu moved", st.unchanged, st.changed, st.added, st.removed, st.moved);
    h->fact[0] = (bitext_page_fact){"Old", h->buf[0]};
    h->fact[1] = (bitext_page_fact){"New", h->buf[1]};
    h->fact[2] = (bitext_page_fact){"Units", h->buf[2]};
    po->title = o->title ? o->title : "Comparison of two editions";
    po->left_title = o->old_name ? o->old_name : "old";
    po->right_title = o->new_name ? o->new_name : "new";
    po->left_lang = bitext_seglist_lang(p->side[0]);
    po->right_lang = bitext_seglist_lang(p->side[1]);
    po->facts = h->fact;
    po->nfacts = 3;
    po->legend = legend;
    po->nlegend = sizeof legend / sizeof *legend;
    po->look = st.changed + st.added + st.removed + st.moved;
    po->notes_title = "notes";
}

int bitext_diff_write_html(FILE *f, const bitext_diff *d, const bitext_seglist *old,
                           const bitext_seglist *new_, const bitext_diff_html_options *opts,
                           bitext_error *err)
{
    static const bitext_diff_html_options defaults = BITEXT_DIFF_HTML_OPTIONS_INIT;
    bitext_page_options po = BITEXT_PAGE_OPTIONS_INIT;
    page p = {NULL, {old, new_}, {NULL, NULL}, NULL, 0};
    const char *lang = bitext_seglist_lang(new_);
    header h;
    int rc = 0;
    if (!opts)
        opts = &defaults;
    if (opts->version != BITEXT_DIFF_HTML_OPTIONS_VERSION)
        return bitext_fail(err, BITEXT_EINVAL, "bitext_diff_html_options: unknown version %u",
                           opts->version);
    p.numbers[0] = opts->old_numbers;
    p.numbers[1] = opts->new_numbers;
    p.word_flags = opts->word_flags;
    page_options(&po, &h, d, &p, opts);
    if ((rc = bitext_worddiff_new(&p.wd, lang && *lang ? lang : "und", err)) < 0)
        return rc;
    if ((rc = bitext_page_begin(&p.page, f, &po, err)) == 0) {
        for (size_t k = 0; k < bitext_diff_count(d) && rc == 0; k++)
            rc = unit_row(&p, bitext_diff_get(d, k), err);
        if (rc == 0)
            rc = bitext_page_end(p.page, err);
        else
            bitext_page_free(p.page);
    }
    bitext_worddiff_free(p.wd);
    if (rc == 0 && ferror(f))
        rc = bitext_fail(err, BITEXT_EIO, "cannot write the page");
    return rc;
}
