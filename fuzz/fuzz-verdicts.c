/* fuzz-verdicts.c — loads fuzzed verdicts bytes against a fixed checklist
 * 1.1 (reviewer items with a range, a veto, an earn and a bonus item: the
 * items of tests/cases/verdicts/, so their verdicts files seed it) and,
 * when they load, scores two cases with them (one they name, one they
 * may not), writing JSON with explain and the text report. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casereview.h"

#define ITEM(id, attrs, test)                                             \
    "<item id='" id "' title='" id "' " attrs "><applies-if test='not(/case/@na-" \
    id ")'/><check context='/case'><assert test='" test "'>" id           \
    " {name(.)}</assert></check></item>"

static const char checklist_xml[] =
    "<checklist xmlns='urn:casereview:checklist:1' id='pending' total='100'"
    " veto='zero'><grades><grade id='a' label='A' min='90'/>"
    "<grade id='b' label='B' min='60'/><grade id='c' label='C' min='0'/>"
    "</grades><category id='a' points='60'>"
    ITEM("M1", "deduct='5' cap-grade='b'", "not(@f)")
    ITEM("R1", "deduct-min='1' deduct-max='5' decide='reviewer'", "@r")
    ITEM("R2", "deduct='10' veto='true' decide='reviewer'", "true()")
    ITEM("R3", "deduct='3' decide='reviewer' per='node'", "doc")
    "</category><category id='e' points='40' scoring='earn'>"
    ITEM("E1", "points='2' on-fail='zero-category'", "not(@e)")
    ITEM("E2", "points='2' decide='reviewer'", "true()")
    "</category><category id='plus' points='10' role='bonus'>"
    ITEM("X1", "bonus='10' decide='reviewer'", "true()")
    "</category></checklist>";

static struct cr_checklist *cl;

static void
score(struct cr_evaluator *ev, const char *doc)
{
    struct cr_result *res = NULL;
    char *s = NULL;

    if (cr_evaluator_score_memory(ev, doc, strlen(doc), "k.xml", &res) ==
        CR_OK) {
        if (cr_result_to_json(res, CR_JSON_EXPLAIN, &s) == CR_OK)
            cr_free(s);
        if (cr_result_to_text(res, &s) == CR_OK)
            cr_free(s);
    }
    cr_result_free(res);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cr_verdicts *v = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_evaluator *ev = NULL;
    enum cr_status st;
    char *s;

    if (cl == NULL &&
        cr_checklist_load_memory(checklist_xml, sizeof(checklist_xml) - 1,
                                 "fz.xml", ".", NULL, &cl, NULL) != CR_OK)
        abort();
    st = cr_verdicts_load_memory(cl, (const char *)data, size, "v.xml", &v,
                                 &diags);
    if ((st == CR_OK) != (v != NULL))
        abort();
    s = cr_diag_list_format(diags);
    cr_free(s);
    cr_diag_list_free(diags);
    if (v && cr_evaluator_new(cl, &ev) == CR_OK) {
        cr_evaluator_set_flags(ev, CR_EVAL_EXPLAIN);
        if (cr_evaluator_set_verdicts(ev, v) != CR_OK)
            abort();
        score(ev, "<case id='P1' f='1'><doc/><doc/></case>");
        if (cr_verdicts_get_case_count(v) > 0) {
            /* a case the verdicts name, whatever its id */
            char doc[512];
            const char *id = cr_verdicts_get_case_id(v, 0);
            if (strlen(id) < 300 && !strpbrk(id, "'<&")) {
                snprintf(doc, sizeof(doc),
                         "<case id='%s' e='1' na-X1='1'><doc/></case>", id);
                score(ev, doc);
            }
        }
        cr_evaluator_free(ev);
    }
    cr_verdicts_unref(v);
    return 0;
}
