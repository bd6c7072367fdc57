/* budget.h — what one case may cost, in units that give the same answer
 * for the same case on any machine and with any number of threads:
 *
 * - max-case-nodes, max-case-tree: nodes and bytes of its tree, counted
 *   while it is built (tree-meter.h);
 * - max-case-work: work units spent evaluating it, summed over its global
 *   lets and all its items. A unit is one XPath operation as libxml2
 *   counts them (XPath's opCount; the fast path counts the same way, one
 *   per step, node visited, comparison or list element read), and the
 *   cr: functions count theirs: a node examined by cr:lookup or
 *   cr:distinct-count, the length of a regex subject and the backtracking
 *   of PCRE2 (regex.c).
 *
 * The per-item limit (xpath_op_limit) still makes one item `error`; past
 * a case limit the whole case is an error result naming the limit, never
 * a partial score. */
#ifndef CRP_BUDGET_H
#define CRP_BUDGET_H

#include <stddef.h>

#include <libxml/xpath.h>

#include "checklist.h"
#include "tree-meter.h"

struct crp_budget {
    struct crp_tree_meter tree;
    unsigned long work, max_work;   /* units this case used, and may */
    unsigned long item_limit;       /* xpath_op_limit */
    int work_over;
};

void crp_budget_init(struct crp_budget *b, const struct crp_limits *l);
/* A new case: nothing used yet. */
void crp_budget_case_begin(struct crp_budget *b);
/* Before a run of evaluations (the global lets, one item): XP counts
 * from 0, up to the per-item limit or what is left of the case's budget,
 * whichever is smaller. -1 when nothing is left. (Inline: once per item
 * of every case.) */
static inline int
crp_budget_ops_begin(struct crp_budget *b, xmlXPathContextPtr xp)
{
    unsigned long left = b->work < b->max_work ? b->max_work - b->work : 0;

    xp->opCount = 0;
    /* libxml2 reads a limit of 0 as none: a spent budget stops here */
    if (left == 0) {
        b->work_over = 1;
        return -1;
    }
    xp->opLimit = b->item_limit && b->item_limit < left ? b->item_limit
                                                        : left;
    return 0;
}

/* After it: its count joins the case's. -1 when the case's budget is
 * spent. */
static inline int
crp_budget_ops_end(struct crp_budget *b, xmlXPathContextPtr xp)
{
    unsigned long used = xp->opCount;

    /* an evaluation stopped at the limit may have counted past it */
    if (used > xp->opLimit)
        used = xp->opLimit;
    b->work += used;
    if (b->work >= b->max_work)
        b->work_over = 1;
    return b->work_over ? -1 : 0;
}
/* The name of the limit the case passed ("max-case-work", ...), or NULL;
 * with its message (Chinese, naming the limit and its value) in BUF. */
const char *crp_budget_over(const struct crp_budget *b, char *buf,
                            size_t len);

#endif
