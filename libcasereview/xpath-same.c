/* xpath-same.c — whether two XPath values are the same, strictly, and
 * how to show one when they are not. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "xpath-same.h"

int
crp_xpath_same_number(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && !signbit(a) == !signbit(b);
}

int
crp_xpath_same(xmlXPathObjectPtr a, xmlXPathObjectPtr b)
{
    int i, na, nb;

    if (a == NULL || b == NULL || a->type != b->type)
        return 0;
    switch (a->type) {
    case XPATH_NODESET:
        na = a->nodesetval ? a->nodesetval->nodeNr : 0;
        nb = b->nodesetval ? b->nodesetval->nodeNr : 0;
        if (na != nb)
            return 0;
        for (i = 0; i < na; i++)
            if (a->nodesetval->nodeTab[i] != b->nodesetval->nodeTab[i])
                return 0;
        return 1;
    case XPATH_STRING:
        return strcmp((const char *)a->stringval,
                      (const char *)b->stringval) == 0;
    case XPATH_NUMBER:
        return crp_xpath_same_number(a->floatval, b->floatval);
    case XPATH_BOOLEAN:
        return !a->boolval == !b->boolval;
    default:
        return 0;
    }
}

void
crp_xpath_describe_nodes(xmlNodePtr *nodes, int n, char *buf, size_t len)
{
    size_t used;
    int i;

    if (len == 0)
        return;
    used = (size_t)snprintf(buf, len, "node-set{");
    for (i = 0; i < n; i++) {
        xmlChar *p = xmlGetNodePath(nodes[i]);
        if (used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s",
                                     i ? ", " : "", p ? (const char *)p : "?");
        xmlFree(p);
    }
    if (used < len)
        snprintf(buf + used, len - used, "}");
}

void
crp_xpath_describe(xmlXPathObjectPtr v, char *buf, size_t len)
{
    if (len == 0)
        return;
    if (v == NULL) {
        snprintf(buf, len, "(failed)");
        return;
    }
    switch (v->type) {
    case XPATH_NODESET:
        crp_xpath_describe_nodes(v->nodesetval ? v->nodesetval->nodeTab
                                 : NULL, v->nodesetval ?
                                 v->nodesetval->nodeNr : 0, buf, len);
        return;
    case XPATH_STRING:
        snprintf(buf, len, "string '%s'", (const char *)v->stringval);
        return;
    case XPATH_NUMBER:
        snprintf(buf, len, "number %.17g%s", v->floatval,
                 v->floatval == 0 && signbit(v->floatval) ? " (-0)" : "");
        return;
    case XPATH_BOOLEAN:
        snprintf(buf, len, "boolean %s", v->boolval ? "true" : "false");
        return;
    default:
        snprintf(buf, len, "type %d", (int)v->type);
    }
}
