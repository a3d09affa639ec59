package io.retrocut.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What pass 1 learns about the links between events, for {@link HlcReconstruction}: every message id with where it
 * was sent and how many receives name it, and the node names that vector clocks use.
 *
 * <p>Memory: one entry per distinct message id (sent or received) — deciding that a receive's send is missing
 * anywhere in the input needs the whole set — and one per distinct vector-clock node name. The merge drops a
 * message's entry once its send and all its receives are ordered.
 */
final class CausalLinks {
    /** A message id: its send (if any) and its receives. */
    static final class Message {
        /** The file id of the send's line, -1 while no ingested event sends it. */
        int sendFile = -1;
        long sendLine;
        /** Receives not yet ordered by the merge. */
        int receives;
        /** The send was ordered and stamped {@code (l, c)}. */
        boolean sent;
        /** The send's line was quarantined by the merge: its receives have no send. */
        boolean lost;
        long l;
        int c;
    }

    private final Map<String, Message> messages = new HashMap<>();
    private final Map<String, Integer> clockNameIds = new HashMap<>();
    private final List<String> clockNames = new ArrayList<>();
    private final List<String> clockNamesFirstSeen = new ArrayList<>();
    /** Scratch of {@link #checkAndRecord}: the messages of the sends being checked, and which of them it created. */
    private Message[] pending = new Message[8];
    private boolean[] created = new boolean[8];
    private Message createdMessage;
    private final Function<String, Message> newMessage = this::createMessage;

    /**
     * Records an event's sends and receives, unless one of its sends was sent before (SPEC §8), by an earlier line or
     * twice by this one: then nothing is recorded and the reason is returned. One hash lookup per id.
     */
    String checkAndRecord(List<String> sends, List<String> receives, int fileId, long line, List<String> fileNames) {
        int count = sends.size();
        if (pending.length < count) {
            pending = new Message[count];
            created = new boolean[count];
        }
        for (int i = 0; i < count; i++) {
            String id = sends.get(i);
            createdMessage = null;
            Message message = messages.computeIfAbsent(id, newMessage);
            pending[i] = message;
            created[i] = message == createdMessage;
            String reason = null;
            if (message.sendFile >= 0) {
                reason = duplicate(id, fileNames.get(message.sendFile) + ":" + message.sendLine);
            } else if (sends.indexOf(id) < i) {
                reason = duplicate(id, fileNames.get(fileId) + ":" + line);
            }
            if (reason != null) {
                for (int k = 0; k <= i; k++) {
                    if (created[k]) {
                        messages.remove(sends.get(k));
                    }
                }
                return reason;
            }
        }
        for (int i = 0; i < count; i++) {
            pending[i].sendFile = fileId;
            pending[i].sendLine = line;
            pending[i] = null;
        }
        for (int i = 0; i < receives.size(); i++) {
            messages.computeIfAbsent(receives.get(i), newMessage).receives++;
        }
        return null;
    }

    private Message createMessage(String unused) {
        createdMessage = new Message();
        return createdMessage;
    }

    private static String duplicate(String id, String firstSent) {
        return "duplicate message id '" + id + "' (first sent at " + firstSent + ")";
    }

    /** Records an event's sends and receives without checking them (for tests that build links directly). */
    void record(List<String> sends, List<String> receives, int fileId, long line) {
        for (String id : sends) {
            Message message = messages.computeIfAbsent(id, unused -> new Message());
            message.sendFile = fileId;
            message.sendLine = line;
        }
        for (String id : receives) {
            messages.computeIfAbsent(id, unused -> new Message()).receives++;
        }
    }

    /** The message with this id, or null when no ingested event names it (or the merge is done with it). */
    Message message(String id) {
        return messages.get(id);
    }

    void forget(String id) {
        messages.remove(id);
    }

    /** Messages still held. */
    int messages() {
        return messages.size();
    }

    /** The dense id of a vector-clock node name, registering it as first seen at {@code file:line}. */
    int clockNameId(String name, String file, long line) {
        Integer id = clockNameIds.get(name);
        if (id == null) {
            id = clockNames.size();
            clockNameIds.put(name, id);
            clockNames.add(name);
            clockNamesFirstSeen.add(file + ":" + line);
        }
        return id;
    }

    /** Vector-clock node names by id. */
    List<String> clockNames() {
        return clockNames;
    }

    /** Where each vector-clock node name was first seen ({@code file:line}), by id. */
    List<String> clockNamesFirstSeen() {
        return clockNamesFirstSeen;
    }

    boolean hasVectorClocks() {
        return !clockNames.isEmpty();
    }
}
