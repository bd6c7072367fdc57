/* checklist-load.c — turns the checklist XML into the model of
 * checklist.h, checking its shape: elements, attributes, numbers, ids,
 * points. Every problem is recorded; loading goes on to find the rest. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "checklist.h"
#include "diag.h"
#include "functions.h"
#include "strbuf.h"

#define CL_NS "urn:casereview:checklist:1"
#define MAX_POINTS 1e6

struct loader {
    struct cr_checklist *cl;
    const char *file;
    struct cr_diag_list *diags;
    int errors;
    int oom;
};

static void
problem(struct loader *ld, xmlNodePtr node, enum crp_diag_code code,
        const char *fmt, const char *a, const char *b)
{
    crp_diag_add(ld->diags, code, CR_SEVERITY_ERROR, ld->file,
                 node ? (int)xmlGetLineNo(node) : 0, 0, fmt, a, b);
    ld->errors++;
}

static int
is_ours(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, CL_NS) == 0;
}

static int
named(xmlNodePtr n, const char *name)
{
    return strcmp((const char *)n->name, name) == 0;
}

/* Reports attributes of N (without a namespace) not in ALLOWED. */
static void
check_attributes(struct loader *ld, xmlNodePtr n, const char *const *allowed)
{
    xmlAttrPtr a;
    size_t i;

    for (a = n->properties; a; a = a->next) {
        int ok = a->ns != NULL;  /* xml:* and foreign attributes are fine */
        for (i = 0; !ok && allowed[i]; i++)
            ok = strcmp((const char *)a->name, allowed[i]) == 0;
        if (!ok)
            problem(ld, n, CRP_DIAG_UNKNOWN_ATTRIBUTE,
                    "unknown attribute '%s' on <%s>", (const char *)a->name,
                    (const char *)n->name);
    }
}

static char *
attr(struct loader *ld, xmlNodePtr n, const char *name)
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

static char *
required(struct loader *ld, xmlNodePtr n, const char *name)
{
    char *s = attr(ld, n, name);

    if (s == NULL && !ld->oom)
        problem(ld, n, CRP_DIAG_MISSING_ATTRIBUTE,
                "<%s> needs the attribute '%s'", (const char *)n->name, name);
    return s;
}

static char *
attr_or(struct loader *ld, xmlNodePtr n, const char *name, const char *def)
{
    char *s = attr(ld, n, name);

    if (s == NULL && !ld->oom) {
        s = crp_strdup(def);
        if (s == NULL)
            ld->oom = 1;
    }
    return s;
}

/* A non-negative decimal number no larger than MAX_POINTS. */
static int
number(struct loader *ld, xmlNodePtr n, const char *name, double def,
       double *out)
{
    char *s = attr(ld, n, name), *end;
    double v;

    *out = def;
    if (s == NULL)
        return 0;
    v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end != '\0' || !isfinite(v) || v < 0 ||
        v > MAX_POINTS || strspn(s, " \t0123456789.") != strlen(s)) {
        problem(ld, n, CRP_DIAG_BAD_NUMBER,
                "attribute '%s' is not a number from 0 to 1000000: '%s'",
                name, s);
        crp_free(s);
        return -1;
    }
    crp_free(s);
    *out = v;
    return 1;
}

static int
boolean(struct loader *ld, xmlNodePtr n, const char *name, int *out)
{
    char *s = attr(ld, n, name);

    *out = 0;
    if (s == NULL)
        return 0;
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcmp(s, "false") != 0 && strcmp(s, "0") != 0)
        problem(ld, n, CRP_DIAG_BAD_VALUE,
                "attribute '%s' must be true or false, not '%s'", name, s);
    crp_free(s);
    return 1;
}

/* The 1.1 scoring attributes (checklist-scheme.c) report through the
 * loader's counters. */
static struct crp_scheme_ctx
scheme_of(struct loader *ld)
{
    return (struct crp_scheme_ctx){ld->cl, ld->file, ld->diags, &ld->errors,
                                   &ld->oom};
}

static void
expr_init(struct loader *ld, struct crp_expr *e, char *text, xmlNodePtr n)
{
    e->text = text;
    e->line = (int)xmlGetLineNo(n);
    e->slot = ld->cl->nexprs++;
}

/* Grows *V (of *N elements of SIZE) by one zeroed element. */
static void *
grow(struct loader *ld, void **v, size_t *n, size_t size)
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

/* Trimmed text content of N. */
static char *
text_of(struct loader *ld, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    size_t len;
    char *r;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                       s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    r = crp_strndup(s, len);
    if (r == NULL)
        ld->oom = 1;
    xmlFree(t);
    return r;
}

static void
unknown_element(struct loader *ld, xmlNodePtr n, const char *where)
{
    problem(ld, n, CRP_DIAG_UNKNOWN_ELEMENT, "unknown element <%s> in <%s>",
            (const char *)n->name, where);
}

static void
load_let(struct loader *ld, xmlNodePtr n, struct crp_let **v, size_t *nv)
{
    static const char *const allowed[] = {"name", "value", NULL};
    struct crp_let *l;
    char *name, *value;

    check_attributes(ld, n, allowed);
    name = required(ld, n, "name");
    value = required(ld, n, "value");
    l = grow(ld, (void **)v, nv, sizeof(*l));
    if (l == NULL) {
        crp_free(name);
        crp_free(value);
        return;
    }
    l->name = name;
    expr_init(ld, &l->value, value, n);
}

/* Splits a message into literal and {expr} parts; {{ and }} are braces. */
static void
parse_template(struct loader *ld, xmlNodePtr n, const char *msg,
               struct crp_test *t)
{
    struct crp_strbuf lit;
    const char *p = msg;

    crp_strbuf_init(&lit);
    crp_strbuf_puts(&lit, "");
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            crp_strbuf_putc(&lit, p[0]);
            p += 2;
        } else if (*p == '}') {
            problem(ld, n, CRP_DIAG_BAD_TEMPLATE,
                    "unmatched '}' in message '%s'%s", msg, "");
            return (void)crp_strbuf_release(&lit);
        } else if (*p == '{') {
            const char *q = p + 1;
            char quote = 0;
            struct crp_tpl_part *part;

            for (; *q && (quote || *q != '}'); q++)
                if (quote ? *q == quote : (*q == '\'' || *q == '"'))
                    quote = quote ? 0 : *q;
            if (*q != '}' || q == p + 1) {
                problem(ld, n, CRP_DIAG_BAD_TEMPLATE,
                        "unclosed or empty '{' in message '%s'%s", msg, "");
                return (void)crp_strbuf_release(&lit);
            }
            if (lit.len) {
                part = grow(ld, (void **)&t->parts, &t->nparts, sizeof(*part));
                if (part && (part->literal = crp_strbuf_steal(&lit)) == NULL)
                    ld->oom = 1;
                crp_strbuf_puts(&lit, "");
            }
            part = grow(ld, (void **)&t->parts, &t->nparts, sizeof(*part));
            if (part == NULL)
                return (void)crp_strbuf_release(&lit);
            expr_init(ld, &part->expr, crp_strndup(p + 1, (size_t)(q - p - 1)),
                      n);
            if (part->expr.text == NULL)
                ld->oom = 1;
            p = q + 1;
        } else {
            crp_strbuf_putc(&lit, *p++);
        }
    }
    /* checked before steal/release, which forget the failure: a lost
     * append would silently drop literal text from the message */
    if (crp_strbuf_failed(&lit))
        ld->oom = 1;
    if (lit.len && !ld->oom) {
        struct crp_tpl_part *part =
            grow(ld, (void **)&t->parts, &t->nparts, sizeof(*part));
        if (part && (part->literal = crp_strbuf_steal(&lit)) == NULL)
            ld->oom = 1;
    }
    crp_strbuf_release(&lit);
}

static void
load_test(struct loader *ld, xmlNodePtr n, struct crp_check *c,
          const char *item_title)
{
    static const char *const allowed[] = {"test", NULL};
    struct crp_test *t;
    char *test, *msg;

    check_attributes(ld, n, allowed);
    test = required(ld, n, "test");
    msg = text_of(ld, n);
    t = grow(ld, (void **)&c->tests, &c->ntests, sizeof(*t));
    if (t == NULL) {
        crp_free(test);
        crp_free(msg);
        return;
    }
    t->is_report = named(n, "report");
    t->line = (int)xmlGetLineNo(n);
    expr_init(ld, &t->test, test, n);
    if (msg)
        parse_template(ld, n, msg[0] ? msg : item_title, t);
    crp_free(msg);
}

static void
load_check(struct loader *ld, xmlNodePtr n, struct crp_item *it)
{
    static const char *const allowed[] = {"context", NULL};
    struct crp_check *c;
    xmlNodePtr k;

    check_attributes(ld, n, allowed);
    c = grow(ld, (void **)&it->checks, &it->nchecks, sizeof(*c));
    if (c == NULL)
        return;
    c->line = (int)xmlGetLineNo(n);
    expr_init(ld, &c->context, required(ld, n, "context"), n);
    for (k = n->children; k; k = k->next) {
        if (!is_ours(k))
            continue;
        if (named(k, "let")) {
            load_let(ld, k, &c->lets, &c->nlets);
        } else if (named(k, "assert") || named(k, "report")) {
            load_test(ld, k, c, it->title ? it->title : "");
        } else {
            unknown_element(ld, k, "check");
        }
    }
    if (c->ntests == 0)
        problem(ld, n, CRP_DIAG_EMPTY_ITEM,
                "<check> of item '%s' has no <assert> or <report>%s",
                it->id ? it->id : "?", "");
}

static void
load_item(struct loader *ld, xmlNodePtr n, size_t cat)
{
    static const char *const allowed[] = {
        "id", "title", "deduct", "per", "max", "veto", "basis", "severity",
        "points", "bonus", "deduct-min", "deduct-max", "decide", "on-fail",
        "cap-grade", NULL};
    struct cr_checklist *cl = ld->cl;
    struct crp_scheme_ctx sc = scheme_of(ld);
    struct crp_item *it;
    char *per;
    xmlNodePtr k;

    check_attributes(ld, n, allowed);
    it = grow(ld, (void **)&cl->items, &cl->nitems, sizeof(*it));
    if (it == NULL)
        return;
    it->category = cat;
    it->line = (int)xmlGetLineNo(n);
    it->id = required(ld, n, "id");
    it->title = attr(ld, n, "title");
    if (it->title == NULL)
        it->title = attr_or(ld, n, "id", "");
    it->basis = attr_or(ld, n, "basis", "");
    it->severity = attr_or(ld, n, "severity", "");
    per = attr_or(ld, n, "per", "item");
    if (per && strcmp(per, "node") == 0)
        it->per_node = 1;
    else if (per && strcmp(per, "item") != 0)
        problem(ld, n, CRP_DIAG_BAD_VALUE,
                "per must be 'item' or 'node', not '%s'%s", per, "");
    crp_free(per);
    crp_scheme_item(&sc, n, it);   /* deduct (or points, bonus, a range) */
    if (number(ld, n, "max", cl->categories[cat].points, &it->max) == 0)
        it->max = cl->categories[cat].points;
    if (!it->per_node)
        it->max = it->deduct;
    boolean(ld, n, "veto", &it->veto);
    for (k = n->children; k; k = k->next) {
        if (!is_ours(k))
            continue;
        if (named(k, "applies-if")) {
            static const char *const a_allowed[] = {"test", NULL};
            struct crp_expr *e;
            check_attributes(ld, k, a_allowed);
            e = grow(ld, (void **)&it->applies, &it->napplies, sizeof(*e));
            if (e)
                expr_init(ld, e, required(ld, k, "test"), k);
        } else if (named(k, "check")) {
            load_check(ld, k, it);
        } else if (named(k, "description")) {
            crp_free(it->description);
            it->description = text_of(ld, k);
        } else {
            unknown_element(ld, k, "item");
        }
    }
    if (it->description == NULL)
        {
        it->description = crp_strdup("");
        if (it->description == NULL)
            ld->oom = 1;
    }
    /* a reviewer item may have nothing for the machine to hint at */
    if (it->nchecks == 0 && !it->reviewer)
        problem(ld, n, CRP_DIAG_EMPTY_ITEM, "item '%s' has no <check>%s",
                it->id ? it->id : "?", "");
}

static void
load_category(struct loader *ld, xmlNodePtr n, long parent)
{
    static const char *const allowed[] = {"id", "title", "points", "scoring",
                                          "role", NULL};
    struct cr_checklist *cl = ld->cl;
    struct crp_scheme_ctx sc = scheme_of(ld);
    struct crp_category *c;
    size_t idx;
    xmlNodePtr k;

    check_attributes(ld, n, allowed);
    c = grow(ld, (void **)&cl->categories, &cl->ncategories, sizeof(*c));
    if (c == NULL)
        return;
    idx = cl->ncategories - 1;
    c->line = (int)xmlGetLineNo(n);
    c->id = required(ld, n, "id");
    c->title = attr(ld, n, "title");
    if (c->title == NULL)
        c->title = attr_or(ld, n, "id", "");
    if (number(ld, n, "points", 0, &c->points) == 0)
        problem(ld, n, CRP_DIAG_MISSING_ATTRIBUTE,
                "<%s> needs the attribute '%s'", "category", "points");
    crp_scheme_category(&sc, n, c, parent);
    for (k = n->children; k; k = k->next) {
        if (!is_ours(k))
            continue;
        if (named(k, "item"))
            load_item(ld, k, idx);
        else if (named(k, "category"))    /* 1.1: nested categories */
            load_category(ld, k, (long)idx);
        else if (!named(k, "description"))
            unknown_element(ld, k, "category");
    }
}

static void
load_grades(struct loader *ld, xmlNodePtr n)
{
    static const char *const allowed[] = {"id", "label", "min", NULL};
    struct cr_checklist *cl = ld->cl;
    xmlNodePtr k;

    check_attributes(ld, n, (const char *const[]){NULL});
    for (k = n->children; k; k = k->next) {
        struct crp_grade *g;
        if (!is_ours(k))
            continue;
        if (!named(k, "grade")) {
            unknown_element(ld, k, "grades");
            continue;
        }
        check_attributes(ld, k, allowed);
        g = grow(ld, (void **)&cl->grades, &cl->ngrades, sizeof(*g));
        if (g == NULL)
            return;
        g->id = required(ld, k, "id");
        g->line = (int)xmlGetLineNo(k);
        g->label = attr(ld, k, "label");
        if (g->label == NULL)
            g->label = attr_or(ld, k, "id", "");
        if (number(ld, k, "min", 0, &g->min) == 0)
            problem(ld, k, CRP_DIAG_MISSING_ATTRIBUTE,
                    "<%s> needs the attribute '%s'", "grade", "min");
        if (cl->ngrades > 1 && g->min > cl->grades[cl->ngrades - 2].min)
            problem(ld, k, CRP_DIAG_GRADE_ORDER,
                    "grade '%s' has a higher min than the one before it%s",
                    g->id ? g->id : "?", crp_diag_text(ld->diags, "; list grades highest first"));
    }
}

/* NS, just declared: `cr` always names the function namespace (a
 * checklist rebinding it would load and then fail every cr: call while
 * scoring), `xml` always the XML namespace, and a prefix is declared
 * once. */
static void
check_ns(struct loader *ld, xmlNodePtr k, const struct crp_ns *ns)
{
    const struct cr_checklist *cl = ld->cl;
    size_t i;

    if (ns->prefix == NULL || ns->uri == NULL)
        return;
    if ((strcmp(ns->prefix, "cr") == 0 && strcmp(ns->uri, CRP_FN_NS) != 0)
        || (strcmp(ns->prefix, "xml") == 0
            && strcmp(ns->uri, (const char *)XML_XML_NAMESPACE) != 0)) {
        problem(ld, k, CRP_DIAG_BAD_VALUE,
                "the prefix '%s' is reserved for %s", ns->prefix,
                ns->prefix[0] == 'c' ? CRP_FN_NS
                                     : (const char *)XML_XML_NAMESPACE);
        return;
    }
    for (i = 0; i + 1 < cl->nns; i++)
        if (cl->ns[i].prefix && strcmp(cl->ns[i].prefix, ns->prefix) == 0) {
            problem(ld, k, CRP_DIAG_DUPLICATE_ID,
                    "the prefix '%s' is declared twice%s", ns->prefix, "");
            return;
        }
}

/* <accepts test="..."> message </accepts>: which case files the
 * checklist is written for; at most one. */
static void
load_accepts(struct loader *ld, xmlNodePtr n)
{
    static const char *const allowed[] = {"test", NULL};
    struct crp_test *t = &ld->cl->accepts;
    char *msg;

    check_attributes(ld, n, allowed);
    if (t->test.text != NULL || t->line != 0) {
        problem(ld, n, CRP_DIAG_DUPLICATE_ID, "a second <%s>%s", "accepts",
                "");
        return;
    }
    t->line = (int)xmlGetLineNo(n);
    expr_init(ld, &t->test, required(ld, n, "test"), n);
    msg = text_of(ld, n);
    if (msg && msg[0])
        parse_template(ld, n, msg, t);
    crp_free(msg);
}

/* The small top-level declarations: ns, param, data, calendar, case-id. */
static int
load_declaration(struct loader *ld, xmlNodePtr k)
{
    struct cr_checklist *cl = ld->cl;

    if (named(k, "ns")) {
        static const char *const allowed[] = {"prefix", "uri", NULL};
        struct crp_ns *ns;
        check_attributes(ld, k, allowed);
        ns = grow(ld, (void **)&cl->ns, &cl->nns, sizeof(*ns));
        if (ns) {
            ns->prefix = required(ld, k, "prefix");
            ns->uri = required(ld, k, "uri");
            check_ns(ld, k, ns);
        }
    } else if (named(k, "param")) {
        static const char *const allowed[] = {"name", "default", "type",
                                              "min", "max", NULL};
        struct crp_param *p;
        check_attributes(ld, k, allowed);
        p = grow(ld, (void **)&cl->params, &cl->nparams, sizeof(*p));
        if (p) {
            int n;
            p->name = required(ld, k, "name");
            p->value = attr_or(ld, k, "default", "");
            p->line = (int)xmlGetLineNo(k);
            n = crp_param_declare(p, k, ld->file, ld->diags);
            ld->oom |= n < 0;
            ld->errors += n > 0 ? n : 0;
        }
    } else if (named(k, "data")) {
        static const char *const allowed[] = {"name", "href", NULL};
        struct crp_data *d;
        check_attributes(ld, k, allowed);
        d = grow(ld, (void **)&cl->data, &cl->ndata, sizeof(*d));
        if (d) {
            d->name = required(ld, k, "name");
            d->href = required(ld, k, "href");
            d->line = (int)xmlGetLineNo(k);
        }
    } else if (named(k, "calendar")) {
        static const char *const allowed[] = {"href", NULL};
        check_attributes(ld, k, allowed);
        if (cl->calendar_href)
            problem(ld, k, CRP_DIAG_DUPLICATE_ID, "a second <%s>%s",
                    "calendar", "");
        else {
            cl->calendar_href = required(ld, k, "href");
            cl->calendar_line = (int)xmlGetLineNo(k);
        }
    } else if (named(k, "case-id") || named(k, "group-by")) {
        static const char *const allowed[] = {"value", NULL};
        struct crp_expr *e = named(k, "case-id") ? &cl->case_id : &cl->group_by;
        check_attributes(ld, k, allowed);
        if (e->text)
            problem(ld, k, CRP_DIAG_DUPLICATE_ID, "a second <%s>%s",
                    (const char *)k->name, "");
        else
            expr_init(ld, e, required(ld, k, "value"), k);
        if (e == &cl->group_by)
            cl->has_group_by = 1;
    } else {
        return 0;
    }
    return 1;
}

static void
load_root(struct loader *ld, xmlNodePtr root)
{
    static const char *const allowed[] = {"id", "version", "title", "total",
                                          "veto", NULL};
    struct crp_scheme_ctx sc = scheme_of(ld);
    struct cr_checklist *cl = ld->cl;
    xmlNodePtr k;

    check_attributes(ld, root, allowed);
    cl->id = required(ld, root, "id");
    cl->version = attr_or(ld, root, "version", "");
    cl->title = attr_or(ld, root, "title", "");
    number(ld, root, "total", 100, &cl->total);
    crp_scheme_root(&sc, root);
    for (k = root->children; k; k = k->next) {
        if (!is_ours(k))
            continue;
        if (named(k, "category")) {
            load_category(ld, k, -1);
        } else if (named(k, "let")) {
            load_let(ld, k, &cl->lets, &cl->nlets);
        } else if (named(k, "grades")) {
            load_grades(ld, k);
        } else if (named(k, "description")) {
            crp_free(cl->description);
            cl->description = text_of(ld, k);
        } else if (named(k, "tests")) {
            /* checklist tests: run by `casereview test`, ignored here */
        } else if (named(k, "accepts")) {
            load_accepts(ld, k);
        } else if (named(k, "limits")) {
            int n = crp_limits_load(cl, k, ld->file, ld->diags);
            ld->oom |= n < 0;
            ld->errors += n > 0 ? n : 0;
        } else if (named(k, "archive-rules")) {
            int n = crp_archive_load(cl, k, ld->file, ld->diags);
            ld->oom |= n < 0;
            ld->errors += n > 0 ? n : 0;
        } else if (!load_declaration(ld, k)) {
            unknown_element(ld, k, "checklist");
        }
    }
    if (cl->ncategories == 0 && !ld->oom)
        problem(ld, root, CRP_DIAG_EMPTY_ITEM, "checklist has no <%s>%s",
                "category", "");
    /* a warning: without <accepts> a PDF's text or another agency's
     * export scores 100 with every item not applicable */
    if (cl->accepts.line == 0 && !ld->oom)
        crp_diag_add(ld->diags, CRP_DIAG_NO_ACCEPTS, CR_SEVERITY_WARNING,
                     ld->file, (int)xmlGetLineNo(root), 0,
                     "the checklist has no <accepts test=\"...\"> saying "
                     "which case files it is written for: any XML will be "
                     "scored");
}

static void
check_unique(struct loader *ld, const char *what,
             const char *const *names, const int *lines, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (names[i] == NULL)
            continue;
        for (j = 0; j < i; j++) {
            if (names[j] && strcmp(names[i], names[j]) == 0) {
                crp_diag_add(ld->diags, CRP_DIAG_DUPLICATE_ID,
                             CR_SEVERITY_ERROR, ld->file, lines[i], 0,
                             "duplicate %s '%s' (first at line %d)", what,
                             names[i], lines[j]);
                ld->errors++;
                break;
            }
        }
    }
}

/* Item, category and grade ids unique, points adding up. */
static void
check_totals(struct loader *ld, xmlNodePtr root)
{
    struct cr_checklist *cl = ld->cl;
    size_t i, n = cl->nitems > cl->ncategories ? cl->nitems : cl->ncategories;
    const char **names;
    int *lines;
    double sum = 0;
    char a[64], b[64];

    n = n > cl->ngrades ? n : cl->ngrades;
    names = crp_calloc(n + 1, sizeof(*names));
    lines = crp_calloc(n + 1, sizeof(*lines));
    if (names == NULL || lines == NULL) {
        ld->oom = 1;
        goto out;
    }
    for (i = 0; i < cl->nitems; i++) {
        names[i] = cl->items[i].id;
        lines[i] = cl->items[i].line;
    }
    check_unique(ld, crp_diag_text(ld->diags, "item id"), names, lines, cl->nitems);
    for (i = 0; i < cl->ncategories; i++) {
        names[i] = cl->categories[i].id;
        lines[i] = cl->categories[i].line;
        /* 1.1: nested, penalty and bonus categories are outside it */
        if (cl->categories[i].parent < 0 &&
            cl->categories[i].role == CRP_ROLE_NONE)
            sum += cl->categories[i].points;
    }
    check_unique(ld, crp_diag_text(ld->diags, "category id"), names, lines, cl->ncategories);
    for (i = 0; i < cl->ngrades; i++) {
        names[i] = cl->grades[i].id;
        lines[i] = cl->grades[i].line;
    }
    check_unique(ld, crp_diag_text(ld->diags, "grade id"), names, lines, cl->ngrades);
    if (cl->ncategories && fabs(sum - cl->total) > 1e-9) {
        snprintf(a, sizeof(a), "%g", sum);
        snprintf(b, sizeof(b), "%g", cl->total);
        problem(ld, root, CRP_DIAG_POINTS_MISMATCH,
                "category points add up to %s, not the total %s", a, b);
    }
out:
    crp_free(names);
    crp_free(lines);
}

enum cr_status
crp_checklist_build(struct cr_checklist *cl, xmlDocPtr doc, const char *file,
                    struct cr_diag_list *diags)
{
    struct loader ld = {cl, file, diags, 0, 0};
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (root == NULL || !is_ours(root) || !named(root, "checklist")) {
        problem(&ld, root, CRP_DIAG_BAD_ROOT,
                "the root element must be <checklist xmlns=\"%s\">%s", CL_NS,
                "");
        return CR_ERR_CHECKLIST;
    }
    load_root(&ld, root);
    if (!ld.oom)
        check_totals(&ld, root);
    if (!ld.oom) {
        struct crp_scheme_ctx sc = scheme_of(&ld);
        crp_scheme_check(&sc, root);
    }
    if (ld.oom || crp_diag_list_oom(diags))
        return CR_ERR_NOMEM;
    return ld.errors ? CR_ERR_CHECKLIST : CR_OK;
}

/* The loader's readers, for checklist-scheme.c. */
int
crp_load_number(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                const char *name, double def, double *out)
{
    struct loader ld = {sc->cl, sc->file, sc->diags, 0, 0};
    int r = number(&ld, n, name, def, out);

    *sc->errors += ld.errors;
    *sc->oom |= ld.oom;
    return r;
}

char *
crp_load_attr(const struct crp_scheme_ctx *sc, xmlNodePtr n, const char *name)
{
    struct loader ld = {sc->cl, sc->file, sc->diags, 0, 0};
    char *s = attr(&ld, n, name);

    *sc->oom |= ld.oom;
    return s;
}
