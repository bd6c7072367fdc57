/* func-nodes.c — cr:'s functions of node-sets: cr:distinct-count and
 * cr:lookup. */
#include <stdlib.h>
#include <string.h>

#include "functions.h"
#include "strindex.h"

/* cr:lookup with more keys than this indexes them (strindex.h). */
#define LOOKUP_SCAN_KEYS 8

static int
cmp_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* cr:distinct-count(nodes): how many different string values. Sorts
 * them and counts the runs: O(n log n). */
int
crp_fn_distinct_count(struct crp_fn_call *c)
{
    const xmlChar **v = c->arg[0].strs;
    int i, n = c->arg[0].n, count = 0;

    if (n > 1)
        qsort(v, (size_t)n, sizeof(*v), cmp_strings);
    for (i = 0; i < n; i++)
        count += i == 0 || strcmp((const char *)v[i - 1],
                                  (const char *)v[i]) != 0;
    return crp_fn_number(c, count);
}

/* KEYS (N of them) and, past LOOKUP_SCAN_KEYS, their index: a value is
 * looked up once instead of compared with every key. */
struct keyset {
    const xmlChar **keys;
    int n;
    struct crp_strindex ix;
    int indexed;
};

static int
keyset_has(const struct keyset *ks, const xmlChar *v)
{
    int i;

    if (ks->indexed)
        return crp_strindex_find(&ks->ix, v) >= 0;
    for (i = 0; i < ks->n; i++)
        if (xmlStrEqual(v, ks->keys[i]))
            return 1;
    return 0;
}

/* cr:lookup(nodes, name, key): the nodes of NODES whose attribute NAME
 * equals KEY (a string, or any string value of a node-set), in NODES'
 * order. A join by value from inside a predicate, where XPath 1.0 cannot
 * reach the outer context node: the registered officer behind each
 * <officer ref> of a document is cr:lookup(/case/officers/officer, 'id',
 * @ref), next to its document's ../@date. One call reads each node and
 * each key once, and counts as many operations. */
int
crp_fn_lookup(struct crp_fn_call *c)
{
    const struct crp_fn_arg *nodes = &c->arg[0];
    struct keyset ks = {c->arg[2].strs, c->arg[2].n, {0}, 0};
    xmlNodePtr *sel;
    int i, m = 0;

    if (crp_fn_charge(c, (unsigned long)nodes->n + 1) != 0)
        return -1;
    if (ks.n > LOOKUP_SCAN_KEYS) {
        void *mem = crp_fn_scratch(c, crp_strindex_bytes(ks.n));
        if (mem == NULL)
            return -1;
        crp_strindex_init(&ks.ix, ks.keys, ks.n, mem);
        ks.indexed = 1;
    }
    if ((sel = crp_fn_scratch(c, (size_t)nodes->n * sizeof(*sel))) == NULL)
        return -1;
    for (i = 0; i < nodes->n; i++) {
        xmlAttrPtr at = crp_lookup_attr(nodes->nodes[i], c->arg[1].s);
        const xmlChar *v;
        if (at == NULL)
            continue;
        if ((v = crp_fn_string_of(c, (xmlNodePtr)at)) == NULL)
            return -1;
        if (keyset_has(&ks, v))
            sel[m++] = nodes->nodes[i];
    }
    /* a subset of a list keeps its order */
    return crp_fn_nodes(c, sel, m);
}
