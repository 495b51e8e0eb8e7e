/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * The hub runs each source's preflight before starting it: a source that fails it is not started and
 * says why, while the other sources and the API run on.
 */
class HubPreflightIT {
    private static final int RESIDENTS = 20;
    private static final String BROKEN = "public-security-hukou-poll";

    @Department(residents = RESIDENTS)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();

    @BeforeAll
    static void start() throws IOException {
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
        hub.start();
    }

    @Test
    void sourceFailingItsPreflightIsNotStartedAndSaysWhy() {
        SourceStatus status = hub.hub().sourceStatus(BROKEN);

        assertThat(status.state()).isEqualTo(SourceState.STALLED);
        assertThat(status.lastError()).startsWith("preflight failed: watermark gxsj_missing of hukou.residents");
        assertThat(status.events()).isZero();
    }

    @Test
    void refusedSourceShowsAsStalledInTheMetrics() {
        String metrics = hub.api().text("/metrics");

        assertThat(metrics.lines().filter(line -> line.startsWith("onceonly_source_state")
                && line.contains("source=\"" + BROKEN + "\"") && line.contains("state=\"stalled\"")))
                .singleElement().satisfies(line -> assertThat(line).endsWith(" 1.0"));
    }

    @Test
    void otherSourcesStillReachThePoolAndTheApiServesThem() {
        Patience.await().until(() -> hub.pool().count("Person") >= RESIDENTS);
        ApiClient api = hub.api();

        assertThat(api.get("/v1/subjects/" + department.identityNumberOf(1) + "/person").status()).isEqualTo(200);
        assertThat(hub.hub().sourceStatus("public-security-hukou").state()).isIn(SourceState.SNAPSHOTTING, SourceState.STREAMING);
    }
}
