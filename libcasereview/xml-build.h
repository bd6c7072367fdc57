/* xml-build.h — case files parsed into arena-built libxml2 trees
 * (xml-build.c). One builder per evaluator (thread). */
#ifndef CRP_XML_BUILD_H
#define CRP_XML_BUILD_H

#include <stddef.h>

#include <libxml/tree.h>

struct crp_builder;
struct crp_tree_meter;

struct crp_builder *crp_builder_new(void);
void crp_builder_free(struct crp_builder *b);
/* BUF parsed with crp_xml_parse()'s options into the same tree libxml2
 * would build, its nodes in B's arena, its elements already numbered
 * as xmlXPathOrderDocElems() numbers them: valid until the next parse or
 * crp_builder_release(). NULL when the document is not one the builder
 * takes (see xml-build.c) or is not well-formed: then parse it with
 * crp_xml_parse(), which also reports the error. */
xmlDocPtr crp_builder_parse(struct crp_builder *b, const char *buf,
                            size_t len, const char *url);
/* Counts every tree into M (NULL: no limits). Past one of its limits
 * crp_builder_parse() returns NULL with M->over set: the document must
 * then not go to crp_xml_parse() either. */
void crp_builder_set_meter(struct crp_builder *b, struct crp_tree_meter *m);
/* Whether crp_builder_parse() first tries xml-scan.c (default: yes, but
 * not under CASEREVIEW_TREE=sax), and whether the last tree came from
 * it: for the tests comparing both with libxml2. */
void crp_builder_use_scanner(struct crp_builder *b, int on);
int crp_builder_scanned(const struct crp_builder *b);
/* Frees DOC (never with xmlFreeDoc: its nodes are the arena's). */
void crp_builder_release(struct crp_builder *b, xmlDocPtr doc);

#endif
