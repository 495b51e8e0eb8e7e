/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.onceonly.config.StrictYaml;
import org.onceonly.config.StrictYaml.ConfigException;

/**
 * Reads {@code onceonly.yaml} key by key against {@link HubSettings}: an unknown key, a value of the wrong
 * kind or one that breaks its key's rule is a {@link ConfigException} naming the file, the line and the key.
 * A key given no value ({@code port:}) keeps its default.
 */
final class HubConfigLoader {
    private HubConfigLoader() {}

    static HubConfig load(Path file) {
        JsonNode root = StrictYaml.tree(file);
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        read(file, root, "", values);
        sectionRules(file, root, values);
        try {
            return HubConfig.of(values).validate();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    private static void read(Path file, JsonNode section, String prefix, Map<Setting<?>, Object> values) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = section.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            Optional<Setting<?>> setting = HubSettings.named(name);
            if (setting.isPresent()) {
                if (!value.isNull()) {
                    values.put(setting.get(), readValue(file, field.getKey(), setting.get(), value));
                }
            } else if (HubSettings.section(name) && (value.isObject() || value.isNull())) {
                read(file, value, name, values);
            } else if (HubSettings.section(name)) {
                throw new ConfigException(StrictYaml.where(file, StrictYaml.lineOfKey(file, field.getKey()))
                        + "key '" + name + "' is a section: it holds " + HubSettings.keysUnder(name));
            } else {
                throw new ConfigException(StrictYaml.where(file, StrictYaml.lineOfKey(file, field.getKey()))
                        + "unknown key '" + name + "'; known keys here: " + HubSettings.keysUnder(prefix));
            }
        }
    }

    private static Object readValue(Path file, String key, Setting<?> setting, JsonNode value) {
        try {
            return setting.read(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(StrictYaml.where(file, StrictYaml.lineOfKey(file, key)) + e.getMessage());
        }
    }

    /** What a section's presence means: a kafka section needs its brokers; a publish section turns publishing on. */
    private static void sectionRules(Path file, JsonNode root, Map<Setting<?>, Object> values) {
        JsonNode kafka = root.path("kafka");
        if (!kafka.isMissingNode() && !values.containsKey(HubSettings.KAFKA_BOOTSTRAP_SERVERS)) {
            throw new ConfigException(file + ": kafka.bootstrapServers is required when there is a kafka section");
        }
        if (kafka.has("consume") && (!(values.get(HubSettings.KAFKA_CONSUME_SOURCES) instanceof java.util.List<?> sources) || sources.isEmpty())) {
            throw new ConfigException(file + ": kafka.consume.sources names no source");
        }
        if (kafka.has("publish")) {
            values.putIfAbsent(HubSettings.KAFKA_PUBLISH_ENABLED, true);
        }
        if (root.path("http").has("tls")) {
            for (Setting<?> required : new Setting<?>[] {HubSettings.TLS_KEY_STORE, HubSettings.TLS_KEY_STORE_PASSWORD}) {
                if (!values.containsKey(required)) {
                    throw new ConfigException(file + ": " + required.name() + " is required with http.tls");
                }
            }
        }
    }
}
