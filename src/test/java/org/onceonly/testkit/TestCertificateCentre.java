/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.onceonly.demo.CertificateCentreDemo;
import org.onceonly.demo.DepartmentDatabase;
import org.onceonly.demo.SyntheticPopulation;

/**
 * The demo's certificate centre ({@code dzzz.zzxx}) beside a test's household register, set up as the demo's
 * DBA sets it up, registered with the project's own connector file (pointed at the test's server) in the
 * register's connectors folder, and holding only the certificates a test issues. Its database is dropped
 * with the register.
 */
public final class TestCertificateCentre {
    private final TestPostgres server;
    private final CertificateCentreDemo centre;
    private long nextId = 1;

    private TestCertificateCentre(TestPostgres server, CertificateCentreDemo centre) {
        this.server = server;
        this.centre = centre;
    }

    /** Creates the database beside the register's; the capture role is cluster-wide, so it keeps the register's secret. */
    public static TestCertificateCentre beside(TestDepartment register) {
        Path ownSecret = register.captureSecret().resolveSibling(CertificateCentreDemo.SOURCE_ID + ".password");
        register.keepBeside(CertificateCentreDemo.DATABASE);
        CertificateCentreDemo centre = CertificateCentreDemo.setUp(register.server().server(),
                DepartmentDatabase.secret(List.of(register.captureSecret(), ownSecret)));
        try {
            String connector = Files.readString(Path.of("connectors", "demo", CertificateCentreDemo.SOURCE_ID + ".yaml"))
                    .replace("port: 54321", "port: " + register.port())
                    .replace("${file:data/secrets/" + CertificateCentreDemo.SOURCE_ID + ".password}", "${file:" + ownSecret.toAbsolutePath() + "}");
            if (connector.contains("54321") || connector.contains("data/secrets")) {
                throw new IllegalStateException("the demo's certificate-centre connector file changed shape; adapt this helper");
            }
            Files.writeString(register.connectors().resolve(CertificateCentreDemo.SOURCE_ID + ".yaml"), connector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCertificateCentre(register.server(), centre);
    }

    /** Issues a certificate to a person: {@code zt} is the department's status word (有效, 吊销, ...). */
    public void issueToPerson(String number, String type, String holderId, String holderName, String issuerCode,
                              LocalDate validUntil, String status, String documentDigest) {
        centre.issue(List.of(new SyntheticPopulation.Certificate(nextId++, number, type, "自然人", holderName, holderId,
                issuerCode, "测试发证机关", LocalDate.of(2020, 5, 20), validUntil, status, documentDigest, LocalDateTime.now())));
    }

    /** Sets a certificate's status word, as the department does when it revokes one. */
    public void setStatus(String number, String status) {
        try (Connection connection = server.dataSource(CertificateCentreDemo.DATABASE).getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE dzzz.zzxx SET zt = ?, gxsj = now() WHERE zzbh = ?")) {
            update.setString(1, status);
            update.setString(2, number);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
