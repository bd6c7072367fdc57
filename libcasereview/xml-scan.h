/* xml-scan.h — plain UTF-8 case files read without libxml2's tokenizer
 * (xml-scan.c), into the tree the arena builder builds (xml-build.c). */
#ifndef CRP_XML_SCAN_H
#define CRP_XML_SCAN_H

#include <stddef.h>

#include <libxml/tree.h>

#include "arena.h"

struct crp_tree_meter;

/* BUF as libxml2 would build it with crp_xml_parse()'s options: nodes
 * from NODES, names from DICT, elements numbered in document order as
 * xmlXPathOrderDocElems() numbers them. NULL when the document holds
 * anything the scanner leaves to libxml2 (see xml-scan.c), including
 * every error; what it took from NODES is then garbage. The document
 * itself is xmlNewDoc()'s: free it with its children unlinked. METER
 * (may be NULL) counts the nodes; past its limit the scan stops (NULL,
 * METER->over set). */
xmlDocPtr crp_scan_parse(struct crp_arena *nodes, xmlDictPtr dict,
                         const char *buf, size_t len, const char *url,
                         struct crp_tree_meter *meter);

#endif
