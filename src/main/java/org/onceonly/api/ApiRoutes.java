/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The API's routes, as the endpoint groups declare them:
 * <pre>
 * routes.get("/v1/subjects/{subjectId}/{entity}").forClients().query("asOf", "fields").to(this::entity);
 * routes.post("/v1/prefill").forClients().body(Body.JSON).to(this::prefill);
 * </pre>
 * A route is for administrators unless it says otherwise: deny by default. {@link HttpApi} builds the one
 * router from this list; the OpenAPI test compares it with docs/openapi.yaml.
 */
public final class ApiRoutes {
    private final List<ApiRoute> routes = new ArrayList<>();

    public Declaration get(String path) {
        return new Declaration(HttpMethod.GET, path);
    }

    public Declaration post(String path) {
        return new Declaration(HttpMethod.POST, path);
    }

    public Declaration delete(String path) {
        return new Declaration(HttpMethod.DELETE, path);
    }

    /** Every route, literal paths before parameterised ones, otherwise in the order declared. */
    public List<ApiRoute> all() {
        return routes.stream().sorted(Comparator.comparingInt(ApiRoute::parameters)).toList();
    }

    /** One route being declared. */
    public final class Declaration {
        private final HttpMethod method;
        private final String path;
        private Audience audience = Audience.ADMINISTRATORS;
        private Body body = Body.NONE;
        private Set<String> query = Set.of();

        private Declaration(HttpMethod method, String path) {
            this.method = method;
            this.path = path;
        }

        public Declaration forClients() {
            audience = Audience.CLIENTS;
            return this;
        }

        public Declaration forAdministrators() {
            audience = Audience.ADMINISTRATORS;
            return this;
        }

        /** Open to anybody: only for what carries no personal data. */
        public Declaration forAnyone() {
            audience = Audience.PUBLIC;
            return this;
        }

        public Declaration body(Body kind) {
            body = kind;
            return this;
        }

        /** The query parameters the endpoint reads; any other is refused with 400. */
        public Declaration query(String... names) {
            query = Set.of(names);
            return this;
        }

        public void to(Endpoint endpoint) {
            routes.add(new ApiRoute(method, path, audience, body, query, endpoint));
        }
    }
}
