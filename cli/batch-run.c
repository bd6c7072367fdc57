/* batch-run.c — the batch pipeline: the main thread feeds a bounded
 * queue of jobs in plan order (reading archives in their own order),
 * worker threads score them with one cr_evaluator each, and the writer
 * emits records strictly in plan order.
 *
 * Memory stays flat however large the input: the queue holds a few jobs,
 * and a finished record either is the next one to write, or waits in a
 * small in-memory window, or — when it is far ahead, as happens when an
 * archive's order differs from the sorted order — is spilled to an
 * unlinked temporary file and read back when its turn comes. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

/* Report rows kept for failed/vetoed cases; the rest are only counted. */
#define REPORT_MAX_LISTED 5000
/* The queue: up to QUEUE_PER_WORKER jobs per worker, and at most
 * QUEUE_BYTES of archive members read ahead (a file job is only a path).
 * Deep enough that feeding and scoring rarely wait for each other: with
 * a queue of two jobs per worker the feeding thread woke for every case,
 * two context switches a case (perf, issue 8). */
#define QUEUE_PER_WORKER 64
#define QUEUE_BYTES ((size_t)8 << 20)
#define PROGRESS_INTERVAL_NS 200000000L

/* ------------------------------------------------------------------ */
/* Stop requests: SIGINT/SIGTERM are taken by a thread of their own    */
/* (sigwait), so waking the other threads needs no async-signal-safe   */
/* tricks.                                                              */

static atomic_int stop_requested;
static atomic_int stop_by_signal;
static pthread_t signal_thread;
static int signal_thread_running;
static sigset_t stop_signals, saved_mask;
static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*wake_fn)(void *ctx);
static void *wake_ctx;

int
batch_stopping(void)
{
    return atomic_load(&stop_requested);
}

int
batch_interrupted(void)
{
    return atomic_load(&stop_by_signal);
}

static void
request_stop(void)
{
    atomic_store(&stop_requested, 1);
    pthread_mutex_lock(&wake_lock);
    if (wake_fn)
        wake_fn(wake_ctx);
    pthread_mutex_unlock(&wake_lock);
}

static void
set_wake(void (*fn)(void *ctx), void *ctx)
{
    pthread_mutex_lock(&wake_lock);
    wake_fn = fn;
    wake_ctx = ctx;
    pthread_mutex_unlock(&wake_lock);
}

/* After a stop signal the run finishes the cases in hand and writes its
 * outputs. A worker blocked in a read that never ends (a file on a dead
 * network mount) would keep it from ever exiting: a second signal, or
 * STOP_GRACE_S seconds without the run ending, ends the process. */
#define STOP_GRACE_S 10

static void *
signal_main(void *arg)
{
    /* static, not on the stack: the thread is cancelled inside sigwait,
     * and ASan does not unpoison the frame of a cancelled thread */
    static const struct timespec grace = {STOP_GRACE_S, 0};
    static int sig;

    (void)arg;
    if (sigwait(&stop_signals, &sig) != 0)
        return NULL;
    atomic_store(&stop_by_signal, 1);
    request_stop();
    /* cancelled here (sigtimedwait is a cancellation point) when the
     * run ends in time */
    if (sigtimedwait(&stop_signals, NULL, &grace) > 0)
        fputs("\ncasereview batch: stopped at once\n", stderr);
    else
        fputs("\ncasereview batch: a read does not end; stopped\n", stderr);
    _exit(128 + sig);
}

void
batch_signals_start(void)
{
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    /* Blocked before any thread starts, so every thread inherits it and
     * only signal_main ever takes these signals. */
    pthread_sigmask(SIG_BLOCK, &stop_signals, &saved_mask);
    signal_thread_running =
        pthread_create(&signal_thread, NULL, signal_main, NULL) == 0;
}

void
batch_signals_stop(void)
{
    if (signal_thread_running) {
        pthread_cancel(signal_thread);
        pthread_join(signal_thread, NULL);
        signal_thread_running = 0;
    }
    /* A signal that arrived after the last sigwait is pending: it asks
     * for what we are doing anyway, so take it rather than die of it
     * while the outputs are being finished. */
    {
        struct timespec zero = {0, 0};

        while (sigtimedwait(&stop_signals, NULL, &zero) > 0)
            atomic_store(&stop_by_signal, 1);
    }
    pthread_sigmask(SIG_SETMASK, &saved_mask, NULL);
}

/* ------------------------------------------------------------------ */
/* Jobs and the bounded queue.                                          */

enum job_kind { JOB_FILE, JOB_DATA, JOB_ERROR };

struct job {
    size_t seq;
    enum job_kind kind;
    const char *source;       /* borrowed from the plan, or owned_source */
    char *data;               /* JOB_DATA: case bytes; JOB_ERROR: message */
    size_t len;
    char *owned_source;       /* archive members: named in the second pass */
};

struct slot {
    char *blob;
    size_t len;
    size_t seq;
};

struct spilled {
    size_t seq;
    off_t off;
    size_t len;
};

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
    size_t plain_cursor;      /* feeding: index of the next plan entry */
};

static void
wake_all(void *ctx)
{
    struct run *run = ctx;

    pthread_mutex_lock(&run->qlock);
    pthread_cond_broadcast(&run->not_empty);
    pthread_cond_broadcast(&run->not_full);
    pthread_mutex_unlock(&run->qlock);
}

static void
job_discard(struct job *j)
{
    free(j->data);
    j->data = NULL;
    free(j->owned_source);
    j->owned_source = NULL;
}

/* Queues J, waiting while the queue is full. Drops it when stopping. */
static void
push_job(struct run *run, struct job *j)
{
    pthread_mutex_lock(&run->qlock);
    while ((run->qcount == run->qcap ||
            (run->qcount > 0 && run->qbytes + j->len > QUEUE_BYTES)) &&
           !batch_stopping()) {
        run->qbytes_full = run->qcount < run->qcap;
        pthread_cond_wait(&run->not_full, &run->qlock);
    }
    run->qbytes_full = 0;
    if (batch_stopping()) {
        pthread_mutex_unlock(&run->qlock);
        job_discard(j);
        return;
    }
    run->queue[(run->qhead + run->qcount) % run->qcap] = *j;
    run->qcount++;
    run->qbytes += j->len;
    pthread_cond_signal(&run->not_empty);
    pthread_mutex_unlock(&run->qlock);
}

/* Takes the next job; 0 when the queue is closed and empty, or when
 * stopping (queued jobs are then left for the main thread to free). */
static int
pop_job(struct run *run, struct job *j)
{
    int got = 0;

    pthread_mutex_lock(&run->qlock);
    while (run->qcount == 0 && !run->qclosed && !batch_stopping())
        pthread_cond_wait(&run->not_empty, &run->qlock);
    if (run->qcount > 0 && !batch_stopping()) {
        *j = run->queue[run->qhead];
        run->qhead = (run->qhead + 1) % run->qcap;
        run->qcount--;
        run->qbytes -= j->len;
        /* the feeder refills once the queue is half empty, not at every
         * job taken */
        if (run->qcount <= run->qcap / 2 ||
            (run->qbytes_full && run->qbytes <= QUEUE_BYTES / 2))
            pthread_cond_signal(&run->not_full);
        got = 1;
    }
    pthread_mutex_unlock(&run->qlock);
    return got;
}

/* ------------------------------------------------------------------ */
/* The writer: in-order emission through a window and a spill file.    */

static double
elapsed_since(const struct timespec *t0, const struct timespec *t1)
{
    return (double)(t1->tv_sec - t0->tv_sec)
         + (double)(t1->tv_nsec - t0->tv_nsec) / 1e9;
}

static void
show_progress(struct run *run, int force)
{
    struct timespec now;
    double secs, rate;
    size_t done = run->r->written, total = run->plan->count;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && elapsed_since(&run->last_progress, &now) * 1e9
                      < PROGRESS_INTERVAL_NS)
        return;
    run->last_progress = now;
    secs = elapsed_since(&run->started, &now);
    rate = secs > 0 ? (double)done / secs : 0;
    fprintf(stderr, "\r\033[K已评查 %zu/%zu 件，%.0f 件/秒", done, total,
            rate);
    if (rate > 0 && done < total)
        fprintf(stderr, "，预计剩余 %.0f 秒", (double)(total - done) / rate);
    fflush(stderr);
}

static void
emit(struct run *run, const char *blob, size_t len)
{
    const struct batch_run_opts *o = run->o;
    struct batch_case c;

    batch_record_unpack(blob, len, &c);
    /* stdio keeps only an error flag: the cause is kept here, for the
     * message at the end (the last fflush may have nothing left to
     * fail on) */
    if (fwrite(c.json, 1, c.json_len, o->out) != c.json_len
        && !run->r->write_errno)
        run->r->write_errno = errno;
    if (o->csv && fwrite(c.csv, 1, c.csv_len, o->csv) != c.csv_len
        && !run->r->write_errno)
        run->r->write_errno = errno;
    if (o->form && fwrite(c.form, 1, c.form_len, o->form) != c.form_len
        && !run->r->write_errno)
        run->r->write_errno = errno;
    if (c.flags & BATCH_CASE_LISTED) {
        if (o->listed && run->r->listed_shown < REPORT_MAX_LISTED) {
            fwrite(c.html, 1, c.html_len, o->listed);
            run->r->listed_shown++;
        }
        run->r->listed_total++;
    }
    if (o->summary)
        batch_summary_add(o->summary, &c);
    if (c.flags & (BATCH_CASE_ERROR | BATCH_CASE_INCOMPLETE))
        run->r->incomplete = 1;
    run->r->written++;
    run->next_seq++;
    if (o->progress)
        show_progress(run, 0);
}

static void
spill_failed(void)
{
    fprintf(stderr, "casereview batch: temporary file: %s\n",
            strerror(errno));
    exit(2);
}

static void
spilled_swap(struct spilled *a, struct spilled *b)
{
    struct spilled t = *a;

    *a = *b;
    *b = t;
}

static void
spill(struct run *run, size_t seq, const char *blob, size_t len)
{
    struct spilled *h;
    size_t i;

    if (!run->spill && !(run->spill = tmpfile()))
        spill_failed();
    if (run->nspilled == run->spilled_cap) {
        run->spilled_cap = run->spilled_cap ? run->spilled_cap * 2 : 64;
        run->spilled = batch_xrealloc(run->spilled,
                                      run->spilled_cap * sizeof *h);
    }
    h = run->spilled;
    i = run->nspilled++;
    h[i].seq = seq;
    h[i].len = len;
    if (fseeko(run->spill, 0, SEEK_END) != 0
        || (h[i].off = ftello(run->spill)) < 0
        || fwrite(blob, 1, len, run->spill) != len)
        spill_failed();
    for (; i > 0 && h[(i - 1) / 2].seq > h[i].seq; i = (i - 1) / 2)
        spilled_swap(&h[(i - 1) / 2], &h[i]);
}

/* Reads back the spilled record with the smallest seq. */
static char *
unspill(struct run *run, size_t *len)
{
    struct spilled *h = run->spilled, top = h[0];
    size_t i = 0, n = --run->nspilled;
    char *blob = batch_xmalloc(top.len ? top.len : 1);

    h[0] = h[n];
    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1].seq < h[c].seq)
            c++;
        if (h[i].seq <= h[c].seq)
            break;
        spilled_swap(&h[i], &h[c]);
        i = c;
    }
    if (fseeko(run->spill, top.off, SEEK_SET) != 0
        || fread(blob, 1, top.len, run->spill) != top.len)
        spill_failed();
    /* Nothing left out there: start the file over rather than let it
     * grow for the rest of the run. */
    if (n == 0 && (fflush(run->spill) != 0
                   || ftruncate(fileno(run->spill), 0) != 0))
        spill_failed();
    *len = top.len;
    return blob;
}

/* Emits every record that is now next in line. */
static void
drain(struct run *run)
{
    for (;;) {
        struct slot *s = &run->window[run->next_seq % run->wsize];
        char *blob;
        size_t len;

        if (s->blob && s->seq == run->next_seq) {
            blob = s->blob;
            len = s->len;
            s->blob = NULL;
        } else if (run->nspilled > 0
                   && run->spilled[0].seq == run->next_seq) {
            blob = unspill(run, &len);
        } else {
            return;
        }
        emit(run, blob, len);
        free(blob);
    }
}

/* Hands a finished record to the writer; takes BLOB. */
static void
deposit(struct run *run, size_t seq, char *blob, size_t len)
{
    pthread_mutex_lock(&run->wlock);
    if (seq == run->next_seq) {
        emit(run, blob, len);
        free(blob);
        drain(run);
    } else if (seq - run->next_seq < run->wsize) {
        struct slot *s = &run->window[seq % run->wsize];

        s->blob = blob;
        s->len = len;
        s->seq = seq;
    } else {
        spill(run, seq, blob, len);
        free(blob);
    }
    pthread_mutex_unlock(&run->wlock);
}

/* ------------------------------------------------------------------ */
/* Workers.                                                             */

/* A worker's read buffer, kept from case to case (a fresh 64 KB buffer
 * per case cost a trip through malloc's free lists each time). */
struct readbuf {
    char *data;
    size_t cap;
};

#define READBUF_KEEP ((size_t)4 << 20)

/* Reads a case file, at most LIMIT bytes, into RB. NULL with *ERR on
 * failure. */
static char *
read_case_file(struct readbuf *rb, const char *path, size_t limit,
               size_t *len, char **err)
{
    /* O_NONBLOCK: opening a FIFO would wait for a writer forever */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    size_t n = 0;
    ssize_t r;

    if (fd < 0) {
        *err = batch_xstrdup(strerror(errno));
        return NULL;
    }
    memset(&st, 0, sizeof(st));
    if (fstat(fd, &st) != 0 || S_ISFIFO(st.st_mode)
        || S_ISSOCK(st.st_mode)) {
        *err = batch_xstrdup(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)
                             ? BATCH_NOT_A_FILE : strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode))       /* a device: reads may wait again */
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (rb->data == NULL) {
        rb->cap = 65536;
        rb->data = batch_xmalloc(rb->cap);
    }
    for (;;) {
        if (n == rb->cap) {
            if (rb->cap > limit)
                break;
            rb->cap *= 2;
            rb->data = batch_xrealloc(rb->data, rb->cap);
        }
        r = read(fd, rb->data + n, rb->cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r < 0)
                *err = batch_xstrdup(strerror(errno));
            break;
        }
        n += (size_t)r;
        if (n > limit)
            break;
    }
    close(fd);
    if (!*err && n > limit)
        *err = batch_oversize_message(limit);
    if (*err)
        return NULL;
    *len = n;
    return rb->data;
}

static struct cr_result *
score_job(struct run *run, struct cr_evaluator *ev, struct readbuf *rb,
          struct job *j)
{
    struct cr_result *res = NULL;
    enum cr_status st = CR_OK;
    char *err = NULL;

    if (j->kind == JOB_FILE) {
        char *data = read_case_file(rb, j->source,
                                    run->o->limits->max_member, &j->len,
                                    &err);
        if (data) {
            /* the worker's buffer: not the job's to free */
            st = cr_evaluator_score_memory(ev, data, j->len, j->source,
                                           &res);
            j->len = 0;
            if (rb->cap > READBUF_KEEP) {   /* one unusually large case */
                free(rb->data);
                rb->data = NULL;
            }
        } else {
            j->kind = JOB_ERROR;
            j->data = err;
            st = cr_result_new_error(j->source, j->data, 0, &res);
        }
    } else if (j->kind == JOB_DATA)
        st = cr_evaluator_score_memory(ev, j->data, j->len, j->source, &res);
    else
        st = cr_result_new_error(j->source, j->data, 0, &res);
    if (!res && st != CR_OK)
        cr_result_new_error(j->source, cr_status_to_str(st), 0, &res);
    if (!res) {
        fputs("casereview batch: out of memory\n", stderr);
        exit(2);
    }
    return res;
}

struct worker {
    struct run *run;
    pthread_t thread;
    int started;
};

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct run *run = w->run;
    struct cr_evaluator *ev = NULL;
    struct readbuf rb = {NULL, 0};
    struct job j;

    if (cr_evaluator_new(run->o->cl, &ev) != CR_OK ||
        cr_evaluator_set_verdicts(ev, run->o->verdicts) != CR_OK ||
        (run->o->transform &&
         cr_evaluator_set_transform(ev, run->o->transform) != CR_OK)) {
        fputs("casereview batch: cannot create an evaluator\n", stderr);
        exit(2);
    }
    while (pop_job(run, &j)) {
        struct cr_result *res = score_job(run, ev, &rb, &j);
        size_t len;
        char *blob = batch_record_pack(res, run->o->render, &len);

        batch_rules_add(run->o->archive, res);
        cr_result_free(res);
        job_discard(&j);
        deposit(run, j.seq, blob, len);
    }
    free(rb.data);
    cr_evaluator_free(ev);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Feeding, in plan order as far as the archives allow.                 */

static void feed_archive(struct run *run, const struct batch_archive *ar);

static void
feed_entry(struct run *run, const struct batch_entry *e)
{
    struct job j = {e->seq, JOB_FILE, e->source, NULL, 0, NULL};

    if (e->kind == BATCH_ENTRY_ERROR) {
        j.kind = JOB_ERROR;
        j.data = batch_xstrdup(batch_entry_message(e));
    }
    push_job(run, &j);
}

/* Feeds the plan entries with seq below LIMIT: files, error lines and
 * the archives that list their members in sorted order (read here,
 * whole, their members being consecutive seqs). Members of the other
 * archives come from feed_archive's pass, which calls this first. */
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
    struct job j = {seq, JOB_DATA, source, data, len, source};

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
        error = batch_xstrdup("archive changed while being read");
    }
    if (!data) {
        j.kind = JOB_ERROR;
        j.data = error;
    }
    push_job(af->run, &j);
}

static int
archive_feed_stop(void *ctx)
{
    (void)ctx;
    return batch_stopping();
}

static void
feed_archive(struct run *run, const struct batch_archive *ar)
{
    struct archive_feed af = {run, ar, 0};
    char *err;
    size_t k;

    feed_plain_until(run, ar->first_seq);
    err = batch_archive_read(ar->path, ar->reader, run->o->limits,
                             archive_feed_member, archive_feed_stop, &af);
    /* Members listed in the first pass but not reached now: error lines,
     * never silently dropped. */
    for (k = af.fed; k < ar->member_count && !batch_stopping(); k++) {
        struct job j = {0, JOB_ERROR, NULL, NULL, 0, NULL};
        int changed;

        j.seq = batch_plan_member(run->plan, ar, k, NULL, &j.owned_source,
                                  &changed);
        if (j.seq == BATCH_NO_SEQ)
            continue;
        feed_plain_until(run, j.seq);
        j.source = j.owned_source;
        j.data = batch_xstrdup(err ? err : "archive member not found");
        push_job(run, &j);
    }
    free(err);
}

static int
archive_first_cmp(const void *a, const void *b)
{
    const struct batch_archive *x = *(const struct batch_archive *const *)a;
    const struct batch_archive *y = *(const struct batch_archive *const *)b;

    return x->first_seq < y->first_seq ? -1 : x->first_seq > y->first_seq;
}

static void
feed_all(struct run *run)
{
    const struct batch_plan *plan = run->plan;
    const struct batch_archive **order;
    size_t i, n = 0;

    /* The archives listed by name, in the order of their first member;
     * the others are read when feed_plain_until reaches their entry. */
    order = batch_xmalloc((plan->archive_count + 1) * sizeof *order);
    for (i = 0; i < plan->archive_count; i++)
        if (plan->archives[i].member_entry
            && plan->archives[i].first_seq != BATCH_NO_SEQ)
            order[n++] = &plan->archives[i];
    qsort(order, n, sizeof *order, archive_first_cmp);
    for (i = 0; i < n && !batch_stopping(); i++)
        feed_archive(run, order[i]);
    feed_plain_until(run, plan->count);
    free(order);
}

/* ------------------------------------------------------------------ */

static void
run_init(struct run *run, const struct batch_plan *plan,
         const struct batch_run_opts *o, struct batch_run_result *r)
{
    memset(run, 0, sizeof *run);
    run->plan = plan;
    run->o = o;
    run->r = r;
    pthread_mutex_init(&run->qlock, NULL);
    pthread_cond_init(&run->not_empty, NULL);
    pthread_cond_init(&run->not_full, NULL);
    pthread_mutex_init(&run->wlock, NULL);
    run->qcap = QUEUE_PER_WORKER * (size_t)o->jobs + 2;
    run->queue = batch_xmalloc(run->qcap * sizeof *run->queue);
    run->wsize = 16 * (size_t)o->jobs + 64;
    run->window = calloc(run->wsize, sizeof *run->window);
    if (!run->window) {
        fputs("casereview batch: out of memory\n", stderr);
        exit(2);
    }
    clock_gettime(CLOCK_MONOTONIC, &run->started);
    run->last_progress = run->started;
}

static void
run_fini(struct run *run)
{
    size_t i;

    /* Jobs left queued and records held back by an interruption. */
    for (i = 0; i < run->qcount; i++)
        job_discard(&run->queue[(run->qhead + i) % run->qcap]);
    for (i = 0; i < run->wsize; i++)
        free(run->window[i].blob);
    free(run->queue);
    free(run->window);
    if (run->spill)
        fclose(run->spill);
    free(run->spilled);
    pthread_mutex_destroy(&run->qlock);
    pthread_cond_destroy(&run->not_empty);
    pthread_cond_destroy(&run->not_full);
    pthread_mutex_destroy(&run->wlock);
}

void
batch_run(const struct batch_plan *plan, const struct batch_run_opts *o,
          struct batch_run_result *r)
{
    struct run run;
    struct worker *workers = batch_xmalloc((size_t)o->jobs * sizeof *workers);
    int i;

    memset(r, 0, sizeof *r);
    run_init(&run, plan, o, r);
    set_wake(wake_all, &run);
    for (i = 0; i < o->jobs; i++) {
        workers[i].run = &run;
        workers[i].started = pthread_create(&workers[i].thread, NULL,
                                            worker_main, &workers[i]) == 0;
    }
    if (!workers[0].started) {
        fputs("casereview batch: cannot start threads\n", stderr);
        exit(2);
    }
    feed_all(&run);
    pthread_mutex_lock(&run.qlock);
    run.qclosed = 1;
    pthread_cond_broadcast(&run.not_empty);
    pthread_mutex_unlock(&run.qlock);
    for (i = 0; i < o->jobs; i++)
        if (workers[i].started)
            pthread_join(workers[i].thread, NULL);
    set_wake(NULL, NULL);
    if (o->progress) {
        show_progress(&run, 1);
        fputs("\r\033[K", stderr);
    }
    r->interrupted = batch_interrupted();
    run_fini(&run);
    free(workers);
}
