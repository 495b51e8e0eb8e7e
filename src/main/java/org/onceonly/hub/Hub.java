/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.kafka.KafkaComponent;
import org.onceonly.access.AccessLog;
import org.onceonly.access.BatchingWriter;
import org.onceonly.access.ClientRegistry;
import org.onceonly.access.CoverageHistory;
import org.onceonly.access.Forms;
import org.onceonly.access.Prefill;
import org.onceonly.access.PrefillStatistics;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.ApiServer;
import org.onceonly.api.Authentication;
import org.onceonly.api.CorrectionDisputes;
import org.onceonly.api.Disputes;
import org.onceonly.api.HttpApi;
import org.onceonly.api.OpenApiDocument;
import org.onceonly.api.UploadDirectory;
import org.onceonly.api.admin.ConflictApi;
import org.onceonly.api.admin.MetricsApi;
import org.onceonly.api.admin.PreflightApi;
import org.onceonly.api.admin.QuarantineApi;
import org.onceonly.api.admin.SourceTrends;
import org.onceonly.api.admin.SourcesApi;
import org.onceonly.api.v1.AccessLogApi;
import org.onceonly.api.v1.CatalogApi;
import org.onceonly.api.v1.ClientApi;
import org.onceonly.api.v1.CorrectionsApi;
import org.onceonly.api.v1.CoverageHistoryApi;
import org.onceonly.api.v1.MaterialsApi;
import org.onceonly.api.v1.PrefillApi;
import org.onceonly.api.v1.SubjectApi;
import org.onceonly.pool.CorrectionStore;
import org.onceonly.pool.MaterialStore;
import org.onceonly.pool.HeldCounts;
import org.onceonly.pool.PoolDatabase;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.PoolWriter;
import org.onceonly.pool.Quarantine;
import org.onceonly.pool.QuarantineReplay;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.publish.OutboxRelay;
import org.onceonly.route.RouteDispatcher;
import org.onceonly.route.RouteRuntime;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ManagedSource;
import org.onceonly.source.SourceControl;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.preflight.Preflight;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.kafka.RawTopicConsumer;
import org.onceonly.source.kafka.RawTopicSource;
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

    private static final int API_WORKERS = 32;
    private static final long MAX_BODY_BYTES = 1024L * 1024L;

    private final HubConfig config;
    private EmbeddedPostgresServer embeddedPool;
    private PoolDatabase pool;
    private PoolWriter writer;
    private Quarantine quarantine;
    private HubMetrics metrics;
    private AccessLog accessLog;
    private PrefillStatistics prefillStatistics;
    private BatchingWriter poolWrites;
    private io.vertx.core.Vertx vertx;
    private ApiServer apiServer;
    private SourceTrends sourceTrends;
    private ApiRoutes apiRoutes;
    private RouteRuntime routes;
    private final Map<String, ManagedSource> sources = new LinkedHashMap<>();
    private OffsetStorage offsetStorage;
    private RouteDispatcher dispatcher;
    private OutboxRelay relay;
    private RawTopicConsumer rawTopics;
    private boolean closed;

    private Hub(HubConfig config) {
        this.config = config.validate();
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
        ClientRegistry clients = ClientRegistry.load(config.platform().clients(), schemas);
        Forms forms = Forms.load(config.platform().forms(), schemas);
        if (clients.clients().isEmpty()) {
            LOG.warn("no clients registered in {}: every API request but /health will be refused", config.platform().clients());
        }
        pool = openPool();
        pool.migrate();
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(schemas);
        HubConfig.Kafka kafka = config.kafka();
        writer = new PoolWriter(pool.dataSource(), registry, kafka.publishes());
        writer.catchUp();
        quarantine = new Quarantine(pool.dataSource());
        HeldCounts heldCounts = new HeldCounts(pool.statusDataSource());
        metrics = new HubMetrics(writer, heldCounts);
        poolWrites = new BatchingWriter(pool.dataSource());
        accessLog = new AccessLog(pool.dataSource(), poolWrites);
        prefillStatistics = new PrefillStatistics(pool.dataSource(), poolWrites);

        routes = new RouteRuntime(schemas);
        try {
            if (Files.isDirectory(config.routes())) {
                routes.load(config.routes());
            } else {
                LOG.warn("routes directory {} does not exist: no department data will reach the pool", config.routes());
            }
            if (kafka.configured()) {
                routes.camel().addComponent("kafka", kafkaComponent(kafka));
            }
            if (kafka.publishes()) {
                relay = new OutboxRelay(new OutboxRelay.Settings(kafka.publish().topicPrefix(), kafka.publish().pollIntervalMs()),
                        pool.jdbcUrl(), pool.user(), pool.password());
                routes.camel().addRoutes(relay);
                metrics.watch(relay, pool.dataSource());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up routes: " + e.getMessage(), e);
        }
        routes.start();
        PoolReader reader = new PoolReader(pool.dataSource(), registry);
        apiRoutes = apiRoutes(schemas, forms, reader, heldCounts);
        startApi(clients);
        LOG.info("loaded {} route file(s) from {}; API listening on http{}://{}:{}", routes.routeFiles().size(), config.routes(),
                config.platform().tls() == null ? "" : "s", config.httpHost(), apiServer.port());

        offsetStorage = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        dispatcher = routes.dispatcher(writer);
        for (SourceDefinition source : definitions.values()) {
            add(source);
        }
        if (kafka.consumes()) {
            consumeRawTopics(kafka.consume(), definitions.keySet());
        }
    }

    /** Every endpoint group of the API, declared on one list of routes. */
    private ApiRoutes apiRoutes(SchemaCatalog schemas, Forms forms, PoolReader reader, HeldCounts heldCounts) {
        MaterialStore materials = new MaterialStore(pool.dataSource());
        CorrectionStore corrections = new CorrectionStore(pool.dataSource());
        Disputes disputes = new CorrectionDisputes(corrections);
        ApiRoutes api = new ApiRoutes();
        new SubjectApi(schemas, reader, accessLog, disputes).declare(api);
        new AccessLogApi(accessLog).declare(api);
        new MaterialsApi(schemas, reader, materials, accessLog, disputes, config.platform().maxUploadBytes(), Clock.systemDefaultZone())
                .declare(api);
        new CorrectionsApi(schemas, reader, corrections, materials, accessLog).declare(api);
        new PrefillApi(forms, new Prefill(schemas, reader, accessLog, prefillStatistics), prefillStatistics).declare(api);
        new CatalogApi(schemas, reader).declare(api);
        new ClientApi().declare(api);
        new CoverageHistoryApi(forms, new CoverageHistory(pool.dataSource())).declare(api);
        new OpenApiDocument().declare(api);
        new ConflictApi(schemas, reader, accessLog).declare(api);
        new QuarantineApi(quarantine, replay(routes, writer, quarantine), accessLog).declare(api);
        new MetricsApi(metrics::scrape).declare(api);
        new SourcesApi(this, heldCounts).declare(api);
        new PreflightApi(this, Preflight::check).declare(api);
        sourceTrends = new SourceTrends(this, Clock.systemUTC());
        sourceTrends.declare(api);
        return api;
    }

    /** The API's server: its own Vert.x, the one router, the configured TLS and timeouts. */
    private void startApi(ClientRegistry clients) {
        HubConfig.Platform platform = config.platform();
        HubConfig.Timeouts timeouts = platform.timeouts();
        // Workers run the endpoints, which wait on the pool: room for more concurrent requests than cores.
        vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setWorkerPoolSize(API_WORKERS));
        // The console's 15-minute charts: a sample of every source's status, on a worker (the source list is the
        // hub's monitor, which a registration holds during its preflight); the timer ends with Vert.x.
        vertx.setPeriodic(SourceTrends.INTERVAL.toMillis(), timer -> vertx.executeBlocking(() -> {
            sourceTrends.sample();
            return null;
        }, false));
        // JSON and YAML bodies are small; uploads are the largest, with room for the multipart framing around the file.
        HttpApi.Limits limits = new HttpApi.Limits(MAX_BODY_BYTES, platform.maxUploadBytes() + 1024L * 1024L,
                java.time.Duration.ofSeconds(timeouts.bodySeconds()), UploadDirectory.prepare(config.dataDirectory()));
        HubConfig.Tls tls = platform.tls();
        ApiServer.Tls serverTls = tls == null ? null : new ApiServer.Tls(tls.keyStore(), tls.keyStorePassword().resolve(), tls.trustStore(),
                tls.trustStorePassword() == null ? null : tls.trustStorePassword().resolve(), tls.clientAuth());
        apiServer = ApiServer.start(vertx, new ApiServer.Settings(config.httpHost(), config.httpPort(),
                java.time.Duration.ofSeconds(timeouts.idleSeconds()), java.time.Duration.ofSeconds(timeouts.headerSeconds()), serverTls),
                HttpApi.router(vertx, apiRoutes, new Authentication(clients), limits));
    }

    /** The routes the API serves (for the test that holds them against docs/openapi.yaml). */
    public ApiRoutes apiRoutes() {
        return apiRoutes;
    }

    /** Worker mode: this hub joins the consumer group reading the raw topics Kafka Connect writes. */
    private void consumeRawTopics(HubConfig.Consume consume, java.util.Set<String> embeddedSources) {
        for (RawTopicSource source : consume.sources()) {
            if (embeddedSources.contains(source.id())) {
                throw new IllegalStateException("source " + source.id() + " is both a connector file (captured by this hub)"
                        + " and a kafka.consume source (captured by Kafka Connect): keep one");
            }
        }
        rawTopics = new RawTopicConsumer(new RawTopicConsumer.Settings(consume.groupId(), consume.sessionTimeoutMs(),
                config.batching()), consume.sources(), dispatcher);
        rawTopics.statuses().forEach(metrics::watch);
        try {
            routes.camel().addRoutes(rawTopics);
        } catch (Exception e) {
            throw new IllegalStateException("cannot consume the raw topics: " + e.getMessage(), e);
        }
        LOG.info("consuming the raw topics of {} source(s) in consumer group {}", consume.sources().size(), consume.groupId());
    }

    /** The Kafka component both the relay and the raw-topic consumer use: the brokers and client settings. */
    private static KafkaComponent kafkaComponent(HubConfig.Kafka kafka) {
        KafkaComponent component = new KafkaComponent();
        component.getConfiguration().setBrokers(kafka.bootstrapServers());
        component.getConfiguration().setAdditionalProperties(kafka.resolvedProperties());
        return component;
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
    public static QuarantineReplay replay(RouteRuntime routes, PoolWriter writer, Quarantine quarantine) {
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
            String password = EmbeddedPoolSecret.of(config.dataDirectory());
            embeddedPool = EmbeddedPostgresServer.startWithPassword(config.dataDirectory().resolve("pool"), poolConfig.embeddedPort(),
                    EmbeddedPostgresServer.POOL_SETTINGS, password);
            embeddedPool.ensureDatabase("onceonly");
            return new PoolDatabase(embeddedPool.jdbcUrl("onceonly"), EmbeddedPostgresServer.SUPERUSER, password);
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

    /** The Camel runtime: the department routes and the API. */
    public RouteRuntime routes() {
        return routes;
    }

    public PrefillStatistics prefillStatistics() {
        return prefillStatistics;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    public PoolWriter writer() {
        return writer;
    }

    /** The outbox relay, when this hub publishes canonical changes. */
    public java.util.Optional<OutboxRelay> relay() {
        return java.util.Optional.ofNullable(relay);
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
            SourceDefinition definition;
            try {
                definition = org.onceonly.source.SourceDefinitionLoader.load(file);
            } catch (IllegalArgumentException e) {
                // The caller sent the text, not a file: name its line, not the hub's temporary file.
                throw new IllegalArgumentException(String.valueOf(e.getMessage()).replace(file.toString(), "the connector file"), null);
            }
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
        ManagedSource source = new ManagedSource(definition, offsetStorage, config.batching(), dispatcher, CaptureRunners.INSTANCE,
                config.watch().walWarningBytes(), config.watch().probeIntervalSeconds());
        source.status().stallAfter(java.time.Duration.ofSeconds(config.watch().stallSeconds()));
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
        if (rawTopics != null) {
            rawTopics.close(); // ends a back-off wait, so that the route can stop
        }
        for (ManagedSource source : sources.values()) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping a source failed: {}", e.getMessage());
            }
        }
        sources.clear();
        if (apiServer != null) {
            apiServer.close();
        }
        if (routes != null) {
            routes.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        if (poolWrites != null) {
            poolWrites.close(); // after the API: what requests logged is written before the pool goes
        }
        if (pool != null) {
            pool.close();
        }
        if (embeddedPool != null) {
            embeddedPool.close();
        }
    }
}
