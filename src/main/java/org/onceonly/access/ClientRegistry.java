/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.onceonly.config.StrictYaml;
import org.onceonly.config.StrictYaml.ConfigException;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * The registered clients ({@code clients/*.yaml}, documented in docs/clients.md), checked against the
 * canonical schemas at load: a grant naming an unknown entity, field or capability stops the hub with the
 * file, line and key at fault.
 */
public final class ClientRegistry {
    private static final String ID = "[a-z0-9][a-z0-9-]{0,62}";
    private final Map<String, Client> byId;
    private final Map<String, Client> byTokenHash;
    private final Map<String, Client> byCertificate;

    private ClientRegistry(Map<String, Client> byId) {
        this.byId = Map.copyOf(byId);
        Map<String, Client> hashes = new LinkedHashMap<>();
        Map<String, Client> certificates = new LinkedHashMap<>();
        byId.values().forEach(client -> {
            if (client.tokenSha256() != null) {
                hashes.put(client.tokenSha256(), client);
            }
            if (client.certificateSha256() != null) {
                certificates.put(client.certificateSha256(), client);
            }
        });
        this.byTokenHash = Map.copyOf(hashes);
        this.byCertificate = Map.copyOf(certificates);
    }

    public static ClientRegistry of(List<Client> clients) {
        Map<String, Client> byId = new LinkedHashMap<>();
        clients.forEach(client -> byId.put(client.id(), client));
        return new ClientRegistry(byId);
    }

    /** Every {@code *.yaml} in the folder; an absent folder means no clients (every request is refused). */
    public static ClientRegistry load(Path directory, SchemaCatalog schemas) {
        Map<String, Client> byId = new LinkedHashMap<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (Path file : StrictYaml.files(directory)) {
            Client client = read(file, schemas);
            if (byId.putIfAbsent(client.id(), client) != null) {
                throw new ConfigException(file + ": client id '" + client.id() + "' is registered twice");
            }
            if (client.tokenSha256() != null && !hashes.add(client.tokenSha256())) {
                throw new ConfigException(file + ": tokenSha256 is the same as another client's; every client needs its own token");
            }
        }
        return new ClientRegistry(byId);
    }

    static Client read(Path file, SchemaCatalog schemas) {
        ClientFile raw = StrictYaml.read(file, ClientFile.class);
        require(file, "id", raw.id() != null && raw.id().matches(ID), "lower-case letters, digits and '-', starting with a letter or digit");
        require(file, "organisation", raw.organisation() != null && !raw.organisation().isBlank(), "the organisation that owns the client");
        Role role;
        try {
            role = Role.valueOf(String.valueOf(raw.role()).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(file, "role", "must be platform, administrator or operator");
        }
        Set<String> departments = new LinkedHashSet<>(raw.departments() == null ? List.of() : raw.departments());
        for (String department : departments) {
            require(file, "departments", department != null && department.matches(ID), "department names: lower-case letters, digits and '-'");
        }
        require(file, "departments", role == Role.ADMINISTRATOR ? !departments.isEmpty() : departments.isEmpty(),
                role == Role.ADMINISTRATOR ? "an administrator is bound to one or more departments (role operator for all of them)"
                        : "only an administrator is bound to departments");
        String certificate = raw.certificateSha256() == null ? null
                : raw.certificateSha256().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        require(file, "certificateSha256", certificate == null || certificate.matches("[0-9a-f]{64}"),
                "the SHA-256 fingerprint of the client's TLS certificate (64 hex digits, colons allowed)");
        require(file, "tokenSha256", raw.tokenSha256() == null ? certificate != null : raw.tokenSha256().matches("[0-9a-f]{64}"),
                "the SHA-256 (64 lower-case hex digits) of the client's bearer token, never the token itself;"
                        + " `onceonly client token` makes a token and its hash (or give certificateSha256 for mutual TLS)");
        Map<String, Grant> grants = new LinkedHashMap<>();
        List<GrantFile> grantFiles = raw.grants() == null ? List.of() : raw.grants();
        for (int i = 0; i < grantFiles.size(); i++) {
            Grant grant = grant(file, "grants[" + i + "]", grantFiles.get(i), schemas);
            if (grants.putIfAbsent(grant.purpose(), grant) != null) {
                throw error(file, "grants[" + i + "].purpose", "purpose '" + grant.purpose() + "' is granted twice");
            }
        }
        return new Client(raw.id(), raw.organisation(), role, raw.tokenSha256(), certificate, grants, departments);
    }

    private static Grant grant(Path file, String at, GrantFile raw, SchemaCatalog schemas) {
        require(file, at + ".purpose", raw.purpose() != null && raw.purpose().matches(ID), "a purpose name: lower-case letters, digits and '-'");
        Map<String, Set<String>> read = new LinkedHashMap<>();
        if (raw.read() != null) {
            raw.read().forEach((entity, fields) -> {
                CanonicalSchema schema = schemas.find(entity)
                        .orElseThrow(() -> error(file, at + ".read." + entity, "no canonical entity named '" + entity + "'; known: " + schemas.all().stream().map(CanonicalSchema::entity).toList()));
                Set<String> names = new LinkedHashSet<>(fields == null ? List.of() : fields);
                for (String field : names) {
                    if (!field.equals(Grant.EVERY_FIELD) && !schema.fieldNames().contains(field)) {
                        throw error(file, at + ".read." + entity, "entity " + entity + " has no field '" + field + "'");
                    }
                }
                read.put(entity, names);
            });
        }
        Set<String> unmasked = new LinkedHashSet<>(raw.unmasked() == null ? List.of() : raw.unmasked());
        for (String path : unmasked) {
            String[] parts = path.split("\\.", 2);
            boolean known = parts.length == 2 && schemas.find(parts[0])
                    .map(s -> parts[1].equals(Grant.EVERY_FIELD) || s.fieldNames().contains(parts[1])).orElse(false);
            if (!known) {
                throw error(file, at + ".unmasked", "'" + path + "' is not Entity.field of a canonical schema");
            }
        }
        Set<Capability> may = new LinkedHashSet<>();
        for (String word : raw.may() == null ? List.<String>of() : raw.may()) {
            may.add(Capability.of(word).orElseThrow(() -> error(file, at + ".may", "unknown capability '" + word
                    + "'; known: " + Stream.of(Capability.values()).map(Capability::word).toList())));
        }
        return new Grant(raw.purpose(), raw.description(), read, unmasked, may);
    }

    private static void require(Path file, String key, boolean ok, String what) {
        if (!ok) {
            throw error(file, key, what);
        }
    }

    private static ConfigException error(Path file, String key, String what) {
        String leaf = key.replaceAll(".*\\.", "").replaceAll("\\[\\d+]", "");
        return new ConfigException(StrictYaml.where(file, StrictYaml.lineOfKey(file, leaf)) + "key '" + key + "': " + what);
    }

    /** The client holding this bearer token, compared by hash in constant time. */
    public Optional<Client> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isEmpty() || bearerToken.length() > 512) {
            return Optional.empty();
        }
        String hash = Tokens.sha256Hex(bearerToken);
        Client candidate = byTokenHash.get(hash);
        if (candidate != null && MessageDigest.isEqual(candidate.tokenSha256().getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The client whose TLS certificate has this SHA-256 fingerprint. */
    public Optional<Client> byCertificate(String certificateSha256) {
        return Optional.ofNullable(certificateSha256 == null ? null : byCertificate.get(certificateSha256));
    }

    public Optional<Client> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Client> clients() {
        return new ArrayList<>(byId.values());
    }

    private record ClientFile(@JsonProperty("id") String id, @JsonProperty("organisation") String organisation,
                              @JsonProperty("role") String role, @JsonProperty("tokenSha256") String tokenSha256,
                              @JsonProperty("certificateSha256") String certificateSha256,
                              @JsonProperty("grants") List<GrantFile> grants,
                              @JsonProperty("departments") List<String> departments) {}

    private record GrantFile(@JsonProperty("purpose") String purpose, @JsonProperty("description") String description,
                             @JsonProperty("read") Map<String, List<String>> read,
                             @JsonProperty("unmasked") List<String> unmasked, @JsonProperty("may") List<String> may) {}
}
