package org.casereview;

/** The loaded library itself. */
public final class Casereview {
    private Casereview() {
    }

    /** The library's version, e.g. "0.1.0". */
    public static String libraryVersion() {
        return Lib.str(Lib.cr_version());
    }

    /** Which library was loaded: a path, or the name the loader found. */
    public static String libraryPath() {
        return Lib.PATH;
    }
}
