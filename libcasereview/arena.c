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

    if (cap > ar->max - ar->taken) {
        ar->full = 1;
        return NULL;
    }
    if (cap == ar->chunk_min && ar->spare) {
        c = ar->spare;
        ar->spare = c->next;
        ar->kept -= cap;
        c->used = 0;
    } else if ((c = crp_chunk_new(cap)) == NULL) {
        return NULL;
    }
    ar->taken += cap;
    if (cap > ar->chunk_min && ar->chunks) {
        /* filled at once: the current chunk stays current */
        c->next = ar->chunks->next;
        ar->chunks->next = c;
    } else {
        c->next = ar->chunks;
        ar->chunks = c;
    }
    return crp_chunk_take(c, need);
}

void
crp_arena_reset(struct crp_arena *ar)
{
    struct crp_chunk *c, *next, *first = NULL;

    /* (perf) the usual case: one chunk, kept as it is */
    c = ar->chunks;
    if (c && c->next == NULL && c->cap == ar->chunk_min &&
        ar->chunk_min <= ar->max) {
        c->used = 0;
        ar->taken = c->cap;
        ar->full = 0;
        return;
    }
    for (c = ar->chunks; c; c = next) {
        next = c->next;
        if (c->cap != ar->chunk_min) {
            crp_free(c);
        } else if (first == NULL && ar->chunk_min <= ar->max) {
            /* (perf) the next use starts in it, as a fresh arena would
             * in a new chunk: the same room either way */
            first = c;
        } else if (ar->kept + c->cap <= ar->keep_max) {
            c->next = ar->spare;
            ar->spare = c;
            ar->kept += c->cap;
        } else {
            crp_free(c);
        }
    }
    if (first) {
        first->used = 0;
        first->next = NULL;
    }
    ar->chunks = first;
    ar->taken = first ? first->cap : 0;
    ar->full = 0;
}

static void
free_chunks(struct crp_chunk *c)
{
    struct crp_chunk *next;

    for (; c; c = next) {
        next = c->next;
        crp_free(c);
    }
}

void
crp_arena_free(struct crp_arena *ar)
{
    free_chunks(ar->chunks);
    free_chunks(ar->spare);
    ar->chunks = ar->spare = NULL;
    ar->taken = ar->kept = 0;
    ar->full = 0;
}
