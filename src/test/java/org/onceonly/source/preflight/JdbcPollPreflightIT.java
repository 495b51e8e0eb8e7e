/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.source.PreflightItem.Status.FAIL;
import static org.onceonly.source.PreflightItem.Status.PASS;
import static org.onceonly.source.PreflightItem.Status.SKIP;
import static org.onceonly.source.PreflightItem.Status.WARN;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceKind;
import org.onceonly.source.TableSpec;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * The preflight of a {@code jdbc-poll} source against a real PostgreSQL: a copy of the household register
 * with an update time and a deleted flag, polled by a role that may only SELECT.
 */
class JdbcPollPreflightIT {
    @Department(residents = 5)
    static TestDepartment department;

    @BeforeAll
    static void addAPolledTable() {
        department.execute("""
                CREATE TABLE hukou.residents_view (
                    id   bigint PRIMARY KEY,
                    xm   varchar(50) NOT NULL,
                    gxsj timestamp NOT NULL DEFAULT now(),
                    scbz char(1) NOT NULL DEFAULT '0',
                    yx   boolean)""");
        department.execute("CREATE INDEX residents_view_poll ON hukou.residents_view (gxsj, id)");
        department.execute("GRANT SELECT ON hukou.residents_view TO onceonly_cdc");
    }

    @Test
    void pollableTableWithItsIndexPassesEveryCheck() {
        PreflightReport report = Preflight.check(source(department.jdbcUrl(),
                new TableSpec("hukou.residents_view", List.of("id", "xm"), List.of("id"), "gxsj", new TableSpec.SoftDelete("scbz", "1"))));

        assertThat(report.items()).allSatisfy(item -> assertThat(item.status()).as(item.toString()).isEqualTo(PASS));
        assertThat(report.items()).extracting(PreflightItem::name).containsExactly(
                "reachable " + department.jdbcUrl(), "credentials for onceonly_cdc", "SELECT on hukou.residents_view",
                "columns of hukou.residents_view", "key (id) of hukou.residents_view", "watermark gxsj of hukou.residents_view",
                "soft-delete column scbz of hukou.residents_view", "index on hukou.residents_view (gxsj, id)");
        assertThat(item(report, "watermark gxsj of hukou.residents_view").detail()).isEqualTo("gxsj timestamp");
    }

    @Test
    void connectorQueryThatRunsAndReturnsTheColumnsPassesWithTheIndexSkipped() {
        PreflightReport report = Preflight.check(source(department.jdbcUrl(), new TableSpec("hukou.residents_named",
                List.of(), List.of("id"), "gxsj", new TableSpec.SoftDelete("scbz", "1"),
                "SELECT v.id, v.xm, v.scbz, v.gxsj FROM hukou.residents_view v WHERE v.yx IS NOT FALSE")));

        assertThat(item(report, "query of hukou.residents_named runs").status()).isEqualTo(PASS);
        assertThat(item(report, "key (id) of hukou.residents_named").status()).isEqualTo(PASS);
        assertThat(item(report, "watermark gxsj of hukou.residents_named").detail()).isEqualTo("gxsj timestamp");
        assertThat(item(report, "index on hukou.residents_named (gxsj, id)").status()).isEqualTo(SKIP);
        assertThat(report.failed()).isFalse();
    }

    @Test
    void connectorQueryThatFailsShowsTheDatabasesMessage() {
        PreflightReport report = Preflight.check(source(department.jdbcUrl(), new TableSpec("hukou.residents_named",
                List.of(), List.of("id"), "gxsj", null, "SELECT id, gxsj FROM hukou.no_such_table")));

        PreflightItem query = item(report, "query of hukou.residents_named runs");
        assertThat(query.status()).isEqualTo(FAIL);
        assertThat(query.detail()).contains("no_such_table");
        assertThat(query.remedy()).startsWith("check query: for hukou.residents_named");
        assertThat(item(report, "watermark gxsj of hukou.residents_named").status()).isEqualTo(SKIP);
    }

    @Test
    void missingWatermarkColumnFailsNamingItAndTheColumnsThereAre() {
        PreflightReport report = Preflight.check(source(department.jdbcUrl(),
                new TableSpec("hukou.residents_view", List.of(), List.of("id"), "gxsj2", null)));

        PreflightItem watermark = item(report, "watermark gxsj2 of hukou.residents_view");
        assertThat(watermark.status()).isEqualTo(FAIL);
        assertThat(watermark.detail()).isEqualTo("hukou.residents_view has no column gxsj2; it has [id, xm, gxsj, scbz, yx]");
        assertThat(watermark.remedy()).isEqualTo("check watermark: for hukou.residents_view in the connector file");
        assertThat(item(report, "index on hukou.residents_view (gxsj2, id)").status()).isEqualTo(SKIP);
        assertThat(report.failed()).isTrue();
    }

    @Test
    void watermarkOfAnUnsupportedTypeFailsSayingWhichTypesWork() {
        PreflightItem watermark = item(Preflight.check(source(department.jdbcUrl(),
                new TableSpec("hukou.residents_view", List.of(), List.of("id"), "yx", null))), "watermark yx of hukou.residents_view");

        assertThat(watermark.status()).isEqualTo(FAIL);
        assertThat(watermark.detail()).startsWith("yx is boolean; a watermark must be a timestamp");
    }

    @Test
    void missingSoftDeleteColumnFails() {
        PreflightItem softDelete = item(Preflight.check(source(department.jdbcUrl(),
                        new TableSpec("hukou.residents_view", List.of(), List.of("id"), "gxsj", new TableSpec.SoftDelete("sfsc", "1")))),
                "soft-delete column sfsc of hukou.residents_view");

        assertThat(softDelete.status()).isEqualTo(FAIL);
        assertThat(softDelete.detail()).contains("has no column sfsc");
    }

    @Test
    void tableWithoutAnIndexOnTheWatermarkWarnsWithCreateIndex() {
        department.execute("CREATE TABLE hukou.unindexed (id bigint PRIMARY KEY, gxsj timestamp NOT NULL)");
        department.execute("GRANT SELECT ON hukou.unindexed TO onceonly_cdc");

        PreflightReport report = Preflight.check(source(department.jdbcUrl(),
                new TableSpec("hukou.unindexed", List.of(), List.of("id"), "gxsj", null)));

        PreflightItem index = item(report, "index on hukou.unindexed (gxsj, id)");
        assertThat(index.status()).isEqualTo(WARN);
        assertThat(index.remedy()).isEqualTo("CREATE INDEX unindexed_onceonly_poll ON hukou.unindexed (gxsj, id);");
        assertThat(report.failed()).isFalse();
    }

    @Test
    void tableTheRoleMayNotReadFailsWithTheGrantAndSkipsItsColumns() {
        department.execute("CREATE TABLE hukou.unshared_poll (id bigint PRIMARY KEY, gxsj timestamp NOT NULL)");

        PreflightReport report = Preflight.check(source(department.jdbcUrl(),
                new TableSpec("hukou.unshared_poll", List.of(), List.of("id"), "gxsj", null)));

        PreflightItem select = item(report, "SELECT on hukou.unshared_poll");
        assertThat(select.status()).isEqualTo(FAIL);
        assertThat(select.remedy()).isEqualTo("GRANT SELECT ON hukou.unshared_poll TO onceonly_cdc;");
        assertThat(item(report, "watermark gxsj of hukou.unshared_poll").status()).isEqualTo(SKIP);
    }

    @Test
    void columnPrivilegesAloneAreEnoughForTheConfiguredColumns() {
        department.execute("CREATE TABLE hukou.partly (id bigint PRIMARY KEY, gxsj timestamp NOT NULL, mm text)");
        department.execute("GRANT SELECT (id, gxsj) ON hukou.partly TO onceonly_cdc");

        PreflightReport report = Preflight.check(source(department.jdbcUrl(),
                new TableSpec("hukou.partly", List.of("id"), List.of("id"), "gxsj", null)));

        assertThat(item(report, "SELECT on hukou.partly").status()).isEqualTo(PASS);
        assertThat(item(report, "watermark gxsj of hukou.partly").status()).isEqualTo(PASS);
    }

    @Test
    void unreachableUrlFailsReachableAndSkipsTheRest() {
        String closed = "jdbc:postgresql://127.0.0.1:" + TestHubs.freePort() + "/hukou";

        PreflightReport report = Preflight.check(source(closed, new TableSpec("hukou.residents_view", List.of(), List.of("id"), "gxsj", null)));

        assertThat(report.items().get(0).status()).isEqualTo(FAIL);
        assertThat(report.items().get(0).detail()).contains("refused the connection");
        assertThat(report.items().subList(1, report.items().size())).allSatisfy(item -> assertThat(item.status()).isEqualTo(SKIP));
    }

    @Test
    void urlNoDriverAcceptsFailsNamingTheClassPath() {
        PreflightItem reachable = Preflight.check(source("jdbc:oracle:thin:@//db.scjg.internal:1521/SCJG",
                new TableSpec("scjg.enterprises", List.of(), List.of("id"), "gxsj", null))).items().get(0);

        assertThat(reachable.status()).isEqualTo(FAIL);
        assertThat(reachable.detail()).isEqualTo("no JDBC driver on the class path accepts jdbc:oracle:thin:@//db.scjg.internal:1521/SCJG");
        assertThat(reachable.remedy()).contains("java -cp");
    }

    private static PreflightItem item(PreflightReport report, String name) {
        return report.items().stream().filter(item -> item.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no item '" + name + "' in " + report.lines()));
    }

    private static SourceDefinition source(String jdbcUrl, TableSpec table) {
        return new SourceDefinition("hukou-poll", "public-security", "dba@ps.test", SourceKind.JDBC_POLL, jdbcUrl, null, 0, null,
                "onceonly_cdc", new SecretReference("file", department.captureSecret().toAbsolutePath().toString()),
                List.of(table), null, null, null);
    }
}
