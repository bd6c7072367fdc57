/* pairs.h — lists of name = value strings, both owned by the list: a
 * result's explanations (result.h) and a load's overrides of params and
 * data (checklist.h). */
#ifndef CRP_PAIRS_H
#define CRP_PAIRS_H

#include <stddef.h>

struct crp_pair {
    char *name, *value;
};

/* Frees the N pairs of V and V. */
void crp_pairs_free(struct crp_pair *v, size_t n);
/* Appends NAME = VALUE, taking both (crp_malloc'd; either NULL: out of
 * memory). -1 when out of memory; both are then freed. */
int crp_pairs_take(struct crp_pair **v, size_t *n, char *name, char *value);
/* The same with copies of NAME and VALUE. */
int crp_pairs_add(struct crp_pair **v, size_t *n, const char *name,
                  const char *value);
/* The index of the first pair named NAME, or N when there is none. */
size_t crp_pairs_find(const struct crp_pair *v, size_t n, const char *name);

/* The I-th of the N pairs of V, or NULL past the end. */
static inline const struct crp_pair *
crp_pairs_at(const struct crp_pair *v, size_t n, size_t i)
{
    return i < n ? &v[i] : NULL;
}

#endif
