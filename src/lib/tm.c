/* tm.c - placeholder until the module lands (keeps the tree building). */
#include "bitext/bitext.h"
#include "util_int.h"

int bitext_tm_open(bitext_tm **out, const char *path, const bitext_tm_options *opts,
                   bitext_error *err)
{
    (void)path;
    (void)opts;
    *out = NULL;
    return bitext_fail(err, BITEXT_EINVAL, "the TM module is not built yet");
}
