package io.retrocut.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import io.retrocut.ingest.format.BadRecordException;
import io.retrocut.ingest.format.Format;
import io.retrocut.ingest.format.FormatReader;
import io.retrocut.ingest.format.Framing;
import io.retrocut.ingest.format.LogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The state of one {@link Ingest#run}: both passes, the counters and the dictionaries. */
final class IngestRun {
    private static final long PROGRESS_STEP = 1L << 20;
    private static final String SPILL_FILE = ".events.spill";

    private static final class NodeState {
        final int id;
        /**
         * The last HLC given by the node's own lines (when {@code hasGiven}), as fields rather than an {@link Hlc} so
         * that no object is made per line; derived HLCs are checked against given ones in the merge.
         */
        boolean hasGiven;
        long givenL;
        int givenC;

        NodeState(int id) {
            this.id = id;
        }
    }

    private final IngestOptions options;
    private final List<Path> files;
    private final Path directory;
    private final IngestProgress progress;
    private final long rowsPerPart;
    private final HlcUnit unit;
    private final CausalLinks links;
    private final long messageBudget;
    /**
     * On a second read of the input: the ids that more than one parsed event sends (the only ones that can be sent
     * twice), with where an accepted event first sent each; null on the first read.
     */
    private final Set<String> repeatedSends;
    private final Map<String, String> firstSent = new HashMap<>();
    private final VectorClock clock = new VectorClock();
    private final Format format;
    private final RecordSink sink;
    private final VariableTypes variables = new VariableTypes();
    private final Map<String, NodeState> nodes = new HashMap<>();
    private String lastNodeName;
    private NodeState lastNodeState;
    private final List<String> nodeNames = new ArrayList<>();
    private final Map<String, Integer> keys = new HashMap<>();
    private final List<String> keyNames = new ArrayList<>();
    private final List<String> fileNames = new ArrayList<>();
    private final EventRecord event = new EventRecord();
    private final Path spillPath;
    private final Path quarantinePath;

    private NodeSpill spill;
    private Quarantine quarantine;
    private long read;
    private long ingested;
    private long blank;
    /** Lines of the records that became events ({@link #ingested} counts the events). */
    private long eventLines;
    private long quarantinedLines;
    private long ignored;
    /** The file being read, for a {@link Format} other than the canonical one. */
    private FormatReader reader;
    private Framing.Framer framer;
    private String currentFile;
    private int currentFileId;
    private long reconstructed;
    private long missingSends;
    private final List<String> clockWarnings = new ArrayList<>();
    private long totalBytes;
    private long doneBytes;

    /**
     * @param messageBudget bytes of message-id occurrences held in memory ({@link CausalLinks})
     * @param repeatedSends null on the first read; on a second read, the ids {@link CausalLinks#resolve} found sent
     *     more than once
     */
    IngestRun(IngestOptions options, Format format, List<Path> files, Path directory, IngestProgress progress,
            long rowsPerPart, long messageBudget, Set<String> repeatedSends) {
        this.messageBudget = messageBudget;
        this.repeatedSends = repeatedSends;
        this.links = new CausalLinks(directory, messageBudget);
        this.options = options;
        this.format = format;
        this.files = files;
        this.directory = directory;
        this.progress = progress;
        this.rowsPerPart = rowsPerPart;
        this.unit = options.hlcUnit();
        this.sink = new RecordSink(unit);
        this.spillPath = directory.resolve(SPILL_FILE);
        this.quarantinePath = directory.resolve(EventsSchema.QUARANTINE_FILE);
    }

    IngestSummary execute() {
        long[] sizes = new long[files.size()];
        for (int i = 0; i < sizes.length; i++) {
            try {
                sizes[i] = Files.size(files.get(i));
            } catch (IOException e) {
                throw UserException.badInput("cannot read " + files.get(i) + ": " + IoErrors.describe(e));
            }
            totalBytes += sizes[i];
        }
        progress.phase(repeatedSends == null ? "reading input" : "reading input again (message ids sent twice)");
        List<SlicedParts.Part> parts = null;
        Set<String> repeated = null;
        try (CausalLinks ownLinks = links;
                NodeSpill nodeSpill = new NodeSpill(spillPath);
                Quarantine quarantineWriter = new Quarantine(quarantinePath)) {
            this.spill = nodeSpill;
            this.quarantine = quarantineWriter;
            boolean stopped = false;
            try {
                readInput(sizes);
            } catch (UserException e) {
                // with --strict, a line before this one may be a duplicate send, which would have stopped the ingest
                // first: telling takes a second read
                repeated = repeatedSends == null ? links.resolve(nodeNames.size()) : null;
                if (repeated == null) {
                    throw e;
                }
                stopped = true;
            }
            if (!stopped) {
                nodeSpill.finish();
                repeated = links.resolve(nodeNames.size());
                if (repeated == null) {
                    progress.phase("writing parquet");
                    parts = writeParquet();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory + ": " + IoErrors.describe(e), e);
        }
        if (repeated != null) {
            if (repeatedSends != null) {
                throw new IllegalStateException("message ids sent twice after checking every repeated id: "
                        + repeated.stream().limit(3).toList());
            }
            // SPEC §8 decides a duplicate send in read order, against the sends accepted before it: read the input
            // again, checking only these ids (every other id is sent once)
            try {
                Files.delete(spillPath);
                Files.delete(quarantinePath);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + spillPath + ": " + IoErrors.describe(e), e);
            }
            return new IngestRun(options, format, files, directory, progress, rowsPerPart, messageBudget, repeated)
                    .execute();
        }
        try {
            Files.delete(spillPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + spillPath + ": " + IoErrors.describe(e), e);
        }

        Map<String, VariableType> types = variables.types();
        List<String> warnings = new ArrayList<>(variables.warnings());
        warnings.addAll(clockWarnings);
        IngestSummary summary = new IngestSummary(read, eventLines, quarantinedLines, ignored, blank, ingested,
                files.size(), nodeNames.size(), keyNames.size(), types, warnings, options.output(),
                options.output().resolve(EventsSchema.QUARANTINE_FILE), unit, reconstructed, parts.size(),
                missingSends);
        writeMetadata(summary, parts);
        return summary;
    }

    /** Pass 1: every input file. */
    private void readInput(long[] sizes) {
        if (format == Format.CANONICAL) {
            readCanonical(sizes);
        } else {
            for (int i = 0; i < sizes.length; i++) {
                readFile(files.get(i));
                // a gzip reader may stop before the end of the file (e.g. at a truncation): count the whole file
                doneBytes += sizes[i];
                progress.bytesRead(doneBytes, totalBytes);
            }
        }
    }

    /**
     * Pass 1 for canonical input. The lines are read and parsed on other threads ({@link CanonicalReader}, which has this
     * thread parse too where it would wait); this thread takes their outcomes in input order and does everything that
     * depends on the lines before.
     */
    private void readCanonical(long[] sizes) {
        if (files.isEmpty()) {
            return;
        }
        try (CanonicalReader lines = new CanonicalReader(files, options.maxLineBytes(), unit)) {
            String file = null;
            long reported = 0;
            while (true) {
                CanonicalReader.Batch batch = lines.next();
                int fileId = batch.fileId;
                if (fileId == fileNames.size()) {
                    file = files.get(fileId).toString();
                    fileNames.add(file);
                    reported = 0;
                } else if (fileId != fileNames.size() - 1) {
                    throw new IllegalStateException("lines of file " + fileId + " arrived after file "
                            + (fileNames.size() - 1));
                }
                for (int i = 0; i < batch.count; i++) {
                    CanonicalReader.Outcome outcome = batch.outcomes[i];
                    switch (outcome.kind) {
                        case EVENT -> {
                            read++;
                            try {
                                assignHlc(outcome.event, fileId, outcome.line);
                            } catch (BadLineException e) {
                                bad(file, outcome.line, e.getMessage(), batch.raw(outcome));
                                break;
                            }
                            commit(outcome.event, file, fileId, outcome.line);
                            eventLines++;
                        }
                        case BLANK -> {
                            read++;
                            blank++;
                        }
                        case BAD -> {
                            read++;
                            bad(file, outcome.line, outcome.reason, batch.raw(outcome));
                        }
                        case END_OF_FILE -> {
                            // a gzip reader may stop before the end of the file (e.g. at a truncation): count it all
                            doneBytes += sizes[fileId];
                            progress.bytesRead(doneBytes, totalBytes);
                            if (fileId == files.size() - 1) {
                                return;
                            }
                            continue;
                        }
                        case FAILURE -> throw rethrow(outcome.failure);
                    }
                    if (outcome.bytesRead - reported >= PROGRESS_STEP) {
                        reported = outcome.bytesRead;
                        progress.bytesRead(doneBytes + reported, totalBytes);
                    }
                }
                lines.release(batch);
            }
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("reading the input failed", failure);
    }

    /** Pass 1 for a {@link Format} other than the canonical one, on this thread. */
    private void readFile(Path file) {
        String fileName = file.toString();
        int fileId = fileNames.size();
        fileNames.add(fileName);
        boolean gzip = fileName.endsWith(".gz");
        long line = 0;
        long reported = 0;
        reader = format.open(fileName);
        framer = format.framing().framer();
        currentFile = fileName;
        currentFileId = fileId;
        try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(file))) {
            LineReader reader = new LineReader(raw, gzip, options.maxLineBytes());
            while (reader.next()) {
                line++;
                read++;
                handle(reader, fileName, fileId, line);
                if (raw.count() - reported >= PROGRESS_STEP) {
                    reported = raw.count();
                    progress.bytesRead(doneBytes + reported, totalBytes);
                }
            }
            framer.end(this::record);
        } catch (IOException e) {
            throw UserException.badInput("cannot read " + fileName + ": " + IoErrors.describe(e));
        }
    }

    private void handle(LineReader reader, String file, int fileId, long line) {
        byte[] bytes = reader.bytes();
        int offset = reader.offset();
        int length = reader.length();
        switch (reader.kind()) {
            case TOO_LONG -> {
                interrupt(line);
                bad(file, line, "line is " + reader.fullLength() + " bytes, longer than the limit of "
                        + options.maxLineBytes() + " bytes", prefix(bytes, offset, length));
            }
            case TRUNCATED -> {
                interrupt(line);
                bad(file, line, "truncated gzip: compressed data ends unexpectedly", partial(reader));
            }
            case CORRUPT -> {
                interrupt(line);
                bad(file, line, "corrupt gzip: " + reader.error(), partial(reader));
            }
            case LINE -> {
                if (CanonicalReader.isBlank(bytes, offset, length)) {
                    blank++;
                    return;
                }
                if (line == 1 && CanonicalReader.startsWithByteOrderMark(bytes, offset, length)) {
                    // a UTF-8 byte order mark is allowed at the start of a file; Jackson skips it
                    offset += 3;
                    length -= 3;
                }
                int invalid = Utf8.firstInvalid(bytes, offset, length);
                if (invalid >= 0) {
                    interrupt(line);
                    bad(file, line, "invalid UTF-8 at byte offset " + invalid, decode(bytes, offset, length));
                    return;
                }
                String text = decode(bytes, offset, length);
                if (format.skip() != null && format.skip().matcher(text).find()) {
                    ignored++;
                } else {
                    framer.line(text, line, this::record);
                }
            }
        }
    }

    /** An unreadable line cuts short the record being collected. */
    private void interrupt(long line) {
        framer.interrupt(line, this::record);
    }

    /** One record of a format other than canonical: an event, ignored, or quarantined with all its lines. */
    private void record(LogRecord record) {
        if (record.incomplete() != null) {
            badRecord(record, record.incomplete());
            return;
        }
        FormatReader.Outcome outcome;
        try {
            outcome = reader.parse(record, sink.into(event));
        } catch (BadRecordException e) {
            badRecord(record, e.getMessage());
            return;
        }
        if (outcome == FormatReader.Outcome.IGNORED) {
            ignored += record.lines();
            return;
        }
        try {
            assignHlc(event, currentFileId, record.line());
        } catch (BadLineException e) {
            badRecord(record, e.getMessage());
            return;
        }
        commit(event, currentFile, currentFileId, record.line());
        eventLines += record.lines();
    }

    private void badRecord(LogRecord record, String reason) {
        String text = record.text();
        int limit = options.maxLineBytes();
        if (text.length() > limit) {
            text = text.substring(0, limit);
        }
        bad(currentFile, record.line(), record.lines(), reason, text);
    }

    /**
     * Pass 1's part of the HLC: checks a given HLC against the node's previous given one and, on a second read of the
     * input, the sends against every earlier accepted send (SPEC §8); for an event without one, stores the physical time its HLC is derived from in
     * {@code hlcL} (0 with only a vector clock). The HLC itself is derived after the whole input is read.
     */
    private void assignHlc(EventRecord event, int fileId, long line) throws BadLineException {
        try {
            checkTime(event);
        } catch (BadLineException e) {
            if (repeatedSends == null) {
                // a second read may accept this event (when it follows a line rejected for a duplicate send)
                links.recordUnaccepted(event);
            }
            throw e;
        }
        // the last check: once it passes, the event is committed
        if (repeatedSends != null) {
            checkSends(event, fileId, line);
        }
    }

    /** Checks a given HLC against the node's previous given one, or sets the physical time of a derived one. */
    private void checkTime(EventRecord event) throws BadLineException {
        if (event.hasHlc) {
            NodeState state = node(event.node);
            if (state != null && state.hasGiven) {
                int order = Hlc.compare(event.hlcL, event.hlcC, state.givenL, state.givenC);
                Hlc previous = order <= 0 ? new Hlc(state.givenL, state.givenC) : null;
                if (order == 0) {
                    throw new BadLineException("HLC repeats (" + previous + "); HLCs must increase within a node");
                }
                if (order < 0) {
                    throw new BadLineException("HLC goes backwards (" + event.hlcL + "." + event.hlcC + " after "
                            + previous + "); HLCs must increase within a node");
                }
            }
        } else {
            event.hlcL = event.hasTs ? physicalTime(event) : 0;
            event.hlcC = 0;
        }
    }

    /**
     * Rejects an event that sends an id an accepted event sent before, or one id twice (SPEC §8). Only ids in
     * {@link #repeatedSends} can be sent twice, so only they are remembered.
     */
    private void checkSends(EventRecord event, int fileId, long line) throws BadLineException {
        int sends = event.send.size();
        boolean any = false;
        for (int i = 0; i < sends; i++) {
            String id = event.sendId(i);
            if (!repeatedSends.contains(id)) {
                continue;
            }
            any = true;
            String first = firstSent.get(id);
            if (first == null) {
                for (int k = 0; k < i; k++) {
                    if (event.sendId(k).equals(id)) {
                        first = fileNames.get(fileId) + ":" + line;
                        break;
                    }
                }
            }
            if (first != null) {
                throw new BadLineException("duplicate message id '" + id + "' (first sent at " + first + ")");
            }
        }
        if (any) {
            String here = fileNames.get(fileId) + ":" + line;
            for (int i = 0; i < sends; i++) {
                String id = event.sendId(i);
                if (repeatedSends.contains(id)) {
                    firstSent.putIfAbsent(id, here);
                }
            }
        }
    }

    /** The event's {@code ts} in the HLC unit. */
    private long physicalTime(EventRecord event) throws BadLineException {
        if (event.tsSecond < 0) {
            throw new BadLineException("'ts' is before 1970-01-01T00:00:00Z; an HLC cannot be derived from it");
        }
        try {
            return switch (unit) {
                case MS -> event.tsSecond * 1_000L + event.tsNano / 1_000_000;
                case US -> Math.addExact(Math.multiplyExact(event.tsSecond, 1_000_000L), event.tsNano / 1_000);
                case NS -> Math.addExact(Math.multiplyExact(event.tsSecond, 1_000_000_000L), event.tsNano);
            };
        } catch (ArithmeticException e) {
            throw new BadLineException("'ts' is too late to be expressed in " + unit.label()
                    + " as an int64; give an 'hlc' or use a coarser --hlc-unit");
        }
    }

    /** The state of a node, or null before its first event; the last one found is kept, as lines come in runs. */
    private NodeState node(String name) {
        if (lastNodeState != null && (name == lastNodeName || name.equals(lastNodeName))) {
            return lastNodeState;
        }
        NodeState state = nodes.get(name);
        if (state != null) {
            lastNodeName = name;
            lastNodeState = state;
        }
        return state;
    }

    private void commit(EventRecord event, String file, int fileId, long line) {
        NodeState state = node(event.node);
        if (state == null) {
            state = new NodeState(nodeNames.size());
            nodes.put(event.node, state);
            nodeNames.add(event.node);
        }
        if (event.hasHlc) {
            state.hasGiven = true;
            state.givenL = event.hlcL;
            state.givenC = event.hlcC;
        }
        clock.clear();
        if (!event.vectorClock.isEmpty()) {
            for (Map.Entry<String, Long> entry : event.vectorClock.entrySet()) {
                clock.add(links.clockNameId(entry.getKey(), file, line), entry.getValue());
            }
        }
        event.nodeId = state.id;
        links.record(event, state.id, fileId, line);
        Integer keyId = keys.get(event.key);
        if (keyId == null) {
            keyId = keyNames.size();
            keys.put(event.key, keyId);
            keyNames.add(event.key);
        }
        event.keyId = keyId;
        event.fileId = fileId;
        event.line = line;
        for (int i = 0; i < event.varCount; i++) {
            int id = variables.id(event.varNames[i], file, line);
            event.varIds[i] = id;
            variables.observe(id, event.varTags[i], file, line);
        }
        try {
            spill.write(state.id, event, event.hasTs ? event.tsMicros() : 0, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spillPath + ": " + IoErrors.describe(e), e);
        }
        ingested++;
    }

    private void bad(String file, long line, String reason, String raw) {
        bad(file, line, 1, reason, raw);
    }

    private void bad(String file, long line, int lines, String reason, String raw) {
        if (options.strict()) {
            throw UserException.badInput(file + ":" + line + ": " + reason);
        }
        quarantinedLines += lines;
        try {
            quarantine.add(file, line, lines, reason, raw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + quarantinePath + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * The pass between the spill and Parquet: streams each node's events from the spill through
     * {@link HlcReconstruction} and writes them to Parquet in the causal order it decides, with their final HLCs.
     */
    private List<SlicedParts.Part> writeParquet() throws IOException {
        List<String> names = new ArrayList<>();
        List<VariableType> types = new ArrayList<>();
        for (int id = 0; id < variables.size(); id++) {
            names.add(variables.name(id));
            types.add(variables.type(id));
        }
        int[] clockToNode = clockNodes();
        Spill.Reader[] readers = new Spill.Reader[nodeNames.size()];
        List<HlcReconstruction.Source> sources = new ArrayList<>();
        for (int node = 0; node < readers.length; node++) {
            // the texts go to Parquet as the spill's bytes (SlicedParts copies the records)
            Spill.Reader reader = spill.reader(node).withoutTexts();
            readers[node] = reader;
            CausalLinks.Cursor messages = links.cursor(node);
            sources.add((record, clockOut) -> {
                if (!reader.read(record)) {
                    return false;
                }
                messages.fill(record);
                clockOut.clear();
                VectorClock stored = reader.clock();
                for (int i = 0; i < stored.size(); i++) {
                    clockOut.add(clockToNode[stored.node(i)], stored.count(i));
                }
                return true;
            });
        }
        long expected = ingested;
        List<Rejected> rejected = new ArrayList<>();
        HlcReconstruction reconstruction = new HlcReconstruction(nodeNames, fileNames, links.hasVectorClocks(),
                links::sendLocation);
        long target = rowsPerPart > 0 ? rowsPerPart : automaticRowsPerPart(expected);
        long firstPartBytes = Math.min(spill.bytes(), target * (spill.bytes() / Math.max(1, expected)));
        try (SlicedParts parquet = new SlicedParts(new EventsParquet(directory, unit, names, types, nodeNames, keyNames,
                fileNames), target, keyNames, nodeNames, firstPartBytes)) {
            long[] written = new long[1];
            // one object for every event, not one each
            SlicedParts.Bound futureLowerBound = reconstruction::futureLowerBound;
            reconstruction.run(sources, new HlcReconstruction.Sink() {
                @Override
                public void accept(int node, EventRecord record) throws IOException {
                    // the reconstruction reads a node's next event only after its head is accepted
                    parquet.add(record, readers[node], futureLowerBound);
                    written[0]++;
                    if (!record.hasHlc) {
                        reconstructed++;
                    }
                }

                @Override
                public void reject(int node, EventRecord record, String reason) {
                    String file = fileNames.get(record.fileId);
                    if (options.strict()) {
                        throw UserException.badInput(file + ":" + record.line + ": " + reason);
                    }
                    rejected.add(new Rejected(record.fileId, record.line, reason));
                    // The line moves from the events to the quarantine, keeping read = ingested + quarantined + … exact.
                    ingested--;
                    eventLines--;
                    quarantinedLines++;
                }
            });
            if (written[0] + rejected.size() != expected || written[0] != ingested) {
                throw new IllegalStateException("the merge wrote " + written[0] + " and rejected " + rejected.size()
                        + " events, expected " + expected);
            }
            parquet.finish();
            parquet.close();
            quarantineRejected(rejected);
            missingSends = reconstruction.missingSends();
            clockWarnings.addAll(reconstruction.warnings());
            return parquet.parts();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write Parquet in " + directory + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * Events per part when the caller does not say: about eight parts, so that a check of one hot key still has
     * work for several cores, within bounds that keep the parts neither tiny nor heavy on the ingest's memory.
     */
    static long automaticRowsPerPart(long events) {
        return Math.max(50_000L, Math.min(500_000L, (events + 7) / 8));
    }

    /** A line the merge rejected; its raw text is read back from the input at the end. */
    private record Rejected(int fileId, long line, String reason) {
    }

    /** Vector-clock node names by clock-name id → node index, -1 (with a warning) for names that log no event. */
    private int[] clockNodes() {
        List<String> clockNames = links.clockNames();
        int[] clockToNode = new int[clockNames.size()];
        for (int id = 0; id < clockToNode.length; id++) {
            NodeState state = nodes.get(clockNames.get(id));
            clockToNode[id] = state == null ? -1 : state.id;
            if (state == null) {
                clockWarnings.add("vector clocks name node '" + clockNames.get(id) + "', which logs no event in the"
                        + " input (first named at " + links.clockNamesFirstSeen().get(id) + "); its entries are"
                        + " ignored");
            }
        }
        return clockToNode;
    }

    /** Quarantines the lines the merge rejected, reading each affected input file once more for the raw lines. */
    private void quarantineRejected(List<Rejected> rejected) throws IOException {
        rejected.sort(java.util.Comparator.comparingInt(Rejected::fileId).thenComparingLong(Rejected::line));
        int next = 0;
        while (next < rejected.size()) {
            int fileId = rejected.get(next).fileId();
            String file = fileNames.get(fileId);
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                LineReader reader = new LineReader(in, file.endsWith(".gz"), options.maxLineBytes());
                long line = 0;
                while (next < rejected.size() && rejected.get(next).fileId() == fileId && reader.next()) {
                    line++;
                    Rejected wanted = rejected.get(next);
                    if (line == wanted.line()) {
                        byte[] bytes = reader.bytes();
                        int offset = reader.offset();
                        int length = reader.length();
                        if (line == 1 && CanonicalReader.startsWithByteOrderMark(bytes, offset, length)) {
                            offset += 3;
                            length -= 3;
                        }
                        quarantine.add(file, line, wanted.reason(), decode(bytes, offset, length));
                        next++;
                    }
                }
            }
            if (next < rejected.size() && rejected.get(next).fileId() == fileId) {
                throw new IllegalStateException(file + " has no line " + rejected.get(next).line() + " any more");
            }
        }
    }

    private void writeMetadata(IngestSummary summary, List<SlicedParts.Part> parts) {
        Path path = directory.resolve(EventsSchema.METADATA_FILE);
        try (JsonGenerator json = new JsonFactory().createGenerator(Files.newBufferedWriter(path))) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", "retrocut events");
            json.writeNumberField("version", EventsSchema.VERSION);
            json.writeStringField("hlc_unit", unit.label());
            json.writeStringField("input_format", format.name());
            json.writeNumberField("events", summary.events());
            // read = ingested + quarantined + ignored + blank (lines); events come from the ingested lines
            json.writeNumberField("read", summary.read());
            json.writeNumberField("ingested", summary.ingested());
            json.writeNumberField("quarantined", summary.quarantined());
            json.writeNumberField("ignored", summary.ignored());
            json.writeNumberField("blank", summary.blank());
            json.writeNumberField("reconstructed", summary.reconstructed());
            json.writeNumberField("missing_sends", summary.missingSends());
            json.writeNumberField("keys", summary.keys());
            json.writeArrayFieldStart("nodes");
            for (String node : nodeNames.stream().sorted().toList()) {
                json.writeString(node);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("variables");
            for (Map.Entry<String, VariableType> variable : new TreeMap<>(summary.variables()).entrySet()) {
                json.writeStringField(variable.getKey(), variable.getValue().label());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("parts");
            for (SlicedParts.Part part : parts) {
                json.writeString(part.file());
            }
            json.writeEndArray();
            // what lets check read the parts as they are (EventsSchema#LAYOUT_HLC_SLICED)
            json.writeStringField("layout", EventsSchema.LAYOUT_HLC_SLICED);
            json.writeArrayFieldStart("slices");
            for (SlicedParts.Part part : parts) {
                json.writeStartObject();
                json.writeStringField("part", part.file());
                json.writeNumberField("events", part.rows());
                json.writeStringField("deltas", EventsParquet.deltasName(part.file()));
                if (part.rows() == 0) {
                    json.writeEndObject();
                    continue;
                }
                json.writeObjectFieldStart("first");
                json.writeNumberField("l", part.firstL());
                json.writeNumberField("c", part.firstC());
                json.writeEndObject();
                json.writeObjectFieldStart("last");
                json.writeNumberField("l", part.lastL());
                json.writeNumberField("c", part.lastC());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("inputs");
            for (Path input : options.inputs()) {
                json.writeString(input.toString());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("files");
            for (String file : fileNames) {
                json.writeString(file);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("warnings");
            for (String warning : summary.warnings()) {
                json.writeString(warning);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + IoErrors.describe(e), e);
        }
    }

    private static String decode(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    private String prefix(byte[] bytes, int offset, int length) {
        return CanonicalReader.prefix(bytes, offset, length, options.maxLineBytes());
    }

    private String partial(LineReader reader) {
        return CanonicalReader.partial(reader, options.maxLineBytes());
    }
}
