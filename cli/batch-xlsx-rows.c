/* batch-xlsx-rows.c — what a worker renders of one result for the Excel
 * workbook (batch --xlsx): the case's row, one row per deduction, one
 * per pending item. The rows travel in the record (so a resumed run has
 * them from its journal) in a plain form the writer reads back:
 * fields separated by US (0x1F), rows ended by RS (0x1E), the first
 * field the row's kind. XML text cannot hold either byte; a file name
 * can, and gets '?' for them. */
#include <string.h>

#include "batch.h"
#include "batch-xlsx.h"

static void
field(struct batch_buf *b, const char *s)
{
    const char *p = s ? s : "";

    batch_buf_add(b, "\x1f", 1);
    /* spans between separator bytes in one call each: a byte at a time
     * cost more than the JSON line (callgrind) */
    for (;;) {
        size_t n = strcspn(p, "\x1e\x1f");

        batch_buf_add(b, p, n);
        if (!p[n])
            return;
        batch_buf_add(b, "?", 1);
        p += n + 1;
    }
}

static void
number(struct batch_buf *b, double v)
{
    batch_buf_add(b, "\x1f", 1);
    batch_buf_number(b, v);
}

static void
whole(struct batch_buf *b, size_t v)
{
    batch_buf_printf(b, "\x1f%zu", v);
}

static void
case_row(struct batch_buf *b, const struct cr_result *res,
         const char *source, size_t deductions)
{
    size_t i, n = cr_result_get_category_count(res);
    int error = cr_result_is_error(res);

    batch_buf_add(b, BATCH_XLSX_CASE, 1);
    field(b, source);
    field(b, cr_result_get_case_id(res));
    field(b, error ? "" : cr_result_get_group(res));
    field(b, cr_result_get_agency_name(res));
    field(b, batch_kind_label(cr_result_get_case_kind(res), error));
    if (error || !cr_result_has_score(res))
        field(b, "");
    else
        number(b, cr_result_get_score(res));
    field(b, error ? "" : cr_result_get_grade_label(res));
    field(b, error ? "" : cr_result_is_vetoed(res) ? "是" : "否");
    whole(b, deductions);
    whole(b, error ? 0 : cr_result_get_pending_count(res));
    /* cr_result_new_error's results have no kind: "error" marks them */
    field(b, !error ? "" : cr_result_get_error_kind(res)
                               ? cr_result_get_error_kind(res) : "error");
    field(b, error ? cr_result_get_error_message(res) : "");
    field(b, error ? cr_result_get_error_detail(res) : "");
    /* category scores by category id: the writer puts each under its
     * column (an error result has none) */
    for (i = 0; i < n; i++) {
        field(b, cr_result_get_category_id(res, i));
        if (cr_result_is_category_applicable(res, i))
            number(b, cr_result_get_category_score(res, i));
        else
            field(b, "");
    }
    batch_buf_add(b, "\x1e", 1);
}

/* The fields a deduction and a pending item's rows start with. */
static void
item_head(struct batch_buf *b, const char *kind, const struct cr_result *res,
          const char *source, const struct cr_item_result *it)
{
    batch_buf_add(b, kind, 1);
    field(b, source);
    field(b, cr_result_get_case_id(res));
    field(b, cr_result_get_group(res));
    field(b, cr_item_result_get_id(it));
    field(b, cr_item_result_get_title(it));
}

static void
deduction_row(struct batch_buf *b, const struct cr_result *res,
              const char *source, const struct cr_item_result *it)
{
    size_t n = cr_item_result_get_finding_count(it);
    const struct cr_finding *f = n ? cr_item_result_get_finding(it, 0)
                                   : NULL;

    item_head(b, BATCH_XLSX_DEDUCTION, res, source, it);
    field(b, cr_item_result_get_category(it));
    number(b, cr_item_result_get_deducted(it));
    field(b, cr_item_result_is_veto(it) ? "是" : "否");
    field(b, f ? cr_finding_get_message(f) : "");
    field(b, cr_item_result_get_basis(it));
    field(b, f ? cr_finding_get_location(f) : "");
    if (f && cr_finding_get_line(f) > 0)
        whole(b, (size_t)cr_finding_get_line(f));
    else
        field(b, "");
    whole(b, n + cr_item_result_get_findings_omitted(it));
    batch_buf_add(b, "\x1e", 1);
}

static void
pending_row(struct batch_buf *b, const struct cr_result *res,
            const char *source, const struct cr_item_result *it)
{
    size_t k, n = cr_item_result_get_finding_count(it);
    struct batch_buf hints = {0};

    batch_buf_puts(&hints, "");
    for (k = 0; k < n; k++) {
        const struct cr_finding *f = cr_item_result_get_finding(it, k);

        batch_buf_printf(&hints, "%s%s（%s，第%d行）", k ? "；" : "",
                         cr_finding_get_message(f),
                         cr_finding_get_location(f), cr_finding_get_line(f));
    }
    item_head(b, BATCH_XLSX_PENDING, res, source, it);
    field(b, cr_item_result_get_basis(it));
    field(b, hints.data);
    batch_buf_add(b, "\x1e", 1);
    batch_buf_free(&hints);
}

/* A case's kind in Chinese; a casefile/1 file, without one, is a
 * penalty case. */
const char *
batch_kind_label(const char *kind, int error)
{
    static const char *const names[][2] = {
        {"penalty", "行政处罚"}, {"inspection", "行政检查"},
        {"coercive", "行政强制"}, {"licensing", "行政许可"},
    };
    size_t i;

    if (error)
        return "";
    if (!kind || !*kind)
        return names[0][1];
    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(kind, names[i][0]) == 0)
            return names[i][1];
    return kind;
}

/* An error kind (cr_result_get_error_kind) in words. */
const char *
batch_error_kind_label(const char *kind)
{
    static const char *const names[][2] = {
        {"unreadable", "无法读取"}, {"too-large", "文件过大"},
        {"empty", "空文件"}, {"not-xml", "不是 XML 文件"},
        {"encoding", "编码错误"}, {"not-well-formed", "XML 格式错误"},
        {"limit", "超过限制"}, {"refused", "含外部实体，已拒绝"},
        {"no-root", "没有根元素"}, {"not-accepted", "不适用本评查标准"},
        {"transform", "格式转换失败"}, {"error", "无法评查"},
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(kind, names[i][0]) == 0)
            return names[i][1];
    return kind;
}

void
batch_xlsx_rows(struct batch_buf *b, const struct cr_result *res,
                const struct cr_checklist *cl, const char *source,
                const uint32_t *failed, size_t failed_count)
{
    size_t i;

    case_row(b, res, source, failed_count);
    if (cr_result_is_error(res))
        return;
    for (i = 0; i < failed_count; i++)
        deduction_row(b, res, source, cr_result_get_item(res, failed[i]));
    for (i = 0; i < cr_result_get_pending_count(res); i++) {
        long k = cr_checklist_find_item(cl, cr_result_get_pending(res, i));

        if (k >= 0)
            pending_row(b, res, source, cr_result_get_item(res, (size_t)k));
    }
}
