package org.casereview;

/**
 * The base of the errors the binding raises for the library: the status
 * of the failed call, and the file and line it concerns when known.
 * Unchecked, as a caller can do nothing at most call sites but pass it on.
 */
public class CasereviewException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Status status;
    private final String file;
    private final int line;

    CasereviewException(String message, Status status, String file,
                        int line) {
        super(message);
        this.status = status;
        this.file = file;
        this.line = line;
    }

    /** What the C call returned (NOMEM for an allocation that failed). */
    public Status getStatus() {
        return status;
    }

    /** The file concerned: a checklist, a data file or a case; or null. */
    public String getFile() {
        return file;
    }

    /** The line in that file, 1-based; 0 when unknown. */
    public int getLine() {
        return line;
    }
}
