package org.onceonly.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.onceonly.api.SubjectApi;
import org.onceonly.pool.PoolDatabase;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.PoolWriter;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.route.DeptComponent;
import org.onceonly.route.DomainFunctions;
import org.onceonly.route.PoolComponent;
import org.onceonly.route.RouteDispatcher;
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
    private CamelContext camel;
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

        DeptComponent dept = new DeptComponent();
        camel = new DefaultCamelContext();
        DomainFunctions.all().forEach(camel.getRegistry()::bind);
        camel.addComponent("dept", dept);
        camel.addComponent("pool", new PoolComponent(schemas));
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.httpHost());
        http.setBindPort(config.httpPort());
        http.setMaxBodySize(1024L * 1024L);
        try {
            camel.addService(new VertxPlatformHttpServer(http), true, true);
            loadRoutes(camel, config.routes());
            camel.addRoutes(new SubjectApi(schemas, new PoolReader(pool.dataSource())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up routes: " + e.getMessage(), e);
        }
        camel.start();
        LOG.info("API listening on http://{}:{}", config.httpHost(), config.httpPort());

        OffsetStorage offsets = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        RouteDispatcher dispatcher = new RouteDispatcher(dept, writer);
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
            ensureDatabase(embeddedPool, "onceonly");
            // The embedded server trusts loopback connections; the password only satisfies clients that insist on one.
            return new PoolDatabase(embeddedPool.jdbcUrl("onceonly"), EmbeddedPostgresServer.SUPERUSER, "embedded");
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

    private static void loadRoutes(CamelContext camel, Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            LOG.warn("routes directory {} does not exist: no department data will reach the pool", directory);
            return;
        }
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                resources.add(ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list routes in " + directory + ": " + e.getMessage(), e);
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        LOG.info("loaded {} route file(s) from {}", resources.size(), directory);
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
        if (camel != null) {
            camel.stop();
        }
        if (pool != null) {
            pool.close();
        }
        if (embeddedPool != null) {
            embeddedPool.close();
        }
    }
}
