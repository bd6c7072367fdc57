package org.casereview;

/**
 * What a reviewer decided for an item (checklist 1.1, docs/verdicts.md):
 * the result ({@code PASSED}, {@code FAILED} or {@code NOT_APPLICABLE}),
 * what it deducted, who decided and when, the reason ("" when none was
 * written), and the state the machine had given the item ({@code
 * PENDING} for a reviewer item), kept beside the verdict.
 */
public record Verdict(ItemState result, double deducted, String by,
                      String at, String reason, ItemState machineState) {
}
