package org.casereview;

/** An item as the checklist defines it. {@code max} is the cap of a
 *  per-node item (its deduct for a per-item one); {@code line} is where
 *  the item's start tag is in the checklist file. */
public record ChecklistItem(String id, String title, String category,
                            double deduct, double max, boolean perNode,
                            boolean veto, String basis, String severity,
                            String description, int line) {
}
