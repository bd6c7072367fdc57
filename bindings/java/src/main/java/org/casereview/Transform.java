package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Path;

/**
 * A mapping from an agency's own export to casefile (cr_transform): an
 * XSLT 1.0 stylesheet applied to each case before it is scored or
 * validated. Read-only once loaded and shared by every thread.
 *
 * <pre>
 * try (Transform tf = Transform.load(Path.of("anjuan-to-casefile.xsl"));
 *      Checklist cl = Checklist.load(rules, new LoadOptions().transform(tf))) {
 *     Result r = cl.scoreFile(Path.of("export.xml"));
 * }
 * </pre>
 *
 * The sandbox and bounds are the library's: the mapping reads files only
 * in its own folder, never from the network, writes nothing, and a run
 * past its bounds is an error Result of kind "transform". Load mappings
 * before other threads start scoring: the first load in a process
 * installs libxslt hooks once.
 */
public final class Transform implements AutoCloseable {
    private final SharedRef ref;
    private final String path;

    private Transform(Pointer h) {
        ref = new SharedRef(this, h, Lib::cr_transform_ref,
                            Lib::cr_transform_unref, "transform is closed");
        path = Lib.str(Lib.cr_transform_get_path(h));
    }

    /** Loads and compiles the mapping at PATH; {@link TransformException}
     *  says why one does not load. */
    public static Transform load(Path path) {
        PointerByReference out = new PointerByReference();
        PointerByReference diags = new PointerByReference();
        int st = Lib.cr_transform_load(Lib.c(path.toString()), out, diags);
        Diags d = Diags.take(diags.getValue());
        if (st == 0) {
            return new Transform(out.getValue());
        }
        Lib.cr_transform_unref(out.getValue());
        throw d.failure(st, "mapping", path.toString(),
                        TransformException::new);
    }

    /** The path it was loaded from. Readable after close(). */
    public String path() {
        return path;
    }

    Pointer acquire() {
        return ref.acquire();
    }

    void release(Pointer h) {
        ref.release(h);
    }

    /** Drops this object's reference: checklists and evaluators given
     *  the mapping keep their own. Safe to call more than once. */
    @Override
    public void close() {
        ref.close();
    }

    public boolean isClosed() {
        return ref.isClosed();
    }

    @Override
    public String toString() {
        return "Transform[" + path + (isClosed() ? ", closed" : "") + "]";
    }
}
