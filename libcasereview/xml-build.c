/* xml-build.c — case files parsed into libxml2 trees whose nodes live in
 * one arena.
 *
 * libxml2's SAX2 tree builder mallocs every element, attribute, text
 * node and string, and xmlFreeDoc() frees them one by one: about half of
 * the time of parsing a case file. Here libxml2's parser runs with SAX
 * handlers that build the same tree, node for node (the same types,
 * names from the parser's dictionary, contents, links, line numbers;
 * libxml2 2.9's SAX2.c is the reference), from an arena that is reset
 * for the next case instead of freed node by node; the nodes also end up
 * next to each other, in document order.
 *
 * Only the plain documents the case-file format uses are built here: no
 * DOCTYPE, no namespaces or prefixes, no entity references, CDATA
 * sections or processing instructions. At the first of these, and for
 * any document that is not well-formed, the parse stops and the caller
 * parses again with libxml2's own builder (crp_xml_parse), which then
 * reports errors exactly as before. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "arena.h"
#include "tree-meter.h"
#include "xml-build.h"
#include "xml-safe.h"
#include "xml-scan.h"
#include "xml-tree.h"

#define CHUNK_MIN ((size_t)64 << 10)
/* An arena larger than this after a big case is freed, not kept. */
#define KEEP_MAX ((size_t)16 << 20)

struct crp_builder {
    xmlParserCtxtPtr ctxt;
    struct crp_arena nodes;     /* the tree of the current case */
    int stopped;                /* needs libxml2's own builder */
    size_t text_len, text_cap;  /* of the text node characters() extends */
    xmlNodePtr text;
    ptrdiff_t order;            /* elements so far, in document order */
    int scan;                   /* try xml-scan.c first */
    int scanned;                /* the last tree came from xml-scan.c */
    struct crp_tree_meter *meter;   /* NULL: no limits */
};

/* ---- arena ---- */

static void *
take(struct crp_builder *b, size_t n)
{
    return crp_arena_take(&b->nodes, n);
}

/* ---- the handlers: SAX2.c's tree, from the arena ---- */

static struct crp_builder *
builder_of(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static void
stop(struct crp_builder *b)
{
    b->stopped = 1;
    xmlStopParser(b->ctxt);
}

static unsigned short
line16(xmlParserCtxtPtr ctxt)
{
    return crp_tree_line16(ctxt->input->line);
}

/* An attribute's value: one text node (xmlSAX2TextNode for a value the
 * parser did not have to copy, xmlStringLenGetNodeList's single node for
 * one it did: no line there). A copied value with '&' in it holds
 * references: not built here. */
static xmlNodePtr
attr_text(struct crp_builder *b, const xmlChar *v, const xmlChar *end)
{
    xmlParserCtxtPtr ctxt = b->ctxt;
    size_t len = (size_t)(end - v);
    int copied = *end == 0;
    xmlNodePtr t;

    if (copied && memchr(v, '&', len) != NULL)
        return NULL;
    t = take(b, sizeof(*t));
    if (t == NULL)
        return NULL;
    memset(t, 0, sizeof(*t));
    t->type = XML_TEXT_NODE;
    t->name = xmlStringText;
    t->doc = ctxt->myDoc;
    if ((t->content = crp_tree_copy(&b->nodes, v, len)) == NULL)
        return NULL;
    if (!copied) {
        crp_tree_text_line(t, ctxt->input->line);
    }
    return t;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct crp_builder *b = builder_of(ctx);
    xmlParserCtxtPtr ctxt = b->ctxt;
    xmlNodePtr parent = ctxt->node, el;
    xmlAttrPtr last = NULL;
    int i;

    (void)namespaces;
    if (b->stopped)
        return;
    if (prefix || uri || nb_namespaces || nb_defaulted) {
        stop(b);
        return;
    }
    for (i = 0; i < nb_attributes; i++)
        if (attributes[5 * i + 1] || attributes[5 * i + 2]) {
            stop(b);
            return;
        }
    /* an attribute is two nodes: itself and its value's text */
    if (crp_meter_nodes(b->meter, 1 + 2 * (unsigned long)nb_attributes)) {
        stop(b);
        return;
    }
    el = take(b, sizeof(*el));
    if (el == NULL) {
        stop(b);
        return;
    }
    memset(el, 0, sizeof(*el));
    el->type = XML_ELEMENT_NODE;
    el->name = localname;       /* from the dictionary, as with dictNames */
    el->doc = ctxt->myDoc;
    el->line = line16(ctxt);
    /* what xmlXPathOrderDocElems() would write: start tags come in
     * document order, so the caller need not walk the tree again */
    el->content = (xmlChar *)(intptr_t)(-(++b->order));
    if (parent == NULL)
        crp_tree_append((xmlNodePtr)ctxt->myDoc, el);
    if (nodePush(ctxt, el) < 0) {   /* too deep: the parser stopped */
        b->stopped = 1;
        return;
    }
    if (parent)
        crp_tree_append(parent, el);
    for (i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + 5 * i;
        xmlAttrPtr at = take(b, sizeof(*at));
        xmlNodePtr t;
        if (at == NULL || (t = attr_text(b, a[3], a[4])) == NULL) {
            stop(b);
            return;
        }
        memset(at, 0, sizeof(*at));
        at->type = XML_ATTRIBUTE_NODE;
        at->name = a[0];
        at->parent = el;
        at->doc = ctxt->myDoc;
        at->children = at->last = t;
        t->parent = (xmlNodePtr)at;
        if (last) {
            last->next = at;
            at->prev = last;
        } else {
            el->properties = at;
        }
        last = at;
    }
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct crp_builder *b = builder_of(ctx);

    (void)localname;
    (void)prefix;
    (void)uri;
    if (!b->stopped)
        nodePop(b->ctxt);
}

/* xmlSAX2Characters: text right after text joins it. */
static void
on_text(void *ctx, const xmlChar *ch, int len)
{
    struct crp_builder *b = builder_of(ctx);
    xmlParserCtxtPtr ctxt = b->ctxt;
    xmlNodePtr parent = ctxt->node, t;

    if (b->stopped || parent == NULL || len < 0)
        return;
    t = parent->last;
    if (t && t->type == XML_TEXT_NODE && t == b->text) {
        size_t need = b->text_len + (size_t)len + 1;
        /* SAX2.c refuses to grow a text node past this ("huge text
         * node"): leave that document to libxml2's builder */
        if (b->text_len + (size_t)len > XML_MAX_TEXT_LENGTH &&
            !(ctxt->options & XML_PARSE_HUGE)) {
            stop(b);
            return;
        }
        if (need > b->text_cap) {
            size_t cap = need * 2;
            xmlChar *d = take(b, cap);
            if (d == NULL) {
                stop(b);
                return;
            }
            memcpy(d, t->content, b->text_len);
            t->content = d;
            b->text_cap = cap;
        }
        memcpy(t->content + b->text_len, ch, (size_t)len);
        b->text_len += (size_t)len;
        t->content[b->text_len] = 0;
        return;
    }
    t = crp_meter_nodes(b->meter, 1) == 0 ? take(b, sizeof(*t)) : NULL;
    if (t == NULL) {
        stop(b);
        return;
    }
    memset(t, 0, sizeof(*t));
    if ((t->content = crp_tree_copy(&b->nodes, ch, (size_t)len)) == NULL) {
        stop(b);
        return;
    }
    t->type = XML_TEXT_NODE;
    t->name = xmlStringText;
    t->doc = parent->doc;
    crp_tree_text_line(t, ctxt->input->line);
    crp_tree_append(parent, t);
    b->text = t;
    b->text_len = (size_t)len;
    b->text_cap = (size_t)len + 1;
}

static void
on_comment(void *ctx, const xmlChar *value)
{
    struct crp_builder *b = builder_of(ctx);
    xmlParserCtxtPtr ctxt = b->ctxt;
    xmlNodePtr c;

    if (b->stopped)
        return;
    if (ctxt->inSubset || crp_meter_nodes(b->meter, 1) != 0 ||
        (c = take(b, sizeof(*c))) == NULL) {
        stop(b);
        return;
    }
    memset(c, 0, sizeof(*c));
    c->type = XML_COMMENT_NODE;
    c->name = xmlStringComment;
    c->doc = ctxt->myDoc;
    c->content = crp_tree_copy(&b->nodes, value,
                               strlen((const char *)value));
    if (c->content == NULL) {
        stop(b);
        return;
    }
    c->line = line16(ctxt);
    crp_tree_append(ctxt->node ? ctxt->node : (xmlNodePtr)ctxt->myDoc, c);
}

static void
on_other(void *ctx)
{
    stop(builder_of(ctx));
}

static void
on_subset(void *ctx, const xmlChar *name, const xmlChar *id,
          const xmlChar *sys)
{
    (void)name;
    (void)id;
    (void)sys;
    on_other(ctx);
}

static void
on_reference(void *ctx, const xmlChar *name)
{
    (void)name;
    on_other(ctx);
}

static void
on_cdata(void *ctx, const xmlChar *value, int len)
{
    (void)value;
    (void)len;
    on_other(ctx);
}

static void
on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    (void)target;
    (void)data;
    on_other(ctx);
}

/* Errors are libxml2's builder's to report, on the second parse. */
static void
on_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void
on_serror(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* ---- the builder ---- */

struct crp_builder *
crp_builder_new(void)
{
    struct crp_builder *b = crp_calloc(1, sizeof(*b));
    xmlSAXHandlerPtr sax;

    if (b == NULL)
        return NULL;
    b->nodes = (struct crp_arena)CRP_ARENA_INIT(CHUNK_MIN, SIZE_MAX,
                                                KEEP_MAX);
    b->ctxt = xmlNewParserCtxt();
    if (b->ctxt == NULL || b->ctxt->sax == NULL) {
        crp_builder_free(b);
        return NULL;
    }
    b->ctxt->_private = b;
    sax = b->ctxt->sax;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    /* the same function for both: the parser then never asks whether
     * blanks are ignorable (parser.c, areBlanks) */
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->comment = on_comment;
    sax->internalSubset = on_subset;
    sax->externalSubset = on_subset;
    sax->reference = on_reference;
    sax->cdataBlock = on_cdata;
    sax->processingInstruction = on_pi;
    sax->error = on_error;
    sax->warning = on_error;
    sax->fatalError = on_error;
    sax->serror = on_serror;
    b->ctxt->vctxt.error = NULL;
    b->ctxt->vctxt.warning = NULL;
    /* CASEREVIEW_TREE=sax: libxml2's tokenizer for every case */
    b->scan = !(getenv("CASEREVIEW_TREE") &&
                strcmp(getenv("CASEREVIEW_TREE"), "sax") == 0);
    return b;
}

void
crp_builder_free(struct crp_builder *b)
{
    if (b == NULL)
        return;
    if (b->ctxt)
        xmlFreeParserCtxt(b->ctxt);
    crp_arena_free(&b->nodes);
    crp_free(b);
}

/* The document without the arena's nodes; then libxml2 frees the rest
 * (its own fields, the dictionary reference). */
static void
drop(xmlDocPtr doc)
{
    if (doc == NULL)
        return;
    doc->children = doc->last = NULL;
    xmlFreeDoc(doc);
}

void
crp_builder_set_meter(struct crp_builder *b, struct crp_tree_meter *m)
{
    b->meter = m;
}

/* Starts counting again for a new attempt at the document; the arena
 * refuses bytes past the meter's limit. */
static void
meter_restart(struct crp_builder *b)
{
    b->nodes.max = b->meter ? b->meter->max_bytes : SIZE_MAX;
    crp_arena_reset(&b->nodes);
    crp_meter_reset(b->meter);
}

/* Did the last attempt stop at a limit? Then no other builder may try:
 * it would build the same nodes again. */
static int
over_limit(struct crp_builder *b)
{
    if (b->meter == NULL)
        return 0;
    if (b->nodes.full && b->meter->over == CRP_METER_OK)
        b->meter->over = CRP_METER_BYTES;
    return b->meter->over != CRP_METER_OK;
}

xmlDocPtr
crp_builder_parse(struct crp_builder *b, const char *buf, size_t len,
                  const char *url)
{
    xmlParserCtxtPtr ctxt = b->ctxt;
    xmlParserInputBufferPtr input;
    xmlParserInputPtr stream;
    xmlDocPtr doc;

    if (len == 0 || len > (size_t)INT32_MAX)
        return NULL;
    meter_restart(b);
    /* the plain document, tokenized without libxml2 */
    b->scanned = 0;
    if (b->scan) {
        doc = crp_scan_parse(&b->nodes, ctxt->dict, buf, len, url, b->meter);
        if (doc != NULL) {
            b->scanned = 1;
            return doc;
        }
        if (over_limit(b))
            return NULL;
        meter_restart(b);
    }
    b->stopped = 0;
    b->text = NULL;
    b->order = 0;
    /* xmlCtxtReadMemory() with xmlDoRead() spelled out: the document is
     * taken here, not freed by libxml2 when the parse fails */
    xmlCtxtReset(ctxt);
    input = xmlParserInputBufferCreateMem(buf, (int)len,
                                          XML_CHAR_ENCODING_NONE);
    if (input == NULL)
        return NULL;
    stream = xmlNewIOInputStream(ctxt, input, XML_CHAR_ENCODING_NONE);
    if (stream == NULL) {
        xmlFreeParserInputBuffer(input);
        return NULL;
    }
    if (inputPush(ctxt, stream) < 0)
        return NULL;    /* it freed the stream */
    xmlCtxtUseOptions(ctxt, CRP_XML_PARSE_OPTS);
    if (url != NULL && ctxt->input != NULL && ctxt->input->filename == NULL)
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)url);
    xmlParseDocument(ctxt);
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (over_limit(b)) {
        drop(doc);
        return NULL;
    }
    if (doc == NULL || b->stopped || !ctxt->wellFormed ||
        ctxt->errNo == XML_ERR_NO_MEMORY || doc->children == NULL) {
        drop(doc);
        return NULL;
    }
    return doc;
}

void
crp_builder_use_scanner(struct crp_builder *b, int on)
{
    b->scan = on;
}

int
crp_builder_scanned(const struct crp_builder *b)
{
    return b->scanned;
}

void
crp_builder_release(struct crp_builder *b, xmlDocPtr doc)
{
    (void)b;
    drop(doc);
}
