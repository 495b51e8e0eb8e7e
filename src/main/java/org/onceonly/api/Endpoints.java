/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

/** A group of endpoints (subjects, prefill, materials, ...): declares its routes on the API's one router. */
public interface Endpoints {
    void declare(ApiRoutes routes);
}
