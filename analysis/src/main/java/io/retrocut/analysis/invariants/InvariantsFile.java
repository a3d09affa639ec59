package io.retrocut.analysis.invariants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.retrocut.events.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the structure of an invariants file (SPEC §4). The SQL of each {@code check} is validated
 * later, against the events' variables, by the Spark check compiler. Every error names the file and the invariant.
 */
public final class InvariantsFile {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Set<String> FIELDS = Set.of("name", "description", "check", "for");

    private InvariantsFile() {
    }

    public static List<Invariant> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw UserException.usage("invariants file not found: " + file);
        } catch (IOException e) {
            throw UserException.usage("cannot read invariants file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code source} names the file in error messages. */
    public static List<Invariant> parse(String source, String text) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw UserException.usage(source + ": not valid YAML: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject() || !root.has("invariants")) {
            throw UserException.usage(source + ": expected a top-level 'invariants:' list");
        }
        JsonNode list = root.get("invariants");
        if (!list.isArray() || list.isEmpty()) {
            throw UserException.usage(source + ": 'invariants' must be a non-empty list of invariants");
        }
        List<Invariant> invariants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Invariant invariant = parseOne(source, i + 1, list.get(i));
            if (!names.add(invariant.name())) {
                throw UserException.usage(source + ": duplicate invariant name '" + invariant.name() + "' (invariant #" + (i + 1) + ")");
            }
            invariants.add(invariant);
        }
        return List.copyOf(invariants);
    }

    private static Invariant parseOne(String source, int number, JsonNode node) {
        String where = source + ": invariant #" + number;
        if (!node.isObject()) {
            throw UserException.usage(where + ": expected a mapping with name and check");
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw UserException.usage(where + ": unknown field '" + field + "'; expected name, description, check, for");
            }
        }
        String name = text(node, "name", where);
        if (name == null) {
            throw UserException.usage(where + ": missing 'name'");
        }
        if (!NAME.matcher(name).matches()) {
            throw UserException.usage(where + ": name '" + name + "' must match [a-z0-9-]+");
        }
        where = source + ": invariant '" + name + "'";
        String check = text(node, "check", where);
        if (check == null || check.isBlank()) {
            throw UserException.usage(where + ": missing 'check' (a Spark SQL boolean expression over nodes, key, hlc, time)");
        }
        long minDurationMs = 0;
        String forText = text(node, "for", where);
        if (forText != null) {
            try {
                minDurationMs = Durations.parseMillis(forText);
            } catch (IllegalArgumentException e) {
                throw UserException.usage(where + ": bad 'for': " + e.getMessage());
            }
        }
        return new Invariant(name, text(node, "description", where), check, minDurationMs);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw UserException.usage(where + ": '" + field + "' must be a single value, not a list or mapping");
        }
        return value.asText();
    }
}
