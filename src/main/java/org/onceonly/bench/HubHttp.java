/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Every HTTP call the benchmark makes to the hub goes through here, so that authorisation — the bench
 * client's bearer token and its purpose — is added in one place.
 */
final class HubHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String host;
    private final int port;
    private final String bearerToken;
    private final String purpose;

    /** {@code bearerToken} and {@code purpose} null for none (a test server without authorisation). */
    HubHttp(String host, int port, String bearerToken, String purpose) {
        this.base = "http://" + host + ":" + port;
        this.host = host;
        this.port = port;
        this.bearerToken = bearerToken;
        this.purpose = purpose;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The headers every call carries: the bench client's token and purpose. */
    java.util.Map<String, String> headers() {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (bearerToken != null) {
            headers.put("Authorization", "Bearer " + bearerToken);
        }
        if (purpose != null) {
            headers.put("X-Purpose", purpose);
        }
        return headers;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        return purpose == null ? builder : builder.header("X-Purpose", purpose);
    }

    HttpRequest get(String path) {
        return request(path).GET().build();
    }

    HttpRequest postJson(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Sends and returns the status and body text; a transport failure is status -1. */
    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Reply(-1, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }
    }
}
