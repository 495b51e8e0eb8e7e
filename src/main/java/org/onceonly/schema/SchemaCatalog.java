/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** The current canonical schemas, loaded from {@code schemas/*.avsc}, by entity name. */
public final class SchemaCatalog {
    private final Map<String, CanonicalSchema> byEntity;

    private SchemaCatalog(Map<String, CanonicalSchema> byEntity) {
        this.byEntity = Collections.unmodifiableMap(byEntity);
    }

    public static SchemaCatalog load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("schemas directory " + directory + " does not exist");
        }
        Map<String, CanonicalSchema> byEntity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                CanonicalSchema schema = parse(file);
                CanonicalSchema previous = byEntity.put(schema.entity(), schema);
                if (previous != null) {
                    throw new IllegalArgumentException("entity " + schema.entity() + " is defined twice, again in " + file);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schemas from " + directory + ": " + e.getMessage(), e);
        }
        return new SchemaCatalog(byEntity);
    }

    public static SchemaCatalog of(CanonicalSchema... schemas) {
        Map<String, CanonicalSchema> byEntity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (CanonicalSchema schema : schemas) {
            byEntity.put(schema.entity(), schema);
        }
        return new SchemaCatalog(byEntity);
    }

    private static CanonicalSchema parse(Path file) {
        try {
            return new CanonicalSchema(new Schema.Parser().parse(file.toFile()));
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entity's schema; the name is matched without regard to case ({@code person} = {@code Person}). */
    public Optional<CanonicalSchema> find(String entity) {
        return Optional.ofNullable(byEntity.get(entity));
    }

    public CanonicalSchema require(String entity) {
        return find(entity).orElseThrow(() -> new IllegalArgumentException(
                "unknown entity '" + entity + "'; known: " + String.join(", ", byEntity.keySet())));
    }

    public Collection<CanonicalSchema> all() {
        return byEntity.values();
    }
}
