/* cmd_import.c - `bitext import`: placeholder until the verb lands. */
#include "cli.h"

int cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext import: not built yet\n");
    return EXIT_FAILURE_;
}
