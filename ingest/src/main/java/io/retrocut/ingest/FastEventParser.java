package io.retrocut.ingest;

import io.retrocut.events.EventsSchema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path of {@link EventParser}: reads a canonical line (SPEC §2) straight from its UTF-8 bytes, without a
 * tokenizer object, a {@code String} per token or boxing, and with the repeating strings (nodes, keys, types,
 * variable names and short values) taken from a {@link StringCache}.
 *
 * <p>The contract is all or nothing: {@link #parse} either fills the {@link EventRecord} exactly as the Jackson path
 * of {@link EventParser} would (the same fields, the same strings, the same {@code extra} text), or returns false
 * when the line is anything it is not sure about — every malformed or invalid line, and valid but unusual ones
 * (escaped field names, integers beyond 18 digits, very long tokens, deep nesting, lone surrogates in {@code extra}).
 * The caller then parses the line again with Jackson, which decides and words the reason. So this class never
 * produces an error message, and its only obligation is to never accept a line differently.
 *
 * <p>Not thread-safe: one instance per parsing thread.
 */
final class FastEventParser {
    /** Unwinds a parse that met something it does not handle; preallocated and without a stack trace. */
    private static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsure() {
            super(null, null, false, false);
        }
    }

    private static final Unsure UNSURE = new Unsure();

    /** RFC 3339 allows years 0000 to 9999. */
    private static final long MIN_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final int NODE = 1;
    private static final int HLC = 2;
    private static final int TS = 4;
    private static final int KEY = 8;
    private static final int TYPE = 16;
    private static final int SET = 32;
    private static final int SEND = 64;
    private static final int RECV = 128;
    private static final int EXTRA = 256;

    /** Every integer of at most 18 digits fits in a long; longer ones go to Jackson. */
    private static final int MAX_INTEGER_DIGITS = 18;
    /** Far below Jackson's limits (numbers of 1000 characters, strings of 20 M, names of 50 K, depth 1000). */
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_NAME_BYTES = 1 << 10;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_NAMES = 64;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private final long maxHlcL;
    private final StringCache strings = new StringCache(1 << 12, 48);

    private byte[] in;
    private int pos;
    private int end;

    /** The last string token: its content's bounds (without the quotes) and whether it holds escapes. */
    private int stringStart;
    private int stringEnd;
    private boolean escaped;

    /** The last number token: its bounds, whether it is an integer, and its value when it has ≤ 18 digits. */
    private int numberStart;
    private int numberEnd;
    private boolean integer;
    private boolean longInteger;
    private long integerValue;

    /** The unknown fields as a JSON object, built in the event's {@link EventRecord#extraBytes} while parsing. */
    private byte[] extra;
    private int extraLength;
    private final StringBuilder chars = new StringBuilder();
    /** The unknown top-level field names of the line (see {@link #addName}). */
    private final long[] extraNames = new long[MAX_NAMES];

    FastEventParser(long maxHlcL) {
        this.maxHlcL = maxHlcL;
    }

    /**
     * Parses {@code bytes[0, length)}, which must be valid UTF-8, into {@code event} (reset first). False when the
     * line must be left to Jackson; {@code event} then holds a partial result.
     */
    boolean parse(byte[] bytes, int length, EventRecord event) {
        return parse(bytes, 0, length, event);
    }

    /** {@link #parse(byte[], int, EventRecord)} of the line {@code bytes[offset, offset + length)}. */
    boolean parse(byte[] bytes, int offset, int length, EventRecord event) {
        event.reset();
        in = bytes;
        pos = offset;
        end = offset + length;
        // the unknown fields are collected right in the event's buffer
        extra = event.extraBytes;
        extraLength = 0;
        event.idBytes = bytes;
        try {
            parseEvent(event);
            return true;
        } catch (Unsure e) {
            return false;
        } finally {
            in = null;
            event.extraBytes = extra;
            extra = null;
        }
    }

    private void parseEvent(EventRecord event) {
        skipWhitespace();
        expect('{');
        skipWhitespace();
        int seen = 0;
        int extraNameCount = 0;
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                scanName();
                int nameStart = stringStart;
                int nameLength = stringEnd - stringStart;
                skipWhitespace();
                expect(':');
                skipWhitespace();
                int field = field(nameStart, nameLength);
                if ((seen & field & ~EXTRA) != 0) {
                    throw UNSURE; // a duplicate field, which Jackson rejects
                }
                seen |= field;
                switch (field) {
                    case NODE -> {
                        event.node = string();
                        if (event.node.isEmpty()) {
                            throw UNSURE;
                        }
                    }
                    case HLC -> parseHlc(event);
                    case TS -> parseTs(event);
                    case KEY -> event.key = literal("null") ? "" : string();
                    case TYPE -> event.type = literal("null") ? null : string();
                    case SET -> parseSet(event);
                    case SEND -> event.hasSend = parseIds(event, true);
                    case RECV -> event.hasRecv = parseIds(event, false);
                    default -> {
                        extraNameCount = addName(extraNames, extraNameCount, nameStart, nameLength);
                        appendExtra(extraLength == 0 ? '{' : ',');
                        appendName(nameStart, nameLength);
                        copyValue(0);
                    }
                }
                skipWhitespace();
                byte next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw UNSURE;
                }
                skipWhitespace();
            }
        }
        skipWhitespace();
        if (pos != end || event.node == null || (!event.hasHlc && !event.hasTs)) {
            throw UNSURE;
        }
        if (extraLength > 0) {
            appendExtra('}');
            event.extraLength = extraLength;
        }
    }

    private int field(int start, int length) {
        byte[] b = in;
        switch (length) {
            case 2 -> {
                if (b[start] == 't' && b[start + 1] == 's') {
                    return TS;
                }
            }
            case 3 -> {
                byte first = b[start];
                byte second = b[start + 1];
                byte third = b[start + 2];
                if (first == 'h' && second == 'l' && third == 'c') {
                    return HLC;
                }
                if (first == 'k' && second == 'e' && third == 'y') {
                    return KEY;
                }
                if (first == 's' && second == 'e' && third == 't') {
                    return SET;
                }
            }
            case 4 -> {
                int word = (b[start] & 0xFF) << 24 | (b[start + 1] & 0xFF) << 16 | (b[start + 2] & 0xFF) << 8
                        | (b[start + 3] & 0xFF);
                switch (word) {
                    case 0x6E6F6465 -> {
                        return NODE; // "node"
                    }
                    case 0x74797065 -> {
                        return TYPE; // "type"
                    }
                    case 0x73656E64 -> {
                        return SEND; // "send"
                    }
                    case 0x72656376 -> {
                        return RECV; // "recv"
                    }
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
        return EXTRA;
    }

    private void parseHlc(EventRecord event) {
        if (literal("null")) {
            return;
        }
        if (peek() != '{') {
            long packed = integer();
            if (packed < 0) {
                throw UNSURE;
            }
            event.hlcL = checkL(packed >>> 16);
            event.hlcC = (int) (packed & 0xFFFF);
            event.hasHlc = true;
            return;
        }
        pos++;
        skipWhitespace();
        boolean hasL = false;
        boolean hasC = false;
        while (true) {
            scanName();
            if (stringEnd - stringStart != 1) {
                throw UNSURE;
            }
            byte name = in[stringStart];
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (name == 'l' && !hasL) {
                event.hlcL = checkL(integer());
                hasL = true;
            } else if (name == 'c' && !hasC) {
                long c = integer();
                if (c < 0 || c > Integer.MAX_VALUE) {
                    throw UNSURE;
                }
                event.hlcC = (int) c;
                hasC = true;
            } else {
                throw UNSURE;
            }
            skipWhitespace();
            byte next = next();
            if (next == '}') {
                break;
            }
            if (next != ',') {
                throw UNSURE;
            }
            skipWhitespace();
        }
        if (!hasL || !hasC) {
            throw UNSURE;
        }
        event.hasHlc = true;
    }

    private long checkL(long l) {
        if (l < 0 || l > maxHlcL) {
            throw UNSURE;
        }
        return l;
    }

    private void parseTs(EventRecord event) {
        if (literal("null")) {
            return;
        }
        if (peek() == '"') {
            Rfc3339.Instant instant = Rfc3339.parse(string());
            if (instant == null) {
                throw UNSURE;
            }
            event.tsSecond = instant.epochSecond();
            event.tsNano = instant.nano();
        } else {
            scanNumber();
            if (integer && !longInteger) {
                event.tsSecond = Math.floorDiv(integerValue, 1_000L);
                event.tsNano = (int) Math.floorMod(integerValue, 1_000L) * 1_000_000;
            } else {
                BigDecimal millis;
                try {
                    millis = new BigDecimal(new String(in, numberStart, numberEnd - numberStart,
                            StandardCharsets.ISO_8859_1));
                } catch (NumberFormatException e) {
                    throw UNSURE;
                }
                // the same arithmetic as EventParser's; the value does not depend on how the number is written
                if (!EventParser.setTsMillis(millis, event)) {
                    throw UNSURE;
                }
            }
        }
        if (event.tsSecond < MIN_EPOCH_SECOND || event.tsSecond > MAX_EPOCH_SECOND) {
            throw UNSURE;
        }
        event.hasTs = true;
    }

    private void parseSet(EventRecord event) {
        if (literal("null")) {
            return;
        }
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            scanName();
            if (stringEnd == stringStart) {
                throw UNSURE;
            }
            String name = strings.get(in, stringStart, stringEnd - stringStart);
            if (name.equalsIgnoreCase(EventsSchema.RESERVED_VARIABLE)) {
                throw UNSURE;
            }
            for (int i = 0; i < event.varCount; i++) {
                if (event.varNames[i].equals(name)) {
                    throw UNSURE;
                }
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            switch (peek()) {
                case '"' -> event.addVariable(name, EventRecord.STRING, 0, string());
                case 't' -> {
                    expectLiteral("true");
                    event.addVariable(name, EventRecord.BOOLEAN, 1, null);
                }
                case 'f' -> {
                    expectLiteral("false");
                    event.addVariable(name, EventRecord.BOOLEAN, 0, null);
                }
                case 'n' -> {
                    expectLiteral("null");
                    event.addVariable(name, EventRecord.NULL, 0, null);
                }
                default -> {
                    scanNumber();
                    if (integer) {
                        if (longInteger) {
                            throw UNSURE;
                        }
                        event.addVariable(name, EventRecord.LONG, integerValue, null);
                    } else {
                        // Jackson's text of a floating-point number is the number as written
                        event.addVariable(name, EventRecord.DOUBLE, 0,
                                new String(in, numberStart, numberEnd - numberStart, StandardCharsets.ISO_8859_1));
                    }
                }
            }
            skipWhitespace();
            byte next = next();
            if (next == '}') {
                return;
            }
            if (next != ',') {
                throw UNSURE;
            }
            skipWhitespace();
        }
    }

    private boolean parseIds(EventRecord event, boolean isSend) {
        if (literal("null")) {
            return false;
        }
        if (peek() != '[') {
            messageId(event, isSend);
            return true;
        }
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return true;
        }
        while (true) {
            messageId(event, isSend);
            skipWhitespace();
            byte next = next();
            if (next == ']') {
                return true;
            }
            if (next != ',') {
                throw UNSURE;
            }
            skipWhitespace();
        }
    }

    /**
     * Adds a message id to the event's sends or receives. Ids are mostly unique: decoded without the cache. While
     * every id is ASCII and unescaped, its span and {@link CausalLinks} partition go to the event too.
     */
    private void messageId(EventRecord event, boolean isSend) {
        scanString();
        List<String> ids = isSend ? event.send : event.recv;
        if (escaped) {
            event.idsAsStrings();
            ids.add(unescape());
            return;
        }
        int start = stringStart;
        int length = stringEnd - stringStart;
        if (event.idBytes != null) {
            for (int i = start; i < start + length; i++) {
                if (in[i] < 0) {
                    event.idsAsStrings();
                    break;
                }
            }
        }
        if (event.idBytes == null) {
            ids.add(new String(in, start, length, StandardCharsets.UTF_8));
            return;
        }
        // the id stays in the line's bytes (see EventRecord#idBytes)
        ids.add(null);
        int index = ids.size() - 1;
        event.ensureSpan(isSend, index);
        long span = (long) start << 32 | length;
        int partition = CausalLinks.partition(in, start, length);
        if (isSend) {
            event.sendSpans[index] = span;
            event.sendIds[index] = partition;
        } else {
            event.recvSpans[index] = span;
            event.recvIds[index] = partition;
        }
    }

    /** Copies a value of an unknown field to {@link #extra} as Jackson's {@code copyCurrentStructure} writes it. */
    private void copyValue(int depth) {
        switch (peek()) {
            case '"' -> {
                scanString();
                if (escaped) {
                    appendEscaped(unescape());
                } else {
                    appendRaw(stringStart - 1, stringEnd + 1);
                }
            }
            case '{' -> {
                if (depth >= MAX_DEPTH) {
                    throw UNSURE;
                }
                pos++;
                appendExtra('{');
                skipWhitespace();
                if (peek() == '}') {
                    pos++;
                    appendExtra('}');
                    return;
                }
                long[] names = new long[MAX_NAMES];
                int count = 0;
                while (true) {
                    scanName();
                    count = addName(names, count, stringStart, stringEnd - stringStart);
                    appendName(stringStart, stringEnd - stringStart);
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    copyValue(depth + 1);
                    skipWhitespace();
                    byte next = next();
                    if (next == '}') {
                        appendExtra('}');
                        return;
                    }
                    if (next != ',') {
                        throw UNSURE;
                    }
                    appendExtra(',');
                    skipWhitespace();
                }
            }
            case '[' -> {
                if (depth >= MAX_DEPTH) {
                    throw UNSURE;
                }
                pos++;
                appendExtra('[');
                skipWhitespace();
                if (peek() == ']') {
                    pos++;
                    appendExtra(']');
                    return;
                }
                while (true) {
                    copyValue(depth + 1);
                    skipWhitespace();
                    byte next = next();
                    if (next == ']') {
                        appendExtra(']');
                        return;
                    }
                    if (next != ',') {
                        throw UNSURE;
                    }
                    appendExtra(',');
                    skipWhitespace();
                }
            }
            case 't' -> copyLiteral("true");
            case 'f' -> copyLiteral("false");
            case 'n' -> copyLiteral("null");
            default -> {
                scanNumber();
                String text;
                if (integer) {
                    if (longInteger) {
                        throw UNSURE;
                    }
                    text = Long.toString(integerValue); // as Jackson writes it back: -0 becomes 0
                } else {
                    double value = Double.parseDouble(
                            new String(in, numberStart, numberEnd - numberStart, StandardCharsets.ISO_8859_1));
                    if (!Double.isFinite(value)) {
                        throw UNSURE;
                    }
                    text = Double.toString(value); // Jackson copies a float as a double: 1.50e+3 becomes 1500.0
                }
                for (int i = 0; i < text.length(); i++) {
                    appendExtra(text.charAt(i));
                }
            }
        }
    }

    /** Adds a field name to the names of one object, unsure on a duplicate (which Jackson rejects). */
    private int addName(long[] names, int count, int start, int length) {
        for (int i = 0; i < count; i++) {
            int otherStart = (int) (names[i] >>> 32);
            int otherLength = (int) names[i];
            if (otherLength == length && Arrays.equals(in, start, start + length, in, otherStart,
                    otherStart + length)) {
                throw UNSURE;
            }
        }
        if (count == names.length) {
            throw UNSURE;
        }
        names[count] = (long) start << 32 | length;
        return count + 1;
    }

    private void appendName(int start, int length) {
        appendRaw(start - 1, start + length + 1);
        appendExtra(':');
    }

    private void copyLiteral(String literal) {
        expectLiteral(literal);
        for (int i = 0; i < literal.length(); i++) {
            appendExtra(literal.charAt(i));
        }
    }

    /** A string value: from the cache when it has no escapes. */
    private String string() {
        scanString();
        if (escaped) {
            return unescape();
        }
        return strings.get(in, stringStart, stringEnd - stringStart);
    }

    /** Scans a string token whose bounds go to {@link #stringStart}/{@link #stringEnd}. */
    private void scanString() {
        if (pos >= end || in[pos] != '"') {
            throw UNSURE;
        }
        int i = pos + 1;
        boolean hasEscape = false;
        byte[] b = in;
        int limit = end;
        while (true) {
            // skip ordinary bytes eight at a time, up to the first quote, backslash or control character
            while (i + Long.BYTES <= limit) {
                long word = (long) LONGS.get(b, i);
                long quotes = word ^ QUOTES;
                long backslashes = word ^ BACKSLASHES;
                // a byte that is zero (in the first two) or below 0x20 sets its high bit; only bytes above the
                // lowest such byte can be false alarms, so the lowest set bit is exact
                long special = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes
                        | (word - SPACES) & ~word) & HIGH_BITS;
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                i += Long.BYTES;
            }
            if (i >= limit) {
                throw UNSURE;
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                hasEscape = true;
                i += 2;
                continue;
            }
            if (c >= 0 && c < 0x20) {
                throw UNSURE; // an unescaped control character
            }
            i++;
        }
        if (i - pos - 1 > MAX_STRING_BYTES) {
            throw UNSURE;
        }
        stringStart = pos + 1;
        stringEnd = i;
        escaped = hasEscape;
        pos = i + 1;
    }

    /** Scans a field name: a string without escapes. */
    private void scanName() {
        scanString();
        if (escaped || stringEnd - stringStart > MAX_NAME_BYTES) {
            throw UNSURE;
        }
    }

    /** Decodes the escapes of the last string token as Jackson does (a lone surrogate escape stays a lone char). */
    private String unescape() {
        StringBuilder text = chars;
        text.setLength(0);
        int i = stringStart;
        int run = i;
        while (i < stringEnd) {
            if (in[i] != '\\') {
                i++;
                continue;
            }
            if (i > run) {
                text.append(new String(in, run, i - run, StandardCharsets.UTF_8));
            }
            byte c = in[i + 1];
            switch (c) {
                case '"', '\\', '/' -> text.append((char) c);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (i + 6 > stringEnd) {
                        throw UNSURE;
                    }
                    int value = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        value = value << 4 | hexDigit(in[k]);
                    }
                    text.append((char) value);
                    i += 4;
                }
                default -> throw UNSURE;
            }
            i += 2;
            run = i;
        }
        if (stringEnd > run) {
            text.append(new String(in, run, stringEnd - run, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw UNSURE;
    }

    /** An integer token's value; unsure for other numbers and integers beyond 18 digits. */
    private long integer() {
        scanNumber();
        if (!integer || longInteger) {
            throw UNSURE;
        }
        return integerValue;
    }

    /** Scans a JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void scanNumber() {
        int i = pos;
        byte[] b = in;
        int limit = end;
        boolean negative = i < limit && b[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        if (i < limit && b[i] == '0') {
            i++;
        } else {
            while (i < limit && b[i] >= '0' && b[i] <= '9') {
                value = value * 10 + (b[i] - '0'); // may overflow past 18 digits; then unused
                i++;
            }
        }
        int digits = i - digitsStart;
        if (digits == 0) {
            throw UNSURE;
        }
        boolean isInteger = true;
        if (i < limit && b[i] == '.') {
            isInteger = false;
            i++;
            int fractionStart = i;
            while (i < limit && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == fractionStart) {
                throw UNSURE;
            }
        }
        if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
            isInteger = false;
            i++;
            if (i < limit && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponentStart = i;
            while (i < limit && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == exponentStart) {
                throw UNSURE;
            }
        }
        if (i - pos > MAX_NUMBER_LENGTH) {
            throw UNSURE;
        }
        numberStart = pos;
        numberEnd = i;
        integer = isInteger;
        longInteger = digits > MAX_INTEGER_DIGITS;
        integerValue = negative ? -value : value;
        pos = i;
    }

    /** Consumes {@code literal} when the input is at it; other input is left alone. */
    private boolean literal(String literal) {
        if (pos >= end || in[pos] != literal.charAt(0)) {
            return false;
        }
        expectLiteral(literal);
        return true;
    }

    private void expectLiteral(String literal) {
        int length = literal.length();
        if (pos + length > end) {
            throw UNSURE;
        }
        for (int i = 0; i < length; i++) {
            if (in[pos + i] != literal.charAt(i)) {
                throw UNSURE;
            }
        }
        pos += length;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private byte peek() {
        if (pos >= end) {
            throw UNSURE;
        }
        return in[pos];
    }

    private byte next() {
        if (pos >= end) {
            throw UNSURE;
        }
        return in[pos++];
    }

    private void expect(char c) {
        if (pos >= end || in[pos] != c) {
            throw UNSURE;
        }
        pos++;
    }

    private void appendRaw(int from, int to) {
        int length = to - from;
        ensureExtra(length);
        System.arraycopy(in, from, extra, extraLength, length);
        extraLength += length;
    }

    private void appendExtra(char c) {
        ensureExtra(1);
        extra[extraLength++] = (byte) c;
    }

    /**
     * Writes a decoded string as Jackson's generator does: {@code "} and {@code \} escaped, control characters as
     * {@code \b \t \n \f \r} or a six-character hex escape, everything else as is (in UTF-8 here).
     */
    private void appendEscaped(String text) {
        ensureExtra(2 + text.length() * 6);
        byte[] out = extra;
        int n = extraLength;
        out[n++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    out[n++] = '\\';
                    out[n++] = (byte) c;
                } else if (c >= 0x20) {
                    out[n++] = (byte) c;
                } else {
                    out[n++] = '\\';
                    switch (c) {
                        case '\b' -> out[n++] = 'b';
                        case '\t' -> out[n++] = 't';
                        case '\n' -> out[n++] = 'n';
                        case '\f' -> out[n++] = 'f';
                        case '\r' -> out[n++] = 'r';
                        default -> {
                            out[n++] = 'u';
                            out[n++] = '0';
                            out[n++] = '0';
                            out[n++] = HEX[c >> 4];
                            out[n++] = HEX[c & 0xF];
                        }
                    }
                }
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // a pair is one code point in UTF-8; a lone surrogate (from an escape) has no UTF-8 form
                if (!Character.isHighSurrogate(c) || i + 1 == text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw UNSURE;
                }
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = (byte) (0xF0 | codePoint >> 18);
                out[n++] = (byte) (0x80 | (codePoint >> 12 & 0x3F));
                out[n++] = (byte) (0x80 | (codePoint >> 6 & 0x3F));
                out[n++] = (byte) (0x80 | (codePoint & 0x3F));
            } else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | (c >> 6 & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[n++] = '"';
        extraLength = n;
    }

    private void ensureExtra(int more) {
        if (extraLength + more > extra.length) {
            extra = Arrays.copyOf(extra, Math.max(extra.length * 2, extraLength + more));
        }
    }
}
