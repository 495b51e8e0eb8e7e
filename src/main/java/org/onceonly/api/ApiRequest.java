/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.onceonly.access.Client;

/**
 * One request as an endpoint sees it, once the chain has let it through: the authenticated caller, the
 * purpose it names, its path parameters, the query parameters its route declares, and its body — a strict
 * JSON object, YAML text, or multipart form fields and one file. Every accessor refuses (400, naming the
 * parameter or field) what cannot be a value: text with a NUL or unpaired surrogate, a parameter given twice.
 */
public final class ApiRequest {
    private final RoutingContext context;
    private final ApiRoute route;
    private final Client caller;
    private final String purpose;
    private final JsonNode json;

    ApiRequest(RoutingContext context, ApiRoute route, Client caller, String purpose, JsonNode json) {
        this.context = context;
        this.route = route;
        this.caller = caller;
        this.purpose = purpose;
        this.json = json;
    }

    /** The authenticated client; null only on public routes. */
    public Client caller() {
        return caller;
    }

    /** The purpose named by the {@code X-Purpose} header or the body's {@code purpose}; null when neither names one. */
    public String purpose() {
        return purpose;
    }

    /** A path parameter, decoded; each endpoint checks it by its own rule (a key, an id, a reference). */
    public String path(String name) {
        return context.pathParam(name);
    }

    /** A query parameter the route declares, or empty when absent; refused when given twice. */
    public Optional<String> query(String name) {
        if (!route.query().contains(name)) {
            throw new IllegalStateException("query parameter " + name + " is not declared for " + route.method() + " " + route.path());
        }
        List<String> values = context.queryParam(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw Refusal.badRequest("invalid_parameter", "query parameter '" + name + "' is given more than once");
        }
        StrictJson.checkText(values.get(0), "query parameter '" + name + "'");
        return Optional.of(values.get(0));
    }

    /** A query parameter that names something, or empty when absent; refused (400) when it cannot be such a name. */
    public Optional<String> name(String parameter, Names rule) {
        Optional<String> value = query(parameter);
        if (value.isPresent() && !rule.pattern().matcher(value.get()).matches()) {
            throw Refusal.badRequest("invalid_parameter", parameter + " must be " + rule.description());
        }
        return value;
    }

    /** A path parameter that is a whole number (an id); refused (400) otherwise. */
    public long id(String name) {
        try {
            return Long.parseLong(path(name));
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_parameter", name + " must be a whole number");
        }
    }

    /** A whole-number query parameter within bounds, or its default; refuses (400) anything else. */
    public int wholeNumber(String name, int defaultValue, int min, int max) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.badRequest("invalid_parameter", name + " must be a whole number from " + min + " to " + max);
    }

    /** The JSON body as a record of {@code type} (strict: unknown fields and wrong types are refused). */
    public <T> T body(Class<T> type) {
        return StrictJson.as(jsonBody().orElseThrow(() -> Refusal.badRequest("missing_body", "send a JSON object as the request body")), type);
    }

    /** The JSON object sent, when a JSON body was sent. */
    public Optional<JsonNode> jsonBody() {
        return Optional.ofNullable(json);
    }

    /** The body as UTF-8 text (a YAML document); empty when none was sent. */
    public String text() {
        if (context.body() == null || context.body().buffer() == null) {
            return "";
        }
        String text = context.body().buffer().toString(StandardCharsets.UTF_8);
        StrictJson.checkText(text, "the body");
        return text;
    }

    /** Whether the body is multipart/form-data. */
    public boolean multipart() {
        String type = context.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** A multipart form field; refused when missing or given twice. */
    public String field(String name) {
        String value = optionalField(name);
        if (value == null) {
            throw Refusal.badRequest("missing_part", "part '" + name + "' is missing");
        }
        return value;
    }

    /** An optional multipart form field; null when absent or blank. */
    public String optionalField(String name) {
        MultiMap form = context.request().formAttributes();
        List<String> values = form.getAll(name);
        if (values.size() > 1) {
            throw Refusal.badRequest("invalid_part", "part '" + name + "' is given more than once");
        }
        if (values.isEmpty() || values.get(0).isBlank()) {
            return null;
        }
        StrictJson.checkText(values.get(0), "part '" + name + "'");
        return values.get(0);
    }

    /** The one file part {@code part}: refused when missing, not the only file, empty or over {@code maxBytes}. */
    public UploadedFile file(String part, long maxBytes) {
        List<FileUpload> uploads = context.fileUploads();
        return UploadedFile.read(uploads, part, maxBytes);
    }
}
