/* verdicts-load.c — reads a verdicts document (urn:casereview:verdicts:1)
 * against the checklist it decides for, checking every verdict at load
 * (checklist 1.1, reading 7 and 11), each problem at its element's line,
 * all of them at once: a verdicts file with any problem does not load. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "diag.h"
#include "export.h"
#include "load-entry.h"
#include "load-xml.h"
#include "verdicts.h"
#include "xml-safe.h"

/* A verdict as read, before the verdicts are grouped by case. */
struct raw {
    char *case_id;      /* borrowed from the <case>'s copy in IDS */
    int case_line;
    size_t seq;         /* document order */
    struct crp_verdict v;
};

struct vloader {
    struct crp_ld l;            /* file, diagnostics, counters */
    const struct cr_checklist *cl;
    struct raw *raw;
    size_t nraw, cap;
    char **ids;         /* each <case id>, owned until grouped */
    size_t nids, capids;
};

/* A problem with any number of arguments (crp_ld_problem takes two). */
#define BAD(ld, node, code, ...)                                        \
    (crp_diag_add((ld)->l.diags, CRP_DIAG_##code, CR_SEVERITY_ERROR,    \
                  (ld)->l.file, crp_ld_line(node), 0, __VA_ARGS__),     \
     (ld)->l.errors++)

static int
parse_result(const char *s, enum cr_item_state *out)
{
    if (strcmp(s, "passed") == 0)
        *out = CR_ITEM_PASSED;
    else if (strcmp(s, "failed") == 0)
        *out = CR_ITEM_FAILED;
    else if (strcmp(s, "not-applicable") == 0)
        *out = CR_ITEM_NOT_APPLICABLE;
    else
        return -1;
    return 0;
}

static void
fmt_num(double v, char *buf, size_t len)
{
    snprintf(buf, len, "%g", v);
}

/* Reading 7: what a verdict's deduct may be, given its item. */
static void
check_deduct(struct vloader *ld, xmlNodePtr n, struct crp_verdict *v,
             const char *text)
{
    const struct crp_item *it = &ld->cl->items[v->item];
    const struct crp_category *cat = &ld->cl->categories[it->category];
    char a[64], b[64];
    char *end;

    if (text) {
        v->deduct = strtod(text, &end);
        if (end == text || *end != '\0' || !isfinite(v->deduct) ||
            v->deduct < 0 || strspn(text, "0123456789.") != strlen(text)) {
            BAD(ld, n, VERDICT_BAD_DEDUCT, "deduct '%s' is not a number",
                text);
            return;
        }
        v->has_deduct = 1;
    }
    if (v->has_deduct && v->result != CR_ITEM_FAILED) {
        BAD(ld, n, VERDICT_BAD_DEDUCT,
            "deduct is given only with result=\"failed\"%s", "");
    } else if (v->has_deduct && (cat->role == CRP_ROLE_BONUS ||
                                 cat->scoring == CRP_SCORING_EARN)) {
        BAD(ld, n, VERDICT_BAD_DEDUCT,
            "item '%s' %s: a failed verdict takes no deduct", it->id,
            crp_diag_text(ld->l.diags, cat->role == CRP_ROLE_BONUS
                                         ? "adds a bonus" : "earns points"));
    } else if (v->result == CR_ITEM_FAILED && it->has_range) {
        fmt_num(it->deduct_min, a, sizeof(a));
        fmt_num(it->deduct_max, b, sizeof(b));
        if (!v->has_deduct)
            BAD(ld, n, VERDICT_BAD_DEDUCT,
                "item '%s' deducts %s to %s: a failed verdict must give "
                "deduct in that range", it->id, a, b);
        else if (v->deduct < it->deduct_min - 1e-9 ||
                 v->deduct > it->deduct_max + 1e-9)
            BAD(ld, n, VERDICT_BAD_DEDUCT,
                "deduct %s is outside the range %s to %s of item '%s'", text,
                a, b, it->id);
    } else if (v->has_deduct && fabs(v->deduct - it->deduct) > 1e-9) {
        fmt_num(it->deduct, a, sizeof(a));
        BAD(ld, n, VERDICT_BAD_DEDUCT,
            "item '%s' deducts %s; a verdict's deduct must be the same "
            "(only a range leaves a choice), not %s", it->id, a, text);
    }
}

static struct raw *
grow_raw(struct vloader *ld)
{
    if (ld->nraw == ld->cap) {
        size_t cap = ld->cap ? ld->cap * 2 : 16;
        struct raw *r = crp_realloc(ld->raw, cap * sizeof(*r));
        if (r == NULL) {
            ld->l.oom = 1;
            return NULL;
        }
        ld->raw = r;
        ld->cap = cap;
    }
    memset(&ld->raw[ld->nraw], 0, sizeof(*ld->raw));
    return &ld->raw[ld->nraw++];
}

static void
load_verdict(struct vloader *ld, xmlNodePtr n, char *case_id, int case_line)
{
    static const char *const allowed[] = {"item", "result", "deduct", "by",
                                          "at", NULL};
    char *item, *result, *deduct;
    struct crp_verdict v;
    struct raw *r;
    long idx;

    memset(&v, 0, sizeof(v));
    v.line = (int)xmlGetLineNo(n);
    crp_ld_check_attributes_as(&ld->l, n, allowed,
                               CRP_DIAG_VERDICTS_SHAPE);
    item = crp_ld_trimmed(&ld->l, n, "item");
    result = crp_ld_trimmed(&ld->l, n, "result");
    deduct = crp_ld_trimmed(&ld->l, n, "deduct");
    v.by = crp_ld_trimmed(&ld->l, n, "by");
    v.at = crp_ld_trimmed(&ld->l, n, "at");
    v.reason = crp_ld_trimmed(&ld->l, n, NULL);
    idx = item ? crp_item_index(ld->cl, item, ld->cl->nitems) : -1;
    v.item = idx >= 0 ? (size_t)idx : 0;
    if (item == NULL)
        BAD(ld, n, VERDICTS_SHAPE, "<verdict> needs the attribute '%s'",
            "item");
    else if (idx < 0)
        BAD(ld, n, VERDICT_UNKNOWN_ITEM, "checklist '%s' has no item '%s'",
            ld->cl->id, item);
    if (result == NULL || parse_result(result, &v.result) != 0)
        BAD(ld, n, VERDICT_BAD_RESULT,
            "result must be passed, failed or not-applicable, not '%s'",
            result ? result : crp_diag_text(ld->l.diags, "(missing)"));
    else if (idx >= 0)
        check_deduct(ld, n, &v, deduct);
    if (v.by == NULL || v.by[0] == '\0' || v.at == NULL || v.at[0] == '\0')
        BAD(ld, n, VERDICT_NO_REVIEWER,
            "a verdict needs who decided (by) and when (at)%s%s",
            v.by && v.by[0] ? ""
                : crp_diag_text(ld->l.diags, ": by is missing or empty"),
            v.at && v.at[0] ? ""
                : crp_diag_text(ld->l.diags, ": at is missing or empty"));
    crp_free(item);
    crp_free(result);
    crp_free(deduct);
    r = idx >= 0 ? grow_raw(ld) : NULL;
    if (r == NULL) {
        crp_free(v.by);
        crp_free(v.at);
        crp_free(v.reason);
        return;
    }
    r->case_id = case_id;
    r->case_line = case_line;
    r->seq = ld->nraw - 1;
    r->v = v;
}

static void
load_case(struct vloader *ld, xmlNodePtr n)
{
    static const char *const allowed[] = {"id", NULL};
    char *id, **ids;
    xmlNodePtr k;

    crp_ld_check_attributes_as(&ld->l, n, allowed,
                               CRP_DIAG_VERDICTS_SHAPE);
    id = crp_ld_trimmed(&ld->l, n, "id");
    if (id == NULL || id[0] == '\0') {
        if (!ld->l.oom)
            BAD(ld, n, VERDICTS_SHAPE, "<case> needs the attribute '%s'",
                "id");
        crp_free(id);
        id = NULL;
    } else if (ld->nids == ld->capids) {
        size_t cap = ld->capids ? ld->capids * 2 : 16;
        ids = crp_realloc(ld->ids, cap * sizeof(*ids));
        if (ids == NULL) {
            crp_free(id);
            ld->l.oom = 1;
            return;
        }
        ld->ids = ids;
        ld->capids = cap;
    }
    if (id)
        ld->ids[ld->nids++] = id;
    for (k = n->children; k; k = k->next) {
        if (!crp_ld_ours(k, CRP_VERDICTS_NS))
            continue;
        if (strcmp((const char *)k->name, "verdict") == 0)
            load_verdict(ld, k, id, (int)xmlGetLineNo(n));
        else
            BAD(ld, k, VERDICTS_SHAPE, "unknown element <%s> in <case>",
                (const char *)k->name);
    }
}

static void
load_root(struct vloader *ld, xmlNodePtr root)
{
    static const char *const allowed[] = {"checklist", NULL};
    char *cl_id;
    xmlNodePtr k;

    crp_ld_check_attributes_as(&ld->l, root, allowed,
                               CRP_DIAG_VERDICTS_SHAPE);
    cl_id = crp_ld_trimmed(&ld->l, root, "checklist");
    if (cl_id == NULL && !ld->l.oom)
        BAD(ld, root, VERDICTS_SHAPE, "<verdicts> needs the attribute '%s' "
            "(the id of the checklist they decide for)", "checklist");
    else if (cl_id && strcmp(cl_id, ld->cl->id) != 0)
        BAD(ld, root, VERDICT_CHECKLIST_DIFFERS,
            "these verdicts are for checklist '%s', not '%s'", cl_id,
            ld->cl->id);
    crp_free(cl_id);
    for (k = root->children; k; k = k->next) {
        if (!crp_ld_ours(k, CRP_VERDICTS_NS))
            continue;
        if (strcmp((const char *)k->name, "case") == 0)
            load_case(ld, k);
        else
            BAD(ld, k, VERDICTS_SHAPE, "unknown element <%s> in <verdicts>",
                (const char *)k->name);
    }
}

static int
by_case_item(const void *a, const void *b)
{
    const struct raw *x = a, *y = b;
    int r = strcmp(x->case_id, y->case_id);

    if (r)
        return r;
    if (x->v.item != y->v.item)
        return x->v.item < y->v.item ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
free_raw_verdict(struct crp_verdict *v)
{
    crp_free(v->by);
    crp_free(v->at);
    crp_free(v->reason);
}

/* Groups the verdicts by case, reporting a second verdict for one item
 * of one case (several <case> elements with one id are one case). The
 * verdicts move into V. */
static void
group(struct vloader *ld, struct cr_verdicts *v)
{
    size_t i, j;

    if (ld->nraw > 1)   /* qsort with NULL is undefined, even for 0 */
        qsort(ld->raw, ld->nraw, sizeof(*ld->raw), by_case_item);
    for (i = 0; i < ld->nraw; i = j) {
        struct crp_verdict_case *c;
        size_t k;
        for (j = i + 1; j < ld->nraw &&
                        strcmp(ld->raw[j].case_id, ld->raw[i].case_id) == 0;
             j++)
            ;
        c = &v->cases[v->ncases++];
        c->id = crp_strdup(ld->raw[i].case_id);
        c->line = ld->raw[i].case_line;
        c->verdicts = crp_calloc(j - i, sizeof(*c->verdicts));
        if (c->id == NULL || c->verdicts == NULL) {
            ld->l.oom = 1;
            return;
        }
        for (k = i; k < j; k++) {
            const struct crp_verdict *prev =
                c->count ? &c->verdicts[c->count - 1] : NULL;
            if (prev && ld->raw[k].v.item == prev->item) {
                crp_diag_add(ld->l.diags, CRP_DIAG_VERDICT_DUPLICATE,
                             CR_SEVERITY_ERROR, ld->l.file, ld->raw[k].v.line,
                             0, "a second verdict for item '%s' of case "
                             "'%s' (the first at line %d)",
                             ld->cl->items[ld->raw[k].v.item].id,
                             ld->raw[k].case_id, prev->line);
                ld->l.errors++;
                continue;
            }
            c->verdicts[c->count++] = ld->raw[k].v;
            memset(&ld->raw[k].v, 0, sizeof(ld->raw[k].v));
            v->count++;
        }
    }
}

/* Verdicts whose case has no id were reported; they are dropped here. */
static void
drop_caseless(struct vloader *ld)
{
    size_t i, n = 0;

    for (i = 0; i < ld->nraw; i++) {
        if (ld->raw[i].case_id)
            ld->raw[n++] = ld->raw[i];
        else
            free_raw_verdict(&ld->raw[i].v);
    }
    ld->nraw = n;
}

static enum cr_status
build(struct vloader *ld, xmlDocPtr doc, struct cr_verdicts *v)
{
    xmlNodePtr root = crp_ld_root(
        &ld->l, doc, CRP_VERDICTS_NS, "verdicts", CRP_DIAG_VERDICTS_BAD_ROOT,
        "the root element must be <verdicts xmlns=\"%s\">");

    if (root == NULL)
        return CR_ERR_CHECKLIST;
    load_root(ld, root);
    drop_caseless(ld);
    v->cases = crp_calloc(ld->nraw ? ld->nraw : 1, sizeof(*v->cases));
    if (v->cases == NULL)
        ld->l.oom = 1;
    if (!ld->l.oom)
        group(ld, v);
    if (ld->l.oom || crp_diag_list_oom(ld->l.diags))
        return CR_ERR_NOMEM;
    return ld->l.errors ? CR_ERR_CHECKLIST : CR_OK;
}

/* What a load makes: the verdicts on CL, in *OUT. */
struct target {
    struct cr_checklist *cl;
    struct cr_verdicts **out;
};

static void
free_loader(struct vloader *ld)
{
    size_t i;

    for (i = 0; i < ld->nraw; i++)
        free_raw_verdict(&ld->raw[i].v);
    crp_free(ld->raw);
    for (i = 0; i < ld->nids; i++)
        crp_free(ld->ids[i]);
    crp_free(ld->ids);
}

static enum cr_status
load_buffer(const char *buf, size_t len, const char *name, void *arg,
            struct cr_diag_list *diags)
{
    struct target *t = arg;
    struct vloader ld;
    struct cr_verdicts *v;
    struct crp_xml_capture cap;
    xmlDocPtr doc;
    enum cr_status st;

    st = crp_ld_parse(buf, len, name, diags, CRP_DIAG_VERDICTS_NOT_WELL_FORMED,
                      "not well-formed XML: %s", &doc);
    if (st != CR_OK)
        return st;
    v = crp_calloc(1, sizeof(*v));
    if (v == NULL) {
        xmlFreeDoc(doc);
        return CR_ERR_NOMEM;
    }
    memset(&ld, 0, sizeof(ld));
    ld.cl = t->cl;
    ld.l.file = name;
    ld.l.diags = diags;
    atomic_init(&v->refs, 1);
    v->cl = cr_checklist_ref(t->cl);
    v->path = crp_strdup(name);
    crp_xml_capture_begin(&cap);
    st = v->path ? build(&ld, doc, v) : CR_ERR_NOMEM;
    xmlFreeDoc(doc);
    free_loader(&ld);
    st = crp_ld_done(&cap, st, diags);
    if (st == CR_OK)
        *t->out = v;
    else
        crp_verdicts_free(v);
    return st;
}

/* Both public loaders: PATH, or BUF when PATH is NULL. */
static enum cr_status
entry(struct cr_checklist *cl, const char *path, const char *buf, size_t len,
      const char *name, struct cr_verdicts **out,
      struct cr_diag_list **diags)
{
    struct target t = {cl, out};

    if (out)
        *out = NULL;
    return crp_load_entry(path, buf, len, name,
                          cl ? (enum crp_lang)cl->limits.lang : CRP_LANG_ZH,
                          cl != NULL && out != NULL, load_buffer, &t, diags);
}

CR_EXPORT enum cr_status
cr_verdicts_load_memory(struct cr_checklist *cl, const char *buf, size_t len,
                        const char *name, struct cr_verdicts **out,
                        struct cr_diag_list **diags)
{
    return entry(cl, NULL, buf, len, name ? name : "<memory>", out, diags);
}

CR_EXPORT enum cr_status
cr_verdicts_load(struct cr_checklist *cl, const char *path,
                 struct cr_verdicts **out, struct cr_diag_list **diags)
{
    return entry(cl, path, NULL, 0, path, out, diags);
}
