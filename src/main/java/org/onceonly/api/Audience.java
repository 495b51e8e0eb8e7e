/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

/** Who may call an endpoint: the first link of every route's handler chain checks it. */
public enum Audience {
    /** Anybody, without a token: only what describes the API, never anybody's data ({@code /health}, the OpenAPI document). */
    PUBLIC,
    /** Any registered client; purposes, grants and capabilities are then checked by the endpoint. */
    CLIENTS,
    /** Administrator clients only (operators, data stewards): a platform client gets 403. */
    ADMINISTRATORS
}
