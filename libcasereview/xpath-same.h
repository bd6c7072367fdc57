/* xpath-same.h — the one test of whether the fast path and libxml2
 * answered the same, used by the evaluator's verify mode, the unit test
 * of the fast path and its fuzzer. */
#ifndef CRP_XPATH_SAME_H
#define CRP_XPATH_SAME_H

#include <stddef.h>

#include <libxml/xpath.h>

/* 1 when A and B are the same value, strictly: the same type; the same
 * nodes in the same order; the same bytes; numbers equal with 0 and -0
 * distinct (1 div 0 and 1 div -0 differ) and NaN the same as NaN. */
int crp_xpath_same(xmlXPathObjectPtr a, xmlXPathObjectPtr b);

/* Numbers by the same rule. */
int crp_xpath_same_number(double a, double b);

/* V for a message: "number -0 (-0)", "string 'x'", "node-set{/a[1]}";
 * "(failed)" for NULL. Cut to LEN bytes. */
void crp_xpath_describe(xmlXPathObjectPtr v, char *buf, size_t len);

void crp_xpath_describe_nodes(xmlNodePtr *nodes, int n, char *buf,
                              size_t len);

#endif
