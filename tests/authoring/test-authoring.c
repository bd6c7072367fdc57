/* test-authoring.c — what `casereview test`, `diff` and `score --explain`
 * rely on in the library: explain records, the canonical item logic, and
 * scoring a document built from a copied element (inline test cases). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "casereview.h"

static char *
data_path(const char *name)
{
    const char *src = getenv("CR_SOURCE_DIR");
    static char path[4][4096];
    static int next;
    char *p = path[next++ % 4];

    snprintf(p, sizeof(path[0]), "%s/tests/authoring/data/%s",
             src ? src : ".", name);
    return p;
}

static struct cr_checklist *
load(const char *name)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;

    ck_assert_int_eq(cr_checklist_load(data_path(name), NULL, &cl, &diags),
                     CR_OK);
    cr_diag_list_free(diags);
    return cl;
}

static struct cr_result *
score(struct cr_checklist *cl, unsigned int flags, const char *case_name)
{
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;

    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_flags(ev, flags), CR_OK);
    ck_assert_int_eq(cr_evaluator_score_file(ev, data_path(case_name), &res),
                     CR_OK);
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

/* The value recorded for NAME in finding F, or NULL. */
static const char *
finding_value(const struct cr_finding *f, const char *name)
{
    size_t i;

    for (i = 0; i < cr_finding_get_explain_count(f); i++)
        if (strcmp(cr_finding_get_explain_name(f, i), name) == 0)
            return cr_finding_get_explain_value(f, i);
    return NULL;
}

START_TEST(explain_shows_the_lets_behind_a_failure)
{
    struct cr_checklist *cl = load("demo.xml");
    struct cr_result *res = score(cl, CR_EVAL_EXPLAIN,
                                  "cases/d-two-single.xml");
    const struct cr_item_result *s1 = item(res, "S1");
    const struct cr_finding *f;

    ck_assert_int_eq(cr_item_result_get_state(s1), CR_ITEM_FAILED);
    ck_assert_uint_eq(cr_item_result_get_finding_count(s1), 2);
    f = cr_item_result_get_finding(s1, 1);
    /* $n is the let that made the assert false; the message's {exprs} */
    ck_assert_str_eq(finding_value(f, "$n"), "1");
    ck_assert_str_eq(finding_value(f, "{@title}"), "询问笔录");
    ck_assert_str_eq(finding_value(f, "{@date}"), "2024-03-22");
    ck_assert_str_eq(finding_value(f, "{$n}"), "1");
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(explain_shows_the_applies_if_of_a_skipped_item)
{
    struct cr_checklist *cl = load("demo.xml");
    struct cr_result *res = score(cl, CR_EVAL_EXPLAIN, "cases/b-clean.xml");
    const struct cr_item_result *p1 = item(res, "P1");
    char *json = NULL;

    ck_assert_int_eq(cr_item_result_get_state(p1), CR_ITEM_NOT_APPLICABLE);
    /* the test and its value, then the lets it names */
    ck_assert_uint_eq(cr_item_result_get_explain_count(p1), 3);
    ck_assert_str_eq(cr_item_result_get_explain_name(p1, 1), "$review-fine");
    ck_assert_str_eq(cr_item_result_get_explain_name(p1, 2), "$decision");
    ck_assert_ptr_nonnull(strstr(cr_item_result_get_explain_name(p1, 0),
                                 "$decision/penalty"));
    ck_assert_str_eq(cr_item_result_get_explain_value(p1, 0), "false");
    /* a passing item explains nothing */
    ck_assert_uint_eq(cr_item_result_get_explain_count(item(res, "S1")), 0);
    ck_assert_int_eq(cr_result_to_json(res, CR_JSON_EXPLAIN, &json), CR_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"explain\": {\"$decision/penalty"));
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(explain_is_off_by_default)
{
    struct cr_checklist *cl = load("demo.xml");
    struct cr_result *res = score(cl, CR_EVAL_DEFAULT,
                                  "cases/d-two-single.xml");
    const struct cr_item_result *s1 = item(res, "S1");
    char *json = NULL;

    ck_assert_uint_eq(cr_finding_get_explain_count(
                          cr_item_result_get_finding(s1, 0)), 0);
    ck_assert_uint_eq(cr_item_result_get_explain_count(item(res, "P1")), 0);
    ck_assert_int_eq(cr_result_to_json(res, CR_JSON_EXPLAIN, &json), CR_OK);
    ck_assert_ptr_null(strstr(json, "\"explain\""));
    cr_free(json);
    cr_result_free(res);
    cr_checklist_unref(cl);
}
END_TEST

/* diff compares points field by field and the logic as text: points
 * must not leak into the logic, and a changed message must show. */
START_TEST(item_logic_ignores_points)
{
    struct cr_checklist *a = load("demo.xml");
    struct cr_checklist *b = load("demo-s1-points.xml");
    size_t i;

    ck_assert_uint_eq(cr_checklist_get_item_count(a),
                      cr_checklist_get_item_count(b));
    for (i = 0; i < cr_checklist_get_item_count(a); i++)
        ck_assert_str_eq(cr_checklist_get_item_logic(a, i),
                         cr_checklist_get_item_logic(b, i));
    ck_assert(cr_checklist_get_item_deduct(a, 0) !=
              cr_checklist_get_item_deduct(b, 0));
    cr_checklist_unref(a);
    cr_checklist_unref(b);
}
END_TEST

static char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(*len + 1);
    ck_assert_uint_eq(fread(buf, 1, *len, f), *len);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

START_TEST(item_logic_follows_the_message)
{
    struct cr_checklist *a = load("demo.xml"), *b = NULL;
    struct cr_diag_list *diags = NULL;
    size_t len;
    char *text = read_all(data_path("demo.xml"), &len);
    char *at = strstr(text, "仅有{$n}名");

    ck_assert_ptr_nonnull(at);
    memcpy(at, "只有", strlen("只有")); /* same length in UTF-8 */
    ck_assert_int_eq(cr_checklist_load_memory(text, len, "changed.xml",
                                              getenv("CR_SOURCE_DIR"), NULL,
                                              &b, &diags),
                     CR_OK);
    ck_assert_str_ne(cr_checklist_get_item_logic(a, 0),
                     cr_checklist_get_item_logic(b, 0));
    ck_assert_ptr_nonnull(strstr(cr_checklist_get_item_logic(b, 0),
                                 "只有{$n}名"));
    ck_assert_str_eq(cr_checklist_get_item_logic(a, 1),
                     cr_checklist_get_item_logic(b, 1));
    ck_assert_str_eq(cr_checklist_get_item_logic(a, 2),
                     cr_checklist_get_item_logic(b, 2));
    free(text);
    cr_diag_list_free(diags);
    cr_checklist_unref(a);
    cr_checklist_unref(b);
}
END_TEST

/* `casereview test` scores inline cases as a fresh document whose root
 * is a copy of the element: findings must keep the source lines. */
START_TEST(score_doc_of_a_copied_element_keeps_lines)
{
    struct cr_checklist *cl = load("demo.xml");
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    xmlDocPtr src = xmlReadFile(data_path("cases/d-two-single.xml"), NULL,
                                XML_PARSE_NONET);
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    const struct cr_item_result *s1;

    ck_assert_ptr_nonnull(src);
    xmlDocSetRootElement(doc, xmlDocCopyNode(xmlDocGetRootElement(src), doc,
                                             1));
    xmlFreeDoc(src);
    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    ck_assert_int_eq(cr_evaluator_score_doc(ev, doc, "copy", &res), CR_OK);
    s1 = item(res, "S1");
    ck_assert_uint_eq(cr_item_result_get_finding_count(s1), 2);
    ck_assert_int_eq(cr_finding_get_line(cr_item_result_get_finding(s1, 0)),
                     5);
    ck_assert_str_eq(cr_finding_get_location(cr_item_result_get_finding(s1, 1)),
                     "/case/documents/document[2]");
    ck_assert(cr_result_get_score(res) == 80);
    ck_assert_str_eq(cr_result_get_source(res), "copy");
    cr_result_free(res);
    cr_evaluator_free(ev);
    xmlFreeDoc(doc);
    cr_checklist_unref(cl);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("authoring");
    TCase *tc = tcase_create("library");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, explain_shows_the_lets_behind_a_failure);
    tcase_add_test(tc, explain_shows_the_applies_if_of_a_skipped_item);
    tcase_add_test(tc, explain_is_off_by_default);
    tcase_add_test(tc, item_logic_ignores_points);
    tcase_add_test(tc, item_logic_follows_the_message);
    tcase_add_test(tc, score_doc_of_a_copied_element_keeps_lines);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
