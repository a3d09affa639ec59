package io.retrocut.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A value template of a format file: literal text with {@code ${name}} references to regex groups or JSON fields,
 * each optionally with alternatives ({@code ${myid|sid}}: the first that has a value) and a conversion
 * ({@code ${term:long}}). {@code $$} is a literal {@code $}.
 *
 * <p>A template that is a single reference without conversion keeps the value's own type (a JSON number stays a
 * number); any other template is text. When a referenced value is absent (a group that did not take part in the
 * match, a missing JSON field), the whole template is absent.
 */
final class Template {
    /** What a reference may be converted to. */
    enum Conversion {
        STRING, LONG, DOUBLE, BOOL, HEX, ZXID_EPOCH, ZXID_COUNTER, UPPER, LOWER;

        static Conversion parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Looks up a field (regex group or JSON path) of the record being parsed. */
    interface Fields {
        /** A {@link String} (regex group), a {@link JsonNode} (JSON field), or null when absent. */
        Object get(String name);
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private record Reference(List<String> names, Conversion conversion) {
    }

    private final String text;
    /** String literals and {@link Reference}s. */
    private final List<Object> parts;

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    static Template literal(String text) {
        return new Template(text.replace("$", "$$"), List.of(text));
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with the problem (the caller adds where it is)
     */
    static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch != '$') {
                literal.append(ch);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            if (i + 1 >= text.length() || text.charAt(i + 1) != '{') {
                throw new IllegalArgumentException("'$' at position " + i + " must start a reference ${name} (write $$"
                        + " for a literal $): " + text);
            }
            int close = text.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed reference at position " + i + ": " + text);
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(reference(text.substring(i + 2, close), text));
            i = close + 1;
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Template(text, List.copyOf(parts));
    }

    private static Reference reference(String body, String text) {
        String names = body;
        Conversion conversion = null;
        int colon = body.lastIndexOf(':');
        if (colon >= 0) {
            names = body.substring(0, colon);
            String conversionName = body.substring(colon + 1);
            conversion = Conversion.parse(conversionName);
            if (conversion == null) {
                throw new IllegalArgumentException("unknown conversion '" + conversionName + "' in ${" + body
                        + "}; conversions: " + conversionNames());
            }
        }
        List<String> alternatives = new ArrayList<>();
        for (String name : names.split("\\|", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("empty field name in ${" + body + "}: " + text);
            }
            alternatives.add(name.strip());
        }
        return new Reference(List.copyOf(alternatives), conversion);
    }

    static String conversionNames() {
        List<String> names = new ArrayList<>();
        for (Conversion conversion : Conversion.values()) {
            names.add(conversion.label());
        }
        return String.join(", ", names);
    }

    String text() {
        return text;
    }

    /** The field names it references. */
    Set<String> references() {
        Set<String> names = new LinkedHashSet<>();
        for (Object part : parts) {
            if (part instanceof Reference reference) {
                names.addAll(reference.names());
            }
        }
        return names;
    }

    boolean isLiteral() {
        return parts.size() == 1 && parts.get(0) instanceof String;
    }

    /**
     * Evaluates the template: a {@link String}, {@link Long}, {@link Double} or {@link Boolean}, or null when a
     * referenced field is absent.
     */
    Object evaluate(Fields fields) throws BadRecordException {
        if (parts.size() == 1) {
            Object part = parts.get(0);
            return part instanceof Reference reference ? resolve(reference, fields, false) : part;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Reference reference) {
                Object value = resolve(reference, fields, true);
                if (value == null) {
                    return null;
                }
                out.append(value);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** Evaluates to text (null when absent). */
    String evaluateText(Fields fields) throws BadRecordException {
        Object value = evaluate(fields);
        return value == null ? null : text(value);
    }

    private static Object resolve(Reference reference, Fields fields, boolean asText) throws BadRecordException {
        for (String name : reference.names()) {
            Object raw = fields.get(name);
            if (raw instanceof JsonNode node && (node.isNull() || node.isMissingNode())) {
                raw = null;
            }
            if (raw == null) {
                continue;
            }
            Object value = convert(name, raw, reference.conversion());
            return asText ? text(value) : value;
        }
        return null;
    }

    static String text(Object value) {
        if (value instanceof Double number) {
            return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** The natural value of a JSON node: number, boolean, text, or the JSON text of an object or array. */
    static Object natural(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.toString();
    }

    /** The text of a raw value: a JSON number keeps its exact digits. */
    static String rawText(Object raw) {
        if (raw instanceof JsonNode node) {
            if (node.isBigDecimal()) {
                return node.decimalValue().toPlainString();
            }
            return node.isValueNode() ? node.asText() : node.toString();
        }
        return (String) raw;
    }

    private static Object convert(String name, Object raw, Conversion conversion) throws BadRecordException {
        if (conversion == null) {
            return raw instanceof JsonNode node ? natural(node) : raw;
        }
        String text = rawText(raw);
        switch (conversion) {
            case STRING -> {
                return text;
            }
            case UPPER -> {
                return text.toUpperCase(Locale.ROOT);
            }
            case LOWER -> {
                return text.toLowerCase(Locale.ROOT);
            }
            case LONG -> {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw bad(name, text, "an integer (int64)");
                }
            }
            case DOUBLE -> {
                if (!DECIMAL.matcher(text).matches()) {
                    throw bad(name, text, "a decimal number");
                }
                double value = Double.parseDouble(text);
                if (!Double.isFinite(value)) {
                    throw bad(name, text, "a number within the range of a double");
                }
                return value;
            }
            case BOOL -> {
                if (text.equalsIgnoreCase("true")) {
                    return true;
                }
                if (text.equalsIgnoreCase("false")) {
                    return false;
                }
                throw bad(name, text, "true or false");
            }
            case HEX, ZXID_EPOCH, ZXID_COUNTER -> {
                String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
                long value;
                try {
                    if (digits.isEmpty() || digits.length() > 16 || digits.startsWith("+") || digits.startsWith("-")) {
                        throw new NumberFormatException();
                    }
                    value = Long.parseUnsignedLong(digits, 16);
                } catch (NumberFormatException e) {
                    throw bad(name, text, "a hexadecimal number of at most 64 bits");
                }
                return switch (conversion) {
                    case ZXID_EPOCH -> value >>> 32;
                    case ZXID_COUNTER -> value & 0xFFFF_FFFFL;
                    default -> value;
                };
            }
            default -> throw new IllegalStateException("conversion " + conversion);
        }
    }

    private static BadRecordException bad(String name, String text, String expected) {
        return new BadRecordException("field '" + name + "' is \"" + abbreviate(text) + "\", expected " + expected);
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    @Override
    public String toString() {
        return text;
    }
}
