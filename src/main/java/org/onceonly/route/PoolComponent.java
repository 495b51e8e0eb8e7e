/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.onceonly.schema.SchemaCatalog;

/**
 * {@code pool:<Entity>}: where a route hands a canonical record to the pool. The entity must be one of the
 * catalogue's schemas, checked when the route starts.
 */
public final class PoolComponent extends DefaultComponent {
    private final SchemaCatalog schemas;

    public PoolComponent(SchemaCatalog schemas) {
        this.schemas = schemas;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new PoolEndpoint(uri, this, schemas.require(remaining));
    }
}
