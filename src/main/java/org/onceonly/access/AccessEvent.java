package org.onceonly.access;

import java.util.List;

/**
 * One access to personal data, as the citizen will see it: which client of which organisation, under which
 * purpose, did what ({@code read}, {@code prefill}, {@code material}, ...) to whose data, and which fields
 * ({@code Entity.field}) it was shown.
 */
public record AccessEvent(String clientId, String organisation, String purpose, String action, String subject,
                          List<String> fields) {
    public AccessEvent {
        fields = List.copyOf(fields);
    }

    public static AccessEvent of(Client client, String purpose, String action, String subject, List<String> fields) {
        return new AccessEvent(client.id(), client.organisation(), purpose, action, subject, fields);
    }
}
