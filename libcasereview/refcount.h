/* refcount.h — reference counting of the shared handles (cr_checklist,
 * cr_verdicts, cr_transform): the handle's atomic REFS starts at 1,
 * NAME_ref adds one and returns the handle, NAME_unref drops one, frees
 * the handle with FREE_FN when it was the last, and returns NULL. Both
 * take NULL. */
#ifndef CRP_REFCOUNT_H
#define CRP_REFCOUNT_H

#include <stdatomic.h>

#include "export.h"

#define CRP_REFCOUNTED(name, free_fn)                                   \
    CR_EXPORT struct name *name##_ref(struct name *h)                   \
    {                                                                   \
        if (h)                                                          \
            atomic_fetch_add(&h->refs, 1);                              \
        return h;                                                       \
    }                                                                   \
    CR_EXPORT struct name *name##_unref(struct name *h)                 \
    {                                                                   \
        if (h && atomic_fetch_sub(&h->refs, 1) == 1)                    \
            free_fn(h);                                                 \
        return NULL;                                                    \
    }

#endif
