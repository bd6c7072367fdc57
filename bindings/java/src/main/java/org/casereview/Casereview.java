package org.casereview;

import java.nio.file.Path;

/** The loaded library itself, and what needs no checklist. */
public final class Casereview {
    private Casereview() {
    }

    /** The library's version, e.g. "0.2.0". */
    public static String libraryVersion() {
        return Lib.str(Lib.cr_version());
    }

    /** Which library was loaded: a path, or the name the loader found. */
    public static String libraryPath() {
        return Lib.PATH;
    }

    /** The language of the messages of {@link #validate} and
     *  {@link Transform#load} on the calling thread from now on: "zh"
     *  (the default) or "en"; a locale name is taken by its first two
     *  letters. Scoring uses its checklist's language
     *  ({@link LoadOptions#language}). */
    public static void setThreadLanguage(String lang) {
        Status.check(Lib.cr_set_thread_language(Lib.c(lang)),
                     "language " + lang);
    }

    /** Checks the case file at PATH against casefile/1 and casefile/1.1
     *  (docs/casefile.md). */
    public static Validation validate(Path path) {
        return Validation.ofFile(path, null);
    }

    /** The same after mapping it with TRANSFORM (null: none). */
    public static Validation validate(Path path, Transform transform) {
        return Validation.ofFile(path, transform);
    }

    /** Checks a case held in memory; NAME is the file the diagnostics
     *  name (null: "&lt;bytes&gt;"); TRANSFORM may be null. */
    public static Validation validate(byte[] data, String name,
                                      Transform transform) {
        return Validation.ofBytes(data, name, transform);
    }
}
