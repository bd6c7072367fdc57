/* cmd-describe.c — casereview describe (placeholder until its issue lands). */
#include "cli.h"

int
cmd_describe(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "casereview describe: not implemented yet\n");
    return CLI_EXIT_USAGE;
}
