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

#include "cli.h"
#include "batch.h"
#include "batch-run.h"
#include "batch-set.h"

/* Report rows kept for failed/vetoed cases; the rest are only counted. */
#define REPORT_MAX_LISTED 5000
/* Cases in the report's list of every case (the rest: the JSON). */
#define REPORT_MAX_CASES 20000
/* The queue: up to QUEUE_PER_WORKER jobs per worker, and at most
 * QUEUE_BYTES of archive members read ahead (a file job is only a path).
 * Deep enough that feeding and scoring rarely wait for each other: with
 * a queue of two jobs per worker the feeding thread woke for every case,
 * two context switches a case (perf). */
#define QUEUE_PER_WORKER 64
#define QUEUE_BYTES ((size_t)8 << 20)
#define PROGRESS_INTERVAL_NS 200000000L

/* ------------------------------------------------------------------ */
/* Jobs and the bounded queue.                                          */

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
zip_share_unref(struct zip_share *z)
{
    if (z && atomic_fetch_sub(&z->refs, 1) == 1) {
        close(z->fd);
        free(z);
    }
}

void
batch_job_discard_zip(struct job *j)
{
    zip_share_unref(j->zip);
    j->zip = NULL;
}

void
batch_job_discard(struct job *j)
{
    free(j->data);
    j->data = NULL;
    free(j->owned_source);
    j->owned_source = NULL;
    batch_job_discard_zip(j);
}

/* Queues J, waiting while the queue is full. Drops it when stopping. */
int
batch_job_done(const struct run *run, size_t seq)
{
    return run->o->resume && seq < run->o->resume->count;
}

void
batch_push_job(struct run *run, struct job *j)
{
    j->done = batch_job_done(run, j->seq);
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
        batch_job_discard(j);
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

/* --resume: a case the interrupted run scored is not scored again; the
 * writer checks it against the journal by source and size, which this
 * record carries (SKIP_MAGIC where a record has its flags). */
#define SKIP_MAGIC 0xFFFFFFFFu

static int
is_skip(const char *blob)
{
    uint32_t v;

    memcpy(&v, blob, 4);
    return v == SKIP_MAGIC;
}

static char *
skip_record(struct job *j, size_t *len)
{
    size_t n = strlen(j->source) + 1;
    uint32_t magic = SKIP_MAGIC;
    char *blob = batch_xmalloc(4 + n);
    struct stat st;

    memcpy(blob, &magic, 4);
    memcpy(blob + 4, j->source, n);
    *len = 4 + n;
    if (j->kind == JOB_FILE)
        j->size = stat(j->source, &st) == 0 && S_ISREG(st.st_mode)
                      ? (uint64_t)st.st_size : BATCH_SIZE_UNKNOWN;
    return blob;
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
    fprintf(stderr, cli_msg("\r\033[K已评查 %zu/%zu 件，%.0f 件/秒"), done,
            total, rate);
    if (rate > 0 && done < total)
        fprintf(stderr, cli_msg("，预计剩余 %.0f 秒"),
                (double)(total - done) / rate);
    fflush(stderr);
}

/* The first failure stops the run: later records are dropped. */
static void
fail(struct run *run, char *message)
{
    if (!run->r->failure) {
        run->r->failure = message;
        batch_stop();
    } else {
        free(message);
    }
}

/* A failure said in the user's language (a catalogue text). */
static void
fail_text(struct run *run, const char *text)
{
    fail(run, batch_xstrdup(cli_msg(text)));
}

static void
fail_write(struct run *run, const char *path, int err)
{
    size_t len = strlen(path) + 256;
    char *m = batch_xmalloc(len);

    snprintf(m, len, cli_msg("writing %s: %s"), path,
             cli_errno_text(err ? err : EIO));
    fail(run, m);
}

/* The parts of a record every output but the JSON Lines take. */
static void
emit_extras(struct run *run, const struct batch_case *c)
{
    const struct batch_run_opts *o = run->o;

    if (o->csv && batch_out_add(o->csv, c->csv, c->csv_len) != 0)
        fail_write(run, batch_out_path(o->csv), batch_out_error(o->csv));
    if (o->form && batch_out_add(o->form, c->form, c->form_len) != 0)
        fail_write(run, batch_out_path(o->form), batch_out_error(o->form));
    if (o->xlsx_rows
        && fwrite(c->xlsx, 1, c->xlsx_len, o->xlsx_rows) != c->xlsx_len)
        fail_write(run, cli_msg("a temporary file"), errno);
    if (o->case_rows && run->r->cases_shown < REPORT_MAX_CASES) {
        if (fwrite(c->html_row, 1, c->html_row_len, o->case_rows)
                != c->html_row_len
            || fwrite(c->html_ded, 1, c->html_ded_len, o->case_deds)
                != c->html_ded_len)
            fail_write(run, cli_msg("a temporary file"), errno);
        run->r->cases_shown++;
    }
    run->r->cases_total++;
    if (c->flags & BATCH_CASE_LISTED) {
        if (o->listed && run->r->listed_shown < REPORT_MAX_LISTED) {
            if (fwrite(c->html, 1, c->html_len, o->listed) != c->html_len)
                fail_write(run, cli_msg("a temporary file"), errno);
            run->r->listed_shown++;
        }
        run->r->listed_total++;
    }
    if (o->summary)
        batch_summary_add(o->summary, c);
    if (c->flags & (BATCH_CASE_ERROR | BATCH_CASE_INCOMPLETE))
        run->r->incomplete = 1;
}

/* A case the interrupted run did (--resume): the worker's SKIP record
 * (its source and size now) against the journal's record, which stands
 * for it in the summary, CSV and report. */
static void
emit_done(struct run *run, const char *skip, uint64_t size)
{
    const char *source = skip + 4;
    struct batch_case c;
    uint64_t was;
    char *blob, *clean = NULL;
    size_t len;

    if (batch_resume_next(run->o->resume, &was, &blob, &len) != 0) {
        fail_text(run, "--resume: the journal cannot be read");
        return;
    }
    batch_record_unpack(blob, len, &c);
    if (!batch_utf8_valid(source))
        source = clean = batch_utf8_clean(source);
    if (strcmp(c.source, source) != 0 || was != size) {
        struct batch_buf m = {0};

        batch_buf_printf(&m, cli_msg("--resume: %s is not the case the "
                                     "interrupted run scored (its name or "
                                     "size changed)"), source);
        fail(run, m.data);
    } else {
        emit_extras(run, &c);
    }
    free(clean);
    free(blob);
}

static void
emit(struct run *run, const char *blob, size_t len, uint64_t size)
{
    const struct batch_run_opts *o = run->o;
    struct batch_case c;

    run->next_seq++;
    if (run->r->failure)
        return;
    if (is_skip(blob)) {
        emit_done(run, blob, size);
    } else {
        batch_record_unpack(blob, len, &c);
        if (batch_out_add(o->out, c.json, c.json_len) != 0) {
            fail_write(run, batch_out_path(o->out), batch_out_error(o->out));
            return;
        }
        /* after its line: a record stands for a line that is there */
        if (o->journal
            && batch_journal_add(o->journal, batch_out_offset(o->out), size,
                                 blob, len) != 0) {
            fail_write(run, batch_out_path(o->journal),
                       batch_out_error(o->journal));
            return;
        }
        emit_extras(run, &c);
    }
    run->r->written++;
    if (o->progress)
        show_progress(run, 0);
}

static void
spill_failed(struct run *run)
{
    fail_write(run, cli_msg("a temporary file (TMPDIR, or beside the "
                            "results)"), errno);
}

static void
spilled_swap(struct spilled *a, struct spilled *b)
{
    struct spilled t = *a;

    *a = *b;
    *b = t;
}

static void
spill(struct run *run, size_t seq, const char *blob, size_t len,
      uint64_t size)
{
    struct spilled *h;
    size_t i;

    if (!run->spill && !(run->spill = batch_scratch_file(run->o->scratch_near))) {
        spill_failed(run);
        return;
    }
    if (run->nspilled == run->spilled_cap) {
        run->spilled_cap = run->spilled_cap ? run->spilled_cap * 2 : 64;
        run->spilled = batch_xrealloc(run->spilled,
                                      run->spilled_cap * sizeof *h);
    }
    h = run->spilled;
    i = run->nspilled;
    h[i].seq = seq;
    h[i].len = len;
    h[i].size = size;
    if (fseeko(run->spill, 0, SEEK_END) != 0
        || (h[i].off = ftello(run->spill)) < 0
        || fwrite(blob, 1, len, run->spill) != len) {
        spill_failed(run);
        return;
    }
    run->nspilled++;
    for (; i > 0 && h[(i - 1) / 2].seq > h[i].seq; i = (i - 1) / 2)
        spilled_swap(&h[(i - 1) / 2], &h[i]);
}

/* Reads back the spilled record with the smallest seq; NULL when it
 * cannot be read (the run then stops). */
static char *
unspill(struct run *run, size_t *len, uint64_t *size)
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
        || fread(blob, 1, top.len, run->spill) != top.len
        /* nothing left out there: the file starts over rather than
         * growing for the rest of the run */
        || (n == 0 && (fflush(run->spill) != 0
                       || ftruncate(fileno(run->spill), 0) != 0))) {
        spill_failed(run);
        free(blob);
        return NULL;
    }
    *len = top.len;
    *size = top.size;
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
        uint64_t size;

        if (s->blob && s->seq == run->next_seq) {
            blob = s->blob;
            len = s->len;
            size = s->size;
            s->blob = NULL;
        } else if (run->nspilled > 0
                   && run->spilled[0].seq == run->next_seq) {
            if (!(blob = unspill(run, &len, &size)))
                return;
        } else {
            return;
        }
        emit(run, blob, len, size);
        free(blob);
    }
}

/* Hands a finished record to the writer; takes BLOB. */
static void
deposit(struct run *run, size_t seq, char *blob, size_t len, uint64_t size)
{
    pthread_mutex_lock(&run->wlock);
    if (seq == run->next_seq) {
        emit(run, blob, len, size);
        free(blob);
        drain(run);
    } else if (seq - run->next_seq < run->wsize) {
        struct slot *s = &run->window[seq % run->wsize];

        s->blob = blob;
        s->len = len;
        s->size = size;
        s->seq = seq;
    } else {
        if (!run->r->failure)
            spill(run, seq, blob, len, size);
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
               size_t *len, uint64_t *size, char **err)
{
    /* O_NONBLOCK: opening a FIFO would wait for a writer forever */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    size_t n = 0;
    ssize_t r;

    if (fd < 0) {
        *err = batch_errno_error(errno, BATCH_PATH_FILE);
        return NULL;
    }
    memset(&st, 0, sizeof(st));
    if (fstat(fd, &st) != 0 || S_ISFIFO(st.st_mode)
        || S_ISSOCK(st.st_mode)) {
        *err = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)
                   ? batch_xstrdup(BATCH_NOT_A_FILE)
                   : batch_errno_error(errno, BATCH_PATH_FILE);
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode))       /* a device: reads may wait again */
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    else
        *size = (uint64_t)st.st_size;
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
                *err = batch_errno_error(errno, BATCH_PATH_FILE);
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

/* The bytes of a member of a zip read directly, into RB. */
static char *
read_zip_member(struct readbuf *rb, struct batch_inflater *inf,
                const struct job *j, size_t *len, char **err)
{
    *err = batch_zip_extract(inf, j->zip->fd, &j->loc, &rb->data, &rb->cap,
                             len);
    return *err ? NULL : rb->data;
}

/* The error result of an error line's TEXT (batch.h; a text without
 * the separators is a message alone). */
static enum cr_status
error_result(const char *source, const char *text, struct cr_result **out)
{
    const char *us1 = strchr(text, '\x1f');
    const char *us2 = us1 ? strchr(us1 + 1, '\x1f') : NULL;
    char *kind, *message;
    enum cr_status st;

    if (!us2)
        return cr_result_new_error(source, text, 0, out);
    kind = strndup(text, (size_t)(us1 - text));
    message = strndup(us1 + 1, (size_t)(us2 - us1 - 1));
    st = kind && message
             ? cr_result_new_error_kind(source, message, kind, us2 + 1, out)
             : CR_ERR_NOMEM;
    free(kind);
    free(message);
    return st;
}

/* DATA scored by the evaluator, or with several checklists by the
 * first that accepts it (batch-set.c); *RENDER how to render it. */
static enum cr_status
score_data(struct run *run, struct cr_evaluator **evs, const char *data,
           size_t len, const char *source, struct cr_result **res,
           const struct batch_render_opts **render)
{
    if (run->o->set)
        return batch_set_score(run->o->set, evs, data, len, source, res,
                               render);
    return cr_evaluator_score_memory(evs[0], data, len, source, res);
}

static struct cr_result *
score_job(struct run *run, struct cr_evaluator **evs, struct readbuf *rb,
          struct batch_inflater *inf, struct job *j,
          const struct batch_render_opts **render)
{
    struct cr_result *res = NULL;
    enum cr_status st = CR_OK;
    char *err = NULL;

    if (j->kind == JOB_FILE || j->kind == JOB_ZIP) {
        char *data = j->kind == JOB_ZIP
                         ? read_zip_member(rb, inf, j, &j->len, &err)
                         : read_case_file(rb, j->source,
                                          run->o->limits->max_member,
                                          &j->len, &j->size, &err);
        if (data) {
            /* the worker's buffer: not the job's to free */
            st = score_data(run, evs, data, j->len, j->source, &res,
                            render);
            j->len = 0;
            if (rb->cap > READBUF_KEEP) {   /* one unusually large case */
                free(rb->data);
                rb->data = NULL;
            }
        } else {
            j->kind = JOB_ERROR;
            j->data = err;
            st = error_result(j->source, j->data, &res);
        }
    } else if (j->kind == JOB_DATA)
        st = score_data(run, evs, j->data, j->len, j->source, &res, render);
    else
        st = error_result(j->source, j->data, &res);
    if (!res && st != CR_OK)
        cr_result_new_error(j->source, cr_status_to_str(st), 0, &res);
    if (!res) {
        cli_error("out of memory");
        exit(2);
    }
    return res;
}

struct worker {
    struct run *run;
    pthread_t thread;
    int started;
};

/* The case's facts to its checklist's archive rules, if it has them. */
static void
rules_add(struct run *run, const struct batch_render_opts *render,
          const struct cr_result *res)
{
    if (render->checklist < run->o->narchives)
        batch_rules_add(run->o->archives[render->checklist], res);
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct run *run = w->run;
    /* one evaluator per checklist */
    size_t k, nev = run->o->set ? run->o->set->n : 1;
    struct cr_evaluator **evs = calloc(nev, sizeof *evs);
    struct readbuf rb = {NULL, 0};
    struct batch_inflater *inf = batch_inflater_new();
    struct job j;

    for (k = 0; k < nev; k++)
        if (!evs ||
            cr_evaluator_new(run->o->set ? run->o->set->cl[k] : run->o->cl,
                             &evs[k]) != CR_OK ||
            cr_evaluator_set_verdicts(evs[k], run->o->verdicts) != CR_OK ||
            (run->o->transform &&
             cr_evaluator_set_transform(evs[k], run->o->transform)
                 != CR_OK)) {
            cli_error("cannot create an evaluator");
            exit(2);
        }
    while (pop_job(run, &j)) {
        const struct batch_render_opts *render =
            run->o->set ? &run->o->set->render[run->o->set->n]
                        : run->o->render;
        struct cr_result *res;
        size_t len;
        char *blob;

        if (j.done && run->o->archives) {
            /* checked, not scored again; but the archive rules need
             * every case's facts, which the journal does not keep */
            const struct batch_render_opts *again = render;

            res = score_job(run, evs, &rb, inf, &j, &again);
            rules_add(run, again, res);
            cr_result_free(res);
            blob = skip_record(&j, &len);
        } else if (j.done) {
            blob = skip_record(&j, &len);
        } else {
            res = score_job(run, evs, &rb, inf, &j, &render);
            blob = batch_record_pack(res, render, &len);
            rules_add(run, render, res);
            cr_result_free(res);
        }
        batch_job_discard(&j);
        deposit(run, j.seq, blob, len, j.size);
    }
    free(rb.data);
    batch_inflater_free(inf);
    for (k = 0; k < nev; k++)
        cr_evaluator_free(evs[k]);
    free(evs);
    return NULL;
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
        cli_error("out of memory");
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
        batch_job_discard(&run->queue[(run->qhead + i) % run->qcap]);
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
    batch_set_wake(wake_all, &run);
    for (i = 0; i < o->jobs; i++) {
        workers[i].run = &run;
        workers[i].started = pthread_create(&workers[i].thread, NULL,
                                            worker_main, &workers[i]) == 0;
    }
    if (!workers[0].started) {
        cli_error("cannot start threads");
        exit(2);
    }
    batch_feed_all(&run);
    pthread_mutex_lock(&run.qlock);
    run.qclosed = 1;
    pthread_cond_broadcast(&run.not_empty);
    pthread_mutex_unlock(&run.qlock);
    for (i = 0; i < o->jobs; i++)
        if (workers[i].started)
            pthread_join(workers[i].thread, NULL);
    batch_set_wake(NULL, NULL);
    /* whole lines out, interrupted or not; then their journal records */
    if (!r->failure && batch_out_flush(o->out) != 0)
        fail_write(&run, batch_out_path(o->out), batch_out_error(o->out));
    if (o->journal && !batch_out_error(o->journal)
        && batch_out_flush(o->journal) != 0 && !r->failure)
        fail_write(&run, batch_out_path(o->journal),
                   batch_out_error(o->journal));
    if (!r->failure && o->resume && !batch_stopping()
        && o->resume->roff < o->resume->journal_end)
        fail_text(&run, "--resume: the inputs hold fewer cases than the "
                        "interrupted run scored");
    if (o->progress) {
        show_progress(&run, 1);
        fputs("\r\033[K", stderr);
    }
    r->interrupted = batch_interrupted();
    run_fini(&run);
    free(workers);
}
