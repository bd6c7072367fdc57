/* checklist-compile.c — the second pass of loading: reference documents,
 * the calendar, param overrides, and every expression compiled once and
 * its names checked, so nothing fails for a reason known at load time. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "grow.h"
#include "archive-rules.h"
#include "checklist.h"
#include "diag.h"
#include "date.h"
#include "pairs.h"
#include "strbuf.h"
#include "xml-safe.h"
#include "xpath-lint.h"

struct compiler {
    struct cr_checklist *cl;
    const char *file;
    struct cr_diag_list *diags;
    xmlXPathContextPtr xp;   /* scratch context for syntax checks */
    const char **vars;       /* names in scope */
    size_t nvars, cap;
    long item;               /* the item being compiled, -1 outside */
    int errors, oom;
};

static void
push_var(struct compiler *c, const char *name)
{
    if (name == NULL)
        return;
    if (crp_grow(&c->vars, &c->cap, c->nvars, sizeof(*c->vars), 16) != 0) {
        c->oom = 1;
        return;
    }
    c->vars[c->nvars++] = name;
}

static int
var_known(const struct compiler *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->nvars; i++)
        if (strcmp(c->vars[i], name) == 0)
            return 1;
    return 0;
}

/* Compiles E for syntax and scans its names in the current scope. */
static void
check_expr(struct compiler *c, const struct crp_expr *e)
{
    struct crp_lint_env env = {c->cl, c->item, c->vars, c->nvars, c->file,
                               c->diags};
    struct crp_xml_capture cap;
    xmlXPathCompExprPtr comp;

    if (e->text == NULL)
        return;
    crp_xml_capture_begin(&cap);
    comp = xmlXPathCtxtCompile(c->xp, (const xmlChar *)e->text);
    crp_xml_capture_end(&cap);
    if (comp == NULL) {
        crp_diag_add(c->diags, CRP_DIAG_XPATH_SYNTAX, CR_SEVERITY_ERROR,
                     c->file, e->line, 0, "expression '%s' does not compile: %s",
                     e->text, cap.message[0] ? cap.message
                                    : crp_diag_text(c->diags, "syntax error"));
        c->errors++;
        return;
    }
    xmlXPathFreeCompExpr(comp);
    c->errors += crp_xpath_lint(&env, e->text, e->line);
}

/* A check's let may shadow a checklist-level name, not another let of
 * the same check (names from index FROM on). */
static void
declare_let(struct compiler *c, const struct crp_let *l, int line,
            size_t from)
{
    size_t i;
    int dup = 0;

    check_expr(c, &l->value);
    for (i = from; l->name && i < c->nvars; i++)
        dup |= strcmp(c->vars[i], l->name) == 0;
    if (dup) {
        crp_diag_add(c->diags, CRP_DIAG_DUPLICATE_ID, CR_SEVERITY_ERROR,
                     c->file, line, 0,
                     "variable $%s is already defined in this check", l->name);
        c->errors++;
    }
    push_var(c, l->name);
}

static void
compile_item(struct compiler *c, const struct crp_item *it)
{
    size_t i, j, k, mark = c->nvars;

    for (i = 0; i < it->napplies; i++)
        check_expr(c, &it->applies[i]);
    for (i = 0; i < it->nchecks; i++) {
        const struct crp_check *ck = &it->checks[i];
        check_expr(c, &ck->context);
        for (j = 0; j < ck->nlets; j++)
            declare_let(c, &ck->lets[j], ck->lets[j].value.line, mark);
        for (j = 0; j < ck->ntests; j++) {
            check_expr(c, &ck->tests[j].test);
            for (k = 0; k < ck->tests[j].nparts; k++)
                check_expr(c, &ck->tests[j].parts[k].expr);
        }
        c->nvars = mark;
    }
}

/* A canonical text of what the item checks, for `casereview diff`. */
static char *
item_logic(const struct crp_item *it)
{
    struct crp_strbuf sb;
    size_t i, j, k;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    for (i = 0; i < it->napplies; i++)
        crp_strbuf_printf(&sb, "applies-if %s\n", it->applies[i].text);
    for (i = 0; i < it->nchecks; i++) {
        const struct crp_check *ck = &it->checks[i];
        crp_strbuf_printf(&sb, "check %s\n", ck->context.text);
        for (j = 0; j < ck->nlets; j++)
            crp_strbuf_printf(&sb, "  let %s = %s\n", ck->lets[j].name,
                              ck->lets[j].value.text);
        for (j = 0; j < ck->ntests; j++) {
            const struct crp_test *t = &ck->tests[j];
            crp_strbuf_printf(&sb, "  %s %s: ",
                              t->is_report ? "report" : "assert", t->test.text);
            for (k = 0; k < t->nparts; k++) {
                if (t->parts[k].literal)
                    crp_strbuf_puts(&sb, t->parts[k].literal);
                else
                    crp_strbuf_printf(&sb, "{%s}", t->parts[k].expr.text);
            }
            crp_strbuf_putc(&sb, '\n');
        }
    }
    return crp_strbuf_steal(&sb);
}

/* Does HREF stay below its folder when read as written? */
static int
lexically_inside(const char *href)
{
    const char *p = href;

    if (href[0] == '/')
        return 0;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n;
        p += *p == '/';
    }
    return 1;
}

/* Resolves HREF against the checklist's folder; refuses URLs and, unless
 * allowed, paths that leave the folder. Returns a crp_malloc'd path. */
static char *
resolve_href(struct compiler *c, const char *href, int line, int allow_out)
{
    struct crp_strbuf sb;
    char *path, *real, *base;
    int ok = 1;

    if (strstr(href, "://") || strncmp(href, "file:", 5) == 0) {
        crp_diag_add(c->diags, CRP_DIAG_DATA_REFUSED, CR_SEVERITY_ERROR,
                     c->file, line, 0, "href '%s' is a URL; only local files "
                     "next to the checklist are read", href);
        c->errors++;
        return NULL;
    }
    crp_strbuf_init(&sb);
    if (href[0] != '/')
        crp_strbuf_printf(&sb, "%s/", c->cl->base_dir);
    crp_strbuf_puts(&sb, href);
    path = crp_strbuf_steal(&sb);
    if (path == NULL) {
        c->oom = 1;
        return NULL;
    }
    if (allow_out)
        return path;
    real = realpath(path, NULL);
    base = realpath(c->cl->base_dir, NULL);
    if (real && base) {
        size_t n = strlen(base);
        ok = strncmp(real, base, n) == 0 && (real[n] == '/' || n == 1);
    } else {
        /* nothing to resolve (missing file): judge the href itself, so
         * "../x.xml" is refused as leaving, not reported as missing */
        ok = lexically_inside(href);
    }
    free(real);
    free(base);
    if (!ok) {
        crp_diag_add(c->diags, CRP_DIAG_DATA_REFUSED, CR_SEVERITY_ERROR,
                     c->file, line, 0, "href '%s' leaves the checklist's "
                     "folder (allow it with CR_LOAD_ALLOW_OUTSIDE_DATA)", href);
        c->errors++;
        crp_free(path);
        return NULL;
    }
    return path;
}

/* Data named as a FIFO (or a socket, or a device) would hold the load
 * in open() or read() until some writer came: refused before it is
 * opened, with its path. */
static int
refuse_special(struct compiler *c, const char *path, int line,
               const char *what)
{
    struct stat st;

    if (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return 0;
    crp_diag_add(c->diags, CRP_DIAG_DATA_NOT_FILE, CR_SEVERITY_ERROR,
                 c->file, line, 0, "%s '%s': not a regular file (a pipe, "
                 "socket or device)", what, path);
    c->errors++;
    return 1;
}

static xmlDocPtr
load_data_doc(struct compiler *c, const char *path, int line)
{
    char err[512], *buf = NULL;
    size_t len;
    int eline = 0;
    xmlDocPtr doc = NULL;

    if (refuse_special(c, path, line,
                       crp_diag_text(c->diags, "data document")))
        return NULL;
    if (crp_read_file(path, (size_t)INT_MAX, &buf, &len, err,
                      sizeof(err)) == 0) {
        doc = crp_xml_parse_once(buf, len, path, err, sizeof(err), &eline);
        crp_free(buf);
    } else if (strcmp(err, CRP_MSG_NOMEM) != 0) {
        /* the system's reason in the list's language, not strerror() */
        snprintf(err, sizeof(err), "%s",
                 crp_msg_errno(crp_diag_list_lang(c->diags), errno));
    }
    if (doc == NULL && eline > 0) {
        /* a malformed document: its own file:line, as for the calendar */
        crp_diag_add(c->diags, CRP_DIAG_DATA_MISSING, CR_SEVERITY_ERROR,
                     path, eline, 0, "data document (named at %s:%d): %s",
                     c->file, line, crp_diag_text(c->diags, err));
        c->errors++;
        return NULL;
    }
    if (doc == NULL) {
        crp_diag_add(c->diags, CRP_DIAG_DATA_MISSING, CR_SEVERITY_ERROR,
                     c->file, line, 0, "data document '%s': %s", path,
                     crp_diag_text(c->diags, err));
        c->errors++;
        return NULL;
    }
    xmlXPathOrderDocElems(doc);  /* written once here, read-only after */
    return doc;
}

static const char *
find_override(const struct crp_pair *v, size_t n, const char *name)
{
    size_t i = crp_pairs_find(v, n, name);

    return i < n ? v[i].value : NULL;
}

static void
load_data(struct compiler *c, const struct cr_load_options *opts)
{
    struct cr_checklist *cl = c->cl;
    int allow_out = (cl->limits.flags & CR_LOAD_ALLOW_OUTSIDE_DATA) != 0;
    size_t i;

    for (i = 0; i < cl->ndata; i++) {
        struct crp_data *d = &cl->data[i];
        const char *ov =
            opts && d->name ? find_override(opts->data, opts->ndata, d->name)
                            : NULL;
        char *path;

        if (d->href == NULL && ov == NULL)
            continue;
        path = ov ? crp_strdup(ov) : resolve_href(c, d->href, d->line,
                                                  allow_out);
        if (path) {
            d->doc = load_data_doc(c, path, d->line);
            d->path = path;   /* for cr_checklist_get_data_path */
        }
    }
    if (cl->calendar_href) {
        char *path = resolve_href(c, cl->calendar_href, cl->calendar_line,
                                  allow_out);
        if (path && refuse_special(c, path, cl->calendar_line,
                                crp_diag_text(c->diags, "calendar"))) {
            /* reported */
        } else if (path && access(path, R_OK) != 0) {
            /* report it at the <calendar> line, as data documents are */
            crp_diag_add(c->diags, CRP_DIAG_DATA_MISSING, CR_SEVERITY_ERROR,
                         c->file, cl->calendar_line, 0,
                         "calendar '%s': %s", path,
                         crp_msg_errno(crp_diag_list_lang(c->diags), errno));
            c->errors++;
        } else if (path) {
            enum cr_status st = crp_calendar_load(path, c->diags, &cl->calendar);
            if (st == CR_ERR_NOMEM)
                c->oom = 1;
            else if (st != CR_OK)
                c->errors++;
        }
        cl->calendar_path = path;
    }
}

/* Param and data overrides must name something the checklist declares. */
static void
apply_overrides(struct compiler *c, const struct cr_load_options *opts)
{
    struct cr_checklist *cl = c->cl;
    size_t i, j;

    for (i = 0; opts && i < opts->nparams; i++) {
        for (j = 0; j < cl->nparams; j++) {
            if (cl->params[j].name &&
                strcmp(cl->params[j].name, opts->params[i].name) == 0) {
                char why[512], *v;
                if (crp_param_check(&cl->params[j], opts->params[i].value,
                                    cl->limits.lang, why, sizeof(why)) != 0) {
                    crp_diag_add(c->diags, CRP_DIAG_PARAM_VALUE,
                                 CR_SEVERITY_ERROR, c->file, 0, 0, "%s", why);
                    c->errors++;
                    break;
                }
                v = crp_strdup(opts->params[i].value);
                if (v == NULL) {
                    c->oom = 1;
                    return;
                }
                crp_free(cl->params[j].value);
                cl->params[j].value = v;
                break;
            }
        }
        if (j == cl->nparams) {
            crp_diag_add(c->diags, CRP_DIAG_UNKNOWN_PARAM, CR_SEVERITY_ERROR,
                         c->file, 0, 0, "the checklist has no param '%s'",
                         opts->params[i].name);
            c->errors++;
        }
    }
    for (i = 0; opts && i < opts->ndata; i++) {
        for (j = 0; j < cl->ndata; j++)
            if (cl->data[j].name &&
                strcmp(cl->data[j].name, opts->data[i].name) == 0)
                break;
        if (j == cl->ndata) {
            crp_diag_add(c->diags, CRP_DIAG_UNKNOWN_PARAM, CR_SEVERITY_ERROR,
                         c->file, 0, 0, "the checklist has no data '%s'",
                         opts->data[i].name);
            c->errors++;
        }
    }
}

static void
default_expr(struct compiler *c, struct crp_expr *e, const char *text)
{
    if (e->text)
        return;
    e->text = crp_strdup(text);
    e->line = 0;
    e->slot = c->cl->nexprs++;
    if (e->text == NULL)
        c->oom = 1;
}

static void
declare_global(struct compiler *c, const char *name, int line)
{
    if (name == NULL)
        return;
    if (var_known(c, name)) {
        crp_diag_add(c->diags, CRP_DIAG_DUPLICATE_ID, CR_SEVERITY_ERROR,
                     c->file, line, 0,
                     "variable $%s is already defined (param, data or let)",
                     name);
        c->errors++;
    }
    push_var(c, name);
}

enum cr_status
crp_checklist_compile(struct cr_checklist *cl,
                      const struct cr_load_options *opts, const char *file,
                      struct cr_diag_list *diags)
{
    struct compiler c = {cl, file, diags, NULL, NULL, 0, 0, -1, 0, 0};
    size_t i;

    crp_xml_init();
    c.xp = xmlXPathNewContext(NULL);
    if (c.xp == NULL)
        return CR_ERR_NOMEM;
    apply_overrides(&c, opts);
    load_data(&c, opts);
    default_expr(&c, &cl->case_id, "string(/*/@id)");
    default_expr(&c, &cl->group_by, "string(/case/agency/@code)");
    default_expr(&c, &cl->agency_name, "string(/case/agency/@name)");
    default_expr(&c, &cl->case_kind, "string(/case/@kind)");
    for (i = 0; i < cl->nparams; i++)
        declare_global(&c, cl->params[i].name, cl->params[i].line);
    for (i = 0; i < cl->ndata; i++)
        declare_global(&c, cl->data[i].name, cl->data[i].line);
    /* <accepts> runs before the lets: params and data only */
    check_expr(&c, &cl->accepts.test);
    for (i = 0; i < cl->accepts.nparts; i++)
        check_expr(&c, &cl->accepts.parts[i].expr);
    for (i = 0; i < cl->nlets; i++) {
        check_expr(&c, &cl->lets[i].value);
        declare_global(&c, cl->lets[i].name, cl->lets[i].value.line);
    }
    check_expr(&c, &cl->case_id);
    check_expr(&c, &cl->group_by);
    check_expr(&c, &cl->agency_name);
    check_expr(&c, &cl->case_kind);
    if (cl->archive) {   /* facts run with the case id, before any item */
        int n = crp_archive_compile(cl, file, diags);
        for (i = 0; i < cl->archive->nfacts; i++)
            check_expr(&c, &cl->archive->facts[i].value);
        c.oom |= n < 0;
        c.errors += n > 0 ? n : 0;
    }
    for (i = 0; i < cl->nitems && !c.oom; i++) {
        c.item = (long)i;
        compile_item(&c, &cl->items[i]);
        cl->items[i].logic = item_logic(&cl->items[i]);
        if (cl->items[i].logic == NULL)
            c.oom = 1;
    }
    xmlXPathFreeContext(c.xp);
    crp_free(c.vars);
    if (c.oom || crp_diag_list_oom(diags))
        return CR_ERR_NOMEM;
    return c.errors ? CR_ERR_CHECKLIST : CR_OK;
}
