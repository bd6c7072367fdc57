/* functions.c — the table of functions.def, failures, the helpers an
 * implementation calls, and the adapter that makes each cr: function a
 * libxml2 XPath function (the fast path has its own: xpath-call.c).
 *
 * libxml2 hands a function its arguments as objects on a stack; the
 * adapter converts them as the row's argument kinds say, calls the one
 * implementation, and pushes its result. A failure sets ctxt->error
 * itself instead of calling xmlXPathErr(), which would print through
 * libxml2's generic error channel. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "functions.h"
#include "msgcat-lib.h"
#include "utf8.h"
#include "xpath-nodeset.h"

/* A failure message is formatted into a fixed buffer: bounded, whatever
 * the strings quoted in it. */
#define FAIL_MAX 512

/* ---- the table ---- */

#define TYPE_NUMBER CRP_FN_NUMBER
#define TYPE_BOOLEAN CRP_FN_BOOLEAN
#define TYPE_STRING CRP_FN_STRING
#define TYPE_NODES CRP_FN_NODES

static void call_libxml2(xmlXPathParserContextPtr ctxt, int nargs,
                         const struct crp_function *fn);

/* One adapter per row: libxml2 passes a function no data of its own. */
#define CORE(ID, name, min, max, fast)
#define CR(ID, name, min, args, result, flags, lint)                          \
    static void lx_##ID(xmlXPathParserContextPtr ctxt, int nargs)        \
    {                                                                    \
        call_libxml2(ctxt, nargs, &crp_cr_functions[CRP_CR_##ID]);       \
    }
#include "functions.def"
#undef CORE
#undef CR

const struct crp_function crp_core_functions[CRP_NCORE] = {
#define CORE(ID, name, min, max, fast) \
    {name, min, max, CRP_CORE_##ID, fast, NULL, 0, 0, NULL, NULL, NULL},
#define CR(ID, name, min, args, result, flags, lint)
#include "functions.def"
#undef CORE
#undef CR
};

const struct crp_function crp_cr_functions[CRP_NCR] = {
#define CORE(ID, name, min, max, fast)
#define CR(ID, name, min, args, result, flags, lint)                          \
    {name, min, (int)sizeof(args) - 1, CRP_CORE_NONE, 0, args,           \
     TYPE_##result, flags, crp_fn_##ID, lint, lx_##ID},
#include "functions.def"
#undef CORE
#undef CR
};

static const struct crp_function *
find(const struct crp_function *table, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

const struct crp_function *
crp_core_function(const char *name)
{
    return find(crp_core_functions, CRP_NCORE, name);
}

const struct crp_function *
crp_cr_function(const char *local_name)
{
    return find(crp_cr_functions, CRP_NCR, local_name);
}

int
crp_functions_register(xmlXPathContextPtr ctxt)
{
    size_t i;

    for (i = 0; i < CRP_NCR; i++)
        if (xmlXPathRegisterFuncNS(ctxt, (const xmlChar *)crp_cr_functions[i].name,
                                   (const xmlChar *)CRP_FN_NS,
                                   crp_cr_functions[i].libxml2) != 0)
            return -1;
    return 0;
}

int
crp_functions_core_present(xmlXPathContextPtr ctxt)
{
    size_t i;

    for (i = 0; i < CRP_NCORE; i++)
        if (xmlXPathFunctionLookup(ctxt, (const xmlChar *)
                                             crp_core_functions[i].name) == NULL)
            return 0;
    return 1;
}

/* ---- failures ---- */

void
crp_fn_env_reset(struct crp_fn_env *env)
{
    crp_free(env->error);
    env->error = NULL;
}

static void
fail_v(struct crp_fn_env *env, const char *fmt, va_list ap)
{
    char buf[FAIL_MAX];
    int n;

    if (env == NULL || env->error != NULL)
        return;
    /* every cr: failure speaks the case's language; "out of memory" stays
     * as it is: the evaluator reads it as CR_ERR_NOMEM, not a message */
    if (strncmp(fmt, "out of memory", 13) != 0)
        fmt = crp_msg(crp_msg_current(), fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n >= (int)sizeof(buf))
        buf[crp_utf8_trim(buf, sizeof(buf) - 1)] = '\0';
    env->error = crp_strdup(n < 0 ? "cr: function failed" : buf);
}

void
crp_fn_fail(struct crp_fn_env *env, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fail_v(env, fmt, ap);
    va_end(ap);
}

int
crp_fn_error(struct crp_fn_call *c, int xpath_error, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fail_v(c->env, fmt, ap);
    va_end(ap);
    c->xpath_error = xpath_error;
    return -1;
}

/* ---- an implementation's helpers ---- */

int
crp_fn_number(struct crp_fn_call *c, double v)
{
    c->ret.type = CRP_FN_NUMBER;
    c->ret.num = v;
    return 0;
}

int
crp_fn_boolean(struct crp_fn_call *c, int v)
{
    c->ret.type = CRP_FN_BOOLEAN;
    c->ret.boolean = v != 0;
    return 0;
}

int
crp_fn_string(struct crp_fn_call *c, const char *s)
{
    c->ret.type = CRP_FN_STRING;
    c->ret.str = (const xmlChar *)s;
    return 0;
}

int
crp_fn_string_take(struct crp_fn_call *c, char *s)
{
    if (s == NULL)
        return crp_fn_error(c, XPATH_MEMORY_ERROR, "out of memory");
    c->ret.owned = s;
    return crp_fn_string(c, s);
}

int
crp_fn_nodes(struct crp_fn_call *c, xmlNodePtr *nodes, int n)
{
    c->ret.type = CRP_FN_NODES;
    c->ret.nodes = nodes;
    c->ret.n = n;
    return 0;
}

int
crp_fn_charge(struct crp_fn_call *c, unsigned long units)
{
    if (c->ops->charge(c, units) == 0)
        return 0;
    return crp_fn_error(c, XPATH_OP_LIMIT_EXCEEDED,
                        "XPath error: operation limit exceeded (the "
                        "expression does too much work for this case)");
}

void *
crp_fn_scratch(struct crp_fn_call *c, size_t bytes)
{
    void *p = c->ops->scratch(c, bytes ? bytes : 1);

    if (p == NULL)
        crp_fn_error(c, XPATH_MEMORY_ERROR, "out of memory");
    return p;
}

const xmlChar *
crp_fn_string_of(struct crp_fn_call *c, xmlNodePtr node)
{
    const xmlChar *s = c->ops->string_of(c, node);

    if (s == NULL && c->xpath_error == 0)
        crp_fn_error(c, XPATH_MEMORY_ERROR, "out of memory");
    return s;
}

xmlAttrPtr
crp_lookup_attr(xmlNodePtr elem, const xmlChar *name)
{
    xmlAttrPtr a;

    if (elem->type != XML_ELEMENT_NODE)
        return NULL;
    for (a = elem->properties; a; a = a->next)
        if (a->ns == NULL && xmlStrEqual(a->name, name))
            return a;
    return NULL;
}

/* ---- libxml2's side ---- */

/* What one libxml2 call keeps until it returns: the popped objects, the
 * strings made from them, and scratch blocks. */
struct lx_call {
    xmlXPathParserContextPtr ctxt;
    xmlXPathObjectPtr obj[CRP_FN_MAX_ARGS];
    xmlChar *owned[CRP_FN_MAX_ARGS];
    void **blocks;
    size_t nblocks, cap;
};

/* Counts UNITS against the evaluation's operation limit the way libxml2
 * counts its own operations (budget.h); past it, opCount stays at the
 * limit, as libxml2 leaves it. */
static int
lx_charge(struct crp_fn_call *c, unsigned long units)
{
    xmlXPathContextPtr xp = ((struct lx_call *)c->ev)->ctxt->context;

    if (xp == NULL || xp->opLimit == 0)
        return 0;
    if (units > xp->opLimit || xp->opCount > xp->opLimit - units) {
        xp->opCount = xp->opLimit;
        return -1;
    }
    xp->opCount += units;
    return 0;
}

static void *
lx_scratch(struct crp_fn_call *c, size_t bytes)
{
    struct lx_call *lc = c->ev;
    void *p;

    if (lc->nblocks == lc->cap) {
        size_t cap = lc->cap ? lc->cap * 2 : 4;
        void **v = crp_realloc(lc->blocks, cap * sizeof(*v));
        if (v == NULL)
            return NULL;
        lc->blocks = v;
        lc->cap = cap;
    }
    if ((p = crp_malloc(bytes)) != NULL)
        lc->blocks[lc->nblocks++] = p;
    return p;
}

/* The value of an attribute or text node without a copy when it is one
 * text node (the usual case), else a copy kept for the call. */
static const xmlChar *
lx_string_of(struct crp_fn_call *c, xmlNodePtr n)
{
    xmlChar *s, *copy;
    size_t len;

    if (n->type == XML_ATTRIBUTE_NODE && n->children &&
        n->children->type == XML_TEXT_NODE && n->children->next == NULL)
        return n->children->content ? n->children->content
                                    : (const xmlChar *)"";
    if (n->type == XML_TEXT_NODE && n->content)
        return n->content;
    if ((s = xmlXPathCastNodeToString(n)) == NULL)
        return NULL;
    len = strlen((const char *)s) + 1;
    if ((copy = lx_scratch(c, len)) != NULL)
        memcpy(copy, s, len);
    xmlFree(s);
    return copy;
}

static const struct crp_fn_ops lx_ops = {lx_charge, lx_scratch, lx_string_of};

static int
is_node_set(xmlXPathObjectPtr o)
{
    return o->type == XPATH_NODESET || o->type == XPATH_XSLT_TREE;
}

/* The string values of the NODE-SET's nodes into A. */
static int
lx_strings(struct crp_fn_call *c, xmlNodeSetPtr set, struct crp_fn_arg *a)
{
    int i;

    a->n = set ? set->nodeNr : 0;
    a->nodes = set ? set->nodeTab : NULL;
    if (crp_fn_charge(c, (unsigned long)a->n) != 0)
        return -1;
    a->strs = crp_fn_scratch(c, (size_t)a->n * sizeof(*a->strs));
    if (a->strs == NULL)
        return -1;
    for (i = 0; i < a->n; i++)
        if ((a->strs[i] = crp_fn_string_of(c, a->nodes[i])) == NULL)
            return -1;
    return 0;
}

/* Argument I, object O, converted as KIND says. */
static int
lx_arg(struct crp_fn_call *c, int i, char kind, xmlXPathObjectPtr o)
{
    struct lx_call *lc = c->ev;
    struct crp_fn_arg *a = &c->arg[i];

    switch (kind) {
    case 'N':
        a->num = xmlXPathCastToNumber(o);
        return 0;
    case 'D':
        if (o->type == XPATH_NUMBER) {
            a->is_num = 1;
            a->num = o->floatval;
            return 0;
        }
        /* fall through */
    case 'S':
        lc->owned[i] = xmlXPathCastToString(o);
        a->s = lc->owned[i];
        return a->s ? 0 : crp_fn_error(c, XPATH_MEMORY_ERROR, "out of memory");
    case 'L': case 'W':
        if (!is_node_set(o))
            return crp_fn_error(c, XPATH_INVALID_TYPE,
                                c->fn->max_args > 1
                                    ? "cr:%s expects a node-set first"
                                    : "cr:%s expects a node-set",
                                c->fn->name);
        if (kind == 'W')
            return lx_strings(c, o->nodesetval, a);
        a->n = o->nodesetval ? o->nodesetval->nodeNr : 0;
        a->nodes = o->nodesetval ? o->nodesetval->nodeTab : NULL;
        return 0;
    default: /* 'K' */
        if (is_node_set(o))
            return lx_strings(c, o->nodesetval, a);
        if (crp_fn_charge(c, 1) != 0 ||
            (a->strs = crp_fn_scratch(c, sizeof(*a->strs))) == NULL)
            return -1;
        lc->owned[i] = xmlXPathCastToString(o);
        a->strs[0] = a->s = lc->owned[i];
        a->n = 1;
        return a->s ? 0 : crp_fn_error(c, XPATH_MEMORY_ERROR, "out of memory");
    }
}

static xmlXPathObjectPtr
lx_result(const struct crp_fn_result *r)
{
    switch (r->type) {
    case CRP_FN_NUMBER: return xmlXPathNewFloat(r->num);
    case CRP_FN_BOOLEAN: return xmlXPathNewBoolean(r->boolean);
    case CRP_FN_STRING: return xmlXPathNewString(r->str);
    case CRP_FN_NODES: break;
    }
    return crp_xpath_nodeset(r->nodes, r->n);
}

static int
lx_arity(xmlXPathParserContextPtr ctxt, struct crp_fn_call *c, int nargs)
{
    int min = c->fn->min_args, max = c->fn->max_args;

    if (nargs < min || nargs > max)
        return crp_fn_error(c, XPATH_INVALID_ARITY,
                            "cr:%s takes %d to %d arguments, not %d",
                            c->fn->name, min, max, nargs);
    if (ctxt->valueNr < ctxt->valueFrame + nargs)
        return crp_fn_error(c, XPATH_STACK_ERROR, "cr:%s: XPath stack error",
                            c->fn->name);
    return 0;
}

/* Pops the arguments, calls FN's implementation, pushes its result. */
static void
call_libxml2(xmlXPathParserContextPtr ctxt, int nargs,
             const struct crp_function *fn)
{
    struct lx_call lc;
    struct crp_fn_call c;
    struct crp_fn_env none = {NULL, NULL, NULL, NULL};
    xmlXPathObjectPtr res;
    int i, rc;

    memset(&lc, 0, sizeof(lc));
    memset(&c, 0, sizeof(c));
    lc.ctxt = ctxt;
    c.fn = fn;
    c.env = ctxt->context && ctxt->context->userData
            ? ctxt->context->userData : &none;
    c.ops = &lx_ops;
    c.ev = &lc;
    c.nargs = nargs;
    rc = lx_arity(ctxt, &c, nargs);
    for (i = nargs; rc == 0 && i-- > 0;)
        lc.obj[i] = valuePop(ctxt);
    for (i = 0; rc == 0 && i < nargs; i++)
        rc = lc.obj[i] ? lx_arg(&c, i, fn->args[i], lc.obj[i])
                       : crp_fn_error(&c, XPATH_STACK_ERROR,
                                      "cr:%s: XPath stack error", fn->name);
    if (rc == 0)
        rc = fn->impl(&c);
    if (rc == 0) {
        res = lx_result(&c.ret);
        if (res == NULL || valuePush(ctxt, res) < 0) {
            xmlXPathFreeObject(res);
            crp_fn_error(&c, XPATH_MEMORY_ERROR, "out of memory");
        }
    }
    if (c.xpath_error)
        ctxt->error = c.xpath_error;
    crp_free(c.ret.owned);
    for (i = 0; i < CRP_FN_MAX_ARGS; i++) {
        xmlFree(lc.owned[i]);
        xmlXPathFreeObject(lc.obj[i]);
    }
    while (lc.nblocks > 0)
        crp_free(lc.blocks[--lc.nblocks]);
    crp_free(lc.blocks);
    crp_fn_env_reset(&none);    /* a context without an environment */
}
