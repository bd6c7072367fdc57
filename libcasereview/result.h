/* result.h — the scored case, filled by eval-case.c and score.c, read through
 * the cr_result_* getters (result.c) and the writers (result-*.c). */
#ifndef CRP_RESULT_H
#define CRP_RESULT_H

#include "casereview.h"
#include "checklist.h"
#include "pairs.h"

struct crp_explain_list {
    struct crp_pair *v;
    size_t n;
};

struct cr_finding {
    char *message, *location;
    int line;
    int hint;              /* a reviewer item's: a hint, not a deduction */
    struct crp_pair *explain;
    size_t nexplain;
};

struct crp_verdict;

/* (perf) Kept as small as in 1.0 but for the verdict: what an earn item
 * earned and a bonus item added follow from its state and deduction
 * (crp_item_earned, crp_item_bonus); a bigger item array cost a 1.0
 * checklist 0.6-1 % of its instructions in calloc's memset. */
struct cr_item_result {
    const struct crp_item *def;
    const char *category_id;
    enum cr_item_state state;
    /* 1.1: the state the machine gave when a verdict decided the item
     * (VERDICT, which the result's verdicts own) */
    enum cr_item_state machine_state;
    double deducted;
    const struct crp_verdict *verdict;
    char *error;
    struct cr_finding *findings;
    size_t nfindings, cap;
    size_t failing_nodes;
    size_t findings_omitted;    /* past max-findings: counted, not kept */
    struct crp_pair *explain;
    size_t nexplain;
};

/* What a result of a checklist 1.1 holds beyond 1.0's: each category's
 * score and applicability, no score at all (veto="unscored"), the bounds
 * while items are pending (NaN: no score), the pending items and the
 * failed cap-grade items (indexes), the bonus added, and with explain
 * each category's why. (perf) Apart, so that a 1.0 result is the size it
 * was: a bigger struct cost 1.0 checklists ~0.5 % in calloc's memset. */
struct crp_result_scheme {
    double *cat_score;
    unsigned char *cat_na;
    int unscored, has_range;
    double range_min, range_max;
    size_t *pending, npending;
    size_t *caps, ncaps;
    double bonus;
    struct crp_explain_list *cat_explain;
};

struct cr_result {
    struct cr_checklist *cl;    /* a reference; NULL for error results */
    char *source, *case_id, *group;
    char *agency_name, *kind;     /* NULL: not known */
    double score;
    long grade;                 /* index into cl->grades, -1 none */
    int vetoed, complete, explained;
    size_t *vetoes;             /* item indexes */
    size_t nvetoes;
    double *cat_deducted;
    struct crp_result_scheme *sch; /* 1.1 (cl->v11) only, else NULL */
    struct cr_verdicts *verdicts;  /* a reference, when verdicts applied */
    struct cr_item_result *items;
    size_t nitems;
    int is_error;
    char *error_message;
    int error_line;
    char *error_kind;        /* why the engine could not score (case-error.c) */
    char *error_detail;      /* libxml2's or libxslt's own text, or NULL */
    const char *encoding_guess;  /* "GB18030": read so, undeclared */
    const char *error_limit;    /* the budget's limit passed (kind "limit") */
    struct cr_facts *facts;     /* for archive rules (archive-rules.h), or NULL */
};

/* A result with its item array for CL, every item passed. */
struct cr_result *crp_result_new(struct cr_checklist *cl, const char *source);
/* An error result (SOURCE and MESSAGE copied; CASE_ID may be NULL). */
struct cr_result *crp_result_new_error(const char *source,
                                       const char *case_id,
                                       const char *message, int line);
/* An error result of the engine's own (case-error.c): KIND and DETAIL
 * (may be NULL) copied besides what crp_result_new_error takes. */
struct cr_result *crp_result_new_case_error(const char *source,
                                            const char *case_id,
                                            const char *message, int line,
                                            const char *kind,
                                            const char *detail);
/* Adds a finding to IT; takes MESSAGE and LOCATION. -1 when out of
 * memory (both are then freed). */
int crp_item_add_finding(struct cr_item_result *it, char *message,
                         char *location, int line);
/* Drops IT's findings (an item that errored reports none). */
void crp_item_clear_findings(struct cr_item_result *it);

/* 1.1: what an earn item earned (its points less what it lost; its
 * points while pending, as in the score), what a bonus item added. */
static inline double
crp_item_earned(const struct cr_item_result *ir)
{
    if (!ir->def->has_points || !(ir->state == CR_ITEM_PASSED ||
                                  ir->state == CR_ITEM_FAILED ||
                                  ir->state == CR_ITEM_PENDING))
        return 0;
    return ir->def->points - ir->deducted;
}

static inline double
crp_item_bonus(const struct cr_item_result *ir)
{
    return ir->def->has_bonus && (ir->state == CR_ITEM_PASSED ||
                                  ir->state == CR_ITEM_PENDING)
               ? ir->def->bonus : 0;
}

/* result-bounds.c: what a result may hold (max-findings,
 * max-message-length) and which limit an error result passed. */
/* True when IT holds MAX findings already: the next is counted in
 * findings_omitted instead of being made. */
int crp_finding_omit(struct cr_item_result *it, unsigned int max);
/* MESSAGE (taken) cut after MAX characters, on a character, ending in
 * "…"; NULL when out of memory (MESSAGE freed). */
char *crp_message_cut(char *message, unsigned int max);
/* LIMIT: a static name ("max-case-work", ...). */
void crp_result_set_error_limit(struct cr_result *res, const char *limit);

/* score.c: deductions, caps, score, grade, vetoes. -1 when out of memory. */
int crp_score(struct cr_result *res);
/* score-tree.c: the same for a checklist 1.1 (nested, earn, penalty and
 * bonus categories, veto effects, grade caps, pending items). */
int crp_score_tree(struct cr_result *res);
/* score-explain.c: with CR_EVAL_EXPLAIN, each category's why (earn
 * ratios: members counted and left). -1 when out of memory. */
int crp_score_explain(struct cr_result *res);
/* What a failed item decided by a verdict deducts (checklist 1.1,
 * reading 7): the verdict's deduct, else the item's own, once. */
double crp_verdict_deduction(const struct cr_item_result *ir);
/* verdicts.c: after item IDX ran, a reviewer item becomes pending (its
 * findings hints) and a verdict V (NULL: none) decides it. */
void crp_item_settle(struct cr_result *res, size_t idx,
                     const struct crp_verdict *v);
/* Escapes the JSON of every item that is the same in all results, once
 * (result-json.c; called when a checklist is loaded). 0, or -1 for
 * memory. */
int crp_json_prerender(struct cr_checklist *cl);

/* result-text-scheme.c: the report's 1.1 parts (pending items and the
 * score range, grade caps, bonus; nested category scores; pending items
 * with hints and reviewers' verdicts). */
struct crp_strbuf;
void crp_text_scheme_head(struct crp_strbuf *sb, const struct cr_result *res);
void crp_text_scheme_categories(struct crp_strbuf *sb,
                                const struct cr_result *res);
void crp_text_scheme_tail(struct crp_strbuf *sb, const struct cr_result *res);

#include "number.h"   /* crp_format_number() */

/* result-json.c's JSON strings, for other writers: any string as a
 * JSON literal; a source's name (bytes that start no UTF-8 character as
 * U+FFFD). */
void crp_json_put_str(struct crp_strbuf *sb, const char *s);
void crp_json_put_name(struct crp_strbuf *sb, const char *s);

#endif
