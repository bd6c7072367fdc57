/* xpath-index.c — a node list indexed by an attribute's value, once
 * per case (xpath-index.h).
 *
 * `/case/officers/officer[@id = $ref]` evaluated for each of R officer
 * references compares each of O officers every time: R x O. When the
 * list is a per-case memo (the same nodes for every reference), the
 * fast path indexes it by @id once and looks each reference up: R + O.
 * It does so only once the site has compared enough nodes one by one in
 * the case (xpath-eval.c, SITE_BUILD), so an ordinary case, with a
 * handful of officers, never pays for an index. The result is the same
 * either way: the index only finds the candidates, which are then tested
 * exactly as before, and kept in list order. */
#include <string.h>

#include "xpath-index.h"
#include "functions.h"

void
crp_fx_site_use(struct crp_fx_site *site, unsigned long gen,
                const xmlDoc *doc, xmlNodePtr *in, int n)
{
    if (site->gen == gen && site->doc == doc && site->in == in &&
        site->nin == n)
        return;
    memset(site, 0, sizeof(*site));
    site->gen = gen;
    site->doc = doc;
    site->in = in;
    site->nin = n;
}

/* The value of attribute A as a string of the tree, or NULL when it is
 * not one text node (entity references: libxml2 builds their values). */
static const xmlChar *
plain_value(xmlAttrPtr a)
{
    xmlNodePtr t = a->children;

    if (t == NULL)
        return (const xmlChar *)"";
    if (t->next != NULL || t->type != XML_TEXT_NODE)
        return NULL;
    return t->content ? t->content : (const xmlChar *)"";
}

int
crp_fx_site_index(struct crp_fx_site *site, const xmlChar *name,
                  struct crp_arena *arena)
{
    const xmlChar **vals;
    void *mem;
    int i;

    vals = crp_arena_take(arena, (size_t)(site->n ? site->n : 1) *
                                     sizeof(*vals));
    mem = vals ? crp_arena_take(arena, crp_strindex_bytes(site->n)) : NULL;
    if (mem == NULL)
        return -1;
    for (i = 0; i < site->n; i++) {
        xmlAttrPtr a = crp_lookup_attr(site->list[i], name);
        vals[i] = NULL;
        if (a != NULL && (vals[i] = plain_value(a)) == NULL) {
            site->state = CRP_SITE_NEVER;
            return 0;
        }
    }
    crp_strindex_init(&site->ix, vals, site->n, mem);
    site->state = CRP_SITE_INDEXED;
    return 0;
}
