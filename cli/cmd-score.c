/* cmd-score.c — casereview score: one result per case file, as a
 * readable report (default on a terminal) or JSON Lines. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "explain-text.h"

static const char usage_text[] =
    "usage: casereview score -c CHECKLIST [--param NAME=VALUE]... "
    "[--data NAME=PATH]...\n"
    "                        [--format text|json] [--explain]\n"
    "                        [--verdicts FILE] [--transform MAPPING.xsl]\n"
    "                        " CLI_LIMIT_USAGE " FILE...\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Scores each case FILE (casefile XML; '-' reads one from standard input)\n"
    "and prints its result. Folders and archives: casereview batch.\n"
    "\n"
    "  -c, --checklist CHECKLIST  the checklist: a path, or a name found by\n"
    "                             casereview list\n"
    "  --param NAME=VALUE         set a param of the checklist\n"
    "  --data NAME=PATH           use another file for a data document\n"
    "  --format text|json         text: a report for people; json: one JSON\n"
    "                             line per case. Default: text on a terminal,\n"
    "                             json when the output is a file or a pipe\n"
    "  --explain                  why each deduction fired (the values read)\n"
    "  --verdicts FILE            reviewers' decisions for items they decide\n"
    "  --transform MAPPING.xsl    turn an agency's own export into casefile\n"
    "  --max-case-nodes N, --max-case-tree BYTES, --max-case-work N\n"
    "                             the most one case may cost (docs/limits.md)\n"
    "  --max-findings N, --max-message-length N\n"
    "                             the most one result may hold\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 every case scored; 1 some case could not be scored or an\n"
    "item ended in error; 2 bad usage or a checklist that does not load.\n";

/* "-": the case from standard input, at most the case size limit. */
static enum cr_status
score_stdin(struct cr_evaluator *ev, struct cr_result **res)
{
    size_t len = 0, cap = 65536;
    char *buf = malloc(cap);
    enum cr_status st;

    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, stdin);
        len += got;
        if (got == 0 || len > ((size_t)1 << 30))
            break;
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf == NULL)
        return CR_ERR_NOMEM;
    if (ferror(stdin)) {
        free(buf);
        cli_error("cannot read standard input: %s", cli_errno_text(errno));
        return CR_ERR_IO;
    }
    st = cr_evaluator_score_memory(ev, buf, len, "-", res);
    free(buf);
    return st;
}

struct score_opts {
    const char *checklist;
    int json;
    int explain;
    const char *verdicts;
    const char *transform;
};

enum {
    OPT_PARAM = 256, OPT_DATA, OPT_FORMAT, OPT_EXPLAIN, OPT_VERDICTS,
    OPT_TRANSFORM
};

static const struct option long_options[] = {
    {"checklist", required_argument, NULL, 'c'},
    {"param", required_argument, NULL, OPT_PARAM},
    {"data", required_argument, NULL, OPT_DATA},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"verdicts", required_argument, NULL, OPT_VERDICTS},
    {"transform", required_argument, NULL, OPT_TRANSFORM},
    CLI_LIMIT_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

/* Parses the options into O and OPTS; returns the index of the first
 * file, or -1 on bad usage, or 0 after --help. Options may come before
 * or after the files (getopt_long, as in `batch`); `--` ends them. */
static int
parse_args(int argc, char **argv, struct score_opts *o,
           struct cr_load_options *opts)
{
    int opt, idx = 0;

    o->json = !isatty(STDOUT_FILENO);
    optind = 1;
    while ((opt = cli_getopt(argc, argv, "c:h", long_options, &idx)) != -1) {
        switch (opt) {
        case 'c':
            o->checklist = optarg;
            break;
        case 'h':
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            return 0;
        case OPT_PARAM:
        case OPT_DATA:
            if (cli_add_override(opts, optarg, opt == OPT_DATA) != 0)
                return -1;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
                cli_error("unknown format '%s' (text or json)", optarg);
                return -1;
            }
            o->json = strcmp(optarg, "json") == 0;
            break;
        case OPT_EXPLAIN:
            o->explain = 1;
            break;
        case OPT_VERDICTS:
            o->verdicts = optarg;
            break;
        case OPT_TRANSFORM:
            o->transform = optarg;
            break;
        case CLI_OPT_LIMIT:
            if (cli_set_limit(opts, long_options[idx].name, optarg) != 0)
                return -1;
            break;
        default:
            return -1;
        }
    }
    if (!o->checklist) {
        cli_error("-c CHECKLIST is required");
        return -1;
    }
    if (optind >= argc) {
        cli_error("no case file given");
        return -1;
    }
    return optind;
}

static int
print_result(const struct cr_result *res, const struct score_opts *o)
{
    char *out = NULL;
    enum cr_status st;

    if (o->json)
        st = cr_result_to_json(res, o->explain ? CR_JSON_EXPLAIN : 0, &out);
    else
        st = cr_result_to_text(res, &out);
    if (st != CR_OK) {
        cli_error("%s", cli_status_text(st));
        return -1;
    }
    if (o->json)
        cli_put_line(stdout, out);
    else
        fputs(out, stdout);
    cr_free(out);
    return 0;
}

int
cmd_score(int argc, char **argv)
{
    struct score_opts o = {NULL, 0, 0, NULL, NULL};
    struct cr_load_options *opts = NULL;
    struct cr_checklist *cl = NULL;
    struct cr_verdicts *verdicts = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_transform *tf = NULL;
    struct explain_dates *dates = NULL;
    int first, i, status = CLI_EXIT_OK;

    if (cli_options_new(&opts) != CR_OK)
        return CLI_EXIT_USAGE;
    first = parse_args(argc, argv, &o, opts);
    if (first <= 0) {
        cr_load_options_free(opts);
        if (first < 0)
            fputs(cli_msg(usage_text), stderr);
        return first < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    cl = cli_load_checklist(o.checklist, opts);
    cr_load_options_free(opts);
    if (o.transform && cl && (tf = cli_load_transform(o.transform)) == NULL)
        cl = cr_checklist_unref(cl);
    if (cl && o.verdicts)
        verdicts = cli_load_verdicts(cl, o.verdicts);
    if (cl == NULL || (o.verdicts && verdicts == NULL) ||
        cr_evaluator_new(cl, &ev) != CR_OK ||
        cr_evaluator_set_verdicts(ev, verdicts) != CR_OK ||
        cli_set_transform(ev, tf) != 0) {
        cr_evaluator_free(ev);
        cr_verdicts_unref(verdicts);
        cr_transform_unref(tf);
        cr_checklist_unref(cl);
        return CLI_EXIT_USAGE;
    }
    cr_verdicts_unref(verdicts);   /* the evaluator holds it */
    if (o.explain)
        cr_evaluator_set_flags(ev, CR_EVAL_EXPLAIN);
    if (o.explain && !o.json)
        dates = explain_dates_new(cl);
    for (i = first; i < argc; i++) {
        struct cr_result *res = NULL;
        enum cr_status st;

        st = strcmp(argv[i], "-") == 0 ? score_stdin(ev, &res)
                                       : cr_evaluator_score_file(ev, argv[i],
                                                                 &res);
        if (!o.json && i > first)
            putchar('\n');     /* reports of several files apart */
        if (res == NULL) {
            cli_error("%s: %s", argv[i], cli_status_text(st));
            status = CLI_EXIT_INCOMPLETE;
            continue;
        }
        if (print_result(res, &o) != 0 || cli_result_status(res) != 0)
            status = CLI_EXIT_INCOMPLETE;
        if (!o.json && o.explain)
            explain_print(stdout, res, dates);
        cr_result_free(res);
    }
    cr_evaluator_free(ev);
    explain_dates_free(dates);
    cr_transform_unref(tf);
    cr_checklist_unref(cl);
    /* a result that never reached its reader is a failed run, not an
     * unscorable case (exit 1) */
    if (cli_flush_stdout("score", "results") != 0)
        status = CLI_EXIT_USAGE;
    return status;
}
