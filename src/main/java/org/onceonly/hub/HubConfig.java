package org.onceonly.hub;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onceonly.source.Batching;
import org.onceonly.source.kafka.RawTopicSource;
import org.onceonly.source.SecretReference;
import org.onceonly.config.StrictYaml;
import org.onceonly.source.SourceKind;

/**
 * The hub's own configuration ({@code onceonly.yaml}; documented in docs/configuration.md). Folders are
 * relative to the working directory. Without {@code pool.jdbcUrl} the pool is an embedded PostgreSQL
 * under {@code dataDirectory/pool}.
 */
public record HubConfig(Path dataDirectory, String httpHost, int httpPort, PoolConfig pool,
                        Path connectors, Path routes, Path schemas, Batching batching, Watch watch,
                        Platform platform, Kafka kafka) {

    /**
     * How sources are watched: a PostgreSQL slot retaining more WAL than {@code walWarningBytes} raises a
     * warning (log, status, metric); the probe runs every {@code probeIntervalSeconds}.
     */
    public record Watch(long walWarningBytes, int probeIntervalSeconds) {
        public static final Watch DEFAULT = new Watch(1024L * 1024 * 1024, 30);

        public Watch {
            if (walWarningBytes < 0 || probeIntervalSeconds < 1) {
                throw new IllegalArgumentException("watch.walWarningMb must be 0 or more and watch.probeIntervalSeconds 1 or more");
            }
        }
    }

    /**
     * What platform services get: registered clients ({@code clients/*.yaml}), prefill forms
     * ({@code forms/*.yaml}), the largest material upload accepted, HTTPS, and how long the API waits.
     */
    public record Platform(Path clients, Path forms, long maxUploadBytes, Tls tls, Timeouts timeouts) {
        public static final Platform DEFAULT = new Platform(Path.of("clients"), Path.of("forms"), 10L * 1024 * 1024, null);

        public Platform(Path clients, Path forms, long maxUploadBytes) {
            this(clients, forms, maxUploadBytes, null);
        }

        public Platform(Path clients, Path forms, long maxUploadBytes, Tls tls) {
            this(clients, forms, maxUploadBytes, tls, Timeouts.DEFAULT);
        }

        public Platform {
            if (maxUploadBytes < 1024 || maxUploadBytes > 1024L * 1024 * 1024) {
                throw new IllegalArgumentException("materials.maxUploadMb must be from 1 to 1024");
            }
        }
    }

    /**
     * How long the API waits ({@code http.*TimeoutSeconds}): a connection on which nothing moves for
     * {@code idle} seconds is closed; a request's headers must be complete within {@code header} seconds of
     * their first byte, and its body within {@code body} seconds of its headers (else 408 and the
     * connection closed, a partial upload deleted).
     */
    public record Timeouts(int idleSeconds, int headerSeconds, int bodySeconds) {
        public static final Timeouts DEFAULT = new Timeouts(30, 10, 120);

        public Timeouts {
            if (idleSeconds < 1 || headerSeconds < 1 || bodySeconds < 1) {
                throw new IllegalArgumentException("http.idleTimeoutSeconds, http.headerTimeoutSeconds and http.bodyTimeoutSeconds must be 1 or more");
            }
        }
    }

    /**
     * HTTPS for the API ({@code http.tls}): the server's key store, and — for mutual TLS — a trust store of
     * the client certificates (or their CAs) it accepts; {@code clientAuth} {@code want} asks for a client
     * certificate, {@code need} refuses a connection without one. Passwords are secret references.
     */
    public record Tls(Path keyStore, SecretReference keyStorePassword, Path trustStore, SecretReference trustStorePassword,
                      String clientAuth) {
        public Tls {
            if (!java.util.List.of("none", "want", "need").contains(clientAuth)) {
                throw new IllegalArgumentException("http.tls.clientAuth must be none, want or need");
            }
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

    public HubConfig withWatch(Watch newWatch) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, routes, schemas, batching, newWatch, platform, kafka);
    }

    public static HubConfig defaults() {
        return new HubConfig(Path.of("data"), "127.0.0.1", 8080, new PoolConfig(null, null, null, 54320),
                Path.of("connectors"), Path.of("routes"), Path.of("schemas"), Batching.DEFAULT, Watch.DEFAULT, Platform.DEFAULT, Kafka.NONE);
    }

    public HubConfig withHttpPort(int port) {
        return new HubConfig(dataDirectory, httpHost, port, pool, connectors, routes, schemas, batching, watch, platform, kafka);
    }

    public HubConfig withConnectors(Path directory) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, directory, routes, schemas, batching, watch, platform, kafka);
    }

    public HubConfig withRoutes(Path directory) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, directory, schemas, batching, watch, platform, kafka);
    }

    public HubConfig withDataDirectory(Path directory) {
        return new HubConfig(directory, httpHost, httpPort, pool, connectors, routes, schemas, batching, watch, platform, kafka);
    }

    public HubConfig withPool(PoolConfig newPool) {
        return new HubConfig(dataDirectory, httpHost, httpPort, newPool, connectors, routes, schemas, batching, watch, platform, kafka);
    }

    public HubConfig withPlatform(Platform newPlatform) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, routes, schemas, batching, watch, newPlatform, kafka);
    }

    public HubConfig withKafka(Kafka newKafka) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, routes, schemas, batching, watch, platform, newKafka);
    }

    /** The file's settings, or the defaults when there is no such file. */
    public static HubConfig loadOrDefaults(Path file) {
        return java.nio.file.Files.exists(file) ? load(file) : defaults();
    }

    public static HubConfig load(Path file) {
        File raw = StrictYaml.read(file, File.class);
        HubConfig defaults = defaults();
        PoolConfig pool = defaults.pool();
        if (raw.pool() != null) {
            PoolFile p = raw.pool();
            if (p.jdbcUrl() != null && (p.user() == null || p.password() == null)) {
                throw new StrictYaml.ConfigException(file + ": pool.jdbcUrl needs pool.user and pool.password (a ${env:...} or ${file:...} reference)");
            }
            pool = new PoolConfig(p.jdbcUrl(), p.user(),
                    p.password() == null ? null : SecretReference.parse("pool.password", p.password()),
                    p.embeddedPort() == null ? pool.embeddedPort() : p.embeddedPort());
        }
        HttpFile http = raw.http() == null ? new HttpFile(null, null, null, null, null, null) : raw.http();
        return new HubConfig(
                raw.dataDirectory() == null ? defaults.dataDirectory() : Path.of(raw.dataDirectory()),
                http.host() == null ? defaults.httpHost() : http.host(),
                http.port() == null ? defaults.httpPort() : http.port(),
                pool,
                raw.connectors() == null ? defaults.connectors() : Path.of(raw.connectors()),
                raw.routes() == null ? defaults.routes() : Path.of(raw.routes()),
                raw.schemas() == null ? defaults.schemas() : Path.of(raw.schemas()),
                batching(file, raw.apply()),
                watch(file, raw.watch()),
                platform(file, raw),
                kafka(file, raw.kafka()));
    }

    private static Kafka kafka(Path file, KafkaFile kafka) {
        if (kafka == null) {
            return Kafka.NONE;
        }
        try {
            if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
                throw new IllegalArgumentException("kafka.bootstrapServers is required when there is a kafka section");
            }
            Consume consume = null;
            if (kafka.consume() != null) {
                ConsumeFile c = kafka.consume();
                List<RawTopicSource> sources = new ArrayList<>();
                for (RawSourceFile source : c.sources() == null ? List.<RawSourceFile>of() : c.sources()) {
                    sources.add(new RawTopicSource(source.id(), source.department(), source.kind(), source.topics()));
                }
                if (sources.isEmpty()) {
                    throw new IllegalArgumentException("kafka.consume.sources names no source");
                }
                consume = new Consume(c.groupId() == null ? Consume.DEFAULT_GROUP : c.groupId(),
                        c.sessionTimeoutMs() == null ? Consume.DEFAULT_SESSION_TIMEOUT_MS : c.sessionTimeoutMs(), sources);
            }
            Publish publish = Publish.OFF;
            if (kafka.publish() != null) {
                PublishFile p = kafka.publish();
                publish = new Publish(p.enabled() == null || p.enabled(),
                        p.topicPrefix() == null ? Publish.OFF.topicPrefix() : p.topicPrefix(),
                        p.pollIntervalMs() == null ? Publish.OFF.pollIntervalMs() : p.pollIntervalMs());
            }
            return new Kafka(kafka.bootstrapServers(), kafka.properties() == null ? Map.of() : kafka.properties(), consume, publish);
        } catch (IllegalArgumentException e) {
            throw new StrictYaml.ConfigException(file + ": " + e.getMessage());
        }
    }

    private static Batching batching(Path file, ApplyFile apply) {
        if (apply == null) {
            return Batching.DEFAULT;
        }
        try {
            return new Batching(apply.batchSize() == null ? Batching.DEFAULT.maxSize() : apply.batchSize(),
                    apply.lingerMs() == null ? Batching.DEFAULT.lingerMs() : apply.lingerMs());
        } catch (IllegalArgumentException e) {
            throw new StrictYaml.ConfigException(file + ": " + e.getMessage());
        }
    }

    private static Platform platform(Path file, File raw) {
        try {
            TlsFile tls = raw.http() == null ? null : raw.http().tls();
            HttpFile http = raw.http();
            Timeouts timeouts = http == null ? Timeouts.DEFAULT : new Timeouts(
                    http.idleTimeoutSeconds() == null ? Timeouts.DEFAULT.idleSeconds() : http.idleTimeoutSeconds(),
                    http.headerTimeoutSeconds() == null ? Timeouts.DEFAULT.headerSeconds() : http.headerTimeoutSeconds(),
                    http.bodyTimeoutSeconds() == null ? Timeouts.DEFAULT.bodySeconds() : http.bodyTimeoutSeconds());
            return new Platform(raw.clients() == null ? Platform.DEFAULT.clients() : Path.of(raw.clients()),
                    raw.forms() == null ? Platform.DEFAULT.forms() : Path.of(raw.forms()),
                    raw.materials() == null || raw.materials().maxUploadMb() == null ? Platform.DEFAULT.maxUploadBytes()
                            : raw.materials().maxUploadMb() * 1024L * 1024,
                    tls == null ? null : new Tls(Path.of(require(file, "http.tls.keyStore", tls.keyStore())),
                            SecretReference.parse("http.tls.keyStorePassword", require(file, "http.tls.keyStorePassword", tls.keyStorePassword())),
                            tls.trustStore() == null ? null : Path.of(tls.trustStore()),
                            tls.trustStorePassword() == null ? null : SecretReference.parse("http.tls.trustStorePassword", tls.trustStorePassword()),
                            tls.clientAuth() == null ? "none" : tls.clientAuth()),
                    timeouts);
        } catch (IllegalArgumentException e) {
            throw new StrictYaml.ConfigException(file + ": " + e.getMessage());
        }
    }

    private static Watch watch(Path file, WatchFile watch) {
        if (watch == null) {
            return Watch.DEFAULT;
        }
        try {
            return new Watch(watch.walWarningMb() == null ? Watch.DEFAULT.walWarningBytes() : watch.walWarningMb() * 1024L * 1024,
                    watch.probeIntervalSeconds() == null ? Watch.DEFAULT.probeIntervalSeconds() : watch.probeIntervalSeconds());
        } catch (IllegalArgumentException e) {
            throw new StrictYaml.ConfigException(file + ": " + e.getMessage());
        }
    }

    /**
     * Kafka, off unless {@code bootstrapServers} is set: {@code consume} makes this hub a worker reading raw
     * Debezium topics written by Kafka Connect; {@code publish} relays the pool's changes to the canonical
     * topics. {@code properties} are Kafka client settings for both (security and the like); a credential
     * among them must be a {@code ${env:...}} or {@code ${file:...}} reference.
     */
    public record Kafka(String bootstrapServers, Map<String, String> properties, Consume consume, Publish publish) {
        public static final Kafka NONE = new Kafka(null, Map.of(), null, Publish.OFF);

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
        public static final String DEFAULT_GROUP = "onceonly-hub";
        public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

        public Consume {
            sources = List.copyOf(sources);
        }
    }

    /** Canonical change events, published to {@code topicPrefix + Entity}. */
    public record Publish(boolean enabled, String topicPrefix, int pollIntervalMs) {
        public static final Publish OFF = new Publish(false, "onceonly.", 100);
    }

    private record KafkaFile(@JsonProperty("bootstrapServers") String bootstrapServers,
                             @JsonProperty("properties") Map<String, String> properties,
                             @JsonProperty("consume") ConsumeFile consume, @JsonProperty("publish") PublishFile publish) {}

    private record ConsumeFile(@JsonProperty("groupId") String groupId, @JsonProperty("sessionTimeoutMs") Integer sessionTimeoutMs,
                               @JsonProperty("sources") List<RawSourceFile> sources) {}

    private record RawSourceFile(@JsonProperty("id") String id, @JsonProperty("department") String department,
                                 @JsonProperty("kind") SourceKind kind, @JsonProperty("topics") List<String> topics) {}

    private record PublishFile(@JsonProperty("enabled") Boolean enabled, @JsonProperty("topicPrefix") String topicPrefix,
                               @JsonProperty("pollIntervalMs") Integer pollIntervalMs) {}

    private record WatchFile(@JsonProperty("walWarningMb") Long walWarningMb,
                             @JsonProperty("probeIntervalSeconds") Integer probeIntervalSeconds) {}

    private record ApplyFile(@JsonProperty("batchSize") Integer batchSize, @JsonProperty("lingerMs") Integer lingerMs) {}

    private record File(@JsonProperty("dataDirectory") String dataDirectory, @JsonProperty("http") HttpFile http,
                        @JsonProperty("pool") PoolFile pool, @JsonProperty("connectors") String connectors,
                        @JsonProperty("routes") String routes, @JsonProperty("schemas") String schemas,
                        @JsonProperty("apply") ApplyFile apply, @JsonProperty("watch") WatchFile watch,
                        @JsonProperty("clients") String clients, @JsonProperty("forms") String forms,
                        @JsonProperty("materials") MaterialsFile materials, @JsonProperty("kafka") KafkaFile kafka) {}

    private record MaterialsFile(@JsonProperty("maxUploadMb") Integer maxUploadMb) {}

    private record HttpFile(@JsonProperty("host") String host, @JsonProperty("port") Integer port, @JsonProperty("tls") TlsFile tls,
                            @JsonProperty("idleTimeoutSeconds") Integer idleTimeoutSeconds,
                            @JsonProperty("headerTimeoutSeconds") Integer headerTimeoutSeconds,
                            @JsonProperty("bodyTimeoutSeconds") Integer bodyTimeoutSeconds) {}

    private record TlsFile(@JsonProperty("keyStore") String keyStore, @JsonProperty("keyStorePassword") String keyStorePassword,
                           @JsonProperty("trustStore") String trustStore, @JsonProperty("trustStorePassword") String trustStorePassword,
                           @JsonProperty("clientAuth") String clientAuth) {}

    private static String require(Path file, String key, String value) {
        if (value == null) {
            throw new StrictYaml.ConfigException(file + ": " + key + " is required with http.tls");
        }
        return value;
    }

    private record PoolFile(@JsonProperty("jdbcUrl") String jdbcUrl, @JsonProperty("user") String user,
                            @JsonProperty("password") String password, @JsonProperty("embeddedPort") Integer embeddedPort) {}
}
