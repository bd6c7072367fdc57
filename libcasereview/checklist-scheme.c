/* checklist-scheme.c — the scoring attributes of checklist 1.1, read and
 * checked at load: veto effects, earn and deduct categories, nesting,
 * penalty and bonus roles, item amounts (deduct, points, bonus, ranges),
 * reviewer items, on-fail and cap-grade. A checklist that uses none of
 * them keeps cl->v11 at 0 and scores exactly as checklist 1.0. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "diag.h"

#define BAD(sc, line, code, ...)                                         \
    (crp_diag_add((sc)->diags, CRP_DIAG_##code, CR_SEVERITY_ERROR,       \
                  (sc)->file, (line), 0, __VA_ARGS__),                   \
     (*(sc)->errors)++)

static int
line_of(xmlNodePtr n)
{
    return (int)xmlGetLineNo(n);
}

/* A keyword attribute: the index of its value in WORDS, DEF when absent,
 * -1 (reported) for any other value. *SEEN says it was written. */
static int
keyword(const struct crp_scheme_ctx *sc, xmlNodePtr n, const char *name,
        const char *const *words, int def, int *seen)
{
    char *v = crp_load_attr(sc, n, name);
    int i, r = -1;

    *seen = v != NULL;
    if (v == NULL)
        return def;
    for (i = 0; words[i]; i++)
        if (strcmp(v, words[i]) == 0)
            r = i;
    if (r < 0) {
        char list[128] = "";
        size_t used = 0;
        for (i = 0; words[i] && used < sizeof(list); i++)
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
                                     i ? ", " : "", words[i]);
        BAD(sc, line_of(n), BAD_VALUE, "%s must be one of %s, not '%s'", name,
            list, v);
    }
    crp_free(v);
    return r < 0 ? def : r;
}

void
crp_scheme_root(const struct crp_scheme_ctx *sc, xmlNodePtr n)
{
    static const char *const effects[] = {"lowest-grade", "zero", "unscored",
                                          NULL};
    int seen;

    sc->cl->veto_effect = keyword(sc, n, "veto", effects,
                                  CRP_VETO_LOWEST_GRADE, &seen);
    sc->cl->v11 |= seen;
}

void
crp_scheme_category(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                    struct crp_category *c, long parent)
{
    static const char *const scorings[] = {"deduct", "earn", NULL};
    static const char *const roles[] = {"penalty", "bonus", NULL};
    static const char *const role_names[] = {"", "penalty", "bonus"};
    const struct cr_checklist *cl = sc->cl;
    int seen_scoring, seen_role;

    c->parent = parent;
    c->scoring = keyword(sc, n, "scoring", scorings, CRP_SCORING_DEDUCT,
                         &seen_scoring);
    c->role = keyword(sc, n, "role", roles, -1, &seen_role) + 1;
    sc->cl->v11 |= seen_scoring || seen_role || parent >= 0;
    if (c->role != CRP_ROLE_NONE && c->scoring == CRP_SCORING_EARN)
        BAD(sc, line_of(n), ROLE_CONFLICT,
            "a %s category deducts: scoring=\"earn\" is not allowed with "
            "role=\"%s\"", role_names[c->role], role_names[c->role]);
    if (c->role == CRP_ROLE_BONUS && parent >= 0)
        BAD(sc, line_of(n), BONUS_MISPLACED,
            "a bonus category must be at top level, not inside '%s'",
            cl->categories[parent].id ? cl->categories[parent].id : "?");
    if (parent >= 0 && cl->categories[parent].role == CRP_ROLE_BONUS)
        BAD(sc, line_of(n), BONUS_MISPLACED,
            "a bonus category holds items only, not category '%s'",
            c->id ? c->id : "?");
}

/* The amounts an item of an earn category may carry. */
static void
earn_amounts(const struct crp_scheme_ctx *sc, xmlNodePtr n,
             struct crp_item *it, int points, int deduct, int range)
{
    const char *id = it->id ? it->id : "?";

    if (points == 0)
        BAD(sc, line_of(n), EARN_NEEDS_POINTS,
            "item '%s' of an earn category needs points (its standard "
            "points)", id);
    if (range)
        BAD(sc, line_of(n), DEDUCT_CONFLICT,
            "item '%s' of an earn category cannot have a deduct range", id);
    if (deduct > 0 && !it->per_node)
        BAD(sc, line_of(n), DEDUCT_CONFLICT,
            "item '%s' of an earn category takes deduct only with "
            "per=\"node\" (what each failing node costs of its points)", id);
}

/* The amounts an item of a deduct (or penalty) category may carry. */
static void
deduct_amounts(const struct crp_scheme_ctx *sc, xmlNodePtr n,
               struct crp_item *it, int points, int deduct, int min, int max)
{
    const char *id = it->id ? it->id : "?";

    if (points)
        BAD(sc, line_of(n), POINTS_OUTSIDE_EARN,
            "item '%s' has points, but its category deducts: give deduct, or "
            "make the category scoring=\"earn\"", id);
    if ((min != 0) != (max != 0))
        BAD(sc, line_of(n), BAD_RANGE,
            "item '%s' needs both deduct-min and deduct-max", id);
    else if (min > 0 && max > 0 && it->deduct_min > it->deduct_max)
        BAD(sc, line_of(n), BAD_RANGE,
            "item '%s': deduct-min is greater than deduct-max", id);
    if (deduct && (min || max))
        BAD(sc, line_of(n), DEDUCT_CONFLICT,
            "item '%s' has deduct and a deduct range: give one", id);
    else if ((min || max) && it->per_node)
        BAD(sc, line_of(n), DEDUCT_CONFLICT,
            "item '%s': a deduct range is chosen once, not per=\"node\"", id);
    else if (deduct == 0 && min == 0 && max == 0 && !points)
        BAD(sc, line_of(n), MISSING_ATTRIBUTE,
            "<%s> needs the attribute '%s'", "item", "deduct");
}

/* The amounts of an item of a bonus category, and what it may not have. */
static void
bonus_amounts(const struct crp_scheme_ctx *sc, xmlNodePtr n,
              const struct crp_item *it, int deduct, int points, int range)
{
    static const char *const refused[] = {"veto", "on-fail", "cap-grade",
                                          NULL};
    const char *id = it->id ? it->id : "?";
    size_t i;

    if (!it->has_bonus)
        BAD(sc, line_of(n), MISSING_ATTRIBUTE,
            "item '%s' of a bonus category needs the attribute 'bonus'", id);
    if (deduct || points || range)
        BAD(sc, line_of(n), DEDUCT_CONFLICT,
            "item '%s' of a bonus category carries bonus, not %s", id,
            deduct ? "deduct" : points ? "points"
                                 : crp_diag_text(sc->diags, "a deduct range"));
    for (i = 0; refused[i]; i++)
        if (xmlHasProp(n, (const xmlChar *)refused[i]))
            BAD(sc, line_of(n), ROLE_CONFLICT,
                "item '%s' of a bonus category cannot have %s", id,
                refused[i]);
}

void
crp_scheme_item(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                struct crp_item *it)
{
    static const char *const decides[] = {"machine", "reviewer", NULL};
    static const char *const on_fail[] = {"zero-category", NULL};
    const struct crp_category *cat = &sc->cl->categories[it->category];
    int deduct, points, bonus, min, max, seen_decide, seen_fail;

    deduct = crp_load_number(sc, n, "deduct", 0, &it->deduct);
    points = crp_load_number(sc, n, "points", 0, &it->points);
    bonus = crp_load_number(sc, n, "bonus", 0, &it->bonus);
    min = crp_load_number(sc, n, "deduct-min", 0, &it->deduct_min);
    max = crp_load_number(sc, n, "deduct-max", 0, &it->deduct_max);
    it->has_deduct = deduct > 0;
    it->has_points = points > 0;
    it->has_bonus = bonus > 0;
    it->has_range = min > 0 && max > 0 && it->deduct_min <= it->deduct_max;
    if (it->has_range)
        it->deduct = it->deduct_max;     /* the largest it may cost */
    it->reviewer = keyword(sc, n, "decide", decides, 0, &seen_decide) == 1;
    it->zero_category = keyword(sc, n, "on-fail", on_fail, -1,
                                &seen_fail) == 0;
    it->cap_grade = -1;
    it->cap_grade_id = crp_load_attr(sc, n, "cap-grade");
    sc->cl->v11 |= points || bonus || min || max || seen_decide ||
                   seen_fail || it->cap_grade_id != NULL;
    sc->cl->has_reviewer |= it->reviewer;
    if (cat->role == CRP_ROLE_BONUS) {
        bonus_amounts(sc, n, it, deduct, points, min || max);
        return;
    }
    if (bonus)
        BAD(sc, line_of(n), BONUS_MISPLACED,
            "item '%s' has bonus outside a bonus category (role=\"bonus\")",
            it->id ? it->id : "?");
    if (cat->scoring == CRP_SCORING_EARN)
        earn_amounts(sc, n, it, points, deduct, min || max);
    else
        deduct_amounts(sc, n, it, points, deduct, min, max);
}

long
crp_item_index(const struct cr_checklist *cl, const char *id, size_t n)
{
    size_t i;

    for (i = 0; id && i < n && i < cl->nitems; i++)
        if (cl->items[i].id && strcmp(cl->items[i].id, id) == 0)
            return (long)i;
    return -1;
}

static void
resolve_caps(const struct crp_scheme_ctx *sc)
{
    struct cr_checklist *cl = sc->cl;
    size_t i, g;

    for (i = 0; i < cl->nitems; i++) {
        struct crp_item *it = &cl->items[i];
        if (it->cap_grade_id == NULL)
            continue;
        for (g = 0; g < cl->ngrades; g++)
            if (cl->grades[g].id && strcmp(cl->grades[g].id,
                                           it->cap_grade_id) == 0)
                it->cap_grade = (long)g;
        if (it->cap_grade < 0)
            BAD(sc, it->line, UNKNOWN_GRADE,
                "cap-grade '%s' of item '%s' names no grade of <grades>",
                it->cap_grade_id, it->id ? it->id : "?");
    }
}

/* A deduct category's non-penalty children share its budget. */
static void
check_budgets(const struct crp_scheme_ctx *sc)
{
    const struct cr_checklist *cl = sc->cl;
    size_t i, k;

    for (i = 0; i < cl->ncategories; i++) {
        const struct crp_category *c = &cl->categories[i];
        double sum = 0;
        char a[64], b[64];
        if (c->scoring != CRP_SCORING_DEDUCT)
            continue;
        for (k = i + 1; k < cl->ncategories; k++)
            if (cl->categories[k].parent == (long)i &&
                cl->categories[k].role == CRP_ROLE_NONE)
                sum += cl->categories[k].points;
        if (sum > c->points + 1e-9) {
            snprintf(a, sizeof(a), "%g", sum);
            snprintf(b, sizeof(b), "%g", c->points);
            BAD(sc, c->line, CHILD_POINTS_OVER,
                "the categories inside '%s' have %s points, more than its %s",
                c->id ? c->id : "?", a, b);
        }
    }
}

/* In 1.1 categories and items share one namespace of ids. */
static void
check_shared_ids(const struct crp_scheme_ctx *sc)
{
    const struct cr_checklist *cl = sc->cl;
    size_t i, k;

    for (i = 0; i < cl->ncategories; i++) {
        const struct crp_category *c = &cl->categories[i];
        for (k = 0; c->id && k < cl->nitems; k++) {
            const struct crp_item *it = &cl->items[k];
            if (it->id == NULL || strcmp(it->id, c->id) != 0)
                continue;
            BAD(sc, c->line > it->line ? c->line : it->line, DUPLICATE_ID,
                "id '%s' names both a category (line %d) and an item "
                "(line %d)", c->id, c->line, it->line);
        }
    }
}

void
crp_scheme_check(const struct crp_scheme_ctx *sc, xmlNodePtr root)
{
    (void)root;
    resolve_caps(sc);
    check_budgets(sc);
    if (sc->cl->v11)
        check_shared_ids(sc);
}
