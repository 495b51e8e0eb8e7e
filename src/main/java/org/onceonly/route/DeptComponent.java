/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code dept:<source-id>?table=<schema.table>}: where a route receives a department's row changes.
 * The hub's {@link RouteDispatcher} hands each change to the consumer registered for its source and table.
 */
public final class DeptComponent extends DefaultComponent {
    private final Map<String, DeptConsumer> consumers = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String table = getAndRemoveParameter(parameters, "table", String.class);
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(uri + ": name the source, as dept:<source-id>?table=<schema.table>");
        }
        if (table == null || !table.contains(".")) {
            throw new IllegalArgumentException(uri + ": parameter 'table' must name a schema.table of source " + remaining);
        }
        return new DeptEndpoint(uri, this, remaining, table);
    }

    void register(DeptConsumer consumer) {
        DeptEndpoint endpoint = consumer.getEndpoint();
        DeptConsumer previous = consumers.putIfAbsent(key(endpoint.sourceId(), endpoint.table()), consumer);
        if (previous != null && previous != consumer) {
            throw new IllegalStateException("two routes consume " + endpoint.getEndpointUri()
                    + "; one route per source table (split or multicast inside it to reach several entities)");
        }
    }

    void unregister(DeptConsumer consumer) {
        consumers.remove(key(consumer.getEndpoint().sourceId(), consumer.getEndpoint().table()), consumer);
    }

    Optional<DeptConsumer> consumerFor(String sourceId, String table) {
        return Optional.ofNullable(consumers.get(key(sourceId, table)));
    }

    private static String key(String sourceId, String table) {
        return sourceId + "|" + table;
    }
}
