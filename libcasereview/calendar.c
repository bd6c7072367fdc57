/* calendar.c — the working-day calendar (urn:casereview:calendar:1).
 *
 * A day is a working day when it is Monday-Friday and not a listed
 * holiday, or a listed make-up working day (调休). Loading precomputes a
 * prefix count of working days so that counting is O(1) and adding
 * working days a binary search. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "alloc.h"
#include "diag.h"
#include "date.h"
#include "utf8.h"
#include "xml-safe.h"
#include "xml-lines.h"

#define CAL_NS "urn:casereview:calendar:1"
/* The real calendar is 10 KiB; a year takes about 1 KiB. */
#define CAL_MAX_BYTES (16u * 1024 * 1024)
/* Holidays cannot be computed, so a calendar spans the years someone
 * transcribed; 200 years bounds the tables a hostile file can ask for. */
#define CAL_MAX_DAYS (200L * 366)
/* A broken file should not flood the diagnostics. */
#define CAL_MAX_ERRORS 50

enum day_kind { DAY_PLAIN = 0, DAY_HOLIDAY = 1, DAY_WORKDAY = 2 };

struct crp_calendar {
    long from, to;
    /* cum[i]: working days in [from, from + i); n + 1 entries */
    long *cum;
    long n;
};

struct cal_loader {
    const char *path;
    struct cr_diag_list *diags;
    int errors, warnings;
    int nomem;
};

static void __attribute__((format(printf, 5, 6)))
report(struct cal_loader *ld, enum crp_diag_code code, enum cr_severity sev,
       long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    size_t n;

    if (sev == CR_SEVERITY_ERROR && ++ld->errors > CAL_MAX_ERRORS)
        return;
    if (sev != CR_SEVERITY_ERROR && ++ld->warnings > CAL_MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), crp_diag_text(ld->diags, fmt), ap);
    va_end(ap);
    /* a long quoted value may have been cut inside a UTF-8 sequence */
    n = strlen(msg);
    if (n == sizeof(msg) - 1)
        msg[crp_utf8_trim(msg, n)] = '\0';
    if (crp_diag_add(ld->diags, code, sev, ld->path,
                     line > 0 && line < 0x7fffffff ? (int)line : 0, 0, "%s",
                     msg) < 0)
        ld->nomem = 1;
}

#define cal_error(ld, node, ...)                                          \
    report((ld), CRP_DIAG_CALENDAR_INVALID, CR_SEVERITY_ERROR,            \
           (node) ? xmlGetLineNo(node) : 0, __VA_ARGS__)

/* libxml2's messages end in a newline; ours do not. */
static void
on_structured_error(void *data, xmlErrorPtr err)
{
    struct cal_loader *ld = data;
    char msg[256];
    size_t n;

    if (err == NULL || err->level < XML_ERR_ERROR)
        return;
    snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "");
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    report(ld, CRP_DIAG_CALENDAR_INVALID, CR_SEVERITY_ERROR, err->line,
           "calendar is not well-formed XML: %s", msg);
}

static void
on_generic_error(void *data, const char *fmt, ...)
{
    (void)data;
    (void)fmt;
}

/* Reads the file ourselves and parses it from memory inside an
 * xml-safe capture, so the refusing entity loader guards it; our own
 * handlers on top give every error its line. The caller's handlers are
 * restored afterwards: the library never prints. */
static xmlDocPtr
parse_file(struct cal_loader *ld)
{
    struct crp_xml_capture cap;
    xmlStructuredErrorFunc capture_serror;
    void *capture_sctx;
    xmlGenericErrorFunc capture_generic;
    void *capture_gctx;
    char err[256], *buf;
    size_t len;
    xmlDocPtr doc;

    if (crp_read_file(ld->path, CAL_MAX_BYTES, &buf, &len, err,
                      sizeof(err)) < 0) {
        report(ld, CRP_DIAG_DATA_MISSING, CR_SEVERITY_ERROR, 0,
               "cannot read the calendar '%s': %s", ld->path, err);
        return NULL;
    }
    if (len == 0 || len > 0x7fffffff) {
        report(ld, CRP_DIAG_CALENDAR_INVALID, CR_SEVERITY_ERROR, 0,
               "the calendar '%s' is empty or too large", ld->path);
        crp_free(buf);
        return NULL;
    }
    crp_xml_capture_begin(&cap);
    capture_serror = xmlStructuredError;
    capture_sctx = xmlStructuredErrorContext;
    capture_generic = xmlGenericError;
    capture_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(ld, on_structured_error);
    xmlSetGenericErrorFunc(ld, on_generic_error);
    doc = xmlReadMemory(buf, (int)len, ld->path, NULL, CRP_XML_PARSE_OPTS);
    xmlSetStructuredErrorFunc(capture_sctx, capture_serror);
    xmlSetGenericErrorFunc(capture_gctx, capture_generic);
    crp_xml_capture_end(&cap);
    /* as in the checklist: a diagnostic names the line of "<day" */
    if (doc && crp_xml_start_lines(doc, buf, len) != 0) {
        xmlFreeDoc(doc);
        doc = NULL;
        ld->nomem = 1;
    }
    crp_free(buf);
    if (doc == NULL && ld->errors == 0 && !ld->nomem)
        report(ld, CRP_DIAG_CALENDAR_INVALID, CR_SEVERITY_ERROR, cap.line,
               "calendar is not well-formed XML: %s",
               cap.message[0] ? cap.message : "parse failed");
    return doc;
}

static int
in_cal_ns(const xmlNode *node)
{
    return node->ns != NULL && node->ns->href != NULL &&
           strcmp((const char *)node->ns->href, CAL_NS) == 0;
}

static int
is_space(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (!is_space(*s))
            return 0;
    return 1;
}

/* Every attribute of NODE must be one of ALLOWED (no namespace). */
static void
check_attributes(struct cal_loader *ld, const xmlNode *node,
                 const char *const *allowed)
{
    const xmlAttr *a;
    size_t i;

    for (a = node->properties; a != NULL; a = a->next) {
        for (i = 0; a->ns == NULL && allowed[i] != NULL; i++)
            if (strcmp((const char *)a->name, allowed[i]) == 0)
                break;
        if (a->ns != NULL || allowed[i] == NULL)
            cal_error(ld, node, "unknown attribute '%s' on <%s>",
                      (const char *)a->name, (const char *)node->name);
    }
}

/* Reads a required date attribute; 1 and *DAY when valid. */
static int
date_attribute(struct cal_loader *ld, xmlNode *node, const char *name,
               long *day)
{
    xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
    int ok;

    if (v == NULL) {
        cal_error(ld, node, "<%s> lacks the required attribute '%s'",
                  (const char *)node->name, name);
        return 0;
    }
    ok = crp_date_parse((const char *)v, day) &&
         strchr((const char *)v, '-') != NULL;
    if (!ok)
        cal_error(ld, node, "'%s' is not a valid YYYY-MM-DD date (%s)",
                  (const char *)v, name);
    xmlFree(v);
    return ok;
}

/* 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
static int
weekday(long day)
{
    return (int)(((day % 7) + 7 + 4) % 7);
}

static int
is_weekend(long day)
{
    int w = weekday(day);

    return w == 0 || w == 6;
}

static void
mark_day(struct cal_loader *ld, xmlNode *node, unsigned char *kinds,
         const struct crp_calendar *cal, enum day_kind kind)
{
    static const char *const allowed[] = {"date", "name", NULL};
    char iso[11];
    long day;

    check_attributes(ld, node, allowed);
    if (!date_attribute(ld, node, "date", &day))
        return;
    crp_date_format(day, iso);
    if (day < cal->from || day > cal->to) {
        cal_error(ld, node, "date %s lies outside the calendar's range",
                  iso);
        return;
    }
    if (kinds[day - cal->from] != DAY_PLAIN &&
        kinds[day - cal->from] != kind) {
        cal_error(ld, node,
                  "%s is listed both as a holiday and as a workday", iso);
        return;
    }
    if (kind == DAY_WORKDAY && !is_weekend(day))
        report(ld, CRP_DIAG_CALENDAR_INVALID, CR_SEVERITY_WARNING,
               xmlGetLineNo(node),
               "workday %s is a weekday, a working day anyway", iso);
    kinds[day - cal->from] = (unsigned char)kind;
}

/* libxml2 gives a text node the line it ends on; report the line of its
 * first non-blank character instead. */
static long
text_line(const xmlNode *text)
{
    long line = xmlGetLineNo(text);
    const xmlChar *p = text->content;

    while (p && *p && is_space(*p))
        p++;
    for (; p && *p; p++)
        line -= *p == '\n';
    return line;
}

static void
read_days(struct cal_loader *ld, xmlNode *root, unsigned char *kinds,
          const struct crp_calendar *cal)
{
    xmlNode *c;

    for (c = root->children; c != NULL; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (!is_blank(c->content))
                report(ld, CRP_DIAG_CALENDAR_INVALID, CR_SEVERITY_ERROR,
                       text_line(c), "text is not allowed in <calendar>");
            continue;
        }
        if (c->type == XML_ENTITY_REF_NODE) {
            cal_error(ld, c, "entity reference &%s; is not allowed",
                      (const char *)c->name);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue; /* comments, processing instructions */
        if (in_cal_ns(c) && strcmp((const char *)c->name, "holiday") == 0)
            mark_day(ld, c, kinds, cal, DAY_HOLIDAY);
        else if (in_cal_ns(c) &&
                 strcmp((const char *)c->name, "workday") == 0)
            mark_day(ld, c, kinds, cal, DAY_WORKDAY);
        else
            cal_error(ld, c, "unknown element <%s> in the calendar",
                      (const char *)c->name);
        if (c->children != NULL && c->type == XML_ELEMENT_NODE &&
            (c->children->type == XML_ELEMENT_NODE || c->children->next ||
             !is_blank(c->children->content)))
            cal_error(ld, c, "<%s> must be empty", (const char *)c->name);
    }
}

static void
build_counts(struct crp_calendar *cal, const unsigned char *kinds)
{
    long i, day;
    int work;

    cal->cum[0] = 0;
    for (i = 0; i < cal->n; i++) {
        day = cal->from + i;
        work = kinds[i] == DAY_WORKDAY ||
               (kinds[i] == DAY_PLAIN && !is_weekend(day));
        cal->cum[i + 1] = cal->cum[i] + work;
    }
}

/* Root, range, then the listed days. Returns the calendar or NULL. */
static struct crp_calendar *
read_calendar(struct cal_loader *ld, xmlDocPtr doc)
{
    static const char *const allowed[] = {"from", "to", NULL};
    xmlNode *root = xmlDocGetRootElement(doc);
    struct crp_calendar *cal;
    unsigned char *kinds;
    long from, to;
    int ok;

    if (root == NULL || !in_cal_ns(root) ||
        strcmp((const char *)root->name, "calendar") != 0) {
        cal_error(ld, root,
                  "the root element must be <calendar xmlns=\"%s\">", CAL_NS);
        return NULL;
    }
    check_attributes(ld, root, allowed);
    ok = date_attribute(ld, root, "from", &from);
    ok = date_attribute(ld, root, "to", &to) && ok;
    if (!ok)
        return NULL;
    if (from > to || to - from >= CAL_MAX_DAYS) {
        cal_error(ld, root, "the range from..to must run forward and span "
                  "at most 200 years");
        return NULL;
    }
    cal = crp_calloc(1, sizeof(*cal));
    kinds = crp_calloc((size_t)(to - from + 1), 1);
    if (cal != NULL)
        cal->cum = crp_malloc((size_t)(to - from + 2) * sizeof(long));
    if (cal == NULL || kinds == NULL || cal->cum == NULL) {
        ld->nomem = 1;
        crp_free(kinds);
        crp_calendar_free(cal);
        return NULL;
    }
    cal->from = from;
    cal->to = to;
    cal->n = to - from + 1;
    read_days(ld, root, kinds, cal);
    build_counts(cal, kinds);
    crp_free(kinds);
    return cal;
}

enum cr_status
crp_calendar_load(const char *path, struct cr_diag_list *diags,
                  struct crp_calendar **out)
{
    struct cal_loader ld = {path, diags, 0, 0, 0};
    struct crp_calendar *cal = NULL;
    xmlDocPtr doc;

    *out = NULL;
    doc = parse_file(&ld);
    if (doc != NULL)
        cal = read_calendar(&ld, doc);
    xmlFreeDoc(doc);
    if (ld.nomem || (cal == NULL && ld.errors == 0)) {
        crp_calendar_free(cal);
        return CR_ERR_NOMEM;
    }
    if (ld.errors > 0) {
        crp_calendar_free(cal);
        return CR_ERR_CHECKLIST;
    }
    *out = cal;
    return CR_OK;
}

void
crp_calendar_free(struct crp_calendar *cal)
{
    if (cal == NULL)
        return;
    crp_free(cal->cum);
    crp_free(cal);
}

void
crp_calendar_range(const struct crp_calendar *cal, long *from, long *to)
{
    *from = cal->from;
    *to = cal->to;
}

static int
in_range(const struct crp_calendar *cal, long day)
{
    return day >= cal->from && day <= cal->to;
}

int
crp_calendar_is_workday(const struct crp_calendar *cal, long day)
{
    long i;

    if (!in_range(cal, day))
        return -1;
    i = day - cal->from;
    return (int)(cal->cum[i + 1] - cal->cum[i]);
}

int
crp_calendar_workdays_between(const struct crp_calendar *cal, long a,
                              long b, long *out)
{
    if (!in_range(cal, a) || !in_range(cal, b))
        return -1;
    /* working days in (a, b] = in [from, b] minus in [from, a] */
    *out = cal->cum[b - cal->from + 1] - cal->cum[a - cal->from + 1];
    return 0;
}

/* The first index i in 1..n with cum[i] == TARGET: the day from + i - 1
 * is the TARGET-th working day of the calendar. */
static long
first_reaching(const struct crp_calendar *cal, long target)
{
    long lo = 1, hi = cal->n, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (cal->cum[mid] >= target)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

int
crp_calendar_add_workdays(const struct crp_calendar *cal, long a, long n,
                          long *out)
{
    long target;

    if (!in_range(cal, a) || n > cal->n || n < -cal->n)
        return -1;
    if (n == 0) {
        *out = a;
        return 0;
    }
    /* Ordinal of the wanted working day, counting from the calendar's
     * first: after A when N > 0, before A (not counting A) when N < 0. */
    if (n > 0)
        target = cal->cum[a - cal->from + 1] + n;
    else
        target = cal->cum[a - cal->from] + n + 1;
    if (target < 1 || target > cal->cum[cal->n])
        return -1;
    *out = cal->from + first_reaching(cal, target) - 1;
    return 0;
}
