/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.onceonly.source.SecretReference;

/**
 * One key of {@code onceonly.yaml} and everything the hub knows of it: its dotted name, its default, how a
 * file's value is read and written back, the rule a value must keep, and what it does (the text
 * {@code docs/configuration.md} documents and {@code onceonly config keys} prints). A value that breaks the
 * rule is refused with the key's name, whether it came from a file or from {@link HubConfig#with}.
 *
 * @param <T> the value's type in the hub; sizes are bytes although files give megabytes
 */
public record Setting<T>(String name, T defaultValue, Function<JsonNode, T> reader, Function<T, Object> writer,
                         Predicate<T> rule, String ruleText, String description) {
    private static final long MIB = 1024L * 1024;

    /** {@code value} if it keeps this setting's rule; otherwise an error naming the key. */
    public T check(T value) {
        if (value != null && !rule.test(value)) {
            throw new IllegalArgumentException(name + " " + ruleText + ", not " + value);
        }
        return value;
    }

    /** The file's value, checked. */
    public T read(JsonNode node) {
        return check(reader.apply(node));
    }

    /** The value as a file writes it. */
    public Object written(T value) {
        return writer.apply(value);
    }

    /** The default as the documentation shows it ({@code -} for none). */
    public String shownDefault() {
        return defaultValue == null ? "-" : String.valueOf(written(defaultValue));
    }

    static Setting<String> text(String name, String defaultValue, String description) {
        return new Setting<>(name, defaultValue, node -> scalar(name, node).asText(), v -> v, v -> !v.isBlank(),
                "must not be empty", description);
    }

    static Setting<String> oneOf(String name, String defaultValue, List<String> allowed, String description) {
        return new Setting<>(name, defaultValue, node -> scalar(name, node).asText(), v -> v, allowed::contains,
                "must be one of " + String.join(", ", allowed), description);
    }

    static Setting<Integer> integer(String name, Integer defaultValue, int min, int max, String description) {
        return new Setting<>(name, defaultValue, node -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole(name, node))), v -> v,
                v -> v >= min && v <= max, range(min, max), description);
    }

    static Setting<Boolean> flag(String name, Boolean defaultValue, String description) {
        return new Setting<>(name, defaultValue, node -> {
            if (!node.isBoolean()) {
                throw new IllegalArgumentException(name + " must be true or false");
            }
            return node.booleanValue();
        }, v -> v, v -> true, "", description);
    }

    static Setting<Path> folder(String name, String defaultValue, String description) {
        return new Setting<>(name, defaultValue == null ? null : Path.of(defaultValue), node -> Path.of(scalar(name, node).asText()),
                Path::toString, v -> !v.toString().isBlank(), "must not be empty", description);
    }

    /** A secret's reference ({@code ${env:...}} or {@code ${file:...}}); a literal secret is refused. */
    static Setting<SecretReference> secret(String name, String description) {
        return new Setting<>(name, null, node -> SecretReference.parse(name, scalar(name, node).asText()), SecretReference::toString,
                v -> true, "", description);
    }

    /** A size in bytes, given in a file in megabytes (a fraction such as 0.5 allowed). */
    static Setting<Long> megabytes(String name, long defaultMb, long minBytes, long maxBytes, String description) {
        return new Setting<>(name, defaultMb * MIB, node -> {
            if (!scalar(name, node).isNumber()) {
                throw new IllegalArgumentException(name + " must be a number of megabytes");
            }
            return Math.round(node.doubleValue() * MIB);
        }, bytes -> bytes % MIB == 0 ? (Object) (bytes / MIB) : (Object) ((double) bytes / MIB),
                v -> v >= minBytes && v <= maxBytes, maxBytes == Long.MAX_VALUE ? "must be " + size(minBytes) + " or more"
                        : "must be from " + size(minBytes) + " to " + size(maxBytes),
                description);
    }

    /** Free-form {@code key: text} pairs (client properties and the like). */
    static Setting<Map<String, String>> textMap(String name, String description) {
        return new Setting<>(name, Map.of(), node -> {
            if (!node.isObject()) {
                throw new IllegalArgumentException(name + " must be a mapping of keys to values");
            }
            Map<String, String> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), scalar(name + "." + field.getKey(), field.getValue()).asText()));
            return Map.copyOf(map);
        }, v -> v, v -> true, "", description);
    }

    static <E> Setting<List<E>> list(String name, Function<JsonNode, E> element, Function<E, Object> writer, String description) {
        return new Setting<>(name, List.of(), node -> {
            if (!node.isArray()) {
                throw new IllegalArgumentException(name + " must be a list");
            }
            return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(element).toList();
        }, v -> v.stream().map(writer).toList(), v -> true, "", description);
    }

    private static JsonNode scalar(String name, JsonNode node) {
        if (!node.isValueNode()) {
            throw new IllegalArgumentException(name + " must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
        }
        return node;
    }

    private static long whole(String name, JsonNode node) {
        if (!scalar(name, node).isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return node.longValue();
    }

    private static String range(long min, long max) {
        return max == Integer.MAX_VALUE ? "must be " + min + " or more" : "must be from " + min + " to " + max;
    }

    private static String size(long bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MB" : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
