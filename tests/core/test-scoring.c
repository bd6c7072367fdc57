/* test-scoring.c — the seven scoring rules of checklist-v1, each on a tiny
 * checklist and case built in the test. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "casereview.h"

#define CL_HEAD "<checklist xmlns='urn:casereview:checklist:1' id='t' version='1' total='100'>"
#define GRADES "<grades><grade id='a' label='优秀' min='90'/><grade id='b' label='合格' min='60'/><grade id='c' label='不合格' min='0'/></grades>"

static struct cr_checklist *
load(const char *xml)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *d = NULL;
    enum cr_status st = cr_checklist_load_memory(xml, strlen(xml), "t.xml",
                                                 ".", NULL, &cl, &d);
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
score(struct cr_checklist *cl, const char *doc)
{
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;

    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    cr_evaluator_score_memory(ev, doc, strlen(doc), "case.xml", &res);
    ck_assert_ptr_nonnull(res);
    cr_evaluator_free(ev);
    return res;
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

static const char three_docs[] =
    "<case id='C1'>\n<d n='1'/>\n<d n='0'/>\n<d n='0'/>\n<d n='0'/>\n</case>";

START_TEST(per_item_deducts_once)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='I' deduct='5'>"
        "<check context='/case/d'><assert test='@n=1'>bad {@n}</assert></check>"
        "</item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);
    const struct cr_item_result *it = item(res, "I");

    ck_assert_int_eq(cr_item_result_get_state(it), CR_ITEM_FAILED);
    ck_assert_double_eq(cr_item_result_get_deducted(it), 5);
    ck_assert_uint_eq(cr_item_result_get_finding_count(it), 3);
    ck_assert_double_eq(cr_result_get_score(res), 95);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(per_node_deducts_each_capped_at_max)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'>"
        "<item id='A' deduct='2' per='node'><check context='/case/d'><assert test='@n=1'/></check></item>"
        "<item id='B' deduct='2' per='node' max='5'><check context='/case/d'><assert test='@n=1'/></check></item>"
        "</category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "A")), 6);
    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "B")), 5);
    ck_assert_double_eq(cr_result_get_score(res), 89);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(per_node_default_max_is_category_points)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='4'><item id='A' deduct='3' per='node'>"
        "<check context='/case/d'><assert test='@n=1'/></check></item></category>"
        "<category id='y' points='96'><item id='B' deduct='1'><check context='/case'><assert test='true()'/></check></item></category>"
        "</checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "A")), 4);
    ck_assert_double_eq(cr_result_get_category_deducted(res, 0), 4);
    ck_assert_double_eq(cr_result_get_score(res), 96);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(node_failing_two_checks_counts_once)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='1' per='node'>"
        "<check context='/case/d'><assert test='@n=1'/></check>"
        "<check context='/case/d[@n=0]'><assert test='false()'/></check>"
        "<check context='/case'><assert test='false()'/></check>"
        "</item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    /* three d[@n=0] nodes (twice each) + /case */
    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "A")), 4);
    ck_assert_uint_eq(cr_item_result_get_finding_count(item(res, "A")), 7);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(category_caps_deductions)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='10'>"
        "<item id='A' deduct='8'><check context='/case'><assert test='false()'/></check></item>"
        "<item id='B' deduct='8'><check context='/case'><report test='true()'/></check></item>"
        "</category><category id='y' points='90'>"
        "<item id='C' deduct='0.5'><check context='/case'><assert test='false()'/></check></item>"
        "</category></checklist>");
    struct cr_result *res = score(cl, three_docs);
    char *json = NULL;

    ck_assert_double_eq(cr_result_get_category_deducted(res, 0), 10);
    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "B")), 8);
    ck_assert_double_eq(cr_result_get_score(res), 89.5);
    ck_assert_int_eq(cr_result_to_json(res, 0, &json), CR_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"score\": 89.5,"));
    ck_assert_ptr_nonnull(strstr(json, "\"points\": 10, \"deducted\": 10}"));
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(veto_forces_lowest_grade_keeps_score)
{
    struct cr_checklist *cl = load(CL_HEAD GRADES
        "<category id='x' points='100'>"
        "<item id='V' deduct='1' veto='true'><check context='/case'><assert test='false()'/></check></item>"
        "<item id='W' deduct='1' veto='true'><check context='/case'><assert test='true()'/></check></item>"
        "</category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_double_eq(cr_result_get_score(res), 99);
    ck_assert_int_eq(cr_result_is_vetoed(res), 1);
    ck_assert_uint_eq(cr_result_get_veto_count(res), 1);
    ck_assert_str_eq(cr_result_get_veto(res, 0), "V");
    ck_assert_str_eq(cr_result_get_grade_id(res), "c");
    ck_assert_str_eq(cr_result_get_grade_label(res), "不合格");
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(grade_is_first_with_min_not_above_score)
{
    struct cr_checklist *cl = load(CL_HEAD GRADES
        "<category id='x' points='100'>"
        "<item id='A' deduct='10'><check context='/case'><assert test='false()'/></check></item>"
        "<item id='B' deduct='30.5'><check context='/case/d[1]'><assert test='@n=0'/></check></item>"
        "</category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_double_eq(cr_result_get_score(res), 59.5);
    ck_assert_str_eq(cr_result_get_grade_id(res), "c");
    cr_result_free(res);
    res = score(cl, "<case><d n='0'/></case>");
    ck_assert_double_eq(cr_result_get_score(res), 90);
    ck_assert_str_eq(cr_result_get_grade_id(res), "a");
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(no_grades_gives_null_grade)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='1'><check context='/case'><assert test='true()'/></check></item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);
    char *json = NULL;

    ck_assert_ptr_null(cr_result_get_grade_id(res));
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "\"grade\": null"));
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(not_applicable_is_never_deducted)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='7'>"
        "<applies-if test='/case/d[@n=5]'/>"
        "<check context='/case'><assert test='false()'/></check></item>"
        "<item id='B' deduct='7'><applies-if test='/case/d'/><applies-if test='count(/case/d) = 4'/>"
        "<check context='/case'><assert test='false()'/></check></item>"
        "</category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_int_eq(cr_item_result_get_state(item(res, "A")),
                     CR_ITEM_NOT_APPLICABLE);
    ck_assert_double_eq(cr_item_result_get_deducted(item(res, "A")), 0);
    ck_assert_int_eq(cr_item_result_get_state(item(res, "B")), CR_ITEM_FAILED);
    ck_assert_double_eq(cr_result_get_score(res), 93);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(runtime_error_makes_item_error_not_deducted)
{
    /* sum() of a string is a type error in libxml2; a workday count
     * outside the calendar is the function's own error */
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'>"
        "<item id='E' deduct='9'><check context='/case'><assert test=\"sum('a') &gt; 1\"/></check></item>"
        "<item id='F' deduct='1'><check context='/case'><assert test='false()'/></check></item>"
        "</category></checklist>");
    struct cr_result *res = score(cl, three_docs);
    const struct cr_item_result *e = item(res, "E");
    char *json = NULL;

    ck_assert_int_eq(cr_item_result_get_state(e), CR_ITEM_ERROR);
    ck_assert_double_eq(cr_item_result_get_deducted(e), 0);
    ck_assert_ptr_nonnull(cr_item_result_get_error(e));
    ck_assert_int_eq(cr_result_is_complete(res), 0);
    ck_assert_double_eq(cr_result_get_score(res), 99);
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "\"complete\": false"));
    ck_assert_ptr_nonnull(strstr(json, "\"state\": \"error\""));
    ck_assert_ptr_nonnull(strstr(json, "\"error\": \""));
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(findings_have_location_line_and_message)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<let name='g' value='count(/case/d)'/>"
        "<category id='x' points='100'><item id='A' deduct='1'>"
        "<check context='/case/d[@n=0]'><let name='k' value='position()'/>"
        "<assert test='@n=1'>{{d}} {@n}/{$g} {concat(\"}\", 1)}</assert></check>"
        "</item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);
    const struct cr_item_result *it = item(res, "A");
    const struct cr_finding *f = cr_item_result_get_finding(it, 1);

    ck_assert_str_eq(cr_finding_get_message(f), "{d} 0/4 }1");
    ck_assert_str_eq(cr_finding_get_location(f), "/case/d[3]");
    ck_assert_int_eq(cr_finding_get_line(f), 4);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(report_fails_when_true_and_case_id)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<case-id value='concat(\"X-\", /case/@id)'/>"
        "<category id='x' points='100'><item id='A' deduct='1'>"
        "<check context='/case'><report test='d[@n=1]'>has one</report></check>"
        "</item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_int_eq(cr_item_result_get_state(item(res, "A")), CR_ITEM_FAILED);
    ck_assert_str_eq(cr_result_get_case_id(res), "X-C1");
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(score_never_below_zero)
{
    struct cr_checklist *cl = load(
        "<checklist xmlns='urn:casereview:checklist:1' id='t' total='10'>"
        "<category id='x' points='10'><item id='A' deduct='50'>"
        "<check context='/case'><assert test='false()'/></check></item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    ck_assert_double_eq(cr_result_get_score(res), 0);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(malformed_case_is_error_result_with_line)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='1'><check context='/case'><assert test='true()'/></check></item></category></checklist>");
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    const char bad[] = "<case>\n<a>\n</case>";
    char *json = NULL;

    cr_evaluator_new(cl, &ev);
    ck_assert_int_eq(cr_evaluator_score_memory(ev, bad, strlen(bad), "b.xml", &res),
                     CR_ERR_CASE);
    ck_assert_int_eq(cr_result_is_error(res), 1);
    ck_assert_int_eq(cr_result_get_error_line(res), 3);
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "{\"format\": \"casereview-result/1\", \"case\": {\"id\": null, \"source\": \"b.xml\"}, \"error\": {\"message\": \""));
    cr_free(json);
    cr_result_free(res);
    /* the evaluator goes on scoring after a bad case */
    ck_assert_int_eq(cr_evaluator_score_memory(ev, three_docs, strlen(three_docs), "g.xml", &res), CR_OK);
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(source_names_are_valid_utf8_in_json)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='1'><check context='/case'><assert test='true()'/></check></item></category></checklist>");
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    char *json = NULL;

    /* a GBK name (\xB0\xB8, a continuation byte as lead, which
     * libxml2's own UTF-8 check lets pass), a Latin-1 byte, a surrogate,
     * an overlong '/', then valid Chinese: each bad byte is U+FFFD, the
     * rest kept; the API still gives the name as it was passed */
    const char *name = "d/\xB0\xB8-caf\xE9-\xED\xA0\x80-\xC0\xAF-\xE6\xA1\x88.xml";
    cr_evaluator_new(cl, &ev);
    ck_assert_int_eq(cr_evaluator_score_memory(ev, three_docs, strlen(three_docs),
                                               name, &res), CR_OK);
    ck_assert_str_eq(cr_result_get_source(res), name);
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json,
        "\"source\": \"d/\xEF\xBF\xBD\xEF\xBF\xBD-caf\xEF\xBF\xBD-"
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD-\xEF\xBF\xBD\xEF\xBF\xBD-"
        "\xE6\xA1\x88.xml\"}"));
    cr_free(json);
    cr_result_free(res);
    /* an error result too; its report names no line 0 */
    ck_assert_int_eq(cr_result_new_error("x\xFF.xml", "unreadable", 0, &res),
                     CR_OK);
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "\"source\": \"x\xEF\xBF\xBD.xml\"}"));
    cr_free(json);
    cr_result_to_text(res, &json);
    ck_assert_ptr_null(strstr(json, "第0行"));
    ck_assert_ptr_nonnull(strstr(json, "无法评查：unreadable\n"));
    cr_free(json);
    cr_result_free(res);
    /* so is a caller's message: its bad bytes become U+FFFD */
    ck_assert_int_eq(cr_result_new_error("x.xml", "bad \xFF\xFE end", 0,
                                         &res), CR_OK);
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "\"message\": \"bad "
                                       "\xEF\xBF\xBD\xEF\xBF\xBD end\""));
    cr_free(json);
    cr_result_free(res);
    /* U+FFFF is valid UTF-8 (a noncharacter, not an error): kept, as the
     * command line's summary and Python's decode keep it */
    ck_assert_int_eq(cr_result_new_error("x\xEF\xBF\xBF.xml", "unreadable",
                                         0, &res), CR_OK);
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "\"source\": \"x\xEF\xBF\xBF.xml\"}"));
    cr_free(json);
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
}
END_TEST

/* An error result made by a program that read the case itself: its
 * kind and detail beside the message, as the engine's own have them. */
START_TEST(error_result_with_kind_and_detail)
{
    struct cr_result *res = NULL;
    char *json = NULL;

    ck_assert_int_eq(cr_result_new_error_kind("a.zip!b.xml",
                                              "\xE6\x96\x87\xE4\xBB\xB6",
                                              "too-large", "big \xFF", &res),
                     CR_OK);
    ck_assert(cr_result_is_error(res));
    ck_assert_str_eq(cr_result_get_error_kind(res), "too-large");
    ck_assert_str_eq(cr_result_get_error_detail(res), "big \xEF\xBF\xBD");
    ck_assert_ptr_null(cr_result_get_error_limit(res));
    cr_result_to_json(res, 0, &json);
    ck_assert_str_eq(json, "{\"format\": \"casereview-result/1\", \"case\": "
                     "{\"id\": null, \"source\": \"a.zip!b.xml\"}, "
                     "\"error\": {\"message\": \"\xE6\x96\x87\xE4\xBB\xB6\", "
                     "\"line\": 0, \"kind\": \"too-large\", "
                     "\"detail\": \"big \xEF\xBF\xBD\"}}");
    cr_free(json);
    cr_result_free(res);
    /* no kind, no detail: cr_result_new_error's JSON */
    ck_assert_int_eq(cr_result_new_error_kind("x.xml", "m", NULL, "", &res),
                     CR_OK);
    ck_assert_ptr_null(cr_result_get_error_kind(res));
    ck_assert_ptr_null(cr_result_get_error_detail(res));
    cr_result_to_json(res, 0, &json);
    ck_assert_ptr_nonnull(strstr(json, "{\"message\": \"m\", \"line\": 0}}"));
    cr_free(json);
    cr_result_free(res);
    ck_assert_int_eq(cr_result_new_error_kind("x", "m", "k", "d", NULL),
                     CR_ERR_INVALID);
}
END_TEST

START_TEST(params_overridable_at_load_and_per_evaluator)
{
    const char *xml = CL_HEAD "<param name='min' default='1'/>"
        "<category id='x' points='100'><item id='A' deduct='1'><check context='/case'>"
        "<assert test='count(d) &gt;= number($min)'/></check></item></category></checklist>";
    struct cr_load_options *o = NULL;
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;

    cr_load_options_new(&o);
    cr_load_options_set_param(o, "min", "9");
    ck_assert_int_eq(cr_checklist_load_memory(xml, strlen(xml), "t.xml", ".", o, &cl, NULL), CR_OK);
    cr_evaluator_new(cl, &ev);
    cr_evaluator_score_memory(ev, three_docs, strlen(three_docs), "c", &res);
    ck_assert_int_eq(cr_item_result_get_state(item(res, "A")), CR_ITEM_FAILED);
    cr_result_free(res);
    ck_assert_int_eq(cr_evaluator_set_param(ev, "min", "2"), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_param(ev, "nope", "2"), CR_ERR_INVALID);
    /* values go to PCRE2 unchecked and into messages: UTF-8 only */
    ck_assert_int_eq(cr_evaluator_set_param(ev, "min", "\xFD"), CR_ERR_INVALID);
    ck_assert_int_eq(cr_load_options_set_param(o, "min", "\xE6\xB3"),
                     CR_ERR_INVALID);
    cr_evaluator_score_memory(ev, three_docs, strlen(three_docs), "c", &res);
    ck_assert_int_eq(cr_item_result_get_state(item(res, "A")), CR_ITEM_PASSED);
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    /* an unknown param is a load error */
    cr_load_options_set_param(o, "other", "1");
    ck_assert_int_eq(cr_checklist_load_memory(xml, strlen(xml), "t.xml", ".", o, &cl, NULL), CR_ERR_CHECKLIST);
    ck_assert_ptr_null(cl);
    cr_load_options_free(o);
}
END_TEST

START_TEST(api_failures_leave_out_null)
{
    struct cr_checklist *cl = (struct cr_checklist *)1;
    struct cr_evaluator *ev = (struct cr_evaluator *)1;

    ck_assert_int_eq(cr_checklist_load(NULL, NULL, &cl, NULL), CR_ERR_INVALID);
    ck_assert_ptr_null(cl);
    cl = (struct cr_checklist *)1;
    ck_assert_int_eq(cr_checklist_load_memory(NULL, 5, "t", ".", NULL, &cl,
                                              NULL), CR_ERR_INVALID);
    ck_assert_ptr_null(cl);
    ck_assert_int_eq(cr_evaluator_new(NULL, &ev), CR_ERR_INVALID);
    ck_assert_ptr_null(ev);
}
END_TEST

START_TEST(score_doc_without_root_is_an_error_result)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='1'><check context='/case'><assert test='d'>m</assert></check></item></category></checklist>");
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");

    cr_evaluator_new(cl, &ev);
    ck_assert_int_eq(cr_evaluator_score_doc(ev, doc, "empty.xml", &res),
                     CR_ERR_CASE);
    ck_assert(cr_result_is_error(res));
    ck_assert_str_eq(cr_result_get_error_message(res),
                     "文档中没有根元素，没有可评查的内容");
    ck_assert_str_eq(cr_result_get_error_kind(res), "no-root");
    cr_result_free(res);
    xmlFreeDoc(doc);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(explain_names_are_json_strings)
{
    /* a param named as a prefix of a let ($p, $pqrs) at the very end of
     * an applies-if (the name test once read past it), an applies-if and a
     * message expression holding quotes, and an expression longer than
     * any fixed buffer made of 3-byte characters */
    char xml[8192], big[2000];
    struct cr_checklist *cl;
    struct cr_result *res;
    char *json = NULL;
    size_t i;

    for (i = 0; i + 3 < 1800; i += 3)
        memcpy(big + i, "\xE5\x85\x83", 3);
    big[i] = '\0';
    snprintf(xml, sizeof(xml), CL_HEAD
        "<param name='p' default='y'/><let name='pqrs' value='1'/>"
        "<category id='x' points='100'><item id='A' deduct='1'>"
        "<check context='/case'>"
        "<assert test='false()'>{concat(\"q\", &apos;\"&apos;)}"
        "{string-length(\"%s\")}</assert></check></item>"
        "<item id='B' deduct='1'><applies-if test='\"x\" = $p'/>"
        "<check context='/case'><assert test='false()'/></check></item>"
        "</category></checklist>", big);
    cl = load(xml);
    {
        struct cr_evaluator *ev = NULL;
        cr_evaluator_new(cl, &ev);
        cr_evaluator_set_flags(ev, CR_EVAL_EXPLAIN);
        cr_evaluator_score_memory(ev, three_docs, strlen(three_docs), "c",
                                  &res);
        cr_evaluator_free(ev);
    }
    ck_assert_int_eq(cr_result_to_json(res, CR_JSON_EXPLAIN, &json), CR_OK);
    ck_assert_ptr_nonnull(strstr(json,
        "\"{concat(\\\"q\\\", '\\\"')}\": \"q\\\"\""));
    ck_assert_ptr_nonnull(strstr(json, "\"\\\"x\\\" = $p\": \"false\""));
    ck_assert_ptr_nonnull(strstr(json, "\"$p\": \"\\\"y\\\"\""));
    ck_assert_ptr_nonnull(strstr(json, big));        /* whole, not cut */
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(result_outlives_checklist_handle)
{
    struct cr_checklist *cl = load(CL_HEAD
        "<category id='x' points='100'><item id='A' deduct='1'><check context='/case'><assert test='false()'>m</assert></check></item></category></checklist>");
    struct cr_result *res = score(cl, three_docs);

    cl = cr_checklist_unref(cl);
    ck_assert_ptr_null(cl);
    ck_assert_str_eq(cr_item_result_get_title(item(res, "A")), "A");
    cr_result_free(res);
}
END_TEST

/* The shipped checklist, with its data documents and calendar, scores the
 * clean example 100 (and, under valgrind, frees everything it loaded). */
START_TEST(shipped_checklist_scores_clean_example)
{
    const char *src = getenv("CR_SOURCE_DIR") ? getenv("CR_SOURCE_DIR")
                                              : CR_SOURCE_DIR_DEFAULT;
    char cl_path[4096], case_path[4096];
    struct cr_checklist *cl = NULL;
    struct cr_result *res;

    ck_assert_ptr_nonnull(src);
    snprintf(cl_path, sizeof(cl_path), "%s/rules/penalty-general.xml", src);
    snprintf(case_path, sizeof(case_path), "%s/examples/cases/clean-general.xml",
             src);
    ck_assert_int_eq(cr_checklist_load(cl_path, NULL, &cl, NULL), CR_OK);
    {
        struct cr_evaluator *ev = NULL;
        ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
        ck_assert_int_eq(cr_evaluator_score_file(ev, case_path, &res), CR_OK);
        cr_evaluator_free(ev);
    }
    ck_assert_double_eq(cr_result_get_score(res), 100);
    ck_assert_int_eq(cr_result_is_complete(res), 1);
    ck_assert_uint_ge(cr_result_get_item_count(res), 40);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

/* libxml2 2.9.14 leaves its XPath recursion counter one higher after
 * every failed xmlXPathCompiledEvalToBoolean(); an evaluator reused over
 * a batch once made every libxml2 evaluation fail with "recursion limit
 * exceeded" after ~5000 failing tests (found by fuzz/fuzz-xpath). */
START_TEST(failing_tests_do_not_poison_the_evaluator)
{
    static const char cl_xml[] = CL_HEAD
        "<category id='c' title='c' points='100'>"
        /* a run-time error every case: a type error, found only when
         * evaluated (an error inside a function call does not leak) */
        "<item id='E' title='e' deduct='1'><check context='/case'>"
        "<assert test='count(string(@p)) = 1'>m</assert>"
        "</check></item>"
        /* '//' leaves it to libxml2 */
        "<item id='OK' title='ok' deduct='1'><check context='/case'>"
        "<assert test='count(//d) = 1'>m</assert></check></item>"
        "</category></checklist>";
    static const char doc[] = "<case id='C' p='['><d/></case>";
    struct cr_checklist *cl = load(cl_xml);
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    int i;

    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    for (i = 0; i < 6000; i++) {
        res = NULL;
        cr_evaluator_score_memory(ev, doc, strlen(doc), "case.xml", &res);
        ck_assert_ptr_nonnull(res);
        ck_assert_int_eq(cr_item_result_get_state(item(res, "E")),
                         CR_ITEM_ERROR);
        ck_assert_msg(cr_item_result_get_state(item(res, "OK"))
                      == CR_ITEM_PASSED, "case %d: OK is no longer passed", i);
        cr_result_free(res);
    }
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
}
END_TEST

Suite *
scoring_suite(void)
{
    Suite *s = suite_create("scoring");
    TCase *tc = tcase_create("rules");

    tcase_add_test(tc, per_item_deducts_once);
    tcase_add_test(tc, per_node_deducts_each_capped_at_max);
    tcase_add_test(tc, per_node_default_max_is_category_points);
    tcase_add_test(tc, node_failing_two_checks_counts_once);
    tcase_add_test(tc, category_caps_deductions);
    tcase_add_test(tc, veto_forces_lowest_grade_keeps_score);
    tcase_add_test(tc, grade_is_first_with_min_not_above_score);
    tcase_add_test(tc, no_grades_gives_null_grade);
    tcase_add_test(tc, not_applicable_is_never_deducted);
    tcase_add_test(tc, runtime_error_makes_item_error_not_deducted);
    tcase_add_test(tc, findings_have_location_line_and_message);
    tcase_add_test(tc, report_fails_when_true_and_case_id);
    tcase_add_test(tc, score_never_below_zero);
    tcase_add_test(tc, malformed_case_is_error_result_with_line);
    tcase_add_test(tc, source_names_are_valid_utf8_in_json);
    tcase_add_test(tc, error_result_with_kind_and_detail);
    tcase_add_test(tc, params_overridable_at_load_and_per_evaluator);
    tcase_add_test(tc, result_outlives_checklist_handle);
    tcase_add_test(tc, api_failures_leave_out_null);
    tcase_add_test(tc, score_doc_without_root_is_an_error_result);
    tcase_add_test(tc, explain_names_are_json_strings);
    tcase_add_test(tc, shipped_checklist_scores_clean_example);
    tcase_add_test(tc, failing_tests_do_not_poison_the_evaluator);
    suite_add_tcase(s, tc);
    return s;
}
