/* result-json.c — the casereview-result/1 JSON writer. Key order, number
 * form and separators are part of the contract: byte-identical output for
 * identical input. Separators follow Python's json.dumps defaults. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "export.h"
#include "utf8.h"
#include "result.h"
#include "strbuf.h"
#include "verdicts.h"

/* A string literal appended without strlen(). */
#define PUT(sb, lit) crp_strbuf_add((sb), (lit), sizeof(lit) - 1)
/* a literal, then the JSON string S: a key and its value */
#define PUT_STR(sb, lit, s) (PUT(sb, lit), put_str((sb), (s)))

/* A JSON string: UTF-8 kept as is, control characters escaped. Runs of
 * bytes that need no escape are appended in one call, not a
 * crp_strbuf_putc() per byte (the writer is on every case's path). A
 * run ends at a byte of STOPS:
 * controls, '"', '\\', and the lead bytes of U+0085 (C2) and U+2028/2029
 * (E2); one table lookup per byte instead of five comparisons. */
static const unsigned char stops[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
    [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
    [0x1E] = 1, [0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0xC2] = 1, [0xE2] = 1,
};

static void
put_str(struct crp_strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *run;

    crp_strbuf_add(sb, &(const char){'"'}, 1);
    for (;;) {
        /* copy runs that need no escape in one call (the hot path) */
        for (run = p; !stops[*p]; p++)
            ;
        if (p > run)
            crp_strbuf_add(sb, (const char *)run, (size_t)(p - run));
        if (*p == '\0')
            break;
        /* U+0085, U+2028, U+2029 are valid in JSON, but line-splitting
         * readers of JSON Lines break on them: escape them too */
        if (p[0] == 0xC2 && p[1] == 0x85) {
            PUT(sb, "\\u0085");
            p += 2;
            continue;
        }
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            crp_strbuf_puts(sb, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
            p += 3;
            continue;
        }
        switch (*p) {
        case 0xC2: case 0xE2: crp_strbuf_putc(sb, (char)*p); break;
        case '"': PUT(sb, "\\\""); break;
        case '\\': PUT(sb, "\\\\"); break;
        case '\n': PUT(sb, "\\n"); break;
        case '\r': PUT(sb, "\\r"); break;
        case '\t': PUT(sb, "\\t"); break;
        case '\b': PUT(sb, "\\b"); break;
        case '\f': PUT(sb, "\\f"); break;
        default: crp_strbuf_printf(sb, "\\u%04x", *p);
        }
        p++;
    }
    crp_strbuf_add(sb, &(const char){'"'}, 1);
}

/* A whole number in decimal without snprintf(): the same digits "%d" /
 * "%.0f" print for |v| < 1e15. */
static void
put_whole(struct crp_strbuf *sb, long long v)
{
    char buf[24], *p = buf + sizeof(buf);
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                 : (unsigned long long)v;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    crp_strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

static void
put_num(struct crp_strbuf *sb, double v)
{
    char buf[64];
    double r;

    /* the common case, a whole number of points: as crp_format_number
     * prints it (rounding to cents first; never "-0") */
    if (v == (double)(long long)v && fabs(v) < 1e15) {
        put_whole(sb, (long long)v);   /* -0.0 gives 0 */
        return;
    }
    if (isfinite(v)) {
        r = round(v * 100.0) / 100.0;
        if (fabs(r - round(r)) < 1e-9 && fabs(r) < 1e15) {
            long long w = (long long)round(r);
            put_whole(sb, w);
            return;
        }
    }
    crp_format_number(v, buf, sizeof(buf));
    crp_strbuf_puts(sb, buf);
}

static void
put_explain(struct crp_strbuf *sb, const struct crp_pair *v, size_t n)
{
    size_t i;

    PUT(sb, ", \"explain\": {");
    for (i = 0; i < n; i++) {
        if (i)
            PUT(sb, ", ");
        /* names are checklist text ("{expr}", "$name"): escaped */
        put_str(sb, v[i].name);
        PUT_STR(sb, ": ", v[i].value);
    }
    crp_strbuf_add(sb, &(const char){'}'}, 1);
}

/* A source: a file or member name as given, which may be any bytes (GBK
 * from a zip made on Windows, say). JSON is UTF-8 (RFC 8259 8.1): each
 * byte that does not start a valid UTF-8 character becomes U+FFFD, so
 * every line parses. Names that are UTF-8 (nearly all) are written as
 * they are. */
static void
put_name(struct crp_strbuf *sb, const char *s)
{
    char *copy;

    if (s == NULL || crp_utf8_valid(s)) {
        put_str(sb, s);
        return;
    }
    copy = crp_utf8_clean(s);
    if (copy == NULL)
        sb->failed = 1;     /* out of memory: the whole JSON fails */
    else
        put_str(sb, copy);
    crp_free(copy);
}

/* The archive rules' writers (archive-json.c) write strings alike. */
void
crp_json_put_str(struct crp_strbuf *sb, const char *s)
{
    put_str(sb, s);
}

void
crp_json_put_name(struct crp_strbuf *sb, const char *s)
{
    put_name(sb, s);
}

static void
put_case(struct crp_strbuf *sb, const struct cr_result *res)
{
    PUT(sb, "\"case\": {\"id\": ");
    if (res->case_id)
        put_str(sb, res->case_id);
    else
        PUT(sb, "null");
    PUT(sb, ", \"source\": ");
    put_name(sb, res->source);
    if (res->encoding_guess) {
        PUT_STR(sb, ", \"encoding_guess\": ", res->encoding_guess);
    }
    crp_strbuf_add(sb, &(const char){'}'}, 1);
}

static void
put_finding(struct crp_strbuf *sb, const struct cr_finding *f, int explain)
{
    PUT_STR(sb, "{\"message\": ", f->message);
    PUT_STR(sb, ", \"location\": ", f->location);
    PUT(sb, ", \"line\": ");
    put_whole(sb, f->line);
    if (f->hint)
        PUT(sb, ", \"hint\": true");
    if (explain)
        put_explain(sb, f->explain, f->nexplain);
    crp_strbuf_add(sb, &(const char){'}'}, 1);
}

/* The parts of an item's JSON before and after its state and deduction,
 * the same in every result. */
static void
put_item_head(struct crp_strbuf *sb, const struct crp_item *it,
              const char *category_id)
{
    PUT_STR(sb, "{\"id\": ", it->id);
    PUT_STR(sb, ", \"category\": ", category_id);
    PUT_STR(sb, ", \"title\": ", it->title);
    PUT(sb, ", \"state\": ");
}

static void
put_item_mid(struct crp_strbuf *sb, const struct crp_item *it)
{
    crp_strbuf_puts(sb, it->veto ? ", \"veto\": true" : ", \"veto\": false");
    PUT_STR(sb, ", \"basis\": ", it->basis);
    PUT(sb, ", \"findings\": [");
}

/* Titles and legal bases are the same in every result: escaped once, at
 * load, not for every case. */
int
crp_json_prerender(struct cr_checklist *cl)
{
    size_t i;

    for (i = 0; i < cl->nitems; i++) {
        struct crp_item *it = &cl->items[i];
        struct crp_strbuf sb;
        crp_strbuf_init(&sb);
        put_item_head(&sb, it, cl->categories[it->category].id);
        it->json_head_len = sb.len;
        it->json_head = crp_strbuf_steal(&sb);
        crp_strbuf_init(&sb);
        put_item_mid(&sb, it);
        it->json_mid_len = sb.len;
        it->json_mid = crp_strbuf_steal(&sb);
        if (it->json_head == NULL || it->json_mid == NULL)
            return -1;
        /* room for the state, deduction and brackets too */
        cl->json_size += it->json_head_len + it->json_mid_len + 64;
    }
    return 0;
}

/* 1.1: what a verdict decided, beside the machine's state. */
static void
put_verdict(struct crp_strbuf *sb, const struct cr_item_result *ir)
{
    const struct crp_verdict *v = ir->verdict;

    PUT_STR(sb, ", \"verdict\": {\"result\": ",
            cr_item_state_to_str(v->result));
    PUT(sb, ", \"deducted\": ");
    put_num(sb, ir->deducted);
    PUT_STR(sb, ", \"by\": ", v->by);
    PUT_STR(sb, ", \"at\": ", v->at);
    PUT_STR(sb, ", \"reason\": ", v->reason);
    PUT_STR(sb, ", \"machine_state\": ",
            cr_item_state_to_str(ir->machine_state));
    crp_strbuf_add(sb, &(const char){'}'}, 1);
}

static void
put_item(struct crp_strbuf *sb, const struct cr_item_result *ir, int explain)
{
    const struct crp_item *it = ir->def;
    size_t i;

    if (it->json_head)
        crp_strbuf_add(sb, it->json_head, it->json_head_len);
    else
        put_item_head(sb, it, ir->category_id);
    put_str(sb, cr_item_state_to_str(ir->state));
    PUT(sb, ", \"deducted\": ");
    put_num(sb, ir->deducted);
    if (it->has_points) {          /* 1.1: an item of an earn category */
        PUT(sb, ", \"points\": ");
        put_num(sb, it->points);
        PUT(sb, ", \"earned\": ");
        put_num(sb, crp_item_earned(ir));
    } else if (it->has_bonus) {    /* 1.1: a bonus item, what it added */
        PUT(sb, ", \"bonus\": ");
        put_num(sb, crp_item_bonus(ir));
    }
    if (it->json_mid)
        crp_strbuf_add(sb, it->json_mid, it->json_mid_len);
    else
        put_item_mid(sb, it);
    for (i = 0; i < ir->nfindings; i++) {
        if (i)
            PUT(sb, ", ");
        put_finding(sb, &ir->findings[i], explain);
    }
    crp_strbuf_add(sb, &(const char){']'}, 1);
    if (ir->findings_omitted) {
        PUT(sb, ", \"findings_omitted\": ");
        put_whole(sb, (long long)ir->findings_omitted);
    }
    if (ir->state == CR_ITEM_ERROR) {
        PUT_STR(sb, ", \"error\": ", ir->error);
    }
    if (ir->verdict)
        put_verdict(sb, ir);
    if (explain && ir->nexplain)
        put_explain(sb, ir->explain, ir->nexplain);
    crp_strbuf_add(sb, &(const char){'}'}, 1);
}

static void
put_ids(struct crp_strbuf *sb, const struct cr_result *res, const size_t *v,
        size_t n)
{
    size_t i;

    crp_strbuf_add(sb, &(const char){'['}, 1);
    for (i = 0; i < n; i++) {
        if (i)
            PUT(sb, ", ");
        put_str(sb, res->cl->items[v[i]].id);
    }
    crp_strbuf_add(sb, &(const char){']'}, 1);
}

/* 1.1: a category's score, and what differs from a 1.0 category. */
static void
put_category_scheme(struct crp_strbuf *sb, const struct cr_result *res,
                    size_t i)
{
    const struct crp_category *c = &res->cl->categories[i];

    PUT(sb, ", \"score\": ");
    put_num(sb, res->sch->cat_score[i]);
    if (c->scoring == CRP_SCORING_EARN)
        PUT(sb, ", \"scoring\": \"earn\"");
    if (c->role == CRP_ROLE_PENALTY)
        PUT(sb, ", \"role\": \"penalty\"");
    else if (c->role == CRP_ROLE_BONUS)
        PUT(sb, ", \"role\": \"bonus\"");
    if (c->parent >= 0) {
        PUT_STR(sb, ", \"parent\": ", res->cl->categories[c->parent].id);
    }
    if (res->sch->cat_na[i])
        PUT(sb, ", \"state\": \"not-applicable\"");
}

static void
put_bound(struct crp_strbuf *sb, double v)
{
    if (isnan(v))
        PUT(sb, "null");
    else
        put_num(sb, v);
}

static void
put_scored(struct crp_strbuf *sb, const struct cr_result *res, int explain)
{
    const struct cr_checklist *cl = res->cl;
    size_t i;

    PUT_STR(sb, "\"checklist\": {\"id\": ", cl->id);
    PUT_STR(sb, ", \"version\": ", cl->version);
    PUT(sb, "}, ");
    put_case(sb, res);
    PUT(sb, ", \"total\": ");
    put_num(sb, cl->total);
    PUT(sb, ", \"score\": ");
    put_bound(sb, res->score);
    if (cl->v11) {
        PUT(sb, ", \"score_range\": ");
        if (res->sch->has_range) {
            crp_strbuf_add(sb, &(const char){'['}, 1);
            put_bound(sb, res->sch->range_min);
            PUT(sb, ", ");
            put_bound(sb, res->sch->range_max);
            crp_strbuf_add(sb, &(const char){']'}, 1);
        } else {
            PUT(sb, "null");
        }
    }
    PUT(sb, ", \"grade\": ");
    if (res->grade >= 0) {
        PUT_STR(sb, "{\"id\": ", cl->grades[res->grade].id);
        PUT_STR(sb, ", \"label\": ", cl->grades[res->grade].label);
        crp_strbuf_add(sb, &(const char){'}'}, 1);
    } else {
        PUT(sb, "null");
    }
    crp_strbuf_puts(sb, res->vetoed ? ", \"vetoed\": true" : ", \"vetoed\": false");
    PUT(sb, ", \"vetoes\": [");
    for (i = 0; i < res->nvetoes; i++) {
        if (i)
            PUT(sb, ", ");
        put_str(sb, cl->items[res->vetoes[i]].id);
    }
    crp_strbuf_add(sb, &(const char){']'}, 1);
    if (cl->v11) {
        PUT(sb, ", \"grade_caps\": ");
        put_ids(sb, res, res->sch->caps, res->sch->ncaps);
        PUT(sb, ", \"bonus\": ");
        put_num(sb, res->sch->bonus);
    }
    crp_strbuf_puts(sb, res->complete ? ", \"complete\": true"
                                      : ", \"complete\": false");
    if (cl->v11) {
        PUT(sb, ", \"pending\": ");
        put_ids(sb, res, res->sch->pending, res->sch->npending);
    }
    PUT(sb, ", \"categories\": [");
    for (i = 0; i < cl->ncategories; i++) {
        if (i)
            PUT(sb, ", ");
        PUT_STR(sb, "{\"id\": ", cl->categories[i].id);
        PUT_STR(sb, ", \"title\": ", cl->categories[i].title);
        PUT(sb, ", \"points\": ");
        put_num(sb, cl->categories[i].points);
        PUT(sb, ", \"deducted\": ");
        put_num(sb, res->cat_deducted[i]);
        if (cl->v11)
            put_category_scheme(sb, res, i);
        if (explain && res->sch && res->sch->cat_explain &&
            res->sch->cat_explain[i].n)
            put_explain(sb, res->sch->cat_explain[i].v,
                        res->sch->cat_explain[i].n);
        crp_strbuf_add(sb, &(const char){'}'}, 1);
    }
    PUT(sb, "], \"items\": [");
    for (i = 0; i < res->nitems; i++) {
        if (i)
            PUT(sb, ", ");
        put_item(sb, &res->items[i], explain);
    }
    crp_strbuf_add(sb, &(const char){']'}, 1);
}

CR_EXPORT enum cr_status
cr_result_to_json(const struct cr_result *res, unsigned int flags,
                  char **json)
{
    struct crp_strbuf sb;

    if (json)
        *json = NULL;
    if (res == NULL || json == NULL)
        return CR_ERR_INVALID;
    crp_strbuf_init(&sb);
    /* (perf) one allocation for most results instead of a dozen
     * doublings: the fixed part, and a guess for each finding */
    if (!res->is_error) {
        size_t i, guess = res->cl->json_size + 1024;
        for (i = 0; i < res->nitems; i++)
            guess += res->items[i].nfindings * 256;
        crp_strbuf_reserve(&sb, guess);
    }
    PUT(&sb, "{\"format\": \"casereview-result/1\", ");
    if (res->is_error) {
        put_case(&sb, res);
        PUT(&sb, ", \"error\": {\"message\": ");
        put_str(&sb, res->error_message);
        crp_strbuf_printf(&sb, ", \"line\": %d", res->error_line);
        if (res->error_kind) {
            PUT(&sb, ", \"kind\": ");
            put_str(&sb, res->error_kind);
        }
        if (res->error_detail) {
            PUT(&sb, ", \"detail\": ");
            put_str(&sb, res->error_detail);
        }
        if (res->error_limit) {
            PUT(&sb, ", \"limit\": ");
            put_str(&sb, res->error_limit);
        }
        crp_strbuf_add(&sb, &(const char){'}'}, 1);
    } else {
        put_scored(&sb, res, (flags & CR_JSON_EXPLAIN) && res->explained);
    }
    crp_strbuf_add(&sb, &(const char){'}'}, 1);
    *json = crp_strbuf_steal(&sb);
    return *json ? CR_OK : CR_ERR_NOMEM;
}
