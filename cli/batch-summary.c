/* batch-summary.c — the batch summary: counts, mean and median score,
 * grade distribution, vetoes, the most frequent deductions (共性问题),
 * overall and per group (agency). Cases are added in output order, so
 * every figure (even a floating-point sum) is the same for any -j. */
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "batch-set.h"
#include "batch-summary.h"
#include "batch-skipped.h"

/* Unscorable cases remembered by name for the summary and report; the
 * JSON Lines output has them all. */
#define SUMMARY_MAX_ERRORS 1000

static void
group_init(struct batch_group *g, const char *key, size_t ngrades,
           size_t nitems)
{
    memset(g, 0, sizeof *g);
    g->key = batch_xstrdup(key);
    g->grade_counts = calloc(ngrades + 1, sizeof(size_t));
    g->fail_counts = calloc(nitems + 1, sizeof(size_t));
    g->veto_counts = calloc(nitems + 1, sizeof(size_t));
    if (!g->grade_counts || !g->fail_counts || !g->veto_counts) {
        cli_error("out of memory");
        exit(2);
    }
}

static void
group_clear(struct batch_group *g)
{
    free(g->key);
    free(g->name);
    free(g->grade_counts);
    free(g->fail_counts);
    free(g->veto_counts);
    free(g->scores);
    free(g->pending);
}

struct batch_summary *
batch_summary_new(const struct cr_checklist *cl)
{
    struct batch_summary *s = batch_xmalloc(sizeof *s);

    memset(s, 0, sizeof *s);
    s->cl = cl;
    s->ngrades = cr_checklist_get_grade_count(cl);
    s->nitems = cr_checklist_get_item_count(cl);
    s->scheme = strcmp(cr_checklist_get_language(cl), "1.1") == 0;
    group_init(&s->all, "", s->ngrades, s->nitems);
    return s;
}

void
batch_summary_free(struct batch_summary *s)
{
    size_t i;

    if (!s)
        return;
    group_clear(&s->all);
    for (i = 0; i < s->ngroups; i++) {
        group_clear(s->groups[i]);
        free(s->groups[i]);
    }
    free(s->groups);
    for (i = 0; i < s->nerrors; i++) {
        free(s->errors[i].source);
        free(s->errors[i].message);
    }
    free(s->errors);
    free(s->verdict_seen);
    for (i = 0; i < s->nparts; i++)
        batch_summary_free(s->parts[i]);
    free(s->parts);
    free(s);
}

void
batch_summary_set_verdicts(struct batch_summary *s,
                           const struct cr_verdicts *v)
{
    s->verdicts = v;
    free(s->verdict_seen);
    s->verdict_seen = v ? calloc(cr_verdicts_get_case_count(v) + 1, 1)
                        : NULL;
    if (v && !s->verdict_seen) {
        cli_error("out of memory");
        exit(2);
    }
}

void
batch_summary_set_run(struct batch_summary *s, const char *unit,
                      char *const *paths, size_t npaths)
{
    s->unit = unit;
    s->paths = paths;
    s->npaths = npaths;
}

size_t
batch_summary_unused_verdicts(const struct batch_summary *s, FILE *f)
{
    size_t i, n = 0;

    for (i = 0; s->verdicts && i < cr_verdicts_get_case_count(s->verdicts);
         i++) {
        struct batch_buf line = {0}, id = {0};
        if (s->verdict_seen[i])
            continue;
        n++;
        /* the id comes from a file: no escape sequences on a terminal */
        batch_buf_puts(&id, "");
        batch_buf_line(&id, cr_verdicts_get_case_id(s->verdicts, i));
        batch_buf_printf(&line, cli_msg("%s:%d: warning[CR-2510]: verdicts "
                                        "for case '%s', which was never "
                                        "scored\n"),
                         cr_verdicts_get_path(s->verdicts),
                         cr_verdicts_get_case_line(s->verdicts, i), id.data);
        fputs(line.data, f);
        batch_buf_free(&id);
        batch_buf_free(&line);
    }
    return n;
}

/* The group for KEY, created in key order (binary search; agencies are
 * a few hundred at most). */
static struct batch_group *
find_group(struct batch_summary *s, const char *key)
{
    size_t lo = 0, hi = s->ngroups;
    struct batch_group *g;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->groups[mid]->key, key);

        if (c == 0)
            return s->groups[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (s->ngroups == s->groups_cap) {
        s->groups_cap = s->groups_cap ? s->groups_cap * 2 : 16;
        s->groups = batch_xrealloc(s->groups,
                                   s->groups_cap * sizeof *s->groups);
    }
    memmove(&s->groups[lo + 1], &s->groups[lo],
            (s->ngroups - lo) * sizeof *s->groups);
    g = batch_xmalloc(sizeof *g);
    group_init(g, key, s->ngrades, s->nitems);
    s->groups[lo] = g;
    s->ngroups++;
    return g;
}

/* Scores are buffered and merged into the sorted distinct values when
 * the buffer is full, so a group costs at most SCORES_PENDING_MAX
 * doubles more than its distinct scores. */
#define SCORES_PENDING_MAX 4096

static void
add_score(struct batch_group *g, double score)
{
    if (g->npending == g->pending_cap) {
        if (g->pending_cap == SCORES_PENDING_MAX)
            batch_group_merge_scores(g);
        else {
            g->pending_cap = g->pending_cap ? g->pending_cap * 2 : 16;
            g->pending = batch_xrealloc(g->pending,
                                        g->pending_cap * sizeof *g->pending);
        }
    }
    g->pending[g->npending++] = score;
}

static void
group_add(struct batch_group *g, const struct batch_case *c, size_t nitems)
{
    size_t i;

    g->cases++;
    if (!g->name && c->agency_name && *c->agency_name)
        g->name = batch_xstrdup(c->agency_name);
    if (c->flags & BATCH_CASE_ERROR) {
        g->unscorable++;
        return;
    }
    g->scored++;
    if (c->flags & BATCH_CASE_INCOMPLETE)
        g->incomplete++;
    if (c->flags & BATCH_CASE_VETOED)
        g->vetoed++;
    if (c->flags & BATCH_CASE_PENDING)
        g->pending_cases++;
    if (c->grade >= 0)
        g->grade_counts[c->grade]++;
    for (i = 0; i < c->failed_count; i++)
        if (c->failed[i] < nitems)
            g->fail_counts[c->failed[i]]++;
    for (i = 0; i < c->veto_count; i++)
        if (c->vetoes[i] < nitems)
            g->veto_counts[c->vetoes[i]]++;
    if (c->flags & BATCH_CASE_UNSCORED) {   /* no score to average */
        g->unscored++;
        return;
    }
    g->with_score++;
    g->sum += c->score;
    add_score(g, c->score);
}

static void
remember_error(struct batch_summary *s, const struct batch_case *c)
{
    if (s->nerrors == SUMMARY_MAX_ERRORS) {
        s->errors_truncated = 1;
        return;
    }
    if (s->nerrors == s->errors_cap) {
        s->errors_cap = s->errors_cap ? s->errors_cap * 2 : 16;
        s->errors = batch_xrealloc(s->errors,
                                   s->errors_cap * sizeof *s->errors);
    }
    s->errors[s->nerrors].source = batch_xstrdup(c->source);
    s->errors[s->nerrors].message = batch_xstrdup(c->error);
    s->nerrors++;
}

void
batch_summary_add(struct batch_summary *s, const struct batch_case *c)
{
    struct batch_case own;

    if (s->nparts)
        c = batch_summary_route(s, c, &own);
    group_add(&s->all, c, s->nitems);
    group_add(find_group(s, c->group), c, s->nitems);
    if (c->flags & BATCH_CASE_ERROR)
        remember_error(s, c);
    if (c->flags & BATCH_CASE_LISTED)
        s->listed++;
    if (s->verdicts && !(c->flags & BATCH_CASE_ERROR)) {
        long k = cr_verdicts_find_case(s->verdicts, c->case_id);
        if (k >= 0)
            s->verdict_seen[k] = 1;
    }
}

static int
double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

void
batch_group_merge_scores(struct batch_group *g)
{
    struct batch_score_count *merged;
    size_t i = 0, j = 0, n = 0;

    if (g->npending == 0)
        return;
    qsort(g->pending, g->npending, sizeof *g->pending, double_cmp);
    merged = batch_xmalloc((g->nscores + g->npending) * sizeof *merged);
    /* A two-way merge that always advances, equal values folded. */
    while (i < g->nscores || j < g->npending) {
        struct batch_score_count next;

        if (j == g->npending
            || (i < g->nscores && !(g->pending[j] < g->scores[i].score))) {
            next = g->scores[i++];
        } else {
            next.score = g->pending[j++];
            next.count = 1;
        }
        if (n > 0 && merged[n - 1].score == next.score)
            merged[n - 1].count += next.count;
        else
            merged[n++] = next;
    }
    free(g->scores);
    g->scores = batch_xrealloc(merged, (n ? n : 1) * sizeof *merged);
    g->nscores = n;
    g->npending = 0;
}

/* The K-th smallest score (from 0); K < the number of scores. */
static double
score_at(const struct batch_group *g, size_t k)
{
    size_t i;

    for (i = 0; i + 1 < g->nscores && k >= g->scores[i].count; i++)
        k -= g->scores[i].count;
    return g->scores[i].score;
}

double
batch_group_median(struct batch_group *g)
{
    size_t n = g->with_score;

    batch_group_merge_scores(g);
    if (n == 0 || g->nscores == 0)
        return 0;
    if (n % 2)
        return score_at(g, n / 2);
    return (score_at(g, n / 2 - 1) + score_at(g, n / 2)) / 2;
}

double
batch_group_mean(const struct batch_group *g)
{
    return g->with_score ? g->sum / (double)g->with_score : 0;
}

/* Item indexes with a nonzero count, most frequent first, checklist
 * order on ties. Returns how many; *OUT is malloc'd. */
size_t
batch_rank_items(const size_t *counts, size_t nitems, size_t **out)
{
    size_t *idx = batch_xmalloc((nitems + 1) * sizeof *idx);
    size_t i, j, n = 0;

    for (i = 0; i < nitems; i++) {
        if (!counts[i])
            continue;
        /* Insertion keeps it stable; checklists have tens of items. */
        for (j = n; j > 0 && counts[idx[j - 1]] < counts[i]; j--)
            idx[j] = idx[j - 1];
        idx[j] = i;
        n++;
    }
    *out = idx;
    return n;
}

static void
json_item_counts(struct batch_buf *out, const struct batch_summary *s,
                 const size_t *counts, size_t scored, int with_basis)
{
    size_t *idx, i, n = batch_rank_items(counts, s->nitems, &idx);

    batch_buf_puts(out, "[");
    for (i = 0; i < n; i++) {
        size_t k = idx[i];

        batch_buf_puts(out, i ? ", {\"id\": " : "{\"id\": ");
        batch_buf_json_str(out, cr_checklist_get_item_id(s->cl, k));
        batch_buf_puts(out, ", \"title\": ");
        batch_buf_json_str(out, cr_checklist_get_item_title(s->cl, k));
        if (with_basis) {
            batch_buf_puts(out, ", \"basis\": ");
            batch_buf_json_str(out, cr_checklist_get_item_basis(s->cl, k));
        }
        batch_buf_printf(out, ", \"cases\": %zu", counts[k]);
        if (with_basis) {
            batch_buf_puts(out, ", \"percent\": ");
            batch_buf_number(out, scored ? 100.0 * (double)counts[k]
                                               / (double)scored : 0);
        }
        batch_buf_puts(out, "}");
    }
    batch_buf_puts(out, "]");
    free(idx);
}

static void
json_group_body(struct batch_buf *out, const struct batch_summary *s,
                struct batch_group *g)
{
    size_t i;

    batch_buf_printf(out, "\"cases\": %zu, \"scored\": %zu, "
                          "\"unscorable\": %zu, \"incomplete\": %zu, ",
                     g->cases, g->scored, g->unscorable, g->incomplete);
    if (s->scheme)      /* checklist 1.1: additive keys */
        batch_buf_printf(out, "\"pending\": %zu, \"unscored\": %zu, ",
                         g->pending_cases, g->unscored);
    batch_buf_puts(out, "\"mean\": ");
    if (g->with_score)
        batch_buf_number(out, batch_group_mean(g));
    else
        batch_buf_puts(out, "null");
    batch_buf_puts(out, ", \"median\": ");
    if (g->with_score)
        batch_buf_number(out, batch_group_median(g));
    else
        batch_buf_puts(out, "null");
    batch_buf_puts(out, ", \"grades\": [");
    for (i = 0; i < s->ngrades; i++) {
        batch_buf_puts(out, i ? ", {\"id\": " : "{\"id\": ");
        batch_buf_json_str(out, cr_checklist_get_grade_id(s->cl, i));
        batch_buf_puts(out, ", \"label\": ");
        batch_buf_json_str(out, cr_checklist_get_grade_label(s->cl, i));
        batch_buf_printf(out, ", \"count\": %zu}", g->grade_counts[i]);
    }
    batch_buf_printf(out, "], \"vetoed\": %zu, \"vetoes\": ", g->vetoed);
    json_item_counts(out, s, g->veto_counts, g->scored, 0);
    batch_buf_puts(out, ", \"common_problems\": ");
    json_item_counts(out, s, g->fail_counts, g->scored, 1);
}

/* The files seen and not scored, with why (additive to summary/1). */
static void
json_skipped(struct batch_buf *out)
{
    const struct batch_skip *list;
    size_t i, listed, n = batch_skipped_list(&list, &listed);

    batch_buf_puts(out, ", \"skipped\": [");
    for (i = 0; i < listed; i++) {
        batch_buf_puts(out, i ? ", {\"source\": " : "{\"source\": ");
        batch_buf_json_str(out, list[i].source);
        batch_buf_puts(out, ", \"reason\": ");
        batch_buf_json_str(out, list[i].reason);
        batch_buf_puts(out, "}");
    }
    batch_buf_printf(out, "], \"skipped_count\": %zu", n);
}

void
batch_summary_json(struct batch_summary *s, struct batch_buf *out)
{
    size_t i;

    batch_buf_puts(out, "{\"format\": \"casereview-summary/1\", "
                        "\"checklist\": {\"id\": ");
    batch_buf_json_str(out, cr_checklist_get_id(s->cl));
    batch_buf_puts(out, ", \"version\": ");
    batch_buf_json_str(out, cr_checklist_get_version(s->cl));
    batch_buf_puts(out, ", \"title\": ");
    batch_buf_json_str(out, cr_checklist_get_title(s->cl));
    batch_buf_puts(out, ", \"total\": ");
    batch_buf_number(out, cr_checklist_get_total(s->cl));
    batch_buf_puts(out, "}, ");
    json_group_body(out, s, &s->all);
    batch_buf_puts(out, ", \"groups\": [");
    for (i = 0; i < s->ngroups; i++) {
        batch_buf_puts(out, i ? ", {\"group\": " : "{\"group\": ");
        batch_buf_json_str(out, s->groups[i]->key);
        batch_buf_puts(out, ", ");
        json_group_body(out, s, s->groups[i]);
        batch_buf_puts(out, "}");
    }
    batch_buf_puts(out, "], \"unscorable_cases\": [");
    for (i = 0; i < s->nerrors; i++) {
        batch_buf_puts(out, i ? ", {\"source\": " : "{\"source\": ");
        batch_buf_json_str(out, s->errors[i].source);
        batch_buf_puts(out, ", \"message\": ");
        batch_buf_json_str(out, s->errors[i].message);
        batch_buf_puts(out, "}");
    }
    batch_buf_printf(out, "], \"unscorable_cases_truncated\": %s",
                     s->errors_truncated ? "true" : "false");
    if (!s->is_part)
        json_skipped(out);
    if (s->verdicts) {
        size_t k, first = 1;
        batch_buf_puts(out, ", \"verdicts_unused\": [");
        for (k = 0; k < cr_verdicts_get_case_count(s->verdicts); k++) {
            if (s->verdict_seen[k])
                continue;
            batch_buf_puts(out, first ? "{\"case\": " : ", {\"case\": ");
            batch_buf_json_str(out, cr_verdicts_get_case_id(s->verdicts, k));
            batch_buf_printf(out, ", \"line\": %d}",
                             cr_verdicts_get_case_line(s->verdicts, k));
            first = 0;
        }
        batch_buf_puts(out, "]");
    }
    if (s->nparts)
        batch_summary_parts_json(s, out);
    batch_rules_summary_json(s, out);
    batch_buf_puts(out, "}\n");
}

/* ---- text on stderr */

#define TEXT_TOP_PROBLEMS 5
#define TEXT_ERRORS 5

static void
text_number(FILE *f, double v)
{
    struct batch_buf b = {0};

    batch_buf_number(&b, v);
    fputs(b.data, f);
    batch_buf_free(&b);
}

static void
text_grades_and_vetoes(struct batch_summary *s, FILE *f)
{
    struct batch_group *g = &s->all;
    size_t *idx, i, n;

    if (s->ngrades) {
        fputs("等次：", f);
        for (i = 0; i < s->ngrades; i++)
            fprintf(f, "%s%s %zu", i ? "，" : "",
                    cr_checklist_get_grade_label(s->cl, i),
                    g->grade_counts[i]);
        fputs("\n", f);
    }
    fprintf(f, "一票否决：%zu 件", g->vetoed);
    n = batch_rank_items(g->veto_counts, s->nitems, &idx);
    for (i = 0; i < n; i++)
        fprintf(f, "%s%s %s %zu 件", i ? "，" : "（", 
                cr_checklist_get_item_id(s->cl, idx[i]),
                cr_checklist_get_item_title(s->cl, idx[i]),
                g->veto_counts[idx[i]]);
    fputs(n ? "）\n" : "\n", f);
    free(idx);
}

static void
text_problems(struct batch_summary *s, FILE *f)
{
    struct batch_group *g = &s->all;
    size_t *idx, i, n = batch_rank_items(g->fail_counts, s->nitems, &idx);

    if (n)
        fputs("共性问题：\n", f);
    for (i = 0; i < n && i < TEXT_TOP_PROBLEMS; i++) {
        size_t k = idx[i];

        fprintf(f, "  %s %s：%zu 件（", cr_checklist_get_item_id(s->cl, k),
                cr_checklist_get_item_title(s->cl, k), g->fail_counts[k]);
        text_number(f, 100.0 * (double)g->fail_counts[k] / (double)g->scored);
        fprintf(f, "%%）%s\n", cr_checklist_get_item_basis(s->cl, k));
    }
    free(idx);
}

void
batch_summary_text(struct batch_summary *s, FILE *f)
{
    struct batch_group *g = &s->all;
    size_t i;

    fprintf(f, "案卷 %zu 件：已评分 %zu，无法评查 %zu，评查不完整 %zu\n",
            g->cases, g->scored, g->unscorable, g->incomplete);
    if (s->scheme)
        fprintf(f, "待人工评查 %zu 件，不评分（一票否决）%zu 件\n",
                g->pending_cases, g->unscored);
    if (g->scored) {
        fputs("平均分 ", f);
        text_number(f, batch_group_mean(g));
        fputs("，中位数 ", f);
        text_number(f, batch_group_median(g));
        fputs("\n", f);
        text_grades_and_vetoes(s, f);
        text_problems(s, f);
    }
    if (s->nerrors)
        fputs("无法评查：\n", f);
    for (i = 0; i < s->nerrors && i < TEXT_ERRORS; i++) {
        /* names from archives reach a terminal: no escape sequences */
        struct batch_buf line = {0};

        batch_buf_puts(&line, "  ");
        batch_buf_line(&line, s->errors[i].source);
        batch_buf_puts(&line, "：");
        batch_buf_line(&line, s->errors[i].message);
        batch_buf_puts(&line, "\n");
        fputs(line.data, f);
        batch_buf_free(&line);
    }
    if (g->unscorable > TEXT_ERRORS)
        fprintf(f, "  ……共 %zu 件，见结果文件\n", g->unscorable);
    if (s->nparts)
        batch_summary_parts_text(s, f);
    batch_rules_summary_text(s, f);
    if (!s->is_part)
        batch_skipped_text(f, TEXT_ERRORS);
}

void
batch_skipped_text(FILE *f, size_t most)
{
    const struct batch_skip *list;
    size_t i, listed, n = batch_skipped_list(&list, &listed);

    if (n)
        fprintf(f, "跳过 %zu 个不是案卷的文件：\n", n);
    for (i = 0; i < listed && i < most; i++) {
        struct batch_buf line = {0};

        batch_buf_puts(&line, "  ");
        batch_buf_line(&line, list[i].source);
        batch_buf_puts(&line, "：");
        batch_buf_puts(&line, list[i].reason);
        batch_buf_puts(&line, "\n");
        fputs(line.data, f);
        batch_buf_free(&line);
    }
    if (n > most)
        fprintf(f, "  ……共 %zu 个，见汇总文件（--summary）\n", n);
}
