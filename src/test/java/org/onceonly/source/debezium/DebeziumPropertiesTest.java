/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.Batching;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceKind;
import org.onceonly.source.TableSpec;

class DebeziumPropertiesTest {
    private static final OffsetStorage POOL = new OffsetStorage("jdbc:postgresql://127.0.0.1:54320/onceonly", "onceonly", "pool-secret");

    @TempDir
    Path directory;

    @Test
    void mariaDbSourceUsesTheMariaDbConnectorOnItsDatabaseAndTables() throws IOException {
        Properties props = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of()), POOL, Batching.DEFAULT);

        assertThat(props.getProperty("connector.class")).isEqualTo("io.debezium.connector.mariadb.MariaDbConnector");
        assertThat(props.getProperty("database.include.list")).isEqualTo("shebao");
        assertThat(props.getProperty("table.include.list")).isEqualTo("shebao\\.cbxx,shebao\\.jfjl");
        assertThat(props.getProperty("column.include.list")).isEqualTo("shebao\\.jfjl\\.id,shebao\\.jfjl\\.sfzh");
        assertThat(props.getProperty("snapshot.mode")).isEqualTo("initial");
        assertThat(props).doesNotContainKeys("slot.name", "publication.name", "plugin.name");
    }

    @Test
    void lostConnectionsAreNoticedAndRestoredWithinSeconds() throws IOException {
        Properties mariaDb = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of()), POOL, Batching.DEFAULT);
        Properties postgres = DebeziumProperties.of(source(SourceKind.POSTGRES, Map.of()), POOL, Batching.DEFAULT);

        assertThat(mariaDb.getProperty("connect.keep.alive.interval.ms")).isEqualTo("5000");
        assertThat(postgres.getProperty("heartbeat.interval.ms")).isEqualTo("1000");
        assertThat(List.of(mariaDb, postgres)).allSatisfy(props ->
                assertThat(props.getProperty("retriable.restart.connector.wait.ms")).isEqualTo("3000"));
    }

    @Test
    void mysqlSourceUsesTheMySqlConnector() throws IOException {
        Properties props = DebeziumProperties.of(source(SourceKind.MYSQL, Map.of()), POOL, Batching.DEFAULT);

        assertThat(props.getProperty("connector.class")).isEqualTo("io.debezium.connector.mysql.MySqlConnector");
    }

    @Test
    void schemaHistoryAndOffsetsLiveInThePoolDatabaseInTablesOfTheirOwn() throws IOException {
        Properties props = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of()), POOL, Batching.DEFAULT);

        assertThat(props.getProperty("schema.history.internal")).isEqualTo("io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        assertThat(props.getProperty("schema.history.internal.jdbc.connection.url")).isEqualTo(POOL.jdbcUrl());
        assertThat(props.getProperty("schema.history.internal.jdbc.connection.user")).isEqualTo(POOL.user());
        assertThat(props.getProperty("schema.history.internal.jdbc.connection.password")).isEqualTo(POOL.password());
        assertThat(props.getProperty("schema.history.internal.jdbc.table.name"))
                .isEqualTo("onceonly_human_resources_shebao_schema_history");
        assertThat(props.getProperty("offset.storage.jdbc.table.name")).isEqualTo("onceonly_human_resources_shebao_offsets");
    }

    @Test
    void binlogSourceKeepsOnlyItsOwnTablesDdlAndSkipsWhatTheParserCannotRead() throws IOException {
        Properties props = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of()), POOL, Batching.DEFAULT);

        assertThat(props.getProperty("schema.history.internal.store.only.captured.tables.ddl")).isEqualTo("true");
        assertThat(props.getProperty("schema.history.internal.skip.unparseable.ddl")).isEqualTo("true");
    }

    @Test
    void postgresSourceDropsItsOwnHeartbeatMessages() throws IOException {
        Properties props = DebeziumProperties.of(source(SourceKind.POSTGRES, Map.of()), POOL, Batching.DEFAULT);

        assertThat(props.getProperty("message.prefix.exclude.list")).isEqualTo(PostgresHeartbeat.PREFIX);
        // The action query is added by the runner, once it knows the role may run it.
        assertThat(props).doesNotContainKey("heartbeat.action.query");
    }

    @Test
    void replicaServerIdIsStableAndInItsRange() throws IOException {
        String first = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of()), POOL, Batching.DEFAULT).getProperty("database.server.id");
        String again = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of()), POOL, Batching.DEFAULT).getProperty("database.server.id");

        assertThat(first).isEqualTo(again);
        assertThat(Long.parseLong(first)).isBetween(5400L, 6399L);
        assertThat(List.of("a", "b", "public-security-hukou", "human-resources-shebao", "x".repeat(60)))
                .allSatisfy(id -> assertThat(DebeziumProperties.serverId(id)).isBetween(5400L, 6399L));
    }

    @Test
    void replicaServerIdFromOptionsWins() throws IOException {
        Properties props = DebeziumProperties.of(source(SourceKind.MARIADB, Map.of("database.server.id", "7001")), POOL, Batching.DEFAULT);

        assertThat(props.getProperty("database.server.id")).isEqualTo("7001");
    }

    @Test
    void snapshotNeverMeansNoData() throws IOException {
        SourceDefinition never = new SourceDefinition("human-resources-shebao", "human-resources", "dba@rsj.test", SourceKind.MARIADB,
                null, "db.rsj.internal", 3306, "shebao", "onceonly_cdc", secret(), List.of(new TableSpec("shebao.cbxx", List.of())),
                "never", null, Map.of());

        assertThat(DebeziumProperties.of(never, POOL, Batching.DEFAULT).getProperty("snapshot.mode")).isEqualTo("no_data");
    }

    private SourceDefinition source(SourceKind kind, Map<String, String> options) throws IOException {
        return new SourceDefinition("human-resources-shebao", "human-resources", "dba@rsj.test", kind, null, "db.rsj.internal",
                3306, "shebao", "onceonly_cdc", secret(),
                List.of(new TableSpec("shebao.cbxx", List.of()), new TableSpec("shebao.jfjl", List.of("id", "sfzh"))),
                null, null, options);
    }

    private SecretReference secret() throws IOException {
        Path file = Files.writeString(directory.resolve("shebao.password"), "capture-secret\n");
        return SecretReference.parse("password", "${file:" + file + "}");
    }
}
