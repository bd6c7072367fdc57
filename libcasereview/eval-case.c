/* eval-case.c — the run of one case: the checklist's <accepts>, its
 * global lets, the case's id and group, then every item in order (its
 * applies-if tests, each check's context nodes, their lets, asserts and
 * reports, the findings with their messages), each item a run of the
 * case's budget; then the score (score.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "grow.h"
#include "archive-rules.h"
#include "evaluator.h"
#include "msgcat-lib.h"
#include "node-path.h"
#include "result.h"
#include "strbuf.h"
#include "verdicts.h"
#include "xpath-fast.h"
#include "xslt-origin.h"

/* ---- one item ---- */

struct item_run {
    struct cr_evaluator *ev;
    struct cr_result *res;
    struct cr_item_result *ir;
    size_t global_count;
    char *error;      /* first run-time error: the item ends in `error` */
    int oom;
    int track_nodes;  /* several checks: remember failing nodes */
    xmlNodePtr *failed;
    size_t nfailed, cap;
};

static void
track_node(struct item_run *r, xmlNodePtr node)
{
    if (crp_grow(&r->failed, &r->cap, r->nfailed, sizeof(*r->failed), 16)) {
        r->oom = 1;
        return;
    }
    r->failed[r->nfailed++] = node;
}

static char *
render_message(struct item_run *r, const struct crp_test *t, xmlNodePtr node,
               struct cr_finding *f)
{
    struct crp_strbuf sb;
    size_t i;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    for (i = 0; i < t->nparts && r->error == NULL; i++) {
        const struct crp_tpl_part *p = &t->parts[i];
        char *v;
        if (p->literal) {
            crp_strbuf_puts(&sb, p->literal);
            continue;
        }
        v = crp_ev_string(r->ev, &p->expr, node, &r->error);
        if (v == NULL)
            break;
        crp_strbuf_puts(&sb, v);
        if (f == NULL)
            crp_free(v);
        else if (crp_ev_explain_add(&f->explain, &f->nexplain, "{", p->expr.text,
                             "}", v) != 0)
            r->oom = 1;
    }
    if (r->error) {
        crp_strbuf_release(&sb);
        return NULL;
    }
    return crp_strbuf_steal(&sb);
}

static int
node_line(xmlNodePtr node)
{
    long line;

    if (node->type == XML_NAMESPACE_DECL)
        node = (xmlNodePtr)((xmlNsPtr)node)->next;
    else if (node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    if (node == NULL || node->type == XML_DOCUMENT_NODE)
        return 1;
    line = xmlGetLineNo(node);
    return line > 0 && line < 2147483647L ? (int)line : 0;
}

static char *
node_location(struct cr_evaluator *ev, xmlNodePtr node)
{
    if (node->type == XML_NAMESPACE_DECL) {
        xmlNsPtr ns = (xmlNsPtr)node;
        struct crp_strbuf sb;
        char *p;
        crp_strbuf_init(&sb);
        p = ns->next ? crp_node_path(ev->paths, (xmlNodePtr)ns->next) : NULL;
        crp_strbuf_printf(&sb, "%s/namespace::%s", p ? p : "",
                          ns->prefix ? (const char *)ns->prefix : "");
        crp_free(p);
        return crp_strbuf_steal(&sb);
    }
    return crp_node_path(ev->paths, node);
}

static void
add_finding(struct item_run *r, const struct crp_test *t, xmlNodePtr node)
{
    struct cr_item_result *ir = r->ir;
    struct cr_finding scratch = {0};
    int explain = (r->ev->flags & CR_EVAL_EXPLAIN) != 0;
    char *msg, *loc;
    xmlNodePtr at;

    /* past max-findings a finding is only counted: not even its message
     * is made (result-bounds.c) */
    if (crp_finding_omit(ir, r->ev->cl->limits.max_findings))
        return;
    if (explain &&
        (crp_pairs_add(&scratch.explain, &scratch.nexplain,
                       t->is_report ? "report" : "assert", t->test.text) ||
         crp_ev_explain_names(r->ev, ir->def->logic, r->global_count, 1,
                       &scratch.explain, &scratch.nexplain)))
        r->oom = 1;
    msg = crp_message_cut(render_message(r, t, node,
                                         explain ? &scratch : NULL),
                          r->ev->cl->limits.max_message);
    /* a mapped export's findings point at the export's element */
    at = r->ev->mapped && crp_origin_of(node) ? crp_origin_of(node) : node;
    loc = msg ? node_location(r->ev, at) : NULL;
    if (msg && loc &&
        crp_item_add_finding(ir, msg, loc, node_line(at)) == 0) {
        ir->findings[ir->nfindings - 1].explain = scratch.explain;
        ir->findings[ir->nfindings - 1].nexplain = scratch.nexplain;
        return;
    }
    if (msg && !loc)
        crp_free(msg);
    if (r->error == NULL)
        r->oom = 1;
    for (size_t i = 0; i < scratch.nexplain; i++) {
        crp_free(scratch.explain[i].name);
        crp_free(scratch.explain[i].value);
    }
    crp_free(scratch.explain);
}

/* Checks one context node: lets, then every assert/report. */
static void
check_node(struct item_run *r, const struct crp_check *c, xmlNodePtr node)
{
    struct cr_evaluator *ev = r->ev;
    size_t mark = ev->nvars, i;
    int failed = 0;

    for (i = 0; i < c->nlets && r->error == NULL; i++)
        if (crp_ev_let(ev, c->lets[i].name, &c->lets[i].value, node, 0,
                     &r->error) != 0)
            r->oom = 1;
    for (i = 0; i < c->ntests && r->error == NULL && !r->oom; i++) {
        const struct crp_test *t = &c->tests[i];
        int b = crp_ev_bool(ev, &t->test, node, &r->error);
        if (b < 0)
            break;
        if (t->is_report ? b : !b) {
            failed = 1;
            add_finding(r, t, node);
        }
    }
    crp_ev_pop_vars(ev, mark);
    if (failed)
        r->ir->failing_nodes++;
}

/* Checks every node of NODES (N of them) in order. */
static void
check_nodes(struct item_run *r, const struct crp_check *c, xmlNodePtr *nodes,
            int n)
{
    int i;

    for (i = 0; i < n; i++) {
        size_t before = r->ir->failing_nodes;
        check_node(r, c, nodes[i]);
        if (r->error || r->oom)
            break;
        if (r->ir->failing_nodes > before && r->track_nodes)
            track_node(r, nodes[i]);
    }
}

static void
run_check(struct item_run *r, const struct crp_check *c, xmlDocPtr doc)
{
    struct cr_evaluator *ev = r->ev;
    xmlXPathObjectPtr set;
    xmlNodePtr *nodes;
    int n;

    /* the context's nodes straight from the fast path, without a libxml2
     * node-set object; verify mode takes crp_ev_object's way, which
     * compares */
    if (crp_ev_fast_nodes(ev, &c->context, (xmlNodePtr)doc, &nodes, &n)) {
        check_nodes(r, c, nodes, n);
        crp_free(nodes);
        return;
    }
    set = crp_ev_object(ev, &c->context, (xmlNodePtr)doc, &r->error);

    if (set == NULL)
        return;
    if (set->type != XPATH_NODESET) {
        r->error = crp_strdup(crp_msg(crp_msg_current(),
                                      "check context is not a node-set"));
        xmlXPathFreeObject(set);
        return;
    }
    if (set->nodesetval)
        check_nodes(r, c, set->nodesetval->nodeTab, set->nodesetval->nodeNr);
    xmlXPathFreeObject(set);
}

static int
cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;

    return x < y ? -1 : x > y;
}

/* A node failing in two checks of one item counts once. */
static void
count_distinct_nodes(struct item_run *r)
{
    size_t i, n = 0;

    if (!r->track_nodes || r->nfailed == 0)
        return;
    qsort(r->failed, r->nfailed, sizeof(*r->failed), cmp_ptr);
    for (i = 0; i < r->nfailed; i++)
        n += i == 0 || r->failed[i] != r->failed[i - 1];
    r->ir->failing_nodes = n;
}

static void
explain_applies(struct item_run *r, const struct crp_expr *e, int value)
{
    if (!(r->ev->flags & CR_EVAL_EXPLAIN))
        return;
    if (crp_pairs_add(&r->ir->explain, &r->ir->nexplain, e->text,
                      value ? "true" : "false") != 0 ||
        crp_ev_explain_names(r->ev, e->text, r->global_count, 0, &r->ir->explain,
                      &r->ir->nexplain) != 0)
        r->oom = 1;
}

static int
run_item(struct cr_evaluator *ev, struct cr_result *res, size_t idx,
         xmlDocPtr doc, size_t global_count)
{
    struct item_run r = {ev, res, &res->items[idx], global_count, NULL, 0,
                         0, NULL, 0, 0};
    const struct crp_item *it = r.ir->def;
    size_t i;
    int applies_failed;

    r.track_nodes = it->nchecks > 1 && it->per_node;
    for (i = 0; i < it->napplies; i++) {
        int b = crp_ev_bool(ev, &it->applies[i], (xmlNodePtr)doc, &r.error);
        if (b < 0)
            break;
        if (!b) {
            explain_applies(&r, &it->applies[i], 0);
            r.ir->state = CR_ITEM_NOT_APPLICABLE;
            return r.oom ? -1 : 0;
        }
    }
    applies_failed = r.error != NULL;
    for (i = 0; i < it->nchecks && r.error == NULL && !r.oom; i++)
        run_check(&r, &it->checks[i], doc);
    /* a reviewer item's checks are hints: one that errors leaves the
     * item pending with the hints found so far (1.1, reading 6) */
    if (it->reviewer && r.error && !applies_failed) {
        crp_free(r.error);
        r.error = NULL;
    }
    count_distinct_nodes(&r);
    crp_free(r.failed);
    r.oom |= ev->oom;
    if (r.error) {
        r.ir->state = CR_ITEM_ERROR;
        r.ir->error = r.error;
        crp_item_clear_findings(r.ir);
        r.ir->findings_omitted = 0;
    } else if (r.ir->nfindings) {
        r.ir->state = CR_ITEM_FAILED;
    }
    return r.oom ? -1 : 0;
}

/* ---- one case ---- */

/* The checklist's <accepts>, before anything else: 0 when the case is
 * accepted, 1 when refused (*WHY the message rendered at the document
 * node, or the error that stopped the test), -1 out of memory. */
static int
refused(struct cr_evaluator *ev, xmlDocPtr doc, char **why)
{
    const struct crp_test *t = &ev->cl->accepts;
    struct item_run r = {ev, NULL, NULL, 0, NULL, 0, 0, NULL, 0, 0};
    int b;

    *why = NULL;
    if (t->test.text == NULL)
        return 0;
    b = crp_ev_bool(ev, &t->test, (xmlNodePtr)doc, &r.error);
    if (b == 1)
        return ev->oom ? -1 : 0;
    if (b == 0)
        *why = render_message(&r, t, (xmlNodePtr)doc, NULL);
    if (*why == NULL && r.error == NULL)
        return -1;
    if (*why == NULL) {
        *why = r.error;
        r.error = NULL;
    }
    crp_free(r.error);
    return ev->oom || r.oom ? -1 : 1;
}

/* The case passed one of its budget's limits: an error result of kind
 * "limit" naming it (with the case's id when it was known), never a
 * partial score. */
enum cr_status
crp_ev_over_budget(struct cr_evaluator *ev, const char *source,
                   const char *case_id, struct cr_result **out)
{
    char msg[256];
    const char *limit = crp_budget_over(&ev->budget, msg, sizeof(msg));

    *out = crp_result_new_case_error(source, case_id, msg, 0, CRP_ERROR_LIMIT,
                                     NULL);
    if (*out == NULL)
        return CR_ERR_NOMEM;
    crp_result_set_error_limit(*out, limit);
    return CR_ERR_CASE;
}

static int
eval_globals(struct cr_evaluator *ev, xmlDocPtr doc)
{
    size_t i;

    for (i = 0; i < ev->cl->nlets; i++) {
        char *err = NULL;
        if (crp_ev_let(ev, ev->cl->lets[i].name, &ev->cl->lets[i].value,
                     (xmlNodePtr)doc, 1, &err) != 0)
            return -1;
    }
    return 0;
}

/* The case's id and group (an error gives ""): 0, or -1 out of memory. */
static int
case_id_and_group(struct cr_evaluator *ev, struct cr_result *res,
                  xmlDocPtr doc)
{
    char *err = NULL;

    res->case_id = crp_ev_string(ev, &ev->cl->case_id, (xmlNodePtr)doc, &err);
    crp_free(err);
    err = NULL;
    res->group = crp_ev_string(ev, &ev->cl->group_by, (xmlNodePtr)doc, &err);
    crp_free(err);
    if (res->case_id == NULL)
        res->case_id = crp_strdup("");
    if (res->group == NULL)
        res->group = crp_strdup("");
    if (res->case_id == NULL || res->group == NULL || ev->oom)
        return -1;
    /* the agency's name and the case's kind, for the batch's outputs */
    res->agency_name = crp_ev_string(ev, &ev->cl->agency_name,
                                     (xmlNodePtr)doc, &err);
    crp_free(err);
    err = NULL;
    res->kind = crp_ev_string(ev, &ev->cl->case_kind, (xmlNodePtr)doc, &err);
    crp_free(err);
    return ev->oom ? -1 : 0;
}

/* A fact of the archive rules, at the case's document (archive-facts.c). */
static xmlXPathObjectPtr
fact_object(void *ctx, const struct crp_expr *e, char **err)
{
    struct cr_evaluator *ev = ctx;

    return crp_ev_object(ev, e, (xmlNodePtr)ev->xp->doc, err);
}

/* Every item in order, each a run of the budget; VC the case's verdicts
 * (or NULL). 0, 1 past the budget, -1 out of memory. */
static int
run_items(struct cr_evaluator *ev, struct cr_result *res, xmlDocPtr doc,
          const struct crp_verdict_case *vc)
{
    size_t i, k = 0;
    int rc = 0;

    ev->env.result = res;       /* cr:state reads the items so far */
    for (i = 0; i < res->nitems && rc == 0; i++) {
        if (crp_budget_ops_begin(&ev->budget, ev->xp) != 0)
            rc = 1;
        else
            rc = run_item(ev, res, i, doc, ev->cl->nlets);
        if (crp_budget_ops_end(&ev->budget, ev->xp) != 0 && rc == 0)
            rc = 1;
        /* reviewer items and verdicts (1.1), before a later item's
         * cr:state can read the state */
        if (vc || ev->cl->has_reviewer) {
            const struct crp_verdict *v = NULL;
            if (vc && k < vc->count && vc->verdicts[k].item == i)
                v = &vc->verdicts[k++];
            crp_item_settle(res, i, v);
        }
    }
    ev->env.result = NULL;
    return rc;
}

enum cr_status
crp_ev_case(struct cr_evaluator *ev, xmlDocPtr doc, const char *source,
            struct cr_result **out)
{
    struct cr_result *res = crp_result_new(ev->cl, source);
    const struct crp_verdict_case *vc = NULL;
    char *err = NULL;
    int rc = 0, refuse, id_known;

    if (res == NULL)
        return CR_ERR_NOMEM;
    res->explained = (ev->flags & CR_EVAL_EXPLAIN) != 0;
    ev->oom = 0;
    ev->xp->doc = doc;
    /* the op limit bounds each item, the budget the whole case */
    crp_budget_case_begin(&ev->budget);
    crp_fx_new_case(ev->fxrun);
    /* the checklist's <accepts>, then the global lets: each a run of
     * the budget */
    (void)crp_budget_ops_begin(&ev->budget, ev->xp);
    refuse = refused(ev, doc, &err);
    if (crp_budget_ops_end(&ev->budget, ev->xp) != 0 && refuse >= 0) {
        crp_free(err);
        err = NULL;
        refuse = 0;
        rc = 1;
    }
    if (refuse == 1) {
        ev->xp->doc = NULL;
        ev->xp->node = NULL;
        cr_result_free(res);
        res = crp_refusal_result(ev->cl, doc, source, err);
        crp_free(err);
        *out = res;
        return res ? CR_ERR_CASE : CR_ERR_NOMEM;
    }
    if (refuse < 0)
        rc = -1;
    if (rc == 0 && crp_budget_ops_begin(&ev->budget, ev->xp) != 0)
        rc = 1;
    if (rc == 0)
        rc = eval_globals(ev, doc);
    if (rc == 0)
        rc = case_id_and_group(ev, res, doc);
    if (rc == 0 && ev->cl->archive &&
        (crp_facts_eval(res, fact_object, ev) != 0 || ev->oom))
        rc = -1;
    if (crp_budget_ops_end(&ev->budget, ev->xp) != 0 && rc == 0)
        rc = 1;
    id_known = rc == 0;
    if (rc == 0 && ev->verdicts) {
        vc = crp_verdicts_find(ev->verdicts, res->case_id);
        if (vc)
            res->verdicts = cr_verdicts_ref(ev->verdicts);
    }
    if (rc == 0)
        rc = run_items(ev, res, doc, vc);
    crp_ev_pop_vars(ev, 0);
    crp_path_cache_clear(ev->paths);  /* its pointers die with the doc */
    ev->xp->doc = NULL;
    ev->xp->node = NULL;
    if (rc == 0)
        rc = crp_score(res);
    if (rc == 1) {
        enum cr_status st = crp_ev_over_budget(ev, source,
                                        id_known ? res->case_id : NULL, out);
        cr_result_free(res);
        return st;
    }
    if (rc != 0) {
        cr_result_free(res);
        return CR_ERR_NOMEM;
    }
    *out = res;
    return CR_OK;
}
