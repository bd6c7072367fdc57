/* xslt-origin.h — the export's element behind each mapped element. */
#ifndef CRP_XSLT_ORIGIN_H
#define CRP_XSLT_ORIGIN_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>

struct by_line;

/* One run of a mapping over one export. */
struct crp_origins {
    xmlDocPtr input;          /* the export */
    xmlNodePtr *nodes;        /* elements named by the origin function */
    size_t n, cap;
    struct by_line *lines;    /* the export's elements by line, for copies */
    size_t nlines;
    int indexed;
};

/* Gives every literal result element and xsl:element of the mapping
 * STYLE the origin attribute (before compiling). 0, or -1 for memory. */
int crp_origin_mark_stylesheet(xmlDocPtr style);
/* Registers the origin function on CTXT, which records into O, the run
 * of this thread until crp_origin_unregister(). Not CTXT's _private:
 * another user of libxslt in the process (Python's lxml) installs a
 * process-wide document loader that reads that field as its own. */
int crp_origin_register(xsltTransformContextPtr ctxt, struct crp_origins *o);
void crp_origin_unregister(void);
/* The origins of the run on this thread, or NULL. */
struct crp_origins *crp_origin_current(void);
/* After the run: origins, lines, and the attributes removed, in OUT.
 * -1 when OUT nests deeper than MAX_DEPTH. */
int crp_origin_settle(struct crp_origins *o, xmlDocPtr out, int max_depth);
void crp_origins_clear(struct crp_origins *o);
/* The export's element behind the mapped node N (an element, or the
 * element holding an attribute or text), or NULL. */
xmlNodePtr crp_origin_of(xmlNodePtr n);

#endif
