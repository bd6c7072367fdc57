/* explain-text.c — the 取值说明 block of `score --explain` in text, for
 * people: day numbers as dates, values on one line and cut, Chinese
 * labels. The JSON keeps the engine's records as they are.
 *
 * A day number (what cr:date returns) is shown as a date when the name
 * it is bound to is a let computed with cr:date (found in the checklist
 * file; not with cr:days-between or cr:workdays-between) and the value
 * is a whole number from 3653 to 47846 (1980-01-01 to 2100-12-31): a
 * difference of two dates in a case file never reaches ten years, and a
 * test's true or false is no number. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "explain-text.h"

#define VALUE_CHARS 80
#define DAY_FROM 3653L      /* 1980-01-01 */
#define DAY_TO 47846L       /* 2100-12-31 */

struct explain_dates {
    char **names;
    size_t n;
};

/* Does EXPR compute a day number: it calls cr:date, and counts no days
 * between two dates? */
static int
is_day_expr(const char *expr)
{
    return strstr(expr, "cr:date(") != NULL && strstr(expr, "between") == NULL;
}

static void
collect(struct explain_dates *d, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "let") == 0) {
            xmlChar *name = xmlGetNoNsProp(n, (const xmlChar *)"name");
            xmlChar *value = xmlGetNoNsProp(n, (const xmlChar *)"value");
            if (name && value && is_day_expr((const char *)value)) {
                d->names = batch_xrealloc(d->names,
                                          (d->n + 1) * sizeof(*d->names));
                d->names[d->n++] = batch_xstrdup((const char *)name);
            }
            xmlFree(name);
            xmlFree(value);
        }
        collect(d, n->children);
    }
}

struct explain_dates *
explain_dates_new(const struct cr_checklist *cl)
{
    struct explain_dates *d = batch_xmalloc(sizeof(*d));
    const char *path = cr_checklist_get_path(cl);
    xmlDocPtr doc = path ? xmlReadFile(path, NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING)
                         : NULL;

    d->names = NULL;
    d->n = 0;
    if (doc)
        collect(d, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return d;
}

void
explain_dates_free(struct explain_dates *d)
{
    size_t i;

    if (d == NULL)
        return;
    for (i = 0; i < d->n; i++)
        free(d->names[i]);
    free(d->names);
    free(d);
}

/* "$name" alone, not an expression that starts with a variable. */
static int
is_var_name(const char *s)
{
    if (*s++ != '$')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
              *s == '.'))
            return 0;
    return 1;
}

static int
is_date_name(const struct explain_dates *d, const char *name)
{
    size_t i;

    if (d == NULL || !is_var_name(name))
        return 0;
    for (i = 0; i < d->n; i++)
        if (strcmp(d->names[i], name + 1) == 0)
            return 1;
    return 0;
}

/* S as a day number in range, or -1. */
static long
day_of(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    return end != s && *end == '\0' && v >= DAY_FROM && v <= DAY_TO ? v : -1;
}

/* Days since 1970-01-01 as YYYY-MM-DD (H. Hinnant's civil_from_days). */
static void
put_date(struct batch_buf *b, long z)
{
    long era, doe, yoe, y, doy, mp, d, m;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    batch_buf_printf(b, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* S on one line (runs of white space one space), cut to MAX characters
 * with "…". */
static void
put_short(struct batch_buf *b, const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    struct batch_buf t = {0};
    size_t chars = 0;
    int space = 0;

    batch_buf_puts(&t, "");
    while (p < end) {
        size_t n = *p < 0x80 ? 1 : batch_utf8_len(p, end);
        if (n == 0)
            n = 1;   /* batch_buf_line below makes it '?' */
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = t.len > 0;
            p++;
            continue;
        }
        if (chars + space >= max) {
            batch_buf_puts(&t, "…");
            break;
        }
        if (space) {
            batch_buf_add(&t, " ", 1);
            chars++;
        }
        space = 0;
        batch_buf_add(&t, p, n);
        chars++;
        p += n;
    }
    batch_buf_line(b, t.data);
    batch_buf_free(&t);
}

/* A value as the engine describes it, for a person. */
static void
put_value(struct batch_buf *b, const struct explain_dates *d,
          const char *name, const char *value)
{
    long day = is_date_name(d, name) ? day_of(value) : -1;
    int nodes;
    char *rest;

    if (day >= 0) {
        put_date(b, day);
    } else if (strcmp(value, "true") == 0) {
        batch_buf_puts(b, "是");
    } else if (strcmp(value, "false") == 0) {
        batch_buf_puts(b, "否");
    } else if (strcmp(value, "NaN") == 0) {
        batch_buf_puts(b, "非数值（NaN）");
    } else if (strcmp(value, "(error)") == 0) {
        batch_buf_puts(b, "（出错）");
    } else if (value[0] == '(' && (nodes = (int)strtol(value + 1, &rest, 10),
                                   strncmp(rest, " nodes)", 7) == 0)) {
        if (nodes == 0)
            batch_buf_puts(b, "（无）");
        else
            batch_buf_printf(b, "（%d 个节点）", nodes);
        rest += 7;
        while (*rest == ' ')
            rest++;
        if (*rest) {
            batch_buf_puts(b, "首个：");
            put_short(b, rest, VALUE_CHARS);
        }
    } else {
        put_short(b, value, VALUE_CHARS);
    }
}

/* "      NAME = VALUE" with the engine's keywords in Chinese. */
static void
put_record(struct batch_buf *b, const struct explain_dates *d,
           const char *name, const char *value, int applies)
{
    batch_buf_puts(b, "      ");
    if (strcmp(name, "assert") == 0 || strcmp(name, "report") == 0) {
        batch_buf_puts(b, name[0] == 'a' ? "断言（不成立）：" : "报告条件（成立）：");
        put_short(b, value, VALUE_CHARS);
        batch_buf_puts(b, "\n");
        return;
    }
    if (applies && !is_var_name(name)) {
        batch_buf_puts(b, "适用条件 ");
        put_short(b, name, VALUE_CHARS);
    } else {
        put_short(b, name, VALUE_CHARS);
    }
    batch_buf_puts(b, " = ");
    put_value(b, d, name, value);
    batch_buf_puts(b, "\n");
}

static void
header(struct batch_buf *b, int *done)
{
    if (!*done)
        batch_buf_puts(b, "取值说明（--explain）：\n");
    *done = 1;
}

/* Checklist 1.1: how each category's score came about. */
static void
categories(struct batch_buf *b, const struct cr_result *res, int *done)
{
    size_t i, k;

    for (i = 0; i < cr_result_get_category_count(res); i++) {
        size_t n = cr_result_get_category_explain_count(res, i);
        if (n == 0)
            continue;
        header(b, done);
        batch_buf_printf(b, "  <%s> %s：\n", cr_result_get_category_id(res, i),
                         cr_result_get_category_title(res, i));
        for (k = 0; k < n; k++)
            batch_buf_printf(b, "      %s %s\n",
                             cr_result_get_category_explain_name(res, i, k),
                             cr_result_get_category_explain_value(res, i, k));
    }
}

void
explain_print(FILE *f, const struct cr_result *res,
              const struct explain_dates *d)
{
    struct batch_buf b = {0};
    size_t i, j, k;
    int done = 0;

    for (i = 0; i < cr_result_get_item_count(res); i++) {
        const struct cr_item_result *it = cr_result_get_item(res, i);
        size_t nf = cr_item_result_get_finding_count(it);
        size_t na = cr_item_result_get_explain_count(it);
        if (nf + na > 0)
            header(&b, &done);
        for (j = 0; j < nf; j++) {
            const struct cr_finding *fd = cr_item_result_get_finding(it, j);
            size_t n = cr_finding_get_explain_count(fd);
            batch_buf_printf(&b, "  [%s] ", cr_item_result_get_id(it));
            batch_buf_line(&b, cr_finding_get_message(fd));
            batch_buf_printf(&b, "\n      位置：%s，第%d行\n",
                             cr_finding_get_location(fd),
                             cr_finding_get_line(fd));
            for (k = 0; k < n; k++)
                put_record(&b, d, cr_finding_get_explain_name(fd, k),
                           cr_finding_get_explain_value(fd, k), 0);
            if (n == 0)
                batch_buf_puts(&b, "      （断言未引用变量，消息无表达式）\n");
        }
        if (na > 0)
            batch_buf_printf(&b, "  [%s] %s：不适用\n",
                             cr_item_result_get_id(it),
                             cr_item_result_get_title(it));
        for (k = 0; k < na; k++) {
            const char *name = cr_item_result_get_explain_name(it, k);
            const char *value = cr_item_result_get_explain_value(it, k);
            /* applies-if="$x" and the variable $x: said once */
            if (k > 0 &&
                strcmp(name, cr_item_result_get_explain_name(it, k - 1)) == 0 &&
                strcmp(value, cr_item_result_get_explain_value(it, k - 1)) == 0)
                continue;
            put_record(&b, d, name, value, 1);
        }
    }
    categories(&b, res, &done);
    if (b.data)
        fputs(b.data, f);
    batch_buf_free(&b);
}
