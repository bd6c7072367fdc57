/* fuzz-archive-rules.c — archive rules over a few fuzzed cases.
 *
 * Input: parts separated by NUL bytes. The first is the body of an
 * <archive-rules> element inside a fixed, valid checklist (the params and
 * lets the shipped rules' facts name, so their archive rules load); the
 * others (at most 8) are case files, or facts a caller gives ("@" then
 * name=value lines). The checklist loads; each case is
 * scored and its facts go to an archive; the facts of the first are given
 * again, value by value, through cr_facts_new/cr_facts_add under another
 * source, and the second is added twice then withdrawn; the archive is
 * evaluated, read through every getter, written as JSON and CSV, and all
 * is freed. A fixed base keeps the run on the archive code: the rest of
 * the checklist language is fuzz-checklist's. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casereview.h"

static const char head[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='fz-archive'"
    " version='1' total='10'>"
    "<param name='repeat-days' type='integer' min='1' default='30'/>"
    "<param name='repeat-max' type='integer' min='0' default='1'/>"
    "<param name='repeat-exempt-sources' type='string'"
    " default='complaint referral'/>"
    "<param name='fine-outlier-ratio' type='number' min='1' default='3'/>"
    "<param name='fine-min-group' type='integer' min='1' default='2'/>"
    "<param name='officer-days' type='integer' min='1' default='30'/>"
    "<param name='officer-max-cases' type='integer' min='1' default='1'/>"
    "<let name='fine' value=\"sum(/case/decision/penalty[@kind='fine']"
    "[number(@amount) = number(@amount)]/@amount)\"/>"
    "<let name='initial' value=\"/case/documents/document"
    "[@kind='inspection-record'][1]\"/>"
    "<category id='c' points='10'><item id='I1' deduct='1'>"
    "<check context='/case'><assert test='@id'>no id</assert></check>"
    "</item></category><archive-rules>";
static const char tail[] = "</archive-rules></checklist>";

#define MAX_CASES 8

static void
read_findings(const struct cr_archive *ar)
{
    size_t i, j, n = cr_archive_get_finding_count(ar);
    volatile size_t sink = 0;

    for (i = 0; i < n; i++) {
        const struct cr_archive_finding *f = cr_archive_get_finding(ar, i);
        if (f == NULL)
            abort();
        sink += strlen(cr_archive_finding_get_rule(f));
        sink += strlen(cr_archive_finding_get_title(f));
        sink += strlen(cr_archive_finding_get_basis(f));
        sink += strlen(cr_archive_finding_get_kind(f));
        sink += strlen(cr_archive_finding_get_message(f));
        for (j = 0; j < cr_archive_finding_get_key_count(f); j++)
            sink += strlen(cr_archive_finding_get_key_name(f, j)) +
                    strlen(cr_archive_finding_get_key_label(f, j)) +
                    strlen(cr_archive_finding_get_key_value(f, j));
        for (j = 0; j < cr_archive_finding_get_figure_count(f); j++)
            sink += strlen(cr_archive_finding_get_figure_name(f, j)) +
                    strlen(cr_archive_finding_get_figure_value(f, j));
        for (j = 0; j < cr_archive_finding_get_case_count(f); j++) {
            const char *v = cr_archive_finding_get_case_value(f, j);
            sink += strlen(cr_archive_finding_get_case_id(f, j)) +
                    strlen(cr_archive_finding_get_case_source(f, j)) +
                    (v ? strlen(v) : 0);
        }
        sink += cr_archive_finding_get_cases_omitted(f);
    }
    (void)sink;
}

/* The facts of RES given again, value by value, as a caller keeping
 * them elsewhere would. */
static void
add_copy(struct cr_checklist *cl, struct cr_archive *ar,
         const struct cr_result *res)
{
    const struct cr_facts *f = cr_result_get_facts(res);
    struct cr_facts *copy = NULL;
    size_t i, j;

    if (f == NULL || cr_facts_new(cl, "copy.xml", cr_facts_get_case_id(f),
                                  &copy) != CR_OK)
        return;
    for (i = 0; i < cr_facts_get_count(f); i++)
        for (j = 0; j < cr_facts_get_value_count(f, i); j++)
            /* what the library wrote, it reads back */
            if (cr_facts_add(copy, cr_facts_get_name(f, i),
                             cr_facts_get_value(f, i, j)) != CR_OK)
                abort();
    if (cr_archive_add_facts(ar, copy) != CR_OK)
        abort();
    cr_facts_free(copy);
}

/* A part "@name=value\nname=value..." gives facts as a caller would,
 * any bytes as values: they are refused (CR_ERR_INVALID) or kept. */
static void
add_given(struct cr_checklist *cl, struct cr_archive *ar,
          const char *source, const char *p, size_t len)
{
    struct cr_facts *f = NULL;
    char *text = malloc(len + 1), *line, *next, *eq;
    enum cr_status st;

    if (text == NULL)
        return;
    memcpy(text, p, len);
    text[len] = '\0';
    if (cr_facts_new(cl, source, "given", &f) != CR_OK)
        abort();
    for (line = text; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if ((eq = strchr(line, '=')) == NULL)
            continue;
        *eq = '\0';
        st = cr_facts_add(f, line, eq + 1);
        if (st != CR_OK && st != CR_ERR_INVALID)
            abort();
    }
    if (cr_archive_add_facts(ar, f) != CR_OK)
        abort();
    cr_facts_free(f);
    free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size, *nul;
    size_t rules_len, len;
    char *xml;
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_archive *ar = NULL;
    char *s = NULL;
    int i;

    nul = memchr(p, 0, size);
    rules_len = nul ? (size_t)(nul - p) : size;
    len = sizeof(head) - 1 + rules_len + sizeof(tail) - 1;
    xml = malloc(len);
    if (xml == NULL)
        return 0;
    memcpy(xml, head, sizeof(head) - 1);
    memcpy(xml + sizeof(head) - 1, p, rules_len);
    memcpy(xml + sizeof(head) - 1 + rules_len, tail, sizeof(tail) - 1);
    if (cr_checklist_load_memory(xml, len, "fz.xml", "/nonexistent-fuzz-dir",
                                 NULL, &cl, &diags) == CR_OK) {
        if (cl == NULL)
            abort();
    }
    free(xml);
    cr_free(cr_diag_list_format(diags));
    cr_diag_list_free(diags);
    if (cl == NULL)
        return 0;
    if (cr_evaluator_new(cl, &ev) != CR_OK ||
        cr_archive_new(cl, &ar) != CR_OK)
        goto out;
    p = nul ? nul + 1 : end;
    for (i = 0; i < MAX_CASES && p < end; i++) {
        struct cr_result *res = NULL;
        char source[32];

        nul = memchr(p, 0, (size_t)(end - p));
        len = nul ? (size_t)(nul - p) : (size_t)(end - p);
        snprintf(source, sizeof(source), "case-%02d.xml", i + 1);
        if (len > 0 && *p == '@') {
            add_given(cl, ar, source, p + 1, len - 1);
            p = nul ? nul + 1 : end;
            continue;
        }
        /* an error result withdraws its source: added as well */
        cr_evaluator_score_memory(ev, p, len, source, &res);
        if (res) {
            if (cr_archive_add_result(ar, res) != CR_OK)
                abort();
            if (i == 0)
                add_copy(cl, ar, res);
            if (i == 1 && (cr_archive_add_result(ar, res) != CR_OK ||
                           cr_archive_withdraw(ar, source) != CR_OK))
                abort();
        }
        cr_result_free(res);
        p = nul ? nul + 1 : end;
    }
    if (cr_archive_evaluate(ar) == CR_OK) {
        read_findings(ar);
        if (cr_archive_to_json(ar, &s) != CR_OK)
            abort();
        cr_free(s);
        if (cr_archive_to_csv(ar, &s) != CR_OK)
            abort();
        cr_free(s);
    }
out:
    cr_archive_free(ar);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    return 0;
}
