/* func-state.c — cr:state(ID): the state of an earlier item of the same
 * case, after any verdict ("passed", "failed", "not-applicable",
 * "error", "pending"). The lint lets only a literal naming an earlier
 * item through, so the state is final when read. */
#include "alloc.h"
#include "checklist.h"
#include "diag.h"
#include "functions.h"
#include "result.h"
#include "xpath-lint.h"

int
crp_fn_state(struct crp_fn_call *c)
{
    const struct cr_result *res = c->env->result;
    const char *id = (const char *)c->arg[0].s;
    long i = res && res->cl ? crp_item_index(res->cl, id, res->nitems) : -1;

    if (i < 0)
        return crp_fn_error(c, XPATH_EXPR_ERROR,
                            "cr:state: no item '%.64s' in this case",
                            id);
    /* a static string: the state names live as long as the library */
    return crp_fn_string(c, cr_item_state_to_str(res->items[i].state));
}

/* ID, a literal, names an item before this one: items are evaluated
 * once, in order. */
void
crp_lint_state(struct crp_lint_call *l)
{
    const struct crp_lint_env *env = crp_lint_env(l);
    char *id = NULL;
    long at;

    if (!crp_lint_literal(l, 0, &id)) {
        crp_lint_report(l, -1, CRP_DIAG_BAD_STATE_REF,
                        "cr:state takes a string literal naming an earlier "
                        "item%s%s", "", "");
    } else if (id == NULL) {
        crp_diag_list_set_oom(env->diags);
    } else if (env->item < 0) {
        crp_lint_report(l, 0, CRP_DIAG_BAD_STATE_REF,
                        "cr:state('%s') outside an item: checklist-level "
                        "lets, case-id and group-by are evaluated before any "
                        "item%s", id, "");
    } else if (crp_item_index(env->cl, id, (size_t)env->item) < 0) {
        at = crp_item_index(env->cl, id, env->cl->nitems);
        crp_lint_report(l, 0, CRP_DIAG_BAD_STATE_REF,
                        at < 0 ? "cr:state('%s') names no item%s"
                               : "cr:state('%s') names an item that is not "
                                 "before this one%s (items are evaluated in "
                                 "checklist order)", id, "");
    }
    crp_free(id);
}
