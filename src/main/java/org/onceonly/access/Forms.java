/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.onceonly.config.StrictYaml;
import org.onceonly.config.StrictYaml.ConfigException;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/** The prefill forms ({@code forms/*.yaml}), checked against the canonical schemas when loaded. */
public final class Forms {
    private final Map<String, Form> byId;

    private Forms(Map<String, Form> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static Forms load(Path directory, SchemaCatalog schemas) {
        Map<String, Form> byId = new LinkedHashMap<>();
        for (Path file : StrictYaml.files(directory)) {
            Form form = read(file, schemas);
            if (byId.putIfAbsent(form.id(), form) != null) {
                throw new ConfigException(file + ": form id '" + form.id() + "' is defined twice");
            }
        }
        return new Forms(byId);
    }

    static Form read(Path file, SchemaCatalog schemas) {
        FormFile raw = StrictYaml.read(file, FormFile.class);
        require(file, "id", raw.id() != null && raw.id().matches("[a-z0-9][a-z0-9-]{0,62}"), "lower-case letters, digits and '-'");
        require(file, "purpose", raw.purpose() != null && !raw.purpose().isBlank(), "the purpose under which the form is filled");
        CanonicalSchema subject = schemas.find(String.valueOf(raw.subject()))
                .orElseThrow(() -> error(file, "subject", "the entity whose key identifies the applicant (Person, Organisation, ...)"));
        List<Form.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<FieldFile> fieldFiles = raw.fields() == null ? List.of() : raw.fields();
        require(file, "fields", !fieldFiles.isEmpty(), "a form asks for at least one field");
        for (int i = 0; i < fieldFiles.size(); i++) {
            FieldFile f = fieldFiles.get(i);
            String at = "fields[" + i + "]";
            require(file, at + ".name", f.name() != null && f.name().matches("[A-Za-z][A-Za-z0-9_]*") && names.add(f.name()),
                    "a unique field name (letters, digits, '_')");
            FieldPath path = null;
            if (f.path() != null) {
                try {
                    path = FieldPath.parse(f.path(), schemas);
                } catch (IllegalArgumentException e) {
                    throw error(file, at + ".path", e.getMessage(), "path", f.path());
                }
            }
            fields.add(new Form.Field(f.name(), f.label() == null ? f.name() : f.label(), path, Boolean.TRUE.equals(f.required())));
        }
        List<Form.Material> materials = new ArrayList<>();
        List<MaterialFile> materialFiles = raw.materials() == null ? List.of() : raw.materials();
        for (int i = 0; i < materialFiles.size(); i++) {
            MaterialFile m = materialFiles.get(i);
            String at = "materials[" + i + "]";
            require(file, at + ".name", m.name() != null && m.name().matches("[A-Za-z][A-Za-z0-9_]*") && names.add(m.name()),
                    "a unique material name (letters, digits, '_')");
            require(file, at, m.certificateType() == null || m.record() == null, "give certificateType or record, not both");
            CanonicalSchema record = null;
            if (m.record() != null) {
                record = schemas.find(m.record()).orElseThrow(() -> error(file, at + ".record", "no canonical entity named '" + m.record() + "'"));
            }
            materials.add(new Form.Material(m.name(), m.label() == null ? m.name() : m.label(), m.certificateType(), record,
                    !Boolean.FALSE.equals(m.required())));
        }
        return new Form(raw.id(), raw.title() == null ? raw.id() : raw.title(), raw.purpose(), subject, fields, materials);
    }

    private static void require(Path file, String key, boolean ok, String what) {
        if (!ok) {
            throw error(file, key, what);
        }
    }

    private static ConfigException error(Path file, String key, String what) {
        String leaf = key.replaceAll(".*\\.", "").replaceAll("\\[\\d+]", "");
        return new ConfigException(StrictYaml.where(file, StrictYaml.lineOfKey(file, leaf)) + "key '" + key + "': " + what);
    }

    /** An error on the line where the key has this value (a form has many {@code path:} keys). */
    private static ConfigException error(Path file, String key, String what, String leaf, String value) {
        int line = value == null ? -1 : StrictYaml.lineMatching(file, java.util.regex.Pattern.compile(
                "(?:^|[\\s{,])" + leaf + "\\s*:\\s*[\"']?" + java.util.regex.Pattern.quote(value.strip())));
        return new ConfigException(StrictYaml.where(file, line) + "key '" + key + "': " + what);
    }

    public Optional<Form> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public Collection<Form> all() {
        return byId.values();
    }

    private record FormFile(@JsonProperty("id") String id, @JsonProperty("title") String title,
                            @JsonProperty("purpose") String purpose, @JsonProperty("subject") String subject,
                            @JsonProperty("fields") List<FieldFile> fields, @JsonProperty("materials") List<MaterialFile> materials) {}

    private record FieldFile(@JsonProperty("name") String name, @JsonProperty("label") String label,
                             @JsonProperty("path") String path, @JsonProperty("required") Boolean required) {}

    private record MaterialFile(@JsonProperty("name") String name, @JsonProperty("label") String label,
                                @JsonProperty("certificateType") String certificateType, @JsonProperty("record") String record,
                                @JsonProperty("required") Boolean required) {}
}
