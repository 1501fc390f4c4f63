/* fuzz_tu.h - the invariant every TU a reader returns must hold, for the fuzz targets of the
 * TMX and XLIFF readers: valid UTF-8 text, and codes anchored inside it. */
#ifndef BITEXT_FUZZ_TU_H
#define BITEXT_FUZZ_TU_H

#include <string.h>

#include "bitext/bitext.h"
#include "util_int.h"

static inline void fuzz_check_tu(const bitext_tu *tu)
{
    for (size_t k = 0; k < tu->ntuvs; k++) {
        const bitext_tuv *v = &tu->tuvs[k];
        size_t n = strlen(v->text);
        if (bitext_utf8_invalid_offset(v->text, n) >= 0)
            __builtin_trap();
        for (size_t c = 0; c < v->ncodes; c++)
            if (v->codes[c].offset > n)
                __builtin_trap();
    }
}

#endif
