/* test-archive.c — the archive rules' C API (public only): facts given
 * value by value, an archive fed from several threads, withdrawal and
 * replacement of a source, and findings that never depend on the order
 * cases were added in. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "casereview.h"

static const char CHECKLIST[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='ar' version='1'"
    " title='t' total='10'>"
    "<category id='c' points='10'><item id='I1' deduct='1'>"
    "<check context='/case'><assert test='@id'>no id</assert></check>"
    "</item></category>"
    "<archive-rules>"
    "<fact name='ent' label='企业' value='string(/case/@ent)'/>"
    "<fact name='on' type='date' value='string(/case/@on)'/>"
    "<fact name='fine' type='number' value='number(/case/@fine)'/>"
    "<fact name='who' multiple='true' value='/case/o/@id'/>"
    "<rule id='X1' title='重复' group-by='ent'>"
    "<count date='on' days='30' more-than='1'/></rule>"
    "</archive-rules></checklist>";

static struct cr_checklist *
load(void)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;

    ck_assert_int_eq(cr_checklist_load_memory(CHECKLIST, strlen(CHECKLIST),
                                              "ar.xml", NULL, NULL, &cl,
                                              &diags),
                     CR_OK);
    cr_diag_list_free(diags);
    return cl;
}

static void
add_case(struct cr_archive *ar, struct cr_checklist *cl, const char *src,
         const char *ent, const char *on)
{
    struct cr_facts *f = NULL;

    ck_assert_int_eq(cr_facts_new(cl, src, src, &f), CR_OK);
    ck_assert_int_eq(cr_facts_add(f, "ent", ent), CR_OK);
    ck_assert_int_eq(cr_facts_add(f, "on", on), CR_OK);
    ck_assert_int_eq(cr_archive_add_facts(ar, f), CR_OK);
    cr_facts_free(f);
}

static char *
json_of(struct cr_archive *ar)
{
    char *s = NULL;

    ck_assert_int_eq(cr_archive_evaluate(ar), CR_OK);
    ck_assert_int_eq(cr_archive_to_json(ar, &s), CR_OK);
    return s;
}

START_TEST(facts_take_values_in_their_text_form)
{
    struct cr_checklist *cl = load();
    struct cr_facts *f = NULL;

    ck_assert_int_eq(cr_checklist_get_fact_count(cl), 4);
    ck_assert_str_eq(cr_checklist_get_fact_type(cl, 1), "date");
    ck_assert_int_eq(cr_checklist_is_fact_multiple(cl, 3), 1);
    ck_assert_int_eq(cr_facts_new(cl, "a.xml", NULL, &f), CR_OK);
    ck_assert_str_eq(cr_facts_get_case_id(f), "");
    ck_assert_int_eq(cr_facts_add(f, "on", "2024年3月5日"), CR_OK);
    ck_assert_int_eq(cr_facts_add(f, "on", "2024-03-06"), CR_ERR_INVALID);
    ck_assert_int_eq(cr_facts_add(f, "fine", "1e3"), CR_OK);
    ck_assert_int_eq(cr_facts_add(f, "fine", "x"), CR_ERR_INVALID);
    ck_assert_int_eq(cr_facts_add(f, "nosuch", "1"), CR_ERR_INVALID);
    ck_assert_int_eq(cr_facts_add(f, "who", "B"), CR_OK);
    ck_assert_int_eq(cr_facts_add(f, "who", "A"), CR_OK);
    ck_assert_int_eq(cr_facts_add(f, "who", "B"), CR_OK);   /* once */
    ck_assert_str_eq(cr_facts_get_value(f, 1, 0), "2024-03-05");
    ck_assert_str_eq(cr_facts_get_value(f, 2, 0), "1000");
    ck_assert_int_eq(cr_facts_get_value_count(f, 3), 2);
    ck_assert_str_eq(cr_facts_get_value(f, 3, 0), "A");
    ck_assert_int_eq(cr_facts_get_value_count(f, 0), 0);
    ck_assert_ptr_null(cr_facts_get_value(f, 0, 0));
    cr_facts_free(f);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(withdraw_and_replace_a_source)
{
    struct cr_checklist *cl = load();
    struct cr_archive *ar = NULL;
    const struct cr_archive_finding *fd;

    ck_assert_int_eq(cr_archive_new(cl, &ar), CR_OK);
    add_case(ar, cl, "a.xml", "E1", "2024-03-01");
    add_case(ar, cl, "b.xml", "E1", "2024-03-30");
    add_case(ar, cl, "c.xml", "E1", "2024-06-30");
    ck_assert_int_eq(cr_archive_evaluate(ar), CR_OK);
    ck_assert_int_eq(cr_archive_get_finding_count(ar), 1);
    fd = cr_archive_get_finding(ar, 0);
    ck_assert_str_eq(cr_archive_finding_get_rule(fd), "X1");
    ck_assert_str_eq(cr_archive_finding_get_key_value(fd, 0), "E1");
    ck_assert_int_eq(cr_archive_finding_get_case_count(fd), 2);
    ck_assert_str_eq(cr_archive_finding_get_case_source(fd, 1), "b.xml");

    /* b.xml moved out of the window: replaced, no finding */
    add_case(ar, cl, "b.xml", "E1", "2024-04-01");
    ck_assert_int_eq(cr_archive_evaluate(ar), CR_OK);
    ck_assert_int_eq(cr_archive_get_finding_count(ar), 0);
    /* back in, then withdrawn */
    add_case(ar, cl, "b.xml", "E1", "2024-03-02");
    ck_assert_int_eq(cr_archive_evaluate(ar), CR_OK);
    ck_assert_int_eq(cr_archive_get_finding_count(ar), 1);
    ck_assert_int_eq(cr_archive_withdraw(ar, "b.xml"), CR_OK);
    ck_assert_int_eq(cr_archive_evaluate(ar), CR_OK);
    ck_assert_int_eq(cr_archive_get_finding_count(ar), 0);
    ck_assert_int_eq(cr_archive_withdraw(ar, "never-added.xml"), CR_OK);
    ck_assert_int_eq(cr_archive_withdraw(ar, NULL), CR_ERR_INVALID);
    ck_assert_int_eq(cr_archive_withdraw(NULL, "a.xml"), CR_ERR_INVALID);
    cr_archive_free(ar);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(facts_of_another_checklist_are_refused)
{
    static const char OTHER[] =
        "<checklist xmlns='urn:casereview:checklist:1' id='o' version='1'"
        " title='t' total='10'><category id='c' points='10'>"
        "<item id='I1' deduct='1'><check context='/case'>"
        "<assert test='@id'>x</assert></check></item></category>"
        "<archive-rules><fact name='dept' value='string(/case/@d)'/>"
        "<rule id='Y' group-by='dept'><count more-than='3'/></rule>"
        "</archive-rules></checklist>";
    struct cr_checklist *cl = load(), *other = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_archive *ar = NULL;
    struct cr_facts *f = NULL;

    ck_assert_int_eq(cr_checklist_load_memory(OTHER, strlen(OTHER), "o.xml",
                                              NULL, NULL, &other, &diags),
                     CR_OK);
    cr_diag_list_free(diags);
    ck_assert_int_eq(cr_archive_new(cl, &ar), CR_OK);
    ck_assert_int_eq(cr_facts_new(other, "x.xml", "x", &f), CR_OK);
    ck_assert_int_eq(cr_archive_add_facts(ar, f), CR_ERR_INVALID);
    ck_assert_int_eq(cr_archive_get_case_count(ar), 0);
    cr_facts_free(f);
    cr_archive_free(ar);
    cr_checklist_unref(other);
    cr_checklist_unref(cl);
}
END_TEST

/* ---- many threads, any order: the same bytes ---- */

enum { NCASES = 2000, NTHREADS = 4 };

struct feeder {
    struct cr_archive *ar;
    struct cr_checklist *cl;
    int from, step;
};

static void
case_facts(int i, char *src, char *ent, char *on)
{
    sprintf(src, "d%d/c%05d.xml", i % 7, i);
    sprintf(ent, "E%d", (i * 7919) % 300);
    sprintf(on, "2024-%02d-%02d", 1 + (i * 31) % 12, 1 + (i * 17) % 28);
}

static void *
feed(void *arg)
{
    struct feeder *fd = arg;
    char src[32], ent[16], on[16];
    int i;

    for (i = fd->from; i < NCASES; i += fd->step) {
        case_facts(i, src, ent, on);
        add_case(fd->ar, fd->cl, src, ent, on);
    }
    return NULL;
}

START_TEST(threads_and_order_do_not_change_the_findings)
{
    struct cr_checklist *cl = load();
    struct cr_archive *one = NULL, *many = NULL;
    struct feeder fd[NTHREADS];
    pthread_t t[NTHREADS];
    char src[32], ent[16], on[16];
    char *a, *b;
    int i;

    ck_assert_int_eq(cr_archive_new(cl, &one), CR_OK);
    ck_assert_int_eq(cr_archive_new(cl, &many), CR_OK);
    for (i = NCASES; i-- > 0;) {
        case_facts(i, src, ent, on);
        add_case(one, cl, src, ent, on);
    }
    for (i = 0; i < NTHREADS; i++) {
        fd[i] = (struct feeder){many, cl, i, NTHREADS};
        ck_assert_int_eq(pthread_create(&t[i], NULL, feed, &fd[i]), 0);
    }
    for (i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    ck_assert_int_eq(cr_archive_get_case_count(many), NCASES);
    a = json_of(one);
    b = json_of(many);
    ck_assert_str_eq(a, b);
    ck_assert_int_gt(cr_archive_get_finding_count(many), 0);
    cr_free(a);
    cr_free(b);
    cr_archive_free(one);
    cr_archive_free(many);
    cr_checklist_unref(cl);
}
END_TEST

static Suite *
archive_suite(void)
{
    Suite *s = suite_create("archive");
    TCase *tc = tcase_create("api");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, facts_take_values_in_their_text_form);
    tcase_add_test(tc, withdraw_and_replace_a_source);
    tcase_add_test(tc, facts_of_another_checklist_are_refused);
    tcase_add_test(tc, threads_and_order_do_not_change_the_findings);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(archive_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
