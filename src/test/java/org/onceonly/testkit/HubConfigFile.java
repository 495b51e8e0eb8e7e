/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.onceonly.hub.HubConfig;
import org.onceonly.hub.HubSettings;
import org.onceonly.hub.Setting;

/**
 * A hub configuration written as the {@code onceonly.yaml} an operator would write (docs/configuration.md),
 * for hubs that run as their own process and for commands run with {@code --config}: the settings given,
 * each as its key writes it. Folders are written absolute, so the file means the same from any working
 * directory; {@link HubConfig#load} reads the file back to the same configuration.
 */
public final class HubConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private HubConfigFile() {}

    /** Writes {@code config} to {@code file} and returns the file. */
    public static Path write(HubConfig config, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(HubConfig config) {
        Map<String, Object> file = new LinkedHashMap<>();
        for (Setting<?> setting : HubSettings.ALL) {
            Object value = written(config, setting);
            if (value != null) {
                put(file, setting.name().split("\\."), value);
            }
        }
        try {
            return YAML.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A setting given explicitly as its key writes it; every folder, given or not, absolute. */
    private static <T> Object written(HubConfig config, Setting<T> setting) {
        T value = config.get(setting);
        if (value instanceof Path path) {
            return path.toAbsolutePath().toString();
        }
        return config.isSet(setting) ? setting.written(value) : null;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> file, String[] key, Object value) {
        Map<String, Object> section = file;
        for (int i = 0; i < key.length - 1; i++) {
            section = (Map<String, Object>) section.computeIfAbsent(key[i], k -> new LinkedHashMap<String, Object>());
        }
        section.put(key[key.length - 1], value);
    }
}
