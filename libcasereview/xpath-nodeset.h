/* xpath-nodeset.h — nodes handed to libxml2 as a node-set object. */
#ifndef CRP_XPATH_NODESET_H
#define CRP_XPATH_NODESET_H

#include <libxml/xpath.h>

/* A new node-set object holding the N nodes of NODES in their order
 * (copied; the nodes themselves are not): NULL out of memory. The
 * caller frees it with xmlXPathFreeObject(). */
xmlXPathObjectPtr crp_xpath_nodeset(xmlNodePtr const *nodes, int n);

#endif
