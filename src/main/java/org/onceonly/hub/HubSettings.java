/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.onceonly.config.StrictYaml;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceKind;
import org.onceonly.source.kafka.RawTopicSource;

/**
 * Every key of {@code onceonly.yaml}, in the order docs/configuration.md lists them. A key exists here or
 * nowhere: the loader refuses any other, {@link HubConfig} reads its values through these, and a test holds
 * the documentation to this list.
 */
public final class HubSettings {
    private static final int MAX = Integer.MAX_VALUE;

    public static final Setting<Path> DATA_DIRECTORY = Setting.folder("dataDirectory", "data",
            "embedded pool and other local state");
    public static final Setting<String> HTTP_HOST = Setting.text("http.host", "127.0.0.1", "the API's bind address");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 0, 65_535,
            "the API's port (0 = any free port)");
    public static final Setting<Integer> HTTP_IDLE_TIMEOUT = Setting.integer("http.idleTimeoutSeconds", 30, 1, MAX,
            "a connection on which nothing is read or written for this long is closed");
    public static final Setting<Integer> HTTP_HEADER_TIMEOUT = Setting.integer("http.headerTimeoutSeconds", 10, 1, MAX,
            "a request's headers must be complete this long after their first byte");
    public static final Setting<Integer> HTTP_BODY_TIMEOUT = Setting.integer("http.bodyTimeoutSeconds", 120, 1, MAX,
            "a request's body must arrive this long after its headers (else 408, a partial upload deleted)");
    public static final Setting<Path> TLS_KEY_STORE = Setting.folder("http.tls.keyStore", null,
            "HTTPS: PKCS12 file with the server's key and certificate");
    public static final Setting<SecretReference> TLS_KEY_STORE_PASSWORD = Setting.secret("http.tls.keyStorePassword",
            "the key store's password, a ${env:...} or ${file:...} reference");
    public static final Setting<Path> TLS_TRUST_STORE = Setting.folder("http.tls.trustStore", null,
            "mutual TLS: the client certificates (or their CAs) accepted");
    public static final Setting<SecretReference> TLS_TRUST_STORE_PASSWORD = Setting.secret("http.tls.trustStorePassword",
            "the trust store's password, a reference");
    public static final Setting<String> TLS_CLIENT_AUTH = Setting.oneOf("http.tls.clientAuth", "none", List.of("none", "want", "need"),
            "none, want (ask for a client certificate) or need (refuse connections without one)");
    public static final Setting<String> POOL_JDBC_URL = Setting.text("pool.jdbcUrl", null,
            "an external pool instead of the embedded one");
    public static final Setting<String> POOL_USER = Setting.text("pool.user", null, "the external pool's user");
    public static final Setting<SecretReference> POOL_PASSWORD = Setting.secret("pool.password",
            "the external pool's password, a reference");
    public static final Setting<Integer> POOL_EMBEDDED_PORT = Setting.integer("pool.embeddedPort", 54320, 0, 65_535,
            "the embedded pool's port when no jdbcUrl is given (0 = any free port)");
    public static final Setting<Path> CONNECTORS = Setting.folder("connectors", "connectors", "connector files, *.yaml directly in this folder");
    public static final Setting<Path> ROUTES = Setting.folder("routes", "routes", "mapping routes, *.yaml at any depth");
    public static final Setting<Path> SCHEMAS = Setting.folder("schemas", "schemas", "canonical schemas, *.avsc");
    public static final Setting<Integer> APPLY_BATCH_SIZE = Setting.integer("apply.batchSize", 2048, 1, 65_536,
            "changes per pool transaction, at most (change-log sources)");
    public static final Setting<Integer> APPLY_LINGER_MS = Setting.integer("apply.lingerMs", 100, 0, 60_000,
            "how long a batch waits for more changes when traffic is light");
    public static final Setting<Long> WATCH_WAL_WARNING = Setting.megabytes("watch.walWarningMb", 1024, 0, Long.MAX_VALUE,
            "warn (log, status, metric) when a PostgreSQL source's slot retains more WAL");
    public static final Setting<Integer> WATCH_PROBE_INTERVAL = Setting.integer("watch.probeIntervalSeconds", 30, 1, MAX,
            "how often sources' slots are probed");
    public static final Setting<Integer> WATCH_STALL = Setting.integer("watch.stallSeconds", 120, 1, MAX,
            "a source that moves nothing this long while changes wait (or does not connect) is stalled");
    public static final Setting<Path> CLIENTS = Setting.folder("clients", "clients",
            "registered API clients, *.yaml (none = every request refused)");
    public static final Setting<Path> FORMS = Setting.folder("forms", "forms", "prefill forms, *.yaml");
    public static final Setting<Long> MATERIALS_MAX_UPLOAD = Setting.megabytes("materials.maxUploadMb", 10, 1024, 1024L * 1024 * 1024,
            "largest material upload; larger bodies get 413");
    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = Setting.text("kafka.bootstrapServers", null,
            "the brokers, host:port separated by commas; required by a kafka section");
    public static final Setting<Map<String, String>> KAFKA_PROPERTIES = Setting.textMap("kafka.properties",
            "Kafka client properties; a credential among them must be a reference");
    public static final Setting<String> KAFKA_CONSUME_GROUP_ID = Setting.text("kafka.consume.groupId", "onceonly-hub",
            "worker mode: the consumer group the instances share");
    public static final Setting<Integer> KAFKA_CONSUME_SESSION_TIMEOUT = Setting.integer("kafka.consume.sessionTimeoutMs", 10_000,
            1, MAX, "worker mode: the group's failure-detection time");
    public static final Setting<List<RawTopicSource>> KAFKA_CONSUME_SOURCES = Setting.list("kafka.consume.sources",
            HubSettings::rawSource, source -> orderedMap("id", source.id(), "department", source.department(),
                    "kind", source.kind().id(), "topics", source.topics()),
            "worker mode: the sources captured on Kafka Connect (id, department, kind, topics)");
    public static final Setting<Boolean> KAFKA_PUBLISH_ENABLED = Setting.flag("kafka.publish.enabled", false,
            "canonical change events on or off (on when a publish section is given without it)");
    public static final Setting<String> KAFKA_PUBLISH_TOPIC_PREFIX = Setting.text("kafka.publish.topicPrefix", "onceonly.",
            "canonical topics are this prefix and the entity's name");
    public static final Setting<Integer> KAFKA_PUBLISH_POLL_INTERVAL = Setting.integer("kafka.publish.pollIntervalMs", 100, 1, MAX,
            "how often the outbox relay polls");

    public static final List<Setting<?>> ALL = List.of(DATA_DIRECTORY, HTTP_HOST, HTTP_PORT, HTTP_IDLE_TIMEOUT, HTTP_HEADER_TIMEOUT,
            HTTP_BODY_TIMEOUT, TLS_KEY_STORE, TLS_KEY_STORE_PASSWORD, TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD, TLS_CLIENT_AUTH,
            POOL_JDBC_URL, POOL_USER, POOL_PASSWORD, POOL_EMBEDDED_PORT, CONNECTORS, ROUTES, SCHEMAS, APPLY_BATCH_SIZE, APPLY_LINGER_MS,
            WATCH_WAL_WARNING, WATCH_PROBE_INTERVAL, WATCH_STALL, CLIENTS, FORMS, MATERIALS_MAX_UPLOAD, KAFKA_BOOTSTRAP_SERVERS, KAFKA_PROPERTIES,
            KAFKA_CONSUME_GROUP_ID, KAFKA_CONSUME_SESSION_TIMEOUT, KAFKA_CONSUME_SOURCES, KAFKA_PUBLISH_ENABLED,
            KAFKA_PUBLISH_TOPIC_PREFIX, KAFKA_PUBLISH_POLL_INTERVAL);

    private HubSettings() {}

    public static Optional<Setting<?>> named(String name) {
        return ALL.stream().filter(setting -> setting.name().equals(name)).findFirst();
    }

    /** Whether {@code prefix} is a section ({@code http}, {@code kafka.consume}) that holds keys. */
    public static boolean section(String prefix) {
        return ALL.stream().anyMatch(setting -> setting.name().startsWith(prefix + "."));
    }

    /** The keys and sections directly under {@code prefix} ("" for the top), for an unknown key's message. */
    public static List<String> keysUnder(String prefix) {
        String start = prefix.isEmpty() ? "" : prefix + ".";
        return ALL.stream().map(Setting::name).filter(name -> name.startsWith(start))
                .map(name -> name.substring(start.length()).split("\\.")[0]).distinct().sorted().toList();
    }

    private static RawTopicSource rawSource(JsonNode node) {
        RawSourceFile file = StrictYaml.convert(node, RawSourceFile.class, "kafka.consume.sources[]");
        return new RawTopicSource(file.id(), file.department(), file.kind(), file.topics());
    }

    private record RawSourceFile(@JsonProperty("id") String id, @JsonProperty("department") String department,
                                 @JsonProperty("kind") SourceKind kind, @JsonProperty("topics") List<String> topics) {}

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
