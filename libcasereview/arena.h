/* arena.h — chunked bump allocation, released all at once (arena.c).
 * Used by the fast path (per evaluation, per case) and by the tree
 * builder (per case). */
#ifndef CRP_ARENA_H
#define CRP_ARENA_H

#include <stddef.h>

struct crp_chunk {
    struct crp_chunk *next;
    size_t cap, used;
    max_align_t data[];
};

/* CHUNK_MIN: the smallest chunk; MAX: what may be taken between two
 * resets (more: NULL, and FULL set); KEEP_MAX: the largest arena
 * crp_arena_reset() keeps. TAKEN counts the bytes handed out since the
 * last reset, not the chunks' room: it depends only on the requests,
 * never on what an earlier use of the arena left in it, so a limit on
 * it gives the same answer for the same input every time. */
struct crp_arena {
    struct crp_chunk *chunks;   /* newest first */
    size_t total;               /* room in all chunks */
    size_t taken;
    size_t chunk_min, max, keep_max;
    int full;                   /* a request went past MAX */
};

#define CRP_ARENA_INIT(chunk_min, max, keep_max) \
    {NULL, 0, 0, (chunk_min), (max), (keep_max), 0}

/* N bytes rounded as crp_arena_take() rounds them. */
#define CRP_ARENA_ROUND(n) (((n) + 15) & ~(size_t)15)

/* An empty chunk of CAP bytes (NULL: out of memory); NEXT unset. */
struct crp_chunk *crp_chunk_new(size_t cap);
/* The bytes at the top of C, taken (NEED already rounded, room known). */
static inline void *
crp_chunk_take(struct crp_chunk *c, size_t need)
{
    void *p = (char *)c->data + c->used;

    c->used += need;
    return p;
}

/* crp_arena_take() when the newest chunk has no room (NEED counted in
 * TAKEN already). */
void *crp_arena_grow(struct crp_arena *ar, size_t need);

/* N bytes, 16-aligned; NULL past MAX or when memory runs out. Inline:
 * the fast path takes memory this way for every node list. */
static inline void *
crp_arena_take(struct crp_arena *ar, size_t n)
{
    struct crp_chunk *c = ar->chunks;
    size_t need = CRP_ARENA_ROUND(n);

    if (need < n || need > ar->max - ar->taken) {
        ar->full = 1;
        return NULL;
    }
    ar->taken += need;
    if (c == NULL || c->cap - c->used < need)
        return crp_arena_grow(ar, need);
    return crp_chunk_take(c, need);
}

/* Forgets everything taken, keeping one chunk as large as all it had
 * (none when that is above KEEP_MAX). */
void crp_arena_reset(struct crp_arena *ar);
void crp_arena_free(struct crp_arena *ar);

#endif
