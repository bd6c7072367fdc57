package org.casereview;

/**
 * How low and how high the final score of a case with pending items can
 * go (checklist 1.1): {@code min} with every pending item failed at its
 * largest deduction (vetoes included), {@code max} with all passed. A
 * bound is null when it would leave the case unscored
 * ({@code veto="unscored"}).
 */
public record ScoreRange(Double min, Double max) {
}
