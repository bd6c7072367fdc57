/* test-tables.c — the library's two small containers: the array that
 * doubles (libcasereview/grow.c) and the open-addressing table of ids
 * (libcasereview/idtable.c), out of memory included. */
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "libcasereview/alloc.h"
#include "libcasereview/grow.h"
#include "libcasereview/idtable.h"

START_TEST(grow_doubles_and_keeps)
{
    int *a = NULL, *before;
    size_t cap = 0, n;

    for (n = 0; n < 100; n++) {
        ck_assert_int_eq(crp_grow(&a, &cap, n, sizeof(*a), 4), 0);
        ck_assert_uint_gt(cap, n);
        a[n] = (int)n * 3;
    }
    ck_assert_uint_eq(cap, 128);   /* 4, 8, ... 128 */
    for (n = 0; n < 100; n++)
        ck_assert_int_eq(a[n], (int)n * 3);
    before = a;
    ck_assert_int_eq(crp_grow(&a, &cap, 100, sizeof(*a), 4), 0);
    ck_assert_ptr_eq(a, before);   /* room left: nothing done */
    crp_free(a);
}
END_TEST

START_TEST(grow_fails_cleanly)
{
    char *a = NULL;
    size_t cap = 0;

    ck_assert_int_eq(crp_grow(&a, &cap, 0, 1, 2), 0);
    a[0] = 'x';
    a[1] = 'y';
    crp_alloc_fail_at(1);
    ck_assert_int_eq(crp_grow(&a, &cap, 2, 1, 2), -1);
    crp_alloc_fail_at(0);
    ck_assert_uint_eq(cap, 2);
    ck_assert(a[0] == 'x' && a[1] == 'y');
    /* a size that would overflow is refused, not wrapped */
    cap = SIZE_MAX / 2 + 1;
    ck_assert_int_eq(crp_grow(&a, &cap, cap, 2, 2), -1);
    crp_free(a);
}
END_TEST

/* ids hash to few values, so that probing is exercised */
static uint32_t
mod7(const void *ud, uint32_t id)
{
    (void)ud;
    return id % 7;
}

static int
find(const uint32_t *t, size_t mask, uint32_t id)
{
    size_t h;

    for (h = mod7(NULL, id) & mask; t[h]; h = (h + 1) & mask)
        if (t[h] == id)
            return 1;
    return 0;
}

START_TEST(idtable_holds_every_id)
{
    uint32_t *t = NULL, id;
    size_t mask = 0;

    ck_assert_int_eq(crp_idtable_grow(&t, &mask, 16, 5, mod7, NULL), 0);
    ck_assert_uint_eq(mask, 15);
    ck_assert_int_eq(crp_idtable_grow(&t, &mask, 16, 20, mod7, NULL), 0);
    ck_assert_uint_eq(mask, 31);
    for (id = 1; id <= 20; id++)
        ck_assert(find(t, mask, id));
    ck_assert(!find(t, mask, 21));
    crp_alloc_fail_at(1);
    ck_assert_int_eq(crp_idtable_grow(&t, &mask, 16, 20, mod7, NULL), -1);
    crp_alloc_fail_at(0);
    ck_assert_uint_eq(mask, 31);   /* the table as it was */
    ck_assert(find(t, mask, 20));
    crp_free(t);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("tables");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, grow_doubles_and_keeps);
    tcase_add_test(tc, grow_fails_cleanly);
    tcase_add_test(tc, idtable_holds_every_id);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
