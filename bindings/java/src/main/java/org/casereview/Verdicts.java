package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reviewers decided (cr_verdicts, urn:casereview:verdicts:1),
 * loaded against one checklist and checked like it: a file with any
 * problem does not load ({@link VerdictsException}, each problem with
 * its line). Read-only once loaded and shared by every thread, like the
 * checklist.
 *
 * <pre>
 * try (Verdicts v = cl.loadVerdicts(Path.of("verdicts.xml"))) {
 *     Result r = cl.scoreFile(Path.of("case.xml"), v);
 * }
 * </pre>
 *
 * Each case scored with them gets the verdicts of its case id. Pass them
 * to {@link Checklist#scoreFile(Path, Verdicts)} and its siblings, to
 * {@link Checklist#evaluator(boolean, Verdicts)} or to
 * {@link Evaluator#setVerdicts}. {@link #close()} may come while other
 * threads score with them: calls in progress finish, and evaluators
 * given them keep a reference of their own.
 */
public final class Verdicts implements AutoCloseable {
    private final SharedRef ref;
    private final Checklist checklist;
    private final String path;
    private final long count;
    private final Map<String, Integer> cases;

    private Verdicts(Pointer h, Checklist checklist) {
        ref = new SharedRef(this, h, Lib::cr_verdicts_ref,
                            Lib::cr_verdicts_unref, "verdicts are closed");
        this.checklist = checklist;
        path = Lib.str(Lib.cr_verdicts_get_path(h));
        count = Lib.cr_verdicts_get_count(h).longValue();
        Map<String, Integer> m = new LinkedHashMap<>();
        long n = Lib.cr_verdicts_get_case_count(h).longValue();
        for (long i = 0; i < n; i++) {
            m.put(Lib.str(Lib.cr_verdicts_get_case_id(h, Lib.size(i))),
                  Lib.cr_verdicts_get_case_line(h, Lib.size(i)));
        }
        cases = Collections.unmodifiableMap(m);
    }

    /** Loads the verdicts at PATH for CHECKLIST. */
    public static Verdicts load(Checklist checklist, Path path) {
        PointerByReference out = new PointerByReference();
        PointerByReference diags = new PointerByReference();
        byte[] p = Lib.c(path.toString());
        Pointer cl = checklist.acquire();
        int st;
        try {
            st = Lib.cr_verdicts_load(cl, p, out, diags);
        } finally {
            Checklist.release(cl);
        }
        return finish(st, out.getValue(), diags.getValue(), path.toString(),
                      checklist);
    }

    /** Loads verdicts held in memory (UTF-8 XML); NAME names them in
     *  diagnostics. */
    public static Verdicts fromBytes(Checklist checklist, byte[] data,
                                     String name) {
        if (data == null) {
            throw new NullPointerException("data");
        }
        String n = name == null ? "<bytes>" : name;
        PointerByReference out = new PointerByReference();
        PointerByReference diags = new PointerByReference();
        byte[] cn = Lib.c(n);
        Pointer cl = checklist.acquire();
        int st;
        try {
            st = Lib.cr_verdicts_load_memory(cl, data, Lib.size(data.length),
                                             cn, out, diags);
        } finally {
            Checklist.release(cl);
        }
        return finish(st, out.getValue(), diags.getValue(), n, checklist);
    }

    /** The same from a String. */
    public static Verdicts fromString(Checklist checklist, String text,
                                      String name) {
        return fromBytes(checklist, text.getBytes(StandardCharsets.UTF_8),
                         name == null ? "<string>" : name);
    }

    private static Verdicts finish(int st, Pointer v, Pointer dl,
                                   String name, Checklist checklist) {
        Diags d = Diags.take(dl);
        if (st == 0) {
            return new Verdicts(v, checklist);
        }
        Lib.cr_verdicts_unref(v);
        throw d.failure(st, "verdicts", name, VerdictsException::new);
    }

    /** The checklist they were loaded for: only its evaluators take them. */
    public Checklist checklist() {
        return checklist;
    }

    /** The path they were loaded from (the name given with bytes). */
    public String path() {
        return path;
    }

    /** Verdicts in all. */
    public long count() {
        return count;
    }

    /** The ids of the cases they decide for, sorted (several {@code
     *  <case>} elements with one id are one case). */
    public List<String> caseIds() {
        return List.copyOf(cases.keySet());
    }

    /** The line of the first {@code <case>} element of case ID, 0 when
     *  the verdicts have none: to report verdicts for cases never
     *  scored. */
    public int caseLine(String id) {
        return cases.getOrDefault(id, 0);
    }

    Pointer acquire() {
        return ref.acquire();
    }

    void release(Pointer h) {
        ref.release(h);
    }

    /** Drops this object's reference (evaluators given the verdicts keep
     *  their own); safe to call more than once. Metadata stays readable. */
    @Override
    public void close() {
        ref.close();
    }

    public boolean isClosed() {
        return ref.isClosed();
    }

    @Override
    public String toString() {
        return "Verdicts[" + path + ", " + count + " for " + cases.size()
            + " cases" + (isClosed() ? ", closed" : "") + "]";
    }
}
