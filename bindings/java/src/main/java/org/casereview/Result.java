package org.casereview;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One scored case, or with {@link #isError()} one that could not be
 * scored. A Result is plain immutable data: {@link #json()} is exactly the
 * line cr_result_to_json wrote (casereview-result/1), and every accessor
 * reads that JSON (parsed on first use), so they never disagree with it.
 * Numbers are as the JSON prints them (at most two decimals). Nothing to
 * close. Safe to share between threads.
 */
public final class Result {
    private final byte[] json;
    private final String group;
    private final Boolean error;
    private final Boolean complete;
    private final Boolean hasErrors;
    // what the case file says of itself, not in the JSON
    private final String agencyName;
    private final String caseKind;
    private volatile Map<String, Object> parsed;

    private Result(byte[] json, String group, Boolean error,
                   Boolean complete, Boolean hasErrors, String agencyName,
                   String caseKind) {
        this.json = json;
        this.group = group == null ? "" : group;
        this.error = error;
        this.complete = complete;
        this.hasErrors = hasErrors;
        this.agencyName = agencyName == null ? "" : agencyName;
        this.caseKind = caseKind == null ? "" : caseKind;
    }

    /** A Result read from a casereview-result/1 line (e.g. one stored
     *  earlier); its group is "". */
    public static Result fromJson(String json) {
        Result r = new Result(json.getBytes(StandardCharsets.UTF_8), "",
                              null, null, null, "", "");
        r.data();   // refuse what is not JSON now, not on first use
        return r;
    }

    /** A Result from a cr_result, which is freed. */
    static Result take(Pointer res, int jsonFlags) {
        try {
            // the group-by value is not in the JSON (the agency code)
            String group = Lib.str(Lib.cr_result_get_group(res));
            PointerByReference out = new PointerByReference();
            int st = Lib.cr_result_to_json(res, jsonFlags, out);
            byte[] bytes = Lib.take(out.getValue());
            Status.check(st, "cr_result_to_json");
            boolean isError = Lib.cr_result_is_error(res) != 0;
            boolean isComplete = !isError
                && Lib.cr_result_is_complete(res) != 0;
            // the flags batch front ends read of every case, without
            // parsing the JSON
            boolean errors = !isComplete && Lib.cr_result_count_items(
                res, Lib.CR_ITEM_ERROR).longValue() > 0;
            return new Result(bytes, group, isError, isComplete, errors,
                              Lib.str(Lib.cr_result_get_agency_name(res)),
                              Lib.str(Lib.cr_result_get_case_kind(res)));
        } finally {
            Lib.cr_result_free(res);
        }
    }

    /** An error result made by the library (cr_result_new_error) for a case
     *  that never reached the engine; LINE 0: unknown. */
    public static Result errorResult(String source, String message,
                                     int line) {
        PointerByReference out = new PointerByReference();
        Status.check(Lib.cr_result_new_error(Lib.c(source), Lib.c(message),
                                             line, out),
                     "cr_result_new_error");
        return take(out.getValue(), 0);
    }

    // -- the JSON -----------------------------------------------------

    /** The casereview-result/1 JSON line. */
    public String json() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** The same line as the library wrote it (UTF-8): what to store or
     *  send on without decoding it. A copy. */
    public byte[] jsonBytes() {
        return json.clone();
    }

    /** The JSON object as nested unmodifiable maps and lists. */
    public Map<String, Object> toMap() {
        return data();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> data() {
        Map<String, Object> d = parsed;
        if (d == null) {
            Object v = Json.parse(json());
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("not a result object");
            }
            d = parsed = (Map<String, Object>) v;
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List ? (List<?>) o : List.of();
    }

    private static String text(Object o) {
        return o instanceof String ? (String) o : null;
    }

    private static Double number(Object o) {
        return o instanceof Number ? ((Number) o).doubleValue() : null;
    }

    private static double num(Object o) {
        Double d = number(o);
        return d == null ? 0 : d;
    }

    // -- the case and errors ------------------------------------------

    /** The case's source: its path, or the name given with its bytes. */
    public String source() {
        return text(obj(data().get("case")).get("source"));
    }

    /** The agency's name as the case file gives it (/case/agency/@name);
     *  "" when it gives none, for an error result, or for a Result read
     *  with {@link #fromJson} (the JSON does not hold it). */
    public String agencyName() {
        return agencyName;
    }

    /** The kind of case the file says it is (/case/@kind: "penalty",
     *  "inspection", "coercive", "licensing"); "" in a casefile/1 file (a
     *  penalty case), for an error result, or from {@link #fromJson}. */
    public String caseKind() {
        return caseKind;
    }

    /** The case id (null when the case has none). */
    public String caseId() {
        return text(obj(data().get("case")).get("id"));
    }

    /** True when the case could not be scored. */
    public boolean isError() {
        return error != null ? error : data().containsKey("error");
    }

    /** Why the case could not be scored, else null. */
    public String error() {
        Object e = data().get("error");
        return e == null ? null : text(obj(e).get("message"));
    }

    /** The line of that error; 0 when unknown or not an error. */
    public int errorLine() {
        return (int) num(obj(data().get("error")).get("line"));
    }

    /** Why the engine could not score the case, for programs:
     *  "unreadable", "too-large", "empty", "not-xml", "encoding",
     *  "not-well-formed", "limit", "refused", "no-root", "not-accepted",
     *  "transform"...; null for a scored case and for an error result
     *  made by {@link #errorResult}. */
    public String errorKind() {
        return text(obj(data().get("error")).get("kind"));
    }

    /** The failing library's own text (libxml2's, libxslt's, the
     *  system's) beside the Chinese message; else null. */
    public String errorDetail() {
        return text(obj(data().get("error")).get("detail"));
    }

    /** For a case past its budget, the limit's name ("max-case-work",
     *  "max-case-nodes" or "max-case-tree", docs/limits.md); else null. */
    public String errorLimit() {
        return text(obj(data().get("error")).get("limit"));
    }

    /** "GB18030" when the case file declared no encoding, was not UTF-8
     *  and was read as GB18030; else null. */
    public String encodingGuess() {
        return text(obj(data().get("case")).get("encoding_guess"));
    }

    /** The group-by value (the agency code unless the checklist says
     *  otherwise); "" for a Result read from JSON. */
    public String group() {
        return group;
    }

    // -- the score ------------------------------------------------------

    public String checklistId() {
        return text(obj(data().get("checklist")).get("id"));
    }

    public String checklistVersion() {
        return text(obj(data().get("checklist")).get("version"));
    }

    /** The checklist's total points; null for an error result. */
    public Double total() {
        return number(data().get("total"));
    }

    /** The score; null for an error result and (checklist language
     *  1.1) for a case a veto leaves unscored (veto="unscored"). While
     *  items are pending, the score with every pending item passed. */
    public Double score() {
        return number(data().get("score"));
    }

    /** While items are pending (checklist 1.1), how low and how high the
     *  final score can go; else null. */
    public ScoreRange scoreRange() {
        List<?> r = list(data().get("score_range"));
        return r.size() == 2 ? new ScoreRange(number(r.get(0)),
                                              number(r.get(1)))
                             : null;
    }

    /** The ids of the items waiting for a reviewer's verdict, in
     *  checklist order (checklist 1.1). */
    public List<String> pending() {
        return ids(data().get("pending"));
    }

    /** The failed items with cap-grade, in checklist order, whether or
     *  not their cap lowered the grade (checklist 1.1). */
    public List<String> gradeCaps() {
        return ids(data().get("grade_caps"));
    }

    /** What bonus items added (capped; reported even when a veto zeroed
     *  the score); 0 without any. */
    public double bonus() {
        return num(data().get("bonus"));
    }

    /** The grade id; null without grades, or for an error result. */
    public String grade() {
        return text(obj(data().get("grade")).get("id"));
    }

    public String gradeLabel() {
        return text(obj(data().get("grade")).get("label"));
    }

    public boolean vetoed() {
        return Boolean.TRUE.equals(data().get("vetoed"));
    }

    /** The ids of the veto items that failed. */
    public List<String> vetoes() {
        return ids(data().get("vetoes"));
    }

    private static List<String> ids(Object o) {
        List<String> out = new ArrayList<>();
        for (Object id : list(o)) {
            out.add(text(id));
        }
        return Collections.unmodifiableList(out);
    }

    /** False when some item ended in the error state or (checklist 1.1)
     *  is pending, and for an error result. */
    public boolean complete() {
        return complete != null ? complete
                                : Boolean.TRUE.equals(data().get("complete"));
    }

    /** True when some item ended in the error state: an incomplete
     *  evaluation, unlike items pending for a reviewer (what makes
     *  {@code casereview batch} exit 1). */
    public boolean hasErrors() {
        if (hasErrors != null) {
            return hasErrors;
        }
        return items().stream().anyMatch(it -> it.state() == ItemState.ERROR);
    }

    /** The categories in checklist order, a parent before its children. */
    public List<Category> categories() {
        List<Category> out = new ArrayList<>();
        for (Object o : list(data().get("categories"))) {
            Map<String, Object> c = obj(o);
            out.add(new Category(text(c.get("id")), text(c.get("title")),
                                 num(c.get("points")),
                                 num(c.get("deducted")),
                                 number(c.get("score")),
                                 Category.Scoring.of(text(c.get("scoring"))),
                                 Category.Role.of(text(c.get("role"))),
                                 text(c.get("parent")),
                                 !"not-applicable".equals(c.get("state"))));
        }
        return Collections.unmodifiableList(out);
    }

    /** Every item of the checklist, in checklist order. */
    public List<Item> items() {
        List<Item> out = new ArrayList<>();
        for (Object o : list(data().get("items"))) {
            Map<String, Object> it = obj(o);
            List<Finding> findings = new ArrayList<>();
            for (Object f : list(it.get("findings"))) {
                Map<String, Object> fm = obj(f);
                findings.add(new Finding(text(fm.get("message")),
                                         text(fm.get("location")),
                                         (int) num(fm.get("line")),
                                         Boolean.TRUE.equals(fm.get("hint"))));
            }
            out.add(new Item(text(it.get("id")), text(it.get("category")),
                             text(it.get("title")),
                             ItemState.of(text(it.get("state"))),
                             num(it.get("deducted")),
                             Boolean.TRUE.equals(it.get("veto")),
                             text(it.get("basis")), text(it.get("error")),
                             Collections.unmodifiableList(findings),
                             number(it.get("points")),
                             number(it.get("earned")),
                             number(it.get("bonus")),
                             verdict(it.get("verdict")),
                             (int) num(it.get("findings_omitted"))));
        }
        return Collections.unmodifiableList(out);
    }

    private static Verdict verdict(Object o) {
        if (!(o instanceof Map)) {
            return null;
        }
        Map<String, Object> v = obj(o);
        return new Verdict(ItemState.of(text(v.get("result"))),
                           num(v.get("deducted")), text(v.get("by")),
                           text(v.get("at")), text(v.get("reason")),
                           ItemState.of(text(v.get("machine_state"))));
    }

    /** The failed items, each with its findings, in checklist order; a
     *  bonus item that failed is no deduction. */
    public List<Item> deductions() {
        return items().stream().filter(it -> it.state() == ItemState.FAILED
                                             && it.bonus() == null)
            .toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Result && Arrays.equals(json, ((Result) o).json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        if (isError()) {
            return "Result[" + source() + " error " + error() + " line "
                + errorLine() + "]";
        }
        return "Result[" + source() + " score " + score() + " grade "
            + grade() + (vetoed() ? " vetoed" : "")
            + (pending().isEmpty() ? "" : " pending " + pending())
            + (complete() ? "" : " incomplete") + "]";
    }
}
