/* test-scheme.c — checklist 1.1 and verdicts through the public API:
 * load-time checks (codes and lines), scoring rules at their edges,
 * rounding, the accessors of results, verdicts (load, checks, sharing
 * between threads, attaching to evaluators), and 1.0 left as it was. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casereview.h"

#define NS "xmlns='urn:casereview:checklist:1'"
#define VNS "xmlns='urn:casereview:verdicts:1'"
#define GRADES                                                            \
    "<grades><grade id='a' label='优秀' min='90'/>"                       \
    "<grade id='b' label='良好' min='80'/>"                               \
    "<grade id='c' label='合格' min='60'/>"                               \
    "<grade id='d' label='不合格' min='0'/></grades>"
/* an item failing when the case has attribute f-ID, not applicable with
 * na-ID */
#define ITEM(id, attrs)                                                   \
    "<item id='" id "' " attrs "><applies-if test='not(/case/@na-" id     \
    ")'/><check context='/case'><assert test='not(@f-" id ")'>" id        \
    "</assert></check></item>"

static enum cr_status
try_load(const char *xml, struct cr_checklist **cl, struct cr_diag_list **d)
{
    return cr_checklist_load_memory(xml, strlen(xml), "t.xml", ".", NULL, cl,
                                    d);
}

static struct cr_checklist *
load(const char *xml)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *d = NULL;
    enum cr_status st = try_load(xml, &cl, &d);

    if (st != CR_OK) {
        char *s = cr_diag_list_format(d);
        fprintf(stderr, "%s", s ? s : "");
        cr_free(s);
    }
    ck_assert_int_eq(st, CR_OK);
    cr_diag_list_free(d);
    return cl;
}

static struct cr_result *
score_with(struct cr_checklist *cl, struct cr_verdicts *v, const char *doc)
{
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;

    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_verdicts(ev, v), CR_OK);
    cr_evaluator_score_memory(ev, doc, strlen(doc), "case.xml", &res);
    ck_assert_ptr_nonnull(res);
    ck_assert(!cr_result_is_error(res));
    cr_evaluator_free(ev);
    return res;
}

static struct cr_result *
score(struct cr_checklist *cl, const char *doc)
{
    return score_with(cl, NULL, doc);
}

static const struct cr_item_result *
item(const struct cr_result *res, const char *id)
{
    size_t i;

    for (i = 0; i < cr_result_get_item_count(res); i++)
        if (strcmp(cr_item_result_get_id(cr_result_get_item(res, i)), id) == 0)
            return cr_result_get_item(res, i);
    ck_abort_msg("no item %s", id);
    return NULL;
}

static long
category(const struct cr_result *res, const char *id)
{
    size_t i;

    for (i = 0; i < cr_result_get_category_count(res); i++)
        if (strcmp(cr_result_get_category_id(res, i), id) == 0)
            return (long)i;
    ck_abort_msg("no category %s", id);
    return -1;
}

/* Does the load of XML report CODE at LINE? */
static int
reports(const char *xml, int code, int line)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *d = NULL;
    size_t i;
    int found = 0;

    ck_assert_int_eq(try_load(xml, &cl, &d), CR_ERR_CHECKLIST);
    ck_assert_ptr_null(cl);
    for (i = 0; i < cr_diag_list_count(d); i++) {
        const struct cr_diag *g = cr_diag_list_get(d, i);
        found |= cr_diag_get_code(g) == code && cr_diag_get_line(g) == line;
    }
    if (!found) {
        char *s = cr_diag_list_format(d);
        fprintf(stderr, "wanted CR-%d at line %d:\n%s", code, line,
                s ? s : "");
        cr_free(s);
    }
    cr_diag_list_free(d);
    return found;
}

/* ---- load-time checks ---- */

static const struct {
    const char *xml;
    int code, line;
} misuse[] = {
    {"<checklist " NS " id='x'>\n<category id='c' points='100' scoring='earn'>\n"
     ITEM("A", "deduct='1'") "</category></checklist>", 2014, 3},
    {"<checklist " NS " id='x'>\n<category id='c' points='100'>\n"
     ITEM("A", "points='1'") "</category></checklist>", 2015, 3},
    {"<checklist " NS " id='x'>\n<category id='c' points='10'>\n"
     "<category id='k' points='11'>" ITEM("A", "deduct='1'")
     "</category></category><category id='r' points='90'>" ITEM("B", "deduct='1'")
     "</category></checklist>", 2016, 2},
    {"<checklist " NS " id='x'>\n<category id='c' points='100'>\n"
     ITEM("A", "bonus='1'") "</category></checklist>", 2017, 3},
    {"<checklist " NS " id='x'>\n<category id='c' points='100'>\n"
     ITEM("A", "deduct='1'")
     "\n<item id='B' deduct='1'><check context='/case'><assert "
     "test=\"cr:state('C')\"/></check></item>\n" ITEM("C", "deduct='1'")
     "</category></checklist>", 2018, 4},
    {"<checklist " NS " id='x'>" GRADES "\n<category id='c' points='100'>\n"
     ITEM("A", "deduct='1' cap-grade='z'") "</category></checklist>", 2019,
     3},
    {"<checklist " NS " id='x'>\n<category id='c' points='100'>\n"
     ITEM("A", "deduct-min='3' deduct-max='2'") "</category></checklist>",
     2020, 3},
    {"<checklist " NS " id='x'>\n<category id='c' points='100' "
     "role='penalty' scoring='earn'>\n" ITEM("A", "points='1'")
     "</category></checklist>", 2021, 2},
    {"<checklist " NS " id='x'>\n<category id='c' points='100'>\n"
     ITEM("A", "deduct='1' deduct-min='1' deduct-max='2'")
     "</category></checklist>", 2022, 3},
    {"<checklist " NS " id='x' veto='never'>\n<category id='c' points='100'>"
     ITEM("A", "deduct='1'") "</category></checklist>", 2006, 1},
};

START_TEST(load_reports_each_misuse_at_its_line)
{
    ck_assert_msg(reports(misuse[_i].xml, misuse[_i].code, misuse[_i].line),
                  "case %d", _i);
}
END_TEST

START_TEST(language_says_1_0_or_1_1)
{
    struct cr_checklist *a = load("<checklist " NS " id='x'><category id='c' "
                                  "points='100'>" ITEM("A", "deduct='1'")
                                  "</category></checklist>");
    struct cr_checklist *b = load("<checklist " NS " id='x' veto='zero'>"
                                  "<category id='c' points='100'>"
                                  ITEM("A", "deduct='1'")
                                  "</category></checklist>");

    ck_assert_str_eq(cr_checklist_get_language(a), "1.0");
    ck_assert_str_eq(cr_checklist_get_language(b), "1.1");
    ck_assert_str_eq(cr_checklist_get_veto_effect(b), "zero");
    cr_checklist_unref(a);
    cr_checklist_unref(b);
}
END_TEST

/* ---- scoring ---- */

static const char earn_cl[] =
    "<checklist " NS " id='e' total='100' veto='unscored'>" GRADES
    "<category id='legal' points='50'>" ITEM("V", "deduct='50' veto='true'")
    "</category>"
    "<category id='norm' points='50' scoring='earn'>"
    "<category id='D1' points='2' scoring='earn'>"
    ITEM("D1a", "points='0.5'") ITEM("D1b", "points='1.5'") "</category>"
    "<category id='D2' points='5' scoring='earn'>"
    ITEM("D2a", "points='1' on-fail='zero-category'")
    ITEM("D2b", "points='4'") "</category>"
    "<category id='pen' points='20' role='penalty'>"
    ITEM("P", "deduct='1'") "</category>"
    "</category>"
    "<category id='plus' points='15' role='bonus'>"
    ITEM("X", "bonus='15'") "</category></checklist>";

START_TEST(earn_ratio_penalty_and_rounding)
{
    struct cr_checklist *cl = load(earn_cl);
    /* D1b fails: norm = 50 x (0.5 + 5) / 7 = 39.2857.. - 1 = 38.2857..;
     * 50 + 38.29 = 88.29 (rounded once), X adds 15: 103.29 */
    struct cr_result *res = score(cl, "<case id='k' f-D1b='1' f-P='1'/>");
    long norm = category(res, "norm");

    ck_assert_double_eq_tol(cr_result_get_score(res), 103.29, 1e-9);
    ck_assert_double_eq(cr_result_get_score(res),
                        round(cr_result_get_score(res) * 100) / 100);
    ck_assert_double_eq_tol(cr_result_get_category_score(res, (size_t)norm),
                            50.0 * 5.5 / 7 - 1, 1e-12);
    ck_assert_double_eq(cr_result_get_bonus(res), 15);
    ck_assert_double_eq(cr_item_result_get_points(item(res, "D1b")), 1.5);
    ck_assert_double_eq(cr_item_result_get_earned(item(res, "D1b")), 0);
    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "D1b")), 1.5);
    ck_assert_double_eq(cr_item_result_get_bonus(item(res, "X")), 15);
    ck_assert_str_eq(cr_checklist_get_category_role(
                         cl, (size_t)category(res, "pen")), "penalty");
    ck_assert_int_eq(cr_checklist_get_category_parent(
                         cl, (size_t)category(res, "pen")), norm);
    ck_assert_str_eq(cr_checklist_get_category_scoring(cl, (size_t)norm),
                     "earn");
    ck_assert_int_eq(cr_result_get_score_range(res, NULL, NULL), 0);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(not_applicable_members_leave_the_ratio)
{
    struct cr_checklist *cl = load(earn_cl);
    /* D1 all not applicable: norm = 50 x 5/5; D2b fails, D2a n/a:
     * D2 = 0 of 5 -> norm 0; P n/a */
    struct cr_result *res = score(cl, "<case id='k' na-D1a='1' na-D1b='1'/>");

    ck_assert_int_eq(cr_result_is_category_applicable(
                         res, (size_t)category(res, "D1")), 0);
    ck_assert_double_eq(cr_result_get_score(res), 115);   /* X: +15 */
    cr_result_free(res);
    res = score(cl, "<case id='k' na-D1a='1' na-D1b='1' na-D2a='1' "
                    "f-D2b='1'/>");
    ck_assert_double_eq(cr_result_get_category_score(
                            res, (size_t)category(res, "norm")), 0);
    cr_result_free(res);
    /* zero-category: D2a fails, D2b passes: D2 = 0 of 5 stays; norm =
     * 50 x 2/7 */
    res = score(cl, "<case id='k' f-D2a='1'/>");
    ck_assert_double_eq_tol(cr_result_get_category_score(
                                res, (size_t)category(res, "norm")),
                            50.0 * 2 / 7, 1e-12);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(unscored_veto_has_no_score_but_a_bonus)
{
    struct cr_checklist *cl = load(earn_cl);
    struct cr_result *res = score(cl, "<case id='k' f-V='1'/>");
    char *json = NULL;

    ck_assert_int_eq(cr_result_has_score(res), 0);
    ck_assert(isnan(cr_result_get_score(res)));
    ck_assert_str_eq(cr_result_get_grade_id(res), "d");
    ck_assert_double_eq(cr_result_get_bonus(res), 15);
    ck_assert_int_eq(cr_result_to_json(res, 0, &json), CR_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"score\": null, \"score_range\": "
                                       "null, \"grade\""));
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

static const char caps_cl[] =
    "<checklist " NS " id='g' total='100'>" GRADES
    "<category id='a' points='100'>" ITEM("C1", "deduct='20' cap-grade='b'")
    ITEM("C2", "deduct='0.005'") ITEM("C3", "deduct='5' cap-grade='c'")
    "</category></checklist>";

START_TEST(grade_caps_at_and_below_the_boundary)
{
    struct cr_checklist *cl = load(caps_cl);
    struct cr_result *res = score(cl, "<case id='k' f-C1='1'/>");

    ck_assert_str_eq(cr_result_get_grade_id(res), "b");     /* 80 */
    ck_assert_uint_eq(cr_result_get_grade_cap_count(res), 1);
    ck_assert_str_eq(cr_result_get_grade_cap(res, 0), "C1");
    cr_result_free(res);
    /* 79.995 rounds half away from zero to 80: still b */
    res = score(cl, "<case id='k' f-C1='1' f-C2='1'/>");
    ck_assert_double_eq(cr_result_get_score(res), 80);
    ck_assert_str_eq(cr_result_get_grade_id(res), "b");
    cr_result_free(res);
    /* two caps: the lower applies */
    res = score(cl, "<case id='k' f-C3='1'/>");
    ck_assert_str_eq(cr_result_get_grade_id(res), "c");     /* 95 */
    cr_result_free(res);
    ck_assert_str_eq(cr_checklist_get_item_cap_grade(cl, 0), "b");
    cr_checklist_unref(cl);
}
END_TEST

/* ---- reviewer items and verdicts ---- */

static const char rev_cl[] =
    "<checklist " NS " id='r' total='100' veto='zero'>" GRADES
    "<category id='a' points='100'>"
    ITEM("M", "deduct='5' per='node'")
    ITEM("R", "deduct-min='1' deduct-max='4' decide='reviewer'")
    "<item id='V' deduct='10' veto='true' decide='reviewer'/>"
    "</category></checklist>";

START_TEST(pending_items_bound_the_score)
{
    struct cr_checklist *cl = load(rev_cl);
    struct cr_result *res = score(cl, "<case id='k' f-R='1'/>");
    double lo, hi;

    ck_assert_int_eq(cr_item_result_get_state(item(res, "R")),
                     CR_ITEM_PENDING);
    ck_assert_str_eq(cr_item_state_to_str(CR_ITEM_PENDING), "pending");
    ck_assert_int_eq(cr_finding_is_hint(cr_item_result_get_finding(
                         item(res, "R"), 0)), 1);
    ck_assert_uint_eq(cr_result_get_pending_count(res), 2);
    ck_assert_str_eq(cr_result_get_pending(res, 1), "V");
    ck_assert_int_eq(cr_result_is_complete(res), 0);
    ck_assert_uint_eq(cr_result_count_items(res, CR_ITEM_ERROR), 0);
    ck_assert_uint_eq(cr_result_count_items(res, CR_ITEM_PENDING), 2);
    ck_assert_int_eq(cr_result_get_score_range(res, &lo, &hi), 1);
    ck_assert_double_eq(lo, 0);         /* V fires a veto="zero" veto */
    ck_assert_double_eq(hi, 100);
    ck_assert_double_eq(cr_result_get_score(res), 100);
    ck_assert_int_eq(cr_checklist_get_item_reviewer(cl, 1), 1);
    ck_assert_int_eq(cr_checklist_get_item_range(cl, 1, &lo, &hi), 1);
    ck_assert_double_eq(lo, 1);
    ck_assert_double_eq(hi, 4);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

static struct cr_verdicts *
verdicts(struct cr_checklist *cl, const char *xml)
{
    struct cr_verdicts *v = NULL;
    struct cr_diag_list *d = NULL;

    ck_assert_int_eq(cr_verdicts_load_memory(cl, xml, strlen(xml), "v.xml",
                                             &v, &d), CR_OK);
    cr_diag_list_free(d);
    return v;
}

static const char rev_v[] =
    "<verdicts " VNS " checklist='r'>\n"
    "<case id='k'>\n"
    "<verdict item='R' result='failed' deduct='2.5' by='张三' at='t'>理由</verdict>\n"
    "<verdict item='V' result='passed' by='张三' at='t'/>\n"
    "<verdict item='M' result='failed' by='李四' at='t'/>\n"
    "</case>\n<case id='other'/>\n</verdicts>";

START_TEST(verdicts_decide_and_override)
{
    struct cr_checklist *cl = load(rev_cl);
    struct cr_verdicts *v = verdicts(cl, rev_v);
    struct cr_result *res;
    const struct cr_item_result *r, *m;

    ck_assert_uint_eq(cr_verdicts_get_count(v), 3);
    ck_assert_uint_eq(cr_verdicts_get_case_count(v), 1);
    ck_assert_int_eq(cr_verdicts_find_case(v, "k"), 0);
    ck_assert_int_eq(cr_verdicts_get_case_line(v, 0), 2);
    res = score_with(cl, v, "<case id='k'><x/></case>");
    r = item(res, "R");
    m = item(res, "M");
    ck_assert_int_eq(cr_item_result_get_state(r), CR_ITEM_FAILED);
    ck_assert_int_eq(cr_item_result_get_machine_state(r), CR_ITEM_PENDING);
    ck_assert_double_eq(cr_item_result_get_deducted(r), 2.5);
    ck_assert_str_eq(cr_item_result_get_verdict_reason(r), "理由");
    /* M passed by the machine, failed by the reviewer: its deduct, once */
    ck_assert_int_eq(cr_item_result_get_machine_state(m), CR_ITEM_PASSED);
    ck_assert_double_eq(cr_item_result_get_deducted(m), 5);
    ck_assert_str_eq(cr_item_result_get_verdict_by(m), "李四");
    ck_assert_double_eq(cr_result_get_score(res), 92.5);
    ck_assert_int_eq(cr_result_is_complete(res), 1);
    cr_result_free(res);
    /* another case: nothing applies */
    res = score_with(cl, v, "<case id='z'/>");
    ck_assert_int_eq(cr_item_result_has_verdict(item(res, "M")), 0);
    ck_assert_uint_eq(cr_result_get_pending_count(res), 2);
    cr_result_free(res);
    ck_assert_ptr_null(cr_verdicts_unref(v));
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(verdicts_of_another_checklist_object_are_refused)
{
    struct cr_checklist *a = load(rev_cl), *b = load(rev_cl);
    struct cr_verdicts *v = verdicts(a, rev_v);
    struct cr_evaluator *ev = NULL;

    ck_assert_int_eq(cr_evaluator_new(b, &ev), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_verdicts(ev, v), CR_ERR_INVALID);
    ck_assert_int_eq(cr_evaluator_set_verdicts(ev, NULL), CR_OK);
    cr_evaluator_free(ev);
    /* the verdicts hold their checklist */
    cr_checklist_unref(a);
    ck_assert_str_eq(cr_verdicts_get_case_id(v, 0), "k");
    cr_verdicts_unref(v);
    cr_checklist_unref(b);
}
END_TEST

static const struct {
    const char *body;
    int code, line;
} bad_verdicts[] = {
    {"<case id='k'>\n<verdict item='NO' result='passed' by='a' at='b'/>"
     "</case>", 2505, 3},
    {"<case id='k'>\n<verdict item='R' result='failed' by='a' at='b'/>"
     "</case>", 2508, 3},
    {"<case id='k'>\n<verdict item='R' result='failed' deduct='4.01' "
     "by='a' at='b'/></case>", 2508, 3},
    {"<case id='k'>\n<verdict item='M' result='failed' deduct='4' by='a' "
     "at='b'/></case>", 2508, 3},
    {"<case id='k'>\n<verdict item='M' result='passed' deduct='5' by='a' "
     "at='b'/></case>", 2508, 3},
    {"<case id='k'>\n<verdict item='M' result='ok' by='a' at='b'/></case>",
     2507, 3},
    {"<case id='k'>\n<verdict item='M' result='passed' by=' ' at='b'/>"
     "</case>", 2509, 3},
    {"<case id='k'>\n<verdict item='M' result='passed' by='a' at='b'/>\n"
     "</case><case id='k'>\n<verdict item='M' result='failed' by='a' "
     "at='b'/></case>", 2506, 5},
    {"<case id='k'>\n<note/></case>", 2503, 3},
};

START_TEST(bad_verdicts_are_reported_at_their_lines)
{
    struct cr_checklist *cl = load(rev_cl);
    char xml[1024];
    struct cr_verdicts *v = NULL;
    struct cr_diag_list *d = NULL;
    size_t i;
    int found = 0;

    snprintf(xml, sizeof(xml), "<verdicts " VNS " checklist='r'>\n%s"
             "</verdicts>", bad_verdicts[_i].body);
    ck_assert_int_eq(cr_verdicts_load_memory(cl, xml, strlen(xml), "v.xml",
                                             &v, &d), CR_ERR_CHECKLIST);
    ck_assert_ptr_null(v);
    for (i = 0; i < cr_diag_list_count(d); i++) {
        const struct cr_diag *g = cr_diag_list_get(d, i);
        found |= cr_diag_get_code(g) == bad_verdicts[_i].code &&
                 cr_diag_get_line(g) == bad_verdicts[_i].line;
    }
    ck_assert_msg(found, "case %d", _i);
    cr_diag_list_free(d);
    /* a checklist id that differs: the root's line */
    snprintf(xml, sizeof(xml), "\n<verdicts " VNS " checklist='q'/>");
    ck_assert_int_eq(cr_verdicts_load_memory(cl, xml, strlen(xml), "v.xml",
                                             &v, &d), CR_ERR_CHECKLIST);
    ck_assert_int_eq(cr_diag_get_code(cr_diag_list_get(d, 0)), 2504);
    ck_assert_int_eq(cr_diag_get_line(cr_diag_list_get(d, 0)), 2);
    cr_diag_list_free(d);
    cr_checklist_unref(cl);
}
END_TEST

/* One set of verdicts, one checklist, several threads with an evaluator
 * each: the same result everywhere. */
struct share {
    struct cr_checklist *cl;
    struct cr_verdicts *v;
    double score;
};

static void *
share_main(void *arg)
{
    struct share *s = arg;
    struct cr_evaluator *ev = NULL;
    int i;

    if (cr_evaluator_new(s->cl, &ev) != CR_OK ||
        cr_evaluator_set_verdicts(ev, s->v) != CR_OK)
        return NULL;
    for (i = 0; i < 200; i++) {
        struct cr_result *res = NULL;
        cr_evaluator_score_memory(ev, "<case id='k'/>", 14, "c", &res);
        s->score = res ? cr_result_get_score(res) : -1;
        cr_result_free(res);
        if (s->score != 92.5)
            break;
    }
    cr_evaluator_free(ev);
    return NULL;
}

START_TEST(verdicts_are_shared_by_threads)
{
    struct cr_checklist *cl = load(rev_cl);
    struct cr_verdicts *v = verdicts(cl, rev_v);
    struct share s[4];
    pthread_t t[4];
    int i;

    for (i = 0; i < 4; i++) {
        s[i] = (struct share){cl, v, 0};
        ck_assert_int_eq(pthread_create(&t[i], NULL, share_main, &s[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert_double_eq(s[i].score, 92.5);
    }
    cr_verdicts_unref(v);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(state_reads_earlier_items)
{
    struct cr_checklist *cl = load(
        "<checklist " NS " id='s' total='100'><category id='a' points='100'>"
        ITEM("A", "deduct='1'")
        "<item id='B' deduct='2'><check context='/case'><assert test="
        "\"cr:state('A') = 'passed'\">A 为 {cr:state('A')}</assert>"
        "</check></item></category></checklist>");
    struct cr_result *res = score(cl, "<case id='k' f-A='1'/>");

    ck_assert_int_eq(cr_item_result_get_state(item(res, "B")),
                     CR_ITEM_FAILED);
    ck_assert_str_eq(cr_finding_get_message(cr_item_result_get_finding(
                         item(res, "B"), 0)), "A 为 failed");
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(explain_names_the_ratio)
{
    struct cr_checklist *cl = load(earn_cl);
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    const char *doc = "<case id='k' na-D1a='1' f-D1b='1'/>";
    long norm;
    size_t k, n;
    int counted = 0, left = 0;

    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    cr_evaluator_set_flags(ev, CR_EVAL_EXPLAIN);
    cr_evaluator_score_memory(ev, doc, strlen(doc), "c", &res);
    norm = category(res, "D1");
    n = cr_result_get_category_explain_count(res, (size_t)norm);
    for (k = 0; k < n; k++) {
        const char *name = cr_result_get_category_explain_name(
            res, (size_t)norm, k);
        const char *val = cr_result_get_category_explain_value(
            res, (size_t)norm, k);
        left += strcmp(name, "D1a") == 0 && strstr(val, "不计入比例");
        counted += strcmp(name, "D1b") == 0 &&
                   strcmp(val, "计入比例：得 0 / 标准分 1.5") == 0;
    }
    ck_assert_int_eq(left, 1);
    ck_assert_int_eq(counted, 1);
    ck_assert_str_eq(cr_result_get_category_explain_name(res, (size_t)norm,
                                                         n - 1), "=");
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
}
END_TEST

Suite *
scheme_suite(void)
{
    Suite *s = suite_create("scheme");
    TCase *tc = tcase_create("scheme");

    tcase_add_loop_test(tc, load_reports_each_misuse_at_its_line, 0,
                        (int)(sizeof(misuse) / sizeof(misuse[0])));
    tcase_add_test(tc, language_says_1_0_or_1_1);
    tcase_add_test(tc, earn_ratio_penalty_and_rounding);
    tcase_add_test(tc, not_applicable_members_leave_the_ratio);
    tcase_add_test(tc, unscored_veto_has_no_score_but_a_bonus);
    tcase_add_test(tc, grade_caps_at_and_below_the_boundary);
    tcase_add_test(tc, pending_items_bound_the_score);
    tcase_add_test(tc, verdicts_decide_and_override);
    tcase_add_test(tc, verdicts_of_another_checklist_object_are_refused);
    tcase_add_loop_test(tc, bad_verdicts_are_reported_at_their_lines, 0,
                        (int)(sizeof(bad_verdicts) / sizeof(bad_verdicts[0])));
    tcase_add_test(tc, verdicts_are_shared_by_threads);
    tcase_add_test(tc, state_reads_earlier_items);
    tcase_add_test(tc, explain_names_the_ratio);
    suite_add_tcase(s, tc);
    return s;
}
