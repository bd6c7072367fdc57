package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What shapes a checklist load: param overrides, data documents loaded
 * from other files, limits, a mapping of agencies' exports. Chained
 * setters; the options are copied when a checklist loads, so one
 * LoadOptions may serve several loads.
 *
 * <pre>
 * new LoadOptions().param("disclosure-workdays", "20")
 *                  .data("benchmarks", Path.of("my-benchmarks.xml"))
 * </pre>
 */
public final class LoadOptions {
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> data = new LinkedHashMap<>();
    private long maxCaseSize;
    private String language;
    private boolean allowOutsideData;
    private long regexMatchLimit;
    private long xpathOpLimit;
    private long maxCaseNodes;
    private long maxCaseTree;
    private long maxCaseWork;
    private long maxFindings;
    private long maxMessageLength;
    private Transform transform;
    private Path transformPath;

    /** Overrides the default of {@code <param name="NAME">}; an unknown
     *  name makes the load fail. */
    public LoadOptions param(String name, String value) {
        params.put(name, value);
        return this;
    }

    /** Loads {@code <data name="NAME">} from PATH (relative to the working
     *  directory) instead of its href. */
    public LoadOptions data(String name, Path path) {
        data.put(name, path.toString());
        return this;
    }

    /** The largest case accepted, in bytes (default 64 MiB). */
    public LoadOptions maxCaseSize(long bytes) {
        maxCaseSize = positive(bytes, Long.MAX_VALUE, "maxCaseSize");
        return this;
    }

    /** Lets data and calendar hrefs leave the checklist's folder. */
    public LoadOptions allowOutsideData(boolean allow) {
        allowOutsideData = allow;
        return this;
    }

    /** PCRE2 match limit per regex call (default 1000000). */
    public LoadOptions regexMatchLimit(long limit) {
        regexMatchLimit = positive(limit, UINT_MAX, "regexMatchLimit");
        return this;
    }

    /** XPath operations allowed per item and case (default 50000000). */
    public LoadOptions xpathOpLimit(long limit) {
        xpathOpLimit = positive(limit, Long.MAX_VALUE, "xpathOpLimit");
        return this;
    }

    // What one case may cost and what its result may hold (docs/limits.md):
    // each wins over the checklist's <limits> attribute of the same name,
    // which wins over the library's default. A case past one of the first
    // three is an error Result of kind "limit" naming it (errorLimit()).

    /** Nodes of the case's tree: elements, attributes, text, comments
     *  (default 2000000). */
    public LoadOptions maxCaseNodes(long nodes) {
        maxCaseNodes = positive(nodes, Long.MAX_VALUE, "maxCaseNodes");
        return this;
    }

    /** Bytes of the case's tree, its nodes and strings (default 128 MiB). */
    public LoadOptions maxCaseTree(long bytes) {
        maxCaseTree = positive(bytes, Long.MAX_VALUE, "maxCaseTree");
        return this;
    }

    /** Work units spent on the case over all its items (default
     *  200000000). */
    public LoadOptions maxCaseWork(long units) {
        maxCaseWork = positive(units, Long.MAX_VALUE, "maxCaseWork");
        return this;
    }

    /** Findings listed per item (default 100); the rest are counted
     *  ({@link Item#findingsOmitted()}). */
    public LoadOptions maxFindings(long findings) {
        maxFindings = positive(findings, UINT_MAX, "maxFindings");
        return this;
    }

    /** The language of the messages of the load and of everything made
     *  from the checklist (diagnostics, item errors, error results): "zh"
     *  (the default) or "en"; a locale name such as "en_US.UTF-8" is
     *  taken by its first two letters. */
    public LoadOptions language(String lang) {
        String l = lang == null ? "" : lang.toLowerCase(java.util.Locale.ROOT);
        if (!l.startsWith("zh") && !l.startsWith("en")) {
            throw new IllegalArgumentException(
                "language must be zh or en, not " + lang);
        }
        language = l.substring(0, 2);
        return this;
    }

    /** Characters of a finding's message (default 1000); a longer one is
     *  cut on a character and ends in "…". */
    public LoadOptions maxMessageLength(long chars) {
        maxMessageLength = positive(chars, UINT_MAX, "maxMessageLength");
        return this;
    }

    /** Maps every case the checklist's evaluators score with TRANSFORM
     *  (an agency's export to casefile). The checklist keeps a reference
     *  of its own: closing TRANSFORM afterwards changes nothing. Null:
     *  none. */
    public LoadOptions transform(Transform transform) {
        this.transform = transform;
        this.transformPath = null;
        return this;
    }

    /** The same with the mapping at PATH, loaded with each checklist
     *  ({@link TransformException} when it does not load). */
    public LoadOptions transform(Path path) {
        this.transformPath = path;
        this.transform = null;
        return this;
    }

    /** The mapping to give the checklist, with a reference of its own
     *  for the caller to keep or drop; null without one. */
    Pointer acquireTransform() {
        if (transform != null) {
            return transform.acquire();
        }
        if (transformPath == null) {
            return null;
        }
        try (Transform tf = Transform.load(transformPath)) {
            return tf.acquire();
        }
    }

    private static final long UINT_MAX = 0xFFFFFFFFL;

    /* A safety limit must never wrap to another value in C. */
    private static long positive(long v, long max, String what) {
        if (v < 1 || v > max) {
            throw new IllegalArgumentException(
                what + " must be between 1 and " + max + ", not " + v);
        }
        return v;
    }

    /** The cr_load_options for one load; the caller frees it. Null when
     *  nothing is set. */
    Pointer toNative() {
        if (params.isEmpty() && data.isEmpty() && maxCaseSize == 0
            && !allowOutsideData && regexMatchLimit == 0
            && xpathOpLimit == 0 && maxCaseNodes == 0 && maxCaseTree == 0
            && maxCaseWork == 0 && maxFindings == 0
            && maxMessageLength == 0 && language == null) {
            return null;
        }
        PointerByReference out = new PointerByReference();
        Status.check(Lib.cr_load_options_new(out), "cr_load_options_new");
        Pointer h = out.getValue();
        try {
            for (Map.Entry<String, String> e : params.entrySet()) {
                Status.check(Lib.cr_load_options_set_param(
                    h, Lib.c(e.getKey()), Lib.c(e.getValue())),
                    "param " + e.getKey());
            }
            if (language != null) {
                Status.check(Lib.cr_load_options_set_language(
                    h, Lib.c(language)), "language");
            }
            for (Map.Entry<String, String> e : data.entrySet()) {
                Status.check(Lib.cr_load_options_set_data(
                    h, Lib.c(e.getKey()), Lib.c(e.getValue())),
                    "data " + e.getKey());
            }
            if (maxCaseSize > 0) {
                Status.check(Lib.cr_load_options_set_max_case_size(
                    h, Lib.size(maxCaseSize)), "maxCaseSize");
            }
            if (allowOutsideData) {
                Status.check(Lib.cr_load_options_set_flags(
                    h, Lib.CR_LOAD_ALLOW_OUTSIDE_DATA), "allowOutsideData");
            }
            if (regexMatchLimit > 0) {
                Status.check(Lib.cr_load_options_set_regex_match_limit(
                    h, (int) regexMatchLimit), "regexMatchLimit");
            }
            if (xpathOpLimit > 0) {
                Status.check(Lib.cr_load_options_set_xpath_op_limit(
                    h, Lib.size(xpathOpLimit)), "xpathOpLimit");
            }
            if (maxCaseNodes > 0) {
                Status.check(Lib.cr_load_options_set_max_case_nodes(
                    h, Lib.size(maxCaseNodes)), "maxCaseNodes");
            }
            if (maxCaseTree > 0) {
                Status.check(Lib.cr_load_options_set_max_case_tree(
                    h, Lib.size(maxCaseTree)), "maxCaseTree");
            }
            if (maxCaseWork > 0) {
                Status.check(Lib.cr_load_options_set_max_case_work(
                    h, Lib.size(maxCaseWork)), "maxCaseWork");
            }
            if (maxFindings > 0) {
                Status.check(Lib.cr_load_options_set_max_findings(
                    h, (int) maxFindings), "maxFindings");
            }
            if (maxMessageLength > 0) {
                Status.check(Lib.cr_load_options_set_max_message_length(
                    h, (int) maxMessageLength), "maxMessageLength");
            }
            return h;
        } catch (RuntimeException e) {
            Lib.cr_load_options_free(h);
            throw e;
        }
    }
}
