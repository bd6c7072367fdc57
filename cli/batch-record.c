/* batch-record.c — what a worker extracts from one cr_result for the
 * writer: the JSON line, the CSV row, the report row and the few facts
 * the summary counts, packed into a single blob. One blob form serves
 * both the in-memory reorder window and the spill file, so a record
 * that waits on disk comes back exactly as it left. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "batch.h"
#include "batch-xlsx.h"

/* Top deductions shown per case in the CSV. */
#define CSV_TOP_DEDUCTIONS 5

/* ---- packing: u32 fields, strings as u32 length + bytes + NUL, arrays
 * as u32 count + u32s; every field starts 4-byte aligned so the arrays
 * can be read in place. */

static void
pack_align(struct batch_buf *b)
{
    static const char zero[4];

    if (b->len % 4)
        batch_buf_add(b, zero, 4 - b->len % 4);
}

static void
pack_u32(struct batch_buf *b, uint32_t v)
{
    pack_align(b);
    batch_buf_add(b, &v, sizeof v);
}

static void
pack_bytes(struct batch_buf *b, const char *s, size_t n)
{
    pack_u32(b, (uint32_t)n);
    batch_buf_add(b, s, n);
    batch_buf_add(b, "", 1);
}

static void
pack_str(struct batch_buf *b, const char *s)
{
    s = s ? s : "";
    pack_bytes(b, s, strlen(s));
}

static void
pack_array(struct batch_buf *b, const uint32_t *v, size_t n)
{
    pack_u32(b, (uint32_t)n);
    if (n)
        batch_buf_add(b, v, n * sizeof *v);
}

struct unpacker {
    const char *p;
};

static uint32_t
unpack_u32(struct unpacker *u, const char *base)
{
    uint32_t v;
    size_t off = (size_t)(u->p - base);

    u->p += (4 - off % 4) % 4;
    memcpy(&v, u->p, sizeof v);
    u->p += sizeof v;
    return v;
}

static const char *
unpack_bytes(struct unpacker *u, const char *base, size_t *len)
{
    const char *s;

    *len = unpack_u32(u, base);
    s = u->p;
    u->p += *len + 1;
    return s;
}

static const char *
unpack_str(struct unpacker *u, const char *base)
{
    size_t len;

    return unpack_bytes(u, base, &len);
}

static const uint32_t *
unpack_array(struct unpacker *u, const char *base, size_t *n)
{
    const uint32_t *v;

    *n = unpack_u32(u, base);
    v = (const uint32_t *)(const void *)u->p;
    u->p += *n * sizeof(uint32_t);
    return v;
}

/* ---- facts about the result */

struct case_facts {
    const char *source;       /* as UTF-8: what every output shows */
    unsigned int flags;
    int grade;
    uint32_t *failed;
    size_t failed_count;
    uint32_t *vetoes;
    size_t veto_count;
};

static int
grade_index(const struct cr_checklist *cl, const char *grade_id)
{
    size_t i, n = cr_checklist_get_grade_count(cl);

    for (i = 0; grade_id && i < n; i++)
        if (strcmp(cr_checklist_get_grade_id(cl, i), grade_id) == 0)
            return (int)i;
    return -1;
}

static void
collect_facts(const struct cr_result *res, const struct cr_checklist *cl,
              struct case_facts *f)
{
    size_t i, n = cr_result_get_item_count(res);
    size_t ngrades = cr_checklist_get_grade_count(cl);

    memset(f, 0, sizeof *f);
    f->grade = -1;
    if (cr_result_is_error(res)) {
        f->flags = BATCH_CASE_ERROR;
        return;
    }
    if (cr_result_is_vetoed(res))
        f->flags |= BATCH_CASE_VETOED;
    /* 1.1: items waiting for a reviewer are listed too (待人工评查), and
     * are no error */
    if (cr_result_get_pending_count(res))
        f->flags |= BATCH_CASE_PENDING | BATCH_CASE_LISTED;
    if (!cr_result_has_score(res))
        f->flags |= BATCH_CASE_UNSCORED;
    f->grade = grade_index(cl, cr_result_get_grade_id(res));
    if ((f->flags & BATCH_CASE_VETOED)
        || (ngrades >= 2 && f->grade == (int)ngrades - 1))
        f->flags |= BATCH_CASE_LISTED;
    f->failed = batch_xmalloc(n * sizeof *f->failed);
    for (i = 0; i < n; i++) {
        const struct cr_item_result *it = cr_result_get_item(res, i);
        enum cr_item_state st = cr_item_result_get_state(it);

        if (st == CR_ITEM_ERROR)
            f->flags |= BATCH_CASE_INCOMPLETE;
        /* a bonus item that fails is no deduction (1.1) */
        if (st == CR_ITEM_FAILED && cr_checklist_get_item_bonus(cl, i) <= 0)
            f->failed[f->failed_count++] = (uint32_t)i;
    }
    n = cr_result_get_veto_count(res);
    f->vetoes = batch_xmalloc(n * sizeof *f->vetoes);
    for (i = 0; i < n; i++) {
        long k = cr_checklist_find_item(cl, cr_result_get_veto(res, i));

        if (k >= 0)
            f->vetoes[f->veto_count++] = (uint32_t)k;
    }
}

/* ---- CSV row */

/* The failed items, largest deduction first (checklist order on ties). */
static void
sort_by_deduction(const struct cr_result *res, uint32_t *idx, size_t n)
{
    size_t i, j;

    /* Insertion sort: stable, and n is a handful of items. */
    for (i = 1; i < n; i++) {
        uint32_t v = idx[i];
        double d = cr_item_result_get_deducted(cr_result_get_item(res, v));

        for (j = i; j > 0; j--) {
            double e = cr_item_result_get_deducted(
                cr_result_get_item(res, idx[j - 1]));

            if (e >= d)
                break;
            idx[j] = idx[j - 1];
        }
        idx[j] = v;
    }
}

static void
csv_top_deductions(struct batch_buf *row, const struct cr_result *res,
                   const struct case_facts *f)
{
    struct batch_buf top = {0};
    uint32_t *idx = batch_xmalloc((f->failed_count + 1) * sizeof *idx);
    size_t i;

    if (f->failed_count)
        memcpy(idx, f->failed, f->failed_count * sizeof *idx);
    sort_by_deduction(res, idx, f->failed_count);
    batch_buf_puts(&top, "");
    for (i = 0; i < f->failed_count && i < CSV_TOP_DEDUCTIONS; i++) {
        const struct cr_item_result *it = cr_result_get_item(res, idx[i]);

        if (i)
            batch_buf_puts(&top, "; ");
        batch_buf_printf(&top, "%s %s -", cr_item_result_get_id(it),
                         cr_item_result_get_title(it));
        batch_buf_number(&top, cr_item_result_get_deducted(it));
    }
    batch_buf_csv(row, top.data);
    batch_buf_free(&top);
    free(idx);
}

const char *
batch_csv_header(int en)
{
    return en ? "\xEF\xBB\xBF" "id,source,agency,score,grade,vetoed,"
                "deductions,top_deductions,complete,error\r\n"
              : "\xEF\xBB\xBF" BATCH_CSV_ZH "\r\n";
}

static void
render_csv(struct batch_buf *row, const struct cr_result *res,
           const struct case_facts *f, int en)
{
    const char *yes = en ? ",true," : ",是,", *no = en ? ",false," : ",否,";

    batch_buf_csv(row, cr_result_get_case_id(res));
    batch_buf_puts(row, ",");
    batch_buf_csv(row, f->source);
    batch_buf_puts(row, ",");
    if (f->flags & BATCH_CASE_ERROR) {
        batch_buf_puts(row, ",,,,,,,");
        batch_buf_csv(row, cr_result_get_error_message(res));
        batch_buf_puts(row, "\r\n");
        return;
    }
    batch_buf_csv(row, cr_result_get_group(res));
    batch_buf_puts(row, ",");
    if (cr_result_has_score(res))       /* none: veto="unscored" (1.1) */
        batch_buf_number(row, cr_result_get_score(res));
    batch_buf_puts(row, ",");
    batch_buf_csv(row, cr_result_get_grade_label(res));
    batch_buf_puts(row, (f->flags & BATCH_CASE_VETOED) ? yes : no);
    batch_buf_printf(row, "%zu,", f->failed_count);
    csv_top_deductions(row, res, f);
    batch_buf_puts(row, (f->flags & BATCH_CASE_INCOMPLETE) ? no : yes);
    batch_buf_puts(row, "\r\n");
}

/* ---- report row (failed or vetoed cases) */

void
batch_html_deduction(struct batch_buf *h, const struct cr_item_result *it)
{
    size_t n = cr_item_result_get_finding_count(it) +
               cr_item_result_get_findings_omitted(it);

    batch_buf_puts(h, "<li><b>");
    batch_buf_html(h, cr_item_result_get_id(it));
    batch_buf_puts(h, "</b> ");
    batch_buf_html(h, cr_item_result_get_title(it));
    batch_buf_puts(h, " <span class=\"ded\">−");
    batch_buf_number(h, cr_item_result_get_deducted(it));
    batch_buf_puts(h, "</span>");
    if (cr_item_result_is_veto(it))
        batch_buf_puts(h, " <span class=\"veto\">一票否决</span>");
    if (n > 0) {
        batch_buf_puts(h, "：");
        batch_buf_html(h, cr_finding_get_message(
                              cr_item_result_get_finding(it, 0)));
        if (n > 1)
            batch_buf_printf(h, "（等 %zu 处）", n);
    }
    batch_buf_puts(h, "</li>");
}

static void
render_html(struct batch_buf *h, const struct cr_result *res,
            const struct case_facts *f, const struct batch_render_opts *o)
{
    size_t i;

    batch_buf_puts(h, "<tr><td class=\"src\">");
    batch_buf_html(h, f->source);
    batch_buf_puts(h, "</td><td>");
    batch_buf_html(h, cr_result_get_case_id(res));
    batch_buf_puts(h, "</td><td class=\"ag\">");
    if (*cr_result_get_agency_name(res)) {
        batch_buf_html(h, cr_result_get_agency_name(res));
        batch_buf_puts(h, "<br>");
    }
    batch_buf_puts(h, "<span class=\"code\">");
    batch_buf_html(h, cr_result_get_group(res));
    batch_buf_puts(h, "</span></td><td class=\"num\">");
    if (cr_result_has_score(res))
        batch_buf_number(h, cr_result_get_score(res));
    else
        batch_buf_puts(h, "不评分");
    batch_buf_puts(h, "</td><td class=\"grade\">");
    if (f->grade >= 0) {
        batch_buf_printf(h, "<span class=\"badge\" style=\"background:%s\">",
                         batch_grade_color(f->grade, cr_checklist_get_grade_count(
                                                         o->cl)));
        batch_buf_html(h, cr_result_get_grade_label(res));
        batch_buf_puts(h, "</span>");
    }
    if (f->flags & BATCH_CASE_VETOED)
        batch_buf_puts(h, " <span class=\"veto\">否决</span>");
    if (f->flags & BATCH_CASE_PENDING)
        batch_buf_puts(h, " <span class=\"pend\">待人工评查</span>");
    batch_buf_puts(h, "</td><td><ul>");
    for (i = 0; i < f->failed_count; i++)
        batch_html_deduction(h, cr_result_get_item(res, f->failed[i]));
    batch_buf_puts(h, "</ul>");
    if (o->scheme)
        batch_html_scheme(h, res, o->cl);
    batch_buf_puts(h, "</td></tr>\n");
}

char *
batch_record_pack(const struct cr_result *res,
                  const struct batch_render_opts *opts, size_t *len)
{
    struct batch_buf b = {0}, row = {0}, html = {0}, form = {0}, xlsx = {0};
    struct batch_buf all = {0}, ded = {0};
    struct case_facts f;
    char *json = NULL, *clean_source = NULL;
    size_t json_len;
    double score;

    collect_facts(res, opts->cl, &f);
    /* a file name in GBK or Latin-1: U+FFFD for its bad bytes in the CSV
     * and the report, as the JSON has them */
    f.source = cr_result_get_source(res);
    if (!batch_utf8_valid(f.source))
        f.source = clean_source = batch_utf8_clean(f.source);
    if (cr_result_to_json(res, 0, &json) != CR_OK || !json) {
        cli_error("out of memory");
        exit(2);
    }
    json_len = strlen(json);
    if (opts->csv)
        render_csv(&row, res, &f, opts->csv_en);
    if (opts->csv && opts->scheme && !(f.flags & BATCH_CASE_ERROR))
        batch_csv_scheme(&row, res);
    else if (opts->csv && opts->scheme)   /* an error row: empty columns */
        row.len -= 2, batch_buf_puts(&row, ",,,,\r\n");
    if (opts->report && (f.flags & BATCH_CASE_LISTED))
        render_html(&html, res, &f, opts);
    if (opts->form && (f.flags & BATCH_CASE_PENDING))
        batch_form_rows(&form, res, opts->cl, f.source);
    if (opts->report_all)
        batch_report_case_rows(&all, &ded, res, opts, f.source, f.grade,
                               f.flags, f.failed, f.failed_count);
    if (opts->xlsx)
        batch_xlsx_rows(&xlsx, res, opts->cl, f.source, f.failed,
                        f.failed_count);

    /* One allocation for the whole blob, the JSON copied once: it is
     * most of the blob (17 KB for a typical case), and building it in
     * a buffer of its own, doubling from 64 bytes, then copying that
     * cost 2.5 % more of a worker's instructions (callgrind). */
    batch_buf_reserve(&b, json_len + row.len + html.len + form.len + xlsx.len
                           + all.len + ded.len + 512);
    /* the score as the JSON prints it (to the cent), which the library
     * grades: the summary's mean, median and histogram agree with both */
    score = (f.flags & (BATCH_CASE_ERROR | BATCH_CASE_UNSCORED))
                ? 0 : round(cr_result_get_score(res) * 100.0) / 100.0;
    pack_u32(&b, f.flags | opts->checklist << BATCH_CASE_CHECKLIST_SHIFT);
    pack_u32(&b, (uint32_t)f.grade);
    batch_buf_add(&b, &score, sizeof score);
    /* the JSON line as pack_bytes() packs it: length, bytes, NUL */
    pack_u32(&b, (uint32_t)(json_len + 1));
    batch_buf_add(&b, json, json_len);
    batch_buf_add(&b, "\n", 2);          /* the newline and the NUL */
    cr_free(json);
    pack_bytes(&b, row.data ? row.data : "", row.len);
    pack_bytes(&b, html.data ? html.data : "", html.len);
    pack_str(&b, (f.flags & BATCH_CASE_ERROR) ? "" : cr_result_get_group(res));
    pack_str(&b, f.source);
    pack_str(&b, cr_result_get_case_id(res));
    pack_str(&b, (f.flags & BATCH_CASE_ERROR)
                     ? cr_result_get_error_message(res) : "");
    pack_array(&b, f.failed, f.failed_count);
    pack_array(&b, f.vetoes, f.veto_count);
    pack_bytes(&b, form.data ? form.data : "", form.len);
    pack_bytes(&b, xlsx.data ? xlsx.data : "", xlsx.len);
    pack_str(&b, cr_result_get_agency_name(res));
    pack_str(&b, cr_result_get_case_kind(res));
    pack_bytes(&b, all.data ? all.data : "", all.len);
    pack_bytes(&b, ded.data ? ded.data : "", ded.len);
    batch_buf_free(&all);
    batch_buf_free(&ded);
    batch_buf_free(&row);
    batch_buf_free(&xlsx);
    batch_buf_free(&html);
    batch_buf_free(&form);
    free(f.failed);
    free(f.vetoes);
    free(clean_source);
    *len = b.len;
    return b.data;
}

void
batch_record_unpack(const char *blob, size_t len, struct batch_case *c)
{
    struct unpacker u = {blob};

    (void)len;
    c->flags = unpack_u32(&u, blob);
    c->checklist = c->flags >> BATCH_CASE_CHECKLIST_SHIFT;
    c->flags &= (1u << BATCH_CASE_CHECKLIST_SHIFT) - 1;
    c->grade = (int)unpack_u32(&u, blob);
    memcpy(&c->score, u.p, sizeof c->score);
    u.p += sizeof c->score;
    c->json = unpack_bytes(&u, blob, &c->json_len);
    c->csv = unpack_bytes(&u, blob, &c->csv_len);
    c->html = unpack_bytes(&u, blob, &c->html_len);
    c->group = unpack_str(&u, blob);
    c->source = unpack_str(&u, blob);
    c->case_id = unpack_str(&u, blob);
    c->error = unpack_str(&u, blob);
    c->failed = unpack_array(&u, blob, &c->failed_count);
    c->vetoes = unpack_array(&u, blob, &c->veto_count);
    c->form = unpack_bytes(&u, blob, &c->form_len);
    c->xlsx = unpack_bytes(&u, blob, &c->xlsx_len);
    c->agency_name = unpack_str(&u, blob);
    c->kind = unpack_str(&u, blob);
    c->html_row = unpack_bytes(&u, blob, &c->html_row_len);
    c->html_ded = unpack_bytes(&u, blob, &c->html_ded_len);
}

char *
batch_record_without_json(const char *blob, size_t len, size_t *out_len)
{
    struct batch_case c;
    size_t at, end, n;
    char *out;

    batch_record_unpack(blob, len, &c);
    /* the JSON field: its u32 length at AT, then the bytes and a NUL,
     * the next field aligned to 4 from END; an empty one takes 8 bytes,
     * so every later field keeps its alignment */
    at = (size_t)(c.json - blob) - 4;
    end = (size_t)(c.json - blob) + c.json_len + 1;
    end += (4 - end % 4) % 4;
    n = at + 8 + (len - end);
    out = batch_xmalloc(n);
    memcpy(out, blob, at);
    memset(out + at, 0, 8);
    memcpy(out + at + 8, blob + end, len - end);
    *out_len = n;
    return out;
}
