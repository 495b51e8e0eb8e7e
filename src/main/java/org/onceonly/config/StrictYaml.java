/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads hand-written YAML config files strictly: an unknown key, a missing required key or a value of the
 * wrong type is a {@link ConfigException} that names the file, the line and the key.
 */
public final class StrictYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StrictYaml() {}

    public static <T> T read(Path file, Class<T> type) {
        T value;
        try {
            value = YAML.readValue(file.toFile(), type);
        } catch (UnrecognizedPropertyException e) {
            // Record deserialisation reports unknown keys at the end of their object; find the key's own line.
            int line = lineOfKey(file, e.getPropertyName());
            String where = line > 0 ? where(file, line) : where(file, e.getLocation());
            throw new ConfigException(where + "unknown key '" + path(e) + "'; known keys here: "
                    + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.toSet())));
        } catch (JsonMappingException e) {
            throw new ConfigException(where(file, e.getLocation()) + "key '" + path(e) + "': " + cause(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(file, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        if (value == null) {
            throw new ConfigException(file + ": the file is empty");
        }
        return value;
    }

    /**
     * The file as a tree of keys, for readers that check each key themselves ({@code onceonly.yaml}); an
     * empty file or one whose top is not a mapping is refused.
     */
    public static JsonNode tree(Path file) {
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(file, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(file + ": the file is empty");
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": the file must be a mapping of keys to values");
        }
        return tree;
    }

    /** A part of a tree read as {@code type}, strictly; errors name {@code key} and the nested key at fault. */
    public static <T> T convert(JsonNode node, Class<T> type, String key) {
        try {
            return YAML.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(key + ": unknown key '" + e.getPropertyName() + "'; known keys here: "
                    + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.toSet())));
        } catch (JsonProcessingException e) {
            String inner = e instanceof JsonMappingException mapping ? path(mapping) : "";
            throw new IllegalArgumentException(key + (inner.isEmpty() ? "" : "." + inner) + ": "
                    + (e instanceof JsonMappingException mapping ? cause(mapping) : e.getOriginalMessage()));
        }
    }

    /** The folder's {@code *.yaml} (and {@code *.yml}) files in name order; none when there is no such folder. */
    public static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(directory + ": cannot list the folder: " + e.getMessage());
        }
    }

    /** The 1-based line where {@code key} is first written as a key, or -1. */
    public static int lineOfKey(Path file, String key) {
        return lineMatching(file, Pattern.compile("^\\s*(?:-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:"));
    }

    /** The 1-based line of the first match of {@code pattern}, or -1 (also when the file cannot be read). */
    public static int lineMatching(Path file, Pattern pattern) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // no line then: the caller names the file only
        }
        return -1;
    }

    /** {@code "file line N: "}, or {@code "file: "} when the line is unknown. */
    public static String where(Path file, int line) {
        return line > 0 ? file + " line " + line + ": " : file + ": ";
    }

    private static String where(Path file, JsonLocation location) {
        return location == null ? file + ": " : file + " line " + location.getLineNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String cause(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root == e ? e.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.split("\n")[0];
    }

    /** A config file that cannot be used; the message names the file, line and key. */
    public static final class ConfigException extends IllegalArgumentException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
