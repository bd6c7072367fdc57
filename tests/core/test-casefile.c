/* test-casefile.c — the internals behind real case files: file kinds by
 * their bytes, the GB18030 guess, the mapping sandbox's paths, and one
 * mapping shared by threads that score at once. */
#include <check.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "casereview.h"
#include "libcasereview/alloc.h"
#include "libcasereview/case-encoding.h"
#include "libcasereview/file-kind.h"
#include "libcasereview/local-path.h"

#ifndef CR_SOURCE_DIR_DEFAULT
#define CR_SOURCE_DIR_DEFAULT "."
#endif

static const char *
src(const char *rel)
{
    static char buf[PATH_MAX];
    const char *dir = getenv("CR_SOURCE_DIR");

    snprintf(buf, sizeof(buf), "%s/%s", dir ? dir : CR_SOURCE_DIR_DEFAULT,
             rel);
    return buf;
}

/* ---- file kinds ---- */

#define K(bytes, kind) {bytes, sizeof(bytes) - 1, kind}

static const struct {
    const char *bytes;
    size_t len;
    enum crp_kind_id kind;
} kinds[] = {
    K("%PDF-1.7\n%\xe2\xe3", CRP_KIND_PDF),
    K("PK\x03\x04....word/document.xml....", CRP_KIND_DOCX),
    K("PK\x03\x04....xl/workbook.xml", CRP_KIND_XLSX),
    K("PK\x03\x04....Doc_0/OFD.xml", CRP_KIND_OFD),
    K("PK\x03\x04....a.xml", CRP_KIND_ZIP),
    K("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0",
      CRP_KIND_DOC),
    K("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1W\0o\0r\0k\0b\0o\0o\0k\0",
      CRP_KIND_XLS),
    K("\x89PNG\r\n\x1a\n\0\0", CRP_KIND_IMAGE),
    K("\xff\xd8\xff\xe0\0\x10JFIF", CRP_KIND_IMAGE),
    K("\x1f\x8b\x08\0", CRP_KIND_GZIP),
    K("7z\xbc\xaf\x27\x1c\0\x04", CRP_KIND_ARCHIVE),
    K("{\\rtf1\\ansi", CRP_KIND_RTF),
    K("  <!DOCTYPE html><html></html>", CRP_KIND_HTML),
    K("\xef\xbb\xbf{\"a\": 1}", CRP_KIND_JSON),
    K("\xd0\xd0\xd5\xfe\xb4\xa6\xb7\xa3\n", CRP_KIND_TEXT), /* GBK */
    K("\0\x01\x02\x03\x04", CRP_KIND_BINARY),
    K("<?xml version=\"1.0\"?><case/>", CRP_KIND_NONE),
    K("\n  <case>", CRP_KIND_NONE),
    K("\xff\xfe<\0c\0", CRP_KIND_NONE),         /* UTF-16: libxml2's */
    K("<case>\x01</case>", CRP_KIND_NONE),   /* XML with a bad char */
};

START_TEST(file_kind_by_bytes)
{
    ck_assert_int_eq(crp_file_kind_of(kinds[_i].bytes, kinds[_i].len),
                     kinds[_i].kind);
}
END_TEST

START_TEST(tar_is_told_by_its_magic)
{
    char block[512];

    memset(block, 0, sizeof(block));
    memcpy(block, "case.xml", 8);
    memcpy(block + 257, "ustar", 5);
    ck_assert_int_eq(crp_file_kind_of(block, sizeof(block)), CRP_KIND_TAR);
    ck_assert_ptr_null(crp_file_kind(CRP_KIND_NONE));
    ck_assert_str_eq(crp_file_kind(CRP_KIND_PDF)->name, "PDF 文件");
}
END_TEST

/* ---- encodings ---- */

START_TEST(gb18030_structure)
{
    /* 行政 (GBK), 𠀀 (four bytes), ASCII */
    static const char gbk[] = "\xd0\xd0\xd5\xfe<a/>";
    static const char four[] = "\x95\x32\x82\x36";

    ck_assert(crp_gb18030_valid(gbk, strlen(gbk)));
    ck_assert(crp_gb18030_valid(four, 4));
    ck_assert(!crp_gb18030_valid("ascii only", 10));
    ck_assert(!crp_gb18030_valid("\x80\x40", 2));    /* 0x80 leads nothing */
    ck_assert(!crp_gb18030_valid("\xd0", 1));        /* cut in two */
    ck_assert(!crp_gb18030_valid("\x95\x32\x82", 3));
    ck_assert(!crp_gb18030_valid("\xd0\x20", 2));    /* no such trail */
}
END_TEST

START_TEST(declared_encoding)
{
    char enc[32];

    ck_assert(crp_declared_encoding("<?xml version='1.0' encoding='GBK'?>",
                                    36, enc, sizeof(enc)));
    ck_assert_str_eq(enc, "GBK");
    ck_assert(crp_declared_encoding("\xef\xbb\xbf<?xml version=\"1.0\" "
                                    "encoding = \"utf-8\" ?><a/>", 46, enc,
                                    sizeof(enc)));
    ck_assert_str_eq(enc, "utf-8");
    ck_assert(!crp_declared_encoding("<?xml version=\"1.0\"?><a/>", 25, enc,
                                     sizeof(enc)));
    ck_assert(!crp_declared_encoding("<a encoding=\"x\"/>", 17, enc,
                                     sizeof(enc)));
}
END_TEST

START_TEST(the_one_guess)
{
    static const char gbk[] = "<case>\xd0\xd0\xd5\xfe</case>";
    static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                               "<case>\xd0\xd0\xd5\xfe</case>";
    static const char bom[] = "\xef\xbb\xbf<case>\xd0\xd0\xd5\xfe</case>";
    static const char utf8[] = "<case>行政</case>";
    static const char latin[] = "<case>\xe9t\xe9</case>";

    ck_assert_str_eq(crp_encoding_guess(gbk, strlen(gbk)), "GB18030");
    ck_assert_ptr_null(crp_encoding_guess(decl, strlen(decl)));
    ck_assert_ptr_null(crp_encoding_guess(bom, strlen(bom)));
    ck_assert_ptr_null(crp_encoding_guess(utf8, strlen(utf8)));
    ck_assert_ptr_null(crp_encoding_guess(latin, strlen(latin)));
}
END_TEST

/* ---- the sandbox's paths ---- */

static char dir[PATH_MAX];

static void
make_dir(void)
{
    char path[PATH_MAX + 32];
    FILE *f;

    snprintf(dir, sizeof(dir), "/tmp/cr-local-path-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/in side.xml", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/out", dir);
    ck_assert_int_eq(symlink("/etc/hostname", path), 0);
}

static void
drop_dir(void)
{
    char path[PATH_MAX + 32];

    snprintf(path, sizeof(path), "%s/in side.xml", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/out", dir);
    unlink(path);
    rmdir(dir);
}

static int
allowed(const char *url)
{
    char *p = crp_local_path(dir, url);
    int ok = p != NULL;

    crp_free(p);
    return ok;
}

START_TEST(local_paths)
{
    char url[PATH_MAX + 64];

    make_dir();
    snprintf(url, sizeof(url), "%s/in side.xml", dir);
    ck_assert(allowed(url));
    snprintf(url, sizeof(url), "file://%s/in%%20side.xml", dir);
    ck_assert(allowed(url));
    snprintf(url, sizeof(url), "file://localhost%s/in side.xml", dir);
    ck_assert(allowed(url));
    snprintf(url, sizeof(url), "%s/../../etc/passwd", dir);
    ck_assert(!allowed(url));
    snprintf(url, sizeof(url), "%s/out", dir);         /* a link out */
    ck_assert(!allowed(url));
    snprintf(url, sizeof(url), "%s/missing.xml", dir);
    ck_assert(!allowed(url));
    snprintf(url, sizeof(url), "%s-other/x", dir);     /* a prefix only */
    ck_assert(!allowed(url));
    ck_assert(!allowed("file://otherhost/etc/passwd"));
    ck_assert(!allowed("http://127.0.0.1/x.xml"));
    ck_assert(!allowed("/etc/passwd"));
    drop_dir();
}
END_TEST

/* ---- one mapping, several threads ---- */

struct worker {
    struct cr_checklist *cl;
    struct cr_transform *tf;
    char *first;
    int same;
};

static void *
work(void *arg)
{
    struct worker *w = arg;
    struct cr_evaluator *ev = NULL;
    int i;

    w->same = 1;
    if (cr_evaluator_new(w->cl, &ev) != CR_OK ||
        cr_evaluator_set_transform(ev, w->tf) != CR_OK) {
        w->same = 0;
        return NULL;
    }
    for (i = 0; i < 12; i++) {
        struct cr_result *res = NULL;
        char *json = NULL;
        cr_evaluator_score_file(ev, src("examples/mapping/anjuan-mulu.xml"),
                                &res);
        cr_result_to_json(res, 0, &json);
        if (w->first == NULL)
            w->first = json;
        else if (json == NULL || strcmp(json, w->first) != 0)
            w->same = 0;
        if (json != w->first)
            cr_free(json);
        cr_result_free(res);
    }
    cr_evaluator_free(ev);
    return NULL;
}

START_TEST(one_mapping_many_threads)
{
    struct cr_checklist *cl = NULL;
    struct cr_transform *tf = NULL;
    struct worker w[4];
    pthread_t t[4];
    int i;

    ck_assert_int_eq(cr_checklist_load(src("rules/penalty-general.xml"),
                                       NULL, &cl, NULL), CR_OK);
    ck_assert_int_eq(cr_transform_load(
                         src("examples/mapping/anjuan-to-casefile.xsl"), &tf,
                         NULL), CR_OK);
    memset(w, 0, sizeof(w));
    for (i = 0; i < 4; i++) {
        w[i].cl = cl;
        w[i].tf = tf;
        ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    tf = cr_transform_unref(tf);   /* the evaluators held their own */
    for (i = 0; i < 4; i++) {
        ck_assert(w[i].same);
        ck_assert_ptr_nonnull(w[i].first);
        ck_assert_str_eq(w[i].first, w[0].first);
        ck_assert_ptr_nonnull(strstr(w[i].first, "\"score\": 94"));
        ck_assert_ptr_nonnull(strstr(w[i].first, "/案卷目录/页[4]"));
    }
    for (i = 0; i < 4; i++)
        cr_free(w[i].first);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(score_doc_maps_a_copy)
{
    struct cr_checklist *cl = NULL;
    struct cr_transform *tf = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    struct cr_diag_list *d = NULL;

    ck_assert_int_eq(cr_checklist_load(src("rules/penalty-general.xml"),
                                       NULL, &cl, NULL), CR_OK);
    ck_assert_int_eq(cr_transform_load(src("tests/hostile/xslt/"
                                           "not-a-stylesheet.xsl"),
                                       &tf, &d), CR_ERR_CHECKLIST);
    ck_assert_ptr_null(tf);
    ck_assert_int_eq(cr_diag_get_code(cr_diag_list_get(d, 0)), 2620);
    cr_diag_list_free(d);
    ck_assert_int_eq(cr_transform_load(
                         src("examples/mapping/anjuan-to-casefile.xsl"), &tf,
                         NULL), CR_OK);
    ck_assert_int_eq(cr_evaluator_new(cl, &ev), CR_OK);
    ck_assert_int_eq(cr_evaluator_set_transform(ev, tf), CR_OK);
    ck_assert_int_eq(cr_evaluator_score_memory(ev, "<x/>", 4, "x.xml", &res),
                     CR_ERR_CASE);
    /* nothing of the export's shape: the mapping writes no element */
    ck_assert_str_eq(cr_result_get_error_kind(res), "transform");
    cr_result_free(res);
    /* the caller's document is mapped through a copy: the mapping's
     * xsl:strip-space would otherwise change it */
    {
        xmlDocPtr doc = xmlReadFile(src("examples/mapping/anjuan-mulu.xml"),
                                    NULL, XML_PARSE_NONET);
        xmlChar *before = NULL, *after = NULL;
        int nb = 0, na = 0;
        ck_assert_ptr_nonnull(doc);
        xmlDocDumpMemory(doc, &before, &nb);
        ck_assert_int_eq(cr_evaluator_score_doc(ev, doc, "doc.xml", &res),
                         CR_OK);
        ck_assert(cr_result_get_score(res) == 94);
        cr_result_free(res);
        xmlDocDumpMemory(doc, &after, &na);
        ck_assert_int_eq(na, nb);
        ck_assert(memcmp(before, after, (size_t)na) == 0);
        xmlFree(before);
        xmlFree(after);
        xmlFreeDoc(doc);
    }
    ck_assert_int_eq(cr_evaluator_set_transform(ev, NULL), CR_OK);
    ck_assert_int_eq(cr_evaluator_score_memory(ev, "<x/>", 4, "x.xml", &res),
                     CR_ERR_CASE);
    ck_assert_str_eq(cr_result_get_error_kind(res), "not-accepted");
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_transform_unref(tf);
    cr_checklist_unref(cl);
}
END_TEST

START_TEST(validate_in_memory)
{
    static const char bad[] = "<case format=\"casefile/1.1\" id=\"x\">\n"
                              "  <agecny/>\n</case>\n";
    struct cr_diag_list *d = NULL;
    char *s;

    ck_assert_int_eq(cr_casefile_validate_memory(bad, strlen(bad), "b.xml",
                                                 NULL, &d), CR_ERR_CASE);
    ck_assert_uint_eq(cr_diag_list_count(d), 1);
    s = cr_diag_format(cr_diag_list_get(d, 0));
    ck_assert_str_eq(s, "b.xml:2:0: 错误[CR-2612]: <case> 中不能有 "
                     "<agecny>（不是 casefile 的元素，或不在这一层；自定义元素"
                     "请放在自己的命名空间中）");
    cr_free(s);
    cr_diag_list_free(d);
    ck_assert_int_eq(cr_casefile_validate("/nonexistent/case.xml", NULL, &d),
                     CR_ERR_IO);
    ck_assert_int_eq(cr_diag_get_code(cr_diag_list_get(d, 0)), 2616);
    cr_diag_list_free(d);
}
END_TEST

static Suite *
casefile_suite(void)
{
    Suite *s = suite_create("casefile");
    TCase *tc = tcase_create("all");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, file_kind_by_bytes, 0,
                        (int)(sizeof(kinds) / sizeof(kinds[0])));
    tcase_add_test(tc, tar_is_told_by_its_magic);
    tcase_add_test(tc, gb18030_structure);
    tcase_add_test(tc, declared_encoding);
    tcase_add_test(tc, the_one_guess);
    tcase_add_test(tc, local_paths);
    tcase_add_test(tc, one_mapping_many_threads);
    tcase_add_test(tc, score_doc_maps_a_copy);
    tcase_add_test(tc, validate_in_memory);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(casefile_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
