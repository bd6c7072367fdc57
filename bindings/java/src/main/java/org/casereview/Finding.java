package org.casereview;

/** One failing assert or report: the message, the context node's path
 *  ({@code /case/documents/document[3]}) and its line in the case file.
 *  {@code hint} marks a finding of a reviewer item (checklist 1.1): where
 *  to look, not a deduction. */
public record Finding(String message, String location, int line,
                      boolean hint) {
    /** A finding that is no hint. */
    public Finding(String message, String location, int line) {
        this(message, location, line, false);
    }
}
