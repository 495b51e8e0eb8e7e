package org.onceonly.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.onceonly.api.SubjectApi;
import org.onceonly.pool.PoolDatabase;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.PoolWriter;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.route.RouteDispatcher;
import org.onceonly.route.RouteRuntime;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.source.SourceRunner;
import org.onceonly.source.OffsetStorage;
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

    private final HubConfig config;
    private EmbeddedPostgresServer embeddedPool;
    private PoolDatabase pool;
    private PoolWriter writer;
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
            routes.camel().addRoutes(new SubjectApi(schemas, new PoolReader(pool.dataSource())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up routes: " + e.getMessage(), e);
        }
        routes.start();
        LOG.info("loaded {} route file(s) from {}; API listening on http://{}:{}", routes.routeFiles().size(),
                config.routes(), config.httpHost(), config.httpPort());

        OffsetStorage offsets = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        RouteDispatcher dispatcher = routes.dispatcher(writer);
        for (SourceDefinition source : sources.values()) {
            SourceRunner runner = SourceRunner.of(source, offsets, dispatcher);
            runners.put(source.id(), runner);
            runner.start();
        }
    }

    private PoolDatabase openPool() {
        HubConfig.PoolConfig poolConfig = config.pool();
        if (poolConfig.embedded()) {
            embeddedPool = EmbeddedPostgresServer.start(config.dataDirectory().resolve("pool"), poolConfig.embeddedPort());
            embeddedPool.ensureDatabase("onceonly");
            // The embedded server trusts loopback connections; the password only satisfies clients that insist on one.
            return new PoolDatabase(embeddedPool.jdbcUrl("onceonly"), EmbeddedPostgresServer.SUPERUSER, "embedded");
        }
        return new PoolDatabase(poolConfig.jdbcUrl(), poolConfig.user(), poolConfig.password().resolve());
    }

    public HubConfig config() {
        return config;
    }

    public PoolDatabase pool() {
        return pool;
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
