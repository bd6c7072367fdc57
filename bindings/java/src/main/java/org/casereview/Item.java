package org.casereview;

import java.util.List;

/** One item of a result, in checklist order. {@code error} is the
 *  message of an item in the error state, else null. */
public record Item(String id, String category, String title, ItemState state,
                   double deducted, boolean veto, String basis, String error,
                   List<Finding> findings) {
}
