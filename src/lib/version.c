/* version.c */
#include "bitext/bitext.h"
#include "bitext_config.h"

const char *bitext_version(void)
{
    return BITEXT_VERSION;
}
