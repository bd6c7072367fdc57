/* strbuf.h — a growable string; after an allocation failure every
 * append is a no-op and crp_strbuf_failed() is true. */
#ifndef CRP_STRBUF_H
#define CRP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct crp_strbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
};

void crp_strbuf_init(struct crp_strbuf *sb);
/* Room for N more bytes without another allocation. */
void crp_strbuf_reserve(struct crp_strbuf *sb, size_t n);
void crp_strbuf_append(struct crp_strbuf *sb, const char *s, size_t n);
/* crp_strbuf_append() without a call while there is room: the JSON
 * writer's hot path. */
static inline void
crp_strbuf_add(struct crp_strbuf *sb, const char *s, size_t n)
{
    if (sb->cap - sb->len > n && !sb->failed) {
        memcpy(sb->data + sb->len, s, n);
        sb->len += n;
        sb->data[sb->len] = '\0';
    } else {
        crp_strbuf_append(sb, s, n);
    }
}
void crp_strbuf_puts(struct crp_strbuf *sb, const char *s);
void crp_strbuf_putc(struct crp_strbuf *sb, char c);
void crp_strbuf_printf(struct crp_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void crp_strbuf_vprintf(struct crp_strbuf *sb, const char *fmt, va_list ap);
/* Hands the string over (never NULL unless failed); resets SB. */
char *crp_strbuf_steal(struct crp_strbuf *sb);
void crp_strbuf_reset(struct crp_strbuf *sb);
void crp_strbuf_release(struct crp_strbuf *sb);
static inline int
crp_strbuf_failed(const struct crp_strbuf *sb)
{
    return sb->failed;
}

#endif
