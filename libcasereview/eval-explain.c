/* eval-explain.c — what an explained result (CR_EVAL_EXPLAIN) shows
 * beside a finding or a not-applicable item: the values of the lets and
 * params its expressions mention, as a person reads them. */
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "evaluator.h"
#include "result.h"
#include "strbuf.h"

/* A value as a person reads it: node-sets of several nodes say so, and
 * element nodes show where they are (their text is often empty). */
static char *
describe_value(xmlXPathObjectPtr v)
{
    struct crp_strbuf sb;
    xmlChar *s;
    xmlNodePtr first = NULL;

    if (v == NULL)
        return crp_strdup("(error)");
    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    if (v->type == XPATH_NODESET) {
        int n = v->nodesetval ? v->nodesetval->nodeNr : 0;
        if (n != 1)
            crp_strbuf_printf(&sb, "(%d nodes) ", n);
        if (n > 0)
            first = v->nodesetval->nodeTab[0];
    }
    if (first && (first->type == XML_ELEMENT_NODE ||
                  first->type == XML_DOCUMENT_NODE)) {
        xmlChar *path = xmlGetNodePath(first);
        crp_strbuf_puts(&sb, path ? (const char *)path : "/");
        xmlFree(path);
        s = xmlXPathCastToString(v);
        if (s && s[0]) {
            size_t len = strlen((const char *)s);
            /* keep the excerpt short and on a UTF-8 boundary */
            while (len > 120 || (len > 0 && (s[len] & 0xC0) == 0x80))
                len--;
            crp_strbuf_puts(&sb, " \"");
            crp_strbuf_append(&sb, (const char *)s, len);
            crp_strbuf_puts(&sb, len < strlen((const char *)s) ? "…\"" : "\"");
        }
        xmlFree(s);
        return crp_strbuf_steal(&sb);
    }
    if (v->type == XPATH_STRING)
        crp_strbuf_putc(&sb, '"');
    s = xmlXPathCastToString(v);
    crp_strbuf_puts(&sb, s ? (const char *)s : "");
    xmlFree(s);
    if (v->type == XPATH_STRING)
        crp_strbuf_putc(&sb, '"');
    return crp_strbuf_steal(&sb);
}

/* The name is built whole: a fixed buffer would cut a long expression
 * inside a UTF-8 character. */
int
crp_ev_explain_add(struct crp_pair **v, size_t *n, const char *pre,
                   const char *name, const char *post, char *value)
{
    struct crp_strbuf sb;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, pre);
    crp_strbuf_puts(&sb, name);
    crp_strbuf_puts(&sb, post);
    return crp_pairs_take(v, n, crp_strbuf_steal(&sb), value);
}

/* Does the item's logic mention $NAME? (global lets worth showing) */
static int
mentions(const char *logic, const char *name)
{
    size_t n = strlen(name);
    const char *p;

    for (p = strchr(logic, '$'); p; p = strchr(p + 1, '$')) {
        char c;

        if (strncmp(p + 1, name, n) != 0)
            continue;
        c = p[1 + n];   /* within LOGIC: its first N bytes matched */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 1;
    }
    return 0;
}

int
crp_ev_explain_names(struct cr_evaluator *ev, const char *text,
                     size_t global_count, int all_local,
                     struct crp_pair **v, size_t *n)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < ev->cl->nparams && rc == 0; i++) {
        if (!mentions(text, ev->cl->params[i].name))
            continue;
        rc = crp_ev_explain_add(v, n, "$", ev->cl->params[i].name, "",
                         describe_value(ev->params[i]));
    }
    for (i = 0; i < ev->nvars && rc == 0; i++) {
        if (i < global_count ? !mentions(text, ev->vars[i].name) : !all_local)
            continue;
        rc = crp_ev_explain_add(v, n, "$", ev->vars[i].name, "",
                         describe_value(crp_ev_var_object(ev, i)));
    }
    return rc;
}
