/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kind of department database, which decides how its changes are captured. */
public enum SourceKind {
    /** PostgreSQL logical replication, through Debezium. */
    POSTGRES("postgres"),
    /** MariaDB's binary log, through Debezium's MariaDB connector. */
    MARIADB("mariadb"),
    /** MySQL's binary log, through Debezium's MySQL connector (which misreads MariaDB: hence two kinds). */
    MYSQL("mysql"),
    /** Any database with a JDBC driver: polled on a watermark column plus key, for those with no usable change log. */
    JDBC_POLL("jdbc-poll");

    private final String id;

    SourceKind(String id) {
        this.id = id;
    }

    /** Kinds that read a MariaDB or MySQL binary log: tables are {@code database.table}. */
    public boolean readsBinlog() {
        return this == MARIADB || this == MYSQL;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static SourceKind of(String id) {
        for (SourceKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + id + "'; supported: "
                + Arrays.stream(values()).map(SourceKind::id).collect(Collectors.joining(", ")));
    }
}
