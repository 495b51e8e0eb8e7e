/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.List;

/**
 * A change that a route could not turn into a valid canonical record. It keeps the raw change envelope
 * (JSON) so that it can be replayed once the route or the data is fixed.
 */
public record Rejection(Origin origin, String routeId, String envelopeJson, List<FieldViolation> reasons) {
    public Rejection {
        reasons = List.copyOf(reasons);
    }
}
