/* eval-vars.c — the evaluator's scopes: the lets pushed while a case
 * runs (global, then each check's per context node), the checklist's
 * params and data documents; read by libxml2 and by the fast path. */
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "evaluator.h"
#include "msgcat-lib.h"
#include "xpath-fast.h"
#include "xpath-nodeset.h"

/* A copy of a let's value for libxml2, which frees what a variable lookup
 * returns. xmlXPathObjectCopy() grows a node-set ten entries at a time
 * while checking each node; a node-set without namespace nodes (which
 * need their own copies) is copied in one allocation instead. Same
 * nodes, same order. */
static xmlXPathObjectPtr
copy_value(xmlXPathObjectPtr v)
{
    xmlNodeSetPtr src = v->nodesetval;
    int i;

    if (v->type != XPATH_NODESET || src == NULL || src->nodeNr == 0)
        return xmlXPathObjectCopy(v);
    for (i = 0; i < src->nodeNr; i++)
        if (src->nodeTab[i]->type == XML_NAMESPACE_DECL)
            return xmlXPathObjectCopy(v);
    return crp_xpath_nodeset(src->nodeTab, src->nodeNr);
}

/* Made from the fast path's value the first time it is asked for. */
xmlXPathObjectPtr
crp_ev_var_object(struct cr_evaluator *ev, size_t i)
{
    struct crp_var *v = &ev->vars[i];

    if (v->value == NULL && v->fv) {
        v->value = crp_fx_value_object(v->fv);
        if (v->value == NULL)
            ev->oom = 1;
    }
    return v->value;
}

xmlXPathObjectPtr
crp_ev_lookup_variable(void *data, const xmlChar *name, const xmlChar *ns_uri)
{
    struct cr_evaluator *ev = data;
    const char *n = (const char *)name;
    size_t i;

    if (ns_uri != NULL)
        return NULL;
    /* (perf) the first byte rules out most names before a strcmp */
    for (i = ev->nvars; i-- > 0;) {
        if (ev->vars[i].name[0] != n[0] || strcmp(ev->vars[i].name, n) != 0)
            continue;
        if (ev->vars[i].value == NULL && ev->vars[i].fv == NULL) {
            crp_fn_fail(&ev->env, "let $%s failed: %s", n,
                        ev->vars[i].error ? ev->vars[i].error
                                          : crp_msg(crp_msg_current(), "error"));
            return NULL;
        }
        if (crp_ev_var_object(ev, i) == NULL)
            return NULL;
        return copy_value(ev->vars[i].value);
    }
    for (i = 0; i < ev->cl->nparams; i++)
        if (strcmp(ev->cl->params[i].name, n) == 0)
            return xmlXPathObjectCopy(ev->params[i]);
    for (i = 0; i < ev->cl->ndata; i++)
        if (strcmp(ev->cl->data[i].name, n) == 0)
            return xmlXPathObjectCopy(ev->data[i]);
    return NULL;
}

/* The fast path's lookup: the same scopes, values borrowed. */
int
crp_ev_fx_getvar(void *data, const char *n, xmlXPathObjectPtr *obj,
          const struct crp_fx_value **val)
{
    struct cr_evaluator *ev = data;
    size_t i;

    *obj = NULL;
    *val = NULL;
    for (i = ev->nvars; i-- > 0;) {
        if (ev->vars[i].name[0] != n[0] || strcmp(ev->vars[i].name, n) != 0)
            continue;
        if ((*val = ev->vars[i].fv) != NULL)
            return 0;
        *obj = ev->vars[i].value;
        return *obj ? 0 : -1;   /* a failed let: libxml2 says why */
    }
    for (i = 0; i < ev->cl->nparams; i++)
        if (strcmp(ev->cl->params[i].name, n) == 0) {
            *obj = ev->params[i];
            return 0;
        }
    for (i = 0; i < ev->cl->ndata; i++)
        if (strcmp(ev->cl->data[i].name, n) == 0) {
            *obj = ev->data[i];
            return 0;
        }
    return -1;
}

int
crp_ev_push_var(struct cr_evaluator *ev, const char *name,
                xmlXPathObjectPtr value, const struct crp_fx_value *fv,
                size_t mark, char *error)
{
    if (ev->nvars == ev->cap) {
        size_t cap = ev->cap ? ev->cap * 2 : 16;
        struct crp_var *v = crp_realloc(ev->vars, cap * sizeof(*v));
        if (v == NULL) {
            xmlXPathFreeObject(value);
            crp_free(error);
            if (fv)
                crp_fx_let_release(ev->fxrun, mark);
            return -1;
        }
        ev->vars = v;
        ev->cap = cap;
    }
    ev->vars[ev->nvars].name = name;
    ev->vars[ev->nvars].value = value;
    ev->vars[ev->nvars].fv = fv;
    ev->vars[ev->nvars].mark = mark;
    ev->vars[ev->nvars].error = error;
    ev->nvars++;
    return 0;
}

void
crp_ev_pop_vars(struct cr_evaluator *ev, size_t mark)
{
    while (ev->nvars > mark) {
        struct crp_var *v = &ev->vars[--ev->nvars];
        xmlXPathFreeObject(v->value);
        crp_free(v->error);
        if (v->fv)
            crp_fx_let_release(ev->fxrun, v->mark);
    }
}
