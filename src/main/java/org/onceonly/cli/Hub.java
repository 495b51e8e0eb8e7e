package org.onceonly.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.onceonly.api.ConflictApi;
import org.onceonly.api.JsonErrorHttpServer;
import org.onceonly.api.MetricsApi;
import org.onceonly.api.QuarantineApi;
import org.onceonly.api.SourcesApi;
import org.onceonly.api.SubjectApi;
import org.onceonly.pool.HeldCounts;
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
import org.onceonly.source.ManagedSource;
import org.onceonly.source.SourceControl;
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
public final class Hub implements AutoCloseable, SourceControl {
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
    private final Map<String, ManagedSource> sources = new LinkedHashMap<>();
    private OffsetStorage offsetStorage;
    private RouteDispatcher dispatcher;
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
        Map<String, SourceDefinition> definitions = SourceDefinitionLoader.loadAll(config.connectors());
        SchemaCatalog schemas = SchemaCatalog.load(config.schemas());
        pool = openPool();
        pool.migrate();
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(schemas);
        writer = new PoolWriter(pool.dataSource(), registry, schemas);
        quarantine = new Quarantine(pool.dataSource());
        HeldCounts heldCounts = new HeldCounts(pool.statusDataSource());
        metrics = new HubMetrics(writer, heldCounts);

        routes = new RouteRuntime(schemas);
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.httpHost());
        http.setBindPort(config.httpPort());
        http.setMaxBodySize(1024L * 1024L);
        try {
            routes.camel().addService(new JsonErrorHttpServer(http), true, true);
            if (Files.isDirectory(config.routes())) {
                routes.load(config.routes());
            } else {
                LOG.warn("routes directory {} does not exist: no department data will reach the pool", config.routes());
            }
            PoolReader reader = new PoolReader(pool.dataSource(), registry);
            routes.camel().addRoutes(new SubjectApi(schemas, reader));
            routes.camel().addRoutes(new ConflictApi(schemas, reader));
            routes.camel().addRoutes(new QuarantineApi(quarantine, replay(routes, writer, quarantine)));
            routes.camel().addRoutes(new MetricsApi(metrics::scrape));
            routes.camel().addRoutes(new SourcesApi(this, heldCounts));
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up routes: " + e.getMessage(), e);
        }
        routes.start();
        LOG.info("loaded {} route file(s) from {}; API listening on http://{}:{}", routes.routeFiles().size(),
                config.routes(), config.httpHost(), config.httpPort());

        offsetStorage = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        dispatcher = routes.dispatcher(writer);
        for (SourceDefinition source : definitions.values()) {
            add(source);
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
            embeddedPool.ensureDatabase("onceonly");
            return new PoolDatabase(embeddedPool.jdbcUrl("onceonly"), EmbeddedPostgresServer.SUPERUSER, EMBEDDED_POOL_PASSWORD);
        }
        return new PoolDatabase(poolConfig.jdbcUrl(), poolConfig.user(), poolConfig.password().resolve());
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
        return source(sourceId).status();
    }

    @Override
    public synchronized ManagedSource register(String connectorYaml) {
        Path file;
        try {
            java.nio.file.Files.createDirectories(config.connectors());
            file = java.nio.file.Files.createTempFile(config.connectors(), "new-source-", ".yaml.tmp");
            java.nio.file.Files.writeString(file, connectorYaml);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write to " + config.connectors() + ": " + e.getMessage(), e);
        }
        try {
            SourceDefinition definition = org.onceonly.source.SourceDefinitionLoader.load(file);
            if (definition.password().climbsOut()) {
                // Over HTTP, a secret reference must not walk the hub's file system (../../etc/...).
                throw new IllegalArgumentException("password: a ${file:...} reference registered over the API must not contain '..'");
            }
            if (sources.containsKey(definition.id())) {
                throw new IllegalArgumentException("source " + definition.id() + " is already registered");
            }
            Path target = config.connectors().resolve(definition.id() + ".yaml");
            java.nio.file.Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("source {} registered in {}", definition.id(), target);
            return add(definition);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot keep the connector file: " + e.getMessage(), e);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (java.io.IOException ignored) {
                // a leftover temporary file is ignored by the loader (*.yaml only)
            }
        }
    }

    /** Starts capturing a newly registered source. */
    public synchronized ManagedSource add(SourceDefinition definition) {
        if (sources.containsKey(definition.id())) {
            throw new IllegalArgumentException("source " + definition.id() + " is already registered");
        }
        ManagedSource source = new ManagedSource(definition, offsetStorage, config.batching(), dispatcher,
                config.watch().walWarningBytes(), config.watch().probeIntervalSeconds());
        sources.put(definition.id(), source);
        metrics.watch(source.status());
        if (preflightPasses(definition, source.status())) {
            source.start();
        }
        return source;
    }

    @Override
    public synchronized ManagedSource source(String sourceId) {
        ManagedSource source = sources.get(sourceId);
        if (source == null) {
            throw new java.util.NoSuchElementException("no source " + sourceId);
        }
        return source;
    }

    @Override
    public synchronized java.util.List<ManagedSource> sources() {
        return java.util.List.copyOf(sources.values());
    }

    /** Stops a source for good and drops its slot and offsets; the pool keeps what it contributed. */
    @Override
    public synchronized void remove(String sourceId) {
        source(sourceId).remove();
        sources.remove(sourceId);
        try {
            java.nio.file.Files.deleteIfExists(config.connectors().resolve(sourceId + ".yaml"));
        } catch (java.io.IOException e) {
            LOG.warn("source {} removed, but its connector file could not be deleted: {}", sourceId, e.getMessage());
        }
    }

    /** Stops capture first (so nothing is mid-batch), then the routes and API, then the pool. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ManagedSource source : sources.values()) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping a source failed: {}", e.getMessage());
            }
        }
        sources.clear();
        if (routes != null) {
            routes.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (embeddedPool != null) {
            embeddedPool.close();
        }
    }
}
