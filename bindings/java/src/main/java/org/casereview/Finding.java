package org.casereview;

/** One failing assert or report: the message, the context node's path
 *  ({@code /case/documents/document[3]}) and its line in the case file. */
public record Finding(String message, String location, int line) {
}
