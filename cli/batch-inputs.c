/* batch-inputs.c — turns the PATH arguments of `casereview batch` into
 * the plan: every case file, archive member and error line, sorted by
 * source (byte-wise strcmp), duplicates dropped. Only names are kept
 * here; case bytes are read later, by the workers or the archive pass.
 *
 * The conventions (which files are cases, how sources are spelt) are
 * shared with the Python front end and documented in
 * tests/batch/README-batch.md; change both together. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

/* Sources are many small strings that live as long as the plan: they go
 * in large chunks rather than one malloc each. */
#define ARENA_CHUNK ((size_t)256 << 10)

struct plan_builder {
    struct batch_entry *entries;
    size_t count;
    size_t cap;
    char **chunks;
    size_t nchunks;
    size_t chunk_used;
    /* Per archive, the discovery order of each listed member. */
    size_t **member_order;
    size_t *member_count;
    struct batch_archive *archives;
    size_t archive_count;
};

struct dir_id {
    dev_t dev;
    ino_t ino;
};

/* The directories on the current walk path, to refuse symlink loops. */
struct walk_stack {
    struct dir_id *ids;
    size_t depth;
    size_t cap;
};

/* Copies the N bytes at P, then the NUL-terminated TAIL if not NULL,
 * into the arena; returns the copy. */
static const char *
arena_add(struct plan_builder *pb, const char *p, size_t n, const char *tail)
{
    size_t m = tail ? strlen(tail) + 1 : 0;
    size_t need = n + 1 + m;
    char *dst;

    if (pb->nchunks == 0 || pb->chunk_used + need > ARENA_CHUNK) {
        size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;

        pb->chunks = batch_xrealloc(pb->chunks,
                                    (pb->nchunks + 1) * sizeof *pb->chunks);
        pb->chunks[pb->nchunks++] = batch_xmalloc(size);
        pb->chunk_used = 0;
    }
    dst = pb->chunks[pb->nchunks - 1] + pb->chunk_used;
    memcpy(dst, p, n);
    dst[n] = '\0';
    if (tail)
        memcpy(dst + n + 1, tail, m);
    pb->chunk_used += need;
    return dst;
}

static struct batch_entry *
add_entry_msg(struct plan_builder *pb, const char *source, size_t len,
              enum batch_entry_kind kind, const char *message)
{
    struct batch_entry *e;

    if (pb->count == pb->cap) {
        pb->cap = pb->cap ? pb->cap * 2 : 256;
        pb->entries = batch_xrealloc(pb->entries,
                                     pb->cap * sizeof *pb->entries);
    }
    e = &pb->entries[pb->count];
    memset(e, 0, sizeof *e);
    e->source = arena_add(pb, source, len, message);
    e->kind = kind;
    e->order = pb->count++;
    return e;
}

static struct batch_entry *
add_entry(struct plan_builder *pb, const char *source,
          enum batch_entry_kind kind)
{
    return add_entry_msg(pb, source, strlen(source), kind, NULL);
}

static void
add_error(struct plan_builder *pb, const char *source, const char *message)
{
    add_entry_msg(pb, source, strlen(source), BATCH_ENTRY_ERROR, message);
}

const char *
batch_entry_message(const struct batch_entry *e)
{
    return e->source + strlen(e->source) + 1;
}

static int
is_archive_name(const char *name)
{
    return batch_has_suffix(name, ".zip") || batch_has_suffix(name, ".tar")
        || batch_has_suffix(name, ".tar.gz") || batch_has_suffix(name, ".tgz");
}

/* DIR + "/" + NAME, not doubling a trailing '/' of DIR. */
static char *
join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    size_t m = strlen(name);
    int slash = n == 0 || dir[n - 1] != '/';
    char *p = batch_xmalloc(n + slash + m + 1);

    memcpy(p, dir, n);
    if (slash)
        p[n] = '/';
    memcpy(p + n + slash, name, m + 1);
    return p;
}

static int
walk_stack_has(const struct walk_stack *ws, const struct stat *st)
{
    size_t i;

    for (i = 0; i < ws->depth; i++)
        if (ws->ids[i].dev == st->st_dev && ws->ids[i].ino == st->st_ino)
            return 1;
    return 0;
}

static void
walk_stack_push(struct walk_stack *ws, const struct stat *st)
{
    if (ws->depth == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 16;
        ws->ids = batch_xrealloc(ws->ids, ws->cap * sizeof *ws->ids);
    }
    ws->ids[ws->depth].dev = st->st_dev;
    ws->ids[ws->depth].ino = st->st_ino;
    ws->depth++;
}

static void walk_dir(struct plan_builder *pb, struct walk_stack *ws,
                     const char *path, const struct stat *st);

static void
walk_child(struct plan_builder *pb, struct walk_stack *ws, const char *dir,
           const char *name)
{
    char *path = join_path(dir, name);
    int is_case_name = batch_has_suffix(name, ".xml");
    struct stat st;

    /* stat, not lstat: symlinks to files and directories are followed. */
    if (stat(path, &st) != 0) {
        if (is_case_name)
            add_error(pb, path, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        if (walk_stack_has(ws, &st))
            add_error(pb, path, "symlink loop");
        else
            walk_dir(pb, ws, path, &st);
    } else if (S_ISREG(st.st_mode) && is_case_name) {
        add_entry(pb, path, BATCH_ENTRY_FILE);
    }
    free(path);
}

static void
walk_dir(struct plan_builder *pb, struct walk_stack *ws, const char *path,
         const struct stat *st)
{
    DIR *d = opendir(path);
    struct dirent *de;

    if (!d) {
        add_error(pb, path, strerror(errno));
        return;
    }
    walk_stack_push(ws, st);
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (!de)
            break;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (batch_stopping())
            break;
        walk_child(pb, ws, path, de->d_name);
    }
    if (errno != 0)
        add_error(pb, path, strerror(errno));
    closedir(d);
    ws->depth--;
}

static void
archive_add_member(void *ctx, const char *name)
{
    struct plan_builder *pb = ctx;
    size_t a = pb->archive_count - 1;
    struct batch_archive *ar = &pb->archives[a];
    size_t n = strlen(ar->path);
    size_t m = strlen(name);
    char *source = batch_xmalloc(n + 1 + m + 1);
    struct batch_entry *e;

    memcpy(source, ar->path, n);
    source[n] = '!';
    memcpy(source + n + 1, name, m + 1);
    e = add_entry_msg(pb, source, n + 1 + m, BATCH_ENTRY_MEMBER, NULL);
    free(source);
    e->archive = (uint32_t)a;
    /* member_count doubles as the capacity rounded up to a power of 2. */
    if ((pb->member_count[a] & (pb->member_count[a] - 1)) == 0)
        pb->member_order[a] = batch_xrealloc(
            pb->member_order[a],
            (pb->member_count[a] ? pb->member_count[a] * 2 : 1)
                * sizeof(size_t));
    pb->member_order[a][pb->member_count[a]++] = e->order;
}

static void
add_archive(struct plan_builder *pb, const char *path)
{
    size_t a = pb->archive_count++;
    char *err;

    pb->archives = batch_xrealloc(pb->archives,
                                  pb->archive_count * sizeof *pb->archives);
    pb->member_order = batch_xrealloc(pb->member_order,
                                      pb->archive_count * sizeof(size_t *));
    pb->member_count = batch_xrealloc(pb->member_count,
                                      pb->archive_count * sizeof(size_t));
    memset(&pb->archives[a], 0, sizeof pb->archives[a]);
    pb->archives[a].path = batch_xstrdup(path);
    pb->member_order[a] = NULL;
    pb->member_count[a] = 0;
    err = batch_archive_list(path, archive_add_member, pb);
    if (err) {
        add_error(pb, path, err);
        free(err);
    }
}

static void
add_argument(struct plan_builder *pb, const char *path)
{
    struct stat st;
    struct walk_stack ws = {0};

    if (stat(path, &st) != 0) {
        add_error(pb, path, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        walk_dir(pb, &ws, path, &st);
        free(ws.ids);
    } else if (S_ISREG(st.st_mode) && is_archive_name(path)) {
        add_archive(pb, path);
    } else {
        /* Any other file given by name is a case, whatever its name. */
        add_entry(pb, path, BATCH_ENTRY_FILE);
    }
}

static int
entry_cmp(const void *a, const void *b)
{
    const struct batch_entry *x = a;
    const struct batch_entry *y = b;
    int c = strcmp(x->source, y->source);

    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorts, drops duplicate sources (the first discovered wins) and maps
 * each archive member's discovery order to its seq. */
static void
finish_plan(struct plan_builder *pb, struct batch_plan *plan)
{
    size_t *order_to_seq = batch_xmalloc(pb->count * sizeof(size_t));
    size_t i, out = 0;

    qsort(pb->entries, pb->count, sizeof *pb->entries, entry_cmp);
    for (i = 0; i < pb->count; i++) {
        struct batch_entry *e = &pb->entries[i];

        if (out > 0 && strcmp(pb->entries[out - 1].source, e->source) == 0) {
            order_to_seq[e->order] = BATCH_NO_SEQ;
            continue;
        }
        order_to_seq[e->order] = out;
        pb->entries[out++] = *e;
    }
    for (i = 0; i < pb->archive_count; i++) {
        struct batch_archive *ar = &pb->archives[i];
        size_t k;

        ar->member_count = pb->member_count[i];
        ar->member_seq = batch_xmalloc(ar->member_count * sizeof(size_t));
        ar->first_seq = BATCH_NO_SEQ;
        for (k = 0; k < ar->member_count; k++) {
            size_t seq = order_to_seq[pb->member_order[i][k]];

            ar->member_seq[k] = seq;
            if (seq != BATCH_NO_SEQ && (ar->first_seq == BATCH_NO_SEQ
                                        || seq < ar->first_seq))
                ar->first_seq = seq;
        }
        free(pb->member_order[i]);
    }
    free(order_to_seq);
    plan->entries = pb->entries;
    plan->count = out;
    plan->archives = pb->archives;
    plan->archive_count = pb->archive_count;
    plan->chunks = pb->chunks;
    plan->nchunks = pb->nchunks;
    free(pb->member_order);
    free(pb->member_count);
}

void
batch_plan_build(struct batch_plan *plan, char **paths, size_t n,
                 const struct batch_limits *limits)
{
    struct plan_builder pb = {0};
    size_t i;

    (void)limits;
    for (i = 0; i < n && !batch_stopping(); i++)
        add_argument(&pb, paths[i]);
    finish_plan(&pb, plan);
}

void
batch_plan_free(struct batch_plan *plan)
{
    size_t i;

    for (i = 0; i < plan->nchunks; i++)
        free(plan->chunks[i]);
    free(plan->chunks);
    free(plan->entries);
    for (i = 0; i < plan->archive_count; i++) {
        free(plan->archives[i].path);
        free(plan->archives[i].member_seq);
    }
    free(plan->archives);
    memset(plan, 0, sizeof *plan);
}
