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
        cli_error("expected NAME=VALUE, got '%s'", arg);
        return -1;
    }
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    st = is_data ? cr_load_options_set_data(opts, name, eq + 1)
                 : cr_load_options_set_param(opts, name, eq + 1);
    if (st == CR_ERR_INVALID && !is_data) {
        /* the library's one reason to refuse a param value */
        cli_error("--param %s: the value is not UTF-8", name);
        return -1;
    }
    if (st != CR_OK) {
        cli_error("%s", cli_status_text(st));
        return -1;
    }
    return 0;
}

/* The checklist says nothing of the case files it accepts: `lint`
 * warns, the commands that score do not repeat it on every run. */
#define DIAG_NO_ACCEPTS 2601

struct cr_checklist *
cli_load_checklist(const char *arg, const struct cr_load_options *opts)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    char *path = cli_checklist_path(arg);
    enum cr_status st;
    size_t i;

    if (path == NULL)
        return NULL;
    st = cr_checklist_load(path, opts, &cl, &diags);
    for (i = 0; i < cr_diag_list_count(diags); i++) {
        const struct cr_diag *d = cr_diag_list_get(diags, i);
        char *text = cr_diag_get_code(d) == DIAG_NO_ACCEPTS
                     ? NULL : cr_diag_format(d);
        if (text)
            cli_put_line(stderr, text);
        cr_free(text);
    }
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        cli_error("%s: %s", path, cli_status_text(st));
    cr_diag_list_free(diags);
    free(path);
    return cl;
}

struct cr_transform *
cli_load_transform(const char *path)
{
    struct cr_transform *tf = NULL;
    struct cr_diag_list *diags = NULL;
    enum cr_status st = cr_transform_load(path, &tf, &diags);
    char *text = cr_diag_list_format(diags);

    if (text && text[0])
        fputs(text, stderr);
    cr_free(text);
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        cli_error("%s: %s", path, cli_status_text(st));
    cr_diag_list_free(diags);
    return tf;
}

int
cli_set_transform(struct cr_evaluator *ev, struct cr_transform *tf)
{
    enum cr_status st = tf ? cr_evaluator_set_transform(ev, tf) : CR_OK;

    if (st != CR_OK)
        cli_error("%s: %s", cr_transform_get_path(tf), cli_status_text(st));
    return st == CR_OK ? 0 : -1;
}

struct cr_verdicts *
cli_load_verdicts(struct cr_checklist *cl, const char *path)
{
    struct cr_verdicts *v = NULL;
    struct cr_diag_list *diags = NULL;
    enum cr_status st = cr_verdicts_load(cl, path, &v, &diags);
    char *text = cr_diag_list_format(diags);

    if (text && text[0])
        fputs(text, stderr);
    cr_free(text);
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        cli_error("%s: %s", path, cli_status_text(st));
    cr_diag_list_free(diags);
    return v;
}

/* The loader's words in either language (messages-text.def): the mark
 * before the line, what WHERE replaces it with, the mark that ends it. */
static const struct first_at {
    const char *mark, *with, *end;
} first_at[] = {
    {"(the first at line ", "(the first at ", ")"},
    {"（第一个在第 ", "（第一个在 ", "）"},
};

static const struct first_at *
find_first_at(const char *msg, const char **at)
{
    size_t i;

    for (i = 0; i < sizeof(first_at) / sizeof(first_at[0]); i++)
        if ((*at = strstr(msg, first_at[i].mark)) != NULL)
            return &first_at[i];
    return NULL;
}

int
cli_verdict_first_line(const char *msg)
{
    const char *p;
    const struct first_at *f = find_first_at(msg, &p);

    return f ? atoi(p + strlen(f->mark)) : 0;
}

void
cli_verdict_retarget(const char *msg, const char *where, char *out,
                     size_t len)
{
    const char *p = NULL;
    const struct first_at *f = find_first_at(msg, &p);
    const char *end = f ? strstr(p, f->end) : NULL;

    if (end == NULL)
        snprintf(out, len, "%s", msg);
    else
        snprintf(out, len, "%.*s%s%s%s", (int)(p - msg), msg, f->with,
                 where, end);
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
    fprintf(stderr, cli_msg("casereview %s: cannot write the %s: %s\n"),
            command, cli_msg(what), cli_errno_text(errno ? errno : EIO));
    return -1;
}

int
cli_result_status(const struct cr_result *res)
{
    size_t i;

    if (res == NULL || cr_result_is_error(res))
        return CLI_EXIT_INCOMPLETE;
    /* pending items make a result incomplete, not a failed run */
    for (i = 0; i < cr_result_get_item_count(res); i++)
        if (cr_item_result_get_state(cr_result_get_item(res, i)) ==
            CR_ITEM_ERROR)
            return CLI_EXIT_INCOMPLETE;
    return CLI_EXIT_OK;
}

int
cli_ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 ? (int)n : 1;
}
