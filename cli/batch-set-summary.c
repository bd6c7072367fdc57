/* batch-set-summary.c — the summary, stderr text and report section of
 * a run with several checklists. Each checklist keeps a summary of its
 * own (its grades, vetoes and common problems are its items'); the
 * summary of all cases counts every case but leaves items out, which
 * belong to one checklist, and counts grades by id in the first
 * checklist's grades. */
#include <stdlib.h>
#include <string.h>

#include "batch-set.h"
#include "batch-summary.h"

/* Problems shown per checklist in the report. */
#define REPORT_TOP_PROBLEMS 3

void
batch_summary_set_parts(struct batch_summary *s, const struct batch_set *set)
{
    size_t i;

    s->parts = batch_xmalloc(set->n * sizeof *s->parts);
    s->nparts = set->n;
    for (i = 0; i < set->n; i++) {
        s->parts[i] = batch_summary_new(set->cl[i]);
        s->parts[i]->is_part = 1;
        s->scheme |= s->parts[i]->scheme;
    }
}

/* The index of grade ID among the first checklist's grades, or -1. */
static int
grade_of(const struct batch_summary *s, const char *id)
{
    size_t i;

    for (i = 0; id && i < s->ngrades; i++)
        if (strcmp(cr_checklist_get_grade_id(s->cl, i), id) == 0)
            return (int)i;
    return -1;
}

const struct batch_case *
batch_summary_route(struct batch_summary *s, const struct batch_case *c,
                    struct batch_case *own)
{
    const struct batch_summary *part = NULL;

    *own = *c;
    own->failed_count = own->veto_count = 0;
    own->grade = -1;
    if (c->checklist < s->nparts) {
        part = s->parts[c->checklist];
        batch_summary_add(s->parts[c->checklist], c);
    }
    if (part && c->grade >= 0 && (size_t)c->grade < part->ngrades)
        own->grade = grade_of(
            s, cr_checklist_get_grade_id(part->cl, (size_t)c->grade));
    return own;
}

void
batch_summary_parts_json(struct batch_summary *s, struct batch_buf *out)
{
    size_t i;

    batch_buf_puts(out, ", \"checklists\": [");
    for (i = 0; i < s->nparts; i++) {
        struct batch_buf one = {0};

        batch_summary_json(s->parts[i], &one);
        if (i)
            batch_buf_puts(out, ", ");
        batch_buf_add(out, one.data, one.len - 1);   /* without "\n" */
        batch_buf_free(&one);
    }
    batch_buf_puts(out, "]");
}

static void
put_checklist(struct batch_buf *b, const struct cr_checklist *cl)
{
    const char *title = cr_checklist_get_title(cl);
    const char *version = cr_checklist_get_version(cl);

    batch_buf_puts(b, title && *title ? title : cr_checklist_get_id(cl));
    batch_buf_printf(b, "（%s%s%s）", cr_checklist_get_id(cl),
                     version && *version ? " " : "", version ? version : "");
}

void
batch_summary_parts_text(struct batch_summary *s, FILE *f)
{
    size_t i;

    for (i = 0; i < s->nparts; i++) {
        struct batch_buf line = {0};

        batch_buf_puts(&line, "\n== 评查标准：");
        put_checklist(&line, s->parts[i]->cl);
        batch_buf_puts(&line, "\n");
        fputs(line.data, f);
        batch_buf_free(&line);
        batch_summary_text(s->parts[i], f);
    }
}

static void
put_mean_median(struct batch_buf *b, struct batch_group *g)
{
    batch_buf_puts(b, "<td class=\"num\">");
    if (g->with_score)
        batch_buf_number(b, batch_group_mean(g));
    else
        batch_buf_puts(b, "—");
    batch_buf_puts(b, "</td><td class=\"num\">");
    if (g->with_score)
        batch_buf_number(b, batch_group_median(g));
    else
        batch_buf_puts(b, "—");
    batch_buf_puts(b, "</td>");
}

static void
part_row(struct batch_buf *b, struct batch_summary *p)
{
    struct batch_group *g = &p->all;
    struct batch_buf name = {0};
    size_t *idx, i, n = batch_rank_items(g->fail_counts, p->nitems, &idx);

    put_checklist(&name, p->cl);
    batch_buf_puts(b, "<tr><td>");
    batch_buf_html(b, name.data);
    batch_buf_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">"
                        "%zu</td><td class=\"num\">%zu</td>",
                     g->cases, g->scored, g->unscorable);
    put_mean_median(b, g);
    batch_buf_printf(b, "<td class=\"num\">%zu</td><td>", g->vetoed);
    for (i = 0; i < p->ngrades; i++) {
        batch_buf_puts(b, i ? "，" : "");
        batch_buf_html(b, cr_checklist_get_grade_label(p->cl, i));
        batch_buf_printf(b, " %zu", g->grade_counts[i]);
    }
    batch_buf_puts(b, "</td><td>");
    for (i = 0; i < n && i < REPORT_TOP_PROBLEMS; i++) {
        batch_buf_puts(b, i ? "<br>" : "");
        batch_buf_html(b, cr_checklist_get_item_id(p->cl, idx[i]));
        batch_buf_puts(b, " ");
        batch_buf_html(b, cr_checklist_get_item_title(p->cl, idx[i]));
        batch_buf_printf(b, "（%zu 件）", g->fail_counts[idx[i]]);
    }
    batch_buf_puts(b, "</td></tr>\n");
    batch_buf_free(&name);
    free(idx);
}

void
batch_report_parts_names(struct batch_buf *b, struct batch_summary *s,
                         int with_ids)
{
    size_t i;

    for (i = 0; i < s->nparts; i++) {
        const struct cr_checklist *cl = s->parts[i]->cl;
        const char *title = cr_checklist_get_title(cl);
        struct batch_buf name = {0};

        if (with_ids)
            put_checklist(&name, cl);
        else
            batch_buf_puts(&name, title && *title ? title
                                                  : cr_checklist_get_id(cl));
        batch_buf_puts(b, i ? "、" : "");
        batch_buf_html(b, name.data);
        batch_buf_free(&name);
    }
}

void
batch_report_parts(struct batch_buf *b, struct batch_summary *s)
{
    size_t i;

    batch_buf_puts(b, "<h2>各类案卷情况（按评查标准）</h2>\n<p class=\"note\">"
                      "每个案卷由第一个适用于它的评查标准评查。各评查标准的"
                      "评查项不同：一票否决和共性问题按评查标准统计，见本表；"
                      "下面的等次按等次名称合计全部案卷。</p>\n<table id=\"checklists\"><thead><tr>"
                      "<th>评查标准</th><th class=\"num\">案卷数</th>"
                      "<th class=\"num\">已评分</th>"
                      "<th class=\"num\">无法评查</th>"
                      "<th class=\"num\">平均分</th>"
                      "<th class=\"num\">中位数</th>"
                      "<th class=\"num\">一票否决</th><th>等次</th>"
                      "<th>最常见问题</th></tr></thead><tbody>\n");
    for (i = 0; i < s->nparts; i++)
        part_row(b, s->parts[i]);
    batch_buf_puts(b, "</tbody></table>\n");
}
