/* checklist-decl-api.c — getters for what a checklist declares besides
 * its items: params (with their types), data documents, the calendar and
 * <accepts>; what `diff` compares and `describe` shows. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "export.h"
#include "msgcat-lib.h"

static const struct crp_param *
param_at(const struct cr_checklist *cl, size_t i)
{
    return cl && i < cl->nparams ? &cl->params[i] : NULL;
}

CR_EXPORT size_t
cr_checklist_get_param_count(const struct cr_checklist *cl)
{
    return cl ? cl->nparams : 0;
}

CR_EXPORT const char *
cr_checklist_get_param_name(const struct cr_checklist *cl, size_t i)
{
    const struct crp_param *p = param_at(cl, i);
    return p && p->name ? p->name : NULL;
}

CR_EXPORT const char *
cr_checklist_get_param_value(const struct cr_checklist *cl, size_t i)
{
    const struct crp_param *p = param_at(cl, i);
    return p && p->value ? p->value : NULL;
}

CR_EXPORT const char *
cr_checklist_get_param_type(const struct cr_checklist *cl, size_t i)
{
    const struct crp_param *p = param_at(cl, i);
    return p ? crp_param_type_name(p->type) : NULL;
}

CR_EXPORT const char *
cr_checklist_get_param_min(const struct cr_checklist *cl, size_t i)
{
    const struct crp_param *p = param_at(cl, i);
    return p ? p->min : NULL;
}

CR_EXPORT const char *
cr_checklist_get_param_max(const struct cr_checklist *cl, size_t i)
{
    const struct crp_param *p = param_at(cl, i);
    return p ? p->max : NULL;
}

CR_EXPORT enum cr_status
cr_checklist_check_param(const struct cr_checklist *cl, const char *name,
                         const char *value, char **why)
{
    char buf[512];
    size_t i;

    if (why)
        *why = NULL;
    if (cl == NULL || name == NULL || value == NULL)
        return CR_ERR_INVALID;
    for (i = 0; i < cl->nparams; i++) {
        if (cl->params[i].name == NULL || strcmp(cl->params[i].name, name))
            continue;
        if (crp_param_check(&cl->params[i], value, cl->limits.lang, buf,
                            sizeof(buf)) == 0)
            return CR_OK;
        break;
    }
    if (i == cl->nparams)
        snprintf(buf, sizeof(buf),
                 crp_msg((enum crp_lang)cl->limits.lang,
                         "评查标准没有名为 '%.200s' 的参数"),
                 name);
    if (why && (*why = crp_strdup(buf)) == NULL)
        return CR_ERR_NOMEM;
    return CR_ERR_INVALID;
}

CR_EXPORT size_t
cr_checklist_get_data_count(const struct cr_checklist *cl)
{
    return cl ? cl->ndata : 0;
}

static const struct crp_data *
data_at(const struct cr_checklist *cl, size_t i)
{
    return cl && i < cl->ndata ? &cl->data[i] : NULL;
}

CR_EXPORT const char *
cr_checklist_get_data_name(const struct cr_checklist *cl, size_t i)
{
    const struct crp_data *d = data_at(cl, i);
    return d ? d->name : NULL;
}

CR_EXPORT const char *
cr_checklist_get_data_path(const struct cr_checklist *cl, size_t i)
{
    const struct crp_data *d = data_at(cl, i);
    return d ? d->path : NULL;
}

CR_EXPORT const char *
cr_checklist_get_calendar_path(const struct cr_checklist *cl)
{
    return cl ? cl->calendar_path : NULL;
}

CR_EXPORT const char *
cr_checklist_get_accepts(const struct cr_checklist *cl)
{
    return cl ? cl->accepts.test.text : NULL;
}
