/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A registered caller of the API (a file under {@code clients/}). Only the SHA-256 of its bearer token is
 * kept, never the token; {@code certificateSha256}, when set, is the fingerprint of the TLS client
 * certificate it must present (mutual TLS) — with a token, or instead of one. Either may be null, not both.
 * {@code departments} binds an administrator to the departments whose corrections, conflicts and quarantine
 * it handles; an operator handles every department's.
 */
public record Client(String id, String organisation, Role role, String tokenSha256, String certificateSha256,
                     Map<String, Grant> grants, Set<String> departments) {
    public Client {
        grants = Map.copyOf(grants);
        departments = Set.copyOf(departments);
    }

    public Client(String id, String organisation, Role role, String tokenSha256, Map<String, Grant> grants) {
        this(id, organisation, role, tokenSha256, null, grants, Set.of());
    }

    public Optional<Grant> grant(String purpose) {
        return Optional.ofNullable(purpose == null ? null : grants.get(purpose));
    }

    /** May call the admin endpoints: an administrator or an operator. */
    public boolean administrator() {
        return role != Role.PLATFORM;
    }

    /** Handles this department's corrections, conflicts and quarantine. */
    public boolean stewards(String department) {
        return role == Role.OPERATOR || role == Role.ADMINISTRATOR && department != null && departments.contains(department);
    }
}
