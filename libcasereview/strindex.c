/* strindex.c — positions of strings by value (strindex.h): chained
 * buckets, at least two per value, each chain in ascending position
 * order (built from the last position back). */
#include <string.h>

#include "strindex.h"

static unsigned int
buckets_for(int n)
{
    unsigned int b = 16;

    while (b < 2u * (unsigned int)n && b < (1u << 30))
        b <<= 1;
    return b;
}

size_t
crp_strindex_bytes(int n)
{
    return ((size_t)buckets_for(n) + (size_t)(n > 0 ? n : 0)) * sizeof(int);
}

/* FNV-1a: short keys, mostly ASCII ids. */
static unsigned int
hash(const xmlChar *s)
{
    unsigned int h = 2166136261u;

    for (; *s; s++)
        h = (h ^ *s) * 16777619u;
    return h;
}

void
crp_strindex_init(struct crp_strindex *ix, const xmlChar *const *vals, int n,
                  void *mem)
{
    unsigned int b = buckets_for(n);
    int i;

    ix->vals = vals;
    ix->n = n;
    ix->mask = b - 1;
    ix->head = mem;
    ix->next = ix->head + b;
    memset(ix->head, 0xFF, (size_t)b * sizeof(int));   /* all -1 */
    for (i = n - 1; i >= 0; i--) {
        unsigned int h;
        if (vals[i] == NULL) {
            ix->next[i] = -1;
            continue;
        }
        h = hash(vals[i]) & ix->mask;
        ix->next[i] = ix->head[h];
        ix->head[h] = i;
    }
}

static int
from(const struct crp_strindex *ix, int pos, const xmlChar *value)
{
    for (; pos >= 0; pos = ix->next[pos])
        if (strcmp((const char *)ix->vals[pos], (const char *)value) == 0)
            return pos;
    return -1;
}

int
crp_strindex_find(const struct crp_strindex *ix, const xmlChar *value)
{
    return from(ix, ix->head[hash(value) & ix->mask], value);
}

int
crp_strindex_next(const struct crp_strindex *ix, int pos)
{
    return from(ix, ix->next[pos], ix->vals[pos]);
}
