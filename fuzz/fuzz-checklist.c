/* fuzz-checklist.c — loads fuzzed checklist bytes and, when they load,
 * scores a small fixed case with them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "casereview.h"

static const char case_xml[] =
    "<case id='k'><agency code='1' name='局'/><documents>"
    "<document kind='inspection-record' title='t' date='2024-03-20'>"
    "<officer ref='o1'/><text>aaa</text></document></documents>"
    "<decision date='2024-05-06'><penalty kind='fine' amount='8000'"
    " amount-text='人民币捌仟元整'/></decision></case>";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    char *s;
    enum cr_status st;

    /* data hrefs resolve in a folder that does not exist */
    st = cr_checklist_load_memory((const char *)data, size, "fuzz.xml",
                                  "/nonexistent-fuzz-dir", NULL, &cl, &diags);
    if ((st == CR_OK) != (cl != NULL))
        abort();
    s = cr_diag_list_format(diags);
    cr_free(s);
    cr_diag_list_free(diags);
    if (cl && cr_evaluator_new(cl, &ev) == CR_OK) {
        /* explained, as JSON and text: checklist 1.1's category
         * explanations and report lines */
        cr_evaluator_set_flags(ev, CR_EVAL_EXPLAIN);
        if (cr_evaluator_score_memory(ev, case_xml, sizeof(case_xml) - 1,
                                      "k", &res) == CR_OK &&
            cr_result_to_json(res, CR_JSON_EXPLAIN, &s) == CR_OK)
            cr_free(s);
        if (res && cr_result_to_text(res, &s) == CR_OK)
            cr_free(s);
        cr_result_free(res);
        cr_evaluator_free(ev);
    }
    cr_checklist_unref(cl);
    return 0;
}
