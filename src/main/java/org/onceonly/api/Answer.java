package org.onceonly.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an endpoint answers: status, content type, the body's bytes and any extra headers. Built by
 * {@link #json} from a record or a JSON tree, or by {@link #bytes} for a file. The chain adds
 * {@code Cache-Control: no-store} to every answer of an authenticated route.
 */
public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public Answer {
        headers = Map.copyOf(headers);
    }

    /** A JSON answer: {@code body} is a record, a Jackson tree or anything else Jackson writes. */
    public static Answer json(int status, Object body) {
        try {
            return new Answer(status, JSON, Json.MAPPER.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Answer ok(Object body) {
        return json(200, body);
    }

    public static Answer text(int status, String contentType, String body) {
        return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Answer bytes(int status, String contentType, byte[] body, Map<String, String> headers) {
        return new Answer(status, contentType, body, headers);
    }

    public Answer withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Answer(status, contentType, body, more);
    }
}
