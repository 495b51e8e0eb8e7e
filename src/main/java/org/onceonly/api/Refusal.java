package org.onceonly.api;

import org.apache.camel.Processor;

/**
 * A request the hub refuses with a client error: status, machine-readable code and a message naming the
 * field or part at fault. Thrown from deep inside a handler so that validation reads top to bottom;
 * {@link #guarded} turns it into the JSON error response. Never carries personal data in clear.
 */
public final class Refusal extends RuntimeException {
    private final int status;
    private final String code;

    public Refusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    public static Refusal badRequest(String code, String message) {
        return new Refusal(400, code, message);
    }

    /** The handler, with refusals answered as {@code {"error": code, "message": ...}}. */
    public static Processor guarded(Processor handler) {
        return exchange -> {
            try {
                handler.process(exchange);
            } catch (Refusal refusal) {
                ApiError.respond(exchange, refusal.status, refusal.code, refusal.getMessage());
            }
        };
    }
}
