/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.onceonly.pool.PoolWriter;
import org.onceonly.pool.Outbox;
import org.onceonly.pool.Quarantine;
import org.onceonly.publish.OutboxRelay;
import org.onceonly.pool.HeldCounts;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;

/** The hub's meters, scraped by Prometheus from {@code /metrics}. */
final class HubMetrics implements AutoCloseable {
    private static final int REASON_LABEL_LENGTH = 80;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HeldCounts quarantine;
    private final MultiGauge quarantineHeld;
    private final JvmGcMetrics gcMetrics;

    HubMetrics(PoolWriter writer, HeldCounts quarantine) {
        this.quarantine = quarantine;
        FunctionCounter.builder("onceonly.pool.changes", writer, PoolWriter::appliedCount).tag("result", "applied")
                .description("changes that made a new version in the pool").register(registry);
        FunctionCounter.builder("onceonly.pool.changes", writer, PoolWriter::unchangedCount).tag("result", "unchanged")
                .description("newer changes whose canonical record was unchanged").register(registry);
        FunctionCounter.builder("onceonly.pool.changes", writer, PoolWriter::staleCount).tag("result", "stale")
                .description("changes older than what the pool holds (re-deliveries, late events)").register(registry);
        FunctionCounter.builder("onceonly.pool.changes", writer, PoolWriter::quarantinedCount).tag("result", "quarantined")
                .description("changes that failed mapping or validation").register(registry);
        quarantineHeld = MultiGauge.builder("onceonly.quarantine.held")
                .description("quarantined changes waiting for replay or discard, by source and first reason").register(registry);
        // The JVM's own: heap by pool, heap after the last major collection (jvm_gc_live_data_size_bytes, the
        // number that shows a leak), collections, threads, CPU. A hub runs for months; these say how it ages.
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Stops listening to the JVM's garbage-collection notifications. */
    @Override
    public void close() {
        gcMetrics.close();
    }

    void watch(SourceStatus status) {
        Tags source = Tags.of("source", status.sourceId());
        FunctionCounter.builder("onceonly.source.events", status, SourceStatus::events).tags(source)
                .description("changes delivered by the source").register(registry);
        Gauge.builder("onceonly.source.retained.wal", status, SourceStatus::retainedWalBytes).tags(source).baseUnit("bytes")
                .description("WAL the source's server keeps for the hub's replication slot (-1: not applicable)").register(registry);
        Gauge.builder("onceonly.source.lag", status, s -> s.lagMillis() / 1000.0).tags(source).baseUnit("seconds")
                .description("age of the oldest change received and not yet in the pool (0: caught up); polled: time since the last complete pass").register(registry);
        FunctionCounter.builder("onceonly.source.ddl.skipped", status, SourceStatus::skippedDdl).tags(source)
                .description("DDL statements the binlog parser could not read, skipped while capture went on").register(registry);
        FunctionCounter.builder("onceonly.source.outages", status, SourceStatus::outages).tags(source)
                .description("times the source stopped moving (pool refusing batches, database out of reach) since start").register(registry);
        Gauge.builder("onceonly.source.outage", status, s -> s.outageSince() == null ? 0
                        : java.time.Duration.between(s.outageSince(), java.time.Instant.now()).toMillis() / 1000.0)
                .tags(source).baseUnit("seconds").description("how long the current outage has lasted (0: none)").register(registry);
        Gauge.builder("onceonly.source.warning", status, s -> s.warning() == null ? 0 : 1).tags(source)
                .description("1 while the source has a warning for its operator (retained WAL over the limit, ...)").register(registry);
        for (SourceState state : SourceState.values()) {
            Gauge.builder("onceonly.source.state", status, s -> s.state() == state ? 1 : 0)
                    .tags(source.and("state", state.name().toLowerCase())).description("1 for the source's current state")
                    .register(registry);
        }
    }

    void watch(OutboxRelay relay, javax.sql.DataSource pool) {
        FunctionCounter.builder("onceonly.outbox.published", relay, OutboxRelay::publishedCount)
                .description("changes published to the canonical topics (acknowledged by the broker)").register(registry);
        FunctionCounter.builder("onceonly.outbox.failures", relay, OutboxRelay::failureCount)
                .description("failed attempts to publish (broker or pool unreachable); each is retried").register(registry);
        Gauge.builder("onceonly.outbox.delayed", relay, r -> r.delayed() ? 1 : 0)
                .description("1 while publication fails and is retried with back-off").register(registry);
        Gauge.builder("onceonly.outbox.relay", relay, r -> r.leader() ? 1 : 0)
                .description("1 on the hub that relays the outbox (one of the hubs sharing a pool)").register(registry);
        Gauge.builder("onceonly.outbox.pending", pool, HubMetrics::pending)
                .description("changes in the outbox not yet acknowledged by the broker").register(registry);
    }

    private static double pending(javax.sql.DataSource pool) {
        try {
            return Outbox.pending(pool);
        } catch (RuntimeException e) {
            return Double.NaN; // the pool is unreachable: no reading
        }
    }

    /** Refreshes the gauges that need a query, then renders every meter. */
    String scrape() {
        HeldCounts.Reading held = quarantine.read();
        if (held.current()) { // while the pool is down the gauges keep the last counts read
            List<MultiGauge.Row<?>> rows = held.counts().stream()
                    .<MultiGauge.Row<?>>map(count -> MultiGauge.Row.of(Tags.of("source", count.sourceId(),
                            "field", String.valueOf(count.field()), "reason", truncate(count.reason())), count.held()))
                    .toList();
            quarantineHeld.register(rows, true);
        }
        return registry.scrape();
    }

    private static String truncate(String reason) {
        String text = String.valueOf(reason);
        return text.length() <= REASON_LABEL_LENGTH ? text : text.substring(0, REASON_LABEL_LENGTH);
    }
}
