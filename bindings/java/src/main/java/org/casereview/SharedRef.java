package org.casereview;

import com.sun.jna.Pointer;

import java.lang.ref.Cleaner;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One reference to a library object that threads share (a checklist,
 * verdicts, a mapping), held for a Java object. {@link #acquire()} lends
 * the handle with a reference of its own for one call, so a close() in
 * another thread meanwhile drops only the holder's reference, never the
 * memory in use. The reference is dropped by close() or, once the holder
 * is unreachable, by the Cleaner.
 */
final class SharedRef {
    private final Object lock = new Object();
    private final Cleaner.Cleanable cleanable;
    private final UnaryOperator<Pointer> ref;
    private final Consumer<Pointer> unref;
    private final String closedMessage;
    private Pointer handle;     // null once closed

    /** Holds H (whose reference the caller hands over) for HOLDER. */
    SharedRef(Object holder, Pointer h, UnaryOperator<Pointer> ref,
              Consumer<Pointer> unref, String closedMessage) {
        handle = h;
        this.ref = ref;
        this.unref = unref;
        this.closedMessage = closedMessage;
        cleanable = Lib.CLEANER.register(holder, new NativeRef(h, unref));
    }

    /** The handle with a reference of its own; give it to release(). */
    Pointer acquire() {
        synchronized (lock) {
            if (handle == null) {
                throw new IllegalStateException(closedMessage);
            }
            ref.apply(handle);
            return handle;
        }
    }

    void release(Pointer h) {
        unref.accept(h);
    }

    /** Drops the holder's reference; false when it was dropped before. */
    boolean close() {
        synchronized (lock) {
            if (handle == null) {
                return false;
            }
            handle = null;
        }
        cleanable.clean();
        return true;
    }

    boolean isClosed() {
        synchronized (lock) {
            return handle == null;
        }
    }
}
