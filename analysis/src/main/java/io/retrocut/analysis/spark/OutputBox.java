package io.retrocut.analysis.spark;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a job's tasks leave their outputs for a driver in the same JVM (the embedded {@code local[*]} Spark), by
 * reference. Spark copies a task result five times on its way to the driver (serialized twice into chunked buffers,
 * flattened, deserialized twice): ~1.5 GB of copying for the ~300 MB of intervals and witnesses that a seven-invariant
 * check of 10M events sends. A task looks the box up by its id: when it is found, the driver is in the task's JVM; when
 * not (an executor of a cluster), the task returns its output as a task result, as before.
 */
final class OutputBox implements AutoCloseable {
    /** What a task returns in place of its output when it left the output in the box (an output is never empty). */
    static final byte[] IN_BOX = new byte[0];

    private static final Map<String, OutputBox> OPEN = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final Map<Integer, byte[]> outputs = new ConcurrentHashMap<>();

    private OutputBox() {
    }

    /** A new box, open to this JVM's tasks until closed. */
    static OutputBox open() {
        OutputBox box = new OutputBox();
        OPEN.put(box.id, box);
        return box;
    }

    /** The id tasks are given to find the box. */
    String id() {
        return id;
    }

    /**
     * In a task: leaves {@code output} for partition {@code partition} in the box {@code id} when that box is open in
     * this JVM. A retried task's output replaces its failed attempt's.
     *
     * @return what the task returns as its result: {@link #IN_BOX} when the output is in the box, otherwise the output
     */
    static byte[] deliver(String id, int partition, byte[] output) {
        OutputBox box = id == null ? null : OPEN.get(id);
        if (box == null) {
            return output;
        }
        box.outputs.put(partition, output);
        return IN_BOX;
    }

    /**
     * On the driver: partition {@code partition}'s output, given the task's result ({@link #deliver}'s return).
     *
     * @throws IllegalStateException when the result says the output is in the box and it is not
     */
    byte[] take(int partition, byte[] result) {
        if (result.length > 0) {
            return result;
        }
        byte[] output = outputs.remove(partition);
        if (output == null) {
            throw new IllegalStateException("the output of part " + partition + " is not in the driver's box");
        }
        return output;
    }

    @Override
    public void close() {
        OPEN.remove(id);
        outputs.clear();
    }
}
