/* cmd-diff.c — casereview diff (placeholder until its issue lands). */
#include "cli.h"

int
cmd_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "casereview diff: not implemented yet\n");
    return CLI_EXIT_USAGE;
}
