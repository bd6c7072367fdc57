/* fuzz-xpath.c — the fast XPath path (libcasereview/xpath-*.c) against
 * libxml2, differentially: any expression the fast path answers must get
 * exactly libxml2's value (tests/core/test-fastpath.c's rules: the same
 * nodes in the same order, the same string, the same number with NaN and
 * the sign of zero, the same boolean; where libxml2 fails, the fast path
 * declines). A difference prints both values and aborts.
 *
 * Input: two selector bytes, then the expression (at most MAX_EXPR bytes
 * of UTF-8 without NUL). The first byte picks a document (test-fastpath's
 * case and alt documents, and one more here) with or without
 * xmlXPathOrderDocElems(); the second, with bit 7 set, evaluates at every
 * context node of it, else at one. Every evaluation runs through two
 * fast-path runs, one trusting the documents' dictionaries (name tests
 * compare pointers) and one not, and crp_fx_object, _bool, _string and
 * _nodes are each compared. libxml2's operation limit and skipping
 * following:: and preceding:: (slow_axis()) keep every input short. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "libcasereview/alloc.h"
#include "libcasereview/xpath-fast.h"
#include "libcasereview/functions.h"
#include "libcasereview/date.h"
#include "libcasereview/regex.h"
#include "libcasereview/xml-safe.h"
#include "libcasereview/xpath-same.h"
#include "tests/core/fastpath-docs.h"

#ifndef CR_SOURCE_DIR_DEFAULT
#define CR_SOURCE_DIR_DEFAULT "."
#endif

#define MAX_EXPR 300     /* bytes of expression, after two selector bytes */
/* bounds libxml2 (and the fast path) on every evaluation */
#define OP_LIMIT 100000

/* ---- documents: tests/core/fastpath-docs.h, and one of its own ---- */

/* Shapes the two above leave out: elements named as node types, axes and
 * functions; one namespace under two prefixes, undeclared again; xml:lang;
 * numbers with a sign, blanks inside, hex, Arabic digits, exponents;
 * characters of four bytes, combining marks, NBSP; an empty CDATA
 * section, comment and PI between text; text after elements at several
 * depths; a text, a CDATA section and entity references of equal value. */
static const char odd_xml[] =
    "<!DOCTYPE r [\n"
    "  <!ENTITY e \"xy\">\n"
    "  <!ENTITY sp \" \">\n"
    "  <!ENTITY nest \"a&e;b\">\n"
    "]>\n"
    "<r xmlns:p=\"urn:p\" xmlns:q=\"urn:p\" xml:lang=\"en-GB\" a=\"+1\""
    " b=\"1 2\" c=\"&sp;7&sp;\" d=\"-.5\" e=\"1e-3\" f=\"\xd9\xa3\""
    " g=\"0x10\" h=\"1.\" i=\".\" j=\"&#9;-7&#10;\">\n"
    " <s k=\"v\">+1</s><s k=\"\">-</s><s k=\" v\">1e</s>"
    "<s xml:lang=\"zh\">00</s><s>&#9;7&#10;</s>\n"
    " <text>t</text><node>n</node><comment>c</comment><child>ch</child>"
    "<last>9</last><count>2</count><div/>"
    "<processing-instruction>pi</processing-instruction>\n"
    " <n>\xf0\x9f\x98\x80x\xf0\x9f\x98\x80</n><n>e\xcc\x81</n>"
    "<n>a&#160;b</n><n>&nest;</n><n>&e;&e;</n><n>a&sp;b</n><n>-0.0</n>\n"
    " <dn xmlns=\"urn:p\"><x a=\"1\" p:a=\"2\">in p</x><p:x>also p</p:x>"
    "<y xmlns=\"\">no ns</y></dn>\n"
    " <x>plain</x><q:x>q is p</q:x>\n"
    " <m>a<![CDATA[]]>b<!---->c<?pi?>d<?pi data?><b>in</b>e</m>\n"
    " <t1><t2>x</t2>y<t3><t4>z</t4>w</t3>v</t1>\n"
    " <dup>x</dup><dup><![CDATA[x]]></dup><dup>&e;</dup><dup>xy</dup>\n"
    "</r>";




static const char *const odd_contexts[] = {
    "/", "/r", "/r/s[1]", "/r/@c", "/r/n[1]/text()", "/r/m",
    "/r/m/text()[2]", "/r/p:dn/p:x[1]", "/r/p:dn/y", "/r/t1/t3",
    "/r/t1/text()[1]", "/r/namespace::q", "/r/m/processing-instruction()[2]",
    "/r/dup[2]/text()", "/r/text", "/r/@xml:lang", NULL
};

/* ---- the evaluator's set-up, as test-fastpath.c (and evaluator.c) ---- */

#define MAX_VARS 32
#define MAX_CTX 32

struct var {
    const char *name;
    xmlXPathObjectPtr value;    /* NULL: a let that failed */
};

/* One document, ordered or not, with its XPath context and variables. */
struct world {
    const char *name;
    xmlDocPtr doc;
    xmlXPathContextPtr xp;
    struct crp_fn_env env;
    struct crp_fx_run *runs[2];     /* trusting the documents, and not */
    struct var vars[MAX_VARS];
    int nvars;
    xmlNodePtr ctx[MAX_CTX];
    const char *ctxname[MAX_CTX];
    xmlXPathObjectPtr ctxset[MAX_CTX];  /* owns namespace nodes' copies */
    int nctx;
};

#define NWORLDS 6
static struct world worlds[NWORLDS];
static xmlDocPtr data_doc;
static struct crp_calendar *calendar;
static struct crp_regex_cache *regex;
/* libxml2's errors since prepare(); a limit among them ends the check */
static int xp_errors, xp_limit;
static char xp_message[256];    /* the first one, for the report */

/* libxml2 hands the context's handler a code without a message. */
static void
on_error(void *data, xmlErrorPtr e)
{
    int k = e ? e->code - XML_XPATH_EXPRESSION_OK : -1;

    if (xp_errors++ == 0)
        snprintf(xp_message, sizeof(xp_message), "XPath error %d%s%s", k,
                 e && e->message ? ": " : "", e && e->message ? e->message
                                                            : "");
    if (k == XPATH_OP_LIMIT_EXCEEDED || k == XPATH_RECURSION_LIMIT_EXCEEDED)
        xp_limit = 1;
}

static void
quiet(void *data, const char *msg, ...)
{
}

static struct var *
find_var(struct world *w, const char *name)
{
    int i;

    for (i = 0; i < w->nvars; i++)
        if (strcmp(w->vars[i].name, name) == 0)
            return &w->vars[i];
    return NULL;
}

/* libxml2 frees what the lookup returns: copies. */
static xmlXPathObjectPtr
lookup_var(void *data, const xmlChar *name, const xmlChar *ns_uri)
{
    struct var *v = find_var(data, (const char *)name);

    if (ns_uri != NULL || v == NULL || v->value == NULL)
        return NULL;
    return xmlXPathObjectCopy(v->value);
}

/* The fast path borrows them. */
static int
fx_var(void *data, const char *name, xmlXPathObjectPtr *out,
       const struct crp_fx_value **val)
{
    struct var *v = find_var(data, name);

    *val = NULL;
    if (v == NULL || v->value == NULL)
        return -1;
    *out = v->value;
    return 0;
}

static void
need(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz-xpath: set-up failed: %s\n", what);
        abort();
    }
}

static void
add_var(struct world *w, const char *name, xmlXPathObjectPtr value)
{
    need(w->nvars < MAX_VARS, "too many variables");
    w->vars[w->nvars].name = name;
    w->vars[w->nvars].value = value;
    w->nvars++;
}

/* A node-set variable: EXPR's value in IN (libxml2's, so sorted). */
static void
add_nodes_var(struct world *w, const char *name, xmlDocPtr in,
              const char *expr)
{
    xmlXPathObjectPtr v;

    w->xp->doc = in;
    w->xp->node = (xmlNodePtr)in;
    v = xmlXPathEval((const xmlChar *)expr, w->xp);
    need(v != NULL && v->type == XPATH_NODESET, expr);
    add_var(w, name, v);
}

static void
add_vars(struct world *w)
{
    add_nodes_var(w, "s", w->doc, "/r/s");
    add_nodes_var(w, "sv", w->doc, "/r/s[@k='v']");
    add_nodes_var(w, "none", w->doc, "/r/nothing");
    add_nodes_var(w, "one", w->doc, "/r/n[1]");
    add_nodes_var(w, "nums", w->doc, "/r/num");
    add_nodes_var(w, "attrs", w->doc, "/r/@*");
    add_nodes_var(w, "texts", w->doc, "/r/m/text()");
    add_nodes_var(w, "mixed", w->doc, "/r/m/node() | /r/@a | /r/s[2]/@k");
    add_nodes_var(w, "qmix", w->doc, "/r/q/e1 | /r/q/text() | /r/m/b/text()"
                  " | /r/q/e1/e2");
    add_nodes_var(w, "data", data_doc, "/data");
    add_nodes_var(w, "dv", data_doc, "/data/v");
    add_var(w, "str", xmlXPathNewString(BAD_CAST "v"));
    add_var(w, "estr", xmlXPathNewString(BAD_CAST ""));
    add_var(w, "numstr", xmlXPathNewString(BAD_CAST " 12 "));
    add_var(w, "three", xmlXPathNewFloat(3.0));
    add_var(w, "nan", xmlXPathNewFloat(NAN));
    add_var(w, "inf", xmlXPathNewFloat(INFINITY));
    add_var(w, "negz", xmlXPathNewFloat(-0.0));
    add_var(w, "t", xmlXPathNewBoolean(1));
    add_var(w, "f", xmlXPathNewBoolean(0));
    add_var(w, "failed", NULL);
}

static void
open_world(struct world *w, const char *name, const char *xml, int ordered,
           const char *const *contexts)
{
    xmlXPathContextPtr xp;
    int i;

    w->name = name;
    w->doc = xmlReadMemory(xml, (int)strlen(xml), "case.xml", NULL,
                           CRP_XML_PARSE_OPTS);
    need(w->doc != NULL, "parse");
    if (ordered)
        xmlXPathOrderDocElems(w->doc);
    xp = w->xp = xmlXPathNewContext(NULL);
    need(xp != NULL, "context");
    w->env.calendar = calendar;
    w->env.regex = regex;
    xp->userData = &w->env;
    xp->error = on_error;
    /* evaluator.c turns libxml2's object cache on; off here, it keeps malloc
     * and free counts even across an input, and libFuzzer runs its leak
     * check (a scan of the whole heap) only when they are not: with the
     * cache it spends most of its time there, then gives leaks up */
    xmlXPathContextSetCache(xp, 0, 0, 0);
    need(xmlXPathRegisterNs(xp, BAD_CAST "cr", BAD_CAST CRP_FN_NS) == 0 &&
         xmlXPathRegisterNs(xp, BAD_CAST "p", BAD_CAST "urn:p") == 0 &&
         xmlXPathRegisterNs(xp, BAD_CAST "d", BAD_CAST "urn:d") == 0 &&
         crp_functions_register(xp) == 0, "register");
    add_vars(w);
    xmlXPathRegisterVariableLookup(xp, lookup_var, w);
    for (i = 0; i < 2; i++) {
        w->runs[i] = crp_fx_run_new(xp, fx_var, w);
        need(w->runs[i] != NULL, "run");
    }
    /* as the engine: names in documents it parsed itself are interned */
    crp_fx_trust(w->runs[0], 0, w->doc);
    crp_fx_trust(w->runs[0], 1, data_doc);
    for (w->nctx = 0; contexts[w->nctx] != NULL; w->nctx++) {
        xmlXPathObjectPtr o;
        need(w->nctx < MAX_CTX, "too many contexts");
        xp->doc = w->doc;
        xp->node = (xmlNodePtr)w->doc;
        o = xmlXPathEval((const xmlChar *)contexts[w->nctx], xp);
        need(o && o->type == XPATH_NODESET && o->nodesetval &&
             o->nodesetval->nodeNr >= 1, contexts[w->nctx]);
        w->ctx[w->nctx] = o->nodesetval->nodeTab[0];
        w->ctxname[w->nctx] = contexts[w->nctx];
        w->ctxset[w->nctx] = o;
    }
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *src = getenv("CR_SOURCE_DIR");
    char path[4096];

    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    snprintf(path, sizeof(path), "%s/rules/data/cn-workdays.xml",
             src ? src : CR_SOURCE_DIR_DEFAULT);
    need(crp_calendar_load(path, NULL, &calendar) == CR_OK,
         "calendar (set CR_SOURCE_DIR)");
    regex = crp_regex_cache_new(1000000);
    need(regex != NULL, "regex cache");
    data_doc = xmlReadMemory(data_xml, (int)strlen(data_xml), "data.xml",
                             NULL, CRP_XML_PARSE_OPTS);
    need(data_doc != NULL, "data document");
    xmlXPathOrderDocElems(data_doc);
    open_world(&worlds[0], "case, ordered", case_xml, 1, case_contexts);
    open_world(&worlds[1], "alt, ordered", alt_xml, 1, alt_contexts);
    open_world(&worlds[2], "odd, ordered", odd_xml, 1, odd_contexts);
    open_world(&worlds[3], "case, not ordered", case_xml, 0, case_contexts);
    open_world(&worlds[4], "alt, not ordered", alt_xml, 0, alt_contexts);
    open_world(&worlds[5], "odd, not ordered", odd_xml, 0, odd_contexts);
    return 0;
}

/* As eval-expr.c's prepare(), with a fresh operation budget and recursion
 * depth: xmlXPathCompiledEvalToBoolean() (2.9.14) leaves the context's
 * depth one or more higher after each failure, and once it reaches 5000
 * every evaluation fails with "recursion limit exceeded". */
static void
prepare(struct world *w, xmlNodePtr node)
{
    crp_fn_env_reset(&w->env);
    xp_errors = 0;
    xp_message[0] = '\0';
    xp_limit = 0;
    w->xp->doc = w->doc;
    w->xp->node = node;
    w->xp->contextSize = 1;
    w->xp->proximityPosition = 1;
    w->xp->opLimit = OP_LIMIT;
    w->xp->opCount = 0;
    w->xp->depth = 0;
}

/* ---- comparing: crp_xpath_same(), strict ---- */

/* A fast-path answer counts only without a function's failure recorded
 * (eval-expr.c's fast_clean). */
static int
clean(const struct world *w)
{
    return w->env.error == NULL && xp_errors == 0;
}

/* libxml2's answers at one context node. */
struct slow {
    xmlXPathObjectPtr obj;      /* NULL when it failed */
    int failed;
    int boolean;                /* -1 when it failed */
    char why[320], why_bool[320];   /* the failures */
};

/* What went wrong, after an evaluation by libxml2. */
static void
failure(const struct world *w, char *buf, size_t len)
{
    snprintf(buf, len, "(failed: %s)", w->env.error ? w->env.error
                                       : xp_errors ? xp_message : "no value");
}

/* LABEL and S on a line, S's control characters as C escapes, between
 * quotes when QUOTE (an expression's blanks at either end count). */
static void
show(const char *label, const char *s, int quote)
{
    fprintf(stderr, "  %-11s %s", label, quote ? "'" : "");
    for (; *s; s++) {
        if (*s == '\n' || *s == '\t' || *s == '\r')
            fprintf(stderr, "\\%c", *s == '\n' ? 'n' : *s == '\t' ? 't'
                                                                 : 'r');
        else if ((unsigned char)*s < 0x20 || *s == 0x7f)
            fprintf(stderr, "\\x%02x", (unsigned char)*s);
        else
            fputc(*s, stderr);
    }
    fprintf(stderr, "%s\n", quote ? "'" : "");
}

/* Where it happened, for the report. */
struct where {
    const char *expr;
    const struct world *w;
    int ci, trusted;
};

/* Prints both answers and aborts. SLOW, when given, stands for libxml2's
 * answer; otherwise its object (or failure) is shown. */
static _Noreturn void
differ(const struct where *at, const char *what, const char *fast,
       const struct slow *sl, const char *slow)
{
    char b[2048];

    if (slow == NULL && sl->failed)
        slow = sl->why;
    if (slow == NULL) {
        crp_xpath_describe(sl->obj, b, sizeof(b));
        slow = b;
    }
    fprintf(stderr, "fuzz-xpath: fast path differs from libxml2\n");
    show("expression:", at->expr, 1);
    fprintf(stderr, "  document:   %s, %s\n  context:    %s\n"
            "  call:       crp_fx_%s\n", at->w->name,
            at->trusted ? "trusted" : "not trusted", at->w->ctxname[at->ci],
            what);
    show("fast path:", fast, 0);
    show("libxml2:", slow, 0);
    abort();
}

static int
same_nodes(xmlNodePtr *nodes, int n, xmlXPathObjectPtr o)
{
    xmlNodeSetPtr set = o->nodesetval;

    if (o->type != XPATH_NODESET || n != (set ? set->nodeNr : 0))
        return 0;
    return n == 0 || memcmp(nodes, set->nodeTab, (size_t)n * sizeof(*nodes))
                     == 0;
}

static void
check_run(struct world *w, struct crp_fx_run *run, const struct crp_fx *fx,
          const struct slow *sl, const struct where *at)
{
    xmlNodePtr node = w->ctx[at->ci], *nodes = NULL;
    xmlXPathObjectPtr fast = NULL;
    char a[2048], b[2048];
    char *fs = NULL;
    int fb = 0, n = 0;
    xmlChar *ss;

    prepare(w, node);
    if (crp_fx_object(run, fx, node, &fast) && clean(w) &&
        (sl->failed || !crp_xpath_same(fast, sl->obj))) {
        crp_xpath_describe(fast, a, sizeof(a));
        differ(at, "object", a, sl, NULL);
    }
    xmlXPathFreeObject(fast);

    prepare(w, node);
    if (crp_fx_bool(run, fx, node, &fb) && clean(w)) {
        snprintf(a, sizeof(a), "boolean %s", fb ? "true" : "false");
        if (sl->failed)
            differ(at, "bool", a, sl, NULL);
        if (sl->boolean < 0)
            differ(at, "bool", a, sl, sl->why_bool);
        if (!fb != !sl->boolean || !fb != !xmlXPathCastToBoolean(sl->obj)) {
            snprintf(b, sizeof(b), "boolean %s (cast from the object: %s)",
                     sl->boolean ? "true" : "false",
                     xmlXPathCastToBoolean(sl->obj) ? "true" : "false");
            differ(at, "bool", a, sl, b);
        }
    }

    prepare(w, node);
    if (crp_fx_string(run, fx, node, &fs) && clean(w)) {
        snprintf(a, sizeof(a), "string '%s'", fs);
        if (sl->failed)
            differ(at, "string", a, sl, NULL);
        ss = xmlXPathCastToString(sl->obj);
        if (ss == NULL || strcmp(fs, (const char *)ss) != 0) {
            snprintf(b, sizeof(b), "string '%s'", ss ? (const char *)ss
                                                     : "(none)");
            differ(at, "string", a, sl, b);
        }
        xmlFree(ss);
    }
    crp_free(fs);

    prepare(w, node);
    if (crp_fx_nodes(run, fx, node, &nodes, &n) && clean(w) &&
        (sl->failed || !same_nodes(nodes, n, sl->obj))) {
        crp_xpath_describe_nodes(nodes, n, a, sizeof(a));
        differ(at, "nodes", a, sl, NULL);
    }
    crp_free(nodes);
}

/* Evaluates at context CI with libxml2, then with both fast-path runs. */
static void
check_at(struct world *w, const char *expr, xmlXPathCompExprPtr comp,
         const struct crp_fx *fx, int ci)
{
    struct where at = {expr, w, ci, 0};
    struct slow sl;

    prepare(w, w->ctx[ci]);
    sl.obj = xmlXPathCompiledEval(comp, w->xp);
    sl.failed = sl.obj == NULL || !clean(w);
    if (xp_limit)
        goto out;   /* libxml2 stopped at its limit: no answer to compare */
    if (sl.failed)
        failure(w, sl.why, sizeof(sl.why));
    prepare(w, w->ctx[ci]);
    sl.boolean = xmlXPathCompiledEvalToBoolean(comp, w->xp);
    if (xp_limit)
        goto out;
    if (!clean(w)) {
        sl.boolean = -1;
        failure(w, sl.why_bool, sizeof(sl.why_bool));
    }
    for (at.trusted = 1; at.trusted >= 0; at.trusted--)
        check_run(w, w->runs[!at.trusted], fx, &sl, &at);
out:
    xmlXPathFreeObject(sl.obj);
}

/* libxml2 2.9.14 walks following:: and preceding:: on into the entity
 * declarations behind references, slowly: left out (the sibling axes
 * stay in). */
static int
slow_axis(const char *expr)
{
    static const char *const names[] = {"following", "preceding"};
    const char *p;
    size_t i;

    for (i = 0; i < 2; i++)
        for (p = strstr(expr, names[i]); p; p = strstr(p + 1, names[i]))
            if (strncmp(p + strlen(names[i]), "-sibling", 8) != 0)
                return 1;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char expr[MAX_EXPR + 1];
    struct world *w;
    xmlXPathCompExprPtr comp;
    struct crp_fx *fx;
    int pick, ci;

    if (size < 3 || size - 2 > MAX_EXPR)
        return 0;
    memcpy(expr, data + 2, size - 2);
    expr[size - 2] = '\0';
    /* checklists hold their expressions in XML: valid UTF-8, no NUL */
    if (strlen(expr) != size - 2 || !xmlCheckUTF8((const xmlChar *)expr) ||
        slow_axis(expr))
        return 0;
    w = &worlds[data[0] % NWORLDS];
    pick = data[1] & 0x80 ? -1 : data[1] % w->nctx;

    xp_errors = 0;
    comp = xmlXPathCtxtCompile(w->xp, (const xmlChar *)expr);
    if (comp == NULL)
        return 0;   /* the engine refuses it at load */
    fx = crp_fx_compile(expr, w->xp);
    if (fx != NULL) {
        for (ci = 0; ci < w->nctx; ci++)
            if (pick < 0 || pick == ci)
                check_at(w, expr, comp, fx, ci);
    }
    crp_fx_free(fx);
    xmlXPathFreeCompExpr(comp);
    crp_fn_env_reset(&w->env);  /* no failure message left over */
    return 0;
}
