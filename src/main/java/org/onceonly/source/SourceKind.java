package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of department database, which decides how its changes are captured. */
public enum SourceKind {
    POSTGRES("postgres");

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
        throw new IllegalArgumentException("unknown kind '" + id + "'; supported: postgres");
    }
}
