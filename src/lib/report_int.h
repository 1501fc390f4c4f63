/* report_int.h - internals of the HTML pages (never installed).
 *
 *   report_page.c    the page layer: escaping, header, rows
 *   report_assets.c  the style sheet and the script every page carries
 *   report_align.c   the alignment report, on the page layer
 */
#ifndef BITEXT_REPORT_INT_H
#define BITEXT_REPORT_INT_H

extern const char report_css[];
extern const char report_js[];

#endif
