/* result.c — building results and the cr_result_* getters. */
#include <string.h>

#include "alloc.h"
#include "api-get.h"
#include "export.h"
#include "result.h"
#include "utf8.h"
#include "verdicts.h"

struct cr_result *
crp_result_new(struct cr_checklist *cl, const char *source)
{
    struct cr_result *res = crp_calloc(1, sizeof(*res));
    size_t i;

    if (res == NULL)
        return NULL;
    res->cl = cr_checklist_ref(cl);
    res->grade = -1;
    res->complete = 1;
    res->source = crp_strdup(source ? source : "");
    /* (perf) not calloc: every item is set below, and only the first
     * nvetoes vetoes are read. calloc cleared a reused chunk with memset,
     * 0.5-1 % of a typical case's instructions (callgrind) */
    res->items = crp_malloc((cl->nitems ? cl->nitems : 1) *
                            sizeof(*res->items));
    res->vetoes = crp_malloc((cl->nitems ? cl->nitems : 1) *
                             sizeof(*res->vetoes));
    res->cat_deducted = crp_calloc(cl->ncategories, sizeof(double));
    if (!res->source || !res->items || !res->vetoes || !res->cat_deducted) {
        cr_result_free(res);
        return NULL;
    }
    res->nitems = cl->nitems;
    for (i = 0; i < cl->nitems; i++)
        res->items[i] = (struct cr_item_result){
            .def = &cl->items[i],
            .category_id = cl->categories[cl->items[i].category].id,
            .state = CR_ITEM_PASSED};
    return res;
}

struct cr_result *
crp_result_new_error(const char *source, const char *case_id,
                     const char *message, int line)
{
    struct cr_result *res = crp_calloc(1, sizeof(*res));

    if (res == NULL)
        return NULL;
    res->is_error = 1;
    res->grade = -1;
    res->error_line = line;
    res->source = crp_strdup(source ? source : "");
    /* a caller's message (cr_result_new_error) may be any bytes; the
     * JSON it goes into is UTF-8 */
    if (message == NULL)
        message = "error";
    res->error_message = crp_utf8_clean(message);
    res->case_id = case_id ? crp_strdup(case_id) : NULL;
    if (!res->source || !res->error_message || (case_id && !res->case_id)) {
        cr_result_free(res);
        return NULL;
    }
    return res;
}

int
crp_item_add_finding(struct cr_item_result *it, char *message,
                     char *location, int line)
{
    struct cr_finding *f;

    if (it->nfindings == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 4;
        f = crp_realloc(it->findings, cap * sizeof(*f));
        if (f == NULL) {
            crp_free(message);
            crp_free(location);
            return -1;
        }
        it->findings = f;
        it->cap = cap;
    }
    f = &it->findings[it->nfindings++];
    memset(f, 0, sizeof(*f));
    f->message = message;
    f->location = location;
    f->line = line;
    return 0;
}

void
crp_item_clear_findings(struct cr_item_result *it)
{
    size_t i;

    for (i = 0; i < it->nfindings; i++) {
        crp_free(it->findings[i].message);
        crp_free(it->findings[i].location);
        crp_pairs_free(it->findings[i].explain, it->findings[i].nexplain);
    }
    it->nfindings = 0;
    it->failing_nodes = 0;
}

CR_EXPORT enum cr_status
cr_result_new_error(const char *source, const char *message, int line,
                    struct cr_result **out)
{
    if (out == NULL)
        return CR_ERR_INVALID;
    *out = crp_result_new_error(source, NULL, message, line);
    return *out ? CR_OK : CR_ERR_NOMEM;
}

CR_EXPORT void
cr_result_free(struct cr_result *res)
{
    size_t i;

    if (res == NULL)
        return;
    for (i = 0; res->items && i < res->nitems; i++) {
        crp_item_clear_findings(&res->items[i]);
        crp_free(res->items[i].findings);
        crp_free(res->items[i].error);
        crp_pairs_free(res->items[i].explain, res->items[i].nexplain);
    }
    crp_free(res->items);
    crp_free(res->vetoes);
    crp_free(res->cat_deducted);
    crp_free(res->source);
    crp_free(res->case_id);
    crp_free(res->agency_name);
    crp_free(res->kind);
    crp_free(res->group);
    crp_free(res->error_message);
    if (res->sch) {
        crp_free(res->sch->cat_score);
        crp_free(res->sch->cat_na);
        crp_free(res->sch->pending);
        crp_free(res->sch->caps);
        for (i = 0; res->sch->cat_explain && i < res->cl->ncategories; i++)
            crp_pairs_free(res->sch->cat_explain[i].v,
                           res->sch->cat_explain[i].n);
        crp_free(res->sch->cat_explain);
        crp_free(res->sch);
    }
    cr_verdicts_unref(res->verdicts);
    crp_free(res->error_kind);
    crp_free(res->error_detail);
    cr_facts_free(res->facts);
    cr_checklist_unref(res->cl);
    crp_free(res);
}

#define SCORED(res) ((res) != NULL && !(res)->is_error)

CRP_GETTER(int, cr_result_is_error, struct cr_result, o->is_error, 1)
CRP_GETTER(const char *, cr_result_get_error_message, struct cr_result,
           o->is_error ? o->error_message : NULL, NULL)
CRP_GETTER(int, cr_result_get_error_line, struct cr_result,
           o->is_error ? o->error_line : 0, 0)

CR_EXPORT const char *
cr_result_get_checklist_id(const struct cr_result *res)
{
    return SCORED(res) ? res->cl->id : NULL;
}

CR_EXPORT const char *
cr_result_get_checklist_version(const struct cr_result *res)
{
    return SCORED(res) ? res->cl->version : NULL;
}

CRP_GETTER(const char *, cr_result_get_case_id, struct cr_result, o->case_id,
           NULL)
CRP_GETTER(const char *, cr_result_get_agency_name, struct cr_result,
           o->agency_name ? o->agency_name : "", "")
CRP_GETTER(const char *, cr_result_get_case_kind, struct cr_result,
           o->kind ? o->kind : "", "")
CRP_GETTER(const char *, cr_result_get_source, struct cr_result, o->source,
           NULL)
CRP_GETTER(const char *, cr_result_get_group, struct cr_result,
           o->group ? o->group : "", "")

CR_EXPORT double
cr_result_get_total(const struct cr_result *res)
{
    return SCORED(res) ? res->cl->total : 0;
}

CR_EXPORT double
cr_result_get_score(const struct cr_result *res)
{
    return SCORED(res) ? res->score : 0;
}

CR_EXPORT const char *
cr_result_get_grade_id(const struct cr_result *res)
{
    return SCORED(res) && res->grade >= 0 ? res->cl->grades[res->grade].id
                                          : NULL;
}

CR_EXPORT const char *
cr_result_get_grade_label(const struct cr_result *res)
{
    return SCORED(res) && res->grade >= 0 ? res->cl->grades[res->grade].label
                                          : NULL;
}

CR_EXPORT int
cr_result_is_vetoed(const struct cr_result *res)
{
    return SCORED(res) ? res->vetoed : 0;
}

CR_EXPORT size_t
cr_result_get_veto_count(const struct cr_result *res)
{
    return SCORED(res) ? res->nvetoes : 0;
}

CRP_GETTER_AT(const char *, cr_result_get_veto, struct cr_result,
              cr_result_get_veto_count(o), o->cl->items[o->vetoes[i]].id,
              NULL)

CR_EXPORT int
cr_result_is_complete(const struct cr_result *res)
{
    return SCORED(res) ? res->complete : 0;
}

CR_EXPORT size_t
cr_result_get_category_count(const struct cr_result *res)
{
    return SCORED(res) ? res->cl->ncategories : 0;
}

CRP_GETTER_AT(const char *, cr_result_get_category_id, struct cr_result,
              cr_result_get_category_count(o), o->cl->categories[i].id, NULL)
CRP_GETTER_AT(const char *, cr_result_get_category_title, struct cr_result,
              cr_result_get_category_count(o), o->cl->categories[i].title,
              NULL)
CRP_GETTER_AT(double, cr_result_get_category_points, struct cr_result,
              cr_result_get_category_count(o), o->cl->categories[i].points,
              0)

CR_EXPORT double
cr_result_get_category_deducted(const struct cr_result *res, size_t i)
{
    return i < cr_result_get_category_count(res) ? res->cat_deducted[i] : 0;
}

CR_EXPORT size_t
cr_result_get_item_count(const struct cr_result *res)
{
    return SCORED(res) ? res->nitems : 0;
}

CR_EXPORT const struct cr_item_result *
cr_result_get_item(const struct cr_result *res, size_t i)
{
    return i < cr_result_get_item_count(res) ? &res->items[i] : NULL;
}

CRP_GETTER(const char *, cr_item_result_get_id, struct cr_item_result,
           o->def->id, NULL)
CRP_GETTER(const char *, cr_item_result_get_category, struct cr_item_result,
           o->category_id, NULL)
CRP_GETTER(const char *, cr_item_result_get_title, struct cr_item_result,
           o->def->title, NULL)
CRP_GETTER(enum cr_item_state, cr_item_result_get_state, struct cr_item_result,
           o->state, CR_ITEM_ERROR)
CRP_GETTER(double, cr_item_result_get_deducted, struct cr_item_result,
           o->deducted, 0)
CRP_GETTER(int, cr_item_result_is_veto, struct cr_item_result, o->def->veto, 0)
CRP_GETTER(const char *, cr_item_result_get_basis, struct cr_item_result,
           o->def->basis, NULL)

CR_EXPORT const char *
cr_item_result_get_error(const struct cr_item_result *it)
{
    return it && it->state == CR_ITEM_ERROR ? it->error : NULL;
}

CRP_GETTER(size_t, cr_item_result_get_finding_count, struct cr_item_result,
           o->nfindings, 0)

CR_EXPORT const struct cr_finding *
cr_item_result_get_finding(const struct cr_item_result *it, size_t i)
{
    return it && i < it->nfindings ? &it->findings[i] : NULL;
}

CRP_GETTER(size_t, cr_item_result_get_explain_count, struct cr_item_result,
           o->nexplain, 0)
CRP_GETTER_AT(const char *, cr_item_result_get_explain_name,
              struct cr_item_result, cr_item_result_get_explain_count(o),
              o->explain[i].name, NULL)
CRP_GETTER_AT(const char *, cr_item_result_get_explain_value,
              struct cr_item_result, cr_item_result_get_explain_count(o),
              o->explain[i].value, NULL)
CRP_GETTER(const char *, cr_finding_get_message, struct cr_finding, o->message,
           NULL)
CRP_GETTER(const char *, cr_finding_get_location, struct cr_finding,
           o->location, NULL)
CRP_GETTER(int, cr_finding_get_line, struct cr_finding, o->line, 0)
CRP_GETTER(size_t, cr_finding_get_explain_count, struct cr_finding,
           o->nexplain, 0)
CRP_GETTER_AT(const char *, cr_finding_get_explain_name, struct cr_finding,
              cr_finding_get_explain_count(o), o->explain[i].name, NULL)
CRP_GETTER_AT(const char *, cr_finding_get_explain_value, struct cr_finding,
              cr_finding_get_explain_count(o), o->explain[i].value, NULL)
