package org.casereview;

/**
 * One problem found while loading a checklist: a stable code
 * (libcasereview/messages.def), severity, file, line (where the element's
 * start tag begins; 0 unknown), column (within an expression; 0 unknown)
 * and message. toString() is the library's
 * "file:line:col: error[CR-NNNN]: message".
 */
public record Diagnostic(int code, Severity severity, String file, int line,
                         int column, String message, String formatted) {
    /** enum cr_severity. */
    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        if (formatted != null && !formatted.isEmpty()) {
            return formatted;
        }
        return String.format("%s:%d:%d: %s[CR-%04d]: %s",
                             file == null ? "" : file, line, column,
                             severity.name().toLowerCase(), code, message);
    }
}
