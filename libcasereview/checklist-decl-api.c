/* checklist-decl-api.c — getters for what a checklist declares besides
 * its items: params (with their types), data documents, the calendar and
 * <accepts>; what `diff` compares and `describe` shows. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "api-get.h"
#include "checklist.h"
#include "export.h"
#include "msgcat-lib.h"

CRP_GETTER(size_t, cr_checklist_get_param_count, struct cr_checklist,
           o->nparams, 0)
CRP_GETTER_AT(const char *, cr_checklist_get_param_name, struct cr_checklist,
              cr_checklist_get_param_count(o), o->params[i].name, NULL)
CRP_GETTER_AT(const char *, cr_checklist_get_param_value, struct cr_checklist,
              cr_checklist_get_param_count(o), o->params[i].value, NULL)
CRP_GETTER_AT(const char *, cr_checklist_get_param_type, struct cr_checklist,
              cr_checklist_get_param_count(o),
              crp_param_type_name(o->params[i].type), NULL)
CRP_GETTER_AT(const char *, cr_checklist_get_param_min, struct cr_checklist,
              cr_checklist_get_param_count(o), o->params[i].min, NULL)
CRP_GETTER_AT(const char *, cr_checklist_get_param_max, struct cr_checklist,
              cr_checklist_get_param_count(o), o->params[i].max, NULL)

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

CRP_GETTER(size_t, cr_checklist_get_data_count, struct cr_checklist, o->ndata,
           0)
CRP_GETTER_AT(const char *, cr_checklist_get_data_name, struct cr_checklist,
              cr_checklist_get_data_count(o), o->data[i].name, NULL)
CRP_GETTER_AT(const char *, cr_checklist_get_data_path, struct cr_checklist,
              cr_checklist_get_data_count(o), o->data[i].path, NULL)

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
