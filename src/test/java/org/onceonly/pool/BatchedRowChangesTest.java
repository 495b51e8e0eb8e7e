/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;

/** One batch that changes the same source row more than once, as a multi-row binlog event or a busy row does. */
class BatchedRowChangesTest {
    private static final String ZHANG = "11010519491231002X";
    private static final Instant T1 = Instant.parse("2026-01-01T08:00:00Z");

    @RegisterExtension
    static final PoolFixture pool = new PoolFixture();

    @Test
    void rowChangedThreeTimesInOneBatchKeepsTheLastStateAndEveryVersion() {
        PoolWriter.Outcome outcome = pool.apply(person("北京市东城区一号", "pos:1"), person("北京市东城区二号", "pos:2"),
                person("北京市东城区三号", "pos:3"));

        assertThat(outcome.versions()).isEqualTo(3);
        assertThat(pool.livePositions("hukou")).containsExactly("pos:3");
        assertThat(pool.historyPositions("hukou")).containsExactly("pos:1", "pos:2", "pos:3");
        assertThat(pool.reader.golden("Person", ZHANG).orElseThrow().fields().get("registeredAddress").get("value").asText())
                .isEqualTo("北京市东城区三号");
    }

    private static CanonicalChange person(String address, String position) {
        return pool.change("Person", Operation.UPDATE, """
                {"citizenId": "%s", "name": "张三", "registeredAddress": "%s"}""".formatted(ZHANG, address),
                "hukou", "public-security", "{\"id\":1}", position, T1);
    }
}
