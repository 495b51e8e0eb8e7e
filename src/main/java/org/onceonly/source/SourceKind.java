package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kind of department database, which decides how its changes are captured. */
public enum SourceKind {
    /** PostgreSQL logical replication, through Debezium. */
    POSTGRES("postgres"),
    /** Any database with a JDBC driver: polled on a watermark column plus key, for those with no usable change log. */
    JDBC_POLL("jdbc-poll");

    private final String id;

    SourceKind(String id) {
        this.id = id;
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
