/* api-scheme.c — the getters of checklist 1.1: a checklist's scoring
 * scheme, and what a result holds of it (scores, ranges, pending items,
 * grade caps, bonus, verdicts, hints). */
#include <math.h>

#include "api-get.h"
#include "export.h"
#include "result.h"
#include "verdicts.h"

#define CAT_OK(cl, i) ((cl) && (i) < (cl)->ncategories)
#define ITEM_OK(cl, i) ((cl) && (i) < (cl)->nitems)
#define SCORED(res) ((res) != NULL && !(res)->is_error)
/* a result's 1.1 part (NULL for a 1.0 checklist, or an error result) */
#define SCH(res) (SCORED(res) ? (res)->sch : NULL)

CR_EXPORT const char *
cr_checklist_get_language(const struct cr_checklist *cl)
{
    return cl == NULL ? NULL : cl->v11 ? "1.1" : "1.0";
}

CR_EXPORT const char *
cr_checklist_get_veto_effect(const struct cr_checklist *cl)
{
    static const char *const names[] = {"lowest-grade", "zero", "unscored"};

    return cl ? names[cl->veto_effect] : NULL;
}

CR_EXPORT long
cr_checklist_get_category_parent(const struct cr_checklist *cl, size_t i)
{
    return CAT_OK(cl, i) ? cl->categories[i].parent : -1;
}

CR_EXPORT const char *
cr_checklist_get_category_scoring(const struct cr_checklist *cl, size_t i)
{
    if (!CAT_OK(cl, i))
        return NULL;
    return cl->categories[i].scoring == CRP_SCORING_EARN ? "earn" : "deduct";
}

CR_EXPORT const char *
cr_checklist_get_category_role(const struct cr_checklist *cl, size_t i)
{
    if (!CAT_OK(cl, i))
        return NULL;
    switch (cl->categories[i].role) {
    case CRP_ROLE_PENALTY: return "penalty";
    case CRP_ROLE_BONUS: return "bonus";
    default: return NULL;
    }
}

CRP_GETTER_AT(double, cr_checklist_get_item_points, struct cr_checklist,
              cr_checklist_get_item_count(o), o->items[i].points, 0)

CRP_GETTER_AT(double, cr_checklist_get_item_bonus, struct cr_checklist,
              cr_checklist_get_item_count(o), o->items[i].bonus, 0)

CR_EXPORT int
cr_checklist_get_item_range(const struct cr_checklist *cl, size_t i,
                            double *min, double *max)
{
    if (!ITEM_OK(cl, i) || !cl->items[i].has_range)
        return 0;
    if (min)
        *min = cl->items[i].deduct_min;
    if (max)
        *max = cl->items[i].deduct_max;
    return 1;
}

CRP_GETTER_AT(int, cr_checklist_get_item_reviewer, struct cr_checklist,
              cr_checklist_get_item_count(o), o->items[i].reviewer, 0)
CRP_GETTER_AT(int, cr_checklist_get_item_zero_category, struct cr_checklist,
              cr_checklist_get_item_count(o), o->items[i].zero_category, 0)

CR_EXPORT const char *
cr_checklist_get_item_cap_grade(const struct cr_checklist *cl, size_t i)
{
    if (!ITEM_OK(cl, i) || cl->items[i].cap_grade < 0)
        return NULL;
    return cl->grades[cl->items[i].cap_grade].id;
}

/* ---- results ---- */

CR_EXPORT int
cr_result_has_score(const struct cr_result *res)
{
    return SCORED(res) && !(SCH(res) && res->sch->unscored);
}

CR_EXPORT int
cr_result_get_score_range(const struct cr_result *res, double *min,
                          double *max)
{
    int has = SCH(res) && res->sch->has_range;

    if (min)
        *min = has ? res->sch->range_min : NAN;
    if (max)
        *max = has ? res->sch->range_max : NAN;
    return has;
}

CR_EXPORT size_t
cr_result_count_items(const struct cr_result *res, enum cr_item_state st)
{
    size_t i, n = 0;

    for (i = 0; SCORED(res) && i < res->nitems; i++)
        n += res->items[i].state == st;
    return n;
}

CRP_GETTER(size_t, cr_result_get_pending_count, struct cr_result,
           SCH(o) ? o->sch->npending : 0, 0)
CRP_GETTER_AT(const char *, cr_result_get_pending, struct cr_result,
              cr_result_get_pending_count(o),
              o->cl->items[o->sch->pending[i]].id, NULL)
CRP_GETTER(size_t, cr_result_get_grade_cap_count, struct cr_result,
           SCH(o) ? o->sch->ncaps : 0, 0)
CRP_GETTER_AT(const char *, cr_result_get_grade_cap, struct cr_result,
              cr_result_get_grade_cap_count(o),
              o->cl->items[o->sch->caps[i]].id, NULL)

CR_EXPORT double
cr_result_get_bonus(const struct cr_result *res)
{
    return SCH(res) ? res->sch->bonus : 0;
}

CR_EXPORT double
cr_result_get_category_score(const struct cr_result *res, size_t i)
{
    if (i >= cr_result_get_category_count(res))
        return 0;
    if (res->sch)
        return res->sch->cat_score[i];
    return res->cl->categories[i].points - res->cat_deducted[i];
}

CR_EXPORT int
cr_result_is_category_applicable(const struct cr_result *res, size_t i)
{
    if (i >= cr_result_get_category_count(res))
        return 0;
    return res->sch ? !res->sch->cat_na[i] : 1;
}

CR_EXPORT double
cr_item_result_get_points(const struct cr_item_result *it)
{
    return it && it->def->has_points ? it->def->points : 0;
}

CR_EXPORT double
cr_item_result_get_earned(const struct cr_item_result *it)
{
    return it ? crp_item_earned(it) : 0;
}

CR_EXPORT double
cr_item_result_get_bonus(const struct cr_item_result *it)
{
    return it ? crp_item_bonus(it) : 0;
}

CR_EXPORT int
cr_item_result_has_verdict(const struct cr_item_result *it)
{
    return it && it->verdict != NULL;
}

CR_EXPORT enum cr_item_state
cr_item_result_get_machine_state(const struct cr_item_result *it)
{
    if (it == NULL)
        return CR_ITEM_ERROR;
    return it->verdict ? it->machine_state : it->state;
}

CR_EXPORT const char *
cr_item_result_get_verdict_by(const struct cr_item_result *it)
{
    return it && it->verdict ? it->verdict->by : NULL;
}

CR_EXPORT const char *
cr_item_result_get_verdict_at(const struct cr_item_result *it)
{
    return it && it->verdict ? it->verdict->at : NULL;
}

CR_EXPORT const char *
cr_item_result_get_verdict_reason(const struct cr_item_result *it)
{
    return it && it->verdict ? it->verdict->reason : NULL;
}

CR_EXPORT int
cr_finding_is_hint(const struct cr_finding *f)
{
    return f ? f->hint : 0;
}

CR_EXPORT size_t
cr_result_get_category_explain_count(const struct cr_result *res, size_t i)
{
    if (i >= cr_result_get_category_count(res) || res->sch == NULL ||
        res->sch->cat_explain == NULL)
        return 0;
    return res->sch->cat_explain[i].n;
}

/* The K-th line of the I-th category's why, or NULL. */
static const struct crp_pair *
category_explain(const struct cr_result *res, size_t i, size_t k)
{
    size_t n = cr_result_get_category_explain_count(res, i);

    return n ? crp_pairs_at(res->sch->cat_explain[i].v, n, k) : NULL;
}

CR_EXPORT const char *
cr_result_get_category_explain_name(const struct cr_result *res, size_t i,
                                    size_t k)
{
    const struct crp_pair *e = category_explain(res, i, k);
    return e ? e->name : NULL;
}

CR_EXPORT const char *
cr_result_get_category_explain_value(const struct cr_result *res, size_t i,
                                     size_t k)
{
    const struct crp_pair *e = category_explain(res, i, k);
    return e ? e->value : NULL;
}
