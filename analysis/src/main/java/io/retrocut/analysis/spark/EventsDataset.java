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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
        try {
            rows = spark.read().parquet(path);
        } catch (RuntimeException e) {
            throw UserException.badInput("cannot read events dataset " + path + ": " + e.getMessage());
        }
        StructType schema = rows.schema();
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
