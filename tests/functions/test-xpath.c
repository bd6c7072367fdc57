/* test-xpath.c — the cr: functions as XPath sees them: argument
 * conversion, NaN and "" results, failures through crp_fn_env. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "libcasereview/alloc.h"
#include "libcasereview/diag.h"
#include "libcasereview/functions.h"
#include "libcasereview/msgcat-lib.h"
#include "libcasereview/date.h"
#include "libcasereview/regex.h"
#include "libcasereview/utf8.h"

static const char doc_xml[] =
    "<case id=\"c1\">\n"
    "  <doc kind=\"inquiry\" date=\"2024-09-27\" served=\"2024年10月12日\">\n"
    "    <officer ref=\"o1\"/><officer ref=\"o2\"/><officer ref=\"o1\"/>\n"
    "  </doc>\n"
    "  <doc kind=\"decision\" date=\"2024-10-12\" tags=\" fine  warning\n"
    "   confiscation \">\n"
    "    <officer ref=\"o3\"/><officer ref=\"\"/><officer ref=\"\"/>\n"
    "    <amount>人民币捌仟元整</amount>\n"
    "    <id>11010519491231002X</id><code>91370402MA3C4K7N2P</code>\n"
    "  </doc>\n"
    "</case>\n";

static xmlDocPtr doc;
static xmlXPathContextPtr xp;
static struct crp_fn_env env;
static struct crp_calendar *calendar;
static int quiet_errors;

static void
count_error(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
    quiet_errors++;
}

static void
setup(void)
{
    const char *src = getenv("CR_SOURCE_DIR");
    char path[4096];

    snprintf(path, sizeof(path), "%s/rules/data/cn-workdays.xml",
             src ? src : ".");
    ck_assert_int_eq(crp_calendar_load(path, NULL, &calendar), CR_OK);
    doc = xmlReadMemory(doc_xml, (int)strlen(doc_xml), "case.xml", NULL, 0);
    ck_assert_ptr_nonnull(doc);
    xp = xmlXPathNewContext(doc);
    ck_assert_ptr_nonnull(xp);
    memset(&env, 0, sizeof(env));
    env.calendar = calendar;
    env.regex = crp_regex_cache_new(1000000);
    ck_assert_ptr_nonnull(env.regex);
    xp->userData = &env;
    ck_assert_int_eq(crp_functions_register(xp), 0);
    ck_assert_int_eq(xmlXPathRegisterNs(xp, BAD_CAST "cr",
                                        BAD_CAST CRP_FN_NS), 0);
    quiet_errors = 0;
    xmlSetStructuredErrorFunc(NULL, count_error);
}

static void
teardown(void)
{
    xmlSetStructuredErrorFunc(NULL, NULL);
    crp_fn_env_reset(&env);
    crp_regex_cache_free(env.regex);
    xmlXPathFreeContext(xp);
    xmlFreeDoc(doc);
    crp_calendar_free(calendar);
}

/* Evaluates EXPR from a fresh env error state; NULL when it failed. */
static xmlXPathObjectPtr
eval(const char *expr)
{
    crp_fn_env_reset(&env);
    xp->node = xmlDocGetRootElement(doc);
    return xmlXPathEval(BAD_CAST expr, xp);
}

static double
eval_number(const char *expr)
{
    xmlXPathObjectPtr r = eval(expr);
    double v;

    ck_assert_msg(r != NULL, "%s failed: %s", expr,
                  env.error ? env.error : "");
    ck_assert_msg(r->type == XPATH_NUMBER, "%s: not a number", expr);
    v = r->floatval;
    xmlXPathFreeObject(r);
    return v;
}

static int
eval_boolean(const char *expr)
{
    xmlXPathObjectPtr r = eval(expr);
    int v;

    ck_assert_msg(r != NULL, "%s failed: %s", expr,
                  env.error ? env.error : "");
    ck_assert_msg(r->type == XPATH_BOOLEAN, "%s: not a boolean", expr);
    v = r->boolval;
    xmlXPathFreeObject(r);
    return v;
}

/* The string result, copied into a static buffer. */
static const char *
eval_string(const char *expr)
{
    static char buf[256];
    xmlXPathObjectPtr r = eval(expr);

    ck_assert_msg(r != NULL, "%s failed: %s", expr,
                  env.error ? env.error : "");
    ck_assert_msg(r->type == XPATH_STRING, "%s: not a string", expr);
    snprintf(buf, sizeof(buf), "%s", (const char *)r->stringval);
    xmlXPathFreeObject(r);
    return buf;
}

/* EXPR must stop the evaluation with a message containing NEEDLE. */
static void
assert_eval_fails(const char *expr, const char *needle)
{
    xmlXPathObjectPtr r = eval(expr);

    ck_assert_msg(r == NULL, "%s should fail", expr);
    ck_assert_msg(env.error != NULL, "%s: no env error", expr);
    ck_assert_msg(strstr(env.error, needle) != NULL, "'%s' lacks '%s'",
                  env.error, needle);
}

START_TEST(date_function)
{
    ck_assert_double_eq(eval_number("cr:date('2024年3月5日')"), 19787);
    ck_assert_double_eq(eval_number("cr:date('2024-03-05')"), 19787);
    ck_assert_double_eq(eval_number("cr:date(doc[1]/@served)"),
                        eval_number("cr:date('2024-10-12')"));
    ck_assert_double_eq(eval_number("cr:date(19787)"), 19787);
    ck_assert(isnan(eval_number("cr:date(19787.5)")));
    ck_assert(isnan(eval_number("cr:date(1 div 0)")));
    ck_assert(isnan(eval_number("cr:date('2023-02-29')")));
    ck_assert_double_eq(eval_number("cr:date('2024-02-29')"), 19782);
    ck_assert(isnan(eval_number("cr:date('')")));
    ck_assert(isnan(eval_number("cr:date(missing/@date)")));
    ck_assert(isnan(eval_number("cr:date(true())")));
    ck_assert_ptr_null(env.error);
    ck_assert(eval_boolean("cr:date(doc[1]/@date) < cr:date(doc[2]/@date)"));
}
END_TEST

START_TEST(days_between_function)
{
    ck_assert_double_eq(eval_number("cr:days-between('2024-02-28', "
                                    "'2024-03-01')"), 2);
    ck_assert_double_eq(eval_number("cr:days-between('2023-02-28', "
                                    "'2023-03-01')"), 1);
    ck_assert_double_eq(eval_number("cr:days-between(doc[2]/@date, "
                                    "doc[1]/@date)"), -15);
    ck_assert(isnan(eval_number("cr:days-between('2024-01-01', 'x')")));
    ck_assert(isnan(eval_number("cr:days-between('', '2024-01-01')")));
    /* NaN never compares true */
    ck_assert(!eval_boolean("cr:days-between('', '2024-01-01') <= 90"));
    ck_assert(!eval_boolean("cr:days-between('', '2024-01-01') > 90"));
}
END_TEST

START_TEST(workdays_between_function)
{
    ck_assert_double_eq(eval_number("cr:workdays-between('2024-02-09', "
                                    "'2024-02-18')"), 1);
    ck_assert_double_eq(eval_number("cr:workdays-between(doc[1]/@date, "
                                    "doc[1]/@served)"), 7);
    ck_assert_double_eq(eval_number("cr:workdays-between('2024-10-12', "
                                    "'2024-09-27')"), -7);
    ck_assert_ptr_null(env.error);
    /* not a date: NaN, no failure */
    ck_assert(isnan(eval_number("cr:workdays-between('x', '2024-01-01')")));
    ck_assert_ptr_null(env.error);
    /* a date the calendar does not cover: NaN and a failure */
    ck_assert(isnan(eval_number("cr:workdays-between('2009-05-01', "
                                "'2024-01-01')")));
    ck_assert_str_eq(env.error, "日期2009-05-01不在工作日历范围内，日历只"
                                "收录2010年至2026年的放假安排（2010-01-01"
                                "至2026-12-31），无法计算工作日");
    ck_assert(isnan(eval_number("cr:workdays-between('2024-01-01', "
                                "'2027年1月4日')")));
    ck_assert_str_eq(env.error, "日期2027-01-04不在工作日历范围内，日历只"
                                "收录2010年至2026年的放假安排（2010-01-01"
                                "至2026-12-31），无法计算工作日");
}
END_TEST

START_TEST(add_days_function)
{
    ck_assert_str_eq(eval_string("cr:add-days('2024-02-28', 1)"),
                     "2024-02-29");
    ck_assert_str_eq(eval_string("cr:add-days('2023-02-28', 1)"),
                     "2023-03-01");
    ck_assert_str_eq(eval_string("cr:add-days('2024年12月31日', 1)"),
                     "2025-01-01");
    ck_assert_str_eq(eval_string("cr:add-days('2024-03-01', -1)"),
                     "2024-02-29");
    ck_assert_str_eq(eval_string("cr:add-days('2024-03-01', '90')"),
                     "2024-05-30");
    ck_assert_str_eq(eval_string("cr:add-days('2024-03-01', 0)"),
                     "2024-03-01");
    ck_assert_str_eq(eval_string("cr:add-days('2024-02-30', 1)"), "");
    ck_assert_str_eq(eval_string("cr:add-days('2024-03-01', 1.5)"), "");
    ck_assert_str_eq(eval_string("cr:add-days('2024-03-01', 'x')"), "");
    ck_assert_str_eq(eval_string("cr:add-days('2024-03-01', 1 div 0)"), "");
    ck_assert_str_eq(eval_string("cr:add-days('9999-12-31', 1)"), "");
    ck_assert_str_eq(eval_string("cr:add-days(cr:date('2024-03-01'), 1)"),
                     "2024-03-02");
    ck_assert_ptr_null(env.error);
    /* the calendar-day period rule of calendar.md §4 */
    ck_assert_str_eq(eval_string("cr:add-workdays(cr:add-days('2024-09-16', "
                                 "14), 1)"), "2024-10-08");
}
END_TEST

START_TEST(add_workdays_function)
{
    ck_assert_str_eq(eval_string("cr:add-workdays('2024-09-30', 5)"),
                     "2024-10-12");
    ck_assert_str_eq(eval_string("cr:add-workdays(doc[1]/@date, 7)"),
                     "2024-10-12");
    ck_assert_str_eq(eval_string("cr:add-workdays('2024年10月1日', 0)"),
                     "2024-10-01");
    ck_assert_str_eq(eval_string("cr:add-workdays('2024-10-08', -1)"),
                     "2024-09-30");
    /* served within 7 working days: the deadline is the make-up Saturday */
    ck_assert(eval_boolean("cr:date(doc[2]/@date) <= "
                           "cr:date(cr:add-workdays(doc[1]/@date, 7))"));
    ck_assert(!eval_boolean("cr:date(doc[2]/@date) <= "
                            "cr:date(cr:add-workdays(doc[1]/@date, 6))"));
    ck_assert_str_eq(eval_string("cr:add-workdays('x', 5)"), "");
    ck_assert_str_eq(eval_string("cr:add-workdays('2024-10-08', 0.5)"), "");
    ck_assert_ptr_null(env.error);
    ck_assert_str_eq(eval_string("cr:add-workdays('2026-12-30', 5)"), "");
    ck_assert_str_eq(env.error, "cr:add-workdays(2026-12-30, 5)的结果超出"
                                "工作日历范围，日历只收录2010年至2026年的"
                                "放假安排（2010-01-01至2026-12-31），"
                                "无法计算工作日");
    ck_assert_str_eq(eval_string("cr:add-workdays('2009-05-01', 5)"), "");
    ck_assert_str_eq(env.error, "日期2009-05-01不在工作日历范围内，日历只"
                                "收录2010年至2026年的放假安排（2010-01-01"
                                "至2026-12-31），无法计算工作日");
}
END_TEST

/* The calendar's messages in the language of the evaluator on the
 * thread (a checklist loaded with language "en"). */
START_TEST(calendar_messages_in_english)
{
    crp_msg_set_current(CRP_LANG_EN);
    ck_assert_str_eq(eval_string("cr:add-workdays('2026-12-30', 5)"), "");
    ck_assert_str_eq(env.error, "the result of cr:add-workdays(2026-12-30, "
                                "5) lies past the working-day calendar, "
                                "which holds only the holiday notices of "
                                "2010 to 2026 (2010-01-01 to 2026-12-31): "
                                "working days cannot be counted");
    ck_assert_str_eq(eval_string("cr:add-workdays('2009-05-01', 5)"), "");
    ck_assert_str_eq(env.error, "date 2009-05-01 lies outside the "
                                "working-day calendar, which holds only the "
                                "holiday notices of 2010 to 2026 "
                                "(2010-01-01 to 2026-12-31): working days "
                                "cannot be counted");
    env.calendar = NULL;
    ck_assert(isnan(eval_number("cr:workdays-between('2024-01-01', "
                                "'2024-01-05')")));
    ck_assert_ptr_nonnull(strstr(env.error, "needs a working-day calendar"));
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(no_calendar)
{
    env.calendar = NULL;
    ck_assert(isnan(eval_number("cr:workdays-between('2024-01-01', "
                                "'2024-01-05')")));
    ck_assert_ptr_nonnull(strstr(env.error, "需要工作日历"));
    ck_assert_str_eq(eval_string("cr:add-workdays('2024-01-01', 1)"), "");
    ck_assert_ptr_nonnull(strstr(env.error, "需要工作日历"));
    /* date functions that need no calendar still work */
    ck_assert_str_eq(eval_string("cr:add-days('2024-01-01', 1)"),
                     "2024-01-02");
    ck_assert_ptr_null(env.error);
}
END_TEST

START_TEST(matches_function)
{
    crp_msg_set_current(CRP_LANG_EN);   /* the English texts */
    ck_assert(eval_boolean("cr:matches('某市监处罚〔2024〕12号', "
                           "'^[\\p{Han}A-Za-z0-9]+〔(19|20)\\d{2}〕"
                           "[1-9]\\d*号$')"));
    ck_assert(!eval_boolean("cr:matches('某市监处罚（2024）12号', "
                            "'〔\\d{4}〕')"));
    ck_assert(eval_boolean("cr:matches(doc[1]/@kind, '^INQ', 'i')"));
    ck_assert(!eval_boolean("cr:matches(doc[1]/@kind, '^INQ')"));
    ck_assert(eval_boolean("cr:matches('', '^$')"));
    ck_assert(!eval_boolean("cr:matches(missing, '.')"));
    ck_assert(eval_boolean("cr:matches(123, '^\\d+$')"));
    ck_assert_ptr_null(env.error);
    assert_eval_fails("cr:matches('a', 'a', 'g')", "flag 'g'");
    assert_eval_fails("cr:matches('a', concat('(', 'a'))",
                      "invalid regex '(a'");
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(matches_limit)
{
    /* 'a' x 40000 then 'b', as a variable */
    const char *expr = "cr:matches($s, '(a+)+$')";
    char *s = malloc(40002);
    xmlXPathObjectPtr r;

    crp_msg_set_current(CRP_LANG_EN);   /* the English texts */
    memset(s, 'a', 40000);
    s[40000] = 'b';
    s[40001] = '\0';
    xmlXPathRegisterVariable(xp, BAD_CAST "s", xmlXPathNewString(BAD_CAST s));
    free(s);
    r = eval(expr);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(env.error, "regex '(a+)+$' exceeded the match limit");
    ck_assert_int_eq(quiet_errors, 0);
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(replace_function)
{
    crp_msg_set_current(CRP_LANG_EN);   /* the English texts */
    ck_assert_str_eq(eval_string("cr:replace('2024-03-05', "
                                 "'(\\d+)-0?(\\d+)-0?(\\d+)', "
                                 "'$1年$2月$3日')"), "2024年3月5日");
    ck_assert_str_eq(eval_string("cr:replace(doc[2]/amount, '人民币|整', '')"),
                     "捌仟元");
    ck_assert_str_eq(eval_string("cr:replace('', 'a', 'b')"), "");
    ck_assert_ptr_null(env.error);
    assert_eval_fails("cr:replace('a', '(a)', '$7')",
                      "invalid replacement '$7' for regex '(a)'");
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(distinct_count_function)
{
    crp_msg_set_current(CRP_LANG_EN);   /* the English texts */
    ck_assert_double_eq(eval_number("cr:distinct-count(doc[1]/officer/@ref)"),
                        2);
    /* the empty string counts as one value */
    ck_assert_double_eq(eval_number("cr:distinct-count(doc[2]/officer/@ref)"),
                        2);
    ck_assert_double_eq(eval_number("cr:distinct-count(//officer/@ref)"), 4);
    ck_assert_double_eq(eval_number("cr:distinct-count(missing)"), 0);
    ck_assert_double_eq(eval_number("cr:distinct-count(doc/@kind)"), 2);
    ck_assert_ptr_null(env.error);
    assert_eval_fails("cr:distinct-count('o1 o2')", "node-set");
    ck_assert_int_eq(quiet_errors, 0);
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(lookup_function)
{
    crp_msg_set_current(CRP_LANG_EN);   /* the English texts */
    /* docs whose kind is one of the values (node-set key), in order */
    ck_assert_double_eq(eval_number("count(cr:lookup(doc, 'kind', "
                                    "doc/@kind))"), 2);
    ck_assert(eval_boolean("cr:lookup(doc, 'kind', 'decision')/@date = "
                           "'2024-10-12'"));
    /* from inside a predicate: each officer ref paired with its own doc */
    ck_assert_double_eq(eval_number("count(doc/officer[cr:lookup(/case/doc,"
                                    " 'date', ../@date)/@kind = 'inquiry'])"),
                        3);
    ck_assert_double_eq(eval_number("count(cr:lookup(doc, 'kind', 'x'))"), 0);
    ck_assert_double_eq(eval_number("count(cr:lookup(doc, 'nope', ''))"), 0);
    ck_assert_double_eq(eval_number("count(cr:lookup(doc/officer, 'ref', "
                                    "missing))"), 0);
    /* an empty attribute matches the empty string */
    ck_assert_double_eq(eval_number("count(cr:lookup(doc/officer, 'ref', "
                                    "''))"), 2);
    ck_assert_ptr_null(env.error);
    assert_eval_fails("cr:lookup('doc', 'kind', 'x')", "node-set");
    ck_assert_int_eq(quiet_errors, 0);
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(has_token_function)
{
    ck_assert(eval_boolean("cr:has-token(doc[2]/@tags, 'warning')"));
    ck_assert(eval_boolean("cr:has-token(doc[2]/@tags, 'fine')"));
    ck_assert(eval_boolean("cr:has-token(doc[2]/@tags, 'confiscation')"));
    ck_assert(!eval_boolean("cr:has-token(doc[2]/@tags, 'warn')"));
    ck_assert(!eval_boolean("cr:has-token(doc[2]/@tags, 'fine warning')"));
    ck_assert(!eval_boolean("cr:has-token(doc[2]/@tags, '')"));
    ck_assert(!eval_boolean("cr:has-token('', '')"));
    ck_assert(!eval_boolean("cr:has-token('', 'a')"));
    ck_assert(eval_boolean("cr:has-token('a', 'a')"));
    ck_assert(!eval_boolean("cr:has-token(missing/@x, 'a')"));
}
END_TEST

START_TEST(cn_amount_function)
{
    ck_assert_double_eq(eval_number("cr:cn-amount(doc[2]/amount)"), 8000);
    ck_assert(eval_boolean("cr:cn-amount('陆仟零柒元壹角肆分') = 6007.14"));
    ck_assert(eval_boolean("cr:cn-amount('壹仟陆佰捌拾元零叁角贰分') = "
                           "1680.32"));
    ck_assert(isnan(eval_number("cr:cn-amount('8000元')")));
    ck_assert(isnan(eval_number("cr:cn-amount('')")));
    ck_assert(isnan(eval_number("cr:cn-amount(missing)")));
    ck_assert(!eval_boolean("cr:cn-amount('八千元') = 8000"));
}
END_TEST

START_TEST(valid_id_function)
{
    ck_assert(eval_boolean("cr:valid-id(doc[2]/id, 'resident-id')"));
    ck_assert(eval_boolean("cr:valid-id(doc[2]/code, 'credit-code')"));
    ck_assert(!eval_boolean("cr:valid-id(doc[2]/code, 'resident-id')"));
    ck_assert(!eval_boolean("cr:valid-id('', 'credit-code')"));
    ck_assert(!eval_boolean("cr:valid-id('37040219930229004X', "
                            "'resident-id')"));
    ck_assert_ptr_null(env.error);
    assert_eval_fails("cr:valid-id(doc[2]/id, 'passport')",
                      "未知的种类“passport”");
}
END_TEST

START_TEST(wrong_arity_at_run_time)
{
    crp_msg_set_current(CRP_LANG_EN);   /* the English texts */
    assert_eval_fails("cr:date()", "cr:date takes 1 to 1 arguments, not 0");
    assert_eval_fails("cr:matches('a')", "cr:matches takes 2 to 3");
    assert_eval_fails("cr:has-token('a', 'b', 'c')", "not 3");
    ck_assert_int_eq(quiet_errors, 0);
    crp_msg_set_current(CRP_LANG_ZH);
}
END_TEST

START_TEST(first_failure_wins)
{
    xmlXPathObjectPtr r;

    r = eval("cr:workdays-between('2009-01-01', '2024-01-01') + "
             "cr:workdays-between('2024-01-01', '2030-01-01')");
    ck_assert_ptr_nonnull(r);
    ck_assert(isnan(r->floatval));
    xmlXPathFreeObject(r);
    ck_assert_ptr_nonnull(strstr(env.error, "2009-01-01"));
    crp_fn_env_reset(&env);
    ck_assert_ptr_null(env.error);
}
END_TEST

START_TEST(function_info)
{
    static const char *const names[] = {
        "matches", "replace", "date", "days-between", "workdays-between",
        "add-days", "add-workdays", "distinct-count", "lookup", "has-token",
        "cn-amount", "valid-id", "state"};
    const struct crp_function *fn;
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        ck_assert_msg(crp_cr_function(names[i]) != NULL, "%s", names[i]);
    fn = crp_cr_function("matches");
    ck_assert_int_eq(fn->min_args, 2);
    ck_assert_int_eq(fn->max_args, 3);
    ck_assert_uint_eq(fn->flags & CRP_FN_CALENDAR, 0);
    fn = crp_cr_function("add-workdays");
    ck_assert_int_eq(fn->min_args, 2);
    ck_assert_int_eq(fn->max_args, 2);
    ck_assert_uint_ne(fn->flags & CRP_FN_CALENDAR, 0);
    ck_assert_uint_ne(crp_cr_function("workdays-between")->flags &
                      CRP_FN_CALENDAR, 0);
    ck_assert_uint_eq(crp_cr_function("add-days")->flags & CRP_FN_CALENDAR,
                      0);
    ck_assert(crp_cr_function("matchs") == NULL);
    ck_assert(crp_cr_function("workdays") == NULL);
    ck_assert(crp_cr_function("") == NULL);
    /* core functions are a table of their own; cr: names are not in it */
    ck_assert(crp_core_function("string-length") != NULL);
    ck_assert_int_eq(crp_core_function("substring")->max_args, 3);
    ck_assert(crp_core_function("matches") == NULL);
    ck_assert(crp_cr_function("count") == NULL);
}
END_TEST

/* Every row is consistent: its kinds spell its maximum, its minimum is
 * within it, every kind is one the adapters know. */
START_TEST(function_rows)
{
    size_t i;

    for (i = 0; i < CRP_NCR; i++) {
        const struct crp_function *fn = &crp_cr_functions[i];
        ck_assert_int_eq((int)strlen(fn->args), fn->max_args);
        ck_assert_int_le(fn->max_args, CRP_FN_MAX_ARGS);
        ck_assert_int_ge(fn->min_args, 0);
        ck_assert_int_le(fn->min_args, fn->max_args);
        ck_assert_msg(strspn(fn->args, "SNDLWK") == strlen(fn->args), "%s",
                      fn->name);
        ck_assert(fn->impl != NULL && fn->libxml2 != NULL);
        ck_assert(crp_cr_function(fn->name) == fn);
    }
    for (i = 0; i < CRP_NCORE; i++)
        ck_assert(crp_core_function(crp_core_functions[i].name) ==
                  &crp_core_functions[i]);
}
END_TEST

/* crp_fn_fail keeps a bounded message cut on a UTF-8 boundary. */
START_TEST(fail_message_bounded)
{
    char big[3000];
    size_t i, n;

    for (i = 0; i + 3 < sizeof(big); i += 3)
        memcpy(big + i, "法", 3);
    big[i] = '\0';
    crp_fn_env_reset(&env);
    /* "xy" then whole 3-byte characters: a cut must not split one */
    crp_fn_fail(&env, "xy%s", big);
    n = strlen(env.error);
    ck_assert_uint_lt(n, 600);
    ck_assert_uint_gt(n, 400);
    ck_assert_uint_eq((n - 2) % 3, 0);
    ck_assert_uint_eq(crp_utf8_trim("a\xe6\xb3", 3), 1);
    ck_assert_uint_eq(crp_utf8_trim("a\xe6\xb3\x95", 4), 4);
    ck_assert_uint_eq(crp_utf8_trim("ab", 2), 2);
    ck_assert_uint_eq(crp_utf8_trim("\xc3", 1), 0);
    crp_fn_fail(&env, "second");
    ck_assert_int_eq(env.error[0], 'x');
    crp_fn_env_reset(&env);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("xpath");
    TCase *tc = tcase_create("functions");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, date_function);
    tcase_add_test(tc, days_between_function);
    tcase_add_test(tc, workdays_between_function);
    tcase_add_test(tc, add_days_function);
    tcase_add_test(tc, add_workdays_function);
    tcase_add_test(tc, no_calendar);
    tcase_add_test(tc, calendar_messages_in_english);
    tcase_add_test(tc, matches_function);
    tcase_add_test(tc, matches_limit);
    tcase_add_test(tc, replace_function);
    tcase_add_test(tc, distinct_count_function);
    tcase_add_test(tc, lookup_function);
    tcase_add_test(tc, has_token_function);
    tcase_add_test(tc, cn_amount_function);
    tcase_add_test(tc, valid_id_function);
    tcase_add_test(tc, wrong_arity_at_run_time);
    tcase_add_test(tc, first_failure_wins);
    tcase_add_test(tc, function_info);
    tcase_add_test(tc, function_rows);
    tcase_add_test(tc, fail_message_bounded);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
