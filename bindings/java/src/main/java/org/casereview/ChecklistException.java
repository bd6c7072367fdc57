package org.casereview;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A checklist that does not load (or cannot be read). Every problem the
 * load found is in {@link #getDiagnostics()}; code, file and line are
 * those of the first error. Verdicts and mappings that do not load are
 * reported the same way ({@link VerdictsException},
 * {@link TransformException}).
 */
public sealed class ChecklistException extends CasereviewException
    permits VerdictsException, TransformException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final transient List<Diagnostic> diagnostics;
    private final int code;

    ChecklistException(String path, List<Diagnostic> diagnostics,
                       Status status, String formatted) {
        this("checklist " + path + " does not load", path, diagnostics,
             status, formatted);
    }

    /** HEADLINE begins the message ("verdicts x.xml do not load"). */
    ChecklistException(String headline, String path,
                       List<Diagnostic> diagnostics, Status status,
                       String formatted) {
        super(message(headline, diagnostics, status, formatted), status,
              first(diagnostics) == null ? path : first(diagnostics).file(),
              first(diagnostics) == null ? 0 : first(diagnostics).line());
        this.path = path;
        this.diagnostics = List.copyOf(diagnostics);
        this.code = first(diagnostics) == null ? 0 : first(diagnostics).code();
    }

    /** The file as named to load() (or the name given with its text). */
    public String getPath() {
        return path;
    }

    /** The stable code of the first error (CR-NNNN); 0 without one. */
    public int getCode() {
        return code;
    }

    /** Every problem found, warnings included, in file order. */
    public List<Diagnostic> getDiagnostics() {
        return diagnostics;
    }

    /** The problems of severity error. */
    public List<Diagnostic> getErrors() {
        return diagnostics.stream()
            .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
            .collect(Collectors.toUnmodifiableList());
    }

    private static Diagnostic first(List<Diagnostic> diags) {
        for (Diagnostic d : diags) {
            if (d.severity() == Diagnostic.Severity.ERROR) {
                return d;
            }
        }
        return diags.isEmpty() ? null : diags.get(0);
    }

    private static String message(String headline, List<Diagnostic> diags,
                                  Status status, String formatted) {
        String detail = formatted;
        if (detail == null || detail.isEmpty()) {
            detail = diags.stream().map(Diagnostic::toString)
                .collect(Collectors.joining("\n"));
        }
        if (detail.isEmpty()) {
            detail = Status.describe(status.code());
        }
        return headline + ":\n" + detail.strip();
    }
}
