/* functions.c — the cr: XPath functions (urn:casereview:functions):
 * argument conversion, results, failures, and the table the checklist
 * compiler consults for names and argument counts.
 *
 * A failure a checklist author must see (bad regex flags, a date outside
 * the calendar, an unknown id kind) is recorded with crp_fn_fail(); the
 * evaluator turns it into the item's `error` state. Functions set
 * ctxt->error themselves instead of calling xmlXPathErr(), which would
 * print through libxml2's generic error channel. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "alloc.h"
#include "functions.h"
#include "strindex.h"
#include "utf8.h"

/* A failure message is formatted into a fixed buffer: bounded, whatever
 * the strings quoted in it. */
#define FAIL_MAX 512
#define ERRBUF_MAX 384
/* Larger day offsets leave every representable date anyway. */
#define MAX_DAY_OFFSET 1e7
/* cr:lookup with more keys than this indexes them (strindex.h). */
#define LOOKUP_SCAN_KEYS 8

/* ---- failures ---- */

void
crp_fn_env_reset(struct crp_fn_env *env)
{
    crp_free(env->error);
    env->error = NULL;
}

void
crp_fn_fail(struct crp_fn_env *env, const char *fmt, ...)
{
    char buf[FAIL_MAX];
    va_list ap;
    int n;

    if (env == NULL || env->error != NULL)
        return;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf))
        buf[crp_utf8_trim(buf, sizeof(buf) - 1)] = '\0';
    env->error = crp_strdup(n < 0 ? "cr: function failed" : buf);
}

static struct crp_fn_env *
env_of(xmlXPathParserContextPtr ctxt)
{
    return ctxt->context ? ctxt->context->userData : NULL;
}

/* Records the failure and stops the evaluation without printing. */
static void __attribute__((format(printf, 3, 4)))
stop(xmlXPathParserContextPtr ctxt, int xpath_error, const char *fmt, ...)
{
    char buf[FAIL_MAX];
    va_list ap;

    va_start(ap, fmt);
    if (vsnprintf(buf, sizeof(buf), fmt, ap) >= (int)sizeof(buf))
        buf[crp_utf8_trim(buf, sizeof(buf) - 1)] = '\0';
    va_end(ap);
    crp_fn_fail(env_of(ctxt), "%s", buf);
    ctxt->error = xpath_error;
}

static int
arity_ok(xmlXPathParserContextPtr ctxt, const char *name, int nargs, int min,
         int max)
{
    if (nargs < min || nargs > max) {
        stop(ctxt, XPATH_INVALID_ARITY,
             "cr:%s takes %d to %d arguments, not %d", name, min, max, nargs);
        return 0;
    }
    if (ctxt->valueNr < ctxt->valueFrame + nargs) {
        stop(ctxt, XPATH_STACK_ERROR, "cr:%s: XPath stack error", name);
        return 0;
    }
    return 1;
}

/* Counts UNITS of work against the evaluation's operation limit, the
 * way libxml2 counts its own operations (budget.h): past it the
 * evaluation stops with the same error as libxml2's. */
static int
charge(xmlXPathParserContextPtr ctxt, unsigned long units)
{
    xmlXPathContextPtr xp = ctxt->context;

    if (xp == NULL || xp->opLimit == 0)
        return 0;
    if (units > xp->opLimit || xp->opCount > xp->opLimit - units) {
        xp->opCount = xp->opLimit;
        stop(ctxt, XPATH_OP_LIMIT_EXCEEDED, "XPath error: operation limit "
             "exceeded (the expression does too much work for this case)");
        return -1;
    }
    xp->opCount += units;
    return 0;
}

#define CHECK_ARGS(name, min, max)                                        \
    do {                                                                  \
        if (!arity_ok(ctxt, (name), nargs, (min), (max)))                 \
            return;                                                       \
    } while (0)

/* ---- arguments and results ---- */

/* The string value of the argument on top of the stack (XPath string()
 * rules: a node-set gives its first node's value). Never NULL unless
 * out of memory, which sets ctxt->error. */
static xmlChar *
pop_string(xmlXPathParserContextPtr ctxt)
{
    xmlChar *s = xmlXPathPopString(ctxt);

    if (s == NULL && ctxt->error == XPATH_EXPRESSION_OK)
        stop(ctxt, XPATH_MEMORY_ERROR, "out of memory");
    return s;
}

static int
is_whole(double n)
{
    return isfinite(n) && n == floor(n) && fabs(n) <= MAX_DAY_OFFSET;
}

int
crp_day_offset(double n, long *out)
{
    if (!is_whole(n))
        return 0;
    *out = (long)n;
    return 1;
}

int
crp_day_from_number(double n, long *day)
{
    if (!is_whole(n) || !crp_day_valid((long)n))
        return 0;
    *day = (long)n;
    return 1;
}

/* A date argument: a number is already a day number (when whole and in
 * range); anything else is parsed from its string value. Returns 1 and
 * *DAY, or 0 when it is no valid date. */
static int
pop_day(xmlXPathParserContextPtr ctxt, long *day)
{
    xmlXPathObjectPtr obj = valuePop(ctxt);
    xmlChar *s;
    int ok = 0;

    if (obj == NULL)
        return 0;
    if (obj->type == XPATH_NUMBER) {
        ok = crp_day_from_number(obj->floatval, day);
    } else {
        s = xmlXPathCastToString(obj);
        ok = s != NULL && crp_date_parse((const char *)s, day);
        xmlFree(s);
    }
    xmlXPathFreeObject(obj);
    return ok;
}

static void
push_number(xmlXPathParserContextPtr ctxt, double v)
{
    valuePush(ctxt, xmlXPathNewFloat(v));
}

static void
push_boolean(xmlXPathParserContextPtr ctxt, int v)
{
    valuePush(ctxt, xmlXPathNewBoolean(v));
}

static void
push_string(xmlXPathParserContextPtr ctxt, const char *s)
{
    valuePush(ctxt, xmlXPathNewString((const xmlChar *)s));
}

/* An ISO date, or "" when DAY is not a representable date. */
static void
push_date(xmlXPathParserContextPtr ctxt, long day)
{
    char iso[11];

    crp_date_format(day, iso);
    push_string(ctxt, iso);
}

/* ---- regular expressions ---- */

static struct crp_regex_cache *
regex_cache(xmlXPathParserContextPtr ctxt)
{
    struct crp_fn_env *env = env_of(ctxt);

    if (env == NULL || env->regex == NULL) {
        stop(ctxt, XPATH_EXPR_ERROR, "no regular expression engine");
        return NULL;
    }
    return env->regex;
}

static void
fn_matches(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *s = NULL, *pattern = NULL, *flags = NULL;
    struct crp_regex_cache *rc;
    char err[ERRBUF_MAX];
    int r;

    CHECK_ARGS("matches", 2, 3);
    if (nargs == 3)
        flags = pop_string(ctxt);
    pattern = pop_string(ctxt);
    s = pop_string(ctxt);
    rc = regex_cache(ctxt);
    if (ctxt->error == XPATH_EXPRESSION_OK) {
        r = crp_regex_matches(rc, (const char *)pattern,
                              (const char *)flags, (const char *)s, err,
                              sizeof(err));
        if (r < 0)
            stop(ctxt, XPATH_EXPR_ERROR, "%s", err);
        else if (charge(ctxt, crp_regex_work(rc)) == 0)
            push_boolean(ctxt, r);
    }
    xmlFree(s);
    xmlFree(pattern);
    xmlFree(flags);
}

static void
fn_replace(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *s, *pattern, *replacement;
    struct crp_regex_cache *rc;
    char err[ERRBUF_MAX], *out = NULL;

    CHECK_ARGS("replace", 3, 3);
    replacement = pop_string(ctxt);
    pattern = pop_string(ctxt);
    s = pop_string(ctxt);
    rc = regex_cache(ctxt);
    if (ctxt->error == XPATH_EXPRESSION_OK) {
        if (crp_regex_replace(rc, (const char *)pattern, (const char *)s,
                              (const char *)replacement, &out, err,
                              sizeof(err)) < 0)
            stop(ctxt, XPATH_EXPR_ERROR, "%s", err);
        else if (charge(ctxt, crp_regex_work(rc)) == 0)
            push_string(ctxt, out);
    }
    crp_free(out);
    xmlFree(s);
    xmlFree(pattern);
    xmlFree(replacement);
}

/* ---- dates and working days ---- */

static void
fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
    long day;

    CHECK_ARGS("date", 1, 1);
    push_number(ctxt, pop_day(ctxt, &day) ? (double)day : NAN);
}

static void
fn_days_between(xmlXPathParserContextPtr ctxt, int nargs)
{
    long a, b;
    int b_ok, a_ok;

    CHECK_ARGS("days-between", 2, 2);
    b_ok = pop_day(ctxt, &b);
    a_ok = pop_day(ctxt, &a);
    push_number(ctxt, a_ok && b_ok ? (double)(b - a) : NAN);
}

/* The calendar, or NULL after recording why there is none. */
static const struct crp_calendar *
calendar_for(xmlXPathParserContextPtr ctxt, const char *fn)
{
    struct crp_fn_env *env = env_of(ctxt);

    if (env == NULL || env->calendar == NULL) {
        crp_fn_fail(env, "cr:%s needs a working-day calendar "
                    "(<calendar href=\"...\"/> in the checklist)", fn);
        return NULL;
    }
    return env->calendar;
}

/* The calendar's span for a message: "2010年至2026年的放假安排
 * （2010-01-01至2026-12-31）". Users read these messages: they are
 * Chinese and name the years whose holiday notices the calendar holds. */
static void
calendar_span(const struct crp_calendar *cal, char *buf, size_t size)
{
    char from_iso[11], to_iso[11];
    long from, to;

    crp_calendar_range(cal, &from, &to);
    crp_date_format(from, from_iso);
    crp_date_format(to, to_iso);
    if (strncmp(from_iso, to_iso, 4) == 0)
        snprintf(buf, size, "%.4s年的放假安排（%s至%s）", from_iso,
                 from_iso, to_iso);
    else
        snprintf(buf, size, "%.4s年至%.4s年的放假安排（%s至%s）", from_iso,
                 to_iso, from_iso, to_iso);
}

/* Names the first of A, B that the calendar does not cover. */
static void
fail_outside(xmlXPathParserContextPtr ctxt, const struct crp_calendar *cal,
             long a, long b)
{
    char day[11], span[128];
    long from, to;

    crp_calendar_range(cal, &from, &to);
    crp_date_format(a >= from && a <= to ? b : a, day);
    calendar_span(cal, span, sizeof(span));
    crp_fn_fail(env_of(ctxt),
                "日期%s不在工作日历范围内，日历只收录%s，无法计算工作日",
                day, span);
}

/* Invalid dates give NaN quietly (as cr:date does); a valid date the
 * calendar does not cover gives NaN and fails the item: never a guess. */
static void
fn_workdays_between(xmlXPathParserContextPtr ctxt, int nargs)
{
    const struct crp_calendar *cal;
    long a, b, n;
    int b_ok, a_ok;

    CHECK_ARGS("workdays-between", 2, 2);
    b_ok = pop_day(ctxt, &b);
    a_ok = pop_day(ctxt, &a);
    if (!a_ok || !b_ok) {
        push_number(ctxt, NAN);
        return;
    }
    cal = calendar_for(ctxt, "workdays-between");
    if (cal != NULL && crp_calendar_workdays_between(cal, a, b, &n) == 0) {
        push_number(ctxt, (double)n);
        return;
    }
    if (cal != NULL)
        fail_outside(ctxt, cal, a, b);
    push_number(ctxt, NAN);
}

/* N must be a whole number of days; 1.5 days has no meaning here. */
static int
pop_offset(xmlXPathParserContextPtr ctxt, long *n)
{
    return crp_day_offset(xmlXPathPopNumber(ctxt), n);
}

static void
fn_add_days(xmlXPathParserContextPtr ctxt, int nargs)
{
    long a, n;
    int n_ok;

    CHECK_ARGS("add-days", 2, 2);
    n_ok = pop_offset(ctxt, &n);
    if (pop_day(ctxt, &a) && n_ok)
        push_date(ctxt, a + n);
    else
        push_string(ctxt, "");
}

static void
fn_add_workdays(xmlXPathParserContextPtr ctxt, int nargs)
{
    const struct crp_calendar *cal;
    char a_iso[11], span[128];
    long a, n, day, from, to;
    int n_ok;

    CHECK_ARGS("add-workdays", 2, 2);
    n_ok = pop_offset(ctxt, &n);
    if (!pop_day(ctxt, &a) || !n_ok) {
        push_string(ctxt, "");
        return;
    }
    cal = calendar_for(ctxt, "add-workdays");
    if (cal != NULL && crp_calendar_add_workdays(cal, a, n, &day) == 0) {
        push_date(ctxt, day);
        return;
    }
    if (cal != NULL) {
        crp_calendar_range(cal, &from, &to);
        if (a < from || a > to) {
            fail_outside(ctxt, cal, a, a);
        } else {
            crp_date_format(a, a_iso);
            calendar_span(cal, span, sizeof(span));
            crp_fn_fail(env_of(ctxt),
                        "cr:add-workdays(%s, %ld)的结果超出工作日历范围，"
                        "日历只收录%s，无法计算工作日", a_iso, n, span);
        }
    }
    push_string(ctxt, "");
}

/* ---- node-sets and text ---- */

static int
cmp_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the string values and counts the runs: O(n log n). */
static void
fn_distinct_count(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlXPathObjectPtr obj;
    xmlChar **values = NULL;
    int i, n, count = 0;

    CHECK_ARGS("distinct-count", 1, 1);
    obj = valuePop(ctxt);
    if (obj->type != XPATH_NODESET && obj->type != XPATH_XSLT_TREE) {
        xmlXPathFreeObject(obj);
        stop(ctxt, XPATH_INVALID_TYPE,
             "cr:distinct-count expects a node-set");
        return;
    }
    n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
    if (charge(ctxt, (unsigned long)n) != 0) {
        xmlXPathFreeObject(obj);
        return;
    }
    if (n > 0)
        values = crp_calloc((size_t)n, sizeof(*values));
    for (i = 0; values != NULL && i < n; i++) {
        values[i] = xmlXPathCastNodeToString(obj->nodesetval->nodeTab[i]);
        if (values[i] == NULL)
            break;
    }
    if (n > 0 && (values == NULL || i < n)) {
        stop(ctxt, XPATH_MEMORY_ERROR, "out of memory");
    } else {
        if (n > 1)
            qsort(values, (size_t)n, sizeof(*values), cmp_strings);
        for (i = 0; i < n; i++)
            count += i == 0 || strcmp((const char *)values[i - 1],
                                      (const char *)values[i]) != 0;
        push_number(ctxt, count);
    }
    for (i = 0; values != NULL && i < n; i++)
        xmlFree(values[i]);
    crp_free(values);
    xmlXPathFreeObject(obj);
}

/* The value of attribute or text node N without a copy when it is one
 * text node (the usual case), else a copy in *OWNED (NULL: memory). */
static const xmlChar *
node_value(xmlNodePtr n, xmlChar **owned)
{
    *owned = NULL;
    if (n->type == XML_ATTRIBUTE_NODE && n->children &&
        n->children->type == XML_TEXT_NODE && n->children->next == NULL)
        return n->children->content ? n->children->content
                                    : (const xmlChar *)"";
    if (n->type == XML_TEXT_NODE && n->content)
        return n->content;
    return *owned = xmlXPathCastNodeToString(n);
}

xmlAttrPtr
crp_lookup_attr(xmlNodePtr elem, const xmlChar *name)
{
    xmlAttrPtr a;

    if (elem->type != XML_ELEMENT_NODE)
        return NULL;
    for (a = elem->properties; a; a = a->next)
        if (a->ns == NULL && xmlStrEqual(a->name, name))
            return a;
    return NULL;
}

/* KEYS (N of them) and, past LOOKUP_SCAN_KEYS, their index: a value is
 * looked up once instead of compared with every key. */
struct keyset {
    const xmlChar **keys;
    int n;
    struct crp_strindex ix;
    void *mem;
};

static int
keyset_index(struct keyset *ks)
{
    if (ks->n <= LOOKUP_SCAN_KEYS)
        return 0;
    ks->mem = crp_malloc(crp_strindex_bytes(ks->n));
    if (ks->mem == NULL)
        return -1;
    crp_strindex_init(&ks->ix, ks->keys, ks->n, ks->mem);
    return 0;
}

static int
keyset_has(const struct keyset *ks, const xmlChar *v)
{
    int i;

    if (ks->mem)
        return crp_strindex_find(&ks->ix, v) >= 0;
    for (i = 0; i < ks->n; i++)
        if (xmlStrEqual(v, ks->keys[i]))
            return 1;
    return 0;
}

/* Does ELEM's attribute NAME (no namespace) hold one of KS's keys? */
static int
attr_in(xmlNodePtr elem, const xmlChar *name, const struct keyset *ks,
        int *oom)
{
    xmlAttrPtr a = crp_lookup_attr(elem, name);
    const xmlChar *v;
    xmlChar *owned;
    int hit;

    if (a == NULL)
        return 0;
    if ((v = node_value((xmlNodePtr)a, &owned)) == NULL) {
        *oom = 1;
        return 0;
    }
    hit = keyset_has(ks, v);
    xmlFree(owned);
    return hit;
}

/* The nodes of FROM that attr_in() keeps, as a new set (NULL: memory). */
static xmlNodeSetPtr
lookup_nodes(xmlNodeSetPtr from, const xmlChar *name,
             const struct keyset *ks)
{
    xmlNodeSetPtr out = xmlXPathNodeSetCreate(NULL);
    int i, failed = out == NULL;

    for (i = 0; !failed && from && i < from->nodeNr; i++)
        if (attr_in(from->nodeTab[i], name, ks, &failed))
            failed = xmlXPathNodeSetAddUnique(out, from->nodeTab[i]) < 0;
    if (failed) {
        xmlXPathFreeNodeSet(out);
        return NULL;
    }
    return out;
}

/* cr:lookup(nodes, name, key): the nodes of NODES whose attribute NAME
 * equals KEY (a string, or any string value of a node-set), in NODES'
 * order. A join by value from inside a predicate, where XPath 1.0 cannot
 * reach the outer context node: the registered officer behind each
 * <officer ref> of a document is cr:lookup(/case/officers/officer, 'id',
 * @ref), next to its document's ../@date. One call reads each node and
 * each key once; it counts as many operations. (The fast path keeps an
 * index of NODES for the whole case when NODES is the same every time:
 * fastpath-index.c.) */
static void
fn_lookup(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlXPathObjectPtr key, nodes;
    xmlNodeSetPtr out = NULL;
    xmlChar *name, **owned = NULL;
    struct keyset ks = {NULL, 0, {0}, NULL};
    int i, failed = 0;

    CHECK_ARGS("lookup", 3, 3);
    key = valuePop(ctxt);
    name = pop_string(ctxt);
    nodes = valuePop(ctxt);
    if (name == NULL || key == NULL || nodes == NULL) {
        failed = 1;     /* memory: pop_string set the error */
    } else if (nodes->type != XPATH_NODESET) {
        stop(ctxt, XPATH_INVALID_TYPE, "cr:lookup expects a node-set first");
    } else {
        int n = key->type != XPATH_NODESET ? 1
                : key->nodesetval ? key->nodesetval->nodeNr : 0;
        if (charge(ctxt, (unsigned long)n + 1 +
                             (nodes->nodesetval ? (unsigned long)
                                  nodes->nodesetval->nodeNr : 0)) != 0)
            goto out;
        ks.keys = crp_calloc(n > 0 ? (size_t)n : 1, sizeof(*ks.keys));
        owned = crp_calloc(n > 0 ? (size_t)n : 1, sizeof(*owned));
        failed = ks.keys == NULL || owned == NULL;
        if (!failed && key->type != XPATH_NODESET) {
            failed = (ks.keys[0] = owned[0] = xmlXPathCastToString(key)) ==
                     NULL;
            ks.n = 1;
        }
        for (i = 0; !failed && key->type == XPATH_NODESET && i < n; i++) {
            ks.keys[i] = node_value(key->nodesetval->nodeTab[i], &owned[i]);
            failed = ks.keys[i] == NULL;
            ks.n++;
        }
        failed = failed || keyset_index(&ks) != 0 ||
                 (out = lookup_nodes(nodes->nodesetval, name, &ks)) == NULL;
        if (!failed) {
            xmlXPathObjectPtr set = xmlXPathWrapNodeSet(out);
            failed = set == NULL || valuePush(ctxt, set) < 0;
            if (set == NULL)
                xmlXPathFreeNodeSet(out);
            else if (failed)
                xmlXPathFreeObject(set);
        }
    }
out:
    if (failed && ctxt->error == XPATH_EXPRESSION_OK)
        stop(ctxt, XPATH_MEMORY_ERROR, "out of memory");
    for (i = 0; owned && i < ks.n; i++)
        xmlFree(owned[i]);
    crp_free(owned);
    crp_free(ks.keys);
    crp_free(ks.mem);
    xmlFree(name);
    xmlXPathFreeObject(key);
    xmlXPathFreeObject(nodes);
}

static int
is_xml_space(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
crp_has_token(const xmlChar *list, const xmlChar *token)
{
    size_t len = strlen((const char *)token);
    const char *p = (const char *)list;

    if (len == 0)
        return 0;
    /* (perf) strstr finds candidates; a hit must be a whole token. A
     * token holding a space never equals one of LIST's tokens. */
    for (size_t i = 0; i < len; i++)
        if (is_xml_space(token[i]))
            return 0;
    while ((p = strstr(p, (const char *)token)) != NULL) {
        if ((p == (const char *)list || is_xml_space((xmlChar)p[-1])) &&
            (p[len] == 0 || is_xml_space((xmlChar)p[len])))
            return 1;
        p++;
    }
    return 0;
}

static void
fn_has_token(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *list, *token;

    CHECK_ARGS("has-token", 2, 2);
    token = pop_string(ctxt);
    list = pop_string(ctxt);
    if (list != NULL && token != NULL)
        push_boolean(ctxt, crp_has_token(list, token));
    xmlFree(list);
    xmlFree(token);
}

static void
fn_cn_amount(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *s;

    CHECK_ARGS("cn-amount", 1, 1);
    s = pop_string(ctxt);
    if (s != NULL)
        push_number(ctxt, crp_cn_amount((const char *)s));
    xmlFree(s);
}

static void
fn_valid_id(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *s, *kind;
    int r;

    CHECK_ARGS("valid-id", 2, 2);
    kind = pop_string(ctxt);
    s = pop_string(ctxt);
    if (s != NULL && kind != NULL) {
        r = crp_valid_id((const char *)s, (const char *)kind);
        if (r < 0)
            stop(ctxt, XPATH_EXPR_ERROR,
                 "cr:valid-id: unknown kind '%.64s' (resident-id or "
                 "credit-code)", (const char *)kind);
        else
            push_boolean(ctxt, r);
    }
    xmlFree(s);
    xmlFree(kind);
}

static void
fn_state(xmlXPathParserContextPtr ctxt, int nargs)
{
    struct crp_fn_env *env = ctxt->context->userData;
    xmlChar *id;
    const char *st;

    CHECK_ARGS("state", 1, 1);
    id = pop_string(ctxt);
    if (id == NULL)
        return;
    st = env ? crp_state_of(env, (const char *)id) : NULL;
    if (st == NULL)
        stop(ctxt, XPATH_EXPR_ERROR, "cr:state: no item '%.64s' in this case",
             (const char *)id);
    else
        push_string(ctxt, st);
    xmlFree(id);
}

/* ---- the table ---- */

static const struct fn_def {
    const char *name;
    int min_args, max_args;
    int needs_calendar;
    xmlXPathFunction fn;
} fn_table[] = {
    {"matches", 2, 3, 0, fn_matches},
    {"replace", 3, 3, 0, fn_replace},
    {"date", 1, 1, 0, fn_date},
    {"days-between", 2, 2, 0, fn_days_between},
    {"workdays-between", 2, 2, 1, fn_workdays_between},
    {"add-days", 2, 2, 0, fn_add_days},
    {"add-workdays", 2, 2, 1, fn_add_workdays},
    {"distinct-count", 1, 1, 0, fn_distinct_count},
    {"lookup", 3, 3, 0, fn_lookup},
    {"has-token", 2, 2, 0, fn_has_token},
    {"cn-amount", 1, 1, 0, fn_cn_amount},
    {"valid-id", 2, 2, 0, fn_valid_id},
    {"state", 1, 1, 0, fn_state},
};

#define FN_COUNT (sizeof(fn_table) / sizeof(fn_table[0]))

int
crp_functions_register(xmlXPathContextPtr ctxt, struct crp_fn_env *env)
{
    size_t i;

    (void)env; /* reached through ctxt->userData at call time */
    for (i = 0; i < FN_COUNT; i++)
        if (xmlXPathRegisterFuncNS(ctxt, (const xmlChar *)fn_table[i].name,
                                   (const xmlChar *)CRP_FN_NS,
                                   fn_table[i].fn) != 0)
            return -1;
    return 0;
}

int
crp_function_info(const char *local_name, int *min_args, int *max_args,
                  int *needs_calendar)
{
    size_t i;

    for (i = 0; i < FN_COUNT; i++) {
        if (strcmp(fn_table[i].name, local_name) != 0)
            continue;
        *min_args = fn_table[i].min_args;
        *max_args = fn_table[i].max_args;
        *needs_calendar = fn_table[i].needs_calendar;
        return 1;
    }
    return 0;
}
