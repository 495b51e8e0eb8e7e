/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.onceonly.schema.CanonicalChange;

/** Names of what the hub carries on a Camel exchange between {@code dept:} and {@code pool:}. */
public final class RouteExchange {
    /** Header: the change's {@link org.onceonly.schema.Operation}. */
    public static final String OPERATION = "OnceOnlyOperation";
    /** Header: the registered source id. */
    public static final String SOURCE_ID = "OnceOnlySourceId";
    /** Header: the source department. */
    public static final String DEPARTMENT = "OnceOnlyDepartment";
    /** Header: the source table as schema.table. */
    public static final String TABLE = "OnceOnlyTable";
    /** Property: the change's {@link org.onceonly.schema.Origin}. */
    public static final String ORIGIN = "onceonly.origin";
    /** Property: canonical changes the exchange produced, handed to the pool only if the exchange succeeds. */
    static final String PENDING = "onceonly.pending";

    private RouteExchange() {}

    @SuppressWarnings("unchecked")
    static List<CanonicalChange> pending(Exchange exchange) {
        List<CanonicalChange> pending = exchange.getProperty(PENDING, List.class);
        if (pending == null) {
            pending = new ArrayList<>();
            exchange.setProperty(PENDING, pending);
        }
        return pending;
    }
}
