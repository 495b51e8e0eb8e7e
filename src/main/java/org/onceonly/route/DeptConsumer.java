/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** The route side of a {@code dept:} endpoint; registered with its component while the route runs. */
final class DeptConsumer extends DefaultConsumer {
    DeptConsumer(DeptEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public DeptEndpoint getEndpoint() {
        return (DeptEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().register(this);
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().unregister(this);
        super.doStop();
    }
}
