/* alloc.c — allocation wrappers with a failure-injection hook. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Failure injection is a single-threaded test mode, off until a test
 * calls crp_alloc_fail_at(); the counters are atomics so that threads
 * scoring in a host never race on them. */
static atomic_int counting;
static atomic_ulong alloc_count;
static atomic_ulong alloc_fail_at;

static int
should_fail(void)
{
    unsigned long n;

    if (!atomic_load_explicit(&counting, memory_order_relaxed))
        return 0;
    n = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
    return n == atomic_load_explicit(&alloc_fail_at, memory_order_relaxed);
}

unsigned long
crp_alloc_fail_at(unsigned long n)
{
    unsigned long made = atomic_exchange(&alloc_count, 0);

    atomic_store(&alloc_fail_at, n);
    atomic_store(&counting, 1);
    return made;
}

void *
crp_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *
crp_calloc(size_t count, size_t n)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, n ? n : 1);
}

void *
crp_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *
crp_strndup(const char *s, size_t n)
{
    char *d;

    if (s == NULL)
        return NULL;
    d = crp_malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *
crp_strdup(const char *s)
{
    return s ? crp_strndup(s, strlen(s)) : NULL;
}

void
crp_free(void *p)
{
    free(p);
}
