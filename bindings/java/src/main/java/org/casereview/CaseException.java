package org.casereview;

/**
 * A case that could not be scored (not well-formed, unreadable, too
 * large, refused by the checklist's accepts, a mapping that failed, past
 * its budget). {@link #getResult()} is the error result, whose JSON line is
 * what batch output carries for it; file and line say where.
 */
public final class CaseException extends CasereviewException {
    private static final long serialVersionUID = 1L;
    private final transient Result result;

    CaseException(Result result) {
        super(where(result) + ": " + result.error(), Status.CASE,
              result.source(), result.errorLine());
        this.result = result;
    }

    /** The error result (isError() is true). */
    public Result getResult() {
        return result;
    }

    /** The error result's JSON line. */
    public String getJson() {
        return result.json();
    }

    /** Why, for programs ("not-xml", "encoding", "limit", "transform"...,
     *  {@link Result#errorKind()}); null when the library gave none. */
    public String getKind() {
        return result.errorKind();
    }

    /** The failing library's own text beside the Chinese message, or
     *  null. */
    public String getDetail() {
        return result.errorDetail();
    }

    /** The budget's limit the case passed ("max-case-work"...), or null. */
    public String getLimit() {
        return result.errorLimit();
    }

    private static String where(Result r) {
        String s = r.source() == null || r.source().isEmpty()
            ? "case" : r.source();
        return r.errorLine() > 0 ? s + ":" + r.errorLine() : s;
    }
}
