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

static int last_scanned;   /* the scanner took the last document */

/* BUF built by B (the scanner off or on) must be libxml2's tree. */
static int
compare_one(struct crp_builder *b, int scan, const char *buf, size_t len,
            const char *url, xmlDocPtr theirs, int wellformed)
{
    xmlDocPtr mine;
    char why[512];

    crp_builder_use_scanner(b, scan);
    mine = crp_builder_parse(b, buf, len, url);
    if (mine) {
        ck_assert_msg(theirs != NULL && wellformed,
                      "%s: %s built a tree libxml2 refuses", url,
                      scan ? "the scanner" : "the builder");
        ck_assert_msg(tree_diff(mine, theirs, why, sizeof(why)) == 0,
                      "%s (%s): %s", url, crp_builder_scanned(b) ?
                      "scanner" : "builder", why);
        crp_builder_release(b, mine);
    }
    return mine != NULL && (!scan || crp_builder_scanned(b));
}

/* 1 built by the SAX builder and the same as libxml2's, 0 declined
 * (libxml2 then parses); LAST_SCANNED: the scanner (xml-scan.c) took
 * it, and built the same tree too. */
static int
compare(struct crp_builder *b, const char *buf, size_t len, const char *url)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr theirs;
    int built;

    theirs = xmlCtxtReadMemory(ctxt, buf, (int)len, url, NULL,
                               CRP_XML_PARSE_OPTS);
    if (theirs)
        xmlXPathOrderDocElems(theirs);
    built = compare_one(b, 0, buf, len, url, theirs, ctxt->wellFormed);
    last_scanned = compare_one(b, 1, buf, len, url, theirs,
                               ctxt->wellFormed);
    /* the scanner takes no more than the builder */
    ck_assert_msg(built || !last_scanned, "%s: only the scanner took it",
                  url);
    xmlFreeDoc(theirs);
    xmlFreeParserCtxt(ctxt);
    return built;
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

/* The scanner (xml-scan.c): documents it must take, with libxml2's tree
 * (above all the line of each text node, which libxml2 takes where it
 * first hands text over), and documents it must leave to libxml2. */
START_TEST(scanner_edges)
{
    static const char *const scanned[] = {
        "<a/>",
        "<a></a>",
        "<?xml version='1.0' encoding='UTF-8'?>\n<a x='1' y=\"\"/>",
        "<?xml version=\"1.0\"?><a/>",
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<a/>",
        "<?xml version='1.0' standalone='no'?><a/>",
        "<?xml version='1.0' encoding='UTF8'?><a/>",
        "<?xml  version = '1.0'  encoding = 'UTF-8'  ?>\n\n<a/>\n\n",
        "\xEF\xBB\xBF<a>text</a>",
        "\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><a/>",
        "<!-- before --><a><!--in-->x<!--c-->y</a><!-- after -->",
        "<!---->\n<a><!-- - a-b -->\n<!--中文\n注释--></a>\n<!--x-->",
        "<a>x&amp;y&#20013;&#x6587;&lt;z&gt;&quot;&apos;</a>",
        "<a>&amp;\n\nx</a>",
        "<a>&#x10FFFF;&#9;&#10;&#13;&#x0041;&#0065;</a>",
        "<a>\n\n&lt;\n</a>",
        "<a>\r\nline\r\n\tnext\r</a>",
        "<a>\r\n\r\n中文</a>",
        "<a>\r\r\n中文\r中\n</a>",
        "<a>\r\n<b/>\r\n&amp;\r\n</a>",
        "<a>x\r\n中</a>",
        "<a t='tab\there' n='new\nline' c='中文' e=''>v</a>",
        "<a n='x\r\ny' m='\r' k='  a  b  '/>",
        "<a>   <b>  </b>\n  <c/>\n</a>",
        "<a><b>1</b>mixed<c>2</c>tail</a>",
        "<case><documents>\n  <document kind='x' title='立案审批表'>\n"
        "  </document>\n</documents></case>",
        "<a>]]&gt; ]] > ] ]]]</a>",
        "<a   x = '1'\n   y='2'\n/>",
        "<a\n\n>\n<b\nx='1'\n\n>t</b\n>\n</a\n>",
        "<a-b.c_d1 e.f-g='1' _h='2'><A/></a-b.c_d1>",
        "<a>\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
        "\xEF\xBF\xBD\xF0\x90\x80\x80\xF4\x8F\xBF\xBF</a>",
        "<a x='\xE4\xB8\xAD' y='>'>\"'</a>",
        NULL,
    };
    static const char *const left[] = {
        "<?xml version='1.0' encoding='GB18030'?><a n='\xD6\xD0'>\xCE\xC4</a>",
        "<?xml version='1.1'?><a/>",
        "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
        "<?xml version='1.0'encoding='UTF-8'?><a/>",
        " <?xml version='1.0'?><a/>",
        "<!DOCTYPE a><a/>",
        "<a><![CDATA[x]]></a>",
        "<a><?pi data?></a>",
        "<a xmlns='urn:x'/>",
        "<a xml:lang='zh'/>",
        "<a x='&amp;'/>",
        "<a x='&lt;' />",
        "<中>x</中>",
        "<a b\xC3\xA9='1'/>",
        "<a>&nbsp;</a>",
        "<a>&#X41;</a>",
        "<a>&#0;</a>",
        "<a>&#xD800;</a>",
        "<a>&#xFFFE;</a>",
        "<a>&#x110000;</a>",
        "<a>&#12345678;</a>",
        "<a>&#;</a>",
        "<a>&lt</a>",
        "<a>\xEF\xBF\xBE</a>",
        "<a>\xED\xA0\x80</a>",
        "<a>\xC0\x80</a>",
        "<a>\xE0\x80\x80</a>",
        "<a>\xF4\x90\x80\x80</a>",
        "<a>\xE4\xB8</a>",
        "<a>\x01</a>",
        "<a>x]]>y</a>",
        "<a><!--\r\n--></a>",
        "<a><!-- a -- b --></a>",
        "<a><!-- a ---></a>",
        "<a x='1' x='2'/>",
        "<a x='1'y='2'/>",
        "<a x=1/>",
        "<a x='<'/>",
        "<a x='\x01'/>",
        "<a></b>",
        "<a></ab>",
        "<a></a >x",
        "<a/><b/>",
        "<a/>x",
        "x<a/>",
        "<a>",
        "<a>text",
        "<a x='1",
        "",
        "\xEF\xBB\xBF",
        NULL,
    };
    struct crp_builder *b = crp_builder_new();
    size_t i;

    ck_assert_ptr_nonnull(b);
    for (i = 0; scanned[i]; i++) {
        compare_str(b, scanned[i]);
        ck_assert_msg(last_scanned, "not scanned: %s", scanned[i]);
    }
    for (i = 0; left[i]; i++) {
        compare_str(b, left[i]);
        ck_assert_msg(!last_scanned, "scanned: %s", left[i]);
    }
    /* past the scanner's limits (attributes per element, depth) but
     * within libxml2's: the SAX builder takes them */
    {
        char doc[8192];
        size_t len = (size_t)sprintf(doc, "<a");
        int k;
        for (k = 0; k < 300; k++)
            len += (size_t)sprintf(doc + len, " a%d='%d'", k, k);
        len += (size_t)sprintf(doc + len, "/>");
        ck_assert_int_eq(compare(b, doc, len, "attrs.xml"), 1);
        ck_assert(!last_scanned);
        for (len = 0, k = 0; k < 230; k++)
            len += (size_t)sprintf(doc + len, "<d>");
        for (k = 0; k < 230; k++)
            len += (size_t)sprintf(doc + len, "</d>");
        ck_assert_int_eq(compare(b, doc, len, "deep.xml"), 1);
        ck_assert(!last_scanned);
    }
    /* embedded NUL, and a buffer that ends inside a name */
    ck_assert_int_eq(compare(b, "<a>\0</a>", 8, "nul.xml"), 0);
    compare(b, "<abc/>", 3, "cut.xml");
    ck_assert(!last_scanned);
    crp_builder_free(b);
}
END_TEST

/* Text lines: libxml2 gives a text node the line where it first hands
 * the text over, after an ASCII run or after 300 bytes of other text;
 * long Chinese text across lines, with CR LF and references between. */
START_TEST(scanner_text_lines)
{
    static const char *const pieces[] = {
        "中文", "\n", "\r\n", "ab", " ", "&amp;", "\r", "\t", "]", "é",
        "&#x4E2D;", "\n\n\n",
    };
    struct crp_builder *b = crp_builder_new();
    char doc[4096];
    unsigned seed = 12345;
    int n, k;

    for (n = 0; n < 3000; n++) {
        size_t len = 0;
        int count;
        len += (size_t)sprintf(doc + len, "<a>\n<b>");
        seed = seed * 1103515245u + 12345u;
        count = (int)(seed >> 16) % 400;
        for (k = 0; k < count && len < sizeof(doc) - 64; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(*pieces))];
            len += (size_t)sprintf(doc + len, "%s", p);
        }
        len += (size_t)sprintf(doc + len, "</b>\n<!--c-->");
        for (k = 0; k < count % 7; k++)
            len += (size_t)sprintf(doc + len, "\n");
        len += (size_t)sprintf(doc + len, "t</a>");
        ck_assert_int_eq(compare(b, doc, len, "lines.xml"), 1);
        ck_assert_msg(last_scanned, "not scanned: %s", doc);
    }
    /* a newline on either side of the 300-byte chunk boundary, after
     * 2-byte characters, CR LF (two bytes, one handed over) and ASCII */
    for (n = 0; n < 3 * 40; n++) {
        static const char *const fill[] = {"\xC3\xA9", "\r\n", "x"};
        size_t len = (size_t)sprintf(doc, "<a>\xE4\xB8\xAD");
        for (k = 0; k < 130 + n / 3; k++)
            len += (size_t)sprintf(doc + len, "%s",
                                   k % 2 ? fill[n % 3] : "\xC3\xA9");
        len += (size_t)sprintf(doc + len, "\n\xE4\xB8\xAD\n</a>");
        ck_assert_int_eq(compare(b, doc, len, "chunk.xml"), 1);
        ck_assert(last_scanned);
    }
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

static int nfiles, nbuilt, nscanned;

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
            nscanned += last_scanned;
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
    fprintf(stderr, "xml-build: %d of %d files built here, %d of them "
            "by the scanner\n", nbuilt, nfiles, nscanned);
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
    tcase_add_test(tc, scanner_edges);
    tcase_add_test(tc, scanner_text_lines);
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
