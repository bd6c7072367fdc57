/* test-params.c — typed params through the public API: the getters, the
 * check of a value, load options and evaluators refusing a value that
 * does not suit the param's type or bounds. */
#include <check.h>
#include <string.h>

#include "casereview.h"

static const char typed[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='t' total='100'>"
    "<accepts test='/case'/>"
    "<param name='days' type='integer' min='1' max='30' default='7'/>"
    "<param name='from' type='date' min='2020-01-01' default='2024-03-05'/>"
    "<param name='on' type='boolean' default='true'/>"
    "<param name='limit' type='number' default=''/>"
    "<param name='free' default='x'/>"
    "<category id='c' title='c' points='100'>"
    "<item id='A' title='a' deduct='5'><check context='/case'>"
    "<assert test='count(x) &lt; number($days)'>m</assert>"
    "</check></item></category></checklist>";

static struct cr_checklist *
load(struct cr_load_options *o, enum cr_status want)
{
    struct cr_checklist *cl = NULL;

    ck_assert_int_eq(cr_checklist_load_memory(typed, strlen(typed), "t.xml",
                                              ".", o, &cl, NULL), want);
    return cl;
}

START_TEST(getters_say_type_and_bounds)
{
    struct cr_checklist *cl = load(NULL, CR_OK);

    ck_assert_uint_eq(cr_checklist_get_param_count(cl), 5);
    ck_assert_str_eq(cr_checklist_get_param_name(cl, 0), "days");
    ck_assert_str_eq(cr_checklist_get_param_type(cl, 0), "integer");
    ck_assert_str_eq(cr_checklist_get_param_min(cl, 0), "1");
    ck_assert_str_eq(cr_checklist_get_param_max(cl, 0), "30");
    ck_assert_str_eq(cr_checklist_get_param_value(cl, 1), "2024-03-05");
    ck_assert_str_eq(cr_checklist_get_param_type(cl, 2), "boolean");
    ck_assert_str_eq(cr_checklist_get_param_type(cl, 4), "string");
    ck_assert_ptr_null(cr_checklist_get_param_min(cl, 4));
    ck_assert_ptr_null(cr_checklist_get_param_name(cl, 5));
    ck_assert_str_eq(cr_checklist_get_accepts(cl), "/case");
    ck_assert_ptr_null(cr_checklist_get_calendar_path(cl));
    ck_assert_uint_eq(cr_checklist_get_data_count(cl), 0);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(check_param_says_why)
{
    struct cr_checklist *cl = load(NULL, CR_OK);
    char *why = NULL;

    ck_assert_int_eq(cr_checklist_check_param(cl, "days", "30", &why), CR_OK);
    ck_assert_ptr_null(why);
    ck_assert_int_eq(cr_checklist_check_param(cl, "days", "31", &why),
                     CR_ERR_INVALID);
    ck_assert_str_eq(why, "参数 'days' 的值 '31' 不合要求：应为 1 到 30 "
                          "之间的整数");
    cr_free(why);
    ck_assert_int_eq(cr_checklist_check_param(cl, "from", "2019-12-31", &why),
                     CR_ERR_INVALID);
    cr_free(why);
    ck_assert_int_eq(cr_checklist_check_param(cl, "from", "2020年1月1日",
                                              NULL), CR_OK);
    ck_assert_int_eq(cr_checklist_check_param(cl, "on", "1", NULL),
                     CR_ERR_INVALID);
    /* an empty default makes empty a value of the param */
    ck_assert_int_eq(cr_checklist_check_param(cl, "limit", "", NULL), CR_OK);
    ck_assert_int_eq(cr_checklist_check_param(cl, "limit", "-.5", NULL), CR_OK);
    ck_assert_int_eq(cr_checklist_check_param(cl, "days", "", NULL),
                     CR_ERR_INVALID);
    ck_assert_int_eq(cr_checklist_check_param(cl, "nope", "1", &why),
                     CR_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(why, "'nope'"));
    cr_free(why);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(load_options_and_evaluators_refuse)
{
    struct cr_load_options *o = NULL;
    struct cr_checklist *cl;
    struct cr_evaluator *ev = NULL;

    ck_assert_int_eq(cr_load_options_new(&o), CR_OK);
    ck_assert_int_eq(cr_load_options_set_param(o, "days", "abc"), CR_OK);
    ck_assert_ptr_null(load(o, CR_ERR_CHECKLIST));
    ck_assert_int_eq(cr_load_options_set_param(o, "days", "12"), CR_OK);
    cl = load(o, CR_OK);
    ck_assert_str_eq(cr_checklist_get_param_value(cl, 0), "12");
    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_param(ev, "days", "-5"), CR_ERR_INVALID);
    ck_assert_int_eq(cr_evaluator_set_param(ev, "days", "5"), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_param(ev, "days", NULL), CR_OK);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    cr_load_options_free(o);
}
END_TEST

Suite *
params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("typed");

    tcase_add_test(tc, getters_say_type_and_bounds);
    tcase_add_test(tc, check_param_says_why);
    tcase_add_test(tc, load_options_and_evaluators_refuse);
    suite_add_tcase(s, tc);
    return s;
}
