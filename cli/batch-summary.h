/* batch-summary.h — the summary's figures, read by the JSON/text
 * writers (batch-summary.c) and the HTML report (batch-report.c). */
#ifndef CLI_BATCH_SUMMARY_H
#define CLI_BATCH_SUMMARY_H

#include "batch.h"

/* Figures for all cases, or for one group (agency). */
struct batch_group {
    char *key;
    size_t cases;
    size_t scored;
    size_t unscorable;
    size_t incomplete;
    size_t vetoed;
    size_t *grade_counts;     /* per checklist grade */
    size_t *fail_counts;      /* per checklist item: cases it failed in */
    size_t *veto_counts;      /* per checklist item: cases it vetoed */
    double sum;               /* of scores, added in output order */
    double *scores;           /* for the median and the histogram */
    size_t nscores;
    size_t scores_cap;
    int sorted;
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
};

double batch_group_mean(const struct batch_group *g);
/* Sorts the group's scores on first use. */
double batch_group_median(struct batch_group *g);
/* Item indexes with a nonzero count, most frequent first, checklist
 * order on ties; returns how many, *OUT malloc'd. */
size_t batch_rank_items(const size_t *counts, size_t nitems, size_t **out);

#endif
