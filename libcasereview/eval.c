/* eval.c — the evaluator: one per thread. It owns a compiled copy of
 * every expression (libxml2 writes to a compiled expression on its first
 * evaluation, so they are never shared), one XPath context reused for
 * every case, one parser context, and the regex cache. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "archive.h"
#include "budget.h"
#include "case-encoding.h"
#include "case-error.h"
#include "utf8.h"
#include "checklist.h"
#include "xml-build.h"
#include "export.h"
#include "fastpath.h"
#include "functions.h"
#include "node-path.h"
#include "result.h"
#include "strbuf.h"
#include "verdicts.h"
#include "transform.h"
#include "xml-safe.h"
#include "xslt-origin.h"

/* A let's value: the fast path's (FV, in its let stack from MARK on) or
 * libxml2's object (VALUE); both NULL when the evaluation failed. VALUE
 * is made from FV when libxml2 asks for the variable. */
struct var {
    const char *name;
    xmlXPathObjectPtr value;
    const struct crp_fx_value *fv;
    size_t mark;
    char *error;
};

struct cr_evaluator {
    struct crp_fn_env env;    /* first: the functions reach it as userData */
    struct cr_checklist *cl;
    unsigned int flags;
    xmlXPathContextPtr xp;
    xmlXPathCompExprPtr *comp;
    struct crp_fx **fx;         /* fast-path copies (NULL: not covered) */
    struct crp_fx_run *fxrun;
    int xmode;
    struct crp_filebuf file;    /* case files read by score_file */                  /* enum xmode */
    xmlParserCtxtPtr pctxt;
    struct crp_builder *builder;  /* arena trees (NULL: libxml2's only) */
    xmlXPathObjectPtr *params;  /* one string per checklist param */
    xmlXPathObjectPtr *data;    /* one node-set per data document */
    struct var *vars;           /* scope stack: global lets, check lets */
    size_t nvars, cap;
    struct crp_xml_capture xcap;
    struct crp_path_cache *paths; /* finding locations, per case */
    struct crp_budget budget;   /* what the current case may still cost */
    char xp_error[256];         /* last XPath error from the context */
    int oom;                    /* an allocation failed in this case */
    int xp_nomem;               /* the XPath error was a failed allocation */
    struct cr_verdicts *verdicts; /* attached (a reference), or NULL */
    struct crp_xslt *xslt;      /* this evaluator's copy of its mapping */
    int mapped;                 /* the case is a mapped export */
};

/* Which evaluator runs an expression (CASEREVIEW_XPATH in the
 * environment, for debugging and for the tests): the fast path with
 * libxml2 for what it declines (default), libxml2 alone ("libxml2"), or
 * both, aborting on any difference ("verify"). */
enum xmode { XMODE_FAST, XMODE_LIBXML2, XMODE_VERIFY };

/* The read buffer of cr_evaluator_score_file is kept up to this size. */
#define FILE_KEEP_MAX ((size_t)4 << 20)

/* ---- compiling every expression of the checklist ---- */

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
    if (ev->xmode != XMODE_LIBXML2)
        ev->fx[e->slot] = crp_fx_compile(e->text, ev->xp);
    /* (perf) libxml2's compiled form only where it will be needed for
     * sure; the others are compiled the first time the fast path
     * declines them (lx_comp): most never are, and a few thousand
     * unused compiled expressions between the fast path's trees cost
     * memory and cache */
    if (ev->fx[e->slot] != NULL && ev->xmode == XMODE_FAST)
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
 * expressions (fastpath-memo.c). Without it they are evaluated as they
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

/* ---- variables ---- */

/* A copy of a let's value for libxml2, which frees what a variable lookup
 * returns. (perf, issue 8) xmlXPathObjectCopy() grows a node-set ten
 * entries at a time while checking each node; a node-set without
 * namespace nodes (which need their own copies) is copied in one
 * allocation instead. Same nodes, same order. */
static xmlXPathObjectPtr
copy_value(xmlXPathObjectPtr v)
{
    xmlNodeSetPtr src = v->nodesetval, set;
    xmlXPathObjectPtr r;
    int i;

    if (v->type != XPATH_NODESET || src == NULL || src->nodeNr == 0)
        return xmlXPathObjectCopy(v);
    for (i = 0; i < src->nodeNr; i++)
        if (src->nodeTab[i]->type == XML_NAMESPACE_DECL)
            return xmlXPathObjectCopy(v);
    set = xmlXPathNodeSetCreate(NULL);
    if (set == NULL)
        return NULL;
    set->nodeTab = xmlMalloc((size_t)src->nodeNr * sizeof(xmlNodePtr));
    if (set->nodeTab == NULL) {
        xmlXPathFreeNodeSet(set);
        return NULL;
    }
    memcpy(set->nodeTab, src->nodeTab, (size_t)src->nodeNr * sizeof(xmlNodePtr));
    set->nodeNr = set->nodeMax = src->nodeNr;
    r = xmlXPathWrapNodeSet(set);
    if (r == NULL)
        xmlXPathFreeNodeSet(set);
    return r;
}

/* Variable I as a libxml2 object, made from the fast path's value the
 * first time it is asked for. NULL when its let failed or memory ran
 * out (then ev->oom). */
static xmlXPathObjectPtr
var_object(struct cr_evaluator *ev, size_t i)
{
    struct var *v = &ev->vars[i];

    if (v->value == NULL && v->fv) {
        v->value = crp_fx_value_object(v->fv);
        if (v->value == NULL)
            ev->oom = 1;
    }
    return v->value;
}

static xmlXPathObjectPtr
lookup_variable(void *data, const xmlChar *name, const xmlChar *ns_uri)
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
                        ev->vars[i].error ? ev->vars[i].error : "error");
            return NULL;
        }
        if (var_object(ev, i) == NULL)
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
static int
fx_getvar(void *data, const char *n, xmlXPathObjectPtr *obj,
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

/* Pushes NAME with VALUE or FV (taken from MARK on), or the ERROR of its
 * failed let; takes VALUE and ERROR. -1: out of memory. */
static int
push_var(struct cr_evaluator *ev, const char *name, xmlXPathObjectPtr value,
         const struct crp_fx_value *fv, size_t mark, char *error)
{
    if (ev->nvars == ev->cap) {
        size_t cap = ev->cap ? ev->cap * 2 : 16;
        struct var *v = crp_realloc(ev->vars, cap * sizeof(*v));
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

static void
pop_vars(struct cr_evaluator *ev, size_t mark)
{
    while (ev->nvars > mark) {
        struct var *v = &ev->vars[--ev->nvars];
        xmlXPathFreeObject(v->value);
        crp_free(v->error);
        if (v->fv)
            crp_fx_let_release(ev->fxrun, v->mark);
    }
}

/* libxml2 hands the context's handler a code without a message. */
static const char *const xpath_messages[] = {
    "ok", "number encoding", "unfinished literal", "start of literal",
    "expected $ for variable reference", "undefined variable",
    "invalid predicate", "invalid expression", "missing closing bracket",
    "unregistered function", "invalid operand", "invalid type (a function "
    "was given a value of the wrong type)", "invalid number of arguments",
    "invalid context size", "invalid context position", "memory allocation "
    "failed", "syntax error", "resource error", "sub resource error",
    "undefined namespace prefix", "encoding error", "char out of XML range",
    "invalid or incomplete context", "stack usage error",
    "forbidden variable", "operation limit exceeded (the expression does "
    "too much work for this case)", "recursion limit exceeded",
};

/* XPath errors reach the context's handler instead of being printed. */
static void
on_xpath_error(void *data, xmlErrorPtr e)
{
    struct cr_evaluator *ev = data;
    int k;

    if (e && e->code == XML_ERR_NO_MEMORY)
        ev->xp_nomem = 1;
    if (e == NULL || ev->xp_error[0])
        return;
    k = e->code - XML_XPATH_EXPRESSION_OK;
    if (e->message)
        crp_utf8_copy_line(ev->xp_error, sizeof(ev->xp_error), e->message);
    else if (k >= 0 && k < (int)(sizeof(xpath_messages) / sizeof(*xpath_messages)))
        snprintf(ev->xp_error, sizeof(ev->xp_error), "XPath error: %s",
                 xpath_messages[k]);
    else
        snprintf(ev->xp_error, sizeof(ev->xp_error), "XPath error %d",
                 e->code);
}

/* ---- evaluator lifetime ---- */

static enum cr_status
make_values(struct cr_evaluator *ev)
{
    const struct cr_checklist *cl = ev->cl;
    size_t i;

    ev->params = crp_calloc(cl->nparams, sizeof(*ev->params));
    ev->data = crp_calloc(cl->ndata, sizeof(*ev->data));
    if (ev->params == NULL || ev->data == NULL)
        return CR_ERR_NOMEM;
    for (i = 0; i < cl->nparams; i++) {
        ev->params[i] = xmlXPathNewString((const xmlChar *)cl->params[i].value);
        if (ev->params[i] == NULL)
            return CR_ERR_NOMEM;
    }
    for (i = 0; i < cl->ndata; i++) {
        ev->data[i] = xmlXPathNewNodeSet((xmlNodePtr)cl->data[i].doc);
        if (ev->data[i] == NULL)
            return CR_ERR_NOMEM;
    }
    return CR_OK;
}

/* xmlXPathNewContext ignores a failed registration (2.9.14: the hash
 * insert's failure is dropped), which left string() unknown and every
 * case id "" after one failed allocation. */
static int
has_core_functions(xmlXPathContextPtr xp)
{
    static const char *const names[] = {
        "last", "position", "count", "id", "local-name", "namespace-uri",
        "name", "string", "concat", "starts-with", "contains",
        "substring-before", "substring-after", "substring", "string-length",
        "normalize-space", "translate", "boolean", "not", "true", "false",
        "lang", "number", "sum", "floor", "ceiling", "round"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (xmlXPathFunctionLookup(xp, (const xmlChar *)names[i]) == NULL)
            return 0;
    return 1;
}

static enum cr_status
setup_context(struct cr_evaluator *ev)
{
    const struct cr_checklist *cl = ev->cl;
    size_t i;

    ev->xp = xmlXPathNewContext(NULL);
    if (ev->xp == NULL || !has_core_functions(ev->xp))
        return CR_ERR_NOMEM;
    ev->xp->userData = &ev->env;
    ev->xp->error = on_xpath_error;
    xmlXPathContextSetCache(ev->xp, 1, -1, 0);
    xmlXPathRegisterVariableLookup(ev->xp, lookup_variable, ev);
    if (xmlXPathRegisterNs(ev->xp, (const xmlChar *)"cr",
                           (const xmlChar *)CRP_FN_NS) != 0)
        return CR_ERR_NOMEM;
    for (i = 0; i < cl->nns; i++)
        if (xmlXPathRegisterNs(ev->xp, (const xmlChar *)cl->ns[i].prefix,
                               (const xmlChar *)cl->ns[i].uri) != 0)
            return CR_ERR_NOMEM;
    if (crp_functions_register(ev->xp, &ev->env) != 0)
        return CR_ERR_NOMEM;
    ev->comp = crp_calloc(cl->nexprs, sizeof(*ev->comp));
    ev->fx = crp_calloc(cl->nexprs, sizeof(*ev->fx));
    ev->fxrun = crp_fx_run_new(ev->xp, fx_getvar, ev);
    if (ev->comp == NULL || ev->fx == NULL || ev->fxrun == NULL)
        return CR_ERR_NOMEM;
    /* data documents were parsed by the loader: names interned */
    for (i = 0; i < cl->ndata && i + 1 < CRP_FX_TRUSTED; i++)
        crp_fx_trust(ev->fxrun, (int)i + 1, cl->data[i].doc);
    /* every expression compiled at load, so a failure here is memory */
    if (each_expr(ev, compile_one, NULL) != 0)
        return CR_ERR_NOMEM;
    if (ev->xmode != XMODE_LIBXML2)
        link_fast_path(ev);
    return CR_OK;
}

CR_EXPORT void
cr_evaluator_free(struct cr_evaluator *ev)
{
    size_t i;

    if (ev == NULL)
        return;
    pop_vars(ev, 0);
    crp_free(ev->vars);
    for (i = 0; ev->comp && i < ev->cl->nexprs; i++)
        xmlXPathFreeCompExpr(ev->comp[i]);
    crp_free(ev->comp);
    for (i = 0; ev->fx && i < ev->cl->nexprs; i++)
        crp_fx_free(ev->fx[i]);
    crp_free(ev->fx);
    crp_fx_run_free(ev->fxrun);
    crp_free(ev->file.data);
    for (i = 0; ev->params && i < ev->cl->nparams; i++)
        xmlXPathFreeObject(ev->params[i]);
    crp_free(ev->params);
    /* the sets only: xmlXPathFreeObject never frees the nodes of a set,
     * and the data documents belong to the checklist */
    for (i = 0; ev->data && i < ev->cl->ndata; i++)
        xmlXPathFreeObject(ev->data[i]);
    crp_free(ev->data);
    if (ev->xp)
        xmlXPathFreeContext(ev->xp);
    if (ev->pctxt)
        xmlFreeParserCtxt(ev->pctxt);
    crp_builder_free(ev->builder);
    crp_xslt_free(ev->xslt);
    crp_regex_cache_free(ev->env.regex);
    crp_path_cache_free(ev->paths);
    crp_fn_env_reset(&ev->env);
    cr_verdicts_unref(ev->verdicts);
    cr_checklist_unref(ev->cl);
    crp_free(ev);
}

static int
tree_from_env(void)
{
    const char *m = getenv("CASEREVIEW_TREE");

    return m && strcmp(m, "libxml2") == 0;
}

static int
xmode_from_env(void)
{
    const char *m = getenv("CASEREVIEW_XPATH");

    if (m && strcmp(m, "libxml2") == 0)
        return XMODE_LIBXML2;
    if (m && strcmp(m, "verify") == 0)
        return XMODE_VERIFY;
    return XMODE_FAST;
}

CR_EXPORT enum cr_status
cr_evaluator_new(struct cr_checklist *cl, struct cr_evaluator **out)
{
    struct cr_evaluator *ev;
    struct crp_xml_capture cap;
    enum cr_status st;

    if (out)
        *out = NULL;
    if (out == NULL || cl == NULL)
        return CR_ERR_INVALID;
    ev = crp_calloc(1, sizeof(*ev));
    if (ev == NULL)
        return CR_ERR_NOMEM;
    ev->cl = cr_checklist_ref(cl);
    ev->xmode = xmode_from_env();
    ev->env.calendar = cl->calendar;
    ev->env.regex = crp_regex_cache_new(cl->limits.regex_match_limit);
    crp_budget_init(&ev->budget, &cl->limits);
    ev->paths = crp_path_cache_new();
    crp_xml_capture_begin(&cap);
    st = ev->env.regex && ev->paths ? setup_context(ev) : CR_ERR_NOMEM;
    if (st == CR_OK)
        st = make_values(ev);
    if (st == CR_OK) {
        ev->pctxt = xmlNewParserCtxt();
        if (ev->pctxt == NULL)
            st = CR_ERR_NOMEM;
        else
            crp_meter_attach(ev->pctxt, &ev->budget.tree);
    }
    /* CASEREVIEW_TREE=libxml2: every case through libxml2's own tree
     * builder (debugging, and the tests comparing the two) */
    if (st == CR_OK && !tree_from_env())
        ev->builder = crp_builder_new();   /* NULL: libxml2's builder */
    if (ev->builder)
        crp_builder_set_meter(ev->builder, &ev->budget.tree);
    crp_xml_capture_end(&cap);
    /* libxml2 2.9.14 may return a damaged compiled expression when an
     * allocation fails inside xmlXPathCtxtCompile (steps are dropped,
     * the error only reported, to the capture or to the context's own
     * handler); evaluating it crashed. Every expression compiled cleanly
     * at load, so any error here is memory. */
    if (st == CR_OK && (cap.count > 0 || ev->xp_nomem || ev->xp_error[0]))
        st = CR_ERR_NOMEM;
    if (st != CR_OK) {
        cr_evaluator_free(ev);
        return st;
    }
    *out = ev;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_set_flags(struct cr_evaluator *ev, unsigned int flags)
{
    if (ev == NULL)
        return CR_ERR_INVALID;
    ev->flags = flags;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_set_verdicts(struct cr_evaluator *ev, struct cr_verdicts *v)
{
    /* item indexes are the checklist's: verdicts loaded for another
     * checklist object cannot be applied */
    if (ev == NULL || (v && v->cl != ev->cl))
        return CR_ERR_INVALID;
    cr_verdicts_ref(v);
    cr_verdicts_unref(ev->verdicts);
    ev->verdicts = v;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_set_param(struct cr_evaluator *ev, const char *name,
                       const char *value)
{
    xmlXPathObjectPtr v;
    size_t i;

    /* values reach PCRE2 unchecked (PCRE2_NO_UTF_CHECK) and the JSON:
     * they must be UTF-8, as every string parsed from XML is */
    if (ev == NULL || name == NULL || (value && !crp_utf8_valid(value)))
        return CR_ERR_INVALID;
    for (i = 0; i < ev->cl->nparams; i++) {
        if (strcmp(ev->cl->params[i].name, name) != 0)
            continue;
        v = xmlXPathNewString(
            (const xmlChar *)(value ? value : ev->cl->params[i].value));
        if (v == NULL)
            return CR_ERR_NOMEM;
        xmlXPathFreeObject(ev->params[i]);
        ev->params[i] = v;
        return CR_OK;
    }
    return CR_ERR_INVALID;
}

/* ---- evaluating one expression ---- */

static void
prepare(struct cr_evaluator *ev, xmlNodePtr node)
{
    crp_fn_env_reset(&ev->env);
    ev->xp_error[0] = '\0';
    ev->xp_nomem = 0;
    ev->xp->node = node;
    ev->xp->contextSize = 1;
    ev->xp->proximityPosition = 1;
    /* libxml2 2.9.14 leaves its recursion counter one higher after each
     * failed xmlXPathCompiledEvalToBoolean(): a few thousand failing
     * tests over a batch would make every later evaluation "exceed" the
     * recursion limit (found by fuzz/fuzz-xpath) */
    ev->xp->depth = 0;
}

/* The error of the last evaluation, or NULL; crp_malloc'd. */
static char *
eval_error(struct cr_evaluator *ev, const struct crp_expr *e, int failed)
{
    struct crp_strbuf sb;
    const char *why;
    char *msg;

    if (ev->env.error) {
        why = ev->env.error;
    } else if (failed) {
        why = ev->xp_error[0] ? ev->xp_error
              : ev->xcap.message[0] ? ev->xcap.message : "evaluation failed";
    } else {
        return NULL;
    }
    /* the cr: functions and libxml2 say so when memory ran out: that is
     * CR_ERR_NOMEM for the call, not an `error` item */
    if (strncmp(why, "out of memory", 13) == 0 || ev->xp_nomem ||
        ev->xcap.nomem)
        ev->oom = 1;
    crp_strbuf_init(&sb);
    crp_strbuf_printf(&sb, "%s (in '%s', checklist line %d)", why, e->text,
                      e->line);
    crp_fn_env_reset(&ev->env);
    msg = crp_strbuf_steal(&sb);
    if (msg == NULL)
        ev->oom = 1;
    return msg;
}

/* libxml2's compiled E, compiled now if the fast path had it until now.
 * Every expression compiled at load, so a failure here is memory:
 * NULL, with ev->oom set. */
static xmlXPathCompExprPtr
lx_comp(struct cr_evaluator *ev, const struct crp_expr *e)
{
    xmlXPathCompExprPtr c = ev->comp[e->slot];
    int reported = ev->xcap.count;

    if (c != NULL)
        return c;
    ev->xp_error[0] = '\0';
    ev->xp_nomem = 0;
    c = xmlXPathCtxtCompile(ev->xp, (const xmlChar *)e->text);
    /* 2.9.14 may return a damaged expression after a failed allocation,
     * only reporting it (see cr_evaluator_new) */
    if (c != NULL && (ev->xp_nomem || ev->xp_error[0] ||
                      ev->xcap.count != reported)) {
        xmlXPathFreeCompExpr(c);
        c = NULL;
    }
    if (c == NULL)
        ev->oom = 1;
    ev->comp[e->slot] = c;
    return c;
}

static xmlXPathObjectPtr
lx_object(struct cr_evaluator *ev, const struct crp_expr *e,
          xmlNodePtr node, char **err)
{
    xmlXPathCompExprPtr comp = lx_comp(ev, e);
    xmlXPathObjectPtr obj;

    if (comp == NULL) {
        *err = crp_strdup("out of memory");
        return NULL;
    }
    prepare(ev, node);
    obj = xmlXPathCompiledEval(comp, ev->xp);
    *err = eval_error(ev, e, obj == NULL);
    if (*err || obj == NULL) {
        xmlXPathFreeObject(obj);
        if (*err == NULL) {
            /* no message: even the message could not be allocated */
            ev->oom = 1;
            *err = crp_strdup("out of memory");
        }
        return NULL;
    }
    return obj;
}

/* 1 true, 0 false, -1 error (message in *ERR). */
static int
lx_bool(struct cr_evaluator *ev, const struct crp_expr *e, xmlNodePtr node,
        char **err)
{
    xmlXPathCompExprPtr comp = lx_comp(ev, e);
    int r;

    if (comp == NULL) {
        *err = crp_strdup("out of memory");
        return -1;
    }
    prepare(ev, node);
    r = xmlXPathCompiledEvalToBoolean(comp, ev->xp);
    /* 2.9.14 answers false, not -1, when the operation limit stops it
     * (xmlXPathCompOpEvalToBoolean): only the reported error says so */
    *err = eval_error(ev, e, r < 0 || ev->xp_error[0]);
    if (*err)
        return -1;
    if (r < 0) {
        ev->oom = 1;  /* failed, and the message could not be made */
        *err = crp_strdup("out of memory");
    }
    return r;
}

static char *
lx_string(struct cr_evaluator *ev, const struct crp_expr *e,
          xmlNodePtr node, char **err)
{
    xmlXPathObjectPtr obj = lx_object(ev, e, node, err);
    xmlChar *s;
    char *r;

    if (obj == NULL)
        return NULL;
    s = xmlXPathCastToString(obj);
    xmlXPathFreeObject(obj);
    r = crp_strdup(s ? (const char *)s : "");
    xmlFree(s);
    if (r == NULL && *err == NULL) {
        ev->oom = 1;
        *err = crp_strdup("out of memory");
    }
    return r;
}

/* ---- the fast path first (issue 8) ---- */

/* The fast path's value, when it has one: it declined, or a function it
 * called failed (then libxml2 runs the expression again and reports). */
static const struct crp_fx *
fast_expr(struct cr_evaluator *ev, const struct crp_expr *e, xmlNodePtr node)
{
    if (ev->fx == NULL || e->slot >= ev->cl->nexprs || ev->fx[e->slot] == NULL)
        return NULL;
    prepare(ev, node);
    return ev->fx[e->slot];
}

static int
fast_clean(struct cr_evaluator *ev)
{
    return ev->env.error == NULL && !ev->xp_error[0] && !ev->xp_nomem;
}

static int
same_object(xmlXPathObjectPtr a, xmlXPathObjectPtr b)
{
    int i, na, nb;

    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case XPATH_NODESET:
        na = a->nodesetval ? a->nodesetval->nodeNr : 0;
        nb = b->nodesetval ? b->nodesetval->nodeNr : 0;
        if (na != nb)
            return 0;
        for (i = 0; i < na; i++)
            if (a->nodesetval->nodeTab[i] != b->nodesetval->nodeTab[i])
                return 0;
        return 1;
    case XPATH_STRING:
        return strcmp((const char *)a->stringval,
                      (const char *)b->stringval) == 0;
    case XPATH_NUMBER:
        return a->floatval == b->floatval ||
               (isnan(a->floatval) && isnan(b->floatval));
    case XPATH_BOOLEAN:
        return a->boolval == b->boolval;
    default:
        return 0;
    }
}

/* Verify mode: the two evaluators disagree. A test failure, loudly. */
static void
mismatch(const struct crp_expr *e, xmlNodePtr node, const char *fast,
         const char *slow)
{
    xmlChar *path = xmlGetNodePath(node);

    fprintf(stderr, "casereview: CASEREVIEW_XPATH=verify: fast path and "
            "libxml2 differ on '%s' (checklist line %d) at %s: fast %s, "
            "libxml2 %s\n", e->text, e->line,
            path ? (const char *)path : "?", fast, slow);
    xmlFree(path);
    abort();
}

static char *
show(xmlXPathObjectPtr v)
{
    xmlChar *s = v ? xmlXPathCastToString(v) : NULL;
    char *r = crp_strdup(s ? (const char *)s : "(error)");

    xmlFree(s);
    return r;
}

/* Verify mode: the fast path's FAST (when it had one) must be libxml2's
 * SLOW, unless libxml2 stopped at a limit (ERR). */
static void
verify_object(const struct crp_expr *e, xmlNodePtr node,
              xmlXPathObjectPtr fast, xmlXPathObjectPtr slow, const char *err)
{
    if (fast && (slow == NULL || !same_object(fast, slow)) &&
        !(err && strstr(err, "limit"))) {
        char *a = show(fast), *b = show(slow);
        mismatch(e, node, a, err ? err : b);
    }
}

static xmlXPathObjectPtr
eval_object(struct cr_evaluator *ev, const struct crp_expr *e,
            xmlNodePtr node, char **err)
{
    const struct crp_fx *fx = fast_expr(ev, e, node);
    xmlXPathObjectPtr fast = NULL, slow;

    *err = NULL;
    if (fx && crp_fx_object(ev->fxrun, fx, node, &fast) && !fast_clean(ev)) {
        xmlXPathFreeObject(fast);
        fast = NULL;
    }
    if (fast && ev->xmode != XMODE_VERIFY)
        return fast;
    slow = lx_object(ev, e, node, err);
    verify_object(e, node, fast, slow, *err);
    xmlXPathFreeObject(fast);
    return slow;
}

/* 1 true, 0 false, -1 error (message in *ERR). */
static int
eval_bool(struct cr_evaluator *ev, const struct crp_expr *e, xmlNodePtr node,
          char **err)
{
    const struct crp_fx *fx = fast_expr(ev, e, node);
    int fast = -1, slow;

    *err = NULL;
    if (fx && crp_fx_bool(ev->fxrun, fx, node, &fast) && fast_clean(ev)) {
        if (ev->xmode != XMODE_VERIFY)
            return fast;
    } else {
        fast = -1;
    }
    slow = lx_bool(ev, e, node, err);
    if (fast >= 0 && slow != fast && !(*err && strstr(*err, "limit")))
        mismatch(e, node, fast ? "true" : "false",
                 *err ? *err : slow ? "true" : "false");
    return slow;
}

static char *
eval_string(struct cr_evaluator *ev, const struct crp_expr *e,
            xmlNodePtr node, char **err)
{
    const struct crp_fx *fx = fast_expr(ev, e, node);
    char *fast = NULL, *slow;

    *err = NULL;
    if (fx && crp_fx_string(ev->fxrun, fx, node, &fast) && !fast_clean(ev)) {
        crp_free(fast);
        fast = NULL;
    }
    if (fast && ev->xmode != XMODE_VERIFY)
        return fast;
    slow = lx_string(ev, e, node, err);
    if (fast && (slow == NULL || strcmp(fast, slow) != 0) &&
        !(*err && strstr(*err, "limit")))
        mismatch(e, node, fast, *err ? *err : slow);
    crp_free(fast);
    return slow;
}

/* Evaluates let E at NODE and pushes it as NAME. (perf, issue 8) The
 * fast path keeps the value in its own let stack: no libxml2 object is
 * made unless libxml2 itself reads the variable. A failed evaluation
 * sets *ERR and, when PUSH_FAILED (a global let), is pushed with its
 * error. -1: out of memory. */
static int
eval_let(struct cr_evaluator *ev, const char *name, const struct crp_expr *e,
         xmlNodePtr node, int push_failed, char **err)
{
    const struct crp_fx *fx = fast_expr(ev, e, node);
    size_t mark = crp_fx_let_mark(ev->fxrun);
    const struct crp_fx_value *fv = NULL;
    xmlXPathObjectPtr slow = NULL;

    *err = NULL;
    if (fx && crp_fx_let(ev->fxrun, fx, node, &fv) && fast_clean(ev)) {
        if (ev->xmode == XMODE_VERIFY) {
            xmlXPathObjectPtr fast = crp_fx_value_object(fv);
            if (fast == NULL)
                ev->oom = 1;
            slow = lx_object(ev, e, node, err);
            verify_object(e, node, fast, slow, *err);
            xmlXPathFreeObject(fast);
            if (slow == NULL) {
                crp_fx_let_release(ev->fxrun, mark);
                fv = NULL;
            }
        }
    } else {
        crp_fx_let_release(ev->fxrun, mark);
        fv = NULL;
        slow = lx_object(ev, e, node, err);
    }
    if (fv == NULL && slow == NULL && !push_failed)
        return 0;
    if (push_var(ev, name, slow, fv, mark, *err) != 0) {
        *err = NULL;   /* freed there */
        return -1;
    }
    if (fv || slow)
        return 0;
    /* a failed global let keeps its error; the caller gets a copy */
    *err = NULL;
    return 0;
}

/* ---- explaining ---- */

/* A value as a person reads it: node-sets of several nodes say so, and
 * element nodes show where they are (their text is often empty). */
static char *
describe_value(xmlXPathObjectPtr v)
{
    struct crp_strbuf sb;
    xmlChar *s;
    xmlNodePtr first = NULL;

    if (v == NULL)
        return crp_strdup("(error)");
    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    if (v->type == XPATH_NODESET) {
        int n = v->nodesetval ? v->nodesetval->nodeNr : 0;
        if (n != 1)
            crp_strbuf_printf(&sb, "(%d nodes) ", n);
        if (n > 0)
            first = v->nodesetval->nodeTab[0];
    }
    if (first && (first->type == XML_ELEMENT_NODE ||
                  first->type == XML_DOCUMENT_NODE)) {
        xmlChar *path = xmlGetNodePath(first);
        crp_strbuf_puts(&sb, path ? (const char *)path : "/");
        xmlFree(path);
        s = xmlXPathCastToString(v);
        if (s && s[0]) {
            size_t len = strlen((const char *)s);
            /* keep the excerpt short and on a UTF-8 boundary */
            while (len > 120 || (len > 0 && (s[len] & 0xC0) == 0x80))
                len--;
            crp_strbuf_puts(&sb, " \"");
            crp_strbuf_append(&sb, (const char *)s, len);
            crp_strbuf_puts(&sb, len < strlen((const char *)s) ? "…\"" : "\"");
        }
        xmlFree(s);
        return crp_strbuf_steal(&sb);
    }
    if (v->type == XPATH_STRING)
        crp_strbuf_putc(&sb, '"');
    s = xmlXPathCastToString(v);
    crp_strbuf_puts(&sb, s ? (const char *)s : "");
    xmlFree(s);
    if (v->type == XPATH_STRING)
        crp_strbuf_putc(&sb, '"');
    return crp_strbuf_steal(&sb);
}

/* Adds PRE NAME POST = VALUE (VALUE crp_malloc'd and taken; NULL: out of
 * memory). The name is built whole: a fixed buffer would cut a long
 * expression inside a UTF-8 character. */
static int
explain_add(struct crp_explain **v, size_t *n, const char *pre,
            const char *name, const char *post, char *value)
{
    struct crp_strbuf sb;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, pre);
    crp_strbuf_puts(&sb, name);
    crp_strbuf_puts(&sb, post);
    return crp_explain_take(v, n, crp_strbuf_steal(&sb), value);
}

/* Does the item's logic mention $NAME? (global lets worth showing) */
static int
mentions(const char *logic, const char *name)
{
    size_t n = strlen(name);
    const char *p;

    for (p = strchr(logic, '$'); p; p = strchr(p + 1, '$')) {
        char c;

        if (strncmp(p + 1, name, n) != 0)
            continue;
        c = p[1 + n];   /* within LOGIC: its first N bytes matched */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 1;
    }
    return 0;
}

/* Adds "$name = value" for the checklist-level lets and params that TEXT
 * mentions (all lets of the current check when ALL_LOCAL). */
static int
explain_names(struct cr_evaluator *ev, const char *text, size_t global_count,
              int all_local, struct crp_explain **v, size_t *n)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < ev->cl->nparams && rc == 0; i++) {
        if (!mentions(text, ev->cl->params[i].name))
            continue;
        rc = explain_add(v, n, "$", ev->cl->params[i].name, "",
                         describe_value(ev->params[i]));
    }
    for (i = 0; i < ev->nvars && rc == 0; i++) {
        if (i < global_count ? !mentions(text, ev->vars[i].name) : !all_local)
            continue;
        rc = explain_add(v, n, "$", ev->vars[i].name, "",
                         describe_value(var_object(ev, i)));
    }
    return rc;
}

/* ---- one item ---- */

struct item_run {
    struct cr_evaluator *ev;
    struct cr_result *res;
    struct cr_item_result *ir;
    size_t global_count;
    char *error;      /* first run-time error: the item ends in `error` */
    int oom;
    int track_nodes;  /* several checks: remember failing nodes */
    xmlNodePtr *failed;
    size_t nfailed, cap;
};

static void
track_node(struct item_run *r, xmlNodePtr node)
{
    if (r->nfailed == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        xmlNodePtr *v = crp_realloc(r->failed, cap * sizeof(*v));
        if (v == NULL) {
            r->oom = 1;
            return;
        }
        r->failed = v;
        r->cap = cap;
    }
    r->failed[r->nfailed++] = node;
}

static char *
render_message(struct item_run *r, const struct crp_test *t, xmlNodePtr node,
               struct cr_finding *f)
{
    struct crp_strbuf sb;
    size_t i;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    for (i = 0; i < t->nparts && r->error == NULL; i++) {
        const struct crp_tpl_part *p = &t->parts[i];
        char *v;
        if (p->literal) {
            crp_strbuf_puts(&sb, p->literal);
            continue;
        }
        v = eval_string(r->ev, &p->expr, node, &r->error);
        if (v == NULL)
            break;
        crp_strbuf_puts(&sb, v);
        if (f == NULL)
            crp_free(v);
        else if (explain_add(&f->explain, &f->nexplain, "{", p->expr.text,
                             "}", v) != 0)
            r->oom = 1;
    }
    if (r->error) {
        crp_strbuf_release(&sb);
        return NULL;
    }
    return crp_strbuf_steal(&sb);
}

static int
node_line(xmlNodePtr node)
{
    long line;

    if (node->type == XML_NAMESPACE_DECL)
        node = (xmlNodePtr)((xmlNsPtr)node)->next;
    else if (node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    if (node == NULL || node->type == XML_DOCUMENT_NODE)
        return 1;
    line = xmlGetLineNo(node);
    return line > 0 && line < 2147483647L ? (int)line : 0;
}

static char *
node_location(struct cr_evaluator *ev, xmlNodePtr node)
{
    if (node->type == XML_NAMESPACE_DECL) {
        xmlNsPtr ns = (xmlNsPtr)node;
        struct crp_strbuf sb;
        char *p;
        crp_strbuf_init(&sb);
        p = ns->next ? crp_node_path(ev->paths, (xmlNodePtr)ns->next) : NULL;
        crp_strbuf_printf(&sb, "%s/namespace::%s", p ? p : "",
                          ns->prefix ? (const char *)ns->prefix : "");
        crp_free(p);
        return crp_strbuf_steal(&sb);
    }
    return crp_node_path(ev->paths, node);
}

static void
add_finding(struct item_run *r, const struct crp_test *t, xmlNodePtr node)
{
    struct cr_item_result *ir = r->ir;
    struct cr_finding scratch = {0};
    int explain = (r->ev->flags & CR_EVAL_EXPLAIN) != 0;
    char *msg, *loc;
    xmlNodePtr at;

    /* past max-findings a finding is only counted: not even its message
     * is made (result-bounds.c) */
    if (crp_finding_omit(ir, r->ev->cl->limits.max_findings))
        return;
    if (explain &&
        (crp_explain_add(&scratch.explain, &scratch.nexplain,
                         t->is_report ? "report" : "assert", t->test.text) ||
         explain_names(r->ev, ir->def->logic, r->global_count, 1,
                       &scratch.explain, &scratch.nexplain)))
        r->oom = 1;
    msg = crp_message_cut(render_message(r, t, node,
                                         explain ? &scratch : NULL),
                          r->ev->cl->limits.max_message);
    /* a mapped export's findings point at the export's element */
    at = r->ev->mapped && crp_origin_of(node) ? crp_origin_of(node) : node;
    loc = msg ? node_location(r->ev, at) : NULL;
    if (msg && loc &&
        crp_item_add_finding(ir, msg, loc, node_line(at)) == 0) {
        ir->findings[ir->nfindings - 1].explain = scratch.explain;
        ir->findings[ir->nfindings - 1].nexplain = scratch.nexplain;
        return;
    }
    if (msg && !loc)
        crp_free(msg);
    if (r->error == NULL)
        r->oom = 1;
    for (size_t i = 0; i < scratch.nexplain; i++) {
        crp_free(scratch.explain[i].name);
        crp_free(scratch.explain[i].value);
    }
    crp_free(scratch.explain);
}

/* Checks one context node: lets, then every assert/report. */
static void
check_node(struct item_run *r, const struct crp_check *c, xmlNodePtr node)
{
    struct cr_evaluator *ev = r->ev;
    size_t mark = ev->nvars, i;
    int failed = 0;

    for (i = 0; i < c->nlets && r->error == NULL; i++)
        if (eval_let(ev, c->lets[i].name, &c->lets[i].value, node, 0,
                     &r->error) != 0)
            r->oom = 1;
    for (i = 0; i < c->ntests && r->error == NULL && !r->oom; i++) {
        const struct crp_test *t = &c->tests[i];
        int b = eval_bool(ev, &t->test, node, &r->error);
        if (b < 0)
            break;
        if (t->is_report ? b : !b) {
            failed = 1;
            add_finding(r, t, node);
        }
    }
    pop_vars(ev, mark);
    if (failed)
        r->ir->failing_nodes++;
}

/* Checks every node of NODES (N of them) in order. */
static void
check_nodes(struct item_run *r, const struct crp_check *c, xmlNodePtr *nodes,
            int n)
{
    int i;

    for (i = 0; i < n; i++) {
        size_t before = r->ir->failing_nodes;
        check_node(r, c, nodes[i]);
        if (r->error || r->oom)
            break;
        if (r->ir->failing_nodes > before && r->track_nodes)
            track_node(r, nodes[i]);
    }
}

static void
run_check(struct item_run *r, const struct crp_check *c, xmlDocPtr doc)
{
    struct cr_evaluator *ev = r->ev;
    const struct crp_fx *fx;
    xmlXPathObjectPtr set;
    xmlNodePtr *nodes;
    int n;

    /* (perf) the context's nodes straight from the fast path, without a
     * libxml2 node-set object; verify mode takes eval_object's way, which
     * compares */
    fx = ev->xmode == XMODE_FAST ? fast_expr(ev, &c->context, (xmlNodePtr)doc)
                                 : NULL;
    if (fx && crp_fx_nodes(ev->fxrun, fx, (xmlNodePtr)doc, &nodes, &n)) {
        if (fast_clean(ev)) {
            check_nodes(r, c, nodes, n);
            crp_free(nodes);
            return;
        }
        crp_free(nodes);
    }
    set = eval_object(ev, &c->context, (xmlNodePtr)doc, &r->error);

    if (set == NULL)
        return;
    if (set->type != XPATH_NODESET) {
        r->error = crp_strdup("check context is not a node-set");
        xmlXPathFreeObject(set);
        return;
    }
    if (set->nodesetval)
        check_nodes(r, c, set->nodesetval->nodeTab, set->nodesetval->nodeNr);
    xmlXPathFreeObject(set);
}

static int
cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;

    return x < y ? -1 : x > y;
}

/* A node failing in two checks of one item counts once. */
static void
count_distinct_nodes(struct item_run *r)
{
    size_t i, n = 0;

    if (!r->track_nodes || r->nfailed == 0)
        return;
    qsort(r->failed, r->nfailed, sizeof(*r->failed), cmp_ptr);
    for (i = 0; i < r->nfailed; i++)
        n += i == 0 || r->failed[i] != r->failed[i - 1];
    r->ir->failing_nodes = n;
}

static void
explain_applies(struct item_run *r, const struct crp_expr *e, int value)
{
    if (!(r->ev->flags & CR_EVAL_EXPLAIN))
        return;
    if (crp_explain_add(&r->ir->explain, &r->ir->nexplain, e->text,
                        value ? "true" : "false") != 0 ||
        explain_names(r->ev, e->text, r->global_count, 0, &r->ir->explain,
                      &r->ir->nexplain) != 0)
        r->oom = 1;
}

static int
run_item(struct cr_evaluator *ev, struct cr_result *res, size_t idx,
         xmlDocPtr doc, size_t global_count)
{
    struct item_run r = {ev, res, &res->items[idx], global_count, NULL, 0,
                         0, NULL, 0, 0};
    const struct crp_item *it = r.ir->def;
    size_t i;
    int applies_failed;

    r.track_nodes = it->nchecks > 1 && it->per_node;
    for (i = 0; i < it->napplies; i++) {
        int b = eval_bool(ev, &it->applies[i], (xmlNodePtr)doc, &r.error);
        if (b < 0)
            break;
        if (!b) {
            explain_applies(&r, &it->applies[i], 0);
            r.ir->state = CR_ITEM_NOT_APPLICABLE;
            return r.oom ? -1 : 0;
        }
    }
    applies_failed = r.error != NULL;
    for (i = 0; i < it->nchecks && r.error == NULL && !r.oom; i++)
        run_check(&r, &it->checks[i], doc);
    /* a reviewer item's checks are hints: one that errors leaves the
     * item pending with the hints found so far (1.1, reading 6) */
    if (it->reviewer && r.error && !applies_failed) {
        crp_free(r.error);
        r.error = NULL;
    }
    count_distinct_nodes(&r);
    crp_free(r.failed);
    r.oom |= ev->oom;
    if (r.error) {
        r.ir->state = CR_ITEM_ERROR;
        r.ir->error = r.error;
        crp_item_clear_findings(r.ir);
        r.ir->findings_omitted = 0;
    } else if (r.ir->nfindings) {
        r.ir->state = CR_ITEM_FAILED;
    }
    return r.oom ? -1 : 0;
}

/* ---- one case ---- */

/* The checklist's <accepts>, before anything else: 0 when the case is
 * accepted, 1 when refused (*WHY the message rendered at the document
 * node, or the error that stopped the test), -1 out of memory. */
static int
refused(struct cr_evaluator *ev, xmlDocPtr doc, char **why)
{
    const struct crp_test *t = &ev->cl->accepts;
    struct item_run r = {ev, NULL, NULL, 0, NULL, 0, 0, NULL, 0, 0};
    int b;

    *why = NULL;
    if (t->test.text == NULL)
        return 0;
    b = eval_bool(ev, &t->test, (xmlNodePtr)doc, &r.error);
    if (b == 1)
        return ev->oom ? -1 : 0;
    if (b == 0)
        *why = render_message(&r, t, (xmlNodePtr)doc, NULL);
    if (*why == NULL && r.error == NULL)
        return -1;
    if (*why == NULL) {
        *why = r.error;
        r.error = NULL;
    }
    crp_free(r.error);
    return ev->oom || r.oom ? -1 : 1;
}

/* The case passed one of its budget's limits: an error result of kind
 * "limit" naming it (with the case's id when it was known), never a
 * partial score. */
static enum cr_status
over_budget(struct cr_evaluator *ev, const char *source, const char *case_id,
            struct cr_result **out)
{
    char msg[256];
    const char *limit = crp_budget_over(&ev->budget, msg, sizeof(msg));

    *out = crp_result_new_case_error(source, case_id, msg, 0, CRP_ERROR_LIMIT,
                                     NULL);
    if (*out == NULL)
        return CR_ERR_NOMEM;
    crp_result_set_error_limit(*out, limit);
    return CR_ERR_CASE;
}

/* A fact of the archive rules, at the case's document (archive-facts.c). */
static xmlXPathObjectPtr
fact_object(void *ctx, const struct crp_expr *e, char **err)
{
    struct cr_evaluator *ev = ctx;

    return eval_object(ev, e, (xmlNodePtr)ev->xp->doc, err);
}

static int
eval_globals(struct cr_evaluator *ev, xmlDocPtr doc)
{
    size_t i;

    for (i = 0; i < ev->cl->nlets; i++) {
        char *err = NULL;
        if (eval_let(ev, ev->cl->lets[i].name, &ev->cl->lets[i].value,
                     (xmlNodePtr)doc, 1, &err) != 0)
            return -1;
    }
    return 0;
}

static enum cr_status
evaluate(struct cr_evaluator *ev, xmlDocPtr doc, const char *source,
         struct cr_result **out)
{
    struct cr_result *res = crp_result_new(ev->cl, source);
    const struct crp_verdict_case *vc = NULL;
    char *err = NULL;
    size_t i, k = 0;
    int rc = 0, refuse, id_known;

    if (res == NULL)
        return CR_ERR_NOMEM;
    res->explained = (ev->flags & CR_EVAL_EXPLAIN) != 0;
    ev->oom = 0;
    ev->xp->doc = doc;
    /* the op limit bounds each item, the budget the whole case */
    crp_budget_case_begin(&ev->budget);
    crp_fx_new_case(ev->fxrun);
    /* the checklist's <accepts>, then the global lets: each a run of
     * the budget */
    (void)crp_budget_ops_begin(&ev->budget, ev->xp);
    refuse = refused(ev, doc, &err);
    if (crp_budget_ops_end(&ev->budget, ev->xp) != 0 && refuse >= 0) {
        crp_free(err);
        err = NULL;
        refuse = 0;
        rc = 1;
    }
    if (refuse == 1) {
        ev->xp->doc = NULL;
        ev->xp->node = NULL;
        cr_result_free(res);
        res = crp_refusal_result(ev->cl, doc, source, err);
        crp_free(err);
        *out = res;
        return res ? CR_ERR_CASE : CR_ERR_NOMEM;
    }
    if (refuse < 0)
        rc = -1;
    if (rc == 0 && crp_budget_ops_begin(&ev->budget, ev->xp) != 0)
        rc = 1;
    if (rc == 0)
        rc = eval_globals(ev, doc);
    if (rc == 0) {
        res->case_id = eval_string(ev, &ev->cl->case_id, (xmlNodePtr)doc, &err);
        crp_free(err);
        err = NULL;
        res->group = eval_string(ev, &ev->cl->group_by, (xmlNodePtr)doc, &err);
        crp_free(err);
        if (res->case_id == NULL)
            res->case_id = crp_strdup("");
        if (res->group == NULL)
            res->group = crp_strdup("");
        if (res->case_id == NULL || res->group == NULL || ev->oom)
            rc = -1;
    }
    if (rc == 0) {
        res->agency_name = eval_string(ev, &ev->cl->agency_name,
                                       (xmlNodePtr)doc, &err);
        crp_free(err);
        res->kind = eval_string(ev, &ev->cl->case_kind, (xmlNodePtr)doc,
                                &err);
        crp_free(err);
        if (ev->oom)
            rc = -1;
    }
    if (rc == 0 && ev->cl->archive &&
        (crp_facts_eval(res, fact_object, ev) != 0 || ev->oom))
        rc = -1;
    if (crp_budget_ops_end(&ev->budget, ev->xp) != 0 && rc == 0)
        rc = 1;
    id_known = rc == 0;
    if (rc == 0 && ev->verdicts) {
        vc = crp_verdicts_find(ev->verdicts, res->case_id);
        if (vc)
            res->verdicts = cr_verdicts_ref(ev->verdicts);
    }
    ev->env.result = res;       /* cr:state reads the items so far */
    for (i = 0; i < res->nitems && rc == 0; i++) {
        if (crp_budget_ops_begin(&ev->budget, ev->xp) != 0)
            rc = 1;
        else
            rc = run_item(ev, res, i, doc, ev->cl->nlets);
        if (crp_budget_ops_end(&ev->budget, ev->xp) != 0 && rc == 0)
            rc = 1;
        /* reviewer items and verdicts (1.1), before a later item's
         * cr:state can read the state */
        if (vc || ev->cl->has_reviewer) {
            const struct crp_verdict *v = NULL;
            if (vc && k < vc->count && vc->verdicts[k].item == i)
                v = &vc->verdicts[k++];
            crp_item_settle(res, i, v);
        }
    }
    ev->env.result = NULL;
    pop_vars(ev, 0);
    crp_path_cache_clear(ev->paths);  /* its pointers die with the doc */
    ev->xp->doc = NULL;
    ev->xp->node = NULL;
    if (rc == 0)
        rc = crp_score(res);
    if (rc == 1) {
        enum cr_status st = over_budget(ev, source,
                                        id_known ? res->case_id : NULL, out);
        cr_result_free(res);
        return st;
    }
    if (rc != 0) {
        cr_result_free(res);
        return CR_ERR_NOMEM;
    }
    *out = res;
    return CR_OK;
}

static enum cr_status
error_result(struct cr_result *res, struct cr_result **out)
{
    *out = res;
    return res ? CR_ERR_CASE : CR_ERR_NOMEM;
}

/* A case through the evaluator's mapping: INPUT (SIZE bytes) mapped,
 * then scored; findings report the export's elements. */
static enum cr_status
score_mapped(struct cr_evaluator *ev, xmlDocPtr input, size_t size,
             const char *source, struct cr_result **out)
{
    char *msg = NULL, *detail = NULL;
    xmlDocPtr doc = NULL;
    enum cr_status st = crp_xslt_apply(ev->xslt, input, size, &doc, &msg,
                                       &detail);

    if (st == CR_ERR_CASE)
        st = error_result(crp_result_new_case_error(source, NULL, msg, 0,
                                                    CRP_ERROR_TRANSFORM,
                                                    detail), out);
    crp_free(msg);
    crp_free(detail);
    if (st != CR_OK)
        return st;
    xmlXPathOrderDocElems(doc);
    ev->mapped = 1;
    st = evaluate(ev, doc, source, out);
    ev->mapped = 0;
    xmlFreeDoc(doc);
    return st;
}

/* The caller's document is only read: libxslt may strip its white
 * space, so the mapping runs on a copy (lines are copied too). */
static enum cr_status
score_copy_mapped(struct cr_evaluator *ev, xmlDocPtr doc, const char *source,
                  struct cr_result **out)
{
    xmlDocPtr copy = xmlCopyDoc(doc, 1);
    enum cr_status st;

    if (copy == NULL)
        return CR_ERR_NOMEM;
    st = score_mapped(ev, copy, 0, source, out);
    xmlFreeDoc(copy);
    return st;
}

CR_EXPORT enum cr_status
cr_evaluator_set_transform(struct cr_evaluator *ev, struct cr_transform *tf)
{
    struct crp_xslt *x = NULL;
    char err[1024];
    enum cr_status st;

    if (ev == NULL)
        return CR_ERR_INVALID;
    if (tf && (st = crp_xslt_new(tf, &x, err, sizeof(err))) != CR_OK)
        return st;
    crp_xslt_free(ev->xslt);
    ev->xslt = x;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_score_doc(struct cr_evaluator *ev, void *xml_doc,
                       const char *source, struct cr_result **out)
{
    enum cr_status st;

    if (out)
        *out = NULL;
    if (ev == NULL || xml_doc == NULL || out == NULL)
        return CR_ERR_INVALID;
    /* as score_memory says of an empty file: nothing to score */
    if (xmlDocGetRootElement((xmlDocPtr)xml_doc) == NULL)
        return error_result(crp_result_new_case_error(
                                source ? source : "", NULL,
                                "文档中没有根元素，没有可评查的内容", 0,
                                CRP_ERROR_NO_ROOT, NULL), out);
    crp_xml_capture_begin(&ev->xcap);
    if (ev->xslt)
        st = score_copy_mapped(ev, (xmlDocPtr)xml_doc, source ? source : "",
                               out);
    else
        st = evaluate(ev, (xmlDocPtr)xml_doc, source ? source : "", out);
    crp_xml_capture_end(&ev->xcap);
    return st;
}

CR_EXPORT enum cr_status
cr_evaluator_score_memory(struct cr_evaluator *ev, const char *buf,
                          size_t len, const char *source,
                          struct cr_result **out)
{
    char err[512];
    const char *guess = NULL;
    int line = 0, built;
    xmlDocPtr doc;
    enum cr_status st;

    if (out)
        *out = NULL;
    if (ev == NULL || out == NULL || (buf == NULL && len))
        return CR_ERR_INVALID;
    if (source == NULL)
        source = "";
    if (len > ev->cl->limits.max_case_size)
        return error_result(crp_case_read_error(source, EFBIG, NULL,
                                ev->cl->limits.max_case_size), out);
    crp_xml_capture_begin(&ev->xcap);
    crp_meter_reset(&ev->budget.tree);
    /* (perf, issue 8) the arena builder first; whatever it does not
     * take, libxml2's builder parses again and reports. A mapping's
     * input is libxml2's: libxslt may change it. */
    doc = ev->builder && len && !ev->xslt
          ? crp_builder_parse(ev->builder, buf, len, source) : NULL;
    built = doc != NULL;
    if (doc == NULL && ev->budget.tree.over == CRP_METER_OK) {
        crp_meter_reset(&ev->budget.tree);
        doc = crp_parse_case(ev->pctxt, &ev->xcap, buf ? buf : "", len,
                             source, err, sizeof(err), &line, &guess);
    }
    /* a tree past max-case-nodes or max-case-tree was never finished */
    if (!built && ev->budget.tree.over != CRP_METER_OK) {
        if (doc != NULL)
            xmlFreeDoc(doc);
        crp_xml_capture_end(&ev->xcap);
        return over_budget(ev, source, NULL, out);
    }
    if (doc == NULL) {
        int code = ev->xcap.code;
        crp_xml_capture_end(&ev->xcap);
        if (strcmp(err, CRP_MSG_NOMEM) == 0)
            return CR_ERR_NOMEM;
        return error_result(crp_case_parse_error(source, buf ? buf : "", len,
                                                 code, err, line), out);
    }
    if (ev->xslt) {
        st = score_mapped(ev, doc, len, source, out);
        if (*out)
            (*out)->encoding_guess = guess;
        xmlFreeDoc(doc);
        crp_xml_capture_end(&ev->xcap);
        return st;
    }
    if (!built)
        xmlXPathOrderDocElems(doc);   /* the builder numbered its own */
    crp_fx_trust(ev->fxrun, 0, doc);   /* parsed here: names interned */
    st = evaluate(ev, doc, source, out);
    crp_fx_trust(ev->fxrun, 0, NULL);
    if (*out)
        (*out)->encoding_guess = guess;
    if (built)
        crp_builder_release(ev->builder, doc);
    else
        xmlFreeDoc(doc);
    crp_xml_capture_end(&ev->xcap);
    return st;
}

CR_EXPORT enum cr_status
cr_evaluator_score_file(struct cr_evaluator *ev, const char *path,
                        struct cr_result **out)
{
    char err[512];
    enum cr_status st;

    if (out)
        *out = NULL;
    if (ev == NULL || path == NULL || out == NULL)
        return CR_ERR_INVALID;
    if (crp_read_file_into(path, ev->cl->limits.max_case_size, &ev->file,
                           err, sizeof(err)) != 0)
        st = errno == ENOMEM
             ? CR_ERR_NOMEM
             : error_result(crp_case_read_error(
                                path, errno, errno == EFBIG ? NULL : err,
                                ev->cl->limits.max_case_size), out);
    else
        st = cr_evaluator_score_memory(ev, ev->file.data, ev->file.len, path,
                                       out);
    /* a buffer kept for the next case, unless one case was unusually
     * large: then give the memory back */
    if (ev->file.cap > FILE_KEEP_MAX) {
        crp_free(ev->file.data);
        ev->file.data = NULL;
        ev->file.cap = 0;
    }
    return st;
}
