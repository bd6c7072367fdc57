/* archive-csv.c — the archive rules' findings as a CSV for Excel: one row
 * per case a finding lists, so a reader can filter by rule, group or
 * case. UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting, and a
 * leading = + - @ shown as text (the conventions of `batch --csv`). */
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "export.h"
#include "strbuf.h"
#include "utf8.h"

static void
field(struct crp_strbuf *sb, const char *s, int first)
{
    char *clean = NULL;
    const char *p;

    if (!first)
        crp_strbuf_putc(sb, ',');
    s = s ? s : "";
    if (!crp_utf8_valid(s)) {
        if ((clean = crp_utf8_clean(s)) == NULL) {
            sb->failed = 1;
            return;
        }
        s = clean;
    }
    if (s[0] != '\0' && strchr("=+-@", s[0])) {
        crp_strbuf_puts(sb, "\"'");
    } else if (strpbrk(s, ",\"\r\n")) {
        crp_strbuf_putc(sb, '"');
    } else {
        crp_strbuf_puts(sb, s);
        crp_free(clean);
        return;
    }
    for (p = s; *p; p++) {
        if (*p == '"')
            crp_strbuf_putc(sb, '"');
        crp_strbuf_putc(sb, *p);
    }
    crp_strbuf_putc(sb, '"');
    crp_free(clean);
}

static char *
group_text(const struct cr_archive_finding *f)
{
    struct crp_strbuf sb;

    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    crp_afinding_put_group(&sb, f);
    return crp_strbuf_steal(&sb);
}

CR_EXPORT enum cr_status
cr_archive_to_csv(const struct cr_archive *ar, char **csv)
{
    struct crp_strbuf sb;
    size_t i, j;

    if (csv)
        *csv = NULL;
    if (ar == NULL || csv == NULL || !ar->evaluated)
        return CR_ERR_INVALID;
    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "\xEF\xBB\xBF" "finding,rule,title,basis,group,"
                         "message,case_id,source,value\r\n");
    for (i = 0; i < ar->nfindings && !crp_strbuf_failed(&sb); i++) {
        const struct cr_archive_finding *f = &ar->findings[i];
        char *group = group_text(f), num[24];

        if (group == NULL) {
            sb.failed = 1;
            break;
        }
        snprintf(num, sizeof(num), "%zu", i + 1);
        for (j = 0; j < f->ncases; j++) {
            field(&sb, num, 1);
            field(&sb, f->rule->id, 0);
            field(&sb, f->rule->title, 0);
            field(&sb, f->rule->basis, 0);
            field(&sb, group, 0);
            field(&sb, f->message, 0);
            field(&sb, f->cases[j].id, 0);
            field(&sb, f->cases[j].source, 0);
            field(&sb, f->cases[j].value, 0);
            crp_strbuf_puts(&sb, "\r\n");
        }
        crp_free(group);
    }
    *csv = crp_strbuf_steal(&sb);
    return *csv ? CR_OK : CR_ERR_NOMEM;
}
