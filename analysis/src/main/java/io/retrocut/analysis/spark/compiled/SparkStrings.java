package io.retrocut.analysis.spark.compiled;

/**
 * Spark's string equality and order (collation UTF8_BINARY) on Java strings, without encoding them: Spark compares
 * the UTF-8 bytes, which is code point order, and its encoder ({@code String.getBytes(UTF_8)}) writes an unpaired
 * surrogate as {@code '?'}. Java's {@link String#equals} and {@link String#compareTo} agree with that except around
 * surrogates, so the fast paths below fall through to a code point walk only when a surrogate is involved.
 */
final class SparkStrings {
    private SparkStrings() {
    }

    static boolean equal(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        // An unpaired surrogate becomes one '?', so equal UTF-8 implies equal UTF-16 lengths.
        if (a.length() != b.length()) {
            return false;
        }
        int i = firstDifference(a, b);
        if (!Character.isSurrogate(a.charAt(i)) && !Character.isSurrogate(b.charAt(i))) {
            // Identical prefixes encode identically, and two different non-surrogate chars encode differently.
            return false;
        }
        return slowCompare(a, b) == 0;
    }

    static int compare(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y) || i > 0 && Character.isSurrogate(a.charAt(i - 1))) {
                    return slowCompare(a, b);
                }
                return x < y ? -1 : 1;
            }
        }
        if (a.length() == b.length()) {
            return 0;
        }
        // A proper prefix, unless the common part ends in half a pair whose meaning the next char changes.
        if (length > 0 && Character.isSurrogate(a.charAt(length - 1))) {
            return slowCompare(a, b);
        }
        return a.length() < b.length() ? -1 : 1;
    }

    private static int firstDifference(String a, String b) {
        int i = 0;
        while (a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Compares the code points that UTF-8 encoding with replacement would write. */
    private static int slowCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = codePoint(a, i);
            int y = codePoint(b, j);
            if (x != y) {
                return x < y ? -1 : 1;
            }
            i += Character.isSupplementaryCodePoint(x) ? 2 : 1;
            j += Character.isSupplementaryCodePoint(y) ? 2 : 1;
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int codePoint(String s, int index) {
        char c = s.charAt(index);
        if (Character.isHighSurrogate(c) && index + 1 < s.length() && Character.isLowSurrogate(s.charAt(index + 1))) {
            return Character.toCodePoint(c, s.charAt(index + 1));
        }
        return Character.isSurrogate(c) ? '?' : c;
    }
}
