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

/* Chunks are CHUNK_MIN bytes; a request larger than that gets a chunk
 * of its own. Where each request lands, and so TAKEN, the room of the
 * chunks opened since the last reset, then depend only on the requests
 * since that reset, never on an earlier use of the arena: MAX bounds
 * TAKEN (past it: NULL, and FULL set), and a limit on it gives the same
 * answer for the same input every time. A reset keeps up to KEEP_MAX
 * bytes of chunks in SPARE for the next use. */
struct crp_arena {
    struct crp_chunk *chunks;   /* in use, the current one first */
    struct crp_chunk *spare;    /* CHUNK_MIN each, for reuse */
    size_t taken, kept;         /* room opened; bytes in SPARE */
    size_t chunk_min, max, keep_max;
    int full;
};

#define CRP_ARENA_INIT(chunk_min, max, keep_max) \
    {NULL, NULL, 0, 0, (chunk_min), (max), (keep_max), 0}

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

/* crp_arena_take() when the current chunk has no room. */
void *crp_arena_grow(struct crp_arena *ar, size_t need);

/* N bytes, 16-aligned; NULL past MAX or when memory runs out. Inline:
 * the fast path takes memory this way for every node list. */
static inline void *
crp_arena_take(struct crp_arena *ar, size_t n)
{
    struct crp_chunk *c = ar->chunks;
    size_t need = CRP_ARENA_ROUND(n);

    if (c == NULL || c->cap - c->used < need)
        return crp_arena_grow(ar, need);
    return crp_chunk_take(c, need);
}

/* Forgets everything taken, keeping chunks for the next use (set MAX
 * before: a chunk is kept ready only when MAX allows one). */
void crp_arena_reset(struct crp_arena *ar);
void crp_arena_free(struct crp_arena *ar);

#endif
