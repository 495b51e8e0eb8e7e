/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly: one JSON object and nothing after it, no key twice, no text with a NUL or
 * an unpaired surrogate (the pool's text columns cannot hold them), no value of another type coerced
 * ({@code 17} is not the text {@code "17"}), no unknown field. Each refusal is a 400 naming the field.
 */
public final class StrictJson {
    private static final java.util.regex.Pattern NOT_PRINTABLE = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}._\\[\\]-]");
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper RECORDS = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    static {
        for (LogicalType scalar : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            RECORDS.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, scalar == LogicalType.Integer || scalar == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, scalar == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, scalar == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
    }

    private StrictJson() {}

    /** The body as a JSON object; refused when missing, malformed, not an object, or holding text the pool cannot keep. */
    public static JsonNode object(byte[] body) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw Refusal.badRequest("missing_body", "send a JSON object as the request body");
        }
        JsonNode tree;
        try (JsonParser parser = TREES.getFactory().createParser(body)) {
            tree = TREES.readTree(parser);
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "the body names field '" + printable(duplicateField(e.getOriginalMessage())) + "' twice"
                    : e.getOriginalMessage() != null && e.getOriginalMessage().contains("Trailing token")
                    ? "the body has data after its JSON object"
                    : "the body is not valid JSON";
            throw Refusal.badRequest("malformed_json", what + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw Refusal.badRequest("malformed_json", "the body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw Refusal.badRequest("invalid_field", "the body must be a JSON object");
        }
        checkText(tree, "");
        return tree;
    }

    /** The object as a record of {@code type}: unknown fields and values of the wrong type are refused naming the field. */
    public static <T> T as(JsonNode object, Class<T> type) {
        try {
            return RECORDS.treeToValue(object, type);
        } catch (UnrecognizedPropertyException e) {
            throw Refusal.badRequest("unknown_field", "unknown field '" + printable(e.getPropertyName()) + "'; known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw Refusal.badRequest("invalid_field", field.isEmpty() ? "the body must be a JSON object"
                    : "field '" + printable(field) + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("malformed_json", "the body is not valid JSON");
        }
    }

    /** Refuses text the pool cannot store or that is not text at all: NUL, unpaired surrogates. */
    public static void checkText(String text, String what) {
        String problem = textProblem(text);
        if (problem != null) {
            throw Refusal.badRequest("invalid_field", what + " " + problem);
        }
    }

    /** Walks the tree; the path is spelled out only for a refusal. */
    private static void checkText(JsonNode node, String path) {
        if (node.isTextual()) {
            String problem = textProblem(node.textValue());
            if (problem != null) {
                throw Refusal.badRequest("invalid_field", "field '" + printable(path) + "' " + problem);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (textProblem(field.getKey()) != null) {
                    throw Refusal.badRequest("invalid_field", "a field name " + textProblem(field.getKey()));
                }
                checkText(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), path + "[" + i + "]");
            }
        }
    }

    static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate (not Unicode text)";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate (not Unicode text)";
            }
        }
        return null;
    }

    private static String duplicateField(String message) {
        int start = message.indexOf('\'');
        int end = message.indexOf('\'', start + 1);
        return start >= 0 && end > start ? message.substring(start + 1, end) : "";
    }

    /** Only a harmless excerpt of caller-supplied text goes back into an answer. */
    public static String printable(String text) {
        String cleaned = text == null ? "" : NOT_PRINTABLE.matcher(text).replaceAll("?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
