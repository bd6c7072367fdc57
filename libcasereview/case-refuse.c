/* case-refuse.c — the error result of a case a checklist's <accepts>
 * refused: it names what the file is (its root element, its format, the
 * procedure of a case) and adds the checklist's own explanation, so that
 * another agency's export or a checklist scored by mistake is never
 * reported as 100 points. */
#include <string.h>

#include <libxml/tree.h>

#include "alloc.h"
#include "case-error.h"
#include "checklist.h"
#include "result.h"
#include "msgcat-lib.h"
#include "strbuf.h"

#define T(s) crp_msg(crp_msg_current(), s)

/* Files people hand over by mistake that are XML, by their root's
 * namespace or name. */
static const struct {
    const char *ns, *name, *what;
} known_roots[] = {
    {"urn:casereview:checklist:1", "checklist", "评查标准文件"},
    {"urn:casereview:checklist:1", "tests", "评查标准的测试文件"},
    {"urn:casereview:calendar:1", NULL, "工作日历文件"},
    {"urn:casereview:verdicts:1", NULL, "人工评查意见文件"},
    {"http://www.w3.org/1999/XSL/Transform", NULL, "XSLT 映射文件"},
    {"http://www.w3.org/1999/xhtml", NULL, "HTML 网页"},
    {"urn:schemas-microsoft-com:office:spreadsheet", NULL,
     "Excel 2003 XML 表格"},
    {"http://schemas.microsoft.com/office/word/2003/wordml", NULL,
     "Word 2003 XML 文档"},
    {"http://www.ofdspec.org/2016", NULL, "OFD 文件中的 XML 部件"},
    {NULL, "html", "HTML 网页"},
};

static const char *
known_root(xmlNodePtr root)
{
    const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href
                                                : NULL;
    size_t i;

    for (i = 0; i < sizeof(known_roots) / sizeof(known_roots[0]); i++) {
        if ((known_roots[i].ns == NULL) != (ns == NULL) ||
            (ns && strcmp(ns, known_roots[i].ns) != 0))
            continue;
        if (known_roots[i].name == NULL ||
            strcmp((const char *)root->name, known_roots[i].name) == 0)
            return known_roots[i].what;
    }
    return NULL;
}

/* The text of the first child element NAME of N, trimmed, or NULL. */
static xmlChar *
child_text(xmlNodePtr n, const char *name)
{
    for (n = n->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && n->ns == NULL &&
            strcmp((const char *)n->name, name) == 0)
            return xmlNodeGetContent(n);
    return NULL;
}

static void
describe(struct crp_strbuf *sb, xmlNodePtr root)
{
    const char *what = known_root(root);
    xmlChar *format = xmlGetNoNsProp(root, (const xmlChar *)"format");
    int is_case = root->ns == NULL &&
                  strcmp((const char *)root->name, "case") == 0;

    crp_strbuf_printf(sb, T("根元素为 <%s"), (const char *)root->name);
    if (root->ns && root->ns->href)
        crp_strbuf_printf(sb, " xmlns=\"%s\"", (const char *)root->ns->href);
    crp_strbuf_puts(sb, ">");
    if (format)
        crp_strbuf_printf(sb, T("，format 为“%s”"), (const char *)format);
    else
        crp_strbuf_puts(sb, T("，没有 format 属性"));
    if (is_case && format) {
        /* casefile/1.1: the kind of case, which checklists go by */
        xmlChar *kind = xmlGetNoNsProp(root, (const xmlChar *)"kind");
        xmlChar *proc = child_text(root, "procedure");

        if (kind)
            crp_strbuf_printf(sb, T("，案件种类（kind）为“%s”"),
                              (const char *)kind);
        xmlFree(kind);
        if (proc)
            crp_strbuf_printf(sb, T("，程序为“%s”"), (const char *)proc);
        xmlFree(proc);
    }
    if (what)
        crp_strbuf_printf(sb, T("（这是%s，不是案卷）"), T(what));
    xmlFree(format);
}

struct cr_result *
crp_refusal_result(const struct cr_checklist *cl, xmlDocPtr doc,
                   const char *source, const char *why)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlChar *id = root ? xmlGetNoNsProp(root, (const xmlChar *)"id") : NULL;
    struct crp_strbuf sb;
    struct cr_result *res = NULL;
    long line = root ? xmlGetLineNo(root) : 0;

    crp_strbuf_init(&sb);
    crp_strbuf_printf(&sb, T("不是评查标准“%s”适用的案卷："),
                      cl->title && cl->title[0] ? cl->title : cl->id);
    if (root)
        describe(&sb, root);
    if (why && why[0])
        crp_strbuf_printf(&sb, T("。%s"), why);
    if (!crp_strbuf_failed(&sb))
        res = crp_result_new_case_error(
            source, id && id[0] ? (const char *)id : NULL, sb.data,
            line > 0 && line < 2147483647L ? (int)line : 0,
            CRP_ERROR_NOT_ACCEPTED, NULL);
    crp_strbuf_release(&sb);
    xmlFree(id);
    return res;
}
