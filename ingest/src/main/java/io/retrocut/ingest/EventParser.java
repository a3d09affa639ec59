package io.retrocut.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one canonical JSON line (SPEC §2) into an {@link EventRecord}, or rejects it with the reason a user sees.
 * Field order is free; {@code null} for an optional field means absent; unknown top-level fields are kept verbatim
 * (re-serialized) as a JSON object in {@link EventRecord#extra}.
 *
 * <p>Most lines take the {@link FastEventParser} over their bytes; whatever it is not sure about (every bad line, and
 * unusual good ones) is parsed again with Jackson's streaming parser, which defines the behaviour and the messages.
 * Not thread-safe.
 */
final class EventParser {
    /** RFC 3339 allows years 0000 to 9999. */
    private static final long MIN_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000);

    private final JsonFactory factory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final long maxHlcL;
    private final FastEventParser fast;

    EventParser(HlcUnit unit) {
        // hlc_l must convert to the microseconds of the time column without overflow
        this.maxHlcL = unit == HlcUnit.MS ? Long.MAX_VALUE / 1_000 : Long.MAX_VALUE;
        this.fast = new FastEventParser(maxHlcL);
    }

    /** Parses {@code bytes[0, length)}, which must be valid UTF-8 (the caller checks it, for its own message). */
    void parse(byte[] bytes, int length, EventRecord event) throws BadLineException {
        parse(bytes, 0, length, event);
    }

    /** Parses the line {@code bytes[offset, offset + length)}, which must be valid UTF-8. */
    void parse(byte[] bytes, int offset, int length, EventRecord event) throws BadLineException {
        if (!fast.parse(bytes, offset, length, event)) {
            // rare (bad lines, unusual good ones): Jackson reads a copy, so that its columns count from the line's start
            byte[] line = offset == 0 ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
            parseWithJackson(line, length, event);
        }
    }

    /** The general path, which defines what {@link #parse} accepts and how it words a rejection. */
    void parseWithJackson(byte[] bytes, int length, EventRecord event) throws BadLineException {
        event.reset();
        try (JsonParser parser = factory.createParser(bytes, 0, length)) {
            try {
                parseObject(parser, event);
            } catch (JsonProcessingException e) {
                throw malformed(parser, e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a byte array failed", e);
        }
        if (event.node == null) {
            throw new BadLineException("missing required field 'node'");
        }
        if (!event.hasHlc && !event.hasTs) {
            throw new BadLineException("missing both 'hlc' and 'ts'; one of them is required");
        }
    }

    private void parseObject(JsonParser parser, EventRecord event) throws IOException, BadLineException {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_OBJECT) {
            throw new BadLineException("expected a JSON object, got " + (token == null ? "nothing" : jsonType(token)));
        }
        JsonGenerator extra = null;
        StringWriter extraText = null;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "node" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw wrongType("node", "string", value);
                    }
                    event.node = parser.getText();
                    if (event.node.isEmpty()) {
                        throw new BadLineException("'node' is empty");
                    }
                }
                case "hlc" -> parseHlc(parser, value, event);
                case "ts" -> parseTs(parser, value, event);
                case "key" -> event.key = optionalString(parser, value, "key", "");
                case "type" -> event.type = optionalString(parser, value, "type", null);
                case "set" -> parseSet(parser, value, event);
                case "send" -> event.hasSend = parseIds(parser, value, "send", event.send);
                case "recv" -> event.hasRecv = parseIds(parser, value, "recv", event.recv);
                default -> {
                    if (extra == null) {
                        extraText = new StringWriter();
                        extra = factory.createGenerator(extraText);
                        extra.writeStartObject();
                    }
                    extra.writeFieldName(name);
                    extra.copyCurrentStructure(parser);
                }
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("Jackson returned " + token + " inside an object");
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new BadLineException("malformed JSON at column " + column(parser)
                    + ": unexpected content after the JSON object");
        }
        if (extra != null) {
            extra.writeEndObject();
            extra.close();
            event.extra = extraText.toString();
        }
    }

    private void parseHlc(JsonParser parser, JsonToken value, EventRecord event) throws IOException, BadLineException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value == JsonToken.VALUE_NUMBER_INT) {
            long packed = longValue(parser, "hlc");
            if (packed < 0) {
                throw new BadLineException(
                        "'hlc' is out of range: " + packed + " (a packed HLC is a non-negative int64)");
            }
            event.hlcL = checkL(packed >>> 16);
            event.hlcC = (int) (packed & 0xFFFF);
            event.hasHlc = true;
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw wrongType("hlc", "object or integer", value);
        }
        boolean hasL = false;
        boolean hasC = false;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken part = parser.nextToken();
            if (name.equals("l")) {
                if (part != JsonToken.VALUE_NUMBER_INT) {
                    throw wrongType("hlc.l", "integer", part);
                }
                event.hlcL = checkL(longValue(parser, "hlc.l"));
                hasL = true;
            } else if (name.equals("c")) {
                if (part != JsonToken.VALUE_NUMBER_INT) {
                    throw wrongType("hlc.c", "integer", part);
                }
                long c = parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : -1;
                if (c < 0) {
                    throw new BadLineException("'hlc.c' is out of range: " + parser.getText()
                            + " (expected 0.." + Integer.MAX_VALUE + ")");
                }
                event.hlcC = (int) c;
                hasC = true;
            } else {
                throw new BadLineException("unknown field 'hlc." + name + "'; an hlc object has only 'l' and 'c'");
            }
        }
        if (!hasL) {
            throw new BadLineException("missing field 'hlc.l'");
        }
        if (!hasC) {
            throw new BadLineException("missing field 'hlc.c'");
        }
        event.hasHlc = true;
    }

    private long checkL(long l) throws BadLineException {
        if (l < 0 || l > maxHlcL) {
            throw new BadLineException("'hlc.l' is out of range: " + l + " (expected 0.." + maxHlcL + ")");
        }
        return l;
    }

    private static long longValue(JsonParser parser, String field) throws IOException, BadLineException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.BIG_INTEGER) {
            throw new BadLineException("'" + field + "' is out of range: " + parser.getText() + " (expected an int64)");
        }
        return parser.getLongValue();
    }

    private static void parseTs(JsonParser parser, JsonToken value, EventRecord event)
            throws IOException, BadLineException {
        switch (value) {
            case VALUE_NULL -> {
                return;
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                Rfc3339.Instant instant = Rfc3339.parse(text);
                if (instant == null) {
                    throw new BadLineException("invalid 'ts' \"" + text
                            + "\": expected an RFC 3339 timestamp like 2025-11-22T08:26:40.012Z or epoch milliseconds");
                }
                event.tsSecond = instant.epochSecond();
                event.tsNano = instant.nano();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                BigDecimal millis;
                try {
                    millis = parser.getDecimalValue();
                } catch (NumberFormatException e) {
                    // an exponent beyond BigDecimal's range, e.g. 1e9999999999
                    throw tsOutOfRange(parser.getText());
                }
                if (!setTsMillis(millis, event)) {
                    throw tsOutOfRange(parser.getText());
                }
            }
            default -> throw wrongType("ts", "string or number", value);
        }
        if (event.tsSecond < MIN_EPOCH_SECOND || event.tsSecond > MAX_EPOCH_SECOND) {
            throw tsOutOfRange(parser.getText());
        }
        event.hasTs = true;
    }

    /**
     * Sets {@code ts} from epoch milliseconds (nanoseconds beyond are floored); false when it is outside the years
     * 0000 to 9999. Cheap also for absurd exponents such as {@code 1e-999999999}.
     */
    static boolean setTsMillis(BigDecimal millis, EventRecord event) {
        // |millis| < 10^magnitude
        long magnitude = (long) millis.precision() - millis.scale();
        BigInteger nanos;
        if (millis.signum() == 0) {
            nanos = BigInteger.ZERO;
        } else if (magnitude > 20) {
            return false;
        } else if (magnitude < -10) {
            nanos = millis.signum() < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO;
        } else {
            nanos = millis.multiply(NANOS_PER_MILLI).setScale(0, RoundingMode.FLOOR).toBigInteger();
        }
        BigInteger[] split = nanos.divideAndRemainder(NANOS_PER_SECOND);
        if (split[1].signum() < 0) {
            split[0] = split[0].subtract(BigInteger.ONE);
            split[1] = split[1].add(NANOS_PER_SECOND);
        }
        long second = split[0].longValueExact();
        if (second < MIN_EPOCH_SECOND || second > MAX_EPOCH_SECOND) {
            return false;
        }
        event.tsSecond = second;
        event.tsNano = split[1].intValue();
        return true;
    }

    private static BadLineException tsOutOfRange(String text) {
        return new BadLineException("'ts' is out of range: " + text + " (expected a time in the years 0000 to 9999)");
    }

    private static String optionalString(JsonParser parser, JsonToken value, String field, String absent)
            throws IOException, BadLineException {
        if (value == JsonToken.VALUE_NULL) {
            return absent;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrongType(field, "string", value);
        }
        return parser.getText();
    }

    private static void parseSet(JsonParser parser, JsonToken value, EventRecord event)
            throws IOException, BadLineException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw wrongType("set", "object", value);
        }
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken item = parser.nextToken();
            if (name.isEmpty()) {
                throw new BadLineException("'set' has a variable with an empty name");
            }
            // case-insensitive because Spark SQL resolves struct fields case-insensitively
            if (name.equalsIgnoreCase(EventsSchema.RESERVED_VARIABLE)) {
                throw new BadLineException("variable '" + name + "' in 'set' is reserved (every cut already has a"
                        + " 'node' field); rename the variable");
            }
            switch (item) {
                case VALUE_STRING -> event.addVariable(name, EventRecord.STRING, 0, parser.getText());
                case VALUE_NUMBER_INT -> {
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        event.addVariable(name, EventRecord.DOUBLE, 0, parser.getText());
                    } else {
                        event.addVariable(name, EventRecord.LONG, parser.getLongValue(), null);
                    }
                }
                case VALUE_NUMBER_FLOAT -> event.addVariable(name, EventRecord.DOUBLE, 0, parser.getText());
                case VALUE_TRUE -> event.addVariable(name, EventRecord.BOOLEAN, 1, null);
                case VALUE_FALSE -> event.addVariable(name, EventRecord.BOOLEAN, 0, null);
                case VALUE_NULL -> event.addVariable(name, EventRecord.NULL, 0, null);
                default -> throw wrongType("set." + name, "string, number, boolean or null", item);
            }
        }
    }

    private static boolean parseIds(JsonParser parser, JsonToken value, String field, List<String> ids)
            throws IOException, BadLineException {
        switch (value) {
            case VALUE_NULL -> {
                return false;
            }
            case VALUE_STRING -> {
                ids.add(parser.getText());
                return true;
            }
            case START_ARRAY -> {
                JsonToken item;
                while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (item != JsonToken.VALUE_STRING) {
                        throw wrongType(field + "[" + ids.size() + "]", "string", item);
                    }
                    ids.add(parser.getText());
                }
                return true;
            }
            default -> throw wrongType(field, "string or array of strings", value);
        }
    }

    private static BadLineException wrongType(String field, String expected, JsonToken actual) {
        return new BadLineException("wrong type for '" + field + "': expected " + expected + ", got "
                + jsonType(actual));
    }

    static String jsonType(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "integer";
            case VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            default -> token.toString();
        };
    }

    private static BadLineException malformed(JsonParser parser, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field '")) {
            String name = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
            return new BadLineException("duplicate field '" + path(parser, name) + "'");
        }
        long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        return new BadLineException("malformed JSON at column " + column + ": " + clean(message));
    }

    private static String path(JsonParser parser, String name) {
        if (parser == null) {
            return name;
        }
        StringBuilder path = new StringBuilder(name);
        // the context of the duplicate is the object holding it; its parents' names give the path
        JsonStreamContext context = parser.getParsingContext();
        for (JsonStreamContext parent = context == null ? null : context.getParent(); parent != null;
                parent = parent.getParent()) {
            if (parent.inObject() && parent.getCurrentName() != null) {
                path.insert(0, parent.getCurrentName() + ".");
            } else if (parent.inArray()) {
                path.insert(0, "[" + parent.getCurrentIndex() + "].");
            }
        }
        return path.toString();
    }

    private static long column(JsonParser parser) {
        return parser.currentTokenLocation().getColumnNr();
    }

    /** Jackson's message without its source/location suffixes, which repeat what the reason already says. */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int newline = message.indexOf('\n');
        String cleaned = newline < 0 ? message : message.substring(0, newline);
        for (String suffix : new String[] {" (start marker at", " (for root starting at", " (for Object starting at",
                " (for Array starting at"}) {
            int marker = cleaned.indexOf(suffix);
            if (marker >= 0) {
                cleaned = cleaned.substring(0, marker);
            }
        }
        return cleaned.strip();
    }
}
