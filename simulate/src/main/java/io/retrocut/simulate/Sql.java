package io.retrocut.simulate;

/** SQL's three-valued logic for the ground-truth predicates: null is UNKNOWN. */
final class Sql {
    private Sql() {
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }
}
