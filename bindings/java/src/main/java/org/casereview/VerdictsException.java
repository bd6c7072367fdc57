package org.casereview;

import java.util.List;

/**
 * A verdicts file that does not load: every problem (an unknown item,
 * another checklist's id, two verdicts for one item of one case, a
 * result or deduct the item does not allow, no by or at...) is in
 * {@link #getDiagnostics()}, each with its file and line; code, file and
 * line are the first error's.
 */
public final class VerdictsException extends ChecklistException {
    private static final long serialVersionUID = 1L;

    VerdictsException(String path, List<Diagnostic> diagnostics,
                      Status status, String formatted) {
        super("verdicts " + path + " do not load", path, diagnostics, status,
              formatted);
    }
}
