/* heap-peak.c — LD_PRELOAD=heap-peak.so: the most bytes a process held
 * in malloc'd blocks at any one time, written at exit to the file named
 * by HEAP_PEAK_FILE. What the memory tests of batch mean (does a run
 * keep something per case?), without the noise peak RSS carries: freed
 * memory glibc keeps, page cache of mapped files, the machine's load. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void (*real_free)(void *);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void *(*real_memalign)(size_t, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);

static atomic_llong live, peak;

/* dlsym() may calloc before the real calloc is known */
static char boot[8192];
static size_t boot_used;
static int resolving;

static int
from_boot(const void *p)
{
    return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

static void
resolve(void)
{
    resolving = 1;
    real_malloc = dlsym(RTLD_NEXT, "malloc");
    real_free = dlsym(RTLD_NEXT, "free");
    real_calloc = dlsym(RTLD_NEXT, "calloc");
    real_realloc = dlsym(RTLD_NEXT, "realloc");
    real_memalign = dlsym(RTLD_NEXT, "memalign");
    real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    resolving = 0;
}

static void
account(long long delta)
{
    long long v = atomic_fetch_add(&live, delta) + delta;
    long long p = atomic_load(&peak);

    while (v > p && !atomic_compare_exchange_weak(&peak, &p, v))
        ;
}

static void *
counted(void *p)
{
    if (p)
        account((long long)malloc_usable_size(p));
    return p;
}

void *
malloc(size_t n)
{
    if (!real_malloc)
        resolve();
    return counted(real_malloc(n));
}

void *
calloc(size_t n, size_t m)
{
    if (!real_calloc) {
        if (resolving) {      /* dlsym's own: zeroed static memory */
            void *p = boot + boot_used;

            boot_used += (n * m + 15) & ~(size_t)15;
            return boot_used <= sizeof boot ? p : NULL;
        }
        resolve();
    }
    return counted(real_calloc(n, m));
}

void
free(void *p)
{
    if (!p || from_boot(p))
        return;
    if (!real_free)
        resolve();
    account(-(long long)malloc_usable_size(p));
    real_free(p);
}

void *
realloc(void *p, size_t n)
{
    long long before;
    void *q;

    if (!real_realloc)
        resolve();
    if (from_boot(p)) {
        q = real_malloc(n);
        if (q)
            memcpy(q, p, n);
        return counted(q);
    }
    before = p ? (long long)malloc_usable_size(p) : 0;
    q = real_realloc(p, n);
    if (q || n == 0)
        account(-before);
    return q ? counted(q) : NULL;
}

void *
memalign(size_t a, size_t n)
{
    if (!real_memalign)
        resolve();
    return counted(real_memalign(a, n));
}

void *
aligned_alloc(size_t a, size_t n)
{
    if (!real_aligned_alloc)
        resolve();
    return counted(real_aligned_alloc(a, n));
}

int
posix_memalign(void **out, size_t a, size_t n)
{
    int r;

    if (!real_posix_memalign)
        resolve();
    r = real_posix_memalign(out, a, n);
    if (r == 0)
        counted(*out);
    return r;
}

__attribute__((destructor)) static void
report(void)
{
    const char *path = getenv("HEAP_PEAK_FILE");
    FILE *f;

    if (path && (f = fopen(path, "w"))) {
        fprintf(f, "%lld\n", (long long)atomic_load(&peak));
        fclose(f);
    }
}
