package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /openapi.json}: the API's OpenAPI document. It is written by hand in docs/openapi.yaml (the
 * build copies it to the classpath) and a test checks that it names exactly the endpoints the hub serves.
 */
public final class OpenApiDocument extends ApiRoutes {
    private final JsonNode document;

    public OpenApiDocument(Authentication authentication) {
        super(authentication);
        this.document = load();
    }

    public static JsonNode load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the build (docs/openapi.yaml)");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("docs/openapi.yaml cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    protected void endpoints() {
        rest("/openapi.json").get().produces("application/json").to("direct:openapi");
        // Public on purpose: the document describes the API, not anybody's data.
        from("direct:openapi").routeId("openapi").process(exchange -> Json.respond(exchange, 200, document));
    }
}
