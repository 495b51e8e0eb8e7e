/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceDefinitionLoader;
import org.onceonly.source.SourceState;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestPool;

/** The embedded engine's runner against a real department. */
class DebeziumSourceRunnerIT {
    @TempDir
    Path directory;
    @EmptyPool
    TestPool pool;
    @Department(residents = 5)
    TestDepartment department;

    @Test
    void closingWhileTheEngineStartsReturnsWithinSecondsNotAfterTheExecutorsTimeout() {
        SourceDefinition definition = SourceDefinitionLoader.load(department.writeConnector(directory, "close-at-start", "", ""));
        DebeziumSourceRunner runner = new DebeziumSourceRunner(definition,
                new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password()), batch -> { });
        runner.start();

        Instant closing = Instant.now();
        runner.close();

        // The engine refuses to stop while its tasks start; before the retry, close() waited 30 s for it.
        assertThat(Duration.between(closing, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(runner.status().state()).isEqualTo(SourceState.STOPPED);
    }
}
