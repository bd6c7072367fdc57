/* fuzz-tree.c — differential: the arena tree builder (xml-build.c), with
 * and without its own tokenizer (xml-scan.c), against libxml2's SAX2
 * builder on the same bytes. Whenever either builds a tree, libxml2 must
 * accept the document too and build the same tree node for node
 * (tests/core/tree-compare.h); else it aborts with the difference. One
 * builder for the whole run, as an evaluator keeps one for every case
 * it scores. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "libcasereview/xml-build.h"
#include "libcasereview/xml-safe.h"
#include "../tests/core/tree-compare.h"

static struct crp_builder *builder;
static xmlParserCtxtPtr ctxt;

static void
quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xmlDocPtr mine, theirs;
    char why[512];
    int scan;

    if (builder == NULL) {
        crp_xml_init();
        xmlSetGenericErrorFunc(NULL, quiet);
        builder = crp_builder_new();
        ctxt = xmlNewParserCtxt();
        if (builder == NULL || ctxt == NULL)
            abort();
        ctxt->sax->error = ctxt->sax->warning = quiet;
        ctxt->sax->serror = NULL;
    }
    theirs = xmlCtxtReadMemory(ctxt, (const char *)data, (int)size,
                               "fuzz.xml", NULL, CRP_XML_PARSE_OPTS);
    if (theirs)
        xmlXPathOrderDocElems(theirs);
    for (scan = 0; scan < 2; scan++) {
        crp_builder_use_scanner(builder, scan);
        mine = crp_builder_parse(builder, (const char *)data, size,
                                 "fuzz.xml");
        if (mine == NULL)
            continue;
        if (theirs == NULL || !ctxt->wellFormed ||
            tree_diff(mine, theirs, why, sizeof(why))) {
            fprintf(stderr, "fuzz-tree: the %s's tree differs from "
                    "libxml2's: %s\n",
                    crp_builder_scanned(builder) ? "scanner" : "builder",
                    theirs ? why : "libxml2 refuses it");
            abort();
        }
        crp_builder_release(builder, mine);
    }
    xmlFreeDoc(theirs);
    return 0;
}
