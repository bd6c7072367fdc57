/* batch-summary.h — the summary's figures, read by the JSON/text
 * writers (batch-summary.c) and the HTML report (batch-report.c). */
#ifndef CLI_BATCH_SUMMARY_H
#define CLI_BATCH_SUMMARY_H

#include "batch.h"

/* Figures for all cases, or for one group (agency). */
struct batch_group {
    char *key;
    char *name;               /* the agency's name in its first case */
    size_t cases;
    size_t scored;
    size_t unscorable;
    size_t incomplete;
    size_t vetoed;
    size_t with_score;        /* scored with a score (1.1: not unscored) */
    size_t pending_cases;     /* 1.1: cases with items pending */
    size_t unscored;          /* 1.1: cases without a score (veto) */
    size_t *grade_counts;     /* per checklist grade */
    size_t *fail_counts;      /* per checklist item: cases it failed in */
    size_t *veto_counts;      /* per checklist item: cases it vetoed */
    double sum;               /* of scores, added in output order */
    /* Every score, for the median and the histogram, as distinct values
     * with counts (sorted once merged): memory grows with the number of
     * distinct scores (a few thousand at most, deductions having two
     * decimals), not with the number of cases. */
    struct batch_score_count *scores;
    size_t nscores;           /* distinct values in scores */
    double *pending;          /* added since the last merge, unsorted */
    size_t npending;
    size_t pending_cap;
};

struct batch_score_count {
    double score;
    size_t count;
};

struct batch_error_case {
    char *source;
    char *message;
};

struct batch_summary {
    const struct cr_checklist *cl;
    size_t ngrades;
    size_t nitems;
    struct batch_group all;
    struct batch_group **groups;  /* sorted by key (strcmp) */
    size_t ngroups;
    size_t groups_cap;
    struct batch_error_case *errors;  /* the first unscorable cases */
    size_t nerrors;
    size_t errors_cap;
    int errors_truncated;
    size_t listed;            /* failed or vetoed cases */
    int scheme;               /* a checklist 1.1 */
    const struct cr_verdicts *verdicts;
    unsigned char *verdict_seen;  /* per verdicts case */
    /* a run with several checklists: one summary each (batch-set.h) */
    struct batch_summary **parts;
    size_t nparts;
    int is_part;              /* one of those: the run's files not its own */
    /* for the report's header: --unit (or NULL) and the PATHs given */
    const char *unit;
    char *const *paths;
    size_t npaths;
    struct cr_archive *archive;   /* archive rules run (batch-archive-rules.c) */
};

double batch_group_mean(const struct batch_group *g);
/* Merges the pending scores into g->scores (sorted, distinct). */
void batch_group_merge_scores(struct batch_group *g);
/* Exact: the same value as sorting every score would give. */
double batch_group_median(struct batch_group *g);
/* Item indexes with a nonzero count, most frequent first, checklist
 * order on ties; returns how many, *OUT malloc'd. */
size_t batch_rank_items(const size_t *counts, size_t nitems, size_t **out);

#endif
