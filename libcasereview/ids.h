/* ids.h — identifier check digits (ids.c), the core of cr:valid-id. */
#ifndef CRP_IDS_H
#define CRP_IDS_H

/* KIND: "resident-id" | "credit-code". Returns 1 valid, 0 invalid, -1
 * unknown kind. */
int crp_valid_id(const char *s, const char *kind);

#endif
