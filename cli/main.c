/* main.c — casereview: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"score", cmd_score, "score case files and print each result"},
    {"batch", cmd_batch, "score files, folders and archives on all cores"},
    {"lint", cmd_lint, "check checklists and report every problem"},
    {"describe", cmd_describe, "print a checklist's items as Markdown"},
    {"test", cmd_test, "run the tests inside checklists"},
    {"diff", cmd_diff, "compare two checklists over the same cases"},
    {"verdicts", cmd_verdicts, "turn filled review forms into a verdicts file"},
    {"validate", cmd_validate, "check case files against casefile/1.1"},
    {"list", cmd_list, "list the checklists found by name (-c NAME)"},
};

static void
usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: casereview COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'casereview COMMAND --help' describes a command.\n"
               "Exit status: 0 all scored, 1 some case unscorable or an item "
               "errored, 2 bad usage or checklist.\n");
}

int
main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("casereview %s (library %s)\n", CR_VERSION_STRING, cr_version());
        return CLI_EXIT_OK;
    }
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "casereview: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
