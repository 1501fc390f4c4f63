/* cmd_align.c - `bitext align`: placeholder until the verb lands. */
#include "cli.h"

int cmd_align(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext align: not built yet\n");
    return EXIT_FAILURE_;
}
