/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.onceonly.demo.CertificateCentreDemo;
import org.onceonly.demo.CivilAffairsDemo;
import org.onceonly.demo.DemoDepartments;
import org.onceonly.demo.HouseholdRegisterDemo;
import org.onceonly.demo.MarketRegulationDemo;
import org.onceonly.demo.SocialSecurityDemo;

/**
 * All the demo's departments on a test server, set up and seeded as {@code onceonly demo} does (under the
 * demo's own database names, so one at a time per server), with the project's {@code connectors/demo}
 * files pointed at the test server and secrets folder. Tests get one through {@link Department}; closing it
 * drops the five databases.
 */
public final class TestDemoDepartments implements DepartmentConnectors, AutoCloseable {
    private static final List<String> DATABASES = List.of(HouseholdRegisterDemo.DATABASE, CivilAffairsDemo.DATABASE,
            SocialSecurityDemo.DATABASE, CertificateCentreDemo.DATABASE, MarketRegulationDemo.DATABASE);
    private static final List<String> CAPTURED = List.of(HouseholdRegisterDemo.SOURCE_ID, CivilAffairsDemo.SOURCE_ID,
            SocialSecurityDemo.SOURCE_ID, CertificateCentreDemo.SOURCE_ID);

    private final TestPostgres server;
    private final Path directory;
    private final DemoDepartments departments;
    private final Path connectors;

    private TestDemoDepartments(TestPostgres server, Path directory, DemoDepartments departments, Path connectors) {
        this.server = server;
        this.directory = directory;
        this.departments = departments;
        this.connectors = connectors;
    }

    /** The demo's departments with {@code residents} residents on {@code server}. */
    public static TestDemoDepartments start(TestPostgres server, int residents) {
        Path directory = TestDirectories.create("onceonly-demo-departments-");
        try {
            Path secrets = Files.createDirectories(directory.resolve("secrets"));
            // The capture role is cluster-wide: the departments keep the password the server's other departments use.
            for (String source : CAPTURED) {
                Files.writeString(secrets.resolve(source + ".password"), server.capturePassword() + "\n");
            }
            DemoDepartments departments = DemoDepartments.prepare(server.server(), residents, secrets);
            return new TestDemoDepartments(server, directory, departments, demoConnectors(directory.resolve("connectors"), server.port(), secrets));
        } catch (IOException | RuntimeException e) {
            DATABASES.forEach(server::drop);
            TestDirectories.delete(directory);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Copies connectors/demo to {@code target}, with the test server's port and secrets folder. */
    private static Path demoConnectors(Path target, int port, Path secrets) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("connectors", "demo"))) {
            Files.createDirectories(target);
            List<Path> sources = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(sources).hasSize(5);
            for (Path file : sources) {
                String adapted = Files.readString(file).replace("port: 54321", "port: " + port)
                        .replace("127.0.0.1:54321/", "127.0.0.1:" + port + "/")
                        .replace("${file:data/secrets/", "${file:" + secrets.toAbsolutePath() + "/");
                assertThat(adapted).as("%s names the demo port and a secret under data/secrets", file)
                        .doesNotContain("54321").doesNotContain("data/secrets");
                Files.writeString(target.resolve(file.getFileName()), adapted);
            }
            return target;
        }
    }

    public DemoDepartments departments() {
        return departments;
    }

    @Override
    public Path connectors() {
        return connectors;
    }

    /** The folder of the departments' secret files. */
    public Path secrets() {
        return directory.resolve("secrets");
    }

    public TestPostgres server() {
        return server;
    }

    /** The superuser's connections to one department's database ({@code hukou}, {@code scjg}, ...). */
    public DataSource dataSource(String database) {
        return server.dataSource(database);
    }

    public String jdbcUrl(String database) {
        return server.jdbcUrl(database);
    }

    /** Drops the departments' databases (and their replication slots) and deletes their files. */
    @Override
    public void close() {
        try {
            DATABASES.forEach(server::drop);
        } finally {
            TestDirectories.delete(directory);
        }
    }
}
