package org.casereview;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

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
    private final Object lock = new Object();   // guards idle
    private final Deque<Evaluator> idle = new ArrayDeque<>();
    private final int maxIdle = Math.max(8,
        4 * Runtime.getRuntime().availableProcessors());
    private final SharedRef ref;
    // the mapping every evaluator gets, with a reference of its own
    private final SharedRef transform;

    private final String id;
    private final String version;
    private final String title;
    private final String path;
    private final double total;
    private final String groupBy;
    private final List<Category> categories;
    private final List<ChecklistItem> items;
    private final List<Grade> grades;
    private final List<Param> params;
    private final List<Diagnostic> warnings;
    private final String language;
    private final String vetoEffect;
    private final String transformPath;

    /** Takes over the references to H and TF (may be null). */
    private Checklist(Pointer h, List<Diagnostic> warnings, Pointer tf) {
        ref = new SharedRef(this, h, Lib::cr_checklist_ref,
                            Lib::cr_checklist_unref, "checklist is closed");
        transform = tf == null ? null
            : new SharedRef(this, tf, Lib::cr_transform_ref,
                            Lib::cr_transform_unref, "checklist is closed");
        transformPath = tf == null ? null
            : Lib.str(Lib.cr_transform_get_path(tf));
        this.warnings = List.copyOf(warnings);
        language = Lib.str(Lib.cr_checklist_get_language(h));
        vetoEffect = Lib.str(Lib.cr_checklist_get_veto_effect(h));
        id = Lib.str(Lib.cr_checklist_get_id(h));
        version = Lib.str(Lib.cr_checklist_get_version(h));
        title = Lib.str(Lib.cr_checklist_get_title(h));
        path = Lib.str(Lib.cr_checklist_get_path(h));
        total = Lib.cr_checklist_get_total(h);
        groupBy = Lib.str(Lib.cr_checklist_get_group_by(h));
        categories = readCategories(h);
        items = readItems(h);
        grades = readGrades(h);
        params = readParams(h);
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
        byte[] p = Lib.c(path.toString());
        return compile(options, path.toString(), (opts, out, diags) ->
            Lib.cr_checklist_load(p, opts, out, diags));
    }

    /** Compiles a checklist held in memory. NAME names it in diagnostics;
     *  BASE_DIR (may be null: the working directory) resolves its relative
     *  hrefs. */
    public static Checklist fromString(String source, String name,
                                       Path baseDir, LoadOptions options) {
        byte[] buf = source.getBytes(StandardCharsets.UTF_8);
        byte[] n = Lib.c(name);
        byte[] base = Lib.c(baseDir == null ? null : baseDir.toString());
        return compile(options, name == null ? "<string>" : name,
                       (opts, out, diags) -> Lib.cr_checklist_load_memory(
                           buf, Lib.size(buf.length), n, base, opts, out,
                           diags));
    }

    public static Checklist fromString(String source) {
        return fromString(source, "<string>", null, new LoadOptions());
    }

    private interface Load {
        int run(Pointer opts, PointerByReference out,
                PointerByReference diags);
    }

    /** Runs LOAD with OPTIONS made native; the mapping, if any, is loaded
     *  first (a checklist is compiled only for a mapping that loads). */
    private static Checklist compile(LoadOptions options, String name,
                                     Load load) {
        Pointer tf = options.acquireTransform();
        PointerByReference out = new PointerByReference();
        PointerByReference diags = new PointerByReference();
        int st;
        try {
            Pointer opts = options.toNative();
            try {
                st = load.run(opts, out, diags);
            } finally {
                Lib.cr_load_options_free(opts);
            }
        } catch (RuntimeException e) {
            Lib.cr_transform_unref(tf);
            throw e;
        }
        Diags d = Diags.take(diags.getValue());
        if (st == 0) {
            return new Checklist(out.getValue(), d.list, tf);
        }
        Lib.cr_checklist_unref(out.getValue());
        Lib.cr_transform_unref(tf);
        throw d.failure(st, "checklist", name, ChecklistException::new);
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
            long parent = Lib.cr_checklist_get_category_parent(h, k)
                .longValue();
            out.add(new Category(
                Lib.str(Lib.cr_checklist_get_category_id(h, k)),
                or(Lib.str(Lib.cr_checklist_get_category_title(h, k))),
                Lib.cr_checklist_get_category_points(h, k), 0, null,
                Category.Scoring.of(
                    Lib.str(Lib.cr_checklist_get_category_scoring(h, k))),
                Category.Role.of(
                    Lib.str(Lib.cr_checklist_get_category_role(h, k))),
                parent < 0 ? null : Lib.str(
                    Lib.cr_checklist_get_category_id(h, Lib.size(parent))),
                true));
        }
        return Collections.unmodifiableList(out);
    }

    private static List<ChecklistItem> readItems(Pointer h) {
        List<ChecklistItem> out = new ArrayList<>();
        long n = Lib.cr_checklist_get_item_count(h).longValue();
        for (long i = 0; i < n; i++) {
            NativeLong k = Lib.size(i);
            double[] lo = new double[1];
            double[] hi = new double[1];
            boolean ranged = Lib.cr_checklist_get_item_range(h, k, lo, hi)
                != 0;
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
                Lib.cr_checklist_get_item_line(h, k),
                Lib.cr_checklist_get_item_points(h, k),
                Lib.cr_checklist_get_item_bonus(h, k),
                ranged ? new ChecklistItem.DeductRange(lo[0], hi[0]) : null,
                Lib.cr_checklist_get_item_reviewer(h, k) != 0,
                Lib.cr_checklist_get_item_zero_category(h, k) != 0,
                Lib.str(Lib.cr_checklist_get_item_cap_grade(h, k))));
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

    private static List<Param> readParams(Pointer h) {
        List<Param> out = new ArrayList<>();
        long n = Lib.cr_checklist_get_param_count(h).longValue();
        for (long i = 0; i < n; i++) {
            NativeLong k = Lib.size(i);
            out.add(new Param(Lib.str(Lib.cr_checklist_get_param_name(h, k)),
                              Lib.str(Lib.cr_checklist_get_param_value(h, k)),
                              Lib.str(Lib.cr_checklist_get_param_type(h, k)),
                              Lib.str(Lib.cr_checklist_get_param_min(h, k)),
                              Lib.str(Lib.cr_checklist_get_param_max(h, k))));
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

    /** The params in checklist order, with their types and bounds. */
    public List<Param> params() {
        return params;
    }

    /** Null when VALUE suits the param NAME (its type, min and max), else
     *  why not, in the checklist's language (LoadOptions' language),
     *  naming the param, the value and what is expected. */
    public String checkParam(String name, String value) {
        byte[] n = Lib.c(name);
        byte[] v = Lib.c(value);
        PointerByReference why = new PointerByReference();
        Pointer h = acquire();
        try {
            int st = Lib.cr_checklist_check_param(h, n, v, why);
            String text = Lib.takeString(why.getValue());
            if (st == Status.OK.code()) {
                return null;
            }
            if (st != Status.INVALID.code()) {
                Status.check(st, "cr_checklist_check_param");
            }
            return text != null ? text : "";
        } finally {
            release(h);
        }
    }

    /** The warnings of a load that succeeded. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** "1.1" when the checklist uses the scoring of checklist language
     *  1.1 (its results then carry score ranges, pending items, category
     *  scores...), else "1.0". */
    public String language() {
        return language;
    }

    /** What a failed veto item does: "lowest-grade" (the default), "zero"
     *  or "unscored". */
    public String vetoEffect() {
        return vetoEffect;
    }

    /** The path of the mapping given at load, or null without one. */
    public String transformPath() {
        return transformPath;
    }

    // -- lifetime -----------------------------------------------------------

    /** The handle with a reference of its own, for one call: a close() in
     *  another thread meanwhile drops only the Checklist's reference. */
    Pointer acquire() {
        return ref.acquire();
    }

    static void release(Pointer h) {
        Lib.cr_checklist_unref(h);
    }

    /** The mapping for a new evaluator with a reference of its own (drop
     *  it with cr_transform_unref), or null without one. */
    Pointer acquireTransform() {
        return transform == null ? null : transform.acquire();
    }

    /** Drops the checklist's reference and frees its idle evaluators; safe
     *  to call more than once, and while other threads score (see above). */
    @Override
    public void close() {
        if (!ref.close()) {
            return;
        }
        if (transform != null) {
            transform.close();
        }
        // an evaluator given back from now on is closed, not kept
        List<Evaluator> drop;
        synchronized (lock) {
            drop = new ArrayList<>(idle);
            idle.clear();
        }
        for (Evaluator ev : drop) {
            ev.close();
        }
    }

    public boolean isClosed() {
        return ref.isClosed();
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

    /** An evaluator that applies VERDICTS (null: none) to every case. */
    public Evaluator evaluator(boolean explain, Verdicts verdicts) {
        Evaluator ev = new Evaluator(this, explain);
        try {
            ev.setVerdicts(verdicts);
        } catch (RuntimeException e) {
            ev.close();
            throw e;
        }
        return ev;
    }

    /** The reviewers' verdicts at PATH, checked against this checklist
     *  ({@link Verdicts#load}). */
    public Verdicts loadVerdicts(Path path) {
        return Verdicts.load(this, path);
    }

    /** An evaluator from the pool with VERDICTS (may be null) set. */
    Evaluator borrow(Verdicts verdicts) {
        Evaluator ev;
        synchronized (lock) {
            if (ref.isClosed()) {
                throw new IllegalStateException("checklist is closed");
            }
            ev = idle.pollFirst();
        }
        if (ev == null) {
            ev = new Evaluator(this, false);
        }
        if (verdicts != null) {     // an idle evaluator has none
            try {
                ev.setVerdicts(verdicts);
            } catch (RuntimeException e) {
                giveBack(ev);
                throw e;
            }
        }
        return ev;
    }

    /** Takes EV back into the pool, without verdicts: an idle evaluator
     *  keeps no verdicts alive. */
    void giveBack(Evaluator ev) {
        ev.setVerdicts(null);
        synchronized (lock) {
            if (!ref.isClosed() && idle.size() < maxIdle) {
                idle.addFirst(ev);
                return;
            }
        }
        ev.close();
    }

    /* Verdicts name items by their index in one compiled checklist. */
    private void checkOwn(Verdicts verdicts) {
        if (verdicts != null && verdicts.checklist() != this) {
            throw new IllegalArgumentException(
                "these verdicts were loaded for another checklist");
        }
    }

    /** Scores the case file at PATH; throws {@link CaseException} when the
     *  case cannot be scored. Any thread. */
    public Result scoreFile(Path path) {
        return scoreFile(path.toString(), null);
    }

    public Result scoreFile(String path) {
        return scoreFile(path, null);
    }

    /** The same with the reviewers' VERDICTS (loaded for this checklist;
     *  null: none). */
    public Result scoreFile(Path path, Verdicts verdicts) {
        return scoreFile(path.toString(), verdicts);
    }

    public Result scoreFile(String path, Verdicts verdicts) {
        checkOwn(verdicts);
        Evaluator ev = borrow(verdicts);
        try {
            return ev.scoreFile(path, true);
        } finally {
            giveBack(ev);
        }
    }

    /** Scores a case held in memory; NAME is reported as its source. */
    public Result scoreBytes(byte[] data, String name) {
        return scoreBytes(data, name, null);
    }

    /** The same with the reviewers' VERDICTS (null: none). */
    public Result scoreBytes(byte[] data, String name, Verdicts verdicts) {
        checkOwn(verdicts);
        Evaluator ev = borrow(verdicts);
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
        return scoreMany(paths, workers, null);
    }

    /** The same with the reviewers' VERDICTS (null: none); they must stay
     *  open until the iterator ends. */
    public ScoreMany scoreMany(Iterable<? extends Path> paths, int workers,
                               Verdicts verdicts) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        checkOwn(verdicts);
        release(acquire());     // closed: fail now, not in a worker
        if (verdicts != null) {
            verdicts.release(verdicts.acquire());
        }
        return new ScoreMany(this, paths.iterator(), workers, verdicts);
    }

    @Override
    public String toString() {
        return "Checklist[" + id + " " + version + ", " + items.size()
            + " items" + (isClosed() ? ", closed" : "") + "]";
    }
}
