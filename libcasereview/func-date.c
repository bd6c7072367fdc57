/* func-date.c — cr:'s dates and working days: cr:date, cr:days-between,
 * cr:workdays-between, cr:add-days, cr:add-workdays, cr:age. Dates are day
 * numbers (date.c); working days come from the checklist's calendar
 * (calendar.c).
 *
 * An invalid date gives NaN (or "" for a date result) quietly; a valid
 * date the calendar does not cover gives NaN and fails the item: never
 * a guess. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "functions.h"
#include "msgcat-lib.h"

/* in the language of the evaluator scoring on this thread */
#define T(s) crp_msg(crp_msg_current(), s)

/* Larger day offsets leave every representable date anyway. */
#define MAX_DAY_OFFSET 1e7

static int
is_whole(double n)
{
    return isfinite(n) && n == floor(n) && fabs(n) <= MAX_DAY_OFFSET;
}

/* Argument I as a day: a number is already a day number (when whole and
 * in range), anything else is parsed from its string. 1 and *DAY, or 0
 * when it is no valid date. */
static int
arg_day(const struct crp_fn_call *c, int i, long *day)
{
    const struct crp_fn_arg *a = &c->arg[i];

    if (!a->is_num)
        return crp_date_parse((const char *)a->s, day);
    return crp_day_from_number(a->num, day);
}

/* Argument I as a number of days: whole, within the supported range
 * (1.5 days has no meaning here). */
static int
arg_offset(const struct crp_fn_call *c, int i, long *n)
{
    if (!is_whole(c->arg[i].num))
        return 0;
    *n = (long)c->arg[i].num;
    return 1;
}

/* An ISO date, or "" when DAY is not a representable date. */
static int
date_result(struct crp_fn_call *c, long day)
{
    crp_date_format(day, c->ret.buf);
    return crp_fn_string(c, c->ret.buf);
}

/* cr:date(value): its day number, NaN when it is no date. */
int
crp_fn_date(struct crp_fn_call *c)
{
    long day;

    return crp_fn_number(c, arg_day(c, 0, &day) ? (double)day : NAN);
}

/* cr:days-between(a, b): b - a in days. */
int
crp_fn_days_between(struct crp_fn_call *c)
{
    long a, b;

    if (!arg_day(c, 0, &a) || !arg_day(c, 1, &b))
        return crp_fn_number(c, NAN);
    return crp_fn_number(c, (double)(b - a));
}

/* cr:add-days(date, n): the ISO date N days after DATE. */
int
crp_fn_add_days(struct crp_fn_call *c)
{
    long a, n;

    if (!arg_day(c, 0, &a) || !arg_offset(c, 1, &n))
        return crp_fn_string(c, "");
    return date_result(c, a + n);
}

/* cr:age(birth, on): full years of age (周岁) on ON. Courts count a year
 * as reached on the day after the birthday (周岁从周岁生日的第二天起算),
 * so on the birthday itself the person is still a year younger. In a year
 * without Feb 29, a Feb 29 birthday falls on Feb 28, the month's last
 * day, as the Civil Code's 第二百零二条 ends a period of years whose month
 * lacks the day: the year is reached on Mar 1, as in a leap year. NaN
 * when a date is invalid or ON comes before BIRTH. */
int
crp_fn_age(struct crp_fn_call *c)
{
    long birth, on;
    int by, bm, bd, y, m, d, age;

    if (!arg_day(c, 0, &birth) || !arg_day(c, 1, &on) || on < birth)
        return crp_fn_number(c, NAN);
    crp_civil_from_days(birth, &by, &bm, &bd);
    crp_civil_from_days(on, &y, &m, &d);
    if (bm == 2 && bd == 29 && !crp_date_valid(y, 2, 29))
        bd = 28;
    age = y - by;
    if (m < bm || (m == bm && d <= bd))
        age--;
    return crp_fn_number(c, age < 0 ? 0 : age);
}

/* ---- working days ---- */

/* The calendar, or NULL after recording why there is none. */
static const struct crp_calendar *
calendar_of(struct crp_fn_call *c)
{
    if (c->env->calendar == NULL)
        crp_fn_fail(c->env, "cr:%s needs a working-day calendar "
                    "(<calendar href=\"...\"/> in the checklist)",
                    c->fn->name);
    return c->env->calendar;
}

/* The calendar's span for a message: "2010年至2026年的放假安排
 * （2010-01-01至2026-12-31）". Users read these messages: they name
 * the years whose holiday notices the calendar holds. */
static void
calendar_span(const struct crp_calendar *cal, char *buf, size_t size)
{
    char from_iso[11], to_iso[11];
    long from, to;

    crp_calendar_range(cal, &from, &to);
    crp_date_format(from, from_iso);
    crp_date_format(to, to_iso);
    if (strncmp(from_iso, to_iso, 4) == 0)
        snprintf(buf, size, T("%.4s年的放假安排（%s至%s）"), from_iso,
                 from_iso, to_iso);
    else
        snprintf(buf, size, T("%.4s年至%.4s年的放假安排（%s至%s）"), from_iso,
                 to_iso, from_iso, to_iso);
}

/* Names the first of A, B that the calendar does not cover. */
static void
fail_outside(struct crp_fn_call *c, const struct crp_calendar *cal, long a,
             long b)
{
    char day[11], span[128];
    long from, to;

    crp_calendar_range(cal, &from, &to);
    crp_date_format(a >= from && a <= to ? b : a, day);
    calendar_span(cal, span, sizeof(span));
    crp_fn_fail(c->env,
                "日期%s不在工作日历范围内，日历只收录%s，无法计算工作日",
                day, span);
}

/* cr:workdays-between(a, b): working days after A up to and including
 * B. */
int
crp_fn_workdays_between(struct crp_fn_call *c)
{
    const struct crp_calendar *cal;
    long a, b, n;

    if (!arg_day(c, 0, &a) || !arg_day(c, 1, &b))
        return crp_fn_number(c, NAN);
    if ((cal = calendar_of(c)) == NULL)
        return crp_fn_number(c, NAN);
    if (crp_calendar_workdays_between(cal, a, b, &n) == 0)
        return crp_fn_number(c, (double)n);
    fail_outside(c, cal, a, b);
    return crp_fn_number(c, NAN);
}

/* cr:add-workdays(date, n): the N-th working day after DATE. */
int
crp_fn_add_workdays(struct crp_fn_call *c)
{
    const struct crp_calendar *cal;
    char a_iso[11], span[128];
    long a, n, day, from, to;

    if (!arg_day(c, 0, &a) || !arg_offset(c, 1, &n))
        return crp_fn_string(c, "");
    if ((cal = calendar_of(c)) == NULL)
        return crp_fn_string(c, "");
    if (crp_calendar_add_workdays(cal, a, n, &day) == 0)
        return date_result(c, day);
    crp_calendar_range(cal, &from, &to);
    if (a < from || a > to) {
        fail_outside(c, cal, a, a);
    } else {
        crp_date_format(a, a_iso);
        calendar_span(cal, span, sizeof(span));
        crp_fn_fail(c->env,
                    "cr:add-workdays(%s, %ld)的结果超出工作日历范围，"
                    "日历只收录%s，无法计算工作日", a_iso, n, span);
    }
    return crp_fn_string(c, "");
}
