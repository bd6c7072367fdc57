/* eval-expr.c — one expression at one node. The fast path answers
 * first (xpath-eval.c); what it declines, or where a function it called
 * failed, libxml2 evaluates and reports. In a verify build
 * (-Dverify=true, CASEREVIEW_XPATH=verify) both run and must answer the
 * same value by crp_xpath_same(); a difference becomes the item's error,
 * naming both values. Every way of asking (a truth, a string, a value, a
 * let) goes through the one dispatcher, answer(). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "evaluator.h"
#include "msgcat-lib.h"
#include "strbuf.h"
#include "xpath-fast.h"
#include "xpath-same.h"

/* ---- libxml2 ---- */

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
              : ev->xcap.message[0] ? ev->xcap.message
              : crp_msg(crp_msg_current(), "evaluation failed");
    } else {
        return NULL;
    }
    /* the cr: functions and libxml2 say so when memory ran out: that is
     * CR_ERR_NOMEM for the call, not an `error` item */
    if (strncmp(why, "out of memory", 13) == 0 || ev->xp_nomem ||
        ev->xcap.nomem)
        ev->oom = 1;
    crp_strbuf_init(&sb);
    crp_strbuf_printf(&sb, crp_msg(crp_msg_current(),
                                   "%s (in '%s', checklist line %d)"),
                      why, e->text, e->line);
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

/* ---- the dispatcher ---- */

int crp_ev_verify_fault;

static char * __attribute__((format(printf, 1, 2)))
printed(const char *fmt, ...)
{
    struct crp_strbuf sb;
    va_list ap;

    crp_strbuf_init(&sb);
    va_start(ap, fmt);
    crp_strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    return crp_strbuf_steal(&sb);
}

/* What an evaluation is asked for. */
enum want { WANT_BOOL, WANT_STRING, WANT_OBJECT, WANT_LET };

/* One evaluator's answer. A let keeps the fast path's value in its let
 * stack (FV, from MARK on): no libxml2 object is made unless libxml2
 * itself reads the variable. */
struct answer {
    int ok;
    int b;                          /* WANT_BOOL */
    char *s;                        /* WANT_STRING */
    xmlXPathObjectPtr obj;          /* WANT_OBJECT; WANT_LET by libxml2 */
    const struct crp_fx_value *fv;  /* WANT_LET by the fast path */
    size_t mark;                    /* WANT_LET: the let stack before */
};

static int
fast_clean(struct cr_evaluator *ev)
{
    return ev->env.error == NULL && !ev->xp_error[0] && !ev->xp_nomem;
}

static void
drop(struct cr_evaluator *ev, enum want w, struct answer *a)
{
    crp_free(a->s);
    xmlXPathFreeObject(a->obj);
    if (w == WANT_LET)
        crp_fx_let_release(ev->fxrun, a->mark);
    a->s = NULL;
    a->obj = NULL;
    a->fv = NULL;
    a->ok = 0;
}

/* The fast path's answer, when it has a clean one. */
static void
ask_fast(struct cr_evaluator *ev, const struct crp_expr *e, xmlNodePtr node,
         enum want w, struct answer *a)
{
    const struct crp_fx *fx = NULL;

    if (ev->fx && e->slot < ev->cl->nexprs && ev->fx[e->slot]) {
        fx = ev->fx[e->slot];
        prepare(ev, node);
    }
    if (fx == NULL) {
        a->ok = 0;
    } else if (w == WANT_BOOL) {
        a->ok = crp_fx_bool(ev->fxrun, fx, node, &a->b);
    } else if (w == WANT_STRING) {
        a->ok = crp_fx_string(ev->fxrun, fx, node, &a->s);
    } else if (w == WANT_OBJECT) {
        a->ok = crp_fx_object(ev->fxrun, fx, node, &a->obj);
    } else {
        a->ok = crp_fx_let(ev->fxrun, fx, node, &a->fv);
    }
    if (!a->ok || !fast_clean(ev))
        drop(ev, w, a);
}

static void
ask_libxml2(struct cr_evaluator *ev, const struct crp_expr *e,
            xmlNodePtr node, enum want w, struct answer *a, char **err)
{
    if (w == WANT_BOOL) {
        a->b = lx_bool(ev, e, node, err);
        a->ok = a->b >= 0;
    } else if (w == WANT_STRING) {
        a->s = lx_string(ev, e, node, err);
        a->ok = a->s != NULL;
    } else {
        a->obj = lx_object(ev, e, node, err);
        a->ok = a->obj != NULL;
    }
}

/* Verify: "" when FAST and SLOW agree, else both values; crp_malloc'd
 * (NULL: out of memory). A limit that stopped libxml2 is no difference:
 * the fast path counts its work differently. */
static char *
compare(struct cr_evaluator *ev, enum want w, const struct answer *fast,
        const struct answer *slow, const char *err)
{
    char a[512], b[512];
    xmlXPathObjectPtr fo = NULL;
    int same;

    if (err && strstr(err, "limit"))
        return crp_strdup("");
    if (w == WANT_BOOL) {
        same = slow->ok && !fast->b == !slow->b;
        snprintf(a, sizeof(a), "boolean %s", fast->b ? "true" : "false");
        snprintf(b, sizeof(b), "boolean %s", slow->b ? "true" : "false");
    } else if (w == WANT_STRING) {
        same = slow->ok && strcmp(fast->s, slow->s) == 0;
        snprintf(a, sizeof(a), "string '%s'", fast->s);
        snprintf(b, sizeof(b), "string '%s'", slow->ok ? slow->s : "");
    } else {
        fo = w == WANT_LET ? crp_fx_value_object(fast->fv) : fast->obj;
        if (fo == NULL) {       /* the let's value could not be copied */
            ev->oom = 1;
            return crp_strdup("");
        }
        same = slow->ok && crp_xpath_same(fo, slow->obj);
        crp_xpath_describe(fo, a, sizeof(a));
        crp_xpath_describe(slow->obj, b, sizeof(b));
        if (w == WANT_LET)
            xmlXPathFreeObject(fo);
    }
    if (same && !crp_ev_verify_fault)
        return crp_strdup("");
    return printed("fast path %s, libxml2 %s", a,
                             slow->ok ? b : err ? err : "(failed)");
}

/* A verify build's difference as the item's error. */
static char *
difference(struct cr_evaluator *ev, const struct crp_expr *e,
           xmlNodePtr node, const char *what)
{
    xmlChar *path = xmlGetNodePath(node);
    char *msg = printed("verify: the fast path and libxml2 differ "
                                  "at %s: %s (in '%s', checklist line %d)",
                                  path ? (const char *)path : "?", what,
                                  e->text, e->line);

    xmlFree(path);
    if (msg == NULL)
        ev->oom = 1;
    return msg;
}

/* E at NODE as W asks, into *OUT (its OK 0 and *ERR set on failure). */
static void
answer(struct cr_evaluator *ev, const struct crp_expr *e, xmlNodePtr node,
       enum want w, struct answer *out, char **err)
{
    struct answer fast = {0}, slow = {0};
    char *diff;

    *err = NULL;
    if (w == WANT_LET)
        fast.mark = slow.mark = crp_fx_let_mark(ev->fxrun);
    ask_fast(ev, e, node, w, &fast);
    if (fast.ok && ev->xmode != CRP_XMODE_VERIFY) {
        *out = fast;
        return;
    }
    ask_libxml2(ev, e, node, w, &slow, err);
    if (!fast.ok) {
        *out = slow;
        return;
    }
    diff = compare(ev, w, &fast, &slow, *err);
    if (diff && diff[0] == '\0' && w == WANT_LET && slow.ok) {
        /* the let keeps the fast path's value beside libxml2's */
        slow.fv = fast.fv;
        *out = slow;
    } else if (diff && diff[0] == '\0') {
        drop(ev, w, &fast);
        *out = slow;
    } else {
        drop(ev, w, &fast);
        drop(ev, w, &slow);
        crp_free(*err);
        *err = diff ? difference(ev, e, node, diff) : NULL;
        if (*err == NULL) {
            ev->oom = 1;
            *err = crp_strdup("out of memory");
        }
        *out = slow;
    }
    crp_free(diff);
}

int
crp_ev_bool(struct cr_evaluator *ev, const struct crp_expr *e,
            xmlNodePtr node, char **err)
{
    struct answer a;

    answer(ev, e, node, WANT_BOOL, &a, err);
    return a.ok ? a.b : -1;
}

char *
crp_ev_string(struct cr_evaluator *ev, const struct crp_expr *e,
              xmlNodePtr node, char **err)
{
    struct answer a;

    answer(ev, e, node, WANT_STRING, &a, err);
    return a.s;
}

xmlXPathObjectPtr
crp_ev_object(struct cr_evaluator *ev, const struct crp_expr *e,
              xmlNodePtr node, char **err)
{
    struct answer a;

    answer(ev, e, node, WANT_OBJECT, &a, err);
    return a.obj;
}

int
crp_ev_fast_nodes(struct cr_evaluator *ev, const struct crp_expr *e,
                  xmlNodePtr node, xmlNodePtr **nodes, int *n)
{
    const struct crp_fx *fx;

    if (ev->xmode != CRP_XMODE_FAST || ev->fx == NULL ||
        e->slot >= ev->cl->nexprs || (fx = ev->fx[e->slot]) == NULL)
        return 0;
    prepare(ev, node);
    if (!crp_fx_nodes(ev->fxrun, fx, node, nodes, n))
        return 0;
    if (fast_clean(ev))
        return 1;
    crp_free(*nodes);
    return 0;
}

int
crp_ev_let(struct cr_evaluator *ev, const char *name,
           const struct crp_expr *e, xmlNodePtr node, int push_failed,
           char **err)
{
    struct answer a;

    answer(ev, e, node, WANT_LET, &a, err);
    if (a.fv == NULL && a.obj == NULL && !push_failed)
        return 0;
    if (crp_ev_push_var(ev, name, a.obj, a.fv, a.mark, *err) != 0) {
        *err = NULL;   /* freed there */
        return -1;
    }
    /* a failed global let keeps its error; the caller gets none */
    *err = NULL;
    return 0;
}
