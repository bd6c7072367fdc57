/* test-regex.c — the PCRE2 layer: load-time checks, matching, replacing,
 * the cache and the match limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "libcasereview/alloc.h"
#include "libcasereview/msgcat-lib.h"
#include "libcasereview/regex.h"

#define LIMIT 1000000

static struct crp_regex_cache *rc;
static char err[384];

static void
setup(void)
{
    rc = crp_regex_cache_new(LIMIT);
    ck_assert_ptr_nonnull(rc);
    err[0] = '\0';
    /* the texts below are the English ones; Chinese is the default
     * (chinese_texts) */
    crp_msg_set_current(CRP_LANG_EN);
}

static void
teardown(void)
{
    crp_regex_cache_free(rc);
    rc = NULL;
}

static int
matches(const char *s, const char *pattern, const char *flags)
{
    return crp_regex_matches(rc, pattern, flags, s, err, sizeof(err));
}

START_TEST(check_accepts)
{
    size_t off = 7;

    ck_assert_int_eq(crp_regex_check("^[\\p{Han}A-Za-z0-9]+〔(19|20)\\d{2}〕"
                                     "[1-9]\\d*号$", "", err, sizeof(err),
                                     &off), 0);
    ck_assert_int_eq(crp_regex_check("a.b", "imsx", err, sizeof(err), &off),
                     0);
    ck_assert_int_eq(crp_regex_check("", NULL, err, sizeof(err), NULL), 0);
}
END_TEST

START_TEST(check_reports_offset)
{
    size_t off = 0;

    ck_assert_int_eq(crp_regex_check("ab(c", "", err, sizeof(err), &off),
                     -1);
    ck_assert_uint_eq(off, 4);
    ck_assert_ptr_nonnull(strstr(err, "missing closing parenthesis"));
    ck_assert_ptr_nonnull(strstr(err, "offset 4"));
    ck_assert_int_eq(crp_regex_check("a{2,1}", "", err, sizeof(err), &off),
                     -1);
    ck_assert_uint_eq(off, 5);
    /* offsets are in bytes of UTF-8: 执法 is 6 bytes */
    ck_assert_int_eq(crp_regex_check("执法[", "", err, sizeof(err), &off),
                     -1);
    ck_assert_uint_eq(off, 7);
    ck_assert_int_eq(crp_regex_check("\\p{Nope}", "", err, sizeof(err),
                                     &off), -1);
}
END_TEST

START_TEST(check_rejects_flags)
{
    size_t off = 0;

    ck_assert_int_eq(crp_regex_check("a", "q", err, sizeof(err), &off), -1);
    ck_assert_uint_eq(off, (size_t)-1);
    ck_assert_ptr_nonnull(strstr(err, "'q'"));
    ck_assert_int_eq(crp_regex_check("a", "ig", err, sizeof(err), &off), -1);
    ck_assert_int_eq(crp_regex_check("a", "I", err, sizeof(err), &off), -1);
}
END_TEST

START_TEST(match_basics)
{
    ck_assert_int_eq(matches("某市监处罚〔2024〕12号",
                             "^[\\p{Han}A-Za-z0-9]+〔(19|20)\\d{2}〕[1-9]\\d*号$",
                             NULL), 1);
    ck_assert_int_eq(matches("某市监处罚[2024]12号",
                             "^[\\p{Han}A-Za-z0-9]+〔(19|20)\\d{2}〕[1-9]\\d*号$",
                             NULL), 0);
    ck_assert_int_eq(matches("某市监处罚〔2024〕012号",
                             "^[\\p{Han}A-Za-z0-9]+〔(19|20)\\d{2}〕[1-9]\\d*号$",
                             ""), 0);
    ck_assert_int_eq(matches("", "^$", NULL), 1);
    ck_assert_int_eq(matches("abc", "", NULL), 1);
    /* UTF: one Han character is one '.'; UCP: \w covers Han */
    ck_assert_int_eq(matches("执法", "^..$", NULL), 1);
    ck_assert_int_eq(matches("执法", "^\\w+$", NULL), 1);
    ck_assert_int_eq(matches("《中华人民共和国食品安全法》第一百二十四条",
                             "第[一二三四五六七八九十百千零]+条$", NULL), 1);
}
END_TEST

START_TEST(match_flags)
{
    ck_assert_int_eq(matches("ABC", "abc", ""), 0);
    ck_assert_int_eq(matches("ABC", "abc", "i"), 1);
    ck_assert_int_eq(matches("a\nb", "^b$", ""), 0);
    ck_assert_int_eq(matches("a\nb", "^b$", "m"), 1);
    ck_assert_int_eq(matches("a\nb", "a.b", ""), 0);
    ck_assert_int_eq(matches("a\nb", "a.b", "s"), 1);
    ck_assert_int_eq(matches("ab", "a b", ""), 0);
    ck_assert_int_eq(matches("ab", "a b", "x"), 1);
    ck_assert_int_eq(matches("A\nB", "a.b", "si"), 1);
    ck_assert_int_eq(matches("a", "a", "z"), -1);
    ck_assert_ptr_nonnull(strstr(err, "flag 'z'"));
}
END_TEST

START_TEST(match_bad_pattern_at_run_time)
{
    ck_assert_int_eq(matches("abc", "a(b", NULL), -1);
    ck_assert_ptr_nonnull(strstr(err, "invalid regex 'a(b'"));
    ck_assert_ptr_nonnull(strstr(err, "offset 3"));
    /* not cached: fails again, and a good pattern still works */
    ck_assert_int_eq(matches("abc", "a(b", NULL), -1);
    ck_assert_int_eq(matches("abc", "a(b)", NULL), 1);
}
END_TEST

START_TEST(catastrophic_pattern_hits_limit)
{
    size_t n = 40000;
    char *s = crp_malloc(n + 2);
    struct timespec t0, t1;
    double secs;
    int r;

    memset(s, 'a', n);
    s[n] = 'b';
    s[n + 1] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = matches(s, "(a+)+$", NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) +
           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_int_eq(r, -1);
    ck_assert_str_eq(err, "regex '(a+)+$' exceeded the match limit");
    ck_assert_msg(secs < 0.5, "took %.3f s", secs);
    /* nested quantifiers of another shape, interpreter or JIT alike */
    ck_assert_int_eq(matches(s, "^(a|aa)+$", NULL), -1);
    s[n] = '!';
    ck_assert_int_eq(matches(s, "^(\\w+\\s?)*$", NULL), -1);
    crp_free(s);
}
END_TEST

/* Run-time texts speak the thread's language: Chinese for a checklist in
 * zh, the default. */
START_TEST(chinese_texts)
{
    crp_msg_set_current(CRP_LANG_ZH);
    ck_assert_int_eq(matches("abc", "a(b", NULL), -1);
    ck_assert_ptr_nonnull(strstr(err, "“a(b”"));
    ck_assert_ptr_null(strstr(err, "invalid regex"));
}
END_TEST

/* An honest match too deep for the JIT stack still succeeds. */
START_TEST(deep_match_succeeds)
{
    size_t n = 300000;
    char *s = crp_malloc(n + 1), *out = NULL;

    memset(s, 'a', n);
    s[n] = '\0';
    ck_assert_int_eq(matches(s, "^(a|aa)+$", NULL), 1);
    ck_assert_int_eq(matches(s, "^(?:a|b)*$", NULL), 1);
    ck_assert_int_eq(crp_regex_replace(rc, "^(a|aa)+$", s, "x", &out, err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(out, "x");
    crp_free(out);
    crp_free(s);
}
END_TEST

START_TEST(long_pattern_error_is_short)
{
    char pattern[2000];

    memset(pattern, 'x', sizeof(pattern) - 2);
    memcpy(pattern, "执法", 6);
    pattern[sizeof(pattern) - 2] = '(';
    pattern[sizeof(pattern) - 1] = '\0';
    ck_assert_int_eq(matches("x", pattern, NULL), -1);
    ck_assert_uint_lt(strlen(err), 300);
}
END_TEST

START_TEST(replace_groups)
{
    char *out = NULL;

    ck_assert_int_eq(crp_regex_replace(rc, "(\\d{4})-(\\d{2})", "2024-03 and 2025-11",
                                       "$2/$1", &out, err, sizeof(err)), 0);
    ck_assert_str_eq(out, "03/2024 and 11/2025");
    crp_free(out);
    ck_assert_int_eq(crp_regex_replace(rc, "\\s+", " 某 市  监 ", "", &out,
                                       err, sizeof(err)), 0);
    ck_assert_str_eq(out, "某市监");
    crp_free(out);
    ck_assert_int_eq(crp_regex_replace(rc, "x", "abc", "y", &out, err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(out, "abc");
    crp_free(out);
    ck_assert_int_eq(crp_regex_replace(rc, "", "ab", "-", &out, err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(out, "-a-b-");
    crp_free(out);
    ck_assert_int_eq(crp_regex_replace(rc, "a", "a", "$$${0}", &out, err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(out, "$a");
    crp_free(out);
    /* a group that took no part in the match is empty, not an error */
    ck_assert_int_eq(crp_regex_replace(rc, "(x)?b", "ab", "[$1]", &out, err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(out, "a[]");
    crp_free(out);
}
END_TEST

/* The first buffer is 2 × subject + replacement + 64: exceed it. */
START_TEST(replace_grows)
{
    char *out = NULL, big[1001];

    memset(big, 'z', 1000);
    big[1000] = '\0';
    ck_assert_int_eq(crp_regex_replace(rc, ".", "abcdefghij", big, &out, err,
                                       sizeof(err)), 0);
    ck_assert_uint_eq(strlen(out), 10000);
    crp_free(out);
}
END_TEST

START_TEST(replace_errors)
{
    char *out = (char *)1;

    ck_assert_int_eq(crp_regex_replace(rc, "(a)", "a", "$2", &out, err,
                                       sizeof(err)), -1);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err, "invalid replacement '$2' for regex "
                                      "'(a)'"));
    ck_assert_int_eq(crp_regex_replace(rc, "a", "a", "x$", &out, err,
                                       sizeof(err)), -1);
    ck_assert_int_eq(crp_regex_replace(rc, "(a", "a", "", &out, err,
                                       sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "invalid regex"));
}
END_TEST

/* More distinct patterns than the cache holds: it clears and goes on. */
START_TEST(cache_overflow)
{
    char pattern[32], subject[32];
    int i, round;

    for (round = 0; round < 2; round++) {
        for (i = 0; i < 700; i++) {
            snprintf(pattern, sizeof(pattern), "^p%d$", i);
            snprintf(subject, sizeof(subject), "p%d", i);
            ck_assert_int_eq(matches(subject, pattern, NULL), 1);
            ck_assert_int_eq(matches(subject, pattern, "i"), 1);
            ck_assert_int_eq(matches("q", pattern, NULL), 0);
        }
    }
}
END_TEST

START_TEST(out_of_memory)
{
    struct crp_regex_cache *c;
    unsigned long n;
    char *out;
    int r;

    for (n = 1; n < 60; n++) {
        crp_alloc_fail_at(n);
        c = crp_regex_cache_new(LIMIT);
        if (c != NULL) {
            r = crp_regex_matches(c, "(\\d+)年", NULL, "2024年", err,
                                  sizeof(err));
            ck_assert(r == 1 || r == -1);
            r = crp_regex_replace(c, "(\\d+)年", "2024年", "$1-", &out, err,
                                  sizeof(err));
            ck_assert(r == 0 || r == -1);
            if (r == 0) {
                ck_assert_str_eq(out, "2024-");
                crp_free(out);
            }
        }
        crp_alloc_fail_at(0);
        crp_regex_cache_free(c);
    }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("regex");
    TCase *tc = tcase_create("regex");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, chinese_texts);
    tcase_add_test(tc, check_accepts);
    tcase_add_test(tc, check_reports_offset);
    tcase_add_test(tc, check_rejects_flags);
    tcase_add_test(tc, match_basics);
    tcase_add_test(tc, match_flags);
    tcase_add_test(tc, match_bad_pattern_at_run_time);
    tcase_add_test(tc, catastrophic_pattern_hits_limit);
    tcase_add_test(tc, deep_match_succeeds);
    tcase_add_test(tc, long_pattern_error_is_short);
    tcase_add_test(tc, replace_groups);
    tcase_add_test(tc, replace_grows);
    tcase_add_test(tc, replace_errors);
    tcase_add_test(tc, cache_overflow);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
