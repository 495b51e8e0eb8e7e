package org.onceonly.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for the hub's API in tests. By default it calls admin paths as the test
 * administrator and everything else as the test platform client under purpose {@link TestHubs#PURPOSE};
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
        String usePurpose = fixed ? purpose : admin ? null : TestHubs.PURPOSE;
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
        try {
            return http.send(request(path).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
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
