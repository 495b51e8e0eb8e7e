/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.onceonly.source.Batching;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.TableSpec;

/** The Debezium engine configuration for a registered source (public for the benchmark's plain-engine baseline). */
public final class DebeziumProperties {
    /** Replication client ids the hub derives for binlog sources: {@code [FIRST_SERVER_ID, FIRST_SERVER_ID + SERVER_IDS)}. */
    static final long FIRST_SERVER_ID = 5400;
    static final long SERVER_IDS = 1000;

    private DebeziumProperties() {}

    public static Properties of(SourceDefinition source, OffsetStorage offsets, Batching batching) {
        Properties props = new Properties();
        props.setProperty("name", source.id());
        props.setProperty("topic.prefix", source.objectName());
        props.setProperty("database.hostname", source.host());
        props.setProperty("database.port", Integer.toString(source.port()));
        props.setProperty("database.user", source.user());
        props.setProperty("database.password", source.password().resolve());
        switch (source.kind()) {
            case POSTGRES -> postgres(props, source);
            case MARIADB -> binlog(props, source, offsets, "io.debezium.connector.mariadb.MariaDbConnector");
            case MYSQL -> binlog(props, source, offsets, "io.debezium.connector.mysql.MySqlConnector");
            case JDBC_POLL -> throw new IllegalArgumentException("source " + source.id() + " is polled, not captured by Debezium");
        }
        // Tables are schema.table for PostgreSQL and database.table for MariaDB/MySQL: Debezium's patterns
        // take the same shape for both.
        props.setProperty("table.include.list", source.tables().stream().map(TableSpec::name)
                .map(DebeziumProperties::quoteRegex).collect(Collectors.joining(",")));
        String columns = source.tables().stream()
                .flatMap(t -> t.columns().stream().map(c -> quoteRegex(t.name() + "." + c)))
                .collect(Collectors.joining(","));
        if (!columns.isEmpty()) {
            props.setProperty("column.include.list", columns);
        }
        props.setProperty("snapshot.mode", switch (source.snapshot()) {
            // incremental: stream at once; the tables are loaded by an incremental snapshot the runner requests.
            case "never", "incremental" -> "no_data";
            case "when-needed" -> "when_needed";
            default -> "initial";
        });
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("decimal.handling.mode", "precise");
        props.setProperty("poll.interval.ms", Integer.toString(batching.lingerMs()));
        props.setProperty("max.batch.size", Integer.toString(batching.maxSize()));
        props.setProperty("max.queue.size", Integer.toString(batching.maxSize() * 4));

        // After a retriable error (the database restarting, the network cut) the connector reconnects after
        // this wait, and again after it for as long as the error lasts; Debezium's default is 10 s.
        props.setProperty("retriable.restart.connector.wait.ms", "3000");

        // The hub signals the engine in-process (re-snapshot); the source channel reads a DBA's signal table.
        props.setProperty("signal.enabled.channels", "in-process,source");
        props.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        props.setProperty("offset.storage.jdbc.connection.url", offsets.jdbcUrl());
        props.setProperty("offset.storage.jdbc.connection.user", offsets.user());
        props.setProperty("offset.storage.jdbc.connection.password", offsets.password());
        props.setProperty("offset.storage.jdbc.table.name", source.objectName() + "_offsets");
        // Flush after every batch: the batch is already durable in the pool, and a short window means
        // fewer re-deliveries after a crash.
        props.setProperty("offset.flush.interval.ms", "0");

        for (Map.Entry<String, String> option : source.options().entrySet()) {
            props.setProperty(option.getKey(), option.getValue());
        }
        return props;
    }

    private static void postgres(Properties props, SourceDefinition source) {
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        // A heartbeat lets the connector confirm the server's latest position even when no captured table
        // changes: the slot then releases WAL written by other tables and databases, and a server shutting down
        // (which waits for its walsenders to be confirmed up to the shutdown checkpoint) is not held up to
        // wal_sender_timeout by the hub.
        props.setProperty("heartbeat.interval.ms", "1000");
        // ... but only a write in the source's own database moves its slot past other databases' WAL: the
        // runner adds PostgresHeartbeat.QUERY as heartbeat.action.query when the role may run it. Its messages
        // carry no row and are dropped here.
        props.setProperty("message.prefix.exclude.list", PostgresHeartbeat.PREFIX);
        props.setProperty("database.dbname", source.database());
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", source.objectName());
        props.setProperty("publication.name", source.objectName());
        props.setProperty("publication.autocreate.mode", "filtered");
    }

    /**
     * Adds the heartbeat that writes into a PostgreSQL source's own database (see {@link PostgresHeartbeat}),
     * unless the connector file's {@code options} set an action query of their own.
     */
    static void writeHeartbeat(Properties props, SourceDefinition source) {
        if (source.kind() == org.onceonly.source.SourceKind.POSTGRES && !source.options().containsKey("heartbeat.action.query")) {
            props.setProperty("heartbeat.action.query", PostgresHeartbeat.QUERY);
        }
    }

    /**
     * MariaDB and MySQL: the connector joins the server as a replica, so it needs a replica id of its own,
     * and it keeps the tables' DDL history (to decode binlog rows written under older table definitions)
     * next to the offsets in the pool database.
     */
    private static void binlog(Properties props, SourceDefinition source, OffsetStorage offsets, String connector) {
        props.setProperty("connector.class", connector);
        props.setProperty("database.server.id", Long.toString(serverId(source.id())));
        props.setProperty("database.include.list", quoteRegex(source.database()));
        props.setProperty("include.schema.changes", "false");
        // How often the binlog client checks its connection and, once lost (the server restarted, the network
        // cut), tries to restore it; Debezium's default of a minute left a restarted server unread for up to two.
        props.setProperty("connect.keep.alive.interval.ms", "5000");

        props.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        props.setProperty("schema.history.internal.jdbc.connection.url", offsets.jdbcUrl());
        props.setProperty("schema.history.internal.jdbc.connection.user", offsets.user());
        props.setProperty("schema.history.internal.jdbc.connection.password", offsets.password());
        props.setProperty("schema.history.internal.jdbc.table.name", source.objectName() + "_schema_history");
        // Only the registered database's DDL: other databases on the server are none of the hub's business.
        props.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        // ... and of its tables: DDL of tables the source does not capture is none of its business either.
        props.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        // A statement the parser cannot read (valid MariaDB it does not know, such as CREATE DATABASE ... COMMENT)
        // would stop capture for good, at every restart; skipped, it is counted and shown instead (UnparseableDdl).
        props.setProperty("schema.history.internal.skip.unparseable.ddl", "true");
    }

    /**
     * A replica id derived from the source id, stable across restarts and hosts: 5400 to 6399. It must
     * differ from the server's own {@code server_id} and every other replica's; {@code options} may set
     * {@code database.server.id} instead.
     */
    public static long serverId(String sourceId) {
        CRC32 crc = new CRC32();
        crc.update(sourceId.getBytes(StandardCharsets.UTF_8));
        return FIRST_SERVER_ID + crc.getValue() % SERVER_IDS;
    }

    private static String quoteRegex(String name) {
        return name.replace(".", "\\.").replace("$", "\\$");
    }
}
