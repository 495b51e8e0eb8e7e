package org.onceonly.access;

import java.util.Map;
import java.util.Optional;

/**
 * A registered caller of the API (a file under {@code clients/}). Only the SHA-256 of its bearer token is
 * kept, never the token.
 */
public record Client(String id, String organisation, Role role, String tokenSha256, Map<String, Grant> grants) {
    public Client {
        grants = Map.copyOf(grants);
    }

    public Optional<Grant> grant(String purpose) {
        return Optional.ofNullable(purpose == null ? null : grants.get(purpose));
    }

    public boolean administrator() {
        return role == Role.ADMINISTRATOR;
    }
}
