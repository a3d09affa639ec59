package io.retrocut.ingest;

import io.retrocut.events.Hlc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives {@link HlcReconstruction} without files: events are added in read order (all in file "f", line = the order
 * they were added), then {@link #run} orders them and records each event's HLC or rejection.
 */
final class Reconstruct {
    static final String FILE = "f";

    /** One input event; {@code given} null means derived from {@code pt} (null pt: no wall clock). */
    record Spec(String node, Long pt, Hlc given, List<String> send, List<String> recv, Map<String, Long> clock,
            long line) {
    }

    final List<Spec> specs = new ArrayList<>();
    final Map<Long, Hlc> hlcs = new HashMap<>();
    final Map<Long, String> rejections = new HashMap<>();
    /** Lines in the order the reconstruction decided them. */
    final List<Long> order = new ArrayList<>();
    HlcReconstruction reconstruction;

    /**
     * Adds an event at wall clock {@code pt} (null: none); {@code links} are {@code "!m"} (send m) and {@code "?m"}
     * (receive m). Returns its line.
     */
    long add(String node, Long pt, Hlc given, Map<String, Long> clock, String... links) {
        List<String> send = new ArrayList<>();
        List<String> recv = new ArrayList<>();
        for (String link : links) {
            (link.startsWith("!") ? send : recv).add(link.substring(1));
        }
        long line = specs.size() + 1;
        specs.add(new Spec(node, pt, given, send, recv, clock == null ? Map.of() : clock, line));
        return line;
    }

    long ts(String node, long pt, String... links) {
        return add(node, pt, null, null, links);
    }

    long hlc(String node, long l, int c, String... links) {
        return add(node, null, new Hlc(l, c), null, links);
    }

    Reconstruct run() {
        return run(Long.MAX_VALUE / 2, null);
    }

    /**
     * Runs the reconstruction with the message links resolved by {@link CausalLinks} under {@code budget} bytes
     * (a small one spills to {@code directory}).
     */
    Reconstruct run(long budget, java.nio.file.Path directory) {
        CausalLinks links = new CausalLinks(directory == null ? java.nio.file.Path.of(".") : directory, budget);
        Map<String, List<Spec>> byNode = new LinkedHashMap<>();
        for (Spec spec : specs) {
            byNode.computeIfAbsent(spec.node(), unused -> new ArrayList<>()).add(spec);
        }
        List<String> names = new ArrayList<>(byNode.keySet());
        Map<Long, int[][]> partitions = new HashMap<>();
        EventRecord recorded = new EventRecord();
        for (Spec spec : specs) {
            recorded.reset();
            recorded.send.addAll(spec.send());
            recorded.recv.addAll(spec.recv());
            links.record(recorded, names.indexOf(spec.node()), 0, spec.line());
            partitions.put(spec.line(), new int[][] {
                java.util.Arrays.copyOf(recorded.sendIds, spec.send().size()),
                java.util.Arrays.copyOf(recorded.recvIds, spec.recv().size())});
            for (String name : spec.clock().keySet()) {
                links.clockNameId(name, FILE, spec.line());
            }
        }
        if (links.resolve(names.size()) != null) {
            throw new IllegalStateException("a message id is sent twice");
        }
        List<HlcReconstruction.Source> sources = new ArrayList<>();
        for (String name : names) {
            java.util.Iterator<Spec> next = byNode.get(name).iterator();
            CausalLinks.Cursor cursor = links.cursor(names.indexOf(name));
            sources.add((event, clock) -> {
                if (!next.hasNext()) {
                    return false;
                }
                Spec spec = next.next();
                event.reset();
                event.node = spec.node();
                event.hasHlc = spec.given() != null;
                event.hlcL = spec.given() != null ? spec.given().l() : spec.pt() == null ? 0 : spec.pt();
                event.hlcC = spec.given() != null ? spec.given().c() : 0;
                event.hasTs = spec.pt() != null;
                event.send.addAll(spec.send());
                event.hasSend = !spec.send().isEmpty();
                event.recv.addAll(spec.recv());
                event.hasRecv = !spec.recv().isEmpty();
                event.ensureMessageIds();
                int[][] parts = partitions.get(spec.line());
                System.arraycopy(parts[0], 0, event.sendIds, 0, parts[0].length);
                System.arraycopy(parts[1], 0, event.recvIds, 0, parts[1].length);
                cursor.fill(event);
                event.fileId = 0;
                event.line = spec.line();
                clock.clear();
                spec.clock().forEach((node, count) -> clock.add(names.indexOf(node), count));
                return true;
            });
        }
        reconstruction = new HlcReconstruction(names, List.of(FILE), links.hasVectorClocks(), links::sendLocation);
        try {
            reconstruction.run(sources, new HlcReconstruction.Sink() {
                @Override
                public void accept(int node, EventRecord event) {
                    hlcs.put(event.line, new Hlc(event.hlcL, event.hlcC));
                    order.add(event.line);
                }

                @Override
                public void reject(int node, EventRecord event, String reason) {
                    rejections.put(event.line, reason);
                    order.add(event.line);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            links.close();
        }
        if (reconstruction.messagesInFlight() != 0) {
            throw new IllegalStateException(reconstruction.messagesInFlight() + " messages left after the merge");
        }
        return this;
    }

    Hlc hlc(long line) {
        return hlcs.get(line);
    }

    /** Builds the input of an execution, each node's events read one node after another in {@code nodeOrder}. */
    static Reconstruct of(Execution execution, int[] nodeOrder, boolean wallClock) {
        Reconstruct reconstruct = new Reconstruct();
        for (int node : nodeOrder) {
            for (Execution.Event event : execution.byNode.get(node)) {
                Map<String, Long> clock = null;
                if (event.vectorClock != null) {
                    clock = new LinkedHashMap<>();
                    for (int i = 0; i < event.vectorClock.length; i++) {
                        if (event.vectorClock[i] > 0) {
                            clock.put("n" + i, event.vectorClock[i]);
                        }
                    }
                }
                List<String> links = new ArrayList<>();
                event.send.forEach(id -> links.add("!" + id));
                event.recv.forEach(id -> links.add("?" + id));
                event.line = reconstruct.add(event.name(), wallClock ? event.pt : null, null, clock,
                        links.toArray(String[]::new));
            }
        }
        return reconstruct;
    }
}
