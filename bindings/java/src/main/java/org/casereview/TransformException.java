package org.casereview;

import java.util.List;

/**
 * A mapping (XSLT stylesheet) that does not load: it does not compile,
 * reaches outside its folder, or cannot be read. {@link #getDiagnostics()}
 * says why, in Chinese with libxslt's words.
 */
public final class TransformException extends ChecklistException {
    private static final long serialVersionUID = 1L;

    TransformException(String path, List<Diagnostic> diagnostics,
                       Status status, String formatted) {
        super("mapping " + path + " does not load", path, diagnostics, status,
              formatted);
    }
}
