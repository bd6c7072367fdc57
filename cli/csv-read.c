/* csv-read.c — reads a CSV file as spreadsheets write it (RFC 4180:
 * commas, quoted fields with "" inside, line breaks inside quotes, CRLF
 * or LF), with or without a UTF-8 BOM; a file that is not UTF-8 is read
 * as GB18030, which Excel and WPS write on Chinese Windows ("CSV" rather
 * than "CSV UTF-8"). */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "batch.h"
#include "csv-read.h"

#define CSV_MAX_BYTES ((size_t)256 << 20)

static char *
slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct batch_buf b = {0};
    char chunk[65536];
    size_t n;

    if (f == NULL) {
        snprintf(err, errlen, "%s", cli_errno_text(errno));
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > CSV_MAX_BYTES) {
            snprintf(err, errlen, cli_msg("larger than %zu bytes"),
                     CSV_MAX_BYTES);
            fclose(f);
            batch_buf_free(&b);
            return NULL;
        }
        batch_buf_add(&b, chunk, n);
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s", cli_errno_text(errno ? errno : EIO));
        fclose(f);
        batch_buf_free(&b);
        return NULL;
    }
    fclose(f);
    batch_buf_puts(&b, "");
    *len = b.len;
    return b.data;
}

/* BUF (LEN bytes, GB18030) as UTF-8, malloc'd; NULL when it is not
 * GB18030 either. */
static char *
from_gb18030(const char *buf, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t cap = len * 2 + 16, in_left = len, out_left = cap - 1;
    char *out, *in = (char *)buf, *p;

    if (cd == (iconv_t)-1)
        return NULL;
    out = batch_xmalloc(cap);
    p = out;
    if (iconv(cd, &in, &in_left, &p, &out_left) == (size_t)-1) {
        free(out);
        out = NULL;
    } else {
        *p = '\0';
    }
    iconv_close(cd);
    return out;
}

static void
add_field(struct csv_row *r, struct batch_buf *f)
{
    r->fields = batch_xrealloc(r->fields, (r->nfields + 1) * sizeof(char *));
    batch_buf_puts(f, "");
    r->fields[r->nfields++] = f->data;
    memset(f, 0, sizeof *f);
}

static void
add_row(struct csv_file *c, struct csv_row *r)
{
    c->rows = batch_xrealloc(c->rows, (c->nrows + 1) * sizeof(*c->rows));
    c->rows[c->nrows++] = *r;
    memset(r, 0, sizeof *r);
}

/* Splits TEXT into rows of fields; each row keeps the line it starts on. */
static void
parse(struct csv_file *c, const char *p)
{
    struct csv_row row = {NULL, 0, 1};
    struct batch_buf field = {0};
    int line = 1, quoted = 0, any = 0;

    for (; *p; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') {
                batch_buf_add(&field, "\"", 1);
                p++;
            } else if (*p == '"') {
                quoted = 0;
            } else {
                line += *p == '\n';
                batch_buf_add(&field, p, 1);
            }
            continue;
        }
        if (*p == '"' && field.len == 0) {
            quoted = any = 1;
        } else if (*p == ',') {
            add_field(&row, &field);
            any = 1;
        } else if (*p == '\r' && p[1] == '\n') {
            continue;
        } else if (*p == '\n' || *p == '\r') {
            if (any || field.len) {
                add_field(&row, &field);
                add_row(c, &row);
            }
            line++;
            row.line = line;
            any = 0;
        } else {
            batch_buf_add(&field, p, 1);
            any = 1;
        }
    }
    if (any || field.len) {
        add_field(&row, &field);
        add_row(c, &row);
    }
    batch_buf_free(&field);
}

int
csv_read(const char *path, struct csv_file *out, char *err, size_t errlen)
{
    size_t len = 0;
    char *buf = slurp(path, &len, err, errlen), *text;

    memset(out, 0, sizeof *out);
    if (buf == NULL)
        return -1;
    text = buf;
    if (memchr(buf, '\0', len)) {
        snprintf(err, errlen, "%s", cli_msg("not a text file (a NUL byte)"));
        free(buf);
        return -1;
    }
    if (!batch_utf8_valid(buf)) {
        text = from_gb18030(buf, len);
        if (text == NULL) {
            snprintf(err, errlen, "%s",
                     cli_msg("neither UTF-8 nor GB18030 text"));
            free(buf);
            return -1;
        }
        out->converted = 1;
    }
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        parse(out, text + 3);
    else
        parse(out, text);
    if (text != buf)
        free(text);
    free(buf);
    return 0;
}

void
csv_free(struct csv_file *c)
{
    size_t i, k;

    for (i = 0; i < c->nrows; i++) {
        for (k = 0; k < c->rows[i].nfields; k++)
            free(c->rows[i].fields[k]);
        free(c->rows[i].fields);
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}
