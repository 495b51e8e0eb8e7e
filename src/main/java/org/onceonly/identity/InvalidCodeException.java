/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

/** A value that is not a code of the table it should come from; the message names the table and standard. */
public class InvalidCodeException extends IllegalArgumentException {
    private final String tableId;

    public InvalidCodeException(String tableId, String message) {
        super(message);
        this.tableId = tableId;
    }

    /** The id of the table that refused the value, e.g. {@code gender}. */
    public String tableId() {
        return tableId;
    }
}
