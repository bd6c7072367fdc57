/* test-scheme.h — casereview test's expectations of checklist 1.1
 * results and the verdicts a test carries (test-scheme.c). */
#ifndef CLI_TEST_SCHEME_H
#define CLI_TEST_SCHEME_H

#include <libxml/tree.h>

#include "casereview.h"

/* Reports that an expectation did not hold, at WHERE in the tests file. */
typedef void (*test_fail_fn)(void *ctx, xmlNodePtr where, const char *msg);

/* <expect-score value>: VALUE a number or "null" (no score). -1 when
 * VALUE is neither (the caller reports the usage). */
int test_scheme_score(xmlNodePtr el, const char *value,
                      const struct cr_result *res, test_fail_fn fail,
                      void *ctx);
/* Checks EL when it is <expect-score-range>, <expect-pending>,
 * <expect-grade-caps>, <expect-bonus>, <expect-category> or
 * <expect-complete>: returns 1, else 0 (not one of them). */
int test_scheme_expect(xmlNodePtr el, const struct cr_result *res,
                       test_fail_fn fail, void *ctx);
/* The 1.1 attributes of <expect item>: earned, machine-state, hints. */
void test_scheme_expect_item(xmlNodePtr el, const struct cr_item_result *it,
                             test_fail_fn fail, void *ctx);
/* The verdicts TEST carries, loaded (and checked) against CL into *OUT
 * (NULL when it has none): its <verdict> children, for the case CASE_ID,
 * or the file its verdicts= attribute names (relative to DIR). -1 after
 * reporting each problem (at its <verdict>, or the file's line). */
int test_scheme_verdicts(xmlNodePtr test, struct cr_checklist *cl,
                         const char *case_id, const char *dir,
                         struct cr_verdicts **out, test_fail_fn fail,
                         void *ctx);

#endif
