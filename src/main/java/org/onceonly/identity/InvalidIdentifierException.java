/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

/**
 * An identifier that fails its standard's rules. The message never contains the identifier in clear:
 * callers may log it or return it to an API client as it is.
 */
public class InvalidIdentifierException extends IllegalArgumentException {
    private final String reason;

    public InvalidIdentifierException(String maskedValue, String reason) {
        super(reason + " (" + maskedValue + ")");
        this.reason = reason;
    }

    /** The rule that failed, without the value. */
    public String reason() {
        return reason;
    }
}
