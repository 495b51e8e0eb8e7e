package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.onceonly.source.StrictYaml.ConfigException;

/**
 * Reads {@code connectors/*.yaml}. Unknown keys, missing required keys and literal secrets are errors
 * that name the file, line and key, because a DBA fixes them by hand.
 */
public final class SourceDefinitionLoader {
    private SourceDefinitionLoader() {}

    /**
     * Every {@code *.yaml} directly in the directory, by id; a duplicate id is an error. Subfolders are not
     * read, so {@code connectors/demo/} stays out of a production hub's sources.
     */
    public static Map<String, SourceDefinition> loadAll(Path directory) {
        Map<String, SourceDefinition> byId = new LinkedHashMap<>();
        if (!Files.isDirectory(directory)) {
            return byId;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.list(directory)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            SourceDefinition definition = load(file);
            if (byId.put(definition.id(), definition) != null) {
                throw new ConfigException(file + ": source id '" + definition.id() + "' is registered twice");
            }
        }
        return byId;
    }

    public static SourceDefinition load(Path file) {
        File raw = StrictYaml.read(file, File.class);
        try {
            return raw.toDefinition();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** Required keys are checked after parsing, so that a misspelt key is reported as unknown, not as missing. */
    private static void requireKeys(Object... namesAndValues) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                missing.add((String) namesAndValues[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing required key(s): " + String.join(", ", missing));
        }
    }

    /** The file's shape, field for field; required keys fail with their name. */
    private record File(
            @JsonProperty(value = "id") String id,
            @JsonProperty(value = "department") String department,
            @JsonProperty(value = "owner") String owner,
            @JsonProperty(value = "kind") SourceKind kind,
            @JsonProperty(value = "host") String host,
            @JsonProperty(value = "port") Integer port,
            @JsonProperty(value = "database") String database,
            @JsonProperty(value = "user") String user,
            @JsonProperty(value = "password") String password,
            @JsonProperty(value = "tables") List<TableSpec> tables,
            @JsonProperty("snapshot") String snapshot,
            @JsonProperty("options") Map<String, String> options) {

        SourceDefinition toDefinition() {
            requireKeys("id", id, "department", department, "owner", owner, "kind", kind, "host", host, "port", port,
                    "database", database, "user", user, "password", password, "tables", tables);
            if (!id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
                throw new IllegalArgumentException("id '" + id + "' must be lower-case letters, digits and dashes");
            }
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("tables must name at least one schema.table");
            }
            if (snapshot != null && !List.of("initial", "never", "when-needed").contains(snapshot)) {
                throw new IllegalArgumentException("snapshot must be initial, never or when-needed, not '" + snapshot + "'");
            }
            return new SourceDefinition(id, department, owner, kind, host, port, database, user,
                    SecretReference.parse("password", password), new ArrayList<>(tables), snapshot, options);
        }
    }
}
