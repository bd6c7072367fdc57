/* alloc.c — allocation wrappers with a failure-injection hook. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Plain counters: failure injection is a single-threaded test mode. */
static unsigned long alloc_count;
static unsigned long alloc_fail_at;

static int
should_fail(void)
{
    alloc_count++;
    return alloc_fail_at != 0 && alloc_count == alloc_fail_at;
}

unsigned long
crp_alloc_fail_at(unsigned long n)
{
    unsigned long made = alloc_count;

    alloc_count = 0;
    alloc_fail_at = n;
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
