/*
 * casereview.h — libcasereview public API.
 *
 * libcasereview scores administrative law-enforcement case files
 * (行政执法案卷) against checklists (评查标准) written in the checklist
 * language urn:casereview:checklist:1, and produces results in the
 * casereview-result/1 format.
 *
 * The pipeline, in calls:
 *
 *     struct cr_checklist *cl = NULL;
 *     struct cr_diag_list *diags = NULL;
 *     struct cr_evaluator *ev = NULL;
 *     struct cr_result *res = NULL;
 *     char *json = NULL;
 *
 *     if (cr_checklist_load("rules/penalty-general.xml", NULL, &cl, &diags))
 *         ... print cr_diag_list_format(diags), free it, give up ...
 *     cr_evaluator_new(cl, &ev);
 *     cr_evaluator_score_file(ev, "case.xml", &res);  // CR_ERR_CASE: error result
 *     cr_result_to_json(res, 0, &json);
 *     cr_free(json);
 *     cr_result_free(res);
 *     cr_evaluator_free(ev);
 *     cr_checklist_unref(cl);
 *
 * Conventions
 * - Every type is opaque; every symbol is prefixed cr_ / CR_.
 * - Calls that can fail return enum cr_status: CR_OK (0) or a negative code.
 * - The library never prints. Load problems come back as a cr_diag_list;
 *   a case that cannot be scored comes back as an error result.
 * - Ownership: _new/_load hand a handle to the caller, who releases it with
 *   the matching _free/_unref (all accept NULL). Getters lend: the pointer is
 *   valid until the object it came from is released. Strings the library
 *   allocates for the caller are released with cr_free().
 * - Indexes are size_t from 0; an index out of range gives NULL / 0 / -1.
 *
 * Threads: a cr_checklist (and a cr_verdicts) is read-only once loaded
 * and may serve any number of threads at once; ref/unref are atomic. A
 * cr_evaluator belongs to one thread at a time: create one per worker
 * thread from the shared checklist. Results are independent objects.
 * The library keeps no mutable global state visible to callers. It does
 * install, once, a process-wide libxml2 external-entity loader that refuses
 * every external entity while libcasereview is parsing on that thread and
 * defers to the previously installed loader otherwise.
 */
#ifndef CASEREVIEW_H
#define CASEREVIEW_H

#include <stddef.h>

#include "casereview-version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Status codes, versions, memory                                       */

enum cr_status {
    CR_OK = 0,
    CR_ERR_NOMEM = -1,     /* an allocation failed; nothing was produced */
    CR_ERR_INVALID = -2,   /* a bad argument (NULL handle, unknown name) */
    CR_ERR_IO = -3,        /* a file could not be read */
    CR_ERR_CHECKLIST = -4, /* the checklist does not load: see the diags */
    CR_ERR_CASE = -5       /* the case could not be scored: error result */
};

/* A short English name for a status ("ok", "out of memory", ...). */
const char *cr_status_to_str(enum cr_status st);

/* The library's version at run time, e.g. "0.1.0"; compare with
 * CR_VERSION_STRING from casereview-version.h to catch a mismatch. */
const char *cr_version(void);
/* The same as 0xMMmmpp (CR_VERSION_HEX at build time). */
unsigned int cr_version_hex(void);

/* Releases a string or buffer the library allocated for the caller. */
void cr_free(void *p);

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */

enum cr_severity { CR_SEVERITY_ERROR = 0, CR_SEVERITY_WARNING = 1 };

struct cr_diag;       /* one problem: code, severity, file, line, message */
struct cr_diag_list;  /* every problem one load found, in file order */

size_t cr_diag_list_count(const struct cr_diag_list *list);
const struct cr_diag *cr_diag_list_get(const struct cr_diag_list *list,
                                       size_t i);
/* Number of entries with severity CR_SEVERITY_ERROR. */
size_t cr_diag_list_error_count(const struct cr_diag_list *list);
void cr_diag_list_free(struct cr_diag_list *list);

/* Stable numeric code (see libcasereview/messages.def), e.g. 2207. */
int cr_diag_get_code(const struct cr_diag *d);
enum cr_severity cr_diag_get_severity(const struct cr_diag *d);
const char *cr_diag_get_file(const struct cr_diag *d);  /* may be NULL */
/* The line is where the start tag of the element at fault begins. The
 * column, for a problem inside an expression, is the 1-based character
 * offset in that expression (not in the file line); 0 otherwise. */
int cr_diag_get_line(const struct cr_diag *d);          /* 0: unknown */
int cr_diag_get_column(const struct cr_diag *d);        /* 0: unknown */
const char *cr_diag_get_message(const struct cr_diag *d);
/* "file:line:col: error[CR-NNNN]: message"; release with cr_free().
 * NULL when out of memory. */
char *cr_diag_format(const struct cr_diag *d);
/* Every entry formatted, one per line (messages hold no line break);
 * release with cr_free(). */
char *cr_diag_list_format(const struct cr_diag_list *list);

/* ------------------------------------------------------------------ */
/* Load options                                                         */

struct cr_load_options;

enum cr_load_flags {
    CR_LOAD_DEFAULT = 0,
    /* Let <data>/<calendar> hrefs of the checklist leave its folder
     * (refused by default). URLs are always refused. */
    CR_LOAD_ALLOW_OUTSIDE_DATA = 1 << 0
};

enum cr_status cr_load_options_new(struct cr_load_options **out);
void cr_load_options_free(struct cr_load_options *opts);
/* Overrides the default of <param name="NAME">. An unknown name, or a
 * value that does not suit the param's type, min or max, is a load error
 * (reported in the diags); CR_ERR_INVALID for a VALUE that is not UTF-8. */
enum cr_status cr_load_options_set_param(struct cr_load_options *opts,
                                         const char *name, const char *value);
/* Loads <data name="NAME"> from PATH instead of its href. PATH is taken
 * as given (relative to the working directory). */
enum cr_status cr_load_options_set_data(struct cr_load_options *opts,
                                        const char *name, const char *path);
enum cr_status cr_load_options_set_flags(struct cr_load_options *opts,
                                         unsigned int flags);
/* Largest case file accepted, in bytes (default 64 MiB). */
enum cr_status cr_load_options_set_max_case_size(struct cr_load_options *opts,
                                                 size_t bytes);
/* PCRE2 match limit per regex call (default 1000000). */
enum cr_status cr_load_options_set_regex_match_limit(
    struct cr_load_options *opts, unsigned int limit);
/* XPath operations allowed per item and case (default 50000000). */
enum cr_status cr_load_options_set_xpath_op_limit(struct cr_load_options *opts,
                                                  unsigned long limit);

/* What one case may cost, and what its result may hold (@since 0.2).
 * Each is also settable in the checklist, as an attribute of the same
 * name on <limits> (max-case-nodes="..." ...): a value set here wins
 * over the checklist's, which wins over the default. Every count is in
 * units that give the same answer for the same case on any machine and
 * with any number of threads. A case past one of the first three is an
 * error result (CR_ERR_CASE) whose message, in Chinese, names the limit
 * and whose cr_result_get_error_limit() is its name; it is never
 * partly scored. 0 is CR_ERR_INVALID for each.
 *
 * Nodes of the case's tree: elements, attributes, text (an attribute's
 * value too), comments (default 2000000). */
enum cr_status cr_load_options_set_max_case_nodes(
    struct cr_load_options *opts, unsigned long nodes);
/* Bytes of the case's tree: its nodes and strings (default 128 MiB). */
enum cr_status cr_load_options_set_max_case_tree(struct cr_load_options *opts,
                                                 size_t bytes);
/* Work units spent on the case, over all its items (default 200000000):
 * XPath operations, nodes read by cr:lookup, cr:distinct-count and the
 * like, regex subjects and backtracking. The per-item limit above still
 * makes a single item `error`. */
enum cr_status cr_load_options_set_max_case_work(struct cr_load_options *opts,
                                                 unsigned long units);
/* Findings listed per item (default 100): the rest are counted
 * (cr_item_result_get_findings_omitted, "findings_omitted" in JSON); an
 * item's deduction still counts every failing node. */
enum cr_status cr_load_options_set_max_findings(struct cr_load_options *opts,
                                                unsigned int findings);
/* Characters of a finding's message (default 1000): a longer one is cut
 * on a character and ends in "…" (U+2026). */
enum cr_status cr_load_options_set_max_message_length(
    struct cr_load_options *opts, unsigned int chars);
/* The language of the messages the load and everything made from the
 * checklist (evaluators, verdicts, results) write: "zh" (the default)
 * or "en"; a locale name such as "en_US.UTF-8" is taken by its first
 * two letters. Anything else: CR_ERR_INVALID. Since 0.2. */
enum cr_status cr_load_options_set_language(struct cr_load_options *opts,
                                            const char *lang);
/* The language of the messages of the calls that take no load options
 * — cr_transform_load(), cr_casefile_validate() and
 * cr_casefile_validate_memory() — made on the calling thread from now
 * on: "zh" (the default on every thread) or "en", a locale name taken
 * by its first two letters as above. Scoring is not affected: it uses
 * its checklist's language. NULL or anything else: CR_ERR_INVALID.
 * Since 0.2. */
enum cr_status cr_set_thread_language(const char *lang);

/* ------------------------------------------------------------------ */
/* Checklists                                                           */

struct cr_checklist;

/* Compiles the checklist at PATH. OPTS may be NULL. On CR_OK *OUT holds
 * the checklist. On any failure *OUT is NULL; with CR_ERR_CHECKLIST or
 * CR_ERR_IO the problems are in *DIAGS (if DIAGS is not NULL; the list
 * is also returned, holding warnings, on success). Every problem found
 * is reported, each with file and line. */
enum cr_status cr_checklist_load(const char *path,
                                 const struct cr_load_options *opts,
                                 struct cr_checklist **out,
                                 struct cr_diag_list **diags);
/* The same from memory. NAME is used in diagnostics and BASE_DIR
 * resolves relative hrefs (NULL: the working directory). */
enum cr_status cr_checklist_load_memory(const char *buf, size_t len,
                                        const char *name, const char *base_dir,
                                        const struct cr_load_options *opts,
                                        struct cr_checklist **out,
                                        struct cr_diag_list **diags);
struct cr_checklist *cr_checklist_ref(struct cr_checklist *cl);
/* Drops a reference; frees at zero. Accepts NULL; always returns NULL. */
struct cr_checklist *cr_checklist_unref(struct cr_checklist *cl);

const char *cr_checklist_get_id(const struct cr_checklist *cl);
const char *cr_checklist_get_version(const struct cr_checklist *cl); /* "" */
const char *cr_checklist_get_title(const struct cr_checklist *cl);   /* "" */
const char *cr_checklist_get_path(const struct cr_checklist *cl);
double cr_checklist_get_total(const struct cr_checklist *cl);
/* The <group-by value="..."/> expression, or NULL when absent. */
const char *cr_checklist_get_group_by(const struct cr_checklist *cl);

size_t cr_checklist_get_category_count(const struct cr_checklist *cl);
const char *cr_checklist_get_category_id(const struct cr_checklist *cl,
                                         size_t i);
const char *cr_checklist_get_category_title(const struct cr_checklist *cl,
                                            size_t i);
double cr_checklist_get_category_points(const struct cr_checklist *cl,
                                        size_t i);

/* Items in checklist order. */
size_t cr_checklist_get_item_count(const struct cr_checklist *cl);
const char *cr_checklist_get_item_id(const struct cr_checklist *cl, size_t i);
const char *cr_checklist_get_item_title(const struct cr_checklist *cl,
                                        size_t i);
const char *cr_checklist_get_item_category(const struct cr_checklist *cl,
                                           size_t i); /* category id */
double cr_checklist_get_item_deduct(const struct cr_checklist *cl, size_t i);
/* The cap: for per="node" the max (default the category's points);
 * for per="item" the deduct. */
double cr_checklist_get_item_max(const struct cr_checklist *cl, size_t i);
int cr_checklist_get_item_per_node(const struct cr_checklist *cl, size_t i);
int cr_checklist_get_item_veto(const struct cr_checklist *cl, size_t i);
const char *cr_checklist_get_item_basis(const struct cr_checklist *cl,
                                        size_t i); /* "" when none */
const char *cr_checklist_get_item_severity(const struct cr_checklist *cl,
                                           size_t i); /* "" when none */
const char *cr_checklist_get_item_description(const struct cr_checklist *cl,
                                              size_t i); /* "" when none */
/* A canonical text of the item's logic (applies-if, lets, contexts,
 * tests, messages), equal for two items that check the same thing;
 * used to diff checklist versions. */
const char *cr_checklist_get_item_logic(const struct cr_checklist *cl,
                                        size_t i);
/* Source line of the item's element in the checklist file (where its
 * start tag begins). */
int cr_checklist_get_item_line(const struct cr_checklist *cl, size_t i);
/* Index of the item with ID, or -1. */
long cr_checklist_find_item(const struct cr_checklist *cl, const char *id);

/* Checklist language 1.1 (scoring schemes of published standards; see
 * docs/checklist-language.md). A checklist that uses none of it gets the
 * defaults below and scores exactly as checklist 1.0.
 *
 * "1.1" when the checklist uses any scoring construct of 1.1 (its
 * results then carry score_range, grade_caps, bonus, pending and the
 * category scores), else "1.0". */
const char *cr_checklist_get_language(const struct cr_checklist *cl);
/*
 * What a failed veto item does: "lowest-grade" (default), "zero" or
 * "unscored". */
const char *cr_checklist_get_veto_effect(const struct cr_checklist *cl);
/* Categories are listed in document order, a parent before its
 * children. The parent's index, or -1 at top level. */
long cr_checklist_get_category_parent(const struct cr_checklist *cl,
                                      size_t i);
/* "deduct" (default) or "earn". */
const char *cr_checklist_get_category_scoring(const struct cr_checklist *cl,
                                              size_t i);
/* "penalty", "bonus", or NULL for an ordinary category. */
const char *cr_checklist_get_category_role(const struct cr_checklist *cl,
                                           size_t i);
/* An earn item's standard points, a bonus item's bonus; 0 otherwise. */
double cr_checklist_get_item_points(const struct cr_checklist *cl, size_t i);
double cr_checklist_get_item_bonus(const struct cr_checklist *cl, size_t i);
/* 1 with *MIN and *MAX set when the item has deduct-min/deduct-max
 * (cr_checklist_get_item_deduct then gives deduct-max), else 0. */
int cr_checklist_get_item_range(const struct cr_checklist *cl, size_t i,
                                double *min, double *max);
/* 1 for decide="reviewer": the item is pending until a verdict. */
int cr_checklist_get_item_reviewer(const struct cr_checklist *cl, size_t i);
/* 1 for on-fail="zero-category". */
int cr_checklist_get_item_zero_category(const struct cr_checklist *cl,
                                        size_t i);
/* The grade id of cap-grade, or NULL. */
const char *cr_checklist_get_item_cap_grade(const struct cr_checklist *cl,
                                            size_t i);

/* ------------------------------------------------------------------ */
/* Verdicts: what reviewers decided (urn:casereview:verdicts:1)         */

/* A verdicts document, loaded against the checklist whose items it
 * decides and checked at load like a checklist: an unknown item, another
 * checklist's id, two verdicts for one item of one case, a result or a
 * deduct the item does not allow, a missing by/at are each reported
 * with file:line, all at once, and the file does not load
 * (CR_ERR_CHECKLIST, problems in *DIAGS). Like a checklist it is
 * read-only once loaded and shared by any number of threads (ref/unref
 * are atomic); it holds a reference to its checklist.
 *
 * Use: attach it to each evaluator of that checklist with
 * cr_evaluator_set_verdicts(); every case the evaluator scores then
 * gets the verdicts of its case id (cr_result_get_case_id). A verdict
 * decides a pending reviewer item or overrides a machine item; the
 * result keeps the machine's state (cr_item_result_get_machine_state)
 * and findings beside it. */
struct cr_verdicts;

enum cr_status cr_verdicts_load(struct cr_checklist *cl, const char *path,
                                struct cr_verdicts **out,
                                struct cr_diag_list **diags);
/* The same from memory; NAME is used in diagnostics. */
enum cr_status cr_verdicts_load_memory(struct cr_checklist *cl,
                                       const char *buf, size_t len,
                                       const char *name,
                                       struct cr_verdicts **out,
                                       struct cr_diag_list **diags);
struct cr_verdicts *cr_verdicts_ref(struct cr_verdicts *v);
/* Drops a reference; frees at zero. Accepts NULL; always returns NULL. */
struct cr_verdicts *cr_verdicts_unref(struct cr_verdicts *v);
const char *cr_verdicts_get_path(const struct cr_verdicts *v);
/* Verdicts in all, and the cases they name (sorted by id; several
 * <case> elements with one id are one case), with the line of each
 * case's first <case> element: a caller can report verdicts for cases
 * it never scored. */
size_t cr_verdicts_get_count(const struct cr_verdicts *v);
size_t cr_verdicts_get_case_count(const struct cr_verdicts *v);
const char *cr_verdicts_get_case_id(const struct cr_verdicts *v, size_t i);
int cr_verdicts_get_case_line(const struct cr_verdicts *v, size_t i);
/* Index of the case ID, or -1. */
long cr_verdicts_find_case(const struct cr_verdicts *v, const char *id);

/* Grades, highest first. */
size_t cr_checklist_get_grade_count(const struct cr_checklist *cl);
const char *cr_checklist_get_grade_id(const struct cr_checklist *cl, size_t i);
const char *cr_checklist_get_grade_label(const struct cr_checklist *cl,
                                         size_t i);
double cr_checklist_get_grade_min(const struct cr_checklist *cl, size_t i);

/* Params (<param>): name, value (the default, or the load options'
 * override), type ("integer", "number", "date", "boolean" or "string",
 * the default) and bounds as written (NULL: none). */
size_t cr_checklist_get_param_count(const struct cr_checklist *cl);
const char *cr_checklist_get_param_name(const struct cr_checklist *cl,
                                        size_t i);
const char *cr_checklist_get_param_value(const struct cr_checklist *cl,
                                         size_t i);
const char *cr_checklist_get_param_type(const struct cr_checklist *cl,
                                        size_t i);
const char *cr_checklist_get_param_min(const struct cr_checklist *cl,
                                       size_t i);
const char *cr_checklist_get_param_max(const struct cr_checklist *cl,
                                       size_t i);
/* CR_OK when VALUE suits the param NAME (its type, min and max);
 * CR_ERR_INVALID for an unknown name or a value that does not suit, with
 * *WHY (when WHY is not NULL) a message in the checklist's language
 * (cr_load_options_set_language) naming the param, the value and what
 * is expected, released with cr_free(). */
enum cr_status cr_checklist_check_param(const struct cr_checklist *cl,
                                        const char *name, const char *value,
                                        char **why);
/* Data documents (<data>) and the calendar: the path each was loaded
 * from (href resolved, or the load options' override); NULL when none. */
size_t cr_checklist_get_data_count(const struct cr_checklist *cl);
const char *cr_checklist_get_data_name(const struct cr_checklist *cl,
                                       size_t i);
const char *cr_checklist_get_data_path(const struct cr_checklist *cl,
                                       size_t i);
const char *cr_checklist_get_calendar_path(const struct cr_checklist *cl);
/* The test of <accepts>, or NULL. */
const char *cr_checklist_get_accepts(const struct cr_checklist *cl);

/* ------------------------------------------------------------------ */
/* Evaluators: one per thread                                           */

struct cr_evaluator;
struct cr_result;

enum cr_eval_flags {
    CR_EVAL_DEFAULT = 0,
    /* Record, for each finding, the values of the lets in scope and of
     * each {expr} of its message, and for not-applicable items the value
     * of each applies-if test. Read them with cr_finding_get_explain_*
     * and cr_item_result_get_explain_*; print them with CR_JSON_EXPLAIN. */
    CR_EVAL_EXPLAIN = 1 << 0
};

/* A new evaluator holding a reference to CL. */
enum cr_status cr_evaluator_new(struct cr_checklist *cl,
                                struct cr_evaluator **out);
void cr_evaluator_free(struct cr_evaluator *ev);
enum cr_status cr_evaluator_set_flags(struct cr_evaluator *ev,
                                      unsigned int flags);
/* Applies V (loaded for this evaluator's checklist; NULL: none) to the
 * evaluator's later cases; the evaluator holds a reference.
 * CR_ERR_INVALID for verdicts loaded against another checklist object.
 * To pass verdicts per call, set them before the call. */
enum cr_status cr_evaluator_set_verdicts(struct cr_evaluator *ev,
                                         struct cr_verdicts *v);
/* Overrides a param for this evaluator's later cases (NULL VALUE: back
 * to the checklist's value). CR_ERR_INVALID for an unknown name, a VALUE
 * that is not UTF-8 or one that does not suit the param's type, min or
 * max (cr_checklist_check_param says why). */
enum cr_status cr_evaluator_set_param(struct cr_evaluator *ev,
                                      const char *name, const char *value);

/* Scores a case. On CR_OK *OUT is the result. On CR_ERR_CASE *OUT is an
 * error result (cr_result_is_error() is true) saying why the case could
 * not be scored; on CR_ERR_NOMEM or CR_ERR_INVALID *OUT is NULL.
 * case.source is PATH for a file, else SOURCE (may be NULL: ""). */
enum cr_status cr_evaluator_score_file(struct cr_evaluator *ev,
                                       const char *path,
                                       struct cr_result **out);
enum cr_status cr_evaluator_score_memory(struct cr_evaluator *ev,
                                         const char *buf, size_t len,
                                         const char *source,
                                         struct cr_result **out);
/* Scores a caller's libxml2 document (an xmlDocPtr, passed as void * to
 * keep libxml2 out of this header). The document is only read; one
 * without a root element gives an error result (CR_ERR_CASE). */
enum cr_status cr_evaluator_score_doc(struct cr_evaluator *ev, void *xml_doc,
                                      const char *source,
                                      struct cr_result **out);

/* ------------------------------------------------------------------ */
/* Transforms: agencies' own exports, mapped to casefile          @since 0.2 */

/* A mapping from an agency's export to casefile: an XSLT 1.0 stylesheet
 * (libxslt), applied to each input before it is scored or validated.
 *
 * Threads: a cr_transform is read-only once cr_transform_load() returns
 * and may be shared by any number of threads and evaluators; ref/unref
 * are atomic. Each evaluator compiles its own copy (libxslt's compiled
 * XPath is written to on first use), as it does for checklists.
 *
 * The first cr_transform_load() in a process installs two hooks, once:
 * libxslt's generic error function (so that nothing is printed), and a
 * counting wrapper around libxml2's allocator (xmlGcMemSetup; frees are
 * untouched), which acts only on a thread that is running a mapping.
 * Load transforms before other threads start using libxml2.
 *
 * The sandbox: the mapping may read files (xsl:import, xsl:include,
 * document()) only inside the folder that holds it, all links followed,
 * never from the network; it may write nothing (xsl:document and the
 * like are refused). One run is bounded: 20 000 000 instructions,
 * 200 000 000 XPath operations, templates 1000 deep, 256 MiB plus 16
 * bytes per byte of input allocated, output 256 elements deep. A run
 * past a bound, refused by the sandbox or stopped by xsl:message
 * terminate="yes" gives an error result (kind "transform").
 *
 * Lines and locations: an element the mapping copies from the export
 * (xsl:copy, xsl:copy-of) keeps its line (libxslt keeps it); an element
 * the mapping writes (a literal result element, xsl:element) is given
 * the element of the export that was the current node when it was
 * written. A finding on either reports that element of the export:
 * "location" is its path there (/案卷目录/页[3]) and "line" its line.
 * Elements with no origin in the export (made from a variable or from
 * a document() file) report the mapped document's path and line 0. */
struct cr_transform;

/* Loads and compiles the mapping at PATH. On CR_OK *OUT holds it; on
 * failure *OUT is NULL and *DIAGS (when DIAGS is not NULL) says why in
 * the thread's language (cr_set_thread_language) with libxslt's text
 * (CR_ERR_CHECKLIST: it does not compile or reaches outside its folder;
 * CR_ERR_IO: it cannot be read). */
enum cr_status cr_transform_load(const char *path, struct cr_transform **out,
                                 struct cr_diag_list **diags);
struct cr_transform *cr_transform_ref(struct cr_transform *tf);
/* Drops a reference; frees at zero. Accepts NULL; always returns NULL. */
struct cr_transform *cr_transform_unref(struct cr_transform *tf);
const char *cr_transform_get_path(const struct cr_transform *tf);
/* Applies TF to every case EV scores from now on (score_file,
 * score_memory, score_doc; the caller's document is copied, never
 * changed); NULL: none. EV holds a reference to TF. CR_ERR_INVALID when
 * TF no longer compiles (an imported file changed), CR_ERR_NOMEM. */
enum cr_status cr_evaluator_set_transform(struct cr_evaluator *ev,
                                          struct cr_transform *tf);

/* ------------------------------------------------------------------ */
/* Validating case files                                      @since 0.2 */

/* Checks the case file at PATH against the casefile/1 and casefile/1.1
 * format (docs/casefile.md, schema/casefile.rng), after mapping it with
 * TF when TF is not NULL. *DIAGS (when DIAGS is not NULL) receives every
 * problem, sorted by line, each with the file, its line and a message
 * in the thread's language (cr_set_thread_language, Chinese by
 * default): errors for what the format forbids (an unknown element or
 * attribute, a value of the wrong shape, a duplicate id, a file that is
 * not XML or not a casefile at all), warnings for what it allows but a
 * reader should see (a date no calendar has, a reference to an id the
 * file does not define, a refusal to sign without a note). Returns CR_OK
 * when there is no error (warnings allowed), CR_ERR_CASE when there is
 * one, CR_ERR_IO when PATH cannot be read, CR_ERR_NOMEM. */
enum cr_status cr_casefile_validate(const char *path, struct cr_transform *tf,
                                    struct cr_diag_list **diags);
/* The same for LEN bytes at BUF; NAME is the file named in the diags. */
enum cr_status cr_casefile_validate_memory(const char *buf, size_t len,
                                           const char *name,
                                           struct cr_transform *tf,
                                           struct cr_diag_list **diags);

/* ------------------------------------------------------------------ */
/* Results                                                              */

struct cr_result;
struct cr_item_result;
struct cr_finding;

enum cr_item_state {
    CR_ITEM_PASSED = 0,
    CR_ITEM_FAILED = 1,
    CR_ITEM_NOT_APPLICABLE = 2,
    CR_ITEM_ERROR = 3,
    /* a reviewer item no verdict has decided yet (checklist 1.1) */
    CR_ITEM_PENDING = 4
};
/* "passed", "failed", "not-applicable", "error", "pending". */
const char *cr_item_state_to_str(enum cr_item_state st);

/* An error result for a case that never reached the engine (e.g. an
 * archive member over the size limit), so callers report it the same
 * way. LINE 0: unknown. */
enum cr_status cr_result_new_error(const char *source, const char *message,
                                   int line, struct cr_result **out);
/* The same, with the error's KIND (JSON error.kind: one of those of
 * cr_result_get_error_kind(), NULL for none) and DETAIL (error.detail:
 * the text of whatever failed, the system's or an archive library's;
 * NULL or "" for none) beside the Chinese MESSAGE: for a program that
 * reads cases itself (casereview batch, the Python Dask runner) and
 * reports what it could not read as the engine reports a case it could
 * not score. Bytes that are not UTF-8 become U+FFFD. @since 0.2 */
enum cr_status cr_result_new_error_kind(const char *source,
                                        const char *message,
                                        const char *kind, const char *detail,
                                        struct cr_result **out);
void cr_result_free(struct cr_result *res);

/* True when the case could not be scored; then only the source, case id
 * (may be NULL), error message and line are meaningful. */
int cr_result_is_error(const struct cr_result *res);
const char *cr_result_get_error_message(const struct cr_result *res);
int cr_result_get_error_line(const struct cr_result *res);
/* Why the engine could not score the case, for programs (JSON
 * error.kind): "unreadable", "too-large", "empty", "not-xml" (a PDF,
 * a Word file, an image...), "encoding", "not-well-formed", "limit"
 * (depth, entity expansion, text size), "refused" (an external entity),
 * "no-root", "not-accepted" (the checklist's <accepts> refused it),
 * "transform" (the mapping failed). NULL for a result that is not an
 * error and for cr_result_new_error's (cr_result_new_error_kind's is
 * its caller's). The message itself is Chinese.
 * @since 0.2 */
const char *cr_result_get_error_kind(const struct cr_result *res);
/* The text of the library that failed (libxml2's or libxslt's message,
 * the system's error), kept beside the Chinese message (JSON
 * error.detail); NULL when there is none. @since 0.2 */
const char *cr_result_get_error_detail(const struct cr_result *res);
/* "GB18030" when the case file declared no encoding, was not UTF-8 and
 * was read as GB18030 (JSON case.encoding_guess); NULL otherwise.
 * @since 0.2 */
const char *cr_result_get_encoding_guess(const struct cr_result *res);
/* For a case past one of its budget's limits (error kind "limit"), the
 * limit's name: "max-case-nodes", "max-case-tree" or "max-case-work"
 * (JSON error.limit); NULL otherwise, also for the parser's own limits.
 * @since 0.2 */
const char *cr_result_get_error_limit(const struct cr_result *res);

const char *cr_result_get_checklist_id(const struct cr_result *res);
const char *cr_result_get_checklist_version(const struct cr_result *res);
const char *cr_result_get_case_id(const struct cr_result *res); /* may be NULL */
const char *cr_result_get_source(const struct cr_result *res);
/* The value of the checklist's group-by expression (agency code), or "". */
const char *cr_result_get_group(const struct cr_result *res);
/* What the case file says of itself, for reports: its agency's name
 * (casefile /case/agency/@name) and its kind (/case/@kind: "penalty",
 * "inspection", "coercive", "licensing"; "" in a casefile/1 file, which
 * is a penalty case); "" when absent or for an error result.
 * @since 0.2 */
const char *cr_result_get_agency_name(const struct cr_result *res);
const char *cr_result_get_case_kind(const struct cr_result *res);
double cr_result_get_total(const struct cr_result *res);
/* The exact score; JSON and reports print it with at most two decimals.
 * (A checklist 1.1 score is rounded to two decimals once, at the end.)
 * NaN when the case has no score (cr_result_has_score). While items are
 * pending, the score (and grade, vetoes, caps, bonus) with every pending
 * item passed. */
double cr_result_get_score(const struct cr_result *res);
/* 0 when a veto fired under veto="unscored" (JSON "score": null). */
int cr_result_has_score(const struct cr_result *res);
/* 1 while some item is pending: *MIN (every pending item failed at its
 * largest deduction) and *MAX (all passed) bound the final score, NaN
 * for a bound without a score. 0 otherwise. */
int cr_result_get_score_range(const struct cr_result *res, double *min,
                              double *max);
/* The pending items' ids, in checklist order. */
size_t cr_result_get_pending_count(const struct cr_result *res);
const char *cr_result_get_pending(const struct cr_result *res, size_t i);
/* The failed items with cap-grade, in checklist order (whether or not
 * their cap lowered the grade). */
size_t cr_result_get_grade_cap_count(const struct cr_result *res);
const char *cr_result_get_grade_cap(const struct cr_result *res, size_t i);
/* What bonus items added (capped), reported even when a veto zeroed the
 * score. */
double cr_result_get_bonus(const struct cr_result *res);
/* NULL when the checklist has no grades, or below the lowest grade's min.
 * The grade is that of the score as printed (two decimals), so the two
 * never disagree. */
const char *cr_result_get_grade_id(const struct cr_result *res);
const char *cr_result_get_grade_label(const struct cr_result *res);
int cr_result_is_vetoed(const struct cr_result *res);
size_t cr_result_get_veto_count(const struct cr_result *res);
const char *cr_result_get_veto(const struct cr_result *res, size_t i);
/* False when some item ended in the error state or is pending. */
int cr_result_is_complete(const struct cr_result *res);
/* How many items ended in state ST (e.g. CR_ITEM_ERROR: an incomplete
 * result that is not only waiting for reviewers). */
size_t cr_result_count_items(const struct cr_result *res,
                             enum cr_item_state st);

size_t cr_result_get_category_count(const struct cr_result *res);
const char *cr_result_get_category_id(const struct cr_result *res, size_t i);
const char *cr_result_get_category_title(const struct cr_result *res,
                                         size_t i);
double cr_result_get_category_points(const struct cr_result *res, size_t i);
double cr_result_get_category_deducted(const struct cr_result *res, size_t i);
/* The category's score (exact; reported rounded to two decimals): its
 * points less its deduction, for an earn category its share of the
 * points, after penalty children; for a bonus category the bonus. */
double cr_result_get_category_score(const struct cr_result *res, size_t i);
/* 0 when the category is not applicable (checklist 1.1: an earn category
 * with no member left; inside an earn parent, a deduct category none of
 * whose items applies). */
int cr_result_is_category_applicable(const struct cr_result *res, size_t i);
/* With CR_EVAL_EXPLAIN (checklist 1.1): why the category scored what it
 * did. For an earn category one entry per member, named by its id, saying
 * whether it counted in the ratio (what it earned of its standard
 * points) or left the denominator and why (not applicable, error), then
 * "=" with the formula; penalty children and zero-category for any
 * category. */
size_t cr_result_get_category_explain_count(const struct cr_result *res,
                                            size_t i);
const char *cr_result_get_category_explain_name(const struct cr_result *res,
                                                size_t i, size_t k);
const char *cr_result_get_category_explain_value(const struct cr_result *res,
                                                 size_t i, size_t k);

size_t cr_result_get_item_count(const struct cr_result *res);
const struct cr_item_result *cr_result_get_item(const struct cr_result *res,
                                                size_t i);
const char *cr_item_result_get_id(const struct cr_item_result *it);
const char *cr_item_result_get_category(const struct cr_item_result *it);
const char *cr_item_result_get_title(const struct cr_item_result *it);
enum cr_item_state cr_item_result_get_state(const struct cr_item_result *it);
double cr_item_result_get_deducted(const struct cr_item_result *it);
int cr_item_result_is_veto(const struct cr_item_result *it);
const char *cr_item_result_get_basis(const struct cr_item_result *it);
/* The error message of an item in the error state, else NULL. */
const char *cr_item_result_get_error(const struct cr_item_result *it);
/* An item of an earn category: its standard points and what it earned
 * (0 and 0 elsewhere); a bonus item: what it added. */
double cr_item_result_get_points(const struct cr_item_result *it);
double cr_item_result_get_earned(const struct cr_item_result *it);
double cr_item_result_get_bonus(const struct cr_item_result *it);
/* 1 when a verdict decided the item: its state is then the verdict's
 * result, the machine's state and findings are kept beside it. */
int cr_item_result_has_verdict(const struct cr_item_result *it);
/* The state the machine gave (pending for a reviewer item); the state
 * itself when no verdict decided the item. */
enum cr_item_state cr_item_result_get_machine_state(
    const struct cr_item_result *it);
/* The verdict's reviewer, time and reason ("" when none was written);
 * NULL without a verdict. */
const char *cr_item_result_get_verdict_by(const struct cr_item_result *it);
const char *cr_item_result_get_verdict_at(const struct cr_item_result *it);
const char *cr_item_result_get_verdict_reason(
    const struct cr_item_result *it);
size_t cr_item_result_get_finding_count(const struct cr_item_result *it);
/* Findings past max-findings, counted but not listed (@since 0.2). */
size_t cr_item_result_get_findings_omitted(const struct cr_item_result *it);
const struct cr_finding *cr_item_result_get_finding(
    const struct cr_item_result *it, size_t i);
/* With CR_EVAL_EXPLAIN, for a not-applicable item: each applies-if test
 * and the string value it had. */
size_t cr_item_result_get_explain_count(const struct cr_item_result *it);
const char *cr_item_result_get_explain_name(const struct cr_item_result *it,
                                            size_t i);
const char *cr_item_result_get_explain_value(const struct cr_item_result *it,
                                             size_t i);

const char *cr_finding_get_message(const struct cr_finding *f);
/* The context node's path, as xmlGetNodePath writes it. */
const char *cr_finding_get_location(const struct cr_finding *f);
int cr_finding_get_line(const struct cr_finding *f);
/* 1 for a finding of a reviewer item: a hint for the reviewer, never a
 * deduction by itself. */
int cr_finding_is_hint(const struct cr_finding *f);
/* With CR_EVAL_EXPLAIN: "$name" for each let in scope and "{expr}" for
 * each message expression, with its string value. */
size_t cr_finding_get_explain_count(const struct cr_finding *f);
const char *cr_finding_get_explain_name(const struct cr_finding *f, size_t i);
const char *cr_finding_get_explain_value(const struct cr_finding *f,
                                         size_t i);

enum cr_json_flags {
    CR_JSON_DEFAULT = 0,
    /* Add "explain" members recorded with CR_EVAL_EXPLAIN (an additive
     * extension of casereview-result/1). */
    CR_JSON_EXPLAIN = 1 << 0
};

/* The casereview-result/1 JSON of RES on one line, without a newline.
 * Release *JSON with cr_free(). */
enum cr_status cr_result_to_json(const struct cr_result *res,
                                 unsigned int flags, char **json);
/* A readable Chinese report (UTF-8, several lines, ends with a newline).
 * Release *TEXT with cr_free(). */
enum cr_status cr_result_to_text(const struct cr_result *res, char **text);

/* ------------------------------------------------------------------ */
/* Archive rules: what only shows across many case files               */
/*
 * A checklist's <archive-rules> (docs/checklist-language.md, chapter 4)
 * make every scored case contribute named facts (the enterprise's credit
 * code, the inspection date, the cause code, the fine, the officers...)
 * and state rules over the facts of many cases: more than N inspections
 * of one enterprise by one department within D days, fines far from
 * their group's median, a share above a threshold. An archive collects
 * the facts of the cases a caller scores and runs the rules over them:
 *
 *     struct cr_archive *ar = NULL;
 *     cr_archive_new(cl, &ar);
 *     for each case file, as it closes:
 *         cr_evaluator_score_file(ev, path, &res);
 *         cr_archive_add_result(ar, res);     // copies the case's facts
 *         cr_result_free(res);
 *     cr_archive_evaluate(ar);
 *     for (i = 0; i < cr_archive_get_finding_count(ar); i++)
 *         ... cr_archive_get_finding(ar, i) ...
 *     cr_archive_to_json(ar, &json);          // casereview-archive/1
 *     cr_archive_free(ar);
 *
 * A case is known by its source: adding a source again replaces what it
 * gave before (the last added counts; an error result withdraws it; a
 * result of a checklist without facts counts in no rule). Findings never
 * depend on the order cases were added in.
 *
 * Threads: cr_archive_add_result() and cr_archive_add_facts() may be
 * called from any number of threads at once (the archive locks).
 * cr_archive_evaluate(), the getters and the writers must not run at the
 * same time as any other call on the same archive. A cr_facts is an
 * independent object; a result's facts are the result's.
 *
 * Ownership: the archive holds a reference to its checklist; findings
 * and their strings are lent until the next cr_archive_evaluate() or
 * cr_archive_free(). Facts for a million cases take 75 to 90 bytes per
 * case under the shipped rules (bench/README.md).
 */
struct cr_archive;
struct cr_facts;
struct cr_archive_finding;

/* What the checklist declares: its facts (name; type "string",
 * "number", "date" or "boolean"; 1 when multiple) and its archive rules. */
size_t cr_checklist_get_fact_count(const struct cr_checklist *cl);
const char *cr_checklist_get_fact_name(const struct cr_checklist *cl,
                                       size_t i);
const char *cr_checklist_get_fact_type(const struct cr_checklist *cl,
                                       size_t i);
int cr_checklist_is_fact_multiple(const struct cr_checklist *cl, size_t i);
size_t cr_checklist_get_archive_rule_count(const struct cr_checklist *cl);
const char *cr_checklist_get_archive_rule_id(const struct cr_checklist *cl,
                                             size_t i);
const char *cr_checklist_get_archive_rule_title(
    const struct cr_checklist *cl, size_t i);

/* The facts of a scored case, evaluated with it; NULL for an error
 * result or a checklist without facts. Lent by RES. */
const struct cr_facts *cr_result_get_facts(const struct cr_result *res);

/* Facts a caller gives (kept from an earlier run, or from another
 * process): for the facts of CL, naming the case by SOURCE and CASE_ID
 * (copied; NULL is ""). Release with cr_facts_free(). */
enum cr_status cr_facts_new(struct cr_checklist *cl, const char *source,
                            const char *case_id, struct cr_facts **out);
/* Gives fact NAME a VALUE in the text form cr_facts_get_value() returns:
 * a string (surrounding white space dropped; "" gives no value); a number
 * as strtod reads it; a date "YYYY-MM-DD" (or "2024年3月5日"); "true" or
 * "false". A multiple fact takes one call per value. CR_ERR_INVALID: no
 * such fact, a value that is not of its type or not UTF-8, a second value
 * for a single fact. */
enum cr_status cr_facts_add(struct cr_facts *f, const char *name,
                            const char *value);
void cr_facts_free(struct cr_facts *f);
const char *cr_facts_get_source(const struct cr_facts *f);
const char *cr_facts_get_case_id(const struct cr_facts *f);
/* The checklist's facts, in its order; each with 0 values (none), 1, or
 * for a multiple fact several (sorted, distinct, at most 64). Values are
 * text: strings as they are (at most 256 bytes), numbers in the shortest
 * form that reads back exactly, dates YYYY-MM-DD, "true"/"false". */
size_t cr_facts_get_count(const struct cr_facts *f);
const char *cr_facts_get_name(const struct cr_facts *f, size_t i);
size_t cr_facts_get_value_count(const struct cr_facts *f, size_t i);
const char *cr_facts_get_value(const struct cr_facts *f, size_t i,
                               size_t j);
/* Why the fact's expression failed for this case (it then has no
 * value), or NULL. */
const char *cr_facts_get_error(const struct cr_facts *f, size_t i);

/* An archive for the archive rules of CL (a checklist without any gives
 * no findings). */
enum cr_status cr_archive_new(struct cr_checklist *cl,
                              struct cr_archive **out);
void cr_archive_free(struct cr_archive *ar);
/* Adds the facts of RES (a result of CL, or of a checklist with the same
 * facts; CR_ERR_INVALID otherwise). */
enum cr_status cr_archive_add_result(struct cr_archive *ar,
                                     const struct cr_result *res);
/* Adds facts made with cr_facts_new() (copied). */
enum cr_status cr_archive_add_facts(struct cr_archive *ar,
                                    const struct cr_facts *f);
/* SOURCE no longer counts (what an error result for it does). */
enum cr_status cr_archive_withdraw(struct cr_archive *ar,
                                   const char *source);
/* Cases added (a source added twice counts twice here). */
size_t cr_archive_get_case_count(const struct cr_archive *ar);
/* Runs the rules over every case added so far; again after more are
 * added. CR_ERR_NOMEM leaves no findings. */
enum cr_status cr_archive_evaluate(struct cr_archive *ar);
/* The findings of the last evaluation, by rule in checklist order, then
 * by group (its keys' text, byte order). */
size_t cr_archive_get_finding_count(const struct cr_archive *ar);
const struct cr_archive_finding *cr_archive_get_finding(
    const struct cr_archive *ar, size_t i);
const char *cr_archive_finding_get_rule(const struct cr_archive_finding *f);
const char *cr_archive_finding_get_title(const struct cr_archive_finding *f);
const char *cr_archive_finding_get_basis(const struct cr_archive_finding *f);
/* "count", "outlier" or "share". */
const char *cr_archive_finding_get_kind(const struct cr_archive_finding *f);
/* The rule's message for this group, rendered. */
const char *cr_archive_finding_get_message(
    const struct cr_archive_finding *f);
/* The group: one value per group-by fact (name, label, value). */
size_t cr_archive_finding_get_key_count(const struct cr_archive_finding *f);
const char *cr_archive_finding_get_key_name(
    const struct cr_archive_finding *f, size_t i);
const char *cr_archive_finding_get_key_label(
    const struct cr_archive_finding *f, size_t i);
const char *cr_archive_finding_get_key_value(
    const struct cr_archive_finding *f, size_t i);
/* The figures behind it (count, days, first, last; group-size, median,
 * mad, low, high; share...), as text. */
size_t cr_archive_finding_get_figure_count(
    const struct cr_archive_finding *f);
const char *cr_archive_finding_get_figure_name(
    const struct cr_archive_finding *f, size_t i);
const char *cr_archive_finding_get_figure_value(
    const struct cr_archive_finding *f, size_t i);
/* The cases involved (at most 1000 listed; the rest counted in
 * cases_omitted), each with its id, source and the value the rule
 * looked at (a date, a number; NULL for share rules and counts without
 * a date). */
size_t cr_archive_finding_get_case_count(
    const struct cr_archive_finding *f);
size_t cr_archive_finding_get_cases_omitted(
    const struct cr_archive_finding *f);
const char *cr_archive_finding_get_case_id(
    const struct cr_archive_finding *f, size_t i);
const char *cr_archive_finding_get_case_source(
    const struct cr_archive_finding *f, size_t i);
const char *cr_archive_finding_get_case_value(
    const struct cr_archive_finding *f, size_t i);
/* The last evaluation as casereview-archive/1 JSON on one line (no
 * newline), or as a CSV (UTF-8 with BOM, CRLF, one row per listed case).
 * CR_ERR_INVALID before any evaluation. Release with cr_free(). */
enum cr_status cr_archive_to_json(const struct cr_archive *ar, char **json);
enum cr_status cr_archive_to_csv(const struct cr_archive *ar, char **csv);

#ifdef __cplusplus
}
#endif

#endif /* CASEREVIEW_H */
