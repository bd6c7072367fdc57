/* test-scheme.c — what `casereview test` can expect of a checklist 1.1
 * result (pending items, a score range or none, grade caps, bonus,
 * category scores, what an earn item earned, what the machine said
 * before a verdict), and the verdicts a test carries (<verdict> children
 * of <test>, checked by the library like a verdicts file). The format is
 * described in docs/checklist-tests.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "batch.h"
#include "cli.h"
#include "test-scheme.h"

#define CHECKLIST_NS "urn:casereview:checklist:1"
#define EPS 0.005

struct fail_to {
    test_fail_fn fn;
    void *ctx;
};

static void
failf(const struct fail_to *f, xmlNodePtr where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
failf(const struct fail_to *f, xmlNodePtr where, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), cli_msg(fmt), ap);
    va_end(ap);
    f->fn(f->ctx, where, msg);
}

static int
named(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           (n->ns == NULL || xmlStrEqual(n->ns->href, BAD_CAST CHECKLIST_NS)) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

static char *
attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, BAD_CAST name);
}

/* Attributes outside ALLOWED are reported (a misspelt one would check
 * nothing). */
static void
only(const struct fail_to *f, xmlNodePtr el, const char *const *allowed)
{
    xmlAttrPtr a;
    size_t i;

    for (a = el->properties; a; a = a->next) {
        int known = 0;
        for (i = 0; allowed[i]; i++)
            known |= xmlStrEqual(a->name, BAD_CAST allowed[i]);
        if (!known)
            failf(f, el, "<%s>: unknown attribute %s=",
                  (const char *)el->name, (const char *)a->name);
    }
}

/* "null" (NaN) or a number. -1 when neither. */
static int
number_or_null(const char *s, double *out)
{
    char *end;

    if (strcmp(s, "null") == 0) {
        *out = NAN;
        return 0;
    }
    *out = strtod(s, &end);
    return end != s && *end == '\0' && !isnan(*out) ? 0 : -1;
}

static int
same(double a, double b)
{
    return (isnan(a) && isnan(b)) || fabs(a - b) <= EPS;
}

static const char *
show(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "null");
    else
        snprintf(buf, len, "%g", v);
    return buf;
}

int
test_scheme_score(xmlNodePtr el, const char *value,
                  const struct cr_result *res, test_fail_fn fn, void *ctx)
{
    struct fail_to f = {fn, ctx};
    double want, got = cr_result_get_score(res);
    char a[64];

    if (number_or_null(value, &want) != 0)
        return -1;
    if (!same(got, want))
        failf(&f, el, "expected score %s, got %s", value,
              show(got, a, sizeof(a)));
    return 0;
}

/* A whitespace-separated list of ids: exactly these, in this order. */
static void
expect_ids(const struct fail_to *f, xmlNodePtr el, const char *what,
           const char *want, const struct cr_result *res,
           size_t (*count)(const struct cr_result *),
           const char *(*get)(const struct cr_result *, size_t))
{
    struct batch_buf got = {0};
    char *copy = batch_xstrdup(want), *save = NULL, *tok;
    size_t i = 0, n = count(res);
    int ok = 1;

    for (tok = strtok_r(copy, " \t\n", &save); tok;
         tok = strtok_r(NULL, " \t\n", &save), i++)
        ok &= i < n && strcmp(get(res, i), tok) == 0;
    ok &= i == n;
    for (i = 0; i < n; i++)
        batch_buf_printf(&got, "%s%s", i ? " " : "", get(res, i));
    if (!ok)
        failf(f, el, "expected %s \"%s\", got \"%s\"", cli_msg(what), want,
              got.data ? got.data : "");
    batch_buf_free(&got);
    free(copy);
}

static void
expect_range(const struct fail_to *f, xmlNodePtr el,
             const struct cr_result *res)
{
    static const char *const allowed[] = {"min", "max", "value", NULL};
    char *min = attr(el, "min"), *max = attr(el, "max");
    char *value = attr(el, "value");
    double lo, hi, wlo, whi;
    char a[64], b[64];
    int has = cr_result_get_score_range(res, &lo, &hi);

    only(f, el, allowed);
    if (value && strcmp(value, "null") == 0) {
        if (has)
            failf(f, el, "expected no score range, got [%s, %s]",
                  show(lo, a, sizeof(a)), show(hi, b, sizeof(b)));
    } else if (value || !min || !max || number_or_null(min, &wlo) != 0 ||
               number_or_null(max, &whi) != 0) {
        failf(f, el, "<expect-score-range> needs min= and max= (numbers "
                     "or null), or value=\"null\"");
    } else if (!has) {
        failf(f, el, "expected score range [%s, %s], got none", min, max);
    } else if (!same(lo, wlo) || !same(hi, whi)) {
        failf(f, el, "expected score range [%s, %s], got [%s, %s]", min, max,
              show(lo, a, sizeof(a)), show(hi, b, sizeof(b)));
    }
    xmlFree(min);
    xmlFree(max);
    xmlFree(value);
}

static void
expect_value(const struct fail_to *f, xmlNodePtr el, const char *what,
             double got)
{
    static const char *const allowed[] = {"value", NULL};
    char *value = attr(el, "value");
    double want;
    char a[64];

    only(f, el, allowed);
    if (value == NULL || number_or_null(value, &want) != 0)
        failf(f, el, "<%s> needs value=NUMBER", (const char *)el->name);
    else if (!same(got, want))
        failf(f, el, "expected %s %s, got %s", cli_msg(what), value,
              show(got, a, sizeof(a)));
    xmlFree(value);
}

static void
expect_list(const struct fail_to *f, xmlNodePtr el, const char *what,
            const struct cr_result *res,
            size_t (*count)(const struct cr_result *),
            const char *(*get)(const struct cr_result *, size_t))
{
    static const char *const allowed[] = {"items", NULL};
    char *items = attr(el, "items");

    only(f, el, allowed);
    if (items == NULL)
        failf(f, el, "<%s> needs items= (ids, possibly none)",
              (const char *)el->name);
    else
        expect_ids(f, el, what, items, res, count, get);
    xmlFree(items);
}

static void
expect_category(const struct fail_to *f, xmlNodePtr el,
                const struct cr_result *res)
{
    static const char *const allowed[] = {"id", "score", "deducted", "state",
                                          NULL};
    char *id = attr(el, "id"), *score = attr(el, "score");
    char *deducted = attr(el, "deducted"), *state = attr(el, "state");
    size_t i, n = cr_result_get_category_count(res);
    double want;
    char a[64];

    only(f, el, allowed);
    for (i = 0; id && i < n; i++)
        if (strcmp(cr_result_get_category_id(res, i), id) == 0)
            break;
    if (id == NULL || i == n) {
        failf(f, el, id ? "no category %s in the checklist"
                        : "<expect-category> needs id=%s", id ? id : "");
    } else {
        double got = cr_result_get_category_score(res, i);
        int na = !cr_result_is_category_applicable(res, i);
        if (!score && !deducted && !state)
            failf(f, el, "<expect-category id=\"%s\"> expects nothing", id);
        if (score && (number_or_null(score, &want) != 0 || !same(got, want)))
            failf(f, el, "category %s: expected score %s, got %s", id, score,
                  show(got, a, sizeof(a)));
        got = cr_result_get_category_deducted(res, i);
        if (deducted &&
            (number_or_null(deducted, &want) != 0 || !same(got, want)))
            failf(f, el, "category %s: expected deducted %s, got %s", id,
                  deducted, show(got, a, sizeof(a)));
        if (state && strcmp(state, "applicable") != 0 &&
            strcmp(state, "not-applicable") != 0)
            failf(f, el, "state=\"%s\": expected applicable or "
                         "not-applicable", state);
        else if (state && (strcmp(state, "not-applicable") == 0) != na)
            failf(f, el, "category %s: expected %s, got %s", id, state,
                  na ? "not-applicable" : "applicable");
    }
    xmlFree(id);
    xmlFree(score);
    xmlFree(deducted);
    xmlFree(state);
}

static void
expect_complete(const struct fail_to *f, xmlNodePtr el,
                const struct cr_result *res)
{
    static const char *const allowed[] = {"value", NULL};
    char *value = attr(el, "value");
    int got = cr_result_is_complete(res);

    only(f, el, allowed);
    if (value == NULL || (strcmp(value, "true") && strcmp(value, "false")))
        failf(f, el, "<expect-complete> needs value=\"true|false\"");
    else if ((strcmp(value, "true") == 0) != got)
        failf(f, el, "%s",
              got ? cli_msg("expected the result not complete, it was")
                  : cli_msg("expected the result complete, it was not"));
    xmlFree(value);
}

int
test_scheme_expect(xmlNodePtr el, const struct cr_result *res,
                   test_fail_fn fn, void *ctx)
{
    struct fail_to f = {fn, ctx};

    if (named(el, "expect-score-range"))
        expect_range(&f, el, res);
    else if (named(el, "expect-pending"))
        expect_list(&f, el, "pending items", res, cr_result_get_pending_count,
                    cr_result_get_pending);
    else if (named(el, "expect-grade-caps"))
        expect_list(&f, el, "grade caps", res, cr_result_get_grade_cap_count,
                    cr_result_get_grade_cap);
    else if (named(el, "expect-bonus"))
        expect_value(&f, el, "bonus", cr_result_get_bonus(res));
    else if (named(el, "expect-category"))
        expect_category(&f, el, res);
    else if (named(el, "expect-complete"))
        expect_complete(&f, el, res);
    else
        return 0;
    return 1;
}

void
test_scheme_expect_item(xmlNodePtr el, const struct cr_item_result *it,
                        test_fail_fn fn, void *ctx)
{
    struct fail_to f = {fn, ctx};
    char *earned = attr(el, "earned"), *machine = attr(el, "machine-state");
    char *hints = attr(el, "hints");
    const char *id = cr_item_result_get_id(it);
    size_t i, nh = 0;
    double want;
    char a[64];

    for (i = 0; i < cr_item_result_get_finding_count(it); i++)
        nh += cr_finding_is_hint(cr_item_result_get_finding(it, i)) != 0;
    if (earned && (number_or_null(earned, &want) != 0 ||
                   !same(cr_item_result_get_earned(it), want)))
        failf(&f, el, "item %s: expected earned %s, got %s", id, earned,
              show(cr_item_result_get_earned(it), a, sizeof(a)));
    if (machine && strcmp(machine, cr_item_state_to_str(
                                       cr_item_result_get_machine_state(it))))
        failf(&f, el, "item %s: expected the machine's state %s, got %s", id,
              machine,
              cr_item_state_to_str(cr_item_result_get_machine_state(it)));
    if (hints && (number_or_null(hints, &want) != 0 || (double)nh != want))
        failf(&f, el, "item %s: expected %s hint(s), got %zu", id, hints, nh);
    xmlFree(earned);
    xmlFree(machine);
    xmlFree(hints);
}

/* ------------------------------------------------------------------ */
/* Verdicts carried by a test                                          */

/* Attribute NAME of EL as an XML attribute value, or DEF. */
static void
put_attr(struct batch_buf *b, xmlNodePtr el, const char *name,
         const char *def)
{
    char *v = attr(el, name);

    if (v || def) {
        batch_buf_printf(b, " %s=\"", name);
        batch_buf_html(b, v ? v : def);
        batch_buf_puts(b, "\"");
    }
    xmlFree(v);
}

/* The test's verdicts as a verdicts document for CASE_ID, one verdict
 * per line from line 3 on, so that a problem's line finds its element. */
static void
verdicts_doc(struct batch_buf *b, xmlNodePtr *els, size_t n,
             const char *checklist, const char *case_id)
{
    size_t i;

    batch_buf_puts(b, "<verdicts xmlns=\"urn:casereview:verdicts:1\" "
                      "checklist=\"");
    batch_buf_html(b, checklist);
    batch_buf_puts(b, "\">\n<case id=\"");
    batch_buf_html(b, case_id);
    batch_buf_puts(b, "\">");
    for (i = 0; i < n; i++) {
        xmlChar *text = xmlNodeGetContent(els[i]);
        char *p;
        batch_buf_puts(b, "\n<verdict");
        put_attr(b, els[i], "item", NULL);
        put_attr(b, els[i], "result", NULL);
        put_attr(b, els[i], "deduct", NULL);
        put_attr(b, els[i], "by", "casereview test");
        put_attr(b, els[i], "at", "test");
        batch_buf_puts(b, ">");
        for (p = (char *)text; p && *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        batch_buf_html(b, text ? (const char *)text : "");
        batch_buf_puts(b, "</verdict>");
        xmlFree(text);
    }
    batch_buf_puts(b, "\n</case>\n</verdicts>\n");
}

/* verdicts="FILE": loaded as a verdicts file, its problems at its lines. */
static int
file_verdicts(const struct fail_to *f, xmlNodePtr test, const char *href,
              struct cr_checklist *cl, const char *dir,
              struct cr_verdicts **out)
{
    struct batch_buf path = {0};
    struct cr_diag_list *diags = NULL;
    enum cr_status st;
    size_t i;

    if (href[0] == '/')
        batch_buf_puts(&path, href);
    else
        batch_buf_printf(&path, "%s/%s", dir, href);
    st = cr_verdicts_load(cl, path.data, out, &diags);
    for (i = 0; i < cr_diag_list_count(diags); i++) {
        char *line = cr_diag_format(cr_diag_list_get(diags, i));
        failf(f, test, "verdicts: %s", line ? line : "?");
        cr_free(line);
    }
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        failf(f, test, "verdicts %s: %s", path.data, cli_status_text(st));
    cr_diag_list_free(diags);
    batch_buf_free(&path);
    return st == CR_OK ? 0 : -1;
}

int
test_scheme_verdicts(xmlNodePtr test, struct cr_checklist *cl,
                     const char *case_id, const char *dir,
                     struct cr_verdicts **out, test_fail_fn fn, void *ctx)
{
    static const char *const allowed[] = {"item", "result", "deduct", "by",
                                          "at", NULL};
    struct fail_to f = {fn, ctx};
    struct batch_buf b = {0};
    struct cr_diag_list *diags = NULL;
    xmlNodePtr k, *els = NULL;
    size_t n = 0, i;
    enum cr_status st;

    char *href = attr(test, "verdicts");

    *out = NULL;
    for (k = test->children; k; k = k->next)
        n += named(k, "verdict");
    if (href && n) {
        failf(&f, test, "a test carries <verdict>s or verdicts=, not both");
        xmlFree(href);
        return -1;
    }
    if (href) {
        int rc = file_verdicts(&f, test, href, cl, dir, out);
        xmlFree(href);
        return rc;
    }
    if (n == 0)
        return 0;
    els = batch_xmalloc(n * sizeof(*els));
    n = 0;
    for (k = test->children; k; k = k->next)
        if (named(k, "verdict")) {
            only(&f, k, allowed);
            els[n++] = k;
        }
    verdicts_doc(&b, els, n, cr_checklist_get_id(cl), case_id);
    st = cr_verdicts_load_memory(cl, b.data, b.len, "verdicts", out, &diags);
    for (i = 0; i < cr_diag_list_count(diags); i++) {
        const struct cr_diag *d = cr_diag_list_get(diags, i);
        int line = cr_diag_get_line(d);
        int first = cli_verdict_first_line(cr_diag_get_message(d));
        xmlNodePtr where = line >= 3 && (size_t)(line - 3) < n
                               ? els[line - 3] : test;
        char at[64], msg[1024];
        snprintf(at, sizeof(at), cli_msg("line %ld"),
                 first >= 3 && (size_t)(first - 3) < n
                     ? xmlGetLineNo(els[first - 3]) : 0L);
        cli_verdict_retarget(cr_diag_get_message(d), at, msg, sizeof(msg));
        failf(&f, where, "verdict: %s", msg);
    }
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        failf(&f, test, "verdicts: %s", cr_status_to_str(st));
    cr_diag_list_free(diags);
    batch_buf_free(&b);
    free(els);
    return st == CR_OK ? 0 : -1;
}
