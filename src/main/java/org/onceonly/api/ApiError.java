package org.onceonly.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/** The one shape of every error response: {@code {"error": code, "message": text}}, never a stack trace. */
public final class ApiError {
    private ApiError() {}

    public static void respond(Exchange exchange, int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", code);
        body.put("message", message);
        Json.respond(exchange, status, body);
    }
}
