/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

/** What a change did to its source row, in Debezium's letters. */
public enum Operation {
    CREATE("c"), UPDATE("u"), DELETE("d"), READ("r");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Operation ofCode(String code) {
        for (Operation op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + code + "' (expected c, u, d or r)");
    }
}
