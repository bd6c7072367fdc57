/* batch-run.h — the state of one batch run, shared by the worker pool
 * and ordered writer (batch-run.c) and the feeding thread
 * (batch-feed.c). */
#ifndef CLI_BATCH_RUN_H
#define CLI_BATCH_RUN_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <time.h>

#include "batch.h"

enum job_kind { JOB_FILE, JOB_DATA, JOB_ERROR, JOB_ZIP };

/* The descriptor workers read a zip's members through, closed with the
 * last job that needs it. */
struct zip_share {
    int fd;
    atomic_size_t refs;
};

struct job {
    size_t seq;
    enum job_kind kind;
    const char *source;       /* borrowed from the plan, or owned_source */
    char *data;               /* JOB_DATA: case bytes; JOB_ERROR: message */
    size_t len;               /* bytes held by data (queue accounting) */
    char *owned_source;       /* archive members: named in the second pass */
    struct zip_share *zip;    /* JOB_ZIP: the archive, and where in it */
    struct batch_zip_loc loc;
    /* the case's size as its reader gives it (BATCH_SIZE_UNKNOWN): set
     * by the feeder for members, by the worker for files */
    uint64_t size;
    int done;                 /* --resume: scored by the interrupted run */
};

/* A record waiting for its turn, and the size of its case (for the
 * resume journal). */
struct slot {
    char *blob;
    size_t len;
    size_t seq;
    uint64_t size;
};

struct spilled {
    size_t seq;
    off_t off;
    size_t len;
    uint64_t size;
};

struct zip_feed;

struct run {
    const struct batch_plan *plan;
    const struct batch_run_opts *o;
    struct batch_run_result *r;

    pthread_mutex_t qlock;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    struct job *queue;
    size_t qcap, qhead, qcount;
    size_t qbytes;            /* member bytes queued */
    int qbytes_full;          /* the feeder waits for bytes, not slots */
    int qclosed;

    pthread_mutex_t wlock;
    size_t next_seq;
    struct slot *window;
    size_t wsize;
    FILE *spill;
    /* Where the spilled records are, as a min-heap on seq: the writer
     * wants them back in seq order, and the heap holds only records
     * spilled and not yet written (none at all for sorted inputs, once
     * the writer catches up), not an entry per case of the run. */
    struct spilled *spilled;
    size_t nspilled;
    size_t spilled_cap;
    struct timespec started, last_progress;

    /* feeding (batch-feed.c) */
    size_t plain_cursor;      /* index of the next plan entry */
    struct zip_feed *zips;    /* per archive: a zip read directly */
};

/* True when the case of SEQ was scored by the run being resumed. */
int batch_job_done(const struct run *run, size_t seq);
/* Queues J, waiting while the queue is full; drops it when stopping. */
void batch_push_job(struct run *run, struct job *j);
/* Frees what J holds. */
void batch_job_discard(struct job *j);
/* Drops J's reference to its zip. */
void batch_job_discard_zip(struct job *j);

/* Feeds every case of the plan (the main thread's part of the run);
 * returns when all are queued, or when stopping. */
void batch_feed_all(struct run *run);

#endif
