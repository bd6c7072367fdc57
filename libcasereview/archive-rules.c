/* archive-rules.c — the archive rules over the collected facts
 * (archive-store.c). Each rule puts every case that has the facts it
 * needs into one group per key (one per value of a multiple key fact),
 * orders each group by the value it tests, and tests it:
 *
 *   count    more than N cases (within any D consecutive calendar days);
 *   outlier  values outside [median / ratio, median × ratio] and
 *            outside median ± k × MAD (each bound the rule states);
 *   share    the share of cases whose boolean fact is true above T.
 *
 * Nothing depends on the order cases were added in: groups are found by
 * value, tested on sorted values, and the findings and their cases are
 * sorted by text at the end. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "date.h"
#include "functions.h"
#include "idtable.h"
#include "result.h"
#include "strbuf.h"

struct entry {
    uint32_t group, c;
    double v;
};

/* Groups by key tuple (K value ids each). */
struct gmap {
    size_t k, n, cap, mask;
    uint32_t *keys;        /* n × k */
    uint32_t *table;       /* 0 empty, else group + 1 */
};

struct run {
    struct cr_archive *ar;
    const struct crp_store *st;
    const struct crp_archive_def *def;
    const struct crp_arule *rule;
    struct crp_arule_stats *stats;
    struct gmap gm;
    struct entry *e;
    size_t ne, cap;
    int oom;
};

static uint32_t
hash_key(const uint32_t *key, size_t k)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < k; i++)
        h = (h ^ key[i]) * 16777619u;
    return h ^ (h >> 15);
}

/* The hash of group ID - 1's key (idtable.h). */
static uint32_t
group_hash(const void *ud, uint32_t id)
{
    const struct gmap *g = ud;

    return hash_key(g->keys + (size_t)(id - 1) * g->k, g->k);
}

/* The group of KEY, made if new; -1 when out of memory. */
static long
gmap_find(struct gmap *g, const uint32_t *key)
{
    size_t h;

    if ((g->n + 1) * 2 > g->mask &&
        crp_idtable_grow(&g->table, &g->mask, 256, (uint32_t)g->n,
                         group_hash, g) != 0)
        return -1;
    for (h = hash_key(key, g->k) & g->mask; g->table[h];
         h = (h + 1) & g->mask) {
        uint32_t i = g->table[h] - 1;
        if (memcmp(g->keys + (size_t)i * g->k, key, g->k * sizeof(*key)) == 0)
            return i;
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        uint32_t *nk = crp_realloc(g->keys, cap * (g->k ? g->k : 1) *
                                                sizeof(*nk));
        if (nk == NULL)
            return -1;
        g->keys = nk;
        g->cap = cap;
    }
    if (g->k)
        memcpy(g->keys + g->n * g->k, key, g->k * sizeof(*key));
    g->table[h] = (uint32_t)g->n + 1;
    return (long)g->n++;
}

static void
push(struct run *r, long group, size_t c, double v)
{
    if (group < 0) {
        r->oom = 1;
        return;
    }
    if (r->ne == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        struct entry *ne = crp_realloc(r->e, cap * sizeof(*ne));
        if (ne == NULL) {
            r->oom = 1;
            return;
        }
        r->e = ne;
        r->cap = cap;
    }
    r->e[r->ne++] = (struct entry){(uint32_t)group, (uint32_t)c, v};
}

/* The value a rule orders and tests a case by (NaN: the case lacks it). */
static double
test_value(const struct run *r, size_t c)
{
    const struct crp_arule *ru = r->rule;

    if (ru->kind == CRP_ARULE_COUNT)
        return ru->date >= 0 ? crp_store_num(r->st, c, (size_t)ru->date) : 0;
    return crp_store_num(r->st, c, (size_t)(ru->kind == CRP_ARULE_OUTLIER
                                                ? ru->value : ru->of));
}

/* Case C into its groups, if it has every fact the rule needs. */
static void
member(struct run *r, size_t c)
{
    const struct crp_arule *ru = r->rule;
    uint32_t key[CRP_ARULE_KEYS_MAX];
    const uint32_t *multi = NULL;
    size_t nmulti = 1, i, k;
    double v, w;

    if (ru->where >= 0) {
        w = crp_store_num(r->st, c, (size_t)ru->where);
        if (isnan(w)) {
            r->stats->left_out++;
            return;
        }
        if (w == 0)
            return;
    }
    v = test_value(r, c);
    if (isnan(v)) {
        r->stats->left_out++;
        return;
    }
    for (k = 0; k < ru->nkeys; k++) {
        if ((long)k == ru->multi_key) {
            multi = crp_store_multi(r->st, c, ru->keys[k], &nmulti);
            if (nmulti == 0) {
                r->stats->left_out++;
                return;
            }
        } else if ((key[k] = crp_store_str(r->st, c, ru->keys[k])) == 0) {
            r->stats->left_out++;
            return;
        }
    }
    r->stats->cases++;
    for (i = 0; i < nmulti && !r->oom; i++) {
        if (multi)
            key[ru->multi_key] = multi[i];
        push(r, gmap_find(&r->gm, key), c, v);
    }
}

static int
cmp_entry_v(const void *a, const void *b)
{
    double x = ((const struct entry *)a)->v, y = ((const struct entry *)b)->v;

    return (x > y) - (x < y);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Entries grouped (counting sort by group), each group in value order. */
static size_t *
group_entries(struct run *r)
{
    size_t *start = crp_calloc(r->gm.n + 1, sizeof(*start)), i, g;
    struct entry *sorted;

    if (start == NULL || (sorted = crp_malloc((r->ne ? r->ne : 1) *
                                              sizeof(*sorted))) == NULL) {
        crp_free(start);
        return NULL;
    }
    for (i = 0; i < r->ne; i++)
        start[r->e[i].group + 1]++;
    for (g = 0; g < r->gm.n; g++)
        start[g + 1] += start[g];
    for (i = 0; i < r->ne; i++)
        sorted[start[r->e[i].group]++] = r->e[i];
    for (g = r->gm.n; g > 0; g--)
        start[g] = start[g - 1];
    start[0] = 0;
    crp_free(r->e);
    r->e = sorted;
    for (g = 0; g < r->gm.n; g++)
        if (start[g + 1] - start[g] > 1)
            qsort(r->e + start[g], start[g + 1] - start[g], sizeof(*r->e),
                  cmp_entry_v);
    return start;
}

/* ---- findings ---- */

struct involved {
    char *id, *source;
    double v;
};

static int
cmp_involved(const void *a, const void *b)
{
    const struct involved *x = a, *y = b;
    int c;

    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    if ((c = strcmp(x->source, y->source)) != 0)
        return c;
    return strcmp(x->id, y->id);
}

static void
figure_text(const struct crp_afigure *fg, char *buf, size_t len)
{
    if (fg->is_date) {
        char d[11];
        crp_date_format((long)fg->num, d);
        snprintf(buf, len, "%s", d);
    } else if (fg->is_percent) {
        crp_format_number(fg->num * 100, buf, len - 1);
        strcat(buf, "%");
    } else {
        crp_format_number(fg->num, buf, len);
    }
}

static void
fig(struct cr_archive_finding *f, const char *name, double num, int is_date,
    int is_percent)
{
    struct crp_afigure *fg;

    if (f->nfigs == CRP_AFIGURES_MAX)
        return;
    fg = &f->figs[f->nfigs++];
    *fg = (struct crp_afigure){name, num, is_date, is_percent, ""};
    figure_text(fg, fg->text, sizeof(fg->text));
}

/* The value a finding lists beside a case: its date or its number. */
static char *
case_value(const struct crp_arule *ru, double v)
{
    char buf[40];

    if (ru->kind == CRP_ARULE_COUNT && ru->date >= 0)
        crp_date_format((long)v, buf);
    else if (ru->kind == CRP_ARULE_OUTLIER)
        crp_format_number(v, buf, sizeof(buf));
    else
        return NULL;
    return crp_strdup(buf);
}

void
crp_afinding_put_group(struct crp_strbuf *sb,
                       const struct cr_archive_finding *f)
{
    size_t k;

    if (f->rule->nkeys == 0)
        crp_strbuf_puts(sb, "全部案卷");
    for (k = 0; k < f->rule->nkeys; k++)
        crp_strbuf_printf(sb, "%s%s：%s", k ? "；" : "",
                          f->def->facts[f->rule->keys[k]].label, f->keys[k]);
}

static void
put_values(struct crp_strbuf *sb, const struct cr_archive_finding *f)
{
    size_t i;

    for (i = 0; i < f->ncases && i < 10; i++)
        crp_strbuf_printf(sb, "%s%s", i ? "、" : "",
                          f->cases[i].value ? f->cases[i].value : "");
    if (f->ncases + f->omitted > 10)
        crp_strbuf_printf(sb, "等%zu个", f->ncases + f->omitted);
}

/* The text of {$NAME} in F's message. */
static void
put_var(struct crp_strbuf *sb, const struct cr_archive_finding *f,
        const char *name)
{
    size_t i;

    if (strcmp(name, "group") == 0) {
        crp_afinding_put_group(sb, f);
        return;
    }
    if (strcmp(name, "values") == 0) {
        put_values(sb, f);
        return;
    }
    if (strcmp(name, "cases") == 0) {
        crp_strbuf_printf(sb, "%zu", f->ncases + f->omitted);
        return;
    }
    for (i = 0; i < f->rule->nkeys; i++)
        if (strcmp(f->def->facts[f->rule->keys[i]].name, name) == 0) {
            crp_strbuf_puts(sb, f->keys[i]);
            return;
        }
    for (i = 0; i < f->nfigs; i++)
        if (strcmp(f->figs[i].name, name) == 0) {
            crp_strbuf_puts(sb, f->figs[i].text);
            return;
        }
}

/* A rule without a <message> says what its kind found, in a message of
 * its own: {NAME} is a variable as in a <message>, {} the label of the
 * fact the rule tests. */
static void
default_message(struct crp_strbuf *sb, const struct cr_archive_finding *f)
{
    const struct crp_arule *ru = f->rule;
    const char *text, *label = "", *open, *end;
    char name[32];

    if (ru->kind == CRP_ARULE_COUNT && ru->date >= 0)
        text = "{group}，{first}至{last}的{days}日内有{count}件案卷，"
               "超过{more-than}件";
    else if (ru->kind == CRP_ARULE_COUNT)
        text = "{group}，共{count}件案卷，超过{more-than}件";
    else if (ru->kind == CRP_ARULE_OUTLIER) {
        text = "{group}，{group-size}件案卷的{}中位数为{median}，{cases}件在"
               "{low}至{high}之外（{values}）";
        label = f->def->facts[ru->value].label;
    } else {
        text = "{group}，{group-size}件案卷中{count}件{}，占{share}，"
               "超过{more-than}";
        label = f->def->facts[ru->of].label;
    }
    for (; (open = strchr(text, '{')) != NULL; text = end + 1) {
        end = strchr(open, '}');
        crp_strbuf_append(sb, text, (size_t)(open - text));
        snprintf(name, sizeof(name), "%.*s", (int)(end - open - 1), open + 1);
        if (name[0])
            put_var(sb, f, name);
        else
            crp_strbuf_puts(sb, label);
    }
    crp_strbuf_puts(sb, text);
}

static char *
render_message(const struct cr_archive_finding *f)
{
    struct crp_strbuf sb;
    size_t i;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    if (f->rule->nparts == 0)
        default_message(&sb, f);
    for (i = 0; i < f->rule->nparts; i++) {
        if (f->rule->parts[i].literal)
            crp_strbuf_puts(&sb, f->rule->parts[i].literal);
        else
            put_var(&sb, f, f->rule->parts[i].var);
    }
    return crp_strbuf_steal(&sb);
}

static void
finding_free(struct cr_archive_finding *f)
{
    size_t i;

    for (i = 0; f->keys && i < f->rule->nkeys; i++)
        crp_free(f->keys[i]);
    crp_free(f->keys);
    for (i = 0; i < f->ncases; i++) {
        crp_free(f->cases[i].id);
        crp_free(f->cases[i].source);
        crp_free(f->cases[i].value);
    }
    crp_free(f->cases);
    crp_free(f->message);
}

void
crp_archive_findings_free(struct cr_archive *ar)
{
    size_t i;

    for (i = 0; i < ar->nfindings; i++)
        finding_free(&ar->findings[i]);
    crp_free(ar->findings);
    ar->findings = NULL;
    ar->nfindings = 0;
    crp_free(ar->stats);
    ar->stats = NULL;
}

/* The cases of entries E[0..N) that MARK (NULL: all) selects, in order,
 * listed up to the bound. */
static int
list_cases(struct run *r, struct cr_archive_finding *f,
           const struct entry *e, size_t n, const unsigned char *mark)
{
    struct involved *inv = crp_calloc(n ? n : 1, sizeof(*inv));
    size_t i, m = 0;
    int rc = -1;

    if (inv == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        if (mark && !mark[i])
            continue;
        inv[m].v = r->rule->kind == CRP_ARULE_SHARE ||
                   (r->rule->kind == CRP_ARULE_COUNT && r->rule->date < 0)
                   ? 0 : e[i].v;
        inv[m].source = crp_store_source(r->st, e[i].c);
        inv[m].id = crp_store_case_id(r->st, e[i].c);
        if (!inv[m].source || !inv[m].id) {
            m++;
            goto out;
        }
        m++;
    }
    qsort(inv, m, sizeof(*inv), cmp_involved);
    f->ncases = m < CRP_FINDING_CASES_MAX ? m : CRP_FINDING_CASES_MAX;
    f->omitted = m - f->ncases;
    if ((f->cases = crp_calloc(f->ncases ? f->ncases : 1,
                               sizeof(*f->cases))) == NULL) {
        f->ncases = 0;
        goto out;
    }
    for (i = 0; i < f->ncases; i++) {
        f->cases[i].id = inv[i].id;
        f->cases[i].source = inv[i].source;
        inv[i].id = inv[i].source = NULL;
        f->cases[i].value = case_value(r->rule, inv[i].v);
        if (r->rule->kind != CRP_ARULE_SHARE &&
            !(r->rule->kind == CRP_ARULE_COUNT && r->rule->date < 0) &&
            f->cases[i].value == NULL)
            goto out;
    }
    rc = 0;
out:
    for (i = 0; i < m; i++) {
        crp_free(inv[i].id);
        crp_free(inv[i].source);
    }
    crp_free(inv);
    return rc;
}

/* A new finding of the rule for group G (its keys copied). */
static struct cr_archive_finding *
new_finding(struct run *r, size_t g)
{
    struct cr_archive *ar = r->ar;
    struct cr_archive_finding *nf, *f;
    size_t k;

    nf = crp_realloc(ar->findings, (ar->nfindings + 1) * sizeof(*nf));
    if (nf == NULL)
        return NULL;
    ar->findings = nf;
    f = &nf[ar->nfindings];
    memset(f, 0, sizeof(*f));
    f->rule = r->rule;
    f->def = r->def;
    if (r->rule->nkeys && (f->keys = crp_calloc(r->rule->nkeys,
                                                sizeof(*f->keys))) == NULL)
        return NULL;
    ar->nfindings++;
    for (k = 0; k < r->rule->nkeys; k++)
        if ((f->keys[k] = crp_strdup(crp_store_text(
                 r->st, r->gm.keys[g * r->gm.k + k]))) == NULL)
            return NULL;
    r->stats->findings++;
    return f;
}

/* The finding of group G: its figures FIGS (N of them, their texts
 * made here), the cases of entries E[0..N) that MARK (NULL: all)
 * selects, and its message. */
static int
report(struct run *r, size_t g, const struct crp_afigure *figs, size_t nfigs,
       const struct entry *e, size_t n, const unsigned char *mark)
{
    struct cr_archive_finding *f = new_finding(r, g);
    size_t i;

    if (f == NULL)
        return -1;
    for (i = 0; i < nfigs; i++)
        fig(f, figs[i].name, figs[i].num, figs[i].is_date,
            figs[i].is_percent);
    if (list_cases(r, f, e, n, mark) != 0)
        return -1;
    f->message = render_message(f);
    return f->message ? 0 : -1;
}

static int
test_count(struct run *r, size_t g, const struct entry *e, size_t n)
{
    const struct crp_arule *ru = r->rule;
    double more = ru->more_than.value, days = ru->days.value;
    size_t i = 0, j, best = 0, bi = 0, bj = 0, upto = 0;
    unsigned char *mark;
    int rc;

    r->stats->tested++;
    if (ru->date < 0) {
        struct crp_afigure figs[] = {
            {"count", (double)n, 0, 0, ""}, {"more-than", more, 0, 0, ""},
        };
        return (double)n <= more ? 0 : report(r, g, figs, 2, e, n, NULL);
    }
    if ((mark = crp_calloc(n, 1)) == NULL)
        return -1;
    /* windows of DAYS consecutive days: dates at most DAYS - 1 apart */
    for (j = 0; j < n; j++) {
        while (e[j].v - e[i].v > days - 1)
            i++;
        if ((double)(j - i + 1) <= more)
            continue;
        for (upto = upto > i ? upto : i; upto <= j; upto++)
            mark[upto] = 1;
        if (j - i + 1 > best) {
            best = j - i + 1;
            bi = i;
            bj = j;
        }
    }
    rc = 0;
    if (best) {
        struct crp_afigure figs[] = {
            {"count", (double)best, 0, 0, ""}, {"more-than", more, 0, 0, ""},
            {"days", days, 0, 0, ""}, {"first", e[bi].v, 1, 0, ""},
            {"last", e[bj].v, 1, 0, ""},
        };
        rc = report(r, g, figs, 5, e, n, mark);
    }
    crp_free(mark);
    return rc;
}

static double
median_of(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int
test_outlier(struct run *r, size_t g, const struct entry *e, size_t n)
{
    const struct crp_arule *ru = r->rule;
    double *v, m, mad, low = INFINITY, high = -INFINITY;
    unsigned char *mark;
    size_t i, out = 0;
    int rc = 0;

    if ((double)n < ru->min_group.value)
        return 0;
    if ((v = crp_malloc(n * sizeof(*v))) == NULL)
        return -1;
    for (i = 0; i < n; i++)
        v[i] = e[i].v;
    m = median_of(v, n);
    for (i = 0; i < n; i++)
        v[i] = fabs(e[i].v - m);
    qsort(v, n, sizeof(*v), cmp_double);
    mad = median_of(v, n);
    crp_free(v);
    /* a ratio compares positive amounts: a group whose median is not
     * positive is not tested */
    if (ru->ratio.text && m <= 0)
        return 0;
    r->stats->tested++;
    if (ru->ratio.text) {
        low = m / ru->ratio.value;
        high = m * ru->ratio.value;
    }
    if (ru->mad.text) {
        low = fmin(low, m - ru->mad.value * mad);
        high = fmax(high, m + ru->mad.value * mad);
    }
    if ((mark = crp_calloc(n, 1)) == NULL)
        return -1;
    for (i = 0; i < n; i++)
        out += mark[i] = e[i].v < low || e[i].v > high;
    if (out) {
        struct crp_afigure figs[8] = {
            {"group-size", (double)n, 0, 0, ""}, {"median", m, 0, 0, ""},
            {"mad", mad, 0, 0, ""}, {"low", low, 0, 0, ""},
            {"high", high, 0, 0, ""},
        };
        size_t k = 5;
        if (ru->ratio.text)
            figs[k++] = (struct crp_afigure){"ratio", ru->ratio.value, 0, 0, ""};
        if (ru->mad.text)
            figs[k++] = (struct crp_afigure){"mad-limit", ru->mad.value, 0, 0,
                                             ""};
        figs[k++] = (struct crp_afigure){"min-group", ru->min_group.value, 0,
                                         0, ""};
        rc = report(r, g, figs, k, e, n, mark);
    }
    crp_free(mark);
    return rc;
}

static int
test_share(struct run *r, size_t g, const struct entry *e, size_t n)
{
    const struct crp_arule *ru = r->rule;
    unsigned char *mark;
    size_t i, t = 0;
    int rc = 0;

    if ((double)n < ru->min_group.value)
        return 0;
    r->stats->tested++;
    if ((mark = crp_calloc(n, 1)) == NULL)
        return -1;
    for (i = 0; i < n; i++)
        t += mark[i] = e[i].v != 0;
    if ((double)t / (double)n > ru->more_than.value) {
        struct crp_afigure figs[] = {
            {"group-size", (double)n, 0, 0, ""}, {"count", (double)t, 0, 0, ""},
            {"share", (double)t / (double)n, 0, 1, ""},
            {"more-than", ru->more_than.value, 0, 1, ""},
            {"min-group", ru->min_group.value, 0, 0, ""},
        };
        rc = report(r, g, figs, 5, e, n, mark);
    }
    crp_free(mark);
    return rc;
}

static int
run_rule(struct cr_archive *ar, size_t ri, const unsigned char *live)
{
    struct run r;
    size_t c, g, *start;
    int rc = 0;

    memset(&r, 0, sizeof(r));
    r.ar = ar;
    r.st = ar->store;
    r.def = ar->cl->archive;
    r.rule = &r.def->rules[ri];
    r.stats = &ar->stats[ri];
    r.gm.k = r.rule->nkeys;
    for (c = 0; c < crp_store_count(r.st) && !r.oom; c++)
        if (live[c])
            member(&r, c);
    start = r.oom ? NULL : group_entries(&r);
    if (start == NULL)
        rc = -1;
    r.stats->groups = r.gm.n;
    for (g = 0; rc == 0 && g < r.gm.n; g++) {
        const struct entry *e = r.e + start[g];
        size_t n = start[g + 1] - start[g];
        rc = r.rule->kind == CRP_ARULE_COUNT ? test_count(&r, g, e, n)
             : r.rule->kind == CRP_ARULE_OUTLIER ? test_outlier(&r, g, e, n)
             : test_share(&r, g, e, n);
    }
    crp_free(start);
    crp_free(r.e);
    crp_free(r.gm.keys);
    crp_free(r.gm.table);
    return rc;
}

static int
cmp_finding(const void *a, const void *b)
{
    const struct cr_archive_finding *x = a, *y = b;
    size_t k;
    int c;

    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    for (k = 0; k < x->rule->nkeys; k++)
        if ((c = strcmp(x->keys[k], y->keys[k])) != 0)
            return c;
    return 0;
}

enum cr_status
crp_archive_run(struct cr_archive *ar)
{
    const struct crp_archive_def *def = ar->cl->archive;
    size_t n = crp_store_count(ar->store), i;
    unsigned char *live;
    long count;

    crp_archive_findings_free(ar);
    ar->evaluated = 0;
    ar->stats = crp_calloc(def && def->nrules ? def->nrules : 1,
                           sizeof(*ar->stats));
    live = crp_malloc(n ? n : 1);
    if (ar->stats == NULL || live == NULL ||
        (count = crp_store_live(ar->store, live)) < 0)
        goto oom;
    ar->live = (size_t)count;
    for (i = 0; def && i < def->nrules; i++)
        if (run_rule(ar, i, live) != 0)
            goto oom;
    /* rules in checklist order (their findings were made in it), groups
     * by their keys' text */
    if (ar->nfindings)      /* no findings: findings may be NULL */
        qsort(ar->findings, ar->nfindings, sizeof(*ar->findings),
              cmp_finding);
    crp_free(live);
    ar->evaluated = 1;
    return CR_OK;
oom:
    crp_free(live);
    crp_archive_findings_free(ar);
    ar->stats = NULL;
    return CR_ERR_NOMEM;
}
