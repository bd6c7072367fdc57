/* cmd-test.c — casereview test: runs the <tests> of checklists (or of
 * standalone tests files) and prints one line per test, with file:line
 * for every expectation that did not hold. The format is described in
 * docs/checklist-tests.md. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "batch.h"
#include "checklist-find.h"
#include "cli.h"
#include "test-scheme.h"

#define CHECKLIST_NS "urn:casereview:checklist:1"
#define PARSE_FLAGS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

static const char usage_text[] =
    "usage: casereview test [--param NAME=VALUE]... [--data NAME=PATH]... "
    "[--verdicts FILE] [-q]\n"
    "                       [--transform MAPPING.xsl] FILE...\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Runs the tests of each FILE: a checklist holding a <tests> section, or\n"
    "a tests file (<tests checklist=\"CHECKLIST\">). A checklist's tests in\n"
    "tests/ID-tests.xml next to it are run too. FILE may be a checklist's\n"
    "name (casereview list).\n"
    "\n"
    "  --param NAME=VALUE         set a param of the checklist\n"
    "  --data NAME=PATH           use another file for a data document\n"
    "  --verdicts FILE            reviewers' decisions for items they decide\n"
    "  --transform MAPPING.xsl    turn the tests' cases from an agency's own\n"
    "                             export into casefile\n"
    "  -q, --quiet                print only the tests that fail\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 every test passes; 1 some test fails; 2 bad usage or a\n"
    "file or checklist that does not load.\n";

/* One file of tests and the checklist they exercise. */
struct suite {
    const char *file;         /* as given: used in file:line */
    char *dir;                /* its folder, to resolve hrefs */
    xmlDocPtr doc;
    xmlNodePtr tests;         /* the <tests> element, or NULL */
    struct cr_checklist *cl;
    struct cr_evaluator *ev;
    struct cr_verdicts *verdicts;   /* --verdicts, for every test */
    int quiet;
    size_t run;
    size_t failed;
};

/* What went wrong in one test: "file:line: message" lines. */
struct verdict {
    struct batch_buf msgs;
    size_t count;
};

/* ------------------------------------------------------------------ */
/* Small XML helpers                                                    */

static int
in_our_ns(xmlNodePtr n)
{
    return n->ns == NULL || xmlStrEqual(n->ns->href, BAD_CAST CHECKLIST_NS);
}

static int
is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && in_our_ns(n) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

static xmlNodePtr
first_element(xmlNodePtr n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

/* The attribute's value (malloc'd by libxml2) or NULL. */
static char *
attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, BAD_CAST name);
}

static long
line_of(xmlNodePtr n)
{
    return n ? xmlGetLineNo(n) : 0;
}

static void
fail_at(struct verdict *v, const struct suite *s, xmlNodePtr where,
        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
fail_at(struct verdict *v, const struct suite *s, xmlNodePtr where,
        const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), cli_msg(fmt), ap);
    va_end(ap);
    batch_buf_printf(&v->msgs, "        %s:%ld: %s\n", s->file, line_of(where),
                     msg);
    v->count++;
}

/* test-scheme.c reports through this. */
struct fail_ctx {
    struct verdict *v;
    const struct suite *s;
};

static void
fail_cb(void *ctx, xmlNodePtr where, const char *msg)
{
    struct fail_ctx *fc = ctx;

    fail_at(fc->v, fc->s, where, "%s", msg);
}

static char *
strndup_or_die(const char *s, size_t n)
{
    char *copy = batch_xmalloc(n + 1);

    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return batch_xstrdup(".");
    if (slash == path)
        return batch_xstrdup("/");
    return strndup_or_die(path, (size_t)(slash - path));
}

/* HREF relative to DIR (absolute hrefs are taken as they are). */
static char *
resolve(const char *dir, const char *href)
{
    struct batch_buf b = {0};

    if (href[0] == '/')
        return batch_xstrdup(href);
    batch_buf_printf(&b, "%s/%s", dir, href);
    return b.data;
}

static int
parse_number(const char *s, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && !isnan(*out) ? 0 : -1;
}

static int
parse_bool(const char *s, int *out)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Building the case document of a test                                 */

/* Moves the subtree of N out of the checklist namespace: inline cases
 * inherit the checklist's default namespace, but case files (and the
 * paths checklists use) have none. Post-order, so that a declaration is
 * dropped only once nothing below refers to it. */
static void
strip_checklist_ns(xmlNodePtr n)
{
    xmlNodePtr c;
    xmlAttrPtr a;
    xmlNsPtr *link;

    if (n->type != XML_ELEMENT_NODE)
        return;
    for (c = n->children; c; c = c->next)
        strip_checklist_ns(c);
    if (n->ns && xmlStrEqual(n->ns->href, BAD_CAST CHECKLIST_NS))
        n->ns = NULL;
    for (a = n->properties; a; a = a->next)
        if (a->ns && xmlStrEqual(a->ns->href, BAD_CAST CHECKLIST_NS))
            a->ns = NULL;
    link = &n->nsDef;
    while (*link) {
        xmlNsPtr ns = *link;
        if (xmlStrEqual(ns->href, BAD_CAST CHECKLIST_NS)) {
            *link = ns->next;
            ns->next = NULL;
            xmlFreeNs(ns);
        } else {
            link = &ns->next;
        }
    }
}

/* A copy of SRC (an element of the tests file) for DOC, namespace-free.
 * xmlDocCopyNode keeps line numbers, so findings in an inline case point
 * at lines of the tests file. */
static xmlNodePtr
copy_case_node(xmlNodePtr src, xmlDocPtr doc)
{
    xmlNodePtr copy = xmlDocCopyNode(src, doc, 1);

    if (copy)
        strip_checklist_ns(copy);
    return copy;
}

static xmlNodePtr
find_shared_case(const struct suite *s, const char *id)
{
    xmlNodePtr k;

    for (k = s->tests->children; k; k = k->next) {
        if (is_el(k, "case-document")) {
            char *kid = attr(k, "id");
            int same = kid && strcmp(kid, id) == 0;
            xmlFree(kid);
            if (same)
                return k;
        }
    }
    return NULL;
}

/* The document a <case-document> (or a <test href>) stands for: the
 * file its href names, or a fresh document whose root is a copy of its
 * first element child. NULL after reporting why. */
static xmlDocPtr
case_from_holder(struct suite *s, xmlNodePtr holder, struct verdict *v,
                 char **source)
{
    char *href = attr(holder, "href");
    xmlDocPtr doc = NULL;

    if (href) {
        char *path = resolve(s->dir, href);
        doc = xmlReadFile(path, NULL, PARSE_FLAGS | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
        if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
            fail_at(v, s, holder, "cannot read case file %s", path);
            xmlFreeDoc(doc);
            doc = NULL;
            free(path);
        } else {
            *source = path;
        }
        xmlFree(href);
        return doc;
    }
    if (!is_el(holder, "case-document")) {
        fail_at(v, s, holder, "test has no case: give href=, case= or a "
                              "<case-document>");
        return NULL;
    }
    if (first_element(holder->children) == NULL) {
        fail_at(v, s, holder, "<case-document> holds no element and no href");
        return NULL;
    }
    doc = xmlNewDoc(BAD_CAST "1.0");
    if (doc)
        xmlDocSetRootElement(doc, copy_case_node(first_element(
                                                     holder->children), doc));
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        cli_error("out of memory");
        exit(CLI_EXIT_USAGE);
    }
    return doc;
}

static xmlDocPtr
case_of_test(struct suite *s, xmlNodePtr test, struct verdict *v,
             char **source)
{
    char *href = attr(test, "href");
    char *base = attr(test, "case");
    xmlNodePtr holder = test, k;
    xmlDocPtr doc;

    for (k = test->children; k; k = k->next)
        if (is_el(k, "case-document"))
            holder = k;
    if ((href != NULL) + (base != NULL) + (holder != test) > 1) {
        fail_at(v, s, test, "test names more than one case (href=, case=, "
                            "<case-document>)");
        xmlFree(href);
        xmlFree(base);
        return NULL;
    }
    if (base) {
        holder = find_shared_case(s, base);
        if (holder == NULL)
            fail_at(v, s, test, "no <case-document id=\"%s\"> in <tests>",
                    base);
    }
    xmlFree(href);
    xmlFree(base);
    if (holder == NULL)
        return NULL;
    doc = case_from_holder(s, holder, v, source);
    return doc;
}

/* ------------------------------------------------------------------ */
/* Edits: RFC 5261-style <add>, <replace>, <remove> on the case         */

static xmlXPathObjectPtr
select_nodes(struct suite *s, xmlDocPtr doc, xmlNodePtr op, struct verdict *v)
{
    char *sel = attr(op, "sel");
    xmlXPathContextPtr ctx;
    xmlXPathObjectPtr obj = NULL;

    if (sel == NULL) {
        fail_at(v, s, op, "<%s> needs sel=", (const char *)op->name);
        return NULL;
    }
    ctx = xmlXPathNewContext(doc);
    if (ctx) {
        ctx->node = xmlDocGetRootElement(doc);
        obj = xmlXPathEvalExpression(BAD_CAST sel, ctx);
        xmlXPathFreeContext(ctx);
    }
    if (obj == NULL || obj->type != XPATH_NODESET) {
        fail_at(v, s, op, "sel=\"%s\" is not a node-set expression", sel);
        xmlXPathFreeObject(obj);
        obj = NULL;
    } else if (xmlXPathNodeSetIsEmpty(obj->nodesetval)) {
        /* an edit that no longer applies must not pass silently */
        fail_at(v, s, op, "sel=\"%s\" selects nothing in the case", sel);
        xmlXPathFreeObject(obj);
        obj = NULL;
    }
    xmlFree(sel);
    return obj;
}

static int
has_ancestor_in(xmlNodePtr n, xmlNodeSetPtr set)
{
    xmlNodePtr p;

    for (p = n->parent; p; p = p->parent)
        if (xmlXPathNodeSetContains(set, p))
            return 1;
    return 0;
}

/* Drops from SET the namespace nodes and the nodes inside another node
 * of SET: they go with it, and must not be touched once it is freed. */
static void
keep_outermost(xmlNodeSetPtr set)
{
    int i, kept = 0;
    xmlNodePtr *keep = batch_xmalloc((size_t)set->nodeNr * sizeof(*keep) + 1);

    for (i = 0; i < set->nodeNr; i++) {
        xmlNodePtr n = set->nodeTab[i];
        if (n->type != XML_NAMESPACE_DECL && !has_ancestor_in(n, set))
            keep[kept++] = n;
    }
    for (i = 0; i < set->nodeNr; i++)
        if (set->nodeTab[i]->type == XML_NAMESPACE_DECL)
            xmlXPathNodeSetFreeNs((xmlNsPtr)set->nodeTab[i]);
    memcpy(set->nodeTab, keep, (size_t)kept * sizeof(*keep));
    set->nodeNr = kept;
    free(keep);
}

static void
apply_remove(xmlNodeSetPtr set)
{
    int i;

    for (i = 0; i < set->nodeNr; i++) {
        xmlNodePtr n = set->nodeTab[i];
        if (n->type == XML_ATTRIBUTE_NODE) {
            xmlRemoveProp((xmlAttrPtr)n);
        } else {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        }
        set->nodeTab[i] = NULL;
    }
}

/* Inserts copies of the element children of OP at N: as its last (POS
 * "append") or first ("prepend") children, or as siblings. */
static void
insert_copies(xmlNodePtr op, xmlNodePtr n, const char *pos)
{
    xmlNodePtr k, anchor = NULL;

    if (strcmp(pos, "prepend") == 0)
        anchor = n->children;
    for (k = op->children; k; k = k->next) {
        xmlNodePtr copy;
        if (k->type != XML_ELEMENT_NODE)
            continue;
        copy = copy_case_node(k, n->doc);
        if (strcmp(pos, "before") == 0) {
            xmlAddPrevSibling(n, copy);
        } else if (strcmp(pos, "after") == 0) {
            xmlAddNextSibling(n, copy);
            n = copy; /* keep the copies in their order */
        } else if (anchor) {
            xmlAddPrevSibling(anchor, copy);
        } else {
            xmlAddChild(n, copy);
        }
    }
}

static int
op_has_elements(xmlNodePtr op)
{
    return first_element(op->children) != NULL;
}

static void
apply_add(struct suite *s, xmlNodePtr op, xmlNodeSetPtr set,
          struct verdict *v)
{
    char *type = attr(op, "type");
    char *pos = attr(op, "pos");
    const char *where = pos ? pos : "append";
    int i;

    if (strcmp(where, "append") != 0 && strcmp(where, "prepend") != 0 &&
        strcmp(where, "before") != 0 && strcmp(where, "after") != 0) {
        fail_at(v, s, op, "pos=\"%s\": expected append, prepend, before or "
                          "after", where);
    } else if (type && type[0] != '@') {
        fail_at(v, s, op, "type=\"%s\": only type=\"@NAME\" (an attribute) "
                          "is supported", type);
    } else if (type == NULL && !op_has_elements(op)) {
        fail_at(v, s, op, "<add> holds no element to add");
    } else {
        xmlChar *text = xmlNodeGetContent(op);
        for (i = 0; i < set->nodeNr; i++) {
            xmlNodePtr n = set->nodeTab[i];
            if (n->type != XML_ELEMENT_NODE)
                continue;
            if (type)
                xmlSetProp(n, BAD_CAST type + 1, text ? text : BAD_CAST "");
            else
                insert_copies(op, n, where);
        }
        xmlFree(text);
    }
    xmlFree(type);
    xmlFree(pos);
}

static void
apply_replace(xmlNodePtr op, xmlNodeSetPtr set)
{
    xmlChar *text = xmlNodeGetContent(op);
    int i;

    for (i = 0; i < set->nodeNr; i++) {
        xmlNodePtr n = set->nodeTab[i];
        if (n->type == XML_ELEMENT_NODE && op_has_elements(op)) {
            insert_copies(op, n, "before");
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            set->nodeTab[i] = NULL;
        } else {
            /* an attribute's value, a text, or an element's content */
            xmlNodeSetContent(n, text ? text : BAD_CAST "");
        }
    }
    xmlFree(text);
}

/* Applies the test's edits in document order; -1 when one failed. */
static int
apply_edits(struct suite *s, xmlNodePtr test, xmlDocPtr doc,
            struct verdict *v)
{
    xmlNodePtr op;
    size_t before = v->count;

    for (op = test->children; op; op = op->next) {
        xmlXPathObjectPtr obj;
        if (!is_el(op, "add") && !is_el(op, "replace") && !is_el(op, "remove"))
            continue;
        obj = select_nodes(s, doc, op, v);
        if (obj == NULL)
            continue;
        if (!is_el(op, "add"))
            keep_outermost(obj->nodesetval);
        if (is_el(op, "remove"))
            apply_remove(obj->nodesetval);
        else if (is_el(op, "replace"))
            apply_replace(op, obj->nodesetval);
        else
            apply_add(s, op, obj->nodesetval, v);
        xmlXPathFreeObject(obj);
    }
    return v->count == before ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Expectations                                                         */

static int
state_from_str(const char *s, enum cr_item_state *out)
{
    static const enum cr_item_state states[] = {
        CR_ITEM_PASSED, CR_ITEM_FAILED, CR_ITEM_NOT_APPLICABLE, CR_ITEM_ERROR,
        CR_ITEM_PENDING};
    size_t i;

    for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
        if (strcmp(s, cr_item_state_to_str(states[i])) == 0) {
            *out = states[i];
            return 0;
        }
    }
    return -1;
}

/* Attributes of EL outside ALLOWED (a NULL-terminated list) are reported:
 * a misspelt expectation must not pass by checking nothing. */
static void
check_attributes(struct suite *s, xmlNodePtr el, const char *const *allowed,
                 struct verdict *v)
{
    xmlAttrPtr a;
    size_t i;

    for (a = el->properties; a; a = a->next) {
        int known = 0;
        for (i = 0; allowed[i]; i++)
            known |= xmlStrEqual(a->name, BAD_CAST allowed[i]);
        if (!known)
            fail_at(v, s, el, "<%s>: unknown attribute %s=",
                    (const char *)el->name, (const char *)a->name);
    }
}

static const struct cr_item_result *
find_item_result(const struct cr_result *res, const char *id)
{
    size_t i;

    for (i = 0; i < cr_result_get_item_count(res); i++)
        if (strcmp(cr_item_result_get_id(cr_result_get_item(res, i)), id) == 0)
            return cr_result_get_item(res, i);
    return NULL;
}

/* The findings' messages, for a failure report. */
static void
describe_findings(const struct cr_item_result *it, char *out, size_t size)
{
    size_t i, n = cr_item_result_get_finding_count(it), used = 0;

    out[0] = '\0';
    if (cr_item_result_get_error(it))
        snprintf(out, size, cli_msg(" (error: %s)"),
                 cr_item_result_get_error(it));
    for (i = 0; i < n && i < 3 && used < size; i++)
        used += (size_t)snprintf(out + used, size - used,
                                 cli_msg("%s\"%s\""),
                                 i ? cli_msg(", ") : cli_msg(" (findings: "),
                                 cr_finding_get_message(
                                     cr_item_result_get_finding(it, i)));
    if (n > 3 && used < size)
        used += (size_t)snprintf(out + used, size - used,
                                 cli_msg(", … %zu in all"), n);
    if (n > 0 && used < size)
        snprintf(out + used, size - used, "%s", cli_msg(")"));
}

/* Every finding, listed or past max-findings. */
static size_t
all_findings(const struct cr_item_result *it)
{
    return cr_item_result_get_finding_count(it) +
           cr_item_result_get_findings_omitted(it);
}

static int
some_message_contains(const struct cr_item_result *it, const char *needle)
{
    size_t i;

    for (i = 0; i < cr_item_result_get_finding_count(it); i++)
        if (strstr(cr_finding_get_message(cr_item_result_get_finding(it, i)),
                   needle))
            return 1;
    return 0;
}

static void
check_expect_item(struct suite *s, xmlNodePtr el, const struct cr_result *res,
                  struct verdict *v)
{
    static const char *const allowed[] = {"item", "state", "deducted",
                                          "message-contains", "findings",
                                          "earned", "machine-state", "hints",
                                          NULL};
    struct fail_ctx fc = {v, s};
    char *id = attr(el, "item"), *state = attr(el, "state");
    char *deducted = attr(el, "deducted"), *needle = attr(el, "message-contains");
    char *findings = attr(el, "findings");
    const struct cr_item_result *it;
    enum cr_item_state want;
    char seen[1024];
    double num;

    check_attributes(s, el, allowed, v);
    if (id == NULL) {
        fail_at(v, s, el, "<expect> needs item=");
        goto out;
    }
    it = find_item_result(res, id);
    if (it == NULL) {
        fail_at(v, s, el, "no item %s in the checklist", id);
        goto out;
    }
    if (!state && !deducted && !needle && !findings &&
        !xmlHasProp(el, BAD_CAST "earned") &&
        !xmlHasProp(el, BAD_CAST "machine-state") &&
        !xmlHasProp(el, BAD_CAST "hints"))
        fail_at(v, s, el, "<expect item=\"%s\"> expects nothing", id);
    test_scheme_expect_item(el, it, fail_cb, &fc);
    describe_findings(it, seen, sizeof(seen));
    if (state && state_from_str(state, &want) != 0)
        fail_at(v, s, el, "state=\"%s\": expected passed, failed, "
                          "not-applicable, error or pending", state);
    else if (state && cr_item_result_get_state(it) != want)
        fail_at(v, s, el, "item %s: expected %s, got %s%s", id, state,
                cr_item_state_to_str(cr_item_result_get_state(it)), seen);
    if (deducted && parse_number(deducted, &num) != 0)
        fail_at(v, s, el, "deducted=\"%s\" is not a number", deducted);
    else if (deducted && fabs(cr_item_result_get_deducted(it) - num) > 0.005)
        fail_at(v, s, el, "item %s: expected deducted %s, got %g", id,
                deducted, cr_item_result_get_deducted(it));
    if (findings && parse_number(findings, &num) != 0)
        fail_at(v, s, el, "findings=\"%s\" is not a number", findings);
    else if (findings && (double)all_findings(it) != num)
        fail_at(v, s, el, "item %s: expected %s finding(s), got %zu%s", id,
                findings, all_findings(it), seen);
    if (needle && !some_message_contains(it, needle))
        fail_at(v, s, el, "item %s: no finding's message contains \"%s\"%s",
                id, needle, seen[0] ? seen : cli_msg(" (no findings)"));
out:
    xmlFree(id);
    xmlFree(state);
    xmlFree(deducted);
    xmlFree(needle);
    xmlFree(findings);
}

static void
check_expect_score(struct suite *s, xmlNodePtr el, const struct cr_result *res,
                   struct verdict *v)
{
    static const char *const allowed[] = {"value", NULL};
    char *value = attr(el, "value");
    struct fail_ctx fc = {v, s};

    check_attributes(s, el, allowed, v);
    /* a number, or null: no score (checklist 1.1, veto="unscored") */
    if (value == NULL || test_scheme_score(el, value, res, fail_cb, &fc) != 0)
        fail_at(v, s, el, "<expect-score> needs value=NUMBER (or null)");
    xmlFree(value);
}

static void
check_expect_grade(struct suite *s, xmlNodePtr el, const struct cr_result *res,
                   struct verdict *v)
{
    static const char *const allowed[] = {"id", NULL};
    char *id = attr(el, "id");
    const char *got = cr_result_get_grade_id(res);

    check_attributes(s, el, allowed, v);
    if (id == NULL)
        fail_at(v, s, el, "<expect-grade> needs id=");
    else if (got == NULL || strcmp(got, id) != 0)
        fail_at(v, s, el, "expected grade %s, got %s", id,
                got ? got : cli_msg("(none)"));
    xmlFree(id);
}

static int
veto_fired(const struct cr_result *res, const char *id)
{
    size_t i;

    for (i = 0; i < cr_result_get_veto_count(res); i++)
        if (strcmp(cr_result_get_veto(res, i), id) == 0)
            return 1;
    return 0;
}

static void
check_expect_veto(struct suite *s, xmlNodePtr el, const struct cr_result *res,
                  struct verdict *v)
{
    static const char *const allowed[] = {"value", "item", NULL};
    char *value = attr(el, "value"), *item = attr(el, "item");
    int want = 1;

    check_attributes(s, el, allowed, v);
    if (value && parse_bool(value, &want) != 0)
        fail_at(v, s, el, "value=\"%s\": expected true or false", value);
    else if (item && veto_fired(res, item) != want)
        fail_at(v, s, el, want ? "expected veto %s to fire, it did not"
                               : "expected veto %s not to fire, it did",
                item);
    else if (!item && cr_result_is_vetoed(res) != want)
        fail_at(v, s, el, "%s",
                want ? cli_msg("expected the case vetoed, it was not")
                     : cli_msg("expected the case not vetoed, it was"));
    xmlFree(value);
    xmlFree(item);
}

/* The item ids named by <expect item=...> in TEST. */
static int
named_by_expect(xmlNodePtr test, const char *id)
{
    xmlNodePtr k;

    for (k = test->children; k; k = k->next) {
        if (is_el(k, "expect")) {
            char *item = attr(k, "item");
            int same = item && strcmp(item, id) == 0;
            xmlFree(item);
            if (same)
                return 1;
        }
    }
    return 0;
}

/* <expect-others state="passed not-applicable"/>: every item no <expect>
 * names ends in one of the listed states. */
static void
check_expect_others(struct suite *s, xmlNodePtr test, xmlNodePtr el,
                    const struct cr_result *res, struct verdict *v)
{
    static const char *const allowed[] = {"state", NULL};
    char *states = attr(el, "state");
    unsigned int ok_mask = 0;
    size_t i;

    check_attributes(s, el, allowed, v);
    if (states) {
        char *save = NULL, *tok;
        for (tok = strtok_r(states, " \t\n", &save); tok;
             tok = strtok_r(NULL, " \t\n", &save)) {
            enum cr_item_state st;
            if (state_from_str(tok, &st) != 0) {
                fail_at(v, s, el, "state \"%s\": expected passed, failed, "
                                  "not-applicable or error", tok);
                ok_mask = 0;
                break;
            }
            ok_mask |= 1u << st;
        }
    }
    if (ok_mask == 0) {
        if (!states)
            fail_at(v, s, el, "<expect-others> needs state=");
        xmlFree(states);
        return;
    }
    for (i = 0; i < cr_result_get_item_count(res); i++) {
        const struct cr_item_result *it = cr_result_get_item(res, i);
        enum cr_item_state st = cr_item_result_get_state(it);
        char seen[1024];
        if (ok_mask & (1u << st) || named_by_expect(test, cr_item_result_get_id(it)))
            continue;
        describe_findings(it, seen, sizeof(seen));
        fail_at(v, s, el, "item %s: expected %s, got %s%s",
                cr_item_result_get_id(it), states, cr_item_state_to_str(st),
                seen);
    }
    xmlFree(states);
}

/* <test score="N" grade="G" vetoed="B">: the same as <expect-score>,
 * <expect-grade> and <expect-veto>. Returns how many it checked. */
static int
check_test_shorthands(struct suite *s, xmlNodePtr test,
                      const struct cr_result *res, struct verdict *v)
{
    char *score = attr(test, "score"), *grade = attr(test, "grade");
    char *vetoed = attr(test, "vetoed");
    int n = (score != NULL) + (grade != NULL) + (vetoed != NULL), want;
    const char *got = cr_result_get_grade_id(res);
    struct fail_ctx fc = {v, s};

    if (score && test_scheme_score(test, score, res, fail_cb, &fc) != 0)
        fail_at(v, s, test, "score=\"%s\" is not a number", score);
    if (grade && (got == NULL || strcmp(got, grade) != 0))
        fail_at(v, s, test, "expected grade %s, got %s", grade,
                got ? got : cli_msg("(none)"));
    if (vetoed && parse_bool(vetoed, &want) != 0)
        fail_at(v, s, test, "vetoed=\"%s\": expected true or false", vetoed);
    else if (vetoed && cr_result_is_vetoed(res) != want)
        fail_at(v, s, test, "%s",
                want ? cli_msg("expected the case vetoed, it was not")
                     : cli_msg("expected the case not vetoed, it was"));
    xmlFree(score);
    xmlFree(grade);
    xmlFree(vetoed);
    return n;
}

static void
check_expectations(struct suite *s, xmlNodePtr test,
                   const struct cr_result *res, struct verdict *v)
{
    xmlNodePtr k;
    int expects = 0;

    for (k = test->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || !in_our_ns(k))
            continue;
        expects++;
        if (is_el(k, "expect"))
            check_expect_item(s, k, res, v);
        else if (is_el(k, "expect-score"))
            check_expect_score(s, k, res, v);
        else if (is_el(k, "expect-grade"))
            check_expect_grade(s, k, res, v);
        else if (is_el(k, "expect-veto"))
            check_expect_veto(s, k, res, v);
        else if (is_el(k, "expect-others"))
            check_expect_others(s, test, k, res, v);
        else if (!test_scheme_expect(k, res, fail_cb,
                                     &(struct fail_ctx){v, s}))
            expects--;
    }
    expects += check_test_shorthands(s, test, res, v);
    if (expects == 0)
        fail_at(v, s, test, "test expects nothing");
}

/* Elements a <test> may hold; anything else is a mistake worth naming. */
static void
check_test_children(struct suite *s, xmlNodePtr test, struct verdict *v)
{
    static const char *const known[] = {
        "case-document", "description", "param", "add", "replace", "remove",
        "expect", "expect-score", "expect-grade", "expect-veto",
        "expect-others", "expect-score-range", "expect-pending",
        "expect-grade-caps", "expect-bonus", "expect-category",
        "expect-complete", "verdict", NULL};
    static const char *const allowed[] = {"name", "href", "case", "score",
                                          "grade", "vetoed", "verdicts",
                                          NULL};
    xmlNodePtr k;
    size_t i;

    check_attributes(s, test, allowed, v);
    for (k = test->children; k; k = k->next) {
        int ok = 0;
        if (k->type != XML_ELEMENT_NODE)
            continue;
        for (i = 0; known[i]; i++)
            ok |= is_el(k, known[i]);
        if (!ok)
            fail_at(v, s, k, "unknown element <%s> in <test>",
                    (const char *)k->name);
    }
}

/* ------------------------------------------------------------------ */
/* Running one test                                                     */

/* Sets the test's <param name value/> on the evaluator (SET) or puts
 * them back to the checklist's values. */
static void
test_params(struct suite *s, xmlNodePtr test, int set, struct verdict *v)
{
    xmlNodePtr k;

    for (k = test->children; k; k = k->next) {
        char *name, *value;
        if (!is_el(k, "param"))
            continue;
        name = attr(k, "name");
        value = attr(k, "value");
        if (name == NULL || value == NULL) {
            if (set)
                fail_at(v, s, k, "<param> needs name= and value=");
        } else if (cr_evaluator_set_param(s->ev, name, set ? value : NULL) !=
                       CR_OK &&
                   set) {
            char *why = NULL;
            cr_checklist_check_param(s->cl, name, value, &why);
            fail_at(v, s, k, "%s", why ? why : "?");
            cr_free(why);
        }
        xmlFree(name);
        xmlFree(value);
    }
}

static void
run_test(struct suite *s, xmlNodePtr test, struct verdict *v)
{
    char *source = NULL;
    xmlDocPtr doc;
    struct cr_result *res = NULL;
    enum cr_status st;

    check_test_children(s, test, v);
    doc = case_of_test(s, test, v, &source);
    if (doc == NULL || apply_edits(s, test, doc, v) != 0) {
        xmlFreeDoc(doc);
        free(source);
        return;
    }
    test_params(s, test, 1, v);
    st = cr_evaluator_score_doc(s->ev, doc, source ? source : s->file, &res);
    /* verdicts the test carries are for its case: scored once for the
     * case id, then again with them */
    if (res && !cr_result_is_error(res)) {
        struct cr_verdicts *tv = NULL;
        struct fail_ctx fc = {v, s};
        if (test_scheme_verdicts(test, s->cl, cr_result_get_case_id(res),
                                 s->dir, &tv, fail_cb, &fc) != 0) {
            cr_result_free(res);
            res = NULL;
        } else if (tv) {
            cr_result_free(res);
            res = NULL;
            cr_evaluator_set_verdicts(s->ev, tv);
            st = cr_evaluator_score_doc(s->ev, doc, source ? source : s->file,
                                        &res);
            cr_evaluator_set_verdicts(s->ev, s->verdicts);
            cr_verdicts_unref(tv);
        }
    }
    test_params(s, test, 0, v);
    if (res == NULL && v->count == 0)
        fail_at(v, s, test, "cannot score the case: %s", cli_status_text(st));
    else if (res == NULL)
        ;   /* its verdicts did not load: said above */
    else if (cr_result_is_error(res))
        fail_at(v, s, test, "cannot score the case: %s",
                cr_result_get_error_message(res));
    else
        check_expectations(s, test, res, v);
    cr_result_free(res);
    xmlFreeDoc(doc);
    free(source);
}

static void
run_suite(struct suite *s)
{
    xmlNodePtr k;

    for (k = s->tests->children; k; k = k->next) {
        struct verdict v = {{NULL, 0, 0}, 0};
        char *name;
        if (k->type != XML_ELEMENT_NODE || !in_our_ns(k) ||
            is_el(k, "case-document") || is_el(k, "description"))
            continue;
        s->run++;
        if (!is_el(k, "test")) {
            name = (char *)xmlStrdup(k->name);
            fail_at(&v, s, k, "unknown element <%s> in <tests>", name);
        } else {
            name = attr(k, "name");
            if (name == NULL)
                fail_at(&v, s, k, "<test> needs name=");
            else
                run_test(s, k, &v);
        }
        if (v.count)
            s->failed++;
        if (v.count || !s->quiet)
            printf(v.count ? cli_msg("  FAIL  %s (line %ld)\n")
                           : cli_msg("  ok    %s (line %ld)\n"),
                   name ? name : "?", line_of(k));
        if (v.msgs.data)
            fputs(v.msgs.data, stdout);
        batch_buf_free(&v.msgs);
        xmlFree(name);
    }
}

/* ------------------------------------------------------------------ */
/* Files                                                                */

static xmlNodePtr
tests_of_checklist(xmlNodePtr root)
{
    xmlNodePtr k;

    for (k = root->children; k; k = k->next)
        if (is_el(k, "tests"))
            return k;
    return NULL;
}

/* 1 when FILE is a file that can be read; else 0 after saying why in
 * the user's words (a folder gets what to write instead). */
static int
readable_file(const char *file)
{
    struct stat sb;
    FILE *f;

    if (stat(file, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        int n = (int)strlen(file);
        while (n > 1 && file[n - 1] == '/')
            n--;
        cli_error("'%s' is a folder, not a checklist or tests file: name the "
                  "files in it, as in casereview test %.*s/*.xml", file, n,
                  file);
        return 0;
    }
    f = fopen(file, "rb");
    if (f == NULL) {
        cli_error("%s: %s", file, cli_errno_text(errno));
        return 0;
    }
    fclose(f);
    return 1;
}

/* Opens FILE: a checklist with <tests>, or a <tests checklist="..."/>
 * file. Returns the checklist's path (malloc'd) or NULL after saying why. */
static char *
open_suite(struct suite *s, const char *file)
{
    xmlNodePtr root;
    char *href;

    s->file = file;
    s->dir = dir_of(file);
    if (!readable_file(file))
        return NULL;
    s->doc = xmlReadFile(file, NULL, PARSE_FLAGS | XML_PARSE_NOERROR |
                                         XML_PARSE_NOWARNING);
    root = s->doc ? xmlDocGetRootElement(s->doc) : NULL;
    if (root == NULL) {
        const xmlError *e = xmlGetLastError();
        char detail[512];
        size_t n;
        /* libxml2's own English text stays, as the detail */
        snprintf(detail, sizeof detail, "%s",
                 e && e->message ? e->message : "");
        n = strlen(detail);
        while (n > 0 && (detail[n - 1] == '\n' || detail[n - 1] == ' '))
            detail[--n] = '\0';
        cli_error("%s:%d: not a well-formed XML file (%s)", file,
                  e ? e->line : 0, detail);
        return NULL;
    }
    if (is_el(root, "checklist")) {
        s->tests = tests_of_checklist(root);
        return batch_xstrdup(file);
    }
    if (!is_el(root, "tests")) {
        cli_error("%s:%ld: expected <checklist> or <tests> in %s", file,
                  line_of(root), CHECKLIST_NS);
        return NULL;
    }
    s->tests = root;
    href = attr(root, "checklist");
    if (href == NULL) {
        cli_error("%s:%ld: <tests> needs checklist=\"PATH\"", file,
                  line_of(root));
        return NULL;
    }
    file = resolve(s->dir, href);
    xmlFree(href);
    return (char *)file;
}

static void
close_suite(struct suite *s)
{
    cr_verdicts_unref(s->verdicts);
    cr_evaluator_free(s->ev);
    cr_checklist_unref(s->cl);
    xmlFreeDoc(s->doc);
    free(s->dir);
}

/* The tests file that goes with a checklist: DIR/tests/ID-tests.xml,
 * when it exists and names CHECKLIST (the same file) as its checklist.
 * Shipped checklists keep their tests there, out of the rules' way. */
static char *
companion_of(const char *dir, const char *id, const char *checklist)
{
    struct batch_buf path = {0};
    char *named = NULL, *href, *want = NULL, *got = NULL;
    xmlDocPtr doc;
    xmlNodePtr root;

    batch_buf_printf(&path, "%s/tests/%s-tests.xml", dir, id);
    if (access(path.data, R_OK) != 0) {
        batch_buf_free(&path);
        return NULL;
    }
    doc = xmlReadFile(path.data, NULL, PARSE_FLAGS | XML_PARSE_NOERROR |
                                           XML_PARSE_NOWARNING);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    href = root && is_el(root, "tests") ? attr(root, "checklist") : NULL;
    if (href) {
        char *tests_dir = dir_of(path.data);
        named = resolve(tests_dir, href);
        free(tests_dir);
        want = realpath(checklist, NULL);
        got = realpath(named, NULL);
    }
    if (!want || !got || strcmp(want, got) != 0)
        batch_buf_free(&path);
    xmlFree(href);
    xmlFreeDoc(doc);
    free(named);
    free(want);
    free(got);
    return path.data;
}

/* Runs FILE's tests; returns the exit status for it. */
static int
test_file(const char *file, const struct cr_load_options *opts,
          const char *verdicts, int quiet, struct cr_transform *tf,
          size_t *run, size_t *failed)
{
    struct suite s;
    char *checklist, *companion;
    int status = CLI_EXIT_OK;

    memset(&s, 0, sizeof(s));
    s.quiet = quiet;
    checklist = open_suite(&s, file);
    if (checklist)
        s.cl = cli_load_checklist(checklist, opts);
    if (s.cl && verdicts)
        s.verdicts = cli_load_verdicts(s.cl, verdicts);
    if (s.cl == NULL || cr_evaluator_new(s.cl, &s.ev) != CR_OK ||
        cli_set_transform(s.ev, tf) != 0) {
        if (checklist)
            cli_error("%s: the checklist does not load", file);
        free(checklist);
        close_suite(&s);
        return CLI_EXIT_USAGE;
    }
    if (verdicts && (s.verdicts == NULL ||
                     cr_evaluator_set_verdicts(s.ev, s.verdicts) != CR_OK)) {
        cli_error("%s: the verdicts %s do not load", file, verdicts);
        free(checklist);
        close_suite(&s);
        return CLI_EXIT_USAGE;
    }
    companion = is_el(xmlDocGetRootElement(s.doc), "checklist")
                    ? companion_of(s.dir, cr_checklist_get_id(s.cl), checklist)
                    : NULL;
    /* a checklist whose tests all live in its companion says nothing */
    if (s.tests || companion == NULL) {
        printf(cli_msg("%s (%s)\n"), file, cr_checklist_get_id(s.cl));
        if (s.tests)
            run_suite(&s);
        printf(cli_msg("%s: %zu test(s), %zu passed, %zu failed\n"), file,
               s.run, s.run - s.failed, s.failed);
    }
    if (s.failed)
        status = CLI_EXIT_INCOMPLETE;
    *run += s.run;
    *failed += s.failed;
    free(checklist);
    close_suite(&s);
    if (companion) {
        int st = test_file(companion, opts, verdicts, quiet, tf, run,
                           failed);
        if (st > status)
            status = st;
        free(companion);
    }
    return status;
}

int
cmd_test(int argc, char **argv)
{
    struct cr_load_options *opts = NULL;
    struct cr_transform *tf = NULL;
    int i, quiet = 0, files = 0, status = CLI_EXIT_OK;
    size_t run = 0, failed = 0;
    const char *verdicts = NULL;

    if (cli_options_new(&opts) != CR_OK)
        return CLI_EXIT_USAGE;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            cr_load_options_free(opts);
            cr_transform_unref(tf);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--verdicts") == 0 && i + 1 < argc) {
            verdicts = argv[++i];
        } else if (strcmp(a, "--transform") == 0 && i + 1 < argc) {
            cr_transform_unref(tf);
            if ((tf = cli_load_transform(argv[++i])) == NULL) {
                cr_load_options_free(opts);
                return CLI_EXIT_USAGE;
            }
        } else if ((strcmp(a, "--param") == 0 || strcmp(a, "--data") == 0) &&
                   i + 1 < argc) {
            if (cli_add_override(opts, argv[++i], a[2] == 'd') != 0) {
                cr_load_options_free(opts);
                cr_transform_unref(tf);
                return CLI_EXIT_USAGE;
            }
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("unknown or incomplete option '%s'", a);
            fputs(cli_msg(usage_text), stderr);
            cr_load_options_free(opts);
            cr_transform_unref(tf);
            return CLI_EXIT_USAGE;
        } else {
            break;
        }
    }
    for (; i < argc; i++) {
        char *path = cli_checklist_path(argv[i]);
        int st = path ? test_file(path, opts, verdicts, quiet, tf, &run,
                                  &failed)
                      : CLI_EXIT_USAGE;
        free(path);
        files++;
        if (st > status)
            status = st;
    }
    cr_load_options_free(opts);
    cr_transform_unref(tf);
    if (files == 0) {
        cli_error("give a checklist or a tests file");
        fputs(cli_msg(usage_text), stderr);
        return CLI_EXIT_USAGE;
    }
    if (files > 1)
        printf(cli_msg("total: %zu test(s), %zu passed, %zu failed\n"), run,
               run - failed, failed);
    if (cli_flush_stdout("test", "results") != 0)
        status = CLI_EXIT_USAGE;
    return status;
}
