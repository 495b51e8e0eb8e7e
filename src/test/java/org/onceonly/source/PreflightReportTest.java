/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.onceonly.source.PreflightItem.Status;

/** The report's verdict and the text that the CLI prints and the hub logs. */
class PreflightReportTest {
    private static final PreflightItem PASSED = new PreflightItem("wal_level = logical", Status.PASS, null, null);
    private static final PreflightItem WARNED = new PreflightItem("REPLICA IDENTITY FULL on hukou.t", Status.WARN,
            "REPLICA IDENTITY DEFAULT", "ALTER TABLE \"hukou\".\"t\" REPLICA IDENTITY FULL;");
    private static final PreflightItem FAILED = new PreflightItem("wal_level = logical", Status.FAIL, "wal_level is replica",
            "ALTER SYSTEM SET wal_level = logical;\n-- then restart PostgreSQL");

    @Test
    void warningsDoNotFailTheReport() {
        PreflightReport report = new PreflightReport("hukou", SourceKind.POSTGRES, List.of(PASSED, WARNED));

        assertThat(report.failed()).isFalse();
        assertThat(report.verdict()).isEqualTo(Status.WARN);
        assertThat(report.summary()).isEqualTo("hukou: ready: 1 warning, 1 passed");
    }

    @Test
    void everyLineOfARemedyIsIndentedUnderItsItem() {
        PreflightReport report = new PreflightReport("hukou", SourceKind.POSTGRES, List.of(FAILED));

        assertThat(report.lines()).containsExactly(
                "FAIL  wal_level = logical: wal_level is replica",
                "      fix: ALTER SYSTEM SET wal_level = logical;",
                "           -- then restart PostgreSQL");
        assertThat(report.summary()).isEqualTo("hukou: not ready: 1 failed, 0 passed");
    }

    @Test
    void identityNumbersInADetailAreMasked() {
        PreflightItem item = new PreflightItem("SELECT on hukou.t", Status.FAIL, "duplicate key 11010519491231002X", null);

        assertThat(item.detail()).doesNotContain("11010519491231002X");
    }
}
