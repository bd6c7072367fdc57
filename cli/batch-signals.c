/* batch-signals.c — how a batch run stops: SIGINT, SIGTERM and SIGHUP
 * taken by a thread of their own (sigwait), so waking the other threads
 * needs no async-signal-safe tricks; batch_stop() for the run's own
 * reasons (a failed write). A leaf: the inputs, the archive readers and
 * the run ask it whether to go on. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "batch.h"

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

void
batch_stop(void)
{
    atomic_store(&stop_requested, 1);
    pthread_mutex_lock(&wake_lock);
    if (wake_fn)
        wake_fn(wake_ctx);
    pthread_mutex_unlock(&wake_lock);
}

void
batch_set_wake(void (*fn)(void *ctx), void *ctx)
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
    batch_stop();
    /* cancelled here (sigtimedwait is a cancellation point) when the
     * run ends in time */
    if (sigtimedwait(&stop_signals, NULL, &grace) > 0) {
        fputc('\n', stderr);
        cli_error("stopped at once");
    } else {
        fputc('\n', stderr);
        cli_error("a read does not end; stopped");
    }
    _exit(128 + sig);
}

void
batch_signals_start(void)
{
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGHUP);
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
