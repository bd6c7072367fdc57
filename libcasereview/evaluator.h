/* evaluator.h — the evaluator's state and the parts that share it:
 *
 *   evaluator.c     its lifetime and the public cr_evaluator_* calls:
 *                   read, parse (or map) a case, then eval-case.c
 *   eval-compile.c  every expression compiled for both evaluators
 *   eval-case.c     the run of one case: accepts, global lets, items
 *   eval-expr.c     one expression: the fast path, libxml2 for what it
 *                   declines, both compared in a verify build
 *   eval-vars.c     the scope of lets, params and data documents
 *   eval-explain.c  the values an explained result shows
 *
 * One evaluator per thread: it owns a compiled copy of every expression
 * (libxml2 writes to a compiled expression on its first evaluation, so
 * they are never shared), one XPath context reused for every case, one
 * parser context, and the regex cache. */
#ifndef CRP_EVALUATOR_H
#define CRP_EVALUATOR_H

#include <stddef.h>

#include <libxml/xpath.h>

#include "budget.h"
#include "casereview.h"
#include "case-error.h"
#include "checklist.h"
#include "functions.h"
#include "xml-safe.h"

struct crp_fx;
struct crp_fx_run;
struct crp_fx_value;
struct crp_builder;
struct crp_path_cache;
struct crp_xslt;
struct crp_pair;

/* Which evaluator runs an expression: the fast path with libxml2 for
 * what it declines (default), libxml2 alone (CASEREVIEW_XPATH=libxml2,
 * the reference), or both compared (a build with -Dverify=true, where
 * CASEREVIEW_XPATH=verify selects it). */
enum crp_xmode { CRP_XMODE_FAST, CRP_XMODE_LIBXML2, CRP_XMODE_VERIFY };

/* A let's value: the fast path's (FV, in its let stack from MARK on) or
 * libxml2's object (VALUE); both NULL when the evaluation failed. VALUE
 * is made from FV when libxml2 asks for the variable. */
struct crp_var {
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
    enum crp_xmode xmode;
    struct crp_filebuf file;    /* case files read by score_file */
    xmlParserCtxtPtr pctxt;
    struct crp_builder *builder;  /* arena trees (NULL: libxml2's only) */
    xmlXPathObjectPtr *params;  /* one string per checklist param */
    xmlXPathObjectPtr *data;    /* one node-set per data document */
    struct crp_var *vars;       /* scope stack: global lets, check lets */
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

/* ---- eval-compile.c ---- */

/* Compiles every expression of the checklist for the evaluator's mode
 * and links the fast path's. CR_OK or CR_ERR_NOMEM. */
enum cr_status crp_ev_compile(struct cr_evaluator *ev);

/* ---- eval-case.c ---- */

/* Scores DOC (named SOURCE in the result). */
enum cr_status crp_ev_case(struct cr_evaluator *ev, xmlDocPtr doc,
                           const char *source, struct cr_result **out);
/* The error result of a case past one of its budget's limits. */
enum cr_status crp_ev_over_budget(struct cr_evaluator *ev,
                                  const char *source, const char *case_id,
                                  struct cr_result **out);

/* ---- eval-expr.c ---- */

/* E at NODE as a truth: 1, 0, or -1 with the error in *ERR
 * (crp_malloc'd). */
int crp_ev_bool(struct cr_evaluator *ev, const struct crp_expr *e,
                xmlNodePtr node, char **err);
/* E's string value (crp_malloc'd), or NULL with the error in *ERR. */
char *crp_ev_string(struct cr_evaluator *ev, const struct crp_expr *e,
                    xmlNodePtr node, char **err);
/* E's value, or NULL with the error in *ERR. */
xmlXPathObjectPtr crp_ev_object(struct cr_evaluator *ev,
                                const struct crp_expr *e, xmlNodePtr node,
                                char **err);
/* E's node list straight from the fast path (crp_malloc'd into *NODES),
 * without a libxml2 object: 1, or 0 when the fast path has no clean
 * answer (then crp_ev_object). */
int crp_ev_fast_nodes(struct cr_evaluator *ev, const struct crp_expr *e,
                      xmlNodePtr node, xmlNodePtr **nodes, int *n);
/* Evaluates let E at NODE and pushes it as NAME. A failed evaluation
 * sets *ERR and, when PUSH_FAILED (a global let), is pushed with its
 * error. -1: out of memory. */
int crp_ev_let(struct cr_evaluator *ev, const char *name,
               const struct crp_expr *e, xmlNodePtr node, int push_failed,
               char **err);

/* A verify build's test hook: while nonzero, every comparison of the two
 * evaluators reports a difference (tests/core/test-verify.c). */
extern int crp_ev_verify_fault;

/* ---- eval-vars.c ---- */

/* libxml2's variable lookup and the fast path's, over the same scopes. */
xmlXPathObjectPtr crp_ev_lookup_variable(void *data, const xmlChar *name,
                                         const xmlChar *ns_uri);
int crp_ev_fx_getvar(void *data, const char *name, xmlXPathObjectPtr *obj,
                     const struct crp_fx_value **val);
/* Variable I as a libxml2 object (NULL: its let failed, or out of
 * memory, then ev->oom). */
xmlXPathObjectPtr crp_ev_var_object(struct cr_evaluator *ev, size_t i);
/* Pushes NAME with VALUE or FV (taken from MARK on), or the ERROR of its
 * failed let; takes VALUE and ERROR. -1: out of memory. */
int crp_ev_push_var(struct cr_evaluator *ev, const char *name,
                    xmlXPathObjectPtr value, const struct crp_fx_value *fv,
                    size_t mark, char *error);
/* Pops the variables pushed after the first MARK. */
void crp_ev_pop_vars(struct cr_evaluator *ev, size_t mark);

/* ---- eval-explain.c ---- */

/* Adds PRE NAME POST = VALUE (VALUE crp_malloc'd and taken; NULL: out of
 * memory). 0, or -1 out of memory. */
int crp_ev_explain_add(struct crp_pair **v, size_t *n, const char *pre,
                       const char *name, const char *post, char *value);
/* Adds "$name = value" for the checklist-level lets (the first
 * GLOBAL_COUNT variables) and params that TEXT mentions, and every other
 * let in scope when ALL_LOCAL. */
int crp_ev_explain_names(struct cr_evaluator *ev, const char *text,
                         size_t global_count, int all_local,
                         struct crp_pair **v, size_t *n);

#endif
