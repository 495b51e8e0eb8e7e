/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The national code tables the hub validates against, loaded once from
 * {@code org/onceonly/identity/codes/<id>.tsv} on the classpath.
 */
public final class CodeTables {
    public static final String GENDER = "gender";
    public static final String MARITAL_STATUS = "marital-status";
    public static final String ETHNICITY = "ethnicity";
    public static final String HOUSEHOLD_RELATION = "household-relation";
    public static final String DIVISION = "division";

    private static final List<String> IDS = List.of(GENDER, MARITAL_STATUS, ETHNICITY, HOUSEHOLD_RELATION, DIVISION);
    private static final String FOLDER = "org/onceonly/identity/codes/";

    // Not a class-initialisation holder: a malformed file should fail every call with its own message,
    // not once with ExceptionInInitializerError and then with NoClassDefFoundError.
    private static volatile Map<String, CodeTable> tables;

    private CodeTables() {}

    /** The ids of the known tables, in a fixed order. */
    public static List<String> ids() {
        return IDS;
    }

    /** Every table, loading them now if not yet loaded (the hub does this at start to fail early). */
    public static List<CodeTable> all() {
        Map<String, CodeTable> loaded = tables();
        return IDS.stream().map(loaded::get).toList();
    }

    public static Optional<CodeTable> get(String id) {
        return Optional.ofNullable(id == null ? null : tables().get(id));
    }

    /** @throws IllegalArgumentException naming the known ids when there is no such table */
    public static CodeTable require(String id) {
        return get(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown code table '" + id + "'; known tables: " + String.join(", ", IDS)));
    }

    /** GB/T 2261.1-2003 人的性别代码. */
    public static CodeTable gender() {
        return require(GENDER);
    }

    /** GB/T 2261.2-2003 婚姻状况代码. */
    public static CodeTable maritalStatus() {
        return require(MARITAL_STATUS);
    }

    /** GB 3304-1991 中国各民族名称的罗马字母拼写法和代码. */
    public static CodeTable ethnicity() {
        return require(ETHNICITY);
    }

    /** GB/T 4761-2008 家庭关系代码. */
    public static CodeTable householdRelation() {
        return require(HOUSEHOLD_RELATION);
    }

    /** GB/T 2260 行政区划代码 (a subset: see the file's header). */
    public static DivisionTable division() {
        return (DivisionTable) require(DIVISION);
    }

    private static Map<String, CodeTable> tables() {
        Map<String, CodeTable> loaded = tables;
        if (loaded == null) {
            synchronized (CodeTables.class) {
                loaded = tables;
                if (loaded == null) {
                    loaded = loadAll();
                    tables = loaded;
                }
            }
        }
        return loaded;
    }

    private static Map<String, CodeTable> loadAll() {
        Map<String, CodeTable> loaded = new LinkedHashMap<>();
        for (String id : IDS) {
            String file = FOLDER + id + ".tsv";
            CodeTable table = CodeTable.parse(file, id, readLines(file));
            loaded.put(id, id.equals(DIVISION) ? new DivisionTable(table, file) : table);
        }
        return Map.copyOf(loaded);
    }

    private static List<String> readLines(String file) {
        InputStream in = CodeTables.class.getClassLoader().getResourceAsStream(file);
        if (in == null) {
            throw new IllegalStateException(file + " is not on the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()))) {
            return reader.lines().toList();
        } catch (IOException | UncheckedIOException e) { // UncheckedIOException: bytes that are not UTF-8
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
