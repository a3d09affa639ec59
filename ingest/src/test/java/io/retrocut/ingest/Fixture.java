package io.retrocut.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.events.EventsSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Test helpers: writing input files, reading the dataset back with parquet-hadoop. */
final class Fixture {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixture() {
    }

    static Path write(Path dir, String name, String content) {
        return writeBytes(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(Path dir, String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(String content) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One stored event, with the optional columns as null when absent. */
    record Row(String node, long l, int c, long time, Long ts, String key, String type, Map<String, Object> vars,
            List<String> unset, List<String> send, List<String> recv, String extra, String file, long line) {
    }

    /** Orders rows by HLC. */
    static int compareHlc(Row a, Row b) {
        int order = Long.compare(a.l(), b.l());
        return order != 0 ? order : Integer.compare(a.c(), b.c());
    }

    static List<Path> parts(Path events) {
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(path -> path.getFileName().toString().endsWith(EventsSchema.PART_SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Group> groups(Path part) {
        List<Group> groups = new ArrayList<>();
        forEachGroup(part, groups::add);
        return groups;
    }

    /** Streams the rows of one part file (for datasets too large for a list). */
    static void forEachGroup(Path part, java.util.function.Consumer<Group> action) {
        try (ParquetReader<Group> reader = new ParquetReader.Builder<Group>(new LocalInputFile(part)) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        }.build()) {
            Group group;
            while ((group = reader.read()) != null) {
                action.accept(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> rows(Path events) {
        List<Row> rows = new ArrayList<>();
        for (Path part : parts(events)) {
            for (Group group : groups(part)) {
                rows.add(row(group));
            }
        }
        return rows;
    }

    static Row row(Group group) {
        Map<String, Object> vars = null;
        if (group.getType().containsField(EventsSchema.VARS) && group.getFieldRepetitionCount(EventsSchema.VARS) > 0) {
            vars = new LinkedHashMap<>();
            Group varsGroup = group.getGroup(EventsSchema.VARS, 0);
            GroupType type = varsGroup.getType();
            for (Type field : type.getFields()) {
                if (varsGroup.getFieldRepetitionCount(field.getName()) == 0) {
                    continue;
                }
                PrimitiveType primitive = field.asPrimitiveType();
                Object value = switch (primitive.getPrimitiveTypeName()) {
                    case INT64 -> varsGroup.getLong(field.getName(), 0);
                    case DOUBLE -> varsGroup.getDouble(field.getName(), 0);
                    case BOOLEAN -> varsGroup.getBoolean(field.getName(), 0);
                    case BINARY -> varsGroup.getString(field.getName(), 0);
                    default -> throw new IllegalStateException("unexpected " + primitive);
                };
                vars.put(field.getName(), value);
            }
        }
        return new Row(
                group.getString(EventsSchema.NODE, 0),
                group.getLong(EventsSchema.HLC_L, 0),
                group.getInteger(EventsSchema.HLC_C, 0),
                group.getLong(EventsSchema.TIME, 0),
                group.getFieldRepetitionCount(EventsSchema.TS) == 0 ? null : group.getLong(EventsSchema.TS, 0),
                group.getString(EventsSchema.KEY, 0),
                optionalString(group, EventsSchema.TYPE),
                vars,
                list(group, EventsSchema.UNSET),
                list(group, EventsSchema.SEND),
                list(group, EventsSchema.RECV),
                optionalString(group, EventsSchema.EXTRA),
                group.getString(EventsSchema.FILE, 0),
                group.getLong(EventsSchema.LINE, 0));
    }

    private static String optionalString(Group group, String field) {
        return group.getFieldRepetitionCount(field) == 0 ? null : group.getString(field, 0);
    }

    private static List<String> list(Group group, String field) {
        if (group.getFieldRepetitionCount(field) == 0) {
            return null;
        }
        Group list = group.getGroup(field, 0);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
            values.add(list.getGroup("list", i).getString("element", 0));
        }
        return values;
    }

    static List<JsonNode> quarantine(Path events) {
        try {
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(events.resolve(EventsSchema.QUARANTINE_FILE))) {
                records.add(JSON.readTree(line));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quarantineText(Path events) {
        try {
            return Files.readString(events.resolve(EventsSchema.QUARANTINE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lists the entries of a directory by name, to prove nothing (e.g. a temporary directory) was left behind. */
    static List<String> entries(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
