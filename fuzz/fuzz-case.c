/* fuzz-case.c — scores fuzzed case bytes against a fixed checklist that
 * calls most cr: functions, lets, templates and per-node items. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "casereview.h"

static const char checklist[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='f' total='100'>"
    "<grades><grade id='a' label='A' min='60'/><grade id='b' label='B'"
    " min='0'/></grades>"
    "<let name='d' value='/case/decision'/>"
    "<category id='c' points='100'>"
    "<item id='I1' deduct='5' per='node' max='50'>"
    " <check context='//document'>"
    "  <let name='n' value='cr:distinct-count(officer/@ref)'/>"
    "  <assert test='$n &gt;= 2'>{@title}{$n}{cr:add-days(@date, 7)}</assert>"
    "  <report test=\"cr:matches(string(text), '(a|b)*c', 'i')\">"
    "{cr:replace(string(text), '(\\w)', '[$1]')}</report>"
    "  <assert test=\"cr:days-between(@date, $d/@date) &gt;= 0 or"
    " not(@date)\">{cr:date(@date)}</assert>"
    " </check></item>"
    "<item id='I2' deduct='5' veto='true'>"
    " <applies-if test='$d/penalty'/>"
    " <check context='$d/penalty'>"
    "  <assert test='cr:cn-amount(@amount-text) = @amount'>{@amount}</assert>"
    "  <assert test=\"cr:valid-id(string(/case/party/@id), 'credit-code')"
    " or cr:valid-id(string(/case/party/@id), 'resident-id')\">id</assert>"
    "  <assert test=\"cr:has-token(@kind, 'fine')\">k</assert>"
    " </check></item>"
    "<item id='I3' deduct='1' per='node'>"
    " <check context='//@*'><report test=\"contains(., '&lt;')\">"
    "{name(..)}</report></check>"
    " <check context='//text()|//comment()|//processing-instruction()'>"
    "  <report test='string-length(.) &gt; 5'>{.}</report></check>"
    "</item></category></checklist>";

/* EV: the default limits; TIGHT: a budget and result bounds small enough
 * for fuzzed cases to reach them (budget.c, result-bounds.c). */
static struct cr_evaluator *ev, *tight;

static struct cr_evaluator *
evaluator(int small)
{
    struct cr_load_options *o = NULL;
    struct cr_checklist *cl = NULL;
    struct cr_evaluator *e = NULL;

    if (cr_load_options_new(&o) != CR_OK)
        abort();
    if (small &&
        (cr_load_options_set_max_case_work(o, 3000) != CR_OK ||
         cr_load_options_set_max_case_nodes(o, 300) != CR_OK ||
         cr_load_options_set_max_case_tree(o, 32 << 10) != CR_OK ||
         cr_load_options_set_max_findings(o, 2) != CR_OK ||
         cr_load_options_set_max_message_length(o, 8) != CR_OK))
        abort();
    if (cr_checklist_load_memory(checklist, sizeof(checklist) - 1, "f.xml",
                                 NULL, o, &cl, NULL) != CR_OK ||
        cr_evaluator_new(cl, &e) != CR_OK)
        abort();  /* the fixed checklist must load */
    cr_checklist_unref(cl);
    cr_load_options_free(o);
    return e;
}

static void
setup(void)
{
    ev = evaluator(0);
    tight = evaluator(1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cr_result *res = NULL;
    struct cr_evaluator *e;
    char *out = NULL;
    enum cr_status st;

    if (ev == NULL)
        setup();
    /* first byte: explain on or off, so both writers are fuzzed, and the
     * default limits or tight ones */
    e = size && (data[0] & 2) ? tight : ev;
    cr_evaluator_set_flags(e, size && (data[0] & 1) ? CR_EVAL_EXPLAIN : 0);
    st = cr_evaluator_score_memory(e, (const char *)data, size, "fuzz", &res);
    if (st != CR_OK && st != CR_ERR_CASE)
        abort();
    if (res == NULL)
        abort();
    if (cr_result_to_json(res, CR_JSON_EXPLAIN, &out) == CR_OK)
        cr_free(out);
    if (cr_result_to_text(res, &out) == CR_OK)
        cr_free(out);
    cr_result_free(res);
    return 0;
}
