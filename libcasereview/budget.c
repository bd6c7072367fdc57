/* budget.c — the per-case budget (budget.h). */
#include <stdio.h>

#include "budget.h"
#include "msgcat-lib.h"

#define T(s) crp_msg(crp_msg_current(), s)

void
crp_budget_init(struct crp_budget *b, const struct crp_limits *l)
{
    b->tree.max_nodes = l->max_case_nodes;
    b->tree.max_bytes = l->max_case_tree;
    b->max_work = l->max_case_work;
    b->item_limit = l->xpath_op_limit;
    crp_budget_case_begin(b);
}

void
crp_budget_case_begin(struct crp_budget *b)
{
    crp_meter_reset(&b->tree);
    b->work = 0;
    b->work_over = 0;
}

/* As casefile's error messages do, what the reader can do about it: a
 * real case this large needs the limit raised (buf: at least 256 bytes
 * hold every message). */
#define RAISE(opt) "，未评分；确属正常案卷的，可用 --" opt " 或评查标准的 " \
                   "<limits> 调高上限"

const char *
crp_budget_over(const struct crp_budget *b, char *buf, size_t len)
{
    switch (b->tree.over) {
    case CRP_METER_NODES:
        snprintf(buf, len, T("案卷节点数超过上限 max-case-nodes（%lu 个）"
                 RAISE("max-case-nodes")), b->tree.max_nodes);
        return "max-case-nodes";
    case CRP_METER_BYTES:
        snprintf(buf, len, T("案卷文档树大小超过上限 max-case-tree（%zu 字节）"
                 RAISE("max-case-tree")), b->tree.max_bytes);
        return "max-case-tree";
    default:
        break;
    }
    if (b->work_over) {
        snprintf(buf, len, T("案卷评查计算量超过上限 max-case-work（%lu 个单位）"
                 RAISE("max-case-work")), b->max_work);
        return "max-case-work";
    }
    return NULL;
}
