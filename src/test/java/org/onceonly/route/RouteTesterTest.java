/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onceonly.schema.Operation;
import org.onceonly.schema.SchemaCatalog;

/** {@code onceonly route test}: the project's household-register route on its sample rows. */
class RouteTesterTest {
    private static final Path ROUTE = Path.of("routes/public-security/hukou-residents-to-person.yaml");

    @Test
    void sampleRowsBecomeCanonicalRecordsOrRejectionsWithReasons() throws Exception {
        JsonNode rows = new ObjectMapper().readTree(Path.of("routes/public-security/samples/hukou-residents.json").toFile());
        List<JsonNode> samples = new ArrayList<>();
        rows.forEach(samples::add);

        List<RouteTester.Outcome> outcomes = RouteTester.run(ROUTE, SchemaCatalog.load(Path.of("schemas")), samples, null);

        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(0).records()).singleElement().satisfies(change -> {
            assertThat(change.entity()).isEqualTo("Person");
            assertThat(change.record().get("birthDate")).hasToString("1949-12-31");
        });
        assertThat(outcomes.get(1).records().get(0).record().get("citizenId"))
                .as("15-digit number upgraded").hasToString("11010519491231002X");
        assertThat(outcomes.get(2).accepted()).isFalse();
        assertThat(outcomes.get(2).rejection().reasons()).singleElement()
                .satisfies(reason -> assertThat(reason.reason()).contains("check character"));
        assertThat(outcomes.get(3).records().get(0).operation()).isEqualTo(Operation.DELETE);
    }
}
