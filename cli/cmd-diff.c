/* cmd-diff.c — casereview diff: what changes between two versions of a
 * checklist, in the checklist itself (items added, removed, changed) and
 * in the results of the same cases scored under both, in one pass over
 * the inputs. Inputs are enumerated like `batch` (files, folders,
 * archives, sorted by source); output is deterministic whatever -j. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "diff-decl.h"

#define DIFF_MAX_MEMBER ((size_t)64 << 20)
#define DIFF_MAX_ARCHIVE ((uint64_t)16 << 30)
/* NaN: no score (checklist 1.1, veto="unscored"), the same as itself */
#define SAME(a, b) \
    ((isnan(a) && isnan(b)) || fabs((a) - (b)) < 0.005)

static const char usage_text[] =
    "usage: casereview diff -c OLD.xml -c NEW.xml [--param NAME=VALUE]... "
    "[--data NAME=PATH]...\n"
    "                       [--verdicts FILE] [--format text|json] [-j JOBS]\n"
    "                       [--transform MAPPING.xsl]\n"
    "                       " CLI_LIMIT_USAGE " [PATH...]\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Compares two checklists (what changed in them: items, params, data\n"
    "documents, calendar, grades, totals, <accepts>) and, over the cases in\n"
    "PATH (files, folders, archives, as for batch), the results they give.\n"
    "\n"
    "  -c, --checklist CHECKLIST  given twice: the old one, then the new one\n"
    "  --param NAME=VALUE         set a param of both checklists\n"
    "  --data NAME=PATH           use another file for a data document\n"
    "  --verdicts FILE            reviewers' decisions, applied under both\n"
    "  --format text|json         text: a report for people; json: one JSON\n"
    "                             document. Default: text on a terminal,\n"
    "                             json when the output is a file or a pipe\n"
    "  -j, --jobs N               score on N threads (default: all cores)\n"
    "  --transform MAPPING.xsl    turn an agency's own export into casefile\n"
    "  --max-case-nodes N, --max-case-tree BYTES, --max-case-work N\n"
    "                             the most one case may cost (docs/limits.md)\n"
    "  --max-findings N, --max-message-length N\n"
    "                             the most one result may hold\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 every case scored under both checklists; 1 some case\n"
    "could not be scored; 2 bad usage or a checklist that does not load.\n";

/* An item id of either checklist, with its index in each (-1: absent).
 * Old order first, then the items only the new checklist has. */
struct item_pair {
    const char *id;
    long old_i;
    long new_i;
};

/* What one checklist said about one item of one case. */
struct item_state {
    int state;                /* enum cr_item_state, or -1: no such item */
    double deducted;
};

/* One side of a case. */
struct side {
    int error;                /* could not be scored */
    char *error_msg;
    double score;
    char *grade;              /* id or NULL */
    char *grade_label;
    int vetoed;
    int incomplete;
};

struct item_change {
    size_t pair;
    struct item_state old_s;
    struct item_state new_s;
};

/* The comparison of one case, kept for the report when it changed. */
struct case_diff {
    int done;
    int changed;              /* score, grade, veto or scorability moved */
    int trouble;              /* unscorable or incomplete under either */
    char *source;
    char *case_id;
    struct side old_r;
    struct side new_r;
    struct item_change *items;  /* items responsible */
    size_t nitems;
};

struct diff_ctx {
    struct cr_checklist *old_cl;
    struct cr_checklist *new_cl;
    struct cr_verdicts *old_v;   /* --verdicts, loaded for each */
    struct cr_verdicts *new_v;
    struct cr_transform *tf;  /* --transform, or NULL */
    struct item_pair *pairs;
    size_t npairs;
    const struct batch_plan *plan;
    struct batch_limits limits;
    struct case_diff *cases;  /* by plan seq */
    /* work units: plan entries that are not archive members, then archives */
    size_t *units;
    size_t nunits;
    atomic_size_t next_unit;
    pthread_mutex_t count_lock;
    size_t *newly_failing;    /* per pair */
    size_t *newly_passing;
};

/* ------------------------------------------------------------------ */
/* Items of the two checklists                                          */

static void
build_pairs(struct diff_ctx *d)
{
    size_t nold = cr_checklist_get_item_count(d->old_cl);
    size_t nnew = cr_checklist_get_item_count(d->new_cl);
    size_t i;

    d->pairs = batch_xmalloc((nold + nnew) * sizeof(*d->pairs));
    for (i = 0; i < nold; i++) {
        struct item_pair *p = &d->pairs[d->npairs++];
        p->id = cr_checklist_get_item_id(d->old_cl, i);
        p->old_i = (long)i;
        p->new_i = cr_checklist_find_item(d->new_cl, p->id);
    }
    for (i = 0; i < nnew; i++) {
        const char *id = cr_checklist_get_item_id(d->new_cl, i);
        if (cr_checklist_find_item(d->old_cl, id) < 0) {
            struct item_pair *p = &d->pairs[d->npairs++];
            p->id = id;
            p->old_i = -1;
            p->new_i = (long)i;
        }
    }
}

/* A field that differs between the two versions of an item. */
struct field_change {
    const char *field;
    int numeric;
    double old_n, new_n;
    const char *old_s, *new_s;
};

/* Fills OUT (room for 8) with the fields of pair P that differ. */
static size_t
item_changes(const struct diff_ctx *d, const struct item_pair *p,
             struct field_change *out)
{
    const struct cr_checklist *a = d->old_cl, *b = d->new_cl;
    size_t i = (size_t)p->old_i, j = (size_t)p->new_i, n = 0;

#define STR_FIELD(name, getter)                                          \
    do {                                                                 \
        const char *x = getter(a, i), *y = getter(b, j);                 \
        if (strcmp(x ? x : "", y ? y : "") != 0)                         \
            out[n++] = (struct field_change){name, 0, 0, 0, x, y};       \
    } while (0)
#define NUM_FIELD(name, getter)                                          \
    do {                                                                 \
        double x = (double)getter(a, i), y = (double)getter(b, j);       \
        if (!SAME(x, y))                                                 \
            out[n++] = (struct field_change){name, 1, x, y, NULL, NULL}; \
    } while (0)
    STR_FIELD("title", cr_checklist_get_item_title);
    STR_FIELD("category", cr_checklist_get_item_category);
    NUM_FIELD("deduct", cr_checklist_get_item_deduct);
    NUM_FIELD("max", cr_checklist_get_item_max);
    if (cr_checklist_get_item_per_node(a, i) !=
        cr_checklist_get_item_per_node(b, j))
        out[n++] = (struct field_change){
            "per", 0, 0, 0,
            cr_checklist_get_item_per_node(a, i) ? "node" : "item",
            cr_checklist_get_item_per_node(b, j) ? "node" : "item"};
    if (!cr_checklist_get_item_veto(a, i) != !cr_checklist_get_item_veto(b, j))
        out[n++] = (struct field_change){
            "veto", 0, 0, 0,
            cr_checklist_get_item_veto(a, i) ? "true" : "false",
            cr_checklist_get_item_veto(b, j) ? "true" : "false"};
    STR_FIELD("basis", cr_checklist_get_item_basis);
    STR_FIELD("logic", cr_checklist_get_item_logic);
#undef STR_FIELD
#undef NUM_FIELD
    return n;
}

/* ------------------------------------------------------------------ */
/* Scoring and comparing one case                                       */

static char *
dup_or_null(const char *s)
{
    return s ? batch_xstrdup(s) : NULL;
}

static void
fill_side(struct side *s, const struct cr_result *res)
{
    s->error = cr_result_is_error(res);
    if (s->error) {
        s->error_msg = batch_xstrdup(cr_result_get_error_message(res)
                                         ? cr_result_get_error_message(res)
                                         : "");
        return;
    }
    s->score = cr_result_get_score(res);
    s->grade = dup_or_null(cr_result_get_grade_id(res));
    s->grade_label = dup_or_null(cr_result_get_grade_label(res));
    s->vetoed = cr_result_is_vetoed(res);
    /* an item in error; pending items are not a failed run */
    s->incomplete = cli_result_status(res) != CLI_EXIT_OK;
}

static int
same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static int
sides_differ(const struct side *a, const struct side *b)
{
    if (a->error || b->error)
        return a->error != b->error;
    return !SAME(a->score, b->score) || !same_str(a->grade, b->grade) ||
           a->vetoed != b->vetoed;
}

static struct item_state
state_of(const struct cr_result *res, const struct cr_checklist *cl, long i)
{
    struct item_state s = {-1, 0};
    const struct cr_item_result *it;

    if (i < 0 || res == NULL || cr_result_is_error(res))
        return s;
    it = cr_result_get_item(res, (size_t)i);
    /* results list the items in checklist order; check it anyway */
    if (it == NULL ||
        strcmp(cr_item_result_get_id(it), cr_checklist_get_item_id(cl, (size_t)i)))
        return s;
    s.state = (int)cr_item_result_get_state(it);
    s.deducted = cr_item_result_get_deducted(it);
    return s;
}

static int
counts_against(const struct item_state *s)
{
    return s->state == CR_ITEM_FAILED || s->state == CR_ITEM_ERROR ||
           s->deducted > 0;
}

/* Did this item's outcome move? An item only one checklist has matters
 * when it failed (or errored) there. */
static int
item_moved(const struct item_state *a, const struct item_state *b)
{
    if (a->state < 0 || b->state < 0)
        return counts_against(a->state < 0 ? b : a);
    return a->state != b->state || !SAME(a->deducted, b->deducted);
}

static void
compare_case(struct diff_ctx *d, size_t seq, const char *source,
             const struct cr_result *old_res, const struct cr_result *new_res,
             size_t *failing, size_t *passing)
{
    struct case_diff *c = &d->cases[seq];
    size_t p;

    c->done = 1;
    fill_side(&c->old_r, old_res);
    fill_side(&c->new_r, new_res);
    c->trouble = c->old_r.error || c->new_r.error || c->old_r.incomplete ||
                 c->new_r.incomplete;
    c->changed = sides_differ(&c->old_r, &c->new_r);
    for (p = 0; p < d->npairs; p++) {
        const struct item_pair *ip = &d->pairs[p];
        struct item_state a = state_of(old_res, d->old_cl, ip->old_i);
        struct item_state b = state_of(new_res, d->new_cl, ip->new_i);
        if (c->old_r.error || c->new_r.error)
            continue;
        if (a.state != CR_ITEM_FAILED && b.state == CR_ITEM_FAILED)
            failing[p]++;
        if (a.state == CR_ITEM_FAILED && b.state != CR_ITEM_FAILED)
            passing[p]++;
        if (c->changed && item_moved(&a, &b)) {
            c->items = batch_xrealloc(c->items,
                                      (c->nitems + 1) * sizeof(*c->items));
            c->items[c->nitems++] = (struct item_change){p, a, b};
        }
    }
    if (c->changed || (c->old_r.error && c->new_r.error)) {
        c->source = batch_xstrdup(source);
        c->case_id = dup_or_null(cr_result_is_error(new_res)
                                     ? cr_result_get_case_id(old_res)
                                     : cr_result_get_case_id(new_res));
    }
}

struct worker {
    struct diff_ctx *d;
    struct cr_evaluator *old_ev;
    struct cr_evaluator *new_ev;
    size_t *failing;
    size_t *passing;
    pthread_t thread;
};

/* MESSAGE is batch's "kind US message US detail" (batch_error_text) or a
 * plain text: the result holds the message for people. */
static struct cr_result *
error_result(const char *source, const char *message)
{
    struct cr_result *res = NULL;
    const char *us1 = strchr(message, '\x1f');
    const char *us2 = us1 ? strchr(us1 + 1, '\x1f') : NULL;
    char *text = batch_xstrdup(us2 ? us1 + 1 : message);
    enum cr_status st;

    if (us2)
        text[us2 - us1 - 1] = '\0';
    st = cr_result_new_error(source, text, 0, &res);

    free(text);
    if (st != CR_OK || !res) {
        cli_error("out of memory");
        exit(CLI_EXIT_USAGE);
    }
    return res;
}

/* Scores one case (DATA/LEN in memory, or the file SOURCE when DATA is
 * NULL and ERROR is NULL) under both checklists and compares. */
static void
score_both(struct worker *w, size_t seq, const char *source, const char *data,
           size_t len, const char *error)
{
    struct cr_result *a = NULL, *b = NULL;

    if (error) {
        a = error_result(source, error);
        b = error_result(source, error);
    } else if (data) {
        cr_evaluator_score_memory(w->old_ev, data, len, source, &a);
        cr_evaluator_score_memory(w->new_ev, data, len, source, &b);
    } else {
        cr_evaluator_score_file(w->old_ev, source, &a);
        cr_evaluator_score_file(w->new_ev, source, &b);
    }
    if (!a)
        a = error_result(source, cli_msg("out of memory"));
    if (!b)
        b = error_result(source, cli_msg("out of memory"));
    compare_case(w->d, seq, source, a, b, w->failing, w->passing);
    cr_result_free(a);
    cr_result_free(b);
}

struct member_feed {
    struct worker *w;
    const struct batch_archive *ar;
};

static void
feed_member(void *ctx, size_t index, const char *name, char *data,
            size_t len, char *error)
{
    struct member_feed *mf = ctx;
    char *source;
    int changed;
    size_t seq = batch_plan_member(mf->w->d->plan, mf->ar, index, name,
                                   &source, &changed);

    if (seq != BATCH_NO_SEQ)
        score_both(mf->w, seq, source, changed ? NULL : data, len,
                   changed ? "archive changed while being read"
                   : data ? NULL : (error ? error : "cannot read member"));
    free(source);
    free(data);
    free(error);
}

static int
never_stop(void *ctx)
{
    (void)ctx;
    return 0;
}

static void
run_archive(struct worker *w, size_t archive)
{
    const struct batch_archive *ar = &w->d->plan->archives[archive];
    struct member_feed mf = {w, ar};
    char *err = batch_archive_read(ar->path, ar->reader, &w->d->limits,
                                   feed_member, never_stop, &mf);
    size_t i;

    /* members the pass never reached are reported, not dropped */
    for (i = 0; i < ar->member_count; i++) {
        char *source;
        int changed;
        size_t seq = batch_plan_member(w->d->plan, ar, i, NULL, &source,
                                       &changed);
        if (seq != BATCH_NO_SEQ && !w->d->cases[seq].done)
            score_both(w, seq, source, NULL, 0,
                       err ? err : "archive ended early");
        free(source);
    }
    free(err);
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct diff_ctx *d = w->d;
    size_t u;

    while ((u = atomic_fetch_add(&d->next_unit, 1)) < d->nunits) {
        size_t k = d->units[u];
        if (k >= d->plan->nentries) {
            run_archive(w, k - d->plan->nentries);
        } else {
            const struct batch_entry *e = &d->plan->entries[k];
            score_both(w, e->seq, e->source, NULL, 0,
                       e->kind == BATCH_ENTRY_ERROR ? batch_entry_message(e)
                                                    : NULL);
        }
    }
    pthread_mutex_lock(&d->count_lock);
    for (u = 0; u < d->npairs; u++) {
        d->newly_failing[u] += w->failing[u];
        d->newly_passing[u] += w->passing[u];
    }
    pthread_mutex_unlock(&d->count_lock);
    return NULL;
}

static void
plan_units(struct diff_ctx *d)
{
    size_t i;

    d->units = batch_xmalloc((d->plan->nentries + d->plan->archive_count
                              + 1) * sizeof(*d->units));
    for (i = 0; i < d->plan->nentries; i++)
        if (d->plan->entries[i].kind == BATCH_ENTRY_FILE
            || d->plan->entries[i].kind == BATCH_ENTRY_ERROR)
            d->units[d->nunits++] = i;
    for (i = 0; i < d->plan->archive_count; i++)
        d->units[d->nunits++] = d->plan->nentries + i;
}

static int
run_cases(struct diff_ctx *d, int jobs)
{
    struct worker *ws;
    int i, started = 0;

    plan_units(d);
    if ((size_t)jobs > d->nunits)
        jobs = d->nunits ? (int)d->nunits : 1;
    ws = calloc((size_t)jobs, sizeof(*ws));
    if (!ws)
        return -1;
    for (i = 0; i < jobs; i++) {
        ws[i].d = d;
        ws[i].failing = calloc(d->npairs + 1, sizeof(size_t));
        ws[i].passing = calloc(d->npairs + 1, sizeof(size_t));
        if (!ws[i].failing || !ws[i].passing ||
            cr_evaluator_new(d->old_cl, &ws[i].old_ev) != CR_OK ||
            cr_evaluator_new(d->new_cl, &ws[i].new_ev) != CR_OK ||
            cr_evaluator_set_verdicts(ws[i].old_ev, d->old_v) != CR_OK ||
            cr_evaluator_set_verdicts(ws[i].new_ev, d->new_v) != CR_OK ||
            cli_set_transform(ws[i].old_ev, d->tf) != 0 ||
            cli_set_transform(ws[i].new_ev, d->tf) != 0) {
            cli_error("cannot create an evaluator");
            exit(CLI_EXIT_USAGE);
        }
    }
    if (jobs == 1) {
        worker_main(&ws[0]);
    } else {
        for (i = 0; i < jobs; i++)
            if (pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]) == 0)
                started++;
            else
                break;
        if (started == 0)
            worker_main(&ws[0]);
        for (i = 0; i < started; i++)
            pthread_join(ws[i].thread, NULL);
    }
    for (i = 0; i < jobs; i++) {
        cr_evaluator_free(ws[i].old_ev);
        cr_evaluator_free(ws[i].new_ev);
        free(ws[i].failing);
        free(ws[i].passing);
    }
    free(ws);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Checklist-level changes: total, categories, grades                   */

struct cl_change {
    char field[64];
    char id[128];
    int numeric;
    double old_n, new_n;
    const char *old_s, *new_s; /* NULL: absent */
};

static long
find_category(const struct cr_checklist *cl, const char *id)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_category_count(cl); i++)
        if (strcmp(cr_checklist_get_category_id(cl, i), id) == 0)
            return (long)i;
    return -1;
}

static long
find_grade(const struct cr_checklist *cl, const char *id)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_grade_count(cl); i++)
        if (strcmp(cr_checklist_get_grade_id(cl, i), id) == 0)
            return (long)i;
    return -1;
}

static void
add_change(struct cl_change **v, size_t *n, const char *field, const char *id,
           int numeric, double a, double b, const char *sa, const char *sb)
{
    struct cl_change *c;

    *v = batch_xrealloc(*v, (*n + 1) * sizeof(**v));
    c = &(*v)[(*n)++];
    snprintf(c->field, sizeof(c->field), "%s", field);
    snprintf(c->id, sizeof(c->id), "%s", id ? id : "");
    c->numeric = numeric;
    c->old_n = a;
    c->new_n = b;
    c->old_s = sa;
    c->new_s = sb;
}

/* Categories and grades of A missing from B (OLD_SIDE: A is the old). */
static void
missing_parts(const struct cr_checklist *a, const struct cr_checklist *b,
              int old_side, struct cl_change **v, size_t *n)
{
    size_t i;

    for (i = 0; i < cr_checklist_get_category_count(a); i++) {
        const char *id = cr_checklist_get_category_id(a, i);
        const char *t = cr_checklist_get_category_title(a, i);
        if (find_category(b, id) < 0)
            add_change(v, n, "category", id, 0, 0, 0, old_side ? t : NULL,
                       old_side ? NULL : t);
    }
    for (i = 0; i < cr_checklist_get_grade_count(a); i++) {
        const char *id = cr_checklist_get_grade_id(a, i);
        const char *t = cr_checklist_get_grade_label(a, i);
        if (find_grade(b, id) < 0)
            add_change(v, n, "grade", id, 0, 0, 0, old_side ? t : NULL,
                       old_side ? NULL : t);
    }
}

static size_t
checklist_changes(const struct cr_checklist *a, const struct cr_checklist *b,
                  struct cl_change **v)
{
    size_t i, n = 0;

    if (!SAME(cr_checklist_get_total(a), cr_checklist_get_total(b)))
        add_change(v, &n, "total", NULL, 1, cr_checklist_get_total(a),
                   cr_checklist_get_total(b), NULL, NULL);
    for (i = 0; i < cr_checklist_get_category_count(a); i++) {
        const char *id = cr_checklist_get_category_id(a, i);
        long j = find_category(b, id);
        if (j < 0)
            continue;
        if (!SAME(cr_checklist_get_category_points(a, i),
                  cr_checklist_get_category_points(b, (size_t)j)))
            add_change(v, &n, "category.points", id, 1,
                       cr_checklist_get_category_points(a, i),
                       cr_checklist_get_category_points(b, (size_t)j), NULL,
                       NULL);
        if (strcmp(cr_checklist_get_category_title(a, i),
                   cr_checklist_get_category_title(b, (size_t)j)))
            add_change(v, &n, "category.title", id, 0, 0, 0,
                       cr_checklist_get_category_title(a, i),
                       cr_checklist_get_category_title(b, (size_t)j));
    }
    for (i = 0; i < cr_checklist_get_grade_count(a); i++) {
        const char *id = cr_checklist_get_grade_id(a, i);
        long j = find_grade(b, id);
        if (j < 0)
            continue;
        if (!SAME(cr_checklist_get_grade_min(a, i),
                  cr_checklist_get_grade_min(b, (size_t)j)))
            add_change(v, &n, "grade.min", id, 1,
                       cr_checklist_get_grade_min(a, i),
                       cr_checklist_get_grade_min(b, (size_t)j), NULL, NULL);
        if (strcmp(cr_checklist_get_grade_label(a, i),
                   cr_checklist_get_grade_label(b, (size_t)j)))
            add_change(v, &n, "grade.label", id, 0, 0, 0,
                       cr_checklist_get_grade_label(a, i),
                       cr_checklist_get_grade_label(b, (size_t)j));
    }
    missing_parts(a, b, 1, v, &n);
    missing_parts(b, a, 0, v, &n);
    return n;
}

/* ------------------------------------------------------------------ */
/* Report                                                               */

struct report {
    struct diff_ctx *d;
    int json;
    int have_cases;
    struct batch_buf out;
    struct decl_diff decl;    /* params, data, calendar, accepts, warnings */
};

static size_t
count_cases(const struct diff_ctx *d, size_t *changed, size_t *trouble)
{
    size_t i, n = 0;

    *changed = *trouble = 0;
    for (i = 0; i < d->plan->count; i++) {
        if (!d->cases[i].done)
            continue;
        n++;
        *changed += d->cases[i].changed != 0;
        *trouble += d->cases[i].trouble != 0;
    }
    return n;
}

static const char *
state_name(int st)
{
    return st < 0 ? "absent" : cr_item_state_to_str((enum cr_item_state)st);
}

/* The lines of TEXT (not NUL-terminated each: starts and lengths). */
struct lines {
    const char **at;
    size_t *len;
    size_t n;
};

static void
split_lines(const char *text, struct lines *l)
{
    const char *p;
    size_t cap = 1;

    for (p = text; *p; p++)
        cap += *p == '\n';
    l->at = batch_xmalloc(cap * sizeof *l->at);
    l->len = batch_xmalloc(cap * sizeof *l->len);
    l->n = 0;
    for (p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);

        l->at[l->n] = p;
        l->len[l->n++] = n;
        p += n + (e != NULL);
    }
}

static int
same_line(const struct lines *a, size_t i, const struct lines *b, size_t k)
{
    return a->len[i] == b->len[k] && memcmp(a->at[i], b->at[k], a->len[i]) == 0;
}

/* The logic texts as a line diff: "-" lines of OLD, "+" lines of NEW, in
 * order, around their longest common subsequence, so a moved or repeated
 * line shows as a change too (a set difference would hide it). Logic is
 * tens of lines; past MAX_CELLS the table is not worth it and every line
 * of both is shown. */
#define MAX_CELLS ((size_t)4 << 20)

static void
logic_diff(struct batch_buf *out, const char *old_s, const char *new_s)
{
    struct lines a, b;
    size_t i, k, w, *lcs = NULL;

    split_lines(old_s, &a);
    split_lines(new_s, &b);
    w = b.n + 1;
    if ((a.n + 1) <= MAX_CELLS / w)
        lcs = calloc((a.n + 1) * w, sizeof *lcs);
    if (lcs) {
        /* lcs[i][k]: common lines of a[i..] and b[k..] */
        for (i = a.n; i-- > 0;)
            for (k = b.n; k-- > 0;)
                lcs[i * w + k] = same_line(&a, i, &b, k)
                    ? lcs[(i + 1) * w + k + 1] + 1
                    : lcs[(i + 1) * w + k] >= lcs[i * w + k + 1]
                          ? lcs[(i + 1) * w + k] : lcs[i * w + k + 1];
    }
    for (i = 0, k = 0; i < a.n || k < b.n;) {
        if (lcs && i < a.n && k < b.n && same_line(&a, i, &b, k)) {
            i++;
            k++;
        } else if (i < a.n && (k == b.n || !lcs
                               || lcs[(i + 1) * w + k] >= lcs[i * w + k + 1])) {
            batch_buf_printf(out, "        - %.*s\n", (int)a.len[i], a.at[i]);
            i++;
        } else {
            batch_buf_printf(out, "        + %.*s\n", (int)b.len[k], b.at[k]);
            k++;
        }
    }
    free(lcs);
    free(a.at);
    free(a.len);
    free(b.at);
    free(b.len);
}

/* The words a field holds (per, veto) in the reader's language; titles,
 * ids and numbers as they are. */
static const char *
field_value(const char *field, const char *v)
{
    if (strcmp(field, "per") == 0 || strcmp(field, "veto") == 0)
        return cli_msg(v);
    return v;
}

static void
text_field(struct batch_buf *out, const struct field_change *f)
{
    if (f->numeric) {
        batch_buf_printf(out, "      %s%s", cli_msg(f->field), cli_msg(": "));
        batch_buf_number(out, f->old_n);
        batch_buf_puts(out, " -> ");
        batch_buf_number(out, f->new_n);
        batch_buf_puts(out, "\n");
    } else if (strcmp(f->field, "logic") == 0) {
        batch_buf_puts(out, cli_msg("      logic (applies-if, lets, tests, "
                                    "messages):\n"));
        logic_diff(out, f->old_s, f->new_s);
    } else {
        batch_buf_printf(out, "      %s%s%s -> %s\n", cli_msg(f->field),
                         cli_msg(": "), field_value(f->field, f->old_s),
                         field_value(f->field, f->new_s));
    }
}

static void
text_items(struct report *r)
{
    struct diff_ctx *d = r->d;
    size_t p, k, added = 0, removed = 0, changed = 0;
    struct batch_buf body = {0};

    for (p = 0; p < d->npairs; p++) {
        const struct item_pair *ip = &d->pairs[p];
        struct field_change f[8];
        size_t n;
        if (ip->old_i < 0) {
            added++;
            batch_buf_printf(&body, "  + %s %s\n", ip->id,
                             cr_checklist_get_item_title(d->new_cl,
                                                         (size_t)ip->new_i));
            continue;
        }
        if (ip->new_i < 0) {
            removed++;
            batch_buf_printf(&body, "  - %s %s\n", ip->id,
                             cr_checklist_get_item_title(d->old_cl,
                                                         (size_t)ip->old_i));
            continue;
        }
        n = item_changes(d, ip, f);
        if (n == 0)
            continue;
        changed++;
        batch_buf_printf(&body, "  ~ %s %s\n", ip->id,
                         cr_checklist_get_item_title(d->new_cl,
                                                     (size_t)ip->new_i));
        for (k = 0; k < n; k++)
            text_field(&body, &f[k]);
    }
    batch_buf_printf(&r->out,
                     cli_msg("items: %zu added, %zu removed, %zu changed\n"),
                     added, removed, changed);
    if (body.data)
        batch_buf_puts(&r->out, body.data);
    batch_buf_free(&body);
}

static void
text_checklist(struct report *r)
{
    struct cl_change *v = NULL;
    size_t i, n = checklist_changes(r->d->old_cl, r->d->new_cl, &v);

    batch_buf_printf(&r->out, cli_msg("old: %s %s (%s)\nnew: %s %s (%s)\n"),
                     cr_checklist_get_id(r->d->old_cl),
                     cr_checklist_get_version(r->d->old_cl),
                     cr_checklist_get_path(r->d->old_cl),
                     cr_checklist_get_id(r->d->new_cl),
                     cr_checklist_get_version(r->d->new_cl),
                     cr_checklist_get_path(r->d->new_cl));
    decl_diff_text_warnings(&r->out, &r->decl);
    for (i = 0; i < n; i++) {
        batch_buf_printf(&r->out, cli_msg("checklist %s%s%s: "),
                         cli_msg(v[i].field), v[i].id[0] ? " " : "", v[i].id);
        if (v[i].numeric) {
            batch_buf_number(&r->out, v[i].old_n);
            batch_buf_puts(&r->out, " -> ");
            batch_buf_number(&r->out, v[i].new_n);
        } else {
            batch_buf_printf(&r->out, "%s -> %s",
                             v[i].old_s ? v[i].old_s : cli_msg("(absent)"),
                             v[i].new_s ? v[i].new_s : cli_msg("(absent)"));
        }
        batch_buf_puts(&r->out, "\n");
    }
    free(v);
    decl_diff_text(&r->out, &r->decl);
    text_items(r);
}

static void
text_side(struct batch_buf *out, const struct side *s)
{
    if (s->error) {
        batch_buf_printf(out, cli_msg("unscorable (%s)"), s->error_msg);
        return;
    }
    batch_buf_number(out, s->score);
    if (s->grade_label)
        batch_buf_printf(out, " %s", s->grade_label);
    if (s->vetoed)
        batch_buf_puts(out, " 否决");
}

static void
text_item_state(struct batch_buf *out, const struct item_state *s)
{
    batch_buf_puts(out, cli_msg(state_name(s->state)));
    if (s->deducted > 0) {
        batch_buf_puts(out, " -");
        batch_buf_number(out, s->deducted);
    }
}

static void
text_cases(struct report *r)
{
    struct diff_ctx *d = r->d;
    size_t i, k, changed, trouble;
    size_t n = count_cases(d, &changed, &trouble);

    batch_buf_printf(&r->out, cli_msg("cases: %zu, %zu changed (score, grade "
                                      "or veto), %zu unscorable or "
                                      "incomplete\n"),
                     n, changed, trouble);
    for (i = 0; i < d->plan->count; i++) {
        const struct case_diff *c = &d->cases[i];
        if (!c->done || !c->changed)
            continue;
        batch_buf_puts(&r->out, "  ");
        batch_buf_line(&r->out, c->source);
        if (c->case_id) {
            batch_buf_puts(&r->out, " [");
            batch_buf_line(&r->out, c->case_id);
            batch_buf_puts(&r->out, "]");
        }
        batch_buf_puts(&r->out, cli_msg(": "));
        text_side(&r->out, &c->old_r);
        batch_buf_puts(&r->out, " -> ");
        text_side(&r->out, &c->new_r);
        batch_buf_puts(&r->out, "\n");
        for (k = 0; k < c->nitems; k++) {
            batch_buf_printf(&r->out, "      %s%s",
                             d->pairs[c->items[k].pair].id, cli_msg(": "));
            text_item_state(&r->out, &c->items[k].old_s);
            batch_buf_puts(&r->out, " -> ");
            text_item_state(&r->out, &c->items[k].new_s);
            batch_buf_puts(&r->out, "\n");
        }
    }
    for (i = 0; i < d->plan->count; i++) {
        const struct case_diff *c = &d->cases[i];
        if (c->done && c->old_r.error && c->new_r.error) {
            batch_buf_puts(&r->out, cli_msg("  unscorable: "));
            batch_buf_line(&r->out, c->source);
            batch_buf_puts(&r->out, cli_msg(": "));
            batch_buf_line(&r->out, c->new_r.error_msg);
            batch_buf_puts(&r->out, "\n");
        }
    }
    batch_buf_puts(&r->out,
                  cli_msg("items newly failing / newly passing (cases):\n"));
    for (k = 0, i = 0; i < d->npairs; i++) {
        if (!d->newly_failing[i] && !d->newly_passing[i])
            continue;
        k++;
        batch_buf_printf(&r->out, cli_msg("  %s: +%zu / -%zu\n"),
                         d->pairs[i].id,
                         d->newly_failing[i], d->newly_passing[i]);
    }
    if (k == 0)
        batch_buf_puts(&r->out, cli_msg("  (none)\n"));
}

/* ---- JSON ---- */

static void
json_key_str(struct batch_buf *o, const char *key, const char *val)
{
    batch_buf_json_str(o, key);
    batch_buf_puts(o, ": ");
    if (val)
        batch_buf_json_str(o, val);
    else
        batch_buf_puts(o, "null");
}

static void
json_key_num(struct batch_buf *o, const char *key, double v)
{
    batch_buf_json_str(o, key);
    batch_buf_puts(o, ": ");
    batch_buf_number(o, v);
}

static void
json_checklist_ref(struct batch_buf *o, const char *key,
                   const struct cr_checklist *cl)
{
    batch_buf_json_str(o, key);
    batch_buf_puts(o, ": {");
    json_key_str(o, "id", cr_checklist_get_id(cl));
    batch_buf_puts(o, ", ");
    json_key_str(o, "version", cr_checklist_get_version(cl));
    batch_buf_puts(o, ", ");
    json_key_str(o, "path", cr_checklist_get_path(cl));
    batch_buf_puts(o, "}");
}

static void
json_checklist_changes(struct report *r)
{
    struct cl_change *v = NULL;
    size_t i, n = checklist_changes(r->d->old_cl, r->d->new_cl, &v);
    struct batch_buf *o = &r->out;

    batch_buf_puts(o, "\"checklist_changes\": [");
    for (i = 0; i < n; i++) {
        batch_buf_puts(o, i ? ", {" : "{");
        json_key_str(o, "field", v[i].field);
        if (v[i].id[0]) {
            batch_buf_puts(o, ", ");
            json_key_str(o, "id", v[i].id);
        }
        batch_buf_puts(o, ", ");
        if (v[i].numeric) {
            json_key_num(o, "old", v[i].old_n);
            batch_buf_puts(o, ", ");
            json_key_num(o, "new", v[i].new_n);
        } else {
            json_key_str(o, "old", v[i].old_s);
            batch_buf_puts(o, ", ");
            json_key_str(o, "new", v[i].new_s);
        }
        batch_buf_puts(o, "}");
    }
    decl_diff_json_changes(o, &r->decl, n == 0);
    batch_buf_puts(o, "]");
    free(v);
}

static void
json_item_ref(struct batch_buf *o, const struct cr_checklist *cl, long i)
{
    batch_buf_puts(o, "{");
    json_key_str(o, "id", cr_checklist_get_item_id(cl, (size_t)i));
    batch_buf_puts(o, ", ");
    json_key_str(o, "title", cr_checklist_get_item_title(cl, (size_t)i));
    batch_buf_puts(o, ", ");
    json_key_str(o, "category", cr_checklist_get_item_category(cl, (size_t)i));
    batch_buf_puts(o, "}");
}

static void
json_items(struct report *r)
{
    struct diff_ctx *d = r->d;
    struct batch_buf *o = &r->out;
    size_t p, k;
    int pass, first;

    batch_buf_puts(o, "\"items\": {");
    for (pass = 0; pass < 3; pass++) {
        static const char *const keys[] = {"added", "removed", "changed"};
        batch_buf_puts(o, pass ? ", " : "");
        batch_buf_json_str(o, keys[pass]);
        batch_buf_puts(o, ": [");
        first = 1;
        for (p = 0; p < d->npairs; p++) {
            const struct item_pair *ip = &d->pairs[p];
            struct field_change f[8];
            size_t n;
            if (pass == 0 && ip->old_i < 0) {
                batch_buf_puts(o, first ? "" : ", ");
                json_item_ref(o, d->new_cl, ip->new_i);
            } else if (pass == 1 && ip->new_i < 0) {
                batch_buf_puts(o, first ? "" : ", ");
                json_item_ref(o, d->old_cl, ip->old_i);
            } else if (pass == 2 && ip->old_i >= 0 && ip->new_i >= 0 &&
                       (n = item_changes(d, ip, f)) > 0) {
                batch_buf_puts(o, first ? "{" : ", {");
                json_key_str(o, "id", ip->id);
                batch_buf_puts(o, ", \"changes\": [");
                for (k = 0; k < n; k++) {
                    batch_buf_puts(o, k ? ", {" : "{");
                    json_key_str(o, "field", f[k].field);
                    batch_buf_puts(o, ", ");
                    if (f[k].numeric) {
                        json_key_num(o, "old", f[k].old_n);
                        batch_buf_puts(o, ", ");
                        json_key_num(o, "new", f[k].new_n);
                    } else {
                        json_key_str(o, "old", f[k].old_s);
                        batch_buf_puts(o, ", ");
                        json_key_str(o, "new", f[k].new_s);
                    }
                    batch_buf_puts(o, "}");
                }
                batch_buf_puts(o, "]}");
            } else {
                continue;
            }
            first = 0;
        }
        batch_buf_puts(o, "]");
    }
    batch_buf_puts(o, "}");
}

static void
json_side(struct batch_buf *o, const char *key, const struct side *s)
{
    batch_buf_json_str(o, key);
    batch_buf_puts(o, ": {");
    if (s->error) {
        json_key_str(o, "error", s->error_msg);
    } else {
        json_key_num(o, "score", s->score);
        batch_buf_puts(o, ", ");
        json_key_str(o, "grade", s->grade);
        batch_buf_puts(o, s->vetoed ? ", \"vetoed\": true"
                                    : ", \"vetoed\": false");
    }
    batch_buf_puts(o, "}");
}

static void
json_item_state(struct batch_buf *o, const char *key,
                const struct item_state *s)
{
    batch_buf_json_str(o, key);
    batch_buf_puts(o, ": {");
    json_key_str(o, "state", state_name(s->state));
    batch_buf_puts(o, ", ");
    json_key_num(o, "deducted", s->deducted);
    batch_buf_puts(o, "}");
}

static void
json_cases(struct report *r)
{
    struct diff_ctx *d = r->d;
    struct batch_buf *o = &r->out;
    size_t i, k, changed, trouble, n = count_cases(d, &changed, &trouble);
    int first = 1;

    batch_buf_printf(o, "\"cases\": {\"count\": %zu, \"changed\": %zu, "
                        "\"unscorable_or_incomplete\": %zu}, ",
                     n, changed, trouble);
    batch_buf_puts(o, "\"changed_cases\": [");
    for (i = 0; i < d->plan->count; i++) {
        const struct case_diff *c = &d->cases[i];
        if (!c->done || !c->changed)
            continue;
        batch_buf_puts(o, first ? "{" : ", {");
        first = 0;
        json_key_str(o, "source", c->source);
        batch_buf_puts(o, ", ");
        json_key_str(o, "id", c->case_id);
        batch_buf_puts(o, ", ");
        json_side(o, "old", &c->old_r);
        batch_buf_puts(o, ", ");
        json_side(o, "new", &c->new_r);
        batch_buf_puts(o, ", \"items\": [");
        for (k = 0; k < c->nitems; k++) {
            batch_buf_puts(o, k ? ", {" : "{");
            json_key_str(o, "id", d->pairs[c->items[k].pair].id);
            batch_buf_puts(o, ", ");
            json_item_state(o, "old", &c->items[k].old_s);
            batch_buf_puts(o, ", ");
            json_item_state(o, "new", &c->items[k].new_s);
            batch_buf_puts(o, "}");
        }
        batch_buf_puts(o, "]}");
    }
    batch_buf_puts(o, "], \"unscorable\": [");
    for (first = 1, i = 0; i < d->plan->count; i++) {
        const struct case_diff *c = &d->cases[i];
        if (!c->done || !c->old_r.error || !c->new_r.error)
            continue;
        batch_buf_puts(o, first ? "{" : ", {");
        first = 0;
        json_key_str(o, "source", c->source);
        batch_buf_puts(o, ", ");
        json_key_str(o, "error", c->new_r.error_msg);
        batch_buf_puts(o, "}");
    }
    batch_buf_puts(o, "], \"item_counts\": [");
    for (first = 1, i = 0; i < d->npairs; i++) {
        if (!d->newly_failing[i] && !d->newly_passing[i])
            continue;
        batch_buf_puts(o, first ? "{" : ", {");
        first = 0;
        json_key_str(o, "id", d->pairs[i].id);
        batch_buf_printf(o, ", \"newly_failing\": %zu, \"newly_passing\": %zu}",
                         d->newly_failing[i], d->newly_passing[i]);
    }
    batch_buf_puts(o, "]");
}

static void
render(struct report *r)
{
    if (!r->json) {
        text_checklist(r);
        if (r->have_cases)
            text_cases(r);
        return;
    }
    batch_buf_puts(&r->out, "{\"format\": \"casereview-diff/1\", ");
    json_checklist_ref(&r->out, "old", r->d->old_cl);
    batch_buf_puts(&r->out, ", ");
    json_checklist_ref(&r->out, "new", r->d->new_cl);
    batch_buf_puts(&r->out, ", ");
    json_checklist_changes(r);
    batch_buf_puts(&r->out, ", ");
    decl_diff_json_warnings(&r->out, &r->decl);
    batch_buf_puts(&r->out, ", ");
    json_items(r);
    if (r->have_cases) {
        batch_buf_puts(&r->out, ", ");
        json_cases(r);
    }
    batch_buf_puts(&r->out, "}\n");
}

/* ------------------------------------------------------------------ */
/* Command                                                              */

struct diff_args {
    const char *checklists[2];
    int nchecklists;
    const char *verdicts;
    const char *transform;
    int json;
    int jobs;
    char **paths;
    size_t npaths;
};

static int
parse_args(int argc, char **argv, struct diff_args *a,
           struct cr_load_options *opts)
{
    int i, r;

    a->json = !isatty(STDOUT_FILENO);
    a->jobs = cli_ncpus();
    for (i = 1; i < argc; i++) {
        const char *s = argv[i];
        int has_next = i + 1 < argc;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            return 0;
        } else if ((strcmp(s, "-c") == 0 || strcmp(s, "--checklist") == 0) &&
                   has_next) {
            if (a->nchecklists == 2) {
                cli_error("give exactly two checklists");
                return -1;
            }
            a->checklists[a->nchecklists++] = argv[++i];
        } else if ((strcmp(s, "--param") == 0 || strcmp(s, "--data") == 0) &&
                   has_next) {
            if (cli_add_override(opts, argv[++i], s[2] == 'd') != 0)
                return -1;
        } else if (strcmp(s, "--verdicts") == 0 && has_next) {
            a->verdicts = argv[++i];
        } else if (strcmp(s, "--transform") == 0 && has_next) {
            a->transform = argv[++i];
        } else if (strcmp(s, "--format") == 0 && has_next) {
            s = argv[++i];
            if (strcmp(s, "json") != 0 && strcmp(s, "text") != 0) {
                cli_error("unknown format '%s' (text or json)", s);
                return -1;
            }
            a->json = strcmp(s, "json") == 0;
        } else if ((strcmp(s, "-j") == 0 || strcmp(s, "--jobs") == 0) &&
                   has_next) {
            char *end;
            long j = strtol(argv[++i], &end, 10);
            if (*end || j < 1 || j > 1024) {
                cli_error("-j wants a whole number from 1 to 1024, not '%s'",
                          argv[i]);
                return -1;
            }
            a->jobs = (int)j;
        } else if (strncmp(s, "--max-", 6) == 0 && has_next &&
                   (r = cli_set_limit(opts, s + 2, argv[i + 1])) != 1) {
            if (r < 0)
                return -1;
            i++;
        } else if (strcmp(s, "--") == 0) {
            i++;
            break;
        } else if (s[0] == '-' && s[1] != '\0') {
            cli_error("unknown or incomplete option '%s'", s);
            return -1;
        } else {
            break;
        }
    }
    if (a->nchecklists != 2) {
        cli_error("give two checklists, -c OLD -c NEW");
        return -1;
    }
    a->paths = argv + i;
    a->npaths = (size_t)(argc - i);
    return 1;
}

static void
free_cases(struct diff_ctx *d)
{
    size_t i;

    for (i = 0; d->cases && i < d->plan->count; i++) {
        struct case_diff *c = &d->cases[i];
        free(c->source);
        free(c->case_id);
        free(c->old_r.error_msg);
        free(c->old_r.grade);
        free(c->old_r.grade_label);
        free(c->new_r.error_msg);
        free(c->new_r.grade);
        free(c->new_r.grade_label);
        free(c->items);
    }
    free(d->cases);
}

int
cmd_diff(int argc, char **argv)
{
    struct diff_args a;
    struct cr_load_options *opts = NULL;
    struct diff_ctx d;
    struct batch_plan plan;
    struct report r;
    int rc, status = CLI_EXIT_OK;
    size_t changed, trouble;

    memset(&a, 0, sizeof(a));
    memset(&d, 0, sizeof(d));
    memset(&plan, 0, sizeof(plan));
    batch_archive_init();
    if (cli_options_new(&opts) != CR_OK)
        return CLI_EXIT_USAGE;
    rc = parse_args(argc, argv, &a, opts);
    if (rc <= 0) {
        cr_load_options_free(opts);
        if (rc < 0)
            fputs(cli_msg(usage_text), stderr);
        return rc < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    d.limits.max_member = DIFF_MAX_MEMBER;
    d.limits.max_archive = DIFF_MAX_ARCHIVE;
    cr_load_options_set_max_case_size(opts, d.limits.max_member);
    d.old_cl = cli_load_checklist(a.checklists[0], opts);
    d.new_cl = cli_load_checklist(a.checklists[1], opts);
    cr_load_options_free(opts);
    if (d.old_cl && d.new_cl && a.transform &&
        (d.tf = cli_load_transform(a.transform)) == NULL)
        d.old_cl = cr_checklist_unref(d.old_cl);
    /* the reviewers' verdicts apply under both checklists, and must
     * hold for each */
    if (d.old_cl && d.new_cl && a.verdicts) {
        d.old_v = cli_load_verdicts(d.old_cl, a.verdicts);
        d.new_v = d.old_v ? cli_load_verdicts(d.new_cl, a.verdicts) : NULL;
    }
    if (d.old_cl == NULL || d.new_cl == NULL ||
        (a.verdicts && d.new_v == NULL)) {
        cr_verdicts_unref(d.old_v);
        cr_transform_unref(d.tf);
        cr_checklist_unref(d.old_cl);
        cr_checklist_unref(d.new_cl);
        return CLI_EXIT_USAGE;
    }
    build_pairs(&d);
    d.newly_failing = calloc(d.npairs + 1, sizeof(size_t));
    d.newly_passing = calloc(d.npairs + 1, sizeof(size_t));
    pthread_mutex_init(&d.count_lock, NULL);
    batch_plan_build(&plan, a.paths, a.npaths, &d.limits);
    d.plan = &plan;
    d.cases = calloc(plan.count + 1, sizeof(*d.cases));
    if (!d.newly_failing || !d.newly_passing || !d.cases ||
        run_cases(&d, a.jobs) != 0) {
        cli_error("out of memory");
        exit(CLI_EXIT_USAGE);
    }
    memset(&r, 0, sizeof(r));
    r.d = &d;
    r.json = a.json;
    r.have_cases = a.npaths > 0;
    decl_diff_build(&r.decl, d.old_cl, d.new_cl);
    render(&r);
    decl_diff_free(&r.decl);
    if (r.out.data)
        fputs(r.out.data, stdout);
    batch_buf_free(&r.out);
    count_cases(&d, &changed, &trouble);
    if (trouble)
        status = CLI_EXIT_INCOMPLETE;
    /* a report that never reached its reader is a failed run (2), not
     * a case that could not be scored (1) */
    if (cli_flush_stdout("diff", "report") != 0)
        status = CLI_EXIT_USAGE;
    free_cases(&d);
    batch_plan_free(&plan);
    free(d.units);
    free(d.pairs);
    free(d.newly_failing);
    free(d.newly_passing);
    pthread_mutex_destroy(&d.count_lock);
    cr_verdicts_unref(d.old_v);
    cr_verdicts_unref(d.new_v);
    cr_checklist_unref(d.old_cl);
    cr_checklist_unref(d.new_cl);
    cr_transform_unref(d.tf);
    return status;
}
