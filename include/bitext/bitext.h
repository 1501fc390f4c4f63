/**
 * bitext.h - the umbrella header: include only this.
 *
 * bitext turns articles and their translations into translation memory: read (read.h) ->
 * segment (segment.h) -> align (align.h) -> store (tm.h) -> exchange (tmx.h); and to review
 * an alignment: its rows (review.h), translation checks (qa.h), an HTML page (report.h) and
 * corrections through a spreadsheet (tsv.h).
 */
#ifndef BITEXT_H
#define BITEXT_H

#include "common.h"
#include "error.h"
#include "lang.h"
#include "doc.h"
#include "read.h"
#include "segment.h"
#include "lexicon.h"
#include "align.h"
#include "tu.h"
#include "pairs.h"
#include "tm.h"
#include "tmx.h"
#include "output.h"
#include "worddiff.h"
#include "diff.h"
#include "xliff.h"
#include "review.h"
#include "qa.h"
#include "report.h"
#include "tsv.h"

/** The library version, "MAJOR.MINOR.PATCH". */
BITEXT_API const char *bitext_version(void);

#endif
