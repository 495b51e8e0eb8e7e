package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * The hub runs each source's preflight before starting it: a source that fails it is not started and
 * says why, while the other sources and the API run on.
 */
class HubPreflightTest {
    private static final int RESIDENTS = 20;
    private static final String BROKEN = "public-security-hukou-poll";

    @TempDir
    static Path directory;
    static TestDepartment department;
    static Hub hub;

    @BeforeAll
    static void start() throws IOException {
        department = TestDepartment.start(directory, RESIDENTS);
        // A polled source whose watermark column does not exist, next to the demo's working source.
        Files.writeString(department.connectors().resolve(BROKEN + ".yaml"), """
                id: %s
                department: public-security
                owner: hukou-dba@ps.test
                kind: jdbc-poll
                jdbcUrl: %s
                user: onceonly_cdc
                password: ${file:%s}
                tables:
                  - name: hukou.residents
                    key: [id]
                    watermark: gxsj_missing
                """.formatted(BROKEN, department.jdbcUrl(), department.captureSecret().toAbsolutePath()));
        hub = Hub.start(TestHubs.config(directory, department.connectors()));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (department != null) {
            department.close();
        }
    }

    @Test
    void sourceFailingItsPreflightIsNotStartedAndSaysWhy() {
        SourceStatus status = hub.sourceStatus(BROKEN);

        assertThat(status.state()).isEqualTo(SourceState.FAILED);
        assertThat(status.lastError()).startsWith("preflight failed: watermark gxsj_missing of hukou.residents");
        assertThat(status.events()).isZero();
    }

    @Test
    void refusedSourceShowsAsFailedInTheMetrics() {
        String metrics = new ApiClient(hub.config().httpPort()).text("/metrics");

        assertThat(metrics.lines().filter(line -> line.startsWith("onceonly_source_state")
                && line.contains("source=\"" + BROKEN + "\"") && line.contains("state=\"failed\"")))
                .singleElement().satisfies(line -> assertThat(line).endsWith(" 1.0"));
    }

    @Test
    void otherSourcesStillReachThePoolAndTheApiServesThem() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> TestHubs.count(hub, "SELECT count(*) FROM golden_record") >= RESIDENTS);
        ApiClient api = new ApiClient(hub.config().httpPort());

        assertThat(api.get("/v1/subjects/" + department.identityNumberOf(1) + "/person").status()).isEqualTo(200);
        assertThat(hub.sourceStatus("public-security-hukou").state()).isIn(SourceState.SNAPSHOT, SourceState.STREAMING);
    }
}
