/* date.h — civil dates as day numbers (days since 1970-01-01), and the
 * working-day calendar (date.c, calendar.c): the C cores of cr:'s date
 * functions and of the casefile's date checks. */
#ifndef CRP_DATE_H
#define CRP_DATE_H

#include "casereview.h"

struct crp_calendar;

/* Parses "2024-03-05" or "2024年3月5日" (also zero-padded month/day),
 * surrounding XML whitespace allowed. Returns 1 and sets *DAY, or 0. */
int crp_date_parse(const char *s, long *day);
/* Writes "YYYY-MM-DD" (11 bytes with NUL) into BUF. */
void crp_date_format(long day, char buf[11]);
long crp_days_from_civil(int y, int m, int d);
int crp_date_valid(int y, int m, int d);
/* Day numbers of 0001-01-01 and 9999-12-31: the dates four digits spell. */
#define CRP_DAY_MIN (-719162L)
#define CRP_DAY_MAX 2932896L
/* 1 when DAY lies in [CRP_DAY_MIN, CRP_DAY_MAX] (crp_date_format writes ""
 * otherwise). */
int crp_day_valid(long day);
/* A number read as a date: a whole day number in range. 1 and *DAY, or
 * 0. */
int crp_day_from_number(double n, long *day);
/* The inverse of crp_days_from_civil. */
void crp_civil_from_days(long day, int *y, int *m, int *d);

/* Loads a urn:casereview:calendar:1 document from PATH. Problems are
 * recorded in DIAGS (file:line) with CRP_DIAG_CALENDAR_INVALID or
 * CRP_DIAG_DATA_MISSING. Returns CR_OK, CR_ERR_CHECKLIST or
 * CR_ERR_NOMEM. Case-file safe parse options are used. */
enum cr_status crp_calendar_load(const char *path, struct cr_diag_list *diags,
                                 struct crp_calendar **out);
void crp_calendar_free(struct crp_calendar *cal);
/* 1 working day, 0 day off, -1 outside the calendar's range. */
int crp_calendar_is_workday(const struct crp_calendar *cal, long day);
/* Working days after A up to and including B (negative when B < A).
 * Returns 0 and sets *OUT, or -1 when A or B is outside the range. */
int crp_calendar_workdays_between(const struct crp_calendar *cal, long a,
                                  long b, long *out);
/* The N-th working day after A (before A when N < 0; A itself when
 * N == 0). Returns 0 and sets *OUT, or -1 when leaving the range. */
int crp_calendar_add_workdays(const struct crp_calendar *cal, long a, long n,
                              long *out);
/* The first and last day the calendar covers. */
void crp_calendar_range(const struct crp_calendar *cal, long *from,
                        long *to);

#endif
