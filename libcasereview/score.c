/* score.c — the scoring rules of checklist-v1: item deductions with their
 * caps, category caps, the score, vetoes and the grade. */
#include <math.h>

#include "alloc.h"
#include "result.h"

static double
item_deduction(const struct cr_item_result *ir)
{
    const struct crp_item *it = ir->def;
    double d;

    if (ir->state != CR_ITEM_FAILED)
        return 0;
    if (ir->verdict)
        return crp_verdict_deduction(ir);        /* a reviewer's, 1.1 */
    if (!it->per_node)
        return it->deduct;                       /* rule 2, per="item" */
    d = it->deduct * (double)ir->failing_nodes;  /* rule 2, per="node" */
    return d > it->max ? it->max : d;
}

int
crp_score(struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    double *sum = res->cat_deducted, total = 0, shown;
    size_t i;

    if (cl->v11)
        return crp_score_tree(res);
    res->complete = 1;
    res->nvetoes = 0;
    for (i = 0; i < cl->ncategories; i++)
        sum[i] = 0;
    for (i = 0; i < res->nitems; i++) {
        struct cr_item_result *ir = &res->items[i];
        ir->deducted = item_deduction(ir);
        sum[ir->def->category] += ir->deducted;
        if (ir->state == CR_ITEM_ERROR)
            res->complete = 0;                   /* rule 6 */
        if (ir->state == CR_ITEM_FAILED && ir->def->veto)
            res->vetoes[res->nvetoes++] = i;     /* rule 5 */
    }
    for (i = 0; i < cl->ncategories; i++) {
        if (sum[i] > cl->categories[i].points)   /* rule 3 */
            sum[i] = cl->categories[i].points;
        total += sum[i];
    }
    res->score = cl->total - total;              /* rule 4 */
    if (res->score < 0)
        res->score = 0;
    res->vetoed = res->nvetoes > 0;
    res->grade = -1;
    if (cl->ngrades == 0)
        return 0;
    if (res->vetoed) {
        res->grade = (long)cl->ngrades - 1;
        return 0;
    }
    /* graded on the score as printed (two decimals): 100 - 10.004 shows
     * 90 and gets the grade of 90, and 89.99999 from float sums is 90;
     * the small tolerance absorbs the binary error of the rounding */
    shown = round(res->score * 100.0) / 100.0;
    for (i = 0; i < cl->ngrades; i++) {
        if (cl->grades[i].min <= shown + 1e-9) {
            res->grade = (long)i;
            return 0;
        }
    }
    return 0;
}
