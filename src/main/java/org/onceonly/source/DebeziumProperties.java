package org.onceonly.source;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** The Debezium engine configuration for a registered source. */
final class DebeziumProperties {
    private DebeziumProperties() {}

    static Properties of(SourceDefinition source, OffsetStorage offsets, Batching batching) {
        Properties props = new Properties();
        props.setProperty("name", source.id());
        props.setProperty("topic.prefix", source.objectName());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("database.hostname", source.host());
        props.setProperty("database.port", Integer.toString(source.port()));
        props.setProperty("database.dbname", source.database());
        props.setProperty("database.user", source.user());
        props.setProperty("database.password", source.password().resolve());
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", source.objectName());
        props.setProperty("publication.name", source.objectName());
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("table.include.list", source.tables().stream().map(TableSpec::name)
                .map(DebeziumProperties::quoteRegex).collect(Collectors.joining(",")));
        String columns = source.tables().stream()
                .flatMap(t -> t.columns().stream().map(c -> quoteRegex(t.name() + "." + c)))
                .collect(Collectors.joining(","));
        if (!columns.isEmpty()) {
            props.setProperty("column.include.list", columns);
        }
        props.setProperty("snapshot.mode", switch (source.snapshot()) {
            case "never" -> "no_data";
            case "when-needed" -> "when_needed";
            default -> "initial";
        });
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("decimal.handling.mode", "precise");
        props.setProperty("poll.interval.ms", Integer.toString(batching.lingerMs()));
        props.setProperty("max.batch.size", Integer.toString(batching.maxSize()));
        props.setProperty("max.queue.size", Integer.toString(batching.maxSize() * 4));

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

    private static String quoteRegex(String name) {
        return name.replace(".", "\\.").replace("$", "\\$");
    }
}
