/* xpath-nodeset.c — nodes handed to libxml2 as a node-set object: the
 * fast path's values, the functions' results and the variables' copies
 * all leave this way. libxml2 frees the set, so it is allocated with
 * libxml2's allocator. */
#include <string.h>

#include <libxml/xpathInternals.h>

#include "xpath-nodeset.h"

xmlXPathObjectPtr
crp_xpath_nodeset(xmlNodePtr const *nodes, int n)
{
    xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
    xmlXPathObjectPtr o;

    if (set == NULL)
        return NULL;
    if (n > 0) {
        set->nodeTab = xmlMalloc((size_t)n * sizeof(xmlNodePtr));
        if (set->nodeTab == NULL) {
            xmlXPathFreeNodeSet(set);
            return NULL;
        }
        memcpy(set->nodeTab, nodes, (size_t)n * sizeof(xmlNodePtr));
        set->nodeNr = set->nodeMax = n;
    }
    if ((o = xmlXPathWrapNodeSet(set)) == NULL)
        xmlXPathFreeNodeSet(set);
    return o;
}
