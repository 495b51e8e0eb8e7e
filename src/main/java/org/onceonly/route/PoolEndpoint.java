/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordException;
import org.onceonly.schema.CanonicalRecordMapper;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;

/**
 * Turns the route's body into a record of the entity's canonical schema. Validation failures throw a
 * {@link CanonicalRecordException} with every field's reason; the change then goes to quarantine.
 */
public final class PoolEndpoint extends DefaultEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private final CanonicalSchema schema;

    PoolEndpoint(String uri, PoolComponent component, CanonicalSchema schema) {
        super(uri, component);
        this.schema = schema;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) {
                RouteExchange.pending(exchange).add(toChange(exchange));
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new IllegalArgumentException(getEndpointUri() + ": pool: endpoints only end routes (use it in to:)");
    }

    private CanonicalChange toChange(Exchange exchange) {
        Origin origin = exchange.getProperty(RouteExchange.ORIGIN, Origin.class);
        if (origin == null) {
            throw new IllegalStateException(getEndpointUri() + " received an exchange that did not start at a dept: endpoint");
        }
        Operation operation = exchange.getMessage().getHeader(RouteExchange.OPERATION, Operation.CREATE, Operation.class);
        if (operation == Operation.DELETE) {
            // A delete removes what this source row contributed; its last image is not needed.
            return new CanonicalChange(schema, operation, null, origin);
        }
        return new CanonicalChange(schema, operation, CanonicalRecordMapper.toRecord(schema, body(exchange)), origin);
    }

    private JsonNode body(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        try {
            if (body instanceof JsonNode node) {
                return node;
            }
            if (body instanceof String text) {
                return JSON.readTree(text);
            }
            if (body instanceof byte[] bytes) {
                return JSON.readTree(bytes);
            }
            return JSON.valueToTree(body);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CanonicalRecordException(schema.entity(), List.of(new FieldViolation("(body)",
                    "is not JSON or a map: " + e.getClass().getSimpleName())));
        }
    }
}
