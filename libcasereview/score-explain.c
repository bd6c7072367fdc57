/* score-explain.c — with CR_EVAL_EXPLAIN, why each category of a
 * checklist 1.1 scored what it did: for an earn category, which members
 * counted in its ratio and what each earned, which left the denominator
 * and why, and the formula; penalties and zero-category for all. Built
 * from the scored result, after score-tree.c. */
#include <math.h>
#include <stdio.h>

#include "alloc.h"
#include "result.h"
#include "strbuf.h"

static char *
fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));

static char *
fmt(const char *format, ...)
{
    struct crp_strbuf sb;
    va_list ap;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    va_start(ap, format);
    crp_strbuf_vprintf(&sb, format, ap);
    va_end(ap);
    return crp_strbuf_steal(&sb);
}

static const char *
n2(double v, char *buf)
{
    crp_format_number(v, buf, 32);
    return buf;
}

struct expl {
    struct crp_pair **v;
    size_t *n;
    int oom;
};

static void add_named(struct expl *e, const char *pre, const char *name,
                      char *value);

static void
add(struct expl *e, const char *name, char *value)
{
    add_named(e, "", name, value);
}

static void
add_named(struct expl *e, const char *pre, const char *name, char *value)
{
    if (crp_pairs_take(e->v, e->n, fmt("%s%s", pre, name), value) != 0)
        e->oom = 1;
}

/* One item of category I: counted in the ratio, or why not. Adds its
 * earned and standard points to *E and *S. */
static void
item_member(struct expl *e, const struct cr_item_result *ir, double *E,
            double *S)
{
    char a[32], b[32];

    switch (ir->state) {
    case CR_ITEM_NOT_APPLICABLE:
        add(e, ir->def->id, fmt("不计入比例：不适用（%s）", ir->def->title));
        return;
    case CR_ITEM_ERROR:
        add(e, ir->def->id, fmt("不计入比例：评查出错（%s）", ir->def->title));
        return;
    default:
        break;
    }
    *E += crp_item_earned(ir);
    *S += ir->def->points;
    add(e, ir->def->id,
        fmt("计入比例：得 %s / 标准分 %s%s", n2(crp_item_earned(ir), a),
            n2(ir->def->points, b),
            ir->state == CR_ITEM_PENDING ? "（待人工评查，按通过计）" : ""));
}

static void
explain_category(const struct cr_result *res, size_t i, struct expl *e)
{
    const struct cr_checklist *cl = res->cl;
    const struct crp_category *c = &cl->categories[i];
    double E = 0, S = 0, pen = 0;
    char a[32], b[32], d[32], f[32], g[32];
    size_t k;
    int zero = 0;

    for (k = 0; k < res->nitems; k++) {
        const struct cr_item_result *ir = &res->items[k];
        if (ir->def->category != i)
            continue;
        if (c->scoring == CRP_SCORING_EARN && c->role == CRP_ROLE_NONE)
            item_member(e, ir, &E, &S);
        if (ir->def->zero_category && ir->state == CR_ITEM_FAILED) {
            zero = 1;
            /* a name of its own: JSON explain members are unique */
            add_named(e, "on-fail ", ir->def->id,
                      fmt("未通过，本类得 0 分（zero-category）"));
        }
    }
    for (k = i + 1; k < cl->ncategories; k++) {
        const struct crp_category *ch = &cl->categories[k];
        double lost = ch->points - res->sch->cat_score[k];
        if (ch->parent != (long)i)
            continue;
        if (ch->role == CRP_ROLE_PENALTY) {
            pen += lost;
            add(e, ch->id, fmt("扣减项：扣 %s 分", n2(lost, a)));
        } else if (c->scoring != CRP_SCORING_EARN) {
            add(e, ch->id, fmt("扣 %s 分", n2(lost, a)));
        } else if (res->sch->cat_na[k]) {
            add(e, ch->id, fmt("不计入比例：本类不适用（%s）", ch->title));
        } else {
            E += res->sch->cat_score[k];
            S += ch->points;
            add(e, ch->id, fmt("计入比例：得 %s / 标准分 %s", n2(res->sch->cat_score[k],
                                                            a),
                               n2(ch->points, b)));
        }
    }
    if (c->scoring != CRP_SCORING_EARN || c->role != CRP_ROLE_NONE) {
        if (pen > 0 || zero)
            add(e, "=", fmt("%s", n2(res->sch->cat_score[i], a)));
        return;
    }
    if (res->sch->cat_na[i]) {
        add(e, "=", fmt("无适用项，本类不适用"));
        return;
    }
    add(e, "=", fmt("%s × %s / %s = %s%s%s%s", n2(c->points, a), n2(E, b),
                    n2(S, d), n2(S > 0 ? c->points * E / S : c->points, f),
                    zero ? "，本类得 0 分" : "",
                    pen > 0 ? "，扣减后 " : "",
                    pen > 0 ? n2(res->sch->cat_score[i], g) : ""));
}

int
crp_score_explain(struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    size_t i;
    int oom = 0;

    res->sch->cat_explain = crp_calloc(cl->ncategories ? cl->ncategories : 1,
                                  sizeof(*res->sch->cat_explain));
    if (res->sch->cat_explain == NULL)
        return -1;
    for (i = 0; i < cl->ncategories && !oom; i++) {
        struct expl e = {&res->sch->cat_explain[i].v, &res->sch->cat_explain[i].n, 0};
        explain_category(res, i, &e);
        oom = e.oom;
    }
    return oom ? -1 : 0;
}
