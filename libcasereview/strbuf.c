/* strbuf.c — growable strings for messages, JSON and reports. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "strbuf.h"

void
crp_strbuf_init(struct crp_strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->failed = 0;
}

static int
reserve(struct crp_strbuf *sb, size_t extra)
{
    size_t need, cap;
    char *p;

    if (sb->failed)
        return 0;
    need = sb->len + extra + 1;
    if (need <= sb->cap)
        return 1;
    cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    p = crp_realloc(sb->data, cap);
    if (p == NULL) {
        sb->failed = 1;
        return 0;
    }
    sb->data = p;
    sb->cap = cap;
    return 1;
}

void
crp_strbuf_reserve(struct crp_strbuf *sb, size_t n)
{
    (void)reserve(sb, n);
}

void
crp_strbuf_append(struct crp_strbuf *sb, const char *s, size_t n)
{
    if (!reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void
crp_strbuf_puts(struct crp_strbuf *sb, const char *s)
{
    crp_strbuf_append(sb, s, strlen(s));
}

void
crp_strbuf_putc(struct crp_strbuf *sb, char c)
{
    crp_strbuf_append(sb, &c, 1);
}

void
crp_strbuf_vprintf(struct crp_strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !reserve(sb, (size_t)n))
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void
crp_strbuf_printf(struct crp_strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    crp_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *
crp_strbuf_steal(struct crp_strbuf *sb)
{
    char *s;

    if (sb->failed) {
        crp_strbuf_release(sb);
        return NULL;
    }
    if (!reserve(sb, 0)) {
        crp_strbuf_release(sb);
        return NULL;
    }
    s = sb->data;
    crp_strbuf_init(sb);
    return s;
}

void
crp_strbuf_reset(struct crp_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void
crp_strbuf_release(struct crp_strbuf *sb)
{
    crp_free(sb->data);
    crp_strbuf_init(sb);
}
