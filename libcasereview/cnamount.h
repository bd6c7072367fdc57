/* cnamount.h — upper-case Chinese money amounts (cnamount.c), the core
 * of cr:cn-amount. */
#ifndef CRP_CNAMOUNT_H
#define CRP_CNAMOUNT_H

/* Yuan, or NaN when S is not an upper-case Chinese money amount. */
double crp_cn_amount(const char *s);

#endif
