/* score-tree.c — the scoring rules of checklist 1.1: nested categories,
 * earn categories scored as a share of their applicable members, penalty
 * and bonus categories, on-fail="zero-category", the veto effects, grade
 * caps, and the two bounds of a case with pending items.
 *
 * The case is scored once with every pending item passed (the reported
 * score) and, when something is pending, once more with every pending
 * item failed at its largest deduction (the low end of score_range),
 * from the states the evaluation left: no expression runs again. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "result.h"
#include "verdicts.h"

/* What one item contributes in one scenario. */
struct outcome {
    enum cr_item_state state;  /* passed, failed, not-applicable, error */
    double deduct;             /* deduct items; points - earned for earn */
    double earned;             /* earn items */
    double bonus;              /* bonus items */
};

/* Per category, while its members are added up. */
struct acc {
    double sumd;       /* deduct: item deductions and children's */
    double earned;     /* earn: Σ earned */
    double standard;   /* earn: Σ standard points */
    double penalty;    /* penalty children's deductions */
    double bonus;      /* bonus: Σ bonus of passed items */
    int members;       /* earn: members left in the ratio */
    int any_item;      /* an item, nested ones too, is applicable */
    int zero;          /* an on-fail="zero-category" item failed */
};

/* One scenario's figures. */
struct scenario {
    double *score;             /* per category, exact */
    unsigned char *na;         /* per category */
    double raw;                /* before the veto effect */
    double bonus;
    int vetoed;
};

double
crp_verdict_deduction(const struct cr_item_result *ir)
{
    const struct crp_verdict *v = ir->verdict;

    if (v && v->has_deduct)
        return v->deduct;
    return ir->def->deduct;   /* ranged items: deduct-max (never without
                                 a verdict deduct, the loader says) */
}

static double
per_node_cost(const struct cr_item_result *ir)
{
    const struct crp_item *it = ir->def;
    double d = it->deduct * (double)ir->failing_nodes;

    return d > it->max ? it->max : d;
}

static void
outcome_of(const struct cr_checklist *cl, const struct cr_item_result *ir,
           int worst, struct outcome *o)
{
    const struct crp_item *it = ir->def;
    const struct crp_category *cat = &cl->categories[it->category];
    int pending = ir->state == CR_ITEM_PENDING;
    int machine = !pending && ir->verdict == NULL;

    memset(o, 0, sizeof(*o));
    o->state = pending ? (worst ? CR_ITEM_FAILED : CR_ITEM_PASSED)
                       : ir->state;
    if (cat->role == CRP_ROLE_BONUS) {
        if (o->state == CR_ITEM_PASSED)
            o->bonus = it->bonus;
        return;
    }
    if (cat->scoring == CRP_SCORING_EARN) {
        if (o->state == CR_ITEM_PASSED)
            o->earned = it->points;
        else if (o->state == CR_ITEM_FAILED && machine && it->per_node &&
                 it->has_deduct)
            o->earned = fmax(0, it->points - per_node_cost(ir));
        if (o->state == CR_ITEM_FAILED)
            o->deduct = it->points - o->earned;
        return;
    }
    if (o->state != CR_ITEM_FAILED)
        return;
    if (ir->verdict)
        o->deduct = crp_verdict_deduction(ir);
    else if (pending || it->has_range || !it->per_node)
        o->deduct = it->deduct;     /* deduct-max for a range (reading 12) */
    else
        o->deduct = per_node_cost(ir);
}

static void
add_item(struct acc *a, const struct crp_category *cat,
         const struct crp_item *it, const struct outcome *o)
{
    int counted = o->state == CR_ITEM_PASSED || o->state == CR_ITEM_FAILED;

    a->any_item |= o->state != CR_ITEM_NOT_APPLICABLE;
    if (cat->role == CRP_ROLE_BONUS) {
        a->bonus += o->bonus;
    } else if (cat->scoring == CRP_SCORING_EARN) {
        /* not-applicable and error items leave both sums */
        if (counted) {
            a->earned += o->earned;
            a->standard += it->points;
            a->members++;
        }
    } else {
        a->sumd += o->deduct;
    }
}

/* Category I's score from its members, all added up. IN_EARN: its
 * parent is an earn category (a deduct category is not applicable only
 * there, reading 4; elsewhere it simply costs nothing, as in 1.0). */
static void
finish_category(const struct crp_category *c, const struct acc *a,
                int in_earn, double *score, unsigned char *na)
{
    double s;

    if (c->role == CRP_ROLE_BONUS) {
        *score = fmin(c->points, a->bonus);
        *na = 0;
        return;
    }
    if (c->scoring == CRP_SCORING_EARN) {
        *na = a->members == 0;
        s = a->members == 0 || a->standard <= 0
                ? c->points
                : c->points * a->earned / a->standard;
    } else {
        *na = in_earn && !a->any_item;
        s = c->points - fmin(c->points, a->sumd);
    }
    if (a->zero)
        s = 0;                       /* reading 3: stays applicable */
    *score = fmax(0, s - a->penalty);
}

/* Scores every category (children before parents: they come later in
 * document order) and the case, before the veto effect. */
static int
run_scenario(const struct cr_result *res, int worst, struct scenario *sc)
{
    const struct cr_checklist *cl = res->cl;
    struct acc *acc = crp_calloc(cl->ncategories ? cl->ncategories : 1,
                                 sizeof(*acc));
    double sum = 0, top_penalty = 0;
    size_t i;

    if (acc == NULL)
        return -1;
    sc->vetoed = 0;
    sc->bonus = 0;
    for (i = 0; i < res->nitems; i++) {
        const struct cr_item_result *ir = &res->items[i];
        const struct crp_item *it = ir->def;
        struct outcome o;
        outcome_of(cl, ir, worst, &o);
        add_item(&acc[it->category], &cl->categories[it->category], it, &o);
        if (o.state == CR_ITEM_FAILED && it->zero_category)
            acc[it->category].zero = 1;
        if (o.state == CR_ITEM_FAILED && it->veto)
            sc->vetoed = 1;
    }
    for (i = cl->ncategories; i-- > 0;) {
        const struct crp_category *c = &cl->categories[i];
        struct acc *p;
        double s;
        finish_category(c, &acc[i],
                        c->parent >= 0 && cl->categories[c->parent].scoring ==
                                              CRP_SCORING_EARN,
                        &sc->score[i], &sc->na[i]);
        s = sc->score[i];
        if (c->parent < 0) {
            if (c->role == CRP_ROLE_PENALTY)
                top_penalty += c->points - s;
            else if (c->role == CRP_ROLE_BONUS)
                sc->bonus += s;
            else
                sum += s;
            continue;
        }
        p = &acc[c->parent];
        if (c->role == CRP_ROLE_PENALTY) {
            p->penalty += c->points - s;
            continue;
        }
        p->any_item |= acc[i].any_item;
        if (cl->categories[c->parent].scoring == CRP_SCORING_EARN) {
            if (!sc->na[i]) {
                p->earned += s;
                p->standard += c->points;
                p->members++;
            }
        } else {
            p->sumd += c->points - s;   /* its deduction (reading 4) */
        }
    }
    crp_free(acc);
    sc->raw = fmax(0, sum - top_penalty) + sc->bonus;
    return 0;
}

static double
round2(double v)
{
    return round(v * 100.0) / 100.0;
}

/* The case score after the veto effect, rounded once; NaN: no score. */
static double
final_score(const struct cr_checklist *cl, const struct scenario *sc)
{
    if (sc->vetoed && cl->veto_effect == CRP_VETO_UNSCORED)
        return NAN;
    if (sc->vetoed && cl->veto_effect == CRP_VETO_ZERO)
        return 0;
    return round2(sc->raw);
}

/* The grade: the lowest with a veto; otherwise the first, from the
 * lowest cap of a failed item downwards, whose min the score reaches. */
static long
grade_of(const struct cr_result *res, int vetoed)
{
    const struct cr_checklist *cl = res->cl;
    size_t i, from = 0;

    if (cl->ngrades == 0)
        return -1;
    if (vetoed)
        return (long)cl->ngrades - 1;
    for (i = 0; i < res->sch->ncaps; i++) {
        size_t g = (size_t)cl->items[res->sch->caps[i]].cap_grade;
        if (g > from)
            from = g;
    }
    for (i = from; i < cl->ngrades; i++)
        if (cl->grades[i].min <= res->score + 1e-9)
            return (long)i;
    return -1;
}

/* The reported items: state as decided, what each deducted, earned and
 * added in the all-pass scenario; vetoes, caps and pending lists. */
static int
report_items(struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    size_t i;

    res->sch->pending = crp_calloc(res->nitems ? res->nitems : 1,
                              sizeof(*res->sch->pending));
    res->sch->caps = crp_calloc(res->nitems ? res->nitems : 1,
                           sizeof(*res->sch->caps));
    if (res->sch->pending == NULL || res->sch->caps == NULL)
        return -1;
    res->complete = 1;
    res->nvetoes = res->sch->npending = res->sch->ncaps = 0;
    for (i = 0; i < res->nitems; i++) {
        struct cr_item_result *ir = &res->items[i];
        struct outcome o;
        outcome_of(cl, ir, 0, &o);
        ir->deducted = o.deduct;     /* earned and bonus follow from it */
        if (ir->state == CR_ITEM_ERROR || ir->state == CR_ITEM_PENDING)
            res->complete = 0;
        if (ir->state == CR_ITEM_PENDING)
            res->sch->pending[res->sch->npending++] = i;
        if (o.state == CR_ITEM_FAILED && ir->def->veto)
            res->vetoes[res->nvetoes++] = i;
        if (o.state == CR_ITEM_FAILED && ir->def->cap_grade >= 0)
            res->sch->caps[res->sch->ncaps++] = i;
    }
    return 0;
}

int
crp_score_tree(struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    size_t n = cl->ncategories ? cl->ncategories : 1, i;
    struct scenario main_sc = {NULL, NULL, 0, 0, 0};
    struct scenario low = {NULL, NULL, 0, 0, 0};
    int rc = -1;

    if (res->sch == NULL)
        res->sch = crp_calloc(1, sizeof(*res->sch));
    if (res->sch == NULL)
        return -1;
    if (res->sch->cat_score == NULL)
        res->sch->cat_score = crp_calloc(n, sizeof(*res->sch->cat_score));
    if (res->sch->cat_na == NULL)
        res->sch->cat_na = crp_calloc(n, sizeof(*res->sch->cat_na));
    if (res->sch->cat_score == NULL || res->sch->cat_na == NULL ||
        report_items(res) != 0)
        return -1;
    main_sc.score = res->sch->cat_score;
    main_sc.na = res->sch->cat_na;
    if (run_scenario(res, 0, &main_sc) != 0)
        return -1;
    for (i = 0; i < cl->ncategories; i++)
        res->cat_deducted[i] = cl->categories[i].role == CRP_ROLE_BONUS
                                   ? 0
                                   : cl->categories[i].points -
                                         res->sch->cat_score[i];
    res->sch->bonus = main_sc.bonus;
    res->vetoed = main_sc.vetoed;
    res->score = final_score(cl, &main_sc);
    res->sch->unscored = isnan(res->score);
    res->grade = grade_of(res, res->vetoed);
    res->sch->has_range = res->sch->npending > 0;
    res->sch->range_max = res->score;
    res->sch->range_min = res->score;
    if (res->explained && crp_score_explain(res) != 0)
        return -1;
    if (!res->sch->has_range)
        return 0;
    low.score = crp_calloc(n, sizeof(*low.score));
    low.na = crp_calloc(n, sizeof(*low.na));
    if (low.score && low.na && run_scenario(res, 1, &low) == 0) {
        res->sch->range_min = final_score(cl, &low);
        rc = 0;
    }
    crp_free(low.score);
    crp_free(low.na);
    return rc;
}
