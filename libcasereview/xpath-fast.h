/* xpath-fast.h — the fast path: a second evaluator for the XPath 1.0
 * expressions of a checklist, on the same libxml2 trees, without
 * libxml2's per-evaluation set-up, object allocations and string copies.
 *
 * It covers the common shapes (child, attribute, self, parent and sibling
 * axes, predicates, variables, every operator, the core functions marked
 * FAST in functions.def and every cr: function, through its one
 * implementation; other functions are called through libxml2). Whatever it
 * does not cover it declines, at compile time or while evaluating, and
 * the caller evaluates the expression with libxml2 instead: an
 * expression has no side effects, so evaluating it again is safe. Errors
 * are never reported from here, only declined, so every error message
 * still comes from libxml2 and the functions. Results are the same as
 * libxml2's (checked expression by expression by a verify build's
 * eval-expr.c, and by tests/core/test-fastpath.c). */
#ifndef CRP_FASTPATH_H
#define CRP_FASTPATH_H

#include <libxml/xpath.h>

struct crp_fx;      /* a compiled expression: read-only after compiling */
struct crp_fx_run;  /* per-evaluator scratch (one thread) */

/* Compiles TEXT, resolving prefixes and functions in XP (the evaluator's
 * context, with everything registered). NULL: not covered (or memory). */
struct crp_fx *crp_fx_compile(const char *text, xmlXPathContextPtr xp);
void crp_fx_free(struct crp_fx *fx);

/* A let's value as the fast path keeps it (crp_fx_let). */
struct crp_fx_value;

/* Variable values, borrowed (not freed by the fast path). Returns 0 and
 * sets one of *OBJ and *VAL (the other NULL), or -1 when the variable is
 * unknown or its let failed. */
typedef int (*crp_fx_getvar)(void *ud, const char *name,
                             xmlXPathObjectPtr *obj,
                             const struct crp_fx_value **val);

struct crp_fx_run *crp_fx_run_new(xmlXPathContextPtr xp, crp_fx_getvar gv,
                                  void *ud);
void crp_fx_run_free(struct crp_fx_run *run);

/* Names in DOC's nodes all come from DOC->dict (a document libxml2
 * parsed with a dictionary and nobody edited): name tests compare
 * pointers. At most CRP_FX_TRUSTED documents; SLOT 0 is the case. */
#define CRP_FX_TRUSTED 8
void crp_fx_trust(struct crp_fx_run *run, int slot, const xmlDoc *doc);

/* Per-case memos (xpath-link.c). STABLE says whether a variable has
 * one value for a whole case. REPEATED[I]: FX[I] (N of them, NULL for
 * one not covered) is evaluated many times per case. Gives memo slots
 * to the subexpressions worth keeping, sharing equal ones, and sizes
 * RUN's table; -1 when memory ran out (then nothing is memoized). */
typedef int (*crp_fx_stable)(void *ud, const char *name);
int crp_fx_link(struct crp_fx *const *fx, const unsigned char *repeated,
                size_t n, crp_fx_stable stable, void *ud,
                struct crp_fx_run *run);
/* Room for NMEMOS memo slots and NSITES join sites (xpath-index.h),
 * all empty: 0, or -1 out of memory, RUN as it was (crp_fx_link calls
 * it). */
int crp_fx_run_size(struct crp_fx_run *run, int nmemos, int nsites);
/* A new case: RUN forgets every memo. Call before its first evaluation. */
void crp_fx_new_case(struct crp_fx_run *run);

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
/* For a let: the value stays in RUN's let stack, unchanged by later
 * evaluations, until crp_fx_let_release() to a mark taken before it. */
int crp_fx_let(struct crp_fx_run *run, const struct crp_fx *fx,
               xmlNodePtr node, const struct crp_fx_value **out);
size_t crp_fx_let_mark(const struct crp_fx_run *run);
void crp_fx_let_release(struct crp_fx_run *run, size_t mark);
/* The value as a new libxml2 object (NULL: out of memory). */
xmlXPathObjectPtr crp_fx_value_object(const struct crp_fx_value *val);
/* The string value, crp_malloc'd. */
int crp_fx_string(struct crp_fx_run *run, const struct crp_fx *fx,
                  xmlNodePtr node, char **out);

#endif
