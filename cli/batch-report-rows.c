/* batch-report-rows.c — what a worker renders of one case for the
 * report's list of every case (全部案卷): its row, with its agency's name,
 * score and grade in the grade's colour, and the block of its
 * deductions the row links to. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "batch-xlsx.h"

/* Best grade first: green, blue, amber, orange, red for the lowest;
 * grades in between take the colours in between. */
static const char *const grade_colors[] = {
    "#2e7d32", "#1565c0", "#00838f", "#f9a825", "#ef6c00", "#c62828",
};
#define NCOLORS (sizeof grade_colors / sizeof *grade_colors)

const char *
batch_grade_color(int grade, size_t ngrades)
{
    size_t k;

    if (grade < 0 || ngrades == 0)
        return "#757575";
    if (ngrades == 1)
        return grade_colors[0];
    if ((size_t)grade + 1 >= ngrades)       /* the lowest: red */
        return grade_colors[NCOLORS - 1];
    k = (size_t)grade * (NCOLORS - 1) / (ngrades - 1);
    /* two grades never share a colour where there are enough */
    if (ngrades <= NCOLORS && k < (size_t)grade)
        k = (size_t)grade;
    return grade_colors[k < NCOLORS - 1 ? k : NCOLORS - 2];
}

/* A fragment id for SOURCE (sources are unique in a run): FNV-1a. */
static void
anchor(char out[20], const char *source)
{
    uint64_t h = 14695981039346656037ULL;
    const unsigned char *p;

    for (p = (const unsigned char *)source; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    snprintf(out, 20, "%016llx", (unsigned long long)h);
}

static void
agency_cell(struct batch_buf *h, const struct cr_result *res)
{
    const char *name = cr_result_get_agency_name(res);
    const char *code = cr_result_get_group(res);

    batch_buf_puts(h, "<td class=\"ag\">");
    if (*name) {
        batch_buf_html(h, name);
        if (*code)
            batch_buf_puts(h, "<br>");
    }
    if (*code) {
        batch_buf_puts(h, "<span class=\"code\">");
        batch_buf_html(h, code);
        batch_buf_puts(h, "</span>");
    }
    batch_buf_puts(h, "</td>");
}

void
batch_report_case_rows(struct batch_buf *row, struct batch_buf *ded,
                       const struct cr_result *res,
                       const struct batch_render_opts *o, const char *source,
                       int grade, unsigned int flags, const uint32_t *failed,
                       size_t nfailed)
{
    size_t ngrades = cr_checklist_get_grade_count(o->cl), i;
    int error = (flags & BATCH_CASE_ERROR) != 0;
    char id[20];

    anchor(id, source);
    /* the grade's label for the filter */
    batch_buf_printf(row, "<tr id=\"c-%s\" data-grade=\"", id);
    if (error)
        batch_buf_puts(row, "无法评查");
    else if (grade >= 0)
        batch_buf_html(row, cr_result_get_grade_label(res));
    batch_buf_puts(row, "\"><td class=\"src\">");
    batch_buf_html(row, source);
    batch_buf_puts(row, "</td><td>");
    batch_buf_html(row, cr_result_get_case_id(res));
    batch_buf_puts(row, "</td>");
    agency_cell(row, res);
    batch_buf_puts(row, "<td class=\"kind\">");
    batch_buf_puts(row, batch_kind_label(cr_result_get_case_kind(res),
                                         error));
    if (error) {
        batch_buf_puts(row, "</td><td class=\"num\" data-v=\"\">—</td>"
                            "<td class=\"grade\"><span class=\"badge\" "
                            "style=\"background:#757575\">无法评查</span>"
                            "</td><td class=\"why\">");
        /* the message is in 无法评查的案卷 below: the kind in words here */
        batch_buf_puts(row, batch_error_kind_label(
                                cr_result_get_error_kind(res)
                                    ? cr_result_get_error_kind(res)
                                    : "error"));
        batch_buf_puts(row, "</td></tr>\n");
        return;
    }
    batch_buf_puts(row, "</td><td class=\"num\" data-v=\"");
    if (cr_result_has_score(res)) {
        batch_buf_number(row, cr_result_get_score(res));
        batch_buf_puts(row, "\">");
        batch_buf_number(row, cr_result_get_score(res));
    } else {
        batch_buf_puts(row, "\">不评分");
    }
    batch_buf_puts(row, "</td><td class=\"grade\">");
    if (grade >= 0) {
        batch_buf_printf(row, "<span class=\"badge\" style=\"background:"
                              "%s\">", batch_grade_color(grade, ngrades));
        batch_buf_html(row, cr_result_get_grade_label(res));
        batch_buf_puts(row, "</span>");
    }
    if (flags & BATCH_CASE_VETOED)
        batch_buf_puts(row, " <span class=\"veto\">否决</span>");
    if (flags & BATCH_CASE_PENDING)
        batch_buf_puts(row, " <span class=\"pend\">待人工评查</span>");
    batch_buf_printf(row, "</td><td class=\"num\" data-v=\"%zu\">", nfailed);
    if (nfailed)
        batch_buf_printf(row, "<a href=\"#d-%s\">%zu 项</a>", id, nfailed);
    else
        batch_buf_puts(row, "0");
    batch_buf_puts(row, "</td></tr>\n");
    if (!nfailed)
        return;
    batch_buf_printf(ded, "<section class=\"case-ded\" id=\"d-%s\"><h3>",
                     id);
    batch_buf_html(ded, source);
    batch_buf_puts(ded, " <span class=\"sub\">");
    batch_buf_html(ded, cr_result_get_case_id(res));
    if (*cr_result_get_agency_name(res)) {
        batch_buf_puts(ded, " · ");
        batch_buf_html(ded, cr_result_get_agency_name(res));
    }
    batch_buf_puts(ded, " · ");
    if (cr_result_has_score(res))
        batch_buf_number(ded, cr_result_get_score(res));
    else
        batch_buf_puts(ded, "不评分");
    batch_buf_puts(ded, " 分</span></h3><ul>");
    for (i = 0; i < nfailed; i++)
        batch_html_deduction(ded, cr_result_get_item(res, failed[i]));
    batch_buf_printf(ded, "</ul><p class=\"back\"><a href=\"#c-%s\">返回"
                          "案卷列表</a></p></section>\n", id);
}
