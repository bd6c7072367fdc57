/* fastpath-compile.c — XPath 1.0 text to the fast path's tree.
 *
 * A recursive-descent parser over the grammar of XPath 1.0 section 3,
 * with the lexical rules of section 3.7 (when `*` and `and`/`or`/`div`/
 * `mod` are operators). Anything outside what fastpath-eval.c covers
 * makes the compile return NULL, and libxml2 evaluates that expression.
 * The text was already compiled by libxml2 at load, so syntax errors are
 * not reported here either: they only decline. */
#include <string.h>

#include "alloc.h"
#include "xpath-fast.h"
#include "functions.h"
#include "xpath-ast.h"

#define MAX_DEPTH 64    /* nesting deeper than this is left to libxml2 */

enum tok {
    K_END, K_ERR, K_NAME, K_STAR, K_NUM, K_LIT, K_VAR, K_SLASH, K_SLASH2,
    K_LPAR, K_RPAR, K_LBR, K_RBR, K_DOT, K_DOT2, K_AT, K_COMMA, K_AXIS,
    K_PIPE, K_PLUS, K_MINUS, K_EQ, K_NE, K_LT, K_LE, K_GT, K_GE,
    K_AND, K_OR, K_DIV, K_MOD, K_MUL
};

struct parser {
    const char *s;
    size_t pos;
    /* the current token */
    enum tok t;
    size_t start, len;          /* its text */
    int prev_operand;           /* the token before can end an operand */
    xmlXPathContextPtr xp;
    struct crp_fx *fx;
    int depth, failed;
};

static int
is_ncstart(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static int
is_ncchar(unsigned char c)
{
    return is_ncstart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static size_t
ncname_end(const char *s, size_t i)
{
    if (!is_ncstart((unsigned char)s[i]))
        return i;
    while (is_ncchar((unsigned char)s[i]))
        i++;
    return i;
}

/* Reads the next token into P (section 3.7's disambiguation included). */
static void
next(struct parser *p)
{
    const char *s = p->s;
    size_t i = p->pos;
    int operand_before;

    /* did the token we are leaving end an operand? */
    switch (p->t) {
    case K_NAME: case K_STAR: case K_NUM: case K_LIT: case K_VAR:
    case K_RPAR: case K_RBR: case K_DOT: case K_DOT2:
        operand_before = 1;
        break;
    default:
        operand_before = 0;
    }
    if (p->start == (size_t)-1)
        operand_before = 0;   /* first token */
    p->prev_operand = operand_before;
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
        i++;
    p->start = i;
    p->len = 1;
    switch (s[i]) {
    case '\0': p->t = K_END; p->len = 0; break;
    case '(': p->t = K_LPAR; break;
    case ')': p->t = K_RPAR; break;
    case '[': p->t = K_LBR; break;
    case ']': p->t = K_RBR; break;
    case '@': p->t = K_AT; break;
    case ',': p->t = K_COMMA; break;
    case '|': p->t = K_PIPE; break;
    case '+': p->t = K_PLUS; break;
    case '-': p->t = K_MINUS; break;
    case '=': p->t = K_EQ; break;
    case '/':
        p->t = s[i + 1] == '/' ? K_SLASH2 : K_SLASH;
        p->len = s[i + 1] == '/' ? 2 : 1;
        break;
    case '!':
        p->t = s[i + 1] == '=' ? K_NE : K_ERR;
        p->len = 2;
        break;
    case '<': case '>':
        if (s[i + 1] == '=') {
            p->t = s[i] == '<' ? K_LE : K_GE;
            p->len = 2;
        } else {
            p->t = s[i] == '<' ? K_LT : K_GT;
        }
        break;
    case '*':
        p->t = operand_before ? K_MUL : K_STAR;
        break;
    case '"': case '\'': {
        const char *end = strchr(s + i + 1, s[i]);
        if (end == NULL) {
            p->t = K_ERR;
        } else {
            p->t = K_LIT;
            p->len = (size_t)(end - (s + i)) + 1;
        }
        break;
    }
    case '$': {
        size_t e = ncname_end(s, i + 1);
        p->t = e > i + 1 ? K_VAR : K_ERR;
        if (s[e] == ':')   /* prefixed variables: libxml2's job */
            p->t = K_ERR;
        p->len = e - i;
        break;
    }
    case '.':
        if (s[i + 1] == '.') {
            p->t = K_DOT2;
            p->len = 2;
            break;
        }
        if (!(s[i + 1] >= '0' && s[i + 1] <= '9')) {
            p->t = K_DOT;
            break;
        }
        goto number;   /* such as .5 */
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
    number: {
        size_t e = i;
        while (s[e] >= '0' && s[e] <= '9')
            e++;
        if (s[e] == '.') {
            e++;
            while (s[e] >= '0' && s[e] <= '9')
                e++;
        }
        p->t = K_NUM;
        p->len = e - i;
        break;
    }
    default: {
        size_t e = ncname_end(s, i);
        if (e == i) {
            p->t = K_ERR;
            break;
        }
        if (operand_before) {
            /* an operator name, or nothing valid */
            size_t n = e - i;
            p->len = n;
            if (n == 3 && memcmp(s + i, "and", 3) == 0)
                p->t = K_AND;
            else if (n == 2 && memcmp(s + i, "or", 2) == 0)
                p->t = K_OR;
            else if (n == 3 && memcmp(s + i, "div", 3) == 0)
                p->t = K_DIV;
            else if (n == 3 && memcmp(s + i, "mod", 3) == 0)
                p->t = K_MOD;
            else
                p->t = K_ERR;
            break;
        }
        if (s[e] == ':' && s[e + 1] == ':') {
            p->t = K_AXIS;
            p->len = e - i;   /* the axis name; "::" skipped below */
            p->pos = e + 2;
            return;
        }
        if (s[e] == ':' && s[e + 1] == '*') {
            e += 2;             /* prefix:* */
        } else if (s[e] == ':' && is_ncstart((unsigned char)s[e + 1])) {
            e = ncname_end(s, e + 1);
        }
        p->t = K_NAME;
        p->len = e - i;
        break;
    }
    }
    p->pos = i + p->len;
}

static int
tok_is(const struct parser *p, const char *text)
{
    size_t n = strlen(text);
    return p->len == n && memcmp(p->s + p->start, text, n) == 0;
}

/* The next non-blank character after the current token. */
static char
peek_char(const struct parser *p)
{
    size_t i = p->pos;

    while (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\n' ||
           p->s[i] == '\r')
        i++;
    return p->s[i];
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
    xmlChar *s = (xmlChar *)crp_strndup(p->s + p->start + skip,
                                        p->len - skip - trim);
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
    while (!p->failed && p->t == K_LBR) {
        struct fx_node *e;
        next(p);
        e = parse_or(p);
        if (e == NULL || p->t != K_RBR)
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
    if (p->t == K_DOT || p->t == K_DOT2) {
        st->axis = p->t == K_DOT ? AX_SELF : AX_PARENT;
        st->test = T_NODE;
        next(p);
        return st;
    }
    if (p->t == K_AT) {
        axis = AX_ATTRIBUTE;
        next(p);
    } else if (p->t == K_AXIS) {
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
    if (p->t == K_STAR) {
        st->test = T_ANY;
        next(p);
    } else if (p->t == K_NAME) {
        const char *q = p->s + p->start;
        if (peek_char(p) == '(') {
            /* node type test */
            if (tok_is(p, "node"))
                st->test = T_NODE;
            else if (tok_is(p, "text"))
                st->test = T_TEXT;
            else
                return fail(p), NULL;
            next(p);
            if (p->t != K_LPAR)
                return fail(p), NULL;
            next(p);
            if (p->t != K_RPAR)
                return fail(p), NULL;
            next(p);
        } else if (p->len >= 2 && q[p->len - 1] == '*') {
            xmlChar *local;
            /* prefix:* */
            if (resolve_qname(p, q, p->len - 1, &local, &st->uri))
                return NULL;
            crp_free(local);
            st->test = T_ANY;
            next(p);
        } else {
            if (resolve_qname(p, q, p->len, &st->name, &st->uri))
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
    return p->t == K_DOT || p->t == K_DOT2 || p->t == K_AT ||
           p->t == K_AXIS || p->t == K_STAR ||
           (p->t == K_NAME && peek_char(p) != '(') ||
           (p->t == K_NAME && (tok_is(p, "node") || tok_is(p, "text")));
}

/* RelativeLocationPath applied to INPUT: Step (('/') Step)*. */
static struct fx_node *
parse_relative(struct parser *p, struct fx_node *input)
{
    struct fx_node *cur = parse_step(p, input);

    while (cur && p->t == K_SLASH) {
        next(p);
        cur = parse_step(p, cur);
    }
    if (cur && p->t == K_SLASH2)
        return fail(p), NULL;   /* '//': descendant axes are libxml2's */
    return cur;
}

static struct fx_node *
parse_call(struct parser *p)
{
    struct fx_node *n = mk(p, FX_CALL);
    const char *q = p->s + p->start;
    xmlChar *local = NULL, *uri = NULL;
    const struct crp_function *row;
    int prefixed;

    if (n == NULL || resolve_qname(p, q, p->len, &local, &uri))
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
    if (p->t != K_RPAR) {
        for (;;) {
            if (add_kid(p, n, parse_or(p)))
                return NULL;
            if (p->t == K_COMMA) {
                next(p);
                continue;
            }
            break;
        }
    }
    if (p->t != K_RPAR)
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

    switch (p->t) {
    case K_VAR:
        n = mk(p, FX_VAR);
        if (n)
            n->str = tok_dup(p, 1, 0);
        next(p);
        return n;
    case K_LIT:
        n = mk(p, FX_STR);
        if (n)
            n->str = tok_dup(p, 1, 1);
        next(p);
        return n;
    case K_NUM: {
        char buf[64];
        n = mk(p, FX_NUM);
        if (n == NULL || p->len >= sizeof(buf))
            return fail(p), NULL;
        memcpy(buf, p->s + p->start, p->len);
        buf[p->len] = '\0';
        n->num = xmlXPathStringEvalNumber((const xmlChar *)buf);
        next(p);
        return n;
    }
    case K_LPAR:
        next(p);
        n = parse_or(p);
        if (n == NULL || p->t != K_RPAR)
            return fail(p), NULL;
        next(p);
        return n;
    case K_NAME:
        return parse_call(p);
    default:
        return fail(p), NULL;
    }
}

/* Is there a call to last() under N? */
static int
uses_last(const struct fx_node *n)
{
    int i;

    if (n->op == FX_CALL && n->core == CRP_CORE_LAST)
        return 1;
    for (i = 0; i < n->nkids; i++)
        if (uses_last(n->kids[i]))
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
    return uses_last(f->kids[0]);
}

/* PathExpr: LocationPath | FilterExpr (('/') RelativeLocationPath)? */
static struct fx_node *
parse_path(struct parser *p)
{
    struct fx_node *n;

    if (p->t == K_SLASH2)
        return fail(p), NULL;
    if (p->t == K_SLASH) {
        n = mk(p, FX_ROOT);
        next(p);
        if (starts_step(p))
            return parse_relative(p, n);
        return n;
    }
    if (starts_step(p))
        return parse_relative(p, mk(p, FX_CONTEXT));
    n = parse_primary(p);
    if (n && p->t == K_LBR) {
        struct fx_node *f = mk(p, FX_FILTER);
        int count = 0;
        if (add_kid(p, f, n) || parse_predicates(p, f, &count))
            return NULL;
        if (cut_by_libxml2(f))
            return fail(p), NULL;
        n = f;
    }
    if (n && p->t == K_SLASH) {
        next(p);
        return parse_relative(p, n);
    }
    if (n && p->t == K_SLASH2)
        return fail(p), NULL;
    return n;
}

static struct fx_node *
parse_union(struct parser *p)
{
    struct fx_node *n = parse_path(p);

    while (n && p->t == K_PIPE) {
        next(p);
        n = binary(p, FX_UNION, n, parse_path(p));
    }
    return n;
}

static struct fx_node *
parse_unary(struct parser *p)
{
    struct fx_node *n;

    if (p->t == K_MINUS) {
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

static struct fx_node *
parse_mul(struct parser *p)
{
    struct fx_node *n = parse_unary(p);

    while (n && (p->t == K_MUL || p->t == K_DIV || p->t == K_MOD)) {
        enum fx_op op = p->t == K_MUL ? FX_MUL : p->t == K_DIV ? FX_DIV
                        : FX_MOD;
        next(p);
        n = binary(p, op, n, parse_unary(p));
    }
    return n;
}

static struct fx_node *
parse_add(struct parser *p)
{
    struct fx_node *n = parse_mul(p);

    while (n && (p->t == K_PLUS || p->t == K_MINUS)) {
        enum fx_op op = p->t == K_PLUS ? FX_ADD : FX_SUB;
        next(p);
        n = binary(p, op, n, parse_mul(p));
    }
    return n;
}

static struct fx_node *
parse_rel(struct parser *p)
{
    struct fx_node *n = parse_add(p);

    while (n && (p->t == K_LT || p->t == K_LE || p->t == K_GT ||
                 p->t == K_GE)) {
        enum fx_op op = p->t == K_LT ? FX_LT : p->t == K_LE ? FX_LE
                        : p->t == K_GT ? FX_GT : FX_GE;
        next(p);
        n = binary(p, op, n, parse_add(p));
    }
    return n;
}

static struct fx_node *
parse_eq(struct parser *p)
{
    struct fx_node *n = parse_rel(p);

    while (n && (p->t == K_EQ || p->t == K_NE)) {
        enum fx_op op = p->t == K_EQ ? FX_EQ : FX_NE;
        next(p);
        n = binary(p, op, n, parse_rel(p));
    }
    return n;
}

static struct fx_node *
parse_and(struct parser *p)
{
    struct fx_node *n = parse_eq(p);

    while (n && p->t == K_AND) {
        next(p);
        n = binary(p, FX_AND, n, parse_eq(p));
    }
    return n;
}

static struct fx_node *
parse_or(struct parser *p)
{
    struct fx_node *n;

    if (++p->depth > MAX_DEPTH)
        return fail(p), NULL;
    n = parse_and(p);
    while (n && p->t == K_OR) {
        next(p);
        n = binary(p, FX_OR, n, parse_and(p));
    }
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
    p.s = text;
    p.xp = xp;
    p.fx = fx;
    p.t = K_ERR;
    p.start = (size_t)-1;
    next(&p);
    fx->root = parse_or(&p);
    if (p.failed || fx->root == NULL || p.t != K_END) {
        crp_fx_free(fx);
        return NULL;
    }
    for (size_t i = 0; i < fx->nall; i++) {
        fx->all[i]->bare_attr = bare_attribute(fx->all[i]);
        fx->all[i]->uses_last = uses_last(fx->all[i]);
    }
    return fx;
}
