/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.onceonly.schema.CanonicalSchema;

/**
 * How one answer names records without giving away what the grant withholds. A record's key is its subject
 * field's value: shown only when the grant shows that field in clear, and otherwise replaced by a handle
 * ({@code r1}, {@code r2}, ...) that means something within this answer only. A record's roles (the party
 * fields naming the subject: {@code spouse1CitizenId}) are shown only when the grant shows that field.
 */
public final class RecordKeys {
    private final Grant grant;
    private final Map<String, String> handles = new HashMap<>();

    public RecordKeys(Grant grant) {
        this.grant = grant;
    }

    /** The key itself, or this answer's handle for the record. */
    public String key(CanonicalSchema schema, String key) {
        if (AccessPolicy.decide(grant, schema, schema.subjectField()).verdict() == FieldDecision.Verdict.ALLOW) {
            return key;
        }
        return handles.computeIfAbsent(PartiesShown.reference(schema.entity(), key), reference -> "r" + (handles.size() + 1));
    }

    /** The roles whose party field the grant shows. */
    public List<String> roles(CanonicalSchema schema, List<String> roles) {
        return roles.stream().filter(role -> AccessPolicy.decide(grant, schema, topField(role)).shown()).toList();
    }

    private static String topField(String role) {
        int bracket = role.indexOf('[');
        return bracket < 0 ? role : role.substring(0, bracket);
    }
}
