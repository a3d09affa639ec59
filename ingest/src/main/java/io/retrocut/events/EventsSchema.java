package io.retrocut.events;

/**
 * The columns of the Parquet events dataset that {@code retrocut ingest} writes and the analysis reads
 * ("retrocut events v1"). One row per ingested event. The README documents the same table for DuckDB, pandas and
 * Spark users.
 *
 * <pre>
 * node     STRING   required  the node that logged the event
 * hlc_l    INT64    required  HLC physical part, in the unit of the {@value #HLC_UNIT_KEY} metadata (default ms)
 * hlc_c    INT32    required  HLC logical counter
 * time     TIMESTAMP(MICROS, UTC) required  hlc_l as a timestamp, for humans and SQL
 * ts       TIMESTAMP(MICROS, UTC) optional  the wall-clock {@code ts} of the input line, when it had one
 * key      STRING   required  partition key; "" is the global key
 * type     STRING   optional  event name
 * vars     GROUP    optional  one optional field per state variable the dataset has (INT64, DOUBLE, BOOLEAN or
 *                             STRING); non-null = this event assigns the variable. Absent when no event sets any.
 * unset    LIST&lt;STRING&gt; optional  variables this event unsets ({@code "x": null} in the input)
 * send     LIST&lt;STRING&gt; optional  ids of messages sent
 * recv     LIST&lt;STRING&gt; optional  ids of messages received
 * extra    STRING   optional  unknown top-level fields of the input line, as a JSON object
 * file     STRING   required  the input file the event came from
 * line     INT64    required  1-based line number in that file
 * </pre>
 *
 * Files are {@code part-NNNNN.parquet} in the events directory (laid out as {@link #LAYOUT_HLC_SLICED} says); {@value #METADATA_FILE} describes the dataset and
 * {@value #QUARANTINE_FILE} holds the lines that could not be ingested. Both start with an underscore so Spark and
 * glob readers of {@code *.parquet} skip them.
 */
public final class EventsSchema {
    public static final String NODE = "node";
    public static final String HLC_L = "hlc_l";
    public static final String HLC_C = "hlc_c";
    public static final String TIME = "time";
    public static final String TS = "ts";
    public static final String KEY = "key";
    public static final String TYPE = "type";
    public static final String VARS = "vars";
    public static final String UNSET = "unset";
    public static final String SEND = "send";
    public static final String RECV = "recv";
    public static final String EXTRA = "extra";
    public static final String FILE = "file";
    public static final String LINE = "line";

    /** Parquet key-value metadata key holding the {@link HlcUnit} label. */
    public static final String HLC_UNIT_KEY = "retrocut.hlc_unit";
    /** Parquet key-value metadata key holding the events format version. */
    public static final String VERSION_KEY = "retrocut.events_version";
    public static final int VERSION = 1;

    public static final String METADATA_FILE = "_retrocut.json";
    public static final String QUARANTINE_FILE = "_quarantine.jsonl";
    public static final String PART_PREFIX = "part-";
    public static final String PART_SUFFIX = ".parquet";
    /**
     * The directory of the parts' deltas files: for each part, per key in it, what the part does to each node's state
     * ({@code _deltas/part-NNNNN.json}, named by the slice's {@code deltas} entry in the metadata), so that a check
     * starts every part from the right state without a first pass over the events.
     */
    public static final String DELTAS_DIRECTORY = "_deltas";

    /**
     * The {@code layout} of a dataset written by this version of {@code retrocut ingest}: its parts, in the order of
     * the metadata's {@code parts}, hold disjoint, increasing HLC ranges (no HLC of a part is at or below one of an
     * earlier part), and the rows of each part are sorted by (key, hlc_l, hlc_c, node). The metadata's {@code slices}
     * give every part's events and its first and last HLC. {@code check} then reads each part as one time slice
     * of every key in it, with no shuffle and no sort.
     */
    public static final String LAYOUT_HLC_SLICED = "hlc-sliced";

    /** A variable may not be called this: the {@code nodes} structs of a cut already have a {@code node} field. */
    public static final String RESERVED_VARIABLE = "node";

    private EventsSchema() {
    }
}
