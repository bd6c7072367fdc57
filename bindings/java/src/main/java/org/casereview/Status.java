package org.casereview;

/** enum cr_status: what a call of the C library returned. */
public enum Status {
    OK(0), NOMEM(-1), INVALID(-2), IO(-3), CHECKLIST(-4), CASE(-5), UNKNOWN(1);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The C value (0 or negative). */
    public int code() {
        return code;
    }

    static Status of(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** The library's own short English name of a status. */
    static String describe(int code) {
        String s = Lib.str(Lib.cr_status_to_str(code));
        return s != null ? s : "status " + code;
    }

    /** Throws what a failed call means: bad arguments are the caller's. */
    static void check(int st, String what) {
        if (st == 0) {
            return;
        }
        if (st == INVALID.code) {
            throw new IllegalArgumentException(what + ": " + describe(st));
        }
        throw new CasereviewException(what + ": " + describe(st), of(st),
                                      null, 0);
    }
}
