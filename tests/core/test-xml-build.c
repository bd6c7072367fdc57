/* test-xml-build.c — the arena tree builder (libcasereview/xml-build.c)
 * against libxml2's own SAX2 builder: for every XML file of the source
 * tree and a set of documents written to reach its edges, both trees
 * must be the same node for node (types, names, contents, links, line
 * numbers as xmlGetLineNo() reads them), or the builder must decline
 * the document (then libxml2 parses it, as before). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/tree.h>

#include "libcasereview/alloc.h"
#include "libcasereview/xml-build.h"
#include "libcasereview/xml-safe.h"

#include "tree-compare.h"

/* 1 built and the same as libxml2's, 0 declined (libxml2 then parses). */
static int
compare(struct crp_builder *b, const char *buf, size_t len, const char *url)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr mine, theirs;
    char why[512];

    mine = crp_builder_parse(b, buf, len, url);
    theirs = xmlCtxtReadMemory(ctxt, buf, (int)len, url, NULL,
                               CRP_XML_PARSE_OPTS);
    if (theirs)
        xmlXPathOrderDocElems(theirs);
    if (mine) {
        ck_assert_msg(theirs != NULL && ctxt->wellFormed,
                      "%s: built a tree libxml2 refuses", url);
        ck_assert_msg(tree_diff(mine, theirs, why, sizeof(why)) == 0,
                      "%s: %s", url, why);
        crp_builder_release(b, mine);
    }
    xmlFreeDoc(theirs);
    xmlFreeParserCtxt(ctxt);
    return mine != NULL;
}

static int
compare_str(struct crp_builder *b, const char *doc)
{
    return compare(b, doc, strlen(doc), "inline.xml");
}

START_TEST(edges_are_built_like_libxml2)
{
    static const char *const built[] = {
        "<a/>",
        "<?xml version='1.0' encoding='UTF-8'?>\n<a x='1' y=\"\"/>",
        "\xEF\xBB\xBF<a>text</a>",
        "<!-- before --><a><!--in-->x<!--c-->y</a><!-- after -->",
        "<a>x&amp;y&#20013;&#x6587;&lt;z&gt;&quot;&apos;</a>",
        "<a>\r\nline\r\n\tnext\r</a>",
        "<a t='tab\there' n='new\nline' c='中文' e=''>v</a>",
        "<a>   <b>  </b>\n  <c/>\n</a>",
        "<a><b>1</b>mixed<c>2</c>tail</a>",
        "<case><documents>\n  <document kind='x' title='立案审批表'>\n"
        "  </document>\n</documents></case>",
        "<?xml version='1.0' encoding='GB18030'?><a n='\xD6\xD0'>\xCE\xC4</a>",
        "<a>]]&gt; ]] ></a>",
        "<a   x = '1'\n   y='2'\n/>",
        NULL,
    };
    static const char *const declined[] = {
        "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
        "<!DOCTYPE a><a/>",
        "<a><![CDATA[x]]></a>",
        "<a><?pi data?></a>",
        "<?pi data?><a/>",
        "<a xmlns='urn:x'/>",
        "<p:a xmlns:p='urn:x'/>",
        "<a xml:lang='zh'/>",
        "<a x='&amp;'/>",
        "<a x='1&#38;2'/>",
        "<a>&undeclared;</a>",
        "<a><b></a>",
        "<a/><b/>",
        "",
        "   ",
        NULL,
    };
    struct crp_builder *b = crp_builder_new();
    size_t i;

    ck_assert_ptr_nonnull(b);
    for (i = 0; built[i]; i++)
        ck_assert_msg(compare_str(b, built[i]) == 1, "not built: %s",
                      built[i]);
    for (i = 0; declined[i]; i++)
        ck_assert_msg(compare_str(b, declined[i]) == 0, "built: %s",
                      declined[i]);
    crp_builder_free(b);
}
END_TEST

/* Lines past 65535: elements keep 65535, text keeps its line in psvi
 * (XML_PARSE_BIG_LINES); xmlGetLineNo() must read the same. */
START_TEST(big_line_numbers)
{
    struct crp_builder *b = crp_builder_new();
    size_t cap = 70000 * 16, len = 0;
    char *doc = malloc(cap);
    int i;

    ck_assert_ptr_nonnull(doc);
    len += (size_t)sprintf(doc + len, "<a>");
    for (i = 0; i < 70000; i++)
        len += (size_t)sprintf(doc + len, "<b i='%d'>t</b>\n", i % 10);
    len += (size_t)sprintf(doc + len, "<!--end-->tail</a>\n");
    ck_assert_int_eq(compare(b, doc, len, "big.xml"), 1);
    free(doc);
    crp_builder_free(b);
}
END_TEST

/* Deeper than libxml2 allows: both refuse (the builder leaves it to
 * libxml2, which reports it). */
START_TEST(too_deep_is_declined)
{
    struct crp_builder *b = crp_builder_new();
    char doc[8192];
    size_t len = 0;
    int i;

    for (i = 0; i < 400; i++)
        len += (size_t)sprintf(doc + len, "<d>");
    for (i = 0; i < 400; i++)
        len += (size_t)sprintf(doc + len, "</d>");
    ck_assert_int_eq(compare(b, doc, len, "deep.xml"), 0);
    /* and the next document is built as usual */
    ck_assert_int_eq(compare_str(b, "<a><b/>x</a>"), 1);
    crp_builder_free(b);
}
END_TEST

/* A text node past XML_MAX_TEXT_LENGTH: libxml2's builder fails ("huge
 * text node"); the builder must leave it to libxml2 too. */
START_TEST(huge_text_is_declined)
{
    struct crp_builder *b = crp_builder_new();
    size_t n = 3500001, len = 0, i;   /* 3 bytes each: 10.5 MB of text */
    char *doc = malloc(3 * n + 16);

    /* non-ASCII text comes in chunks of a few hundred bytes, which
     * SAX2.c joins until the limit */
    ck_assert_ptr_nonnull(doc);
    memcpy(doc, "<a>", 3);
    len = 3;
    for (i = 0; i < n; i++, len += 3)
        memcpy(doc + len, "\xE4\xB8\xAD", 3);
    memcpy(doc + len, "</a>", 4);
    len += 4;
    ck_assert_int_eq(compare(b, doc, len, "huge.xml"), 0);
    free(doc);
    crp_builder_free(b);
}
END_TEST

static int nfiles, nbuilt;

static void
walk(struct crp_builder *b, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        size_t n;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(b, path);
            continue;
        }
        n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 4, ".xml") != 0 ||
            st.st_size == 0 || st.st_size > (32 << 20))
            continue;
        {
            char *buf = NULL, err[256];
            size_t len = 0;
            ck_assert_msg(crp_read_file(path, (size_t)st.st_size, &buf, &len,
                                        err, sizeof(err)) == 0,
                          "%s: %s", path, err);
            nfiles++;
            nbuilt += compare(b, buf, len, path);
            crp_free(buf);
        }
    }
    closedir(d);
}

START_TEST(every_xml_file_of_the_source_tree)
{
    const char *src = getenv("CR_SOURCE_DIR");
    static const char *const dirs[] = {"tests", "rules", "examples",
                                       "fuzz", NULL};
    struct crp_builder *b = crp_builder_new();
    char path[4096];
    size_t i;

    if (src == NULL)
        src = CR_SOURCE_DIR_DEFAULT;
    for (i = 0; dirs[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", src, dirs[i]);
        walk(b, path);
    }
    /* the case files are what it is for: most must be built here */
    ck_assert_int_gt(nfiles, 100);
    fprintf(stderr, "xml-build: %d of %d files built here\n", nbuilt, nfiles);
    ck_assert_msg(nbuilt * 2 > nfiles, "built %d of %d", nbuilt, nfiles);
    crp_builder_free(b);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("xml-build");
    TCase *tc = tcase_create("trees");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, edges_are_built_like_libxml2);
    tcase_add_test(tc, big_line_numbers);
    tcase_add_test(tc, too_deep_is_declined);
    tcase_add_test(tc, huge_text_is_declined);
    tcase_add_test(tc, every_xml_file_of_the_source_tree);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
