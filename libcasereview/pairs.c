/* pairs.c — lists of name = value strings (pairs.h). */
#include <string.h>

#include "alloc.h"
#include "pairs.h"

void
crp_pairs_free(struct crp_pair *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        crp_free(v[i].name);
        crp_free(v[i].value);
    }
    crp_free(v);
}

int
crp_pairs_take(struct crp_pair **v, size_t *n, char *name, char *value)
{
    struct crp_pair *nv;

    if (name == NULL || value == NULL ||
        (nv = crp_realloc(*v, (*n + 1) * sizeof(**v))) == NULL) {
        crp_free(name);
        crp_free(value);
        return -1;
    }
    *v = nv;
    nv[*n].name = name;
    nv[*n].value = value;
    (*n)++;
    return 0;
}

int
crp_pairs_add(struct crp_pair **v, size_t *n, const char *name,
              const char *value)
{
    return crp_pairs_take(v, n, crp_strdup(name), crp_strdup(value));
}

size_t
crp_pairs_find(const struct crp_pair *v, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n && strcmp(v[i].name, name) != 0; i++)
        ;
    return i;
}
