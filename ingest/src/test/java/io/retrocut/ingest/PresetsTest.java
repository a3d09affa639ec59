package io.retrocut.ingest;

import static io.retrocut.ingest.Fixture.rows;
import static io.retrocut.ingest.Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retrocut.ingest.Fixture.Row;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every preset on real recorded logs: specific events, states and counts. */
class PresetsTest {
    private static final String CORPUS = "src/test/resources/corpus/";
    private static final String ETCD = "src/test/resources/etcd-cluster/";

    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("events");
    }

    private IngestSummary ingest(String format, String... inputs) {
        return Ingest.run(IngestOptions.of(Arrays.stream(inputs).map(Path::of).toList(), out()).withFormat(format),
                IngestProgress.NONE);
    }

    private static Map<String, Long> perNode(List<Row> rows) {
        return new TreeMap<>(rows.stream().collect(Collectors.groupingBy(Row::node, Collectors.counting())));
    }

    /** The events in HLC order (ties: file order). */
    private static List<Row> inHlcOrder(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::l).thenComparingInt(Row::c));
        return sorted;
    }

    @Test
    void etcdRaftTrace() {
        IngestSummary summary = ingest("etcd-raft-trace", CORPUS + "etcd-raft-trace/example.ndjson");

        assertThat(summary.read()).isEqualTo(4888);
        assertThat(summary.events()).isEqualTo(4888);
        assertThat(summary.ignored()).isZero();
        assertThat(summary.quarantined()).isZero();
        List<Row> rows = rows(out());
        assertThat(perNode(rows)).isEqualTo(Map.of("1", 149L, "2", 2505L, "3", 966L, "4", 337L, "5", 473L,
                "6", 282L, "7", 33L, "8", 99L, "9", 41L, "10", 3L));
        Row leader = rows.stream().filter(row -> "BecomeLeader".equals(row.type())).findFirst().orElseThrow();
        assertThat(leader.line()).isEqualTo(102);
        assertThat(leader.node()).isEqualTo("2");
        assertThat(leader.vars()).isEqualTo(Map.of("role", "LEADER", "term", 2L, "vote", "2", "commit", 5L,
                "log", 5L));
        // ts 1712329729.815723 (epoch seconds) → ms
        assertThat(leader.ts()).isEqualTo(1712329729815723L);
        assertThat(leader.l()).isEqualTo(1712329729815L);

        // messages: the n-th receive of a message content is linked to its n-th send
        List<Row> sends = rows.stream().filter(row -> row.send() != null).toList();
        List<Row> receives = rows.stream().filter(row -> row.recv() != null).toList();
        assertThat(sends).hasSize(1787);
        assertThat(receives).hasSize(1661);
        Set<String> sent = sends.stream().flatMap(row -> row.send().stream()).collect(Collectors.toSet());
        assertThat(sent).hasSize(1787);
        assertThat(receives).allSatisfy(row -> assertThat(sent).containsAll(row.recv()));
        Row vote = rows.stream().filter(row -> row.line() == 77).findFirst().orElseThrow();
        assertThat(vote.send()).containsExactly("MsgVote/2>1/t2/i5/lt1/e0/c0/rfalse/h0#1");

        // election safety on the real trace: the only leader is node 2, of term 2, and at no cut do two nodes lead
        // in the same term
        Map<Long, Set<String>> leadersPerTerm = new TreeMap<>();
        Map<String, Map<String, Object>> state = new HashMap<>();
        for (Row row : inHlcOrder(rows)) {
            state.computeIfAbsent(row.node(), node -> new HashMap<>()).putAll(row.vars());
            Map<Long, Long> leadingPerTerm = state.values().stream()
                    .filter(node -> "LEADER".equals(node.get("role")))
                    .collect(Collectors.groupingBy(node -> (Long) node.get("term"), Collectors.counting()));
            assertThat(leadingPerTerm.values()).as("leaders per term after line %s", row.line())
                    .allMatch(count -> count <= 1);
            if ("LEADER".equals(row.vars().get("role"))) {
                leadersPerTerm.computeIfAbsent((Long) row.vars().get("term"), term -> new TreeSet<>()).add(row.node());
            }
        }
        assertThat(leadersPerTerm).isEqualTo(Map.of(2L, Set.of("2")));
    }

    @Test
    void zookeeper() {
        IngestSummary summary = ingest("zookeeper", CORPUS + "zookeeper-loghub/Zookeeper_2k.log");

        assertThat(summary.read()).isEqualTo(2000);
        assertThat(summary.events()).isEqualTo(25);
        assertThat(summary.ignored()).isEqualTo(1975);
        assertThat(summary.quarantined()).isZero();
        List<Row> rows = rows(out());
        assertThat(perNode(rows)).isEqualTo(Map.of("1", 9L, "2", 9L, "3", 7L));
        Map<String, Long> perType = rows.stream().collect(Collectors.groupingBy(Row::type, Collectors.counting()));
        assertThat(perType).isEqualTo(Map.of("LOOKING", 4L, "FOLLOWING", 2L, "ElectionDone", 2L, "NewElection", 1L,
                        "Notification", 12L, "Snapshot", 2L, "SnapshotFromLeader", 2L));
        Row election = line(rows, 586);
        assertThat(election.node()).isEqualTo("1");
        assertThat(election.vars()).isEqualTo(Map.of("role", "LOOKING", "epoch", 7L, "zxid", 0x700000000L));
        assertThat(Instant.ofEpochMilli(election.l())).isEqualTo(Instant.parse("2015-07-31T19:30:07.403Z"));
        assertThat(line(rows, 588).vars()).isEqualTo(Map.of("role", "FOLLOWING", "election_ms", 49L));
        assertThat(line(rows, 1350).vars()).isEqualTo(Map.of("epoch", 3L, "zxid", 0x300000dcdL));
        assertThat(line(rows, 1350).node()).isEqualTo("2");
        assertThat(line(rows, 1420).vars()).as("'(my state)' of the receiving server 2").isEqualTo(
                Map.of("role", "LEADING"));
        assertThat(line(rows, 1420).node()).isEqualTo("2");
    }

    private static Row line(List<Row> rows, long line) {
        return rows.stream().filter(row -> row.line() == line).findFirst().orElseThrow();
    }

    @Test
    void shivizVoldemort() {
        IngestSummary summary = ingest("shiviz", CORPUS + "shiviz/voldemort.log");

        assertThat(summary.read()).isEqualTo(1728);
        assertThat(summary.ingested()).isEqualTo(1728);
        assertThat(summary.events()).isEqualTo(864);
        List<Row> rows = rows(out());
        assertThat(perNode(rows)).hasSize(20).containsEntry("42795@jvoldemortThread[main,5,main]", 792L)
                .containsEntry("42795@jvoldemortThread[voldemort-server-0,5,voldemort-socket-server]", 12L);
        Row first = line(rows, 1);
        assertThat(first.type()).isEqualTo("[2013-05-24 23:28:00,637 voldemort.store.metadata.MetadataStore] INFO"
                + " metadata init().");
        // No wall clock: the HLC is derived from the vector clocks alone (pt = 0), so l is 0 and c counts the
        // longest causal chain before the event; the first event knows of nothing.
        assertThat(first.l()).isZero();
        assertThat(first.c()).isZero();
        assertThat(first.ts()).isNull();
        assertThat(rows.get(0).c()).as("rows are written in causal order").isZero();
    }

    @Test
    void govectorMinersAndChord() {
        IngestSummary summary = ingest("govector", CORPUS + "govector-rfs", CORPUS + "shiviz/chord.log");

        assertThat(summary.read()).isEqualTo(7276 + 4634 + 4528 + 2470);
        assertThat(summary.ingested()).isEqualTo(summary.read());
        assertThat(summary.events()).isEqualTo(9448);
        List<Row> rows = rows(out());
        assertThat(perNode(rows)).containsEntry("Miner1", 3636L).containsEntry("Miner2", 2315L)
                .containsEntry("Miner3", 2262L).containsEntry("kv-node-10", 319L).containsEntry("front-end", 27L)
                .hasSize(11);
        // an event whose text spans two lines (GoVectorLogfile-Miner1-Log.txt lines 2925-2927)
        Row multiLine = rows.stream().filter(row -> row.file().endsWith("Miner1-Log.txt") && row.line() == 2925)
                .findFirst().orElseThrow();
        assertThat(multiLine.type()).isEqualTo("INFO-\nFile #0: [name = test123, 0 records]");
        // l = 0 (no wall clock); c = the longest causal chain before it, across the three miners' messages
        assertThat(multiLine.l()).isZero();
        assertThat(multiLine.c()).isEqualTo(2288);
    }

    @Test
    void etcdClusterRecording() {
        IngestSummary summary = ingest("etcd", ETCD + "etcd1.log", ETCD + "etcd2.log", ETCD + "etcd3.log");

        assertThat(summary.read()).isEqualTo(426);
        assertThat(summary.events()).isEqualTo(53);
        assertThat(summary.quarantined()).isZero();
        assertThat(summary.ignored()).as("other server lines and grpc's non-JSON WARNING line").isEqualTo(373);
        List<Row> rows = rows(out());
        assertThat(perNode(rows)).isEqualTo(Map.of("674e1afde109929d", 18L, "1f15bb1d4890c4c8", 19L,
                "aa830bb056e19751", 16L));
        // the README's leaders: etcd3 term 2, etcd2 term 3, etcd1 term 4
        assertThat(rows.stream().filter(row -> "BecomeLeader".equals(row.type()))
                .map(row -> row.file().substring(row.file().lastIndexOf('/') + 1) + ":" + row.line() + " "
                        + row.node() + " " + row.vars().get("term") + " " + Instant.ofEpochMilli(row.l())))
                .as("in causal (here: time) order")
                .containsExactly(
                        "etcd3.log:66 aa830bb056e19751 2 2026-11-23T23:14:20.865Z",
                        "etcd2.log:75 1f15bb1d4890c4c8 3 2026-11-23T23:14:22.551Z",
                        "etcd1.log:83 674e1afde109929d 4 2026-11-23T23:14:26.522Z");
        Row restart = rows.stream().filter(row -> "ServerStart".equals(row.type())).collect(
                Collectors.collectingAndThen(Collectors.toList(), list -> {
                    assertThat(list).hasSize(1);
                    return list.get(0);
                }));
        assertThat(restart.node()).isEqualTo("1f15bb1d4890c4c8");
        assertThat(restart.line()).isEqualTo(80);
        assertThat(restart.unset()).containsExactlyInAnyOrder("role", "leader");
        assertThat(line(rows.stream().filter(row -> row.file().endsWith("etcd3.log")).toList(), 77).vars())
                .isEqualTo(Map.of("leader", "1f15bb1d4890c4c8", "term", 3L));

        // the windows where two members believe they lead, by the logs: the SIGSTOP overlap (different terms),
        // and the killed etcd2 until its restart resets it; never two leaders of one term
        List<String> overlaps = new ArrayList<>();
        Map<String, Map<String, Object>> state = new TreeMap<>();
        long since = -1;
        for (Row row : inHlcOrder(rows)) {
            Map<String, Object> node = state.computeIfAbsent(row.node(), name -> new HashMap<>());
            node.putAll(row.vars() == null ? Map.of() : row.vars());
            if (row.unset() != null) {
                row.unset().forEach(node::remove);
            }
            List<Long> leaderTerms = state.values().stream().filter(s -> "LEADER".equals(s.get("role")))
                    .map(s -> (Long) s.get("term")).toList();
            assertThat(new HashSet<>(leaderTerms)).hasSameSizeAs(leaderTerms);
            if (leaderTerms.size() > 1 && since < 0) {
                since = row.l();
            } else if (leaderTerms.size() <= 1 && since >= 0) {
                overlaps.add(Instant.ofEpochMilli(since) + " → " + Instant.ofEpochMilli(row.l()));
                since = -1;
            }
        }
        assertThat(overlaps).containsExactly(
                "2026-11-23T23:14:22.551Z → 2026-11-23T23:14:25.199Z",
                "2026-11-23T23:14:26.522Z → 2026-11-23T23:14:26.809Z");
    }

    @Test
    void retroscopeIngest() {
        Path file = write(dir, "n3.log", """
                <accounts,%d,3>:balance:100,owners:...{"ann"},meta:[version:1]
                <%d>:balance:90.5,owners:...{"bob"}
                <%d>:owners:--{"ann"},balance:null
                """.formatted(1763800000009L << 16, (1763800000009L << 16) + 1, 1763800000010L << 16));
        IngestSummary summary = ingest("retroscope", file.toString());

        assertThat(summary.events()).isEqualTo(3);
        assertThat(rows(out())).extracting(row -> row.node() + " " + row.key() + " " + row.l() + "." + row.c() + " "
                        + row.vars() + " " + row.unset())
                .containsExactly(
                        "3 accounts 1763800000009.0 {balance=100.0, meta.version=1, owners=[\"ann\"]} null",
                        "3 accounts 1763800000009.1 {balance=90.5, owners=[\"ann\",\"bob\"]} null",
                        "3 accounts 1763800000010.0 {owners=[\"bob\"]} [balance]");
    }

    /** A malformed record under each preset is quarantined with its file, line and reason; the rest is ingested. */
    @Test
    void malformedRecordsAreQuarantinedUnderEveryPreset() {
        Map<String, String[]> cases = new TreeMap<>();
        cases.put("etcd", new String[] {"""
                {"level":"info","ts":"2026-11-23T23:14:20.320Z","caller":"raft/raft.go:706","msg":"674e1afde109929d became follower at term 1"}
                {"level":"info","ts":"2026-11-23T23:14:20.320Z","msg":"674e1afde109929d became follower at term 1"
                {"level":"info","ts":"yesterday","msg":"674e1afde109929d became leader at term 2"}
                """, "2", "malformed JSON at column 99: Unexpected end-of-input: expected close marker for Object", "3",
                "time field 'ts' is \"yesterday\", which does not match the time format 'rfc3339'"});
        cases.put("etcd-raft-trace", new String[] {"""
                {"ts":1712329729.6,"event":{"name":"InitState","nid":"1","state":{"term":0,"vote":"0","commit":0},"role":"StateFollower"}}
                {"ts":1712329729.7,"event":{"name":"InitState","state":{"term":0,"vote":"0","commit":0},"role":"StateFollower"}}
                {"ts":"soon","event":{"name":"InitState","nid":"2","state":{"term":0},"role":"StateFollower"}}
                """, "2", "no node: '${event.nid}' has no value in this record", "3",
                "time field 'ts' is \"soon\", which does not match the time format 'epoch_s'"});
        cases.put("govector", new String[] {"""
                Miner1 {"Miner1":1}
                Initialization Complete
                Miner1 {"Miner1":x}
                broken clock
                Miner1 {"Miner2":3}
                no own entry
                """, "3", "vector clock is not valid JSON: {\"Miner1\":x}", "5",
                "vector clock has no entry for its own node 'Miner1'"});
        cases.put("retroscope", new String[] {"""
                <log,65536,1>:x:1
                <log,131072,1>:x:
                <log,abc,1>:x:1
                """, "2", "at column 18: expected a value for 'x': a number, \"text\", null, {set}, ...{added},"
                + " --{removed} or [struct]", "3", "at column 6: the HLC 'abc' is not a non-negative integer"});
        cases.put("shiviz", new String[] {"""
                Initialization Complete
                host1 {"host1":1}
                an event
                host1 {"host1":-2}
                dangling event
                """, "3", "vector clock entry 'host1' is -2, expected a non-negative integer", "5",
                "incomplete record: the file ends after 1 line(s) (a record ends at a line matching"
                + " '^\\S+ \\{.*\\}\\s*$')"});
        cases.put("zookeeper", new String[] {"""
                2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumPeer@670] - LOOKING
                2015-07-29 17:41:45,747 - INFO  [main:QuorumPeer@670] - LOOKING
                2015-13-29 17:41:46,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumPeer@738] - FOLLOWING
                """, "2", "no node: '${myid}' has no value in this record", "3",
                "time field 'time' is \"2015-13-29 17:41:46,747\", which does not match the time format"
                + " 'yyyy-MM-dd HH:mm:ss,SSS'"});
        for (Map.Entry<String, String[]> entry : cases.entrySet()) {
            String preset = entry.getKey();
            String[] expected = entry.getValue();
            Path file = write(dir, preset + ".log", expected[0]);
            Ingest.run(IngestOptions.of(List.of(file), dir.resolve("out-" + preset)).withFormat(preset),
                    IngestProgress.NONE);
            List<JsonNode> quarantine = Fixture.quarantine(dir.resolve("out-" + preset));
            assertThat(quarantine).as(preset).extracting(q -> q.get("file").asText() + ":" + q.get("line").asText()
                            + ": " + q.get("reason").asText())
                    .containsExactly(file + ":" + expected[1] + ": " + expected[2],
                            file + ":" + expected[3] + ": " + expected[4]);
            assertThat(rows(dir.resolve("out-" + preset))).as(preset).hasSize(1);
        }
    }
}
