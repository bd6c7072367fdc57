package org.casereview;

/**
 * A category of a checklist or a result; {@code deducted} is 0 for a
 * checklist's.
 *
 * Checklist language 1.1 nests categories and scores them: {@code score}
 * is the category's score in a 1.1 result (its points less its deduction;
 * for an earn category its share of the points; for a bonus category the
 * bonus), null in a 1.0 result and in a checklist's; {@code scoring} how
 * its items count, {@code role} whether it is a penalty or bonus
 * category, {@code parent} the id of the category it is nested in (null
 * at top level), {@code applicable} false for a result's category none
 * of whose items applied.
 */
public record Category(String id, String title, double points,
                       double deducted, Double score, Scoring scoring,
                       Role role, String parent, boolean applicable) {
    /** A top-level deduct category of checklist language 1.0. */
    public Category(String id, String title, double points,
                    double deducted) {
        this(id, title, points, deducted, null, Scoring.DEDUCT, Role.NONE,
             null, true);
    }

    /** How a category's items count. */
    public enum Scoring {
        /** The points less what failed items deduct (the default). */
        DEDUCT("deduct"),
        /** The share of the standard points that items earned. */
        EARN("earn");

        private final String json;

        Scoring(String json) {
            this.json = json;
        }

        /** As the checklist and the JSON spell it. */
        public String jsonName() {
            return json;
        }

        static Scoring of(String s) {
            return "earn".equals(s) ? EARN : DEDUCT;
        }
    }

    /** What a category is for beside ordinary scoring. */
    public enum Role {
        /** An ordinary category. */
        NONE(null),
        /** Its deduction is taken from its parent (or the case). */
        PENALTY("penalty"),
        /** What its items add to the score. */
        BONUS("bonus");

        private final String json;

        Role(String json) {
            this.json = json;
        }

        /** As the checklist and the JSON spell it; null for NONE. */
        public String jsonName() {
            return json;
        }

        static Role of(String s) {
            if ("penalty".equals(s)) {
                return PENALTY;
            }
            return "bonus".equals(s) ? BONUS : NONE;
        }
    }
}
