/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onceonly.source.Batching;
import org.onceonly.source.SecretReference;
import org.onceonly.source.kafka.RawTopicSource;

/**
 * The hub's own configuration ({@code onceonly.yaml}; docs/configuration.md): a value for each of the
 * {@link HubSettings}, read by {@link HubConfigLoader} or set with {@link #with}, and the typed views the hub
 * runs on. Folders are relative to the working directory. Without {@code pool.jdbcUrl} the pool is an
 * embedded PostgreSQL under {@code dataDirectory/pool}.
 */
public final class HubConfig {
    private final Map<Setting<?>, Object> values;

    private HubConfig(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static HubConfig defaults() {
        return new HubConfig(Map.of());
    }

    /** The given settings, each checked; the rest at their defaults. Rules across keys are {@link #validate}'s. */
    static HubConfig of(Map<Setting<?>, Object> values) {
        HubConfig config = defaults();
        for (Map.Entry<Setting<?>, Object> entry : values.entrySet()) {
            config = config.withUnchecked(entry.getKey(), entry.getValue());
        }
        return config;
    }

    /** The file's settings, or the defaults when there is no such file. */
    public static HubConfig loadOrDefaults(Path file) {
        return java.nio.file.Files.exists(file) ? load(file) : defaults();
    }

    public static HubConfig load(Path file) {
        return HubConfigLoader.load(file);
    }

    /** This configuration with {@code setting} at {@code value} ({@code null}: back to its default). */
    public <T> HubConfig with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> changed = new LinkedHashMap<>(values);
        if (value == null) {
            changed.remove(setting);
        } else {
            changed.put(setting, setting.check(value));
        }
        return new HubConfig(changed);
    }

    @SuppressWarnings("unchecked")
    private <T> HubConfig withUnchecked(Setting<T> setting, Object value) {
        return with(setting, (T) value);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
    }

    public boolean isSet(Setting<?> setting) {
        return values.containsKey(setting);
    }

    /**
     * Checks the rules that span keys (an external pool's credentials, TLS, Kafka) and returns this
     * configuration; the error names the keys. The loader and the hub's start call it.
     */
    public HubConfig validate() {
        if (get(HubSettings.POOL_JDBC_URL) != null && (get(HubSettings.POOL_USER) == null || get(HubSettings.POOL_PASSWORD) == null)) {
            throw new IllegalArgumentException("pool.jdbcUrl needs pool.user and pool.password (a ${env:...} or ${file:...} reference)");
        }
        boolean anyTls = HubSettings.ALL.stream().anyMatch(s -> s.name().startsWith("http.tls.") && isSet(s));
        if (anyTls) {
            require(HubSettings.TLS_KEY_STORE, "with http.tls");
            require(HubSettings.TLS_KEY_STORE_PASSWORD, "with http.tls");
        }
        if ((isSet(HubSettings.KAFKA_CONSUME_GROUP_ID) || isSet(HubSettings.KAFKA_CONSUME_SESSION_TIMEOUT))
                && get(HubSettings.KAFKA_CONSUME_SOURCES).isEmpty()) {
            throw new IllegalArgumentException("kafka.consume.sources names no source");
        }
        platform();
        kafka();
        return this;
    }

    private void require(Setting<?> setting, String when) {
        if (get(setting) == null) {
            throw new IllegalArgumentException(setting.name() + " is required " + when);
        }
    }

    /** The settings given explicitly (a file writes these), in the order of {@link HubSettings#ALL}. */
    public Map<Setting<?>, Object> explicitSettings() {
        Map<Setting<?>, Object> ordered = new LinkedHashMap<>();
        HubSettings.ALL.stream().filter(values::containsKey).forEach(setting -> ordered.put(setting, values.get(setting)));
        return ordered;
    }

    public Path dataDirectory() {
        return get(HubSettings.DATA_DIRECTORY);
    }

    public String httpHost() {
        return get(HubSettings.HTTP_HOST);
    }

    public int httpPort() {
        return get(HubSettings.HTTP_PORT);
    }

    public Path connectors() {
        return get(HubSettings.CONNECTORS);
    }

    public Path routes() {
        return get(HubSettings.ROUTES);
    }

    public Path schemas() {
        return get(HubSettings.SCHEMAS);
    }

    public PoolConfig pool() {
        return new PoolConfig(get(HubSettings.POOL_JDBC_URL), get(HubSettings.POOL_USER), get(HubSettings.POOL_PASSWORD),
                get(HubSettings.POOL_EMBEDDED_PORT));
    }

    public Batching batching() {
        return new Batching(get(HubSettings.APPLY_BATCH_SIZE), get(HubSettings.APPLY_LINGER_MS));
    }

    public Watch watch() {
        return new Watch(get(HubSettings.WATCH_WAL_WARNING), get(HubSettings.WATCH_PROBE_INTERVAL), get(HubSettings.WATCH_STALL));
    }

    public Platform platform() {
        Tls tls = get(HubSettings.TLS_KEY_STORE) == null ? null : new Tls(get(HubSettings.TLS_KEY_STORE),
                get(HubSettings.TLS_KEY_STORE_PASSWORD), get(HubSettings.TLS_TRUST_STORE), get(HubSettings.TLS_TRUST_STORE_PASSWORD),
                get(HubSettings.TLS_CLIENT_AUTH));
        return new Platform(get(HubSettings.CLIENTS), get(HubSettings.FORMS), get(HubSettings.MATERIALS_MAX_UPLOAD), tls,
                new Timeouts(get(HubSettings.HTTP_IDLE_TIMEOUT), get(HubSettings.HTTP_HEADER_TIMEOUT), get(HubSettings.HTTP_BODY_TIMEOUT)));
    }

    public Kafka kafka() {
        List<RawTopicSource> sources = get(HubSettings.KAFKA_CONSUME_SOURCES);
        Consume consume = sources.isEmpty() ? null
                : new Consume(get(HubSettings.KAFKA_CONSUME_GROUP_ID), get(HubSettings.KAFKA_CONSUME_SESSION_TIMEOUT), sources);
        return new Kafka(get(HubSettings.KAFKA_BOOTSTRAP_SERVERS), get(HubSettings.KAFKA_PROPERTIES), consume,
                new Publish(get(HubSettings.KAFKA_PUBLISH_ENABLED), get(HubSettings.KAFKA_PUBLISH_TOPIC_PREFIX),
                        get(HubSettings.KAFKA_PUBLISH_POLL_INTERVAL)));
    }

    /** Equal when every setting has the same value, given or by default. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HubConfig that && effective().equals(that.effective());
    }

    @Override
    public int hashCode() {
        return effective().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("HubConfig");
        explicitSettings().forEach((setting, value) -> text.append(' ').append(setting.name()).append('=').append(value));
        return text.toString();
    }

    private List<Object> effective() {
        return HubSettings.ALL.stream().map(setting -> (Object) java.util.Objects.requireNonNullElse(get(setting), "")).toList();
    }

    /**
     * How sources are watched: a PostgreSQL slot retaining more WAL than {@code walWarningBytes} raises a
     * warning (log, status, metric); the probe runs every {@code probeIntervalSeconds}; a source that moves
     * nothing for {@code stallSeconds} while changes wait (or does not connect in that time) is {@code stalled}.
     */
    public record Watch(long walWarningBytes, int probeIntervalSeconds, int stallSeconds) {}

    /**
     * What platform services get: registered clients ({@code clients/*.yaml}), prefill forms
     * ({@code forms/*.yaml}), the largest material upload accepted, HTTPS, and how long the API waits.
     */
    public record Platform(Path clients, Path forms, long maxUploadBytes, Tls tls, Timeouts timeouts) {}

    /**
     * How long the API waits ({@code http.*TimeoutSeconds}): a connection on which nothing moves for
     * {@code idle} seconds is closed; a request's headers must be complete within {@code header} seconds of
     * their first byte, and its body within {@code body} seconds of its headers (else 408 and the
     * connection closed, a partial upload deleted).
     */
    public record Timeouts(int idleSeconds, int headerSeconds, int bodySeconds) {}

    /**
     * HTTPS for the API ({@code http.tls}): the server's key store, and — for mutual TLS — a trust store of
     * the client certificates (or their CAs) it accepts; {@code clientAuth} {@code want} asks for a client
     * certificate, {@code need} refuses a connection without one. Passwords are secret references.
     */
    public record Tls(Path keyStore, SecretReference keyStorePassword, Path trustStore, SecretReference trustStorePassword,
                      String clientAuth) {
        public Tls {
            if (!"none".equals(clientAuth) && trustStore == null) {
                throw new IllegalArgumentException("http.tls.clientAuth " + clientAuth + " needs http.tls.trustStore");
            }
        }
    }

    /** An external pool when {@code jdbcUrl} is set; otherwise embedded on {@code embeddedPort} (0 = any free port). */
    public record PoolConfig(String jdbcUrl, String user, SecretReference password, int embeddedPort) {
        public boolean embedded() {
            return jdbcUrl == null;
        }
    }

    /**
     * Kafka, off unless {@code bootstrapServers} is set: {@code consume} makes this hub a worker reading raw
     * Debezium topics written by Kafka Connect; {@code publish} relays the pool's changes to the canonical
     * topics. {@code properties} are Kafka client settings for both (security and the like); a credential
     * among them must be a {@code ${env:...}} or {@code ${file:...}} reference.
     */
    public record Kafka(String bootstrapServers, Map<String, String> properties, Consume consume, Publish publish) {
        public Kafka {
            properties = Map.copyOf(properties);
            publish = publish == null ? Publish.OFF : publish;
            if (bootstrapServers == null && (consume != null || publish.enabled())) {
                throw new IllegalArgumentException("kafka.bootstrapServers is required to consume or publish");
            }
            properties.forEach((key, value) -> {
                if (credential(key)) {
                    SecretReference.parse("kafka.properties." + key, value); // refuses a literal secret
                }
            });
        }

        /** A producer or consumer is needed. */
        public boolean configured() {
            return bootstrapServers != null;
        }

        public boolean consumes() {
            return consume != null;
        }

        public boolean publishes() {
            return publish.enabled();
        }

        /** The client properties with references resolved; read only when a client is made. */
        public Map<String, Object> resolvedProperties() {
            Map<String, Object> resolved = new java.util.HashMap<>();
            properties.forEach((key, value) -> resolved.put(key,
                    value.strip().startsWith("${") ? SecretReference.parse("kafka.properties." + key, value).resolve() : value));
            return resolved;
        }

        private static boolean credential(String key) {
            return key.endsWith(".password") || key.equals("sasl.jaas.config") || key.endsWith(".secret");
        }
    }

    /** Worker mode: raw change topics read in consumer group {@code groupId}. */
    public record Consume(String groupId, int sessionTimeoutMs, List<RawTopicSource> sources) {
        public Consume {
            sources = List.copyOf(sources);
        }
    }

    /** Canonical change events, published to {@code topicPrefix + Entity}. */
    public record Publish(boolean enabled, String topicPrefix, int pollIntervalMs) {
        public static final Publish OFF = new Publish(false, HubSettings.KAFKA_PUBLISH_TOPIC_PREFIX.defaultValue(),
                HubSettings.KAFKA_PUBLISH_POLL_INTERVAL.defaultValue());
    }
}
