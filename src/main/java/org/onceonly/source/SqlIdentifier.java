/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.regex.Pattern;

/**
 * Names from config files that end up in SQL text (tables and columns cannot be bind parameters). Only
 * plain, unquoted identifiers pass: letters, digits, {@code _} and {@code $}, not starting with a digit.
 * Left unquoted they keep each database's own case rules (Oracle and DM fold to upper case, PostgreSQL
 * and Kingbase to lower case), so the DBA writes them as in their own SQL.
 */
public final class SqlIdentifier {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");

    private SqlIdentifier() {}

    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches();
    }

    /** Returns {@code name} if it is plain; otherwise refuses it, saying what it was for. */
    public static String require(String what, String name) {
        if (!isPlain(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' must be a plain identifier "
                    + "(letters, digits, _ and $, not starting with a digit)");
        }
        return name;
    }

    /** A {@code schema.table} name, each part checked. */
    public static String requireQualified(String what, String name) {
        int dot = name == null ? -1 : name.indexOf('.');
        if (dot < 0 || !isPlain(name.substring(0, dot)) || !isPlain(name.substring(dot + 1))) {
            throw new IllegalArgumentException(what + " '" + name + "' must be schema.table with plain identifiers");
        }
        return name;
    }

    /**
     * {@code name} as a double-quoted identifier (inner quotes doubled), for SQL the hub shows a DBA and
     * never runs itself: quoted, it names exactly the catalog's object whatever its case.
     */
    public static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.table} with each part {@link #quoted}. */
    public static String quoted(String schema, String table) {
        return quoted(schema) + "." + quoted(table);
    }
}
