/* tree-meter.c — libxml2's own tree builder, metered (tree-meter.h).
 *
 * Documents the arena builders leave (a DOCTYPE, namespaces, CDATA,
 * other encodings, errors) are built by libxml2's SAX2 handlers. Each is
 * wrapped here: the node it is about to build is counted first, with
 * the structures and strings it allocates as its bytes, and at the first
 * limit passed the parse stops before anything more is allocated. */
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "tree-meter.h"

static struct crp_tree_meter *
meter_of(void *ctx)
{
    xmlParserCtxtPtr ctxt = ctx;

    return ctxt ? ctxt->_private : NULL;
}

/* Counts NODES nodes of BYTES bytes; stops the parse past a limit. */
static int
charge(void *ctx, unsigned long nodes, size_t bytes)
{
    struct crp_tree_meter *m = meter_of(ctx);

    if (m == NULL)
        return 0;
    if (m->over == CRP_METER_OK &&
        crp_meter_nodes(m, nodes) == 0 && crp_meter_bytes(m, bytes) == 0)
        return 0;
    xmlStopParser(ctx);
    return -1;
}

static size_t
len_of(const xmlChar *s)
{
    return s ? strlen((const char *)s) + 1 : 0;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    size_t bytes = sizeof(xmlNode) + (size_t)nb_namespaces * sizeof(xmlNs);
    int i;

    /* an attribute is two nodes: itself and its value's text */
    for (i = 0; i < nb_attributes; i++)
        bytes += sizeof(xmlAttr) + sizeof(xmlNode) + 1 +
                 (size_t)(attributes[5 * i + 4] - attributes[5 * i + 3]);
    if (charge(ctx, 1 + 2 * (unsigned long)nb_attributes +
                        (unsigned long)nb_namespaces, bytes) == 0)
        xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
                              namespaces, nb_attributes, nb_defaulted,
                              attributes);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct crp_tree_meter *m = meter_of(ctx);

    /* its start was not built */
    if (m == NULL || m->over == CRP_METER_OK)
        xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/* Text right after text joins it (xmlSAX2Characters): a new node only
 * when the last child is not text. */
static void
on_text(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlNodePtr last = ctxt && ctxt->node ? ctxt->node->last : NULL;
    int joins = last && last->type == XML_TEXT_NODE;

    if (len >= 0 && charge(ctx, joins ? 0 : 1,
                           (joins ? 0 : sizeof(xmlNode) + 1) +
                               (size_t)len) == 0)
        xmlSAX2Characters(ctx, ch, len);
}

static void
on_cdata(void *ctx, const xmlChar *value, int len)
{
    if (len >= 0 && charge(ctx, 1, sizeof(xmlNode) + 1 + (size_t)len) == 0)
        xmlSAX2CDataBlock(ctx, value, len);
}

static void
on_comment(void *ctx, const xmlChar *value)
{
    if (charge(ctx, 1, sizeof(xmlNode) + len_of(value)) == 0)
        xmlSAX2Comment(ctx, value);
}

static void
on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    if (charge(ctx, 1, sizeof(xmlNode) + len_of(target) + len_of(data)) == 0)
        xmlSAX2ProcessingInstruction(ctx, target, data);
}

static void
on_reference(void *ctx, const xmlChar *name)
{
    if (charge(ctx, 1, sizeof(xmlNode) + len_of(name)) == 0)
        xmlSAX2Reference(ctx, name);
}

static void
on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
          const xmlChar *system_id, xmlChar *content)
{
    if (charge(ctx, 1, sizeof(xmlEntity) + len_of(name) + len_of(content)) ==
        0)
        xmlSAX2EntityDecl(ctx, name, type, public_id, system_id, content);
}

void
crp_meter_attach(xmlParserCtxtPtr ctxt, struct crp_tree_meter *m)
{
    xmlSAXHandlerPtr sax = ctxt->sax;

    ctxt->_private = m;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_text;
    /* xmlSAX2IgnorableWhitespace does nothing; SAX2's default handler
     * set gives blanks to characters() too (keepBlanks) */
    if (sax->ignorableWhitespace == xmlSAX2Characters)
        sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_cdata;
    sax->comment = on_comment;
    sax->processingInstruction = on_pi;
    sax->reference = on_reference;
    sax->entityDecl = on_entity;
}
