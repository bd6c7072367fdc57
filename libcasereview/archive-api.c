/* archive-api.c — cr_archive: collects the facts of scored cases (from
 * any number of threads) and runs the checklist's archive rules over
 * them; the findings' getters. */
#include <string.h>

#include "alloc.h"
#include "api-get.h"
#include "archive-rules.h"
#include "export.h"
#include "result.h"

CR_EXPORT enum cr_status
cr_archive_new(struct cr_checklist *cl, struct cr_archive **out)
{
    struct cr_archive *ar;

    if (out)
        *out = NULL;
    if (cl == NULL || out == NULL)
        return CR_ERR_INVALID;
    ar = crp_calloc(1, sizeof(*ar));
    if (ar == NULL)
        return CR_ERR_NOMEM;
    if (pthread_mutex_init(&ar->lock, NULL) != 0) {
        crp_free(ar);
        return CR_ERR_NOMEM;
    }
    ar->cl = cr_checklist_ref(cl);
    ar->store = crp_store_new(cl->archive);
    if (ar->store == NULL) {
        cr_archive_free(ar);
        return CR_ERR_NOMEM;
    }
    *out = ar;
    return CR_OK;
}

CR_EXPORT void
cr_archive_free(struct cr_archive *ar)
{
    if (ar == NULL)
        return;
    crp_archive_findings_free(ar);
    crp_store_free(ar->store);
    pthread_mutex_destroy(&ar->lock);
    cr_checklist_unref(ar->cl);
    crp_free(ar);
}

static enum cr_status
add(struct cr_archive *ar, const struct cr_facts *f, const char *source,
    const char *case_id, int withdrawn)
{
    int rc;

    pthread_mutex_lock(&ar->lock);
    rc = crp_store_add(ar->store, f, source, case_id, withdrawn);
    ar->evaluated = 0;
    pthread_mutex_unlock(&ar->lock);
    return rc == 0 ? CR_OK : CR_ERR_NOMEM;
}

CR_EXPORT enum cr_status
cr_archive_add_facts(struct cr_archive *ar, const struct cr_facts *f)
{
    if (ar == NULL || f == NULL || !crp_facts_compatible(ar->cl, f->cl))
        return CR_ERR_INVALID;
    return add(ar, f, f->source, f->case_id, 0);
}

CR_EXPORT enum cr_status
cr_archive_add_result(struct cr_archive *ar, const struct cr_result *res)
{
    if (ar == NULL || res == NULL)
        return CR_ERR_INVALID;
    /* a case that could not be scored has no facts: what its source
     * gave before no longer counts */
    if (res->is_error)
        return add(ar, NULL, res->source, res->case_id, 1);
    /* a checklist without facts: the case counts, in no rule */
    if (res->facts == NULL)
        return crp_facts_compatible(ar->cl, res->cl)
               ? add(ar, NULL, res->source, res->case_id, 0)
               : CR_ERR_INVALID;
    return cr_archive_add_facts(ar, res->facts);
}

CR_EXPORT enum cr_status
cr_archive_withdraw(struct cr_archive *ar, const char *source)
{
    if (ar == NULL || source == NULL)
        return CR_ERR_INVALID;
    return add(ar, NULL, source, "", 1);
}

CR_EXPORT size_t
cr_archive_get_case_count(const struct cr_archive *ar)
{
    return ar ? crp_store_count(ar->store) : 0;
}

CR_EXPORT enum cr_status
cr_archive_evaluate(struct cr_archive *ar)
{
    if (ar == NULL)
        return CR_ERR_INVALID;
    return crp_archive_run(ar);
}

CR_EXPORT size_t
cr_archive_get_finding_count(const struct cr_archive *ar)
{
    return ar && ar->evaluated ? ar->nfindings : 0;
}

CR_EXPORT const struct cr_archive_finding *
cr_archive_get_finding(const struct cr_archive *ar, size_t i)
{
    return i < cr_archive_get_finding_count(ar) ? &ar->findings[i] : NULL;
}

CR_EXPORT const char *
cr_archive_finding_get_rule(const struct cr_archive_finding *f)
{
    return f ? f->rule->id : NULL;
}

CR_EXPORT const char *
cr_archive_finding_get_title(const struct cr_archive_finding *f)
{
    return f ? f->rule->title : NULL;
}

CR_EXPORT const char *
cr_archive_finding_get_basis(const struct cr_archive_finding *f)
{
    return f ? f->rule->basis : NULL;
}

CR_EXPORT const char *
cr_archive_finding_get_kind(const struct cr_archive_finding *f)
{
    return f ? crp_arule_kind_name(f->rule->kind) : NULL;
}

CR_EXPORT const char *
cr_archive_finding_get_message(const struct cr_archive_finding *f)
{
    return f ? f->message : NULL;
}

CRP_GETTER(size_t, cr_archive_finding_get_key_count,
           struct cr_archive_finding, o->rule->nkeys, 0)
CRP_GETTER_AT(const char *, cr_archive_finding_get_key_name,
              struct cr_archive_finding, cr_archive_finding_get_key_count(o),
              o->def->facts[o->rule->keys[i]].name, NULL)
CRP_GETTER_AT(const char *, cr_archive_finding_get_key_label,
              struct cr_archive_finding, cr_archive_finding_get_key_count(o),
              o->def->facts[o->rule->keys[i]].label, NULL)
CRP_GETTER_AT(const char *, cr_archive_finding_get_key_value,
              struct cr_archive_finding, cr_archive_finding_get_key_count(o),
              o->keys[i], NULL)

CRP_GETTER(size_t, cr_archive_finding_get_figure_count,
           struct cr_archive_finding, o->nfigs, 0)
CRP_GETTER_AT(const char *, cr_archive_finding_get_figure_name,
              struct cr_archive_finding,
              cr_archive_finding_get_figure_count(o), o->figs[i].name, NULL)
CRP_GETTER_AT(const char *, cr_archive_finding_get_figure_value,
              struct cr_archive_finding,
              cr_archive_finding_get_figure_count(o), o->figs[i].text, NULL)

CRP_GETTER(size_t, cr_archive_finding_get_case_count,
           struct cr_archive_finding, o->ncases, 0)
CRP_GETTER(size_t, cr_archive_finding_get_cases_omitted,
           struct cr_archive_finding, o->omitted, 0)
CRP_GETTER_AT(const char *, cr_archive_finding_get_case_id,
              struct cr_archive_finding, cr_archive_finding_get_case_count(o),
              o->cases[i].id, NULL)
CRP_GETTER_AT(const char *, cr_archive_finding_get_case_source,
              struct cr_archive_finding, cr_archive_finding_get_case_count(o),
              o->cases[i].source, NULL)
CRP_GETTER_AT(const char *, cr_archive_finding_get_case_value,
              struct cr_archive_finding, cr_archive_finding_get_case_count(o),
              o->cases[i].value, NULL)
