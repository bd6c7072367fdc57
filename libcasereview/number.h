/* number.h — numbers as results print them (number.c). */
#ifndef CRP_NUMBER_H
#define CRP_NUMBER_H

#include <stddef.h>

/* Integers when whole, otherwise at most two decimals, rounded half away
 * from zero to hundredths first; "null" when not finite; never "-0".
 * BUF holds at least 32 bytes. */
void crp_format_number(double v, char *buf, size_t len);

#endif
