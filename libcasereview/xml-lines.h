/* xml-lines.h — the line where each element's start tag begins, for
 * diagnostics: libxml2 records the line where the start tag ends, which
 * for an <item> whose attributes span several lines is below its
 * "<item". */
#ifndef CRP_XML_LINES_H
#define CRP_XML_LINES_H

#include <stddef.h>

#include <libxml/tree.h>

/* Sets the line of every element of DOC to where its start tag begins in
 * BUF[0..LEN), the text DOC was parsed from. Changes nothing unless the
 * start tags found in BUF are exactly DOC's elements, in order and by
 * name (an entity that expands to markup, a text not in an ASCII-based
 * encoding): the libxml2 lines then stay. Returns -1 only when out of
 * memory (nothing changed). */
int crp_xml_start_lines(xmlDocPtr doc, const char *buf, size_t len);

#endif
