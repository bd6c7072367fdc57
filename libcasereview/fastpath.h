/* fastpath.h — a second evaluator for the XPath 1.0 expressions of a
 * checklist, on the same libxml2 trees, without libxml2's per-evaluation
 * set-up, object allocations and string copies (issue 8).
 *
 * It covers the common shapes (child, attribute, self, parent and sibling
 * axes, predicates, variables, every operator, the core functions; other
 * functions, cr: ones included, are called through libxml2). Whatever it
 * does not cover it declines, at compile time or while evaluating, and
 * the caller evaluates the expression with libxml2 instead: an
 * expression has no side effects, so evaluating it again is safe. Errors
 * are never reported from here, only declined, so every error message
 * still comes from libxml2 and the functions. Results are the same as
 * libxml2's (checked expression by expression in the verify mode of
 * eval.c, CASEREVIEW_XPATH=verify). */
#ifndef CRP_FASTPATH_H
#define CRP_FASTPATH_H

#include <libxml/xpath.h>

struct crp_fx;      /* a compiled expression: read-only after compiling */
struct crp_fx_run;  /* per-evaluator scratch (one thread) */

/* Compiles TEXT, resolving prefixes and functions in XP (the evaluator's
 * context, with everything registered). NULL: not covered (or memory). */
struct crp_fx *crp_fx_compile(const char *text, xmlXPathContextPtr xp);
void crp_fx_free(struct crp_fx *fx);

/* Variable values, borrowed (not freed by the fast path). Returns 0 and
 * sets *OUT, or -1 when the variable is unknown or its let failed. */
typedef int (*crp_fx_getvar)(void *ud, const char *name,
                             xmlXPathObjectPtr *out);

struct crp_fx_run *crp_fx_run_new(xmlXPathContextPtr xp, crp_fx_getvar gv,
                                  void *ud);
void crp_fx_run_free(struct crp_fx_run *run);

/* Names in DOC's nodes all come from DOC->dict (a document libxml2
 * parsed with a dictionary and nobody edited): name tests compare
 * pointers. At most CRP_FX_TRUSTED documents; SLOT 0 is the case. */
#define CRP_FX_TRUSTED 8
void crp_fx_trust(struct crp_fx_run *run, int slot, const xmlDoc *doc);

/* Each returns 1 when it evaluated FX with NODE as the context node
 * (position 1 of 1, document XP->doc), 0 when the caller must use
 * libxml2. Operations count against XP->opLimit through XP->opCount. */
int crp_fx_bool(struct crp_fx_run *run, const struct crp_fx *fx,
                xmlNodePtr node, int *out);
int crp_fx_object(struct crp_fx_run *run, const struct crp_fx *fx,
                  xmlNodePtr node, xmlXPathObjectPtr *out);
/* A node-set result as a crp_malloc'd array (NULL when empty) of *N
 * nodes in document order; 0 also when the result is not a node-set. */
int crp_fx_nodes(struct crp_fx_run *run, const struct crp_fx *fx,
                 xmlNodePtr node, xmlNodePtr **out, int *n);
/* The string value, crp_malloc'd. */
int crp_fx_string(struct crp_fx_run *run, const struct crp_fx *fx,
                  xmlNodePtr node, char **out);

#endif
