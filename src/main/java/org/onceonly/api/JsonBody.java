package org.onceonly.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * Reads a JSON request body strictly into a record: malformed JSON, an unknown field or a value of the
 * wrong type is a 400 naming the field — never a 500.
 */
public final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private JsonBody() {}

    /** The body as {@code type}, or empty after responding 400. */
    public static <T> Optional<T> read(Exchange exchange, Class<T> type) {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            ApiError.respond(exchange, 400, "missing_body", "send a JSON object as the request body");
            return Optional.empty();
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                ApiError.respond(exchange, 400, "invalid_body", "the body must be a JSON object");
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (UnrecognizedPropertyException e) {
            ApiError.respond(exchange, 400, "unknown_field", "unknown field '" + printable(e.getPropertyName()) + "'; known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            ApiError.respond(exchange, 400, "invalid_field", field.isEmpty()
                    ? "the body must be a JSON object"
                    : "field '" + printable(field) + "' has the wrong type");
        } catch (JsonProcessingException e) {
            ApiError.respond(exchange, 400, "malformed_json", "the body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return Optional.empty();
    }

    private static String printable(String text) {
        String cleaned = text == null ? "" : text.replaceAll("[^\\p{L}\\p{N}._\\[\\]-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
