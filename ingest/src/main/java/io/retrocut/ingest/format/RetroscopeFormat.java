package io.retrocut.ingest.format;

import io.retrocut.events.EventsSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Retroscope's delta log lines (hand-written: the value grammar is recursive).
 *
 * <pre>
 * &lt;LOG,HLC,NODE&gt;:ITEM,ITEM,...     a full line: log name (→ key), packed 48/16 HLC, integer node id
 * &lt;HLC&gt;:ITEM,...                   a short line: same log and node as the file's previous full line
 * ITEM  = NAME:VALUE
 * VALUE = 42 | -1.5 | "text" (\" and \\ escaped) | null (unsets)
 *       | {A,B}      the set's new content          | ...{A,B}  adds A and B     | --{A}  removes A
 *       | [F:VALUE,G:VALUE]  a struct: assigns NAME.F and NAME.G
 * </pre>
 *
 * <p>The events dataset holds assignments, not operations, so the format keeps the current content of every set per
 * (log, node, variable) across the whole run and assigns the set's full content after each change, as a string
 * holding its members as a sorted JSON array ({@code [1,2]}, {@code ["a","b"]}; numbers before strings). A set
 * that a line changes twice ({@code s:...{1},s:--{2}}) is assigned once, after both changes. Other variables
 * assigned twice on one line keep the last value.
 */
final class RetroscopeFormat implements Format {
    /** Current set content per log, node and variable, for the whole run. */
    private final Map<String, TreeSet<Object>> sets = new HashMap<>();

    @Override
    public String name() {
        return "retroscope";
    }

    @Override
    public Framing framing() {
        return Framing.LINE;
    }

    @Override
    public FormatReader open(String file) {
        return new Reader();
    }

    private final class Reader implements FormatReader {
        /** The sets this line changes; they replace the run's sets only when the whole line parses. */
        private final Map<String, TreeSet<Object>> changed = new HashMap<>();
        private String log;
        private String node;

        @Override
        public Outcome parse(LogRecord record, EventSink sink) throws BadRecordException {
            changed.clear();
            Scanner in = new Scanner(record.text());
            in.expect('<', "'<': a delta line starts with '<LOG,HLC,NODE>:' or '<HLC>:'");
            int headerEnd = record.text().indexOf('>');
            if (headerEnd < 0) {
                throw in.error("the header '<...>' is not closed");
            }
            String[] header = record.text().substring(1, headerEnd).split(",", -1);
            long hlc;
            if (header.length == 3) {
                if (header[0].isEmpty()) {
                    throw in.error("the log name is empty");
                }
                hlc = number(header[1], "HLC", 1 + header[0].length() + 1);
                long nodeId = number(header[2], "node id", headerEnd - header[2].length());
                log = header[0];
                node = Long.toString(nodeId);
            } else if (header.length == 1) {
                hlc = number(header[0], "HLC", 1);
                if (log == null) {
                    throw new BadRecordException("a short line '<HLC>:...' needs a full line '<LOG,HLC,NODE>:...'"
                            + " before it in the same file");
                }
            } else {
                throw in.error("the header is '<LOG,HLC,NODE>' or '<HLC>', got " + header.length + " parts");
            }
            in.position = headerEnd + 1;
            in.expect(':', "':' after the header");
            sink.node(node);
            sink.key(log);
            sink.hlc(hlc >>> 16, (int) (hlc & 0xFFFF));
            Map<String, Object> values = new LinkedHashMap<>();
            if (!in.atEnd()) {
                do {
                    item(in, "", values);
                } while (in.accept(','));
                if (!in.atEnd()) {
                    throw in.error("expected ',' or the end of the line");
                }
            }
            sets.putAll(changed);
            for (Map.Entry<String, Object> entry : values.entrySet()) {
                assign(sink, entry.getKey(), entry.getValue());
            }
            return Outcome.EVENT;
        }

        private void item(Scanner in, String prefix, Map<String, Object> values) throws BadRecordException {
            int start = in.position;
            String name = in.name();
            if (name.isEmpty()) {
                throw in.error("expected a variable name");
            }
            String variable = prefix + name;
            if (variable.equalsIgnoreCase(EventsSchema.RESERVED_VARIABLE)) {
                in.position = start;
                throw in.error("variable 'node' is reserved (every cut already has a 'node' field)");
            }
            in.expect(':', "':' after '" + name + "'");
            if (in.accept('[')) {
                if (!in.accept(']')) {
                    do {
                        item(in, variable + ".", values);
                    } while (in.accept(','));
                    in.expect(']', "',' or ']' to close the struct '" + variable + "'");
                }
                return;
            }
            SetChange change = in.accept("...") ? SetChange.ADD : in.accept("--") ? SetChange.REMOVE
                    : in.peek() == '{' ? SetChange.REPLACE : null;
            if (change != null) {
                List<Object> members = members(in, variable);
                String key = log + '\u0000' + node + '\u0000' + variable;
                TreeSet<Object> current = changed.computeIfAbsent(key, k -> {
                    TreeSet<Object> copy = new TreeSet<>(RetroscopeFormat::compare);
                    if (sets.containsKey(k)) {
                        copy.addAll(sets.get(k));
                    }
                    return copy;
                });
                if (change == SetChange.REPLACE) {
                    current.clear();
                }
                if (change == SetChange.REMOVE) {
                    members.forEach(current::remove);
                } else {
                    current.addAll(members);
                }
                values.put(variable, new SetValue(current));
                return;
            }
            values.put(variable, scalar(in, variable));
        }

        private List<Object> members(Scanner in, String variable) throws BadRecordException {
            in.expect('{', "'{' to start the set '" + variable + "'");
            List<Object> members = new ArrayList<>();
            if (in.accept('}')) {
                return members;
            }
            do {
                int at = in.position;
                Object member = scalar(in, variable);
                if (member == null) {
                    in.position = at;
                    throw in.error("a set member cannot be null");
                }
                members.add(member);
            } while (in.accept(','));
            in.expect('}', "',' or '}' to close the set '" + variable + "'");
            return members;
        }

        private Object scalar(Scanner in, String variable) throws BadRecordException {
            if (in.peek() == '"') {
                return in.string();
            }
            if (in.accept("null")) {
                return null;
            }
            int start = in.position;
            while (!in.atEnd() && "-+.0123456789eE".indexOf(in.peek()) >= 0) {
                in.position++;
            }
            String text = in.text.substring(start, in.position);
            if (text.isEmpty()) {
                throw in.error("expected a value for '" + variable + "': a number, \"text\", null, {set},"
                        + " ...{added}, --{removed} or [struct]");
            }
            try {
                if (text.matches("-?[0-9]+")) {
                    return Long.parseLong(text);
                }
                if (text.matches("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    double value = Double.parseDouble(text);
                    if (Double.isFinite(value)) {
                        return value;
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            in.position = start;
            throw in.error("'" + text + "' is not a number (value of '" + variable + "')");
        }

        private long number(String text, String what, int column) throws BadRecordException {
            if (!text.matches("[0-9]{1,19}")) {
                throw new BadRecordException("at column " + (column + 1) + ": the " + what + " '" + text
                        + "' is not a non-negative integer");
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new BadRecordException("at column " + (column + 1) + ": the " + what + " '" + text
                        + "' is out of range (expected an int64)");
            }
        }
    }

    private enum SetChange {
        ADD, REMOVE, REPLACE
    }

    private record SetValue(TreeSet<Object> members) {
        String json() {
            StringBuilder out = new StringBuilder("[");
            for (Object member : members) {
                if (out.length() > 1) {
                    out.append(',');
                }
                if (member instanceof String text) {
                    out.append(RuleFormat.JSON.getNodeFactory().textNode(text));
                } else {
                    out.append(Template.text(member));
                }
            }
            return out.append(']').toString();
        }
    }

    private static void assign(EventSink sink, String name, Object value) {
        if (value == null) {
            sink.unset(name);
        } else if (value instanceof Long number) {
            sink.setLong(name, number);
        } else if (value instanceof Double number) {
            sink.setDouble(name, number);
        } else if (value instanceof SetValue set) {
            sink.setString(name, set.json());
        } else {
            sink.setString(name, (String) value);
        }
    }

    /** Set member order: numbers (by value) before strings. */
    private static int compare(Object a, Object b) {
        boolean aText = a instanceof String;
        boolean bText = b instanceof String;
        if (aText != bText) {
            return aText ? 1 : -1;
        }
        if (aText) {
            return ((String) a).compareTo((String) b);
        }
        int order = new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        return order != 0 ? order : Boolean.compare(a instanceof Double, b instanceof Double);
    }

    /** A cursor over one line, with errors that name the column. */
    private static final class Scanner {
        final String text;
        int position;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        boolean accept(char ch) {
            if (peek() == ch && !atEnd()) {
                position++;
                return true;
            }
            return false;
        }

        boolean accept(String token) {
            if (text.startsWith(token, position)) {
                position += token.length();
                return true;
            }
            return false;
        }

        void expect(char ch, String what) throws BadRecordException {
            if (!accept(ch)) {
                throw error("expected " + what);
            }
        }

        String name() {
            int start = position;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-' && !text
                    .startsWith("--", position))) {
                position++;
            }
            return text.substring(start, position);
        }

        String string() throws BadRecordException {
            int start = position;
            position++;
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char ch = text.charAt(position++);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    out.append(text.charAt(position++));
                } else {
                    out.append(ch);
                }
            }
            position = start;
            throw error("the string is not closed with '\"'");
        }

        BadRecordException error(String problem) {
            return new BadRecordException("at column " + (position + 1) + ": " + problem);
        }
    }
}
