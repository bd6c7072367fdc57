/* archive-load.c — a checklist's <archive-rules>: the facts each case
 * contributes and the rules over many cases' facts (archive-rules.h):
 *
 *   <archive-rules>
 *     <fact name="enterprise" label="企业" value="string(/case/party/@id)"/>
 *     <fact name="inspected" type="date" value="string($initial/@date)"/>
 *     <rule id="X1" title="…" basis="…" group-by="enterprise department">
 *       <count date="inspected" days="$repeat-days" more-than="1"/>
 *       <message>{$enterprise}在{$days}日内被检查{$count}次</message>
 *     </rule>
 *   </archive-rules>
 *
 * The shape is checked here; thresholds that name params are read once
 * the caller's overrides are known (crp_archive_compile). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "diag.h"
#include "load-xml.h"
#include "strbuf.h"

#define CL_NS "urn:casereview:checklist:1"

struct aload {
    struct crp_ld l;            /* file, diagnostics, counters */
    struct cr_checklist *cl;
    struct crp_archive_def *def;
};

static void
problem(struct aload *al, int line, enum crp_diag_code code, const char *fmt,
        const char *a, const char *b)
{
    crp_ld_problem(&al->l, line, code, fmt, a, b);
}

/* ---- facts ---- */

/* Figures a message may name, per kind; no fact may take these names. */
static const char *const count_figures[] = {
    "group", "cases", "count", "more-than", "days", "first", "last", NULL};
static const char *const outlier_figures[] = {
    "group", "cases", "group-size", "median", "mad", "low", "high",
    "ratio", "mad-limit", "min-group", "values", NULL};
static const char *const share_figures[] = {
    "group", "cases", "group-size", "count", "share", "more-than",
    "min-group", NULL};

const char *const *
crp_arule_figures(const struct crp_arule *r)
{
    return r->kind == CRP_ARULE_COUNT ? count_figures
           : r->kind == CRP_ARULE_OUTLIER ? outlier_figures : share_figures;
}

const char *
crp_arule_kind_name(int kind)
{
    return kind == CRP_ARULE_COUNT ? "count"
           : kind == CRP_ARULE_OUTLIER ? "outlier" : "share";
}

const char *
crp_fact_type_name(int type)
{
    static const char *const names[] = {"string", "number", "date",
                                        "boolean"};

    return type >= 0 && type <= CRP_FACT_BOOLEAN ? names[type] : "string";
}

static int
in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

/* A fact name is written in group-by lists and as {$name}: letters
 * (any script), digits, '-', '_' and '.', not starting with a digit,
 * '-' or '.'. */
static int
good_name(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (*p == '\0' || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')
        return 0;
    for (; *p; p++)
        if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return 0;
    return 1;
}

static int
reserved(const char *name)
{
    return in_list(count_figures, name) || in_list(outlier_figures, name) ||
           in_list(share_figures, name);
}

static void
load_fact(struct aload *al, xmlNodePtr n)
{
    static const char *const allowed[] = {"name", "label", "value", "type",
                                          "multiple", NULL};
    static const char *const types[] = {"string", "number", "date",
                                        "boolean", NULL};
    struct crp_fact *f;
    char *type, *multiple;
    size_t i;

    f = CRP_LD_ADD(&al->l, n, allowed, al->def->facts, al->def->nfacts);
    if (f == NULL)
        return;
    f->line = crp_ld_line(n);
    f->name = crp_ld_required(&al->l, n, "name");
    f->label = crp_ld_attr(&al->l, n, "label");
    f->value.text = crp_ld_required(&al->l, n, "value");
    f->value.line = f->line;
    f->value.slot = al->cl->nexprs++;
    if (f->name && (!good_name(f->name) || reserved(f->name)))
        problem(al, f->line, CRP_DIAG_ARCHIVE_BAD_NAME,
                reserved(f->name)
                    ? "fact name '%s' is reserved for a figure of the rules%s"
                    : "fact name '%s' is not a name (letters, digits, '-', "
                      "'_', '.'; no blanks)%s", f->name, "");
    if (f->label == NULL && f->name &&
        (f->label = crp_strdup(f->name)) == NULL)
        al->l.oom = 1;
    type = crp_ld_attr(&al->l, n, "type");
    for (i = 0; type && types[i] && strcmp(types[i], type) != 0; i++)
        ;
    if (type && types[i] == NULL)
        problem(al, f->line, CRP_DIAG_ARCHIVE_FACT_TYPE,
                "fact type must be string, number, date or boolean, not "
                "'%s'%s", type, "");
    f->type = type && types[i] ? (int)i : CRP_FACT_STRING;
    multiple = crp_ld_attr(&al->l, n, "multiple");
    if (multiple && strcmp(multiple, "true") == 0)
        f->multiple = 1;
    else if (multiple && strcmp(multiple, "false") != 0)
        problem(al, f->line, CRP_DIAG_BAD_VALUE,
                "attribute '%s' must be true or false, not '%s'", "multiple",
                multiple);
    if (f->multiple && f->type != CRP_FACT_STRING)
        problem(al, f->line, CRP_DIAG_ARCHIVE_FACT_TYPE,
                "a multiple fact holds strings, not %s values%s",
                crp_fact_type_name(f->type), "");
    for (i = 0; f->name && i + 1 < al->def->nfacts; i++)
        if (al->def->facts[i].name &&
            strcmp(al->def->facts[i].name, f->name) == 0)
            problem(al, f->line, CRP_DIAG_DUPLICATE_ID,
                    "a second fact named '%s'%s", f->name, "");
    crp_free(type);
    crp_free(multiple);
}

/* ---- rules ---- */

static void
add_part(struct aload *al, struct crp_arule *r, char *literal, char *var)
{
    struct crp_amsg_part *p;

    if ((literal == NULL && var == NULL) ||
        (p = CRP_LD_GROW(&al->l, r->parts, r->nparts)) == NULL) {
        al->l.oom = 1;
        crp_free(literal);
        crp_free(var);
        return;
    }
    p->literal = literal;
    p->var = var;
}

/* Splits a message into literal text and {$name} parts ({{ and }} are
 * braces); names are checked once the facts are known. */
static void
parse_message(struct aload *al, struct crp_arule *r, const char *msg,
              int line)
{
    struct crp_strbuf lit;
    const char *p = msg;

    crp_strbuf_init(&lit);
    crp_strbuf_puts(&lit, "");
    while (*p && !al->l.oom) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            crp_strbuf_putc(&lit, p[0]);
            p += 2;
        } else if (*p == '{') {
            const char *q = strchr(p, '}');
            char *name;
            if (q == NULL || p[1] != '$' || q == p + 2) {
                problem(al, line, CRP_DIAG_ARCHIVE_BAD_MESSAGE,
                        "a message of an archive rule holds {$name} parts "
                        "only: '%s'%s", msg, "");
                break;
            }
            name = crp_strndup(p + 2, (size_t)(q - p - 2));
            if (lit.len)
                add_part(al, r, crp_strbuf_steal(&lit), NULL);
            crp_strbuf_puts(&lit, "");
            add_part(al, r, NULL, name);
            p = q + 1;
        } else if (*p == '}') {
            problem(al, line, CRP_DIAG_BAD_TEMPLATE,
                    "unmatched '}' in message '%s'%s", msg, "");
            break;
        } else {
            crp_strbuf_putc(&lit, *p++);
        }
    }
    if (crp_strbuf_failed(&lit))
        al->l.oom = 1;
    if (lit.len && !al->l.oom)
        add_part(al, r, crp_strbuf_steal(&lit), NULL);
    crp_strbuf_release(&lit);
}

static void
threshold(struct aload *al, xmlNodePtr n, const char *name,
          struct crp_athreshold *t)
{
    t->text = crp_ld_attr(&al->l, n, name);
}

/* The test of a rule: <count>, <outlier> or <share>. */
static void
load_test(struct aload *al, xmlNodePtr n, struct crp_arule *r)
{
    static const char *const count_attrs[] = {"date", "days", "more-than",
                                              NULL};
    static const char *const outlier_attrs[] = {"value", "ratio", "mad",
                                                "min-group", NULL};
    static const char *const share_attrs[] = {"of", "more-than", "min-group",
                                              NULL};

    r->test_line = crp_ld_line(n);
    if (crp_ld_named(n, "count")) {
        r->kind = CRP_ARULE_COUNT;
        crp_ld_check_attributes(&al->l, n, count_attrs);
        r->date_text = crp_ld_attr(&al->l, n, "date");
        threshold(al, n, "days", &r->days);
        r->more_than.text = crp_ld_required(&al->l, n, "more-than");
        if ((r->date_text == NULL) != (r->days.text == NULL))
            problem(al, r->test_line, CRP_DIAG_ARCHIVE_BAD_TEST,
                    "<count> takes 'date' and 'days' together (a sliding "
                    "window of days over a date fact), or neither%s%s", "",
                    "");
    } else if (crp_ld_named(n, "outlier")) {
        r->kind = CRP_ARULE_OUTLIER;
        crp_ld_check_attributes(&al->l, n, outlier_attrs);
        r->value_text = crp_ld_required(&al->l, n, "value");
        threshold(al, n, "ratio", &r->ratio);
        threshold(al, n, "mad", &r->mad);
        threshold(al, n, "min-group", &r->min_group);
        if (r->ratio.text == NULL && r->mad.text == NULL)
            problem(al, r->test_line, CRP_DIAG_ARCHIVE_BAD_TEST,
                    "<outlier> needs 'ratio', 'mad' or both: how far from "
                    "the group's median a value may be%s%s", "", "");
    } else {
        r->kind = CRP_ARULE_SHARE;
        crp_ld_check_attributes(&al->l, n, share_attrs);
        r->of_text = crp_ld_required(&al->l, n, "of");
        r->more_than.text = crp_ld_required(&al->l, n, "more-than");
        threshold(al, n, "min-group", &r->min_group);
    }
}

static void
load_rule(struct aload *al, xmlNodePtr n)
{
    static const char *const allowed[] = {"id", "title", "basis", "group-by",
                                          "where", NULL};
    struct crp_arule *r;
    xmlNodePtr k;
    int tests = 0;
    size_t i;

    r = CRP_LD_ADD(&al->l, n, allowed, al->def->rules, al->def->nrules);
    if (r == NULL)
        return;
    r->line = crp_ld_line(n);
    r->where = r->date = r->value = r->of = r->multi_key = -1;
    r->id = crp_ld_required(&al->l, n, "id");
    r->title = crp_ld_attr(&al->l, n, "title");
    if (r->title == NULL && r->id && (r->title = crp_strdup(r->id)) == NULL)
        al->l.oom = 1;
    r->basis = crp_ld_attr(&al->l, n, "basis");
    if (r->basis == NULL && (r->basis = crp_strdup("")) == NULL)
        al->l.oom = 1;
    r->group_by_text = crp_ld_attr(&al->l, n, "group-by");
    r->where_text = crp_ld_attr(&al->l, n, "where");
    for (k = n->children; k; k = k->next) {
        if (!crp_ld_ours(k, CL_NS))
            continue;
        if (crp_ld_named(k, "count") || crp_ld_named(k, "outlier") ||
            crp_ld_named(k, "share")) {
            if (tests++ == 0)
                load_test(al, k, r);
            else
                problem(al, crp_ld_line(k), CRP_DIAG_ARCHIVE_BAD_TEST,
                        "rule '%s' has a second test <%s>: one of count, "
                        "outlier or share per rule", r->id ? r->id : "?",
                        (const char *)k->name);
        } else if (crp_ld_named(k, "message")) {
            char *msg = crp_ld_trimmed(&al->l, k, NULL);
            if (r->msg_line)
                problem(al, crp_ld_line(k), CRP_DIAG_DUPLICATE_ID,
                        "a second <%s>%s", "message", "");
            else if (msg && msg[0])
                parse_message(al, r, msg, crp_ld_line(k));
            r->msg_line = crp_ld_line(k);
            crp_free(msg);
        } else if (!crp_ld_named(k, "description")) {
            problem(al, crp_ld_line(k), CRP_DIAG_UNKNOWN_ELEMENT,
                    "unknown element <%s> in <%s>", (const char *)k->name,
                    "rule");
        }
    }
    if (tests == 0)
        problem(al, r->line, CRP_DIAG_ARCHIVE_BAD_TEST,
                "rule '%s' has no test: give it one <count>, <outlier> or "
                "<share>%s", r->id ? r->id : "?", "");
    for (i = 0; r->id && i + 1 < al->def->nrules; i++)
        if (al->def->rules[i].id && strcmp(al->def->rules[i].id, r->id) == 0)
            problem(al, r->line, CRP_DIAG_DUPLICATE_ID,
                    "duplicate archive rule id '%s'%s", r->id, "");
}

/* ---- names, once every fact is known ---- */

static long
fact_index(const struct crp_archive_def *def, const char *name)
{
    size_t i;

    for (i = 0; i < def->nfacts; i++)
        if (def->facts[i].name && strcmp(def->facts[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* NAME, written as ATTR of rule R, must be a single fact of TYPE. */
static long
resolve(struct aload *al, const struct crp_arule *r, int line,
        const char *name, const char *attr_name, int type)
{
    long f;
    char msg[512];

    if (name == NULL)
        return -1;
    f = fact_index(al->def, name);
    if (f < 0) {
        snprintf(msg, sizeof(msg),
                 crp_diag_text(al->l.diags,
                               "%s of rule '%s' names no fact: '%s'"),
                 attr_name, r->id ? r->id : "?", name);
        problem(al, line, CRP_DIAG_ARCHIVE_UNKNOWN_FACT, "%s%s", msg, "");
    } else if (al->def->facts[f].type != type || al->def->facts[f].multiple) {
        snprintf(msg, sizeof(msg),
                 crp_diag_text(al->l.diags,
                               "%s of rule '%s' must name a single %s fact"),
                 attr_name, r->id ? r->id : "?", crp_fact_type_name(type));
        problem(al, line, CRP_DIAG_ARCHIVE_FACT_KIND, "%s%s", msg, "");
    }
    return f;
}

static void
resolve_keys(struct aload *al, struct crp_arule *r)
{
    const char *p = r->group_by_text ? r->group_by_text : "";

    while (*p && !al->l.oom) {
        size_t len;
        char *name;
        long f;
        size_t *k;

        p += strspn(p, " \t\r\n");
        len = strcspn(p, " \t\r\n");
        if (len == 0)
            break;
        name = crp_strndup(p, len);
        p += len;
        if (name == NULL) {
            al->l.oom = 1;
            break;
        }
        f = fact_index(al->def, name);
        if (r->nkeys == CRP_ARULE_KEYS_MAX) {
            problem(al, r->line, CRP_DIAG_ARCHIVE_FACT_KIND,
                    "group-by of rule '%s' names more than 16 facts, at "
                    "'%s'", r->id ? r->id : "?", name);
        } else if (f < 0) {
            problem(al, r->line, CRP_DIAG_ARCHIVE_UNKNOWN_FACT,
                    "group-by of rule '%s' names no fact: '%s'",
                    r->id ? r->id : "?", name);
        } else if (al->def->facts[f].type != CRP_FACT_STRING) {
            problem(al, r->line, CRP_DIAG_ARCHIVE_FACT_KIND,
                    "group-by of rule '%s' takes string facts, not '%s'",
                    r->id ? r->id : "?", name);
        } else if (al->def->facts[f].multiple && r->multi_key >= 0) {
            problem(al, r->line, CRP_DIAG_ARCHIVE_FACT_KIND,
                    "group-by of rule '%s' names a second multiple fact "
                    "'%s': one at most", r->id ? r->id : "?", name);
        } else if ((k = crp_ld_grow(&al->l, (void **)&r->keys, &r->nkeys,
                             sizeof(*k))) != NULL) {
            *k = (size_t)f;
            if (al->def->facts[f].multiple)
                r->multi_key = (long)r->nkeys - 1;
        }
        crp_free(name);
    }
}

static void
check_message(struct aload *al, const struct crp_arule *r)
{
    size_t i, k;

    for (i = 0; i < r->nparts; i++) {
        const char *v = r->parts[i].var;
        int ok;
        if (v == NULL)
            continue;
        ok = in_list(crp_arule_figures(r), v);
        for (k = 0; !ok && k < r->nkeys; k++)
            ok = strcmp(al->def->facts[r->keys[k]].name, v) == 0;
        if (!ok)
            problem(al, r->msg_line, CRP_DIAG_ARCHIVE_BAD_MESSAGE,
                    "{$%s} in the message of rule '%s' is neither a "
                    "group-by fact nor a figure of the rule", v,
                    r->id ? r->id : "?");
    }
}

static void
resolve_rule(struct aload *al, struct crp_arule *r)
{
    resolve_keys(al, r);
    r->where = resolve(al, r, r->line, r->where_text, "where",
                       CRP_FACT_BOOLEAN);
    r->date = resolve(al, r, r->test_line, r->date_text, "date",
                      CRP_FACT_DATE);
    r->value = resolve(al, r, r->test_line, r->value_text, "value",
                       CRP_FACT_NUMBER);
    r->of = resolve(al, r, r->test_line, r->of_text, "of", CRP_FACT_BOOLEAN);
    check_message(al, r);
}

int
crp_archive_load(struct cr_checklist *cl, xmlNodePtr k, const char *file,
                 struct cr_diag_list *diags)
{
    struct aload al = {{file, diags, 0, 0}, cl, NULL};
    xmlNodePtr c;
    size_t i;

    if (cl->archive) {
        problem(&al, crp_ld_line(k), CRP_DIAG_DUPLICATE_ID, "a second <%s>%s",
                "archive-rules", "");
        return al.l.oom ? -1 : al.l.errors;
    }
    cl->archive = al.def = crp_calloc(1, sizeof(*al.def));
    if (al.def == NULL)
        return -1;
    al.def->line = crp_ld_line(k);
    crp_ld_check_attributes(&al.l, k, (const char *const[]){NULL});
    for (c = k->children; c && !al.l.oom; c = c->next) {
        if (!crp_ld_ours(c, CL_NS))
            continue;
        if (crp_ld_named(c, "fact"))
            load_fact(&al, c);
        else if (crp_ld_named(c, "rule"))
            load_rule(&al, c);
        else if (!crp_ld_named(c, "description"))
            problem(&al, crp_ld_line(c), CRP_DIAG_UNKNOWN_ELEMENT,
                    "unknown element <%s> in <%s>", (const char *)c->name,
                    "archive-rules");
    }
    for (i = 0; i < al.def->nrules && !al.l.oom; i++)
        resolve_rule(&al, &al.def->rules[i]);
    return al.l.oom ? -1 : al.l.errors;
}

/* ---- thresholds, once the params are known ---- */

struct range {
    const char *what;      /* "a whole number from 1 to 36600" ... */
    double min, max;
    int whole, min_open;   /* MIN excluded */
};

/* S as a plain decimal number, optionally ending in '%' when PERCENT is
 * allowed (*WAS_PERCENT set). */
static int
read_number(const char *s, int percent, double *out, int *was_percent)
{
    char *end;
    double v;
    size_t n = strlen(s);

    *was_percent = 0;
    if (percent && n > 1 && s[n - 1] == '%') {
        *was_percent = 1;
        n--;
    }
    if (n == 0 || strspn(s, "0123456789.") < n || s[0] == '.')
        return 0;
    v = strtod(s, &end);
    if ((size_t)(end - s) != n || !isfinite(v))
        return 0;
    *out = *was_percent ? v / 100 : v;
    return 1;
}

static const char *
param_value(const struct cr_checklist *cl, const char *name)
{
    size_t i;

    for (i = 0; i < cl->nparams; i++)
        if (cl->params[i].name && strcmp(cl->params[i].name, name) == 0)
            return cl->params[i].value ? cl->params[i].value : "";
    return NULL;
}

static void
resolve_threshold(struct aload *al, const struct crp_arule *r,
                  const char *attr_name, struct crp_athreshold *t,
                  const struct range *rg, int percent, int *was_percent)
{
    const char *s = t->text, *what;
    char buf[1024];
    int pct = 0;

    if (s == NULL)
        return;
    if (s[0] == '$') {
        s = param_value(al->cl, t->text + 1);
        if (s == NULL) {
            snprintf(buf, sizeof(buf),
                     crp_diag_text(al->l.diags,
                                   "%s of rule '%s' names no param: '%s'"),
                     attr_name, r->id ? r->id : "?", t->text);
            problem(al, r->test_line, CRP_DIAG_ARCHIVE_UNKNOWN_PARAM, "%s%s",
                    buf, "");
            return;
        }
    }
    if (read_number(s, percent, &t->value, &pct) &&
        (rg->min_open ? t->value > rg->min : t->value >= rg->min) &&
        t->value <= rg->max && (!rg->whole || t->value == floor(t->value))) {
        if (was_percent)
            *was_percent = pct;
        return;
    }
    what = crp_diag_text(al->l.diags, rg->what);
    if (s != t->text)
        snprintf(buf, sizeof(buf),
                 crp_diag_text(al->l.diags,
                               "%s of rule '%s' (%s is '%s') must be %s"),
                 attr_name, r->id ? r->id : "?", t->text, s, what);
    else
        snprintf(buf, sizeof(buf),
                 crp_diag_text(al->l.diags, "%s of rule '%s' ('%s') must be %s"),
                 attr_name, r->id ? r->id : "?", s, what);
    problem(al, r->test_line, CRP_DIAG_ARCHIVE_BAD_NUMBER, "%s%s", buf, "");
}

static void
compile_rule(struct aload *al, struct crp_arule *r)
{
    static const struct range days = {"a whole number from 1 to 36600", 1,
                                      36600, 1, 0};
    static const struct range count = {"a whole number from 0 to 1000000000",
                                       0, 1e9, 1, 0};
    static const struct range share = {
        "a share from 0 to below 1, or a percentage below 100% (\"30%\")", 0,
        0.999999999, 0, 0};
    static const struct range ratio = {"a number from 1 to 1000000", 1, 1e6,
                                       0, 0};
    static const struct range mad = {"a number from 0 to 1000000", 0, 1e6, 0,
                                     0};
    static const struct range group = {"a whole number from 2 to 1000000000",
                                       2, 1e9, 1, 0};

    resolve_threshold(al, r, "days", &r->days, &days, 0, NULL);
    if (r->kind == CRP_ARULE_SHARE)
        resolve_threshold(al, r, "more-than", &r->more_than, &share, 1,
                          &r->share_percent);
    else
        resolve_threshold(al, r, "more-than", &r->more_than, &count, 0, NULL);
    resolve_threshold(al, r, "ratio", &r->ratio, &ratio, 0, NULL);
    resolve_threshold(al, r, "mad", &r->mad, &mad, 0, NULL);
    if (r->min_group.text)
        resolve_threshold(al, r, "min-group", &r->min_group, &group, 0, NULL);
    else
        r->min_group.value = 5;   /* the default a group needs */
}

int
crp_archive_compile(struct cr_checklist *cl, const char *file,
                    struct cr_diag_list *diags)
{
    struct aload al = {{file, diags, 0, 0}, cl, cl->archive};
    size_t i, j;

    if (al.def == NULL)
        return 0;
    for (i = 0; i < al.def->nrules && !al.l.oom; i++) {
        struct crp_arule *r = &al.def->rules[i];
        compile_rule(&al, r);
        /* results and reports name items and rules side by side */
        for (j = 0; r->id && j < cl->nitems; j++)
            if (cl->items[j].id && strcmp(cl->items[j].id, r->id) == 0)
                problem(&al, r->line, CRP_DIAG_DUPLICATE_ID,
                        "archive rule '%s' has the id of an item%s", r->id,
                        "");
    }
    return al.l.oom ? -1 : al.l.errors;
}

void
crp_archive_def_free(struct crp_archive_def *d)
{
    size_t i, j;

    if (d == NULL)
        return;
    for (i = 0; i < d->nfacts; i++) {
        crp_free(d->facts[i].name);
        crp_free(d->facts[i].label);
        crp_free(d->facts[i].value.text);
    }
    crp_free(d->facts);
    for (i = 0; i < d->nrules; i++) {
        struct crp_arule *r = &d->rules[i];
        crp_free(r->id);
        crp_free(r->title);
        crp_free(r->basis);
        crp_free(r->keys);
        crp_free(r->days.text);
        crp_free(r->more_than.text);
        crp_free(r->ratio.text);
        crp_free(r->mad.text);
        crp_free(r->min_group.text);
        for (j = 0; j < r->nparts; j++) {
            crp_free(r->parts[j].literal);
            crp_free(r->parts[j].var);
        }
        crp_free(r->parts);
        crp_free(r->group_by_text);
        crp_free(r->where_text);
        crp_free(r->date_text);
        crp_free(r->value_text);
        crp_free(r->of_text);
    }
    crp_free(d->rules);
    crp_free(d);
}
