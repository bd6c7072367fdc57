/* checklist-find.h — checklists by name: the search path (checklist-find.c)
 * that every command taking a checklist goes through. */
#ifndef CHECKLIST_FIND_H
#define CHECKLIST_FIND_H

#include <stddef.h>

#define CLI_CHECKLIST_PATH_ENV "CASEREVIEW_CHECKLIST_PATH"
#define CLI_SEARCH_MAX 64

/* The directories searched for a checklist name, in order, each with
 * its kind: "user", "system", "standard" or CLI_CHECKLIST_PATH_ENV. */
struct cli_search_path {
    char *dir[CLI_SEARCH_MAX];
    const char *kind[CLI_SEARCH_MAX];
    size_t count;
};

void cli_search_path_init(struct cli_search_path *sp);
void cli_search_path_free(struct cli_search_path *sp);

/* True when NAME can name a checklist: not empty, at most 200 bytes, no
 * '/', not starting with '.' or '-'. */
int cli_checklist_name_ok(const char *name);

/* DIR/NAME.xml (NAME may end in .xml already) when that is a regular
 * file, else NULL. The caller frees the path. */
char *cli_checklist_in(const char *dir, const char *name);

/* The file a checklist argument names, to free: ARG itself when it holds
 * a '/' or exists, else the first DIR/ARG.xml of the search path. NULL
 * (said on stderr with the directories searched) when there is none. */
char *cli_checklist_path(const char *arg);

#endif
