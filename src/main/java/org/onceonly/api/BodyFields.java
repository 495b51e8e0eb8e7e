/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

/** Text fields of a request body (read by {@link JsonBody}): present when required and not too long; refusals name the field. */
public final class BodyFields {
    private BodyFields() {}

    /** The stripped text; refused when missing or blank. */
    public static String required(String value, String field, int max) {
        String text = optional(value, field, max);
        if (text == null) {
            throw Refusal.badRequest("missing_field", "field '" + field + "' is missing");
        }
        return text;
    }

    /** The stripped text, or null when missing or blank; refused when longer than {@code max}. */
    public static String optional(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw Refusal.badRequest("invalid_field", "field '" + field + "' is longer than " + max + " characters");
        }
        return text;
    }
}
