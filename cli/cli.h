/* cli.h — the casereview command: one cmd_*.c per subcommand, shared
 * helpers in common.c. Every command returns the process exit status:
 * 0 all scored, 1 some case unscorable or an item errored, 2 bad usage
 * or a checklist that does not load. */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdio.h>

#include "casereview.h"
#include "msgcat.h"

#define CLI_EXIT_OK 0
#define CLI_EXIT_INCOMPLETE 1
#define CLI_EXIT_USAGE 2

/* Messages (msg.c): the language, chosen by cli_lang_from_locale() from
 * LC_ALL / LC_MESSAGES / LANG ("en…" English, anything else Chinese);
 * cli_msg() gives a text of messages.def in it; cli_error() prints
 * "casereview COMMAND: " and the text, translated, with a newline. */
extern enum crp_lang cli_lang;
extern const char *cli_command;   /* the subcommand running, or NULL */
void cli_lang_from_locale(void);
const char *cli_msg(const char *text) __attribute__((format_arg(1)));
const char *cli_errno_text(int errnum);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The word of WORDS (N) nearest to WORD, or NULL when none is near
 * enough to be what the user meant (suggest.c). */
const char *cli_suggest(const char *word, const char *const *words,
                        size_t n);
/* getopt_long() that reports a bad option itself, in cli_lang, with a
 * "did you mean" for a mistyped long option; returns '?' then. */
int cli_getopt(int argc, char **argv, const char *shortopts,
               const struct option *longopts, int *idx);
/* cr_status_to_str() in cli_lang. */
const char *cli_status_text(enum cr_status st);
/* cr_load_options_new() with the language set to cli_lang. */
enum cr_status cli_options_new(struct cr_load_options **out);

int cmd_score(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_verdicts(int argc, char **argv);
int cmd_validate(int argc, char **argv);
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
/* Loads the verdicts at PATH for CL, printing every diagnostic to
 * stderr like cli_load_checklist. Returns NULL on failure. */
struct cr_verdicts *cli_load_verdicts(struct cr_checklist *cl,
                                      const char *path);
/* The verdicts loader names the first of two verdicts for one item as
 * "(the first at line N)". For a document a command generated from
 * other files (review forms, tests), the line N of that document;
 * cli_verdict_first_line gives N (0: none), cli_verdict_retarget writes
 * MSG to OUT with WHERE in its place. */
int cli_verdict_first_line(const char *msg);
void cli_verdict_retarget(const char *msg, const char *where, char *out,
                          size_t len);
/* Loads a mapping (--transform), printing its problems to stderr as
 * load_checklist does. Returns NULL on failure. */
struct cr_transform *cli_load_transform(const char *path);
/* Sets TF (may be NULL) on EV; prints why on failure and returns -1. */
int cli_set_transform(struct cr_evaluator *ev, struct cr_transform *tf);
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

/* The per-case budget and result bounds (limits.c), as long options:
 * each is CLI_OPT_LIMIT, told apart by its name. */
#define CLI_OPT_LIMIT 900
#define CLI_LIMIT_OPTIONS                                                 \
    {"max-case-nodes", required_argument, NULL, CLI_OPT_LIMIT},           \
    {"max-case-tree", required_argument, NULL, CLI_OPT_LIMIT},            \
    {"max-case-work", required_argument, NULL, CLI_OPT_LIMIT},            \
    {"max-findings", required_argument, NULL, CLI_OPT_LIMIT},             \
    {"max-message-length", required_argument, NULL, CLI_OPT_LIMIT}
#define CLI_LIMIT_USAGE                                                   \
    "[--max-case-nodes N] [--max-case-tree BYTES] [--max-case-work N]\n"   \
    "                        [--max-findings N] [--max-message-length N]"
/* Sets the limit NAME ("max-case-work", without dashes) to VALUE in
 * OPTS: 0, -1 after saying what is wrong, 1 when NAME is no limit. */
int cli_set_limit(struct cr_load_options *opts, const char *name,
                  const char *value);

#endif
