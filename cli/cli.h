/* cli.h — the casereview command: one cmd_*.c per subcommand, shared
 * helpers in common.c. Every command returns the process exit status:
 * 0 all scored, 1 some case unscorable or an item errored, 2 bad usage
 * or a checklist that does not load. */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>

#include "casereview.h"

#define CLI_EXIT_OK 0
#define CLI_EXIT_INCOMPLETE 1
#define CLI_EXIT_USAGE 2

int cmd_score(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* Adds "NAME=VALUE" to OPTS as a param (IS_DATA 0) or data override
 * (IS_DATA 1). Prints a message and returns -1 when ARG has no '='. */
int cli_add_override(struct cr_load_options *opts, const char *arg,
                     int is_data);
/* Loads a checklist (a path, or a name in the search path: see
 * checklist-find.h), printing every diagnostic to stderr as
 * file:line:col: error[CR-NNNN]: message. Returns NULL on failure. */
struct cr_checklist *cli_load_checklist(const char *path,
                                        const struct cr_load_options *opts);
/* Writes S to F as one line (adds '\n'). */
void cli_put_line(FILE *f, const char *s);
/* Flushes standard output; on a write error says so on stderr ("casereview
 * COMMAND: cannot write the WHAT: cause") and returns -1: the run then
 * exits CLI_EXIT_USAGE, as for an output that cannot be opened. */
int cli_flush_stdout(const char *command, const char *what);
/* Exit status for one result: 0, or 1 when an error result or an item
 * in the error state. */
int cli_result_status(const struct cr_result *res);
/* The number of online processors (at least 1). */
int cli_ncpus(void);

#endif
