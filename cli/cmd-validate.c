/* cmd-validate.c — casereview validate: check case files against the
 * casefile/1 and casefile/1.1 format, every problem with file:line. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: casereview validate [--transform MAPPING.xsl] CASE...\n"
    "Checks each case file against casefile/1 and casefile/1.1\n"
    "(docs/casefile.md, schema/casefile.rng) and prints every problem as\n"
    "file:line:col: error|warning[CR-NNNN]: message. With --transform the\n"
    "mapping's output is checked, lines pointing into the export.\n"
    "Exit status: 0 no errors (warnings allowed), 1 some file has errors\n"
    "or cannot be read, 2 bad usage or a mapping that does not load.\n";

enum { OPT_TRANSFORM = 256 };

static const struct option long_options[] = {
    {"transform", required_argument, NULL, OPT_TRANSFORM},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

static int
validate_one(const char *path, struct cr_transform *tf)
{
    struct cr_diag_list *diags = NULL;
    enum cr_status st = cr_casefile_validate(path, tf, &diags);
    size_t errors = cr_diag_list_error_count(diags);
    size_t warnings = cr_diag_list_count(diags) - errors;
    char *text = cr_diag_list_format(diags);

    if (text && text[0])
        fputs(text, stdout);
    cr_free(text);
    cr_diag_list_free(diags);
    if (st == CR_ERR_NOMEM) {
        cli_error("%s: %s", path, cli_status_text(st));
        return CLI_EXIT_INCOMPLETE;
    }
    if (st == CR_OK)
        printf(cli_msg("%s: a valid casefile (%zu warning(s))\n"), path,
               warnings);
    else
        printf(cli_msg("%s: not a valid casefile (%zu error(s), "
                       "%zu warning(s))\n"), path, errors, warnings);
    return st == CR_OK ? CLI_EXIT_OK : CLI_EXIT_INCOMPLETE;
}

int
cmd_validate(int argc, char **argv)
{
    struct cr_transform *tf = NULL;
    const char *mapping = NULL;
    int opt, i, status = CLI_EXIT_OK;

    optind = 1;
    while ((opt = cli_getopt(argc, argv, "h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(cli_msg(usage_text), stdout);
            return CLI_EXIT_OK;
        case OPT_TRANSFORM:
            mapping = optarg;
            break;
        default:
            fputs(cli_msg(usage_text), stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(cli_msg(usage_text), stderr);
        return CLI_EXIT_USAGE;
    }
    if (mapping && (tf = cli_load_transform(mapping)) == NULL)
        return CLI_EXIT_USAGE;
    for (i = optind; i < argc; i++)
        if (validate_one(argv[i], tf) != CLI_EXIT_OK)
            status = CLI_EXIT_INCOMPLETE;
    cr_transform_unref(tf);
    if (cli_flush_stdout("validate", "report") != 0)
        status = CLI_EXIT_USAGE;
    return status;
}
