/* diag.c — diagnostics: what a load found wrong, with file and line. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "api-get.h"
#include "diag.h"
#include "export.h"
#include "msgcat-lib.h"
#include "strbuf.h"
#include "utf8.h"

struct cr_diag {
    int code;
    enum cr_severity severity;
    char *file;
    int line;
    int column;
    char *message;
    enum crp_lang lang; /* of its message, for the severity's word */
    size_t seq; /* insertion order, for a stable sort */
};

struct cr_diag_list {
    struct cr_diag *v;
    size_t n, cap;
    int oom;
    enum crp_lang lang;
};

struct cr_diag_list *
crp_diag_list_new(void)
{
    return crp_calloc(1, sizeof(struct cr_diag_list));
}

/* A message quoting a 12 KB expression helps nobody: keep the first
 * MAX_MESSAGE bytes, cut on a UTF-8 boundary. */
#define MAX_MESSAGE 600

static void
truncate_message(struct crp_strbuf *sb)
{
    size_t n = MAX_MESSAGE;

    if (sb->failed || sb->len <= MAX_MESSAGE)
        return;
    while (n > 0 && ((unsigned char)sb->data[n] & 0xC0) == 0x80)
        n--;
    sb->len = n;
    sb->data[n] = '\0';
    crp_strbuf_puts(sb, "…");
}

int
crp_diag_add(struct cr_diag_list *list, enum crp_diag_code code,
             enum cr_severity sev, const char *file, int line, int col,
             const char *fmt, ...)
{
    struct crp_strbuf sb;
    struct cr_diag *d;
    va_list ap;

    if (list == NULL)
        return 0;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        struct cr_diag *v = crp_realloc(list->v, cap * sizeof(*v));
        if (v == NULL) {
            list->oom = 1;
            return -1;
        }
        list->v = v;
        list->cap = cap;
    }
    crp_strbuf_init(&sb);
    va_start(ap, fmt);
    crp_strbuf_vprintf(&sb, crp_msg(list->lang, fmt), ap);
    va_end(ap);
    truncate_message(&sb);
    d = &list->v[list->n];
    d->message = crp_strbuf_steal(&sb);
    /* a quoted path or value may be any bytes; diagnostics are UTF-8 */
    if (d->message && !crp_utf8_valid(d->message)) {
        char *clean = crp_utf8_clean(d->message);
        crp_free(d->message);
        d->message = clean;
    }
    d->file = file ? crp_strdup(file) : NULL;
    if (d->message == NULL || (file && d->file == NULL)) {
        crp_free(d->message);
        crp_free(d->file);
        list->oom = 1;
        return -1;
    }
    d->code = code;
    d->severity = sev;
    d->line = line;
    d->column = col;
    d->lang = list->lang;
    d->seq = list->n;
    list->n++;
    return 0;
}

static int
cmp_diag(const void *a, const void *b)
{
    const struct cr_diag *x = a, *y = b;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");

    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void
crp_diag_list_sort(struct cr_diag_list *list)
{
    if (list && list->n > 1)
        qsort(list->v, list->n, sizeof(*list->v), cmp_diag);
}

int
crp_diag_list_oom(const struct cr_diag_list *list)
{
    return list ? list->oom : 0;
}

void
crp_diag_list_set_lang(struct cr_diag_list *list, enum crp_lang lang)
{
    if (list)
        list->lang = lang;
}

enum crp_lang
crp_diag_list_lang(const struct cr_diag_list *list)
{
    return list ? list->lang : CRP_LANG_ZH;
}

const char *
crp_diag_text(const struct cr_diag_list *list, const char *text)
{
    return crp_msg(list ? list->lang : CRP_LANG_ZH, text);
}

void
crp_diag_list_set_oom(struct cr_diag_list *list)
{
    if (list)
        list->oom = 1;
}

CRP_GETTER(size_t, cr_diag_list_count, struct cr_diag_list, o->n, 0)

CR_EXPORT size_t
cr_diag_list_error_count(const struct cr_diag_list *list)
{
    size_t i, n = 0;

    for (i = 0; list && i < list->n; i++)
        n += list->v[i].severity == CR_SEVERITY_ERROR;
    return n;
}

CR_EXPORT const struct cr_diag *
cr_diag_list_get(const struct cr_diag_list *list, size_t i)
{
    return list && i < list->n ? &list->v[i] : NULL;
}

CR_EXPORT void
cr_diag_list_free(struct cr_diag_list *list)
{
    size_t i;

    if (list == NULL)
        return;
    for (i = 0; i < list->n; i++) {
        crp_free(list->v[i].file);
        crp_free(list->v[i].message);
    }
    crp_free(list->v);
    crp_free(list);
}

CRP_GETTER(int, cr_diag_get_code, struct cr_diag, o->code, 0)
CRP_GETTER(enum cr_severity, cr_diag_get_severity, struct cr_diag, o->severity,
           CR_SEVERITY_ERROR)
CRP_GETTER(const char *, cr_diag_get_file, struct cr_diag, o->file, NULL)
CRP_GETTER(int, cr_diag_get_line, struct cr_diag, o->line, 0)
CRP_GETTER(int, cr_diag_get_column, struct cr_diag, o->column, 0)
CRP_GETTER(const char *, cr_diag_get_message, struct cr_diag, o->message, NULL)

/* The N diagnostics of V as "file:line:column: error[CR-NNNN]: message",
 * each followed by END; "" for none. */
static char *
format_diags(const struct cr_diag *v, size_t n, const char *end)
{
    struct crp_strbuf sb;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    for (; n > 0; v++, n--)
        crp_strbuf_printf(&sb, "%s:%d:%d: %s[CR-%04d]: %s%s",
                          v->file ? v->file : "<checklist>", v->line,
                          v->column,
                          crp_msg(v->lang, v->severity == CR_SEVERITY_ERROR
                                               ? "error" : "warning"),
                          v->code, v->message, end);
    return crp_strbuf_steal(&sb);
}

CR_EXPORT char *
cr_diag_format(const struct cr_diag *d)
{
    return d ? format_diags(d, 1, "") : NULL;
}

CR_EXPORT char *
cr_diag_list_format(const struct cr_diag_list *list)
{
    return format_diags(list ? list->v : NULL, list ? list->n : 0, "\n");
}
