/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.json} and {@code GET /openapi.yaml}: the API's OpenAPI document. It is written by hand
 * in docs/openapi.yaml (the build copies it to the classpath), and a test checks that it names exactly the
 * routes and query parameters the router serves. Public on purpose: it describes the API, not anybody's data.
 */
public final class OpenApiDocument implements Endpoints {
    private final String yaml;
    private final JsonNode document;

    public OpenApiDocument() {
        this.yaml = text();
        this.document = load();
    }

    private static String text() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the build (docs/openapi.yaml)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("docs/openapi.yaml cannot be read: " + e.getMessage(), e);
        }
    }

    public static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text());
        } catch (IOException e) {
            throw new IllegalStateException("docs/openapi.yaml cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/openapi.json").forAnyone().to(request -> Answer.ok(document));
        routes.get("/openapi.yaml").forAnyone().to(request -> Answer.text(200, "application/yaml; charset=utf-8", yaml));
    }
}
