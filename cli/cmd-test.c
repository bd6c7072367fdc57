/* cmd-test.c — casereview test (placeholder until its issue lands). */
#include "cli.h"

int
cmd_test(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "casereview test: not implemented yet\n");
    return CLI_EXIT_USAGE;
}
