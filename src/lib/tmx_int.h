/* tmx_int.h - internals of the TMX module that the tests reach (never installed). */
#ifndef BITEXT_TMX_INT_H
#define BITEXT_TMX_INT_H

#include "bitext/tmx.h"

/* The reader's work so far: nodes read plus bytes scanned (the growth tests count it). */
int64_t tmx_reader_work(const bitext_tmx_reader *r);

#endif
