package org.casereview;

/** A grade of a checklist: a case gets the first whose min is at most its
 *  score (grades are listed highest first). */
public record Grade(String id, String label, double min) {
}
