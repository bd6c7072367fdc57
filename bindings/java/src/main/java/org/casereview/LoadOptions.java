package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What shapes a checklist load: param overrides, data documents loaded
 * from other files, limits. Chained setters; the options are copied when
 * a checklist loads, so one LoadOptions may serve several loads.
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
    private boolean allowOutsideData;
    private long regexMatchLimit;
    private long xpathOpLimit;

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
        regexMatchLimit = positive(limit, 0xFFFFFFFFL, "regexMatchLimit");
        return this;
    }

    /** XPath operations allowed per item and case (default 50000000). */
    public LoadOptions xpathOpLimit(long limit) {
        xpathOpLimit = positive(limit, Long.MAX_VALUE, "xpathOpLimit");
        return this;
    }

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
            && xpathOpLimit == 0) {
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
            return h;
        } catch (RuntimeException e) {
            Lib.cr_load_options_free(h);
            throw e;
        }
    }
}
