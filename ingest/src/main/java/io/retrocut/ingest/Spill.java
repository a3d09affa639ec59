package io.retrocut.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The compact binary form of validated events between the two passes: pass 1 writes it while the variable types
 * are still being inferred, pass 2 reads it back once they are known. Nodes, keys, files and variables are
 * dictionary ids; integers are varints. The format is private to one ingest run.
 */
final class Spill {
    private static final int BUFFER = 1 << 16;
    private static final int HAS_TS = 1;
    private static final int HAS_TYPE = 2;
    private static final int HAS_SEND = 4;
    private static final int HAS_RECV = 8;
    private static final int HAS_EXTRA = 16;
    /** The event's own {@code hlc}; without it {@code hlcL} holds the physical time the HLC is derived from. */
    private static final int GIVEN_HLC = 32;
    private static final int HAS_CLOCK = 64;

    private Spill() {
    }

    static final class Writer implements AutoCloseable {
        /** Texts up to this many chars are checked for ASCII and copied without encoding (a one-byte length). */
        private static final int SHORT_STRING = 127;

        private final OutputStream out;
        private final byte[] buffer;
        private int position;

        Writer(OutputStream out) {
            this(out, BUFFER);
        }

        Writer(OutputStream out, int bufferSize) {
            this.out = out;
            this.buffer = new byte[bufferSize];
        }

        /** Writes an event whose ids ({@code nodeId}, {@code keyId}, {@code fileId}, {@code varIds}) are set. */
        void write(EventRecord event, long tsMicros) throws IOException {
            write(event, tsMicros, VectorClock.EMPTY);
        }

        /**
         * Writes an event and its vector clock (entries by clock-name id). {@code event.hasHlc} is kept: without it,
         * {@code hlcL} is the physical time the HLC will be derived from.
         */
        void write(EventRecord event, long tsMicros, VectorClock clock) throws IOException {
            event.ensureMessageIds();
            writeVarLong(event.nodeId);
            writeVarLong(event.hlcL);
            writeVarLong(event.hlcC);
            int flags = (event.hasTs ? HAS_TS : 0) | (event.type != null ? HAS_TYPE : 0)
                    | (event.hasSend ? HAS_SEND : 0) | (event.hasRecv ? HAS_RECV : 0)
                    | (event.hasExtra() ? HAS_EXTRA : 0) | (event.hasHlc ? GIVEN_HLC : 0)
                    | (clock.size() > 0 ? HAS_CLOCK : 0);
            writeByte(flags);
            if (event.hasTs) {
                writeVarLong((tsMicros << 1) ^ (tsMicros >> 63));
            }
            writeVarLong(event.keyId);
            if (event.type != null) {
                writeString(event.type);
            }
            writeVarLong(event.fileId);
            writeVarLong(event.line);
            writeVarLong(event.varCount);
            for (int i = 0; i < event.varCount; i++) {
                writeVarLong(event.varIds[i]);
                byte tag = event.varTags[i];
                writeByte(tag);
                switch (tag) {
                    case EventRecord.LONG -> {
                        long value = event.varLongs[i];
                        writeVarLong((value << 1) ^ (value >> 63));
                    }
                    case EventRecord.BOOLEAN -> writeByte((int) event.varLongs[i]);
                    case EventRecord.DOUBLE, EventRecord.STRING -> writeString(event.varTexts[i]);
                    case EventRecord.NULL -> {
                    }
                    default -> throw new IllegalStateException("unknown variable tag " + tag);
                }
            }
            if (event.hasSend) {
                writeMessages(event.send, event.sendIds, event.idBytes, event.sendSpans);
            }
            if (event.hasRecv) {
                writeMessages(event.recv, event.recvIds, event.idBytes, event.recvSpans);
            }
            if (event.extra != null) {
                writeString(event.extra);
            } else if (event.extraLength >= 0) {
                writeBytes(event.extraBytes, 0, event.extraLength);
            }
            if (clock.size() > 0) {
                writeVarLong(clock.size());
                for (int i = 0; i < clock.size(); i++) {
                    writeVarLong(clock.node(i));
                    writeVarLong(clock.count(i));
                }
            }
        }

        /** Message ids with their numbers ({@link CausalLinks}): the merge needs the numbers, Parquet the ids. */
        /**
         * Message ids with their numbers ({@link CausalLinks}): the merge needs the numbers, Parquet the ids. With
         * {@code idBytes} (see {@link EventRecord#idBytes}), the ids' UTF-8 is taken from there.
         */
        private void writeMessages(List<String> values, int[] numbers, byte[] idBytes, long[] spans)
                throws IOException {
            writeVarLong(values.size());
            for (int i = 0; i < values.size(); i++) {
                writeVarLong(numbers[i]);
                if (idBytes != null) {
                    writeBytes(idBytes, (int) (spans[i] >>> 32), (int) spans[i]);
                } else {
                    writeString(values.get(i));
                }
            }
        }

        private void writeString(String value) throws IOException {
            int length = value.length();
            if (length <= SHORT_STRING && buffer.length > SHORT_STRING) {
                // most texts are short ASCII (types, roles, node names): written as they are, no byte[] per string
                if (buffer.length - position < SHORT_STRING + 1) {
                    flushBuffer();
                }
                int at = position + 1;
                for (int i = 0; i < length; i++) {
                    char c = value.charAt(i);
                    if (c >= 0x80) {
                        at = -1;
                        break;
                    }
                    buffer[at++] = (byte) c;
                }
                if (at >= 0) {
                    // the length, one varint byte, goes before the text
                    buffer[position] = (byte) length;
                    position = at;
                    return;
                }
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            writeBytes(bytes, 0, bytes.length);
        }

        /** Writes a string given as its UTF-8 bytes, as {@link #writeString} writes it. */
        private void writeBytes(byte[] bytes, int from, int length) throws IOException {
            writeVarLong(length);
            if (length > buffer.length - position) {
                flushBuffer();
                if (length > buffer.length) {
                    out.write(bytes, from, length);
                    return;
                }
            }
            System.arraycopy(bytes, from, buffer, position, length);
            position += length;
        }

        private void writeByte(int value) throws IOException {
            if (position == buffer.length) {
                flushBuffer();
            }
            buffer[position++] = (byte) value;
        }

        private void writeVarLong(long value) throws IOException {
            if (buffer.length - position < 10) {
                flushBuffer();
            }
            while ((value & ~0x7FL) != 0) {
                buffer[position++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[position++] = (byte) value;
        }

        private void flushBuffer() throws IOException {
            out.write(buffer, 0, position);
            position = 0;
        }

        /** Hands everything written so far to the output stream (e.g. to know where a record ends in memory). */
        void flush() throws IOException {
            flushBuffer();
        }

        @Override
        public void close() throws IOException {
            try {
                flushBuffer();
            } finally {
                out.close();
            }
        }
    }

    /**
     * One spilled event decoded in place from a byte array: numbers are decoded, strings stay where they are (as
     * offset and length into {@link #data}), so that pass 2 can hand them to Parquet as bytes without a round trip
     * through {@link String}. Reused event after event; not thread-safe.
     */
    static final class View {
        byte[] data;
        int nodeId;
        long hlcL;
        int hlcC;
        boolean hasTs;
        long tsMicros;
        int keyId;
        /** Offset and length of the type's UTF-8 bytes; a negative length when the event has no type. */
        int typeOffset;
        int typeLength;
        int fileId;
        long line;
        int varCount;
        int[] varIds = new int[8];
        byte[] varTags = new byte[8];
        /** LONG: the value; BOOLEAN: 1 or 0. */
        long[] varLongs = new long[8];
        /** DOUBLE and STRING: offset and length of the value's UTF-8 bytes (a DOUBLE's JSON text). */
        int[] varOffsets = new int[8];
        int[] varLengths = new int[8];
        boolean hasSend;
        /**
         * Number of send ids and of receive ids; their bytes are (offset, length) pairs in {@link #idOffsets} and
         * {@link #idLengths}, the sends first.
         */
        int sendCount;
        boolean hasRecv;
        int recvCount;
        int[] idOffsets = new int[8];
        int[] idLengths = new int[8];
        /** Offset and length of {@code extra}; a negative length when the event has none. */
        int extraOffset;
        int extraLength;
        private int position;

        /** Decodes the event that starts at {@code data[from]}; returns the offset just after it. */
        int read(byte[] data, int from) {
            this.data = data;
            this.position = from;
            nodeId = (int) varLong();
            hlcL = varLong();
            hlcC = (int) varLong();
            int flags = data[position++] & 0xFF;
            hasTs = (flags & HAS_TS) != 0;
            if (hasTs) {
                long zigzag = varLong();
                tsMicros = (zigzag >>> 1) ^ -(zigzag & 1);
            }
            keyId = (int) varLong();
            typeLength = -1;
            if ((flags & HAS_TYPE) != 0) {
                typeLength = (int) varLong();
                typeOffset = position;
                position += typeLength;
            }
            fileId = (int) varLong();
            line = varLong();
            varCount = (int) varLong();
            if (varIds.length < varCount) {
                int size = Math.max(varCount, varIds.length * 2);
                varIds = new int[size];
                varTags = new byte[size];
                varLongs = new long[size];
                varOffsets = new int[size];
                varLengths = new int[size];
            }
            for (int i = 0; i < varCount; i++) {
                varIds[i] = (int) varLong();
                byte tag = data[position++];
                varTags[i] = tag;
                switch (tag) {
                    case EventRecord.LONG -> {
                        long zigzag = varLong();
                        varLongs[i] = (zigzag >>> 1) ^ -(zigzag & 1);
                    }
                    case EventRecord.BOOLEAN -> varLongs[i] = data[position++] & 0xFF;
                    case EventRecord.DOUBLE, EventRecord.STRING -> {
                        varLengths[i] = (int) varLong();
                        varOffsets[i] = position;
                        position += varLengths[i];
                    }
                    case EventRecord.NULL -> {
                    }
                    default -> throw new IllegalStateException("corrupt spill: unknown variable tag " + tag);
                }
            }
            hasSend = (flags & HAS_SEND) != 0;
            sendCount = hasSend ? ids(0) : 0;
            hasRecv = (flags & HAS_RECV) != 0;
            recvCount = hasRecv ? ids(sendCount) : 0;
            extraLength = -1;
            if ((flags & HAS_EXTRA) != 0) {
                extraLength = (int) varLong();
                extraOffset = position;
                position += extraLength;
            }
            if ((flags & HAS_CLOCK) != 0) {
                int size = (int) varLong();
                for (int i = 0; i < 2 * size; i++) {
                    varLong();
                }
            }
            return position;
        }

        private int ids(int start) {
            int count = (int) varLong();
            if (idOffsets.length < start + count) {
                int size = Math.max(start + count, idOffsets.length * 2);
                idOffsets = Arrays.copyOf(idOffsets, size);
                idLengths = Arrays.copyOf(idLengths, size);
            }
            for (int i = start; i < start + count; i++) {
                varLong(); // the message's number, for the merge
                idLengths[i] = (int) varLong();
                idOffsets[i] = position;
                position += idLengths[i];
            }
            return count;
        }

        private long varLong() {
            long value = 0;
            int shift = 0;
            while (true) {
                int b = data[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
                shift += 7;
            }
        }
    }

    static final class Reader implements AutoCloseable {
        private final InputStream in;
        private final byte[] buffer;
        private int position;
        private int limit;
        private long tsMicros;
        private final VectorClock clock = new VectorClock();
        /** The bytes of a record that spans a refill: those before it while reading, then the whole record. */
        private byte[] record = new byte[256];
        private int recordLength;
        /** The last record read, for {@link #copyRecord}: in {@link #buffer} unless it spans a refill. */
        private byte[] lastBytes = record;
        private int lastOffset;
        /** Where the record being read starts in {@link #buffer}; -1 between records. */
        private int recordStart = -1;
        private boolean texts = true;
        /** Scratch of {@link #copyRecord}: the record's node and new HLC. */
        private byte[] header = new byte[32];

        Reader(InputStream in) {
            this(in, BUFFER);
        }

        Reader(InputStream in, int bufferSize) {
            this.in = in;
            this.buffer = new byte[bufferSize];
        }

        /** Reads the next event into {@code event} (ids only, no names); false at the end. */
        boolean read(EventRecord event) throws IOException {
            if (position == limit && !fill()) {
                return false;
            }
            recordStart = position;
            recordLength = 0;
            event.reset();
            event.nodeId = (int) readVarLong();
            event.hlcL = readVarLong();
            event.hlcC = (int) readVarLong();
            int flags = readByte();
            event.hasHlc = (flags & GIVEN_HLC) != 0;
            if ((flags & HAS_TS) != 0) {
                long zigzag = readVarLong();
                tsMicros = (zigzag >>> 1) ^ -(zigzag & 1);
                event.hasTs = true;
            }
            event.keyId = (int) readVarLong();
            if ((flags & HAS_TYPE) != 0) {
                event.type = text();
            }
            event.fileId = (int) readVarLong();
            event.line = readVarLong();
            int count = (int) readVarLong();
            if (!texts) {
                skipVariables(count);
                count = 0;
            }
            for (int i = 0; i < count; i++) {
                int id = (int) readVarLong();
                byte tag = (byte) readByte();
                int index;
                switch (tag) {
                    case EventRecord.LONG -> {
                        long zigzag = readVarLong();
                        index = event.addVariable(null, tag, (zigzag >>> 1) ^ -(zigzag & 1), null);
                    }
                    case EventRecord.BOOLEAN -> index = event.addVariable(null, tag, readByte(), null);
                    case EventRecord.DOUBLE, EventRecord.STRING ->
                            index = event.addVariable(null, tag, 0, text());
                    case EventRecord.NULL -> index = event.addVariable(null, tag, 0, null);
                    default -> throw new IllegalStateException("corrupt spill: unknown variable tag " + tag);
                }
                event.varIds[index] = id;
            }
            if ((flags & HAS_SEND) != 0) {
                event.hasSend = true;
                if (texts) {
                    event.sendIds = readMessages(event.send, event.sendIds);
                } else {
                    readMessageBytes(event, true);
                }
            }
            if ((flags & HAS_RECV) != 0) {
                event.hasRecv = true;
                if (texts) {
                    event.recvIds = readMessages(event.recv, event.recvIds);
                } else {
                    readMessageBytes(event, false);
                }
            }
            if ((flags & HAS_EXTRA) != 0) {
                event.extra = text();
            }
            clock.clear();
            if ((flags & HAS_CLOCK) != 0) {
                int size = (int) readVarLong();
                for (int i = 0; i < size; i++) {
                    clock.add((int) readVarLong(), readVarLong());
                }
            }
            if (recordLength == 0) {
                lastBytes = buffer;
                lastOffset = recordStart;
                recordLength = position - recordStart;
            } else {
                keep(position);
                lastBytes = record;
                lastOffset = 0;
            }
            recordStart = -1;
            if (!texts && (event.hasSend || event.hasRecv)) {
                // the ids stay where the record is (see readMessageBytes)
                event.idBytes = lastBytes;
                long shift = (long) lastOffset << 32;
                for (int i = 0; i < event.send.size(); i++) {
                    event.sendSpans[i] += shift;
                }
                for (int i = 0; i < event.recv.size(); i++) {
                    event.recvSpans[i] += shift;
                }
            }
            return true;
        }

        /**
         * Appends the last record read to {@code out} as it was written, except for its HLC, which becomes
         * {@code (hlcL, hlcC)}: pass 2 buffers the ordered events this way without decoding and encoding them again.
         */
        void copyRecord(long hlcL, int hlcC, OutputStream out) throws IOException {
            byte[] bytes = lastBytes;
            int nodeEnd = Varints.skip(bytes, lastOffset);
            int hlcEnd = Varints.skip(bytes, Varints.skip(bytes, nodeEnd));
            int nodeLength = nodeEnd - lastOffset;
            if (header.length < nodeLength + 15) {
                header = new byte[nodeLength + 15];
            }
            System.arraycopy(bytes, lastOffset, header, 0, nodeLength);
            int length = Varints.put(header, Varints.put(header, nodeLength, hlcL), hlcC);
            out.write(header, 0, length);
            out.write(bytes, hlcEnd, lastOffset + recordLength - hlcEnd);
        }

        /** Adds the buffer's bytes of the record being read up to {@code end} to {@link #record}. */
        private void keep(int end) {
            int length = end - recordStart;
            if (recordLength + length > record.length) {
                record = Arrays.copyOf(record, Math.max(record.length * 2, recordLength + length));
            }
            System.arraycopy(buffer, recordStart, record, recordLength, length);
            recordLength += length;
        }

        /** The vector clock of the last event read (entries by the ids it was written with); empty when none. */
        VectorClock clock() {
            return clock;
        }

        /** The {@code ts} of the last event read, in epoch microseconds. */
        long tsMicros() {
            return tsMicros;
        }

        private int[] readMessages(List<String> values, int[] numbers) throws IOException {
            int count = (int) readVarLong();
            int[] into = numbers.length >= count ? numbers : new int[count];
            for (int i = 0; i < count; i++) {
                into[i] = (int) readVarLong();
                values.add(readString());
            }
            return into;
        }

        /** Passes over {@code count} variable assignments (pass 2 copies them as bytes, see {@link #withoutTexts}). */
        private void skipVariables(int count) throws IOException {
            for (int i = 0; i < count; i++) {
                readVarLong();
                byte tag = (byte) readByte();
                switch (tag) {
                    case EventRecord.LONG -> readVarLong();
                    case EventRecord.BOOLEAN -> readByte();
                    case EventRecord.DOUBLE, EventRecord.STRING -> text();
                    case EventRecord.NULL -> {
                    }
                    default -> throw new IllegalStateException("corrupt spill: unknown variable tag " + tag);
                }
            }
        }

        /**
         * Reads message ids as {@link #readMessages} does, but leaves them as bytes where they are in the record:
         * pass 2 needs an id as a string only for a warning. The spans are offsets in the record until {@link #read}
         * knows where the whole record is (it may span a refill), then in {@link EventRecord#idBytes}, which is the
         * record's array; valid until this reader reads the next record.
         */
        private void readMessageBytes(EventRecord event, boolean isSend) throws IOException {
            int count = (int) readVarLong();
            if (count == 0) {
                return;
            }
            event.ensureSpan(isSend, count - 1);
            int[] numbers = isSend ? event.sendIds : event.recvIds;
            long[] spans = isSend ? event.sendSpans : event.recvSpans;
            List<String> values = isSend ? event.send : event.recv;
            for (int i = 0; i < count; i++) {
                numbers[i] = (int) readVarLong();
                int length = (int) readVarLong();
                spans[i] = (long) (recordLength + position - recordStart) << 32 | length;
                while (length > 0) {
                    if (position == limit && !fill()) {
                        throw new EOFException("corrupt spill: message id ends early");
                    }
                    int take = Math.min(length, limit - position);
                    position += take;
                    length -= take;
                }
                values.add(null);
            }
        }

        /**
         * Reads no type, extra or variables from here on: they are left null (and no variables) in the events read,
         * and message ids stay bytes ({@link #readMessageBytes}). For pass 2,
         * which needs the events' clocks and links but takes their bytes as they are ({@link #copyRecord}).
         */
        Reader withoutTexts() {
            texts = false;
            return this;
        }

        /** A type, extra or variable text; null when texts are not read. */
        private String text() throws IOException {
            if (texts) {
                return readString();
            }
            int length = (int) readVarLong();
            while (length > 0) {
                if (position == limit && !fill()) {
                    throw new EOFException("corrupt spill: string ends early");
                }
                int take = Math.min(length, limit - position);
                position += take;
                length -= take;
            }
            return null;
        }

        private String readString() throws IOException {
            int length = (int) readVarLong();
            if (limit - position >= length) {
                String value = new String(buffer, position, length, StandardCharsets.UTF_8);
                position += length;
                return value;
            }
            byte[] bytes = new byte[length];
            int done = 0;
            while (done < length) {
                if (position == limit && !fill()) {
                    throw new EOFException("corrupt spill: string ends early");
                }
                int take = Math.min(length - done, limit - position);
                System.arraycopy(buffer, position, bytes, done, take);
                position += take;
                done += take;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private int readByte() throws IOException {
            if (position == limit && !fill()) {
                throw new EOFException("corrupt spill: record ends early");
            }
            return buffer[position++] & 0xFF;
        }

        private long readVarLong() throws IOException {
            if (limit - position >= 10) {
                // a varint is at most 10 bytes: no refill to check for within the buffer
                byte[] bytes = buffer;
                int at = position;
                long value = 0;
                int shift = 0;
                int b;
                do {
                    b = bytes[at++];
                    value |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while (b < 0);
                position = at;
                return value;
            }
            long value = 0;
            int shift = 0;
            while (true) {
                int b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
        }

        private boolean fill() throws IOException {
            if (recordStart >= 0) {
                // the record goes on in the next buffer: keep what is read of it
                keep(limit);
                recordStart = 0;
            }
            int read = in.read(buffer, 0, buffer.length);
            while (read == 0) {
                read = in.read(buffer, 0, buffer.length);
            }
            position = 0;
            limit = Math.max(read, 0);
            return read > 0;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
