/* test-verify.c — the one equivalence check of the two XPath evaluators
 * (libcasereview/xpath-same.c), and, in a verify build (-Dverify=true),
 * what a difference between them becomes: the item's error naming both
 * values, never a message on stderr or an abort. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/xpath.h>

#include "casereview.h"
#include "libcasereview/evaluator.h"
#include "libcasereview/xml-safe.h"
#include "libcasereview/xpath-same.h"

START_TEST(zero_and_minus_zero_differ)
{
    xmlXPathObjectPtr a = xmlXPathNewFloat(0.0), b = xmlXPathNewFloat(-0.0);
    char buf[64];

    ck_assert(!crp_xpath_same(a, b));
    ck_assert(crp_xpath_same(a, a));
    ck_assert(crp_xpath_same(b, b));
    crp_xpath_describe(b, buf, sizeof(buf));
    ck_assert_str_eq(buf, "number -0 (-0)");
    xmlXPathFreeObject(a);
    xmlXPathFreeObject(b);
}
END_TEST

START_TEST(nan_is_nan)
{
    xmlXPathObjectPtr a = xmlXPathNewFloat(NAN), b = xmlXPathNewFloat(-NAN);
    xmlXPathObjectPtr one = xmlXPathNewFloat(1);

    ck_assert(crp_xpath_same(a, b));
    ck_assert(!crp_xpath_same(a, one));
    ck_assert(!crp_xpath_same(one, a));
    ck_assert(crp_xpath_same_number(INFINITY, INFINITY));
    ck_assert(!crp_xpath_same_number(INFINITY, -INFINITY));
    xmlXPathFreeObject(a);
    xmlXPathFreeObject(b);
    xmlXPathFreeObject(one);
}
END_TEST

START_TEST(types_strings_and_nodes)
{
    xmlXPathObjectPtr t = xmlXPathNewBoolean(1), one = xmlXPathNewFloat(1);
    xmlXPathObjectPtr s1 = xmlXPathNewString(BAD_CAST "案卷");
    xmlXPathObjectPtr s2 = xmlXPathNewString(BAD_CAST "案卷 ");
    xmlXPathObjectPtr e1 = xmlXPathNewNodeSet(NULL);
    xmlXPathObjectPtr e2 = xmlXPathNewNodeSet(NULL);

    ck_assert(!crp_xpath_same(t, one));      /* true() is not 1 */
    ck_assert(!crp_xpath_same(s1, s2));
    ck_assert(crp_xpath_same(s1, s1));
    ck_assert(crp_xpath_same(e1, e2));       /* two empty sets */
    ck_assert(!crp_xpath_same(NULL, e2));
    xmlXPathFreeObject(t);
    xmlXPathFreeObject(one);
    xmlXPathFreeObject(s1);
    xmlXPathFreeObject(s2);
    xmlXPathFreeObject(e1);
    xmlXPathFreeObject(e2);
}
END_TEST

static const char checklist[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='v' version='1' "
    "title='v' total='10'><category id='c' title='c' points='10'>"
    "<item id='I' title='t' deduct='1'><check context='/case'>"
    "<assert test=\"@id = 'X'\">x</assert></check></item>"
    "</category></checklist>";
static const char case_xml[] = "<case id='X'/>";

/* The state and error of the one item, scored with the fault hook on or
 * off. */
static enum cr_item_state
score(int fault, char *error, size_t len)
{
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    const struct cr_item_result *it;
    const char *e;
    enum cr_item_state st;

    ck_assert_int_eq(cr_checklist_load_memory(checklist, strlen(checklist),
                                              "v.xml", NULL, NULL, &cl,
                                              NULL), CR_OK);
    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    crp_ev_verify_fault = fault;
    ck_assert_int_eq(cr_evaluator_score_memory(ev, case_xml,
                                               strlen(case_xml), "c.xml",
                                               &res), CR_OK);
    crp_ev_verify_fault = 0;
    it = cr_result_get_item(res, 0);
    st = cr_item_result_get_state(it);
    e = cr_item_result_get_error(it);
    snprintf(error, len, "%s", e ? e : "");
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    return st;
}

START_TEST(a_difference_is_the_items_error)
{
    char error[512];

    if (!CRP_VERIFY)
        return;     /* a shipped build has no verify mode */
    setenv("CASEREVIEW_XPATH", "verify", 1);
    ck_assert_int_eq(score(0, error, sizeof(error)), CR_ITEM_PASSED);
    ck_assert_int_eq(score(1, error, sizeof(error)), CR_ITEM_ERROR);
    /* the check's context is the first expression compared */
    ck_assert_msg(strcmp(error, "verify: the fast path and libxml2 differ "
                         "at /: fast path node-set{/case}, libxml2 "
                         "node-set{/case} (in '/case', checklist line 1)")
                  == 0, "%s", error);
    unsetenv("CASEREVIEW_XPATH");
}
END_TEST

START_TEST(a_shipped_build_ignores_verify)
{
    char error[512];

    if (CRP_VERIFY)
        return;
    setenv("CASEREVIEW_XPATH", "verify", 1);
    ck_assert_int_eq(score(1, error, sizeof(error)), CR_ITEM_PASSED);
    unsetenv("CASEREVIEW_XPATH");
}
END_TEST

static Suite *
verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("verify");

    tcase_add_test(tc, zero_and_minus_zero_differ);
    tcase_add_test(tc, nan_is_nan);
    tcase_add_test(tc, types_strings_and_nodes);
    tcase_add_test(tc, a_difference_is_the_items_error);
    tcase_add_test(tc, a_shipped_build_ignores_verify);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(verify_suite());
    int failed;

    crp_xml_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
