/**
 * report.h - HTML pages that show two texts side by side.
 *
 * Two layers.  The page layer (bitext_page_*) writes any side-by-side view: a header with
 * facts and a legend, then one table row per unit with a left and a right cell, a status
 * that colours the row, notes (findings) and, optionally, marked words (deleted/inserted,
 * for comparisons).  The alignment report (bitext_report_alignment) is built on it, and so
 * can be other views (bitext diff: old and new edition with the changed words marked).
 *
 * A page is one self-contained HTML5 file: its style sheet and script are inside it and it
 * refers to nothing outside (no network, no fonts, no images).  It reads fully without
 * JavaScript; with it, keys move between the rows that need a look (n/j next, p/k previous)
 * and f toggles the filter "only what needs a look" (a checkbox that also works without
 * JavaScript where the browser supports CSS :has()).  Cells carry lang and dir (right-to-left
 * scripts); every text is escaped, characters HTML forbids are replaced by U+FFFD.
 *
 * For tests and tools: a page opened with the URL fragment "#test=KEYS" (KEYS a comma-separated
 * list of n, p, f) presses those keys once loaded and records the outcome on <body>:
 * data-current (the id of the current row) and data-shown (how many rows are displayed).
 */
#ifndef BITEXT_REPORT_H
#define BITEXT_REPORT_H

#include <stdio.h>

#include "common.h"
#include "error.h"
#include "output.h"
#include "qa.h"
#include "review.h"

/* ---- the page layer --------------------------------------------------------------------- */

typedef enum {
    BITEXT_PAGE_PLAIN,      /* nothing to say (an unchanged sentence) */
    BITEXT_PAGE_GOOD,       /* green: sure */
    BITEXT_PAGE_FAIR,       /* amber: worth a glance */
    BITEXT_PAGE_WEAK,       /* red: doubtful */
    BITEXT_PAGE_LEFT_ONLY,  /* only the left cell has text (1-0, removed): stands out */
    BITEXT_PAGE_RIGHT_ONLY, /* only the right cell (0-1, added): stands out */
    BITEXT_PAGE_CHANGED,    /* both, with differences marked */
    BITEXT_PAGE_STATUSES
} bitext_page_status;

enum {
    BITEXT_PAGE_ROW_LOOK = 1u << 0,        /* needs a look: a stop of n/p, kept by the filter */
    BITEXT_PAGE_ROW_HEADING = 1u << 1,     /* a title or heading */
    BITEXT_PAGE_ROW_LEFT_BLOCK = 1u << 2,  /* a paragraph (block) starts in the left cell */
    BITEXT_PAGE_ROW_RIGHT_BLOCK = 1u << 3  /* ... in the right cell */
};

typedef enum {
    BITEXT_MARK_DELETED,    /* <del>: text the other side does not have */
    BITEXT_MARK_INSERTED,   /* <ins> */
    BITEXT_MARK_HIGHLIGHT   /* <mark> */
} bitext_mark_kind;

typedef struct {
    size_t start, end;      /* byte range in the cell's text; sorted, not overlapping */
    bitext_mark_kind kind;
} bitext_page_mark;

typedef struct {
    const char *text;       /* UTF-8, or NULL for an empty cell */
    const char *lang;       /* BCP 47 of the text, NULL = the column's */
    const char *label;      /* small, before the text (segment numbers), or NULL */
    const bitext_page_mark *marks;
    size_t nmarks;
} bitext_page_cell;

typedef struct {
    const char *tag;        /* short kind, shown as a badge ("numbers") */
    const char *text;       /* the finding */
    int major;              /* 1: shown as an error, 0: as a warning */
} bitext_page_note;

typedef struct {
    const char *label;      /* first column, e.g. the row number; NULL = the row's number */
    const char *detail;     /* under it, e.g. "1-1 · 0.97", or NULL */
    bitext_page_status status;
    unsigned flags;         /* BITEXT_PAGE_ROW_* */
    bitext_page_cell left, right;
    const bitext_page_note *notes;
    size_t nnotes;
} bitext_page_row;

typedef struct {
    const char *label;
    const char *value;
} bitext_page_fact;

typedef struct {
    bitext_page_status status;
    const char *label;      /* "confident (≥ 0.90)", "new sentence" ... */
} bitext_page_legend;

#define BITEXT_PAGE_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    const char *title;                   /* <title> and heading */
    const char *left_title, *right_title;/* column headings (file names) */
    const char *left_lang, *right_lang;  /* languages of the columns (lang, dir), or NULL */
    const bitext_page_fact *facts;       /* the header's table */
    size_t nfacts;
    const bitext_page_legend *legend;    /* what the colours mean */
    size_t nlegend;
    size_t look;                         /* rows that will need a look (shown in the filter) */
    const char *notes_title;             /* heading of the notes column, default "checks" */
    const char *major_label, *minor_label; /* the legend of major and minor notes, or NULL */
} bitext_page_options;
#define BITEXT_PAGE_OPTIONS_INIT \
    { BITEXT_PAGE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, 0, NULL, \
      NULL, NULL }

typedef struct bitext_page bitext_page;

/**
 * Starts a page on f (the stream of an output opened with bitext_output_open, which the
 * caller commits after bitext_page_end; or any stream): writes everything up to the first
 * row.  Errors: BITEXT_EINVAL (options), BITEXT_ENOMEM.  Write errors are the stream's
 * (bitext_output_commit reports them).
 */
BITEXT_API int bitext_page_begin(bitext_page **out, FILE *f, const bitext_page_options *opts,
                                 bitext_error *err);
/** Writes one row (everything in it is copied out at once). */
BITEXT_API int bitext_page_add_row(bitext_page *p, const bitext_page_row *row, bitext_error *err);
/** Closes the table and writes the script.  The page is freed either way. */
BITEXT_API int bitext_page_end(bitext_page *p, bitext_error *err);
/** Frees a page that is not ended (writes nothing more).  Accepts NULL. */
BITEXT_API void bitext_page_free(bitext_page *p);

/* ---- the alignment report --------------------------------------------------------------- */

#define BITEXT_REPORT_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    double good;            /* confidence from which a row is green; default 0.9 */
    double fair;            /* from which it is amber (below: red); default 0.5 */
    const char *title;      /* default "Alignment: SOURCE – TARGET" */
} bitext_report_options;
#define BITEXT_REPORT_OPTIONS_INIT { BITEXT_REPORT_OPTIONS_VERSION, 0.9, 0.5, NULL }

/**
 * Writes the alignment report of r to out: one row per bead, source and target side by
 * side with paragraph and heading breaks, coloured by confidence band, 1-0 and 0-1 rows
 * standing out, the findings f[0..nf) (bitext_qa_run on r; may be none) on their rows; a
 * header with the files, languages, counts per bead type, per band and per kind of finding.
 * Rows that need a look: below the fair band, unpaired, or with a finding.
 */
BITEXT_API int bitext_report_alignment(bitext_output *out, const bitext_review *r,
                                       const bitext_qa_finding *f, size_t nf,
                                       const bitext_report_options *opts, bitext_error *err);

#endif
