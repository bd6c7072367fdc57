/* batch-util.c — buffers, escaping and number formatting for batch. */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "batch.h"
#include "libcasereview/number.h"

void *
batch_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p) {
        cli_error("out of memory");
        exit(2);
    }
    return p;
}

void *
batch_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        cli_error("out of memory");
        exit(2);
    }
    return p;
}

char *
batch_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(batch_xmalloc(n), s, n);
}

int
batch_has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name);
    size_t m = strlen(suffix);

    return n >= m && strncasecmp(name + n - m, suffix, m) == 0;
}

void
batch_buf_reserve(struct batch_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;

    if (need <= b->cap)
        return;
    if (b->cap < 64)
        b->cap = 64;
    while (b->cap < need)
        b->cap *= 2;
    b->data = batch_xrealloc(b->data, b->cap);
}

void
batch_buf_add(struct batch_buf *b, const void *p, size_t n)
{
    batch_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
batch_buf_puts(struct batch_buf *b, const char *s)
{
    batch_buf_add(b, s, strlen(s));
}

void
batch_buf_printf(struct batch_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    int n;

    /* Most pieces fit the stack buffer; measure and retry otherwise. */
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        batch_buf_add(b, tmp, (size_t)n);
        return;
    }
    batch_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void
batch_buf_free(struct batch_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* As the results print numbers: the library's writer (number.c). */
void
batch_buf_number(struct batch_buf *b, double v)
{
    char tmp[64];

    crp_format_number(v, tmp, sizeof(tmp));
    batch_buf_puts(b, tmp);
}

/* libxml2's xmlGetUTF8Char() takes a continuation byte for a lead
 * byte: hence a check of our own, the rule of the library's
 * crp_utf8_len (which writes the results' sources; the command line
 * sees only the public API, so the twelve lines are repeated here). */
size_t
batch_utf8_len(const unsigned char *p, const unsigned char *end)
{
    size_t n = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4, i;

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
batch_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    size_t n;

    for (; p < end; p += n)
        if ((n = *p < 0x80 ? 1 : batch_utf8_len(p, end)) == 0)
            return 0;
    return 1;
}

char *
batch_utf8_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    struct batch_buf b = {0};
    size_t n;

    batch_buf_reserve(&b, (size_t)(end - p));
    for (; p < end; p += n) {
        n = *p < 0x80 ? 1 : batch_utf8_len(p, end);
        if (n)
            batch_buf_add(&b, p, n);
        else {
            batch_buf_add(&b, "\xEF\xBF\xBD", 3);
            n = 1;
        }
    }
    batch_buf_add(&b, "", 0);       /* the NUL, even for "" */
    return b.data;
}

void
batch_buf_line(struct batch_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    for (; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            batch_buf_add(b, "?", 1);
        else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            batch_buf_add(b, "?", 1);
            p++;
        } else
            batch_buf_add(b, p, 1);
    }
}

void
batch_buf_json_str(struct batch_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *end = p + strlen((const char *)p);

    batch_buf_add(b, "\"", 1);
    for (; *p; p++) {
        if (*p >= 0x80) {
            /* valid UTF-8 as is; any other byte (a GBK file name) is
             * U+FFFD, as the library writes sources */
            size_t len = batch_utf8_len(p, end);

            if (len == 0) {
                batch_buf_add(b, "\xEF\xBF\xBD", 3);
            } else {
                batch_buf_add(b, p, len);
                p += len - 1;
            }
            continue;
        }
        switch (*p) {
        case '"': batch_buf_puts(b, "\\\""); break;
        case '\\': batch_buf_puts(b, "\\\\"); break;
        case '\n': batch_buf_puts(b, "\\n"); break;
        case '\r': batch_buf_puts(b, "\\r"); break;
        case '\t': batch_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                batch_buf_printf(b, "\\u%04x", *p);
            else
                batch_buf_add(b, p, 1);
        }
    }
    batch_buf_add(b, "\"", 1);
}

void
batch_buf_html(struct batch_buf *b, const char *s)
{
    const char *p;

    for (p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': batch_buf_puts(b, "&amp;"); break;
        case '<': batch_buf_puts(b, "&lt;"); break;
        case '>': batch_buf_puts(b, "&gt;"); break;
        case '"': batch_buf_puts(b, "&quot;"); break;
        case '\'': batch_buf_puts(b, "&#39;"); break;
        default: batch_buf_add(b, p, 1);
        }
    }
}

void
batch_buf_csv(struct batch_buf *b, const char *s)
{
    const char *p;

    s = s ? s : "";
    /* A leading = + - @ would make Excel evaluate the cell as a formula
     * (CSV injection from a crafted case id or path): prefix a quote,
     * which Excel shows as text. */
    if (strchr("=+-@", s[0]) && s[0] != '\0') {
        batch_buf_add(b, "\"'", 2);
    } else if (strpbrk(s, ",\"\r\n")) {
        batch_buf_add(b, "\"", 1);
    } else {
        batch_buf_puts(b, s);
        return;
    }
    for (p = s; *p; p++) {
        if (*p == '"')
            batch_buf_add(b, "\"", 1);
        batch_buf_add(b, p, 1);
    }
    batch_buf_add(b, "\"", 1);
}

/* A name stored without a charset (no UTF-8 flag, a plain tar header)
 * that is not UTF-8 is most often GBK: a zip made by Windows set to
 * Chinese. It is given in UTF-8 through GB18030 (a superset of GBK) when
 * it decodes so, in BUF; else NAME as it is (the JSON then shows U+FFFD
 * for its bad bytes). The Python front end decodes the same way. */
const char *
batch_name_label(const char *name, char *buf, size_t size)
{
    char *in = (char *)name, *out = buf;
    size_t inleft = strlen(name), outleft = size - 1;
    iconv_t cd;
    int ok;

    if (batch_utf8_valid(name) || (cd = iconv_open("UTF-8", "GB18030"))
                                      == (iconv_t)-1)
        return name;
    ok = iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1
         && iconv(cd, NULL, NULL, &out, &outleft) != (size_t)-1
         && inleft == 0;
    iconv_close(cd);
    if (!ok)
        return name;
    *out = '\0';
    return buf;
}

int
batch_pread_all(int fd, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = pread(fd, (char *)buf + got, n - got,
                          (off_t)(off + got));

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}
