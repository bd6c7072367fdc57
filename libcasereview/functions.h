/* functions.h — the functions a checklist's XPath calls: the table of
 * functions.def that every part reads, the environment the cr: functions
 * run in, and the one interface through which each cr: function, written
 * once (func-*.c), serves both evaluators.
 *
 * An implementation gets its arguments converted as its row's argument
 * kinds say, sets one result, and returns 0; or records a failure with
 * crp_fn_error() and returns -1. An evaluator makes the call: libxml2
 * through the adapter registered for each row (functions.c), the fast
 * path directly (xpath-call.c). The evaluator (evaluator.c) owns one
 * struct crp_fn_env per thread, reachable as its XPath context's
 * userData, and turns env->error into the item's `error` state after
 * every evaluation. */
#ifndef CRP_FUNCTIONS_H
#define CRP_FUNCTIONS_H

#include <stddef.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "casereview.h"

#define CRP_FN_NS "urn:casereview:functions"

struct crp_calendar;
struct crp_regex_cache;
struct cr_result;
struct crp_fn_call;
struct crp_lint_call;

/* ---- the table (functions.def) ---- */

/* XPath 1.0's functions by id; CRP_CORE_NONE: not one of them. */
enum crp_core {
    CRP_CORE_NONE = 0,
#define CORE(ID, name, min, max, fast) CRP_CORE_##ID,
#define CR(ID, name, min, args, result, flags, lint)
#include "functions.def"
#undef CORE
#undef CR
    CRP_NCORE_END
};
#define CRP_NCORE (CRP_NCORE_END - 1)

/* The cr: functions by id, the index of their row. */
enum crp_cr_id {
#define CORE(ID, name, min, max, fast)
#define CR(ID, name, min, args, result, flags, lint) CRP_CR_##ID,
#include "functions.def"
#undef CORE
#undef CR
    CRP_NCR
};

enum crp_fn_type {
    CRP_FN_NUMBER, CRP_FN_BOOLEAN, CRP_FN_STRING, CRP_FN_NODES
};

/* Row flags. */
#define CRP_FN_CALENDAR 1u  /* needs the checklist's <calendar> */
#define CRP_FN_JOIN 2u      /* selects from argument 1 by attribute value */

/* The most arguments a cr: function takes. */
#define CRP_FN_MAX_ARGS 3

struct crp_function {
    const char *name;
    int min_args, max_args;     /* a CR row's maximum: its kinds' count */
    enum crp_core core;         /* a CORE row's id, else CRP_CORE_NONE */
    int fast;                   /* CORE: the fast path computes it */
    const char *args;           /* CR: the argument kinds, one a letter */
    enum crp_fn_type result;    /* CR */
    unsigned int flags;         /* CR: CRP_FN_* */
    int (*impl)(struct crp_fn_call *c);         /* CR */
    void (*lint)(struct crp_lint_call *l);      /* CR, or NULL */
    xmlXPathFunction libxml2;   /* CR: the adapter registered with libxml2 */
};

extern const struct crp_function crp_core_functions[CRP_NCORE];
extern const struct crp_function crp_cr_functions[CRP_NCR];

/* The row of NAME (without prefix), or NULL. */
const struct crp_function *crp_core_function(const char *name);
const struct crp_function *crp_cr_function(const char *local_name);

/* Registers every cr: function on CTXT (namespace CRP_FN_NS); CTXT's
 * userData must point at the evaluator's struct crp_fn_env. 0, or -1
 * when out of memory. */
int crp_functions_register(xmlXPathContextPtr ctxt);
/* 1 when every CORE function is known to CTXT: xmlXPathNewContext()
 * ignores a failed registration, leaving e.g. string() unknown. */
int crp_functions_core_present(xmlXPathContextPtr ctxt);

/* The implementations, one per CR row (func-*.c). */
#define CORE(ID, name, min, max, fast)
#define CR(ID, name, min, args, result, flags, lint) \
    int crp_fn_##ID(struct crp_fn_call *c);
#include "functions.def"
#undef CORE
#undef CR

/* The checks of literal arguments at load that rows name (xpath-lint.h
 * gives them the call). */
void crp_lint_matches(struct crp_lint_call *l);
void crp_lint_replace(struct crp_lint_call *l);
void crp_lint_valid_id(struct crp_lint_call *l);
void crp_lint_state(struct crp_lint_call *l);

/* ---- the environment ---- */

struct crp_fn_env {
    const struct crp_calendar *calendar; /* NULL: checklist has none */
    struct crp_regex_cache *regex;
    char *error; /* first failure since crp_fn_env_reset(); crp_malloc'd */
    /* the case being scored, for cr:state (NULL between cases) */
    const struct cr_result *result;
};

void crp_fn_env_reset(struct crp_fn_env *env);
/* Records a run-time failure (the first one wins) without stopping the
 * evaluation: the function still returns a value (NaN, ""), and the
 * item ends in `error`. FMT is a catalogue entry (either spelling),
 * told in the case's language here: callers pass the literal. */
void crp_fn_fail(struct crp_fn_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- one call ---- */

/* An argument, converted as its kind says. The strings and node lists
 * are the evaluator's, valid during the call; an implementation may
 * reorder the STRS array. */
struct crp_fn_arg {
    const xmlChar *s;           /* S; D when not a number */
    double num;                 /* N; D when IS_NUM */
    int is_num;                 /* D */
    xmlNodePtr *nodes;          /* L, W; K from a node-set */
    const xmlChar **strs;       /* W, K */
    int n;                      /* L, W, K: how many nodes or strings */
};

struct crp_fn_result {
    enum crp_fn_type type;
    double num;
    int boolean;
    const xmlChar *str;         /* borrowed until the evaluator copies it */
    char *owned;                /* STR when the call allocated it */
    xmlNodePtr *nodes;          /* from crp_fn_scratch() */
    int n;
    char buf[32];               /* room for a short STR */
};

/* What the evaluator making a call provides. */
struct crp_fn_ops {
    /* Counts UNITS of work against the expression's operation limit:
     * -1 past it. */
    int (*charge)(struct crp_fn_call *c, unsigned long units);
    /* Memory that lives until the call's result is taken (NULL: none). */
    void *(*scratch)(struct crp_fn_call *c, size_t bytes);
    /* NODE's string value (NULL: out of memory or over the limit). */
    const xmlChar *(*string_of)(struct crp_fn_call *c, xmlNodePtr node);
};

struct crp_fn_call {
    const struct crp_function *fn;
    struct crp_fn_env *env;     /* never NULL */
    const struct crp_fn_ops *ops;
    void *ev;                   /* the evaluator's own state */
    int nargs;
    struct crp_fn_arg arg[CRP_FN_MAX_ARGS];
    struct crp_fn_result ret;
    int xpath_error;            /* why the evaluation stops, else 0 */
};

/* The result; each returns 0. */
int crp_fn_number(struct crp_fn_call *c, double v);
int crp_fn_boolean(struct crp_fn_call *c, int v);
int crp_fn_string(struct crp_fn_call *c, const char *s);
/* S crp_malloc'd, freed by the evaluator (NULL: out of memory, -1). */
int crp_fn_string_take(struct crp_fn_call *c, char *s);
int crp_fn_nodes(struct crp_fn_call *c, xmlNodePtr *nodes, int n);
/* A failure that stops the evaluation with XPATH_ERROR (an
 * xmlXPathError): recorded as crp_fn_fail() does. Returns -1. */
int crp_fn_error(struct crp_fn_call *c, int xpath_error, const char *fmt,
                 ...) __attribute__((format(printf, 3, 4)));
/* Work counted against the operation limit; past it, the limit's error.
 * 0 or -1. */
int crp_fn_charge(struct crp_fn_call *c, unsigned long units);
/* Memory for the call (crp_fn_error() when there is none). */
void *crp_fn_scratch(struct crp_fn_call *c, size_t bytes);
/* NODE's string value (crp_fn_error() when it cannot be had). */
const xmlChar *crp_fn_string_of(struct crp_fn_call *c, xmlNodePtr node);

/* cr:lookup's test of one node, which the fast path's index shares:
 * ELEM's attribute NAME without a namespace, or NULL (also for a
 * non-element). */
xmlAttrPtr crp_lookup_attr(xmlNodePtr elem, const xmlChar *name);

#endif
