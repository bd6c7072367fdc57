/* batch-archive-rules.c — the checklist's archive rules in `batch`: each
 * worker adds the facts of the case it scored to one cr_archive (which
 * locks), the rules run once every case is in, and their findings go to
 * the summary ("archive"), the report (跨案卷问题), --archive-json and
 * --archive-csv. A checklist without archive rules changes none of the
 * outputs. (Not to be confused with batch-archive.c: zip and tar inputs.) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "batch-summary.h"

/* Cases a finding lists in the report before "等N件". */
#define REPORT_CASES 20
/* Findings the text summary on stderr shows. */
#define TEXT_FINDINGS 5

static void
nomem(void)
{
    cli_error("out of memory");
    exit(2);
}

struct cr_archive *
batch_rules_new(struct cr_checklist *cl, int wanted)
{
    struct cr_archive *ar = NULL;

    if (cr_checklist_get_archive_rule_count(cl) == 0 && !wanted)
        return NULL;
    if (cr_archive_new(cl, &ar) != CR_OK)
        nomem();
    return ar;
}

void
batch_rules_add(struct cr_archive *ar, const struct cr_result *res)
{
    if (ar && cr_archive_add_result(ar, res) == CR_ERR_NOMEM)
        nomem();
}

void
batch_rules_finish(struct cr_archive *ar, struct batch_summary *s)
{
    if (ar == NULL)
        return;
    if (cr_archive_evaluate(ar) != CR_OK)
        nomem();
    s->archive = ar;
}

int
batch_rules_finish_all(struct batch_summary *s, struct cr_archive **archives)
{
    size_t k;

    if (s->nparts == 0)
        batch_rules_finish(archives[0], s);
    for (k = 0; k < s->nparts; k++)
        batch_rules_finish(archives[k], s->parts[k]);
    return 0;
}

/* The summary and the report show the findings of a checklist that has
 * archive rules, and are as before for one that has none. */
static int
shown(const struct batch_summary *s)
{
    return s->archive && cr_checklist_get_archive_rule_count(s->cl) > 0;
}

static char *
render(const struct cr_archive *ar, int csv)
{
    char *out = NULL;

    if ((csv ? cr_archive_to_csv(ar, &out) : cr_archive_to_json(ar, &out))
        != CR_OK)
        nomem();
    return out;
}

/* --archive-json (the JSON and a newline) or --archive-csv into F;
 * errno of a failed write, or 0. */
int
batch_rules_write(const struct batch_summary *s, FILE *f, int csv)
{
    char *text;
    size_t len;
    int err = 0;

    if (s->archive == NULL || f == NULL)
        return 0;
    text = render(s->archive, csv);
    len = strlen(text);
    if (fwrite(text, 1, len, f) != len || (!csv && fputc('\n', f) == EOF))
        err = errno ? errno : EIO;
    cr_free(text);
    return err;
}

void
batch_rules_summary_json(const struct batch_summary *s, struct batch_buf *out)
{
    char *json;

    if (!shown(s))
        return;
    json = render(s->archive, 0);
    batch_buf_puts(out, ", \"archive\": ");
    batch_buf_puts(out, json);
    cr_free(json);
}

void
batch_rules_summary_text(const struct batch_summary *s, FILE *f)
{
    size_t i, n;

    if (!shown(s))
        return;
    n = cr_archive_get_finding_count(s->archive);
    fprintf(f, "跨案卷问题：%zu 组\n", n);
    for (i = 0; i < n && i < TEXT_FINDINGS; i++) {
        const struct cr_archive_finding *fd = cr_archive_get_finding(
            s->archive, i);
        struct batch_buf b = {0};

        batch_buf_puts(&b, "  ");
        batch_buf_line(&b, cr_archive_finding_get_rule(fd));
        batch_buf_puts(&b, " ");
        batch_buf_line(&b, cr_archive_finding_get_message(fd));
        fprintf(f, "%s\n", b.data);
        batch_buf_free(&b);
    }
}

static void
html_group(struct batch_buf *b, const struct cr_archive_finding *f)
{
    size_t k, n = cr_archive_finding_get_key_count(f);

    if (n == 0)
        batch_buf_puts(b, "全部案卷");
    for (k = 0; k < n; k++) {
        if (k)
            batch_buf_puts(b, "<br>");
        batch_buf_html(b, cr_archive_finding_get_key_label(f, k));
        batch_buf_puts(b, "：");
        batch_buf_html(b, cr_archive_finding_get_key_value(f, k));
    }
}

static void
html_cases(struct batch_buf *b, const struct cr_archive_finding *f)
{
    size_t i, n = cr_archive_finding_get_case_count(f);
    size_t all = n + cr_archive_finding_get_cases_omitted(f);

    batch_buf_puts(b, "<ul>");
    for (i = 0; i < n && i < REPORT_CASES; i++) {
        const char *v = cr_archive_finding_get_case_value(f, i);
        batch_buf_puts(b, "<li>");
        batch_buf_html(b, cr_archive_finding_get_case_id(f, i));
        if (v) {
            batch_buf_puts(b, "（");
            batch_buf_html(b, v);
            batch_buf_puts(b, "）");
        }
        batch_buf_puts(b, "</li>");
    }
    batch_buf_puts(b, "</ul>");
    if (all > REPORT_CASES)
        batch_buf_printf(b, "<span class=\"note\">等 %zu 件</span>", all);
}

void
batch_rules_report(const struct batch_summary *s, struct batch_buf *b)
{
    size_t i, n;

    if (!shown(s))
        return;
    n = cr_archive_get_finding_count(s->archive);
    batch_buf_puts(b, "<h2>跨案卷问题");
    if (s->is_part) {         /* one checklist of several */
        batch_buf_puts(b, "：");
        batch_buf_html(b, cr_checklist_get_title(s->cl));
    }
    batch_buf_printf(b, "（%zu 组）</h2>\n", n);
    batch_buf_puts(b, "<p class=\"note\">按评查标准的跨案卷规则，汇总全部"
                      "案卷后发现的问题：同一企业短期内被重复检查、同案不同罚、"
                      "执法人员办案量异常等。<span class=\"hint\">完整列表"
                      "见 --archive-json、--archive-csv。</span></p>\n");
    if (n == 0)
        return;
    batch_buf_puts(b, "<table id=\"archive-findings\"><thead><tr>"
                      "<th>规则</th><th>依据</th><th>分组</th><th>问题</th>"
                      "<th>涉及案卷</th></tr></thead><tbody>\n");
    for (i = 0; i < n; i++) {
        const struct cr_archive_finding *f = cr_archive_get_finding(
            s->archive, i);
        batch_buf_puts(b, "<tr><td>");
        batch_buf_html(b, cr_archive_finding_get_rule(f));
        batch_buf_puts(b, " ");
        batch_buf_html(b, cr_archive_finding_get_title(f));
        batch_buf_puts(b, "</td><td>");
        batch_buf_html(b, cr_archive_finding_get_basis(f));
        batch_buf_puts(b, "</td><td>");
        html_group(b, f);
        batch_buf_puts(b, "</td><td>");
        batch_buf_html(b, cr_archive_finding_get_message(f));
        batch_buf_puts(b, "</td><td class=\"src\">");
        html_cases(b, f);
        batch_buf_puts(b, "</td></tr>\n");
    }
    batch_buf_puts(b, "</tbody></table>\n");
}
