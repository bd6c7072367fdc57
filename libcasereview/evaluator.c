/* evaluator.c — the evaluator's lifetime and the public calls that score
 * a case: read it, parse it (the arena builder first, libxml2's for what
 * that does not take), map an agency's export when a mapping is set,
 * then run it (eval-case.c). The parts and their state: evaluator.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "budget.h"
#include "case-encoding.h"
#include "case-error.h"
#include "checklist.h"
#include "evaluator.h"
#include "export.h"
#include "functions.h"
#include "msgcat-lib.h"
#include "node-path.h"
#include "regex.h"
#include "result.h"
#include "transform.h"
#include "utf8.h"
#include "verdicts.h"
#include "xml-build.h"
#include "xml-safe.h"
#include "xpath-fast.h"
#include "xslt-origin.h"

/* The read buffer of cr_evaluator_score_file is kept up to this size. */
#define FILE_KEEP_MAX ((size_t)4 << 20)

/* libxml2 hands the context's handler a code without a message. */
static const char *const xpath_messages[] = {
    "ok", "number encoding", "unfinished literal", "start of literal",
    "expected $ for variable reference", "undefined variable",
    "invalid predicate", "invalid expression", "missing closing bracket",
    "unregistered function", "invalid operand", "invalid type (a function "
    "was given a value of the wrong type)", "invalid number of arguments",
    "invalid context size", "invalid context position", "memory allocation "
    "failed", "syntax error", "resource error", "sub resource error",
    "undefined namespace prefix", "encoding error", "char out of XML range",
    "invalid or incomplete context", "stack usage error",
    "forbidden variable", "operation limit exceeded (the expression does "
    "too much work for this case)", "recursion limit exceeded",
};

/* XPath errors reach the context's handler instead of being printed. */
static void
on_xpath_error(void *data, xmlErrorPtr e)
{
    struct cr_evaluator *ev = data;
    int k;

    if (e && e->code == XML_ERR_NO_MEMORY)
        ev->xp_nomem = 1;
    if (e == NULL || ev->xp_error[0])
        return;
    k = e->code - XML_XPATH_EXPRESSION_OK;
    if (e->message)
        crp_utf8_copy_line(ev->xp_error, sizeof(ev->xp_error), e->message);
    else if (k >= 0 && k < (int)(sizeof(xpath_messages) / sizeof(*xpath_messages)))
        snprintf(ev->xp_error, sizeof(ev->xp_error), crp_msg(crp_msg_current(), "XPath error: %s"),
                 crp_msg(crp_msg_current(), xpath_messages[k]));
    else
        snprintf(ev->xp_error, sizeof(ev->xp_error), crp_msg(crp_msg_current(), "XPath error %d"),
                 e->code);
}

/* ---- evaluator lifetime ---- */

static enum cr_status
make_values(struct cr_evaluator *ev)
{
    const struct cr_checklist *cl = ev->cl;
    size_t i;

    ev->params = crp_calloc(cl->nparams, sizeof(*ev->params));
    ev->data = crp_calloc(cl->ndata, sizeof(*ev->data));
    if (ev->params == NULL || ev->data == NULL)
        return CR_ERR_NOMEM;
    for (i = 0; i < cl->nparams; i++) {
        ev->params[i] = xmlXPathNewString((const xmlChar *)cl->params[i].value);
        if (ev->params[i] == NULL)
            return CR_ERR_NOMEM;
    }
    for (i = 0; i < cl->ndata; i++) {
        ev->data[i] = xmlXPathNewNodeSet((xmlNodePtr)cl->data[i].doc);
        if (ev->data[i] == NULL)
            return CR_ERR_NOMEM;
    }
    return CR_OK;
}

static enum cr_status
setup_context(struct cr_evaluator *ev)
{
    const struct cr_checklist *cl = ev->cl;
    size_t i;

    ev->xp = xmlXPathNewContext(NULL);
    if (ev->xp == NULL || !crp_functions_core_present(ev->xp))
        return CR_ERR_NOMEM;
    ev->xp->userData = &ev->env;
    ev->xp->error = on_xpath_error;
    xmlXPathContextSetCache(ev->xp, 1, -1, 0);
    xmlXPathRegisterVariableLookup(ev->xp, crp_ev_lookup_variable, ev);
    if (xmlXPathRegisterNs(ev->xp, (const xmlChar *)"cr",
                           (const xmlChar *)CRP_FN_NS) != 0)
        return CR_ERR_NOMEM;
    for (i = 0; i < cl->nns; i++)
        if (xmlXPathRegisterNs(ev->xp, (const xmlChar *)cl->ns[i].prefix,
                               (const xmlChar *)cl->ns[i].uri) != 0)
            return CR_ERR_NOMEM;
    if (crp_functions_register(ev->xp) != 0)
        return CR_ERR_NOMEM;
    ev->comp = crp_calloc(cl->nexprs, sizeof(*ev->comp));
    ev->fx = crp_calloc(cl->nexprs, sizeof(*ev->fx));
    ev->fxrun = crp_fx_run_new(ev->xp, crp_ev_fx_getvar, ev);
    if (ev->comp == NULL || ev->fx == NULL || ev->fxrun == NULL)
        return CR_ERR_NOMEM;
    /* data documents were parsed by the loader: names interned */
    for (i = 0; i < cl->ndata && i + 1 < CRP_FX_TRUSTED; i++)
        crp_fx_trust(ev->fxrun, (int)i + 1, cl->data[i].doc);
    return crp_ev_compile(ev);
}

CR_EXPORT void
cr_evaluator_free(struct cr_evaluator *ev)
{
    size_t i;

    if (ev == NULL)
        return;
    crp_ev_pop_vars(ev, 0);
    crp_free(ev->vars);
    for (i = 0; ev->comp && i < ev->cl->nexprs; i++)
        xmlXPathFreeCompExpr(ev->comp[i]);
    crp_free(ev->comp);
    for (i = 0; ev->fx && i < ev->cl->nexprs; i++)
        crp_fx_free(ev->fx[i]);
    crp_free(ev->fx);
    crp_fx_run_free(ev->fxrun);
    crp_free(ev->file.data);
    for (i = 0; ev->params && i < ev->cl->nparams; i++)
        xmlXPathFreeObject(ev->params[i]);
    crp_free(ev->params);
    /* the sets only: xmlXPathFreeObject never frees the nodes of a set,
     * and the data documents belong to the checklist */
    for (i = 0; ev->data && i < ev->cl->ndata; i++)
        xmlXPathFreeObject(ev->data[i]);
    crp_free(ev->data);
    if (ev->xp)
        xmlXPathFreeContext(ev->xp);
    if (ev->pctxt)
        xmlFreeParserCtxt(ev->pctxt);
    crp_builder_free(ev->builder);
    crp_xslt_free(ev->xslt);
    crp_regex_cache_free(ev->env.regex);
    crp_path_cache_free(ev->paths);
    crp_fn_env_reset(&ev->env);
    cr_verdicts_unref(ev->verdicts);
    cr_checklist_unref(ev->cl);
    crp_free(ev);
}

static int
tree_from_env(void)
{
    const char *m = getenv("CASEREVIEW_TREE");

    return m && strcmp(m, "libxml2") == 0;
}

/* CASEREVIEW_XPATH=libxml2: the reference evaluator alone, for tests
 * and for a user who suspects the fast path. "verify" is a test build's
 * (-Dverify=true); a shipped library ignores it. */
static enum crp_xmode
xmode_from_env(void)
{
    const char *m = getenv("CASEREVIEW_XPATH");

    if (m && strcmp(m, "libxml2") == 0)
        return CRP_XMODE_LIBXML2;
    if (CRP_VERIFY && m && strcmp(m, "verify") == 0)
        return CRP_XMODE_VERIFY;
    return CRP_XMODE_FAST;
}

CR_EXPORT enum cr_status
cr_evaluator_new(struct cr_checklist *cl, struct cr_evaluator **out)
{
    struct cr_evaluator *ev;
    struct crp_xml_capture cap;
    enum cr_status st;

    if (out)
        *out = NULL;
    if (out == NULL || cl == NULL)
        return CR_ERR_INVALID;
    ev = crp_calloc(1, sizeof(*ev));
    if (ev == NULL)
        return CR_ERR_NOMEM;
    ev->cl = cr_checklist_ref(cl);
    ev->xmode = xmode_from_env();
    ev->env.calendar = cl->calendar;
    ev->env.regex = crp_regex_cache_new(cl->limits.regex_match_limit);
    crp_budget_init(&ev->budget, &cl->limits);
    ev->paths = crp_path_cache_new();
    crp_xml_capture_begin(&cap);
    st = ev->env.regex && ev->paths ? setup_context(ev) : CR_ERR_NOMEM;
    if (st == CR_OK)
        st = make_values(ev);
    if (st == CR_OK) {
        ev->pctxt = xmlNewParserCtxt();
        if (ev->pctxt == NULL)
            st = CR_ERR_NOMEM;
        else
            crp_meter_attach(ev->pctxt, &ev->budget.tree);
    }
    /* CASEREVIEW_TREE=libxml2: every case through libxml2's own tree
     * builder (debugging, and the tests comparing the two) */
    if (st == CR_OK && !tree_from_env())
        ev->builder = crp_builder_new();   /* NULL: libxml2's builder */
    if (ev->builder)
        crp_builder_set_meter(ev->builder, &ev->budget.tree);
    crp_xml_capture_end(&cap);
    /* libxml2 2.9.14 may return a damaged compiled expression when an
     * allocation fails inside xmlXPathCtxtCompile (steps are dropped,
     * the error only reported, to the capture or to the context's own
     * handler); evaluating it crashed. Every expression compiled cleanly
     * at load, so any error here is memory. */
    if (st == CR_OK && (cap.count > 0 || ev->xp_nomem || ev->xp_error[0]))
        st = CR_ERR_NOMEM;
    if (st != CR_OK) {
        cr_evaluator_free(ev);
        return st;
    }
    *out = ev;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_set_flags(struct cr_evaluator *ev, unsigned int flags)
{
    if (ev == NULL)
        return CR_ERR_INVALID;
    ev->flags = flags;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_set_verdicts(struct cr_evaluator *ev, struct cr_verdicts *v)
{
    /* item indexes are the checklist's: verdicts loaded for another
     * checklist object cannot be applied */
    if (ev == NULL || (v && v->cl != ev->cl))
        return CR_ERR_INVALID;
    cr_verdicts_ref(v);
    cr_verdicts_unref(ev->verdicts);
    ev->verdicts = v;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_set_param(struct cr_evaluator *ev, const char *name,
                       const char *value)
{
    xmlXPathObjectPtr v;
    size_t i;

    /* values reach PCRE2 unchecked (PCRE2_NO_UTF_CHECK) and the JSON:
     * they must be UTF-8, as every string parsed from XML is */
    if (ev == NULL || name == NULL || (value && !crp_utf8_valid(value)))
        return CR_ERR_INVALID;
    for (i = 0; i < ev->cl->nparams; i++) {
        if (strcmp(ev->cl->params[i].name, name) != 0)
            continue;
        if (value && !crp_param_fits(&ev->cl->params[i], value))
            return CR_ERR_INVALID;
        v = xmlXPathNewString(
            (const xmlChar *)(value ? value : ev->cl->params[i].value));
        if (v == NULL)
            return CR_ERR_NOMEM;
        xmlXPathFreeObject(ev->params[i]);
        ev->params[i] = v;
        return CR_OK;
    }
    return CR_ERR_INVALID;
}

static enum cr_status
error_result(struct cr_result *res, struct cr_result **out)
{
    *out = res;
    return res ? CR_ERR_CASE : CR_ERR_NOMEM;
}

/* A case through the evaluator's mapping: INPUT (SIZE bytes) mapped,
 * then scored; findings report the export's elements. */
static enum cr_status
score_mapped(struct cr_evaluator *ev, xmlDocPtr input, size_t size,
             const char *source, struct cr_result **out)
{
    char *msg = NULL, *detail = NULL;
    xmlDocPtr doc = NULL;
    enum cr_status st = crp_xslt_apply(ev->xslt, input, size, &doc, &msg,
                                       &detail);

    if (st == CR_ERR_CASE)
        st = error_result(crp_result_new_case_error(source, NULL, msg, 0,
                                                    CRP_ERROR_TRANSFORM,
                                                    detail), out);
    crp_free(msg);
    crp_free(detail);
    if (st != CR_OK)
        return st;
    xmlXPathOrderDocElems(doc);
    ev->mapped = 1;
    st = crp_ev_case(ev, doc, source, out);
    ev->mapped = 0;
    xmlFreeDoc(doc);
    return st;
}

/* The caller's document is only read: libxslt may strip its white
 * space, so the mapping runs on a copy (lines are copied too). */
static enum cr_status
score_copy_mapped(struct cr_evaluator *ev, xmlDocPtr doc, const char *source,
                  struct cr_result **out)
{
    xmlDocPtr copy = xmlCopyDoc(doc, 1);
    enum cr_status st;

    if (copy == NULL)
        return CR_ERR_NOMEM;
    st = score_mapped(ev, copy, 0, source, out);
    xmlFreeDoc(copy);
    return st;
}

CR_EXPORT enum cr_status
cr_evaluator_set_transform(struct cr_evaluator *ev, struct cr_transform *tf)
{
    struct crp_xslt *x = NULL;
    char err[1024];
    enum cr_status st;

    if (ev == NULL)
        return CR_ERR_INVALID;
    if (tf && (st = crp_xslt_new(tf, &x, err, sizeof(err))) != CR_OK)
        return st;
    crp_xslt_free(ev->xslt);
    ev->xslt = x;
    return CR_OK;
}

CR_EXPORT enum cr_status
cr_evaluator_score_doc(struct cr_evaluator *ev, void *xml_doc,
                       const char *source, struct cr_result **out)
{
    enum cr_status st;

    if (out)
        *out = NULL;
    if (ev == NULL || xml_doc == NULL || out == NULL)
        return CR_ERR_INVALID;
    crp_msg_set_current((enum crp_lang)ev->cl->limits.lang);
    /* as score_memory says of an empty file: nothing to score */
    if (xmlDocGetRootElement((xmlDocPtr)xml_doc) == NULL)
        return error_result(crp_result_new_case_error(
                                source ? source : "", NULL,
                                crp_msg(crp_msg_current(),
                                        "文档中没有根元素，没有可评查的内容"),
                                0, CRP_ERROR_NO_ROOT, NULL), out);
    crp_xml_capture_begin(&ev->xcap);
    if (ev->xslt)
        st = score_copy_mapped(ev, (xmlDocPtr)xml_doc, source ? source : "",
                               out);
    else
        st = crp_ev_case(ev, (xmlDocPtr)xml_doc, source ? source : "", out);
    crp_xml_capture_end(&ev->xcap);
    return st;
}

CR_EXPORT enum cr_status
cr_evaluator_score_memory(struct cr_evaluator *ev, const char *buf,
                          size_t len, const char *source,
                          struct cr_result **out)
{
    char err[512];
    const char *guess = NULL;
    int line = 0, built;
    xmlDocPtr doc;
    enum cr_status st;

    if (out)
        *out = NULL;
    if (ev == NULL || out == NULL || (buf == NULL && len))
        return CR_ERR_INVALID;
    crp_msg_set_current((enum crp_lang)ev->cl->limits.lang);
    if (source == NULL)
        source = "";
    if (len > ev->cl->limits.max_case_size)
        return error_result(crp_case_read_error(source, EFBIG, NULL,
                                ev->cl->limits.max_case_size), out);
    crp_xml_capture_begin(&ev->xcap);
    crp_meter_reset(&ev->budget.tree);
    /* the arena builder first; whatever it does not
     * take, libxml2's builder parses again and reports. A mapping's
     * input is libxml2's: libxslt may change it. */
    doc = ev->builder && len && !ev->xslt
          ? crp_builder_parse(ev->builder, buf, len, source) : NULL;
    built = doc != NULL;
    if (doc == NULL && ev->budget.tree.over == CRP_METER_OK) {
        crp_meter_reset(&ev->budget.tree);
        doc = crp_parse_case(ev->pctxt, &ev->xcap, buf ? buf : "", len,
                             source, err, sizeof(err), &line, &guess);
    }
    /* a tree past max-case-nodes or max-case-tree was never finished */
    if (!built && ev->budget.tree.over != CRP_METER_OK) {
        if (doc != NULL)
            xmlFreeDoc(doc);
        crp_xml_capture_end(&ev->xcap);
        return crp_ev_over_budget(ev, source, NULL, out);
    }
    if (doc == NULL) {
        int code = ev->xcap.code;
        crp_xml_capture_end(&ev->xcap);
        if (strcmp(err, CRP_MSG_NOMEM) == 0)
            return CR_ERR_NOMEM;
        return error_result(crp_case_parse_error(source, buf ? buf : "", len,
                                                 code, err, line), out);
    }
    if (ev->xslt) {
        st = score_mapped(ev, doc, len, source, out);
        if (*out)
            (*out)->encoding_guess = guess;
        xmlFreeDoc(doc);
        crp_xml_capture_end(&ev->xcap);
        return st;
    }
    if (!built)
        xmlXPathOrderDocElems(doc);   /* the builder numbered its own */
    crp_fx_trust(ev->fxrun, 0, doc);   /* parsed here: names interned */
    st = crp_ev_case(ev, doc, source, out);
    crp_fx_trust(ev->fxrun, 0, NULL);
    if (*out)
        (*out)->encoding_guess = guess;
    if (built)
        crp_builder_release(ev->builder, doc);
    else
        xmlFreeDoc(doc);
    crp_xml_capture_end(&ev->xcap);
    return st;
}

CR_EXPORT enum cr_status
cr_evaluator_score_file(struct cr_evaluator *ev, const char *path,
                        struct cr_result **out)
{
    char err[512];
    enum cr_status st;

    if (out)
        *out = NULL;
    if (ev == NULL || path == NULL || out == NULL)
        return CR_ERR_INVALID;
    crp_msg_set_current((enum crp_lang)ev->cl->limits.lang);
    if (crp_read_file_into(path, ev->cl->limits.max_case_size, &ev->file,
                           err, sizeof(err)) != 0)
        st = errno == ENOMEM
             ? CR_ERR_NOMEM
             : error_result(crp_case_read_error(
                                path, errno, errno == EFBIG ? NULL : err,
                                ev->cl->limits.max_case_size), out);
    else
        st = cr_evaluator_score_memory(ev, ev->file.data, ev->file.len, path,
                                       out);
    /* a buffer kept for the next case, unless one case was unusually
     * large: then give the memory back */
    if (ev->file.cap > FILE_KEEP_MAX) {
        crp_free(ev->file.data);
        ev->file.data = NULL;
        ev->file.cap = 0;
    }
    return st;
}

