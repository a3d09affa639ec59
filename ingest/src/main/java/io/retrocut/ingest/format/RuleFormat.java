package io.retrocut.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A format compiled from a format file (see {@link FormatFile}): cuts records, matches them with a regular expression
 * or reads them as JSON objects, applies the first matching rule, and fills the event from templates.
 *
 * <p>Holds the message numbering of one ingest run ({@code number_messages}), so resolve one instance per run.
 */
final class RuleFormat implements Format {
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A {@code set} value: a template, a literal, or {@code null} (unset); {@code map} translates the result. */
    record Value(Template template, Object literal, boolean unset, Map<String, Object> map) {
    }

    record Rule(int index, Pattern match, Set<String> groups, String field, boolean ignore, boolean ignoreWithoutNode,
            Template node, Template key,
            Template type, Map<String, Value> set, List<Template> send, List<Template> recv) {
    }

    String name;
    Framing framing;
    Pattern skip;
    boolean json;
    Pattern regex;
    Set<String> regexGroups;
    boolean ignoreUnmatched;
    Pattern file;
    Set<String> fileGroups;
    String message;
    Template node;
    Template key;
    Template type;
    TimeParser time;
    Template vectorClock;
    Map<String, Value> set;
    List<Template> send;
    List<Template> recv;
    boolean numberMessages;
    /** Null: every record is an event. */
    List<Rule> rules;
    List<String> keep;

    private final Map<String, Integer> sent = new HashMap<>();
    private final Map<String, Integer> received = new HashMap<>();

    @Override
    public String name() {
        return name;
    }

    @Override
    public Framing framing() {
        return framing;
    }

    @Override
    public Pattern skip() {
        return skip;
    }

    @Override
    public FormatReader open(String path) {
        Path fileName = Path.of(path).getFileName();
        String name = fileName == null ? path : fileName.toString();
        Map<String, String> fileFields = Map.of();
        String fileError = null;
        if (file != null) {
            Matcher matcher = file.matcher(name);
            if (matcher.find()) {
                fileFields = new HashMap<>();
                for (String group : fileGroups) {
                    if (matcher.group(group) != null) {
                        fileFields.put(group, matcher.group(group));
                    }
                }
            } else {
                fileError = "the file name '" + name + "' does not match the format's file pattern '"
                        + file.pattern() + "'";
            }
        }
        return new Reader(fileFields, fileError);
    }

    private final class Reader implements FormatReader, Template.Fields {
        private final Map<String, String> fileFields;
        private final String fileError;
        private final long[] instant = new long[2];
        private LogRecord record;
        private Matcher recordMatch;
        private JsonNode object;
        private Rule rule;
        private Matcher ruleMatch;
        /** The node of this file's previous event. */
        private String lastNode;

        Reader(Map<String, String> fileFields, String fileError) {
            this.fileFields = fileFields;
            this.fileError = fileError;
        }

        @Override
        public Object get(String name) {
            if (ruleMatch != null && rule.groups().contains(name)) {
                return ruleMatch.group(name);
            }
            if (recordMatch != null && regexGroups.contains(name)) {
                return recordMatch.group(name);
            }
            if (fileFields.containsKey(name)) {
                return fileFields.get(name);
            }
            if (name.equals("last_node")) {
                return lastNode;
            }
            if (name.equals("record")) {
                return record.text();
            }
            if (object != null) {
                JsonNode node = object;
                for (String part : name.split("\\.", -1)) {
                    node = node.path(part);
                }
                return node.isMissingNode() || node.isNull() ? null : node;
            }
            return null;
        }

        @Override
        public Outcome parse(LogRecord record, EventSink sink) throws BadRecordException {
            if (fileError != null) {
                throw new BadRecordException(fileError);
            }
            this.record = record;
            recordMatch = null;
            object = null;
            rule = null;
            ruleMatch = null;
            if (json) {
                object = parseJson(record.text());
            } else {
                Matcher matcher = regex.matcher(record.text());
                if (!matcher.find()) {
                    if (ignoreUnmatched) {
                        return Outcome.IGNORED;
                    }
                    throw new BadRecordException("does not match the format's regex '"
                            + Template.abbreviate(regex.pattern()) + "'");
                }
                recordMatch = matcher;
            }
            if (rules != null && !chooseRule()) {
                return Outcome.IGNORED;
            }
            if (rule != null && rule.ignore()) {
                return Outcome.IGNORED;
            }
            Template nodeTemplate = rule != null && rule.node() != null ? rule.node() : node;
            String nodeName = nodeTemplate.evaluateText(this);
            if (nodeName == null || nodeName.isEmpty()) {
                if (rule != null && rule.ignoreWithoutNode()) {
                    return Outcome.IGNORED;
                }
                throw new BadRecordException("no node: '" + nodeTemplate + "' has no value in this record");
            }
            fill(nodeName, sink);
            lastNode = nodeName;
            return Outcome.EVENT;
        }

        private boolean chooseRule() throws BadRecordException {
            for (Rule candidate : rules) {
                Object value = get(candidate.field());
                if (value == null) {
                    continue;
                }
                Matcher matcher = candidate.match().matcher(Template.rawText(value));
                if (matcher.find()) {
                    rule = candidate;
                    ruleMatch = matcher;
                    return true;
                }
            }
            return false;
        }

        private void fill(String nodeName, EventSink sink) throws BadRecordException {
            sink.node(nodeName);
            if (time != null) {
                Object value = get(time.field());
                if (value == null) {
                    throw new BadRecordException("no time: field '" + time.field() + "' is missing");
                }
                time.parse(Template.rawText(value), instant);
                sink.time(instant[0], (int) instant[1]);
            }
            Template keyTemplate = rule != null && rule.key() != null ? rule.key() : key;
            if (keyTemplate != null) {
                String value = keyTemplate.evaluateText(this);
                if (value != null) {
                    sink.key(value);
                }
            }
            Template typeTemplate = rule != null && rule.type() != null ? rule.type() : type;
            if (typeTemplate != null) {
                String value = typeTemplate.evaluateText(this);
                if (value != null) {
                    sink.type(value);
                }
            }
            for (Map.Entry<String, Value> variable : (rule != null ? rule.set() : set).entrySet()) {
                assign(sink, variable.getKey(), variable.getValue());
            }
            messages(sink, send, true);
            messages(sink, recv, false);
            if (rule != null) {
                messages(sink, rule.send(), true);
                messages(sink, rule.recv(), false);
            }
            if (vectorClock != null) {
                String text = vectorClock.evaluateText(this);
                if (text == null) {
                    throw new BadRecordException("no vector clock: '" + vectorClock + "' has no value in this record");
                }
                vectorClock(text, nodeName, sink);
            }
            extra(sink);
        }

        private void assign(EventSink sink, String name, Value value) throws BadRecordException {
            if (value.unset()) {
                sink.unset(name);
                return;
            }
            Object result = value.template() != null ? value.template().evaluate(this) : value.literal();
            if (result == null) {
                return;
            }
            if (value.map() != null) {
                Object mapped = value.map().get(Template.text(result));
                if (mapped != null) {
                    result = mapped;
                }
            }
            if (result == RuleFormat.NULL) {
                sink.unset(name);
            } else if (result instanceof Long number) {
                sink.setLong(name, number);
            } else if (result instanceof Double number) {
                sink.setDouble(name, number);
            } else if (result instanceof Boolean bool) {
                sink.setBoolean(name, bool);
            } else {
                sink.setString(name, (String) result);
            }
        }

        private void messages(EventSink sink, List<Template> templates, boolean sending) throws BadRecordException {
            for (Template template : templates) {
                String id = template.evaluateText(this);
                if (id == null) {
                    continue;
                }
                if (numberMessages) {
                    id = id + "#" + (sending ? sent : received).merge(id, 1, Integer::sum);
                }
                if (sending) {
                    sink.send(id);
                } else {
                    sink.recv(id);
                }
            }
        }

        private void extra(EventSink sink) {
            ObjectNode kept = null;
            for (String field : keep) {
                Object value = get(field);
                if (value == null) {
                    continue;
                }
                if (kept == null) {
                    kept = JSON.createObjectNode();
                }
                if (value instanceof JsonNode node) {
                    kept.set(field, node);
                } else {
                    kept.put(field, (String) value);
                }
            }
            if (kept != null) {
                sink.extra(kept.toString());
            }
        }
    }

    /** The {@code null} of a {@code map} entry: the variable is unset. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static JsonNode parseJson(String text) throws BadRecordException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage();
            for (String suffix : new String[] {"\n", " (start marker at", " (for root starting at",
                    " (for Object starting at", " (for Array starting at"}) {
                int cut = message.indexOf(suffix);
                if (cut >= 0) {
                    message = message.substring(0, cut);
                }
            }
            throw new BadRecordException("malformed JSON at column " + e.getLocation().getColumnNr() + ": "
                    + message.strip());
        }
        if (node == null || !node.isObject()) {
            throw new BadRecordException("expected a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return node;
    }

    /** Parses a vector clock {@code {"host": count, ...}}; it must have an entry for its own node. */
    static void vectorClock(String text, String node, EventSink sink) throws BadRecordException {
        JsonNode clock;
        try {
            clock = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRecordException("vector clock is not valid JSON: " + Template.abbreviate(text));
        }
        if (clock == null || !clock.isObject() || clock.isEmpty()) {
            throw new BadRecordException("vector clock is not a JSON object of node → count: "
                    + Template.abbreviate(text));
        }
        boolean own = false;
        for (Map.Entry<String, JsonNode> entry : clock.properties()) {
            JsonNode count = entry.getValue();
            if (!count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0) {
                throw new BadRecordException("vector clock entry '" + entry.getKey() + "' is " + count
                        + ", expected a non-negative integer");
            }
            own |= entry.getKey().equals(node);
            sink.vectorClock(entry.getKey(), count.longValue());
        }
        if (!own) {
            throw new BadRecordException("vector clock has no entry for its own node '" + node + "'");
        }
    }

}
