package io.retrocut.ingest.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.UserException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a format file (YAML) into a {@link Format}. Every mistake is a {@link UserException#usage} naming the
 * file, the key path ({@code rules[2].set.term}) and what is wrong; unknown keys are rejected. The reference is in
 * {@code ingest/README.md}.
 */
final class FormatFile {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()).build();
    private static final Set<String> TOP = keys("name", "records", "skip", "json", "regex", "unmatched", "file",
            "message", "node", "time", "vector_clock", "key", "type", "set", "send", "recv", "number_messages",
            "rules", "keep");
    private static final Set<String> RECORDS = keys("lines", "start", "end", "max_lines");
    private static final Set<String> TIME = keys("field", "format", "zone");
    private static final Set<String> RULE = keys("match", "field", "ignore", "node", "missing_node", "key", "type",
            "set", "send", "recv");
    private static final Set<String> VALUE = keys("value", "map");
    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final String source;
    private final RuleFormat format = new RuleFormat();
    /** Names a text format's templates may use outside rules; null for JSON (any field path). */
    private Set<String> fields;

    private FormatFile(String source) {
        this.source = source;
    }

    /**
     * Compiles format file text.
     *
     * @param source the file name (or preset name) used in messages and as the format's name
     */
    static Format compile(String source, String yaml) {
        return new FormatFile(source).compile(yaml);
    }

    private Format compile(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            throw UserException.usage(source + ": not valid YAML: " + firstLine(message)
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw error("", "a format file is a YAML mapping with keys such as regex or json, node, time, rules");
        }
        checkKeys(root, "", TOP);
        format.name = root.has("name") ? text(root, "name") : source;
        format.framing = framing(root.get("records"));
        format.skip = root.has("skip") ? regex(root.get("skip"), "skip") : null;
        format.json = root.has("json") && bool(root, "json");
        if (format.json == root.has("regex")) {
            throw error("", "give exactly one of 'regex' (a text log) and 'json: true' (one JSON object per record)");
        }
        if (!format.json) {
            format.regex = regex(root.get("regex"), "regex");
            format.regexGroups = groups(format.regex);
        } else {
            format.regexGroups = Set.of();
        }
        String unmatched = root.has("unmatched") ? text(root, "unmatched") : "quarantine";
        if (!unmatched.equals("quarantine") && !unmatched.equals("ignore")) {
            throw error("unmatched", "is '" + unmatched + "'; it is 'quarantine' (the default) or 'ignore'");
        }
        if (format.json && root.has("unmatched")) {
            throw error("unmatched", "applies to 'regex' formats only; malformed JSON is always quarantined");
        }
        format.ignoreUnmatched = unmatched.equals("ignore");
        if (root.has("file")) {
            format.file = regex(root.get("file"), "file");
            format.fileGroups = groups(format.file);
        } else {
            format.fileGroups = Set.of();
        }
        if (!format.json) {
            fields = new TreeSet<>(format.regexGroups);
            fields.addAll(format.fileGroups);
            fields.add("record");
            fields.add("last_node");
        }
        format.message = root.has("message") ? fieldName(root, "message", fields)
                : format.json ? "msg" : format.regexGroups.contains("message") ? "message" : "record";
        format.node = root.has("node") ? template(root.get("node"), "node", fields) : null;
        format.key = root.has("key") ? template(root.get("key"), "key", fields) : null;
        format.type = root.has("type") ? template(root.get("type"), "type", fields) : null;
        format.vectorClock = root.has("vector_clock") ? template(root.get("vector_clock"), "vector_clock", fields)
                : null;
        format.time = root.has("time") ? time(root.get("time")) : null;
        if (format.time == null && format.vectorClock == null) {
            throw error("", "give 'time' (a wall-clock field) or 'vector_clock'; events need one of them to be"
                    + " ordered");
        }
        format.set = set(root.get("set"), "set", fields);
        format.send = templates(root.get("send"), "send", fields);
        format.recv = templates(root.get("recv"), "recv", fields);
        format.numberMessages = root.has("number_messages") && bool(root, "number_messages");
        format.rules = root.has("rules") ? rules(root.get("rules")) : null;
        if (format.node == null && (format.rules == null
                || format.rules.stream().anyMatch(rule -> rule.node() == null && !rule.ignore()))) {
            throw error("node", "is missing: give the node's template at the top (e.g. node: '${host}') or in every"
                    + " rule");
        }
        format.keep = new ArrayList<>();
        if (root.has("keep")) {
            JsonNode keep = root.get("keep");
            if (!keep.isArray()) {
                throw error("keep", "is a list of field names");
            }
            for (int i = 0; i < keep.size(); i++) {
                if (!keep.get(i).isTextual()) {
                    throw error("keep[" + i + "]", "is a field name");
                }
                format.keep.add(checkField(keep.get(i).textValue(), "keep[" + i + "]", fields));
            }
        } else {
            format.keep.add(format.message);
        }
        return format;
    }

    private Framing framing(JsonNode records) {
        if (records == null) {
            return Framing.LINE;
        }
        if (!records.isObject()) {
            throw error("records", "is a mapping with one of 'lines: N', 'start: REGEX', 'end: REGEX'");
        }
        checkKeys(records, "records", RECORDS);
        int given = (records.has("lines") ? 1 : 0) + (records.has("start") ? 1 : 0) + (records.has("end") ? 1 : 0);
        if (given != 1) {
            throw error("records", "give exactly one of 'lines: N', 'start: REGEX', 'end: REGEX'");
        }
        int maxLines = records.has("max_lines") ? positive(records, "max_lines", "records.max_lines")
                : Framing.DEFAULT_MAX_LINES;
        if (records.has("lines")) {
            if (records.has("max_lines")) {
                throw error("records.max_lines", "applies to 'start' and 'end' only");
            }
            int lines = positive(records, "lines", "records.lines");
            return new Framing(Framing.Kind.LINES, lines, null, lines);
        }
        boolean start = records.has("start");
        String key = start ? "start" : "end";
        return new Framing(start ? Framing.Kind.START : Framing.Kind.END, 0, regex(records.get(key), "records." + key),
                maxLines);
    }

    private TimeParser time(JsonNode time) {
        if (!time.isObject()) {
            throw error("time", "is a mapping: {field: NAME, format: " + TimeParser.FORMATS + ", zone: UTC}");
        }
        checkKeys(time, "time", TIME);
        if (!time.has("field")) {
            throw error("time", "needs 'field': the group or JSON field holding the time");
        }
        String field = fieldName(time, "field", fields);
        String pattern = time.has("format") ? text(time, "format") : "rfc3339";
        String zone = time.has("zone") ? text(time, "zone") : "UTC";
        try {
            return new TimeParser(field, pattern, zone);
        } catch (IllegalArgumentException e) {
            throw error("time", e.getMessage());
        }
    }

    private List<RuleFormat.Rule> rules(JsonNode rules) {
        if (!rules.isArray()) {
            throw error("rules", "is a list of rules, each with 'match: REGEX'");
        }
        List<RuleFormat.Rule> compiled = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String path = "rules[" + i + "]";
            JsonNode rule = rules.get(i);
            if (!rule.isObject()) {
                throw error(path, "is a mapping with 'match: REGEX'");
            }
            checkKeys(rule, path, RULE);
            if (!rule.has("match")) {
                throw error(path, "needs 'match: REGEX' (use '' to match every record)");
            }
            Pattern match = regex(rule.get("match"), path + ".match");
            Set<String> groups = groups(match);
            String field = rule.has("field") ? fieldName(rule, "field", fields, path + ".field") : format.message;
            Set<String> scope = null;
            if (fields != null) {
                scope = new TreeSet<>(fields);
                scope.addAll(groups);
            }
            boolean ignore = rule.has("ignore") && bool(rule, "ignore", path + ".ignore");
            if (ignore && rule.size() > (rule.has("field") ? 3 : 2)) {
                throw error(path, "an 'ignore: true' rule has only 'match' and 'field'");
            }
            boolean ignoreWithoutNode = false;
            if (rule.has("missing_node")) {
                String value = rule.get("missing_node").asText();
                if (!value.equals("quarantine") && !value.equals("ignore")) {
                    throw error(path + ".missing_node", "is '" + value + "'; it is 'quarantine' (the default) or"
                            + " 'ignore'");
                }
                ignoreWithoutNode = value.equals("ignore");
            }
            Map<String, RuleFormat.Value> set = new LinkedHashMap<>(format.set);
            set.putAll(set(rule.get("set"), path + ".set", scope));
            compiled.add(new RuleFormat.Rule(i, match, groups, field, ignore, ignoreWithoutNode,
                    rule.has("node") ? template(rule.get("node"), path + ".node", scope) : null,
                    rule.has("key") ? template(rule.get("key"), path + ".key", scope) : null,
                    rule.has("type") ? template(rule.get("type"), path + ".type", scope) : null,
                    java.util.Collections.unmodifiableMap(set),
                    templates(rule.get("send"), path + ".send", scope),
                    templates(rule.get("recv"), path + ".recv", scope)));
        }
        return List.copyOf(compiled);
    }

    private Map<String, RuleFormat.Value> set(JsonNode set, String path, Set<String> scope) {
        if (set == null) {
            return Map.of();
        }
        if (!set.isObject()) {
            throw error(path, "is a mapping of variable → value template");
        }
        Map<String, RuleFormat.Value> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String where = path + "." + name;
            if (name.isEmpty()) {
                throw error(path, "has a variable with an empty name");
            }
            if (name.equalsIgnoreCase(EventsSchema.RESERVED_VARIABLE)) {
                throw error(where, "'" + name + "' is reserved (every cut already has a 'node' field); rename the"
                        + " variable");
            }
            values.put(name, value(entry.getValue(), where, scope));
        }
        return values;
    }

    private RuleFormat.Value value(JsonNode node, String path, Set<String> scope) {
        if (node.isNull()) {
            return new RuleFormat.Value(null, null, true, null);
        }
        if (node.isObject()) {
            checkKeys(node, path, VALUE);
            if (!node.has("value")) {
                throw error(path, "needs 'value: TEMPLATE' (and optionally 'map: {FROM: TO}')");
            }
            RuleFormat.Value inner = value(node.get("value"), path + ".value", scope);
            Map<String, Object> map = null;
            if (node.has("map")) {
                JsonNode table = node.get("map");
                if (!table.isObject()) {
                    throw error(path + ".map", "is a mapping FROM: TO");
                }
                map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    JsonNode to = entry.getValue();
                    if (!to.isValueNode()) {
                        throw error(path + ".map." + entry.getKey(), "is a string, number, boolean or null");
                    }
                    map.put(entry.getKey(), to.isNull() ? RuleFormat.NULL : Template.natural(to));
                }
            }
            return new RuleFormat.Value(inner.template(), inner.literal(), inner.unset(), map);
        }
        if (node.isTextual()) {
            Template template = template(node, path, scope);
            return template.isLiteral() ? new RuleFormat.Value(null, node.textValue(), false, null)
                    : new RuleFormat.Value(template, null, false, null);
        }
        if (node.isNumber() || node.isBoolean()) {
            if (node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
                throw error(path, "is not a finite number");
            }
            return new RuleFormat.Value(null, Template.natural(node), false, null);
        }
        throw error(path, "is a template string, a number, a boolean, null, or {value: ..., map: {...}}");
    }

    private List<Template> templates(JsonNode node, String path, Set<String> scope) {
        if (node == null) {
            return List.of();
        }
        if (node.isArray()) {
            List<Template> list = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                list.add(template(node.get(i), path + "[" + i + "]", scope));
            }
            return List.copyOf(list);
        }
        return List.of(template(node, path, scope));
    }

    private Template template(JsonNode node, String path, Set<String> scope) {
        if (!node.isTextual() && !node.isNumber()) {
            throw error(path, "is a template string such as '${host}'");
        }
        Template template;
        try {
            template = Template.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
        for (String name : template.references()) {
            checkField(name, path, scope);
        }
        return template;
    }

    private String fieldName(JsonNode parent, String key, Set<String> scope) {
        return fieldName(parent, key, scope, key);
    }

    private String fieldName(JsonNode parent, String key, Set<String> scope, String path) {
        JsonNode node = parent.get(key);
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw error(path, "is a field name (a regex group or a JSON field path like event.nid)");
        }
        return checkField(node.textValue(), path, scope);
    }

    private String checkField(String name, String path, Set<String> scope) {
        if (scope != null && !scope.contains(name)) {
            throw error(path, "unknown field '" + name + "'; the regex groups and fields here are: "
                    + String.join(", ", new TreeSet<>(scope)));
        }
        return name;
    }

    private Pattern regex(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw error(path, "is a regular expression (a string)");
        }
        String text = node.textValue();
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            int index = Math.max(0, e.getIndex());
            throw error(path, "the regular expression does not compile: " + e.getDescription() + " at position "
                    + index + "\n  " + text + "\n  " + " ".repeat(Math.min(index, text.length())) + "^");
        }
    }

    /** The named groups of a regular expression, in order. */
    static Set<String> groups(Pattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        String text = pattern.pattern();
        boolean inClass = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                if (i + 1 < text.length() && text.charAt(i + 1) == 'Q') {
                    int end = text.indexOf("\\E", i + 2);
                    i = end < 0 ? text.length() : end + 1;
                } else {
                    i++;
                }
            } else if (ch == '[') {
                inClass = true;
            } else if (ch == ']') {
                inClass = false;
            } else if (ch == '(' && !inClass) {
                java.util.regex.Matcher matcher = GROUP.matcher(text).region(i, text.length());
                if (matcher.lookingAt()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private void checkKeys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(path.isEmpty() ? key : path + "." + key, "unknown key '" + key + "'; known keys"
                        + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", known));
            }
        }
    }

    private String text(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (!node.isTextual()) {
            throw error(key, "is a string");
        }
        return node.textValue();
    }

    private boolean bool(JsonNode parent, String key) {
        return bool(parent, key, key);
    }

    private boolean bool(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (!node.isBoolean()) {
            throw error(path, "is true or false");
        }
        return node.booleanValue();
    }

    private int positive(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw error(path, "is a positive integer");
        }
        return node.intValue();
    }

    private UserException error(String path, String problem) {
        return UserException.usage(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
