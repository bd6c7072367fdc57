/* xslt-hooks.c — the process-wide hooks a sandboxed mapping needs,
 * installed once when the first mapping loads, each acting only on a
 * thread that is inside a mapping (a scope) and deferring to what was
 * there before otherwise:
 *
 * - libxslt's generic error function (a global in libxslt 1.1): its
 *   messages go to the scope instead of stderr (the library never
 *   prints);
 * - libxml2's allocator (xmlGcMemSetup): on a thread inside a scope the
 *   bytes libxml2 and libxslt hold are counted, and past the scope's
 *   budget the scope's stop function is called (it stops the mapping at
 *   its next instruction), which bounds what a mapping can build (a
 *   result tree or a string doubled until memory runs out). Allocations
 *   are never refused: libxml2 2.9 and libxslt 1.1 do not survive every
 *   failed allocation. Every call goes to the allocator that was there
 *   before, so memory allocated before the hook is freed as before. */
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlmemory.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>

#include "utf8.h"
#include "xslt-hooks.h"

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;
static _Thread_local struct crp_xslt_scope *scope;

static xmlGenericErrorFunc prev_error;
static void *prev_error_ctx;
static xmlFreeFunc prev_free;
static xmlMallocFunc prev_malloc, prev_malloc_atomic;
static xmlReallocFunc prev_realloc;
static xmlStrdupFunc prev_strdup;

static void
route_error(void *ctx, const char *fmt, ...)
{
    struct crp_xslt_scope *s = scope;
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (s == NULL) {
        if (prev_error)
            prev_error(prev_error_ctx, "%s", buf);
        return;
    }
    crp_xslt_scope_note(s, buf);
}

/* The C library's allocator underneath: the size of a block is known,
 * so what is freed is counted too (held bytes, not bytes ever taken). */
static int sized;

static size_t
size_of(void *p)
{
    return p && sized ? malloc_usable_size(p) : 0;
}

static void
charge(void *p, size_t fallback)
{
    struct crp_xslt_scope *s = scope;
    size_t n;

    if (s == NULL || p == NULL || s->budget == 0)
        return;
    n = sized ? size_of(p) : fallback;
    s->used += n;
    if (s->used > s->budget && !s->over) {
        s->over = 1;
        if (s->stop)
            s->stop(s->stop_arg);
    }
}

static void
credit(void *p)
{
    struct crp_xslt_scope *s = scope;
    size_t n;

    if (s == NULL || p == NULL || s->budget == 0 || !sized)
        return;
    n = size_of(p);
    s->used = n < s->used ? s->used - n : 0;
}

static void
counted_free(void *p)
{
    credit(p);
    prev_free(p);
}

static void *
counted_malloc(size_t n)
{
    void *p = prev_malloc(n);

    charge(p, n);
    return p;
}

static void *
counted_malloc_atomic(size_t n)
{
    void *p = prev_malloc_atomic(n);

    charge(p, n);
    return p;
}

static void *
counted_realloc(void *p, size_t n)
{
    void *q;

    credit(p);
    q = prev_realloc(p, n);
    charge(q ? q : p, n);
    return q;
}

static char *
counted_strdup(const char *str)
{
    char *p = prev_strdup(str);

    charge(p, strlen(str) + 1);
    return p;
}

static void
install(void)
{
    xmlInitParser();
    xsltInit();
    prev_error = xsltGenericError;
    prev_error_ctx = xsltGenericErrorContext;
    xsltSetGenericErrorFunc(NULL, route_error);
    if (xmlGcMemGet(&prev_free, &prev_malloc, &prev_malloc_atomic,
                    &prev_realloc, &prev_strdup) != 0)
        return;
    /* block sizes only from the C library's malloc (a host's own
     * allocator: bytes allocated are counted, frees are not) */
    sized = prev_free == free && prev_malloc == malloc &&
            prev_malloc_atomic == malloc && prev_realloc == realloc;
    xmlGcMemSetup(counted_free, counted_malloc, counted_malloc_atomic,
                  counted_realloc, counted_strdup);
}

void
crp_xslt_hooks_init(void)
{
    pthread_once(&hooks_once, install);
}

void
crp_xslt_scope_begin(struct crp_xslt_scope *s, size_t budget,
                     void (*stop)(void *), void *stop_arg)
{
    memset(s, 0, sizeof(*s));
    s->budget = budget;
    s->stop = stop;
    s->stop_arg = stop_arg;
    s->outer = scope;
    scope = s;
}

void
crp_xslt_scope_end(struct crp_xslt_scope *s)
{
    scope = s->outer;
}

void
crp_xslt_scope_note(struct crp_xslt_scope *s, const char *text)
{
    size_t have = strlen(s->text), n = strlen(text);

    if (have + 2 >= sizeof(s->text))
        return;
    if (have + n + 1 >= sizeof(s->text))
        n = crp_utf8_trim(text, sizeof(s->text) - have - 1);
    memcpy(s->text + have, text, n);
    s->text[have + n] = '\0';
}
