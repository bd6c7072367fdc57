/* number.h — numbers as results print them, and counts as limits are
 * written (number.c). */
#ifndef CRP_NUMBER_H
#define CRP_NUMBER_H

#include <stddef.h>

/* Integers when whole, otherwise at most two decimals, rounded half away
 * from zero to hundredths first; "null" when not finite; never "-0".
 * BUF holds at least 32 bytes. */
void crp_format_number(double v, char *buf, size_t len);

/* S as a whole number from 1 to MAX; with SUFFIX, K, M or G (powers of
 * 1024) may follow, as for --max-size. Returns 0 and *OUT, or -1. Read
 * the same way from a checklist's <limits> and from the command line. */
int crp_parse_count(const char *s, int suffix, unsigned long long max,
                    unsigned long long *out);

#endif
