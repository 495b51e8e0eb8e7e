/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

/**
 * A request the hub refuses with a client error: status, machine-readable code and a message naming the
 * field or part at fault. Thrown from anywhere inside an endpoint so that validation reads top to bottom;
 * the chain's failure handler answers it as {@code {"error": code, "message": ...}}. Never carries personal
 * data in clear, and no stack trace (client errors are not logged as failures).
 */
public final class Refusal extends RuntimeException {
    private final int status;
    private final String code;

    public Refusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static Refusal badRequest(String code, String message) {
        return new Refusal(400, code, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(404, "not_found", message);
    }

    Answer answer() {
        return new ApiError(code, getMessage()).answer(status);
    }
}
