package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cr_evaluator: scores cases against a checklist, in one thread at a
 * time (a second thread entering it meanwhile gets IllegalStateException).
 * It holds its own reference to the compiled checklist, so closing the
 * Checklist never pulls it from under an evaluator still scoring.
 *
 * Most callers never make one: {@link Checklist#scoreFile} and
 * {@link Checklist#scoreMany} keep evaluators of their own.
 */
public final class Evaluator implements AutoCloseable {
    private final ReentrantLock busy = new ReentrantLock();
    private final Cleaner.Cleanable cleanable;
    private final int jsonFlags;
    private Pointer handle;

    Evaluator(Checklist checklist, boolean explain) {
        PointerByReference out = new PointerByReference();
        Pointer cl = checklist.acquire();
        try {
            Status.check(Lib.cr_evaluator_new(cl, out), "cr_evaluator_new");
        } finally {
            Checklist.release(cl);
        }
        handle = out.getValue();
        cleanable = Lib.CLEANER.register(this,
            new NativeRef(handle, Lib::cr_evaluator_free));
        if (explain) {
            int st = Lib.cr_evaluator_set_flags(handle, Lib.CR_EVAL_EXPLAIN);
            if (st != 0) {
                close();
                Status.check(st, "cr_evaluator_set_flags");
            }
        }
        jsonFlags = explain ? Lib.CR_JSON_EXPLAIN : 0;
    }

    /** Frees the evaluator, after a call in progress in another thread
     *  returns. Safe to call more than once. */
    @Override
    public void close() {
        busy.lock();
        try {
            if (handle != null) {
                handle = null;
                cleanable.clean();
            }
        } finally {
            busy.unlock();
        }
    }

    public boolean isClosed() {
        busy.lock();
        try {
            return handle == null;
        } finally {
            busy.unlock();
        }
    }

    private Pointer enter() {
        if (!busy.tryLock()) {
            throw new IllegalStateException(
                "an Evaluator serves one thread at a time");
        }
        if (handle == null) {
            busy.unlock();
            throw new IllegalStateException("evaluator is closed");
        }
        return handle;
    }

    /** Overrides a param for later cases (null: back to the checklist's
     *  value). IllegalArgumentException for an unknown name. */
    public void setParam(String name, String value) {
        Pointer h = enter();
        int st;
        try {
            st = Lib.cr_evaluator_set_param(h, Lib.c(name), Lib.c(value));
        } finally {
            busy.unlock();
        }
        if (st == Status.INVALID.code()) {
            throw new IllegalArgumentException("unknown param " + name);
        }
        Status.check(st, "cr_evaluator_set_param");
    }

    /** Scores the case file at PATH; throws {@link CaseException} when it
     *  cannot be scored. */
    public Result scoreFile(Path path) {
        return scoreFile(path.toString(), true);
    }

    public Result scoreFile(String path) {
        return scoreFile(path, true);
    }

    /** With CHECK false an unscorable case comes back as an error Result
     *  instead of an exception. */
    public Result scoreFile(String path, boolean check) {
        byte[] p = Lib.c(path);
        if (p == null) {
            throw new NullPointerException("path");
        }
        PointerByReference out = new PointerByReference();
        Pointer h = enter();
        int st;
        try {
            st = Lib.cr_evaluator_score_file(h, p, out);
        } finally {
            busy.unlock();
        }
        return finish(st, out.getValue(), check);
    }

    /** Scores a case held in memory; NAME (may be null) is its source. */
    public Result scoreBytes(byte[] data, String name) {
        return scoreBytes(data, name, true);
    }

    public Result scoreBytes(byte[] data, String name, boolean check) {
        if (data == null) {
            throw new NullPointerException("data");
        }
        byte[] src = Lib.c(name);
        PointerByReference out = new PointerByReference();
        Pointer h = enter();
        int st;
        try {
            st = Lib.cr_evaluator_score_memory(h, data, Lib.size(data.length),
                                               src, out);
        } finally {
            busy.unlock();
        }
        return finish(st, out.getValue(), check);
    }

    private Result finish(int st, Pointer res, boolean check) {
        if (st == 0 || (st == Status.CASE.code() && res != null)) {
            Result r = Result.take(res, jsonFlags);
            if (check && r.isError()) {
                throw new CaseException(r);
            }
            return r;
        }
        Status.check(st, "scoring");
        throw new IllegalStateException("scoring: no result");
    }
}
