/* limits-load.c — a checklist's <limits>: what one case may cost and
 * what its result may hold, when the caller did not say (checklist.h,
 * struct crp_limits). Every attribute is optional:
 *
 *   <limits max-case-nodes="2000000" max-case-tree="128M"
 *           max-case-work="200000000" max-findings="100"
 *           max-message-length="1000"/>
 *
 * A checklist that knows its items are heavy raises max-case-work; one
 * that lists every document of a case may want more findings. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "number.h"
#include "diag.h"

#define CL_NS "urn:casereview:checklist:1"

struct limit_attr {
    const char *name;
    unsigned int bit;
    int suffix;            /* K, M, G (powers of 1024) allowed */
    unsigned long long max;
};

static const struct limit_attr attrs[] = {
    {"max-case-nodes", CRP_LIMIT_CASE_NODES, 0, ULONG_MAX},
    {"max-case-tree", CRP_LIMIT_CASE_TREE, 1, SIZE_MAX},
    {"max-case-work", CRP_LIMIT_CASE_WORK, 0, ULONG_MAX},
    {"max-findings", CRP_LIMIT_FINDINGS, 0, UINT_MAX},
    {"max-message-length", CRP_LIMIT_MESSAGE, 0, UINT_MAX},
};

#define NATTRS (sizeof(attrs) / sizeof(attrs[0]))

static void
store(struct crp_limits *l, unsigned int bit, unsigned long long v)
{
    if (l->set & bit)
        return;   /* the caller's setting wins */
    switch (bit) {
    case CRP_LIMIT_CASE_NODES: l->max_case_nodes = (unsigned long)v; break;
    case CRP_LIMIT_CASE_TREE: l->max_case_tree = (size_t)v; break;
    case CRP_LIMIT_CASE_WORK: l->max_case_work = (unsigned long)v; break;
    case CRP_LIMIT_FINDINGS: l->max_findings = (unsigned int)v; break;
    default: l->max_message = (unsigned int)v; break;
    }
}

/* Is there a <limits> before K? */
static int
second(xmlNodePtr k)
{
    xmlNodePtr p;

    for (p = k->prev; p; p = p->prev)
        if (p->type == XML_ELEMENT_NODE && p->ns && p->ns->href &&
            strcmp((const char *)p->ns->href, CL_NS) == 0 &&
            strcmp((const char *)p->name, "limits") == 0)
            return 1;
    return 0;
}

static int
problem(struct cr_diag_list *diags, enum crp_diag_code code,
        const char *file, xmlNodePtr n, const char *fmt, const char *a,
        const char *b)
{
    return crp_diag_add(diags, code, CR_SEVERITY_ERROR, file,
                        (int)xmlGetLineNo(n), 0, fmt, a, b) == 0 ? 1 : -1;
}

static int
bad_value(struct cr_diag_list *diags, const char *file, xmlNodePtr k,
          const struct limit_attr *la, const char *v)
{
    return crp_diag_add(diags, CRP_DIAG_BAD_LIMIT, CR_SEVERITY_ERROR, file,
                        (int)xmlGetLineNo(k), 0,
                        "limit '%s' must be a whole number%s from 1 to %llu%s,"
                        " not '%s'", la->name, la->suffix ? crp_diag_text(diags, " of bytes") : "",
                        la->max,
                        la->suffix ? crp_diag_text(diags, " (K, M, G allowed)")
                                   : "", v)
           == 0 ? 1 : -1;
}

int
crp_limits_load(struct cr_checklist *cl, xmlNodePtr k, const char *file,
                struct cr_diag_list *diags)
{
    xmlAttrPtr a;
    xmlNodePtr c;
    int problems = 0, r;
    size_t i;

    if (second(k))
        return problem(diags, CRP_DIAG_DUPLICATE_ID, file, k,
                       "a second <%s>%s", "limits", "");
    for (c = k->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        r = problem(diags, CRP_DIAG_UNKNOWN_ELEMENT, file, c,
                    "unknown element <%s> in <%s>", (const char *)c->name,
                    "limits");
        if (r < 0)
            return -1;
        problems++;
    }
    for (a = k->properties; a; a = a->next) {
        xmlChar *v;
        unsigned long long n;

        if (a->ns != NULL)
            continue;   /* xml:* and foreign attributes are fine */
        for (i = 0; i < NATTRS; i++)
            if (strcmp((const char *)a->name, attrs[i].name) == 0)
                break;
        if (i == NATTRS) {
            r = problem(diags, CRP_DIAG_UNKNOWN_ATTRIBUTE, file, k,
                        "unknown attribute '%s' on <%s>",
                        (const char *)a->name, "limits");
        } else {
            v = xmlNodeGetContent((xmlNodePtr)a);
            if (v == NULL)
                return -1;
            r = crp_parse_count((const char *)v, attrs[i].suffix, attrs[i].max,
                            &n);
            if (r == 0)
                store(&cl->limits, attrs[i].bit, n);
            else
                r = bad_value(diags, file, k, &attrs[i], (const char *)v);
            xmlFree(v);
            if (r == 0)
                continue;
        }
        if (r < 0)
            return -1;
        problems++;
    }
    return problems;
}
