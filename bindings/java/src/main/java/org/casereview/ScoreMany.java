package org.casereview;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Results of {@link Checklist#scoreMany}, in input order. Paths are
 * scored in chunks of a few cases on a pool of worker threads, each chunk
 * with an evaluator borrowed from the checklist (given the verdicts, if
 * any); at most two chunks per worker are in flight, so memory stays flat
 * over any number of paths.
 */
public final class ScoreMany implements Iterator<Result>, AutoCloseable {
    private static final int CHUNK = 4;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Checklist checklist;
    private final Verdicts verdicts;
    private final Iterator<? extends Path> paths;
    private final ExecutorService pool;
    private final int window;
    private final Deque<Future<List<Object>>> pending = new ArrayDeque<>();
    private Iterator<Object> current = List.of().iterator();
    private boolean closed;

    ScoreMany(Checklist checklist, Iterator<? extends Path> paths,
              int workers, Verdicts verdicts) {
        this.checklist = checklist;
        this.verdicts = verdicts;
        this.paths = paths;
        this.window = 2 * workers;
        int n = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor tp = new ThreadPoolExecutor(
            workers, workers, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "casereview-" + n + "-"
                                         + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        // an iterator dropped unread leaves no threads behind for long
        tp.allowCoreThreadTimeOut(true);
        this.pool = tp;
        fill();
    }

    /* Each element is a Result or the RuntimeException to throw in its
     * place. */
    private List<Object> scoreChunk(List<Path> chunk) {
        List<Object> out = new ArrayList<>(chunk.size());
        Evaluator ev = checklist.borrow(verdicts);
        try {
            for (Path p : chunk) {
                try {
                    if (p == null) {
                        throw new NullPointerException("a path is null");
                    }
                    out.add(ev.scoreFile(p.toString(), false));
                } catch (IllegalArgumentException | NullPointerException e) {
                    out.add(e);
                }
            }
        } finally {
            checklist.giveBack(ev);
        }
        return out;
    }

    private void fill() {
        while (!closed && pending.size() < window && paths.hasNext()) {
            List<Path> chunk = new ArrayList<>(CHUNK);
            while (chunk.size() < CHUNK && paths.hasNext()) {
                chunk.add(paths.next());
            }
            pending.add(pool.submit(() -> scoreChunk(chunk)));
        }
        if (pending.isEmpty()) {
            pool.shutdown();
        }
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (closed || pending.isEmpty()) {
                return false;
            }
            Future<List<Object>> f = pending.poll();
            try {
                current = f.get().iterator();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                close();
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                if (c instanceof Error) {
                    throw (Error) c;
                }
                throw new IllegalStateException(c);
            }
            fill();
        }
        return true;
    }

    @Override
    public Result next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object o = current.next();
        if (o instanceof RuntimeException) {
            throw (RuntimeException) o;
        }
        return (Result) o;
    }

    /** Every remaining Result, in input order; closes the iterator. */
    public List<Result> toList() {
        List<Result> out = new ArrayList<>();
        try {
            while (hasNext()) {
                out.add(next());
            }
        } finally {
            close();
        }
        return out;
    }

    /** Cancels the cases not started and waits for the running ones. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<List<Object>> f : pending) {
            f.cancel(false);
        }
        pending.clear();
        pool.shutdown();
        boolean interrupted = false;
        for (;;) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
