/* transform.c — agencies' own exports, mapped to casefile by an XSLT 1.0
 * stylesheet (libxslt) before they are scored or validated.
 *
 * A cr_transform holds the mapping's bytes and folder; it is immutable
 * once loaded and shared by every thread. Each evaluator compiles its
 * own copy (crp_xslt): a compiled libxslt stylesheet caches things in
 * its compiled XPath on first use, so it is not shared, the same rule
 * as for checklists.
 *
 * The sandbox: the mapping reads files only inside its own folder
 * (xsl:import, xsl:include, document()), through libxslt's security
 * preferences and the library's refusing entity loader; it writes
 * nothing and opens no connection; its instructions, XPath operations,
 * template depth, memory and output depth are bounded. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "alloc.h"
#include "case-error.h"
#include "diag.h"
#include "export.h"
#include "local-path.h"
#include "msgcat-lib.h"
#include "transform.h"
#include "utf8.h"
#include "xml-safe.h"
#include "xslt-hooks.h"
#include "xslt-origin.h"

/* The bounds of one run, each a base plus so much per byte of input
 * (documented in casereview.h). A few seconds of work on this machine
 * at the base; a mapping touches each part of an export a few times. */
#define MAX_MAPPING_SIZE ((size_t)16 << 20)
#define STEPS_BASE 5000000UL          /* XSLT instructions */
#define STEPS_PER_BYTE 1
#define XPATH_OPS_BASE 50000000UL     /* XPath operations */
#define XPATH_OPS_PER_BYTE 8
#define MAX_TEMPLATE_DEPTH 1000
#define MEMORY_BASE ((size_t)64 << 20)
#define MEMORY_PER_BYTE 16
#define MAX_OUTPUT_DEPTH 256

struct cr_transform {
    atomic_int refs;
    char *path;     /* as given */
    char *dir;      /* the real path of its folder */
    char *buf;      /* the mapping's bytes */
    size_t len;
};

struct crp_xslt {
    struct cr_transform *tf;
    xsltStylesheetPtr style;
    xsltSecurityPrefsPtr sec;
};

/* One run; the origins first: the sandbox finds the run through
 * crp_origin_current(). */
struct run {
    struct crp_origins origins;
    const struct cr_transform *tf;
    char refused[256];      /* what the sandbox refused, "" if nothing */
    int wrote;              /* it refused a write */
    int nomem;              /* a check ran out of memory */
};

/* ---- the sandbox ---- */

static struct run *
run_of(xsltTransformContextPtr ctxt)
{
    return ctxt ? (struct run *)crp_origin_current() : NULL;
}

static int
allow_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
           const char *value)
{
    struct run *r = run_of(ctxt);
    char *path;

    if (r == NULL)
        return 0;
    path = crp_local_path(r->tf->dir, value);
    if (path) {
        crp_free(path);
        return 1;
    }
    if (errno == ENOMEM) {
        r->nomem = 1;
        return 0;
    }
    if (r->refused[0] == '\0')
        crp_utf8_copy_line(r->refused, sizeof(r->refused), value);
    return 0;
}

static int
refuse_write(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
             const char *value)
{
    struct run *r = run_of(ctxt);

    if (r && r->refused[0] == '\0') {
        crp_utf8_copy_line(r->refused, sizeof(r->refused),
                           value ? value : "");
        r->wrote = 1;
    }
    return 0;
}

static xsltSecurityPrefsPtr
sandbox(void)
{
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

    if (sec == NULL ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, allow_read) ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, refuse_write) ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
                             refuse_write) ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, allow_read) ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, refuse_write)) {
        xsltFreeSecurityPrefs(sec);
        return NULL;
    }
    return sec;
}

/* ---- compiling, once per evaluator ---- */

void
crp_xslt_free(struct crp_xslt *x)
{
    if (x == NULL)
        return;
    xsltFreeStylesheet(x->style);
    xsltFreeSecurityPrefs(x->sec);
    cr_transform_unref(x->tf);
    crp_free(x);
}

/* Libxslt's messages, several lines, as one line of UTF-8. */
static void
one_line(char *dst, size_t cap, const char *src)
{
    crp_utf8_copy_line(dst, cap, src);
}

enum cr_status
crp_xslt_new(struct cr_transform *tf, struct crp_xslt **out, char *err,
             size_t errlen)
{
    struct crp_xml_capture cap;
    struct crp_xslt_scope scope;
    struct crp_xslt *x;
    const char *old_dir;
    char perr[512];
    int line;
    xmlDocPtr doc;

    *out = NULL;
    err[0] = '\0';
    crp_xslt_hooks_init();
    x = crp_calloc(1, sizeof(*x));
    if (x == NULL)
        return CR_ERR_NOMEM;
    x->tf = cr_transform_ref(tf);
    x->sec = sandbox();
    if (x->sec == NULL) {
        crp_xslt_free(x);
        return CR_ERR_NOMEM;
    }
    crp_xml_capture_begin(&cap);
    crp_xslt_scope_begin(&scope, 0, NULL, NULL);
    old_dir = crp_xml_allow_dir(tf->dir);
    doc = crp_xml_parse_once(tf->buf, tf->len, tf->path, perr, sizeof(perr),
                             &line);
    if (doc && crp_origin_mark_stylesheet(doc) != 0) {
        xmlFreeDoc(doc);
        doc = NULL;
        snprintf(perr, sizeof(perr), CRP_MSG_NOMEM);
    }
    if (doc) {
        x->style = xsltParseStylesheetDoc(doc);
        if (x->style == NULL) {
            xmlFreeDoc(doc);
            /* an import the sandbox refused says so first */
            one_line(err, errlen, cap.code == CRP_XERR_REFUSED ? cap.message
                     : scope.text[0] ? scope.text
                     : cap.message[0] ? cap.message
                     : "not an XSLT stylesheet");
        }
    } else if (strcmp(perr, CRP_MSG_NOMEM) != 0) {
        snprintf(err, errlen, "%s (line %d)", perr, line);
    }
    crp_xml_allow_dir(old_dir);
    crp_xslt_scope_end(&scope);
    crp_xml_capture_end(&cap);
    if (x->style == NULL) {
        crp_xslt_free(x);
        return err[0] ? CR_ERR_INVALID : CR_ERR_NOMEM;
    }
    *out = x;
    return CR_OK;
}

/* ---- running ---- */

/* in the language of the evaluator or validation on this thread */
#define T(s) crp_msg(crp_msg_current(), s)

/* Over the memory budget: libxslt stops at its next instruction (an
 * allocation is never refused, see xslt-hooks.c). */
static void
stop_run(void *ctxt)
{
    ((xsltTransformContextPtr)ctxt)->state = XSLT_STATE_STOPPED;
}

static void
failure(char **msg, char **detail, const char *m, const char *d)
{
    *msg = crp_strdup(m);
    *detail = d && d[0] ? crp_strdup(d) : NULL;
}

/* Why the run failed, in the thread's language. */
static void
explain(const struct crp_xslt *x, const struct run *r,
        const struct crp_xslt_scope *scope,
        const struct crp_xml_capture *cap, int state, char **msg,
        char **detail)
{
    char m[1536], d[1024];
    const char *t = scope->text;

    one_line(d, sizeof(d), t[0] ? t : cap->message);
    if (scope->over)
        snprintf(m, sizeof(m),
                 T("映射 %s 占用的内存超过上限（%zu 字节），已停止"),
                 x->tf->path, scope->budget);
    else if (r->refused[0] && r->wrote)
        snprintf(m, sizeof(m),
                 T("映射 %s 试图写入文件或目录（%s），已拒绝：映射"
                   "只能读取案卷并输出结果"), x->tf->path, r->refused);
    else if (r->refused[0])
        snprintf(m, sizeof(m),
                 T("映射 %s 试图读取映射文件所在文件夹以外的文件或"
                   "网络资源（%s），已拒绝"), x->tf->path, r->refused);
    else if (strstr(t, "Operation limit exceeded") ||
             strstr(cap->message, "Operation limit exceeded"))
        snprintf(m, sizeof(m), T("映射 %s 的运算量超过上限（XSLT 指令或 "
                 "XPath 运算次数），可能陷入了无限循环，已停止"), x->tf->path);
    else if (strstr(t, "infinite template recursion") ||
             strstr(t, "infinite variable recursion") ||
             strstr(t, "recursion"))
        snprintf(m, sizeof(m),
                 T("映射 %s 的模板递归超过上限（%d 层），可能陷入"
                   "了无限递归，已停止"), x->tf->path, MAX_TEMPLATE_DEPTH);
    else if (state == XSLT_STATE_STOPPED && t[0] && !strstr(t, "error"))
        /* xsl:message terminate="yes": its text is all libxslt says */
        snprintf(m, sizeof(m), T("映射 %s 中止了转换：%s"), x->tf->path, d);
    else
        snprintf(m, sizeof(m), T("映射 %s 转换案卷时出错%s"), x->tf->path,
                 state == XSLT_STATE_STOPPED ? T("，已停止") : "");
    failure(msg, detail, m, d);
}

enum cr_status
crp_xslt_apply(struct crp_xslt *x, xmlDocPtr input, size_t input_size,
               xmlDocPtr *out, char **msg, char **detail)
{
    struct crp_xml_capture cap;
    struct crp_xslt_scope scope;
    xsltTransformContextPtr ctxt;
    struct run r;
    const char *old_dir;
    xmlDocPtr res = NULL;
    int state = XSLT_STATE_ERROR, nomem = 0;
    size_t budget = MEMORY_BASE, in = input_size < (1UL << 31)
                                      ? input_size : (1UL << 31);

    *out = NULL;
    *msg = *detail = NULL;
    memset(&r, 0, sizeof(r));
    r.origins.input = input;
    r.tf = x->tf;
    budget += in * MEMORY_PER_BYTE;
    ctxt = xsltNewTransformContext(x->style, input);
    if (ctxt == NULL)
        return CR_ERR_NOMEM;
    xsltSetCtxtSecurityPrefs(x->sec, ctxt);
    xsltSetCtxtParseOptions(ctxt, CRP_XML_PARSE_OPTS);
    ctxt->maxTemplateDepth = MAX_TEMPLATE_DEPTH;
    ctxt->opLimit = STEPS_BASE + in * STEPS_PER_BYTE;
    if (ctxt->xpathCtxt)
        ctxt->xpathCtxt->opLimit = XPATH_OPS_BASE + in * XPATH_OPS_PER_BYTE;
    if (crp_origin_register(ctxt, &r.origins) != 0) {
        crp_origin_unregister();
        xsltFreeTransformContext(ctxt);
        return CR_ERR_NOMEM;
    }
    crp_xml_capture_begin(&cap);
    crp_xslt_scope_begin(&scope, budget, stop_run, ctxt);
    old_dir = crp_xml_allow_dir(x->tf->dir);
    res = xsltApplyStylesheetUser(x->style, input, NULL, NULL, NULL, ctxt);
    state = ctxt->state;
    crp_xml_allow_dir(old_dir);
    crp_xslt_scope_end(&scope);
    crp_xml_capture_end(&cap);
    xsltFreeTransformContext(ctxt);
    crp_origin_unregister();
    nomem = (cap.nomem || r.nomem) && !scope.over;
    if (res && state == XSLT_STATE_OK && !scope.over && !nomem) {
        if (xmlDocGetRootElement(res) == NULL) {
            failure(msg, detail, T("映射没有输出 XML 元素（映射的输出应为一个 "
                    "casefile 案卷）"), NULL);
        } else if (crp_origin_settle(&r.origins, res, MAX_OUTPUT_DEPTH) != 0) {
            failure(msg, detail, T("映射输出的元素嵌套超过 256 层"), NULL);
        } else {
            *out = res;
            res = NULL;
        }
    } else if (!nomem) {
        explain(x, &r, &scope, &cap, state, msg, detail);
    }
    xmlFreeDoc(res);
    crp_origins_clear(&r.origins);
    if (*out == NULL && (nomem || *msg == NULL))
        return CR_ERR_NOMEM;
    return *out ? CR_OK : CR_ERR_CASE;
}

/* ---- the shared handle ---- */

static void
transform_free(struct cr_transform *tf)
{
    crp_free(tf->path);
    crp_free(tf->dir);
    crp_free(tf->buf);
    crp_free(tf);
}

CR_EXPORT struct cr_transform *
cr_transform_ref(struct cr_transform *tf)
{
    if (tf)
        atomic_fetch_add(&tf->refs, 1);
    return tf;
}

CR_EXPORT struct cr_transform *
cr_transform_unref(struct cr_transform *tf)
{
    if (tf && atomic_fetch_sub(&tf->refs, 1) == 1)
        transform_free(tf);
    return NULL;
}

CR_EXPORT const char *
cr_transform_get_path(const struct cr_transform *tf)
{
    return tf ? tf->path : NULL;
}

static enum cr_status
load_problem(struct cr_diag_list *list, const char *path, int code,
             const char *fmt, const char *a, const char *b)
{
    return crp_diag_add(list, (enum crp_diag_code)code, CR_SEVERITY_ERROR,
                        path, 0, 0, fmt, a, b) == 0 ? CR_ERR_CHECKLIST
                                                    : CR_ERR_NOMEM;
}

CR_EXPORT enum cr_status
cr_transform_load(const char *path, struct cr_transform **out,
                  struct cr_diag_list **diags)
{
    struct cr_diag_list *list;
    struct cr_transform *tf;
    struct crp_xslt *x = NULL;
    char err[1024], msg[256];
    enum cr_status st;

    if (out)
        *out = NULL;
    if (diags)
        *diags = NULL;
    if (path == NULL || out == NULL)
        return CR_ERR_INVALID;
    list = crp_diag_list_new();
    tf = crp_calloc(1, sizeof(*tf));
    if (list == NULL || tf == NULL) {
        crp_free(tf);
        cr_diag_list_free(list);
        return CR_ERR_NOMEM;
    }
    atomic_init(&tf->refs, 1);
    crp_diag_list_set_lang(list, crp_msg_chosen());
    tf->path = crp_strdup(path);
    if (tf->path == NULL) {
        st = CR_ERR_NOMEM;
    } else if (crp_read_file(path, MAX_MAPPING_SIZE, &tf->buf, &tf->len, err,
                             sizeof(err)) != 0) {
        int e = errno;
        enum crp_lang old = crp_msg_current();

        crp_msg_set_current(crp_msg_chosen());
        crp_case_read_message(e, MAX_MAPPING_SIZE, msg, sizeof(msg));
        crp_msg_set_current(old);
        st = e == ENOMEM ? CR_ERR_NOMEM
             /* MSG says what the system's English (strerror) would */
             : load_problem(list, path, CRP_DIAG_TRANSFORM_LOAD,
                            "映射文件无法读取：%s%s", msg, "");
        if (st == CR_ERR_CHECKLIST)
            st = CR_ERR_IO;
    } else if ((tf->dir = crp_folder_of(path)) == NULL) {
        st = errno == ENOMEM ? CR_ERR_NOMEM
             : load_problem(list, path, CRP_DIAG_TRANSFORM_LOAD,
                            "映射文件无法读取：%s%s",
                            crp_diag_text(list, "找不到它所在的文件夹"),
                            "");
    } else {
        st = crp_xslt_new(tf, &x, err, sizeof(err));
        if (st == CR_ERR_INVALID && strstr(err, "refused"))
            st = load_problem(list, path, CRP_DIAG_TRANSFORM_REFUSED,
                              "映射引用了它所在文件夹以外的文件或网络资源，"
                              "已拒绝（映射只能读取它所在文件夹中的文件）："
                              "%s%s", err, "");
        else if (st == CR_ERR_INVALID)
            st = load_problem(list, path, CRP_DIAG_TRANSFORM_LOAD,
                              "映射文件不是可用的 XSLT 1.0 样式表：%s%s", err,
                              "");
        crp_xslt_free(x);
    }
    if (crp_diag_list_oom(list))
        st = CR_ERR_NOMEM;
    if (st != CR_OK)
        tf = cr_transform_unref(tf);
    *out = tf;
    if (diags)
        *diags = list;
    else
        cr_diag_list_free(list);
    return st;
}

/* ---- validation of a mapped export (casefile-api.c) ---- */

enum cr_status
crp_transform_for_validation(struct cr_transform *tf, xmlDocPtr input,
                             size_t input_size, const char *name,
                             struct cr_diag_list *list, xmlDocPtr *out)
{
    struct crp_xslt *x = NULL;
    char err[1024], *msg = NULL, *detail = NULL;
    enum cr_status st = crp_xslt_new(tf, &x, err, sizeof(err));

    *out = NULL;
    if (st == CR_ERR_INVALID)
        st = load_problem(list, tf->path, CRP_DIAG_TRANSFORM_LOAD,
                          "映射文件不是可用的 XSLT 1.0 样式表：%s%s", err, "");
    if (st != CR_OK)
        return st;
    st = crp_xslt_apply(x, input, input_size, out, &msg, &detail);
    if (st == CR_ERR_CASE &&
        (detail ? crp_diag_add(list, CRP_DIAG_TRANSFORM_FAILED,
                               CR_SEVERITY_ERROR, name, 0, 0, "%s（%s）", msg,
                               detail)
                : crp_diag_add(list, CRP_DIAG_TRANSFORM_FAILED,
                               CR_SEVERITY_ERROR, name, 0, 0, "%s", msg)) != 0)
        st = CR_ERR_NOMEM;
    crp_free(msg);
    crp_free(detail);
    crp_xslt_free(x);
    return st;
}
