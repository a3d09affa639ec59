package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code retrocut demo} ends with a readable story derived from the check result and its witnesses. */
class DemoStoryTest {
    @Test
    void demoTellsWhatBrokeWhenAndWhere() {
        Cli.Result demo = Cli.run("demo");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("--- the story ---\n"
                + "What was checked: 3 invariant(s) on every consistent cut of 1 key(s), 52 cuts in all.\n"
                + "What broke: election-safety, one-leader; term-agreement held throughout.\n");
        assertThat(demo.out()).contains("election-safety (at most one leader per term (Raft's Election Safety property)) broke on"
                + " 'raft-1' at 08:26:40.565 (HLC 1763800000565.0): n3 BecomeLeader — \"became leader at term 2\" (n3.jsonl:11).\n"
                + "  In that cut: n1 commit=5, leader=n1, role=LEADER, term=1, voted_for=n1; n2 commit=5, leader=n2, role=LEADER, term=2,"
                + " voted_for=n3; n3 commit=5, leader=n3, role=LEADER, term=2, voted_for=n2.\n"
                + "  This lasted 36 ms (2 cut(s)) until 08:26:40.601 (HLC 1763800000601.0), the first cut where it held again.\n");
    }
}
