/* checklist-api.c — cr_checklist: load, reference counting, getters. */
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "checklist.h"
#include "result.h"
#include "diag.h"
#include "export.h"
#include "load-entry.h"
#include "load-xml.h"
#include "refcount.h"
#include "date.h"
#include "xml-safe.h"

static void
free_expr(struct crp_expr *e)
{
    crp_free(e->text);
}

static void
free_lets(struct crp_let *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        crp_free(v[i].name);
        free_expr(&v[i].value);
    }
    crp_free(v);
}

static void
free_test(struct crp_test *t)
{
    size_t j;

    free_expr(&t->test);
    for (j = 0; j < t->nparts; j++) {
        crp_free(t->parts[j].literal);
        free_expr(&t->parts[j].expr);
    }
    crp_free(t->parts);
}

static void
free_check(struct crp_check *c)
{
    size_t i;

    free_expr(&c->context);
    free_lets(c->lets, c->nlets);
    for (i = 0; i < c->ntests; i++)
        free_test(&c->tests[i]);
    crp_free(c->tests);
}

static void
free_item(struct crp_item *it)
{
    size_t i;

    crp_free(it->id);
    crp_free(it->title);
    crp_free(it->basis);
    crp_free(it->severity);
    crp_free(it->description);
    crp_free(it->logic);
    for (i = 0; i < it->napplies; i++)
        free_expr(&it->applies[i]);
    crp_free(it->applies);
    for (i = 0; i < it->nchecks; i++)
        free_check(&it->checks[i]);
    crp_free(it->checks);
    crp_free(it->json_head);
    crp_free(it->json_mid);
    crp_free(it->cap_grade_id);
}

void
crp_checklist_free(struct cr_checklist *cl)
{
    size_t i;

    if (cl == NULL)
        return;
    for (i = 0; i < cl->nitems; i++)
        free_item(&cl->items[i]);
    crp_free(cl->items);
    for (i = 0; i < cl->ncategories; i++) {
        crp_free(cl->categories[i].id);
        crp_free(cl->categories[i].title);
    }
    crp_free(cl->categories);
    for (i = 0; i < cl->ngrades; i++) {
        crp_free(cl->grades[i].id);
        crp_free(cl->grades[i].label);
    }
    crp_free(cl->grades);
    for (i = 0; i < cl->nparams; i++) {
        crp_free(cl->params[i].name);
        crp_free(cl->params[i].value);
        crp_free(cl->params[i].min);
        crp_free(cl->params[i].max);
    }
    crp_free(cl->params);
    for (i = 0; i < cl->ndata; i++) {
        crp_free(cl->data[i].name);
        crp_free(cl->data[i].href);
        crp_free(cl->data[i].path);
        if (cl->data[i].doc)
            xmlFreeDoc(cl->data[i].doc);
    }
    crp_free(cl->data);
    for (i = 0; i < cl->nns; i++) {
        crp_free(cl->ns[i].prefix);
        crp_free(cl->ns[i].uri);
    }
    crp_free(cl->ns);
    free_lets(cl->lets, cl->nlets);
    free_expr(&cl->case_id);
    free_expr(&cl->group_by);
    free_expr(&cl->agency_name);
    free_expr(&cl->case_kind);
    free_test(&cl->accepts);
    crp_archive_def_free(cl->archive);
    crp_calendar_free(cl->calendar);
    crp_free(cl->calendar_href);
    crp_free(cl->calendar_path);
    crp_free(cl->path);
    crp_free(cl->base_dir);
    crp_free(cl->id);
    crp_free(cl->version);
    crp_free(cl->title);
    crp_free(cl->description);
    crp_free(cl);
}

static char *
dir_of(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;

    if (slash == NULL)
        return crp_strdup(".");
    if (slash == path)
        return crp_strdup("/");
    return crp_strndup(path, (size_t)(slash - path));
}

/* What a load makes: the checklist, with its options, in *OUT. */
struct target {
    const char *base_dir;          /* NULL: the folder of the file */
    const struct cr_load_options *opts;
    struct cr_checklist **out;
};

static struct cr_checklist *
new_checklist(const char *name, const char *base_dir,
              const struct cr_load_options *opts)
{
    struct cr_checklist *cl = crp_calloc(1, sizeof(*cl));

    if (cl == NULL)
        return NULL;
    atomic_init(&cl->refs, 1);
    if (opts)
        cl->limits = opts->limits;
    else
        crp_limits_default(&cl->limits);
    cl->path = crp_strdup(name);
    cl->base_dir = base_dir ? crp_strdup(base_dir) : dir_of(name);
    if (cl->path == NULL || cl->base_dir == NULL) {
        crp_checklist_free(cl);
        return NULL;
    }
    return cl;
}

static enum cr_status
load_common(const char *buf, size_t len, const char *name, void *arg,
            struct cr_diag_list *diags)
{
    struct target *t = arg;
    struct crp_xml_capture cap;
    struct cr_checklist *cl;
    xmlDocPtr doc;
    enum cr_status st;

    cl = new_checklist(name, t->base_dir, t->opts);
    if (cl == NULL)
        return CR_ERR_NOMEM;
    st = crp_ld_parse(buf, len, name, diags, CRP_DIAG_NOT_WELL_FORMED,
                      "not well-formed XML: %s", &doc);
    if (st != CR_OK) {
        crp_checklist_free(cl);
        return st;
    }
    /* The document is parsed: libxml2 can now only fail for memory (an
     * xmlGetNoNsProp that returns NULL would read as a missing
     * attribute), and must not print it. Nested captures (expressions,
     * data documents) keep their own errors. */
    crp_xml_capture_begin(&cap);
    st = crp_checklist_build(cl, doc, name, diags);
    xmlFreeDoc(doc);
    if (st != CR_ERR_NOMEM) {
        enum cr_status st2 = crp_checklist_compile(cl, t->opts, name, diags);
        if (st2 != CR_OK)
            st = st2 == CR_ERR_NOMEM || st == CR_OK ? st2 : st;
    }
    if (st == CR_OK && crp_json_prerender(cl) != 0)
        st = CR_ERR_NOMEM;
    st = crp_ld_done(&cap, st, diags);
    if (st == CR_OK)
        *t->out = cl;
    else
        crp_checklist_free(cl);
    return st;
}

/* Both public loaders: PATH, or BUF when PATH is NULL. */
static enum cr_status
entry(const char *path, const char *buf, size_t len, const char *name,
      const char *base_dir, const struct cr_load_options *opts,
      struct cr_checklist **out, struct cr_diag_list **diags)
{
    struct target t = {base_dir, opts, out};

    if (out)
        *out = NULL;        /* on any failure, as the header says */
    return crp_load_entry(path, buf, len, name,
                          opts ? (enum crp_lang)opts->limits.lang
                               : CRP_LANG_ZH,
                          out != NULL, load_common, &t, diags);
}

CR_EXPORT enum cr_status
cr_checklist_load_memory(const char *buf, size_t len, const char *name,
                         const char *base_dir,
                         const struct cr_load_options *opts,
                         struct cr_checklist **out,
                         struct cr_diag_list **diags)
{
    return entry(NULL, buf, len, name ? name : "<memory>",
                 base_dir ? base_dir : ".", opts, out, diags);
}

CR_EXPORT enum cr_status
cr_checklist_load(const char *path, const struct cr_load_options *opts,
                  struct cr_checklist **out, struct cr_diag_list **diags)
{
    return entry(path, NULL, 0, path, NULL, opts, out, diags);
}

/* cr_checklist_ref, cr_checklist_unref */
CRP_REFCOUNTED(cr_checklist, crp_checklist_free)

#define GET(type, name, expr, def) \
    CR_EXPORT type cr_checklist_get_##name(const struct cr_checklist *cl) \
    { return cl ? (expr) : (def); }
#define GET_I(type, name, arr, count, expr, def) \
    CR_EXPORT type cr_checklist_get_##name(const struct cr_checklist *cl, \
                                           size_t i) \
    { return cl && i < cl->count ? (expr) : (def); }

GET(const char *, id, cl->id, NULL)
GET(const char *, version, cl->version, NULL)
GET(const char *, title, cl->title, NULL)
GET(const char *, path, cl->path, NULL)
GET(double, total, cl->total, 0)
GET(const char *, group_by,
    cl->has_group_by ? cl->group_by.text : NULL, NULL)
GET(size_t, category_count, cl->ncategories, 0)
GET(size_t, item_count, cl->nitems, 0)
GET(size_t, grade_count, cl->ngrades, 0)

GET_I(const char *, category_id, categories, ncategories,
      cl->categories[i].id, NULL)
GET_I(const char *, category_title, categories, ncategories,
      cl->categories[i].title, NULL)
GET_I(double, category_points, categories, ncategories,
      cl->categories[i].points, 0)
GET_I(const char *, item_id, items, nitems, cl->items[i].id, NULL)
GET_I(const char *, item_title, items, nitems, cl->items[i].title, NULL)
GET_I(const char *, item_category, items, nitems,
      cl->categories[cl->items[i].category].id, NULL)
GET_I(double, item_deduct, items, nitems, cl->items[i].deduct, 0)
GET_I(double, item_max, items, nitems, cl->items[i].max, 0)
GET_I(int, item_per_node, items, nitems, cl->items[i].per_node, 0)
GET_I(int, item_veto, items, nitems, cl->items[i].veto, 0)
GET_I(const char *, item_basis, items, nitems, cl->items[i].basis, NULL)
GET_I(const char *, item_severity, items, nitems, cl->items[i].severity,
      NULL)
GET_I(const char *, item_description, items, nitems,
      cl->items[i].description, NULL)
GET_I(const char *, item_logic, items, nitems, cl->items[i].logic, NULL)
GET_I(int, item_line, items, nitems, cl->items[i].line, 0)
GET_I(const char *, grade_id, grades, ngrades, cl->grades[i].id, NULL)
GET_I(const char *, grade_label, grades, ngrades, cl->grades[i].label, NULL)
GET_I(double, grade_min, grades, ngrades, cl->grades[i].min, 0)

CR_EXPORT long
cr_checklist_find_item(const struct cr_checklist *cl, const char *id)
{
    size_t i;

    for (i = 0; cl && id && i < cl->nitems; i++)
        if (strcmp(cl->items[i].id, id) == 0)
            return (long)i;
    return -1;
}
