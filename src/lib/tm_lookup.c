/* tm_lookup.c - exact, context and fuzzy matches (placeholder while the storage lands). */
#include <stdlib.h>

#include "tm_int.h"

int bitext_tm_lookup(bitext_tm_match **out, size_t *n, bitext_tm *tm, const char *text,
                     const bitext_tm_lookup_options *opts, bitext_error *err)
{
    (void)tm;
    (void)text;
    (void)opts;
    *out = NULL;
    *n = 0;
    return bitext_fail(err, BITEXT_EINVAL, "lookup is not built yet");
}

void bitext_tm_matches_free(bitext_tm_match *m, size_t n)
{
    (void)n;
    free(m);
}

int bitext_tm_concord(bitext_tm_concord_hit **out, size_t *n, bitext_tm *tm, const char *phrase,
                      const bitext_tm_concord_options *opts, bitext_error *err)
{
    (void)tm;
    (void)phrase;
    (void)opts;
    *out = NULL;
    *n = 0;
    return bitext_fail(err, BITEXT_EINVAL, "concordance is not built yet");
}

void bitext_tm_concord_free(bitext_tm_concord_hit *h, size_t n)
{
    (void)n;
    free(h);
}

int bitext_tm_fuzzy_score(const char *a, size_t ncodes_a, const char *b, size_t ncodes_b)
{
    (void)a; (void)b; (void)ncodes_a; (void)ncodes_b;
    return 0;
}
