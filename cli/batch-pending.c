/* batch-pending.c — what batch's outputs show of checklist 1.1 results:
 * the CSV's score range and pending columns, the report's 待人工评查
 * block (pending items with the machine's hints, bonus, grade caps,
 * nested category scores), and the review form: one fillable row per
 * pending item, which `casereview verdicts` turns into a verdicts file
 * (docs/verdicts.md). batch-record.c calls these per result. */
#include <math.h>
#include <string.h>

#include "batch.h"

const char *
batch_csv_header_scheme(int en)
{
    return en ? "\xEF\xBB\xBF" "id,source,agency,score,grade,vetoed,"
                "deductions,top_deductions,complete,error,score_min,"
                "score_max,pending,pending_items\r\n"
              : "\xEF\xBB\xBF" BATCH_CSV_ZH ",最低可能得分,最高可能得分,"
                "待人工评查项数,待人工评查项\r\n";
}

/* A score, or nothing for no score (veto="unscored"). */
static void
csv_score(struct batch_buf *b, double v)
{
    if (!isnan(v))
        batch_buf_number(b, v);
}

void
batch_csv_scheme(struct batch_buf *row, const struct cr_result *res)
{
    size_t i, n = cr_result_get_pending_count(res);
    struct batch_buf ids = {0};
    double lo, hi;

    /* the row ends with "\r\n": the columns go before it */
    if (row->len >= 2)
        row->len -= 2;
    batch_buf_puts(row, ",");
    if (!cr_result_get_score_range(res, &lo, &hi))
        lo = hi = cr_result_get_score(res);
    csv_score(row, lo);
    batch_buf_puts(row, ",");
    csv_score(row, hi);
    batch_buf_printf(row, ",%zu,", n);
    batch_buf_puts(&ids, "");
    for (i = 0; i < n; i++)
        batch_buf_printf(&ids, "%s%s", i ? " " : "",
                         cr_result_get_pending(res, i));
    batch_buf_csv(row, ids.data);
    batch_buf_puts(row, "\r\n");
    batch_buf_free(&ids);
}

/* What a reviewer may decide for item I of CL, in words. */
static void
allowed(struct batch_buf *b, const struct cr_checklist *cl, size_t i)
{
    double min, max;

    if (cr_checklist_get_item_bonus(cl, i) > 0) {
        batch_buf_puts(b, "加分 ");
        batch_buf_number(b, cr_checklist_get_item_bonus(cl, i));
    } else if (cr_checklist_get_item_points(cl, i) > 0) {
        batch_buf_puts(b, "得分项 ");
        batch_buf_number(b, cr_checklist_get_item_points(cl, i));
        batch_buf_puts(b, " 分");
    } else if (cr_checklist_get_item_range(cl, i, &min, &max)) {
        batch_buf_puts(b, "扣 ");
        batch_buf_number(b, min);
        batch_buf_puts(b, "–");
        batch_buf_number(b, max);
        batch_buf_puts(b, " 分");
    } else {
        batch_buf_puts(b, "扣 ");
        batch_buf_number(b, cr_checklist_get_item_deduct(cl, i));
        batch_buf_puts(b, " 分");
    }
    if (cr_checklist_get_item_veto(cl, i))
        batch_buf_puts(b, "（否决项）");
}

/* The hints of a pending item: its findings' messages and where. */
static void
hints(struct batch_buf *b, const struct cr_item_result *it, int html)
{
    size_t k, n = cr_item_result_get_finding_count(it);
    struct batch_buf one = {0};

    for (k = 0; k < n; k++) {
        const struct cr_finding *f = cr_item_result_get_finding(it, k);
        one.len = 0;
        batch_buf_printf(&one, "%s%s（%s，第%d行）", k ? "；" : "",
                         cr_finding_get_message(f),
                         cr_finding_get_location(f), cr_finding_get_line(f));
        if (html)
            batch_buf_html(b, one.data);
        else
            batch_buf_puts(b, one.data);
    }
    batch_buf_free(&one);
}

const char *
batch_form_header(void)
{
    return "\xEF\xBB\xBF" "案卷编号,来源,评查项,评查项名称,依据,可选结论,"
           "机器提示,结论（通过/不通过/不适用）,扣分,评查人,评查时间,"
           "理由\r\n";
}

void
batch_form_rows(struct batch_buf *out, const struct cr_result *res,
                const struct cr_checklist *cl, const char *source)
{
    size_t i, n = cr_result_get_pending_count(res);
    struct batch_buf cell = {0};

    for (i = 0; i < n; i++) {
        const char *id = cr_result_get_pending(res, i);
        long k = cr_checklist_find_item(cl, id);
        const struct cr_item_result *it;
        if (k < 0)
            continue;
        it = cr_result_get_item(res, (size_t)k);
        batch_buf_csv(out, cr_result_get_case_id(res));
        batch_buf_puts(out, ",");
        batch_buf_csv(out, source);
        batch_buf_puts(out, ",");
        batch_buf_csv(out, id);
        batch_buf_puts(out, ",");
        batch_buf_csv(out, cr_item_result_get_title(it));
        batch_buf_puts(out, ",");
        batch_buf_csv(out, cr_item_result_get_basis(it));
        batch_buf_puts(out, ",");
        cell.len = 0;
        batch_buf_puts(&cell, "");
        allowed(&cell, cl, (size_t)k);
        batch_buf_csv(out, cell.data);
        batch_buf_puts(out, ",");
        cell.len = 0;
        batch_buf_puts(&cell, "");
        hints(&cell, it, 0);
        batch_buf_csv(out, cell.data);
        /* left for the reviewer: result, deduct, by, at, reason */
        batch_buf_puts(out, ",,,,,\r\n");
    }
    batch_buf_free(&cell);
}

/* ---- the report row's 1.1 block */

static void
html_pending(struct batch_buf *h, const struct cr_result *res,
             const struct cr_checklist *cl)
{
    size_t i, n = cr_result_get_pending_count(res);
    double lo, hi;

    if (n == 0)
        return;
    cr_result_get_score_range(res, &lo, &hi);
    batch_buf_puts(h, "<div class=\"pending\"><b>待人工评查</b>（得分范围 ");
    if (isnan(lo))
        batch_buf_puts(h, "不评分");
    else
        batch_buf_number(h, lo);
    batch_buf_puts(h, "–");
    if (isnan(hi))
        batch_buf_puts(h, "不评分");
    else
        batch_buf_number(h, hi);
    batch_buf_puts(h, "）：<ul>");
    for (i = 0; i < n; i++) {
        const char *id = cr_result_get_pending(res, i);
        long k = cr_checklist_find_item(cl, id);
        const struct cr_item_result *it;
        if (k < 0)
            continue;
        it = cr_result_get_item(res, (size_t)k);
        batch_buf_puts(h, "<li><b>");
        batch_buf_html(h, id);
        batch_buf_puts(h, "</b> ");
        batch_buf_html(h, cr_item_result_get_title(it));
        batch_buf_puts(h, " <span class=\"note\">");
        {
            struct batch_buf a = {0};
            batch_buf_puts(&a, "");
            allowed(&a, cl, (size_t)k);
            batch_buf_html(h, a.data);
            batch_buf_free(&a);
        }
        batch_buf_puts(h, "</span>");
        if (cr_item_result_get_finding_count(it)) {
            batch_buf_puts(h, "<br><span class=\"hint\">机器提示：");
            hints(h, it, 1);
            batch_buf_puts(h, "</span>");
        }
        batch_buf_puts(h, "</li>");
    }
    batch_buf_puts(h, "</ul></div>");
}

static int
depth_of(const struct cr_checklist *cl, size_t i)
{
    int d = 0;
    long p = cr_checklist_get_category_parent(cl, i);

    while (p >= 0 && d < 64) {
        d++;
        p = cr_checklist_get_category_parent(cl, (size_t)p);
    }
    return d;
}

static int
has_nesting(const struct cr_checklist *cl)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_category_count(cl); i++)
        if (cr_checklist_get_category_parent(cl, i) >= 0)
            return 1;
    return 0;
}

/* Category scores, children indented under their parents. */
static void
html_categories(struct batch_buf *h, const struct cr_result *res,
                const struct cr_checklist *cl)
{
    size_t i, n = cr_result_get_category_count(res);

    if (!has_nesting(cl))
        return;
    batch_buf_puts(h, "<details><summary>分类得分</summary><ul class=\"cats\">");
    for (i = 0; i < n; i++) {
        const char *role = cr_checklist_get_category_role(cl, i);
        batch_buf_printf(h, "<li style=\"margin-left:%dem\">",
                         depth_of(cl, i));
        batch_buf_html(h, cr_result_get_category_title(res, i));
        batch_buf_puts(h, "：");
        if (!cr_result_is_category_applicable(res, i)) {
            batch_buf_puts(h, "不适用");
        } else if (role && strcmp(role, "penalty") == 0) {
            batch_buf_puts(h, "扣 ");
            batch_buf_number(h, cr_result_get_category_deducted(res, i));
        } else {
            batch_buf_number(h, cr_result_get_category_score(res, i));
            batch_buf_puts(h, " / ");
            batch_buf_number(h, cr_result_get_category_points(res, i));
        }
        batch_buf_puts(h, "</li>");
    }
    batch_buf_puts(h, "</ul></details>");
}

void
batch_html_scheme(struct batch_buf *h, const struct cr_result *res,
                  const struct cr_checklist *cl)
{
    size_t i, n = cr_result_get_grade_cap_count(res);

    html_pending(h, res, cl);
    if (cr_result_get_bonus(res) > 0) {
        batch_buf_puts(h, "<div>加分 ");
        batch_buf_number(h, cr_result_get_bonus(res));
        batch_buf_puts(h, " 分</div>");
    }
    for (i = 0; i < n; i++) {
        long k = cr_checklist_find_item(cl, cr_result_get_grade_cap(res, i));
        const char *cap = k >= 0 ? cr_checklist_get_item_cap_grade(cl, (size_t)k)
                                 : NULL;
        size_t g;
        batch_buf_puts(h, "<div>等次上限：");
        batch_buf_html(h, cr_result_get_grade_cap(res, i));
        batch_buf_puts(h, " 未通过，至多");
        for (g = 0; cap && g < cr_checklist_get_grade_count(cl); g++)
            if (strcmp(cr_checklist_get_grade_id(cl, g), cap) == 0)
                batch_buf_html(h, cr_checklist_get_grade_label(cl, g));
        batch_buf_puts(h, "</div>");
    }
    html_categories(h, res, cl);
}
