/* options.c — cr_load_options: overrides and limits for a load. */
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "export.h"
#include "msgcat.h"
#include "pairs.h"
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

CR_EXPORT void
cr_load_options_free(struct cr_load_options *o)
{
    if (o == NULL)
        return;
    crp_pairs_free(o->params, o->nparams);
    crp_pairs_free(o->data, o->ndata);
    crp_free(o);
}

/* Sets NAME in the list, replacing an earlier value of the same name. */
static enum cr_status
set_override(struct crp_pair **v, size_t *n, const char *name,
             const char *value)
{
    char *val;
    size_t i;

    if (name == NULL || value == NULL)
        return CR_ERR_INVALID;
    val = crp_strdup(value);
    if (val == NULL)
        return CR_ERR_NOMEM;
    i = crp_pairs_find(*v, *n, name);
    if (i < *n) {
        crp_free((*v)[i].value);
        (*v)[i].value = val;
        return CR_OK;
    }
    return crp_pairs_take(v, n, crp_strdup(name), val) == 0 ? CR_OK
                                                           : CR_ERR_NOMEM;
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

/* The counts a caller sets, all through set_count. */
enum count {
    COUNT_CASE_SIZE, COUNT_REGEX, COUNT_XPATH_OPS,
    /* those a checklist's <limits> may set too */
    COUNT_CASE_NODES, COUNT_CASE_TREE, COUNT_CASE_WORK, COUNT_FINDINGS,
    COUNT_MESSAGE
};

/* The CRP_LIMIT_* that records the caller's choice, so that the
 * checklist's <limits> does not replace it (0: a checklist cannot). */
static const unsigned int chosen[] = {
    [COUNT_CASE_NODES] = CRP_LIMIT_CASE_NODES,
    [COUNT_CASE_TREE] = CRP_LIMIT_CASE_TREE,
    [COUNT_CASE_WORK] = CRP_LIMIT_CASE_WORK,
    [COUNT_FINDINGS] = CRP_LIMIT_FINDINGS,
    [COUNT_MESSAGE] = CRP_LIMIT_MESSAGE,
};

/* Every count must be positive: 0 would forbid everything. N comes in
 * the widest type and goes into the field's own, which it came from. */
static enum cr_status
set_count(struct cr_load_options *o, enum count which, unsigned long long n)
{
    struct crp_limits *l;

    if (o == NULL || n == 0)
        return CR_ERR_INVALID;
    l = &o->limits;
    switch (which) {
    case COUNT_CASE_SIZE: l->max_case_size = (size_t)n; break;
    case COUNT_REGEX: l->regex_match_limit = (unsigned int)n; break;
    case COUNT_XPATH_OPS: l->xpath_op_limit = (unsigned long)n; break;
    case COUNT_CASE_NODES: l->max_case_nodes = (unsigned long)n; break;
    case COUNT_CASE_TREE: l->max_case_tree = (size_t)n; break;
    case COUNT_CASE_WORK: l->max_case_work = (unsigned long)n; break;
    case COUNT_FINDINGS: l->max_findings = (unsigned int)n; break;
    case COUNT_MESSAGE: l->max_message = (unsigned int)n; break;
    }
    l->set |= chosen[which];
    return CR_OK;
}

/* The public setters of the counts, one row each: each is set_count. */
#define COUNT_SETTER(name, type, which) \
    CR_EXPORT enum cr_status name(struct cr_load_options *o, type n) \
    { return set_count(o, which, n); }

COUNT_SETTER(cr_load_options_set_max_case_size, size_t, COUNT_CASE_SIZE)
COUNT_SETTER(cr_load_options_set_regex_match_limit, unsigned int, COUNT_REGEX)
COUNT_SETTER(cr_load_options_set_xpath_op_limit, unsigned long,
             COUNT_XPATH_OPS)
/* the per-case budget and the bounds of a result */
COUNT_SETTER(cr_load_options_set_max_case_nodes, unsigned long,
             COUNT_CASE_NODES)
COUNT_SETTER(cr_load_options_set_max_case_tree, size_t, COUNT_CASE_TREE)
COUNT_SETTER(cr_load_options_set_max_case_work, unsigned long,
             COUNT_CASE_WORK)
COUNT_SETTER(cr_load_options_set_max_findings, unsigned int, COUNT_FINDINGS)
COUNT_SETTER(cr_load_options_set_max_message_length, unsigned int,
             COUNT_MESSAGE)

CR_EXPORT enum cr_status
cr_load_options_set_language(struct cr_load_options *o, const char *lang)
{
    int l = crp_lang_parse(lang);

    if (o == NULL || lang == NULL || l < 0)
        return CR_ERR_INVALID;
    o->limits.lang = (unsigned int)l;
    return CR_OK;
}
