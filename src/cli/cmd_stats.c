/* cmd_stats.c - `bitext stats`: placeholder until the verb lands. */
#include "cli.h"

int cmd_stats(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext stats: not built yet\n");
    return EXIT_FAILURE_;
}
