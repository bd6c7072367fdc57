/* functions.h — the cr: extension functions (urn:casereview:functions),
 * the working-day calendar and the regex engine behind them.
 *
 * The evaluator (eval.c) owns one struct crp_fn_env per evaluator (one
 * thread), stores it in xmlXPathContext.userData and calls
 * crp_functions_register() on its XPath context. Functions report a
 * run-time failure through crp_fn_fail(); eval.c turns env->error into
 * the item's `error` state after every evaluation. */
#ifndef CRP_FUNCTIONS_H
#define CRP_FUNCTIONS_H

#include <stddef.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "casereview.h"

#define CRP_FN_NS "urn:casereview:functions"

struct crp_calendar;
struct crp_regex_cache;

/* ---- dates (date.c): day numbers are days since 1970-01-01 ---- */

/* Parses "2024-03-05" or "2024年3月5日" (also zero-padded month/day),
 * surrounding XML whitespace allowed. Returns 1 and sets *DAY, or 0. */
int crp_date_parse(const char *s, long *day);
/* Writes "YYYY-MM-DD" (11 bytes with NUL) into BUF. */
void crp_date_format(long day, char buf[11]);
long crp_days_from_civil(int y, int m, int d);
int crp_date_valid(int y, int m, int d);
/* Day numbers of 0001-01-01 and 9999-12-31: the dates four digits spell. */
#define CRP_DAY_MIN (-719162L)
#define CRP_DAY_MAX 2932896L
/* 1 when DAY lies in [CRP_DAY_MIN, CRP_DAY_MAX] (crp_date_format writes ""
 * otherwise). */
int crp_day_valid(long day);
/* The inverse of crp_days_from_civil. */
void crp_civil_from_days(long day, int *y, int *m, int *d);

/* ---- calendar (calendar.c) ---- */

/* Loads a urn:casereview:calendar:1 document from PATH. Problems are
 * recorded in DIAGS (file:line) with CRP_DIAG_CALENDAR_INVALID or
 * CRP_DIAG_DATA_MISSING. Returns CR_OK, CR_ERR_CHECKLIST or
 * CR_ERR_NOMEM. Case-file safe parse options are used. */
enum cr_status crp_calendar_load(const char *path, struct cr_diag_list *diags,
                                 struct crp_calendar **out);
void crp_calendar_free(struct crp_calendar *cal);
/* 1 working day, 0 day off, -1 outside the calendar's range. */
int crp_calendar_is_workday(const struct crp_calendar *cal, long day);
/* Working days after A up to and including B (negative when B < A).
 * Returns 0 and sets *OUT, or -1 when A or B is outside the range. */
int crp_calendar_workdays_between(const struct crp_calendar *cal, long a,
                                  long b, long *out);
/* The N-th working day after A (before A when N < 0; A itself when
 * N == 0). Returns 0 and sets *OUT, or -1 when leaving the range. */
int crp_calendar_add_workdays(const struct crp_calendar *cal, long a, long n,
                              long *out);
/* The first and last day the calendar covers. */
void crp_calendar_range(const struct crp_calendar *cal, long *from,
                        long *to);

/* ---- regex (regex.c): PCRE2, UTF + UCP ---- */

/* Checks a pattern and flags string at load time. Returns 0 when valid;
 * otherwise -1 with a message in ERRBUF and, for a bad pattern, the
 * offset in the pattern in *OFFSET (else (size_t)-1). */
int crp_regex_check(const char *pattern, const char *flags, char *errbuf,
                    size_t errlen, size_t *offset);
/* Per-evaluator cache of compiled (JIT when available) patterns with its
 * own match data; MATCH_LIMIT bounds every match. */
struct crp_regex_cache *crp_regex_cache_new(unsigned int match_limit);
void crp_regex_cache_free(struct crp_regex_cache *rc);
/* Run-time matching through the cache (the pattern is compiled on first
 * use). Returns 1 when SUBJECT matches, 0 when not, -1 on failure (bad
 * flags or pattern, match limit hit, no memory) with a message in ERRBUF. */
int crp_regex_matches(struct crp_regex_cache *rc, const char *pattern,
                      const char *flags, const char *subject, char *errbuf,
                      size_t errlen);
/* Replaces every match of PATTERN in SUBJECT by REPLACEMENT ($1, ${1},
 * $$; a group that did not take part is empty, a group the pattern does
 * not have is an error). Returns 0 and a crp_malloc'd *OUT, or -1 with a
 * message in ERRBUF. */
int crp_regex_replace(struct crp_regex_cache *rc, const char *pattern,
                      const char *subject, const char *replacement,
                      char **out, char *errbuf, size_t errlen);
/* The work units (budget.h) the last crp_regex_matches() or
 * crp_regex_replace() call did: 1 + its subject's length / 32, plus one
 * per 8 steps of backtracking when it needed more than the first try's
 * match limit (regex.c). */
unsigned long crp_regex_work(const struct crp_regex_cache *rc);

/* ---- the functions (func-*.c, functions.c) ---- */

/* cr:has-token's test: TOKEN is one of the blank-separated words of
 * LIST. Shared with the fast path (fastpath-eval.c). */
int crp_has_token(const xmlChar *list, const xmlChar *token);
/* cr:date's reading of a number: a whole day number in range. Returns 1
 * and sets *DAY, or 0. */
int crp_day_from_number(double n, long *day);
/* cr:add-days' and cr:add-workdays' reading of an offset: a whole
 * number of days within the supported range. */
int crp_day_offset(double n, long *out);

struct cr_result;

struct crp_fn_env {
    const struct crp_calendar *calendar; /* NULL: checklist has none */
    struct crp_regex_cache *regex;
    char *error; /* first failure since crp_fn_env_reset(); crp_malloc'd */
    /* the case being scored, for cr:state (NULL between cases) */
    const struct cr_result *result;
};

/* cr:state(ID): the state of the item ID in ENV's case, after any
 * verdict ("passed", "failed", "not-applicable", "error", "pending"),
 * or NULL when the case has no such item (result.c). The loader lets
 * only earlier items be named, so the state is final when read. */
const char *crp_state_of(const struct crp_fn_env *env, const char *id);

void crp_fn_env_reset(struct crp_fn_env *env);
/* Records a run-time failure (first one wins). Does not stop the XPath
 * evaluation by itself: a function that cannot produce a value also sets
 * ctxt->error = XPATH_EXPR_ERROR (without printing). */
void crp_fn_fail(struct crp_fn_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Registers every cr: function on CTXT (namespace CRP_FN_NS). CTXT's
 * userData must point at ENV. Returns 0, or -1 when out of memory. */
int crp_functions_register(xmlXPathContextPtr ctxt, struct crp_fn_env *env);

/* Load-time information about a cr: function by local name: returns 1
 * and the allowed argument counts, or 0 when there is no such function.
 * *NEEDS_CALENDAR is set for cr:workdays-between and cr:add-workdays. */
int crp_function_info(const char *local_name, int *min_args, int *max_args,
                      int *needs_calendar);

/* cr:lookup's test of one node (functions.c, and the fast path): ELEM's
 * attribute NAME without a namespace, or NULL (also for a non-element). */
xmlAttrPtr crp_lookup_attr(xmlNodePtr elem, const xmlChar *name);

/* Money text (cnamount.c): yuan, or NaN when S is not an upper-case
 * Chinese money amount. */
double crp_cn_amount(const char *s);
/* Identifier check digits (ids.c). KIND: "resident-id" | "credit-code".
 * Returns 1 valid, 0 invalid, -1 unknown kind. */
int crp_valid_id(const char *s, const char *kind);

#endif
