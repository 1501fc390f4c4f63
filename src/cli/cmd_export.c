/* cmd_export.c - `bitext export`: placeholder until the verb lands. */
#include "cli.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext export: not built yet\n");
    return EXIT_FAILURE_;
}
