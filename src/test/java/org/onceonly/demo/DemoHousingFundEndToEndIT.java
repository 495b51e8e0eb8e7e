/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import org.onceonly.hub.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.cli.DemoCommand;
import org.onceonly.demo.HousingFundDemo;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestHubs;
import org.onceonly.testkit.TestMariaDb;

/**
 * The demo's housing provident fund centre on a MariaDB server of its own, set up and seeded as
 * {@code onceonly demo} does, registered with the project's connector file and captured through the
 * project's route: every deposit account reaches the pool as a Person contribution. Skipped without
 * MariaDB's binaries (failed under {@code ONCEONLY_REQUIRE_SERVERS=true}), like every MariaDB test.
 */
class DemoHousingFundEndToEndIT {
    private static final int RESIDENTS = 150;

    @TempDir
    static Path directory;
    static EmbeddedMariaDbServer server;
    static HousingFundDemo fund;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;

    @BeforeAll
    static void start() {
        if (!TestMariaDb.installed()) {
            return; // each test then skips (or fails under ONCEONLY_REQUIRE_SERVERS), naming the package
        }
        server = EmbeddedMariaDbServer.start(directory.resolve("mariadb"), TestHubs.freePort());
        fund = HousingFundDemo.prepare(server, RESIDENTS, directory.resolve("secrets"));
        hub.start(config -> config.with(HubSettings.CONNECTORS, demoConnector(directory.resolve("connectors"))));
        api = hub.api();
        Patience.await().until(() -> contributions() >= fund.depositCount());
    }

    @BeforeEach
    void requireMariaDb() {
        TestMariaDb.requireInstalled();
    }

    @AfterAll
    static void stop() {
        hub.stop(); // before its department goes
        if (server != null) {
            server.close();
        }
    }

    /** The project's connectors/demo-mariadb file, pointed at the test's server port and secrets folder. */
    private static Path demoConnector(Path target) {
        try {
            Files.createDirectories(target);
            Path file = DemoCommand.MARIADB_CONNECTORS.resolve(HousingFundDemo.SOURCE_ID + ".yaml");
            String adapted = Files.readString(file).replace("port: " + DemoCommand.MARIADB_PORT, "port: " + server.port())
                    .replace("${file:data/secrets/", "${file:" + directory.resolve("secrets").toAbsolutePath() + "/");
            assertThat(adapted).as("%s names the demo port and a secret under data/secrets", file)
                    .doesNotContain(String.valueOf(DemoCommand.MARIADB_PORT)).doesNotContain("data/secrets");
            Files.writeString(target.resolve(file.getFileName()), adapted);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyDepositAccountIsAPersonContributionAndNoneWasRefused() throws SQLException {
        assertThat(fund.depositCount()).as("adults employed in the pension scheme hold accounts").isBetween(10L, (long) RESIDENTS);
        assertThat(contributions()).isEqualTo(fund.depositCount());
        assertPool(hub.pool()).quarantinedNothing();

        String depositor = rootQuery("SELECT sfzh FROM gjj.jcxx ORDER BY id LIMIT 1");
        JsonNode name = api.get("/v1/subjects/" + depositor + "/person").body().get("fields").get("name");
        assertThat(name.get("source").asText()).isEqualTo(HousingFundDemo.SOURCE_ID);
        assertThat(name.get("department").asText()).isEqualTo("housing-fund");
        assertThat(name.get("value").asText()).isEqualTo(rootQuery("SELECT xm FROM gjj.jcxx ORDER BY id LIMIT 1"));
    }

    @Test
    void theTableKeepsItsDecimalAndDateColumnsAndTheCaptureAccountHasExactlyTheDocumentedGrants() throws SQLException {
        assertThat(rootQuery("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'gjj' AND COLUMN_NAME = 'jcjs'"))
                .isEqualTo("decimal");
        assertThat(rootQuery("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'gjj' AND COLUMN_NAME = 'khrq'"))
                .isEqualTo("date");
        assertThat(rootQuery("SELECT count(DISTINCT sfzh) = count(*) FROM gjj.jcxx")).isEqualTo("1");

        List<String> grants = new ArrayList<>();
        try (Connection connection = server.rootConnection(); Statement show = connection.createStatement();
             ResultSet rows = show.executeQuery("SHOW GRANTS FOR 'onceonly_cdc'@'127.0.0.1'")) {
            while (rows.next()) {
                grants.add(rows.getString(1).replaceAll(" IDENTIFIED BY PASSWORD '[^']*'", ""));
            }
        }
        // REPLICATION CLIENT is BINLOG MONITOR since MariaDB 10.5.
        assertThat(grants).containsExactlyInAnyOrder(
                "GRANT RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `onceonly_cdc`@`127.0.0.1`",
                "GRANT SELECT ON `gjj`.`jcxx` TO `onceonly_cdc`@`127.0.0.1`");
    }

    @Test
    void aSecondPrepareReusesTheDataDirectoryWithoutInitialisingOrSeedingAgain() throws Exception {
        Path home = directory.resolve("again");
        Path secrets = directory.resolve("again-secrets");
        long deposits;
        String password;
        try (EmbeddedMariaDbServer first = EmbeddedMariaDbServer.start(home, TestHubs.freePort())) {
            assertThat(first.initialised()).isTrue();
            HousingFundDemo seeded = HousingFundDemo.prepare(first, 60, secrets);
            deposits = seeded.depositCount();
            password = Files.readString(secrets.resolve(HousingFundDemo.SOURCE_ID + ".password")).strip();
            // A row the generator never makes: a second seeding (or a fresh data directory) would lose it.
            first.executeAsRoot("UPDATE gjj.jcxx SET lxdz = ? WHERE id = 1", "测试地址");
        }

        try (EmbeddedMariaDbServer second = EmbeddedMariaDbServer.start(home, TestHubs.freePort())) {
            assertThat(second.initialised()).isFalse();
            HousingFundDemo again = HousingFundDemo.prepare(second, 60, secrets);

            assertThat(again.depositCount()).isEqualTo(deposits);
            assertThat(Files.readString(secrets.resolve(HousingFundDemo.SOURCE_ID + ".password")).strip()).isEqualTo(password);
            try (Connection connection = DriverManager.getConnection(second.jdbcUrl("gjj"), "onceonly_cdc", password);
                 PreparedStatement select = connection.prepareStatement("SELECT lxdz FROM gjj.jcxx WHERE id = ?")) {
                select.setLong(1, 1);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo("测试地址");
                }
            }
        }
    }

    private static long contributions() {
        return hub.pool().reader().liveRows(HousingFundDemo.SOURCE_ID).stream().filter(row -> row.entity().equals("Person")).count();
    }

    private static String rootQuery(String sql) throws SQLException {
        try (Connection connection = server.rootConnection(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
