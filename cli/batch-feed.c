/* batch-feed.c — the main thread's part of a batch run: queues every
 * case of the plan for the workers, in plan order as far as the inputs
 * allow. Files and error lines are queued as they come in the plan;
 * archives read through libarchive are read whole, in their own order,
 * their members' bytes queued (results out of order are the writer's
 * business); zips read through their central directory are queued in
 * plan order as locations, the workers reading the bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "batch-run.h"

/* A zip read through its central directory: the feeder's handle on the
 * directory, and the descriptor shared with the workers. */
struct zip_feed {
    struct batch_zip *z;
    struct zip_share *share;
    /* Case members from the one whose local header is here on are past
     * --max-archive-size (UINT64_MAX: none). */
    uint64_t total_from;
    size_t next;              /* plan_locs fed (zips listed by name) */
    int opened;
    char *error;              /* why it could not be opened */
};

/* Where the archive's members cross --max-archive-size, counted as the
 * libarchive pass counts them (batch-archive.c, take_member): in
 * archive order, encrypted and oversize members left out. */
static uint64_t
total_limit_from(struct batch_zip *z, const struct batch_limits *lim)
{
    struct batch_zip_entry e;
    uint64_t total = 0;

    while (batch_zip_next(z, &e) == 1) {
        if (!e.is_case || e.encrypted || e.usize > lim->max_member)
            continue;
        total += e.usize;
        if (total > lim->max_archive)
            return e.local;
    }
    return UINT64_MAX;
}

static void
zip_feed_open(struct run *run, struct zip_feed *zf, const char *path)
{
    int fd;

    zf->opened = 1;
    errno = 0;
    if (!(zf->z = batch_zip_open(path))
        || (fd = dup(batch_zip_fd(zf->z))) < 0) {
        zf->error = batch_changed_error(errno ? strerror(errno)
                                              : "archive changed while being "
                                                "read");
        batch_zip_close(zf->z);
        zf->z = NULL;
        return;
    }
    zf->share = batch_xmalloc(sizeof *zf->share);
    zf->share->fd = fd;
    atomic_init(&zf->share->refs, 1);
    zf->total_from = total_limit_from(zf->z, run->o->limits);
    batch_zip_rewind(zf->z);
}

static void
zip_feed_close(struct zip_feed *zf)
{
    struct job j = {0};

    batch_zip_close(zf->z);
    zf->z = NULL;
    j.zip = zf->share;            /* the feeder's reference */
    zf->share = NULL;
    batch_job_discard_zip(&j);
    free(zf->error);
    zf->error = NULL;
}

/* Queues the member at LOC of a zip read directly: its location, or
 * the error line the libarchive pass would give it. SOURCE is borrowed,
 * OWNED (maybe SOURCE itself) freed with the job. */
static void
feed_zip_member(struct run *run, struct zip_feed *zf,
                const struct batch_zip_loc *loc, size_t seq,
                const char *source, char *owned)
{
    const struct batch_limits *lim = run->o->limits;
    struct job j = {0};

    j.seq = seq;
    j.kind = JOB_ERROR;
    j.source = source;
    j.owned_source = owned;
    j.size = loc->usize;      /* as stated, whatever reading it gives */
    if (loc->encrypted) {
        j.data = batch_xstrdup(BATCH_ENCRYPTED);
    } else if (loc->usize > lim->max_member) {
        j.data = batch_oversize_message(lim->max_member);
    } else if (loc->local >= zf->total_from) {
        j.data = batch_total_limit_message(lim->max_archive);
    } else {
        j.kind = JOB_ZIP;
        j.zip = zf->share;
        atomic_fetch_add(&zf->share->refs, 1);
        j.loc = *loc;
    }
    batch_push_job(run, &j);
}

/* A member of a zip listed by name and read directly: the next of its
 * locations in plan order. */
static void
feed_zip_named(struct run *run, const struct batch_entry *e)
{
    const struct batch_archive *ar = &run->plan->archives[e->archive];
    struct zip_feed *zf = &run->zips[e->archive];
    size_t i = zf->next++;

    if (!zf->opened)
        zip_feed_open(run, zf, ar->path);
    if (zf->z && i < ar->plan_loc_count) {
        feed_zip_member(run, zf, &ar->plan_locs[i], e->seq, e->source, NULL);
    } else {
        struct job j = {0};

        j.seq = e->seq;
        j.kind = JOB_ERROR;
        j.source = e->source;
        j.size = BATCH_SIZE_UNKNOWN;
        j.data = zf->error ? batch_xstrdup(zf->error)
                           : batch_changed_error("archive changed while "
                                                 "being read");
        batch_push_job(run, &j);
    }
    if (zf->next >= ar->plan_loc_count)
        zip_feed_close(zf);
}

static void feed_archive(struct run *run, const struct batch_archive *ar);

static void
feed_entry(struct run *run, const struct batch_entry *e)
{
    struct job j = {0};

    j.seq = e->seq;
    j.kind = JOB_FILE;
    j.source = e->source;
    j.size = BATCH_SIZE_UNKNOWN;  /* the worker's fstat tells */
    if (e->kind == BATCH_ENTRY_ERROR) {
        j.kind = JOB_ERROR;
        j.data = batch_xstrdup(batch_entry_message(e));
    }
    batch_push_job(run, &j);
}

/* Feeds the plan entries with seq below LIMIT: files, error lines, the
 * archives that list their members in sorted order (read here, whole,
 * their members being consecutive seqs) and the members of zips read
 * directly. Members of the other archives come from feed_archive's
 * pass, which calls this first. */
static void
feed_plain_until(struct run *run, size_t limit)
{
    const struct batch_plan *plan = run->plan;

    while (run->plain_cursor < plan->nentries
           && plan->entries[run->plain_cursor].seq < limit
           && !batch_stopping()) {
        const struct batch_entry *e = &plan->entries[run->plain_cursor++];

        if (e->kind == BATCH_ENTRY_ARCHIVE)
            feed_archive(run, &plan->archives[e->archive]);
        else if (e->kind != BATCH_ENTRY_MEMBER)
            feed_entry(run, e);
        else if (plan->archives[e->archive].reader == BATCH_READER_ZIP_DIRECT)
            feed_zip_named(run, e);
    }
}

struct archive_feed {
    struct run *run;
    const struct batch_archive *ar;
    size_t fed;               /* members seen so far */
};

static void
archive_feed_member(void *ctx, size_t index, const char *name, char *data,
                    size_t len, char *error)
{
    struct archive_feed *af = ctx;
    char *source;
    int changed;
    size_t seq = batch_plan_member(af->run->plan, af->ar, index, name,
                                   &source, &changed);
    struct job j = {0};

    j.seq = seq;
    j.kind = JOB_DATA;
    j.source = j.owned_source = source;
    j.data = data;
    j.len = len;
    j.size = data ? len : BATCH_SIZE_UNKNOWN;
    af->fed = index + 1;
    if (seq == BATCH_NO_SEQ) { /* a duplicate name, or a new member */
        free(data);
        free(error);
        return;
    }
    feed_plain_until(af->run, seq);
    if (changed) {
        free(data);
        free(error);
        data = NULL;
        error = batch_changed_error("archive changed while being read");
    }
    if (!data) {
        j.kind = JOB_ERROR;
        j.size = BATCH_SIZE_UNKNOWN;
        j.data = error;
    }
    batch_push_job(af->run, &j);
}

static int
archive_feed_stop(void *ctx)
{
    (void)ctx;
    return batch_stopping();
}

/* Members listed in the first pass but not reached now (from the K-th):
 * error lines, never silently dropped. */
static void
feed_missing(struct run *run, const struct batch_archive *ar, size_t k,
             const char *err)
{
    for (; k < ar->member_count && !batch_stopping(); k++) {
        struct job j = {0};
        int changed;

        j.kind = JOB_ERROR;
        j.size = BATCH_SIZE_UNKNOWN;
        j.seq = batch_plan_member(run->plan, ar, k, NULL, &j.owned_source,
                                  &changed);
        if (j.seq == BATCH_NO_SEQ)
            continue;
        feed_plain_until(run, j.seq);
        j.source = j.owned_source;
        j.data = err ? batch_xstrdup(err)
                     : batch_changed_error("archive member not found");
        batch_push_job(run, &j);
    }
}

/* A zip whose members are in sorted order, read directly: its central
 * directory walked in order, each case member named as it comes. */
static void
feed_zip_sorted(struct run *run, const struct batch_archive *ar)
{
    struct zip_feed zf = {0};
    struct batch_zip_entry e;
    size_t k = 0;

    zip_feed_open(run, &zf, ar->path);
    while (zf.z && k < ar->member_count && !batch_stopping()
           && batch_zip_next(zf.z, &e) == 1) {
        struct batch_zip_loc loc = batch_zip_loc_of(&e);
        char *source;
        int changed;
        size_t seq;

        if (!e.is_case)
            continue;
        seq = batch_plan_member(run->plan, ar, k++, e.label, &source,
                                &changed);
        feed_plain_until(run, seq);
        feed_zip_member(run, &zf, &loc, seq, source, source);
    }
    feed_missing(run, ar, k, zf.error);
    zip_feed_close(&zf);
}

static void
feed_archive(struct run *run, const struct batch_archive *ar)
{
    struct archive_feed af = {run, ar, 0};
    char *err;

    feed_plain_until(run, ar->first_seq);
    if (ar->reader == BATCH_READER_ZIP_DIRECT) {
        feed_zip_sorted(run, ar);
        return;
    }
    err = batch_archive_read(ar->path, ar->reader, run->o->limits,
                             archive_feed_member, archive_feed_stop, &af);
    feed_missing(run, ar, af.fed, err);
    free(err);
}

static int
archive_first_cmp(const void *a, const void *b)
{
    const struct batch_archive *x = *(const struct batch_archive *const *)a;
    const struct batch_archive *y = *(const struct batch_archive *const *)b;

    return x->first_seq < y->first_seq ? -1 : x->first_seq > y->first_seq;
}

void
batch_feed_all(struct run *run)
{
    const struct batch_plan *plan = run->plan;
    const struct batch_archive **order;
    size_t i, n = 0;

    run->zips = batch_xmalloc((plan->archive_count + 1) * sizeof *run->zips);
    memset(run->zips, 0, (plan->archive_count + 1) * sizeof *run->zips);
    /* The archives listed by name and read through libarchive, in the
     * order of their first member; the others are read when
     * feed_plain_until reaches their entries. */
    order = batch_xmalloc((plan->archive_count + 1) * sizeof *order);
    for (i = 0; i < plan->archive_count; i++)
        if (plan->archives[i].member_entry
            && plan->archives[i].reader != BATCH_READER_ZIP_DIRECT
            && plan->archives[i].first_seq != BATCH_NO_SEQ)
            order[n++] = &plan->archives[i];
    qsort(order, n, sizeof *order, archive_first_cmp);
    for (i = 0; i < n && !batch_stopping(); i++)
        feed_archive(run, order[i]);
    feed_plain_until(run, plan->count);
    free(order);
    /* zips left open by an interruption */
    for (i = 0; i < plan->archive_count; i++)
        zip_feed_close(&run->zips[i]);
    free(run->zips);
    run->zips = NULL;
}

