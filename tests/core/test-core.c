/* test-core.c — runs the engine's Check suites. */
#include <check.h>
#include <stdlib.h>

Suite *scoring_suite(void);
Suite *load_suite(void);
Suite *threads_suite(void);
Suite *scheme_suite(void);
Suite *params_suite(void);

int
main(void)
{
    SRunner *sr = srunner_create(scoring_suite());
    int failed;

    srunner_add_suite(sr, load_suite());
    srunner_add_suite(sr, threads_suite());
    srunner_add_suite(sr, scheme_suite());
    srunner_add_suite(sr, params_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
