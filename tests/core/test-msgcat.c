/* test-msgcat.c — the message catalogue: every entry has both texts,
 * the two take the same printf conversions for the same arguments, and
 * no spelling belongs to two entries with different translations. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgcat.h"

static const struct crp_msg lib_tab[] = {
#define M(zh, en) {zh, en},
#include "../../libcasereview/messages-text.def"
#include "../../libcasereview/messages-text-main.def"
#include "../../libcasereview/messages-eval.def"
#undef M
};

static const struct crp_msg cli_tab[] = {
#define M(zh, en) {zh, en},
#include "../../cli/messages.def"
#include "../../cli/messages-batch.def"
#include "../../cli/messages-batchout.def"
#include "../../cli/messages-cmds.def"
#include "../../cli/messages-main.def"
#undef M
};

#define MAX_CONV 16

/* The conversions of FMT by argument number ("%2$s" is argument 2, a
 * plain one the next): OUT[i] is "flags width precision length conv"
 * of argument i+1. Returns the number of arguments, -1 on a bad FMT. */
static int
conversions(const char *fmt, char out[MAX_CONV][16])
{
    int next = 0, n = 0;
    const char *p;

    for (p = fmt; *p; p++) {
        const char *start;
        int arg;
        size_t len;

        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        start = ++p;
        arg = next++;
        if (*p >= '1' && *p <= '9') {
            char *end;
            long v = strtol(p, &end, 10);
            if (*end == '$') {
                arg = (int)v - 1;
                p = end + 1;
                start = p;
            }
        }
        while (*p && strchr("-+ #0123456789.*hlLqjzt", *p))
            p++;
        if (*p == '\0' || arg < 0 || arg >= MAX_CONV)
            return -1;
        len = (size_t)(p - start) + 1;
        if (len >= 16 || out[arg][0])
            return -1;
        memcpy(out[arg], start, len);
        out[arg][len] = '\0';
        if (arg + 1 > n)
            n = arg + 1;
    }
    return n;
}

static void
check_table(const struct crp_msg *tab, size_t n, const char *name)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        char a[MAX_CONV][16], b[MAX_CONV][16];
        int na, nb, k;

        memset(a, 0, sizeof(a));
        memset(b, 0, sizeof(b));
        ck_assert_msg(tab[i].zh[0] && tab[i].en[0], "%s: empty text at %zu",
                      name, i);
        na = conversions(tab[i].zh, a);
        nb = conversions(tab[i].en, b);
        ck_assert_msg(na >= 0 && nb >= 0, "%s: bad format: %s / %s", name,
                      tab[i].zh, tab[i].en);
        ck_assert_msg(na == nb, "%s: %d vs %d arguments: %s / %s", name, na,
                      nb, tab[i].zh, tab[i].en);
        for (k = 0; k < na; k++)
            ck_assert_msg(strcmp(a[k], b[k]) == 0,
                          "%s: argument %d is %%%s vs %%%s: %s / %s", name,
                          k + 1, a[k], b[k], tab[i].zh, tab[i].en);
        /* a spelling met twice must mean the same thing both times */
        for (j = 0; j < i; j++) {
            if (strcmp(tab[i].en, tab[j].en) == 0)
                ck_assert_msg(strcmp(tab[i].zh, tab[j].zh) == 0,
                              "%s: two translations of %s", name, tab[i].en);
            if (strcmp(tab[i].zh, tab[j].zh) == 0)
                ck_assert_msg(strcmp(tab[i].en, tab[j].en) == 0,
                              "%s: two translations of %s", name, tab[i].zh);
        }
    }
}

START_TEST(library_catalogue_is_consistent)
{
    check_table(lib_tab, sizeof(lib_tab) / sizeof(lib_tab[0]), "library");
}
END_TEST

START_TEST(command_catalogue_is_consistent)
{
    check_table(cli_tab, sizeof(cli_tab) / sizeof(cli_tab[0]), "command");
}
END_TEST

START_TEST(conversion_parser_sees_mismatches)
{
    char a[MAX_CONV][16], b[MAX_CONV][16];

    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    ck_assert_int_eq(conversions("%2$s 的 %1$d%%", a), 2);
    ck_assert_int_eq(conversions("%d of %s", b), 2);
    ck_assert_str_eq(a[0], "d");
    ck_assert_str_eq(a[1], "s");
    ck_assert_str_eq(b[0], "d");
    memset(a, 0, sizeof(a));
    ck_assert_int_eq(conversions("%zu bytes", a), 1);
    ck_assert_str_eq(a[0], "zu");
    memset(a, 0, sizeof(a));
    ck_assert_int_eq(conversions("%1$s %1$s", a), -1);
}
END_TEST

START_TEST(pick_by_either_spelling)
{
    static const struct crp_msg t[] = {{"文件 %s", "file %s"}};

    ck_assert_str_eq(crp_msg_pick(t, 1, CRP_LANG_ZH, "file %s"), "文件 %s");
    ck_assert_str_eq(crp_msg_pick(t, 1, CRP_LANG_EN, "文件 %s"), "file %s");
    ck_assert_str_eq(crp_msg_pick(t, 1, CRP_LANG_EN, "other"), "other");
    ck_assert_int_eq(crp_lang_parse("en_US.UTF-8"), CRP_LANG_EN);
    ck_assert_int_eq(crp_lang_parse("zh_CN.UTF-8"), CRP_LANG_ZH);
    ck_assert_int_eq(crp_lang_parse("fr"), -1);
    ck_assert_str_eq(crp_msg_errno(CRP_LANG_ZH, ENOENT), "文件或文件夹不存在");
    ck_assert_str_eq(crp_msg_errno(CRP_LANG_EN, ENOENT),
                     "no such file or folder");
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("msgcat");
    TCase *tc = tcase_create("catalogue");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, library_catalogue_is_consistent);
    tcase_add_test(tc, command_catalogue_is_consistent);
    tcase_add_test(tc, conversion_parser_sees_mismatches);
    tcase_add_test(tc, pick_by_either_spelling);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
