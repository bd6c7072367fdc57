/* xpath-parse.c — XPath 1.0 text to the fast path's tree.
 *
 * A recursive-descent parser over the grammar of XPath 1.0 section 3, on
 * the tokens of xpath-lex.c. Anything outside what the fast path's
 * evaluator covers makes the compile return NULL, and libxml2 evaluates
 * that expression.
 * The text was already compiled by libxml2 at load, so syntax errors are
 * not reported here either: they only decline. */
#include <string.h>

#include "alloc.h"
#include "xpath-fast.h"
#include "functions.h"
#include "xpath-ast.h"
#include "xpath-lex.h"

#define MAX_DEPTH 64    /* nesting deeper than this is left to libxml2 */

struct parser {
    struct crp_xlex lx;         /* the current token */
    xmlXPathContextPtr xp;
    struct crp_fx *fx;
    int depth, failed;
};

static void
next(struct parser *p)
{
    crp_xlex_next(&p->lx);
}

static int
tok_is(const struct parser *p, const char *text)
{
    return crp_xlex_is(&p->lx, text);
}

/* ---- tree nodes ---- */

static int
fail(struct parser *p)
{
    p->failed = 1;
    return -1;
}

static struct fx_node *
mk(struct parser *p, enum fx_op op)
{
    struct crp_fx *fx = p->fx;
    struct fx_node *n;

    if (p->failed)
        return NULL;
    if (fx->nall == fx->capall) {
        size_t cap = fx->capall ? fx->capall * 2 : 16;
        struct fx_node **a = crp_realloc(fx->all, cap * sizeof(*a));
        if (a == NULL) {
            p->failed = 1;
            return NULL;
        }
        fx->all = a;
        fx->capall = cap;
    }
    n = crp_calloc(1, sizeof(*n));
    if (n == NULL) {
        p->failed = 1;
        return NULL;
    }
    n->op = op;
    n->memo = -1;
    n->site = -1;
    fx->all[fx->nall++] = n;
    return n;
}

static int
add_kid(struct parser *p, struct fx_node *n, struct fx_node *kid)
{
    struct fx_node **k;

    if (n == NULL || kid == NULL) {
        p->failed = 1;
        return -1;
    }
    k = crp_realloc(n->kids, (size_t)(n->nkids + 1) * sizeof(*k));
    if (k == NULL) {
        p->failed = 1;
        return -1;
    }
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return 0;
}

/* Is N a bare @name (an attribute step from the context node)? */
static int
bare_attribute(const struct fx_node *n)
{
    return n && n->op == FX_STEP && n->axis == AX_ATTRIBUTE &&
           n->test == T_NAME && n->npreds == 0 &&
           n->kids[0]->op == FX_CONTEXT;
}

/* Is N @name = 'literal' (ATTR_EQ, not !=) or a set of them? */
static int
attr_literal(const struct fx_node *n)
{
    return n && ((n->op == FX_ATTR_EQ && !n->neq &&
                  n->kids[1]->op == FX_STR) || n->op == FX_ATTR_IN);
}

static int
same_attr(const struct fx_node *a, const struct fx_node *b)
{
    return xmlStrEqual(a->name, b->name) &&
           ((a->uri == NULL && b->uri == NULL) ||
            (a->uri && b->uri && xmlStrEqual(a->uri, b->uri)));
}

static struct fx_node *
binary(struct parser *p, enum fx_op op, struct fx_node *a, struct fx_node *b)
{
    struct fx_node *n;

    /* @k = 'x' or @k = 'y' or ...: one FX_ATTR_IN (the nodes it leaves
     * out stay in fx->all, and are freed with it) */
    if (op == FX_OR && attr_literal(a) && b && b->op == FX_ATTR_EQ &&
        !b->neq && b->kids[1]->op == FX_STR &&
        same_attr(a->kids[0], b->kids[0])) {
        if (a->op == FX_ATTR_EQ) {
            n = mk(p, FX_ATTR_IN);
            if (add_kid(p, n, a->kids[0]) || add_kid(p, n, a->kids[1]))
                return NULL;
            a = n;
        }
        if (add_kid(p, a, b->kids[1]))
            return NULL;
        return a;
    }
    n = mk(p, op);

    if (add_kid(p, n, a) || add_kid(p, n, b))
        return NULL;
    /* @name = expr, either way round (= and != are symmetric): kids
     * become {@name, expr} */
    if ((op == FX_EQ || op == FX_NE) &&
        (bare_attribute(a) || bare_attribute(b))) {
        const struct fx_node *attr = bare_attribute(a) ? a : b;
        n->kids[0] = (struct fx_node *)attr;
        n->kids[1] = attr == a ? b : a;
        n->op = FX_ATTR_EQ;
        n->neq = op == FX_NE;
    }
    return n;
}

static xmlChar *
tok_dup(struct parser *p, size_t skip, size_t trim)
{
    xmlChar *s = (xmlChar *)crp_strndup(p->lx.s + p->lx.start + skip,
                                        p->lx.len - skip - trim);
    if (s == NULL)
        p->failed = 1;
    return s;
}

/* ---- grammar ---- */

static struct fx_node *parse_or(struct parser *p);

/* Predicate* appended to N's kids (after KEEP kids already there). */
static int
parse_predicates(struct parser *p, struct fx_node *n, int *count)
{
    while (!p->failed && p->lx.t == XT_LBR) {
        struct fx_node *e;
        next(p);
        e = parse_or(p);
        if (e == NULL || p->lx.t != XT_RBR)
            return fail(p);
        next(p);
        if (add_kid(p, n, e))
            return -1;
        (*count)++;
    }
    return p->failed ? -1 : 0;
}

/* Splits a QName token into local name and namespace URI (both NULL
 * after a failure). */
static int
resolve_qname(struct parser *p, const char *q, size_t n, xmlChar **local,
              xmlChar **uri)
{
    const char *colon = memchr(q, ':', n);

    *uri = NULL;
    *local = NULL;
    if (colon == NULL) {
        *local = (xmlChar *)crp_strndup(q, n);
        return *local ? 0 : fail(p);
    }
    {
        char prefix[128];
        const xmlChar *u;
        size_t pl = (size_t)(colon - q);
        if (pl >= sizeof(prefix))
            return fail(p);
        memcpy(prefix, q, pl);
        prefix[pl] = '\0';
        u = xmlXPathNsLookup(p->xp, (const xmlChar *)prefix);
        if (u == NULL)
            return fail(p);
        *uri = (xmlChar *)crp_strdup((const char *)u);
        *local = (xmlChar *)crp_strndup(colon + 1, n - pl - 1);
        if (*uri && *local)
            return 0;
        crp_free(*uri);
        crp_free(*local);
        *uri = *local = NULL;
        return fail(p);
    }
}

/* One step applied to INPUT: '.', '..', or axis? nodetest predicates. */
static struct fx_node *
parse_step(struct parser *p, struct fx_node *input)
{
    struct fx_node *st = mk(p, FX_STEP);
    enum fx_axis axis = AX_CHILD;

    if (add_kid(p, st, input))
        return NULL;
    if (p->lx.t == XT_DOT || p->lx.t == XT_DOT2) {
        st->axis = p->lx.t == XT_DOT ? AX_SELF : AX_PARENT;
        st->test = T_NODE;
        next(p);
        return st;
    }
    if (p->lx.t == XT_AT) {
        axis = AX_ATTRIBUTE;
        next(p);
    } else if (p->lx.t == XT_AXIS) {
        if (tok_is(p, "child"))
            axis = AX_CHILD;
        else if (tok_is(p, "attribute"))
            axis = AX_ATTRIBUTE;
        else if (tok_is(p, "self"))
            axis = AX_SELF;
        else if (tok_is(p, "parent"))
            axis = AX_PARENT;
        else if (tok_is(p, "following-sibling"))
            axis = AX_FOLLOWING_SIBLING;
        else if (tok_is(p, "preceding-sibling"))
            axis = AX_PRECEDING_SIBLING;
        else
            return fail(p), NULL;   /* other axes: libxml2 */
        next(p);
    }
    st->axis = axis;
    if (p->lx.t == XT_STAR) {
        st->test = T_ANY;
        next(p);
    } else if (p->lx.t == XT_NAME) {
        const char *q = p->lx.s + p->lx.start;
        if (crp_xlex_peek(&p->lx) == '(') {
            /* node type test */
            if (tok_is(p, "node"))
                st->test = T_NODE;
            else if (tok_is(p, "text"))
                st->test = T_TEXT;
            else
                return fail(p), NULL;
            next(p);
            if (p->lx.t != XT_LPAR)
                return fail(p), NULL;
            next(p);
            if (p->lx.t != XT_RPAR)
                return fail(p), NULL;
            next(p);
        } else if (p->lx.len >= 2 && q[p->lx.len - 1] == '*') {
            xmlChar *local;
            /* prefix:* */
            if (resolve_qname(p, q, p->lx.len - 1, &local, &st->uri))
                return NULL;
            crp_free(local);
            st->test = T_ANY;
            next(p);
        } else {
            if (resolve_qname(p, q, p->lx.len, &st->name, &st->uri))
                return NULL;
            st->test = T_NAME;
            next(p);
        }
    } else {
        return fail(p), NULL;
    }
    if (parse_predicates(p, st, &st->npreds))
        return NULL;
    return st;
}

static int
starts_step(const struct parser *p)
{
    return p->lx.t == XT_DOT || p->lx.t == XT_DOT2 || p->lx.t == XT_AT ||
           p->lx.t == XT_AXIS || p->lx.t == XT_STAR ||
           (p->lx.t == XT_NAME && crp_xlex_peek(&p->lx) != '(') ||
           (p->lx.t == XT_NAME && (tok_is(p, "node") || tok_is(p, "text")));
}

/* RelativeLocationPath applied to INPUT: Step (('/') Step)*. */
static struct fx_node *
parse_relative(struct parser *p, struct fx_node *input)
{
    struct fx_node *cur = parse_step(p, input);

    while (cur && p->lx.t == XT_SLASH) {
        next(p);
        cur = parse_step(p, cur);
    }
    if (cur && p->lx.t == XT_SLASH2)
        return fail(p), NULL;   /* '//': descendant axes are libxml2's */
    return cur;
}

static struct fx_node *
parse_call(struct parser *p)
{
    struct fx_node *n = mk(p, FX_CALL);
    const char *q = p->lx.s + p->lx.start;
    xmlChar *local = NULL, *uri = NULL;
    const struct crp_function *row;
    int prefixed;

    if (n == NULL || resolve_qname(p, q, p->lx.len, &local, &uri))
        return NULL;
    n->str = local;
    n->func = uri ? xmlXPathFunctionLookupNS(p->xp, local, uri)
                  : xmlXPathFunctionLookup(p->xp, local);
    prefixed = uri != NULL;
    crp_free(uri);
    if (n->func == NULL)
        return fail(p), NULL;
    next(p);            /* name */
    next(p);            /* ( */
    if (p->lx.t != XT_RPAR) {
        for (;;) {
            if (add_kid(p, n, parse_or(p)))
                return NULL;
            if (p->lx.t == XT_COMMA) {
                next(p);
                continue;
            }
            break;
        }
    }
    if (p->lx.t != XT_RPAR)
        return fail(p), NULL;
    next(p);
    /* what the fast path computes itself (functions.def), when called
     * with an arity libxml2 accepts (otherwise libxml2 reports the
     * error): core functions marked FAST, and every cr: function that is
     * the one registered (its prefix names the cr: namespace) */
    row = prefixed ? crp_cr_function((const char *)local)
                   : crp_core_function((const char *)local);
    if (row == NULL || n->nkids < row->min_args || n->nkids > row->max_args)
        return n;
    if (!prefixed && row->fast)
        n->core = row->core;
    else if (prefixed && n->func == row->libxml2)
        n->fn = row;
    return n;
}

/* PrimaryExpr: VariableReference | ( Expr ) | Literal | Number | call */
static struct fx_node *
parse_primary(struct parser *p)
{
    struct fx_node *n;

    switch (p->lx.t) {
    case XT_VAR:
        /* "$" alone and prefixed variables: libxml2's */
        if (p->lx.len < 2 || p->lx.colon)
            return fail(p), NULL;
        n = mk(p, FX_VAR);
        if (n)
            n->str = tok_dup(p, 1, 0);
        next(p);
        return n;
    case XT_LIT:
        n = mk(p, FX_STR);
        if (n)
            n->str = tok_dup(p, 1, 1);
        next(p);
        return n;
    case XT_NUM: {
        char buf[64];
        n = mk(p, FX_NUM);
        if (n == NULL || p->lx.len >= sizeof(buf))
            return fail(p), NULL;
        memcpy(buf, p->lx.s + p->lx.start, p->lx.len);
        buf[p->lx.len] = '\0';
        n->num = xmlXPathStringEvalNumber((const xmlChar *)buf);
        next(p);
        return n;
    }
    case XT_LPAR:
        next(p);
        n = parse_or(p);
        if (n == NULL || p->lx.t != XT_RPAR)
            return fail(p), NULL;
        next(p);
        return n;
    case XT_NAME:
        return parse_call(p);
    default:
        return fail(p), NULL;
    }
}

/* Is there a call to last() under N? */
/* Does a call of core function A or B appear in N or under it? */
static int
calls_core(const struct fx_node *n, enum crp_core a, enum crp_core b)
{
    int i;

    if (n->op == FX_CALL && (n->core == a || n->core == b))
        return 1;
    for (i = 0; i < n->nkids; i++)
        if (calls_core(n->kids[i], a, b))
            return 1;
    return 0;
}

/* (a | b)[1] and (a | b)[last()] with last() in a branch: libxml2 takes
 * these through xmlXPathCompOpEvalFirst (Last), which stops collecting a
 * branch's nodes at the first (last) node of the branch it evaluated
 * before, ahead of the branch's predicates, so last() in them counts
 * fewer nodes. Which branch comes first even changes from one
 * evaluation to the next (xmlXPathCompSwap), so no answer is libxml2's
 * every time. */
static int
cut_by_libxml2(const struct fx_node *f)
{
    const struct fx_node *k = f->kids[1];

    if (f->kids[0]->op != FX_UNION)
        return 0;
    if (!(k->op == FX_NUM && k->num == 1.0) &&
        !(k->op == FX_CALL && k->core == CRP_CORE_LAST))
        return 0;
    return calls_core(f->kids[0], CRP_CORE_LAST, CRP_CORE_LAST);
}

/* PathExpr: LocationPath | FilterExpr (('/') RelativeLocationPath)? */
static struct fx_node *
parse_path(struct parser *p)
{
    struct fx_node *n;

    if (p->lx.t == XT_SLASH2)
        return fail(p), NULL;
    if (p->lx.t == XT_SLASH) {
        n = mk(p, FX_ROOT);
        next(p);
        if (starts_step(p))
            return parse_relative(p, n);
        return n;
    }
    if (starts_step(p))
        return parse_relative(p, mk(p, FX_CONTEXT));
    n = parse_primary(p);
    if (n && p->lx.t == XT_LBR) {
        struct fx_node *f = mk(p, FX_FILTER);
        int count = 0;
        if (add_kid(p, f, n) || parse_predicates(p, f, &count))
            return NULL;
        if (cut_by_libxml2(f))
            return fail(p), NULL;
        n = f;
    }
    if (n && p->lx.t == XT_SLASH) {
        next(p);
        return parse_relative(p, n);
    }
    if (n && p->lx.t == XT_SLASH2)
        return fail(p), NULL;
    return n;
}

static struct fx_node *
parse_union(struct parser *p)
{
    struct fx_node *n = parse_path(p);

    while (n && p->lx.t == XT_PIPE) {
        next(p);
        n = binary(p, FX_UNION, n, parse_path(p));
    }
    return n;
}

static struct fx_node *
parse_unary(struct parser *p)
{
    struct fx_node *n;

    if (p->lx.t == XT_MINUS) {
        if (++p->depth > MAX_DEPTH)
            return fail(p), NULL;
        next(p);
        n = mk(p, FX_NEG);
        if (add_kid(p, n, parse_unary(p)))
            return NULL;
        p->depth--;
        return n;
    }
    return parse_union(p);
}

/* The binary operators by precedence, loosest first (XPath 1.0 3.4,
 * 3.5): the tokens of each level and what they make. */
struct binop {
    enum crp_xtok tok;
    enum fx_op op;
};
static const struct {
    int n;
    struct binop ops[4];
} levels[] = {
    {1, {{XT_OR, FX_OR}}},
    {1, {{XT_AND, FX_AND}}},
    {2, {{XT_EQ, FX_EQ}, {XT_NE, FX_NE}}},
    {4, {{XT_LT, FX_LT}, {XT_LE, FX_LE}, {XT_GT, FX_GT}, {XT_GE, FX_GE}}},
    {2, {{XT_PLUS, FX_ADD}, {XT_MINUS, FX_SUB}}},
    {3, {{XT_MUL, FX_MUL}, {XT_DIV, FX_DIV}, {XT_MOD, FX_MOD}}},
};
#define NLEVELS ((int)(sizeof(levels) / sizeof(levels[0])))

/* Operands joined by the operators of level LV and tighter ones, left
 * to right. */
static struct fx_node *
parse_level(struct parser *p, int lv)
{
    struct fx_node *n;
    int i;

    if (lv == NLEVELS)
        return parse_unary(p);
    n = parse_level(p, lv + 1);
    while (n) {
        for (i = 0; i < levels[lv].n && levels[lv].ops[i].tok != p->lx.t; i++)
            ;
        if (i == levels[lv].n)
            break;
        next(p);
        n = binary(p, levels[lv].ops[i].op, n, parse_level(p, lv + 1));
    }
    return n;
}

static struct fx_node *
parse_or(struct parser *p)
{
    struct fx_node *n;

    if (++p->depth > MAX_DEPTH)
        return fail(p), NULL;
    n = parse_level(p, 0);
    p->depth--;
    return p->failed ? NULL : n;
}

void
crp_fx_free(struct crp_fx *fx)
{
    size_t i;

    if (fx == NULL)
        return;
    for (i = 0; i < fx->nall; i++) {
        crp_free(fx->all[i]->kids);
        crp_free(fx->all[i]->str);
        crp_free(fx->all[i]->name);
        crp_free(fx->all[i]->uri);
        crp_free(fx->all[i]);
    }
    crp_free(fx->all);
    crp_free(fx);
}

struct crp_fx *
crp_fx_compile(const char *text, xmlXPathContextPtr xp)
{
    struct parser p;
    struct crp_fx *fx;

    if (text == NULL || xp == NULL)
        return NULL;
    fx = crp_calloc(1, sizeof(*fx));
    if (fx == NULL)
        return NULL;
    memset(&p, 0, sizeof(p));
    p.xp = xp;
    p.fx = fx;
    crp_xlex_init(&p.lx, text);
    fx->root = parse_or(&p);
    if (p.failed || fx->root == NULL || p.lx.t != XT_END) {
        crp_fx_free(fx);
        return NULL;
    }
    for (size_t i = 0; i < fx->nall; i++) {
        fx->all[i]->bare_attr = bare_attribute(fx->all[i]);
        fx->all[i]->uses_last =
            calls_core(fx->all[i], CRP_CORE_LAST, CRP_CORE_LAST);
        fx->all[i]->reads_position =
            calls_core(fx->all[i], CRP_CORE_POSITION, CRP_CORE_LAST);
    }
    return fx;
}
