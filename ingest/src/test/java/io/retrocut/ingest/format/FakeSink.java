package io.retrocut.ingest.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what a format reports for one event; {@code NULL} marks an unset variable. */
final class FakeSink implements EventSink {
    static final Object UNSET = "<unset>";

    String node;
    String key;
    String type;
    Long epochSecond;
    Integer nano;
    Long hlcL;
    Integer hlcC;
    final Map<String, Object> set = new LinkedHashMap<>();
    final List<String> send = new ArrayList<>();
    final List<String> recv = new ArrayList<>();
    final Map<String, Long> vectorClock = new LinkedHashMap<>();
    String extra;

    @Override
    public void node(String node) {
        this.node = node;
    }

    @Override
    public void key(String key) {
        this.key = key;
    }

    @Override
    public void type(String type) {
        this.type = type;
    }

    @Override
    public void time(long epochSecond, int nano) {
        this.epochSecond = epochSecond;
        this.nano = nano;
    }

    @Override
    public void hlc(long l, int c) {
        this.hlcL = l;
        this.hlcC = c;
    }

    @Override
    public void setLong(String variable, long value) {
        set.put(variable, value);
    }

    @Override
    public void setDouble(String variable, double value) {
        set.put(variable, value);
    }

    @Override
    public void setBoolean(String variable, boolean value) {
        set.put(variable, value);
    }

    @Override
    public void setString(String variable, String value) {
        set.put(variable, value);
    }

    @Override
    public void unset(String variable) {
        set.put(variable, UNSET);
    }

    @Override
    public void send(String messageId) {
        send.add(messageId);
    }

    @Override
    public void recv(String messageId) {
        recv.add(messageId);
    }

    @Override
    public void vectorClock(String node, long count) {
        vectorClock.put(node, count);
    }

    @Override
    public void extra(String jsonObject) {
        extra = jsonObject;
    }
}
