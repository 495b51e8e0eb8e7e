/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

/** The decision on one field for one request: shown in clear, shown masked, or withheld with the reason. */
public record FieldDecision(String entity, String field, Verdict verdict, String reason) {
    public enum Verdict { ALLOW, MASK, DENY }

    public boolean shown() {
        return verdict != Verdict.DENY;
    }

    public String path() {
        return entity + "." + field;
    }
}
