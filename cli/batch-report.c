/* batch-report.c — the HTML report of a batch: one self-contained file
 * (inline CSS, inline SVG charts, a few lines of inline JS to sort the
 * agency table) that a supervisor can open offline and forward. Every
 * text from checklists and case files goes through batch_buf_html. The
 * report carries no timestamp, so it is as reproducible as the rest. */
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "batch-summary.h"

#define HIST_BINS 10
#define TOP_PROBLEMS 10
#define LABEL_CHARS 18

static const char report_css[] =
    "body{font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\","
    "\"WenQuanYi Zen Hei\",sans-serif;margin:24px auto;max-width:1100px;"
    "color:#222;padding:0 16px}\n"
    "h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:32px;"
    "border-bottom:2px solid #2b5797;padding-bottom:4px}\n"
    ".sub{color:#555;margin-top:0}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}\n"
    ".card{border:1px solid #ccd;border-radius:6px;padding:10px 16px;"
    "min-width:110px;background:#f7f9fc}\n"
    ".card .v{font-size:26px;font-weight:bold;color:#2b5797}"
    ".card .k{color:#555;font-size:14px}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{border:1px solid #ccd;padding:4px 8px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#eef2f8}td.num,th.num{text-align:right}\n"
    "#agencies th{cursor:pointer;user-select:none}\n"
    "#agencies th[aria-sort=ascending]::after{content:\" ▲\"}\n"
    "#agencies th[aria-sort=descending]::after{content:\" ▼\"}\n"
    "td.src{word-break:break-all}ul{margin:0;padding-left:18px}\n"
    ".ded{color:#b00}.veto{color:#fff;background:#b00;border-radius:3px;"
    "padding:0 4px;font-size:12px}\n"
    ".note{color:#555;font-size:13px}svg text{font-size:13px;fill:#222}\n"
    "@media print{h2{page-break-after:avoid}}\n";

/* Sorts the agency table by a clicked column; numeric columns carry
 * their raw value in data-v, empty when there is none (sorted last). */
static const char report_js[] =
    "(function(){\n"
    "var t=document.getElementById('agencies');if(!t)return;\n"
    "var ths=t.tHead.rows[0].cells;\n"
    "function key(r,i,num){var c=r.cells[i],v=c.getAttribute('data-v');\n"
    " if(v===null)v=c.textContent;return num?(v===''?NaN:parseFloat(v)):v;}\n"
    "function sortBy(i){var th=ths[i],num=th.getAttribute('data-type')==='num';\n"
    " var dir=th.getAttribute('aria-sort')==='descending'?1:-1;\n"
    " var rows=Array.prototype.slice.call(t.tBodies[0].rows);\n"
    " rows.sort(function(a,b){var x=key(a,i,num),y=key(b,i,num);\n"
    "  if(num){if(isNaN(x))return isNaN(y)?0:1;if(isNaN(y))return -1;"
    "return dir*(x-y);}\n"
    "  return dir*x.localeCompare(y,'zh-CN');});\n"
    " rows.forEach(function(r){t.tBodies[0].appendChild(r);});\n"
    " for(var k=0;k<ths.length;k++)ths[k].removeAttribute('aria-sort');\n"
    " th.setAttribute('aria-sort',dir>0?'ascending':'descending');}\n"
    "for(var i=0;i<ths.length;i++)(function(i){ths[i].addEventListener("
    "'click',function(){sortBy(i);});})(i);\n"
    "})();\n";

/* ---- small helpers */

static void
put_number(struct batch_buf *b, double v)
{
    batch_buf_number(b, v);
}

static void
put_percent(struct batch_buf *b, size_t part, size_t whole)
{
    put_number(b, whole ? 100.0 * (double)part / (double)whole : 0);
    batch_buf_puts(b, "%");
}

/* S cut to LABEL_CHARS code points with an ellipsis (SVG text does not
 * wrap); the full text is in the table next to the chart. */
static void
put_short_html(struct batch_buf *b, const char *s)
{
    size_t i = 0, chars = 0;
    struct batch_buf cut = {0};

    while (s[i] && chars < LABEL_CHARS) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    batch_buf_add(&cut, s, i);
    if (s[i])
        batch_buf_puts(&cut, "…");
    batch_buf_html(b, cut.data);
    batch_buf_free(&cut);
}

static void
card(struct batch_buf *b, const char *label, const char *value)
{
    batch_buf_puts(b, "<div class=\"card\"><div class=\"v\">");
    batch_buf_html(b, value);
    batch_buf_puts(b, "</div><div class=\"k\">");
    batch_buf_html(b, label);
    batch_buf_puts(b, "</div></div>\n");
}

static void
card_count(struct batch_buf *b, const char *label, size_t n)
{
    char tmp[32];

    snprintf(tmp, sizeof tmp, "%zu", n);
    card(b, label, tmp);
}

static void
card_number(struct batch_buf *b, const char *label, int have, double v)
{
    struct batch_buf t = {0};

    if (have)
        batch_buf_number(&t, v);
    else
        batch_buf_puts(&t, "—");
    card(b, label, t.data);
    batch_buf_free(&t);
}

/* ---- sections */

static void
section_head(struct batch_buf *b, struct batch_summary *s)
{
    const struct cr_checklist *cl = s->cl;

    batch_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\">\n"
                      "<title>案卷评查报告 — ");
    batch_buf_html(b, cr_checklist_get_title(cl));
    batch_buf_puts(b, "</title>\n<style>\n");
    batch_buf_puts(b, report_css);
    batch_buf_puts(b, "</style>\n</head>\n<body>\n<h1>案卷评查报告</h1>\n"
                      "<p class=\"sub\">评查标准：");
    batch_buf_html(b, cr_checklist_get_title(cl));
    batch_buf_puts(b, "（");
    batch_buf_html(b, cr_checklist_get_id(cl));
    if (*cr_checklist_get_version(cl)) {
        batch_buf_puts(b, " ");
        batch_buf_html(b, cr_checklist_get_version(cl));
    }
    batch_buf_puts(b, "），满分 ");
    put_number(b, cr_checklist_get_total(cl));
    batch_buf_puts(b, " 分</p>\n");
}

static void
section_overview(struct batch_buf *b, struct batch_summary *s)
{
    struct batch_group *g = &s->all;

    batch_buf_puts(b, "<h2>总体情况</h2>\n<div class=\"cards\">\n");
    card_count(b, "案卷总数", g->cases);
    card_count(b, "已评分", g->scored);
    card_count(b, "无法评查", g->unscorable);
    card_number(b, "平均分", g->with_score > 0, batch_group_mean(g));
    card_number(b, "中位数", g->with_score > 0, batch_group_median(g));
    card_count(b, "一票否决", g->vetoed);
    card_count(b, "评查不完整", g->incomplete);
    if (s->scheme) {        /* checklist 1.1 */
        card_count(b, "待人工评查", g->pending_cases);
        card_count(b, "不评分", g->unscored);
    }
    batch_buf_puts(b, "</div>\n");
}

static void
section_histogram(struct batch_buf *b, struct batch_summary *s)
{
    struct batch_group *g = &s->all;
    double total = cr_checklist_get_total(s->cl);
    size_t bins[HIST_BINS] = {0}, max = 0, i;
    const int W = 760, H = 260, top = 24, base = 220, left = 40;
    const int bw = (W - left - 10) / HIST_BINS;

    batch_group_merge_scores(g);
    for (i = 0; i < g->nscores; i++) {
        double v = g->scores[i].score;
        long k = total > 0 ? (long)(v / total * HIST_BINS) : 0;

        k = k < 0 ? 0 : k >= HIST_BINS ? HIST_BINS - 1 : k;
        bins[k] += g->scores[i].count;
    }
    for (i = 0; i < HIST_BINS; i++)
        max = bins[i] > max ? bins[i] : max;
    batch_buf_printf(b, "<h2>得分分布</h2>\n<svg id=\"histogram\" "
                        "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                        "height=\"%d\" role=\"img\" aria-label=\"得分分布\">\n",
                     W, H);
    batch_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                        "stroke=\"#888\"/>\n", left, base, W - 10, base);
    for (i = 0; i < HIST_BINS; i++) {
        int h = max ? (int)((double)bins[i] / (double)max * (base - top)) : 0;
        int x = left + (int)i * bw;

        batch_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
                            "height=\"%d\" fill=\"#2b5797\"><title>%zu 件"
                            "</title></rect>\n",
                         x + 4, base - h, bw - 8, h, bins[i]);
        batch_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                            "%zu</text>\n", x + bw / 2, base - h - 6, bins[i]);
        batch_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                         x + bw / 2, base + 18);
        put_number(b, total * (double)i / HIST_BINS);
        batch_buf_puts(b, "–");
        put_number(b, total * (double)(i + 1) / HIST_BINS);
        batch_buf_puts(b, "</text>\n");
    }
    batch_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                        "得分（已评分 %zu 件）</text>\n</svg>\n",
                     W / 2, H - 4, g->with_score);
}

/* Horizontal bars: LABELS[i] with COUNTS[i] out of WHOLE. */
static void
hbar_chart(struct batch_buf *b, const char *id, const char *const *labels,
           const size_t *counts, size_t n, size_t whole, const char *color)
{
    const int left = 300, width = 360, row = 28;
    size_t i, max = 0;

    for (i = 0; i < n; i++)
        max = counts[i] > max ? counts[i] : max;
    batch_buf_printf(b, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                        "width=\"%d\" height=\"%d\" role=\"img\">\n",
                     id, left + width + 130, (int)n * row + 10);
    for (i = 0; i < n; i++) {
        int y = 5 + (int)i * row;
        int w = max ? (int)((double)counts[i] / (double)max * width) : 0;

        batch_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                         left - 8, y + 17);
        put_short_html(b, labels[i]);
        batch_buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
                            "height=\"%d\" fill=\"%s\"/>",
                         left, y + 3, w, row - 8, color);
        batch_buf_printf(b, "<text x=\"%d\" y=\"%d\">%zu 件（",
                         left + w + 6, y + 17, counts[i]);
        put_percent(b, counts[i], whole);
        batch_buf_puts(b, "）</text>\n");
    }
    batch_buf_puts(b, "</svg>\n");
}

static void
section_grades(struct batch_buf *b, struct batch_summary *s)
{
    const char **labels;
    size_t i;

    if (s->ngrades == 0)
        return;
    labels = batch_xmalloc(s->ngrades * sizeof *labels);
    for (i = 0; i < s->ngrades; i++)
        labels[i] = cr_checklist_get_grade_label(s->cl, i);
    batch_buf_puts(b, "<h2>等次分布</h2>\n");
    hbar_chart(b, "grades", labels, s->all.grade_counts, s->ngrades,
               s->all.scored, "#3a8f5c");
    free(labels);
}

static void
problems_table(struct batch_buf *b, struct batch_summary *s,
               const size_t *idx, size_t n)
{
    size_t i;

    batch_buf_puts(b, "<table id=\"problems\"><thead><tr><th>序号</th>"
                      "<th>评查项目</th><th>名称</th><th>依据</th>"
                      "<th class=\"num\">案卷数</th><th class=\"num\">占已评分"
                      "</th></tr></thead><tbody>\n");
    for (i = 0; i < n; i++) {
        size_t k = idx[i];

        batch_buf_printf(b, "<tr><td class=\"num\">%zu</td><td>", i + 1);
        batch_buf_html(b, cr_checklist_get_item_id(s->cl, k));
        batch_buf_puts(b, "</td><td>");
        batch_buf_html(b, cr_checklist_get_item_title(s->cl, k));
        batch_buf_puts(b, "</td><td>");
        batch_buf_html(b, cr_checklist_get_item_basis(s->cl, k));
        batch_buf_printf(b, "</td><td class=\"num\">%zu</td>"
                            "<td class=\"num\">", s->all.fail_counts[k]);
        put_percent(b, s->all.fail_counts[k], s->all.scored);
        batch_buf_puts(b, "</td></tr>\n");
    }
    batch_buf_puts(b, "</tbody></table>\n");
}

static void
section_problems(struct batch_buf *b, struct batch_summary *s)
{
    size_t *idx, i, n = batch_rank_items(s->all.fail_counts, s->nitems, &idx);
    struct batch_buf *labels_buf;
    const char **labels;
    size_t *counts;

    batch_buf_puts(b, "<h2>共性问题（扣分最多的前 10 项）</h2>\n");
    if (n == 0) {
        batch_buf_puts(b, "<p>没有扣分项。</p>\n");
        free(idx);
        return;
    }
    n = n > TOP_PROBLEMS ? TOP_PROBLEMS : n;
    labels_buf = calloc(n, sizeof *labels_buf);
    labels = batch_xmalloc(n * sizeof *labels);
    counts = batch_xmalloc(n * sizeof *counts);
    for (i = 0; i < n && labels_buf; i++) {
        batch_buf_printf(&labels_buf[i], "%s %s",
                         cr_checklist_get_item_id(s->cl, idx[i]),
                         cr_checklist_get_item_title(s->cl, idx[i]));
        labels[i] = labels_buf[i].data;
        counts[i] = s->all.fail_counts[idx[i]];
    }
    if (labels_buf)
        hbar_chart(b, "problems-chart", labels, counts, n, s->all.scored,
                   "#c0504d");
    problems_table(b, s, idx, n);
    for (i = 0; i < n && labels_buf; i++)
        batch_buf_free(&labels_buf[i]);
    free(labels_buf);
    free(labels);
    free(counts);
    free(idx);
}

static void
section_vetoes(struct batch_buf *b, struct batch_summary *s)
{
    size_t *idx, i, n = batch_rank_items(s->all.veto_counts, s->nitems, &idx);

    if (n > 0) {
        batch_buf_puts(b, "<h2>一票否决</h2>\n<table id=\"vetoes\"><thead>"
                          "<tr><th>评查项目</th><th>名称</th><th>依据</th>"
                          "<th class=\"num\">案卷数</th></tr></thead><tbody>\n");
        for (i = 0; i < n; i++) {
            batch_buf_puts(b, "<tr><td>");
            batch_buf_html(b, cr_checklist_get_item_id(s->cl, idx[i]));
            batch_buf_puts(b, "</td><td>");
            batch_buf_html(b, cr_checklist_get_item_title(s->cl, idx[i]));
            batch_buf_puts(b, "</td><td>");
            batch_buf_html(b, cr_checklist_get_item_basis(s->cl, idx[i]));
            batch_buf_printf(b, "</td><td class=\"num\">%zu</td></tr>\n",
                             s->all.veto_counts[idx[i]]);
        }
        batch_buf_puts(b, "</tbody></table>\n");
    }
    free(idx);
}

static void
agency_row(struct batch_buf *b, struct batch_summary *s, struct batch_group *g)
{
    size_t *idx, n = batch_rank_items(g->fail_counts, s->nitems, &idx);

    batch_buf_puts(b, "<tr><td>");
    batch_buf_html(b, *g->key ? g->key : "（未知）");
    batch_buf_printf(b, "</td><td class=\"num\" data-v=\"%zu\">%zu</td>"
                        "<td class=\"num\" data-v=\"%zu\">%zu</td>",
                     g->cases, g->cases, g->scored, g->scored);
    batch_buf_puts(b, "<td class=\"num\" data-v=\"");
    if (g->with_score)
        put_number(b, batch_group_mean(g));
    batch_buf_puts(b, "\">");
    if (g->with_score)
        put_number(b, batch_group_mean(g));
    else
        batch_buf_puts(b, "—");
    batch_buf_puts(b, "</td><td class=\"num\" data-v=\"");
    if (g->with_score)
        put_number(b, batch_group_median(g));
    batch_buf_puts(b, "\">");
    if (g->with_score)
        put_number(b, batch_group_median(g));
    else
        batch_buf_puts(b, "—");
    batch_buf_printf(b, "</td><td class=\"num\" data-v=\"%zu\">%zu</td>"
                        "<td class=\"num\" data-v=\"%zu\">%zu</td><td>",
                     g->vetoed, g->vetoed, g->unscorable, g->unscorable);
    if (n > 0) {
        batch_buf_html(b, cr_checklist_get_item_id(s->cl, idx[0]));
        batch_buf_puts(b, " ");
        batch_buf_html(b, cr_checklist_get_item_title(s->cl, idx[0]));
        batch_buf_printf(b, "（%zu 件）", g->fail_counts[idx[0]]);
    }
    batch_buf_puts(b, "</td></tr>\n");
    free(idx);
}

/* Mean score descending; groups without a score last; key on ties. */
static int
group_mean_cmp(const void *a, const void *b)
{
    struct batch_group *x = *(struct batch_group *const *)a;
    struct batch_group *y = *(struct batch_group *const *)b;
    double mx = batch_group_mean(x), my = batch_group_mean(y);

    if (!x->scored != !y->scored)
        return x->scored ? -1 : 1;
    if (mx != my)
        return mx > my ? -1 : 1;
    return strcmp(x->key, y->key);
}

static void
section_agencies(struct batch_buf *b, struct batch_summary *s)
{
    struct batch_group **order;
    size_t i;

    batch_buf_puts(b, "<h2>各执法机关情况</h2>\n<p class=\"note\">点击表头"
                      "排序。</p>\n<table id=\"agencies\"><thead><tr>"
                      "<th data-type=\"text\">执法机关</th>"
                      "<th class=\"num\" data-type=\"num\">案卷数</th>"
                      "<th class=\"num\" data-type=\"num\">已评分</th>"
                      "<th class=\"num\" data-type=\"num\" "
                      "aria-sort=\"descending\">平均分</th>"
                      "<th class=\"num\" data-type=\"num\">中位数</th>"
                      "<th class=\"num\" data-type=\"num\">一票否决</th>"
                      "<th class=\"num\" data-type=\"num\">无法评查</th>"
                      "<th data-type=\"text\">最常见问题</th>"
                      "</tr></thead><tbody>\n");
    order = batch_xmalloc((s->ngroups + 1) * sizeof *order);
    for (i = 0; i < s->ngroups; i++)
        order[i] = s->groups[i];
    qsort(order, s->ngroups, sizeof *order, group_mean_cmp);
    for (i = 0; i < s->ngroups; i++)
        agency_row(b, s, order[i]);
    batch_buf_puts(b, "</tbody></table>\n");
    free(order);
}

static int
copy_stream(FILE *from, FILE *to)
{
    char buf[65536];
    size_t n;

    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return -1;
    return ferror(from) ? -1 : 0;
}

static void
section_listed_head(struct batch_buf *b, size_t shown, size_t total,
                    int scheme)
{
    if (scheme)     /* checklist 1.1: pending cases are listed too */
        batch_buf_printf(b, "<style>.pend{color:#fff;background:#c60;"
                            "border-radius:3px;padding:0 4px;font-size:12px}"
                            ".pending{margin-top:4px}.hint{color:#555;"
                            "font-size:13px}</style>\n<h2>不合格、一票否决及"
                            "待人工评查案卷（%zu 件）</h2>\n", total);
    else
        batch_buf_printf(b, "<h2>不合格及一票否决案卷（%zu 件）</h2>\n",
                         total);
    if (shown < total)
        batch_buf_printf(b, "<p class=\"note\">仅列出前 %zu 件，完整结果见 "
                            "JSON Lines 结果文件。</p>\n", shown);
    if (total == 0) {
        batch_buf_puts(b, "<p>没有不合格或被否决的案卷。</p>\n");
        return;
    }
    batch_buf_puts(b, "<table id=\"failed\"><thead><tr><th>来源</th>"
                      "<th>案卷编号</th><th>执法机关</th>"
                      "<th class=\"num\">得分</th><th>等次</th>"
                      "<th>扣分项</th></tr></thead><tbody>\n");
}

static void
section_errors(struct batch_buf *b, struct batch_summary *s)
{
    size_t i;

    if (s->all.unscorable == 0)
        return;
    batch_buf_printf(b, "<h2>无法评查的案卷（%zu 件）</h2>\n",
                     s->all.unscorable);
    if (s->errors_truncated)
        batch_buf_printf(b, "<p class=\"note\">仅列出前 %zu 件。</p>\n",
                         s->nerrors);
    batch_buf_puts(b, "<table id=\"errors\"><thead><tr><th>来源</th>"
                      "<th>原因</th></tr></thead><tbody>\n");
    for (i = 0; i < s->nerrors; i++) {
        batch_buf_puts(b, "<tr><td class=\"src\">");
        batch_buf_html(b, s->errors[i].source);
        batch_buf_puts(b, "</td><td>");
        batch_buf_html(b, s->errors[i].message);
        batch_buf_puts(b, "</td></tr>\n");
    }
    batch_buf_puts(b, "</tbody></table>\n");
}

static void
flush_buf(struct batch_buf *b, FILE *f)
{
    if (b->len)
        fwrite(b->data, 1, b->len, f);
    b->len = 0;
}

int
batch_report_write(FILE *f, struct batch_summary *s, FILE *listed,
                   size_t listed_shown, size_t listed_total)
{
    struct batch_buf b = {0};
    int rc = 0;

    section_head(&b, s);
    section_overview(&b, s);
    if (s->all.scored) {
        section_histogram(&b, s);
        section_grades(&b, s);
        section_problems(&b, s);
        section_vetoes(&b, s);
    }
    section_agencies(&b, s);
    section_listed_head(&b, listed_shown, listed_total, s->scheme);
    flush_buf(&b, f);
    if (listed_total > 0) {
        rc = copy_stream(listed, f);
        batch_buf_puts(&b, "</tbody></table>\n");
    }
    batch_rules_report(s, &b);
    section_errors(&b, s);
    batch_buf_puts(&b, "<script>\n");
    batch_buf_puts(&b, report_js);
    batch_buf_puts(&b, "</script>\n</body>\n</html>\n");
    flush_buf(&b, f);
    batch_buf_free(&b);
    return rc;
}
