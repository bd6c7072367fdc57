/* common.c — helpers shared by the subcommands. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklist-find.h"
#include "cli.h"

int
cli_add_override(struct cr_load_options *opts, const char *arg, int is_data)
{
    const char *eq = strchr(arg, '=');
    char name[256];
    enum cr_status st;

    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof(name)) {
        fprintf(stderr, "casereview: expected NAME=VALUE, got '%s'\n", arg);
        return -1;
    }
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    st = is_data ? cr_load_options_set_data(opts, name, eq + 1)
                 : cr_load_options_set_param(opts, name, eq + 1);
    if (st == CR_ERR_INVALID && !is_data) {
        /* the library's one reason to refuse a param value */
        fprintf(stderr, "casereview: --param %s: the value is not UTF-8\n",
                name);
        return -1;
    }
    if (st != CR_OK) {
        fprintf(stderr, "casereview: %s\n", cr_status_to_str(st));
        return -1;
    }
    return 0;
}

struct cr_checklist *
cli_load_checklist(const char *arg, const struct cr_load_options *opts)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    char *path = cli_checklist_path(arg);
    enum cr_status st;
    char *text;

    if (path == NULL)
        return NULL;
    st = cr_checklist_load(path, opts, &cl, &diags);
    text = cr_diag_list_format(diags);
    if (text && text[0])
        fputs(text, stderr);
    cr_free(text);
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        fprintf(stderr, "%s: %s\n", path, cr_status_to_str(st));
    cr_diag_list_free(diags);
    free(path);
    return cl;
}

void
cli_put_line(FILE *f, const char *s)
{
    fputs(s, f);
    fputc('\n', f);
}

int
cli_flush_stdout(const char *command, const char *what)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    fprintf(stderr, "casereview %s: cannot write the %s: %s\n", command, what,
            strerror(errno ? errno : EIO));
    return -1;
}

int
cli_result_status(const struct cr_result *res)
{
    if (res == NULL || cr_result_is_error(res) || !cr_result_is_complete(res))
        return CLI_EXIT_INCOMPLETE;
    return CLI_EXIT_OK;
}

int
cli_ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 ? (int)n : 1;
}
