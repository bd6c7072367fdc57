package org.casereview;

/**
 * An item as the checklist defines it. {@code max} is the cap of a
 * per-node item (its deduct for a per-item one); {@code line} is where
 * the item's start tag is in the checklist file.
 *
 * Checklist language 1.1: {@code points} (an earn item's standard
 * points) and {@code bonus} (a bonus item's), 0 otherwise; {@code
 * deductRange} the deduct-min/deduct-max of a ranged item (then {@code
 * deduct} is deduct-max), else null; {@code reviewer} for
 * decide="reviewer"; {@code zeroCategory} for on-fail="zero-category";
 * {@code capGrade} the grade id of cap-grade, else null.
 */
public record ChecklistItem(String id, String title, String category,
                            double deduct, double max, boolean perNode,
                            boolean veto, String basis, String severity,
                            String description, int line, double points,
                            double bonus, DeductRange deductRange,
                            boolean reviewer, boolean zeroCategory,
                            String capGrade) {
    /** An item of checklist language 1.0. */
    public ChecklistItem(String id, String title, String category,
                         double deduct, double max, boolean perNode,
                         boolean veto, String basis, String severity,
                         String description, int line) {
        this(id, title, category, deduct, max, perNode, veto, basis,
             severity, description, line, 0, 0, null, false, false, null);
    }

    /** What a reviewer may deduct for a ranged item (扣1–5分), both ends
     *  included. */
    public record DeductRange(double min, double max) {
    }
}
