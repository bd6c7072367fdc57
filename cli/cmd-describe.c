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
    fprintf(f, "- id: `%s`\n", cr_checklist_get_id(cl));
    if (*version)
        fprintf(f, "- version: %s\n", version);
    fputs("- total: ", f);
    put_number(f, cr_checklist_get_total(cl));
    fprintf(f, "\n- items: %zu (veto items: %zu)\n",
            cr_checklist_get_item_count(cl), count_vetoes(cl));
    if (is_scheme(cl))
        fprintf(f, "- a failed veto item: %s\n- reviewer items: %zu\n",
                strcmp(cr_checklist_get_veto_effect(cl), "zero") == 0
                    ? "score 0 and the lowest grade (veto=\"zero\")"
                : strcmp(cr_checklist_get_veto_effect(cl), "unscored") == 0
                    ? "no score, the lowest grade (veto=\"unscored\")"
                    : "the lowest grade (veto=\"lowest-grade\")",
                count_reviewer(cl));
    fputc('\n', f);
}

static void
markdown_grades(FILE *f, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_grade_count(cl);

    if (n == 0)
        return;
    fputs("| grade | label | min |\n|---|---|---:|\n", f);
    for (i = 0; i < n; i++) {
        fputs("| ", f);
        put_cell(f, cr_checklist_get_grade_id(cl, i));
        fputs(" | ", f);
        put_cell(f, cr_checklist_get_grade_label(cl, i));
        fputs(" | ", f);
        put_number(f, cr_checklist_get_grade_min(cl, i));
        fputs(" |\n", f);
    }
    fputs("\nAny failed veto item gives the lowest grade.\n\n", f);
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
        fputs("| category | title | points | scoring | role | parent | "
              "items |\n|---|---|---:|---|---|---|---:|\n", f);
    else
        fputs("| category | title | points | items |\n|---|---|---:|---:|\n",
              f);
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

/* "3" for a once-per-case item; "3 each, max 9" for per="node";
 * checklist 1.1: "1–5" for a range, "earns 0.5" for an earn item
 * (with "−1 each" for per="node"), "+15" for a bonus item. */
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
        fputs("earns ", f);
        put_number(f, cr_checklist_get_item_points(cl, i));
        if (!cr_checklist_get_item_per_node(cl, i))
            return;
        fputs(", -", f);
    }
    if (cr_checklist_get_item_range(cl, i, &min, &max)) {
        put_number(f, min);
        fputs("–", f);
        put_number(f, max);
        return;
    }
    put_number(f, cr_checklist_get_item_deduct(cl, i));
    if (cr_checklist_get_item_per_node(cl, i)) {
        fputs(" each, max ", f);
        put_number(f, cr_checklist_get_item_max(cl, i));
    }
}

/* Checklist 1.1: who decides the item and what its failure does
 * beyond its points. */
static void
put_decision_cells(FILE *f, const struct cr_checklist *cl, size_t i)
{
    const char *cap = cr_checklist_get_item_cap_grade(cl, i);

    fputs(cr_checklist_get_item_reviewer(cl, i) ? "reviewer | " : "machine | ",
          f);
    if (cr_checklist_get_item_zero_category(cl, i))
        fputs("zero-category ", f);
    if (cap) {
        fputs("grade at most ", f);
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
        fputs("| id | category | title | points | veto | decided by | "
              "on fail | basis |\n|---|---|---|---|---|---|---|---|\n", f);
    else
        fputs("| id | category | title | points | veto | basis |\n"
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
        fputs(cr_checklist_get_item_veto(cl, i) ? " | **veto** | " : " |  | ",
              f);
        if (scheme)
            put_decision_cells(f, cl, i);
        put_cell(f, cr_checklist_get_item_basis(cl, i));
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

static void
describe_tsv(FILE *f, const struct cr_checklist *cl)
{
    size_t i, n = cr_checklist_get_item_count(cl);

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
            fputs(usage_text, stdout);
            return 0;
        } else if (strcmp(a, "--format") == 0 && has_next) {
            a = argv[++i];
            if (strcmp(a, "markdown") == 0) {
                *format = FORMAT_MARKDOWN;
            } else if (strcmp(a, "tsv") == 0) {
                *format = FORMAT_TSV;
            } else {
                fprintf(stderr, "casereview describe: unknown format '%s'\n",
                        a);
                return -1;
            }
        } else if (strcmp(a, "--param") == 0 && has_next) {
            if (cli_add_override(opts, argv[++i], 0) != 0)
                return -1;
        } else if (strcmp(a, "--data") == 0 && has_next) {
            if (cli_add_override(opts, argv[++i], 1) != 0)
                return -1;
        } else if (strcmp(a, "--") == 0) {
            return i + 1 < argc ? i + 1 : -1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "casereview describe: unknown or incomplete "
                            "option '%s'\n", a);
            return -1;
        } else {
            return i;
        }
    }
    return -1;
}

int
cmd_describe(int argc, char **argv)
{
    struct cr_load_options *opts = NULL;
    enum describe_format format = FORMAT_MARKDOWN;
    int first, i, status = CLI_EXIT_OK;

    if (cli_options_new(&opts) != CR_OK) {
        fputs("casereview describe: out of memory\n", stderr);
        return CLI_EXIT_USAGE;
    }
    first = parse_args(argc, argv, &format, opts);
    if (first <= 0) {
        if (first < 0)
            fputs(usage_text, stderr);
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
            describe_tsv(stdout, cl);
        else
            describe_markdown(stdout, cl);
        cr_checklist_unref(cl);
    }
    cr_load_options_free(opts);
    if (fflush(stdout) != 0) {
        perror("casereview describe: stdout");
        return CLI_EXIT_USAGE;
    }
    return status;
}
