package io.retrocut.analysis.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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

    private final String path;
    private final Dataset<Row> rows;
    private final Variables variables;
    private final HlcUnit unit;

    private EventsDataset(String path, Dataset<Row> rows, Variables variables, HlcUnit unit) {
        this.path = path;
        this.rows = rows;
        this.variables = variables;
        this.unit = unit;
    }

    public static EventsDataset open(SparkSession spark, String path) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        HlcUnit unit = readUnit(hadoop, path);
        Dataset<Row> rows;
        StructType schema;
        try {
            StructType footer = footerSchema(spark, hadoop, new Path(path));
            rows = footer == null ? spark.read().parquet(path) : spark.read().schema(footer).parquet(path);
            // Spark 4 analyzes lazily: a directory without Parquet files fails here, not in read().
            schema = rows.schema();
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
        return new EventsDataset(path, rows.select(columns.toArray(Column[]::new)), new Variables(names, types), unit);
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

    private static HlcUnit readUnit(Configuration hadoop, String path) {
        Path root = new Path(path);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            if (!fs.exists(root)) {
                throw UserException.badInput("events dataset not found: " + path + " (create one with: retrocut ingest LOGS... -o " + path + ")");
            }
            Path metadata = new Path(root, EventsSchema.METADATA_FILE);
            if (!fs.exists(metadata)) {
                return HlcUnit.MS;
            }
            try (InputStream in = fs.open(metadata)) {
                JsonNode unit = new ObjectMapper().readTree(in).get("hlc_unit");
                return unit == null ? HlcUnit.MS : HlcUnit.parse(unit.asText());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw UserException.badInput("cannot read " + EventsSchema.METADATA_FILE + " of " + path + ": " + e.getMessage());
        }
    }

    public String path() {
        return path;
    }

    /** The rows, with exactly {@link #SWEEP_COLUMNS}. */
    public Dataset<Row> rows() {
        return rows;
    }

    public Variables variables() {
        return variables;
    }

    public HlcUnit unit() {
        return unit;
    }
}
