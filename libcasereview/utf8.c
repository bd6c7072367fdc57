/* utf8.c — UTF-8 checks and cleaning for text written out (see utf8.h). */
#include <string.h>

#include "alloc.h"
#include "strbuf.h"
#include "utf8.h"

size_t
crp_utf8_trim(const char *s, size_t n)
{
    size_t lead = n, need;
    unsigned char c;

    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return n;
    c = (unsigned char)s[lead - 1];
    need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n - (lead - 1) < need ? lead - 1 : n;
}

size_t
crp_utf8_len(const unsigned char *p, const unsigned char *end)
{
    size_t n, i;

    if (p >= end)
        return 0;
    if (p[0] < 0x80)
        return 1;
    n = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    if (p[0] < 0xC2 || p[0] > 0xF4 || (size_t)(end - p) < n)
        return 0;
    for (i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

int
crp_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    size_t len;

    while (p < end) {
        if (*p < 0x80) {        /* ASCII runs, the common case */
            p++;
            continue;
        }
        if ((len = crp_utf8_len(p, end)) == 0)
            return 0;
        p += len;
    }
    return 1;
}

char *
crp_utf8_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    struct crp_strbuf sb;
    size_t len;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    while (p < end) {
        len = crp_utf8_len(p, end);
        if (len > 0) {
            crp_strbuf_append(&sb, (const char *)p, len);
            p += len;
        } else {
            crp_strbuf_append(&sb, "\xEF\xBF\xBD", 3);
            p++;
        }
    }
    return crp_strbuf_steal(&sb);
}

void
crp_utf8_copy_line(char *dst, size_t cap, const char *src)
{
    const unsigned char *p = (const unsigned char *)(src ? src : "");
    const unsigned char *end = p + strlen((const char *)p);
    size_t n = 0, len;

    if (cap == 0)
        return;
    while (p < end) {
        len = crp_utf8_len(p, end);
        if (len == 0) {
            len = 1;
            if (n + 1 >= cap)
                break;
            dst[n++] = '?';
        } else if (*p == '\n' || *p == '\r' || *p == '\t') {
            if (n + 1 >= cap)
                break;
            if (n > 0 && dst[n - 1] != ' ')
                dst[n++] = ' ';
        } else {
            if (n + len >= cap)
                break;
            memcpy(dst + n, p, len);
            n += len;
        }
        p += len;
    }
    while (n > 0 && dst[n - 1] == ' ')
        n--;
    dst[n] = '\0';
}
