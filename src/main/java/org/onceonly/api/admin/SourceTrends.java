/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Refusal;
import org.onceonly.source.ManagedSource;
import org.onceonly.source.SourceControl;
import org.onceonly.source.SourceStatus;

/**
 * The last 15 minutes of each source's lag and event rate, sampled every {@link #INTERVAL} in memory, and
 * {@code GET /v1/admin/sources/{id}/trend} to read them: the console's small charts start from the recent past
 * instead of from the moment the page opened. Nothing is stored; a restarted hub starts afresh.
 */
public final class SourceTrends implements Endpoints {
    /** How often {@link #sample()} should be called. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration KEPT = Duration.ofMinutes(15);
    private static final int SAMPLES = (int) (KEPT.toSeconds() / INTERVAL.toSeconds());

    private record Sample(long epochSecond, long lagSeconds, double eventsPerSecond) {}

    private final SourceControl control;
    private final Clock clock;
    private final Map<String, Deque<Sample>> trends = new ConcurrentHashMap<>();

    public SourceTrends(SourceControl control, Clock clock) {
        this.control = control;
        this.clock = clock;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/admin/sources/{id}/trend").forAdministrators().to(this::trend);
    }

    /** Takes one sample of every source; forgets sources that are gone. */
    public void sample() {
        long now = clock.instant().getEpochSecond();
        Set<String> present = new HashSet<>();
        for (ManagedSource source : control.sources()) {
            SourceStatus status = source.status();
            String id = source.definition().id();
            present.add(id);
            Deque<Sample> trend = trends.computeIfAbsent(id, key -> new ArrayDeque<>(SAMPLES + 1));
            synchronized (trend) {
                trend.addLast(new Sample(now, status.lagMillis() < 0 ? -1 : status.lagMillis() / 1000, status.eventsPerSecond()));
                while (trend.size() > SAMPLES) {
                    trend.removeFirst();
                }
            }
        }
        trends.keySet().retainAll(present);
    }

    private Answer trend(ApiRequest request) {
        String id = request.path("id");
        try {
            control.source(id);
        } catch (NoSuchElementException e) {
            throw Refusal.notFound("no source with that id");
        }
        ObjectNode body = Json.object().put("source", id).put("intervalSeconds", INTERVAL.toSeconds());
        ArrayNode samples = body.putArray("samples");
        Deque<Sample> trend = trends.get(id);
        if (trend != null) {
            synchronized (trend) {
                for (Sample sample : trend) {
                    ObjectNode node = samples.addObject().put("at", sample.epochSecond());
                    if (sample.lagSeconds() < 0) {
                        node.putNull("lagSeconds");
                    } else {
                        node.put("lagSeconds", sample.lagSeconds());
                    }
                    node.put("eventsPerSecond", Math.round(sample.eventsPerSecond() * 10) / 10.0);
                }
            }
        }
        return Answer.ok(body);
    }
}
