/* test-budget.c — what one case may cost and what its result may hold
 * (libcasereview/budget.c, tree-meter.c, result-bounds.c, strindex.c,
 * fastpath-index.c): the pieces, and that every count depends on the
 * case alone, never on the cases an evaluator scored before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>

#include "casereview.h"
#include "libcasereview/alloc.h"
#include "libcasereview/arena.h"
#include "libcasereview/budget.h"
#include "libcasereview/result.h"
#include "libcasereview/strindex.h"
#include "libcasereview/tree-meter.h"
#include "libcasereview/xml-build.h"
#include "libcasereview/xml-safe.h"

/* ---- strindex ---- */

START_TEST(strindex_finds_every_position_in_order)
{
    const xmlChar *vals[] = {BAD_CAST "a", BAD_CAST "b", NULL, BAD_CAST "a",
                             BAD_CAST "c", BAD_CAST "a"};
    struct crp_strindex ix;
    void *mem = malloc(crp_strindex_bytes(6));

    crp_strindex_init(&ix, vals, 6, mem);
    ck_assert_int_eq(crp_strindex_find(&ix, BAD_CAST "a"), 0);
    ck_assert_int_eq(crp_strindex_next(&ix, 0), 3);
    ck_assert_int_eq(crp_strindex_next(&ix, 3), 5);
    ck_assert_int_eq(crp_strindex_next(&ix, 5), -1);
    ck_assert_int_eq(crp_strindex_find(&ix, BAD_CAST "c"), 4);
    ck_assert_int_eq(crp_strindex_find(&ix, BAD_CAST ""), -1);
    ck_assert_int_eq(crp_strindex_find(&ix, BAD_CAST "z"), -1);
    free(mem);
}
END_TEST

START_TEST(strindex_many_values)
{
    enum { N = 5000 };
    static char buf[N][16];
    const xmlChar *vals[N];
    struct crp_strindex ix;
    void *mem = malloc(crp_strindex_bytes(N));
    int i, p, seen;

    for (i = 0; i < N; i++) {
        snprintf(buf[i], sizeof(buf[i]), "k%d", i % 1000);
        vals[i] = BAD_CAST buf[i];
    }
    crp_strindex_init(&ix, vals, N, mem);
    for (i = 0; i < 1000; i++) {
        seen = 0;
        for (p = crp_strindex_find(&ix, vals[i]); p >= 0;
             p = crp_strindex_next(&ix, p)) {
            ck_assert_int_eq(p, i + 1000 * seen);
            seen++;
        }
        ck_assert_int_eq(seen, 5);
    }
    free(mem);
}
END_TEST

/* ---- result bounds ---- */

static char *
cut(const char *s, unsigned int max)
{
    return crp_message_cut(crp_strdup(s), max);
}

START_TEST(messages_are_cut_on_a_character)
{
    char *m;

    m = cut("abcdef", 3);
    ck_assert_str_eq(m, "abc\xE2\x80\xA6");
    crp_free(m);
    m = cut("abc", 3);
    ck_assert_str_eq(m, "abc");
    crp_free(m);
    m = cut("十二个汉字", 2);
    ck_assert_str_eq(m, "十二\xE2\x80\xA6");
    crp_free(m);
    m = cut("\xF0\xA0\x80\x80\xF0\xA0\x80\x81", 1);
    ck_assert_str_eq(m, "\xF0\xA0\x80\x80\xE2\x80\xA6");
    crp_free(m);
    m = cut("", 1);
    ck_assert_str_eq(m, "");
    crp_free(m);
    ck_assert_ptr_null(crp_message_cut(NULL, 3));
}
END_TEST

START_TEST(findings_past_the_cap_are_counted)
{
    struct cr_item_result it;

    memset(&it, 0, sizeof(it));
    it.nfindings = 2;
    ck_assert_int_eq(crp_finding_omit(&it, 3), 0);
    it.nfindings = 3;
    ck_assert_int_eq(crp_finding_omit(&it, 3), 1);
    ck_assert_int_eq(crp_finding_omit(&it, 3), 1);
    ck_assert_uint_eq(it.findings_omitted, 2);
    ck_assert_uint_eq(cr_item_result_get_findings_omitted(&it), 2);
    ck_assert_uint_eq(cr_item_result_get_findings_omitted(NULL), 0);
}
END_TEST

/* ---- arena: room taken, whatever the arena held before ---- */

/* Takes SIZES until one is refused; returns how many were taken. */
static int
take_until_full(struct crp_arena *ar, const size_t *sizes, int n)
{
    int i;

    for (i = 0; i < n; i++)
        if (crp_arena_take(ar, sizes[i]) == NULL)
            break;
    return i;
}

START_TEST(arena_limit_ignores_what_came_before)
{
    size_t sizes[400];
    struct crp_arena fresh = CRP_ARENA_INIT(4096, 100000, SIZE_MAX);
    struct crp_arena used = CRP_ARENA_INIT(4096, 100000, SIZE_MAX);
    int i, a, b;

    for (i = 0; i < 400; i++)
        sizes[i] = (size_t)(i * 37 % 1000) + 1 + (i % 50 == 7 ? 5000 : 0);
    /* a big case first: the arena keeps chunks for the next */
    for (i = 0; i < 50; i++)
        ck_assert_ptr_nonnull(crp_arena_take(&used, 1000 + (size_t)i));
    ck_assert_ptr_nonnull(crp_arena_take(&used, 9000));
    crp_arena_reset(&used);
    a = take_until_full(&fresh, sizes, 400);
    b = take_until_full(&used, sizes, 400);
    ck_assert_int_eq(a, b);
    ck_assert_int_lt(a, 400);
    ck_assert(fresh.full && used.full);
    ck_assert_uint_eq(fresh.taken, used.taken);
    crp_arena_reset(&used);
    ck_assert(!used.full && used.taken <= 4096);
    crp_arena_free(&fresh);
    crp_arena_free(&used);
}
END_TEST

/* ---- the tree meter: the same counts in every builder ---- */

static const char small_doc[] =
    "<case id='x'><a k='1' l='2'>text</a><!-- c --><b/></case>";

/* Nodes of BUF as counted by the scanner (SCAN 1), the SAX handlers
 * (SCAN 0) or libxml2's builder (SCAN -1); -1 when it did not build. */
static long
count_nodes(struct crp_builder *b, xmlParserCtxtPtr ctxt, int scan,
            const char *buf)
{
    struct crp_tree_meter m = {0, 1000000, 0, (size_t)1 << 30, 0};
    char err[256];
    int line;
    xmlDocPtr doc;

    if (scan >= 0) {
        crp_builder_use_scanner(b, scan);
        crp_builder_set_meter(b, &m);
        doc = crp_builder_parse(b, buf, strlen(buf), "t.xml");
        if (doc == NULL)
            return -1;
        crp_builder_release(b, doc);
        return (long)m.nodes;
    }
    crp_meter_attach(ctxt, &m);
    doc = crp_xml_parse(ctxt, buf, strlen(buf), "t.xml", err, sizeof(err),
                        &line);
    if (doc == NULL)
        return -1;
    xmlFreeDoc(doc);
    return (long)m.nodes;
}

START_TEST(every_builder_counts_the_same_nodes)
{
    struct crp_builder *b = crp_builder_new();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    long scanned, sax, lx;

    ck_assert_ptr_nonnull(b);
    scanned = count_nodes(b, ctxt, 1, small_doc);
    sax = count_nodes(b, ctxt, 0, small_doc);
    lx = count_nodes(b, ctxt, -1, small_doc);
    /* case, @id and its text, a, @k, @l and their texts, "text", the
     * comment, b */
    ck_assert_int_eq(scanned, 11);
    ck_assert_int_eq(sax, 11);
    ck_assert_int_eq(lx, 11);
    crp_builder_free(b);
    xmlFreeParserCtxt(ctxt);
}
END_TEST

START_TEST(a_tree_past_its_limit_is_refused_by_every_builder)
{
    struct crp_builder *b = crp_builder_new();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    struct crp_tree_meter m = {0, 10, 0, (size_t)1 << 30, 0};
    char err[256];
    int line, scan;
    xmlDocPtr doc;

    for (scan = 1; scan >= 0; scan--) {
        crp_builder_use_scanner(b, scan);
        crp_builder_set_meter(b, &m);
        ck_assert_ptr_null(crp_builder_parse(b, small_doc,
                                             strlen(small_doc), "t.xml"));
        ck_assert_int_eq(m.over, CRP_METER_NODES);
        m.max_nodes = 1000;
        m.max_bytes = 600;   /* a few nodes of 120 bytes */
        ck_assert_ptr_null(crp_builder_parse(b, small_doc,
                                             strlen(small_doc), "t.xml"));
        ck_assert_int_eq(m.over, CRP_METER_BYTES);
        m.max_nodes = 10;
        m.max_bytes = (size_t)1 << 30;
    }
    crp_meter_attach(ctxt, &m);
    crp_meter_reset(&m);
    doc = crp_xml_parse(ctxt, small_doc, strlen(small_doc), "t.xml", err,
                        sizeof(err), &line);
    if (doc)
        xmlFreeDoc(doc);
    ck_assert_int_eq(m.over, CRP_METER_NODES);
    crp_builder_free(b);
    xmlFreeParserCtxt(ctxt);
}
END_TEST

/* ---- the work budget ---- */

START_TEST(work_adds_up_over_the_case)
{
    struct crp_limits l;
    struct crp_budget b;
    xmlXPathContextPtr xp = xmlXPathNewContext(NULL);

    crp_limits_default(&l);
    l.xpath_op_limit = 40;
    l.max_case_work = 100;
    crp_budget_init(&b, &l);
    crp_budget_case_begin(&b);
    ck_assert_int_eq(crp_budget_ops_begin(&b, xp), 0);
    ck_assert_uint_eq(xp->opLimit, 40);    /* the item's limit first */
    xp->opCount = 40;                      /* an item at its own limit */
    ck_assert_int_eq(crp_budget_ops_end(&b, xp), 0);
    ck_assert_int_eq(crp_budget_ops_begin(&b, xp), 0);
    xp->opCount = 30;
    ck_assert_int_eq(crp_budget_ops_end(&b, xp), 0);
    ck_assert_int_eq(crp_budget_ops_begin(&b, xp), 0);
    ck_assert_uint_eq(xp->opLimit, 30);    /* what the case has left */
    xp->opCount = 31;                      /* counted past: stopped */
    ck_assert_int_eq(crp_budget_ops_end(&b, xp), -1);
    ck_assert_int_eq(crp_budget_ops_begin(&b, xp), -1);
    {
        char msg[256];
        ck_assert_str_eq(crp_budget_over(&b, msg, sizeof(msg)),
                         "max-case-work");
        ck_assert_ptr_nonnull(strstr(msg, "max-case-work（100"));
        /* and what to do, as the other error results say */
        ck_assert_ptr_nonnull(strstr(msg, "可用 --max-case-work 或评查标准的 "
                                          "<limits> 调高上限"));
    }
    crp_budget_case_begin(&b);             /* the next case starts anew */
    ck_assert_int_eq(crp_budget_ops_begin(&b, xp), 0);
    xmlXPathFreeContext(xp);
}
END_TEST

/* ---- through the API: history never changes a count ---- */

static const char join_checklist[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='j' total='100'>"
    "<category id='c' title='c' points='100'>"
    " <item id='J' title='j' deduct='1' per='node' max='100'>"
    "  <check context='/case/d/o'>"
    "   <let name='r' value='string(@ref)'/>"
    "   <assert test='/case/reg/o[@id = $r]/zzz or /case/reg/o[@id = $r]'>"
    "{@ref}</assert></check></item>"
    "</category></checklist>";

/* A case of N registered officers and N references; REG_PREFIX and
 * REF_PREFIX name them. Officers hold two elements, named zzz with
 * EXTRA, and are registered in reverse order with REVERSE. */
static char *
join_case(int n, const char *reg_prefix, const char *ref_prefix, int extra,
          int reverse)
{
    size_t cap = (size_t)n * 80 + 256, len = 0;
    char *s = malloc(cap);
    int i;

    len += (size_t)sprintf(s + len, "<case><reg>");
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(s + len, "<o id='%s%d'>%s</o>", reg_prefix,
                               reverse ? n - 1 - i : i,
                               extra ? "<zzz/>" : "<x/><y/>");
    len += (size_t)sprintf(s + len, "</reg><d>");
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(s + len, "<o ref='%s%d'/>", ref_prefix,
                               (i * 7) % n);
    sprintf(s + len, "</d></case>");
    return s;
}

static struct cr_checklist *
load(const char *xml, unsigned long work)
{
    struct cr_load_options *o = NULL;
    struct cr_checklist *cl = NULL;

    ck_assert_int_eq(cr_load_options_new(&o), CR_OK);
    if (work)
        ck_assert_int_eq(cr_load_options_set_max_case_work(o, work), CR_OK);
    ck_assert_int_eq(cr_checklist_load_memory(xml, strlen(xml), "j.xml", NULL,
                                              o, &cl, NULL), CR_OK);
    cr_load_options_free(o);
    return cl;
}

static char *
score_json(struct cr_evaluator *ev, const char *doc)
{
    struct cr_result *res = NULL;
    char *json = NULL;

    cr_evaluator_score_memory(ev, doc, strlen(doc), "c.xml", &res);
    ck_assert_ptr_nonnull(res);
    ck_assert_int_eq(cr_result_to_json(res, 0, &json), CR_OK);
    cr_result_free(res);
    return json;
}

/* Does DOC fit in WORK units, scored by a fresh evaluator, or by one
 * that scored BEFORE first (NULL: none)? */
static int
fits(const char *doc, unsigned long work, const char *before)
{
    struct cr_checklist *cl = load(join_checklist, work);
    struct cr_evaluator *ev = NULL;
    char *json;
    int ok;

    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    if (before)
        cr_free(score_json(ev, before));
    json = score_json(ev, doc);
    ok = strstr(json, "\"limit\": \"max-case-work\"") == NULL;
    cr_free(json);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    return ok;
}

START_TEST(work_does_not_depend_on_earlier_cases)
{
    /* the case has no zzz: a name the evaluator's dictionary learns from
     * BEFORE, which once let the fast path skip counting nodes */
    char *doc = join_case(300, "a", "a", 0, 0);
    char *before = join_case(50, "b", "b", 1, 0);
    unsigned long lo = 1, hi = 100000000, mid;

    ck_assert(fits(doc, hi, NULL));
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (fits(doc, mid, NULL))
            hi = mid;
        else
            lo = mid + 1;
    }
    ck_assert(fits(doc, lo, before));
    ck_assert(!fits(doc, lo - 1, before));
    free(doc);
    free(before);
}
END_TEST

START_TEST(an_index_never_outlives_its_case)
{
    /* the same sizes, so the kept lists of the second case sit where the
     * first case's were (one chunk of the arena, kept), with the same
     * officers in another order: the first case's index must not be
     * reused */
    char *first = join_case(60, "p", "p", 0, 0);
    char *second = join_case(60, "p", "p", 0, 1);
    struct cr_checklist *cl = load(join_checklist, 0);
    struct cr_evaluator *used = NULL, *fresh = NULL;
    char *a, *b;

    ck_assert_int_eq(cr_evaluator_new(cl, &used), CR_OK);
    ck_assert_int_eq(cr_evaluator_new(cl, &fresh), CR_OK);
    cr_free(score_json(used, first));
    a = score_json(used, second);
    b = score_json(fresh, second);
    ck_assert_str_eq(a, b);
    /* every reference of the second case is registered too */
    ck_assert_ptr_nonnull(strstr(a, "\"deducted\": 0"));
    cr_free(a);
    cr_free(b);
    cr_evaluator_free(used);
    cr_evaluator_free(fresh);
    cr_checklist_unref(cl);
    free(first);
    free(second);
}
END_TEST

START_TEST(the_caller_wins_over_the_checklist)
{
    static const char xml[] =
        "<checklist xmlns='urn:casereview:checklist:1' id='l' total='100'>"
        "<limits max-findings='2'/>"
        "<category id='c' title='c' points='100'>"
        " <item id='I' title='i' deduct='1' per='node' max='100'>"
        "  <check context='/case/x'><assert test='false()'>m</assert>"
        "  </check></item></category></checklist>";
    static const char doc[] = "<case><x/><x/><x/><x/><x/><x/></case>";
    struct cr_load_options *o = NULL;
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    const struct cr_item_result *it;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        ck_assert_int_eq(cr_load_options_new(&o), CR_OK);
        if (pass)
            ck_assert_int_eq(cr_load_options_set_max_findings(o, 5), CR_OK);
        ck_assert_int_eq(cr_load_options_set_max_findings(o, 0),
                         CR_ERR_INVALID);
        ck_assert_int_eq(cr_checklist_load_memory(xml, strlen(xml), "l.xml",
                                                  NULL, o, &cl, NULL), CR_OK);
        ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
        ck_assert_int_eq(cr_evaluator_score_memory(ev, doc, strlen(doc),
                                                   "d.xml", &res), CR_OK);
        it = cr_result_get_item(res, 0);
        ck_assert_uint_eq(cr_item_result_get_finding_count(it), pass ? 5 : 2);
        ck_assert_uint_eq(cr_item_result_get_findings_omitted(it),
                          pass ? 1 : 4);
        ck_assert(cr_item_result_get_deducted(it) == 6);
        ck_assert_ptr_null(cr_result_get_error_limit(res));
        cr_result_free(res);
        cr_evaluator_free(ev);
        cr_checklist_unref(cl);
        cr_load_options_free(o);
    }
}
END_TEST

static Suite *
budget_suite(void)
{
    Suite *s = suite_create("budget");
    TCase *tc = tcase_create("budget");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, strindex_finds_every_position_in_order);
    tcase_add_test(tc, strindex_many_values);
    tcase_add_test(tc, messages_are_cut_on_a_character);
    tcase_add_test(tc, findings_past_the_cap_are_counted);
    tcase_add_test(tc, arena_limit_ignores_what_came_before);
    tcase_add_test(tc, every_builder_counts_the_same_nodes);
    tcase_add_test(tc, a_tree_past_its_limit_is_refused_by_every_builder);
    tcase_add_test(tc, work_adds_up_over_the_case);
    tcase_add_test(tc, work_does_not_depend_on_earlier_cases);
    tcase_add_test(tc, an_index_never_outlives_its_case);
    tcase_add_test(tc, the_caller_wins_over_the_checklist);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(budget_suite());
    int failed;

    crp_xml_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
