/* result.h — the scored case, filled by eval.c and score.c, read through
 * the cr_result_* getters (result.c) and the writers (result-*.c). */
#ifndef CRP_RESULT_H
#define CRP_RESULT_H

#include "casereview.h"
#include "checklist.h"

struct crp_explain {
    char *name, *value;
};

struct cr_finding {
    char *message, *location;
    int line;
    struct crp_explain *explain;
    size_t nexplain;
};

struct cr_item_result {
    const struct crp_item *def;
    const char *category_id;
    enum cr_item_state state;
    double deducted;
    char *error;
    struct cr_finding *findings;
    size_t nfindings, cap;
    size_t failing_nodes;
    size_t findings_omitted;    /* past max-findings: counted, not kept */
    struct crp_explain *explain;
    size_t nexplain;
};

struct cr_result {
    struct cr_checklist *cl;    /* a reference; NULL for error results */
    char *source, *case_id, *group;
    double score;
    long grade;                 /* index into cl->grades, -1 none */
    int vetoed, complete, explained;
    size_t *vetoes;             /* item indexes */
    size_t nvetoes;
    double *cat_deducted;
    struct cr_item_result *items;
    size_t nitems;
    int is_error;
    char *error_message;
    int error_line;
    const char *error_limit;    /* the budget's limit passed, or NULL */
};

/* A result with its item array for CL, every item passed. */
struct cr_result *crp_result_new(struct cr_checklist *cl, const char *source);
/* An error result (SOURCE and MESSAGE copied; CASE_ID may be NULL). */
struct cr_result *crp_result_new_error(const char *source,
                                       const char *case_id,
                                       const char *message, int line);
/* Adds a finding to IT; takes MESSAGE and LOCATION. -1 when out of
 * memory (both are then freed). */
int crp_item_add_finding(struct cr_item_result *it, char *message,
                         char *location, int line);
/* Drops IT's findings (an item that errored reports none). */
void crp_item_clear_findings(struct cr_item_result *it);
/* Appends NAME=VALUE (copied) to an explain list. */
int crp_explain_add(struct crp_explain **v, size_t *n, const char *name,
                    const char *value);
/* The same, taking NAME and VALUE (crp_malloc'd; either NULL: out of
 * memory); both are freed on failure. */
int crp_explain_take(struct crp_explain **v, size_t *n, char *name,
                     char *value);

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
/* Escapes the JSON of every item that is the same in all results, once
 * (result-json.c; called when a checklist is loaded). 0, or -1 for
 * memory. */
int crp_json_prerender(struct cr_checklist *cl);

/* Numbers as the result format prints them: integers when whole,
 * otherwise at most two decimals. BUF holds at least 32 bytes. */
void crp_format_number(double v, char *buf, size_t len);

#endif
