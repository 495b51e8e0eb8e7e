package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.camel.Exchange;

/** A request's JSON object body and its text fields; anything else is refused (400) naming the field. */
final class JsonRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRequest() {}

    /** The body as a JSON object; {@code shape} tells the client what to send instead. */
    static JsonNode object(Exchange exchange, String shape) {
        JsonNode json;
        try {
            String text = exchange.getMessage().getBody(String.class);
            json = text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw Refusal.badRequest("invalid_request", "send a JSON object " + shape);
        }
        return json;
    }

    /** A text field, stripped; refused when required and missing, when not text, or when longer than {@code max}. */
    static String text(JsonNode json, String field, int max, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            if (required) {
                throw Refusal.badRequest("invalid_field", "field '" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw Refusal.badRequest("invalid_field", "field '" + field + "' must be text");
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            throw Refusal.badRequest("invalid_field", "field '" + field + "' is longer than " + max + " characters");
        }
        return text;
    }
}
