/* case-encoding.c — which encoding a case file says it is in, and the
 * one guess the engine makes: agency systems export GBK without an
 * encoding declaration, which XML then reads as UTF-8 and refuses. Such
 * a file, when it is not UTF-8 but is well-formed GB18030 (a superset of
 * GBK and GB2312), is read as GB18030 and the result says so. */
#include <string.h>

#include "case-encoding.h"
#include "utf8.h"
#include "xml-safe.h"

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value of the declaration's encoding pseudo-attribute, copied into
 * OUT[CAP]; 1 when there is one, 0 otherwise. */
int
crp_declared_encoding(const char *buf, size_t len, char *out, size_t cap)
{
    const char *end, *p;
    size_t n;
    char q;

    out[0] = '\0';
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (len < 6 || memcmp(buf, "<?xml", 5) != 0 ||
        !is_space((unsigned char)buf[5]))
        return 0;
    end = memmem(buf, len < 512 ? len : 512, "?>", 2);
    if (end == NULL)
        return 0;
    for (p = buf + 5; p + 8 <= end; p++) {
        if (memcmp(p, "encoding", 8) != 0 || !is_space((unsigned char)p[-1]))
            continue;
        p += 8;
        while (p < end && is_space((unsigned char)*p))
            p++;
        if (p >= end || *p++ != '=')
            return 0;
        while (p < end && is_space((unsigned char)*p))
            p++;
        if (p >= end || (*p != '"' && *p != '\''))
            return 0;
        q = *p++;
        for (n = 0; p + n < end && p[n] != q; n++)
            ;
        if (n == 0 || n >= cap)
            return 0;
        memcpy(out, p, n);
        out[n] = '\0';
        return 1;
    }
    return 0;
}

static int
has_bom(const unsigned char *b, size_t len)
{
    return (len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0) ||
           (len >= 2 && (memcmp(b, "\xff\xfe", 2) == 0 ||
                         memcmp(b, "\xfe\xff", 2) == 0)) ||
           (len >= 4 && memcmp(b, "\0\0\xfe\xff", 4) == 0);
}

int
crp_utf8_valid_n(const char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf, *end = p + len;

    while (p < end) {
        size_t n;
        if (*p < 0x80) {
            p++;
            continue;
        }
        n = crp_utf8_len(p, end);
        if (n == 0)
            return 0;
        p += n;
    }
    return 1;
}

/* GB 18030-2005 byte structure: ASCII; two bytes 81–FE, 40–7E or 80–FE;
 * four bytes 81–FE, 30–39, 81–FE, 30–39. Every byte of the file must
 * fit, and there must be at least one multi-byte character. */
int
crp_gb18030_valid(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t i = 0, multi = 0;

    while (i < len) {
        unsigned char c = b[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xff || i + 1 >= len)
            return 0;
        if ((b[i + 1] >= 0x40 && b[i + 1] <= 0x7e) ||
            (b[i + 1] >= 0x80 && b[i + 1] <= 0xfe)) {
            i += 2;
        } else if (b[i + 1] >= 0x30 && b[i + 1] <= 0x39 && i + 3 < len &&
                   b[i + 2] >= 0x81 && b[i + 2] <= 0xfe &&
                   b[i + 3] >= 0x30 && b[i + 3] <= 0x39) {
            i += 4;
        } else {
            return 0;
        }
        multi++;
    }
    return multi > 0;
}

const char *
crp_encoding_guess(const char *buf, size_t len)
{
    char decl[64];

    if (buf == NULL || len == 0 || has_bom((const unsigned char *)buf, len) ||
        crp_declared_encoding(buf, len, decl, sizeof(decl)))
        return NULL;
    if (crp_utf8_valid_n(buf, len) || !crp_gb18030_valid(buf, len))
        return NULL;
    return CRP_GUESSED_ENCODING;
}

xmlDocPtr
crp_parse_case(xmlParserCtxtPtr ctxt, struct crp_xml_capture *cap,
               const char *buf, size_t len, const char *url, char *err,
               size_t errlen, int *line, const char **guess)
{
    xmlDocPtr doc = crp_xml_parse(ctxt, buf, len, url, err, errlen, line);

    *guess = NULL;
    if (doc == NULL && strcmp(err, CRP_MSG_NOMEM) != 0 &&
        (*guess = crp_encoding_guess(buf, len)) != NULL) {
        crp_xml_capture_clear(cap);
        doc = crp_xml_parse_as(ctxt, buf, len, url, *guess, err, errlen,
                               line);
    }
    return doc;
}
