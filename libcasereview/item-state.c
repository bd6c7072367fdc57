/* item-state.c — an item's states by the names results and cr:state
 * spell them. A leaf: the writers and the functions read it without
 * reaching the result's other parts. */
#include "casereview.h"
#include "export.h"

CR_EXPORT const char *
cr_item_state_to_str(enum cr_item_state st)
{
    switch (st) {
    case CR_ITEM_PASSED: return "passed";
    case CR_ITEM_FAILED: return "failed";
    case CR_ITEM_NOT_APPLICABLE: return "not-applicable";
    case CR_ITEM_ERROR: return "error";
    case CR_ITEM_PENDING: return "pending";
    }
    return "error";
}
