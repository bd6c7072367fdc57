/* verdicts.h — what reviewers decided (urn:casereview:verdicts:1),
 * loaded beside a checklist (verdicts-load.c) and applied to the items
 * of each case it names (verdicts.c, called by the evaluator). */
#ifndef CRP_VERDICTS_H
#define CRP_VERDICTS_H

#include <stdatomic.h>
#include <stddef.h>

#include "casereview.h"

#define CRP_VERDICTS_NS "urn:casereview:verdicts:1"

struct crp_verdict {
    size_t item;                 /* index in the checklist */
    enum cr_item_state result;   /* passed, failed or not-applicable */
    int has_deduct;
    double deduct;
    char *by, *at, *reason;      /* reason: the element's text, trimmed */
    int line;
};

struct crp_verdict_case {
    char *id;
    int line;                    /* of its first <case> */
    struct crp_verdict *verdicts; /* sorted by item */
    size_t count;
};

/* Read-only once loaded: shared by any number of evaluators. */
struct cr_verdicts {
    atomic_int refs;
    struct cr_checklist *cl;     /* a reference: the items it names */
    char *path;
    struct crp_verdict_case *cases;  /* sorted by id (strcmp) */
    size_t ncases;
    size_t count;                /* verdicts in all */
};

/* The verdicts of the case ID, or NULL. */
const struct crp_verdict_case *crp_verdicts_find(const struct cr_verdicts *v,
                                                 const char *id);
void crp_verdicts_free(struct cr_verdicts *v);

#endif
