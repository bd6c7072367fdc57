/* xml-tree.h — the two steps every arena tree is built from, shared by
 * the SAX handlers (xml-build.c) and the scanner (xml-scan.c). */
#ifndef CRP_XML_TREE_H
#define CRP_XML_TREE_H

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include <libxml/tree.h>

#include "arena.h"

/* xmlAddChild() for a node that is not text: appended. */
static inline void
crp_tree_append(xmlNodePtr parent, xmlNodePtr n)
{
    n->parent = parent;
    if (parent->last) {
        parent->last->next = n;
        n->prev = parent->last;
    } else {
        parent->children = n;
    }
    parent->last = n;
}

/* LINE as a node's 16-bit line field holds it. */
static inline unsigned short
crp_tree_line16(long line)
{
    return line < USHRT_MAX ? (unsigned short)line : USHRT_MAX;
}

/* A text node's line, as SAX2.c sets it with XML_PARSE_BIG_LINES: past
 * 65535 the whole number goes to psvi, where xmlGetLineNo() reads it. */
static inline void
crp_tree_text_line(xmlNodePtr t, long line)
{
    t->line = crp_tree_line16(line);
    t->psvi = line >= USHRT_MAX ? (void *)(ptrdiff_t)line : NULL;
}

/* LEN bytes of S, NUL-terminated, in AR; NULL when it is full. */
static inline xmlChar *
crp_tree_copy(struct crp_arena *ar, const xmlChar *s, size_t len)
{
    xmlChar *d = crp_arena_take(ar, len + 1);

    if (d) {
        memcpy(d, s, len);
        d[len] = 0;
    }
    return d;
}

#endif
