/* batch-inputs.c — turns the PATH arguments of `casereview batch` into
 * the plan: every case file, archive member and error line, sorted by
 * source (byte-wise strcmp), duplicates dropped. Only names are kept
 * here; case bytes are read later, by the workers or the archive pass.
 * An archive whose members come in sorted order (the usual export) keeps
 * not even names: one entry stands for all its members, which the
 * reading pass then names in order, so that the plan does not grow with
 * the archive.
 *
 * The conventions (which files are cases, how sources are spelt) are
 * shared with the Python front end and documented in
 * docs/batch.md; change both together. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "batch-skipped.h"

/* Sources are many small strings that live as long as the plan: they go
 * in large chunks rather than one malloc each. */
#define ARENA_CHUNK ((size_t)256 << 10)

struct plan_builder {
    struct batch_entry *entries;
    size_t count;
    size_t cap;
    size_t next_order;        /* discovery order of the next entry */
    char **chunks;
    size_t nchunks;
    size_t chunk_used;
    struct batch_archive *archives;
    size_t archive_count;
    /* Per archive, the discovery order of its first member: members get
     * consecutive orders, so order - base_order is the archive index. */
    size_t *base_order;
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
    e->order = pb->next_order++;
    pb->count++;
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

/* An error line for a path that could not be read (see
 * batch_errno_error). */
static void
add_errno(struct plan_builder *pb, const char *source, int errnum, int what)
{
    char *text = batch_errno_error(errnum, what);

    add_error(pb, source, text);
    free(text);
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
           const char *name, unsigned char type)
{
    char *path;
    int is_case_name = batch_has_suffix(name, ".xml");
    struct stat st;

    /* A regular file, as the directory itself says: no stat (a stat per
     * case file was most of the plan's time, all of it before the
     * workers start). Other files are not cases. */
    if (type == DT_REG) {
        path = join_path(dir, name);
        if (is_case_name)
            add_entry(pb, path, BATCH_ENTRY_FILE);
        else
            batch_skipped_file(path, 1);
        free(path);
        return;
    }
    path = join_path(dir, name);
    /* stat, not lstat: symlinks to files and directories are followed;
     * so is a DT_UNKNOWN file system. */
    if (stat(path, &st) != 0) {
        if (is_case_name)
            add_errno(pb, path, errno, BATCH_PATH_LINK);
    } else if (S_ISDIR(st.st_mode)) {
        if (walk_stack_has(ws, &st))
            add_error(pb, path, BATCH_SYMLINK_LOOP);
        else
            walk_dir(pb, ws, path, &st);
    } else if (S_ISREG(st.st_mode) && is_case_name) {
        add_entry(pb, path, BATCH_ENTRY_FILE);
    } else {
        batch_skipped_file(path, S_ISREG(st.st_mode));
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
        add_errno(pb, path, errno, BATCH_PATH_FOLDER);
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
        walk_child(pb, ws, path, de->d_name, de->d_type);
    }
    if (errno != 0)
        add_errno(pb, path, errno, BATCH_PATH_FOLDER);
    closedir(d);
    ws->depth--;
}

/* Listing an archive by name: one BATCH_ENTRY_MEMBER per case member. */
struct named_listing {
    struct plan_builder *pb;
    size_t archive;
    size_t first_entry;       /* entries before it are not this archive's */
    size_t locs_cap;          /* of the archive's member_loc */
};

static int
named_add(void *ctx, const char *name, const struct batch_zip_loc *loc)
{
    struct named_listing *nl = ctx;
    struct plan_builder *pb = nl->pb;
    struct batch_archive *ar = &pb->archives[nl->archive];
    size_t n = strlen(ar->path), m;
    char *source;
    struct batch_entry *e;

    if (!name) { /* starting over: drop what was listed */
        pb->count = nl->first_entry;
        pb->next_order = pb->base_order[nl->archive];
        ar->member_count = 0;
        return 0;
    }
    if (ar->member_count == nl->locs_cap) {
        nl->locs_cap = nl->locs_cap ? nl->locs_cap * 2 : 256;
        ar->member_loc = batch_xrealloc(ar->member_loc,
                                        nl->locs_cap * sizeof *ar->member_loc);
    }
    if (loc)
        ar->member_loc[ar->member_count] = *loc;
    else
        memset(&ar->member_loc[ar->member_count], 0, sizeof *loc);
    m = strlen(name);
    source = batch_xmalloc(n + 1 + m + 1);
    memcpy(source, ar->path, n);
    source[n] = '!';
    memcpy(source + n + 1, name, m + 1);
    e = add_entry_msg(pb, source, n + 1 + m, BATCH_ENTRY_MEMBER, NULL);
    free(source);
    e->archive = (uint32_t)nl->archive;
    ar->member_count++;
    return 0;
}

/* Lists archive A by name, its members' orders from base_order[A]. */
static char *
list_named(struct plan_builder *pb, size_t a)
{
    struct named_listing nl = {pb, a, pb->count, 0};
    size_t saved_order = pb->next_order;
    char *err;

    pb->next_order = pb->base_order[a];
    pb->archives[a].member_count = 0;
    free(pb->archives[a].member_loc);
    pb->archives[a].member_loc = NULL;
    err = batch_archive_list(pb->archives[a].path, &pb->archives[a].reader,
                             named_add, &nl);
    if (pb->next_order < saved_order)
        pb->next_order = saved_order;
    return err;
}

/* Listing an archive without keeping names, as long as they come in
 * strictly increasing order: only the previous one is kept. */
struct sorted_listing {
    char *prev;
    size_t prev_cap;
    size_t count;
    int unsorted;
};

static int
sorted_add(void *ctx, const char *name, const struct batch_zip_loc *loc)
{
    struct sorted_listing *sl = ctx;
    size_t m;

    (void)loc;                /* read again in directory order */
    if (!name) {
        sl->count = 0;
        sl->unsorted = 0;
        return 0;
    }
    if (sl->count > 0 && strcmp(name, sl->prev) <= 0) {
        sl->unsorted = 1;     /* out of order, or a duplicate name */
        return 1;
    }
    m = strlen(name) + 1;
    if (m > sl->prev_cap) {
        sl->prev_cap = m * 2;
        sl->prev = batch_xrealloc(sl->prev, sl->prev_cap);
    }
    memcpy(sl->prev, name, m);
    sl->count++;
    return 0;
}

static void
add_archive(struct plan_builder *pb, const char *path)
{
    size_t a = pb->archive_count++;
    struct batch_archive *ar;
    struct sorted_listing sl = {0};
    char *err;

    pb->archives = batch_xrealloc(pb->archives,
                                  pb->archive_count * sizeof *pb->archives);
    pb->base_order = batch_xrealloc(pb->base_order,
                                    pb->archive_count * sizeof(size_t));
    ar = &pb->archives[a];
    memset(ar, 0, sizeof *ar);
    ar->path = batch_xstrdup(path);
    ar->first_seq = BATCH_NO_SEQ;
    pb->base_order[a] = pb->next_order;
    err = batch_archive_list(path, &ar->reader, sorted_add, &sl);
    free(sl.prev);
    if (sl.unsorted) {
        free(err);
        err = list_named(pb, a);
    } else if (sl.count > 0) {
        /* One entry for them all; their discovery orders are reserved
         * in case the archive has to be listed by name after all. */
        size_t n = strlen(path);
        char *key = batch_xmalloc(n + 2);
        struct batch_entry *e;

        memcpy(key, path, n);
        memcpy(key + n, "!", 2);
        e = add_entry_msg(pb, key, n + 1, BATCH_ENTRY_ARCHIVE, NULL);
        free(key);
        e->archive = (uint32_t)a;
        ar->member_count = sl.count;
        pb->next_order = pb->base_order[a] + sl.count;
    }
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
        add_errno(pb, path, errno, BATCH_PATH_FILE);
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

/* An archive entry's members must be the only sources starting with its
 * key "PATH!": true unless the same archive was given twice, or a file
 * or another archive has a source like "PATH!x". */
static int
archive_entry_alone(const struct plan_builder *pb, size_t i)
{
    const char *key = pb->entries[i].source;
    size_t n = strlen(key);

    if (i > 0 && strcmp(pb->entries[i - 1].source, key) == 0)
        return 0;
    return i + 1 == pb->count
        || strncmp(pb->entries[i + 1].source, key, n) != 0;
}

/* Lists by name every archive whose entry is not alone (rare: the sort
 * must then interleave or drop its members); returns how many. */
static size_t
name_crowded_archives(struct plan_builder *pb)
{
    size_t i, out = 0, ncrowded = 0;
    size_t *crowded = NULL;

    for (i = 0; i < pb->count; i++) {
        if (pb->entries[i].kind == BATCH_ENTRY_ARCHIVE
            && !archive_entry_alone(pb, i)) {
            crowded = batch_xrealloc(crowded,
                                     (ncrowded + 1) * sizeof *crowded);
            crowded[ncrowded++] = pb->entries[i].archive;
        }
    }
    if (ncrowded == 0)
        return 0;
    for (i = 0; i < pb->count; i++) {
        const struct batch_entry *e = &pb->entries[i];
        size_t k;

        for (k = 0; k < ncrowded; k++)
            if (e->kind == BATCH_ENTRY_ARCHIVE && e->archive == crowded[k])
                break;
        if (k == ncrowded)
            pb->entries[out++] = *e;
    }
    pb->count = out;
    /* Errors were reported by the first listing. */
    for (i = 0; i < ncrowded; i++)
        free(list_named(pb, crowded[i]));
    free(crowded);
    return ncrowded;
}

/* Gives each entry its seq, in sorted order, drops duplicate sources
 * (the first discovered wins) and maps archive members to entries. */
static void
assign_seqs(struct plan_builder *pb, struct batch_plan *plan)
{
    size_t i, k, out = 0, seq = 0;

    /* member_entry for the archives listed by name only. */
    for (i = 0; i < pb->archive_count; i++)
        pb->archives[i].first_seq = 0;
    for (i = 0; i < pb->count; i++)
        if (pb->entries[i].kind == BATCH_ENTRY_ARCHIVE)
            pb->archives[pb->entries[i].archive].first_seq = BATCH_NO_SEQ;
    for (i = 0; i < pb->archive_count; i++) {
        struct batch_archive *ar = &pb->archives[i];
        int sorted = ar->first_seq == BATCH_NO_SEQ;

        ar->first_seq = BATCH_NO_SEQ;
        ar->member_entry = NULL;
        if (sorted)
            continue;
        ar->member_entry = batch_xmalloc((ar->member_count + 1)
                                         * sizeof(size_t));
        for (k = 0; k < ar->member_count; k++)
            ar->member_entry[k] = BATCH_NO_SEQ;
    }
    for (i = 0; i < pb->count; i++) {
        struct batch_entry e = pb->entries[i];
        struct batch_archive *ar = NULL;

        if (e.kind == BATCH_ENTRY_ARCHIVE || e.kind == BATCH_ENTRY_MEMBER)
            ar = &pb->archives[e.archive];
        if (e.kind == BATCH_ENTRY_ARCHIVE) {
            ar->first_seq = seq;
            e.seq = seq;
            seq += ar->member_count;
            pb->entries[out++] = e;
            continue;
        }
        if (out > 0 && pb->entries[out - 1].kind != BATCH_ENTRY_ARCHIVE
            && strcmp(pb->entries[out - 1].source, e.source) == 0)
            continue;         /* a duplicate: its member_entry stays */
        if (e.kind == BATCH_ENTRY_MEMBER) {
            k = e.order - pb->base_order[e.archive];
            if (k < ar->member_count)
                ar->member_entry[k] = out;
            if (ar->first_seq == BATCH_NO_SEQ)
                ar->first_seq = seq;
        }
        e.seq = seq++;
        pb->entries[out++] = e;
    }
    plan->entries = pb->entries;
    plan->nentries = out;
    plan->count = seq;
}

struct entry_member {
    size_t entry;
    size_t member;
};

static int
entry_member_cmp(const void *a, const void *b)
{
    const struct entry_member *x = a, *y = b;

    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* A zip listed by name and read through its central directory is fed
 * in plan order, so that its results come out in order: its members'
 * locations are put in the order of its entries (duplicate names left
 * out). */
static void
order_locs(struct batch_archive *ar)
{
    struct entry_member *pairs;
    size_t k, n = 0;

    if (ar->member_entry && ar->reader == BATCH_READER_ZIP_DIRECT) {
        pairs = batch_xmalloc((ar->member_count + 1) * sizeof *pairs);
        for (k = 0; k < ar->member_count; k++)
            if (ar->member_entry[k] != BATCH_NO_SEQ)
                pairs[n++] = (struct entry_member){ar->member_entry[k], k};
        if (n > 1)
            qsort(pairs, n, sizeof *pairs, entry_member_cmp);
        ar->plan_locs = batch_xmalloc((n + 1) * sizeof *ar->plan_locs);
        for (k = 0; k < n; k++)
            ar->plan_locs[k] = ar->member_loc[pairs[k].member];
        ar->plan_loc_count = n;
        free(pairs);
    }
    free(ar->member_loc);
    ar->member_loc = NULL;
}

static void
finish_plan(struct plan_builder *pb, struct batch_plan *plan)
{
    size_t i;

    do
        if (pb->count > 1)  /* qsort(NULL, 0, ...) is undefined */
            qsort(pb->entries, pb->count, sizeof *pb->entries, entry_cmp);
    while (name_crowded_archives(pb) > 0);
    assign_seqs(pb, plan);
    for (i = 0; i < pb->archive_count; i++)
        order_locs(&pb->archives[i]);
    plan->archives = pb->archives;
    plan->archive_count = pb->archive_count;
    plan->chunks = pb->chunks;
    plan->nchunks = pb->nchunks;
    free(pb->base_order);
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

size_t
batch_plan_member(const struct batch_plan *plan,
                  const struct batch_archive *ar, size_t index,
                  const char *name, char **source, int *changed)
{
    size_t n = strlen(ar->path);
    const struct batch_entry *e;

    *source = NULL;
    *changed = 0;
    if (index >= ar->member_count)
        return BATCH_NO_SEQ;  /* not seen by the listing */
    if (!ar->member_entry) {
        /* No names kept: the reading pass names the member. A member it
         * never reached gets a made-up name after its index. */
        char num[32];

        if (!name) {
            snprintf(num, sizeof num, "#%zu", index + 1);
            name = num;
        }
        *source = batch_xmalloc(n + 1 + strlen(name) + 1);
        memcpy(*source, ar->path, n);
        (*source)[n] = '!';
        strcpy(*source + n + 1, name);
        return ar->first_seq + index;
    }
    if (ar->member_entry[index] == BATCH_NO_SEQ)
        return BATCH_NO_SEQ;  /* a duplicate name: scored once */
    e = &plan->entries[ar->member_entry[index]];
    *source = batch_xstrdup(e->source);
    *changed = name && !(strncmp(e->source, ar->path, n) == 0
                         && e->source[n] == '!'
                         && strcmp(e->source + n + 1, name) == 0);
    return e->seq;
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
        free(plan->archives[i].member_entry);
        free(plan->archives[i].member_loc);
        free(plan->archives[i].plan_locs);
    }
    free(plan->archives);
    memset(plan, 0, sizeof *plan);
}
