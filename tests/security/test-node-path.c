/* test-node-path.c — crp_node_path() writes what xmlGetNodePath() writes,
 * for every node of documents built to hit each of its rules, and stays
 * linear on 100k siblings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "libcasereview/alloc.h"
#include "libcasereview/node-path.h"

static int compared;

static void
compare_node(struct crp_path_cache *pc, xmlNodePtr n)
{
    xmlChar *want = xmlGetNodePath(n);
    char *got = crp_node_path(pc, n);

    ck_assert_msg(want != NULL && got != NULL, "NULL path");
    ck_assert_str_eq(got, (const char *)want);
    compared++;
    xmlFree(want);
    crp_free(got);
}

static void
compare_tree(struct crp_path_cache *pc, xmlNodePtr n)
{
    xmlAttrPtr a;

    for (; n; n = n->next) {
        compare_node(pc, n);
        if (n->type == XML_ELEMENT_NODE)
            for (a = n->properties; a; a = a->next)
                compare_node(pc, (xmlNodePtr)a);
        if (n->type != XML_ENTITY_REF_NODE)
            compare_tree(pc, n->children);
    }
}

static const char *const docs[] = {
    "<case id='1'><a/><b/><a x='1'/><!--c--><!--d-->t1<![CDATA[t2]]>"
    "<?pi a?><?pi b?><?other?><c/></case>",
    "<r xmlns='urn:d' xmlns:p='urn:p' xmlns:q='urn:p'><x/><p:x/><q:x/>"
    "<x p:a='1' b='2'/><y/><p:y/></r>",
    "<r><only/>text</r>",
    "<r><p:n xmlns:p='urn:a'/><p:n xmlns:p='urn:b'/><n/></r>",
    "<r><averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryvery"
    "veryveryveryverylongname xmlns:ppppppppppppppppppppppppppppppppppp='u'"
    " ppppppppppppppppppppppppppppppppppp:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa='1'/>"
    "</r>",
};

START_TEST(paths_match_libxml2)
{
    struct crp_path_cache *pc = crp_path_cache_new();
    xmlDocPtr doc = xmlReadMemory(docs[_i], (int)strlen(docs[_i]), "t.xml",
                                  NULL, 0);

    ck_assert_ptr_nonnull(doc);
    compared = 0;
    compare_node(pc, (xmlNodePtr)doc);
    compare_tree(pc, doc->children);
    ck_assert_int_gt(compared, 3);
    crp_path_cache_clear(pc);
    xmlFreeDoc(doc);
    crp_path_cache_free(pc);
}
END_TEST

/* Many siblings of mixed classes, so the parent index is used, and the
 * same nodes asked again (index reuse) after another parent. */
static xmlDocPtr
big_doc(int n, int mixed)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "case"), list;
    xmlNsPtr ns;
    int i;

    xmlDocSetRootElement(doc, root);
    list = xmlNewChild(root, NULL, BAD_CAST "documents", NULL);
    ns = xmlNewNs(list, BAD_CAST "urn:x", BAD_CAST "p");
    for (i = 0; i < n; i++) {
        const char *name = mixed ? (i % 3 ? "document" : "other") : "document";
        xmlNodePtr d = xmlNewChild(list, mixed && i % 7 == 0 ? ns : NULL,
                                   BAD_CAST name, NULL);
        if (mixed && i % 5 == 0)
            xmlAddChild(list, xmlNewText(BAD_CAST "t"));
        if (mixed && i % 11 == 0)
            xmlAddChild(list, xmlNewComment(BAD_CAST "c"));
        xmlNewChild(d, NULL, BAD_CAST "officer", NULL);
        xmlNewChild(d, NULL, BAD_CAST "officer", NULL);
    }
    if (mixed)
        xmlNewChild(list, NULL, BAD_CAST "unique", NULL);
    return doc;
}

START_TEST(paths_match_on_many_siblings)
{
    struct crp_path_cache *pc = crp_path_cache_new();
    xmlDocPtr doc = big_doc(300, 1);

    compare_tree(pc, doc->children);
    compare_tree(pc, doc->children);
    crp_path_cache_clear(pc);
    xmlFreeDoc(doc);
    crp_path_cache_free(pc);
}
END_TEST

/* CR_TIME_SCALE: how much slower than native this run is (valgrind). */
static long
time_scale(void)
{
    const char *s = getenv("CR_TIME_SCALE");
    long v = s ? strtol(s, NULL, 10) : 1;

    return v > 0 ? v : 1;
}

START_TEST(hundred_thousand_siblings_are_linear)
{
    struct crp_path_cache *pc = crp_path_cache_new();
    xmlDocPtr doc = big_doc(100000, 0);
    xmlNodePtr d, last = NULL;
    clock_t t0 = clock();
    char *p;

    for (d = xmlDocGetRootElement(doc)->children->children; d; d = d->next) {
        p = crp_node_path(pc, d->children);
        ck_assert_ptr_nonnull(p);
        crp_free(p);
        last = d;
    }
    p = crp_node_path(pc, last->children->next);
    ck_assert_str_eq(p, "/case/documents/document[100000]/officer[2]");
    crp_free(p);
    /* xmlGetNodePath takes minutes here; valgrind runs set a slowdown */
    ck_assert_msg(clock() - t0 < 5 * time_scale() * CLOCKS_PER_SEC,
                  "too slow");
    crp_path_cache_free(pc);
    xmlFreeDoc(doc);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("node-path");
    TCase *tc = tcase_create("paths");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(tc, paths_match_libxml2, 0,
                        (int)(sizeof(docs) / sizeof(*docs)));
    tcase_add_test(tc, paths_match_on_many_siblings);
    tcase_add_test(tc, hundred_thousand_siblings_are_linear);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
