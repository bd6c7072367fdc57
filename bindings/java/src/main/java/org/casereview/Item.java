package org.casereview;

import java.util.List;

/**
 * One item of a result, in checklist order. {@code error} is the message
 * of an item in the error state, else null.
 *
 * Checklist language 1.1 adds, each null where it does not apply: {@code
 * points} and {@code earned} (an item of an earn category: its standard
 * points and what it earned), {@code bonus} (a bonus item: what it
 * added), {@code verdict} (when a reviewer's verdict decided the item).
 * {@code findingsOmitted} counts the findings past max-findings, counted
 * but not listed.
 */
public record Item(String id, String category, String title, ItemState state,
                   double deducted, boolean veto, String basis, String error,
                   List<Finding> findings, Double points, Double earned,
                   Double bonus, Verdict verdict, int findingsOmitted) {
    /** An item of checklist language 1.0. */
    public Item(String id, String category, String title, ItemState state,
                double deducted, boolean veto, String basis, String error,
                List<Finding> findings) {
        this(id, category, title, state, deducted, veto, basis, error,
             findings, null, null, null, null, 0);
    }
}
