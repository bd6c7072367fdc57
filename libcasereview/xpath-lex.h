/* xpath-lex.h — the tokens of an XPath 1.0 expression (xpath-lex.c), for
 * the lint at load (xpath-lint.c) and the fast path's parser
 * (xpath-parse.c). Section 3.7's rules included: after an operand, `*`
 * is the multiplication and a name must be and, or, div or mod. */
#ifndef CRP_XPATH_LEX_H
#define CRP_XPATH_LEX_H

#include <stddef.h>

enum crp_xtok {
    XT_END, XT_ERR, XT_NAME, XT_STAR, XT_NUM, XT_LIT, XT_VAR, XT_SLASH,
    XT_SLASH2, XT_LPAR, XT_RPAR, XT_LBR, XT_RBR, XT_DOT, XT_DOT2, XT_AT,
    XT_COMMA, XT_AXIS, XT_PIPE, XT_PLUS, XT_MINUS, XT_EQ, XT_NE, XT_LT,
    XT_LE, XT_GT, XT_GE, XT_AND, XT_OR, XT_DIV, XT_MOD, XT_MUL
};

/* The current token of expression S. NAME: an NCName, a QName or
 * prefix:*; AXIS: the axis name (its "::" skipped); VAR: '$' and the
 * name (just "$" when none follows); LIT: with its quotes; ERR: a
 * character no token starts with, an unterminated literal (to the end),
 * a name after an operand that is no operator. */
struct crp_xlex {
    const char *s;
    enum crp_xtok t;
    size_t start, len;  /* the token's text */
    size_t colon;       /* NAME, VAR: the ':' of a QName, from START; 0 none */
    size_t pos;         /* where the next token is looked for */
};

/* Reads the first token of S. */
void crp_xlex_init(struct crp_xlex *lx, const char *s);
void crp_xlex_next(struct crp_xlex *lx);
/* The first character after the current token that is not white space:
 * '(' after a name makes it a function or a node type test. */
char crp_xlex_peek(const struct crp_xlex *lx);
/* Is the current token's text TEXT? */
int crp_xlex_is(const struct crp_xlex *lx, const char *text);

#endif
