package org.casereview;

import com.sun.jna.Pointer;

import java.util.function.Consumer;

/**
 * The cleaning action of a native handle: frees it exactly once, whether
 * close() runs it or the Cleaner does after the Java object became
 * unreachable. It must not refer to that object, or it never would.
 */
final class NativeRef implements Runnable {
    private final Pointer handle;
    private final Consumer<Pointer> free;

    NativeRef(Pointer handle, Consumer<Pointer> free) {
        this.handle = handle;
        this.free = free;
        Lib.LIVE.incrementAndGet();
    }

    @Override
    public void run() {
        free.accept(handle);
        Lib.LIVE.decrementAndGet();
    }
}
