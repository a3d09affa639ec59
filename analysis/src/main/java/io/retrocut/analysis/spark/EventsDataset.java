package io.retrocut.analysis.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An events dataset written by {@code retrocut ingest}, opened with Spark: its rows, its state variables (from the
 * Parquet schema of the {@code vars} group) and the unit of its HLCs (from {@code _retrocut.json}).
 */
public final class EventsDataset {
    /** The columns the sweep reads, in the order {@link EventRows} expects. */
    static final List<String> SWEEP_COLUMNS = List.of(
            EventsSchema.KEY, EventsSchema.HLC_L, EventsSchema.HLC_C, EventsSchema.NODE, EventsSchema.TYPE,
            EventsSchema.VARS, EventsSchema.UNSET, EventsSchema.FILE, EventsSchema.LINE, EventsSchema.EXTRA);

    /**
     * One part of a dataset laid out as {@link EventsSchema#LAYOUT_HLC_SLICED}: a time slice of every key in it.
     *
     * @param index the part's position in HLC order
     * @param path the part file
     * @param first its lowest HLC, null for an empty part
     * @param last its highest HLC, null for an empty part
     * @param deltas its deltas file (see {@link io.retrocut.analysis.parts.PartDeltas}), null when the dataset has none
     */
    public record Slice(int index, String path, long events, Hlc first, Hlc last, String deltas) implements java.io.Serializable {
    }

    private final String path;
    private final Supplier<Dataset<Row>> read;
    private Dataset<Row> rows;
    private final Variables variables;
    private final HlcUnit unit;
    private final List<Slice> slices;

    private EventsDataset(String path, Supplier<Dataset<Row>> read, Variables variables, HlcUnit unit, List<Slice> slices) {
        this.path = path;
        this.read = read;
        this.variables = variables;
        this.unit = unit;
        this.slices = slices;
    }

    public static EventsDataset open(SparkSession spark, String path) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        JsonNode metadata = readMetadata(hadoop, path);
        HlcUnit unit = unit(metadata, path);
        Dataset<Row> read;
        StructType schema;
        try {
            schema = footerSchema(spark, hadoop, new Path(path));
            // With the schema known, Spark's reader (a listing of the directory and a relation, ~0.3 s) is made only
            // when the rows are asked for: a check of a sliced dataset reads its parts itself.
            read = schema != null ? null : spark.read().parquet(path);
            if (read != null) {
                // Spark 4 analyzes lazily: a directory without Parquet files fails here, not in read().
                schema = read.schema();
            }
        } catch (Exception e) {
            // Scala throws AnalysisException (a checked exception to Java) without declaring it.
            throw UserException.badInput("cannot read events dataset " + path + ": " + e.getMessage());
        }
        for (String column : List.of(EventsSchema.KEY, EventsSchema.HLC_L, EventsSchema.HLC_C, EventsSchema.NODE)) {
            if (!List.of(schema.fieldNames()).contains(column)) {
                throw UserException.badInput(path + " is not a retrocut events dataset: column '" + column + "' is missing");
            }
        }
        List<String> names = new ArrayList<>();
        List<VariableType> types = new ArrayList<>();
        if (List.of(schema.fieldNames()).contains(EventsSchema.VARS)) {
            StructType vars = (StructType) schema.apply(EventsSchema.VARS).dataType();
            for (StructField field : vars.fields()) {
                VariableType type = CutSchema.variableType(field.dataType());
                if (type == null) {
                    throw UserException.badInput(path + ": variable '" + field.name() + "' has unsupported type " + field.dataType().sql());
                }
                names.add(field.name());
                types.add(type);
            }
        }
        // Optional columns may be absent from datasets written by other tools: present them as NULLs.
        List<Column> columns = new ArrayList<>();
        for (String column : SWEEP_COLUMNS) {
            boolean present = List.of(schema.fieldNames()).contains(column);
            if (present) {
                columns.add(functions.col(column));
            } else if (column.equals(EventsSchema.LINE)) {
                columns.add(functions.lit(0L).as(column));
            } else {
                columns.add(functions.lit(null).cast(column.equals(EventsSchema.UNSET) ? "array<string>" : "string").as(column));
            }
        }
        StructType known = schema;
        Dataset<Row> inferred = read;
        Supplier<Dataset<Row>> rows = () -> (inferred != null ? inferred : spark.read().schema(known).parquet(path))
                .select(columns.toArray(Column[]::new));
        return new EventsDataset(path, rows, new Variables(names, types), unit, slices(metadata, path));
    }

    /**
     * The schema Spark would infer, read on the driver. Spark infers a Parquet schema from the first data file's
     * footer (without schema merging), but it does so in a Spark job, which costs a small command most of a second;
     * this reads that same footer directly and converts it the way Spark does. Null when the layout is not a flat
     * directory of data files (subdirectories are partitions, whose columns Spark adds) or there is no data file:
     * then Spark infers, and reports what is wrong.
     */
    private static StructType footerSchema(SparkSession spark, Configuration hadoop, Path root) throws IOException {
        FileSystem fs = root.getFileSystem(hadoop);
        FileStatus status = fs.getFileStatus(root);
        FileStatus first = null;
        for (FileStatus file : status.isDirectory() ? fs.listStatus(root) : new FileStatus[] {status}) {
            String name = file.getPath().getName();
            if (file != status && (name.startsWith("_") || name.startsWith("."))) {
                continue;
            }
            if (!file.isFile()) {
                return null;
            }
            if (first == null || name.compareTo(first.getPath().getName()) < 0) {
                first = file;
            }
        }
        if (first == null) {
            return null;
        }
        ParquetMetadata metadata;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(first, hadoop))) {
            metadata = reader.getFooter();
        }
        return ParquetFileFormat.readSchemaFromFooter(new Footer(first.getPath(), metadata),
                new ParquetToSparkSchemaConverter(spark.sessionState().conf()));
    }

    /** {@code _retrocut.json}, or null for a dataset without one (written by another tool). */
    private static JsonNode readMetadata(Configuration hadoop, String path) {
        Path root = new Path(path);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            if (!fs.exists(root)) {
                throw UserException.badInput("events dataset not found: " + path + " (create one with: retrocut ingest LOGS... -o " + path + ")");
            }
            Path metadata = new Path(root, EventsSchema.METADATA_FILE);
            if (!fs.exists(metadata)) {
                return null;
            }
            try (InputStream in = fs.open(metadata)) {
                return new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw UserException.badInput("cannot read " + EventsSchema.METADATA_FILE + " of " + path + ": " + e.getMessage());
        }
    }

    private static HlcUnit unit(JsonNode metadata, String path) {
        JsonNode unit = metadata == null ? null : metadata.get("hlc_unit");
        try {
            return unit == null ? HlcUnit.MS : HlcUnit.parse(unit.asText());
        } catch (IllegalArgumentException e) {
            throw UserException.badInput("cannot read " + EventsSchema.METADATA_FILE + " of " + path + ": " + e.getMessage());
        }
    }

    /** The parts as time slices, when the metadata says the dataset has that layout; empty otherwise. */
    private static List<Slice> slices(JsonNode metadata, String path) {
        if (metadata == null || !EventsSchema.LAYOUT_HLC_SLICED.equals(metadata.path("layout").asText(null))
                || !metadata.path("slices").isArray()) {
            return List.of();
        }
        List<Slice> slices = new ArrayList<>();
        for (JsonNode slice : metadata.get("slices")) {
            String part = slice.path("part").asText("");
            if (part.isEmpty() || part.contains("/") || !slice.path("events").canConvertToLong()) {
                throw UserException.badInput("cannot read " + EventsSchema.METADATA_FILE + " of " + path + ": bad slice " + slice);
            }
            String deltas = slice.path("deltas").asText(null);
            if (deltas != null && (deltas.isEmpty() || deltas.startsWith("/") || deltas.contains(".."))) {
                throw UserException.badInput("cannot read " + EventsSchema.METADATA_FILE + " of " + path + ": bad slice " + slice);
            }
            slices.add(new Slice(slices.size(), new Path(new Path(path), part).toString(), slice.get("events").asLong(),
                    hlc(slice.get("first")), hlc(slice.get("last")), deltas == null ? null : new Path(new Path(path), deltas).toString()));
        }
        return List.copyOf(slices);
    }

    private static Hlc hlc(JsonNode node) {
        return node == null || !node.isObject() ? null : new Hlc(node.path("l").asLong(), node.path("c").asInt());
    }

    /**
     * The parts in HLC order when the dataset is laid out as {@link EventsSchema#LAYOUT_HLC_SLICED} (every dataset
     * this version of {@code retrocut ingest} writes); empty when it is not, and its events must be sorted first.
     */
    public List<Slice> slices() {
        return slices;
    }

    public String path() {
        return path;
    }

    /** The rows, with exactly {@link #SWEEP_COLUMNS}. */
    public Dataset<Row> rows() {
        if (rows == null) {
            rows = read.get();
        }
        return rows;
    }

    public Variables variables() {
        return variables;
    }

    public HlcUnit unit() {
        return unit;
    }
}
