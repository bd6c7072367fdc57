package org.casereview;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A compiled checklist (cr_checklist), read-only and shared by every
 * thread that scores with it.
 *
 * <pre>
 * try (Checklist cl = Checklist.load(Path.of("penalty-general.xml"))) {
 *     Result r = cl.scoreFile(Path.of("case.xml"));
 * }
 * </pre>
 *
 * {@link #scoreFile}, {@link #scoreBytes} and {@link #scoreMany} may be
 * called from any number of threads at once: each call borrows an
 * evaluator from a pool the checklist keeps (one is made when none is
 * idle). {@link #close()} may come while other threads are scoring: the
 * calls in progress finish (each evaluator holds its own reference to the
 * compiled checklist), later calls get IllegalStateException, and the
 * native memory is freed when the last evaluator is closed. The metadata
 * (id, items, grades...) is read once at load and stays readable.
 */
public final class Checklist implements AutoCloseable {
    private final Object lock = new Object();
    private final Deque<Evaluator> idle = new ArrayDeque<>();
    private final int maxIdle = Math.max(8,
        4 * Runtime.getRuntime().availableProcessors());
    private final Cleaner.Cleanable cleanable;
    private Pointer handle;     // null once closed

    private final String id;
    private final String version;
    private final String title;
    private final String path;
    private final double total;
    private final String groupBy;
    private final List<Category> categories;
    private final List<ChecklistItem> items;
    private final List<Grade> grades;
    private final List<Diagnostic> warnings;

    private Checklist(Pointer h, List<Diagnostic> warnings) {
        handle = h;
        cleanable = Lib.CLEANER.register(this,
            new NativeRef(h, Lib::cr_checklist_unref));
        this.warnings = List.copyOf(warnings);
        id = Lib.str(Lib.cr_checklist_get_id(h));
        version = Lib.str(Lib.cr_checklist_get_version(h));
        title = Lib.str(Lib.cr_checklist_get_title(h));
        path = Lib.str(Lib.cr_checklist_get_path(h));
        total = Lib.cr_checklist_get_total(h);
        groupBy = Lib.str(Lib.cr_checklist_get_group_by(h));
        categories = readCategories(h);
        items = readItems(h);
        grades = readGrades(h);
    }

    // -- loading ------------------------------------------------------

    /** Compiles the checklist at PATH. A checklist that does not load
     *  throws {@link ChecklistException} listing every problem with file
     *  and line. */
    public static Checklist load(Path path) {
        return load(path, new LoadOptions());
    }

    public static Checklist load(String path) {
        return load(Path.of(path), new LoadOptions());
    }

    public static Checklist load(Path path, LoadOptions options) {
        PointerByReference out = new PointerByReference();
        PointerByReference diags = new PointerByReference();
        byte[] p = Lib.c(path.toString());
        Pointer opts = options.toNative();
        int st;
        try {
            st = Lib.cr_checklist_load(p, opts, out, diags);
        } finally {
            Lib.cr_load_options_free(opts);
        }
        return finishLoad(st, out.getValue(), diags.getValue(),
                          path.toString());
    }

    /** Compiles a checklist held in memory. NAME names it in diagnostics;
     *  BASE_DIR (may be null: the working directory) resolves its relative
     *  hrefs. */
    public static Checklist fromString(String source, String name,
                                       Path baseDir, LoadOptions options) {
        byte[] buf = source.getBytes(StandardCharsets.UTF_8);
        PointerByReference out = new PointerByReference();
        PointerByReference diags = new PointerByReference();
        byte[] n = Lib.c(name);
        byte[] base = Lib.c(baseDir == null ? null : baseDir.toString());
        Pointer opts = options.toNative();
        int st;
        try {
            st = Lib.cr_checklist_load_memory(buf, Lib.size(buf.length), n,
                                              base, opts, out, diags);
        } finally {
            Lib.cr_load_options_free(opts);
        }
        return finishLoad(st, out.getValue(), diags.getValue(),
                          name == null ? "<string>" : name);
    }

    public static Checklist fromString(String source) {
        return fromString(source, "<string>", null, new LoadOptions());
    }

    private static Checklist finishLoad(int st, Pointer cl, Pointer dl,
                                        String name) {
        List<Diagnostic> diags;
        String formatted;
        try {
            diags = diagnostics(dl);
            formatted = dl == null ? null
                : Lib.takeString(Lib.cr_diag_list_format(dl));
        } finally {
            Lib.cr_diag_list_free(dl);
        }
        if (st == 0) {
            return new Checklist(cl, diags);
        }
        Lib.cr_checklist_unref(cl);
        if (st == Status.CHECKLIST.code() || st == Status.IO.code()) {
            throw new ChecklistException(name, diags, Status.of(st),
                                         formatted);
        }
        Status.check(st, "loading checklist " + name);
        throw new IllegalStateException("loading checklist " + name);
    }

    private static List<Diagnostic> diagnostics(Pointer dl) {
        List<Diagnostic> out = new ArrayList<>();
        if (dl == null) {
            return out;
        }
        long n = Lib.cr_diag_list_count(dl).longValue();
        for (long i = 0; i < n; i++) {
            Pointer d = Lib.cr_diag_list_get(dl, Lib.size(i));
            out.add(new Diagnostic(
                Lib.cr_diag_get_code(d),
                Lib.cr_diag_get_severity(d) == 1
                    ? Diagnostic.Severity.WARNING : Diagnostic.Severity.ERROR,
                Lib.str(Lib.cr_diag_get_file(d)), Lib.cr_diag_get_line(d),
                Lib.cr_diag_get_column(d),
                Lib.str(Lib.cr_diag_get_message(d)),
                Lib.takeString(Lib.cr_diag_format(d))));
        }
        return out;
    }

    // -- metadata -------------------------------------------------------

    private static String or(String s) {
        return s == null ? "" : s;
    }

    private static List<Category> readCategories(Pointer h) {
        List<Category> out = new ArrayList<>();
        long n = Lib.cr_checklist_get_category_count(h).longValue();
        for (long i = 0; i < n; i++) {
            NativeLong k = Lib.size(i);
            out.add(new Category(
                Lib.str(Lib.cr_checklist_get_category_id(h, k)),
                or(Lib.str(Lib.cr_checklist_get_category_title(h, k))),
                Lib.cr_checklist_get_category_points(h, k), 0));
        }
        return Collections.unmodifiableList(out);
    }

    private static List<ChecklistItem> readItems(Pointer h) {
        List<ChecklistItem> out = new ArrayList<>();
        long n = Lib.cr_checklist_get_item_count(h).longValue();
        for (long i = 0; i < n; i++) {
            NativeLong k = Lib.size(i);
            out.add(new ChecklistItem(
                Lib.str(Lib.cr_checklist_get_item_id(h, k)),
                or(Lib.str(Lib.cr_checklist_get_item_title(h, k))),
                Lib.str(Lib.cr_checklist_get_item_category(h, k)),
                Lib.cr_checklist_get_item_deduct(h, k),
                Lib.cr_checklist_get_item_max(h, k),
                Lib.cr_checklist_get_item_per_node(h, k) != 0,
                Lib.cr_checklist_get_item_veto(h, k) != 0,
                or(Lib.str(Lib.cr_checklist_get_item_basis(h, k))),
                or(Lib.str(Lib.cr_checklist_get_item_severity(h, k))),
                or(Lib.str(Lib.cr_checklist_get_item_description(h, k))),
                Lib.cr_checklist_get_item_line(h, k)));
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Grade> readGrades(Pointer h) {
        List<Grade> out = new ArrayList<>();
        long n = Lib.cr_checklist_get_grade_count(h).longValue();
        for (long i = 0; i < n; i++) {
            NativeLong k = Lib.size(i);
            out.add(new Grade(Lib.str(Lib.cr_checklist_get_grade_id(h, k)),
                              Lib.str(Lib.cr_checklist_get_grade_label(h, k)),
                              Lib.cr_checklist_get_grade_min(h, k)));
        }
        return Collections.unmodifiableList(out);
    }

    public String id() {
        return id;
    }

    /** The checklist's version ("" when it has none). */
    public String version() {
        return version;
    }

    public String title() {
        return title;
    }

    /** The path it was loaded from (the name given to fromString). */
    public String path() {
        return path;
    }

    public double total() {
        return total;
    }

    /** The group-by expression, or null when the checklist has none. */
    public String groupBy() {
        return groupBy;
    }

    public List<Category> categories() {
        return categories;
    }

    /** The items in checklist order. */
    public List<ChecklistItem> items() {
        return items;
    }

    /** The grades, highest first. */
    public List<Grade> grades() {
        return grades;
    }

    /** The warnings of a load that succeeded. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    // -- lifetime -----------------------------------------------------------

    /** The handle with a reference of its own, for one call: a close() in
     *  another thread meanwhile drops only the Checklist's reference. */
    Pointer acquire() {
        synchronized (lock) {
            if (handle == null) {
                throw new IllegalStateException("checklist is closed");
            }
            Lib.cr_checklist_ref(handle);
            return handle;
        }
    }

    static void release(Pointer h) {
        Lib.cr_checklist_unref(h);
    }

    /** Drops the checklist's reference and frees its idle evaluators; safe
     *  to call more than once, and while other threads score (see above). */
    @Override
    public void close() {
        List<Evaluator> drop;
        synchronized (lock) {
            if (handle == null) {
                return;
            }
            handle = null;
            drop = new ArrayList<>(idle);
            idle.clear();
        }
        for (Evaluator ev : drop) {
            ev.close();
        }
        cleanable.clean();
    }

    public boolean isClosed() {
        synchronized (lock) {
            return handle == null;
        }
    }

    // -- scoring ------------------------------------------------------------

    /** A new evaluator of this checklist, for one thread at a time; the
     *  caller closes it. EXPLAIN records the values behind each finding
     *  (added to the JSON as "explain"). */
    public Evaluator evaluator(boolean explain) {
        return new Evaluator(this, explain);
    }

    public Evaluator evaluator() {
        return evaluator(false);
    }

    Evaluator borrow() {
        synchronized (lock) {
            if (handle == null) {
                throw new IllegalStateException("checklist is closed");
            }
            Evaluator ev = idle.pollFirst();
            if (ev != null) {
                return ev;
            }
        }
        return new Evaluator(this, false);
    }

    void giveBack(Evaluator ev) {
        synchronized (lock) {
            if (handle != null && idle.size() < maxIdle) {
                idle.addFirst(ev);
                return;
            }
        }
        ev.close();
    }

    /** Scores the case file at PATH; throws {@link CaseException} when the
     *  case cannot be scored. Any thread. */
    public Result scoreFile(Path path) {
        return scoreFile(path.toString());
    }

    public Result scoreFile(String path) {
        Evaluator ev = borrow();
        try {
            return ev.scoreFile(path, true);
        } finally {
            giveBack(ev);
        }
    }

    /** Scores a case held in memory; NAME is reported as its source. */
    public Result scoreBytes(byte[] data, String name) {
        Evaluator ev = borrow();
        try {
            return ev.scoreBytes(data, name, true);
        } finally {
            giveBack(ev);
        }
    }

    /**
     * Scores every path on WORKERS threads, giving the Results in input
     * order as they come. A case that cannot be scored is an error Result
     * ({@code isError()}), not an exception; a null path throws
     * NullPointerException in its place in the order. Close the iterator
     * (or read it to the end) to stop the threads.
     */
    public ScoreMany scoreMany(Iterable<? extends Path> paths, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        release(acquire());     // closed: fail now, not in a worker
        return new ScoreMany(this, paths.iterator(), workers);
    }

    @Override
    public String toString() {
        return "Checklist[" + id + " " + version + ", " + items.size()
            + " items" + (isClosed() ? ", closed" : "") + "]";
    }
}
