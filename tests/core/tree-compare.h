/* tree-compare.h — are two libxml2 trees the same node for node? Shared
 * by test-xml-build.c and fuzz/fuzz-tree.c (the arena builder against
 * libxml2's SAX2 builder). Types, names, contents, parent / sibling /
 * last links, attributes in order, line fields, text psvi (big line
 * numbers) and xmlGetLineNo(), elements' document order (B numbered by
 * xmlXPathOrderDocElems()), the document's own fields (version,
 * encoding, standalone, properties); namespaces must be absent (the builder
 * never builds a document that has any). */
#ifndef CR_TREE_COMPARE_H
#define CR_TREE_COMPARE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

static int tree_diff_nodes(xmlNodePtr a, xmlNodePtr b, xmlNodePtr pa,
                           xmlNodePtr pb, char *why, size_t n);

static int
tree_diff_text(const xmlChar *a, const xmlChar *b, const char *what,
               char *why, size_t n)
{
    if ((a == NULL) != (b == NULL)) {
        snprintf(why, n, "%s NULL on one side", what);
        return 1;
    }
    if (a && strcmp((const char *)a, (const char *)b) != 0) {
        snprintf(why, n, "%s \"%.80s\" vs \"%.80s\"", what, a, b);
        return 1;
    }
    return 0;
}

static int
tree_diff_node(xmlNodePtr a, xmlNodePtr b, xmlNodePtr pa, xmlNodePtr pb,
               char *why, size_t n)
{
    xmlAttrPtr x, y;

    if (a->type != b->type) {
        snprintf(why, n, "type %d vs %d", a->type, b->type);
        return 1;
    }
    if (tree_diff_text(a->name, b->name, "name", why, n))
        return 1;
    /* (libxml2 keeps short text in a text node's properties and nsDef:
     * XML_PARSE_COMPACT) */
    if (a->parent != pa || b->parent != pb ||
        (a->type == XML_ELEMENT_NODE &&
         (a->ns || b->ns || a->nsDef || b->nsDef))) {
        snprintf(why, n, "parent or namespace of %s", a->name);
        return 1;
    }
    if (a->line != b->line || xmlGetLineNo(a) != xmlGetLineNo(b) ||
        (a->type == XML_TEXT_NODE && a->psvi != b->psvi)) {
        snprintf(why, n, "%s line %ld (%u) vs %ld (%u)", a->name,
                 xmlGetLineNo(a), a->line, xmlGetLineNo(b), b->line);
        return 1;
    }
    if (a->type != XML_ELEMENT_NODE)
        return tree_diff_text(a->content, b->content, "content", why, n);
    /* elements: the document order xmlXPathOrderDocElems() leaves there */
    if (a->content != b->content) {
        snprintf(why, n, "%s order %ld vs %ld", a->name,
                 -(long)(intptr_t)a->content, -(long)(intptr_t)b->content);
        return 1;
    }
    for (x = a->properties, y = b->properties; x && y;
         x = x->next, y = y->next) {
        if (x->type != y->type || x->ns || y->ns || x->parent != a ||
            y->parent != b || (x->prev == NULL) != (y->prev == NULL)) {
            snprintf(why, n, "attribute of %s", a->name);
            return 1;
        }
        if (tree_diff_text(x->name, y->name, "attribute name", why, n) ||
            tree_diff_nodes(x->children, y->children, (xmlNodePtr)x,
                            (xmlNodePtr)y, why, n))
            return 1;
    }
    if (x || y) {
        snprintf(why, n, "attribute count of %s", a->name);
        return 1;
    }
    return tree_diff_nodes(a->children, b->children, a, b, why, n);
}

static int
tree_diff_nodes(xmlNodePtr a, xmlNodePtr b, xmlNodePtr pa, xmlNodePtr pb,
                char *why, size_t n)
{
    xmlNodePtr la = NULL, lb = NULL;

    for (; a && b; la = a, lb = b, a = a->next, b = b->next) {
        if (a->prev != la || b->prev != lb) {
            snprintf(why, n, "prev links");
            return 1;
        }
        if (tree_diff_node(a, b, pa, pb, why, n))
            return 1;
    }
    if (a || b || pa->last != la || pb->last != lb) {
        snprintf(why, n, "children or last link under %s",
                 pa->name ? (const char *)pa->name : "?");
        return 1;
    }
    return 0;
}

/* 0 when the same; else 1 and the first difference in WHY. */
static int
tree_diff(xmlDocPtr a, xmlDocPtr b, char *why, size_t n)
{
    if (tree_diff_text(a->URL, b->URL, "URL", why, n) ||
        tree_diff_text(a->version, b->version, "version", why, n) ||
        tree_diff_text(a->encoding, b->encoding, "encoding", why, n))
        return 1;
    if (a->standalone != b->standalone || a->properties != b->properties ||
        a->charset != b->charset || (a->dict == NULL) != (b->dict == NULL)) {
        snprintf(why, n, "document fields: standalone %d/%d, properties "
                 "%d/%d, charset %d/%d", a->standalone, b->standalone,
                 a->properties, b->properties, a->charset, b->charset);
        return 1;
    }
    return tree_diff_nodes(a->children, b->children, (xmlNodePtr)a,
                           (xmlNodePtr)b, why, n);
}

#endif
