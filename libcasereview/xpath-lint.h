/* xpath-lint.h — the names an expression uses, checked at load
 * (xpath-lint.c): xmlXPathCompile accepts unknown functions, undeclared
 * prefixes and unbound variables, which fail only when evaluated, so
 * the loader reports them itself with file:line. A function's row may
 * add a check of its literal arguments (functions.def). */
#ifndef CRP_XPATH_LINT_H
#define CRP_XPATH_LINT_H

#include <stddef.h>

#include "diag.h"

struct cr_checklist;

struct crp_lint_env {
    const struct cr_checklist *cl;
    /* the item whose expression this is (cr:state may only name items
     * before it), or -1 outside items (cr:state is then refused) */
    long item;
    const char *const *vars;    /* the variable names in scope */
    size_t nvars;
    const char *file;
    struct cr_diag_list *diags;
};

/* Checks EXPR (at LINE of ENV's file), reporting to ENV's diags.
 * Returns the number of problems found. */
int crp_xpath_lint(const struct crp_lint_env *env, const char *expr,
                   int line);

/* ---- for a row's check of a call (functions.h) ---- */

struct crp_lint_call;

const struct crp_lint_env *crp_lint_env(const struct crp_lint_call *l);
/* 1 when argument I (from 0) is a string literal, its value in *OUT
 * (crp_malloc'd; NULL when out of memory); else 0 and *OUT NULL. */
int crp_lint_literal(const struct crp_lint_call *l, int i, char **out);
/* Reports CODE at argument I (-1: at the function's name); FMT takes the
 * strings A and B. */
void crp_lint_report(struct crp_lint_call *l, int i, enum crp_diag_code code,
                     const char *fmt, const char *a, const char *b);

#endif
