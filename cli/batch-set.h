/* batch-set.h — several checklists in one batch run (-c given more than
 * once): each case is scored by the first checklist whose <accepts>
 * accepts it, a case none accepts is an error line naming them all, and
 * the summary and report have a section per checklist. */
#ifndef CLI_BATCH_SET_H
#define CLI_BATCH_SET_H

#include "batch.h"

/* Checklists one run takes: their index travels in a record's flags. */
#define BATCH_SET_MAX 64
/* The index of a case no checklist accepted. */
#define BATCH_SET_NONE 255u

struct batch_set {
    size_t n;
    struct cr_checklist **cl;          /* in the order given */
    /* per checklist, then one for a case none accepted */
    struct batch_render_opts *render;
};

/* A set of the N checklists CL (borrowed), rendering as BASE does. */
void batch_set_init(struct batch_set *set, struct cr_checklist **cl,
                    size_t n, const struct batch_render_opts *base);
void batch_set_free(struct batch_set *set);

/* Scores DATA with EVS[k], one evaluator per checklist, for the first k
 * whose <accepts> accepts the case (a case that is no XML at all, or
 * another error, is that error, from the first checklist); *RENDER is
 * how to render the result. */
enum cr_status batch_set_score(const struct batch_set *set,
                               struct cr_evaluator **evs, const char *data,
                               size_t len, const char *source,
                               struct cr_result **out,
                               const struct batch_render_opts **render);

/* What the results are made with, for the resume journal: every
 * checklist's id, version and item count, in order. */
void batch_set_fingerprint(struct batch_buf *b, struct cr_checklist **cl,
                           size_t n);

/* The summary of a run with several checklists (batch-set-summary.c):
 * one batch_summary per checklist beside the one for all cases. */
void batch_summary_set_parts(struct batch_summary *s,
                             const struct batch_set *set);
/* Adds C to its checklist's part; returns what the summary of all cases
 * counts of it (OWN: no items, which belong to one checklist, and its
 * grade by id in the first checklist's grades). */
const struct batch_case *batch_summary_route(struct batch_summary *s,
                                             const struct batch_case *c,
                                             struct batch_case *own);
/* ", \"checklists\": [...]": each part as a summary of its own. */
void batch_summary_parts_json(struct batch_summary *s, struct batch_buf *out);
/* The parts on stderr, a few lines each. */
void batch_summary_parts_text(struct batch_summary *s, FILE *f);
/* The checklists' titles, HTML-escaped, "、" between them; WITH_IDS:
 * each with its id and version. */
void batch_report_parts_names(struct batch_buf *b, struct batch_summary *s,
                              int with_ids);
/* The report's section 按评查标准 (each checklist's figures). */
void batch_report_parts(struct batch_buf *b, struct batch_summary *s);

#endif
