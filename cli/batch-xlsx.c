/* batch-xlsx.c — the Excel workbook of a batch (batch --xlsx), written
 * with libxlsxwriter at the end of the run from the rows the workers
 * rendered (batch-xlsx-rows.c) and the summary: 案卷, 扣分明细, 共性问题,
 * 各单位, 无法评查 and, when some item waits for a reviewer, 待人工评查.
 * Every sheet has a frozen header row, a filter and set column widths.
 * Rows are written in order (constant memory): the workbook of 100 000
 * cases does not hold them all in memory. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "batch-summary.h"
#include "batch-xlsx.h"

#ifdef CR_HAVE_XLSXWRITER
#include <xlsxwriter.h>

/* Excel's limits: rows per sheet, characters per cell (bytes here, cut
 * on a character). */
#define XLSX_MAX_ROW 1048575u
#define XLSX_MAX_CELL 32000u
#define MAX_FIELDS 4096

struct sheet {
    lxw_worksheet *ws;
    lxw_row_t row;            /* the next row to write */
    lxw_col_t cols;
    int full;                 /* Excel's row limit reached */
};

struct book {
    lxw_workbook *wb;
    lxw_format *head, *num, *whole, *pct, *text;
    struct sheet cases, deductions, pending, errors;
    /* the category columns: every checklist's categories by id, the
     * first's first (a run with several checklists has them all) */
    const char **cat_id, **cat_title;
    size_t ncat;
    struct batch_buf cell;
};

/* Text Excel takes: valid UTF-8, no control characters but tab and
 * newline, at most XLSX_MAX_CELL bytes. */
static const char *
clean(struct book *b, const char *s)
{
    char *u = batch_utf8_valid(s) ? NULL : batch_utf8_clean(s);
    const char *p = u ? u : s;
    size_t i, n = strlen(p);

    if (n > XLSX_MAX_CELL) {
        n = XLSX_MAX_CELL;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    b->cell.len = 0;
    batch_buf_reserve(&b->cell, n + 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];

        batch_buf_add(&b->cell, (c < 0x20 && c != '\t' && c != '\n')
                                    || c == 0x7F ? "?" : p + i, 1);
    }
    batch_buf_add(&b->cell, "", 1);
    free(u);
    return b->cell.data;
}

static void
put_text(struct book *b, struct sheet *sh, lxw_col_t col, const char *s)
{
    if (s && *s)
        worksheet_write_string(sh->ws, sh->row, col, clean(b, s), b->text);
}

/* A number as the rows carry it; empty is no value. */
static void
put_number(struct book *b, struct sheet *sh, lxw_col_t col, const char *s,
           lxw_format *fmt)
{
    char *end;
    double v;

    if (!s || !*s)
        return;
    v = strtod(s, &end);
    if (*end)
        put_text(b, sh, col, s);
    else
        worksheet_write_number(sh->ws, sh->row, col, v, fmt);
    (void)b;
}

struct column {
    const char *title;
    double width;
    int kind;                 /* 0 text, 1 number (2 decimals), 2 whole */
};

static int
sheet_new(struct book *b, struct sheet *sh, const char *name,
          const struct column *cols, size_t n)
{
    size_t i;

    memset(sh, 0, sizeof *sh);
    sh->ws = workbook_add_worksheet(b->wb, name);
    if (!sh->ws)
        return -1;
    for (i = 0; i < n; i++) {
        lxw_format *f = cols[i].kind == 1 ? b->num
                        : cols[i].kind == 2 ? b->whole
                        : cols[i].kind == 3 ? b->pct : b->text;

        worksheet_set_column(sh->ws, (lxw_col_t)i, (lxw_col_t)i,
                             cols[i].width, f);
        worksheet_write_string(sh->ws, 0, (lxw_col_t)i, cols[i].title,
                               b->head);
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->cols = (lxw_col_t)n;
    sh->row = 1;
    return 0;
}

/* Moves to the next row; 0 when the sheet is full (the rest is in the
 * JSON results). */
static int
next_row(struct sheet *sh)
{
    if (sh->row > XLSX_MAX_ROW - 1) {
        sh->full = 1;
        return 0;
    }
    return 1;
}

static void
sheet_end(struct book *b, struct sheet *sh)
{
    if (sh->full) {
        worksheet_write_string(sh->ws, sh->row, 0,
                               "（已到 Excel 的行数上限，其余各行见 JSON "
                               "结果）", b->text);
        sh->row++;
    }
    worksheet_autofilter(sh->ws, 0, 0, sh->row > 1 ? sh->row - 1 : 0,
                         sh->cols ? sh->cols - 1 : 0);
}

static const struct column case_cols[] = {
    {"来源文件", 40, 0}, {"案卷编号", 24, 0}, {"单位代码", 14, 0},
    {"单位名称", 30, 0}, {"案件类型", 10, 0}, {"总分", 8, 1},
    {"等次", 10, 0}, {"一票否决", 9, 0},
};
static const struct column case_tail[] = {
    {"扣分项数", 9, 2}, {"待人工评查项数", 14, 2}, {"无法评查原因", 40, 0},
};
#define NCASE (sizeof case_cols / sizeof *case_cols)
#define NTAIL (sizeof case_tail / sizeof *case_tail)

static int
cases_sheet(struct book *b)
{
    size_t i, n = NCASE + b->ncat + NTAIL;
    struct column *cols = batch_xmalloc(n * sizeof *cols);
    int r;

    memcpy(cols, case_cols, sizeof case_cols);
    for (i = 0; i < b->ncat; i++) {
        cols[NCASE + i].title = b->cat_title[i];
        cols[NCASE + i].width = 12;
        cols[NCASE + i].kind = 1;
    }
    memcpy(cols + NCASE + b->ncat, case_tail, sizeof case_tail);
    r = sheet_new(b, &b->cases, "案卷", cols, n);
    free(cols);
    return r;
}

/* Adds the categories of CL not yet among the columns. */
static void
add_categories(struct book *b, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_category_count(cl);

    b->cat_id = batch_xrealloc(b->cat_id, (b->ncat + n) * sizeof *b->cat_id);
    b->cat_title = batch_xrealloc(b->cat_title,
                                  (b->ncat + n) * sizeof *b->cat_title);
    for (i = 0; i < n; i++) {
        const char *id = cr_checklist_get_category_id(cl, i);
        const char *title = cr_checklist_get_category_title(cl, i);
        size_t k;

        for (k = 0; k < b->ncat && strcmp(b->cat_id[k], id) != 0; k++)
            ;
        if (k < b->ncat)
            continue;
        b->cat_id[b->ncat] = id;
        b->cat_title[b->ncat++] = title && *title ? title : id;
    }
}

static long
category_column(struct book *b, const char *id)
{
    size_t i;

    for (i = 0; i < b->ncat; i++)
        if (strcmp(b->cat_id[i], id) == 0)
            return (long)i;
    return -1;
}

/* The fields of a case row (batch-xlsx-rows.c), then pairs of category
 * id and score. */
enum {
    C_SOURCE = 1, C_ID, C_AGENCY, C_NAME, C_KIND, C_SCORE, C_GRADE, C_VETO,
    C_DEDUCTIONS, C_PENDING, C_ERR_KIND, C_ERR_MESSAGE, C_ERR_DETAIL,
    C_CATEGORIES
};

static void
case_row(struct book *b, char **f, size_t n)
{
    struct sheet *sh = &b->cases;
    size_t i;

    if (n < C_CATEGORIES || !next_row(sh))
        return;
    for (i = C_SOURCE; i <= C_VETO; i++)
        if (i == C_SCORE)
            put_number(b, sh, (lxw_col_t)(i - 1), f[i], b->num);
        else
            put_text(b, sh, (lxw_col_t)(i - 1), f[i]);
    for (i = C_CATEGORIES; i + 1 < n; i += 2) {
        long c = category_column(b, f[i]);

        if (c >= 0)
            put_number(b, sh, (lxw_col_t)(NCASE + (size_t)c), f[i + 1],
                       b->num);
    }
    if (!*f[C_ERR_KIND]) {    /* scored */
        put_number(b, sh, (lxw_col_t)(NCASE + b->ncat), f[C_DEDUCTIONS],
                   b->whole);
        put_number(b, sh, (lxw_col_t)(NCASE + b->ncat + 1), f[C_PENDING],
                   b->whole);
    }
    put_text(b, sh, (lxw_col_t)(NCASE + b->ncat + 2), f[C_ERR_MESSAGE]);
    sh->row++;
    if (*f[C_ERR_KIND] && next_row(&b->errors)) {
        sh = &b->errors;
        put_text(b, sh, 0, f[C_SOURCE]);
        put_text(b, sh, 1, f[C_ID]);
        put_text(b, sh, 2, batch_error_kind_label(f[C_ERR_KIND]));
        put_text(b, sh, 3, f[C_ERR_KIND]);
        put_text(b, sh, 4, f[C_ERR_MESSAGE]);
        put_text(b, sh, 5, f[C_ERR_DETAIL]);
        sh->row++;
    }
}

static const struct column deduction_cols[] = {
    {"来源文件", 40, 0}, {"案卷编号", 24, 0}, {"单位代码", 14, 0},
    {"评查项", 10, 0}, {"评查项名称", 30, 0}, {"类别", 12, 0},
    {"扣分", 8, 1}, {"一票否决", 9, 0}, {"问题", 50, 0}, {"依据", 30, 0},
    {"位置", 30, 0}, {"行号", 8, 2}, {"问题处数", 9, 2},
};

/* D source id agency item title category points veto message basis
 *   location line count */
static void
deduction_row(struct book *b, char **f, size_t n)
{
    struct sheet *sh = &b->deductions;
    long cat;
    size_t i;

    if (n < 14 || !next_row(sh))
        return;
    cat = category_column(b, f[6]);
    for (i = 1; i < 14; i++) {
        const struct column *c = &deduction_cols[i - 1];

        if (i == 6 && cat >= 0)
            put_text(b, sh, 5, b->cat_title[cat]);
        else if (c->kind)
            put_number(b, sh, (lxw_col_t)(i - 1), f[i],
                       c->kind == 1 ? b->num : b->whole);
        else
            put_text(b, sh, (lxw_col_t)(i - 1), f[i]);
    }
    sh->row++;
}

static const struct column pending_cols[] = {
    {"来源文件", 40, 0}, {"案卷编号", 24, 0}, {"单位代码", 14, 0},
    {"评查项", 10, 0}, {"评查项名称", 30, 0}, {"依据", 30, 0},
    {"机器提示", 60, 0},
};

static int
pending_row(struct book *b, char **f, size_t n)
{
    struct sheet *sh = &b->pending;
    size_t i;

    if (!sh->ws && sheet_new(b, sh, "待人工评查", pending_cols,
                             sizeof pending_cols / sizeof *pending_cols))
        return -1;
    if (n < 8 || !next_row(sh))
        return 0;
    for (i = 1; i < 8; i++)
        put_text(b, sh, (lxw_col_t)(i - 1), f[i]);
    sh->row++;
    return 0;
}

static const struct column error_cols[] = {
    {"来源文件", 50, 0}, {"案卷编号", 24, 0}, {"错误类别", 16, 0},
    {"类别代码", 14, 0}, {"说明", 50, 0}, {"详情", 50, 0},
};

/* Splits ROW (ended by RS, or by the end) at US; returns the count. */
static size_t
split(char *row, size_t len, char **f)
{
    size_t n = 0, i;

    if (len && row[len - 1] == '\x1e')
        len--;
    row[len] = '\0';
    f[n++] = row;
    for (i = 0; i < len && n < MAX_FIELDS; i++)
        if (row[i] == '\x1f') {
            row[i] = '\0';
            f[n++] = row + i + 1;
        }
    return n;
}

static int
read_rows(struct book *b, FILE *rows)
{
    char *line = NULL, **f = batch_xmalloc(MAX_FIELDS * sizeof *f);
    size_t cap = 0, n;
    ssize_t len;
    int r = 0;

    while (r == 0 && (len = getdelim(&line, &cap, '\x1e', rows)) > 0) {
        n = split(line, (size_t)len, f);
        if (strcmp(f[0], BATCH_XLSX_CASE) == 0)
            case_row(b, f, n);
        else if (strcmp(f[0], BATCH_XLSX_DEDUCTION) == 0)
            deduction_row(b, f, n);
        else if (strcmp(f[0], BATCH_XLSX_PENDING) == 0)
            r = pending_row(b, f, n);
    }
    if (ferror(rows))
        r = -1;
    free(line);
    free(f);
    return r;
}

/* The rows of 共性问题 for the cases scored by S's checklist; in a run
 * with several checklists, each row names its checklist (column 6). */
static void
problems_rows(struct book *b, struct sheet *sh, struct batch_summary *s,
              int named)
{
    size_t *idx, i, n = batch_rank_items(s->all.fail_counts, s->nitems, &idx);

    for (i = 0; i < n && next_row(sh); i++, sh->row++) {
        size_t k = idx[i];
        const char *cat = cr_checklist_get_item_category(s->cl, k);
        long c = category_column(b, cat ? cat : "");

        put_text(b, sh, 0, cr_checklist_get_item_id(s->cl, k));
        put_text(b, sh, 1, cr_checklist_get_item_title(s->cl, k));
        put_text(b, sh, 2, c >= 0 ? b->cat_title[c] : cat);
        worksheet_write_number(sh->ws, sh->row, 3,
                               (double)s->all.fail_counts[k], b->whole);
        worksheet_write_number(sh->ws, sh->row, 4, s->all.scored
                               ? (double)s->all.fail_counts[k]
                                 / (double)s->all.scored : 0, b->pct);
        worksheet_write_number(sh->ws, sh->row, 5,
                               (double)s->all.veto_counts[k], b->whole);
        if (named)      /* by title: ids are codes, not words */
            put_text(b, sh, 6, *cr_checklist_get_title(s->cl)
                                   ? cr_checklist_get_title(s->cl)
                                   : cr_checklist_get_id(s->cl));
    }
    free(idx);
}

/* 共性问题: the items that failed most, over all cases (each
 * checklist's own in a run with several: their items differ). */
static int
problems_sheet(struct book *b, struct batch_summary *s)
{
    static const struct column cols[] = {
        {"评查项", 10, 0}, {"评查项名称", 36, 0}, {"类别", 14, 0},
        {"扣分案卷数", 11, 2}, {"占已评查案卷", 13, 3},
        {"否决案卷数", 11, 2}, {"评查标准", 36, 0},
    };
    struct sheet sh;
    size_t i, ncols = sizeof cols / sizeof *cols;

    if (sheet_new(b, &sh, "共性问题", cols, s->nparts ? ncols : ncols - 1))
        return -1;
    if (!s->nparts)
        problems_rows(b, &sh, s, 0);
    for (i = 0; i < s->nparts; i++)
        problems_rows(b, &sh, s->parts[i], 1);
    sheet_end(b, &sh);
    return 0;
}

/* 跨案卷问题: the findings of the checklist's archive rules, one row per
 * case a finding names (as --archive-csv), so that a filter on a column
 * picks a rule, a group or a case. */
static void
archive_rows(struct book *b, struct sheet *sh, struct batch_summary *s,
             int named, size_t *number)
{
    size_t i, k, n = cr_archive_get_finding_count(s->archive);
    struct batch_buf group = {0};

    for (i = 0; i < n; i++) {
        const struct cr_archive_finding *f = cr_archive_get_finding(
            s->archive, i);
        size_t ncase = cr_archive_finding_get_case_count(f);

        (*number)++;
        group.len = 0;
        batch_buf_puts(&group, cr_archive_finding_get_key_count(f)
                                   ? "" : "全部案卷");
        for (k = 0; k < cr_archive_finding_get_key_count(f); k++)
            batch_buf_printf(&group, "%s%s：%s", k ? "；" : "",
                             cr_archive_finding_get_key_label(f, k),
                             cr_archive_finding_get_key_value(f, k));
        for (k = 0; k < (ncase ? ncase : 1) && next_row(sh);
             k++, sh->row++) {
            worksheet_write_number(sh->ws, sh->row, 0, (double)*number,
                                   b->whole);
            put_text(b, sh, 1, cr_archive_finding_get_rule(f));
            put_text(b, sh, 2, cr_archive_finding_get_title(f));
            put_text(b, sh, 3, cr_archive_finding_get_basis(f));
            put_text(b, sh, 4, group.data);
            put_text(b, sh, 5, cr_archive_finding_get_message(f));
            if (ncase) {
                put_text(b, sh, 6, cr_archive_finding_get_case_id(f, k));
                put_text(b, sh, 7, cr_archive_finding_get_case_source(f, k));
                put_text(b, sh, 8, cr_archive_finding_get_case_value(f, k));
            }
            if (named)
                put_text(b, sh, 9, cr_checklist_get_title(s->cl));
        }
    }
    batch_buf_free(&group);
}

static int
has_rules(const struct batch_summary *s)
{
    return s->archive && cr_checklist_get_archive_rule_count(s->cl) > 0;
}

/* Only for a run whose checklists have archive rules. */
static int
archive_sheet(struct book *b, struct batch_summary *s)
{
    static const struct column cols[] = {
        {"序号", 10, 2}, {"规则", 8, 0}, {"规则名称", 30, 0},
        {"依据", 30, 0}, {"分组", 30, 0}, {"问题", 50, 0},
        {"案卷编号", 24, 0}, {"来源文件", 40, 0}, {"数值", 12, 0},
        {"评查标准", 36, 0},
    };
    struct sheet sh;
    size_t i, number = 0, ncols = sizeof cols / sizeof *cols;
    int any = has_rules(s);

    for (i = 0; i < s->nparts; i++)
        any |= has_rules(s->parts[i]);
    if (!any)
        return 0;
    if (sheet_new(b, &sh, "跨案卷问题", cols, s->nparts ? ncols : ncols - 1))
        return -1;
    if (has_rules(s))
        archive_rows(b, &sh, s, 0, &number);
    for (i = 0; i < s->nparts; i++)
        if (has_rules(s->parts[i]))
            archive_rows(b, &sh, s->parts[i], 1, &number);
    sheet_end(b, &sh);
    return 0;
}

/* The columns of 各单位 before the grade counts. */
#define AG_GRADES 7

static void
group_row(struct book *b, struct sheet *sh, struct batch_group *g,
          size_t ngrades, const char *name)
{
    lxw_worksheet *ws = sh->ws;
    size_t i;

    put_text(b, sh, 0, g->key && *g->key ? g->key : "（无单位代码）");
    put_text(b, sh, 1, name);
    worksheet_write_number(ws, sh->row, 2, (double)g->cases, b->whole);
    worksheet_write_number(ws, sh->row, 3, (double)g->scored, b->whole);
    worksheet_write_number(ws, sh->row, 4, (double)g->unscorable, b->whole);
    if (g->with_score) {
        /* to the cent, as the summary prints it */
        worksheet_write_number(ws, sh->row, 5,
                               round(batch_group_mean(g) * 100.0) / 100.0,
                               b->num);
        worksheet_write_number(ws, sh->row, 6, batch_group_median(g), b->num);
    }
    for (i = 0; i < ngrades; i++)
        worksheet_write_number(ws, sh->row, (lxw_col_t)(AG_GRADES + i),
                               (double)g->grade_counts[i], b->whole);
    worksheet_write_number(ws, sh->row, (lxw_col_t)(AG_GRADES + ngrades),
                           (double)g->vetoed, b->whole);
    sh->row++;
}

/* 各单位: one row per agency (group-by value), then 合计. */
static int
agencies_sheet(struct book *b, struct batch_summary *s)
{
    static const struct column head[] = {
        {"单位代码", 16, 0}, {"单位名称", 30, 0}, {"案卷数", 8, 2},
        {"已评查", 8, 2}, {"无法评查", 9, 2}, {"平均分", 8, 1},
        {"中位数", 8, 1},
    };
    size_t i, n = AG_GRADES + s->ngrades + 1;
    struct column *cols = batch_xmalloc(n * sizeof *cols);
    struct sheet sh;
    int r;

    memcpy(cols, head, sizeof head);
    for (i = 0; i < s->ngrades; i++) {
        cols[AG_GRADES + i].title = cr_checklist_get_grade_label(s->cl, i);
        cols[AG_GRADES + i].width = 9;
        cols[AG_GRADES + i].kind = 2;
    }
    cols[n - 1].title = "一票否决";
    cols[n - 1].width = 9;
    cols[n - 1].kind = 2;
    r = sheet_new(b, &sh, "各单位", cols, n);
    free(cols);
    if (r)
        return -1;
    for (i = 0; i < s->ngroups; i++)
        group_row(b, &sh, s->groups[i], s->ngrades, s->groups[i]->name);
    sheet_end(b, &sh);
    /* the total below the filtered range, after an empty row: sorting
     * leaves it last */
    sh.row++;
    {
        char *key = s->all.key;

        s->all.key = (char *)"合计";
        group_row(b, &sh, &s->all, s->ngrades, "");
        s->all.key = key;
    }
    return 0;
}

static void
formats(struct book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xEEF2F8);
    format_set_border(b->head, LXW_BORDER_THIN);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
    b->num = workbook_add_format(b->wb);
    format_set_num_format(b->num, "0.00");
    b->whole = workbook_add_format(b->wb);
    format_set_num_format(b->whole, "0");
    b->pct = workbook_add_format(b->wb);
    format_set_num_format(b->pct, "0.0%");
    b->text = workbook_add_format(b->wb);
    format_set_num_format(b->text, "@");
}

static int
write_book(const char *path, FILE *rows, struct batch_summary *s,
           char **err)
{
    lxw_workbook_options opts;
    struct book b;
    lxw_error e;
    size_t i;
    int r, sys_err;

    memset(&opts, 0, sizeof opts);
    opts.constant_memory = LXW_TRUE;
    memset(&b, 0, sizeof b);
    add_categories(&b, s->cl);
    for (i = 0; i < s->nparts; i++)
        add_categories(&b, s->parts[i]->cl);
    b.wb = workbook_new_opt(path, &opts);
    if (!b.wb) {
        *err = batch_xstrdup(cli_msg("cannot create the workbook"));
        return -1;
    }
    formats(&b);
    /* sheets in the order a supervisor reads them; 待人工评查 comes
     * last, added when the first pending row is read */
    r = cases_sheet(&b);
    if (r == 0)
        r = sheet_new(&b, &b.deductions, "扣分明细", deduction_cols,
                      sizeof deduction_cols / sizeof *deduction_cols);
    if (r == 0)
        r = problems_sheet(&b, s);
    if (r == 0)
        r = agencies_sheet(&b, s);
    if (r == 0)
        r = archive_sheet(&b, s);
    if (r == 0)
        r = sheet_new(&b, &b.errors, "无法评查", error_cols,
                      sizeof error_cols / sizeof *error_cols);
    if (r == 0)
        r = read_rows(&b, rows);
    if (r == 0) {
        sheet_end(&b, &b.cases);
        sheet_end(&b, &b.deductions);
        sheet_end(&b, &b.errors);
        if (b.pending.ws)
            sheet_end(&b, &b.pending);
    }
    errno = 0;
    e = workbook_close(b.wb);
    sys_err = errno;
    batch_buf_free(&b.cell);
    free(b.cat_id);
    free(b.cat_title);
    if (r == 0 && e != LXW_NO_ERROR) {
        /* libxlsxwriter's English words kept as the detail */
        struct batch_buf m = {0};

        batch_buf_printf(&m, cli_msg("cannot save the workbook (%s)"),
                         sys_err && (e == LXW_ERROR_ZIP_FILE_OPERATION
                                     || e == LXW_ERROR_CREATING_XLSX_FILE)
                             ? cli_errno_text(sys_err)
                             : lxw_strerror(e));
        *err = m.data;
        return -1;
    }
    if (r != 0)
        *err = batch_xstrdup(cli_msg("cannot write the workbook"));
    return r;
}

/* libxlsxwriter prints its own English errors on standard error; the
 * command says what failed in the user's language instead, so they go
 * to /dev/null while it writes (the workers are done by then). */
int
batch_xlsx_write(const char *path, FILE *rows, struct batch_summary *s,
                 char **err)
{
    int saved, null, r;

    fflush(stderr);
    saved = dup(STDERR_FILENO);
    null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    r = write_book(path, rows, s, err);
    if (saved >= 0 && null >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
    }
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    return r;
}

int
batch_xlsx_supported(void)
{
    return 1;
}

#else /* !CR_HAVE_XLSXWRITER */

int
batch_xlsx_write(const char *path, FILE *rows, struct batch_summary *s,
                 char **err)
{
    (void)path, (void)rows, (void)s;
    *err = batch_xstrdup(
        cli_msg("casereview was built without libxlsxwriter"));
    return -1;
}

int
batch_xlsx_supported(void)
{
    return 0;
}

#endif
