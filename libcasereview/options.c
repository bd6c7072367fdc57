/* options.c — cr_load_options: overrides and limits for a load. */
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "export.h"
#include "msgcat.h"
#include "utf8.h"

void
crp_limits_default(struct crp_limits *l)
{
    l->max_case_size = 64u << 20;
    l->regex_match_limit = 1000000;
    l->xpath_op_limit = 50000000;
    l->flags = 0;
    l->max_case_nodes = CRP_DEFAULT_CASE_NODES;
    l->max_case_tree = CRP_DEFAULT_CASE_TREE;
    l->max_case_work = CRP_DEFAULT_CASE_WORK;
    l->max_findings = CRP_DEFAULT_FINDINGS;
    l->max_message = CRP_DEFAULT_MESSAGE;
    l->set = 0;
    l->lang = CRP_LANG_ZH;
}

CR_EXPORT enum cr_status
cr_load_options_new(struct cr_load_options **out)
{
    struct cr_load_options *o;

    if (out == NULL)
        return CR_ERR_INVALID;
    *out = o = crp_calloc(1, sizeof(*o));
    if (o == NULL)
        return CR_ERR_NOMEM;
    crp_limits_default(&o->limits);
    return CR_OK;
}

static void
free_overrides(struct crp_override *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        crp_free(v[i].name);
        crp_free(v[i].value);
    }
    crp_free(v);
}

CR_EXPORT void
cr_load_options_free(struct cr_load_options *o)
{
    if (o == NULL)
        return;
    free_overrides(o->params, o->nparams);
    free_overrides(o->data, o->ndata);
    crp_free(o);
}

/* Sets NAME in the list, replacing an earlier value of the same name. */
static enum cr_status
set_override(struct crp_override **v, size_t *n, const char *name,
             const char *value)
{
    struct crp_override *nv;
    char *nm, *val;
    size_t i;

    if (name == NULL || value == NULL)
        return CR_ERR_INVALID;
    val = crp_strdup(value);
    if (val == NULL)
        return CR_ERR_NOMEM;
    for (i = 0; i < *n; i++) {
        if (strcmp((*v)[i].name, name) == 0) {
            crp_free((*v)[i].value);
            (*v)[i].value = val;
            return CR_OK;
        }
    }
    nm = crp_strdup(name);
    nv = nm ? crp_realloc(*v, (*n + 1) * sizeof(**v)) : NULL;
    if (nv == NULL) {
        crp_free(nm);
        crp_free(val);
        return CR_ERR_NOMEM;
    }
    nv[*n].name = nm;
    nv[*n].value = val;
    *v = nv;
    (*n)++;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_param(struct cr_load_options *o, const char *name,
                          const char *value)
{
    /* as cr_evaluator_set_param: a value must be UTF-8 */
    if (o == NULL || (value && !crp_utf8_valid(value)))
        return CR_ERR_INVALID;
    return set_override(&o->params, &o->nparams, name, value);
}

CR_EXPORT enum cr_status
cr_load_options_set_data(struct cr_load_options *o, const char *name,
                         const char *path)
{
    if (o == NULL)
        return CR_ERR_INVALID;
    return set_override(&o->data, &o->ndata, name, path);
}

CR_EXPORT enum cr_status
cr_load_options_set_flags(struct cr_load_options *o, unsigned int flags)
{
    if (o == NULL)
        return CR_ERR_INVALID;
    o->limits.flags = flags;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_max_case_size(struct cr_load_options *o, size_t bytes)
{
    if (o == NULL || bytes == 0)
        return CR_ERR_INVALID;
    o->limits.max_case_size = bytes;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_regex_match_limit(struct cr_load_options *o,
                                      unsigned int limit)
{
    if (o == NULL || limit == 0)
        return CR_ERR_INVALID;
    o->limits.regex_match_limit = limit;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_xpath_op_limit(struct cr_load_options *o,
                                   unsigned long limit)
{
    if (o == NULL || limit == 0)
        return CR_ERR_INVALID;
    o->limits.xpath_op_limit = limit;
    return CR_OK;
}

/* ---- the per-case budget and the bounds of a result ---- */

CR_EXPORT enum cr_status
cr_load_options_set_max_case_nodes(struct cr_load_options *o,
                                   unsigned long nodes)
{
    if (o == NULL || nodes == 0)
        return CR_ERR_INVALID;
    o->limits.max_case_nodes = nodes;
    o->limits.set |= CRP_LIMIT_CASE_NODES;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_max_case_tree(struct cr_load_options *o, size_t bytes)
{
    if (o == NULL || bytes == 0)
        return CR_ERR_INVALID;
    o->limits.max_case_tree = bytes;
    o->limits.set |= CRP_LIMIT_CASE_TREE;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_max_case_work(struct cr_load_options *o,
                                  unsigned long units)
{
    if (o == NULL || units == 0)
        return CR_ERR_INVALID;
    o->limits.max_case_work = units;
    o->limits.set |= CRP_LIMIT_CASE_WORK;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_max_findings(struct cr_load_options *o,
                                 unsigned int findings)
{
    if (o == NULL || findings == 0)
        return CR_ERR_INVALID;
    o->limits.max_findings = findings;
    o->limits.set |= CRP_LIMIT_FINDINGS;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_max_message_length(struct cr_load_options *o,
                                       unsigned int chars)
{
    if (o == NULL || chars == 0)
        return CR_ERR_INVALID;
    o->limits.max_message = chars;
    o->limits.set |= CRP_LIMIT_MESSAGE;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_load_options_set_language(struct cr_load_options *o, const char *lang)
{
    int l = crp_lang_parse(lang);

    if (o == NULL || lang == NULL || l < 0)
        return CR_ERR_INVALID;
    o->limits.lang = (unsigned int)l;
    return CR_OK;
}
