/* xpath-ast.h — the compiled form shared by xpath-parse.c and
 * xpath-eval.c. Private to the fast path. */
#ifndef CRP_FASTPATH_AST_H
#define CRP_FASTPATH_AST_H

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "functions.h"

enum fx_op {
    FX_STR, FX_NUM, FX_VAR, FX_ROOT, FX_CONTEXT,
    FX_OR, FX_AND, FX_EQ, FX_NE, FX_LT, FX_LE, FX_GT, FX_GE,
    FX_ADD, FX_SUB, FX_MUL, FX_DIV, FX_MOD, FX_NEG, FX_UNION,
    FX_CALL,    /* function call: args in kids */
    FX_FILTER,  /* kids[0] filtered by predicates kids[1..] */
    FX_STEP,    /* kids[0] (input) then one location step */
    FX_ATTR_EQ, /* @name = expr (!= with neq), kids {@name step, expr}:
                   the most common predicate, without building the
                   attribute's node-set when expr is a string */
    FX_ATTR_IN  /* @name = 'a' or @name = 'b' or ...: kids {@name step,
                   'a', 'b', ...}, the attribute found once */
};

enum fx_axis { AX_CHILD, AX_ATTRIBUTE, AX_SELF, AX_PARENT,
               AX_FOLLOWING_SIBLING, AX_PRECEDING_SIBLING };

enum fx_test { T_NAME, T_ANY, T_NODE, T_TEXT };

struct fx_node {
    enum fx_op op;
    struct fx_node **kids;
    int nkids;
    double num;                 /* FX_NUM */
    xmlChar *str;               /* FX_STR literal, FX_VAR / FX_CALL name */
    /* FX_STEP */
    enum fx_axis axis;
    enum fx_test test;
    xmlChar *name;              /* T_NAME local name (T_ANY: NULL) */
    xmlChar *uri;               /* namespace of a prefixed test, or NULL */
    int npreds;                 /* predicates: kids[1..npreds] */
    /* FX_CALL: a core function the fast path computes (functions.def's
     * CORE rows with FAST), a cr: function's row, or neither: libxml2's
     * FUNC is called */
    enum crp_core core;
    const struct crp_function *fn;
    xmlXPathFunction func;
    int neq;                    /* FX_ATTR_EQ */
    /* T_NAME: NAME as interned in the dictionary of the last trusted
     * document seen (per evaluator: each compiles its own tree) */
    const void *dict;
    const xmlChar *interned;
    /* slot of the run's per-case memos (xpath-link.c), -1: none */
    int memo;
    /* slot of the run's join sites (xpath-index.h), -1: none */
    int site;
    /* a bare @name (attribute step from the context node, no
     * predicates): its string value and truth need no node list */
    unsigned char bare_attr;
    /* last() somewhere under this node; position() or last() */
    unsigned char uses_last, reads_position;
};

struct crp_fx {
    struct fx_node *root;
    /* every node, for freeing */
    struct fx_node **all;
    size_t nall, capall;
};

#endif
