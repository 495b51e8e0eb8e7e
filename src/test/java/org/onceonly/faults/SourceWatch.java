/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onceonly.testkit.ApiClient;

/**
 * Watches a source through the hub's own eyes while a fault runs: every {@code interval} it reads the
 * source's status ({@code /v1/admin/sources/{id}}) and its state metric ({@code /metrics}), and keeps what
 * it saw, so a test can ask whether the outage was reported, and how.
 */
final class SourceWatch implements AutoCloseable {
    /** One look: the status endpoint's HTTP status, the state and last error it reported, and the state metric. */
    record Look(Instant at, int httpStatus, String state, String lastError, String metricState, int metricsHttpStatus) {}

    private final ApiClient api;
    private final String sourceId;
    private final Pattern stateMetric;
    private final List<Look> looks = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    SourceWatch(ApiClient api, String sourceId, Duration interval) {
        this.api = api;
        this.sourceId = sourceId;
        this.stateMetric = Pattern.compile("onceonly_source_state\\{source=\"" + Pattern.quote(sourceId) + "\",state=\"([a-z]+)\"} 1\\.0");
        this.thread = new Thread(() -> {
            while (!stopped) {
                looks.add(look());
                try {
                    Thread.sleep(interval.toMillis()); // sampling pace
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "watch-" + sourceId);
        thread.setDaemon(true);
        thread.start();
    }

    private Look look() {
        int status = -1;
        String state = null;
        String lastError = null;
        try {
            ApiClient.Response response = api.get("/v1/admin/sources/" + sourceId);
            status = response.status();
            JsonNode body = response.body();
            state = body.path("state").isMissingNode() ? null : body.path("state").asText();
            lastError = body.path("lastError").isTextual() ? body.path("lastError").asText() : null;
        } catch (RuntimeException unreachable) {
            // the hub did not answer: recorded as status -1
        }
        String metricState = null;
        int metricsStatus = -1;
        try {
            ApiClient.TextResponse metrics = api.textResponse("/metrics");
            metricsStatus = metrics.status();
            Matcher matcher = stateMetric.matcher(metrics.body());
            metricState = matcher.find() ? matcher.group(1) : null;
        } catch (RuntimeException unreachable) {
            // recorded as -1
        }
        return new Look(Instant.now(), status, state, lastError, metricState, metricsStatus);
    }

    List<Look> looks() {
        return List.copyOf(looks);
    }

    /** The first look at or after {@code since} in which the status said {@code state}, if any. */
    java.util.Optional<Look> first(String state, Instant since) {
        return looks.stream().filter(l -> !l.at().isBefore(since) && state.equals(l.state())).findFirst();
    }

    /** The latest look. */
    Look latest() {
        return looks.isEmpty() ? look() : looks.get(looks.size() - 1);
    }

    /** Every distinct (state, metric state, HTTP statuses) seen, in order, for failure messages. */
    String summary() {
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (Look look : looks) {
            String line = look.httpStatus() + " " + look.state() + " metric=" + look.metricState() + " metricsHttp=" + look.metricsHttpStatus()
                    + " error=" + look.lastError();
            if (!line.equals(previous)) {
                out.append(look.at()).append(' ').append(line).append(System.lineSeparator());
                previous = line;
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
