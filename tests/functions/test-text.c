/* test-text.c — dates, identifier check digits, Chinese money amounts,
 * UTF-8 checks for text written out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "libcasereview/alloc.h"
#include "libcasereview/cnamount.h"
#include "libcasereview/date.h"
#include "libcasereview/ids.h"
#include "libcasereview/utf8.h"

/* ---- dates ---- */

static long
day_of(const char *s)
{
    long day = -999999999;

    ck_assert_msg(crp_date_parse(s, &day), "'%s' should parse", s);
    return day;
}

START_TEST(date_epoch_and_known_days)
{
    ck_assert_int_eq(day_of("1970-01-01"), 0);
    ck_assert_int_eq(day_of("1970-01-02"), 1);
    ck_assert_int_eq(day_of("1969-12-31"), -1);
    ck_assert_int_eq(day_of("2000-03-01"), 11017);
    ck_assert_int_eq(day_of("2024-03-05"), 19787);
    ck_assert_int_eq(day_of("0001-01-01"), CRP_DAY_MIN);
    ck_assert_int_eq(day_of("9999-12-31"), CRP_DAY_MAX);
}
END_TEST

START_TEST(date_han_forms)
{
    ck_assert_int_eq(day_of("2024年3月5日"), 19787);
    ck_assert_int_eq(day_of("2024年03月05日"), 19787);
    ck_assert_int_eq(day_of("2024年3月05日"), 19787);
    ck_assert_int_eq(day_of("2024年12月31日"), day_of("2024-12-31"));
    ck_assert_int_eq(day_of("  2024-03-05\n\t"), 19787);
    ck_assert_int_eq(day_of(" 2024年3月5日 "), 19787);
}
END_TEST

START_TEST(date_leap_years)
{
    long d;

    ck_assert_int_eq(day_of("2024-02-29") + 1, day_of("2024-03-01"));
    ck_assert_int_eq(day_of("2000-02-29") + 1, day_of("2000-03-01"));
    ck_assert(!crp_date_parse("2023-02-29", &d));
    ck_assert(!crp_date_parse("2100-02-29", &d));
    ck_assert(!crp_date_parse("1900-02-29", &d));
    ck_assert(!crp_date_parse("2023年2月29日", &d));
    ck_assert(crp_date_valid(2024, 2, 29));
    ck_assert(!crp_date_valid(2023, 2, 29));
}
END_TEST

static const char *const bad_dates[] = {
    "", " ", "2024-3-5", "2024-03-5", "24-03-05", "2024-13-01", "2024-00-10",
    "2024-04-31", "2024-01-32", "2024-01-00", "0000-01-01", "20240305",
    "2024/03/05", "2024.3.5", "2024-03-05x", "x2024-03-05", "2024 -03-05",
    "2024年3月5", "2024年3月", "2024年123月5日", "二〇二四年三月五日",
    "２０２４-03-05", "2024-03-05T10:00", "+2024-03-05", "-2024-03-05",
    "12024-03-05", "2024年3月5日 2024年3月5日",
};

START_TEST(date_rejects)
{
    long d = 42;

    ck_assert_msg(!crp_date_parse(bad_dates[_i], &d), "'%s' accepted",
                  bad_dates[_i]);
    ck_assert_int_eq(d, 42);
}
END_TEST

START_TEST(date_round_trip)
{
    char buf[11];
    long day;
    int y, m, d;

    /* every day from 1899 to 2101, both ways */
    for (day = day_of("1899-01-01"); day <= day_of("2101-12-31"); day++) {
        crp_date_format(day, buf);
        ck_assert_int_eq(day_of(buf), day);
        crp_civil_from_days(day, &y, &m, &d);
        ck_assert_int_eq(crp_days_from_civil(y, m, d), day);
    }
    crp_date_format(CRP_DAY_MIN, buf);
    ck_assert_str_eq(buf, "0001-01-01");
    crp_date_format(CRP_DAY_MAX, buf);
    ck_assert_str_eq(buf, "9999-12-31");
    crp_date_format(CRP_DAY_MAX + 1, buf);
    ck_assert_str_eq(buf, "");
    crp_date_format(CRP_DAY_MIN - 1, buf);
    ck_assert_str_eq(buf, "");
}
END_TEST

/* ---- identifiers (formats.md §2, §3) ---- */

static const struct {
    const char *id, *kind;
    int valid;
} id_vectors[] = {
    {"11010519491231002X", "resident-id", 1},
    {"37040219850312123X", "resident-id", 1},
    {"370402199202290042", "resident-id", 1},
    {"370402200806151356", "resident-id", 1},
    {"370402198503121231", "resident-id", 0}, /* bad check */
    {"37040219930229004X", "resident-id", 0}, /* no 1993-02-29 */
    {"11010519491231002x", "resident-id", 0}, /* lower-case x */
    {"11001519491231002X", "resident-id", 0}, /* digits swapped */
    {"11010519491231002", "resident-id", 0},
    {"11010519491231002XX", "resident-id", 0},
    {"", "resident-id", 0},
    {"110105194912310 2X", "resident-id", 0},
    {" 11010519491231002X\n", "resident-id", 1}, /* surrounding space */
    {"91350100M000100Y43", "credit-code", 1},
    {"91370402MA3C4K7N2P", "credit-code", 1},
    {"92370402MA3D2E8P90", "credit-code", 1},
    {"91370402MA3C4K7N2Q", "credit-code", 0}, /* check */
    {"91370402MA3C4K7N2p", "credit-code", 0}, /* lower case */
    {"91370402MO3C4K7N2P", "credit-code", 0}, /* O not allowed */
    {"91370402MA3C4K7N2", "credit-code", 0},
    {"", "credit-code", 0},
    {"11010519491231002X", "credit-code", 0},
    {"91350100M000100Y43", "resident-id", 0},
};

START_TEST(id_vector)
{
    ck_assert_msg(crp_valid_id(id_vectors[_i].id, id_vectors[_i].kind) ==
                      id_vectors[_i].valid,
                  "%s as %s", id_vectors[_i].id, id_vectors[_i].kind);
}
END_TEST

START_TEST(id_unknown_kind)
{
    ck_assert_int_eq(crp_valid_id("11010519491231002X", "passport"), -1);
    ck_assert_int_eq(crp_valid_id("11010519491231002X", ""), -1);
    ck_assert_int_eq(crp_valid_id("x", "Resident-ID"), -1);
}
END_TEST

/* ---- money amounts (formats.md §4) ---- */

static const struct {
    const char *text;
    double yuan;
} amounts[] = {
    {"人民币捌仟元整", 8000},
    {"壹万贰仟伍佰元伍角", 12500.5},
    {"壹拾万元整", 100000},
    {"拾万元整", 100000},
    {"壹仟肆佰零玖元伍角", 1409.5},
    {"陆仟零柒元壹角肆分", 6007.14},
    {"壹仟陆佰捌拾元零叁角贰分", 1680.32},
    {"壹仟陆佰捌拾元叁角贰分", 1680.32},
    {"壹拾万柒仟元零伍角叁分", 107000.53},
    {"壹拾万零柒仟元伍角叁分", 107000.53},
    {"叁佰贰拾伍元零肆分", 325.04},
    {"壹佰零捌万元整", 1080000},
    {"伍拾万零叁仟元整", 503000},
    {"壹亿零伍佰万元整", 105000000},
    {"人民币叁仟圆整", 3000},
    /* variants the rules allow */
    {"捌仟元", 8000},
    {"捌仟元正", 8000},
    {"人民币伍佰元整", 500},
    {"壹拾元整", 10},
    {"拾元整", 10},
    {"壹拾伍元整", 15},
    {"壹佰伍拾伍元整", 155},
    {"壹佰零伍元整", 105},
    {"壹仟零伍元整", 1005},
    {"壹仟零伍拾元整", 1050},
    {"壹万零伍元整", 10005},
    {"壹亿元整", 100000000},
    {"壹亿零伍元整", 100000005},
    {"伍角", 0.5},
    {"伍角整", 0.5},
    {"叁元伍角整", 3.5},
    {"零元整", 0},
    {" 人民币捌仟元整 ", 8000},
    {"玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", 99999999.99},
};

START_TEST(amount_vector)
{
    double v = crp_cn_amount(amounts[_i].text);

    ck_assert_msg(v == amounts[_i].yuan, "%s gave %.17g, not %.17g",
                  amounts[_i].text, v, amounts[_i].yuan);
}
END_TEST

static const char *const not_amounts[] = {
    "¥8,000.00", "8000元", "捌千元整", "八千元", "捌仟", "", "人民币", "元整",
    "整", "壹佰伍元",         /* colloquially 150: ambiguous */
    "壹仟伍元", "壹万伍佰元", /* a missing 零 */
    "壹佰零零伍元", "零零元", "壹仟零佰元", "壹佰元零", "壹仟零伍佰元",
    "壹佰拾元", "壹佰佰元", "壹拾佰元", "壹万亿元", "壹万万元", "万元",
    "壹亿伍仟元", "叁佰贰拾伍元肆分", /* 角 zero needs 零 */
    "叁元伍角叁分整", "叁元整整", "叁元零角", "叁元零分", "叁元伍分角",
    "叁元伍角叁", "人民币 捌仟元整", "捌仟元整（¥8,000.00）", "RMB捌仟元整",
    "捌仟元整元", "伍角元", "零", "零元零", "壹元圆", "拾拾元",
};

START_TEST(amount_rejects)
{
    double v = crp_cn_amount(not_amounts[_i]);

    ck_assert_msg(isnan(v), "'%s' gave %.17g", not_amounts[_i], v);
}
END_TEST

/* ---- UTF-8 for text written out ---- */

START_TEST(utf8_valid_and_clean)
{
    char *c;

    ck_assert(crp_utf8_valid(""));
    ck_assert(crp_utf8_valid("ab \xe6\xb3\x95 \xf0\x9f\x98\x80"));
    ck_assert(!crp_utf8_valid("a\xff" "b"));
    ck_assert(!crp_utf8_valid("\xe6\xb3"));          /* cut short */
    ck_assert(!crp_utf8_valid("\xc0\xaf"));          /* overlong */
    ck_assert(!crp_utf8_valid("\xed\xa0\x80"));      /* surrogate */
    c = crp_utf8_clean("a\xff\xfe\xe6\xb3\x95" "b\xe6");
    ck_assert_str_eq(c, "a\xef\xbf\xbd\xef\xbf\xbd\xe6\xb3\x95" "b\xef\xbf\xbd");
    crp_free(c);
}
END_TEST

START_TEST(utf8_copy_line)
{
    char buf[8];

    crp_utf8_copy_line(buf, sizeof(buf), "ab\ncd \n");
    ck_assert_str_eq(buf, "ab cd");
    /* 2 + 3 + 3 bytes do not fit in 7: cut before the second character */
    crp_utf8_copy_line(buf, sizeof(buf), "ab\xe6\xb3\x95\xe6\xb3\x95");
    ck_assert_str_eq(buf, "ab\xe6\xb3\x95");
    crp_utf8_copy_line(buf, sizeof(buf), "\xff\tx");
    ck_assert_str_eq(buf, "? x");
    crp_utf8_copy_line(buf, sizeof(buf), NULL);
    ck_assert_str_eq(buf, "");
    crp_utf8_copy_line(buf, 1, "abc");
    ck_assert_str_eq(buf, "");
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("dates");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, date_epoch_and_known_days);
    tcase_add_test(tc, date_han_forms);
    tcase_add_test(tc, date_leap_years);
    tcase_add_loop_test(tc, date_rejects, 0,
                        sizeof(bad_dates) / sizeof(bad_dates[0]));
    tcase_add_test(tc, date_round_trip);
    suite_add_tcase(s, tc);
    tc = tcase_create("ids");
    tcase_add_loop_test(tc, id_vector, 0,
                        sizeof(id_vectors) / sizeof(id_vectors[0]));
    tcase_add_test(tc, id_unknown_kind);
    suite_add_tcase(s, tc);
    tc = tcase_create("amounts");
    tcase_add_loop_test(tc, amount_vector, 0,
                        sizeof(amounts) / sizeof(amounts[0]));
    tcase_add_loop_test(tc, amount_rejects, 0,
                        sizeof(not_amounts) / sizeof(not_amounts[0]));
    suite_add_tcase(s, tc);
    tc = tcase_create("utf8");
    tcase_add_test(tc, utf8_valid_and_clean);
    tcase_add_test(tc, utf8_copy_line);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
