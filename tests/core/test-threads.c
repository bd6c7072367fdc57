/* test-threads.c — one checklist shared by 8 threads, each with its own
 * evaluator, gives byte-identical JSON to a single thread. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casereview.h"

#define NCASES 64
#define NTHREADS 8

static const char checklist[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='thr' total='100'>"
    "<grades><grade id='ok' label='合格' min='60'/><grade id='no' label='不合格' min='0'/></grades>"
    "<let name='docs' value='/case/documents/document'/>"
    "<category id='a' points='50'>"
    "<item id='A1' deduct='5' per='node'><check context='$docs'>"
    "<let name='n' value='cr:distinct-count(officer/@ref)'/>"
    "<assert test='$n &gt;= 2'>{@title} 仅有{$n}人</assert></check></item>"
    "<item id='A2' deduct='3'><check context='$docs'>"
    "<assert test=\"cr:matches(@title, '^\\p{Han}+$')\">标题 {@title}</assert></check></item>"
    "</category><category id='b' points='50'>"
    "<item id='B1' deduct='4'><applies-if test='/case/decision'/><check context='/case/decision'>"
    "<assert test='cr:days-between(/case/@filed, @date) &lt;= 90'>超期 {cr:days-between(/case/@filed, @date)} 天</assert></check></item>"
    "<item id='B2' deduct='2'><check context='/case/decision'>"
    "<assert test='cr:cn-amount(@text) = @amount'>金额不符</assert></check></item>"
    "</category></checklist>";

static char *cases[NCASES];
static char *expected[NCASES];
static struct cr_checklist *shared;

static char *
make_case(int i)
{
    char *buf = malloc(2048);
    snprintf(buf, 2048,
             "<case id='T%d' filed='2024-01-%02d'><documents>"
             "<document title='%s'><officer ref='o1'/>%s</document>"
             "<document title='询问笔录'><officer ref='o%d'/><officer ref='o2'/></document>"
             "</documents><decision date='2024-%02d-10' amount='%d' text='%s'/></case>",
             i, 1 + i % 28, i % 3 ? "检查笔录" : "Record 1",
             i % 2 ? "<officer ref='o2'/>" : "", i % 4, 1 + i % 12,
             i % 5 ? 8000 : 9000, "人民币捌仟元整");
    return buf;
}

static char *
score_json(struct cr_evaluator *ev, int i)
{
    struct cr_result *res = NULL;
    char *json = NULL, *copy;

    cr_evaluator_score_memory(ev, cases[i], strlen(cases[i]), "t", &res);
    cr_result_to_json(res, 0, &json);
    copy = strdup(json);
    cr_free(json);
    cr_result_free(res);
    return copy;
}

static void *
worker(void *arg)
{
    struct cr_evaluator *ev = NULL;
    long mismatches = 0;
    int round, i;

    (void)arg;
    if (cr_evaluator_new(shared, &ev) != CR_OK)
        return (void *)-1L;
    for (round = 0; round < 5; round++) {
        for (i = 0; i < NCASES; i++) {
            char *j = score_json(ev, (i + round * 7) % NCASES);
            mismatches += strcmp(j, expected[(i + round * 7) % NCASES]) != 0;
            free(j);
        }
    }
    cr_evaluator_free(ev);
    return (void *)mismatches;
}

START_TEST(eight_threads_match_one)
{
    struct cr_evaluator *ev = NULL;
    pthread_t t[NTHREADS];
    int i;

    ck_assert_int_eq(cr_checklist_load_memory(checklist, strlen(checklist),
                                              "thr.xml", ".", NULL, &shared,
                                              NULL),
                     CR_OK);
    ck_assert_int_eq(cr_evaluator_new(shared, &ev), CR_OK);
    for (i = 0; i < NCASES; i++) {
        cases[i] = make_case(i);
        expected[i] = score_json(ev, i);
    }
    cr_evaluator_free(ev);
    /* the expectations themselves are varied: some fail, some pass */
    ck_assert_ptr_nonnull(strstr(expected[0], "\"state\": \"failed\""));
    ck_assert_ptr_nonnull(strstr(expected[1], "\"id\": \"A1\", \"category\": \"a\", \"title\": \"A1\", \"state\": \"passed\""));
    for (i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker, NULL), 0);
    for (i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ck_assert_int_eq((long)r, 0);
    }
    for (i = 0; i < NCASES; i++) {
        free(cases[i]);
        free(expected[i]);
    }
    shared = cr_checklist_unref(shared);
}
END_TEST

Suite *
threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("shared-checklist");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, eight_threads_match_one);
    suite_add_tcase(s, tc);
    return s;
}
