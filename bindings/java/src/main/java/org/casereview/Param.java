package org.casereview;

/** A param of a checklist (&lt;param&gt;): its name, its value (the
 *  default, or the load options' override), its type ("integer",
 *  "number", "date", "boolean" or "string", the default) and its bounds
 *  as written (null: none). {@link Checklist#checkParam} says whether a
 *  value suits it. */
public record Param(String name, String value, String type, String min,
                    String max) {
}
