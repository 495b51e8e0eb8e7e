/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One source table as a route's starting point. */
public final class DeptEndpoint extends DefaultEndpoint {
    private final String sourceId;
    private final String table;

    DeptEndpoint(String uri, DeptComponent component, String sourceId, String table) {
        super(uri, component);
        this.sourceId = sourceId;
        this.table = table;
    }

    public String sourceId() {
        return sourceId;
    }

    public String table() {
        return table;
    }

    @Override
    public DeptComponent getComponent() {
        return (DeptComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new IllegalArgumentException(getEndpointUri() + ": dept: endpoints only start routes (use it in from:)");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DeptConsumer consumer = new DeptConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
