/* test-calendar.c — the working-day calendar: the shipped 2010-2026 data
 * against the published totals and the vectors of calendar.md §4 and
 * law-history.md §6, and the loader's diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "libcasereview/alloc.h"
#include "libcasereview/diag.h"
#include "libcasereview/date.h"

static struct crp_calendar *cal;

static long
day_of(const char *s)
{
    long day = 0;

    ck_assert_msg(crp_date_parse(s, &day), "'%s' should parse", s);
    return day;
}

static void
load_shipped(void)
{
    const char *src = getenv("CR_SOURCE_DIR");
    char path[4096];
    struct cr_diag_list *diags = crp_diag_list_new();

    snprintf(path, sizeof(path), "%s/rules/data/cn-workdays.xml",
             src ? src : ".");
    ck_assert_int_eq(crp_calendar_load(path, diags, &cal), CR_OK);
    ck_assert_ptr_nonnull(cal);
    /* the shipped file must not even warn */
    ck_assert_uint_eq(cr_diag_list_count(diags), 0);
    cr_diag_list_free(diags);
}

static void
unload(void)
{
    crp_calendar_free(cal);
    cal = NULL;
}

static const char *
add_workdays(const char *a, long n)
{
    static char buf[11];
    long day;

    if (crp_calendar_add_workdays(cal, day_of(a), n, &day) != 0)
        return "(outside)";
    crp_date_format(day, buf);
    return buf;
}

static long
workdays_between(const char *a, const char *b)
{
    long n = -12345;

    ck_assert_int_eq(crp_calendar_workdays_between(cal, day_of(a),
                                                   day_of(b), &n), 0);
    return n;
}

START_TEST(range)
{
    long from, to;

    crp_calendar_range(cal, &from, &to);
    ck_assert_int_eq(from, day_of("2010-01-01"));
    ck_assert_int_eq(to, day_of("2026-12-31"));
}
END_TEST

/* calendar.md §2 and law-history.md §6: working days per year, weekday
 * holidays, make-up days */
START_TEST(yearly_totals)
{
    static const struct {
        int year;
        long workdays, weekday_holidays, makeup;
    } totals[] = {{2010, 250, 19, 8},  {2011, 250, 16, 6},
                  {2012, 249, 18, 6},  {2013, 250, 23, 12},
                  {2014, 250, 16, 5},  {2015, 249, 17, 5},
                  {2016, 250, 17, 6},  {2017, 249, 16, 5},
                  {2018, 250, 18, 7},  {2019, 250, 17, 6},
                  {2020, 249, 19, 6},  {2021, 250, 18, 7},
                  {2022, 249, 18, 7},  {2023, 249, 18, 7},
                  {2024, 251, 19, 8}, {2025, 248, 18, 5},
                  {2026, 248, 19, 6}};
    size_t i;
    long day, first, last, holidays, makeup;
    int weekday;
    char a[11];

    for (i = 0; i < sizeof(totals) / sizeof(totals[0]); i++) {
        snprintf(a, sizeof(a), "%d-01-01", totals[i].year);
        first = day_of(a);
        last = crp_days_from_civil(totals[i].year, 12, 31);
        holidays = makeup = 0;
        for (day = first; day <= last; day++) {
            weekday = (int)(((day % 7) + 7 + 4) % 7); /* 0 = Sunday */
            if (weekday >= 1 && weekday <= 5)
                holidays += crp_calendar_is_workday(cal, day) == 0;
            else
                makeup += crp_calendar_is_workday(cal, day) == 1;
        }
        ck_assert_int_eq(holidays, totals[i].weekday_holidays);
        ck_assert_int_eq(makeup, totals[i].makeup);
        /* (Dec 31 of the year before, Dec 31]: the whole year; for the
         * calendar's first year the first day is counted by hand */
        if (i == 0) {
            long n;
            ck_assert_int_eq(crp_calendar_workdays_between(cal, first, last,
                                                           &n), 0);
            n += crp_calendar_is_workday(cal, first);
            ck_assert_int_eq(n, totals[i].workdays);
        } else {
            long n;
            ck_assert_int_eq(crp_calendar_workdays_between(cal, first - 1,
                                                           last, &n), 0);
            ck_assert_int_eq(n, totals[i].workdays);
        }
    }
}
END_TEST

/* calendar.md §4 */
START_TEST(vectors)
{
    ck_assert_str_eq(add_workdays("2024-09-30", 5), "2024-10-12");
    ck_assert_str_eq(add_workdays("2024-09-30", 7), "2024-10-15");
    ck_assert_str_eq(add_workdays("2023-09-28", 2), "2023-10-08");
    ck_assert_str_eq(add_workdays("2023-12-29", 3), "2024-01-04");
    ck_assert_str_eq(add_workdays("2025-01-24", 7), "2025-02-10");
    ck_assert_str_eq(add_workdays("2025-09-30", 5), "2025-10-14");
    ck_assert_str_eq(add_workdays("2026-02-13", 7), "2026-03-02");
    ck_assert_int_eq(workdays_between("2024-02-09", "2024-02-18"), 1);
    ck_assert_int_eq(workdays_between("2026-02-13", "2026-02-28"), 6);
    /* 7 working days from Friday 2024-09-27 end on Sat 10-12 (§4) */
    ck_assert_str_eq(add_workdays("2024-09-27", 7), "2024-10-12");
}
END_TEST

/* law-history.md §6: old years, with the second notices of 2015 (the
 * 70th anniversary), 2019 (劳动节) and 2020 (the epidemic extension) */
START_TEST(old_year_vectors)
{
    char buf[11];

    ck_assert_str_eq(add_workdays("2014-01-29", 3), "2014-02-08");
    ck_assert_str_eq(add_workdays("2015-09-01", 5), "2015-09-09");
    ck_assert_int_eq(workdays_between("2015-09-01", "2015-09-09"), 5);
    ck_assert_str_eq(add_workdays("2019-04-26", 3), "2019-04-30");
    ck_assert_str_eq(add_workdays("2018-12-28", 3), "2019-01-03");
    ck_assert_str_eq(add_workdays("2020-01-22", 7), "2020-02-10");
    ck_assert_str_eq(add_workdays("2012-09-28", 5), "2012-10-11");
    ck_assert_str_eq(add_workdays("2013-09-30", 5), "2013-10-12");
    ck_assert_str_eq(add_workdays("2016-09-30", 7), "2016-10-14");
    ck_assert_str_eq(add_workdays("2011-04-29", 3), "2011-05-05");
    /* 15 calendar days from 2019-09-16 end on a holiday: moved on */
    crp_date_format(day_of("2019-09-16") + 14, buf);
    ck_assert_str_eq(add_workdays(buf, 1), "2019-10-08");
    /* the 2020 extension: 01-31 a holiday, Saturday 02-01 no longer
     * a make-up day */
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2020-01-31")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2020-02-01")), 0);
    /* 除夕 was a working day from 2014 to 2024, a holiday from 2025 */
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2014-01-30")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2025-01-28")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2025-05-02")), 0);
}
END_TEST

/* end = add-workdays(add-days(start, n - 1), 1) for calendar-day periods */
START_TEST(calendar_day_periods)
{
    char buf[11];

    crp_date_format(day_of("2024-09-16") + 14, buf);
    ck_assert_str_eq(add_workdays(buf, 1), "2024-10-08");
    crp_date_format(day_of("2023-09-14") + 14, buf);
    ck_assert_str_eq(add_workdays(buf, 1), "2023-10-07");
}
END_TEST

START_TEST(makeup_days_and_holidays)
{
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-10-12")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-09-29")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2023-01-28")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2026-09-20")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-10-13")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-10-01")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-10-07")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2023-01-02")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-10-08")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2024-06-08")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2021-12-31")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2009-12-31")), -1);
    ck_assert_int_eq(crp_calendar_is_workday(cal, day_of("2027-01-01")), -1);
}
END_TEST

START_TEST(counting_rules)
{
    long n;

    ck_assert_int_eq(workdays_between("2024-03-05", "2024-03-05"), 0);
    ck_assert_int_eq(workdays_between("2024-03-04", "2024-03-05"), 1);
    ck_assert_int_eq(workdays_between("2024-03-05", "2024-03-04"), -1);
    ck_assert_int_eq(workdays_between("2024-02-18", "2024-02-09"), -1);
    /* the starting day never counts, a holiday end day neither */
    ck_assert_int_eq(workdays_between("2024-09-30", "2024-10-07"), 0);
    ck_assert_int_eq(workdays_between("2024-09-30", "2024-10-12"), 5);
    ck_assert_int_eq(workdays_between("2022-01-01", "2026-12-31"),
                     249 + 249 + 251 + 248 + 248);
    ck_assert_int_eq(workdays_between("2021-12-31", "2022-01-05"), 2);
    ck_assert_int_eq(crp_calendar_workdays_between(
                         cal, day_of("2009-12-31"), day_of("2010-01-05"),
                         &n), -1);
    ck_assert_int_eq(crp_calendar_workdays_between(
                         cal, day_of("2026-12-01"), day_of("2027-01-05"),
                         &n), -1);
}
END_TEST

START_TEST(adding_rules)
{
    long day;

    ck_assert_str_eq(add_workdays("2024-10-01", 0), "2024-10-01");
    ck_assert_str_eq(add_workdays("2024-10-01", 1), "2024-10-08");
    ck_assert_str_eq(add_workdays("2024-10-12", 1), "2024-10-14");
    ck_assert_str_eq(add_workdays("2024-10-14", -1), "2024-10-12");
    ck_assert_str_eq(add_workdays("2024-10-08", -1), "2024-09-30");
    ck_assert_str_eq(add_workdays("2024-10-05", -1), "2024-09-30");
    ck_assert_str_eq(add_workdays("2024-10-15", -7), "2024-09-30");
    ck_assert_str_eq(add_workdays("2010-01-04", 0), "2010-01-04");
    ck_assert_str_eq(add_workdays("2010-01-05", -1), "2010-01-04");
    ck_assert_str_eq(add_workdays("2010-01-04", -1), "(outside)");
    ck_assert_str_eq(add_workdays("2022-01-04", -1), "2021-12-31");
    ck_assert_str_eq(add_workdays("2026-12-30", 1), "2026-12-31");
    ck_assert_str_eq(add_workdays("2026-12-30", 2), "(outside)");
    ck_assert_str_eq(add_workdays("2024-01-01", 100000), "(outside)");
    ck_assert_str_eq(add_workdays("2024-01-01", -100000), "(outside)");
    ck_assert_int_eq(crp_calendar_add_workdays(cal, day_of("2009-12-31"), 1,
                                               &day), -1);
    ck_assert_int_eq(crp_calendar_add_workdays(cal, day_of("2027-01-01"), 0,
                                               &day), -1);
}
END_TEST

/* add-workdays and workdays-between agree on every working day */
START_TEST(add_inverts_count)
{
    long from = day_of("2010-01-01"), to = day_of("2026-12-31"), a, b, n, m;

    for (a = from; a <= to; a += 3) {
        for (n = 1; n <= 20; n++) {
            if (crp_calendar_add_workdays(cal, a, n, &b) != 0)
                break;
            ck_assert_int_eq(crp_calendar_is_workday(cal, b), 1);
            ck_assert_int_eq(crp_calendar_workdays_between(cal, a, b, &m), 0);
            ck_assert_int_eq(m, n);
        }
    }
}
END_TEST

/* ---- loader diagnostics ---- */

static char tmp_path[64];

static const char *
write_calendar(const char *xml)
{
    int fd;
    FILE *f;

    snprintf(tmp_path, sizeof(tmp_path), "/tmp/cr-calendar-XXXXXX");
    fd = mkstemp(tmp_path);
    ck_assert_int_ge(fd, 0);
    f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(xml, f);
    fclose(f);
    return tmp_path;
}

/* Loads XML, expects failure; returns the diagnostics (caller frees). */
static struct cr_diag_list *
load_bad(const char *xml, enum cr_status expect)
{
    struct cr_diag_list *diags = crp_diag_list_new();
    struct crp_calendar *c = (struct crp_calendar *)1;

    crp_diag_list_set_lang(diags, CRP_LANG_EN);   /* the needles below */
    ck_assert_int_eq(crp_calendar_load(write_calendar(xml), diags, &c),
                     expect);
    unlink(tmp_path);
    ck_assert_ptr_null(c);
    return diags;
}

static void
assert_diag(const struct cr_diag_list *diags, size_t i, int code, int line,
            const char *needle)
{
    const struct cr_diag *d = cr_diag_list_get(diags, i);

    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(cr_diag_get_code(d), code);
    ck_assert_int_eq(cr_diag_get_line(d), line);
    ck_assert_str_eq(cr_diag_get_file(d), tmp_path);
    ck_assert_msg(strstr(cr_diag_get_message(d), needle) != NULL,
                  "'%s' lacks '%s'", cr_diag_get_message(d), needle);
}

#define HEAD "<calendar xmlns=\"urn:casereview:calendar:1\" "

START_TEST(load_ok_small)
{
    struct cr_diag_list *diags = crp_diag_list_new();
    struct crp_calendar *c = NULL;

    ck_assert_int_eq(crp_calendar_load(
                         write_calendar(
                             HEAD "from=\"2024-10-01\" to=\"2024-10-31\">\n"
                             "  <!-- comment -->\n"
                             "  <holiday date=\"2024-10-01\" name=\"国庆节\"/>\n"
                             "  <workday date=\"2024-10-12\"/>\n"
                             "</calendar>\n"),
                         diags, &c),
                     CR_OK);
    unlink(tmp_path);
    ck_assert_uint_eq(cr_diag_list_count(diags), 0);
    ck_assert_int_eq(crp_calendar_is_workday(c, day_of("2024-10-01")), 0);
    ck_assert_int_eq(crp_calendar_is_workday(c, day_of("2024-10-02")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(c, day_of("2024-10-12")), 1);
    ck_assert_int_eq(crp_calendar_is_workday(c, day_of("2024-11-01")), -1);
    crp_calendar_free(c);
    cr_diag_list_free(diags);
}
END_TEST

START_TEST(load_bad_date)
{
    struct cr_diag_list *diags = load_bad(
        HEAD "from=\"2024-01-01\" to=\"2024-12-31\">\n"
        "  <holiday date=\"2024-10-01\"/>\n"
        "  <holiday date=\"2024-02-30\"/>\n"
        "  <workday date=\"2024年10月12日\"/>\n"
        "  <holiday date=\"2025-01-01\"/>\n"
        "  <holiday/>\n"
        "</calendar>\n",
        CR_ERR_CHECKLIST);

    ck_assert_uint_eq(cr_diag_list_count(diags), 4);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 3, "2024-02-30");
    assert_diag(diags, 1, CRP_DIAG_CALENDAR_INVALID, 4, "2024年10月12日");
    assert_diag(diags, 2, CRP_DIAG_CALENDAR_INVALID, 5, "outside");
    assert_diag(diags, 3, CRP_DIAG_CALENDAR_INVALID, 6, "'date'");
    cr_diag_list_free(diags);
}
END_TEST

START_TEST(load_unknown_element_and_attribute)
{
    struct cr_diag_list *diags = load_bad(
        HEAD "from=\"2024-01-01\" to=\"2024-12-31\" year=\"2024\">\n"
        "  <holiday date=\"2024-10-01\" kind=\"national\"/>\n"
        "\n"
        "  <holidays date=\"2024-10-02\"/>\n"
        "  text\n"
        "  <x:holiday xmlns:x=\"urn:other\" date=\"2024-10-03\"/>\n"
        "</calendar>\n",
        CR_ERR_CHECKLIST);

    ck_assert_uint_eq(cr_diag_list_count(diags), 5);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 1, "'year'");
    assert_diag(diags, 1, CRP_DIAG_CALENDAR_INVALID, 2, "'kind'");
    assert_diag(diags, 2, CRP_DIAG_CALENDAR_INVALID, 4, "<holidays>");
    assert_diag(diags, 3, CRP_DIAG_CALENDAR_INVALID, 5, "text");
    assert_diag(diags, 4, CRP_DIAG_CALENDAR_INVALID, 6, "<holiday>");
    cr_diag_list_free(diags);
}
END_TEST

START_TEST(load_conflict_and_weekday_workday)
{
    struct cr_diag_list *diags = load_bad(
        HEAD "from=\"2024-01-01\" to=\"2024-12-31\">\n"
        "  <workday date=\"2024-10-14\"/>\n"
        "  <holiday date=\"2024-10-12\"/>\n"
        "  <workday date=\"2024-10-12\"/>\n"
        "</calendar>\n",
        CR_ERR_CHECKLIST);
    const struct cr_diag *d;

    ck_assert_uint_eq(cr_diag_list_count(diags), 2);
    d = cr_diag_list_get(diags, 0);
    ck_assert_int_eq(cr_diag_get_severity(d), CR_SEVERITY_WARNING);
    ck_assert_int_eq(cr_diag_get_line(d), 2);
    assert_diag(diags, 1, CRP_DIAG_CALENDAR_INVALID, 4, "both");
    cr_diag_list_free(diags);
}
END_TEST

START_TEST(load_bad_root_and_range)
{
    struct cr_diag_list *diags;

    diags = load_bad("<calendar from=\"2024-01-01\" to=\"2024-12-31\"/>\n",
                     CR_ERR_CHECKLIST);
    ck_assert_uint_eq(cr_diag_list_count(diags), 1);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 1, "root element");
    cr_diag_list_free(diags);

    diags = load_bad(HEAD "from=\"2024-12-31\" to=\"2024-01-01\"/>\n",
                     CR_ERR_CHECKLIST);
    ck_assert_uint_eq(cr_diag_list_count(diags), 1);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 1, "range");
    cr_diag_list_free(diags);

    /* libxml2 gives an element the line its start tag ends on; the
     * diagnostic names the line where it begins (xml-lines.c) */
    diags = load_bad(HEAD "\n to=\"2024-01-01\"/>\n", CR_ERR_CHECKLIST);
    ck_assert_uint_eq(cr_diag_list_count(diags), 1);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 1, "'from'");
    cr_diag_list_free(diags);

    diags = load_bad(HEAD "from=\"1000-01-01\" to=\"9999-12-31\"/>\n",
                     CR_ERR_CHECKLIST);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 1, "200 years");
    cr_diag_list_free(diags);
}
END_TEST

START_TEST(load_not_well_formed)
{
    struct cr_diag_list *diags = load_bad(
        HEAD "from=\"2024-01-01\" to=\"2024-12-31\">\n"
        "  <holiday date=\"2024-10-01\">\n"
        "</calendar>\n",
        CR_ERR_CHECKLIST);

    ck_assert_uint_ge(cr_diag_list_count(diags), 1);
    assert_diag(diags, 0, CRP_DIAG_CALENDAR_INVALID, 3, "well-formed");
    cr_diag_list_free(diags);

    diags = load_bad("", CR_ERR_CHECKLIST);
    ck_assert_uint_eq(cr_diag_list_count(diags), 1);
    cr_diag_list_free(diags);
}
END_TEST

/* An external entity must not be read (XXE). */
START_TEST(load_refuses_entities)
{
    struct cr_diag_list *diags = load_bad(
        "<!DOCTYPE calendar [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        HEAD "from=\"2024-01-01\" to=\"2024-12-31\">&e;</calendar>\n",
        CR_ERR_CHECKLIST);
    char *text = cr_diag_list_format(diags);

    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "&e;"));
    ck_assert_ptr_null(strstr(text, "root:"));
    cr_free(text);
    cr_diag_list_free(diags);
}
END_TEST

START_TEST(load_missing_file)
{
    struct cr_diag_list *diags = crp_diag_list_new();
    struct crp_calendar *c = NULL;
    const struct cr_diag *d;

    ck_assert_int_eq(crp_calendar_load("/nonexistent/cal.xml", diags, &c),
                     CR_ERR_CHECKLIST);
    ck_assert_ptr_null(c);
    ck_assert_uint_eq(cr_diag_list_count(diags), 1);
    d = cr_diag_list_get(diags, 0);
    ck_assert_int_eq(cr_diag_get_code(d), CRP_DIAG_DATA_MISSING);
    ck_assert_str_eq(cr_diag_get_file(d), "/nonexistent/cal.xml");
    cr_diag_list_free(diags);
}
END_TEST

/* Every allocation failing in turn: CR_ERR_NOMEM or success, no leak. */
START_TEST(load_out_of_memory)
{
    const char *path = write_calendar(
        HEAD "from=\"2024-01-01\" to=\"2024-12-31\">\n"
        "  <holiday date=\"2024-10-01\"/>\n  <bogus/>\n</calendar>\n");
    struct cr_diag_list *diags;
    struct crp_calendar *c;
    enum cr_status st;
    unsigned long n;

    for (n = 1; n < 200; n++) {
        diags = crp_diag_list_new();
        ck_assert_ptr_nonnull(diags);
        crp_alloc_fail_at(n);
        st = crp_calendar_load(path, diags, &c);
        crp_alloc_fail_at(0);
        ck_assert(st == CR_ERR_NOMEM || st == CR_ERR_CHECKLIST);
        ck_assert_ptr_null(c);
        cr_diag_list_free(diags);
    }
    unlink(tmp_path);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("shipped");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, load_shipped, unload);
    tcase_add_test(tc, range);
    tcase_add_test(tc, yearly_totals);
    tcase_add_test(tc, vectors);
    tcase_add_test(tc, old_year_vectors);
    tcase_add_test(tc, calendar_day_periods);
    tcase_add_test(tc, makeup_days_and_holidays);
    tcase_add_test(tc, counting_rules);
    tcase_add_test(tc, adding_rules);
    tcase_add_test(tc, add_inverts_count);
    suite_add_tcase(s, tc);
    tc = tcase_create("loader");
    tcase_add_test(tc, load_ok_small);
    tcase_add_test(tc, load_bad_date);
    tcase_add_test(tc, load_unknown_element_and_attribute);
    tcase_add_test(tc, load_conflict_and_weekday_workday);
    tcase_add_test(tc, load_bad_root_and_range);
    tcase_add_test(tc, load_not_well_formed);
    tcase_add_test(tc, load_refuses_entities);
    tcase_add_test(tc, load_missing_file);
    tcase_add_test(tc, load_out_of_memory);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
