/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.avro.Schema;
import org.onceonly.identity.Masking;
import org.onceonly.schema.CanonicalSchema;

/**
 * The masked form of a field value. An identifier (a field with an {@code identifier} rule, or the record's
 * own key) keeps its first three and last two characters, enough to tell two apart; anything else — a
 * name, an address, an enum such as {@code MARRIAGE}, a list — becomes {@code ******}, because a few kept
 * characters of a short text or an enum give the whole value away.
 */
public final class MaskedValue {
    public static final String STARS = "******";

    private MaskedValue() {}

    public static JsonNode of(CanonicalSchema schema, String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return value;
        }
        return TextNode.valueOf(value.isTextual() && identifier(schema, field) ? Masking.mask(value.asText()) : STARS);
    }

    /** Whether the field holds an identifier, whose masked form keeps a few characters. */
    static boolean identifier(CanonicalSchema schema, String field) {
        Schema.Field avro = schema.avro().getField(field);
        return field.equals(schema.subjectField()) || avro != null && avro.getObjectProp("identifier") != null;
    }
}
