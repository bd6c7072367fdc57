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

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
    size_t i;

    fputs(cli_msg("usage: casereview COMMAND [OPTIONS] ...\n\ncommands:\n"),
          f);
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name,
                cli_msg(commands[i].summary));
    fputs(cli_msg("\n'casereview COMMAND --help' describes a command.\n"
                  "Exit status: 0 all scored, 1 some case unscorable or an "
                  "item errored, 2 bad usage or checklist.\n"), f);
}

static void
unknown_command(const char *name)
{
    const char *names[NCOMMANDS];
    const char *hint;
    size_t i;

    for (i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    hint = cli_suggest(name, names, NCOMMANDS);
    if (hint)
        cli_error("unknown command '%s'; did you mean '%s'?", name, hint);
    else
        cli_error("unknown command '%s'", name);
    fputs(cli_msg("'casereview --help' lists the commands.\n"), stderr);
}

int
main(int argc, char **argv)
{
    size_t i;

    cli_lang_from_locale();
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
        printf(cli_msg("casereview %s (library %s)\n"), CR_VERSION_STRING,
               cr_version());
        return CLI_EXIT_OK;
    }
    for (i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            cli_command = commands[i].name;
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    unknown_command(argv[1]);
    return CLI_EXIT_USAGE;
}
