/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.List;

/**
 * One access to personal data, as the citizen will see it: which client of which organisation, under which
 * purpose, did what ({@code read}, {@code prefill}, {@code material}, ...) to whose data, which fields
 * ({@code Entity.field}) it was shown, and the records they came from ({@code Entity/key}).
 */
public record AccessEvent(String clientId, String organisation, String purpose, String action, String subject,
                          List<String> fields, List<String> records) {
    public AccessEvent {
        fields = List.copyOf(fields);
        records = List.copyOf(records);
    }

    public AccessEvent(String clientId, String organisation, String purpose, String action, String subject, List<String> fields) {
        this(clientId, organisation, purpose, action, subject, fields, List.of());
    }

    public static AccessEvent of(Client client, String purpose, String action, String subject, List<String> fields) {
        return new AccessEvent(client.id(), client.organisation(), purpose, action, subject, fields, List.of());
    }
}
