/* load-xml.c — the readers the XML loaders share (load-xml.h). */
#include <string.h>

#include "alloc.h"
#include "load-xml.h"
#include "xml-lines.h"
#include "xml-safe.h"

int
crp_ld_line(xmlNodePtr n)
{
    return n ? (int)xmlGetLineNo(n) : 0;
}

void
crp_ld_problem(struct crp_ld *ld, int line, enum crp_diag_code code,
               const char *fmt, const char *a, const char *b)
{
    if (crp_diag_add(ld->diags, code, CR_SEVERITY_ERROR, ld->file, line, 0,
                     fmt, a, b) != 0)
        ld->oom = 1;
    ld->errors++;
}

int
crp_ld_ours(xmlNodePtr n, const char *ns)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, ns) == 0;
}

int
crp_ld_named(xmlNodePtr n, const char *name)
{
    return strcmp((const char *)n->name, name) == 0;
}

void
crp_ld_check_attributes_as(struct crp_ld *ld, xmlNodePtr n,
                           const char *const *allowed,
                           enum crp_diag_code code)
{
    xmlAttrPtr a;
    size_t i;

    for (a = n->properties; a; a = a->next) {
        int ok = a->ns != NULL;  /* xml:* and foreign attributes are fine */
        for (i = 0; !ok && allowed[i]; i++)
            ok = strcmp((const char *)a->name, allowed[i]) == 0;
        if (!ok)
            crp_ld_problem(ld, crp_ld_line(n), code,
                           "unknown attribute '%s' on <%s>",
                           (const char *)a->name, (const char *)n->name);
    }
}

void
crp_ld_check_attributes(struct crp_ld *ld, xmlNodePtr n,
                        const char *const *allowed)
{
    crp_ld_check_attributes_as(ld, n, allowed, CRP_DIAG_UNKNOWN_ATTRIBUTE);
}

char *
crp_ld_attr(struct crp_ld *ld, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s;

    if (v == NULL)
        return NULL;
    s = crp_strdup((const char *)v);
    xmlFree(v);
    if (s == NULL)
        ld->oom = 1;
    return s;
}

char *
crp_ld_required(struct crp_ld *ld, xmlNodePtr n, const char *name)
{
    char *s = crp_ld_attr(ld, n, name);

    if (s == NULL && !ld->oom)
        crp_ld_problem(ld, crp_ld_line(n), CRP_DIAG_MISSING_ATTRIBUTE,
                       "<%s> needs the attribute '%s'", (const char *)n->name,
                       name);
    return s;
}

static int
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *
crp_ld_trimmed(struct crp_ld *ld, xmlNodePtr n, const char *name)
{
    xmlChar *v = name ? xmlGetNoNsProp(n, (const xmlChar *)name)
                      : xmlNodeGetContent(n);
    const char *s = v ? (const char *)v : "";
    size_t len;
    char *r;

    if (v == NULL && name)
        return NULL;
    while (blank(*s))
        s++;
    len = strlen(s);
    while (len > 0 && blank(s[len - 1]))
        len--;
    r = crp_strndup(s, len);
    if (r == NULL)
        ld->oom = 1;
    xmlFree(v);
    return r;
}

void *
crp_ld_grow(struct crp_ld *ld, void **v, size_t *n, size_t size)
{
    char *nv;

    if (ld->oom)
        return NULL;
    nv = crp_realloc(*v, (*n + 1) * size);
    if (nv == NULL) {
        ld->oom = 1;
        return NULL;
    }
    memset(nv + *n * size, 0, size);
    *v = nv;
    return nv + (*n)++ * size;
}

void *
crp_ld_add(struct crp_ld *ld, xmlNodePtr n, const char *const *allowed,
           void **v, size_t *nv, size_t size)
{
    crp_ld_check_attributes(ld, n, allowed);
    return crp_ld_grow(ld, v, nv, size);
}

enum cr_status
crp_ld_parse(const char *buf, size_t len, const char *name,
             struct cr_diag_list *diags, enum crp_diag_code code,
             const char *fmt, xmlDocPtr *doc)
{
    char err[512];
    int line = 0;

    *doc = crp_xml_parse_once(buf, len, name, err, sizeof(err), &line);
    if (*doc == NULL && strcmp(err, CRP_MSG_NOMEM) == 0)
        return CR_ERR_NOMEM;
    if (*doc == NULL) {
        /* the parser's own reasons ("empty file") in the list's language */
        crp_diag_add(diags, code, CR_SEVERITY_ERROR, name, line, 0, fmt,
                     crp_diag_text(diags, err));
        return CR_ERR_CHECKLIST;
    }
    /* diagnostics point at "<item", not at the end of its start tag */
    if (crp_xml_start_lines(*doc, buf, len) != 0) {
        xmlFreeDoc(*doc);
        *doc = NULL;
        return CR_ERR_NOMEM;
    }
    return CR_OK;
}

enum cr_status
crp_ld_done(struct crp_xml_capture *cap, enum cr_status st,
            struct cr_diag_list *diags)
{
    crp_xml_capture_end(cap);
    if (cap->nomem)
        st = CR_ERR_NOMEM;
    crp_diag_list_sort(diags);
    return st;
}

xmlNodePtr
crp_ld_root(struct crp_ld *ld, xmlDocPtr doc, const char *ns,
            const char *name, enum crp_diag_code code, const char *fmt)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (root && crp_ld_ours(root, ns) && crp_ld_named(root, name))
        return root;
    crp_ld_problem(ld, crp_ld_line(root), code, fmt, ns, "");
    return NULL;
}
