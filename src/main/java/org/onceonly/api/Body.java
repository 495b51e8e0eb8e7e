/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import java.util.List;
import java.util.Locale;

/**
 * What request body an endpoint takes. The chain checks the {@code Content-Type} against it after
 * authentication (415 when it does not fit) and reads the body only then.
 */
public enum Body {
    /** No body is read; one sent anyway is ignored. */
    NONE(List.of()),
    /** A JSON object ({@code application/json}), read strictly. */
    JSON(List.of("application/json")),
    /** A JSON object when a body is sent at all. */
    OPTIONAL_JSON(List.of("application/json")),
    /** A YAML document (a connector file). */
    YAML(List.of("application/yaml", "application/x-yaml", "text/yaml")),
    /** {@code multipart/form-data}: form fields and file parts, streamed to the upload directory. */
    MULTIPART(List.of("multipart/form-data")),
    /** A JSON object, or multipart/form-data when a file comes with it. */
    JSON_OR_MULTIPART(List.of("application/json", "multipart/form-data"));

    private final List<String> mediaTypes;

    Body(List<String> mediaTypes) {
        this.mediaTypes = mediaTypes;
    }

    public List<String> mediaTypes() {
        return mediaTypes;
    }

    /** Whether a body of this content type (parameters such as charset ignored) is one this endpoint takes. */
    boolean accepts(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
        return mediaTypes.contains(type);
    }

    boolean required() {
        return this != NONE && this != OPTIONAL_JSON;
    }

    boolean multipart() {
        return this == MULTIPART || this == JSON_OR_MULTIPART;
    }
}
