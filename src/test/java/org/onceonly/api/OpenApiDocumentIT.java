package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.api.OpenApiDocument;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.HubExtension;

/** docs/openapi.yaml names exactly the endpoints the hub serves, and every one but the public two needs a token. */
class OpenApiDocumentIT {
    private static final Set<String> PUBLIC = Set.of("GET /health", "GET /openapi.json");

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

    private static Set<String> documented() {
        Set<String> endpoints = new TreeSet<>();
        OpenApiDocument.load().path("paths").fields().forEachRemaining(path ->
                path.getValue().fieldNames().forEachRemaining(method -> endpoints.add(method.toUpperCase() + " " + normalise(path.getKey()))));
        return endpoints;
    }

    private static Set<String> served() {
        Set<String> endpoints = new TreeSet<>();
        for (RestDefinition rest : ((ModelCamelContext) hub.hub().routes().camel()).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                endpoints.add(verb.asVerb().toUpperCase() + " " + normalise(path));
            }
        }
        return endpoints;
    }

    /** The content type each endpoint takes, where it names one. */
    private static Map<String, String> consumes() {
        Map<String, String> types = new java.util.HashMap<>();
        for (RestDefinition rest : ((ModelCamelContext) hub.hub().routes().camel()).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String type = verb.getConsumes() != null ? verb.getConsumes() : rest.getConsumes();
                if (type != null) {
                    String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                    types.put(verb.asVerb().toUpperCase() + " " + normalise(path), type.split(",")[0].strip());
                }
            }
        }
        return types;
    }

    /** Path parameters by position, not name: {@code /v1/subjects/{}}. */
    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }
}
