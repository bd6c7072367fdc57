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
#include "load-xml.h"
#include "strbuf.h"

#define CL_NS "urn:casereview:checklist:1"
#define MAX_POINTS 1e6

struct loader {
    struct crp_ld l;            /* file, diagnostics, counters */
    struct cr_checklist *cl;
};

static void
problem(struct loader *ld, xmlNodePtr node, enum crp_diag_code code,
        const char *fmt, const char *a, const char *b)
{
    crp_ld_problem(&ld->l, crp_ld_line(node), code, fmt, a, b);
}

static char *
attr_or(struct loader *ld, xmlNodePtr n, const char *name, const char *def)
{
    char *s = crp_ld_attr(&ld->l, n, name);

    if (s == NULL && !ld->l.oom) {
        s = crp_strdup(def);
        if (s == NULL)
            ld->l.oom = 1;
    }
    return s;
}

/* A non-negative decimal number no larger than MAX_POINTS. */
static int
number(struct loader *ld, xmlNodePtr n, const char *name, double def,
       double *out)
{
    char *s = crp_ld_attr(&ld->l, n, name), *end;
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

/* A name to show: attribute NAME, else the element's id, else "". */
static char *
attr_else_id(struct loader *ld, xmlNodePtr n, const char *name)
{
    char *s = crp_ld_attr(&ld->l, n, name);

    return s ? s : attr_or(ld, n, "id", "");
}

/* A number the element cannot go without. */
static void
needed_number(struct loader *ld, xmlNodePtr n, const char *name, double *out)
{
    if (number(ld, n, name, 0, out) == 0)
        problem(ld, n, CRP_DIAG_MISSING_ATTRIBUTE,
                "<%s> needs the attribute '%s'", (const char *)n->name, name);
}

static int
boolean(struct loader *ld, xmlNodePtr n, const char *name, int *out)
{
    char *s = crp_ld_attr(&ld->l, n, name);

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
    return (struct crp_scheme_ctx){ld->cl, ld->l.file, ld->l.diags,
                                   &ld->l.errors, &ld->l.oom};
}

static void
expr_init(struct loader *ld, struct crp_expr *e, char *text, xmlNodePtr n)
{
    e->text = text;
    e->line = (int)xmlGetLineNo(n);
    e->slot = ld->cl->nexprs++;
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

    crp_ld_check_attributes(&ld->l, n, allowed);
    name = crp_ld_required(&ld->l, n, "name");
    value = crp_ld_required(&ld->l, n, "value");
    l = crp_ld_grow(&ld->l, (void **)v, nv, sizeof(*l));
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
                part = CRP_LD_GROW(&ld->l, t->parts, t->nparts);
                if (part && (part->literal = crp_strbuf_steal(&lit)) == NULL)
                    ld->l.oom = 1;
                crp_strbuf_puts(&lit, "");
            }
            part = CRP_LD_GROW(&ld->l, t->parts, t->nparts);
            if (part == NULL)
                return (void)crp_strbuf_release(&lit);
            expr_init(ld, &part->expr, crp_strndup(p + 1, (size_t)(q - p - 1)),
                      n);
            if (part->expr.text == NULL)
                ld->l.oom = 1;
            p = q + 1;
        } else {
            crp_strbuf_putc(&lit, *p++);
        }
    }
    /* checked before steal/release, which forget the failure: a lost
     * append would silently drop literal text from the message */
    if (crp_strbuf_failed(&lit))
        ld->l.oom = 1;
    if (lit.len && !ld->l.oom) {
        struct crp_tpl_part *part =
            CRP_LD_GROW(&ld->l, t->parts, t->nparts);
        if (part && (part->literal = crp_strbuf_steal(&lit)) == NULL)
            ld->l.oom = 1;
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

    crp_ld_check_attributes(&ld->l, n, allowed);
    test = crp_ld_required(&ld->l, n, "test");
    msg = crp_ld_trimmed(&ld->l, n, NULL);
    t = CRP_LD_GROW(&ld->l, c->tests, c->ntests);
    if (t == NULL) {
        crp_free(test);
        crp_free(msg);
        return;
    }
    t->is_report = crp_ld_named(n, "report");
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

    c = CRP_LD_ADD(&ld->l, n, allowed, it->checks, it->nchecks);
    if (c == NULL)
        return;
    c->line = (int)xmlGetLineNo(n);
    expr_init(ld, &c->context, crp_ld_required(&ld->l, n, "context"), n);
    for (k = n->children; k; k = k->next) {
        if (!crp_ld_ours(k, CL_NS))
            continue;
        if (crp_ld_named(k, "let")) {
            load_let(ld, k, &c->lets, &c->nlets);
        } else if (crp_ld_named(k, "assert") || crp_ld_named(k, "report")) {
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

    it = CRP_LD_ADD(&ld->l, n, allowed, cl->items, cl->nitems);
    if (it == NULL)
        return;
    it->category = cat;
    it->line = (int)xmlGetLineNo(n);
    it->id = crp_ld_required(&ld->l, n, "id");
    it->title = attr_else_id(ld, n, "title");
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
        if (!crp_ld_ours(k, CL_NS))
            continue;
        if (crp_ld_named(k, "applies-if")) {
            static const char *const a_allowed[] = {"test", NULL};
            struct crp_expr *e;
            e = CRP_LD_ADD(&ld->l, k, a_allowed, it->applies, it->napplies);
            if (e)
                expr_init(ld, e, crp_ld_required(&ld->l, k, "test"), k);
        } else if (crp_ld_named(k, "check")) {
            load_check(ld, k, it);
        } else if (crp_ld_named(k, "description")) {
            crp_free(it->description);
            it->description = crp_ld_trimmed(&ld->l, k, NULL);
        } else {
            unknown_element(ld, k, "item");
        }
    }
    if (it->description == NULL)
        {
        it->description = crp_strdup("");
        if (it->description == NULL)
            ld->l.oom = 1;
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

    c = CRP_LD_ADD(&ld->l, n, allowed, cl->categories, cl->ncategories);
    if (c == NULL)
        return;
    idx = cl->ncategories - 1;
    c->line = (int)xmlGetLineNo(n);
    c->id = crp_ld_required(&ld->l, n, "id");
    c->title = attr_else_id(ld, n, "title");
    needed_number(ld, n, "points", &c->points);
    crp_scheme_category(&sc, n, c, parent);
    for (k = n->children; k; k = k->next) {
        if (!crp_ld_ours(k, CL_NS))
            continue;
        if (crp_ld_named(k, "item"))
            load_item(ld, k, idx);
        else if (crp_ld_named(k, "category"))    /* 1.1: nested categories */
            load_category(ld, k, (long)idx);
        else if (!crp_ld_named(k, "description"))
            unknown_element(ld, k, "category");
    }
}

static void
load_grades(struct loader *ld, xmlNodePtr n)
{
    static const char *const allowed[] = {"id", "label", "min", NULL};
    struct cr_checklist *cl = ld->cl;
    xmlNodePtr k;

    crp_ld_check_attributes(&ld->l, n, (const char *const[]){NULL});
    for (k = n->children; k; k = k->next) {
        struct crp_grade *g;
        if (!crp_ld_ours(k, CL_NS))
            continue;
        if (!crp_ld_named(k, "grade")) {
            unknown_element(ld, k, "grades");
            continue;
        }
        g = CRP_LD_ADD(&ld->l, k, allowed, cl->grades, cl->ngrades);
        if (g == NULL)
            return;
        g->id = crp_ld_required(&ld->l, k, "id");
        g->line = (int)xmlGetLineNo(k);
        g->label = attr_else_id(ld, k, "label");
        needed_number(ld, k, "min", &g->min);
        if (cl->ngrades > 1 && g->min > cl->grades[cl->ngrades - 2].min)
            problem(ld, k, CRP_DIAG_GRADE_ORDER,
                    "grade '%s' has a higher min than the one before it%s",
                    g->id ? g->id : "?",
                    crp_diag_text(ld->l.diags, "; list grades highest first"));
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

    crp_ld_check_attributes(&ld->l, n, allowed);
    if (t->test.text != NULL || t->line != 0) {
        problem(ld, n, CRP_DIAG_DUPLICATE_ID, "a second <%s>%s", "accepts",
                "");
        return;
    }
    t->line = (int)xmlGetLineNo(n);
    expr_init(ld, &t->test, crp_ld_required(&ld->l, n, "test"), n);
    msg = crp_ld_trimmed(&ld->l, n, NULL);
    if (msg && msg[0])
        parse_template(ld, n, msg, t);
    crp_free(msg);
}

/* The small top-level declarations: ns, param, data, calendar, case-id. */
static int
load_declaration(struct loader *ld, xmlNodePtr k)
{
    struct cr_checklist *cl = ld->cl;

    if (crp_ld_named(k, "ns")) {
        static const char *const allowed[] = {"prefix", "uri", NULL};
        struct crp_ns *ns;
        ns = CRP_LD_ADD(&ld->l, k, allowed, cl->ns, cl->nns);
        if (ns) {
            ns->prefix = crp_ld_required(&ld->l, k, "prefix");
            ns->uri = crp_ld_required(&ld->l, k, "uri");
            check_ns(ld, k, ns);
        }
    } else if (crp_ld_named(k, "param")) {
        static const char *const allowed[] = {"name", "default", "type",
                                              "min", "max", NULL};
        struct crp_param *p;
        p = CRP_LD_ADD(&ld->l, k, allowed, cl->params, cl->nparams);
        if (p) {
            int n;
            p->name = crp_ld_required(&ld->l, k, "name");
            p->value = attr_or(ld, k, "default", "");
            p->line = (int)xmlGetLineNo(k);
            n = crp_param_declare(p, k, ld->l.file, ld->l.diags);
            ld->l.oom |= n < 0;
            ld->l.errors += n > 0 ? n : 0;
        }
    } else if (crp_ld_named(k, "data")) {
        static const char *const allowed[] = {"name", "href", NULL};
        struct crp_data *d;
        d = CRP_LD_ADD(&ld->l, k, allowed, cl->data, cl->ndata);
        if (d) {
            d->name = crp_ld_required(&ld->l, k, "name");
            d->href = crp_ld_required(&ld->l, k, "href");
            d->line = (int)xmlGetLineNo(k);
        }
    } else if (crp_ld_named(k, "calendar")) {
        static const char *const allowed[] = {"href", NULL};
        crp_ld_check_attributes(&ld->l, k, allowed);
        if (cl->calendar_href)
            problem(ld, k, CRP_DIAG_DUPLICATE_ID, "a second <%s>%s",
                    "calendar", "");
        else {
            cl->calendar_href = crp_ld_required(&ld->l, k, "href");
            cl->calendar_line = (int)xmlGetLineNo(k);
        }
    } else if (crp_ld_named(k, "case-id") || crp_ld_named(k, "group-by")) {
        static const char *const allowed[] = {"value", NULL};
        struct crp_expr *e =
            crp_ld_named(k, "case-id") ? &cl->case_id : &cl->group_by;
        crp_ld_check_attributes(&ld->l, k, allowed);
        if (e->text)
            problem(ld, k, CRP_DIAG_DUPLICATE_ID, "a second <%s>%s",
                    (const char *)k->name, "");
        else
            expr_init(ld, e, crp_ld_required(&ld->l, k, "value"), k);
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

    crp_ld_check_attributes(&ld->l, root, allowed);
    cl->id = crp_ld_required(&ld->l, root, "id");
    cl->version = attr_or(ld, root, "version", "");
    cl->title = attr_or(ld, root, "title", "");
    number(ld, root, "total", 100, &cl->total);
    crp_scheme_root(&sc, root);
    for (k = root->children; k; k = k->next) {
        if (!crp_ld_ours(k, CL_NS))
            continue;
        if (crp_ld_named(k, "category")) {
            load_category(ld, k, -1);
        } else if (crp_ld_named(k, "let")) {
            load_let(ld, k, &cl->lets, &cl->nlets);
        } else if (crp_ld_named(k, "grades")) {
            load_grades(ld, k);
        } else if (crp_ld_named(k, "description")) {
            crp_free(cl->description);
            cl->description = crp_ld_trimmed(&ld->l, k, NULL);
        } else if (crp_ld_named(k, "tests")) {
            /* checklist tests: run by `casereview test`, ignored here */
        } else if (crp_ld_named(k, "accepts")) {
            load_accepts(ld, k);
        } else if (crp_ld_named(k, "limits")) {
            int n = crp_limits_load(cl, k, ld->l.file, ld->l.diags);
            ld->l.oom |= n < 0;
            ld->l.errors += n > 0 ? n : 0;
        } else if (crp_ld_named(k, "archive-rules")) {
            int n = crp_archive_load(cl, k, ld->l.file, ld->l.diags);
            ld->l.oom |= n < 0;
            ld->l.errors += n > 0 ? n : 0;
        } else if (!load_declaration(ld, k)) {
            unknown_element(ld, k, "checklist");
        }
    }
    if (cl->ncategories == 0 && !ld->l.oom)
        problem(ld, root, CRP_DIAG_EMPTY_ITEM, "checklist has no <%s>%s",
                "category", "");
    /* a warning: without <accepts> a PDF's text or another agency's
     * export scores 100 with every item not applicable */
    if (cl->accepts.line == 0 && !ld->l.oom)
        crp_diag_add(ld->l.diags, CRP_DIAG_NO_ACCEPTS, CR_SEVERITY_WARNING,
                     ld->l.file, (int)xmlGetLineNo(root), 0,
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
                crp_diag_add(ld->l.diags, CRP_DIAG_DUPLICATE_ID,
                             CR_SEVERITY_ERROR, ld->l.file, lines[i], 0,
                             "duplicate %s '%s' (first at line %d)", what,
                             names[i], lines[j]);
                ld->l.errors++;
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
        ld->l.oom = 1;
        goto out;
    }
    for (i = 0; i < cl->nitems; i++) {
        names[i] = cl->items[i].id;
        lines[i] = cl->items[i].line;
    }
    check_unique(ld, crp_diag_text(ld->l.diags, "item id"), names, lines, cl->nitems);
    for (i = 0; i < cl->ncategories; i++) {
        names[i] = cl->categories[i].id;
        lines[i] = cl->categories[i].line;
        /* 1.1: nested, penalty and bonus categories are outside it */
        if (cl->categories[i].parent < 0 &&
            cl->categories[i].role == CRP_ROLE_NONE)
            sum += cl->categories[i].points;
    }
    check_unique(ld, crp_diag_text(ld->l.diags, "category id"), names, lines, cl->ncategories);
    for (i = 0; i < cl->ngrades; i++) {
        names[i] = cl->grades[i].id;
        lines[i] = cl->grades[i].line;
    }
    check_unique(ld, crp_diag_text(ld->l.diags, "grade id"), names, lines, cl->ngrades);
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
    struct loader ld = {{file, diags, 0, 0}, cl};
    xmlNodePtr root = crp_ld_root(
        &ld.l, doc, CL_NS, "checklist", CRP_DIAG_BAD_ROOT,
        "the root element must be <checklist xmlns=\"%s\">%s");

    if (root == NULL)
        return CR_ERR_CHECKLIST;
    load_root(&ld, root);
    if (!ld.l.oom)
        check_totals(&ld, root);
    if (!ld.l.oom) {
        struct crp_scheme_ctx sc = scheme_of(&ld);
        crp_scheme_check(&sc, root);
    }
    if (ld.l.oom || crp_diag_list_oom(diags))
        return CR_ERR_NOMEM;
    return ld.l.errors ? CR_ERR_CHECKLIST : CR_OK;
}

/* The loader's readers, for checklist-scheme.c. */
int
crp_load_number(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                const char *name, double def, double *out)
{
    struct loader ld = {{sc->file, sc->diags, 0, 0}, sc->cl};
    int r = number(&ld, n, name, def, out);

    *sc->errors += ld.l.errors;
    *sc->oom |= ld.l.oom;
    return r;
}

char *
crp_load_attr(const struct crp_scheme_ctx *sc, xmlNodePtr n, const char *name)
{
    struct loader ld = {{sc->file, sc->diags, 0, 0}, sc->cl};
    char *s = crp_ld_attr(&ld.l, n, name);

    *sc->oom |= ld.l.oom;
    return s;
}
