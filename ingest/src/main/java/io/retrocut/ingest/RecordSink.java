package io.retrocut.ingest;

import io.retrocut.events.HlcUnit;
import io.retrocut.ingest.format.BadRecordException;
import io.retrocut.ingest.format.EventSink;

/**
 * Fills an {@link EventRecord} from a {@link io.retrocut.ingest.format.Format}, with the same range checks as the
 * canonical parser ({@link EventParser}).
 */
final class RecordSink implements EventSink {
    /** RFC 3339 allows years 0000 to 9999. */
    private static final long MIN_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private final long maxHlcL;
    private EventRecord event;

    RecordSink(HlcUnit unit) {
        this.maxHlcL = unit == HlcUnit.MS ? Long.MAX_VALUE / 1_000 : Long.MAX_VALUE;
    }

    /** Starts a new event in {@code record} (which is reset). */
    RecordSink into(EventRecord record) {
        record.reset();
        this.event = record;
        return this;
    }

    @Override
    public void node(String node) {
        event.node = node;
    }

    @Override
    public void key(String key) {
        event.key = key;
    }

    @Override
    public void type(String type) {
        event.type = type;
    }

    @Override
    public void time(long epochSecond, int nano) throws BadRecordException {
        if (epochSecond < MIN_EPOCH_SECOND || epochSecond > MAX_EPOCH_SECOND) {
            throw new BadRecordException("the time is out of range (expected a time in the years 0000 to 9999)");
        }
        event.tsSecond = epochSecond;
        event.tsNano = nano;
        event.hasTs = true;
    }

    @Override
    public void hlc(long l, int c) throws BadRecordException {
        if (l < 0 || l > maxHlcL) {
            throw new BadRecordException("the HLC's physical part is out of range: " + l + " (expected 0.." + maxHlcL
                    + ")");
        }
        if (c < 0) {
            throw new BadRecordException("the HLC's logical counter is negative: " + c);
        }
        event.hlcL = l;
        event.hlcC = c;
        event.hasHlc = true;
    }

    @Override
    public void setLong(String variable, long value) {
        event.addVariable(variable, EventRecord.LONG, value, null);
    }

    @Override
    public void setDouble(String variable, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a variable's double must be finite: " + variable + " = " + value);
        }
        event.addVariable(variable, EventRecord.DOUBLE, 0, Double.toString(value));
    }

    @Override
    public void setBoolean(String variable, boolean value) {
        event.addVariable(variable, EventRecord.BOOLEAN, value ? 1 : 0, null);
    }

    @Override
    public void setString(String variable, String value) {
        event.addVariable(variable, EventRecord.STRING, 0, value);
    }

    @Override
    public void unset(String variable) {
        event.addVariable(variable, EventRecord.NULL, 0, null);
    }

    @Override
    public void send(String messageId) {
        event.hasSend = true;
        event.send.add(messageId);
    }

    @Override
    public void recv(String messageId) {
        event.hasRecv = true;
        event.recv.add(messageId);
    }

    @Override
    public void vectorClock(String node, long count) {
        event.vectorClock.put(node, count);
    }

    @Override
    public void extra(String jsonObject) {
        event.extra = jsonObject;
    }
}
