/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What an endpoint answers: status, content type, the body's bytes and any extra headers. Built by
 * {@link #json} from a record or a JSON tree, or by {@link #bytes} for a file. The chain adds
 * {@code Cache-Control: no-store} to every answer of an authenticated route.
 *
 * @param sentAfter null, or what must complete before the answer may leave — the access-log entries of the
 *                  data it shows; should it fail, the client gets the failure (503) instead
 */
public record Answer(int status, String contentType, byte[] body, Map<String, String> headers, CompletionStage<Void> sentAfter) {
    public static final String JSON = "application/json; charset=utf-8";

    public Answer {
        headers = Map.copyOf(headers);
    }

    public Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    /** The same answer, held back until {@code logged} completes (the group commit of its access-log entries). */
    public Answer sentAfter(CompletionStage<Void> logged) {
        return new Answer(status, contentType, body, headers, logged);
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
        return new Answer(status, contentType, body, more, sentAfter);
    }
}
