/* cmd-describe.c — casereview describe: a checklist's title, grades,
 * categories and items, as Markdown (for rules/README.md and for
 * reviewers) or as tab-separated values (for scripts). Uses only the
 * public getters, so it shows what the engine compiled, not what the
 * file says. */
#include <string.h>

#include "cli.h"
#include "batch.h"

static const char usage_text[] =
    "usage: casereview describe [--format markdown|tsv] [--param NAME=VALUE]...\n"
    "                           [--data NAME=PATH]... CHECKLIST...\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Prints each CHECKLIST (a path, or a name found by casereview list) for\n"
    "people: its grades, categories, items with their points and basis, and\n"
    "params, as Markdown, or one TSV row per item with a header row. The\n"
    "document is in Chinese whatever the language, like the reports.\n"
    "\n"
    "  --format markdown|tsv      markdown (the default) or tsv\n"
    "  --param NAME=VALUE         set a param of the checklist\n"
    "  --data NAME=PATH           use another file for a data document\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 every checklist described; 2 bad usage or a checklist\n"
    "that does not load.\n";

enum describe_format { FORMAT_MARKDOWN, FORMAT_TSV };

/* Writes S as one Markdown table cell: a '|' would end the cell and a
 * line break the row, so they are escaped or flattened. */
static void
put_cell(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n' || *s == '\r' || *s == '\t')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

/* Writes S as one TSV field: tabs and line breaks become spaces. */
static void
put_field(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* Points print as integers when whole, else with up to two decimals,
 * as in casereview-result/1. */
static void
put_number(FILE *f, double v)
{
    struct batch_buf b = {0};

    batch_buf_number(&b, v);
    fputs(b.data, f);
    batch_buf_free(&b);
}

static size_t
count_vetoes(const struct cr_checklist *cl)
{
    size_t i, n = 0;

    for (i = 0; i < cr_checklist_get_item_count(cl); i++)
        n += cr_checklist_get_item_veto(cl, i) != 0;
    return n;
}

static size_t
count_items_in(const struct cr_checklist *cl, const char *category)
{
    size_t i, n = 0;

    for (i = 0; i < cr_checklist_get_item_count(cl); i++)
        n += strcmp(cr_checklist_get_item_category(cl, i), category) == 0;
    return n;
}

/* Does CL use checklist 1.1's scoring? Its tables then get the
 * columns 1.1 needs; a 1.0 checklist is described as before. */
static int
is_scheme(const struct cr_checklist *cl)
{
    return strcmp(cr_checklist_get_language(cl), "1.1") == 0;
}

static size_t
count_reviewer(const struct cr_checklist *cl)
{
    size_t i, n = 0;

    for (i = 0; i < cr_checklist_get_item_count(cl); i++)
        n += cr_checklist_get_item_reviewer(cl, i) != 0;
    return n;
}

static void
markdown_header(FILE *f, const struct cr_checklist *cl)
{
    const char *title = cr_checklist_get_title(cl);
    const char *version = cr_checklist_get_version(cl);

    fprintf(f, "## %s\n\n", *title ? title : cr_checklist_get_id(cl));
    fprintf(f, "- 编号：`%s`\n", cr_checklist_get_id(cl));
    if (*version)
        fprintf(f, "- 版本：%s\n", version);
    fputs("- 总分：", f);
    put_number(f, cr_checklist_get_total(cl));
    fprintf(f, "\n- 评查项目：%zu 项（否决项 %zu 项）\n",
            cr_checklist_get_item_count(cl), count_vetoes(cl));
    if (is_scheme(cl))
        fprintf(f, "- 否决项不合格：%s\n- 人工评查项目：%zu 项\n",
                strcmp(cr_checklist_get_veto_effect(cl), "zero") == 0
                    ? "得 0 分，最低等次（veto=\"zero\"）"
                : strcmp(cr_checklist_get_veto_effect(cl), "unscored") == 0
                    ? "不计分，最低等次（veto=\"unscored\"）"
                    : "最低等次（veto=\"lowest-grade\"）",
                count_reviewer(cl));
    fputc('\n', f);
}

static void
markdown_grades(FILE *f, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_grade_count(cl);

    if (n == 0)
        return;
    fputs("| 等次 | 名称 | 最低分 |\n|---|---|---:|\n", f);
    for (i = 0; i < n; i++) {
        fputs("| ", f);
        put_cell(f, cr_checklist_get_grade_id(cl, i));
        fputs(" | ", f);
        put_cell(f, cr_checklist_get_grade_label(cl, i));
        fputs(" | ", f);
        put_number(f, cr_checklist_get_grade_min(cl, i));
        fputs(" |\n", f);
    }
    fputs("\n任一否决项不合格，即为最低等次。\n\n", f);
}

/* Checklist 1.1: how the category scores, and where it sits. */
static void
put_scheme_cells(FILE *f, const struct cr_checklist *cl, size_t i)
{
    const char *role = cr_checklist_get_category_role(cl, i);
    long parent = cr_checklist_get_category_parent(cl, i);

    fprintf(f, " | %s | %s | ", cr_checklist_get_category_scoring(cl, i),
            role ? role : "");
    put_cell(f, parent >= 0 ? cr_checklist_get_category_id(cl,
                                                           (size_t)parent)
                            : "");
}

static void
markdown_categories(FILE *f, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_category_count(cl);
    int scheme = is_scheme(cl);

    if (scheme)
        fputs("| 类别 | 名称 | 分值 | 计分方式 | 角色 | 上级类别 | "
              "项目数 |\n|---|---|---:|---|---|---|---:|\n", f);
    else
        fputs("| 类别 | 名称 | 分值 | 项目数 |\n|---|---|---:|---:|\n", f);
    for (i = 0; i < n; i++) {
        const char *id = cr_checklist_get_category_id(cl, i);
        fputs("| ", f);
        put_cell(f, id);
        fputs(" | ", f);
        put_cell(f, cr_checklist_get_category_title(cl, i));
        fputs(" | ", f);
        put_number(f, cr_checklist_get_category_points(cl, i));
        if (scheme)
            put_scheme_cells(f, cl, i);
        fprintf(f, " | %zu |\n", count_items_in(cl, id));
    }
    fputc('\n', f);
}

/* "3" for a once-per-case item; "每处 3，最多 9" for per="node";
 * checklist 1.1: "1–5" for a range, "得 0.5" for an earn item (with
 * "，每处扣 1，最多 …" for per="node"), "+15" for a bonus item. */
static void
put_points(FILE *f, const struct cr_checklist *cl, size_t i)
{
    double min, max;

    if (cr_checklist_get_item_bonus(cl, i) > 0) {
        fputc('+', f);
        put_number(f, cr_checklist_get_item_bonus(cl, i));
        return;
    }
    if (cr_checklist_get_item_points(cl, i) > 0) {
        fputs("得 ", f);
        put_number(f, cr_checklist_get_item_points(cl, i));
        if (!cr_checklist_get_item_per_node(cl, i))
            return;
        fputs("，每处扣 ", f);
    }
    if (cr_checklist_get_item_range(cl, i, &min, &max)) {
        put_number(f, min);
        fputs("–", f);
        put_number(f, max);
        return;
    }
    if (cr_checklist_get_item_per_node(cl, i) &&
        cr_checklist_get_item_points(cl, i) <= 0)
        fputs("每处 ", f);
    put_number(f, cr_checklist_get_item_deduct(cl, i));
    if (cr_checklist_get_item_per_node(cl, i)) {
        fputs("，最多 ", f);
        put_number(f, cr_checklist_get_item_max(cl, i));
    }
}

/* Checklist 1.1: who decides the item and what its failure does
 * beyond its points. */
static void
put_decision_cells(FILE *f, const struct cr_checklist *cl, size_t i)
{
    const char *cap = cr_checklist_get_item_cap_grade(cl, i);

    fputs(cr_checklist_get_item_reviewer(cl, i) ? "人工 | " : "自动 | ", f);
    if (cr_checklist_get_item_zero_category(cl, i))
        fputs("本类得 0 分 ", f);
    if (cap) {
        fputs("等次至多 ", f);
        put_cell(f, cap);
    }
    fputs(" | ", f);
}

static void
markdown_items(FILE *f, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_item_count(cl);
    int scheme = is_scheme(cl);

    if (scheme)
        fputs("| 编号 | 类别 | 评查项目 | 分值 | 否决 | 评查方式 | "
              "不合格时 | 依据 |\n|---|---|---|---|---|---|---|---|\n", f);
    else
        fputs("| 编号 | 类别 | 评查项目 | 分值 | 否决 | 依据 |\n"
              "|---|---|---|---|---|---|\n", f);
    for (i = 0; i < n; i++) {
        fputs("| ", f);
        put_cell(f, cr_checklist_get_item_id(cl, i));
        fputs(" | ", f);
        put_cell(f, cr_checklist_get_item_category(cl, i));
        fputs(" | ", f);
        put_cell(f, cr_checklist_get_item_title(cl, i));
        fputs(" | ", f);
        put_points(f, cl, i);
        fputs(cr_checklist_get_item_veto(cl, i) ? " | **否决** | " : " |  | ",
              f);
        if (scheme)
            put_decision_cells(f, cl, i);
        put_cell(f, cr_checklist_get_item_basis(cl, i));
        fputs(" |\n", f);
    }
    fputc('\n', f);
}

/* The params a run may set (--param), with their types and bounds. */
static void
markdown_params(FILE *f, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_param_count(cl);

    if (n == 0)
        return;
    fputs("| 参数 | 类型 | 默认值 | 范围 |\n|---|---|---|---|\n", f);
    for (i = 0; i < n; i++) {
        const char *min = cr_checklist_get_param_min(cl, i);
        const char *max = cr_checklist_get_param_max(cl, i);
        fputs("| ", f);
        put_cell(f, cr_checklist_get_param_name(cl, i));
        fprintf(f, " | %s | ", cr_checklist_get_param_type(cl, i));
        put_cell(f, cr_checklist_get_param_value(cl, i));
        fputs(" | ", f);
        if (min) {
            fputs("≥ ", f);
            put_cell(f, min);
        }
        if (max) {
            fputs(min ? "，≤ " : "≤ ", f);
            put_cell(f, max);
        }
        fputs(" |\n", f);
    }
    fputc('\n', f);
}

static void
describe_markdown(FILE *f, const struct cr_checklist *cl)
{
    markdown_header(f, cl);
    markdown_grades(f, cl);
    markdown_categories(f, cl);
    markdown_params(f, cl);
    markdown_items(f, cl);
}

/* One line per item: checklist, id, category, title, deduct, max,
 * per (item|node), veto (0|1), basis; for a checklist 1.1 also points,
 * bonus, deduct-min, deduct-max (empty without a range), decide
 * (machine|reviewer), on-fail, cap-grade. */
static void
tsv_scheme_fields(FILE *f, const struct cr_checklist *cl, size_t i)
{
    const char *cap = cr_checklist_get_item_cap_grade(cl, i);
    double min, max;

    fputc('\t', f);
    put_number(f, cr_checklist_get_item_points(cl, i));
    fputc('\t', f);
    put_number(f, cr_checklist_get_item_bonus(cl, i));
    fputc('\t', f);
    if (cr_checklist_get_item_range(cl, i, &min, &max)) {
        put_number(f, min);
        fputc('\t', f);
        put_number(f, max);
    } else {
        fputc('\t', f);
    }
    fprintf(f, "\t%s\t%s\t",
            cr_checklist_get_item_reviewer(cl, i) ? "reviewer" : "machine",
            cr_checklist_get_item_zero_category(cl, i) ? "zero-category" : "");
    put_field(f, cap ? cap : "");
}

/* The header row, in Chinese as the rest of describe: the columns of a
 * checklist 1.0, and for 1.1 the seven more. */
static void
tsv_header(FILE *f, int scheme)
{
    fputs("评查标准\t编号\t类别\t评查项目\t扣分\t扣分上限\t计扣方式\t"
          "否决\t依据", f);
    if (scheme)
        fputs("\t得分\t加分\t扣分幅度下限\t扣分幅度上限\t评查方式\t"
              "不合格时\t等次上限", f);
    fputc('\n', f);
}

/* *LAST: the header printed last (-1 none, else is_scheme); a header
 * row comes first, and again only where the columns change. */
static void
describe_tsv(FILE *f, const struct cr_checklist *cl, int *last)
{
    size_t i, n = cr_checklist_get_item_count(cl);

    if (*last != is_scheme(cl)) {
        *last = is_scheme(cl);
        tsv_header(f, *last);
    }

    for (i = 0; i < n; i++) {
        put_field(f, cr_checklist_get_id(cl));
        fputc('\t', f);
        put_field(f, cr_checklist_get_item_id(cl, i));
        fputc('\t', f);
        put_field(f, cr_checklist_get_item_category(cl, i));
        fputc('\t', f);
        put_field(f, cr_checklist_get_item_title(cl, i));
        fputc('\t', f);
        put_number(f, cr_checklist_get_item_deduct(cl, i));
        fputc('\t', f);
        put_number(f, cr_checklist_get_item_max(cl, i));
        fprintf(f, "\t%s\t%d\t",
                cr_checklist_get_item_per_node(cl, i) ? "node" : "item",
                cr_checklist_get_item_veto(cl, i) ? 1 : 0);
        put_field(f, cr_checklist_get_item_basis(cl, i));
        if (is_scheme(cl))
            tsv_scheme_fields(f, cl, i);
        fputc('\n', f);
    }
}

/* Returns the index of the first checklist argument, -1 on bad usage,
 * 0 after --help. */
static int
parse_args(int argc, char **argv, enum describe_format *format,
           struct cr_load_options *opts)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            return 0;
        } else if (strcmp(a, "--format") == 0 && has_next) {
            a = argv[++i];
            if (strcmp(a, "markdown") == 0) {
                *format = FORMAT_MARKDOWN;
            } else if (strcmp(a, "tsv") == 0) {
                *format = FORMAT_TSV;
            } else {
                cli_error("unknown format '%s' (markdown or tsv)", a);
                return -1;
            }
        } else if (strcmp(a, "--param") == 0 && has_next) {
            if (cli_add_override(opts, argv[++i], 0) != 0)
                return -1;
        } else if (strcmp(a, "--data") == 0 && has_next) {
            if (cli_add_override(opts, argv[++i], 1) != 0)
                return -1;
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("unknown or incomplete option '%s'", a);
            return -1;
        } else {
            return i;
        }
    }
    if (i < argc)
        return i;
    cli_error("give a checklist");
    return -1;
}

int
cmd_describe(int argc, char **argv)
{
    struct cr_load_options *opts = NULL;
    enum describe_format format = FORMAT_MARKDOWN;
    int first, i, status = CLI_EXIT_OK, tsv_columns = -1;

    if (cli_options_new(&opts) != CR_OK) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    first = parse_args(argc, argv, &format, opts);
    if (first <= 0) {
        if (first < 0)
            fputs(cli_msg(usage_text), stderr);
        cr_load_options_free(opts);
        return first < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    for (i = first; i < argc; i++) {
        struct cr_checklist *cl = cli_load_checklist(argv[i], opts);
        if (!cl) {
            status = CLI_EXIT_USAGE;
            continue;
        }
        if (format == FORMAT_TSV)
            describe_tsv(stdout, cl, &tsv_columns);
        else
            describe_markdown(stdout, cl);
        cr_checklist_unref(cl);
    }
    cr_load_options_free(opts);
    if (cli_flush_stdout("describe", "report") != 0)
        return CLI_EXIT_USAGE;
    return status;
}
