/* cmd-lint.c — casereview lint: load checklists, report every problem
 * as file:line:col: error[CR-NNNN]: message on stdout. */
#include <stdlib.h>
#include <string.h>

#include "checklist-find.h"
#include "cli.h"

static int
lint_one(const char *path)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    enum cr_status st = cr_checklist_load(path, NULL, &cl, &diags);
    char *text = cr_diag_list_format(diags);

    if (text && text[0])
        fputs(text, stdout);
    cr_free(text);
    if (st == CR_OK)
        printf("%s: ok (%zu items, %zu categories)\n", path,
               cr_checklist_get_item_count(cl),
               cr_checklist_get_category_count(cl));
    else if (cr_diag_list_count(diags) == 0)
        printf("%s: %s\n", path, cr_status_to_str(st));
    else
        printf("%s: %zu problem(s)\n", path, cr_diag_list_error_count(diags));
    cr_diag_list_free(diags);
    cr_checklist_unref(cl);
    return st == CR_OK ? 0 : -1;
}

int
cmd_lint(int argc, char **argv)
{
    int i, bad = 0, files = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: casereview lint CHECKLIST...\n"
                   "Loads each checklist and reports every problem with "
                   "file:line. Exit 2 if any does not load.\n");
            return CLI_EXIT_OK;
        }
        char *path = cli_checklist_path(argv[i]);
        files++;
        if (path == NULL || lint_one(path) != 0)
            bad = 1;
        free(path);
    }
    if (files == 0) {
        fprintf(stderr, "usage: casereview lint CHECKLIST...\n");
        return CLI_EXIT_USAGE;
    }
    if (cli_flush_stdout("lint", "report") != 0)
        return CLI_EXIT_USAGE;
    return bad ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}
