/* cmd_lookup.c - `bitext lookup`: placeholder until the verb lands. */
#include "cli.h"

int cmd_lookup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext lookup: not built yet\n");
    return EXIT_FAILURE_;
}
