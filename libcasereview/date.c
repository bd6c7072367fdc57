/* date.c — civil dates as day numbers (days since 1970-01-01), proleptic
 * Gregorian, and the two date spellings cr:date accepts. */
#include <math.h>
#include <string.h>

#include "date.h"

/* Days from 1970-01-01 to Y-M-D (H. Hinnant's days_from_civil), exact for
 * every year we accept and free of tables. */
long
crp_days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void
crp_civil_from_days(long day, int *y, int *m, int *d)
{
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Years 1..9999: what four digits can spell, and what formats back. */
int
crp_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

int
crp_day_valid(long day)
{
    return day >= CRP_DAY_MIN && day <= CRP_DAY_MAX;
}

void
crp_date_format(long day, char buf[11])
{
    int y, m, d;

    if (!crp_day_valid(day)) {
        buf[0] = '\0';
        return;
    }
    crp_civil_from_days(day, &y, &m, &d);
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

static int
is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads between MIN and MAX ASCII digits at *P into *VALUE. */
static int
read_digits(const char **p, const char *end, int min, int max, int *value)
{
    int n = 0, v = 0;

    while (*p + n < end && n < max && is_digit((*p)[n])) {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min || (*p + n < end && is_digit((*p)[n])))
        return 0;
    *p += n;
    *value = v;
    return 1;
}

static int
read_literal(const char **p, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* "YYYY-MM-DD", digits fixed in width. */
static int
parse_iso(const char *p, const char *end, int *y, int *m, int *d)
{
    return read_digits(&p, end, 4, 4, y) && read_literal(&p, end, "-") &&
           read_digits(&p, end, 2, 2, m) && read_literal(&p, end, "-") &&
           read_digits(&p, end, 2, 2, d) && p == end;
}

/* "YYYY年M月D日" as GB/T 9704 writes it, or zero-padded. */
static int
parse_han(const char *p, const char *end, int *y, int *m, int *d)
{
    return read_digits(&p, end, 4, 4, y) &&
           read_literal(&p, end, "\xe5\xb9\xb4") && /* 年 */
           read_digits(&p, end, 1, 2, m) &&
           read_literal(&p, end, "\xe6\x9c\x88") && /* 月 */
           read_digits(&p, end, 1, 2, d) &&
           read_literal(&p, end, "\xe6\x97\xa5") && /* 日 */
           p == end;
}

int
crp_date_parse(const char *s, long *day)
{
    const char *end;
    int y, m, d;

    if (s == NULL)
        return 0;
    while (is_xml_space(*s))
        s++;
    end = s + strlen(s);
    while (end > s && is_xml_space(end[-1]))
        end--;
    if (!parse_iso(s, end, &y, &m, &d) && !parse_han(s, end, &y, &m, &d))
        return 0;
    if (!crp_date_valid(y, m, d))
        return 0;
    *day = crp_days_from_civil(y, m, d);
    return 1;
}

int
crp_day_from_number(double n, long *day)
{
    if (!isfinite(n) || n != floor(n) || fabs(n) > 1e9 ||
        !crp_day_valid((long)n))
        return 0;
    *day = (long)n;
    return 1;
}
