/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

/**
 * A refusal: {@code code} is machine-readable ({@code purpose_required}, {@code purpose_not_granted},
 * {@code field_not_granted}, ...), the message says which field or purpose and why. Never carries data.
 */
public final class AccessDenied extends RuntimeException {
    private final String code;

    public AccessDenied(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
