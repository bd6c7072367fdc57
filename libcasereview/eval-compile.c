/* eval-compile.c — every expression of a checklist compiled for one
 * evaluator: by the fast path (xpath-parse.c) where it covers the
 * expression, by libxml2 where it will be needed, and the fast path's
 * expressions linked so that what stays the same for a case is computed
 * once. */
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "archive-rules.h"
#include "evaluator.h"
#include "xpath-fast.h"

/* PER_NODE: E runs once per context node of a check (its lets, tests and
 * message parts), not once per case. */
typedef int (*expr_fn)(struct cr_evaluator *ev, const struct crp_expr *e,
                       int per_node, void *ud);

static int
each_expr(struct cr_evaluator *ev, expr_fn fn, void *ud)
{
    const struct cr_checklist *cl = ev->cl;
    size_t i, j, k, t;
    int rc = 0;

    for (i = 0; i < cl->nlets; i++)
        rc |= fn(ev, &cl->lets[i].value, 0, ud);
    rc |= fn(ev, &cl->case_id, 0, ud);
    rc |= fn(ev, &cl->group_by, 0, ud);
    rc |= fn(ev, &cl->agency_name, 0, ud);
    rc |= fn(ev, &cl->case_kind, 0, ud);
    for (i = 0; cl->archive && i < cl->archive->nfacts; i++)
        rc |= fn(ev, &cl->archive->facts[i].value, 0, ud);
    rc |= fn(ev, &cl->accepts.test, 0, ud);
    for (i = 0; i < cl->accepts.nparts; i++)
        rc |= fn(ev, &cl->accepts.parts[i].expr, 0, ud);
    for (i = 0; i < cl->nitems; i++) {
        const struct crp_item *it = &cl->items[i];
        for (j = 0; j < it->napplies; j++)
            rc |= fn(ev, &it->applies[j], 0, ud);
        for (j = 0; j < it->nchecks; j++) {
            const struct crp_check *c = &it->checks[j];
            rc |= fn(ev, &c->context, 0, ud);
            for (k = 0; k < c->nlets; k++)
                rc |= fn(ev, &c->lets[k].value, 1, ud);
            for (k = 0; k < c->ntests; k++) {
                rc |= fn(ev, &c->tests[k].test, 1, ud);
                for (t = 0; t < c->tests[k].nparts; t++)
                    if (c->tests[k].parts[t].expr.text)
                        rc |= fn(ev, &c->tests[k].parts[t].expr, 1, ud);
            }
        }
    }
    return rc;
}

static int
compile_one(struct cr_evaluator *ev, const struct crp_expr *e, int per_node,
            void *ud)
{
    (void)per_node;
    (void)ud;
    if (e->text == NULL || e->slot >= ev->cl->nexprs)
        return 0;
    /* NULL when the fast path does not cover it (or memory ran out:
     * libxml2 then evaluates it, slower but the same) */
    if (ev->xmode != CRP_XMODE_LIBXML2)
        ev->fx[e->slot] = crp_fx_compile(e->text, ev->xp);
    /* libxml2's compiled form only where it will be needed for sure; the others are compiled the first time the fast path
     * declines them (eval-expr.c): most never are, and a few thousand
     * unused compiled expressions between the fast path's trees cost
     * memory and cache */
    if (ev->fx[e->slot] != NULL && ev->xmode == CRP_XMODE_FAST)
        return 0;
    ev->comp[e->slot] = xmlXPathCtxtCompile(ev->xp, (const xmlChar *)e->text);
    return ev->comp[e->slot] == NULL ? -1 : 0;
}

/* Does the variable NAME keep one value for a whole case? A global let,
 * param or data document defined once, which no check's let shadows. */
static int
stable_var(void *data, const char *name)
{
    const struct cr_checklist *cl = ((struct cr_evaluator *)data)->cl;
    size_t i, j, k, defs = 0;

    for (i = 0; i < cl->nitems; i++)
        for (j = 0; j < cl->items[i].nchecks; j++)
            for (k = 0; k < cl->items[i].checks[j].nlets; k++)
                if (strcmp(cl->items[i].checks[j].lets[k].name, name) == 0)
                    return 0;
    for (i = 0; i < cl->nlets; i++)
        defs += strcmp(cl->lets[i].name, name) == 0;
    for (i = 0; i < cl->nparams; i++)
        defs += strcmp(cl->params[i].name, name) == 0;
    for (i = 0; i < cl->ndata; i++)
        defs += strcmp(cl->data[i].name, name) == 0;
    return defs == 1;
}

/* Shares what stays the same for a case between the fast path's
 * expressions (xpath-link.c). Without it they are evaluated as they
 * are: a failure here costs speed, not results. */
static int
mark_per_node(struct cr_evaluator *ev, const struct crp_expr *e,
              int per_node, void *ud)
{
    if (per_node && e->slot < ev->cl->nexprs)
        ((unsigned char *)ud)[e->slot] = 1;
    return 0;
}

static void
link_fast_path(struct cr_evaluator *ev)
{
    const struct cr_checklist *cl = ev->cl;
    unsigned char *rep = crp_calloc(cl->nexprs ? cl->nexprs : 1, 1);

    if (rep == NULL)
        return;
    (void)each_expr(ev, mark_per_node, rep);
    (void)crp_fx_link(ev->fx, rep, cl->nexprs, stable_var, ev, ev->fxrun);
    crp_free(rep);
}


enum cr_status
crp_ev_compile(struct cr_evaluator *ev)
{
    /* every expression compiled at load, so a failure here is memory */
    if (each_expr(ev, compile_one, NULL) != 0)
        return CR_ERR_NOMEM;
    if (ev->xmode != CRP_XMODE_LIBXML2)
        link_fast_path(ev);
    return CR_OK;
}
