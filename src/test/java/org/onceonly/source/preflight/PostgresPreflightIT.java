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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceDefinitionLoader;
import org.onceonly.source.SourceKind;
import org.onceonly.source.TableSpec;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;
import org.onceonly.testkit.TestPostgres;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * The preflight of a {@code postgres} source against real servers: the household register set up as the
 * demo sets it up (asking for passwords, as a department's server does), each test breaking one thing on
 * tables, roles or sources of its own.
 */
class PostgresPreflightIT {
    private static final Map<String, String> DBA_PUBLICATION = Map.of("publication.autocreate.mode", "disabled");

    @TempDir
    static Path directory;
    /** Its own server: it asks for passwords, which the shared server does not. */
    @Department(residents = 10, privateServer = true)
    static TestDepartment department;

    @BeforeAll
    static void requirePasswords() {
        department.requirePasswords();
    }

    @Test
    void demoStyleDepartmentPassesEveryCheck() {
        PreflightReport report = Preflight.check(SourceDefinitionLoader.load(department.connectors().resolve("public-security-hukou.yaml")));

        assertThat(report.items()).allSatisfy(item -> assertThat(item.status()).as(item.toString()).isEqualTo(PASS));
        assertThat(report.items()).extracting(PreflightItem::name).containsExactly(
                "reachable 127.0.0.1:" + department.port(), "credentials for onceonly_cdc", "server version",
                "wal_level = logical", "max_replication_slots has a free slot", "max_wal_senders has a free sender",
                "REPLICATION for onceonly_cdc", "USAGE on schema hukou", "table hukou.residents exists",
                "SELECT on hukou.residents", "primary key on hukou.residents", "REPLICA IDENTITY FULL on hukou.residents",
                "publication onceonly_public_security_hukou", "replication slot onceonly_public_security_hukou",
                "EXECUTE on pg_logical_emit_message for onceonly_cdc");
        assertThat(item(report, "server version").detail()).startsWith("PostgreSQL 1");
        assertThat(report.verdict()).isEqualTo(PASS);
    }

    @Test
    void tableTheRoleMayNotReadFailsWithTheGrant() {
        department.execute("CREATE TABLE hukou.unshared (id bigint PRIMARY KEY)");

        PreflightReport report = Preflight.check(source("unshared", DBA_PUBLICATION, "hukou.unshared"));

        PreflightItem select = item(report, "SELECT on hukou.unshared");
        assertThat(select.status()).isEqualTo(FAIL);
        assertThat(select.remedy()).isEqualTo("GRANT SELECT ON \"hukou\".\"unshared\" TO \"onceonly_cdc\";");
        assertThat(report.failed()).isTrue();
    }

    @Test
    void schemaTheRoleMayNotUseFailsWithTheGrant() {
        department.execute("CREATE SCHEMA hidden");
        department.execute("CREATE TABLE hidden.cases (id bigint PRIMARY KEY)");
        department.execute("GRANT SELECT ON hidden.cases TO onceonly_cdc");

        PreflightReport report = Preflight.check(source("hidden", DBA_PUBLICATION, "hidden.cases"));

        assertThat(item(report, "USAGE on schema hidden").remedy()).isEqualTo("GRANT USAGE ON SCHEMA \"hidden\" TO \"onceonly_cdc\";");
        assertThat(item(report, "SELECT on hidden.cases").status()).isEqualTo(PASS);
    }

    @Test
    void roleWithoutReplicationFailsWithAlterRole() throws IOException {
        department.execute("CREATE ROLE onceonly_plain WITH LOGIN PASSWORD 'plain-secret'");
        department.execute("GRANT USAGE ON SCHEMA hukou TO onceonly_plain");
        department.execute("GRANT SELECT ON hukou.residents TO onceonly_plain");

        PreflightReport report = Preflight.check(source("plain-role", "onceonly_plain", secret("plain-secret"), DBA_PUBLICATION,
                "hukou.residents"));

        PreflightItem replication = item(report, "REPLICATION for onceonly_plain");
        assertThat(replication.status()).isEqualTo(FAIL);
        assertThat(replication.remedy()).isEqualTo("ALTER ROLE \"onceonly_plain\" WITH REPLICATION;");
        assertThat(item(report, "SELECT on hukou.residents").status()).isEqualTo(PASS);
    }

    @Test
    void heartbeatTheDbaRevokedIsAWarningWithTheGrant() {
        // A hardened database: PUBLIC may not run the function the heartbeat uses (restored for the other tests).
        department.declineHeartbeat();
        try {
            PreflightReport report = Preflight.check(source("hardened",
                    Map.of("publication.autocreate.mode", "disabled", "publication.name", "onceonly_public_security_hukou"), "hukou.residents"));

            PreflightItem heartbeat = item(report, "EXECUTE on pg_logical_emit_message for onceonly_cdc");
            assertThat(heartbeat.status()).isEqualTo(WARN);
            assertThat(heartbeat.detail()).contains("capture works").contains("watch.walWarningMb");
            // PostgreSQL 17 added a fourth argument: the remedy names the server's own signature.
            assertThat(heartbeat.remedy()).startsWith("GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean,text,text")
                    .endsWith(") TO \"onceonly_cdc\";");
            assertThat(report.failed()).isFalse();
        } finally {
            department.allowHeartbeat();
        }
    }

    @Test
    void missingPublicationWithAutocreateDisabledFailsWithCreatePublication() {
        PreflightReport report = Preflight.check(source("hukou-copy", DBA_PUBLICATION, "hukou.residents"));

        PreflightItem publication = item(report, "publication onceonly_hukou_copy");
        assertThat(publication.status()).isEqualTo(FAIL);
        assertThat(publication.detail()).contains("does not exist");
        assertThat(publication.remedy()).isEqualTo("CREATE PUBLICATION \"onceonly_hukou_copy\" FOR TABLE \"hukou\".\"residents\";");
    }

    @Test
    void publicationLackingARegisteredTableFailsWithAddTable() {
        department.execute("CREATE TABLE hukou.households (id bigint PRIMARY KEY)");
        department.execute("GRANT SELECT ON hukou.households TO onceonly_cdc");
        department.execute("CREATE PUBLICATION onceonly_partial FOR TABLE hukou.residents");

        PreflightReport report = Preflight.check(source("partial", DBA_PUBLICATION, "hukou.residents", "hukou.households"));

        PreflightItem publication = item(report, "publication onceonly_partial");
        assertThat(publication.status()).isEqualTo(FAIL);
        assertThat(publication.remedy()).isEqualTo("ALTER PUBLICATION \"onceonly_partial\" ADD TABLE \"hukou\".\"households\";");
    }

    @Test
    void filteredModeFailsWhenTheRoleDoesNotOwnTheTables() {
        PreflightReport report = Preflight.check(source("filtered", Map.of(), "hukou.residents"));

        PreflightItem publication = item(report, "publication onceonly_filtered");
        assertThat(publication.status()).isEqualTo(FAIL);
        assertThat(publication.detail()).contains("does not own hukou.residents");
        assertThat(publication.remedy()).contains("CREATE PUBLICATION \"onceonly_filtered\" FOR TABLE \"hukou\".\"residents\";")
                .contains("publication.autocreate.mode: disabled");
    }

    @Test
    void filteredModePassesWhenTheRoleOwnsTheTables() {
        department.execute("CREATE TABLE hukou.owned (id bigint PRIMARY KEY)");
        department.execute("ALTER TABLE hukou.owned OWNER TO onceonly_cdc");
        department.execute("GRANT CREATE ON DATABASE " + department.databaseName() + " TO onceonly_cdc");

        PreflightReport report = Preflight.check(source("owned", Map.of(), "hukou.owned"));

        assertThat(item(report, "publication onceonly_owned").status()).isEqualTo(PASS);
    }

    @Test
    void tableWithoutFullReplicaIdentityOnlyWarns() {
        department.execute("CREATE TABLE hukou.moves (id bigint PRIMARY KEY, dz text)");
        department.execute("GRANT SELECT ON hukou.moves TO onceonly_cdc");
        department.execute("CREATE PUBLICATION moves_publication FOR TABLE hukou.moves");

        PreflightReport report = Preflight.check(source("moves",
                Map.of("publication.autocreate.mode", "disabled", "publication.name", "moves_publication"), "hukou.moves"));

        PreflightItem identity = item(report, "REPLICA IDENTITY FULL on hukou.moves");
        assertThat(identity.status()).isEqualTo(WARN);
        assertThat(identity.remedy()).isEqualTo("ALTER TABLE \"hukou\".\"moves\" REPLICA IDENTITY FULL;");
        assertThat(report.failed()).isFalse();
        assertThat(report.verdict()).isEqualTo(WARN);
    }

    @Test
    void tableWithoutPrimaryKeyFailsSuggestingItsUniqueNotNullColumns() {
        department.execute("CREATE TABLE hukou.certificates (zh varchar(20) NOT NULL UNIQUE, mc text)");
        department.execute("GRANT SELECT ON hukou.certificates TO onceonly_cdc");

        PreflightReport report = Preflight.check(source("certificates", DBA_PUBLICATION, "hukou.certificates"));

        PreflightItem key = item(report, "primary key on hukou.certificates");
        assertThat(key.status()).isEqualTo(FAIL);
        assertThat(key.remedy()).startsWith("ALTER TABLE \"hukou\".\"certificates\" ADD PRIMARY KEY (\"zh\");")
                .contains("message.key.columns: hukou.certificates:zh");
    }

    @Test
    void misspeltTableFailsNamingTheSimilarTableAndSkipsItsOtherChecks() {
        PreflightReport report = Preflight.check(source("misspelt", DBA_PUBLICATION, "hukou.resident"));

        PreflightItem exists = item(report, "table hukou.resident exists");
        assertThat(exists.status()).isEqualTo(FAIL);
        assertThat(exists.detail()).contains("similar: hukou.residents");
        assertThat(item(report, "SELECT on hukou.resident").status()).isEqualTo(SKIP);
        assertThat(item(report, "publication onceonly_misspelt").status()).isEqualTo(SKIP);
    }

    @Test
    void unreachablePortFailsReachableAndSkipsEveryLaterItem() {
        SourceDefinition source = source("nowhere", DBA_PUBLICATION, "hukou.residents");
        int closedPort = TestHubs.freePort();
        SourceDefinition elsewhere = new SourceDefinition(source.id(), source.department(), source.owner(), source.kind(), null,
                "127.0.0.1", closedPort, source.database(), source.user(), source.password(), source.tables(), null, null, source.options());

        PreflightReport report = Preflight.check(elsewhere);

        PreflightItem reachable = report.items().get(0);
        assertThat(reachable.name()).isEqualTo("reachable 127.0.0.1:" + closedPort);
        assertThat(reachable.status()).isEqualTo(FAIL);
        assertThat(reachable.detail()).contains("refused");
        assertThat(reachable.remedy()).contains("listen_addresses").contains("pg_hba.conf");
        assertThat(report.items().subList(1, report.items().size()))
                .isNotEmpty().allSatisfy(item -> assertThat(item.status()).isEqualTo(SKIP));
    }

    @Test
    void unresolvableHostFailsReachableSayingDns() {
        SourceDefinition source = source("no-host", DBA_PUBLICATION, "hukou.residents");
        SourceDefinition elsewhere = new SourceDefinition(source.id(), source.department(), source.owner(), source.kind(), null,
                "no-such-host.invalid", 5432, source.database(), source.user(), source.password(), source.tables(), null, null, source.options());

        PreflightItem reachable = Preflight.check(elsewhere).items().get(0);

        assertThat(reachable.status()).isEqualTo(FAIL);
        assertThat(reachable.detail()).contains("DNS");
    }

    @Test
    void wrongPasswordFailsCredentialsWithAlterRolePassword() throws IOException {
        PreflightReport report = Preflight.check(source("wrong-password", "onceonly_cdc", secret("not-the-password"),
                DBA_PUBLICATION, "hukou.residents"));

        PreflightItem credentials = item(report, "credentials for onceonly_cdc");
        assertThat(credentials.status()).isEqualTo(FAIL);
        assertThat(credentials.detail()).contains("password authentication failed").doesNotContain("not-the-password");
        assertThat(credentials.remedy()).startsWith("ALTER ROLE \"onceonly_cdc\" WITH PASSWORD '").doesNotContain("not-the-password");
        assertThat(item(report, "wal_level = logical").status()).isEqualTo(SKIP);
    }

    @Test
    void unsetPasswordVariableFailsCredentialsSayingWhichVariable() {
        SourceDefinition source = source("no-secret", DBA_PUBLICATION, "hukou.residents");
        SourceDefinition unset = new SourceDefinition(source.id(), source.department(), source.owner(), source.kind(), null,
                source.host(), source.port(), source.database(), source.user(), SecretReference.ofEnv("ONCEONLY_TEST_UNSET_SECRET"),
                source.tables(), null, null, source.options());

        PreflightItem credentials = item(Preflight.check(unset), "credentials for onceonly_cdc");

        assertThat(credentials.status()).isEqualTo(FAIL);
        assertThat(credentials.detail()).contains("ONCEONLY_TEST_UNSET_SECRET");
        assertThat(credentials.remedy()).contains("set the environment variable ONCEONLY_TEST_UNSET_SECRET");
    }

    @Test
    void inactiveSlotPassesShowingTheWalItRetains() {
        department.query("SELECT pg_create_logical_replication_slot('onceonly_idle', 'pgoutput')");

        PreflightItem slot = item(Preflight.check(source("idle", DBA_PUBLICATION, "hukou.residents")), "replication slot onceonly_idle");

        assertThat(slot.status()).isEqualTo(PASS);
        assertThat(slot.detail()).contains("inactive").containsPattern("retaining \\d+ (bytes|kB|MB)");
    }

    @Test
    void slotInUseByAnotherConsumerWarns() throws SQLException {
        department.query("SELECT pg_create_logical_replication_slot('onceonly_busy', 'pgoutput')");
        Properties replication = new Properties();
        PGProperty.USER.set(replication, TestPostgres.SUPERUSER);
        PGProperty.REPLICATION.set(replication, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(replication, "10");
        PGProperty.PREFER_QUERY_MODE.set(replication, "simple");
        try (Connection connection = DriverManager.getConnection(department.jdbcUrl(), replication);
             PGReplicationStream ignored = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                     .logical().withSlotName("onceonly_busy").withSlotOption("proto_version", "1")
                     .withSlotOption("publication_names", "onceonly_public_security_hukou").start()) {

            PreflightItem slot = item(Preflight.check(source("busy", DBA_PUBLICATION, "hukou.residents")), "replication slot onceonly_busy");

            assertThat(slot.status()).isEqualTo(WARN);
            assertThat(slot.detail()).contains("in use by another consumer");
        }
    }

    @Test
    void serverWithoutLogicalWalLevelFailsWithAlterSystemAndRestart() throws SQLException, IOException {
        try (TestPostgres replica = TestPostgres.startPrivate(Map.of("wal_level", "replica"))) {
            try (Connection connection = replica.dataSource("postgres").getConnection(); Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE public.cases (id bigint PRIMARY KEY)");
            }
            SourceDefinition source = new SourceDefinition("replica-only", "public-security", "dba@ps.test", SourceKind.POSTGRES, null,
                    "127.0.0.1", replica.port(), "postgres", TestPostgres.SUPERUSER, new SecretReference("file", secret("any").toString()),
                    List.of(TableSpec.ofName("public.cases")), null, null, Map.of());

            PreflightItem walLevel = item(Preflight.check(source), "wal_level = logical");

            assertThat(walLevel.status()).isEqualTo(FAIL);
            assertThat(walLevel.detail()).isEqualTo("wal_level is replica; logical decoding needs logical");
            assertThat(walLevel.remedy()).startsWith("ALTER SYSTEM SET wal_level = logical;").contains("restart PostgreSQL");
        }
    }

    private static PreflightItem item(PreflightReport report, String name) {
        return report.items().stream().filter(item -> item.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no item '" + name + "' in " + report.lines()));
    }

    private static SourceDefinition source(String id, Map<String, String> options, String... tables) {
        return source(id, "onceonly_cdc", department.captureSecret(), options, tables);
    }

    private static SourceDefinition source(String id, String user, Path secret, Map<String, String> options, String... tables) {
        return new SourceDefinition(id, "public-security", "dba@ps.test", SourceKind.POSTGRES, null, "127.0.0.1", department.port(),
                department.databaseName(), user, new SecretReference("file", secret.toAbsolutePath().toString()),
                Arrays.stream(tables).map(TableSpec::ofName).toList(), null, null, options);
    }

    private static Path secret(String password) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "secret", ".txt"), password + "\n");
    }
}
