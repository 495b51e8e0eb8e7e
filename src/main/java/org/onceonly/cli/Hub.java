package org.onceonly.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.onceonly.api.ConflictApi;
import org.onceonly.api.MetricsApi;
import org.onceonly.api.QuarantineApi;
import org.onceonly.api.SubjectApi;
import org.onceonly.pool.PoolDatabase;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.PoolWriter;
import org.onceonly.pool.Quarantine;
import org.onceonly.pool.QuarantineReplay;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.route.RouteDispatcher;
import org.onceonly.route.RouteRuntime;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.SourceRunner;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.Preflight;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceDefinitionLoader;
import org.onceonly.source.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: the pool, the canonical schemas, the Camel context with the routes and the API, and a
 * capture runner per registered source. Start-up order follows the data's path backwards, so that nothing
 * is captured before there is somewhere to put it.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    /** The embedded server trusts loopback; this only satisfies clients that insist on a password. */
    static final String EMBEDDED_POOL_PASSWORD = "embedded";

    private final HubConfig config;
    private EmbeddedPostgresServer embeddedPool;
    private PoolDatabase pool;
    private PoolWriter writer;
    private Quarantine quarantine;
    private HubMetrics metrics;
    private RouteRuntime routes;
    private final Map<String, SourceRunner> runners = new LinkedHashMap<>();
    private boolean closed;

    private Hub(HubConfig config) {
        this.config = config;
    }

    public static Hub start(HubConfig config) {
        Hub hub = new Hub(config);
        try {
            hub.startAll();
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    private void startAll() {
        Map<String, SourceDefinition> sources = SourceDefinitionLoader.loadAll(config.connectors());
        SchemaCatalog schemas = SchemaCatalog.load(config.schemas());
        pool = openPool();
        pool.migrate();
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(schemas);
        writer = new PoolWriter(pool.dataSource(), registry, schemas);
        quarantine = new Quarantine(pool.dataSource());
        metrics = new HubMetrics(writer, quarantine);

        routes = new RouteRuntime(schemas);
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.httpHost());
        http.setBindPort(config.httpPort());
        http.setMaxBodySize(1024L * 1024L);
        try {
            routes.camel().addService(new VertxPlatformHttpServer(http), true, true);
            if (Files.isDirectory(config.routes())) {
                routes.load(config.routes());
            } else {
                LOG.warn("routes directory {} does not exist: no department data will reach the pool", config.routes());
            }
            PoolReader reader = new PoolReader(pool.dataSource(), registry);
            routes.camel().addRoutes(new SubjectApi(schemas, reader));
            routes.camel().addRoutes(new ConflictApi(reader));
            routes.camel().addRoutes(new QuarantineApi(quarantine, replay(routes, writer, quarantine)));
            routes.camel().addRoutes(new MetricsApi(metrics::scrape));
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up routes: " + e.getMessage(), e);
        }
        routes.start();
        LOG.info("loaded {} route file(s) from {}; API listening on http://{}:{}", routes.routeFiles().size(),
                config.routes(), config.httpHost(), config.httpPort());

        OffsetStorage offsets = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        RouteDispatcher dispatcher = routes.dispatcher(writer);
        for (SourceDefinition source : sources.values()) {
            SourceRunner runner = SourceRunner.of(source, offsets, config.batching(), dispatcher);
            runners.put(source.id(), runner);
            metrics.watch(runner.status());
            if (preflightPasses(source, runner.status())) {
                runner.start();
            }
        }
    }

    /**
     * A source whose preflight fails is not started (its status says so) rather than left to fail inside
     * Debezium or the poller; the other sources and the API run on. The DBA fixes it and restarts the hub.
     */
    private static boolean preflightPasses(SourceDefinition source, SourceStatus status) {
        PreflightReport report = Preflight.check(source);
        String newline = System.lineSeparator();
        if (report.count(PreflightItem.Status.WARN) > 0) {
            LOG.warn("source {}: preflight warnings:{}{}", source.id(), newline,
                    String.join(newline, PreflightReport.lines(report.items(PreflightItem.Status.WARN))));
        }
        if (!report.failed()) {
            return true;
        }
        status.refused(report);
        LOG.error("source {} not started, preflight failed:{}{}{}{}", source.id(), newline,
                String.join(newline, PreflightReport.lines(report.items(PreflightItem.Status.FAIL))), newline, report.summary());
        return false;
    }

    /** Replays quarantined changes through the routes of this runtime into the pool. */
    static QuarantineReplay replay(RouteRuntime routes, PoolWriter writer, Quarantine quarantine) {
        RouteDispatcher dispatcher = routes.dispatcher(writer);
        return new QuarantineReplay(quarantine, writer, envelopeJson -> {
            CanonicalBatch batch = new CanonicalBatch();
            dispatcher.dispatch(ChangeEnvelope.fromJson(envelopeJson), batch);
            return batch;
        });
    }

    private PoolDatabase openPool() {
        HubConfig.PoolConfig poolConfig = config.pool();
        if (poolConfig.embedded()) {
            embeddedPool = EmbeddedPostgresServer.start(config.dataDirectory().resolve("pool"), poolConfig.embeddedPort());
            ensureDatabase(embeddedPool, "onceonly");
            return new PoolDatabase(embeddedPool.jdbcUrl("onceonly"), EmbeddedPostgresServer.SUPERUSER, EMBEDDED_POOL_PASSWORD);
        }
        return new PoolDatabase(poolConfig.jdbcUrl(), poolConfig.user(), poolConfig.password().resolve());
    }

    static void ensureDatabase(EmbeddedPostgresServer server, String database) {
        try (var connection = server.dataSource("postgres").getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var row = exists.executeQuery()) {
                if (!row.next()) {
                    // Identifiers cannot be bound as parameters; the name is ours, checked to be plain.
                    if (!database.matches("[a-z_][a-z0-9_]*")) {
                        throw new IllegalArgumentException("database name " + database + " is not a plain identifier");
                    }
                    connection.createStatement().execute("CREATE DATABASE " + database);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    public HubConfig config() {
        return config;
    }

    public PoolDatabase pool() {
        return pool;
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    public PoolWriter writer() {
        return writer;
    }

    public SourceStatus sourceStatus(String sourceId) {
        SourceRunner runner = runners.get(sourceId);
        if (runner == null) {
            throw new IllegalArgumentException("no source " + sourceId);
        }
        return runner.status();
    }

    /** Stops capture first (so nothing is mid-batch), then the routes and API, then the pool. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SourceRunner runner : runners.values()) {
            try {
                runner.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping a source failed: {}", e.getMessage());
            }
        }
        runners.clear();
        if (routes != null) {
            routes.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (embeddedPool != null) {
            embeddedPool.close();
        }
    }
}
