/* xpath-index.h — joins by value in linear time (xpath-index.c).
 * Private to the fast path. */
#ifndef CRP_FASTPATH_INDEX_H
#define CRP_FASTPATH_INDEX_H

#include <libxml/tree.h>

#include "arena.h"
#include "strindex.h"

enum crp_site_state { CRP_SITE_SCAN = 0, CRP_SITE_INDEXED, CRP_SITE_NEVER };

/* A place in the checklist's expressions that selects, by an attribute's
 * value, from a node list that stays the same for the whole case (a
 * per-case memo: xpath-link.c): `/case/officers/officer[@id = $ref]`
 * tested for every officer reference, `$with-certificate[@id = ...]`,
 * `cr:lookup($officers, 'id', @ref)`. Each evaluator keeps one per site,
 * for one case and input at a time. */
struct crp_fx_site {
    unsigned long gen;          /* the case */
    const xmlDoc *doc;          /* the context document */
    xmlNodePtr *in;             /* the input list (a memo's, kept) */
    int nin;
    xmlNodePtr *list;           /* what is selected from: the step's
                                   nodes from IN, or IN itself */
    int n;
    int listed;                 /* LIST is known */
    unsigned long work;         /* nodes compared one by one so far */
    enum crp_site_state state;
    struct crp_strindex ix;     /* LIST by the attribute's value */
};

/* SITE, made ready for GEN, DOC and the input IN (N nodes): forgotten
 * when any differs from what it was last used with. */
void crp_fx_site_use(struct crp_fx_site *site, unsigned long gen,
                     const xmlDoc *doc, xmlNodePtr *in, int n);
/* Indexes SITE's list by the attribute NAME (no namespace) of each
 * element, in ARENA (kept for the case). An attribute whose value is
 * not one text node makes the site CRP_SITE_NEVER (its value is not a
 * string in the tree to point at). -1 when memory ran out. */
int crp_fx_site_index(struct crp_fx_site *site, const xmlChar *name,
                      struct crp_arena *arena);

#endif
