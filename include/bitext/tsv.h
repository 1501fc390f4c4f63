/**
 * tsv.h - the review TSV: an alignment as a spreadsheet opens it, and corrections back.
 *
 * The file: UTF-8, one header row, then one row per bead, five tab-separated columns:
 *
 *     bead       confidence  source:pl            target:en          qa
 *     1-1 3:3    0.982       Wstęp jest wolny.    Admission is free.
 *     1-0 4:     0.871       Archeolodzy ...                         omission: ...
 *
 * bead is the bead type and the segment numbers (from 1) on each side; the header names the
 * two languages.  A field holding a tab, a line break or a double quote is quoted as
 * spreadsheets write it (RFC 4180 with tabs: "..." with "" for a quote), so a file saved
 * back by LibreOffice or Excel reads the same.  A reviewer may edit texts, merge rows (one
 * row with both texts), split, move, add or delete rows; only the source and target columns
 * are read back (bead, confidence and qa are for the reader).
 *
 * Reading is for untrusted files: bounded in size (BITEXT_TSV_MAX_BYTES, fields of
 * BITEXT_TSV_MAX_FIELD bytes), no NUL bytes, valid UTF-8, exactly five columns per row;
 * every error names the file and line.
 */
#ifndef BITEXT_TSV_H
#define BITEXT_TSV_H

#include "common.h"
#include "error.h"
#include "lang.h"
#include "output.h"
#include "qa.h"
#include "review.h"
#include "tm.h"

#define BITEXT_TSV_MAX_BYTES ((size_t)256 << 20)  /* a file */
#define BITEXT_TSV_MAX_FIELD ((size_t)1 << 20)    /* a field */

/**
 * Writes r as the review TSV to out, with the findings f[0..nf) (bitext_qa_run on r; may be
 * none) in the qa column.  Write errors surface at bitext_output_commit.
 */
BITEXT_API int bitext_tsv_write(bitext_output *out, const bitext_review *r,
                                const bitext_qa_finding *f, size_t nf, bitext_error *err);

typedef struct {
    char *source, *target;   /* trimmed, NFC; "" when the cell is empty */
    int64_t line;            /* where the row starts in the file */
} bitext_tsv_row;

typedef struct {
    char src_lang[BITEXT_LANG_MAX], tgt_lang[BITEXT_LANG_MAX]; /* from the header */
    bitext_tsv_row *rows;
    size_t n;
} bitext_tsv;

/**
 * Reads a review TSV (path "-" is standard input).  Errors name path and line:
 * BITEXT_EFORMAT (not a review TSV: header, column count), BITEXT_EENCODING (invalid UTF-8,
 * NUL), BITEXT_ELANG (language in the header), BITEXT_EIO (cannot read, too large).  *out is
 * freed with bitext_tsv_free.
 */
BITEXT_API int bitext_tsv_read(bitext_tsv **out, const char *path, bitext_error *err);
/** The same on a buffer (name is used in messages). */
BITEXT_API int bitext_tsv_parse(bitext_tsv **out, const char *data, size_t len,
                                const char *name, bitext_error *err);
BITEXT_API void bitext_tsv_free(bitext_tsv *t);

typedef struct {
    size_t kept;             /* rows whose pair the TM held already (now marked reviewed) */
    size_t edited;           /* rows that changed one side of a stored pair */
    size_t added;            /* rows that are new pairs */
    size_t removed;          /* stored pairs no row kept */
    size_t unpaired;         /* rows with one side empty (not stored) */
} bitext_tsv_import_stats;

/**
 * Replaces the pairs of document doc (a name as align stored it, in the TSV's two
 * languages) by the rows of t that have both sides, each marked reviewed; the document is
 * marked reviewed.  Runs inside the caller's transaction (bitext_tm_begin/commit): on error
 * the caller rolls back and nothing changed.  A document not in the TM is BITEXT_ENOTFOUND.
 * Variants of other languages in the document's TUs are kept.  stats may be NULL.
 */
BITEXT_API int bitext_tsv_import(bitext_tsv_import_stats *stats, bitext_tm *tm, const char *doc,
                                 const bitext_tsv *t, bitext_error *err);

#endif
