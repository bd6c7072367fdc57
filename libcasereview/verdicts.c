/* verdicts.c — cr_verdicts: reference counting, getters, the look-up of
 * a case's verdicts, and what a reviewer item and a verdict do to an
 * item once the machine has evaluated it. */
#include <string.h>

#include "alloc.h"
#include "api-get.h"
#include "export.h"
#include "result.h"
#include "verdicts.h"

void
crp_verdicts_free(struct cr_verdicts *v)
{
    size_t i, j;

    if (v == NULL)
        return;
    for (i = 0; i < v->ncases; i++) {
        for (j = 0; j < v->cases[i].count; j++) {
            crp_free(v->cases[i].verdicts[j].by);
            crp_free(v->cases[i].verdicts[j].at);
            crp_free(v->cases[i].verdicts[j].reason);
        }
        crp_free(v->cases[i].verdicts);
        crp_free(v->cases[i].id);
    }
    crp_free(v->cases);
    crp_free(v->path);
    cr_checklist_unref(v->cl);
    crp_free(v);
}

CR_EXPORT struct cr_verdicts *
cr_verdicts_ref(struct cr_verdicts *v)
{
    if (v)
        atomic_fetch_add(&v->refs, 1);
    return v;
}

CR_EXPORT struct cr_verdicts *
cr_verdicts_unref(struct cr_verdicts *v)
{
    if (v && atomic_fetch_sub(&v->refs, 1) == 1)
        crp_verdicts_free(v);
    return NULL;
}

CRP_GETTER(const char *, cr_verdicts_get_path, struct cr_verdicts, o->path,
           NULL)
CRP_GETTER(size_t, cr_verdicts_get_count, struct cr_verdicts, o->count, 0)
CRP_GETTER(size_t, cr_verdicts_get_case_count, struct cr_verdicts, o->ncases,
           0)
CRP_GETTER_AT(const char *, cr_verdicts_get_case_id, struct cr_verdicts,
              cr_verdicts_get_case_count(o), o->cases[i].id, NULL)
CRP_GETTER_AT(int, cr_verdicts_get_case_line, struct cr_verdicts,
              cr_verdicts_get_case_count(o), o->cases[i].line, 0)

CR_EXPORT long
cr_verdicts_find_case(const struct cr_verdicts *v, const char *id)
{
    const struct crp_verdict_case *c = crp_verdicts_find(v, id);

    return c ? (long)(c - v->cases) : -1;
}

const struct crp_verdict_case *
crp_verdicts_find(const struct cr_verdicts *v, const char *id)
{
    size_t lo = 0, hi;

    if (v == NULL || id == NULL)
        return NULL;
    hi = v->ncases;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(v->cases[mid].id, id);
        if (r == 0)
            return &v->cases[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void
crp_item_settle(struct cr_result *res, size_t idx,
                const struct crp_verdict *v)
{
    struct cr_item_result *ir = &res->items[idx];
    size_t i;

    /* reading 6: a reviewer item that applies waits for a person; what
     * its checks found is shown as hints */
    if (ir->def->reviewer && (ir->state == CR_ITEM_PASSED ||
                              ir->state == CR_ITEM_FAILED)) {
        ir->state = CR_ITEM_PENDING;
        for (i = 0; i < ir->nfindings; i++)
            ir->findings[i].hint = 1;
    }
    ir->machine_state = ir->state;
    if (v) {
        ir->verdict = v;
        ir->state = v->result;
    }
}
