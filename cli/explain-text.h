/* explain-text.h — `score --explain` in text, for people. */
#ifndef CLI_EXPLAIN_TEXT_H
#define CLI_EXPLAIN_TEXT_H

#include <stdio.h>

#include "casereview.h"

/* The names of CL's lets that hold day numbers (read from its file). */
struct explain_dates *explain_dates_new(const struct cr_checklist *cl);
void explain_dates_free(struct explain_dates *d);
/* The 取值说明 block of RES (nothing when it has no explain records). */
void explain_print(FILE *f, const struct cr_result *res,
                   const struct explain_dates *d);

#endif
