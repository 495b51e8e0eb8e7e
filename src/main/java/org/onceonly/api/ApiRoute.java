/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.vertx.core.http.HttpMethod;
import java.util.Set;

/**
 * One route of the API as declared: method, path in the OpenAPI document's form ({@code /v1/subjects/{subjectId}}),
 * who may call it, the body it takes, the query parameters it knows (any other is refused) and its endpoint.
 */
public record ApiRoute(HttpMethod method, String path, Audience audience, Body body, Set<String> query, Endpoint endpoint) {
    public ApiRoute {
        query = Set.copyOf(query);
    }

    /** The path as Vert.x Web writes parameters: {@code /v1/subjects/:subjectId}. */
    String routerPath() {
        return path.replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
    }

    /** How many path parameters it has: literal segments are matched before parameters ({@code /summary} before {@code /{id}}). */
    int parameters() {
        return (int) path.chars().filter(c -> c == '{').count();
    }
}
