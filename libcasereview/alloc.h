/* alloc.h — every allocation of libcasereview goes through these, so the
 * allocation-failure tests can make the n-th one fail. */
#ifndef CRP_ALLOC_H
#define CRP_ALLOC_H

#include <stddef.h>

void *crp_malloc(size_t n);
void *crp_calloc(size_t count, size_t n);
void *crp_realloc(void *p, size_t n);
char *crp_strdup(const char *s);
char *crp_strndup(const char *s, size_t n);
void crp_free(void *p);

/* Test hook (not exported from the shared library): make the N-th
 * allocation from now fail (0: never). Returns how many allocations
 * were made since the last call. Not thread-safe; tests only. */
unsigned long crp_alloc_fail_at(unsigned long n);

#endif
