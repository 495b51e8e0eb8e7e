/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactionTest {
    @Test
    void passwordsInPrintedConfigurationsAreRedacted() {
        String debeziumError = "Failed: {database.user=onceonly_cdc, database.password=7b678861e83a, "
                + "offset.storage.jdbc.connection.password=embedded, name=hukou}";

        assertThat(LogRedaction.redact(debeziumError))
                .isEqualTo("Failed: {database.user=onceonly_cdc, database.password=******, "
                        + "offset.storage.jdbc.connection.password=******, name=hukou}");
    }

    @Test
    void identityNumbersAreMasked() {
        assertThat(LogRedaction.redact("row 11010519491231002X failed")).isEqualTo("row 110*************2X failed");
    }
}
