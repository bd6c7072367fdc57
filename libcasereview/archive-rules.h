/* archive-rules.h — archive rules: the facts each case contributes and the
 * rules that test groups of many cases' facts (repeated inspections of
 * one enterprise, fines far from their group's median, one officer on
 * too many cases). The model hangs off the checklist (cl->archive,
 * archive-load.c); a case's facts are a struct cr_facts
 * (archive-facts.c); an archive collects them (archive-store.c) and runs
 * the rules (archive-rules.c). */
#ifndef CRP_ARCHIVE_RULES_H
#define CRP_ARCHIVE_RULES_H

#include <pthread.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "checklist.h"

enum crp_fact_type {
    CRP_FACT_STRING = 0, CRP_FACT_NUMBER, CRP_FACT_DATE, CRP_FACT_BOOLEAN
};

/* Bounds: bytes of one value (longer ones are cut on a character), the
 * values a multiple fact keeps per case, the cases a finding lists (the
 * rest are counted), and the arithmetic of thresholds. */
#define CRP_FACT_VALUE_MAX 256
#define CRP_FACT_VALUES_MAX 64
#define CRP_FINDING_CASES_MAX 1000
#define CRP_ARULE_KEYS_MAX 16

struct crp_fact {
    char *name, *label;
    struct crp_expr value;
    int type, multiple, line;
};

enum crp_arule_kind { CRP_ARULE_COUNT = 0, CRP_ARULE_OUTLIER, CRP_ARULE_SHARE };

/* A threshold as written (a number, or "$param"), and its value once
 * the params are known (crp_archive_compile). TEXT NULL: not given. */
struct crp_athreshold {
    char *text;
    double value;
};

/* A message: literal text and {$name} parts, alternating. */
struct crp_amsg_part {
    char *literal;         /* NULL for a variable part */
    char *var;
};

struct crp_arule {
    char *id, *title, *basis;
    int kind, line, test_line, msg_line;
    size_t *keys;          /* fact indexes of group-by, in order */
    size_t nkeys;
    long multi_key;        /* index in KEYS of the multiple fact, or -1 */
    long where, date, value, of;   /* fact indexes, -1: none */
    struct crp_athreshold days, more_than, ratio, mad, min_group;
    int share_percent;     /* more-than of a share was written with % */
    struct crp_amsg_part *parts;
    size_t nparts;
    /* as written, resolved when the whole element is read */
    char *group_by_text, *where_text, *date_text, *value_text, *of_text;
};

struct crp_archive_def {
    struct crp_fact *facts;
    size_t nfacts;
    struct crp_arule *rules;
    size_t nrules;
    int line;
};

/* archive-load.c: the checklist's <archive-rules> element K into
 * CL->archive. Problems go to DIAGS at their element's line; returns
 * their number, or -1 when out of memory. */
int crp_archive_load(struct cr_checklist *cl, xmlNodePtr k, const char *file,
                     struct cr_diag_list *diags);
/* Once params are overridden and items loaded: thresholds read (a
 * "$param" through its value), rule ids apart from item ids. Returns
 * the number of problems, or -1 when out of memory. */
int crp_archive_compile(struct cr_checklist *cl, const char *file,
                        struct cr_diag_list *diags);
void crp_archive_def_free(struct crp_archive_def *d);
/* The variable names a rule's message may use beyond its key facts
 * (figures of its kind), NULL-terminated. */
const char *const *crp_arule_figures(const struct crp_arule *r);
/* "count", "outlier", "share"; "string", "number", "date", "boolean". */
const char *crp_arule_kind_name(int kind);
const char *crp_fact_type_name(int type);

/* ---- one case's facts (archive-facts.c) ---- */

struct crp_fact_val {
    char **v;              /* text forms (cr_facts_get_value) */
    size_t n;
    char *error;           /* the expression failed: why */
};

struct cr_facts {
    struct cr_checklist *cl;   /* a reference */
    char *source, *case_id;
    struct crp_fact_val *vals; /* one per fact of the checklist */
};

/* Evaluates a fact's expression at the case's document: a libxml2
 * object, or NULL with *ERR set (crp_malloc'd) when it failed. */
typedef xmlXPathObjectPtr (*crp_fact_eval_fn)(void *ctx,
                                              const struct crp_expr *e,
                                              char **err);
/* The facts of RES's checklist for RES (its source and case id), into
 * res->facts. 0, or -1 when out of memory. */
int crp_facts_eval(struct cr_result *res, crp_fact_eval_fn fn, void *ctx);
/* Reads TEXT as a value of a fact of TYPE: *NUM (a number, a day
 * number, 0/1 for a boolean). 1 when it is one, 0 otherwise. */
int crp_fact_parse(int type, const char *text, double *num);
/* Do A's and B's checklists define the same facts (names, types)? */
int crp_facts_compatible(const struct cr_checklist *a,
                         const struct cr_checklist *b);

/* ---- the collected facts of many cases (archive-store.c) ---- */

struct crp_store;

struct crp_store *crp_store_new(const struct crp_archive_def *def);
void crp_store_free(struct crp_store *st);
/* Adds one case with the facts F (NULL: none). WITHDRAWN: SOURCE does
 * not count (it could not be scored): a later evaluation drops what
 * SOURCE had before. 0, -1 when out of memory (nothing added). */
int crp_store_add(struct crp_store *st, const struct cr_facts *f,
                  const char *source, const char *case_id, int withdrawn);
size_t crp_store_count(const struct crp_store *st);
/* Marks, per case added, whether it counts: the last one added of its
 * source, and not a case without facts. LIVE: one byte per case. -1
 * when out of memory. Returns the number of cases that count. */
long crp_store_live(const struct crp_store *st, unsigned char *live);
/* A case's source and case id, crp_malloc'd (NULL: out of memory). */
char *crp_store_source(const struct crp_store *st, size_t c);
char *crp_store_case_id(const struct crp_store *st, size_t c);
/* Fact F of case C: a string fact's value id (0: none), a multiple
 * fact's value ids (*N of them), a date's day, a number, a boolean. */
uint32_t crp_store_str(const struct crp_store *st, size_t c, size_t f);
const uint32_t *crp_store_multi(const struct crp_store *st, size_t c,
                                size_t f, size_t *n);
/* NaN when the case has no value. */
double crp_store_num(const struct crp_store *st, size_t c, size_t f);
/* The text of a value id. */
const char *crp_store_text(const struct crp_store *st, uint32_t id);
/* Bytes the store holds (memory measurements). */
size_t crp_store_bytes(const struct crp_store *st);

/* ---- findings (archive-rules.c) ---- */

struct crp_afigure {
    const char *name;
    double num;
    int is_date;           /* NUM is a day number, printed as a date */
    int is_percent;        /* NUM is a share, printed as a percentage */
    char text[40];         /* as messages and the writers print it */
};

struct crp_acase {
    char *id, *source;
    char *value;           /* the date or number the rule looked at, or NULL */
};

#define CRP_AFIGURES_MAX 10

struct cr_archive_finding {
    const struct crp_arule *rule;
    const struct crp_archive_def *def;
    char **keys;           /* one value per key fact */
    struct crp_afigure figs[CRP_AFIGURES_MAX];
    size_t nfigs;
    char *message;
    struct crp_acase *cases;
    size_t ncases;
    size_t omitted;        /* involved but not listed (past the bound) */
};

struct crp_arule_stats {
    size_t cases;          /* cases the rule looked at */
    size_t left_out;       /* cases lacking a fact the rule needs */
    size_t groups, tested; /* groups formed; groups large enough */
    size_t findings;
};

struct cr_archive {
    struct cr_checklist *cl;   /* a reference */
    pthread_mutex_t lock;      /* adds from several threads */
    struct crp_store *store;
    struct cr_archive_finding *findings;
    size_t nfindings;
    struct crp_arule_stats *stats;  /* one per rule */
    size_t live;               /* cases that counted in the last run */
    int evaluated;
};

/* Runs every rule over AR's cases into ar->findings, replacing those of
 * an earlier run. CR_OK or CR_ERR_NOMEM (then no findings). */
enum cr_status crp_archive_run(struct cr_archive *ar);
void crp_archive_findings_free(struct cr_archive *ar);
/* A finding's group as people read it: 企业：…；部门：… (the facts'
 * labels), or 全部案卷 for a rule without group-by. */
struct crp_strbuf;
void crp_afinding_put_group(struct crp_strbuf *sb,
                            const struct cr_archive_finding *f);

#endif
