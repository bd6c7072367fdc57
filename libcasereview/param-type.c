/* param-type.c — typed params: <param name type min max default>.
 *
 * A param's value stays the string the checklist's XPath sees; the type
 * only says which strings are allowed, so that a value a supervisor
 * mistypes (`--param disclosure-workdays=abc`) is refused where it is
 * set instead of turning into a finding that quotes it. Types:
 * integer, number (XPath 1.0 number syntax: XPath reads "+5" as NaN, so
 * no sign but '-'), date (what cr:date reads), boolean (true|false) and
 * string (the default: anything). min and max bound integer, number and
 * date params, in the param's own type. A typed param whose default is
 * empty declares "not set" a value of its own: it may be set back to
 * empty (penalty-simplified's fine limits: empty, by the law's version). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "date.h"
#include "diag.h"
#include "msgcat-lib.h"
#include "utf8.h"

static const char *const type_names[] = {
    [CRP_PARAM_STRING] = "string", [CRP_PARAM_INTEGER] = "integer",
    [CRP_PARAM_NUMBER] = "number", [CRP_PARAM_DATE] = "date",
    [CRP_PARAM_BOOLEAN] = "boolean",
};

static const char *const type_labels[] = {
    [CRP_PARAM_STRING] = "字符串", [CRP_PARAM_INTEGER] = "整数",
    [CRP_PARAM_NUMBER] = "数字", [CRP_PARAM_DATE] = "日期（YYYY-MM-DD）",
    [CRP_PARAM_BOOLEAN] = "true 或 false",
};

const char *
crp_param_type_name(int type)
{
    return type >= 0 && type <= CRP_PARAM_BOOLEAN ? type_names[type]
                                                   : "string";
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* S as TYPE; *OUT its number (a day number for dates). 0, or -1 when S
 * is not of the type. */
static int
parse_as(int type, const char *s, double *out)
{
    const char *p = s, *digits;
    long day;

    *out = 0;
    switch (type) {
    case CRP_PARAM_INTEGER:
    case CRP_PARAM_NUMBER:
        if (*p == '-')
            p++;
        if (!is_digit(*p) && !(type == CRP_PARAM_NUMBER && *p == '.'))
            return -1;
        digits = p;
        while (is_digit(*p))
            p++;
        if (type == CRP_PARAM_NUMBER && *p == '.') {
            if (p == digits && !is_digit(p[1]))
                return -1;   /* "." alone */
            for (p++; is_digit(*p); p++)
                ;
        }
        if (*p != '\0' || p - s > 30)
            return -1;
        *out = strtod(s, NULL);
        return isfinite(*out) ? 0 : -1;
    case CRP_PARAM_DATE:
        if (!crp_date_parse(s, &day))
            return -1;
        *out = (double)day;
        return 0;
    case CRP_PARAM_BOOLEAN:
        return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ? 0 : -1;
    default:
        return 0;
    }
}

/* "不小于 1 的整数", "1 到 30 之间的整数", "整数": what P allows, in
 * LANG (messages-text.def). */
static void
expected(const struct crp_param *p, enum crp_lang lang, char *buf,
         size_t size)
{
    const char *label = crp_msg(lang, type_labels[p->type]);

    if (p->min && p->max)
        snprintf(buf, size, crp_msg(lang, "%s 到 %s 之间的%s"), p->min,
                 p->max, label);
    else if (p->min)
        snprintf(buf, size, crp_msg(lang, "不小于 %s 的%s"), p->min, label);
    else if (p->max)
        snprintf(buf, size, crp_msg(lang, "不大于 %s 的%s"), p->max, label);
    else
        snprintf(buf, size, "%s", label);
}

/* The message for VALUE refused by P, in LANG; WHAT says which value it
 * is ("值" or "默认值"). */
static void
refusal(const struct crp_param *p, enum crp_lang lang, const char *what,
        const char *value, char *why, size_t size)
{
    char want[320], shown[100];

    /* the value is the user's: one line, cut */
    crp_utf8_copy_line(shown, 84, value);
    if (strlen(shown) < strlen(value))
        strcat(shown, "…");
    expected(p, lang, want, sizeof(want));
    /* Chinese puts a space before a bound written in digits only */
    snprintf(why, size, crp_msg(lang, "参数 '%s' 的%s '%s' 不合要求：应为%s%s"),
             p->name, crp_msg(lang, what), shown,
             lang == CRP_LANG_EN || (unsigned char)want[0] < 0x80 ? " " : "",
             want);
}

int
crp_param_check(const struct crp_param *p, const char *value,
                unsigned int lang, char *why, size_t size)
{
    if (crp_param_fits(p, value))
        return 0;
    refusal(p, (enum crp_lang)lang, "值", value, why, size);
    return -1;
}

/* The bound NAME ("min" or "max") of P, parsed into *OUT. */
static int
bound(struct crp_param *p, xmlNodePtr k, const char *name, char **text,
      double *out, const char *file, struct cr_diag_list *diags)
{
    xmlChar *v = xmlGetNoNsProp(k, (const xmlChar *)name);

    if (v == NULL)
        return 0;
    *text = crp_strdup((const char *)v);
    xmlFree(v);
    if (*text == NULL)
        return -1;
    if (p->type == CRP_PARAM_STRING || p->type == CRP_PARAM_BOOLEAN) {
        crp_diag_add(diags, CRP_DIAG_PARAM_DECL, CR_SEVERITY_ERROR, file,
                     p->line, 0, "参数 '%s' 的类型为 %s，不能有 %s",
                     p->name, type_names[p->type], name);
        return 1;
    }
    if (parse_as(p->type, *text, out) != 0) {
        crp_diag_add(diags, CRP_DIAG_PARAM_DECL, CR_SEVERITY_ERROR, file,
                     p->line, 0, "参数 '%s' 的 %s '%s' 不是%s", p->name,
                     name, *text, crp_diag_text(diags, type_labels[p->type]));
        return 1;
    }
    return 0;
}

int
crp_param_declare(struct crp_param *p, xmlNodePtr k, const char *file,
                  struct cr_diag_list *diags)
{
    xmlChar *type = xmlGetNoNsProp(k, (const xmlChar *)"type");
    char why[512];
    int n = 0, r;

    p->type = CRP_PARAM_STRING;
    if (type) {
        int t;
        for (t = 0; t <= CRP_PARAM_BOOLEAN; t++)
            if (strcmp((const char *)type, type_names[t]) == 0)
                break;
        if (t > CRP_PARAM_BOOLEAN) {
            crp_diag_add(diags, CRP_DIAG_PARAM_DECL, CR_SEVERITY_ERROR, file,
                         p->line, 0,
                         "参数 '%s' 的类型 '%s' 未知（可用：integer、number、"
                         "date、string、boolean）",
                         p->name ? p->name : "?", (const char *)type);
            xmlFree(type);
            return 1;   /* min, max and the default mean nothing then */
        }
        p->type = t;
        xmlFree(type);
    }
    if (p->name == NULL || p->value == NULL)
        return 0;   /* reported by the loader */
    p->may_be_empty = p->value[0] == '\0';
    r = bound(p, k, "min", &p->min, &p->min_n, file, diags);
    if (r < 0)
        return -1;
    n += r;
    r = bound(p, k, "max", &p->max, &p->max_n, file, diags);
    if (r < 0)
        return -1;
    n += r;
    if (n == 0 && p->min && p->max && p->min_n > p->max_n) {
        crp_diag_add(diags, CRP_DIAG_PARAM_DECL, CR_SEVERITY_ERROR, file,
                     p->line, 0, "参数 '%s' 的 min %s 大于 max %s", p->name,
                     p->min, p->max);
        n++;
    }
    if (n == 0 && !crp_param_fits(p, p->value)) {
        refusal(p, crp_diag_list_lang(diags), "默认值", p->value, why,
                sizeof(why));
        crp_diag_add(diags, CRP_DIAG_PARAM_VALUE, CR_SEVERITY_ERROR, file,
                     p->line, 0, "%s", why);
        n++;
    }
    return crp_diag_list_oom(diags) ? -1 : n;
}

int
crp_param_fits(const struct crp_param *p, const char *value)
{
    double v;

    if (value[0] == '\0' && p->may_be_empty)
        return 1;
    return parse_as(p->type, value, &v) == 0 && (!p->min || v >= p->min_n) &&
           (!p->max || v <= p->max_n);
}
