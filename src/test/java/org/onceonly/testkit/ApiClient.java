/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * A plain HTTP client for the hub's API in tests. By default it calls admin paths as the test
 * operator under purpose {@link TestHubs#STEWARDSHIP} and everything else as the test platform client under
 * purpose {@link TestHubs#PURPOSE};
 * {@link #as} gives one with another token and purpose (null for none).
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient http = HTTP;
    private final String base;
    private final String token;
    private final String purpose;
    private final boolean fixed;

    public ApiClient(int port) {
        this("http://127.0.0.1:" + port, null, null, false);
    }

    private ApiClient(String base, String token, String purpose, boolean fixed) {
        this.base = base;
        this.token = token;
        this.purpose = purpose;
        this.fixed = fixed;
    }

    /** The same hub, as the client holding {@code token} (null: no token) naming {@code purpose} (null: none). */
    public ApiClient as(String token, String purpose) {
        return new ApiClient(base, token, purpose, true);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        boolean admin = path.startsWith("/v1/admin") || path.startsWith("/metrics");
        String useToken = fixed ? token : admin ? TestHubs.ADMIN_TOKEN : TestHubs.PLATFORM_TOKEN;
        String usePurpose = fixed ? purpose : admin ? TestHubs.STEWARDSHIP : TestHubs.PURPOSE;
        if (useToken != null) {
            request.header("Authorization", "Bearer " + useToken);
        }
        if (usePurpose != null) {
            request.header("X-Purpose", usePurpose);
        }
        return request;
    }

    public record Response(int status, JsonNode body, String contentType) {}

    public Response get(String path) {
        return send(request(path).GET(), path);
    }

    public Response post(String path, String json) {
        return post(path, json, "application/json");
    }

    public Response post(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), path);
    }

    /** A part of a multipart/form-data request: a form field, or a file when {@code fileName} is set. */
    public record Part(String name, String fileName, String contentType, byte[] content) {
        public static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String fileName, String contentType, byte[] content) {
            return new Part(name, fileName, contentType, content);
        }
    }

    /** POST as multipart/form-data. */
    public Response multipart(String path, Part... parts) {
        String boundary = "onceonly-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(part.fileName()).append('"');
            }
            head.append("\r\n");
            if (part.contentType() != null) {
                head.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            head.append("\r\n");
            body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), path);
    }

    /** A response read as bytes, for endpoints that answer with a file. */
    public record Binary(int status, String contentType, byte[] body, HttpHeaders headers) {}

    public Binary bytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(request(path).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Binary(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DELETE; returns the status code. */
    public int delete(String path) {
        return send(request(path).DELETE(), path).status();
    }

    /** Whether the hub's API answers at all (it is up). */
    public boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The raw text of a non-JSON endpoint such as /metrics. */
    public String text(String path) {
        return textResponse(path).body();
    }

    /** The status and raw text of a GET. */
    public record TextResponse(int status, String body, String contentType) {}

    public TextResponse textResponse(String path) {
        try {
            HttpResponse<String> response = http.send(request(path).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new TextResponse(response.statusCode(), response.body(), response.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Any request, as it comes back: status, raw body and content type (nothing parsed, nothing assumed). */
    public TextResponse exchange(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = request(path).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TextResponse(response.statusCode(), response.body(), response.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()),
                    response.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
