package io.retrocut.simulate;

import java.util.Map;

/**
 * One logged event as the ground truth sees it: who, which key, its HLC and the variables it assigns (a null value
 * unsets). {@code sequence} is the order in which events happened, to break no tie that matters but keep runs
 * deterministic.
 */
record SimEvent(String node, String key, Stamp stamp, Map<String, Object> set, long sequence) {
}
