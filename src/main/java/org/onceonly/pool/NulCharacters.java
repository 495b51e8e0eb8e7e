/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * PostgreSQL stores no U+0000 (NUL) in text or jsonb, while MariaDB and MySQL keep it in text. A change
 * carrying one is quarantined (its record cannot be stored); what quarantine keeps of it — the raw change,
 * the key, the reasons — has each U+0000 replaced by U+FFFD, and says so, so that holding it cannot fail.
 */
final class NulCharacters {
    static final char NUL = '\u0000';
    static final char REPLACEMENT = '\ufffd';
    /** How Jackson writes U+0000 inside a JSON string. */
    private static final String ESCAPED = "\\u0000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NulCharacters() {}

    static boolean in(String text) {
        return text != null && text.indexOf(NUL) >= 0;
    }

    /** Whether a JSON document may hold U+0000 in a string (a cheap test; {@link #replaceInJson} is exact). */
    static boolean inJson(String json) {
        return json != null && json.contains(ESCAPED);
    }

    static String replace(String text) {
        return text == null ? null : text.replace(NUL, REPLACEMENT);
    }

    /** The JSON document with U+0000 replaced in every string and field name. */
    static String replaceInJson(String json) {
        try {
            return clean(JSON.readTree(json)).toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode clean(JsonNode node) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(replace(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(clean(item)));
            return array;
        }
        if (node.isObject()) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(replace(field.getKey()), clean(field.getValue()));
            }
            return object;
        }
        return node;
    }
}
