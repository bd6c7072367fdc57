/* checklist-find.c — what a checklist argument names: a file, or a
 * checklist found by name in the search path (casereview(1), CHECKLISTS):
 *
 *   $CASEREVIEW_CHECKLIST_PATH   colon-separated; an empty entry stands
 *                                for the three defaults below
 *   $XDG_DATA_HOME/casereview/checklists  (~/.local/share/...)   per user
 *   SYSCONFDIR/casereview/checklists      (/etc/...)             per system
 *   DATADIR/casereview/checklists         (/usr/share/...)       standard
 *
 * An argument with a '/' or naming an existing file is a path and wins
 * over any name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "checklist-find.h"

#ifndef CR_SYSTEM_CHECKLIST_DIR
#define CR_SYSTEM_CHECKLIST_DIR "/etc/casereview/checklists"
#endif
#ifndef CR_STANDARD_CHECKLIST_DIR
#define CR_STANDARD_CHECKLIST_DIR "/usr/share/casereview/checklists"
#endif

#define NAME_MAX_BYTES 200

static void
add_dir(struct cli_search_path *sp, const char *dir, size_t len,
        const char *kind)
{
    char *copy;

    if (len == 0 || sp->count == CLI_SEARCH_MAX)
        return;
    copy = malloc(len + 1);
    if (copy == NULL)
        return;
    memcpy(copy, dir, len);
    copy[len] = '\0';
    sp->dir[sp->count] = copy;
    sp->kind[sp->count] = kind;
    sp->count++;
}

static void
add_joined(struct cli_search_path *sp, const char *base, const char *rest,
           const char *kind)
{
    size_t a = strlen(base), b = strlen(rest);
    char *buf = malloc(a + b + 1);

    if (buf == NULL)
        return;
    memcpy(buf, base, a);
    memcpy(buf + a, rest, b + 1);
    add_dir(sp, buf, a + b, kind);
    free(buf);
}

/* The per-user directory follows the XDG base directory rules: a
 * relative XDG_DATA_HOME is ignored. */
static void
add_defaults(struct cli_search_path *sp)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");

    if (xdg && xdg[0] == '/')
        add_joined(sp, xdg, "/casereview/checklists", "user");
    else if (home && home[0] == '/')
        add_joined(sp, home, "/.local/share/casereview/checklists", "user");
    add_dir(sp, CR_SYSTEM_CHECKLIST_DIR, strlen(CR_SYSTEM_CHECKLIST_DIR),
            "system");
    add_dir(sp, CR_STANDARD_CHECKLIST_DIR, strlen(CR_STANDARD_CHECKLIST_DIR),
            "standard");
}

void
cli_search_path_init(struct cli_search_path *sp)
{
    const char *env = getenv(CLI_CHECKLIST_PATH_ENV);
    int defaults_done = 0;

    memset(sp, 0, sizeof(*sp));
    if (env == NULL || env[0] == '\0') {
        add_defaults(sp);
        return;
    }
    for (;;) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        if (len > 0) {
            add_dir(sp, env, len, CLI_CHECKLIST_PATH_ENV);
        } else if (!defaults_done) {
            add_defaults(sp);
            defaults_done = 1;
        }
        if (colon == NULL)
            break;
        env = colon + 1;
    }
}

void
cli_search_path_free(struct cli_search_path *sp)
{
    size_t i;

    for (i = 0; i < sp->count; i++)
        free(sp->dir[i]);
    sp->count = 0;
}

int
cli_checklist_name_ok(const char *name)
{
    size_t len = strlen(name);

    return len > 0 && len <= NAME_MAX_BYTES && name[0] != '.' &&
           name[0] != '-' && strchr(name, '/') == NULL;
}

char *
cli_checklist_in(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int has_ext = nl > 4 && strcmp(name + nl - 4, ".xml") == 0;
    char *path = malloc(dl + nl + 6);
    struct stat st;

    if (path == NULL)
        return NULL;
    memcpy(path, dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, name, nl + 1);
    if (!has_ext)
        memcpy(path + dl + 1 + nl, ".xml", 5);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return path;
    free(path);
    return NULL;
}

static char *
dup_or_complain(const char *s)
{
    char *copy = strdup(s);

    if (copy == NULL)
        cli_error("%s", cli_errno_text(ENOMEM));
    return copy;
}

static void
complain_not_found(const char *arg, const struct cli_search_path *sp)
{
    size_t i;

    cli_error("no checklist '%s': no such file, and no checklist of that "
              "name in:", arg);
    for (i = 0; i < sp->count; i++)
        fprintf(stderr, cli_msg("  %s (%s)\n"), sp->dir[i],
                cli_msg(sp->kind[i]));
    if (sp->count == 0)
        fputs(cli_msg("  (no directory: the search path is empty)\n"),
              stderr);
    fputs(cli_msg("'casereview list' shows the checklists found by name.\n"),
          stderr);
}

char *
cli_checklist_path(const char *arg)
{
    struct cli_search_path sp;
    char *found = NULL;
    size_t i;

    if (strchr(arg, '/') != NULL || access(arg, F_OK) == 0 ||
        !cli_checklist_name_ok(arg))
        return dup_or_complain(arg);
    cli_search_path_init(&sp);
    for (i = 0; i < sp.count && found == NULL; i++)
        found = cli_checklist_in(sp.dir[i], arg);
    if (found == NULL)
        complain_not_found(arg, &sp);
    cli_search_path_free(&sp);
    return found;
}
