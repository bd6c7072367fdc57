/* diff-decl.c — what `diff` reports beside items, categories and grades:
 * every other part of a checklist that changes scores (params, data
 * documents, the calendar, <accepts>), and warnings when the two are not
 * two versions of one checklist, or claim one version for two contents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff-decl.h"

static struct decl_change *
add(struct decl_diff *d, const char *field, const char *id, const char *a,
    const char *b)
{
    struct decl_change *c;

    d->v = batch_xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
    c = &d->v[d->n++];
    memset(c, 0, sizeof(*c));
    c->field = field;
    c->id = id;
    c->old_s = a;
    c->new_s = b;
    return c;
}

static long
find_param(const struct cr_checklist *cl, const char *name)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_param_count(cl); i++)
        if (strcmp(cr_checklist_get_param_name(cl, i), name) == 0)
            return (long)i;
    return -1;
}

static long
find_data(const struct cr_checklist *cl, const char *name)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_data_count(cl); i++)
        if (strcmp(cr_checklist_get_data_name(cl, i), name) == 0)
            return (long)i;
    return -1;
}

static int
same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void
params(struct decl_diff *d, const struct cr_checklist *a,
       const struct cr_checklist *b)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_param_count(a); i++) {
        const char *name = cr_checklist_get_param_name(a, i);
        long j = find_param(b, name);
        const char *va = cr_checklist_get_param_value(a, i);
        if (j < 0) {
            add(d, "param", name, va, NULL);
            continue;
        }
        if (!same(va, cr_checklist_get_param_value(b, (size_t)j)))
            add(d, "param", name, va,
                cr_checklist_get_param_value(b, (size_t)j));
        if (!same(cr_checklist_get_param_type(a, i),
                  cr_checklist_get_param_type(b, (size_t)j)))
            add(d, "param.type", name, cr_checklist_get_param_type(a, i),
                cr_checklist_get_param_type(b, (size_t)j));
    }
    for (i = 0; i < cr_checklist_get_param_count(b); i++) {
        const char *name = cr_checklist_get_param_name(b, i);
        if (find_param(a, name) < 0)
            add(d, "param", name, NULL, cr_checklist_get_param_value(b, i));
    }
}

/* A document of both sides (paths; NULL: none): a change when one side
 * has none or some entry differs. */
static void
document(struct decl_diff *d, const char *field, const char *id,
         const char *pa, const char *pb)
{
    struct decl_change probe = {0};

    if (same(pa, pb))
        return;
    if (pa == NULL || pb == NULL) {
        add(d, field, id, pa, pb);
        return;
    }
    probe.field = field;
    probe.id = id;
    probe.old_s = pa;
    probe.new_s = pb;
    if (diff_entries(pa, pb, &probe) != 0 || probe.nentries > 0) {
        d->v = batch_xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
        d->v[d->n++] = probe;
    }
}

static void
documents(struct decl_diff *d, const struct cr_checklist *a,
          const struct cr_checklist *b)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_data_count(a); i++) {
        const char *name = cr_checklist_get_data_name(a, i);
        long j = find_data(b, name);
        document(d, "data", name, cr_checklist_get_data_path(a, i),
                 j < 0 ? NULL : cr_checklist_get_data_path(b, (size_t)j));
    }
    for (i = 0; i < cr_checklist_get_data_count(b); i++) {
        const char *name = cr_checklist_get_data_name(b, i);
        if (find_data(a, name) < 0)
            document(d, "data", name, NULL, cr_checklist_get_data_path(b, i));
    }
    document(d, "calendar", NULL, cr_checklist_get_calendar_path(a),
             cr_checklist_get_calendar_path(b));
}

/* 1 when the files at A and B hold the same bytes. */
static int
same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    char x[8192], y[8192];
    int eq = fa && fb;

    while (eq) {
        size_t na = fread(x, 1, sizeof(x), fa);
        size_t nb = fread(y, 1, sizeof(y), fb);
        if (na != nb || memcmp(x, y, na) != 0)
            eq = 0;
        else if (na == 0)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return eq;
}

static void
warn(struct decl_diff *d, int code, char *message)
{
    d->warnings = batch_xrealloc(d->warnings,
                                 (d->nwarnings + 1) * sizeof(*d->warnings));
    d->warnings[d->nwarnings].code = code;
    d->warnings[d->nwarnings].message = message;
    d->nwarnings++;
}

static void
warnings(struct decl_diff *d, const struct cr_checklist *a,
         const struct cr_checklist *b)
{
    const char *va = cr_checklist_get_version(a);
    const char *vb = cr_checklist_get_version(b);
    struct batch_buf m = {0}, ida = {0}, idb = {0};

    if (strcmp(cr_checklist_get_id(a), cr_checklist_get_id(b)) != 0) {
        batch_buf_line(&ida, cr_checklist_get_id(a));
        batch_buf_line(&idb, cr_checklist_get_id(b));
        batch_buf_printf(&m, cli_msg("两个评查标准的 id 不同（旧：%s，新：%s），"
                                     "不是同一标准的两个版本；按相同的项目编号"
                                     "比较的结果未必有意义"),
                         ida.data ? ida.data : "", idb.data ? idb.data : "");
        batch_buf_free(&ida);
        batch_buf_free(&idb);
        warn(d, DIFF_DIAG_OTHER_ID, m.data);
        memset(&m, 0, sizeof(m));
    }
    if (strcmp(va, vb) == 0 &&
        (d->n > 0 || !same_bytes(cr_checklist_get_path(a),
                                 cr_checklist_get_path(b)))) {
        if (va[0]) {
            batch_buf_line(&ida, va);
            batch_buf_printf(&m, cli_msg("两个评查标准的版本号相同（%s），"
                                         "内容却不同：修改后应更新 version"),
                             ida.data);
            batch_buf_free(&ida);
        } else {
            batch_buf_puts(&m, cli_msg("两个评查标准都没有版本号，内容却不同："
                                       "请用 version 区分"));
        }
        warn(d, DIFF_DIAG_SAME_VERSION, m.data);
    }
}

void
decl_diff_build(struct decl_diff *d, const struct cr_checklist *a,
                const struct cr_checklist *b)
{
    const char *acc_a = cr_checklist_get_accepts(a);
    const char *acc_b = cr_checklist_get_accepts(b);

    memset(d, 0, sizeof(*d));
    params(d, a, b);
    documents(d, a, b);
    if (!same(acc_a, acc_b))
        add(d, "accepts", NULL, acc_a, acc_b);
    warnings(d, a, b);
}

void
decl_diff_free(struct decl_diff *d)
{
    size_t i, k;

    for (i = 0; i < d->n; i++) {
        for (k = 0; k < d->v[i].nentries; k++)
            free(d->v[i].entries[k].key);
        free(d->v[i].entries);
    }
    free(d->v);
    for (i = 0; i < d->nwarnings; i++)
        free(d->warnings[i].message);
    free(d->warnings);
    memset(d, 0, sizeof(*d));
}

/* ---- output ---- */

static const char *const change_names[] = {"added", "removed", "changed"};
/* in messages.def */
static const char *const change_labels[] = {"新增", "删除", "变更"};

void
decl_diff_text_warnings(struct batch_buf *out, const struct decl_diff *d)
{
    size_t i;

    for (i = 0; i < d->nwarnings; i++)
        batch_buf_printf(out, cli_msg("警告[CR-%04d]：%s\n"),
                         d->warnings[i].code, d->warnings[i].message);
}

/* S on one line, runs of white space as one space (an <accepts> test
 * is often written over several lines). */
static void
put_value(struct batch_buf *out, const char *s)
{
    struct batch_buf t = {0};
    const char *p;
    int space = 0;

    for (p = s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = t.len > 0;
            continue;
        }
        if (space)
            batch_buf_add(&t, " ", 1);
        space = 0;
        batch_buf_add(&t, p, 1);
    }
    batch_buf_line(out, t.data ? t.data : "");
    batch_buf_free(&t);
}

/* S on one line (put_value), malloc'd. */
static char *
value_text(const char *s)
{
    struct batch_buf t = {0};

    put_value(&t, s);
    return t.data ? t.data : batch_xstrdup("");
}

/* What C is about: "参数 NAME", "数据文档 NAME", "工作日历" or
 * "适用范围 <accepts>", in cli_lang, malloc'd. */
static char *
subject_of(const struct decl_change *c)
{
    struct batch_buf t = {0}, id = {0};
    const char *fmt;

    if (strcmp(c->field, "param") == 0 || strcmp(c->field, "param.type") == 0)
        fmt = cli_msg("参数 %s");
    else if (strcmp(c->field, "data") == 0)
        fmt = cli_msg("数据文档 %s");
    else if (strcmp(c->field, "calendar") == 0)
        fmt = cli_msg("工作日历%s");
    else
        fmt = cli_msg("适用范围 <accepts>%s");
    batch_buf_line(&id, c->id ? c->id : "");
    batch_buf_printf(&t, fmt, id.data ? id.data : "");
    batch_buf_free(&id);
    return t.data;
}

static int
is_document(const struct decl_change *c)
{
    return strcmp(c->field, "data") == 0 || strcmp(c->field, "calendar") == 0;
}

/* One change on one line: what, then OLD -> NEW, added or removed. The
 * line is one entry of messages.def per case, so that each language
 * orders its words. */
static void
text_change(struct batch_buf *out, const struct decl_change *c)
{
    int param = strcmp(c->field, "param") == 0;
    char *what = subject_of(c);
    char *old_v = c->old_s ? value_text(c->old_s) : NULL;
    char *new_v = c->new_s ? value_text(c->new_s) : NULL;

    if (old_v == NULL)
        batch_buf_printf(out, is_document(c) ? cli_msg("%s：新增（%s）")
                              : param        ? cli_msg("%s：新增，默认值 %s")
                                             : cli_msg("%s：新增，%s"),
                         what, new_v);
    else if (new_v == NULL)
        batch_buf_printf(out, param ? cli_msg("%s：删除（原默认值 %s）")
                                    : cli_msg("%s：删除（原为 %s）"),
                         what, old_v);
    else if (is_document(c) && (c->nentries || c->more))
        batch_buf_printf(out, cli_msg("%s：%zu 条不同（%s -> %s）"), what,
                         c->nentries + c->more, old_v, new_v);
    else if (is_document(c))
        batch_buf_printf(out, cli_msg("%s：不同，无法逐条比较（%s -> %s）"),
                         what, old_v, new_v);
    else if (param)
        batch_buf_printf(out, cli_msg("%s 的默认值：%s -> %s"), what, old_v,
                         new_v);
    else if (strcmp(c->field, "param.type") == 0)
        batch_buf_printf(out, cli_msg("%s 的类型：%s -> %s"), what, old_v,
                         new_v);
    else
        batch_buf_printf(out, cli_msg("%s：%s -> %s"), what, old_v, new_v);
    batch_buf_puts(out, "\n");
    free(what);
    free(old_v);
    free(new_v);
}

void
decl_diff_text(struct batch_buf *out, const struct decl_diff *d)
{
    size_t i, k;

    for (i = 0; i < d->n; i++) {
        const struct decl_change *c = &d->v[i];
        text_change(out, c);
        for (k = 0; k < c->nentries; k++) {
            batch_buf_printf(out, "  %s ",
                             cli_msg(change_labels[c->entries[k].change]));
            batch_buf_line(out, c->entries[k].key);
            batch_buf_puts(out, "\n");
        }
        if (c->more)
            batch_buf_printf(out, cli_msg("  ……另有 %zu 条\n"), c->more);
    }
}

static void
json_str_or_null(struct batch_buf *o, const char *key, const char *v)
{
    batch_buf_json_str(o, key);
    batch_buf_puts(o, ": ");
    if (v)
        batch_buf_json_str(o, v);
    else
        batch_buf_puts(o, "null");
}

void
decl_diff_json_changes(struct batch_buf *o, const struct decl_diff *d,
                       int first)
{
    size_t i, k;

    for (i = 0; i < d->n; i++) {
        const struct decl_change *c = &d->v[i];
        batch_buf_puts(o, first && i == 0 ? "{" : ", {");
        json_str_or_null(o, "field", c->field);
        if (c->id) {
            batch_buf_puts(o, ", ");
            json_str_or_null(o, "id", c->id);
        }
        batch_buf_puts(o, ", ");
        json_str_or_null(o, "old", c->old_s);
        batch_buf_puts(o, ", ");
        json_str_or_null(o, "new", c->new_s);
        if (c->old_s && c->new_s && is_document(c)) {
            batch_buf_puts(o, ", \"entries\": [");
            for (k = 0; k < c->nentries; k++) {
                batch_buf_puts(o, k ? ", {" : "{");
                json_str_or_null(o, "key", c->entries[k].key);
                batch_buf_puts(o, ", ");
                json_str_or_null(o, "change",
                                 change_names[c->entries[k].change]);
                batch_buf_puts(o, "}");
            }
            batch_buf_printf(o, "], \"more_entries\": %zu", c->more);
        }
        batch_buf_puts(o, "}");
    }
}

void
decl_diff_json_warnings(struct batch_buf *o, const struct decl_diff *d)
{
    size_t i;

    batch_buf_puts(o, "\"warnings\": [");
    for (i = 0; i < d->nwarnings; i++) {
        batch_buf_printf(o, "%s{\"code\": %d, \"message\": ", i ? ", " : "",
                         d->warnings[i].code);
        batch_buf_json_str(o, d->warnings[i].message);
        batch_buf_puts(o, "}");
    }
    batch_buf_puts(o, "]");
}
