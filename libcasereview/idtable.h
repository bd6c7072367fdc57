/* idtable.h — the slots of an open-addressing hash table whose entries
 * live elsewhere (archive-store.c's strings, archive-rules.c's groups):
 * a slot is 0 (empty) or an entry's id, 1 to N. */
#ifndef CRP_IDTABLE_H
#define CRP_IDTABLE_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t (*crp_idtable_hash)(const void *ud, uint32_t id);

/* Makes *TABLE (*MASK + 1 slots; *MASK 0: none yet) twice as large, or
 * FIRST slots (a power of two) the first time, and puts back the ids 1
 * to N where HASH(UD, id) says, the next free slot after a taken one.
 * 0, or -1 out of memory (the table as it was). */
int crp_idtable_grow(uint32_t **table, size_t *mask, size_t first,
                     uint32_t n, crp_idtable_hash hash, const void *ud);

#endif
