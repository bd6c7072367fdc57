package org.casereview;

import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a cr_diag_list held (every problem of a load or a validation, and
 * the library's text of them all), read out and freed at once.
 */
final class Diags {
    final List<Diagnostic> list;
    final String formatted;

    private Diags(List<Diagnostic> list, String formatted) {
        this.list = List.copyOf(list);
        this.formatted = formatted;
    }

    /** Reads the list DL (may be null: none) and frees it. */
    static Diags take(Pointer dl) {
        if (dl == null) {
            return new Diags(List.of(), null);
        }
        try {
            List<Diagnostic> out = new ArrayList<>();
            long n = Lib.cr_diag_list_count(dl).longValue();
            for (long i = 0; i < n; i++) {
                Pointer d = Lib.cr_diag_list_get(dl, Lib.size(i));
                out.add(new Diagnostic(
                    Lib.cr_diag_get_code(d),
                    Lib.cr_diag_get_severity(d) == 1
                        ? Diagnostic.Severity.WARNING
                        : Diagnostic.Severity.ERROR,
                    Lib.str(Lib.cr_diag_get_file(d)), Lib.cr_diag_get_line(d),
                    Lib.cr_diag_get_column(d),
                    Lib.str(Lib.cr_diag_get_message(d)),
                    Lib.takeString(Lib.cr_diag_format(d))));
            }
            return new Diags(out, Lib.takeString(Lib.cr_diag_list_format(dl)));
        } finally {
            Lib.cr_diag_list_free(dl);
        }
    }

    /** The exception of a load of NAME (a WHAT: "checklist", ...) that
     *  returned ST (not CR_OK): the problems for a file that does not
     *  load or cannot be read, else the status's own. */
    RuntimeException failure(int st, String what, String name,
                             Failure make) {
        if (st == Status.CHECKLIST.code() || st == Status.IO.code()) {
            return make.of(name, list, Status.of(st), formatted);
        }
        try {
            Status.check(st, "loading " + what + " " + name);
        } catch (RuntimeException e) {
            return e;
        }
        return new IllegalStateException("loading " + what + " " + name
                                         + ": status 0");
    }

    /** The constructor of a load's exception. */
    interface Failure {
        ChecklistException of(String name, List<Diagnostic> diagnostics,
                              Status status, String formatted);
    }
}
