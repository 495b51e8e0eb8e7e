/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

/**
 * What one route does once the chain has let the request through: authenticated, purpose named, body read
 * and checked. Runs on a worker thread (it may wait on the pool); throws {@link Refusal} for a client
 * error, which the failure handler turns into the JSON error shape.
 */
@FunctionalInterface
public interface Endpoint {
    Answer answer(ApiRequest request) throws Exception;
}
