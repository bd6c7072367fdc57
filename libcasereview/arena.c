/* arena.c — chunked bump allocation (arena.h). */
#include "alloc.h"
#include "arena.h"

struct crp_chunk *
crp_chunk_new(size_t cap)
{
    struct crp_chunk *c = crp_malloc(sizeof(*c) + cap);

    if (c) {
        c->cap = cap;
        c->used = 0;
    }
    return c;
}

void *
crp_arena_grow(struct crp_arena *ar, size_t need)
{
    size_t cap = need > ar->chunk_min ? need : ar->chunk_min;
    struct crp_chunk *c;

    if ((c = crp_chunk_new(cap)) == NULL) {
        ar->taken -= need;
        return NULL;
    }
    c->next = ar->chunks;
    ar->chunks = c;
    ar->total += cap;
    return crp_chunk_take(c, need);
}

void
crp_arena_reset(struct crp_arena *ar)
{
    struct crp_chunk *c = ar->chunks;
    size_t total = ar->total;

    ar->taken = 0;
    ar->full = 0;
    if (c == NULL)
        return;
    if (c->next == NULL && total <= ar->keep_max) {
        c->used = 0;
        return;
    }
    crp_arena_free(ar);
    if (total > ar->keep_max)
        return;
    if ((c = crp_chunk_new(total)) != NULL) {
        c->next = NULL;
        ar->chunks = c;
        ar->total = total;
    }
}

void
crp_arena_free(struct crp_arena *ar)
{
    struct crp_chunk *c, *next;

    for (c = ar->chunks; c; c = next) {
        next = c->next;
        crp_free(c);
    }
    ar->chunks = NULL;
    ar->total = 0;
    ar->taken = 0;
    ar->full = 0;
}
