package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsDatasetTest {
    private static SparkSession spark;
    private static final AtomicInteger jobs = new AtomicInteger();

    @TempDir
    static Path temp;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void opensAnIngestedDatasetWithTheSchemaSparkInfersAndWithoutASparkJob() throws IOException, TimeoutException {
        Path logs = Files.createDirectories(temp.resolve("logs"));
        Files.writeString(logs.resolve("n1.jsonl"), """
                {"node":"n1","hlc":{"l":1000,"c":0},"key":"k","type":"Start","set":{"role":"LEADER","term":1,"load":0.5,"up":true}}
                {"node":"n1","hlc":{"l":1001,"c":0},"key":"k","set":{"role":null},"extra_field":"kept"}
                """);
        Path events = temp.resolve("ingested");
        Ingest.run(IngestOptions.of(List.of(logs), events), IngestProgress.NONE);

        int before = jobsSoFar();
        EventsDataset dataset = EventsDataset.open(spark, events.toString());
        assertThat(jobsSoFar()).as("Spark jobs run to open the dataset").isEqualTo(before);

        assertThat(dataset.rows().schema()).isEqualTo(inferred(events));
        assertThat(dataset.variables().size()).isEqualTo(4);
        assertThat(dataset.variables().names())
                .containsExactly("load", "role", "term", "up");
        assertThat(dataset.variables().type(0)).isEqualTo(VariableType.DOUBLE);
        assertThat(dataset.rows().collectAsList()).hasSize(2);
    }

    @Test
    void opensASparkWrittenDatasetLikeSparkDoes() {
        Variables variables = new Variables(List.of("role", "term"), List.of(VariableType.STRING, VariableType.LONG));
        Path events = temp.resolve("spark-written");
        TestEvents.write(spark, events, variables, List.of(), 2);

        EventsDataset dataset = EventsDataset.open(spark, events.toString());

        assertThat(dataset.rows().schema()).isEqualTo(inferred(events));
        assertThat(dataset.variables().size()).isEqualTo(2);
    }

    @Test
    void aDirectoryWithoutDataFilesIsBadInput() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Files.writeString(empty.resolve("_retrocut.json"), "{\"hlc_unit\":\"ms\"}");

        assertThatThrownBy(() -> EventsDataset.open(spark, empty.toString()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("cannot read events dataset " + empty + ": ");
    }

    @Test
    void aFileThatIsNotParquetIsBadInput() throws IOException {
        Path broken = Files.createDirectories(temp.resolve("broken"));
        Files.writeString(broken.resolve("part-00000.parquet"), "not parquet");

        assertThatThrownBy(() -> EventsDataset.open(spark, broken.toString()))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("cannot read events dataset " + broken + ": ")
                .hasMessageContaining("part-00000.parquet");
    }

    /** What {@code spark.read.parquet} infers, projected to the columns the sweep reads. */
    private static org.apache.spark.sql.types.StructType inferred(Path events) {
        return spark.read().parquet(events.toString())
                .select(EventsDataset.SWEEP_COLUMNS.stream().map(functions::col).toArray(Column[]::new))
                .schema();
    }

    private static int jobsSoFar() throws TimeoutException {
        // Listener events are delivered asynchronously.
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return jobs.get();
    }
}
