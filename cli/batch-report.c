/* batch-report.c — the HTML report of a batch: one self-contained file
 * (inline CSS, inline SVG charts, a few lines of inline JS to sort the
 * agency table) that a supervisor can open offline and forward. Every
 * text from checklists and case files goes through batch_buf_html. The
 * report carries no timestamp, so it is as reproducible as the rest. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "batch-set.h"
#include "batch-summary.h"
#include "batch-skipped.h"

#define HIST_BINS 10
#define TOP_PROBLEMS 10
#define LABEL_CHARS 18

/* CJK fonts first: those Debian packages (Noto Sans CJK, Source Han
 * Sans, WenQuanYi) and those Windows and macOS have; without any, a
 * browser shows boxes. */
#define REPORT_FONTS "\"Noto Sans CJK SC\",\"Source Han Sans SC\"," \
    "\"Source Han Sans CN\",\"WenQuanYi Zen Hei\",\"WenQuanYi Micro Hei\"," \
    "\"Microsoft YaHei\",\"微软雅黑\",\"PingFang SC\",\"Hiragino Sans GB\"," \
    "\"SimHei\",\"SimSun\",\"宋体\",sans-serif"

static const char report_css[] =
    "body{font-family:" REPORT_FONTS ";margin:24px auto;max-width:1100px;"
    "color:#222;padding:0 16px}\n"
    "h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:32px;"
    "border-bottom:2px solid #2b5797;padding-bottom:4px}\n"
    "h3{font-size:15px;margin:14px 0 4px}\n"
    ".sub{color:#555;margin-top:0;font-weight:normal}\n"
    ".meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;"
    "margin:8px 0 0;color:#333}.meta dt{color:#555;white-space:nowrap}"
    ".meta dd{margin:0}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}\n"
    ".card{border:1px solid #ccd;border-radius:6px;padding:10px 16px;"
    "min-width:110px;background:#f7f9fc}\n"
    ".card .v{font-size:26px;font-weight:bold;color:#2b5797}"
    ".card .k{color:#555;font-size:14px}\n"
    ".wide{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{border:1px solid #ccd;padding:4px 8px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#eef2f8;white-space:nowrap}"
    "td.num,th.num{text-align:right;white-space:nowrap}\n"
    "td.grade,td.kind,td.ag .code{white-space:nowrap}"
    "td.grade{min-width:7em}td.ag{min-width:8em}\n"
    ".code{color:#555;font-size:12px}\n"
    "table.sortable th{cursor:pointer;user-select:none}\n"
    "table.sortable th[aria-sort=ascending]::after{content:\" ▲\"}\n"
    "table.sortable th[aria-sort=descending]::after{content:\" ▼\"}\n"
    "td.src{word-break:break-all;min-width:10em}ul{margin:0;"
    "padding-left:18px}\n"
    ".ded{color:#b00}.veto{color:#fff;background:#b00;border-radius:3px;"
    "padding:0 4px;font-size:12px;white-space:nowrap}\n"
    ".badge{color:#fff;border-radius:3px;padding:1px 6px;font-size:13px;"
    "white-space:nowrap}\n"
    ".pend{color:#fff;background:#c60;border-radius:3px;padding:0 4px;"
    "font-size:12px;white-space:nowrap}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:8px 16px;margin:8px 0;"
    "align-items:center}.filters input{min-width:16em}\n"
    ".case-ded{border-top:1px solid #dde;padding-top:2px}"
    ".back{margin:2px 0 0;font-size:13px}\n"
    ".note{color:#555;font-size:13px}svg{max-width:100%;height:auto}"
    "svg text{font-size:13px;fill:#222}\n"
    "@page{size:A4;margin:16mm 12mm 18mm 12mm;"
    "@bottom-center{content:\"第 \" counter(page) \" 页，共 \" counter(pages)"
    " \" 页\";font-size:9pt;color:#555}}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:11pt}"
    ".hint,.filters,.back{display:none!important}"
    ".wide{overflow:visible}"
    "h2,h3{break-after:avoid;page-break-after:avoid}"
    "thead{display:table-header-group}"
    "tr,.card,svg,.case-ded li{break-inside:avoid;page-break-inside:avoid}"
    "table{font-size:9.5pt}a{color:inherit;text-decoration:none}"
    "tr.hide{display:table-row!important}}\n";

/* Sorts any table.sortable by a clicked column (numeric columns carry
 * their raw value in data-v, empty when there is none: sorted last);
 * filters the list of every case by text and grade. Without script the
 * tables are complete and the filter controls stay hidden. */
static const char report_js[] =
    "(function(){\n"
    "function key(r,i,num){var c=r.cells[i],v=c.getAttribute('data-v');\n"
    " if(v===null)v=c.textContent;return num?(v===''?NaN:parseFloat(v)):v;}\n"
    "function sortable(t){var ths=t.tHead.rows[0].cells;\n"
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
    "'click',function(){sortBy(i);});})(i);}\n"
    "var ts=document.querySelectorAll('table.sortable');\n"
    "for(var i=0;i<ts.length;i++)sortable(ts[i]);\n"
    "var f=document.getElementById('case-filter'),t=document.getElementById('cases');\n"
    "if(!f||!t)return;f.hidden=false;\n"
    "var q=document.getElementById('case-q'),g=document.getElementById('case-g'),"
    "n=document.getElementById('case-n');\n"
    "function apply(){var s=q.value.trim().toLowerCase(),gv=g.value,k=0;\n"
    " var rows=t.tBodies[0].rows;for(var i=0;i<rows.length;i++){var r=rows[i];\n"
    "  var ok=(!gv||r.getAttribute('data-grade')===gv)&&"
    "(!s||r.textContent.toLowerCase().indexOf(s)>=0);\n"
    "  r.style.display=ok?'':'none';if(ok)k++;}\n"
    " n.textContent='显示 '+k+' 件';}\n"
    "q.addEventListener('input',apply);g.addEventListener('change',apply);\n"
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

/* Text from the command line: any bytes, shown as UTF-8. */
static void
put_clean_html(struct batch_buf *b, const char *s)
{
    char *u = batch_utf8_valid(s) ? NULL : batch_utf8_clean(s);

    batch_buf_html(b, u ? u : s);
    free(u);
}

/* The day of the run (SOURCE_DATE_EPOCH when set, for reproducible
 * builds of the report): a day, not a time, so a resumed run's report
 * is the one the run would have written. */
static void
put_date(struct batch_buf *b)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    struct tm tm;

    if (env && *env) {
        char *end;
        long long v = strtoll(env, &end, 10);

        if (!*end && v >= 0)
            t = (time_t)v;
    }
    if ((env && *env ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL)
        return;
    batch_buf_printf(b, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday);
}

/* The checklist CL as the report's header names it. */
static void
put_standard(struct batch_buf *b, const struct cr_checklist *cl)
{
    batch_buf_html(b, cr_checklist_get_title(cl));
    batch_buf_puts(b, "（");
    batch_buf_html(b, cr_checklist_get_id(cl));
    if (*cr_checklist_get_version(cl)) {
        batch_buf_puts(b, " 版本 ");
        batch_buf_html(b, cr_checklist_get_version(cl));
    }
    batch_buf_puts(b, "），满分 ");
    put_number(b, cr_checklist_get_total(cl));
    batch_buf_puts(b, " 分");
}

static void
section_head(struct batch_buf *b, struct batch_summary *s)
{
    const struct cr_checklist *cl = s->cl;
    size_t i;

    batch_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\">\n"
                      "<title>案卷评查报告 — ");
    if (s->nparts)          /* several checklists: each by title */
        batch_report_parts_names(b, s, 0);
    else
        batch_buf_html(b, cr_checklist_get_title(cl));
    batch_buf_puts(b, "</title>\n<style>\n");
    batch_buf_puts(b, report_css);
    batch_buf_puts(b, "</style>\n</head>\n<body>\n<h1>案卷评查报告</h1>\n"
                      "<dl class=\"meta\" id=\"meta\">\n<dt>评查标准</dt><dd>");
    if (s->nparts)            /* several checklists: each with its id */
        batch_report_parts_names(b, s, 1);
    else
        put_standard(b, cl);
    batch_buf_puts(b, "</dd>\n");
    if (s->unit && *s->unit) {
        batch_buf_puts(b, "<dt>评查单位</dt><dd>");
        put_clean_html(b, s->unit);
        batch_buf_puts(b, "</dd>\n");
    }
    batch_buf_puts(b, "<dt>评查日期</dt><dd>");
    put_date(b);
    batch_buf_puts(b, "</dd>\n<dt>评查范围</dt><dd>");
    for (i = 0; i < s->npaths; i++) {
        if (i)
            batch_buf_puts(b, "、");
        put_clean_html(b, s->paths[i]);
    }
    batch_buf_printf(b, "（案卷 %zu 件）</dd>\n</dl>\n", s->all.cases);
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
           const size_t *counts, size_t n, size_t whole,
           const char *const *colors)
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
                         left, y + 3, w, row - 8, colors[i]);
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
    const char **labels, **colors;
    size_t i;

    if (s->ngrades == 0)
        return;
    labels = batch_xmalloc(s->ngrades * sizeof *labels);
    colors = batch_xmalloc(s->ngrades * sizeof *colors);
    for (i = 0; i < s->ngrades; i++) {
        labels[i] = cr_checklist_get_grade_label(s->cl, i);
        colors[i] = batch_grade_color((int)i, s->ngrades);
    }
    batch_buf_puts(b, "<h2>等次分布</h2>\n");
    hbar_chart(b, "grades", labels, s->all.grade_counts, s->ngrades,
               s->all.scored, colors);
    free(labels);
    free(colors);
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
    const char **labels, **colors;
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
    colors = batch_xmalloc(n * sizeof *colors);
    counts = batch_xmalloc(n * sizeof *counts);
    for (i = 0; i < n && labels_buf; i++) {
        batch_buf_printf(&labels_buf[i], "%s %s",
                         cr_checklist_get_item_id(s->cl, idx[i]),
                         cr_checklist_get_item_title(s->cl, idx[i]));
        labels[i] = labels_buf[i].data;
        counts[i] = s->all.fail_counts[idx[i]];
        colors[i] = "#c0504d";
    }
    if (labels_buf)
        hbar_chart(b, "problems-chart", labels, counts, n, s->all.scored,
                   colors);
    problems_table(b, s, idx, n);
    for (i = 0; i < n && labels_buf; i++)
        batch_buf_free(&labels_buf[i]);
    free(labels_buf);
    free(labels);
    free(colors);
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

    batch_buf_puts(b, "<tr><td class=\"ag\">");
    if (*g->key && g->name) {
        batch_buf_html(b, g->name);
        batch_buf_puts(b, "<br>");
    }
    batch_buf_puts(b, "<span class=\"code\">");
    batch_buf_html(b, *g->key ? g->key : "（未知）");
    batch_buf_printf(b, "</span></td><td class=\"num\" data-v=\"%zu\">%zu</td>"
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

    batch_buf_puts(b, "<h2>各执法机关情况</h2>\n<p class=\"note hint\">点击表头"
                      "排序。</p>\n<div class=\"wide\"><table id=\"agencies\" "
                      "class=\"sortable\"><thead><tr>"
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
    batch_buf_puts(b, "</tbody></table></div>\n");
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
    batch_buf_puts(b, "<div class=\"wide\"><table id=\"failed\"><thead><tr>"
                      "<th>来源</th><th>案卷编号</th><th>执法机关</th>"
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

/* 全部案卷: every case in a list to sort and filter, each row linking to
 * its deductions below it. */
static int
section_cases(struct batch_buf *b, struct batch_summary *s,
              const struct batch_report_in *in, FILE *f)
{
    size_t i;
    int rc;

    batch_buf_printf(b, "<h2 id=\"all-cases\">全部案卷（%zu 件）</h2>\n",
                     in->rows_total);
    if (in->rows_shown < in->rows_total)
        batch_buf_printf(b, "<p class=\"note\">仅列出前 %zu 件，完整结果见 "
                            "JSON Lines 结果文件。</p>\n", in->rows_shown);
    batch_buf_puts(b, "<div class=\"filters\" id=\"case-filter\" hidden>"
                      "<label>查找 <input id=\"case-q\" type=\"search\" "
                      "placeholder=\"案卷编号、单位、文件名\"></label>"
                      "<label>等次 <select id=\"case-g\"><option value=\"\">"
                      "全部</option>");
    for (i = 0; i < s->ngrades; i++) {
        batch_buf_puts(b, "<option>");
        batch_buf_html(b, cr_checklist_get_grade_label(s->cl, i));
        batch_buf_puts(b, "</option>");
    }
    batch_buf_puts(b, "<option>无法评查</option></select></label>"
                      "<span id=\"case-n\" class=\"note\"></span>"
                      "<span class=\"note\">点击表头排序。</span></div>\n"
                      "<div class=\"wide\"><table id=\"cases\" "
                      "class=\"sortable\"><thead><tr>"
                      "<th data-type=\"text\">来源</th>"
                      "<th data-type=\"text\">案卷编号</th>"
                      "<th data-type=\"text\">执法机关</th>"
                      "<th data-type=\"text\">类型</th>"
                      "<th class=\"num\" data-type=\"num\">得分</th>"
                      "<th data-type=\"text\">等次</th>"
                      "<th class=\"num\" data-type=\"num\">扣分项</th>"
                      "</tr></thead><tbody>\n");
    flush_buf(b, f);
    rc = copy_stream(in->rows, f);
    batch_buf_puts(b, "</tbody></table></div>\n<h2 id=\"deductions\">"
                      "各案卷扣分明细</h2>\n");
    flush_buf(b, f);
    if (rc == 0)
        rc = copy_stream(in->deds, f);
    return rc;
}

/* The files seen and not scored, with why. */
static void
section_skipped(struct batch_buf *b)
{
    const struct batch_skip *list;
    size_t i, listed, n = batch_skipped_list(&list, &listed);

    if (n == 0)
        return;
    batch_buf_printf(b, "<h2 id=\"skipped\">跳过的文件（%zu 个）</h2>\n"
                        "<p class=\"note\">这些文件不是 XML 案卷，没有评查。"
                        "</p>\n", n);
    if (listed < n)
        batch_buf_printf(b, "<p class=\"note\">仅列出前 %zu 个。</p>\n",
                         listed);
    batch_buf_puts(b, "<div class=\"wide\"><table id=\"skipped-files\">"
                      "<thead><tr><th>文件</th><th>原因</th></tr></thead>"
                      "<tbody>\n");
    for (i = 0; i < listed; i++) {
        batch_buf_puts(b, "<tr><td class=\"src\">");
        batch_buf_html(b, list[i].source);
        batch_buf_puts(b, "</td><td>");
        batch_buf_html(b, list[i].reason);
        batch_buf_puts(b, "</td></tr>\n");
    }
    batch_buf_puts(b, "</tbody></table></div>\n");
}

int
batch_report_write(FILE *f, struct batch_summary *s,
                   const struct batch_report_in *in)
{
    struct batch_buf b = {0};
    int rc = 0;
    size_t i;

    section_head(&b, s);
    if (s->all.cases == 0)
        batch_buf_puts(&b, "<p class=\"empty\" id=\"no-cases\"><b>没有找到"
                           "案卷</b>：给出的路径中没有 XML 案卷文件（文件夹中"
                           "评查 *.xml 文件，压缩包中评查 *.xml 成员）。</p>\n");
    section_overview(&b, s);
    if (s->nparts)
        batch_report_parts(&b, s);
    if (s->all.scored) {
        section_histogram(&b, s);
        section_grades(&b, s);
        section_problems(&b, s);
        section_vetoes(&b, s);
    }
    section_agencies(&b, s);
    section_listed_head(&b, in->listed_shown, in->listed_total, s->scheme);
    flush_buf(&b, f);
    if (in->listed_total > 0) {
        rc = copy_stream(in->listed, f);
        batch_buf_puts(&b, "</tbody></table></div>\n");
    }
    if (in->rows_total > 0 && rc == 0)
        rc = section_cases(&b, s, in, f);
    batch_rules_report(s, &b);
    for (i = 0; i < s->nparts; i++)   /* each checklist's own rules */
        batch_rules_report(s->parts[i], &b);
    section_errors(&b, s);
    section_skipped(&b);
    batch_buf_puts(&b, "<script>\n");
    batch_buf_puts(&b, report_js);
    batch_buf_puts(&b, "</script>\n</body>\n</html>\n");
    flush_buf(&b, f);
    batch_buf_free(&b);
    return rc;
}
