/* idtable.c — rehashing an open-addressing table of ids (idtable.h). */
#include "alloc.h"
#include "idtable.h"

int
crp_idtable_grow(uint32_t **table, size_t *mask, size_t first, uint32_t n,
                 crp_idtable_hash hash, const void *ud)
{
    size_t cap = *mask ? (*mask + 1) * 2 : first, h;
    uint32_t *t = crp_calloc(cap, sizeof(*t)), id;

    if (t == NULL)
        return -1;
    for (id = 1; id <= n; id++) {
        for (h = hash(ud, id) & (cap - 1); t[h]; h = (h + 1) & (cap - 1))
            ;
        t[h] = id;
    }
    crp_free(*table);
    *table = t;
    *mask = cap - 1;
    return 0;
}
