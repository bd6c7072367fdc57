/* xslt-origin.c — where a mapped element came from in the agency's
 * export, so that findings point into the file the user has.
 *
 * What libxslt keeps: an element copied from the input (xsl:copy,
 * xsl:copy-of) keeps the input element's line (xmlDocCopyNode copies
 * it), nothing else; an element the mapping writes (a literal result
 * element) gets the line of that element in the mapping file, and one
 * made by xsl:element gets none. So before compiling, every literal
 * result element and xsl:element of the mapping is given one more
 * attribute, {urn:casereview:origin}o, whose value an extension
 * function computes when the element is written: the number of the
 * element of the export that was the current node (the one a template
 * matched, the one a for-each is at). After the mapping ran, each output
 * element holding that attribute has its origin (in _private) and line
 * set and the attribute removed; an element without it (a copy) is
 * matched to the export's element of the same name on its line, when
 * there is exactly one; any other element gets line 0 (unknown). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "alloc.h"
#include "xslt-origin.h"

/* the run of a mapping on this thread (crp_origin_register) */
static _Thread_local struct crp_origins *this_run;

#define ORIGIN_NS "urn:casereview:origin"
#define XSL_NS "http://www.w3.org/1999/XSL/Transform"

/* ---- the mapping, before it is compiled ---- */

static int
is_xsl(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, XSL_NS) == 0 &&
           (name == NULL || strcmp((const char *)n->name, name) == 0);
}

/* xsl:element gets <xsl:attribute name="crpo:o" namespace="...">
 * <xsl:value-of select="crpo:origin()"/></xsl:attribute> first. */
static int
mark_xsl_element(xmlNodePtr el, xmlNsPtr xsl, const char *prefix)
{
    char name[64], sel[80];
    xmlNodePtr attr, val;

    snprintf(name, sizeof(name), "%s:o", prefix);
    snprintf(sel, sizeof(sel), "%s:origin()", prefix);
    attr = xmlNewDocNode(el->doc, xsl, (const xmlChar *)"attribute", NULL);
    val = xmlNewDocNode(el->doc, xsl, (const xmlChar *)"value-of", NULL);
    if (attr == NULL || val == NULL ||
        xmlNewProp(attr, (const xmlChar *)"name", (const xmlChar *)name) ==
            NULL ||
        xmlNewProp(attr, (const xmlChar *)"namespace",
                   (const xmlChar *)ORIGIN_NS) == NULL ||
        xmlNewProp(val, (const xmlChar *)"select", (const xmlChar *)sel) ==
            NULL) {
        xmlFreeNode(attr);
        xmlFreeNode(val);
        return -1;
    }
    xmlAddChild(attr, val);
    if (el->children)
        xmlAddPrevSibling(el->children, attr);
    else
        xmlAddChild(el, attr);
    return 0;
}

static int
mark_tree(xmlNodePtr n, xmlNsPtr ns, xmlNsPtr xsl, const char *avt,
          int in_template, int depth)
{
    xmlNodePtr k;

    if (depth > 1000)
        return -1;
    for (; n; n = n->next) {
        int inside = in_template;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_xsl(n, NULL)) {
            if (strcmp((const char *)n->name, "element") == 0 &&
                mark_xsl_element(n, xsl, (const char *)ns->prefix) != 0)
                return -1;
            /* below the top-level declarations, elements are output */
            if (strcmp((const char *)n->name, "stylesheet") != 0 &&
                strcmp((const char *)n->name, "transform") != 0)
                inside = 1;
        } else if (in_template &&
                   xmlHasNsProp(n, (const xmlChar *)"o",
                                (const xmlChar *)ORIGIN_NS) == NULL &&
                   xmlNewNsProp(n, ns, (const xmlChar *)"o",
                                (const xmlChar *)avt) == NULL) {
            return -1;
        }
        k = n->children;
        if (k && mark_tree(k, ns, xsl, avt, inside, depth + 1) != 0)
            return -1;
    }
    return 0;
}

int
crp_origin_mark_stylesheet(xmlDocPtr style)
{
    xmlNodePtr root = xmlDocGetRootElement(style);
    char prefix[32], avt[64];
    xmlNsPtr ns, xsl;
    int i;

    if (root == NULL)
        return 0;
    /* a prefix the mapping does not use */
    for (i = 0;; i++) {
        snprintf(prefix, sizeof(prefix), i ? "crpo%d" : "crpo", i);
        if (xmlSearchNs(style, root, (const xmlChar *)prefix) == NULL)
            break;
    }
    ns = xmlNewNs(root, (const xmlChar *)ORIGIN_NS, (const xmlChar *)prefix);
    xsl = xmlSearchNsByHref(style, root, (const xmlChar *)XSL_NS);
    if (ns == NULL || xsl == NULL)
        return ns == NULL ? -1 : 0;   /* no XSLT namespace: not a mapping */
    snprintf(avt, sizeof(avt), "{%s:origin()}", prefix);
    /* a simplified stylesheet's root is itself a literal result element */
    return mark_tree(root, ns, xsl, avt, !is_xsl(root, NULL), 0);
}

/* ---- while the mapping runs ---- */

/* The element of the export N stands for: the root element for the
 * document node, the parent of an attribute or text; NULL for nodes of
 * other documents (document(), variables). */
static xmlNodePtr
export_element(struct crp_origins *o, xmlNodePtr n)
{
    if (n == NULL)
        return NULL;
    if (n->type == XML_DOCUMENT_NODE)
        return (xmlDocPtr)n == o->input ? xmlDocGetRootElement(o->input)
                                        : NULL;
    if (n->type == XML_NAMESPACE_DECL)
        return NULL;
    if (n->type != XML_ELEMENT_NODE)
        n = n->parent;
    return n && n->type == XML_ELEMENT_NODE && n->doc == o->input ? n : NULL;
}

static void
origin_fn(xmlXPathParserContextPtr pctxt, int nargs)
{
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(pctxt);
    struct crp_origins *o = tctxt ? this_run : NULL;
    xmlNodePtr n = o ? export_element(o, pctxt->context->node) : NULL;
    char buf[32] = "";

    if (nargs != 0) {
        xmlXPathSetArityError(pctxt);
        return;
    }
    if (n && o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        xmlNodePtr *v = crp_realloc(o->nodes, cap * sizeof(*v));
        if (v) {
            o->nodes = v;
            o->cap = cap;
        }
    }
    if (n && o->n < o->cap) {
        o->nodes[o->n] = n;
        snprintf(buf, sizeof(buf), "%zu", o->n++);
    }
    valuePush(pctxt, xmlXPathNewString((const xmlChar *)buf));
}

struct crp_origins *
crp_origin_current(void)
{
    return this_run;
}

void
crp_origin_unregister(void)
{
    this_run = NULL;
}

int
crp_origin_register(xsltTransformContextPtr ctxt, struct crp_origins *o)
{
    this_run = o;
    return xsltRegisterExtFunction(ctxt, (const xmlChar *)"origin",
                                   (const xmlChar *)ORIGIN_NS, origin_fn);
}

/* ---- the output ---- */

struct by_line {
    long line;
    xmlNodePtr node;
};

static int
cmp_line(const void *a, const void *b)
{
    const struct by_line *x = a, *y = b;

    return x->line < y->line ? -1 : x->line > y->line;
}

/* The next element after N in document order, within N's tree. */
static xmlNodePtr
next_element(xmlNodePtr n, int *depth)
{
    if (xmlFirstElementChild(n)) {
        (*depth)++;
        return xmlFirstElementChild(n);
    }
    while (n && xmlNextElementSibling(n) == NULL) {
        n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent
                                                             : NULL;
        (*depth)--;
    }
    return n ? xmlNextElementSibling(n) : NULL;
}

/* Every element of the export, sorted by line (once, when needed). */
static int
index_export(struct crp_origins *o)
{
    xmlNodePtr n = xmlDocGetRootElement(o->input);
    size_t cap = 0;
    int depth = 0;

    o->indexed = 1;
    for (; n; n = next_element(n, &depth)) {
        if (o->nlines == cap) {
            struct by_line *v;
            cap = cap ? cap * 2 : 256;
            v = crp_realloc(o->lines, cap * sizeof(*v));
            if (v == NULL)
                return -1;
            o->lines = v;
        }
        o->lines[o->nlines].line = xmlGetLineNo(n);
        o->lines[o->nlines++].node = n;
    }
    qsort(o->lines, o->nlines, sizeof(*o->lines), cmp_line);
    return 0;
}

/* The export's only element named like COPY on its line, or NULL. */
static xmlNodePtr
copied_from(struct crp_origins *o, xmlNodePtr copy)
{
    struct by_line key = {copy->line, NULL}, *hit;
    xmlNodePtr found = NULL;
    size_t i;

    if (copy->line == 0 || copy->line == 65535)
        return NULL;
    if (!o->indexed && index_export(o) != 0)
        return NULL;
    hit = bsearch(&key, o->lines, o->nlines, sizeof(key), cmp_line);
    if (hit == NULL)
        return NULL;
    i = (size_t)(hit - o->lines);
    while (i > 0 && o->lines[i - 1].line == key.line)
        i--;
    for (; i < o->nlines && o->lines[i].line == key.line; i++) {
        if (!xmlStrEqual(o->lines[i].node->name, copy->name))
            continue;
        if (found)
            return NULL;     /* two of that name on the line */
        found = o->lines[i].node;
    }
    return found;
}

static void
drop_origin_ns(xmlNodePtr e)
{
    xmlNsPtr *p = &e->nsDef;

    while (*p) {
        xmlNsPtr ns = *p;
        if (ns->href && strcmp((const char *)ns->href, ORIGIN_NS) == 0) {
            *p = ns->next;
            ns->next = NULL;
            xmlFreeNs(ns);
        } else {
            p = &ns->next;
        }
    }
}

static void
settle(struct crp_origins *o, xmlNodePtr e)
{
    xmlAttrPtr a = xmlHasNsProp(e, (const xmlChar *)"o",
                                (const xmlChar *)ORIGIN_NS);
    xmlNodePtr from = NULL;
    long line;

    if (a) {
        xmlChar *v = xmlNodeListGetString(e->doc, a->children, 1);
        char *end;
        unsigned long i = v ? strtoul((const char *)v, &end, 10) : 0;
        /* the value is the mapping's to write too: trust only an index */
        if (v && v[0] >= '0' && v[0] <= '9' && *end == '\0' && i < o->n)
            from = o->nodes[i];
        xmlFree(v);
        xmlRemoveProp(a);
    } else {
        from = copied_from(o, e);
    }
    e->_private = from;
    line = from ? xmlGetLineNo(from) : 0;
    e->line = line > 0 ? (unsigned short)(line < 65535 ? line : 65535) : 0;
}

int
crp_origin_settle(struct crp_origins *o, xmlDocPtr out, int max_depth)
{
    xmlNodePtr n = xmlDocGetRootElement(out);
    int depth = 0;

    for (; n; n = next_element(n, &depth)) {
        if (depth > max_depth)
            return -1;
        settle(o, n);
    }
    /* the declarations last: attributes below may still use them */
    for (n = xmlDocGetRootElement(out); n; n = next_element(n, &depth))
        drop_origin_ns(n);
    return 0;
}

void
crp_origins_clear(struct crp_origins *o)
{
    crp_free(o->nodes);
    crp_free(o->lines);
    memset(o, 0, sizeof(*o));
}

xmlNodePtr
crp_origin_of(xmlNodePtr n)
{
    if (n && n->type == XML_ATTRIBUTE_NODE)
        n = n->parent;
    else if (n && (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE ||
                   n->type == XML_CDATA_SECTION_NODE || n->type == XML_PI_NODE))
        n = n->parent;
    return n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}
