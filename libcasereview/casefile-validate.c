/* casefile-validate.c — a case file checked against casefile/1 and 1.1
 * (schema/casefile.rng, docs/casefile.md): every problem, each with its
 * line, in the list's language. Errors are what the format forbids (an unknown
 * element or attribute, a value of the wrong shape, a duplicate id);
 * warnings are what the format allows but a reader should look at (a
 * date no calendar has, a reference to an id the file does not define,
 * a refusal to sign without a note). The checklists judge the rest.
 *
 * The tables come from the schema (gen-casefile-schema.py); libxml2's
 * own RELAX NG validation of the whole grammar runs last, so that what
 * the tables cannot say (one kind's elements in another kind of case)
 * is still caught. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "casefile-schema.h"
#include "casefile-validate.h"
#include "diag.h"
#include "date.h"
#include "xml-safe.h"

/* The ids a file defines, one set per element that defines them. */
enum id_set { IDS_OFFICER, IDS_DOCUMENT, IDS_EVIDENCE, IDS_RECORDING,
              IDS_MEASURE, IDS_POINT, IDS_COUNT };

static const char *const id_elements[IDS_COUNT] = {
    "officer", "document", "item", "recording", "measure", "sampling-point"
};

static const char *const id_what[IDS_COUNT] = {
    "执法人员", "文书", "证据", "音像记录", "强制措施", "采样点位"
};

struct validator {
    const char *file;
    struct cr_diag_list *diags;
    xmlHashTablePtr ids[IDS_COUNT];
    int errors;
    int v10;                  /* format casefile/1 */
    int v11_warned;           /* a 1.1 construct in a casefile/1 file */
    int oom;
};

static int
line_of(xmlNodePtr n)
{
    long l = n ? xmlGetLineNo(n) : 0;

    return l > 0 && l < 2147483647L ? (int)l : 0;
}

#define PROBLEM(v, n, code, ...)                                            \
    do {                                                                    \
        if (crp_diag_add((v)->diags, CRP_DIAG_##code, CR_SEVERITY_ERROR,    \
                         (v)->file, line_of(n), 0, __VA_ARGS__) != 0)       \
            (v)->oom = 1;                                                   \
        (v)->errors++;                                                      \
    } while (0)

#define WARN(v, n, code, ...)                                               \
    do {                                                                    \
        if (crp_diag_add((v)->diags, CRP_DIAG_##code, CR_SEVERITY_WARNING,  \
                         (v)->file, line_of(n), 0, __VA_ARGS__) != 0)       \
            (v)->oom = 1;                                                   \
    } while (0)

static int
all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int
in_list(const char *s, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static const char *const bools[] = {"true", "false", NULL};
static const char *const signeds[] = {"true", "false", "refused", NULL};
static const char *const marks[] = {"signature", "seal", "fingerprint",
                                    "none", NULL};

/* The value S of attribute NAME on N, of type A. */
static void
check_value(struct validator *v, xmlNodePtr n, const struct crp_cf_attr *a,
            const char *s)
{
    size_t len = strlen(s);
    const char *dot;

    if (len == 0 && a->type != CRP_CF_ENUM)
        return;          /* empty: unknown, the checklists' to judge */
    switch (a->type) {
    case CRP_CF_DATE:
        if (len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
            !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
            PROBLEM(v, n, CASE_BAD_VALUE, "<%s> 的 %s 应为 YYYY-MM-DD 格式"
                    "的日期，不是“%s”", (const char *)n->name, a->name, s);
        else if (!crp_date_valid(atoi(s), atoi(s + 5), atoi(s + 8)))
            WARN(v, n, CASE_BAD_VALUE, "<%s> 的 %s“%s”不是存在的日期",
                 (const char *)n->name, a->name, s);
        break;
    case CRP_CF_TIME:
        if (len != 5 || s[2] != ':' || !all_digits(s, 2) ||
            !all_digits(s + 3, 2) || atoi(s) > 23 || atoi(s + 3) > 59)
            PROBLEM(v, n, CASE_BAD_VALUE, "<%s> 的 %s 应为 HH:MM 格式的时刻"
                    "（24 小时制），不是“%s”", (const char *)n->name, a->name,
                    s);
        break;
    case CRP_CF_AMOUNT:
        dot = strchr(s, '.');
        if (!all_digits(s, dot ? (size_t)(dot - s) : len) || dot == s ||
            (dot && (dot[1] == '\0' || !all_digits(dot + 1, strlen(dot + 1)))))
            PROBLEM(v, n, CASE_BAD_VALUE, "<%s> 的 %s 应为以元为单位的数字（如 "
                    "8000、12500.50），不是“%s”", (const char *)n->name,
                    a->name, s);
        break;
    case CRP_CF_COUNT:
        if (!all_digits(s, len))
            PROBLEM(v, n, CASE_BAD_VALUE, "<%s> 的 %s 应为整数，不是“%s”",
                    (const char *)n->name, a->name, s);
        break;
    case CRP_CF_BOOL:
    case CRP_CF_SIGNED:
    case CRP_CF_MARK:
    case CRP_CF_ENUM: {
        const char *const *list = a->type == CRP_CF_BOOL ? bools
                                : a->type == CRP_CF_SIGNED ? signeds
                                : a->type == CRP_CF_MARK ? marks : a->values;
        char allowed[256] = "";
        size_t i;
        if (in_list(s, list))
            break;
        for (i = 0; list[i]; i++)
            if (strlen(allowed) + strlen(list[i]) + 4 < sizeof(allowed))
                snprintf(allowed + strlen(allowed),
                         sizeof(allowed) - strlen(allowed), "%s%s",
                         i ? crp_diag_text(v->diags, "、") : "", list[i]);
        PROBLEM(v, n, CASE_BAD_VALUE, "<%s> 的 %s 应为 %s 之一，不是“%s”",
                (const char *)n->name, a->name, allowed, s);
        break;
    }
    default:
        break;
    }
}

static const struct crp_cf_attr *
find_attr(const struct crp_cf_element *e, const char *name)
{
    const struct crp_cf_attr *a;

    for (a = e->attrs; a->name; a++)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

static const struct crp_cf_child *
find_child(const struct crp_cf_element *e, const char *name)
{
    const struct crp_cf_child *c;

    for (c = e->children; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* Names only casefile/1.1 has; used in a casefile/1 file they deserve a
 * word (a 1.0 reader ignores them). */
static const char *const v11_elements[] = {
    "seal", "signature", "person", "correction", "sampling-point",
    "measurement", "act", "excluded-periods", "period", "measures",
    "measure", "object", NULL
};

static void
note_v11(struct validator *v, xmlNodePtr n, const char *what)
{
    if (!v->v10 || v->v11_warned)
        return;
    v->v11_warned = 1;
    WARN(v, n, CASE_BAD_VALUE, "使用了 casefile/1.1 的 %s，但 format 为 "
         "casefile/1：请写 format=\"casefile/1.1\"", what);
}

static void
define_id(struct validator *v, xmlNodePtr n, const char *id)
{
    size_t s;
    void *first;

    for (s = 0; s < IDS_COUNT; s++)
        if (strcmp((const char *)n->name, id_elements[s]) == 0)
            break;
    if (s == IDS_COUNT || id[0] == '\0')
        return;
    first = xmlHashLookup(v->ids[s], (const xmlChar *)id);
    if (first != NULL) {
        PROBLEM(v, n, CASE_DUPLICATE_ID, "%s的 id“%s”重复（第%d行已有）",
                crp_diag_text(v->diags, id_what[s]), id,
                (int)(intptr_t)first);
        return;
    }
    if (xmlHashAddEntry(v->ids[s], (const xmlChar *)id,
                        (void *)(intptr_t)(line_of(n) ? line_of(n) : -1)) != 0)
        v->oom = 1;
}

static void check_element(struct validator *v, xmlNodePtr n, unsigned idx,
                          int depth);

static int
has_note(xmlNodePtr n)
{
    for (n = n->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && n->ns == NULL &&
            strcmp((const char *)n->name, "note") == 0)
            return 1;
    return 0;
}

static void
check_attributes(struct validator *v, xmlNodePtr n,
                 const struct crp_cf_element *e)
{
    const struct crp_cf_attr *a;
    xmlAttrPtr p;

    for (p = n->properties; p; p = p->next) {
        xmlChar *val;
        if (p->ns != NULL) {
            if (!e->foreign_attrs)
                PROBLEM(v, n, CASE_SCHEMA, "<%s> 不能有命名空间中的属性 %s",
                        (const char *)n->name, (const char *)p->name);
            continue;
        }
        a = find_attr(e, (const char *)p->name);
        if (a == NULL) {
            PROBLEM(v, n, CASE_SCHEMA, "<%s> 没有属性 %s（casefile 中 <%s> "
                    "可有的属性见 docs/casefile.md；自定义属性请放在自己的命名"
                    "空间中）", (const char *)n->name, (const char *)p->name,
                    (const char *)n->name);
            continue;
        }
        val = xmlNodeListGetString(n->doc, p->children, 1);
        if (val == NULL) {
            val = xmlStrdup((const xmlChar *)"");
            if (val == NULL) {
                v->oom = 1;
                return;
            }
        }
        check_value(v, n, a, (const char *)val);
        if (strcmp(a->name, "id") == 0)
            define_id(v, n, (const char *)val);
        if (strcmp((const char *)val, "refused") == 0 &&
            (a->type == CRP_CF_SIGNED) && !has_note(n))
            WARN(v, n, CASE_BAD_VALUE, "<%s> 的 %s 为 refused（拒签），但没有 "
                 "<note> 说明拒签情况", (const char *)n->name, a->name);
        xmlFree(val);
    }
    for (a = e->attrs; a->name; a++)
        if (a->required &&
            xmlHasNsProp(n, (const xmlChar *)a->name, NULL) == NULL)
            PROBLEM(v, n, CASE_SCHEMA, "<%s> 缺少必需的属性 %s",
                    (const char *)n->name, a->name);
}

static int
blank_text(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static void
check_children(struct validator *v, xmlNodePtr n,
               const struct crp_cf_element *e, int depth)
{
    const struct crp_cf_child *c;
    xmlNodePtr k;
    int text_reported = 0;

    for (k = n->children; k; k = k->next) {
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
            !e->text && !text_reported && !blank_text(k->content)) {
            PROBLEM(v, k, CASE_SCHEMA, "<%s> 中不能直接写文字（文字请放在 "
                    "<text> 或 <note> 中）", (const char *)n->name);
            text_reported = 1;
        }
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (k->ns != NULL) {
            if (!e->foreign_elements)
                PROBLEM(v, k, CASE_SCHEMA, "<%s> 中不能有命名空间中的元素 <%s>",
                        (const char *)n->name, (const char *)k->name);
            continue;
        }
        c = find_child(e, (const char *)k->name);
        if (c == NULL) {
            PROBLEM(v, k, CASE_SCHEMA, "<%s> 中不能有 <%s>（不是 casefile "
                    "的元素，或不在这一层；自定义元素请放在自己的命名空间中）",
                    (const char *)n->name, (const char *)k->name);
            continue;
        }
        if (!c->many) {
            xmlNodePtr j;
            for (j = n->children; j != k; j = j->next)
                if (j->type == XML_ELEMENT_NODE && j->ns == NULL &&
                    strcmp((const char *)j->name, c->name) == 0)
                    break;
            if (j != k) {
                PROBLEM(v, k, CASE_SCHEMA, "<%s> 中只能有一个 <%s>"
                        "（第%d行已有）", (const char *)n->name, c->name,
                        line_of(j));
                continue;
            }
        }
        if (in_list(c->name, v11_elements))
            note_v11(v, k, c->name);
        check_element(v, k, c->element, depth + 1);
    }
    for (c = e->children; c->name; c++) {
        if (c->min == 0)
            continue;
        for (k = n->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && k->ns == NULL &&
                strcmp((const char *)k->name, c->name) == 0)
                break;
        if (k == NULL)
            PROBLEM(v, n, CASE_SCHEMA, "<%s> 中缺少 <%s>",
                    (const char *)n->name, c->name);
    }
}

static void
check_element(struct validator *v, xmlNodePtr n, unsigned idx, int depth)
{
    const struct crp_cf_element *e = &crp_cf_elements[idx];

    if (v->oom || depth > 512)
        return;
    check_attributes(v, n, e);
    check_children(v, n, e, depth);
}

/* ---- references, once every id is known ---- */

static enum id_set
target_of(const char *attr)
{
    if (strcmp(attr, "ref") == 0 || strcmp(attr, "recorder") == 0)
        return IDS_OFFICER;
    if (strcmp(attr, "recording") == 0)
        return IDS_RECORDING;
    if (strcmp(attr, "point") == 0)
        return IDS_POINT;
    return IDS_DOCUMENT;
}

static void
check_ref(struct validator *v, xmlNodePtr n, const char *attr,
          const char *id)
{
    enum id_set s = target_of(attr);

    if (id[0] == '\0' || xmlHashLookup(v->ids[s], (const xmlChar *)id))
        return;
    WARN(v, n, CASE_BAD_REF, "<%s> 的 %s 引用的%s“%s”在本案卷中没有定义",
         (const char *)n->name, attr, crp_diag_text(v->diags, id_what[s]),
         id);
}

static void
check_refs(struct validator *v, xmlNodePtr n, unsigned idx, int depth)
{
    const struct crp_cf_element *e = &crp_cf_elements[idx];
    const struct crp_cf_child *c;
    xmlAttrPtr p;
    xmlNodePtr k;

    if (v->oom || depth > 512)
        return;
    for (p = n->properties; p; p = p->next) {
        const struct crp_cf_attr *a = p->ns ? NULL
                                    : find_attr(e, (const char *)p->name);
        xmlChar *val;
        char *tok, *save = NULL;
        if (a == NULL || (a->type != CRP_CF_REF && a->type != CRP_CF_TOKENS) ||
            (a->type == CRP_CF_TOKENS && strcmp(a->name, "serves") != 0))
            continue;
        val = xmlNodeListGetString(n->doc, p->children, 1);
        if (val == NULL)
            continue;
        if (a->type == CRP_CF_REF)
            check_ref(v, n, a->name, (const char *)val);
        else
            for (tok = strtok_r((char *)val, " \t\r\n", &save); tok;
                 tok = strtok_r(NULL, " \t\r\n", &save))
                check_ref(v, n, a->name, tok);
        xmlFree(val);
    }
    for (k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && k->ns == NULL &&
            (c = find_child(e, (const char *)k->name)) != NULL)
            check_refs(v, k, c->element, depth + 1);
}

/* ---- the kind of case and its format ---- */

/* Inspection, coercive and licensing files exist only in casefile/1.1
 * (the schema says so too: its branch of case.kind); a casefile/1 file
 * that names its kind, even penalty, uses 1.1. */
static void
check_kind_format(struct validator *v, xmlNodePtr root)
{
    xmlChar *kind = xmlGetNoNsProp(root, (const xmlChar *)"kind");

    if (kind && v->v10 && kind[0] && !xmlStrEqual(kind, BAD_CAST "penalty"))
        PROBLEM(v, root, CASE_BAD_VALUE, "kind=“%s” 的案卷只有 casefile/1.1 "
                "格式：请写 format=\"casefile/1.1\"", (const char *)kind);
    else if (kind)
        note_v11(v, root, "case/@kind");
    xmlFree(kind);
}

/* ---- cause/@act-date against <act> ---- */

static xmlNodePtr
child_named(xmlNodePtr n, const char *name, xmlNodePtr after)
{
    for (n = after ? after->next : n->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && n->ns == NULL &&
            strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static int
prop_is(xmlNodePtr n, const char *name, const xmlChar *value)
{
    xmlChar *p = xmlGetNoNsProp(n, (const xmlChar *)name);
    int same = p && xmlStrEqual(p, value);

    xmlFree(p);
    return same;
}

/* cause/@act-date is the short form of what <act> says (the date, or
 * the end of a continuing act), and the one the shipped checklists
 * read: two different dates in one file are a slip a reader should
 * see. */
static void
check_act_date(struct validator *v, xmlNodePtr root)
{
    xmlNodePtr cause = child_named(root, "cause", NULL), act;
    xmlChar *date;

    if (cause == NULL || child_named(root, "act", NULL) == NULL)
        return;
    date = xmlGetNoNsProp(cause, (const xmlChar *)"act-date");
    if (date == NULL || date[0] == '\0') {
        xmlFree(date);
        return;
    }
    for (act = NULL; (act = child_named(root, "act", act)) != NULL;)
        if (prop_is(act, "end-date", date) || prop_is(act, "date", date))
            break;
    if (act == NULL)
        WARN(v, cause, CASE_BAD_VALUE, "<cause> 的 act-date“%s”与 <act> 所载"
             "违法行为的日期（date，持续的违法行为为 end-date）都不相同；评查"
             "标准按 act-date 认定违法行为发生之日", (const char *)date);
    xmlFree(date);
}

/* ---- libxml2's own validation of the whole grammar ---- */

static pthread_once_t rng_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t rng_lock = PTHREAD_MUTEX_INITIALIZER;
static xmlRelaxNGPtr rng_schema;

static void
compile_rng(void)
{
    struct crp_xml_capture cap;
    xmlRelaxNGParserCtxtPtr pc;

    crp_xml_capture_begin(&cap);
    pc = xmlRelaxNGNewMemParserCtxt(crp_cf_rng, (int)strlen(crp_cf_rng));
    if (pc)
        rng_schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    crp_xml_capture_end(&cap);
}

/* Kept for the life of the process (never freed, like libxml2's own
 * globals): validation is rare, and compiling the grammar costs more
 * than validating a case. One validation at a time. */
static void
check_grammar(struct validator *v, xmlDocPtr doc)
{
    struct crp_xml_capture cap;
    xmlRelaxNGValidCtxtPtr vc;
    int rc = -1;

    pthread_once(&rng_once, compile_rng);
    if (rng_schema == NULL) {
        v->oom = 1;
        return;
    }
    pthread_mutex_lock(&rng_lock);
    crp_xml_capture_begin(&cap);
    vc = xmlRelaxNGNewValidCtxt(rng_schema);
    if (vc)
        rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    crp_xml_capture_end(&cap);
    pthread_mutex_unlock(&rng_lock);
    if (vc == NULL || rc < 0 || cap.nomem) {
        v->oom = 1;
    } else if (rc > 0) {
        if (crp_diag_add(v->diags, CRP_DIAG_CASE_SCHEMA, CR_SEVERITY_ERROR,
                         v->file, cap.line, 0, "不符合 casefile 模式"
                         "（schema/casefile.rng）：%s",
                         cap.message[0] ? cap.message : "") != 0)
            v->oom = 1;
        v->errors++;
    }
}

/* ---- the document ---- */

int
crp_casefile_check(xmlDocPtr doc, const char *file,
                   struct cr_diag_list *diags)
{
    struct validator v;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlChar *format;
    size_t s;

    memset(&v, 0, sizeof(v));
    v.file = file;
    v.diags = diags;
    if (root == NULL || root->ns != NULL ||
        strcmp((const char *)root->name, "case") != 0) {
        PROBLEM(&v, root, CASE_NOT_CASEFILE, "根元素为 <%s%s%s%s>，不是 "
                "casefile 案卷的 <case>", root ? (const char *)root->name : "",
                root && root->ns ? " xmlns=\"" : "",
                root && root->ns ? (const char *)root->ns->href : "",
                root && root->ns ? "\"" : "");
        return crp_diag_list_oom(diags) ? -1 : 1;
    }
    format = xmlGetNoNsProp(root, (const xmlChar *)"format");
    v.v10 = format && strcmp((const char *)format, "casefile/1") == 0;
    xmlFree(format);
    for (s = 0; s < IDS_COUNT; s++)
        if ((v.ids[s] = xmlHashCreate(16)) == NULL)
            v.oom = 1;
    if (!v.oom)
        check_kind_format(&v, root);
    if (!v.oom)
        check_element(&v, root, crp_cf_root, 0);
    if (!v.oom)
        check_refs(&v, root, crp_cf_root, 0);
    if (!v.oom)
        check_act_date(&v, root);
    if (!v.oom && xmlHasNsProp(root, (const xmlChar *)"id", NULL) == NULL)
        WARN(&v, root, CASE_SCHEMA, "<case> 没有 id：评查结果中案卷编号将为空");
    if (!v.oom && v.errors == 0)
        check_grammar(&v, doc);
    for (s = 0; s < IDS_COUNT; s++)
        xmlHashFree(v.ids[s], NULL);
    if (v.oom || crp_diag_list_oom(diags))
        return -1;
    crp_diag_list_sort(diags);
    return v.errors > 0;
}
