package org.casereview;

/** The state every item of a result ends in, as the JSON spells it. */
public enum ItemState {
    PASSED("passed"), FAILED("failed"), NOT_APPLICABLE("not-applicable"),
    ERROR("error"),
    /** Checklist language 1.1: a reviewer item waiting for a verdict. */
    PENDING("pending");

    private final String json;

    ItemState(String json) {
        this.json = json;
    }

    /** The name in casereview-result/1 ("not-applicable"). */
    public String jsonName() {
        return json;
    }

    static ItemState of(String s) {
        for (ItemState st : values()) {
            if (st.json.equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown item state " + s);
    }
}
