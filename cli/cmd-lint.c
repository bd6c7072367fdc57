/* cmd-lint.c — casereview lint: load checklists (and verdicts files
 * against them), report every problem as file:line:col:
 * error[CR-NNNN]: message on stdout. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checklist-find.h"
#include "cli.h"

static const char usage_text[] =
    "usage: casereview lint [--verdicts FILE]... CHECKLIST...\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Loads each CHECKLIST (a path, or a name found by casereview list) and\n"
    "reports every problem as file:line:column: error|warning[CR-NNNN]:\n"
    "message, then one line per checklist: ok, or how many problems.\n"
    "\n"
    "  --verdicts FILE            check this verdicts file against each\n"
    "                             checklist too (may be given several times)\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 everything loads; 2 bad usage, or some checklist or\n"
    "verdicts file does not load.\n";

static void
print_diags(const struct cr_diag_list *diags)
{
    char *text = cr_diag_list_format(diags);

    if (text && text[0])
        fputs(text, stdout);
    cr_free(text);
}

/* Checks the verdicts file PATH against CL; 0 when it loads. */
static int
lint_verdicts(struct cr_checklist *cl, const char *path)
{
    struct cr_verdicts *v = NULL;
    struct cr_diag_list *diags = NULL;
    enum cr_status st = cr_verdicts_load(cl, path, &v, &diags);

    print_diags(diags);
    if (st == CR_OK)
        printf(cli_msg("%s: ok (%zu verdicts, %zu cases)\n"), path,
               cr_verdicts_get_count(v), cr_verdicts_get_case_count(v));
    else if (cr_diag_list_count(diags) == 0)
        printf("%s: %s\n", path, cli_status_text(st));
    else
        printf(cli_msg("%s: %zu problem(s)\n"), path,
               cr_diag_list_error_count(diags));
    cr_diag_list_free(diags);
    cr_verdicts_unref(v);
    return st == CR_OK ? 0 : -1;
}

static int
lint_one(const char *path, char **verdicts, size_t nverdicts)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_load_options *opts = NULL;
    struct stat sb;
    enum cr_status st;
    size_t i;
    int bad;

    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        int n = (int)strlen(path);
        while (n > 1 && path[n - 1] == '/')
            n--;
        cli_error("'%s' is a folder, not a checklist file: name the "
                  "checklists in it, as in casereview lint %.*s/*.xml", path,
                  n, path);
        return -1;
    }
    if (cli_options_new(&opts) != CR_OK)
        return -1;
    st = cr_checklist_load(path, opts, &cl, &diags);
    cr_load_options_free(opts);
    bad = st != CR_OK;
    print_diags(diags);
    if (st == CR_OK)
        printf(cli_msg("%s: ok (%zu items, %zu categories)\n"), path,
               cr_checklist_get_item_count(cl),
               cr_checklist_get_category_count(cl));
    else if (cr_diag_list_count(diags) == 0)
        printf("%s: %s\n", path, cli_status_text(st));
    else
        printf(cli_msg("%s: %zu problem(s)\n"), path,
               cr_diag_list_error_count(diags));
    cr_diag_list_free(diags);
    for (i = 0; cl && i < nverdicts; i++)
        if (lint_verdicts(cl, verdicts[i]) != 0)
            bad = 1;
    cr_checklist_unref(cl);
    return bad ? -1 : 0;
}

int
cmd_lint(int argc, char **argv)
{
    char **verdicts = calloc((size_t)argc + 1, sizeof(*verdicts));
    size_t nverdicts = 0;
    int i, bad = 0, files = 0, status;

    if (verdicts == NULL)
        return CLI_EXIT_USAGE;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            free(verdicts);
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--verdicts") == 0 && i + 1 < argc) {
            verdicts[nverdicts++] = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("unknown or incomplete option '%s'", argv[i]);
            fputs(cli_msg(usage_text), stderr);
            free(verdicts);
            return CLI_EXIT_USAGE;
        }
    }
    for (i = 1; i < argc; i++) {
        char *path;
        if (strcmp(argv[i], "--verdicts") == 0) {
            i++;
            continue;
        }
        path = cli_checklist_path(argv[i]);
        files++;
        if (path == NULL || lint_one(path, verdicts, nverdicts) != 0)
            bad = 1;
        free(path);
    }
    free(verdicts);
    if (files == 0) {
        cli_error("give a checklist");
        fputs(cli_msg(usage_text), stderr);
        return CLI_EXIT_USAGE;
    }
    status = bad ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    if (cli_flush_stdout("lint", "report") != 0)
        status = CLI_EXIT_USAGE;
    return status;
}
