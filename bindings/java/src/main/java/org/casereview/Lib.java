package org.casereview;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The C API of include/casereview.h, bound once by JNA direct mapping
 * (no native glue of our own), and the helpers every class uses to pass
 * strings in and take them out.
 *
 * Strings go in as NUL-terminated UTF-8 byte arrays and come out as
 * pointers decoded as UTF-8 here: JNA's own String conversion would use
 * the platform charset, which under LC_ALL=C is ASCII. size_t is
 * NativeLong (the same width on every Linux ABI).
 */
final class Lib {
    private Lib() {
    }

    static final String SONAME = "libcasereview.so.0";
    static final String ENV_LIBRARY = "CASEREVIEW_LIBRARY";
    static final String PROPERTY_LIBRARY = "casereview.library";

    /** Releases native handles whose Java object was never closed. */
    static final Cleaner CLEANER = Cleaner.create();
    /** Native references held (checklists, evaluators, verdicts,
     *  transforms), for the tests. */
    static final AtomicInteger LIVE = new AtomicInteger();

    static final int CR_LOAD_ALLOW_OUTSIDE_DATA = 1;
    static final int CR_EVAL_EXPLAIN = 1;
    static final int CR_JSON_EXPLAIN = 1;
    static final int CR_ITEM_ERROR = 3;

    static final String PATH;

    static {
        List<String> tried = new ArrayList<>();
        NativeLibrary lib = null;
        String path = null;
        for (String candidate : candidates()) {
            try {
                lib = NativeLibrary.getInstance(candidate);
                path = candidate;
                break;
            } catch (UnsatisfiedLinkError e) {
                String why = String.valueOf(e.getMessage()).split("\n")[0];
                tried.add(candidate + ": " + why);
            }
        }
        if (lib == null) {
            throw new LibraryNotFoundError(tried);
        }
        Native.register(Lib.class, lib);
        PATH = path;
    }

    /** strlen from the C library: JNA's Pointer.indexOf reads byte by byte
     *  through volatile locals, 40 us for a typical 17 KB result. */
    static final class LibC {
        private LibC() {
        }

        static {
            Native.register(LibC.class, NativeLibrary.getProcess());
        }

        static native NativeLong strlen(Pointer s);
    }

    /** The search order of the README: explicit settings, then the loader. */
    private static List<String> candidates() {
        List<String> out = new ArrayList<>();
        String prop = System.getProperty(PROPERTY_LIBRARY);
        if (prop != null && !prop.isEmpty()) {
            out.add(absolute(prop));
        }
        String env = System.getenv(ENV_LIBRARY);
        if (env != null && !env.isEmpty()) {
            out.add(absolute(env));
        }
        out.add(SONAME);
        out.add("casereview");
        return out;
    }

    /* JNA takes a name with a '/' as a path only when it is absolute. */
    private static String absolute(String path) {
        return path.indexOf('/') >= 0
            ? java.nio.file.Path.of(path).toAbsolutePath().toString() : path;
    }

    // -- strings ------------------------------------------------------

    /** S as a NUL-terminated UTF-8 argument (null stays null). */
    static byte[] c(String s) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            // C would read a shorter string: another file, another name
            throw new IllegalArgumentException("embedded NUL character");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** A borrowed const char * as a String (null stays null). */
    static String str(Pointer p) {
        return p == null ? null : p.getString(0, "UTF-8");
    }

    /** The bytes of a string the library allocated; releases it. */
    static byte[] take(Pointer p) {
        if (p == null) {
            return null;
        }
        try {
            long n = LibC.strlen(p).longValue();
            return p.getByteArray(0, Math.toIntExact(n));
        } finally {
            cr_free(p);
        }
    }

    static String takeString(Pointer p) {
        byte[] b = take(p);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static NativeLong size(long n) {
        return new NativeLong(n);
    }

    // -- status, versions, memory ------------------------------------

    static native Pointer cr_status_to_str(int st);
    static native Pointer cr_version();
    static native int cr_version_hex();
    static native void cr_free(Pointer p);

    // -- diagnostics --------------------------------------------------

    static native NativeLong cr_diag_list_count(Pointer list);
    static native Pointer cr_diag_list_get(Pointer list, NativeLong i);
    static native NativeLong cr_diag_list_error_count(Pointer list);
    static native void cr_diag_list_free(Pointer list);
    static native int cr_diag_get_code(Pointer d);
    static native int cr_diag_get_severity(Pointer d);
    static native Pointer cr_diag_get_file(Pointer d);
    static native int cr_diag_get_line(Pointer d);
    static native int cr_diag_get_column(Pointer d);
    static native Pointer cr_diag_get_message(Pointer d);
    static native Pointer cr_diag_format(Pointer d);
    static native Pointer cr_diag_list_format(Pointer list);

    // -- load options ---------------------------------------------------

    static native int cr_load_options_new(PointerByReference out);
    static native void cr_load_options_free(Pointer opts);
    static native int cr_load_options_set_param(Pointer opts, byte[] name,
                                                byte[] value);
    static native int cr_load_options_set_data(Pointer opts, byte[] name,
                                               byte[] path);
    static native int cr_load_options_set_flags(Pointer opts, int flags);
    static native int cr_load_options_set_language(Pointer opts, byte[] lang);
    static native int cr_set_thread_language(byte[] lang);
    static native int cr_load_options_set_max_case_size(Pointer opts,
                                                        NativeLong bytes);
    static native int cr_load_options_set_regex_match_limit(Pointer opts,
                                                            int limit);
    static native int cr_load_options_set_xpath_op_limit(Pointer opts,
                                                         NativeLong limit);
    static native int cr_load_options_set_max_case_nodes(Pointer opts,
                                                         NativeLong nodes);
    static native int cr_load_options_set_max_case_tree(Pointer opts,
                                                        NativeLong bytes);
    static native int cr_load_options_set_max_case_work(Pointer opts,
                                                        NativeLong units);
    static native int cr_load_options_set_max_findings(Pointer opts,
                                                       int findings);
    static native int cr_load_options_set_max_message_length(Pointer opts,
                                                             int chars);

    // -- checklists -------------------------------------------------------

    static native int cr_checklist_load(byte[] path, Pointer opts,
                                        PointerByReference out,
                                        PointerByReference diags);
    static native int cr_checklist_load_memory(byte[] buf, NativeLong len,
                                               byte[] name, byte[] baseDir,
                                               Pointer opts,
                                               PointerByReference out,
                                               PointerByReference diags);
    static native Pointer cr_checklist_ref(Pointer cl);
    static native Pointer cr_checklist_unref(Pointer cl);
    static native Pointer cr_checklist_get_id(Pointer cl);
    static native Pointer cr_checklist_get_version(Pointer cl);
    static native Pointer cr_checklist_get_title(Pointer cl);
    static native Pointer cr_checklist_get_path(Pointer cl);
    static native double cr_checklist_get_total(Pointer cl);
    static native Pointer cr_checklist_get_group_by(Pointer cl);
    static native NativeLong cr_checklist_get_category_count(Pointer cl);
    static native Pointer cr_checklist_get_category_id(Pointer cl,
                                                       NativeLong i);
    static native Pointer cr_checklist_get_category_title(Pointer cl,
                                                          NativeLong i);
    static native double cr_checklist_get_category_points(Pointer cl,
                                                          NativeLong i);
    static native NativeLong cr_checklist_get_item_count(Pointer cl);
    static native Pointer cr_checklist_get_item_id(Pointer cl, NativeLong i);
    static native Pointer cr_checklist_get_item_title(Pointer cl,
                                                      NativeLong i);
    static native Pointer cr_checklist_get_item_category(Pointer cl,
                                                         NativeLong i);
    static native double cr_checklist_get_item_deduct(Pointer cl,
                                                      NativeLong i);
    static native double cr_checklist_get_item_max(Pointer cl, NativeLong i);
    static native int cr_checklist_get_item_per_node(Pointer cl,
                                                     NativeLong i);
    static native int cr_checklist_get_item_veto(Pointer cl, NativeLong i);
    static native Pointer cr_checklist_get_item_basis(Pointer cl,
                                                      NativeLong i);
    static native Pointer cr_checklist_get_item_severity(Pointer cl,
                                                         NativeLong i);
    static native Pointer cr_checklist_get_item_description(Pointer cl,
                                                            NativeLong i);
    static native Pointer cr_checklist_get_item_logic(Pointer cl,
                                                      NativeLong i);
    static native int cr_checklist_get_item_line(Pointer cl, NativeLong i);
    static native NativeLong cr_checklist_find_item(Pointer cl, byte[] id);
    static native NativeLong cr_checklist_get_grade_count(Pointer cl);
    static native Pointer cr_checklist_get_grade_id(Pointer cl, NativeLong i);
    static native Pointer cr_checklist_get_grade_label(Pointer cl,
                                                       NativeLong i);
    static native double cr_checklist_get_grade_min(Pointer cl, NativeLong i);

    // -- checklist language 1.1 ------------------------------------------

    static native Pointer cr_checklist_get_language(Pointer cl);
    static native NativeLong cr_checklist_get_param_count(Pointer cl);
    static native Pointer cr_checklist_get_param_name(Pointer cl,
                                                      NativeLong i);
    static native Pointer cr_checklist_get_param_value(Pointer cl,
                                                       NativeLong i);
    static native Pointer cr_checklist_get_param_type(Pointer cl,
                                                      NativeLong i);
    static native Pointer cr_checklist_get_param_min(Pointer cl,
                                                     NativeLong i);
    static native Pointer cr_checklist_get_param_max(Pointer cl,
                                                     NativeLong i);
    static native int cr_checklist_check_param(Pointer cl, byte[] name,
                                               byte[] value,
                                               PointerByReference why);
    static native Pointer cr_checklist_get_veto_effect(Pointer cl);
    static native NativeLong cr_checklist_get_category_parent(Pointer cl,
                                                              NativeLong i);
    static native Pointer cr_checklist_get_category_scoring(Pointer cl,
                                                            NativeLong i);
    static native Pointer cr_checklist_get_category_role(Pointer cl,
                                                         NativeLong i);
    static native double cr_checklist_get_item_points(Pointer cl,
                                                      NativeLong i);
    static native double cr_checklist_get_item_bonus(Pointer cl,
                                                     NativeLong i);
    static native int cr_checklist_get_item_range(Pointer cl, NativeLong i,
                                                  double[] min, double[] max);
    static native int cr_checklist_get_item_reviewer(Pointer cl,
                                                     NativeLong i);
    static native int cr_checklist_get_item_zero_category(Pointer cl,
                                                          NativeLong i);
    static native Pointer cr_checklist_get_item_cap_grade(Pointer cl,
                                                          NativeLong i);

    // -- verdicts -------------------------------------------------------

    static native int cr_verdicts_load(Pointer cl, byte[] path,
                                       PointerByReference out,
                                       PointerByReference diags);
    static native int cr_verdicts_load_memory(Pointer cl, byte[] buf,
                                              NativeLong len, byte[] name,
                                              PointerByReference out,
                                              PointerByReference diags);
    static native Pointer cr_verdicts_ref(Pointer v);
    static native Pointer cr_verdicts_unref(Pointer v);
    static native Pointer cr_verdicts_get_path(Pointer v);
    static native NativeLong cr_verdicts_get_count(Pointer v);
    static native NativeLong cr_verdicts_get_case_count(Pointer v);
    static native Pointer cr_verdicts_get_case_id(Pointer v, NativeLong i);
    static native int cr_verdicts_get_case_line(Pointer v, NativeLong i);

    // -- transforms and validation ----------------------------------------

    static native int cr_transform_load(byte[] path, PointerByReference out,
                                        PointerByReference diags);
    static native Pointer cr_transform_ref(Pointer tf);
    static native Pointer cr_transform_unref(Pointer tf);
    static native Pointer cr_transform_get_path(Pointer tf);
    static native int cr_casefile_validate(byte[] path, Pointer tf,
                                           PointerByReference diags);
    static native int cr_casefile_validate_memory(byte[] buf, NativeLong len,
                                                  byte[] name, Pointer tf,
                                                  PointerByReference diags);

    // -- evaluators ---------------------------------------------------------

    static native int cr_evaluator_new(Pointer cl, PointerByReference out);
    static native void cr_evaluator_free(Pointer ev);
    static native int cr_evaluator_set_flags(Pointer ev, int flags);
    static native int cr_evaluator_set_param(Pointer ev, byte[] name,
                                             byte[] value);
    static native int cr_evaluator_set_verdicts(Pointer ev, Pointer v);
    static native int cr_evaluator_set_transform(Pointer ev, Pointer tf);
    static native int cr_evaluator_score_file(Pointer ev, byte[] path,
                                              PointerByReference out);
    static native int cr_evaluator_score_memory(Pointer ev, byte[] buf,
                                                NativeLong len, byte[] source,
                                                PointerByReference out);

    // -- results --------------------------------------------------------------

    static native int cr_result_new_error(byte[] source, byte[] message,
                                          int line, PointerByReference out);
    static native void cr_result_free(Pointer res);
    static native int cr_result_is_error(Pointer res);
    static native int cr_result_is_complete(Pointer res);
    static native NativeLong cr_result_count_items(Pointer res, int state);
    static native Pointer cr_result_get_group(Pointer res);
    static native Pointer cr_result_get_agency_name(Pointer res);
    static native Pointer cr_result_get_case_kind(Pointer res);
    static native int cr_result_to_json(Pointer res, int flags,
                                        PointerByReference json);
    static native int cr_result_to_text(Pointer res, PointerByReference text);
}
