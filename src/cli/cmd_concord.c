/* cmd_concord.c - `bitext concord`: placeholder until the verb lands. */
#include "cli.h"

int cmd_concord(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext concord: not built yet\n");
    return EXIT_FAILURE_;
}
