/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.HubExtension;

/**
 * docs/openapi.yaml names exactly the routes the hub's router serves, with exactly the query parameters each
 * takes, and every route but the public ones needs a token.
 */
class OpenApiDocumentIT {
    private static final Set<String> PUBLIC = Set.of("GET /health", "GET /openapi.json", "GET /openapi.yaml");

    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess();

    @Test
    void theDocumentNamesExactlyTheEndpointsTheHubServes() {
        assertThat(documented()).isEqualTo(served());
    }

    @Test
    void theHubServesTheDocumentAsJson() {
        ApiClient.Response response = hub.api().as(null, null).get("/openapi.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("openapi").asText()).startsWith("3.");
        assertThat(response.body().path("paths").has("/v1/prefill")).isTrue();
    }

    @Test
    void everyServedEndpointButThePublicOnesRefusesARequestWithoutAToken() {
        ApiClient anonymous = hub.api().as(null, null);
        Map<String, String> consumes = consumes();
        for (String endpoint : served()) {
            if (PUBLIC.contains(endpoint)) {
                continue;
            }
            String[] parts = endpoint.split(" ", 2);
            String path = parts[1].replace("{}", "1");
            int status = switch (parts[0]) {
                case "GET" -> anonymous.get(path).status();
                case "POST" -> anonymous.post(path, "{}", consumes.getOrDefault(endpoint, "application/json")).status();
                case "DELETE" -> anonymous.delete(path);
                default -> throw new AssertionError(endpoint);
            };
            assertThat(status).as(endpoint).isEqualTo(401);
        }
    }

    @Test
    void everyDocumentedOperationSaysWhatItAnswers() {
        JsonNode paths = OpenApiDocument.load().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fields().forEachRemaining(operation ->
                    assertThat(operation.getValue().path("responses").size()).as(operation.getKey() + " " + path.getKey()).isPositive());
        }
    }

    @Test
    void everyRouteTakesExactlyTheQueryParametersTheDocumentNames() {
        JsonNode paths = OpenApiDocument.load().path("paths");
        for (ApiRoute route : hub.hub().apiRoutes().all()) {
            JsonNode operation = paths.path(route.path()).path(route.method().name().toLowerCase());
            Set<String> documented = new TreeSet<>();
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode resolved = parameter.has("$ref") ? resolve(parameter.path("$ref").asText()) : parameter;
                if (resolved.path("in").asText().equals("query")) {
                    documented.add(resolved.path("name").asText());
                }
            }
            assertThat(new TreeSet<>(route.query())).as(route.method() + " " + route.path()).isEqualTo(documented);
        }
    }

    @Test
    void theHubServesTheDocumentAsYamlToo() {
        ApiClient.TextResponse response = hub.api().as(null, null).textResponse("/openapi.yaml");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
        assertThat(response.body()).startsWith("openapi: 3.");
    }

    private static JsonNode resolve(String ref) {
        JsonNode node = OpenApiDocument.load();
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return node;
    }

    private static Set<String> documented() {
        Set<String> endpoints = new TreeSet<>();
        OpenApiDocument.load().path("paths").fields().forEachRemaining(path ->
                path.getValue().fieldNames().forEachRemaining(method -> endpoints.add(method.toUpperCase() + " " + normalise(path.getKey()))));
        return endpoints;
    }

    private static Set<String> served() {
        Set<String> endpoints = new TreeSet<>();
        for (ApiRoute route : hub.hub().apiRoutes().all()) {
            endpoints.add(route.method().name() + " " + normalise(route.path()));
        }
        return endpoints;
    }

    /** The content type each endpoint takes, where it takes a body. */
    private static Map<String, String> consumes() {
        Map<String, String> types = new java.util.HashMap<>();
        for (ApiRoute route : hub.hub().apiRoutes().all()) {
            if (route.body() != Body.NONE) {
                types.put(route.method().name() + " " + normalise(route.path()), route.body().mediaTypes().get(0));
            }
        }
        return types;
    }

    /** Path parameters by position, not name: {@code /v1/subjects/{}}. */
    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }
}
