/* test-alloc-fail.c — makes the n-th allocation fail, for n = 1, 2, 3 …
 * through a whole load, evaluator, score and output, until a run needs
 * no failure (SQLite's and jansson's chaos tests). Every call must return
 * an error or a correct result, never crash; leaks are caught by LSan in
 * the ASan build and by valgrind (`meson test --setup valgrind`).
 *
 * Two sweeps: libcasereview's own allocations (crp_alloc_fail_at), and
 * libxml2's, routed through a counting allocator with xmlMemSetup()
 * before libxml2 is first used. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "casereview.h"
#include "libcasereview/alloc.h"

/* ---- a failing allocator for libxml2 ---- */

static unsigned long xml_count, xml_fail_n;
/* libxml2 failures are injected only while loading the checklist and
 * creating the evaluator: libxml2 2.9.14 itself crashes when the parser
 * context that xmlXPathCompiledEval allocates cannot be allocated (it
 * dereferences the NULL it got), so failures during scoring would test
 * libxml2, not us. libcasereview's own sweep covers scoring. */
static int xml_armed;

static int
xml_should_fail(void)
{
    if (!xml_armed)
        return 0;
    xml_count++;
    return xml_fail_n != 0 && xml_count == xml_fail_n;
}

static void *
xml_malloc(size_t n)
{
    return xml_should_fail() ? NULL : malloc(n);
}

static void *
xml_realloc(void *p, size_t n)
{
    return xml_should_fail() ? NULL : realloc(p, n);
}

static char *
xml_strdup(const char *s)
{
    char *d;

    if (xml_should_fail())
        return NULL;
    d = malloc(strlen(s) + 1);
    if (d)
        strcpy(d, s);
    return d;
}

/* Returns how many allocations were made since the last call. */
static unsigned long
xml_fail_at(unsigned long n)
{
    unsigned long made = xml_count;

    xml_count = 0;
    xml_fail_n = n;
    return made;
}

/* ---- the pipeline under test ---- */

static const char checklist_xml[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='oom' version='1'"
    " title='t' total='100'>"
    "<grades><grade id='a' label='A' min='90'/>"
    "<grade id='b' label='B' min='0'/></grades>"
    "<param name='p' default='5'/>"
    /* findings past the first only counted, messages cut, and a join
     * with enough keys to index its list (fastpath-index.c) */
    "<limits max-findings='1' max-message-length='6'/>"
    "<let name='d' value='/case/decision'/>"
    "<let name='refs' value='/case/documents/document/officer/@ref'/>"
    "<category id='c1' title='一' points='60'>"
    " <item id='I1' title='two officers' deduct='5' per='node' max='20'"
    "  basis='b'>"
    "  <check context='/case/documents/document'>"
    "   <let name='n' value='cr:distinct-count(officer/@ref)'/>"
    "   <assert test='$n &gt;= 2'>{@title} has {$n} ({$p})</assert>"
    "  </check></item>"
    " <item id='I2' title='regex' deduct='5' veto='true'>"
    "  <check context='/case/agency'>"
    "   <assert test=\"cr:matches(@name, '^[\\p{Han}]+局$')\">bad {@name}"
    "   </assert></check></item>"
    "</category>"
    "<category id='c2' title='二' points='40'>"
    " <item id='I3' title='amount' deduct='3'>"
    "  <applies-if test='$d/penalty'/>"
    "  <check context='$d/penalty'>"
    "   <assert test='cr:cn-amount(@amount-text) = @amount'>{@amount}</assert>"
    "   <report test=\"cr:replace(@amount-text, '整', '') = ''\">r</report>"
    "  </check></item>"
    " <item id='I4' title='dates' deduct='2'>"
    "  <check context='/case/decision'>"
    "   <assert test=\"cr:days-between(@date, '2024-06-01') &lt; 10\">"
    "{cr:add-days(@date, 3)}</assert></check></item>"
    " <item id='I5' title='join' deduct='2'>"
    "  <check context='/case/documents/document'>"
    "   <assert test='count(/case/officers/officer[@id = $refs]) = 99'>"
    "{count(/case/officers/officer[@id = $refs])} of {@title}</assert>"
    "  </check></item>"
    "</category></checklist>";

static const char case_xml[] =
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<case id='k1'><agency code='1' name='x局'/>"
    "<documents><document title='d1'><officer ref='a'/></document>"
    "<document title='d2'><officer ref='a'/><officer ref='b'/></document>"
    "<document title='d3'/>"
    "<document title='d4'><officer ref='c'/><officer ref='d'/>"
    "<officer ref='e'/><officer ref='f'/><officer ref='g'/><officer ref='h'/>"
    "<officer ref='i'/><officer ref='j'/><officer ref='k'/><officer ref='l'/>"
    "<officer ref='m'/><officer ref='n'/><officer ref='o'/><officer ref='p'/>"
    "</document></documents>"
    "<officers><officer id='a'/><officer id='b'/><officer id='c'/>"
    "<officer id='z'/></officers>"
    "<decision date='2024-05-06'>"
    "<penalty amount='8000' amount-text='人民币捌仟元整'/></decision></case>";

/* Checklist 1.1 (nested earn and penalty categories, a bonus, a zeroing
 * veto, cap-grade, zero-category, cr:state, a reviewer item) with
 * verdicts, explained: every allocation of the new code can fail too. */
static const char scheme_xml[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='oom11' total='100'"
    " veto='zero'><grades><grade id='a' label='A' min='90'/>"
    "<grade id='b' label='B' min='0'/></grades>"
    "<category id='l' title='合法' points='50'>"
    " <item id='V' deduct='50' veto='true' decide='reviewer'/>"
    " <item id='M' deduct='5' cap-grade='b'><check context='/case/agency'>"
    "  <assert test=\"@code = '2'\">{@code}</assert></check></item>"
    "</category>"
    "<category id='n' title='规范' points='50' scoring='earn'>"
    " <category id='d' title='文书' points='3' scoring='earn'>"
    "  <item id='E1' points='1' on-fail='zero-category'>"
    "   <check context='/case/documents/document'>"
    "    <assert test='officer'>{@title}</assert></check></item>"
    "  <item id='E2' points='2'>"
    "   <applies-if test=\"cr:state('E1') = 'passed'\"/>"
    "   <check context='/case'><assert test='decision'>x</assert></check>"
    "  </item></category>"
    " <item id='E3' points='2'><check context='/case'>"
    "  <assert test='documents'>y</assert></check></item>"
    " <category id='p' title='扣减' points='5' role='penalty'>"
    "  <item id='P' deduct-min='1' deduct-max='3'><check context='/case'>"
    "   <assert test='agency/@name'>z</assert></check></item></category>"
    "</category>"
    "<category id='x' title='加分' points='5' role='bonus'>"
    " <item id='X' bonus='5' decide='reviewer'/></category>"
    "</checklist>";

static const char scheme_verdicts[] =
    "<verdicts xmlns='urn:casereview:verdicts:1' checklist='oom11'>"
    "<case id='k1'><verdict item='V' result='passed' by='a' at='b'>r"
    "</verdict><verdict item='P' result='failed' deduct='2' by='a' at='b'/>"
    "</case></verdicts>";

/* The pipeline swept: checklist, verdicts (or none), case. */
static const char *sweep_checklist = checklist_xml;
static const char *sweep_verdicts;

struct outcome {
    enum cr_status load, evaluator, score, json, text;
    char *json_out;
};

static void
run_pipeline(struct outcome *o)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL, *vdiags = NULL;
    struct cr_verdicts *verdicts = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    char *text = NULL;

    memset(o, 0, sizeof(*o));
    o->evaluator = o->score = o->json = o->text = CR_ERR_INVALID;
    xml_armed = 1;
    o->load = cr_checklist_load_memory(sweep_checklist,
                                       strlen(sweep_checklist), "oom.xml",
                                       NULL, NULL, &cl, &diags);
    if (o->load == CR_OK && sweep_verdicts)
        o->load = cr_verdicts_load_memory(cl, sweep_verdicts,
                                          strlen(sweep_verdicts), "v.xml",
                                          &verdicts, &vdiags);
    if (o->load == CR_OK)
        o->evaluator = cr_evaluator_new(cl, &ev);
    if (o->evaluator == CR_OK)
        o->evaluator = cr_evaluator_set_verdicts(ev, verdicts);
    xml_armed = 0;
    if (o->evaluator == CR_OK) {
        cr_evaluator_set_flags(ev, CR_EVAL_EXPLAIN);
        o->score = cr_evaluator_score_memory(ev, case_xml,
                                             sizeof(case_xml) - 1, "k1.xml",
                                             &res);
        ck_assert(o->score == CR_OK || o->score == CR_ERR_NOMEM ||
                  o->score == CR_ERR_CASE);
        ck_assert((res != NULL) == (o->score != CR_ERR_NOMEM));
    }
    if (res) {
        o->json = cr_result_to_json(res, CR_JSON_EXPLAIN, &o->json_out);
        o->text = cr_result_to_text(res, &text);
        ck_assert((o->json == CR_OK) == (o->json_out != NULL));
        ck_assert((o->text == CR_OK) == (text != NULL));
    }
    /* a diag list may be absent only when even it could not be made */
    if (diags)
        cr_free(cr_diag_list_format(diags));
    cr_free(text);
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_verdicts_unref(verdicts);
    cr_checklist_unref(cl);
    cr_diag_list_free(diags);
    cr_diag_list_free(vdiags);
}

static int
all_ok(const struct outcome *o)
{
    return o->load == CR_OK && o->evaluator == CR_OK && o->score == CR_OK &&
           o->json == CR_OK && o->text == CR_OK;
}

/* The result with no failure injected: what every complete run gives. */
static char *
baseline(void)
{
    struct outcome o;

    crp_alloc_fail_at(0);
    xml_fail_at(0);
    run_pipeline(&o);
    ck_assert(all_ok(&o));
    ck_assert_ptr_nonnull(strstr(o.json_out, "\"state\": \"failed\""));
    /* the 1.0 checklist's <limits> bound what its result lists */
    if (sweep_checklist == checklist_xml) {
        ck_assert_ptr_nonnull(strstr(o.json_out, "\"findings_omitted\": 3"));
        ck_assert_ptr_nonnull(strstr(o.json_out, "\"3 of d\xE2\x80\xA6\""));
    }
    return o.json_out;
}

static void
check_failed_run(const struct outcome *o, const char *want, unsigned long n,
                 int strict)
{
    /* the load may only fail for lack of memory */
    ck_assert_msg(o->load == CR_OK || o->load == CR_ERR_NOMEM ||
                  (!strict && o->load == CR_ERR_CHECKLIST),
                  "n=%lu: load gave %d", n, o->load);
    ck_assert_msg(o->evaluator == CR_OK || o->evaluator == CR_ERR_NOMEM ||
                  o->evaluator == CR_ERR_INVALID, "n=%lu", n);
    /* a failure never turns into a wrong result */
    if (all_ok(o))
        ck_assert_msg(strcmp(o->json_out, want) == 0,
                      "n=%lu: a run with a failed allocation gave\n%s", n,
                      o->json_out);
}

START_TEST(every_library_allocation_can_fail)
{
    char *want = baseline();
    unsigned long n, made = 0;
    struct outcome o;

    for (n = 1;; n++) {
        crp_alloc_fail_at(n);
        run_pipeline(&o);
        made = crp_alloc_fail_at(0);
        check_failed_run(&o, want, n, 1);
        cr_free(o.json_out);
        if (made < n)
            break;  /* the n-th allocation never came: all were tried */
    }
    ck_assert_uint_gt(n, 50);
    fprintf(stderr, "library allocations swept: %lu\n", n - 1);
    cr_free(want);
}
END_TEST

START_TEST(every_library_allocation_can_fail_in_1_1)
{
    char *want;
    unsigned long n, made = 0;
    struct outcome o;

    sweep_checklist = scheme_xml;
    sweep_verdicts = scheme_verdicts;
    want = baseline();
    for (n = 1;; n++) {
        crp_alloc_fail_at(n);
        run_pipeline(&o);
        made = crp_alloc_fail_at(0);
        check_failed_run(&o, want, n, 1);
        cr_free(o.json_out);
        if (made < n)
            break;
    }
    ck_assert_uint_gt(n, 50);
    fprintf(stderr, "library allocations swept (1.1): %lu\n", n - 1);
    cr_free(want);
    sweep_checklist = checklist_xml;
    sweep_verdicts = NULL;
}
END_TEST

START_TEST(every_libxml2_allocation_can_fail)
{
    char *want = baseline();
    unsigned long n, made;
    struct outcome o;
    int complete = 0;

    for (n = 1;; n++) {
        if (getenv("CR_TRACE_SWEEP"))
            fprintf(stderr, "n=%lu\n", n);
        xml_fail_at(n);
        run_pipeline(&o);
        made = xml_fail_at(0);
        /* libxml2's parser reports some failed allocations as ordinary
         * well-formedness errors, so a load may say CR_ERR_CHECKLIST */
        check_failed_run(&o, want, n, 0);
        complete += all_ok(&o) && strcmp(o.json_out, want) == 0;
        cr_free(o.json_out);
        if (made < n)
            break;
    }
    ck_assert_uint_gt(n, 20);
    fprintf(stderr, "libxml2 allocations swept: %lu (%d runs complete)\n",
            n - 1, complete);
    cr_free(want);
}
END_TEST

/* ---- real case files: foreign kinds, the GB18030 guess, refusals,
 * validation and a mapping, under libcasereview's own failures ---- */

static const char accepting_xml[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='acc' total='100'>"
    "<accepts test=\"/case[@format='casefile/1.1']\">只评查 {name(/*)} 以外"
    "</accepts>"
    "<category id='c' points='100'><item id='A' deduct='5'>"
    "<check context='/case/documents/document'>"
    "<assert test='officer'>{@kind} 无执法人员</assert></check></item>"
    "</category></checklist>";

static const char mapping_xsl[] =
    "<xsl:stylesheet version='1.0' "
    "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
    "<xsl:template match='/案卷'><case format='casefile/1.1' id='{@编号}'>"
    "<documents><xsl:for-each select='页'><document kind='{@类型}'/>"
    "</xsl:for-each></documents></case></xsl:template></xsl:stylesheet>";

static const char *const real_inputs[] = {
    "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "<case format='casefile/1.1' id='g'><documents><document kind='"
    "\xd0\xd0'/></documents></case>",          /* GBK, undeclared */
    "<anjuan/>",
    "<case format='casefile/1.1' id='x'><documents>"
    "<document kind='d'/></documents></case>",
};

static const char export_xml[] =
    "<案卷 编号='M-1'><页 类型='decision'/><页 类型='closing-approval'/></案卷>";

static const char broken_case[] =
    "<case format='casefile/1.1' id='b'><agecny/><documents>"
    "<document kind='x' date='2024/1/1' pages='two'/></documents></case>";

/* Every result and diagnostic of the run, concatenated; NULL when some
 * call said out of memory. */
static char *
run_real(const char *mapping_path)
{
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_transform *tf = NULL;
    struct cr_diag_list *d = NULL;
    size_t i, len = 1;
    char *all = calloc(1, 1), *piece;
    int failed = 0;

    if (cr_checklist_load_memory(accepting_xml, sizeof(accepting_xml) - 1,
                                 "acc.xml", NULL, NULL, &cl, NULL) != CR_OK ||
        cr_evaluator_new(cl, &ev) != CR_OK)
        failed = 1;
    for (i = 0; !failed && i < sizeof(real_inputs) / sizeof(*real_inputs);
         i++) {
        struct cr_result *res = NULL;
        enum cr_status st = cr_evaluator_score_memory(
            ev, real_inputs[i], strlen(real_inputs[i]), "in.xml", &res);
        ck_assert(st == CR_OK || st == CR_ERR_CASE || st == CR_ERR_NOMEM);
        piece = NULL;
        if (res == NULL || cr_result_to_json(res, 0, &piece) != CR_OK)
            failed = 1;
        else {
            all = realloc(all, len += strlen(piece));
            strcat(all, piece);
        }
        cr_free(piece);
        cr_result_free(res);
    }
    if (!failed) {
        enum cr_status st = cr_casefile_validate_memory(
            broken_case, sizeof(broken_case) - 1, "b.xml", NULL, &d);
        ck_assert(st == CR_ERR_CASE || st == CR_ERR_NOMEM);
        piece = st == CR_ERR_CASE ? cr_diag_list_format(d) : NULL;
        if (piece == NULL)
            failed = 1;
        else {
            all = realloc(all, len += strlen(piece));
            strcat(all, piece);
        }
        cr_free(piece);
        cr_diag_list_free(d);
    }
    if (!failed) {
        enum cr_status st = cr_transform_load(mapping_path, &tf, NULL);
        struct cr_result *res = NULL;
        ck_assert_msg(st == CR_OK || st == CR_ERR_NOMEM, "load gave %d", st);
        if (st != CR_OK || cr_evaluator_set_transform(ev, tf) != CR_OK ||
            cr_evaluator_score_memory(ev, export_xml, sizeof(export_xml) - 1,
                                      "m.xml", &res) != CR_OK ||
            cr_result_to_json(res, 0, &piece) != CR_OK)
            failed = 1;
        else {
            all = realloc(all, len += strlen(piece));
            strcat(all, piece);
            cr_free(piece);
        }
        cr_result_free(res);
    }
    cr_transform_unref(tf);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    if (failed) {
        free(all);
        return NULL;
    }
    return all;
}

START_TEST(real_files_survive_every_library_allocation_failure)
{
    char path[] = "/tmp/cr-oom-mapping-XXXXXX";
    int fd = mkstemp(path);
    unsigned long n, made;
    char *want, *got;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, mapping_xsl, sizeof(mapping_xsl) - 1),
                     (ssize_t)(sizeof(mapping_xsl) - 1));
    close(fd);
    crp_alloc_fail_at(0);
    want = run_real(path);
    ck_assert_ptr_nonnull(want);
    ck_assert_ptr_nonnull(strstr(want, "这是 PDF 文件"));
    ck_assert_ptr_nonnull(strstr(want, "\"encoding_guess\": \"GB18030\""));
    ck_assert_ptr_nonnull(strstr(want, "not-accepted"));
    ck_assert_ptr_nonnull(strstr(want, "[CR-2612]"));
    ck_assert_ptr_nonnull(strstr(want, "\"id\": \"M-1\""));
    for (n = 1;; n++) {
        crp_alloc_fail_at(n);
        got = run_real(path);
        made = crp_alloc_fail_at(0);
        /* a failure never turns into a wrong result */
        ck_assert_msg(got == NULL || strcmp(got, want) == 0,
                      "n=%lu gave\n%s", n, got);
        free(got);
        if (made < n)
            break;
    }
    fprintf(stderr, "library allocations swept on real files: %lu\n", n - 1);
    free(want);
    unlink(path);
}
END_TEST

/* ---- archive rules: facts of several cases, every rule kind ---- */

static const char archive_xml[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='oom-ar' version='1'"
    " total='10'><param name='days' type='integer' min='1' default='30'/>"
    "<category id='c' points='10'><item id='I1' deduct='1'>"
    "<check context='/case'><assert test='@id'>no id</assert></check>"
    "</item></category><archive-rules>"
    "<fact name='cause' label='案由' value='string(/case/@cause)'/>"
    "<fact name='fine' type='number' value='/case/@fine'/>"
    "<fact name='fined' type='boolean' value='/case/@fine &gt; 0'/>"
    "<fact name='decided' type='date' value='string(/case/@date)'/>"
    "<fact name='officer' multiple='true' value='/case/officer/@id'/>"
    "<rule id='W' title='窗口' basis='b' group-by='officer'>"
    "<count date='decided' days='$days' more-than='1'/>"
    "<message>{$officer}：{$first}至{$last}共{$count}件</message></rule>"
    "<rule id='O' title='偏离' group-by='cause' where='fined'>"
    "<outlier value='fine' ratio='2' mad='1' min-group='3'/></rule>"
    "<rule id='S' title='占比' group-by='cause'>"
    "<share of='fined' more-than='50%' min-group='2'/></rule>"
    "<rule id='N' title='总数' where='fined'><count more-than='2'/></rule>"
    "</archive-rules></checklist>";

static const char *const archive_cases[] = {
    "<case id='a1' cause='A' fine='1000' date='2024-03-01'>"
    "<officer id='o1'/><officer id='o2'/></case>",
    "<case id='a2' cause='A' fine='1100' date='2024-03-20'>"
    "<officer id='o1'/></case>",
    "<case id='a3' cause='A' fine='9000' date='2024-05-01'>"
    "<officer id='o2'/><officer id='o1'/></case>",
    "<case id='a4' cause='B' fine='0' date='2024-03-02'>"
    "<officer id='o2'/></case>",
    "<case id='a5' cause='A' fine='1200' date='2024年3月25日'/>",
};

/* Calls that run out of memory are made again (only the n-th allocation
 * fails): a failed call must have changed nothing, so the retried run
 * gives the same bytes as a run without failures. */
#define RETRY(st, call)                                                   \
    do {                                                                  \
        (st) = (call);                                                    \
        if ((st) == CR_ERR_NOMEM)                                         \
            (st) = (call);                                                \
        ck_assert_msg((st) == CR_OK, "%s gave %d", #call, (int)(st));     \
    } while (0)

/* The archive's JSON and CSV, concatenated. */
static char *
run_archive(void)
{
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_archive *ar = NULL;
    struct cr_facts *copy = NULL;
    const struct cr_facts *f;
    char *json = NULL, *csv = NULL, *all;
    char source[16];
    enum cr_status st;
    size_t i, j, ncases = sizeof(archive_cases) / sizeof(*archive_cases);

    RETRY(st, cr_checklist_load_memory(archive_xml, sizeof(archive_xml) - 1,
                                       "ar.xml", NULL, NULL, &cl, NULL));
    RETRY(st, cr_evaluator_new(cl, &ev));
    RETRY(st, cr_archive_new(cl, &ar));
    for (i = 0; i < ncases; i++) {
        struct cr_result *res = NULL;

        snprintf(source, sizeof(source), "a%zu.xml", i + 1);
        RETRY(st, cr_evaluator_score_memory(ev, archive_cases[i],
                                            strlen(archive_cases[i]),
                                            source, &res));
        RETRY(st, cr_archive_add_result(ar, res));
        if (i == 0) {  /* given again as a caller keeping facts would */
            f = cr_result_get_facts(res);
            ck_assert_ptr_nonnull(f);
            RETRY(st, cr_facts_new(cl, "kept.xml", "a1-kept", &copy));
            for (j = 0; j < cr_facts_get_count(f); j++) {
                size_t k;
                for (k = 0; k < cr_facts_get_value_count(f, j); k++)
                    RETRY(st, cr_facts_add(copy, cr_facts_get_name(f, j),
                                           cr_facts_get_value(f, j, k)));
            }
            RETRY(st, cr_archive_add_facts(ar, copy));
            RETRY(st, cr_archive_add_facts(ar, copy));  /* replaces */
            cr_facts_free(copy);
        }
        cr_result_free(res);
    }
    RETRY(st, cr_archive_withdraw(ar, "a5.xml"));
    RETRY(st, cr_archive_evaluate(ar));
    RETRY(st, cr_archive_to_json(ar, &json));
    RETRY(st, cr_archive_to_csv(ar, &csv));
    all = malloc(strlen(json) + strlen(csv) + 1);
    strcpy(all, json);
    strcat(all, csv);
    cr_free(json);
    cr_free(csv);
    cr_archive_free(ar);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    return all;
}

START_TEST(every_archive_allocation_can_fail)
{
    unsigned long n, made;
    char *want, *got;

    crp_alloc_fail_at(0);
    want = run_archive();
    /* the run finds what each rule should (JSON, then the CSV) */
    if (getenv("CR_TRACE_SWEEP"))
        fprintf(stderr, "%s\n", want);
    ck_assert_ptr_nonnull(strstr(want, "\"cases\": 5, "));
    ck_assert_ptr_nonnull(strstr(want, "o1：2024-03-01至2024-03-20共3件"));
    ck_assert_ptr_nonnull(strstr(want, "\"rule\": \"O\""));
    ck_assert_ptr_nonnull(strstr(want, "\"rule\": \"S\""));
    ck_assert_ptr_nonnull(strstr(want, "\"rule\": \"N\""));
    ck_assert_ptr_nonnull(strstr(want, "a1-kept"));
    ck_assert_ptr_null(strstr(want, "a5.xml"));
    for (n = 1;; n++) {
        crp_alloc_fail_at(n);
        got = run_archive();
        made = crp_alloc_fail_at(0);
        ck_assert_msg(strcmp(got, want) == 0, "n=%lu gave\n%s\nnot\n%s", n,
                      got, want);
        free(got);
        if (made < n)
            break;
    }
    ck_assert_uint_gt(n, 100);
    fprintf(stderr, "library allocations swept in archives: %lu\n", n - 1);
    free(want);
}
END_TEST

/* A larger archive, built without failures: 1100 cases of four officers
 * each (4400 entries for the officer rule, 310 cause groups), past the
 * first capacity of every list the evaluation grows; few findings (a
 * one-day window, five groups fined), so the sweep stays short. */
static struct cr_archive *
big_archive(struct cr_checklist **clp)
{
    struct cr_archive *ar = NULL;
    struct cr_load_options *o = NULL;
    char v[64], source[32];
    int i, j;

    ck_assert_int_eq(cr_load_options_new(&o), CR_OK);
    ck_assert_int_eq(cr_load_options_set_param(o, "days", "1"), CR_OK);
    ck_assert_int_eq(cr_checklist_load_memory(archive_xml,
                                              sizeof(archive_xml) - 1,
                                              "ar.xml", NULL, o, clp,
                                              NULL), CR_OK);
    cr_load_options_free(o);
    ck_assert_int_eq(cr_archive_new(*clp, &ar), CR_OK);
    for (i = 0; i < 1100; i++) {
        struct cr_facts *f = NULL;

        snprintf(source, sizeof(source), "b%04d.xml", i);
        ck_assert_int_eq(cr_facts_new(*clp, source, source + 1, &f), CR_OK);
        snprintf(v, sizeof(v), "C%d", i % 310);
        ck_assert_int_eq(cr_facts_add(f, "cause", v), CR_OK);
        snprintf(v, sizeof(v), "%d", i == 0 ? 90000 : 1000 + i % 5);
        ck_assert_int_eq(cr_facts_add(f, "fine", v), CR_OK);
        ck_assert_int_eq(cr_facts_add(f, "fined",
                                      i % 310 < 5 ? "true" : "false"),
                         CR_OK);
        snprintf(v, sizeof(v), "2024-%02d-%02d", 1 + i % 12, 1 + i % 28);
        ck_assert_int_eq(cr_facts_add(f, "decided", v), CR_OK);
        for (j = 0; j < 4; j++) {
            snprintf(v, sizeof(v), "o%d", (i * 7 + j * 13) % 150);
            ck_assert_int_eq(cr_facts_add(f, "officer", v), CR_OK);
        }
        ck_assert_int_eq(cr_archive_add_facts(ar, f), CR_OK);
        cr_facts_free(f);
    }
    return ar;
}

static char *
evaluate_big(struct cr_archive *ar)
{
    char *json = NULL, *csv = NULL, *all;
    enum cr_status st;

    RETRY(st, cr_archive_evaluate(ar));
    RETRY(st, cr_archive_to_json(ar, &json));
    RETRY(st, cr_archive_to_csv(ar, &csv));
    all = malloc(strlen(json) + strlen(csv) + 1);
    strcpy(all, json);
    strcat(all, csv);
    cr_free(json);
    cr_free(csv);
    return all;
}

START_TEST(every_allocation_of_a_large_evaluation_can_fail)
{
    struct cr_checklist *cl = NULL;
    struct cr_archive *ar;
    unsigned long n, made;
    char *want, *got;

    crp_alloc_fail_at(0);
    ar = big_archive(&cl);
    want = evaluate_big(ar);
    ck_assert_ptr_nonnull(strstr(want, "\"groups\": 310, "));
    ck_assert_ptr_nonnull(strstr(want, "90000"));
    for (n = 1;; n++) {
        crp_alloc_fail_at(n);
        got = evaluate_big(ar);
        made = crp_alloc_fail_at(0);
        ck_assert_msg(strcmp(got, want) == 0, "n=%lu differs", n);
        free(got);
        if (made < n)
            break;
    }
    ck_assert_uint_gt(n, 100);
    fprintf(stderr, "allocations swept in a large evaluation: %lu\n", n - 1);
    free(want);
    cr_archive_free(ar);
    cr_checklist_unref(cl);
}
END_TEST

/* The load options' overrides: set, replaced, added. A failure is said
 * (CR_ERR_NOMEM) and leaves the options whole: freeing them leaks
 * nothing (LSan, valgrind). */
START_TEST(every_override_allocation_can_fail)
{
    unsigned long n;
    int done = 0;

    for (n = 1; !done && n < 50; n++) {
        struct cr_load_options *o = NULL;
        enum cr_status st[3];
        int i, failed = 0;

        ck_assert_int_eq(cr_load_options_new(&o), CR_OK);
        crp_alloc_fail_at(n);
        st[0] = cr_load_options_set_param(o, "days", "5");
        st[1] = cr_load_options_set_param(o, "days", "6");
        st[2] = cr_load_options_set_data(o, "d", "d.xml");
        crp_alloc_fail_at(0);
        for (i = 0; i < 3; i++) {
            ck_assert(st[i] == CR_OK || st[i] == CR_ERR_NOMEM);
            failed += st[i] != CR_OK;
        }
        ck_assert_int_le(failed, 1);
        done = failed == 0;
        cr_load_options_free(o);
    }
    ck_assert(done);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("alloc-fail");
    TCase *tc = tcase_create("sweep");
    SRunner *sr;
    int failed;

    /* before any libxml2 use, so every block it frees came from here */
    xmlMemSetup(free, xml_malloc, xml_realloc, xml_strdup);
    xmlInitParser();
    tcase_add_test(tc, every_library_allocation_can_fail);
    tcase_add_test(tc, every_library_allocation_can_fail_in_1_1);
    tcase_add_test(tc, every_libxml2_allocation_can_fail);
    tcase_add_test(tc, real_files_survive_every_library_allocation_failure);
    tcase_add_test(tc, every_override_allocation_can_fail);
    tcase_set_timeout(tc, 600);
    suite_add_tcase(s, tc);
    /* CK_RUN_CASE=archive runs it alone */
    tc = tcase_create("archive");
    tcase_add_test(tc, every_archive_allocation_can_fail);
    tcase_add_test(tc, every_allocation_of_a_large_evaluation_can_fail);
    tcase_set_timeout(tc, 600);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
