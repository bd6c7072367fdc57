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
 * Checklist never pulls it from under an evaluator still scoring; the
 * same for the verdicts and the mapping it is given. It starts with the
 * checklist's mapping ({@link LoadOptions#transform}) and no verdicts.
 *
 * Most callers never make one: {@link Checklist#scoreFile} and
 * {@link Checklist#scoreMany} keep evaluators of their own.
 */
public final class Evaluator implements AutoCloseable {
    private final ReentrantLock busy = new ReentrantLock();
    private final Cleaner.Cleanable cleanable;
    private final int jsonFlags;
    private Pointer handle;
    private Verdicts verdicts;      // what setVerdicts was last given

    /** An evaluator of CHECKLIST with the checklist's mapping, if any. */
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
        try {
            Pointer tf = checklist.acquireTransform();
            if (tf != null) {
                try {
                    checkTransform(Lib.cr_evaluator_set_transform(handle, tf));
                } finally {
                    Lib.cr_transform_unref(tf);
                }
            }
            if (explain) {
                Status.check(Lib.cr_evaluator_set_flags(handle,
                                                        Lib.CR_EVAL_EXPLAIN),
                             "cr_evaluator_set_flags");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        jsonFlags = explain ? Lib.CR_JSON_EXPLAIN : 0;
    }

    /* CR_ERR_INVALID from cr_evaluator_set_transform: the stylesheet no
     * longer compiles (a file it imports changed since it was loaded). */
    private static void checkTransform(int st) {
        if (st == Status.INVALID.code()) {
            throw new CasereviewException(
                "the mapping no longer compiles (a file it imports changed)",
                Status.INVALID, null, 0);
        }
        Status.check(st, "cr_evaluator_set_transform");
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

    /** Applies VERDICTS (loaded for this evaluator's checklist; null:
     *  none) to the cases scored from now on. The evaluator keeps a
     *  reference of its own, so closing VERDICTS afterwards changes
     *  nothing here. IllegalArgumentException for verdicts loaded for
     *  another checklist, IllegalStateException for closed ones. */
    public void setVerdicts(Verdicts verdicts) {
        Pointer h = enter();
        int st;
        try {
            // the same verdicts again are acquired again: closed ones are
            // refused, as anywhere else
            if (verdicts == null && this.verdicts == null) {
                st = 0;
            } else if (verdicts == null) {
                st = Lib.cr_evaluator_set_verdicts(h, null);
            } else {
                Pointer v = verdicts.acquire();
                try {
                    st = Lib.cr_evaluator_set_verdicts(h, v);
                } finally {
                    verdicts.release(v);
                }
            }
            if (st == 0) {
                this.verdicts = verdicts;
            }
        } finally {
            busy.unlock();
        }
        if (st == Status.INVALID.code()) {
            throw new IllegalArgumentException(
                "these verdicts were loaded for another checklist");
        }
        Status.check(st, "cr_evaluator_set_verdicts");
    }

    /** The verdicts last given to setVerdicts, or null. */
    public Verdicts verdicts() {
        return verdicts;
    }

    /** Maps the cases scored from now on with TRANSFORM instead of the
     *  checklist's mapping (null: none). The evaluator compiles a copy of
     *  its own; closing TRANSFORM afterwards changes nothing here. */
    public void setTransform(Transform transform) {
        Pointer tf = transform == null ? null : transform.acquire();
        try {
            Pointer h = enter();
            int st;
            try {
                st = Lib.cr_evaluator_set_transform(h, tf);
            } finally {
                busy.unlock();
            }
            checkTransform(st);
        } finally {
            if (tf != null) {
                transform.release(tf);
            }
        }
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
