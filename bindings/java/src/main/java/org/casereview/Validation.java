package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Path;
import java.util.List;

/**
 * What checking a case file against casefile/1 and casefile/1.1 found
 * ({@link Casereview#validate}): every problem sorted by line, each with
 * the file, its line and a Chinese message; errors for what the format
 * forbids, warnings for what it allows but a reader should see.
 */
public final class Validation {
    private final Status status;
    private final List<Diagnostic> diagnostics;
    private final String formatted;

    private Validation(Status status, Diags d) {
        this.status = status;
        this.diagnostics = d.list;
        this.formatted = d.formatted == null ? "" : d.formatted;
    }

    static Validation ofFile(Path path, Transform transform) {
        byte[] p = Lib.c(path.toString());
        return run(transform, (tf, out) ->
            Lib.cr_casefile_validate(p, tf, out));
    }

    static Validation ofBytes(byte[] data, String name, Transform transform) {
        if (data == null) {
            throw new NullPointerException("data");
        }
        byte[] n = Lib.c(name == null ? "<bytes>" : name);
        return run(transform, (tf, out) ->
            Lib.cr_casefile_validate_memory(data, Lib.size(data.length), n,
                                            tf, out));
    }

    private interface Call {
        int run(Pointer tf, PointerByReference diags);
    }

    private static Validation run(Transform transform, Call call) {
        PointerByReference out = new PointerByReference();
        Pointer tf = transform == null ? null : transform.acquire();
        int st;
        try {
            st = call.run(tf, out);
        } finally {
            if (tf != null) {
                transform.release(tf);
            }
        }
        Diags d = Diags.take(out.getValue());
        if (st == 0 || st == Status.CASE.code() || st == Status.IO.code()) {
            return new Validation(Status.of(st), d);
        }
        Status.check(st, "validating");
        throw new IllegalStateException("validating: status " + st);
    }

    /** True when there is no error (warnings allowed). */
    public boolean ok() {
        return status == Status.OK;
    }

    /** OK, CASE (some error) or IO (the file cannot be read). */
    public Status status() {
        return status;
    }

    /** Every problem, by line. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return of(Diagnostic.Severity.ERROR);
    }

    public List<Diagnostic> warnings() {
        return of(Diagnostic.Severity.WARNING);
    }

    private List<Diagnostic> of(Diagnostic.Severity s) {
        return diagnostics.stream().filter(d -> d.severity() == s).toList();
    }

    /** The library's text of every problem, one a line, as
     *  {@code casereview validate} prints them ("" without any). */
    public String formatted() {
        return formatted;
    }

    @Override
    public String toString() {
        return "Validation[" + (ok() ? "ok" : status.name().toLowerCase())
            + ", " + errors().size() + " errors, " + warnings().size()
            + " warnings]";
    }
}
