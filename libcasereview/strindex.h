/* strindex.h — positions of strings by value, for joins in linear time
 * (strindex.c): cr:lookup's keys, and the fast path's indexes of a node
 * list by an attribute's value (xpath-index.c). */
#ifndef CRP_STRINDEX_H
#define CRP_STRINDEX_H

#include <stddef.h>

#include <libxml/xmlstring.h>

/* Over VALS[0..N), which stay the caller's; NULL entries are left out.
 * Positions of one value come out in ascending order. */
struct crp_strindex {
    const xmlChar *const *vals;
    int n;
    unsigned int mask;
    int *head;      /* first position per bucket, -1: none */
    int *next;      /* next position in the same bucket */
};

/* Bytes of memory an index over N values needs. */
size_t crp_strindex_bytes(int n);
/* Builds IX over VALS in MEM (crp_strindex_bytes(N) bytes, aligned for
 * int, the caller's). */
void crp_strindex_init(struct crp_strindex *ix, const xmlChar *const *vals,
                       int n, void *mem);
/* The first position holding VALUE, or -1. */
int crp_strindex_find(const struct crp_strindex *ix, const xmlChar *value);
/* The next position after POS holding the same value, or -1. */
int crp_strindex_next(const struct crp_strindex *ix, int pos);

#endif
