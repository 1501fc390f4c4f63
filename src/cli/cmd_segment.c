/* cmd_segment.c - `bitext segment`: placeholder until the verb lands. */
#include "cli.h"

int cmd_segment(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bitext segment: not built yet\n");
    return EXIT_FAILURE_;
}
