/* fuzz-functions.c — the extension functions directly (money text, ids,
 * dates, regex checks) and through XPath: the first byte picks the
 * target, the rest is the input string. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#include "casereview.h"
#include "libcasereview/alloc.h"
#include "libcasereview/cnamount.h"
#include "libcasereview/date.h"
#include "libcasereview/ids.h"
#include "libcasereview/regex.h"

static struct crp_regex_cache *cache;

/* Scores a one-item checklist whose test is the fuzzed expression. */
static void
xpath_call(const char *expr)
{
    static const char head[] =
        "<checklist xmlns='urn:casereview:checklist:1' id='f' total='1'>"
        "<category id='c' points='1'><item id='i' deduct='1'>"
        "<check context='/case'><assert test=\"";
    static const char tail[] = "\">m</assert></check></item></category>"
                               "</checklist>";
    static const char case_xml[] =
        "<case id='k' d='2024-03-05'><t>人民币捌仟元整</t>"
        "<t>91350100M000100Y43</t></case>";
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    size_t n = strlen(expr), i, j = 0;
    char *doc = malloc(sizeof(head) + sizeof(tail) + 6 * n);

    if (doc == NULL)
        return;
    memcpy(doc, head, sizeof(head) - 1);
    j = sizeof(head) - 1;
    for (i = 0; i < n; i++) {  /* escape into the attribute */
        const char *esc = expr[i] == '"' ? "&quot;" : expr[i] == '<' ? "&lt;"
                          : expr[i] == '&' ? "&amp;" : NULL;
        if (esc) {
            memcpy(doc + j, esc, strlen(esc));
            j += strlen(esc);
        } else {
            doc[j++] = expr[i];
        }
    }
    memcpy(doc + j, tail, sizeof(tail));
    j += sizeof(tail) - 1;
    if (cr_checklist_load_memory(doc, j, "f.xml", "/nonexistent", NULL, &cl,
                                 NULL) == CR_OK &&
        cr_evaluator_new(cl, &ev) == CR_OK &&
        cr_evaluator_score_memory(ev, case_xml, sizeof(case_xml) - 1, "k",
                                  &res) == CR_OK) {
        if (cr_result_get_item_count(res) != 1)
            abort();
    }
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    free(doc);
}

/* The regex entry points take text from libxml2 trees, which is always
 * valid UTF-8 (they pass PCRE2_NO_UTF_CHECK): feed them only that. */
static int
valid_utf8(const unsigned char *p)
{
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1
              : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && *p < 0xC2) || (n == 3 && *p > 0xF4))
            return 0;
        p++;
        while (n-- > 0)
            if ((*p++ & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s, err[256], *out = NULL;
    size_t off, half;
    long day;
    char buf[11];

    if (size < 1)
        return 0;
    s = malloc(size);
    if (s == NULL)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    if (cache == NULL)
        cache = crp_regex_cache_new(100000);
    half = strlen(s) / 2;
    if ((data[0] % 8 == 4 || data[0] % 8 == 5) &&
        !valid_utf8((const unsigned char *)s)) {
        free(s);
        return 0;
    }
    switch (data[0] % 8) {
    case 0:
        (void)crp_cn_amount(s);
        break;
    case 1:
        (void)crp_valid_id(s, "resident-id");
        (void)crp_valid_id(s, "credit-code");
        break;
    case 2:
        if (crp_date_parse(s, &day)) {
            crp_date_format(day, buf);
            if (crp_day_valid(day) && strlen(buf) != 10)
                abort();
        }
        break;
    case 3:
        (void)crp_regex_check(s, s + half, err, sizeof(err), &off);
        break;
    case 4: {
        char *pat = s + half;
        (void)crp_regex_matches(cache, pat, "", s, err, sizeof(err));
        break;
    }
    case 5:
        if (crp_regex_replace(cache, s + half, s, "<$1>", &out, err,
                              sizeof(err)) == 0)
            crp_free(out);
        break;
    default:
        xpath_call(s);
        break;
    }
    free(s);
    return 0;
}
