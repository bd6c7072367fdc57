/* grow.c — an array that doubles as it fills (grow.h). */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "grow.h"

int
crp_grow(void *array, size_t *cap, size_t n, size_t size, size_t first)
{
    size_t want = *cap ? *cap * 2 : first;
    void *p;

    if (n < *cap)
        return 0;
    if (want < *cap || want > SIZE_MAX / size)
        return -1;
    /* ARRAY is a T **: its pointer read and written as bytes */
    memcpy(&p, array, sizeof(p));
    if ((p = crp_realloc(p, want * size)) == NULL)
        return -1;
    memcpy(array, &p, sizeof(p));
    *cap = want;
    return 0;
}
