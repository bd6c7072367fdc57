/* tree-meter.h — what building one case's tree may cost: nodes and
 * bytes (max-case-nodes, max-case-tree). Each of the three builders
 * counts as it goes and stops at the first limit passed, so an element
 * bomb ends as an error result instead of gigabytes of nodes:
 *
 * - xml-scan.c and xml-build.c's SAX handlers count nodes here, and
 *   their arena refuses bytes past max_bytes (arena.h, TAKEN);
 * - libxml2's own builder counts through wrapped SAX2 handlers
 *   (tree-meter.c, crp_meter_attach), bytes as the structures and
 *   strings it allocates.
 *
 * Counts depend only on the document, never on the cases before it. */
#ifndef CRP_TREE_METER_H
#define CRP_TREE_METER_H

#include <stddef.h>

#include <libxml/parser.h>

enum crp_meter_over { CRP_METER_OK = 0, CRP_METER_NODES, CRP_METER_BYTES };

struct crp_tree_meter {
    unsigned long nodes, max_nodes;   /* every node: elements, attributes,
                                         text (an attribute's value too),
                                         comments, PIs, references */
    size_t bytes, max_bytes;
    enum crp_meter_over over;         /* the first limit passed */
};

/* Counts from zero for a new parse; the limits stay. */
static inline void
crp_meter_reset(struct crp_tree_meter *m)
{
    if (m) {
        m->nodes = 0;
        m->bytes = 0;
        m->over = CRP_METER_OK;
    }
}

/* N more nodes; -1 (and OVER set) past the limit. M may be NULL. */
static inline int
crp_meter_nodes(struct crp_tree_meter *m, unsigned long n)
{
    if (m == NULL)
        return 0;
    m->nodes += n;
    if (m->nodes > m->max_nodes) {
        m->over = CRP_METER_NODES;
        return -1;
    }
    return 0;
}

/* N more bytes; -1 (and OVER set) past the limit. */
static inline int
crp_meter_bytes(struct crp_tree_meter *m, size_t n)
{
    if (m == NULL)
        return 0;
    if (n > m->max_bytes - m->bytes || m->bytes > m->max_bytes) {
        m->bytes = m->max_bytes;
        m->over = CRP_METER_BYTES;
        return -1;
    }
    m->bytes += n;
    return 0;
}

/* Makes libxml2's SAX2 tree builder on CTXT count into M, stopping the
 * parse at the first limit passed (CTXT's _private holds M; the handlers
 * stay installed for every later parse with CTXT). */
void crp_meter_attach(xmlParserCtxtPtr ctxt, struct crp_tree_meter *m);

#endif
