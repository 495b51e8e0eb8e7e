package org.onceonly.access;

import java.util.Map;
import java.util.Optional;

/**
 * A registered caller of the API (a file under {@code clients/}). Only the SHA-256 of its bearer token is
 * kept, never the token; {@code certificateSha256}, when set, is the fingerprint of the TLS client
 * certificate it must present (mutual TLS) — with a token, or instead of one. Either may be null, not both.
 */
public record Client(String id, String organisation, Role role, String tokenSha256, String certificateSha256,
                     Map<String, Grant> grants) {
    public Client {
        grants = Map.copyOf(grants);
    }

    public Client(String id, String organisation, Role role, String tokenSha256, Map<String, Grant> grants) {
        this(id, organisation, role, tokenSha256, null, grants);
    }

    public Optional<Grant> grant(String purpose) {
        return Optional.ofNullable(purpose == null ? null : grants.get(purpose));
    }

    public boolean administrator() {
        return role == Role.ADMINISTRATOR;
    }
}
