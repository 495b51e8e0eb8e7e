package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A table the DBA shares, as {@code schema.table}, with an optional column allow-list (only those columns
 * leave the department). Written in YAML either as a plain name or as {@code {name, columns}}.
 */
public record TableSpec(String name, List<String> columns) {
    public TableSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*")) {
            throw new IllegalArgumentException("table '" + name + "' must be written as schema.table");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TableSpec ofName(String name) {
        return new TableSpec(name, List.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static TableSpec of(@JsonProperty(value = "name", required = true) String name,
                               @JsonProperty("columns") List<String> columns) {
        return new TableSpec(name, columns);
    }

    public String schema() {
        return name.substring(0, name.indexOf('.'));
    }

    public String table() {
        return name.substring(name.indexOf('.') + 1);
    }
}
