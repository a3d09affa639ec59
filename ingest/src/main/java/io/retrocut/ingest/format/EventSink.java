package io.retrocut.ingest.format;

/**
 * Where a {@link Format} puts the parts of one event. The ingest implements it over its own event record; tests use a
 * small in-memory fake. Calls for one event come between two {@link FormatReader#parse} calls; every part is optional
 * except the node, and a variable may be assigned at most once per event.
 */
public interface EventSink {
    void node(String node);

    void key(String key);

    void type(String type);

    /** Wall-clock time of the event; the HLC is reconstructed from it (Kulkarni et al. 2014). */
    void time(long epochSecond, int nano) throws BadRecordException;

    /** An HLC the log itself recorded, in the dataset's HLC unit. */
    void hlc(long l, int c) throws BadRecordException;

    void setLong(String variable, long value);

    /** {@code value} must be finite. */
    void setDouble(String variable, double value);

    void setBoolean(String variable, boolean value);

    void setString(String variable, String value);

    /** The event removes the variable from its node's state. */
    void unset(String variable);

    void send(String messageId);

    void recv(String messageId);

    /** One entry of the event's vector clock: {@code node} → how many of that node's events it knows of. */
    void vectorClock(String node, long count);

    /** Fields of the record to keep for witnesses, as one JSON object text. */
    void extra(String jsonObject);
}
