/* test-load.c — the checklist compiler reports every problem at once,
 * each with its code and line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "casereview.h"

static struct cr_diag_list *
load_fail_in(const char *xml, const char *lang)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *d = NULL;
    struct cr_load_options *o = NULL;

    ck_assert_int_eq(cr_load_options_new(&o), CR_OK);
    if (lang)
        ck_assert_int_eq(cr_load_options_set_language(o, lang), CR_OK);
    ck_assert_int_eq(cr_checklist_load_memory(xml, strlen(xml), "bad.xml", ".",
                                              o, &cl, &d),
                     CR_ERR_CHECKLIST);
    cr_load_options_free(o);
    ck_assert_ptr_null(cl);
    ck_assert_ptr_nonnull(d);
    return d;
}

static struct cr_diag_list *
load_fail(const char *xml)
{
    return load_fail_in(xml, NULL);
}

/* Is there a diagnostic with CODE at LINE? */
static int
has(const struct cr_diag_list *d, int code, int line)
{
    size_t i;

    for (i = 0; i < cr_diag_list_count(d); i++) {
        const struct cr_diag *x = cr_diag_list_get(d, i);
        if (cr_diag_get_code(x) == code && cr_diag_get_line(x) == line)
            return 1;
    }
    return 0;
}

static const char broken[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='b' total='100'>"
    "<accepts test='/case'/>\n"                                             /* 1 */
    "<category id='c' points='60'>\n"                                       /* 2 */
    "<item id='A' deduct='1'>\n"                                            /* 3 */
    "<check context='/case['><assert test='true()'/></check>\n"             /* 4 */
    "</item>\n"                                                             /* 5 */
    "<item id='A' deduct='x'>\n"                                            /* 6 */
    "<check context='/case'><assert test='cr:matchs(., \"a\")'/></check>\n" /* 7 */
    "</item>\n"                                                             /* 8 */
    "<item id='B' deduct='1' colour='red'>\n"                               /* 9 */
    "<check context='/case'><assert test='$nope'/><frob/></check>\n"        /* 10 */
    "</item>\n"                                                             /* 11 */
    "<item id='C' deduct='1'>\n"                                            /* 12 */
    "<check context='/case'><assert test='cr:matches(., \"(a\")'/>\n"      /* 13 */
    "<assert test='x:y'/></check>\n"                                        /* 14 */
    "</item>\n"                                                             /* 15 */
    "</category>\n"                                                         /* 16 */
    "</checklist>\n";

START_TEST(every_problem_reported_with_line)
{
    struct cr_diag_list *d = load_fail(broken);
    const struct cr_diag *first;
    char *s;

    ck_assert(has(d, 2201, 4));  /* XPath syntax */
    ck_assert(has(d, 2007, 6));  /* duplicate id */
    ck_assert(has(d, 2005, 6));  /* bad number */
    ck_assert(has(d, 2207, 7));  /* unknown function */
    ck_assert(has(d, 2003, 9));  /* unknown attribute */
    ck_assert(has(d, 2203, 10)); /* unbound variable */
    ck_assert(has(d, 2002, 10)); /* unknown element */
    ck_assert(has(d, 2209, 13)); /* bad regex */
    ck_assert(has(d, 2202, 14)); /* undeclared prefix */
    ck_assert(has(d, 2008, 1));  /* points do not add up */
    /* sorted by line, formatted as file:line:col: error[CR-NNNN]: msg */
    first = cr_diag_list_get(d, 0);
    s = cr_diag_format(first);
    ck_assert_str_eq(s, "bad.xml:1:0: 错误[CR-2008]: 各分类分值之和为 60，不等于总分 100");
    cr_free(s);
    cr_diag_list_free(d);
    /* the same load in English (cr_load_options_set_language) */
    d = load_fail_in(broken, "en_US.UTF-8");
    s = cr_diag_format(cr_diag_list_get(d, 0));
    ck_assert_str_eq(s, "bad.xml:1:0: error[CR-2008]: category points add up to 60, not the total 100");
    cr_free(s);
    cr_diag_list_free(d);
}
END_TEST

/* Start tags over several lines, and '<' where no element starts. */
static const char multiline[] =
    "<?xml version='1.0'?>\n"                                                /* 1 */
    "<!DOCTYPE checklist [ <!-- a <comment> --> ]>\n"                        /* 2 */
    "<checklist xmlns='urn:casereview:checklist:1' id='m' total='100'>"
    "<accepts test='/case'/>\n"                                               /* 3 */
    "<!-- <item id='fake'> -->\r\n"                                          /* 4 */
    "<?pi <item?>\r"                                                         /* 5 */
    "<category id='c' points='100'>\n"                                       /* 6 */
    "<item id='A'\n"                                                         /* 7 */
    "      title='a > b'\n"                                                  /* 8 */
    "      deduct='x'>\n"                                                    /* 9 */
    "<description><![CDATA[<item>]]></description>\n"                        /* 10 */
    "<check context='/case'><assert test='true()'/></check>\n"               /* 11 */
    "</item>\n"                                                              /* 12 */
    "<item\n"                                                                /* 13 */
    "  id='B' deduct='1' colour='red'><check context='/case'>\n"            /* 14 */
    "<assert test='1'/></check></item>\n"                                    /* 15 */
    "</category>\n"                                                          /* 16 */
    "</checklist>\n";

START_TEST(lines_are_where_start_tags_begin)
{
    struct cr_diag_list *d = load_fail(multiline);

    ck_assert(has(d, 2005, 7));  /* bad number: at "<item", not line 9 */
    ck_assert(has(d, 2003, 13)); /* unknown attribute: at "<item" */
    ck_assert_uint_eq(cr_diag_list_count(d), 2);
    cr_diag_list_free(d);
}
END_TEST

START_TEST(lets_scope_and_order)
{
    struct cr_diag_list *d = load_fail(
        "<checklist xmlns='urn:casereview:checklist:1' id='b'>\n"
        "<let name='a' value='$b'/>\n"
        "<let name='b' value='1'/>\n"
        "<let name='b' value='2'/>\n"
        "<category id='c' points='100'><item id='A' deduct='1'>\n"
        "<check context='/case'><let name='k' value='$a + $b'/><assert test='$k'/></check>\n"
        "<check context='/case'><assert test='$k'/></check>\n"
        "</item></category></checklist>\n");

    ck_assert(has(d, 2203, 2));  /* $b used before its let */
    ck_assert(has(d, 2007, 4));  /* $b defined twice */
    ck_assert(has(d, 2203, 7));  /* $k belongs to the other check */
    ck_assert_uint_eq(cr_diag_list_error_count(d), 3);
    cr_diag_list_free(d);
}
END_TEST

START_TEST(not_well_formed_checklist)
{
    struct cr_diag_list *d = load_fail(
        "<checklist xmlns='urn:casereview:checklist:1' id='b'>\n<category>\n</checklist>");

    ck_assert_int_eq(cr_diag_get_code(cr_diag_list_get(d, 0)), 1002);
    ck_assert_int_eq(cr_diag_get_line(cr_diag_list_get(d, 0)), 3);
    cr_diag_list_free(d);
}
END_TEST

START_TEST(wrong_root_and_missing_file)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *d = load_fail("<schema xmlns='urn:x'/>");

    ck_assert(has(d, 2001, 1));
    cr_diag_list_free(d);
    ck_assert_int_eq(cr_checklist_load("/nonexistent/x.xml", NULL, &cl, &d),
                     CR_ERR_IO);
    ck_assert_int_eq(cr_diag_get_code(cr_diag_list_get(d, 0)), 1001);
    cr_diag_list_free(d);
}
END_TEST

START_TEST(data_href_outside_or_url_refused)
{
    struct cr_diag_list *d = load_fail(
        "<checklist xmlns='urn:casereview:checklist:1' id='b'>\n"
        "<data name='a' href='../../../etc/passwd'/>\n"
        "<data name='b' href='http://example.com/x.xml'/>\n"
        "<category id='c' points='100'><item id='A' deduct='1'>"
        "<check context='/case'><assert test='$a | $b'/></check></item></category></checklist>");

    ck_assert(has(d, 2302, 2));
    ck_assert(has(d, 2302, 3));
    cr_diag_list_free(d);
}
END_TEST

/* A FIFO as data or calendar: opening it would wait for a writer
 * forever; the load refuses it at once, naming it (a hang here is the
 * test's timeout). */
START_TEST(data_fifo_refused_with_its_path)
{
    char dir[] = "/tmp/cr-fifo-XXXXXX", fifo[64], xml[512];
    struct cr_diag_list *d;
    char *msg;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/d.xml", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    snprintf(xml, sizeof xml,
             "<checklist xmlns='urn:casereview:checklist:1' id='b'>\n"
             "<data name='a' href='d.xml'/>\n"
             "<calendar href='d.xml'/>\n"
             "<category id='c' points='100'><item id='A' deduct='1'>"
             "<check context='/case'><assert test='$a'/></check></item>"
             "</category></checklist>");
    {
        struct cr_checklist *cl = NULL;

        d = NULL;
        ck_assert_int_eq(cr_checklist_load_memory(xml, strlen(xml), "c.xml",
                                                  dir, NULL, &cl, &d),
                         CR_ERR_CHECKLIST);
        ck_assert_ptr_null(cl);
    }
    ck_assert(has(d, 2900, 2));
    ck_assert(has(d, 2900, 3));
    msg = cr_diag_list_format(d);
    ck_assert_ptr_nonnull(strstr(msg, fifo));
    ck_assert_ptr_nonnull(strstr(msg, "不是普通文件"));
    cr_free(msg);
    cr_diag_list_free(d);
    unlink(fifo);
    rmdir(dir);
}
END_TEST

START_TEST(arity_and_calendar_checked)
{
    struct cr_diag_list *d = load_fail(
        "<checklist xmlns='urn:casereview:checklist:1' id='b'>\n"
        "<category id='c' points='100'><item id='A' deduct='1'>\n"
        "<check context='/case'><assert test='cr:date()'/>\n"
        "<assert test='cr:add-workdays(\"2024-01-01\", 3)'/>\n"
        "<assert test='contains(\"a\")'/>\n"
        "<assert test='cr:valid-id(\"1\", \"passport\")'/>\n"
        "</check></item></category></checklist>");

    ck_assert(has(d, 2208, 3));
    ck_assert(has(d, 2304, 4));
    ck_assert(has(d, 2208, 5));
    ck_assert(has(d, 2213, 6));
    cr_diag_list_free(d);
}
END_TEST

START_TEST(version_matches_header)
{
    ck_assert_str_eq(cr_version(), CR_VERSION_STRING);
    ck_assert_uint_eq(cr_version_hex(), CR_VERSION_HEX);
    ck_assert_str_eq(cr_status_to_str(CR_ERR_CASE), "case cannot be scored");
    ck_assert_str_eq(cr_item_state_to_str(CR_ITEM_NOT_APPLICABLE),
                     "not-applicable");
}
END_TEST

Suite *
load_suite(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("diagnostics");

    tcase_add_test(tc, every_problem_reported_with_line);
    tcase_add_test(tc, lines_are_where_start_tags_begin);
    tcase_add_test(tc, lets_scope_and_order);
    tcase_add_test(tc, not_well_formed_checklist);
    tcase_add_test(tc, wrong_root_and_missing_file);
    tcase_add_test(tc, data_href_outside_or_url_refused);
    tcase_add_test(tc, arity_and_calendar_checked);
    tcase_add_test(tc, data_fifo_refused_with_its_path);
    tcase_add_test(tc, version_matches_header);
    suite_add_tcase(s, tc);
    return s;
}
