/* checklist.h — the compiled checklist: what checklist-load.c builds from
 * the XML and the evaluator (eval-case.c) walks. Read-only once cr_checklist_load() returns. */
#ifndef CRP_CHECKLIST_H
#define CRP_CHECKLIST_H

#include <stdatomic.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "casereview.h"

/* An XPath expression of the checklist. Evaluators compile every
 * expression into their own table, indexed by SLOT (a compiled libxml2
 * expression is written to on first evaluation, so it is not shared). */
struct crp_expr {
    char *text;
    int line;
    size_t slot;
};

struct crp_let {
    char *name;
    struct crp_expr value;
};

/* A message template: literal text and {expr} parts, alternating. */
struct crp_tpl_part {
    char *literal;         /* NULL for an expression part */
    struct crp_expr expr;  /* text NULL for a literal part */
};

struct crp_test {
    int is_report;         /* report fails when true, assert when false */
    struct crp_expr test;
    struct crp_tpl_part *parts;
    size_t nparts;
    int line;
};

struct crp_check {
    struct crp_expr context;
    struct crp_let *lets;
    size_t nlets;
    struct crp_test *tests;
    size_t ntests;
    int line;
};

struct crp_item {
    char *id, *title, *basis, *severity, *description;
    double deduct, max;
    int per_node, veto, line;
    size_t category;
    /* checklist 1.1 (checklist-scheme.c): standard points of an earn
     * item, bonus of a bonus item, a deduction range, reviewer items,
     * on-fail="zero-category", cap-grade (grade index, -1 none) */
    double points, bonus, deduct_min, deduct_max;
    unsigned char has_points, has_bonus, has_deduct, has_range;
    unsigned char reviewer, zero_category;
    long cap_grade;
    char *cap_grade_id;    /* as written, resolved once grades are known */
    struct crp_expr *applies;
    size_t napplies;
    struct crp_check *checks;
    size_t nchecks;
    char *logic;           /* canonical text of the item's logic (diff) */
    /* the item's JSON that never changes from case to case, escaped once
     * at load (result-json.c): `{"id": ..., "state": ` and
     * `, "veto": ..., "findings": [` */
    char *json_head, *json_mid;
    size_t json_head_len, json_mid_len;
};

/* Category scoring (1.1): how findings become its score. */
enum crp_scoring { CRP_SCORING_DEDUCT = 0, CRP_SCORING_EARN = 1 };
enum crp_role { CRP_ROLE_NONE = 0, CRP_ROLE_PENALTY = 1, CRP_ROLE_BONUS = 2 };
/* What a failed veto item does to the case (checklist/@veto). */
enum crp_veto_effect {
    CRP_VETO_LOWEST_GRADE = 0, CRP_VETO_ZERO = 1, CRP_VETO_UNSCORED = 2
};

/* Categories are listed in document order: a parent before its
 * children (PARENT: index, -1 at top level). */
struct crp_category {
    char *id, *title;
    double points;
    int line;
    long parent;
    int scoring, role;     /* enum crp_scoring, enum crp_role */
};

struct crp_grade {
    char *id, *label;
    double min;
    int line;
};

enum crp_param_type {
    CRP_PARAM_STRING, CRP_PARAM_INTEGER, CRP_PARAM_NUMBER, CRP_PARAM_DATE,
    CRP_PARAM_BOOLEAN
};

struct crp_param {
    char *name, *value;
    int line;
    int type;              /* enum crp_param_type */
    char *min, *max;       /* as written; NULL: unbounded */
    double min_n, max_n;   /* day numbers for dates */
    int may_be_empty;      /* the default is "": empty means "not set" */
};

struct crp_data {
    char *name, *href;
    char *path;            /* what was loaded (href resolved or override) */
    int line;
    xmlDocPtr doc;         /* ordered (xmlXPathOrderDocElems) at load */
};

struct crp_ns {
    char *prefix, *uri;
};

struct crp_limits {
    size_t max_case_size;
    unsigned int regex_match_limit;
    unsigned long xpath_op_limit;
    unsigned int flags;
    /* what one case may cost and what its result may hold (budget.h,
     * result-bounds.c): settable by the caller and by the checklist's
     * <limits> (limits-load.c), the caller's setting winning */
    unsigned long max_case_nodes;
    size_t max_case_tree;
    unsigned long max_case_work;
    unsigned int max_findings;
    unsigned int max_message;
    unsigned int set;       /* CRP_LIMIT_* the caller set */
    unsigned int lang;      /* enum crp_lang of messages (msgcat.h) */
};

enum {
    CRP_LIMIT_CASE_NODES = 1 << 0,
    CRP_LIMIT_CASE_TREE = 1 << 1,
    CRP_LIMIT_CASE_WORK = 1 << 2,
    CRP_LIMIT_FINDINGS = 1 << 3,
    CRP_LIMIT_MESSAGE = 1 << 4
};

/* The defaults, documented in casereview.h and docs/limits.md. */
#define CRP_DEFAULT_CASE_NODES 2000000UL
#define CRP_DEFAULT_CASE_TREE ((size_t)128 << 20)
#define CRP_DEFAULT_CASE_WORK 200000000UL
#define CRP_DEFAULT_FINDINGS 100U
#define CRP_DEFAULT_MESSAGE 1000U

struct cr_checklist {
    atomic_int refs;
    char *path, *base_dir;
    char *id, *version, *title, *description;
    double total;
    struct crp_grade *grades;
    size_t ngrades;
    struct crp_param *params;
    size_t nparams;
    struct crp_data *data;
    size_t ndata;
    struct crp_ns *ns;
    size_t nns;
    struct crp_calendar *calendar;
    char *calendar_href, *calendar_path;
    int calendar_line;
    struct crp_expr case_id;
    struct crp_expr group_by;
    /* what outputs show of a case beside its group: its agency's name
     * and its kind (casefile), fixed expressions */
    struct crp_expr agency_name, case_kind;
    int has_group_by;
    /* <accepts>: evaluated once per case, before anything else; a case
     * it refuses is an error result (test.text NULL: no <accepts>) */
    struct crp_test accepts;
    struct crp_let *lets;
    size_t nlets;
    struct crp_category *categories;
    size_t ncategories;
    struct crp_item *items;
    size_t nitems;
    size_t nexprs;         /* slots handed out */
    /* 1.1: set when the checklist uses any scoring construct of
     * checklist 1.1; a checklist without scores as 1.0 did, byte for
     * byte (score.c, result-json.c) */
    int v11;
    int veto_effect;       /* enum crp_veto_effect */
    int has_reviewer;      /* some item has decide="reviewer" */
    size_t json_size;      /* the items' fixed JSON (result-json.c) */
    struct crp_limits limits;
    struct crp_archive_def *archive;  /* <archive-rules> (archive-rules.h), or NULL */
};

/* cr_load_options internals (options.c): the overrides are pairs.h's
 * lists. */
struct cr_load_options {
    struct crp_pair *params;
    size_t nparams;
    struct crp_pair *data;
    size_t ndata;
    struct crp_limits limits;
};

void crp_limits_default(struct crp_limits *l);
/* param-type.c: reads the type, min and max of the <param> K into P
 * (name, value and line set) and checks its default. Problems are added
 * to DIAGS; returns their number, or -1 when out of memory. */
int crp_param_declare(struct crp_param *p, xmlNodePtr k, const char *file,
                      struct cr_diag_list *diags);
/* 0 when VALUE suits P, else -1 and WHY (in LANG, an enum crp_lang,
 * naming the param, the value and what is expected). */
int crp_param_check(const struct crp_param *p, const char *value,
                    unsigned int lang, char *why, size_t size);
int crp_param_fits(const struct crp_param *p, const char *value);
const char *crp_param_type_name(int type);
/* limits-load.c: a <limits> element K into CL->limits, except what the
 * caller set. Problems are added to DIAGS; returns their number, or -1
 * when out of memory. */
int crp_limits_load(struct cr_checklist *cl, xmlNodePtr k, const char *file,
                    struct cr_diag_list *diags);

/* checklist-load.c: XML -> model, shape checks. Adds diags; returns
 * CR_OK, CR_ERR_CHECKLIST or CR_ERR_NOMEM. */
enum cr_status crp_checklist_build(struct cr_checklist *cl, xmlDocPtr doc,
                                   const char *file,
                                   struct cr_diag_list *diags);
/* checklist-compile.c: expressions, names, data documents, calendar. */
enum cr_status crp_checklist_compile(struct cr_checklist *cl,
                                     const struct cr_load_options *opts,
                                     const char *file,
                                     struct cr_diag_list *diags);
void crp_checklist_free(struct cr_checklist *cl);

/* checklist-scheme.c: the scoring attributes of checklist 1.1. The
 * loader calls these while it builds the model; every problem is
 * reported at the element's line. */
struct crp_scheme_ctx {
    struct cr_checklist *cl;
    const char *file;
    struct cr_diag_list *diags;
    int *errors;
    int *oom;
};
/* checklist/@veto. */
void crp_scheme_root(const struct crp_scheme_ctx *sc, xmlNodePtr n);
/* category/@scoring, @role; PARENT is the enclosing category or -1. */
void crp_scheme_category(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                         struct crp_category *c, long parent);
/* The amounts of an item (deduct, points, bonus, deduct-min/-max) as its
 * category's kind wants them, decide, on-fail and cap-grade. */
void crp_scheme_item(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                     struct crp_item *it);
/* After the whole file: cap-grade names a grade, child budgets within
 * their parent's, the top-level sum equals total (replaces 1.0's
 * check), ids shared by categories and items. */
void crp_scheme_check(const struct crp_scheme_ctx *sc, xmlNodePtr root);
/* checklist-load.c's attribute readers: a number as 1.0's (from 0 to
 * 1000000; 0 absent, 1 read, -1 reported as bad) and a copied string
 * (NULL when absent or out of memory). */
int crp_load_number(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                    const char *name, double def, double *out);
char *crp_load_attr(const struct crp_scheme_ctx *sc, xmlNodePtr n,
                    const char *name);
/* Index of the item ID among the first N items, or -1. */
long crp_item_index(const struct cr_checklist *cl, const char *id, size_t n);

#endif
