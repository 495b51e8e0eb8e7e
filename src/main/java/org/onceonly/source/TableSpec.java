/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A table the DBA shares, as {@code schema.table}, with an optional column allow-list (only those columns
 * leave the department). Written in YAML either as a plain name or as {@code {name, columns, ...}}.
 *
 * <p>{@code key}, {@code watermark} and {@code softDelete} are for polled sources ({@code jdbc-poll}):
 * the row key (the primary key or a declared unique key), a column that grows on every insert and
 * update, and optionally a column that marks rows deleted. Log-based kinds take the key from the
 * database and refuse these (see {@link SourceDefinitionLoader}).
 *
 * <p>{@code query}, also for polled sources only, is a {@code SELECT} (over a view, or a join across the
 * department's tables) that the rows are read from instead of the table {@code name}; {@code name} then
 * only names the changes (for routes, offsets and the pool), and the query's select list is the
 * column allow-list.
 */
public record TableSpec(String name, List<String> columns, List<String> key, String watermark, SoftDelete softDelete,
                        String query) {
    public TableSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*")) {
            throw new IllegalArgumentException("table '" + name + "' must be written as schema.table");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        key = key == null ? List.of() : List.copyOf(key);
    }

    public TableSpec(String name, List<String> columns, List<String> key, String watermark, SoftDelete softDelete) {
        this(name, columns, key, watermark, softDelete, null);
    }

    public TableSpec(String name, List<String> columns) {
        this(name, columns, List.of(), null, null);
    }

    /** Rows whose {@code column} holds {@code deletedValue} count as deleted (compared as text). */
    public record SoftDelete(@JsonProperty(value = "column", required = true) String column,
                             @JsonProperty(value = "deletedValue", required = true) String deletedValue) {
        public SoftDelete {
            Objects.requireNonNull(column, "softDelete.column");
            Objects.requireNonNull(deletedValue, "softDelete.deletedValue");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TableSpec ofName(String name) {
        return new TableSpec(name, List.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static TableSpec of(@JsonProperty(value = "name", required = true) String name,
                               @JsonProperty("columns") List<String> columns,
                               @JsonProperty("key") List<String> key,
                               @JsonProperty("watermark") String watermark,
                               @JsonProperty("softDelete") SoftDelete softDelete,
                               @JsonProperty("query") String query) {
        return new TableSpec(name, columns, key, watermark, softDelete, query);
    }

    public String schema() {
        return name.substring(0, name.indexOf('.'));
    }

    public String table() {
        return name.substring(name.indexOf('.') + 1);
    }

    /** True when any polling setting is written: log-based kinds refuse them rather than ignore them. */
    boolean hasPollSettings() {
        return !key.isEmpty() || watermark != null || softDelete != null || query != null;
    }

    /** What the rows are read from in SQL: the table, or the query as a derived table. */
    public String from() {
        return query == null ? SqlIdentifier.requireQualified("table", name) : "(" + query.strip() + ") polled";
    }
}
