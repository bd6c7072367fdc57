/* xpath-link.c — which subexpressions keep one value for a whole
 * case, and sharing them between expressions.
 *
 * A subexpression whose value depends neither on the context node,
 * position or size nor on a variable that changes within a case (a
 * check's let) has one value per case and context document:
 * `/case/officers/officer` in a test evaluated for every officer
 * reference, the `/case/documents/document` that a dozen global lets
 * start with, `cr:date(string(/case/source/@date))` in a predicate
 * tested on every officer. Such a subexpression gets a memo slot;
 * structurally identical ones across the checklist's expressions share
 * one, and the run keeps each slot's value for the current case
 * (xpath-eval.c, eval_memo). A slot is only handed out where it can
 * be used more than once per case: a subexpression in a predicate or in
 * an expression evaluated per context node, or one that several
 * expressions share. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "xpath-fast.h"
#include "xpath-ast.h"
#include "strbuf.h"

#define KEY_MAX 4096   /* longer subexpressions are not shared */

struct cand {
    char *key;
    size_t len;
    struct fx_node *node;
    int weight;
};

struct name {
    const char *name;
    int stable;
};

struct linker {
    crp_fx_stable stable;
    void *ud;
    struct cand *c;
    size_t n, cap;
    struct name *names;
    size_t nnames, capnames;
    int failed;
};

/* N's structure as bytes: equal keys, equal subexpressions. */
static void
put_bytes(struct crp_strbuf *sb, const void *p, size_t n)
{
    crp_strbuf_append(sb, p, n);
}

static void
put_text(struct crp_strbuf *sb, const xmlChar *s)
{
    size_t n = s ? strlen((const char *)s) : 0;

    put_bytes(sb, &n, sizeof(n));
    if (n)
        put_bytes(sb, s, n);
}

static void
put_key(struct crp_strbuf *sb, const struct fx_node *n)
{
    int h[6] = {(int)n->op, n->nkids, 0, 0, 0, 0};
    int i;

    switch (n->op) {
    case FX_STEP:
        h[2] = (int)n->axis;
        h[3] = (int)n->test;
        h[4] = n->npreds;
        break;
    case FX_CALL:
        h[2] = (int)n->core;
        break;
    case FX_ATTR_EQ:
        h[2] = n->neq;
        break;
    default:
        break;
    }
    put_bytes(sb, h, sizeof(h));
    switch (n->op) {
    case FX_STR: case FX_VAR:
        put_text(sb, n->str);
        break;
    case FX_NUM:
        put_bytes(sb, &n->num, sizeof(n->num));
        break;
    case FX_STEP:
        put_text(sb, n->name);
        put_text(sb, n->uri);
        break;
    case FX_CALL:
        /* the function pointer tells namespaces apart */
        put_bytes(sb, &n->func, sizeof(n->func));
        put_text(sb, n->str);
        break;
    default:
        break;
    }
    for (i = 0; i < n->nkids; i++)
        put_key(sb, n->kids[i]);
}

static int
worth_keeping(const struct fx_node *n)
{
    switch (n->op) {
    case FX_STEP: case FX_FILTER: case FX_UNION:
        return 1;
    case FX_VAR:
        /* no lookup through the scopes once the case has it */
        return 1;
    case FX_CALL:
        return n->nkids > 0;
    default:
        return 0;
    }
}

static void
add_cand(struct linker *l, struct fx_node *n, int weight)
{
    struct crp_strbuf sb;

    if (l->failed)
        return;
    crp_strbuf_init(&sb);
    put_key(&sb, n);
    if (crp_strbuf_failed(&sb)) {
        crp_strbuf_release(&sb);
        l->failed = 1;
        return;
    }
    if (sb.len > KEY_MAX) {
        crp_strbuf_release(&sb);
        return;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct cand *c = crp_realloc(l->c, cap * sizeof(*c));
        if (c == NULL) {
            crp_strbuf_release(&sb);
            l->failed = 1;
            return;
        }
        l->c = c;
        l->cap = cap;
    }
    l->c[l->n].len = sb.len;
    l->c[l->n].key = crp_strbuf_steal(&sb);
    l->c[l->n].node = n;
    l->c[l->n].weight = weight;
    l->n++;
}

enum { DEP_CONTEXT = 1, DEP_UNSTABLE = 2 };

/* Whether the variable NAME is stable, asked once per name. */
static int
stable(struct linker *l, const char *name)
{
    size_t i;

    for (i = 0; i < l->nnames; i++)
        if (strcmp(l->names[i].name, name) == 0)
            return l->names[i].stable;
    if (l->nnames == l->capnames) {
        size_t cap = l->capnames ? l->capnames * 2 : 32;
        struct name *a = crp_realloc(l->names, cap * sizeof(*a));
        if (a == NULL) {
            l->failed = 1;
            return 0;
        }
        l->names = a;
        l->capnames = cap;
    }
    l->names[l->nnames].name = name;
    l->names[l->nnames].stable = l->stable(l->ud, name) != 0;
    return l->names[l->nnames++].stable;
}

/* Visits N, evaluated WEIGHT times per case (1 once, 2 more often), and
 * its subexpressions; returns what N's value depends on (DEP_*). */
static int
visit(struct linker *l, struct fx_node *n, int weight)
{
    int i, dep = 0, first_pred = n->nkids;

    /* predicates see the selected nodes, not the context: they run once
     * per node, and only their variables matter */
    if (n->op == FX_STEP || n->op == FX_FILTER)
        first_pred = 1;
    for (i = 0; i < n->nkids; i++) {
        int d = visit(l, n->kids[i], i >= first_pred ? 2 : weight);
        dep |= i >= first_pred ? d & DEP_UNSTABLE : d;
    }
    switch (n->op) {
    case FX_CONTEXT:
        dep |= DEP_CONTEXT;
        break;
    case FX_VAR:
        if (!stable(l, (const char *)n->str))
            dep |= DEP_UNSTABLE;
        break;
    case FX_CALL:
        if (n->core == CRP_CORE_POSITION || n->core == CRP_CORE_LAST)
            dep |= DEP_CONTEXT;
        /* string(), name(), lang(...) and the like read the context */
        if (n->nkids == 0 && n->core != CRP_CORE_TRUE &&
            n->core != CRP_CORE_FALSE)
            dep |= DEP_CONTEXT;
        if (n->core == CRP_CORE_NONE && n->fn == NULL && n->str &&
            strcmp((const char *)n->str, "lang") == 0)
            dep |= DEP_CONTEXT;
        break;
    default:
        break;
    }
    if (dep == 0 && worth_keeping(n))
        add_cand(l, n, weight);
    return dep;
}

static int
by_key(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    int r;

    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if ((r = memcmp(x->key, y->key, x->len)) != 0)
        return r;
    return x->node < y->node ? -1 : x->node > y->node;
}

static void
clear(struct crp_fx *const *fx, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; fx[i] && j < fx[i]->nall; j++) {
            fx[i]->all[j]->memo = -1;
            fx[i]->all[j]->site = -1;
        }
}

/* ---- join sites (xpath-index.h) ---- */

/* A predicate that keeps a node for what the node is, never for where
 * it stands: no position() or last(), and a value that is never a
 * number (a number N means position() = N). Such predicates filter a
 * list the same whether it is split by parent or not. */
static int
plain_predicate(const struct fx_node *p)
{
    if (p->reads_position)
        return 0;
    switch (p->op) {
    case FX_OR: case FX_AND: case FX_EQ: case FX_NE: case FX_LT: case FX_LE:
    case FX_GT: case FX_GE: case FX_ATTR_EQ: case FX_ATTR_IN: case FX_STEP:
    case FX_FILTER: case FX_UNION: case FX_STR:
        return 1;
    case FX_CALL:
        if (p->fn)
            return p->fn->result != CRP_FN_NUMBER;
        switch (p->core) {
        case CRP_CORE_NOT: case CRP_CORE_BOOLEAN: case CRP_CORE_TRUE:
        case CRP_CORE_FALSE: case CRP_CORE_CONTAINS: case CRP_CORE_STARTS_WITH:
            return 1;
        default:
            return 0;
        }
    default:
        return 0;
    }
}

/* @name = V (or @name = 'a' or @name = 'b' ...) with V the same for
 * every node: a literal, a variable or a per-case memo. */
static int
keyed_predicate(const struct fx_node *p)
{
    const struct fx_node *at;

    if (p->op != FX_ATTR_EQ && p->op != FX_ATTR_IN)
        return 0;
    at = p->kids[0];
    if (at->op != FX_STEP || at->axis != AX_ATTRIBUTE || at->test != T_NAME ||
        at->uri != NULL)
        return 0;
    if (p->op == FX_ATTR_IN)
        return 1;
    return p->op == FX_ATTR_EQ && !p->neq &&
           (p->kids[1]->op == FX_STR || p->kids[1]->op == FX_VAR ||
            p->kids[1]->memo >= 0);
}

/* Keyed first predicate, plain others: KIDS[FIRST..N). */
static int
keyed_filter(struct fx_node *const *kids, int first, int n)
{
    int i;

    if (first >= n || !keyed_predicate(kids[first]))
        return 0;
    for (i = first + 1; i < n; i++)
        if (!plain_predicate(kids[i]))
            return 0;
    return 1;
}

/* Can N select from its per-case input through an index? */
static int
is_site(const struct fx_node *n)
{
    switch (n->op) {
    case FX_STEP:
        return n->axis == AX_CHILD && (n->test == T_NAME || n->test == T_ANY) &&
               n->npreds >= 1 && n->kids[0]->memo >= 0 &&
               keyed_filter(n->kids, 1, 1 + n->npreds);
    case FX_FILTER:
        return n->kids[0]->memo >= 0 && keyed_filter(n->kids, 1, n->nkids);
    case FX_CALL:
        return n->fn && (n->fn->flags & CRP_FN_JOIN) && n->nkids == 3 &&
               n->kids[0]->memo >= 0 && n->kids[1]->op == FX_STR;
    default:
        return 0;
    }
}

static int
assign_sites(struct crp_fx *const *fx, size_t n)
{
    size_t i, j;
    int sites = 0;

    for (i = 0; i < n; i++)
        for (j = 0; fx[i] && j < fx[i]->nall; j++)
            if (is_site(fx[i]->all[j]))
                fx[i]->all[j]->site = sites++;
    return sites;
}

int
crp_fx_link(struct crp_fx *const *fx, const unsigned char *repeated,
            size_t n, crp_fx_stable stable, void *ud, struct crp_fx_run *run)
{
    struct linker l = {stable, ud, NULL, 0, 0, NULL, 0, 0, 0};
    size_t i, j, k;
    int slots = 0, rc = 0;

    clear(fx, n);
    for (i = 0; i < n; i++)
        if (fx[i])
            visit(&l, fx[i]->root, repeated[i] ? 2 : 1);
    if (l.failed)
        goto out;
    qsort(l.c, l.n, sizeof(*l.c), by_key);
    /* groups of equal keys: a slot when used more than once per case */
    for (i = 0; i < l.n; i = j) {
        int weight = 0;
        for (j = i; j < l.n && l.c[j].len == l.c[i].len &&
                    memcmp(l.c[i].key, l.c[j].key, l.c[i].len) == 0; j++)
            weight += l.c[j].weight;
        if (weight < 2)
            continue;
        for (k = i; k < j; k++)
            l.c[k].node->memo = slots;
        slots++;
    }
    if (crp_fx_run_size(run, slots, assign_sites(fx, n)) != 0) {
        clear(fx, n);
        l.failed = 1;
    }
out:
    if (l.failed) {
        clear(fx, n);
        rc = -1;
    }
    for (i = 0; i < l.n; i++)
        crp_free(l.c[i].key);
    crp_free(l.c);
    crp_free(l.names);
    return rc;
}
