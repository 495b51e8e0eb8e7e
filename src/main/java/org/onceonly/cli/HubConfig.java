package org.onceonly.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.onceonly.source.Batching;
import org.onceonly.source.SecretReference;
import org.onceonly.config.StrictYaml;

/**
 * The hub's own configuration ({@code onceonly.yaml}; documented in docs/configuration.md). Folders are
 * relative to the working directory. Without {@code pool.jdbcUrl} the pool is an embedded PostgreSQL
 * under {@code dataDirectory/pool}.
 */
public record HubConfig(Path dataDirectory, String httpHost, int httpPort, PoolConfig pool,
                        Path connectors, Path routes, Path schemas, Batching batching, Watch watch,
                        Platform platform) {

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
     * ({@code forms/*.yaml}), and the largest material upload accepted.
     */
    public record Platform(Path clients, Path forms, long maxUploadBytes, Tls tls) {
        public static final Platform DEFAULT = new Platform(Path.of("clients"), Path.of("forms"), 10L * 1024 * 1024, null);

        public Platform(Path clients, Path forms, long maxUploadBytes) {
            this(clients, forms, maxUploadBytes, null);
        }

        public Platform {
            if (maxUploadBytes < 1024 || maxUploadBytes > 1024L * 1024 * 1024) {
                throw new IllegalArgumentException("materials.maxUploadMb must be from 1 to 1024");
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
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, routes, schemas, batching, newWatch, platform);
    }

    public static HubConfig defaults() {
        return new HubConfig(Path.of("data"), "127.0.0.1", 8080, new PoolConfig(null, null, null, 54320),
                Path.of("connectors"), Path.of("routes"), Path.of("schemas"), Batching.DEFAULT, Watch.DEFAULT, Platform.DEFAULT);
    }

    public HubConfig withHttpPort(int port) {
        return new HubConfig(dataDirectory, httpHost, port, pool, connectors, routes, schemas, batching, watch, platform);
    }

    public HubConfig withConnectors(Path directory) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, directory, routes, schemas, batching, watch, platform);
    }

    public HubConfig withRoutes(Path directory) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, directory, schemas, batching, watch, platform);
    }

    public HubConfig withDataDirectory(Path directory) {
        return new HubConfig(directory, httpHost, httpPort, pool, connectors, routes, schemas, batching, watch, platform);
    }

    public HubConfig withPool(PoolConfig newPool) {
        return new HubConfig(dataDirectory, httpHost, httpPort, newPool, connectors, routes, schemas, batching, watch, platform);
    }

    public HubConfig withPlatform(Platform newPlatform) {
        return new HubConfig(dataDirectory, httpHost, httpPort, pool, connectors, routes, schemas, batching, watch, newPlatform);
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
        HttpFile http = raw.http() == null ? new HttpFile(null, null, null) : raw.http();
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
                platform(file, raw));
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
            return new Platform(raw.clients() == null ? Platform.DEFAULT.clients() : Path.of(raw.clients()),
                    raw.forms() == null ? Platform.DEFAULT.forms() : Path.of(raw.forms()),
                    raw.materials() == null || raw.materials().maxUploadMb() == null ? Platform.DEFAULT.maxUploadBytes()
                            : raw.materials().maxUploadMb() * 1024L * 1024,
                    tls == null ? null : new Tls(Path.of(require(file, "http.tls.keyStore", tls.keyStore())),
                            SecretReference.parse("http.tls.keyStorePassword", require(file, "http.tls.keyStorePassword", tls.keyStorePassword())),
                            tls.trustStore() == null ? null : Path.of(tls.trustStore()),
                            tls.trustStorePassword() == null ? null : SecretReference.parse("http.tls.trustStorePassword", tls.trustStorePassword()),
                            tls.clientAuth() == null ? "none" : tls.clientAuth()));
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

    private record WatchFile(@JsonProperty("walWarningMb") Long walWarningMb,
                             @JsonProperty("probeIntervalSeconds") Integer probeIntervalSeconds) {}

    private record ApplyFile(@JsonProperty("batchSize") Integer batchSize, @JsonProperty("lingerMs") Integer lingerMs) {}

    private record File(@JsonProperty("dataDirectory") String dataDirectory, @JsonProperty("http") HttpFile http,
                        @JsonProperty("pool") PoolFile pool, @JsonProperty("connectors") String connectors,
                        @JsonProperty("routes") String routes, @JsonProperty("schemas") String schemas,
                        @JsonProperty("apply") ApplyFile apply, @JsonProperty("watch") WatchFile watch,
                        @JsonProperty("clients") String clients, @JsonProperty("forms") String forms,
                        @JsonProperty("materials") MaterialsFile materials) {}

    private record MaterialsFile(@JsonProperty("maxUploadMb") Integer maxUploadMb) {}

    private record HttpFile(@JsonProperty("host") String host, @JsonProperty("port") Integer port, @JsonProperty("tls") TlsFile tls) {}

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
