package org.casereview;

/** A category of a checklist or a result; {@code deducted} is 0 for a
 *  checklist's. */
public record Category(String id, String title, double points,
                       double deducted) {
}
