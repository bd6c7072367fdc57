/* grow.h — an array that doubles as it fills. */
#ifndef CRP_GROW_H
#define CRP_GROW_H

#include <stddef.h>

/* Room for element N (0-based) in *ARRAY, an array (pass &array) of
 * *CAP elements of SIZE bytes: when N == *CAP it is reallocated to
 * twice as many, FIRST at first. 0, or -1 out of memory (the array as
 * it was). */
int crp_grow(void *array, size_t *cap, size_t n, size_t size, size_t first);

#endif
