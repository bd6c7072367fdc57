/* limits.c — the per-case budget and the bounds of a result as options
 * of every command that scores (score, batch, diff): --max-case-nodes,
 * --max-case-tree, --max-case-work, --max-findings and
 * --max-message-length, the names of the checklist's <limits>
 * attributes and of the library's setters. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "libcasereview/number.h"

int
cli_set_limit(struct cr_load_options *opts, const char *name,
              const char *value)
{
    unsigned long long v;
    int tree = strcmp(name, "max-case-tree") == 0;
    unsigned long long max = tree ? SIZE_MAX
                             : strcmp(name, "max-findings") == 0 ||
                                   strcmp(name, "max-message-length") == 0
                                 ? UINT_MAX : ULONG_MAX;
    enum cr_status st;

    if (strcmp(name, "max-case-nodes") != 0 && !tree &&
        strcmp(name, "max-case-work") != 0 &&
        strcmp(name, "max-findings") != 0 &&
        strcmp(name, "max-message-length") != 0)
        return 1;
    if (crp_parse_count(value, tree, max, &v) != 0) {
        cli_error("--%s wants a whole number from 1%s, not '%s'", name,
                  tree ? cli_msg(" (K, M, G allowed)") : "", value);
        return -1;
    }
    if (strcmp(name, "max-case-nodes") == 0)
        st = cr_load_options_set_max_case_nodes(opts, (unsigned long)v);
    else if (tree)
        st = cr_load_options_set_max_case_tree(opts, (size_t)v);
    else if (strcmp(name, "max-case-work") == 0)
        st = cr_load_options_set_max_case_work(opts, (unsigned long)v);
    else if (strcmp(name, "max-findings") == 0)
        st = cr_load_options_set_max_findings(opts, (unsigned int)v);
    else
        st = cr_load_options_set_max_message_length(opts, (unsigned int)v);
    if (st != CR_OK) {
        cli_error("--%s: %s", name, cli_status_text(st));
        return -1;
    }
    return 0;
}
