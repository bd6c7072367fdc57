/* archive-facts.c — one case's facts (struct cr_facts): evaluated with
 * the case (crp_facts_eval, called by the evaluator after the case id),
 * or given by a caller value by value (cr_facts_add), and read back in
 * one text form either way, so facts kept from one run feed another. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "api-get.h"
#include "archive-rules.h"
#include "date.h"
#include "export.h"
#include "functions.h"
#include "result.h"
#include "utf8.h"

static void
free_vals(struct cr_facts *f)
{
    size_t i, j, n = f->cl && f->cl->archive ? f->cl->archive->nfacts : 0;

    for (i = 0; f->vals && i < n; i++) {
        for (j = 0; j < f->vals[i].n; j++)
            crp_free(f->vals[i].v[j]);
        crp_free(f->vals[i].v);
        crp_free(f->vals[i].error);
    }
    crp_free(f->vals);
}

CR_EXPORT void
cr_facts_free(struct cr_facts *f)
{
    if (f == NULL)
        return;
    free_vals(f);
    crp_free(f->source);
    crp_free(f->case_id);
    cr_checklist_unref(f->cl);
    crp_free(f);
}

static struct cr_facts *
facts_new(struct cr_checklist *cl, const char *source, const char *case_id)
{
    struct cr_facts *f = crp_calloc(1, sizeof(*f));
    size_t n = cl->archive ? cl->archive->nfacts : 0;

    if (f == NULL)
        return NULL;
    f->cl = cr_checklist_ref(cl);
    f->source = crp_strdup(source ? source : "");
    f->case_id = crp_strdup(case_id ? case_id : "");
    f->vals = crp_calloc(n ? n : 1, sizeof(*f->vals));
    if (!f->source || !f->case_id || !f->vals) {
        cr_facts_free(f);
        return NULL;
    }
    return f;
}

/* ---- text forms ---- */

/* The shortest decimal text strtod reads back as V. */
static void
number_text(double v, char *buf, size_t len)
{
    int prec;

    for (prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

int
crp_fact_parse(int type, const char *text, double *num)
{
    char *end;
    long day;

    switch (type) {
    case CRP_FACT_NUMBER:
        if (text[0] == '\0' || strchr(" \t\r\n", text[0]))
            return 0;
        *num = strtod(text, &end);
        return *end == '\0' && isfinite(*num);
    case CRP_FACT_DATE:
        if (!crp_date_parse(text, &day))
            return 0;
        *num = (double)day;
        return 1;
    case CRP_FACT_BOOLEAN:
        if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
            return 0;
        *num = text[0] == 't';
        return 1;
    default:
        *num = 0;
        return text[0] != '\0';
    }
}

/* The canonical text of a parsed value. */
static char *
canonical(int type, const char *text, double num)
{
    char buf[40];

    switch (type) {
    case CRP_FACT_NUMBER:
        number_text(num, buf, sizeof(buf));
        return crp_strdup(buf);
    case CRP_FACT_DATE:
        crp_date_format((long)num, buf);
        return crp_strdup(buf);
    case CRP_FACT_BOOLEAN:
        return crp_strdup(num != 0 ? "true" : "false");
    default:
        return crp_strdup(text);
    }
}

/* S without surrounding XML white space, cut to CRP_FACT_VALUE_MAX bytes
 * on a character: crp_malloc'd. */
static char *
trimmed(const char *s)
{
    size_t len;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    len = strlen(s);
    while (len > 0 && strchr(" \t\n\r", s[len - 1]))
        len--;
    if (len > CRP_FACT_VALUE_MAX)
        len = crp_utf8_trim(s, CRP_FACT_VALUE_MAX);
    return crp_strndup(s, len);
}

/* Adds V (taken) to a multiple fact's sorted, distinct values, which
 * stop at CRP_FACT_VALUES_MAX (the smallest kept). -1: out of memory. */
static int
add_value(struct crp_fact_val *fv, char *v)
{
    size_t lo = 0, hi = fv->n, mid;
    char **nv;

    if (v == NULL)
        return -1;
    while (lo < hi) {
        int c;
        mid = (lo + hi) / 2;
        c = strcmp(fv->v[mid], v);
        if (c == 0) {
            crp_free(v);
            return 0;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (fv->n == CRP_FACT_VALUES_MAX) {
        if (lo == fv->n) {
            crp_free(v);
            return 0;
        }
        crp_free(fv->v[--fv->n]);   /* the largest goes */
    }
    nv = crp_realloc(fv->v, (fv->n + 1) * sizeof(*nv));
    if (nv == NULL) {
        crp_free(v);
        return -1;
    }
    fv->v = nv;
    memmove(nv + lo + 1, nv + lo, (fv->n - lo) * sizeof(*nv));
    nv[lo] = v;
    fv->n++;
    return 0;
}

/* ---- evaluated with a case ---- */

static int
string_values(struct crp_fact_val *fv, const struct crp_fact *def,
              xmlXPathObjectPtr obj)
{
    int i, n = 0;

    if (def->multiple && obj->type == XPATH_NODESET)
        n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
    for (i = 0; i < (def->multiple && obj->type == XPATH_NODESET ? n : 1);
         i++) {
        xmlChar *s = def->multiple && obj->type == XPATH_NODESET
                     ? xmlXPathCastNodeToString(obj->nodesetval->nodeTab[i])
                     : xmlXPathCastToString(obj);
        char *t = s ? trimmed((const char *)s) : NULL;

        xmlFree(s);
        if (t == NULL)
            return -1;
        if (t[0] == '\0') {
            crp_free(t);
            continue;
        }
        if (add_value(fv, t) != 0)
            return -1;
    }
    return 0;
}

static int
typed_value(struct crp_fact_val *fv, int type, xmlXPathObjectPtr obj)
{
    double num = NAN;
    long day;

    if (type == CRP_FACT_NUMBER) {
        num = xmlXPathCastToNumber(obj);
        if (!isfinite(num))
            return 0;
    } else if (type == CRP_FACT_BOOLEAN) {
        num = xmlXPathCastToBoolean(obj);
    } else if (obj->type == XPATH_NUMBER) {
        /* a date fact read as cr:date reads its argument */
        if (!crp_day_from_number(obj->floatval, &day))
            return 0;
        num = (double)day;
    } else {
        xmlChar *s = xmlXPathCastToString(obj);
        int ok;
        if (s == NULL)
            return -1;
        ok = crp_date_parse((const char *)s, &day);
        xmlFree(s);
        if (!ok)
            return 0;
        num = (double)day;
    }
    return add_value(fv, canonical(type, "", num));
}

int
crp_facts_eval(struct cr_result *res, crp_fact_eval_fn fn, void *ctx)
{
    const struct crp_archive_def *def = res->cl->archive;
    struct cr_facts *f;
    size_t i;

    if (def == NULL || def->nfacts == 0)
        return 0;
    f = facts_new(res->cl, res->source, res->case_id);
    if (f == NULL)
        return -1;
    for (i = 0; i < def->nfacts; i++) {
        char *err = NULL;
        xmlXPathObjectPtr obj = fn(ctx, &def->facts[i].value, &err);
        int rc;

        if (obj == NULL) {
            /* no message: memory ran out making it */
            if (err == NULL) {
                cr_facts_free(f);
                return -1;
            }
            f->vals[i].error = err;
            continue;
        }
        crp_free(err);
        rc = def->facts[i].type == CRP_FACT_STRING
             ? string_values(&f->vals[i], &def->facts[i], obj)
             : typed_value(&f->vals[i], def->facts[i].type, obj);
        xmlXPathFreeObject(obj);
        if (rc != 0) {
            cr_facts_free(f);
            return -1;
        }
    }
    res->facts = f;
    return 0;
}

/* ---- the public API ---- */

CR_EXPORT const struct cr_facts *
cr_result_get_facts(const struct cr_result *res)
{
    return res && !res->is_error ? res->facts : NULL;
}

CR_EXPORT enum cr_status
cr_facts_new(struct cr_checklist *cl, const char *source,
             const char *case_id, struct cr_facts **out)
{
    if (out)
        *out = NULL;
    if (cl == NULL || out == NULL)
        return CR_ERR_INVALID;
    *out = facts_new(cl, source, case_id);
    return *out ? CR_OK : CR_ERR_NOMEM;
}

static long
fact_named(const struct cr_checklist *cl, const char *name)
{
    size_t i;

    for (i = 0; cl->archive && i < cl->archive->nfacts; i++)
        if (strcmp(cl->archive->facts[i].name, name) == 0)
            return (long)i;
    return -1;
}

CR_EXPORT enum cr_status
cr_facts_add(struct cr_facts *f, const char *name, const char *value)
{
    const struct crp_fact *def;
    struct crp_fact_val *fv;
    char *v;
    double num;
    long i;

    if (f == NULL || name == NULL || value == NULL ||
        (i = fact_named(f->cl, name)) < 0 || !crp_utf8_valid(value))
        return CR_ERR_INVALID;
    def = &f->cl->archive->facts[i];
    fv = &f->vals[i];
    if (def->type == CRP_FACT_STRING) {
        v = trimmed(value);
        if (v == NULL)
            return CR_ERR_NOMEM;
        if (v[0] == '\0') {   /* no value, as an empty string evaluates */
            crp_free(v);
            return CR_OK;
        }
    } else {
        if (!crp_fact_parse(def->type, value, &num))
            return CR_ERR_INVALID;
        v = canonical(def->type, value, num);
        if (v == NULL)
            return CR_ERR_NOMEM;
    }
    if (!def->multiple && fv->n > 0) {
        crp_free(v);
        return CR_ERR_INVALID;
    }
    return add_value(fv, v) == 0 ? CR_OK : CR_ERR_NOMEM;
}

CRP_GETTER(const char *, cr_facts_get_source, struct cr_facts, o->source, NULL)
CRP_GETTER(const char *, cr_facts_get_case_id, struct cr_facts, o->case_id,
           NULL)

CR_EXPORT size_t
cr_facts_get_count(const struct cr_facts *f)
{
    return f && f->cl->archive ? f->cl->archive->nfacts : 0;
}

CR_EXPORT const char *
cr_facts_get_name(const struct cr_facts *f, size_t i)
{
    return i < cr_facts_get_count(f) ? f->cl->archive->facts[i].name : NULL;
}

static const struct crp_fact_val *
values_at(const struct cr_facts *f, size_t i)
{
    return i < cr_facts_get_count(f) ? &f->vals[i] : NULL;
}

CR_EXPORT size_t
cr_facts_get_value_count(const struct cr_facts *f, size_t i)
{
    const struct crp_fact_val *fv = values_at(f, i);
    return fv ? fv->n : 0;
}

CR_EXPORT const char *
cr_facts_get_value(const struct cr_facts *f, size_t i, size_t j)
{
    const struct crp_fact_val *fv = values_at(f, i);
    return fv && j < fv->n ? fv->v[j] : NULL;
}

CR_EXPORT const char *
cr_facts_get_error(const struct cr_facts *f, size_t i)
{
    const struct crp_fact_val *fv = values_at(f, i);
    return fv ? fv->error : NULL;
}

int
crp_facts_compatible(const struct cr_checklist *a,
                     const struct cr_checklist *b)
{
    size_t i, na = a->archive ? a->archive->nfacts : 0;

    if (a == b)
        return 1;
    if (na != (b->archive ? b->archive->nfacts : 0))
        return 0;
    for (i = 0; i < na; i++) {
        const struct crp_fact *x = &a->archive->facts[i];
        const struct crp_fact *y = &b->archive->facts[i];
        if (strcmp(x->name, y->name) != 0 || x->type != y->type ||
            x->multiple != y->multiple)
            return 0;
    }
    return 1;
}

/* ---- what the checklist declares ---- */

CR_EXPORT size_t
cr_checklist_get_fact_count(const struct cr_checklist *cl)
{
    return cl && cl->archive ? cl->archive->nfacts : 0;
}

CR_EXPORT const char *
cr_checklist_get_fact_name(const struct cr_checklist *cl, size_t i)
{
    return i < cr_checklist_get_fact_count(cl) ? cl->archive->facts[i].name
                                                : NULL;
}

CR_EXPORT const char *
cr_checklist_get_fact_type(const struct cr_checklist *cl, size_t i)
{
    return i < cr_checklist_get_fact_count(cl)
               ? crp_fact_type_name(cl->archive->facts[i].type)
               : NULL;
}

CR_EXPORT int
cr_checklist_is_fact_multiple(const struct cr_checklist *cl, size_t i)
{
    return i < cr_checklist_get_fact_count(cl)
               ? cl->archive->facts[i].multiple
               : 0;
}

CR_EXPORT size_t
cr_checklist_get_archive_rule_count(const struct cr_checklist *cl)
{
    return cl && cl->archive ? cl->archive->nrules : 0;
}

CR_EXPORT const char *
cr_checklist_get_archive_rule_id(const struct cr_checklist *cl, size_t i)
{
    return i < cr_checklist_get_archive_rule_count(cl)
               ? cl->archive->rules[i].id
               : NULL;
}

CR_EXPORT const char *
cr_checklist_get_archive_rule_title(const struct cr_checklist *cl, size_t i)
{
    return i < cr_checklist_get_archive_rule_count(cl)
               ? cl->archive->rules[i].title
               : NULL;
}
