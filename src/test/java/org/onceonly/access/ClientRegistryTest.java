/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.config.StrictYaml.ConfigException;
import org.onceonly.schema.SchemaCatalog;

class ClientRegistryTest {
    private static final SchemaCatalog SCHEMAS = SchemaCatalog.load(Path.of("schemas"));
    private static final String TOKEN = Tokens.newToken();

    @TempDir
    Path clients;

    @Test
    void aClientIsFoundByItsTokenAndTheFileKeepsOnlyTheHash() throws Exception {
        Path file = write("portal", "Person: [ethnicity]", "[access-log]");

        ClientRegistry registry = ClientRegistry.load(clients, SCHEMAS);

        assertThat(registry.authenticate(TOKEN)).map(Client::id).contains("portal");
        assertThat(registry.authenticate(TOKEN + "x")).isEmpty();
        assertThat(registry.authenticate(null)).isEmpty();
        assertThat(Files.readString(file)).doesNotContain(TOKEN);
        assertThat(registry.find("portal").orElseThrow().grant("marriage-registration").orElseThrow().may(Capability.ACCESS_LOG)).isTrue();
    }

    @Test
    void aGrantOfAnUnknownFieldNamesTheFileLineAndKey() throws Exception {
        write("portal", "Person: [shoeSize]", "[]");

        assertThatThrownBy(() -> ClientRegistry.load(clients, SCHEMAS)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("portal.yaml line 8").hasMessageContaining("grants[0].read.Person").hasMessageContaining("shoeSize");
    }

    @Test
    void anUnknownCapabilityIsRefusedWithTheKnownOnes() throws Exception {
        write("portal", "Person: [name]", "[telepathy]");

        assertThatThrownBy(() -> ClientRegistry.load(clients, SCHEMAS)).hasMessageContaining("telepathy").hasMessageContaining("access-log");
    }

    @Test
    void aTokenInPlaceOfItsHashIsRefused() throws Exception {
        Files.writeString(clients.resolve("bad.yaml"), "id: bad\norganisation: X\nrole: platform\ntokenSha256: " + TOKEN + "\n");

        assertThatThrownBy(() -> ClientRegistry.load(clients, SCHEMAS)).hasMessageContaining("tokenSha256")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        Files.writeString(clients.resolve("bad.yaml"), "id: bad\norganisation: X\nrole: platform\ntoken: secret\n");

        assertThatThrownBy(() -> ClientRegistry.load(clients, SCHEMAS)).hasMessageContaining("unknown key 'token'");
    }

    private Path write(String id, String read, String may) throws Exception {
        return Files.writeString(clients.resolve(id + ".yaml"), """
                id: %s
                organisation: Civil Affairs
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: marriage-registration
                    read:
                      %s
                    may: %s
                """.formatted(id, Tokens.sha256Hex(TOKEN), read, may));
    }

    @Test
    void anAdministratorIsBoundToDepartmentsAndAnOperatorToNone() throws Exception {
        String hash = Tokens.sha256Hex(TOKEN);
        Files.writeString(clients.resolve("steward.yaml"), "id: steward\norganisation: X\nrole: administrator\ndepartments: [civil-affairs]\n"
                + "tokenSha256: " + hash + "\n");
        Client steward = ClientRegistry.load(clients, SCHEMAS).find("steward").orElseThrow();
        assertThat(steward.stewards("civil-affairs")).isTrue();
        assertThat(steward.stewards("public-security")).isFalse();

        Files.writeString(clients.resolve("steward.yaml"), "id: steward\norganisation: X\nrole: administrator\ntokenSha256: " + hash + "\n");
        assertThatThrownBy(() -> ClientRegistry.load(clients, SCHEMAS)).hasMessageContaining("departments").hasMessageContaining("operator");

        Files.writeString(clients.resolve("steward.yaml"), "id: steward\norganisation: X\nrole: operator\ntokenSha256: " + hash + "\n");
        assertThat(ClientRegistry.load(clients, SCHEMAS).find("steward").orElseThrow().stewards("public-security")).isTrue();
    }
}
