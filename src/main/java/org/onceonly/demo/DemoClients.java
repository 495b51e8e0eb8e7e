/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.onceonly.access.Tokens;

/**
 * The demo's registered clients: a platform portal (the three demo forms' purposes, a walkthrough purpose
 * that reads everything but masks what is highly sensitive, and the citizen portal's access log) and an
 * operator with a data-stewardship grant (highly sensitive fields masked). Their bearer tokens are made once and kept under {@code <secrets>/}; the client files
 * hold only the tokens' hashes.
 */
public final class DemoClients {
    public static final String PORTAL_TOKEN_FILE = "demo-portal.token";
    public static final String ADMIN_TOKEN_FILE = "demo-admin.token";
    public static final String WALKTHROUGH_PURPOSE = "demo-walkthrough";
    public static final String CITIZEN_PORTAL_PURPOSE = "citizen-portal";
    /** What the demo's operator names to see personal data on admin endpoints (conflicts, corrections, quarantine). */
    public static final String STEWARDSHIP_PURPOSE = "data-stewardship";

    private DemoClients() {}

    /** Writes the client files into {@code clients} (rewritten each run from the kept tokens). */
    public static void prepare(Path secrets, Path clients) {
        String portal = DepartmentDatabase.secret(List.of(secrets.resolve(PORTAL_TOKEN_FILE)), Tokens::newToken);
        String admin = DepartmentDatabase.secret(List.of(secrets.resolve(ADMIN_TOKEN_FILE)), Tokens::newToken);
        try {
            Files.createDirectories(clients);
            Files.writeString(clients.resolve("demo-portal.yaml"), """
                    # The demo's platform client: a one-stop service portal (written by onceonly demo).
                    id: demo-portal
                    organisation: Demo City One-Stop Service Portal (一网通办)
                    role: platform
                    tokenSha256: %s
                    grants:
                      - purpose: %s
                        description: the demo walkthrough - every entity; highly sensitive fields stay masked
                        read: {Person: ["*"], Household: ["*"], Marriage: ["*"], SocialInsurance: ["*"], Organisation: ["*"], Certificate: ["*"]}
                        may: [materials.read, materials.upload, materials.verify, corrections]
                      - purpose: %s
                        description: the citizen's own portal - their access log, materials and corrections
                        read: {Person: ["*"], Certificate: ["*"]}
                        unmasked: [Person.citizenId, Person.registeredAddress]
                        may: [access-log, materials.read, materials.upload, corrections]
                      - purpose: marriage-registration
                        description: 结婚登记 at a civil-affairs registry office
                        read:
                          Person: [ethnicity, registeredAddress]
                          Household: [householdNumber]
                          Marriage: ["*"]
                          SocialInsurance: [status, employerCreditCode]
                          Certificate: ["*"]
                        unmasked: [Person.citizenId, Person.registeredAddress, Person.ethnicity]
                      - purpose: business-registration
                        description: 企业设立登记 at market regulation
                        read: {Person: [registeredAddress], Organisation: ["*"], Certificate: ["*"]}
                        unmasked: [Person.citizenId, Person.registeredAddress]
                      - purpose: social-insurance-transfer
                        description: 养老保险关系转移 at the social-security bureau
                        read: {SocialInsurance: ["*"], Organisation: ["*"]}
                        unmasked: [Person.citizenId, SocialInsurance.residentialAddress, SocialInsurance.citizenId]
                    """.formatted(Tokens.sha256Hex(portal), WALKTHROUGH_PURPOSE, CITIZEN_PORTAL_PURPOSE));
            Files.writeString(clients.resolve("demo-admin.yaml"), """
                    # The demo's operator: /v1/admin/... and /metrics for every department (written by onceonly demo);
                    # personal data there only under its stewardship grant, masked as that grant says, logged per person.
                    id: demo-admin
                    organisation: Demo City Big Data Bureau (operations)
                    role: operator
                    tokenSha256: %s
                    grants:
                      - purpose: %s
                        description: data stewardship - conflicts, corrections and quarantined changes of every department
                        read: {Person: ["*"], Household: ["*"], Marriage: ["*"], SocialInsurance: ["*"], Organisation: ["*"], Certificate: ["*"]}
                    """.formatted(Tokens.sha256Hex(admin), STEWARDSHIP_PURPOSE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's client files to " + clients + ": " + e.getMessage(), e);
        }
    }
}
