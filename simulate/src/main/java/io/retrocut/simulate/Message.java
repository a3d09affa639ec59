package io.retrocut.simulate;

/**
 * A message in flight: its id (as logged in {@code send} and {@code recv}), the HLC of the event that sent it, and its
 * endpoints (node indexes).
 */
public record Message(String id, Stamp stamp, int from, int to) {
}
