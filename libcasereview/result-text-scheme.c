/* result-text-scheme.c — the parts of the readable report that checklist
 * 1.1 adds: 待人工评查 and the score range, grade caps, bonus, nested
 * category scores, the items waiting for a reviewer with the machine's
 * hints, and what reviewers decided. result-text.c calls these only
 * for a 1.1 checklist or a case with verdicts, so 1.0 reports stay as
 * they were. */
#include <math.h>

#include "result.h"
#include "strbuf.h"
#include "verdicts.h"

static const char *
num(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "不评分");
    else
        crp_format_number(v, buf, len);
    return buf;
}

static const char *
state_label(enum cr_item_state st)
{
    switch (st) {
    case CR_ITEM_PASSED: return "通过";
    case CR_ITEM_FAILED: return "不通过";
    case CR_ITEM_NOT_APPLICABLE: return "不适用";
    case CR_ITEM_PENDING: return "待人工评查";
    default: return "错误";
    }
}

void
crp_text_scheme_head(struct crp_strbuf *sb, const struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    char a[64], b[64];
    size_t i;

    if (res->sch->npending) {
        crp_strbuf_printf(sb, "待人工评查：%zu 项（", res->sch->npending);
        for (i = 0; i < res->sch->npending; i++)
            crp_strbuf_printf(sb, "%s%s", i ? "、" : "",
                              cl->items[res->sch->pending[i]].id);
        crp_strbuf_printf(sb, "），得分范围 %s – %s（以上得分按待评项全部"
                          "通过计）\n", num(res->sch->range_min, a, sizeof(a)),
                          num(res->sch->range_max, b, sizeof(b)));
    }
    for (i = 0; i < res->sch->ncaps; i++) {
        const struct crp_item *it = &cl->items[res->sch->caps[i]];
        crp_strbuf_printf(sb, "等次上限：[%s] %s 未通过，等次至多为%s\n",
                          it->id, it->title, cl->grades[it->cap_grade].label);
    }
    if (res->sch->bonus > 0)
        crp_strbuf_printf(sb, "加分：%s 分\n", num(res->sch->bonus, a, sizeof(a)));
}

static int
depth_of(const struct cr_checklist *cl, size_t i)
{
    int d = 0;
    long p = cl->categories[i].parent;

    while (p >= 0 && d < 64) {
        d++;
        p = cl->categories[p].parent;
    }
    return d;
}

void
crp_text_scheme_categories(struct crp_strbuf *sb,
                           const struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    char pts[64], sc[64];
    size_t i;
    int d;

    crp_strbuf_puts(sb, "分类得分：\n");
    for (i = 0; i < cl->ncategories; i++) {
        const struct crp_category *c = &cl->categories[i];
        crp_strbuf_puts(sb, "  ");
        for (d = depth_of(cl, i); d > 0; d--)
            crp_strbuf_puts(sb, "  ");
        num(c->points, pts, sizeof(pts));
        num(res->sch->cat_score[i], sc, sizeof(sc));
        if (c->role == CRP_ROLE_BONUS)
            crp_strbuf_printf(sb, "%s（加分项，上限 %s 分）：加 %s 分\n",
                              c->title, pts, sc);
        else if (c->role == CRP_ROLE_PENALTY)
            crp_strbuf_printf(sb, "%s（扣减项，%s 分）：扣 %s 分\n", c->title,
                              pts, num(c->points - res->sch->cat_score[i], sc,
                                       sizeof(sc)));
        else if (res->sch->cat_na[i])
            crp_strbuf_printf(sb, "%s：%s 分，不适用（不计入比例）\n", c->title,
                              pts);
        else
            crp_strbuf_printf(sb, "%s：%s 分，得 %s 分%s\n", c->title, pts, sc,
                              c->scoring == CRP_SCORING_EARN
                                  ? "（按适用项比例计分）" : "");
    }
}

static void
put_findings(struct crp_strbuf *sb, const struct cr_item_result *ir,
             const char *lead)
{
    size_t i;

    for (i = 0; i < ir->nfindings; i++)
        crp_strbuf_printf(sb, "      %s%s（%s，第%d行）\n", i ? "  " : lead,
                          ir->findings[i].message, ir->findings[i].location,
                          ir->findings[i].line);
    /* past max-findings, as the failed items' list ends (result-text.c) */
    if (ir->findings_omitted)
        crp_strbuf_printf(sb, "      %s…及其他 %zu 处\n", i ? "  " : lead,
                          ir->findings_omitted);
}

/* What a reviewer may decide for IR: its range, its deduction. */
static void
put_allowed(struct crp_strbuf *sb, const struct crp_item *it)
{
    char a[64], b[64];

    if (it->has_bonus)
        crp_strbuf_printf(sb, "加 %s 分", num(it->bonus, a, sizeof(a)));
    else if (it->has_points)
        crp_strbuf_printf(sb, "%s 分", num(it->points, a, sizeof(a)));
    else if (it->has_range)
        crp_strbuf_printf(sb, "扣 %s–%s 分", num(it->deduct_min, a,
                                                 sizeof(a)),
                          num(it->deduct_max, b, sizeof(b)));
    else
        crp_strbuf_printf(sb, "扣 %s 分", num(it->deduct, a, sizeof(a)));
    if (it->veto)
        crp_strbuf_puts(sb, "，否决项");
}

void
crp_text_scheme_tail(struct crp_strbuf *sb, const struct cr_result *res)
{
    size_t i, n = 0;
    char a[64];

    /* a 1.0 checklist with verdicts has no 1.1 part: nothing pending */
    if (res->sch && res->sch->npending)
        crp_strbuf_printf(sb, "待人工评查项（%zu）：\n", res->sch->npending);
    for (i = 0; res->sch && i < res->sch->npending; i++) {
        const struct cr_item_result *ir = &res->items[res->sch->pending[i]];
        crp_strbuf_printf(sb, "  [%s] %s（", ir->def->id, ir->def->title);
        put_allowed(sb, ir->def);
        crp_strbuf_puts(sb, "）\n");
        if (ir->def->basis[0])
            crp_strbuf_printf(sb, "      依据：%s\n", ir->def->basis);
        put_findings(sb, ir, "机器提示：");
    }
    for (i = 0; i < res->nitems; i++)
        n += res->items[i].verdict != NULL;
    if (n)
        crp_strbuf_printf(sb, "人工评查结论（%zu）：\n", n);
    for (i = 0; i < res->nitems; i++) {
        const struct cr_item_result *ir = &res->items[i];
        const struct crp_verdict *v = ir->verdict;
        if (v == NULL)
            continue;
        crp_strbuf_printf(sb, "  [%s] %s：%s", ir->def->id, ir->def->title,
                          state_label(v->result));
        if (v->result == CR_ITEM_FAILED && ir->deducted > 0)
            crp_strbuf_printf(sb, "，扣 %s 分", num(ir->deducted, a,
                                                     sizeof(a)));
        crp_strbuf_printf(sb, "（%s，%s；机器判定：%s）\n", v->by, v->at,
                          state_label(ir->machine_state));
        if (v->reason[0])
            crp_strbuf_printf(sb, "      理由：%s\n", v->reason);
    }
}
